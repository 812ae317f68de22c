/* words.c - the words of the report languages, as the places stage uses them (see
 * words-internal.h and gazetteer/README.md, "lang/<lang>-words.tsv").
 *
 * Phrases are folded like report text (fl_text_split_words) and kept as their folded words
 * joined by single spaces, in one hash table of phrase -> FlWordKind bits, so that a look-up
 * costs one hash of the words around a name. */
#include "words-internal.h"

#include <frontline/places.h>

#include "text-internal.h"
#include "tsv-internal.h"

#include <string.h>

/* The places stage's error domain, defined with its lowest file (places.c calls this one). */
G_DEFINE_QUARK(fl-places-error-quark, fl_places_error)

struct FlWords {
  GHashTable *kinds;  /* folded phrase -> GUINT_TO_POINTER(FlWordKind bits) */
};

static const struct {
  const char *name;
  FlWordKind kind;
} kind_names[] = {
    {"common", FL_WORD_COMMON},   {"nationality", FL_WORD_NATIONALITY},
    {"cue", FL_WORD_CUE},         {"cue-after", FL_WORD_CUE_AFTER},
    {"list", FL_WORD_LIST},
};

FlWords *
fl_words_new(void)
{
  FlWords *words = g_new0(FlWords, 1);
  words->kinds = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  return words;
}

void
fl_words_free(FlWords *words)
{
  if (words == NULL)
    return;
  g_hash_table_unref(words->kinds);
  g_free(words);
}

static gboolean
word_row(const FlTsv *tsv, const gint *col, gpointer user_data, GError **error)
{
  FlWords *words = user_data;
  const char *kind_name = fl_tsv_cell(tsv, col[0]), *phrase = fl_tsv_cell(tsv, col[1]);
  guint kind = 0;
  for (guint k = 0; k < G_N_ELEMENTS(kind_names); k++)
    if (g_str_equal(kind_name, kind_names[k].name))
      kind = kind_names[k].kind;
  if (kind == 0) {
    fl_tsv_error(tsv, error, FL_PLACES_ERROR_SYNTAX,
                 "unknown kind '%s': use common, nationality, cue, cue-after or list", kind_name);
    return FALSE;
  }
  GString *folded = g_string_new(NULL);
  GString *key = g_string_new(NULL);
  GArray *split = fl_text_split_words(phrase, strlen(phrase), 1, folded);
  for (guint i = 0; i < split->len; i++) {
    const Word *w = &g_array_index(split, Word, i);
    if (i > 0)
      g_string_append_c(key, ' ');
    g_string_append_len(key, folded->str + w->folded, (gssize)w->folded_len);
  }
  gboolean ok = split->len > 0 && split->len <= FL_WORDS_MAX_PHRASE;
  if (ok) {
    kind |= fl_words_kind(words, key->str, key->len);
    g_hash_table_replace(words->kinds, g_string_free(key, FALSE), GUINT_TO_POINTER(kind));
  } else {
    fl_tsv_error(tsv, error, FL_PLACES_ERROR_SYNTAX, "phrase '%s' must have 1 to %d words",
                 phrase, FL_WORDS_MAX_PHRASE);
    g_string_free(key, TRUE);
  }
  g_array_unref(split);
  g_string_free(folded, TRUE);
  return ok;
}

gboolean
fl_words_read(FlWords *words, const char *path, const char *contents, gsize len, GError **error)
{
  static const char *const columns[] = {"kind", "phrase", NULL};
  return fl_tsv_load_data(path, contents, len, FL_PLACES_ERROR, FL_PLACES_ERROR_IO,
                          FL_PLACES_ERROR_SYNTAX, columns, word_row, words, error);
}

FlWords *
fl_words_load(const FlTheatre *theatre, GError **error)
{
  FlWords *words = fl_words_new();
  for (char **lang = theatre->languages; theatre->lexicon_dir && lang && *lang; lang++) {
    g_autofree char *file = g_strconcat(*lang, "-words.tsv", NULL);
    g_autofree char *path = g_build_filename(theatre->lexicon_dir, file, NULL);
    if (!g_file_test(path, G_FILE_TEST_EXISTS))
      continue;  /* a language without words: only the rules that need none apply */
    if (!fl_words_read(words, path, NULL, 0, error)) {
      fl_words_free(words);
      return NULL;
    }
  }
  return words;
}

guint
fl_words_kind(const FlWords *words, const char *phrase, gsize len)
{
  char key[128];
  if (g_hash_table_size(words->kinds) == 0 || len >= sizeof key)
    return 0;
  memcpy(key, phrase, len);
  key[len] = '\0';
  return GPOINTER_TO_UINT(g_hash_table_lookup(words->kinds, key));
}
