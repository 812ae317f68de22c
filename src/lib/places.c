/* places.c - stage 2: finding place names in report text.
 *
 * Names and text are folded the same way: lowercase, diacritics removed (NFD, base letter
 * kept), every character that is not a letter or digit a separator. A name is then the
 * concatenation of its words, so "Deir ez-Zor", "Deir Ez Zor" and "Deirezzor" meet, and an
 * Arabic article word (al, el, ar, ez... joined by a hyphen or capitalised) is also read as
 * "al", so "Deir el-Zor" meets "Deir ez-Zor". Text is matched word by word, longest name first,
 * so "Deir ez-Zor" wins over "Deir", and a name never matches inside a longer word ("Hamas").
 *
 * Where no name matches, a capitalised word group may still be a transliteration variant of a
 * place of the theatre: its consonant skeleton (articles dropped, vowels and y/w dropped, q read
 * as k, doubled letters once: Al-Ksayr, Qousseir and Al-Qusayr are all "ksr") is compared with
 * the skeletons of the theatre's own places. This approximate match needs at least
 * MIN_APPROX_LETTERS letters and MIN_APPROX_SKELETON consonants, and a skeleton that only one
 * place has; it is flagged FL_MATCH_APPROXIMATE.
 *
 * Phrases that contain place words but are not places (people, groups, media: "Hayat Tahrir
 * al-Sham", "Bachar al-Assad") are skipped whole: the theatre's actors and its not-places list. */
#include <frontline/places.h>

#include "places-internal.h"

#include <math.h>
#include <string.h>

G_DEFINE_QUARK(fl-places-error-quark, fl_places_error)

#define MAX_NAME_WORDS 6
#define MIN_KEY_CHARS 3
#define MIN_APPROX_LETTERS 5
#define MIN_APPROX_SKELETON 3

static const char *const match_names[] = {"exact", "alias", "approximate"};

const char *
fl_match_kind_name(FlMatchKind match)
{
  return (guint)match < G_N_ELEMENTS(match_names) ? match_names[match] : "?";
}

/* One way of writing one place. */
typedef struct {
  guint place;
  FlMatchKind match;
} NameEntry;

/* The key of a phrase that is no place (an actor, a person, a group). */
#define NOT_A_PLACE G_MAXUINT

struct FlGazetteer {
  const FlTheatre *theatre;
  GHashTable *keys;      /* folded key -> GArray of NameEntry */
  GHashTable *skeletons; /* consonant skeleton -> place index + 1, or NOT_A_PLACE if shared */
  guint max_words;
  double *score;         /* per place: how likely a bare name means it */
};

/* The key of words[first .. first+count): raw (as folded) or with articles read as "al". */
static void
build_key(GString *key, const GString *folded, const Word *words, guint first, guint count,
          gboolean normalise_articles)
{
  g_string_truncate(key, 0);
  for (guint i = first; i < first + count; i++) {
    if (normalise_articles && words[i].article && i + 1 < first + count)
      g_string_append(key, "al");
    else
      g_string_append_len(key, folded->str + words[i].folded, words[i].folded_len);
  }
}

static void
add_key(FlGazetteer *gazetteer, const char *key, guint place, FlMatchKind match)
{
  if (g_utf8_strlen(key, -1) < MIN_KEY_CHARS)
    return;
  GArray *entries = g_hash_table_lookup(gazetteer->keys, key);
  if (entries == NULL) {
    entries = g_array_new(FALSE, FALSE, sizeof(NameEntry));
    g_hash_table_insert(gazetteer->keys, g_strdup(key), entries);
  }
  for (guint i = 0; i < entries->len; i++) {
    NameEntry *e = &g_array_index(entries, NameEntry, i);
    if (e->place == place) {
      if (match < e->match)
        e->match = match;
      return;
    }
  }
  NameEntry entry = {place, match};
  g_array_append_val(entries, entry);
}

static void
add_name(FlGazetteer *gazetteer, const char *name, guint place, FlMatchKind match)
{
  GString *folded = g_string_new(NULL);
  GString *key = g_string_new(NULL);
  GArray *words = fl_text_split_words(name, strlen(name), 1, folded);
  /* in a name, every article word followed by another word is an article */
  for (guint i = 0; i + 1 < words->len; i++) {
    Word *w = &g_array_index(words, Word, i);
    w->article = fl_text_is_article(folded->str + w->folded, w->folded_len);
  }
  if (words->len > 0 && words->len <= MAX_NAME_WORDS) {
    gazetteer->max_words = MAX(gazetteer->max_words, words->len);
    build_key(key, folded, (Word *)words->data, 0, words->len, FALSE);
    add_key(gazetteer, key->str, place, match);
    build_key(key, folded, (Word *)words->data, 0, words->len, TRUE);
    add_key(gazetteer, key->str, place, match);
  }
  g_array_unref(words);
  g_string_free(key, TRUE);
  g_string_free(folded, TRUE);
}

