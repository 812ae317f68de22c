/* text.c - folding and splitting text into words, shared by places and events. */
#include "text-internal.h"

#include <string.h>


/* Folds one character: the lowercase base letter, or 0 for a separator. */
gunichar
fl_text_fold_char(gunichar c)
{
  gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  if (!g_unichar_isalnum(c))
    return 0;
  if (c < 0x80)
    return g_ascii_tolower((gchar)c);
  gsize n = g_unichar_fully_decompose(c, FALSE, decomposed, G_N_ELEMENTS(decomposed));
  gunichar base = n > 0 ? decomposed[0] : c;
  if (base == 0x131)  /* dotless i */
    base = 'i';
  return g_unichar_tolower(base);
}

gboolean
fl_text_is_article(const char *folded, gsize len)
{
  static const char *const articles[] = {"al", "el", "ar", "as", "ad", "at", "an", "az", "ez",
                                         "es", "er", "ed", "ash", "adh", "ath", "ul", NULL};
  for (guint i = 0; articles[i]; i++)
    if (strlen(articles[i]) == len && memcmp(articles[i], folded, len) == 0)
      return TRUE;
  return FALSE;
}

/* Splits text into folded words. folded receives the folded letters of every word, back to
 * back. Line and column count from first_line, column 1. */
GArray *
fl_text_split_words(const char *text, gsize len, guint first_line, GString *folded)
{
  GArray *words = g_array_new(FALSE, FALSE, sizeof(Word));
  const char *p = text, *end = text + len;
  guint line = first_line, column = 1;
  Word word = {0};
  gboolean in_word = FALSE;
  gboolean capital = FALSE;

  while (p < end) {
    gunichar c = g_utf8_get_char_validated(p, end - p);
    const char *next = (c == (gunichar)-1 || c == (gunichar)-2) ? p + 1 : g_utf8_next_char(p);
    gunichar f = (c == (gunichar)-1 || c == (gunichar)-2) ? 0 : fl_text_fold_char(c);
    if (f) {
      if (!in_word) {
        word = (Word){.start = (gsize)(p - text), .line = line, .column = column,
                      .folded = folded->len};
        capital = g_unichar_isupper(c) || g_unichar_istitle(c);
        in_word = TRUE;
      }
      g_string_append_unichar(folded, f);
    } else if (in_word) {
      word.end = (gsize)(p - text);
      word.separator = c;
      word.folded_len = folded->len - word.folded;
      /* an article is "al" anywhere, or another article word hyphenated or capitalised */
      word.capital = capital;
      word.article = fl_text_is_article(folded->str + word.folded, word.folded_len) &&
                     (c == '-' || capital ||
                      (word.folded_len == 2 && memcmp(folded->str + word.folded, "al", 2) == 0));
      g_array_append_val(words, word);
      in_word = FALSE;
    }
    if (c == '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
    p = next;
  }
  if (in_word) {
    word.end = len;
    word.folded_len = folded->len - word.folded;
    word.capital = capital;
    word.article = FALSE;
    g_array_append_val(words, word);
  }
  return words;
}


void
fl_text_skeleton(const char *folded, gsize len, GString *skeleton)
{
  for (gsize i = 0; i < len; i++) {
    char c = folded[i];
    if (strchr("aeiouyw", c) || (guchar)c >= 0x80)
      continue;
    if (c == 'q')
      c = 'k';
    if (skeleton->len > 0 && skeleton->str[skeleton->len - 1] == c)
      continue;
    g_string_append_c(skeleton, c);
  }
}