/* The skeleton of words[first .. first + count), articles dropped; the number of letters of
 * the words kept goes to *letters. */
static void
build_skeleton(GString *skeleton, const GString *folded, const Word *words, guint first,
               guint count, gsize *letters)
{
  g_string_truncate(skeleton, 0);
  *letters = 0;
  for (guint i = first; i < first + count; i++) {
    if (words[i].article && i + 1 < first + count)
      continue;
    fl_text_skeleton(folded->str + words[i].folded, words[i].folded_len, skeleton);
    *letters += words[i].folded_len;
  }
}

/* Records the skeleton of a name of a theatre place, or marks it shared. */
static void
add_skeleton(FlGazetteer *gazetteer, const char *name, guint place)
{
  GString *folded = g_string_new(NULL);
  GString *skeleton = g_string_new(NULL);
  GArray *words = fl_text_split_words(name, strlen(name), 1, folded);
  gsize letters = 0;
  for (guint i = 0; i + 1 < words->len; i++) {
    Word *w = &g_array_index(words, Word, i);
    w->article = fl_text_is_article(folded->str + w->folded, w->folded_len);
  }
  if (words->len > 0 && words->len <= MAX_NAME_WORDS) {
    build_skeleton(skeleton, folded, (Word *)words->data, 0, words->len, &letters);
    if (letters >= MIN_APPROX_LETTERS && skeleton->len >= MIN_APPROX_SKELETON) {
      gpointer previous = g_hash_table_lookup(gazetteer->skeletons, skeleton->str);
      if (previous == NULL)
        g_hash_table_insert(gazetteer->skeletons, g_strdup(skeleton->str),
                            GUINT_TO_POINTER(place + 1));
      else if (GPOINTER_TO_UINT(previous) != place + 1)
        g_hash_table_replace(gazetteer->skeletons, g_strdup(skeleton->str),
                             GUINT_TO_POINTER(NOT_A_PLACE));
    }
  }
  g_array_unref(words);
  g_string_free(skeleton, TRUE);
  g_string_free(folded, TRUE);
}

/* How likely a bare name means this place rather than another of the same name: places of the
 * theatre first, then by rank of kind, then by population. */
static double
place_score(const FlPlace *place)
{
  static const double kind_rank[] = {
      [FL_PLACE_CAPITAL] = 6, [FL_PLACE_GOVERNORATE_SEAT] = 5, [FL_PLACE_DISTRICT_SEAT] = 4,
      [FL_PLACE_SUBDISTRICT_SEAT] = 3, [FL_PLACE_TOWN] = 2, [FL_PLACE_FOREIGN_CAPITAL] = 4,
      [FL_PLACE_FOREIGN_CITY] = 2, [FL_PLACE_COUNTRY] = 7, [FL_PLACE_REGION] = 3,
      [FL_PLACE_RIVER] = 3, [FL_PLACE_SITE] = 1,
  };
  return (place->in_theatre ? 10.0 : 0.0) + kind_rank[place->kind] +
         log10(1.0 + (double)place->population) / 2.0;
}

static void
free_entries(gpointer data)
{
  g_array_unref(data);
}

FlGazetteer *
fl_gazetteer_new(const FlTheatre *theatre, GError **error)
{
  FlGazetteer *gazetteer = g_new0(FlGazetteer, 1);
  gazetteer->theatre = theatre;
  gazetteer->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_entries);
  gazetteer->skeletons = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  gazetteer->score = g_new(double, theatre->places->len);
  for (guint i = 0; i < theatre->places->len; i++) {
    const FlPlace *place = theatre->places->pdata[i];
    const char *names[] = {place->name, place->name_fr, place->name_en, place->name_ar};
    for (guint n = 0; n < G_N_ELEMENTS(names); n++)
      if (names[n] && *names[n]) {
        add_name(gazetteer, names[n], i, FL_MATCH_EXACT);
        if (place->in_theatre)
          add_skeleton(gazetteer, names[n], i);
      }
    gazetteer->score[i] = place_score(place);
  }
  for (guint i = 0; i < theatre->aliases->len; i++) {
    const FlAlias *alias = theatre->aliases->pdata[i];
    add_name(gazetteer, alias->alias, alias->place, FL_MATCH_ALIAS);
    if (((const FlPlace *)theatre->places->pdata[alias->place])->in_theatre)
      add_skeleton(gazetteer, alias->alias, alias->place);
  }
  /* phrases that are no place: curated ones, and the actors' names (stems excepted) */
  for (guint i = 0; i < theatre->not_places->len; i++)
    add_name(gazetteer, theatre->not_places->pdata[i], NOT_A_PLACE, FL_MATCH_EXACT);
  for (guint i = 0; i < theatre->actors->len; i++) {
    const FlActor *actor = theatre->actors->pdata[i];
    if (strchr(actor->name, '*') == NULL)
      add_name(gazetteer, actor->name, NOT_A_PLACE, FL_MATCH_EXACT);
  }
  if (g_hash_table_size(gazetteer->keys) == 0) {
    g_set_error(error, FL_PLACES_ERROR, FL_PLACES_ERROR_EMPTY,
                "%s: the theatre has no place name to look for", theatre->dir);
    fl_gazetteer_free(gazetteer);
    return NULL;
  }
  return gazetteer;
}

void
fl_gazetteer_free(FlGazetteer *gazetteer)
{
  if (gazetteer == NULL)
    return;
  g_hash_table_unref(gazetteer->keys);
  g_hash_table_unref(gazetteer->skeletons);
  g_free(gazetteer->score);
  g_free(gazetteer);
}

/* Picks the most likely place among entries and records the others as alternatives. */
static void
resolve(const FlGazetteer *gazetteer, const GArray *entries, FlMention *mention)
{
  guint best = 0;
  for (guint i = 1; i < entries->len; i++) {
    const NameEntry *e = &g_array_index(entries, NameEntry, i);
    const NameEntry *b = &g_array_index(entries, NameEntry, best);
    if (gazetteer->score[e->place] > gazetteer->score[b->place])
      best = i;
  }
  const NameEntry *chosen = &g_array_index(entries, NameEntry, best);
  mention->place = chosen->place;
  mention->match = chosen->match;
  mention->n_alternatives = 0;
  for (guint i = 0; i < entries->len && mention->n_alternatives < FL_MENTION_MAX_ALTERNATIVES;
       i++)
    if (i != best)
      mention->alternatives[mention->n_alternatives++] =
          g_array_index(entries, NameEntry, i).place;
}

/* Whether entries hold a phrase that is no place. */
static gboolean
is_not_a_place(const GArray *entries)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_array_index(entries, NameEntry, i).place == NOT_A_PLACE)
      return TRUE;
  return FALSE;
}

/* The longest approximate match at words[i]: the number of words, and the place. */
static guint
match_approximate(const FlGazetteer *gazetteer, const GString *folded, const Word *words,
                  guint n_words, guint i, GString *skeleton, guint *place)
{
  guint content = words[i].article && i + 1 < n_words ? i + 1 : i;
  guint longest = 0;
  if (!words[content].capital || words[content].folded_len < 3)
    return 0;
  /* the span: capitalised words (articles between them allowed) of two letters or more */
  while (content - i + longest < gazetteer->max_words && content + longest < n_words) {
    const Word *w = &words[content + longest];
    if (!(w->article || (w->capital && w->folded_len >= 2)))
      break;
    longest++;
  }
  for (guint count = content - i + longest; count > content - i; count--) {
    if (words[i + count - 1].article)
      continue;
    gsize letters;
    build_skeleton(skeleton, folded, words, i, count, &letters);
    if (letters < MIN_APPROX_LETTERS || skeleton->len < MIN_APPROX_SKELETON)
      continue;
    guint found = GPOINTER_TO_UINT(g_hash_table_lookup(gazetteer->skeletons, skeleton->str));
    if (found != 0 && found != NOT_A_PLACE) {
      *place = found - 1;
      return count;
    }
  }
  return 0;
}

GArray *
fl_places_find_in_words(const FlGazetteer *gazetteer, const GString *folded, const GArray *array)
{
  GArray *mentions = g_array_new(FALSE, FALSE, sizeof(FlMention));
  GString *key = g_string_new(NULL);
  const Word *words = (const Word *)array->data;

  for (guint i = 0; i < array->len;) {
    guint matched = 0;
    const GArray *entries = NULL;
    for (guint count = MIN(gazetteer->max_words, array->len - i); count > 0 && !matched;
         count--) {
      for (int normalise = 0; normalise < 2 && !matched; normalise++) {
        build_key(key, folded, words, i, count, normalise);
        entries = g_hash_table_lookup(gazetteer->keys, key->str);
        if (entries)
          matched = count;
      }
    }
    FlMention mention = {0};
    if (matched && is_not_a_place(entries)) {
      i += matched;  /* a person, a group: none of its words is a place */
      continue;
    }
    if (matched) {
      resolve(gazetteer, entries, &mention);
    } else {
      matched = match_approximate(gazetteer, folded, words, array->len, i, key, &mention.place);
      if (!matched) {
        i++;
        continue;
      }
      mention.match = FL_MATCH_APPROXIMATE;
    }
    mention.offset = words[i].start;
    mention.length = words[i + matched - 1].end - words[i].start;
    mention.line = words[i].line;
    mention.column = words[i].column;
    g_array_append_val(mentions, mention);
    i += matched;
  }
  g_string_free(key, TRUE);
  return mentions;
}

GArray *
fl_places_find(const FlGazetteer *gazetteer, const FlReport *report)
{
  GString *folded = g_string_sized_new(report->text_len);
  GArray *words = fl_text_split_words(report->text, report->text_len, report->first_line, folded);
  GArray *mentions = fl_places_find_in_words(gazetteer, folded, words);
  g_array_unref(words);
  g_string_free(folded, TRUE);
  return mentions;
}
