/* lexicon.c - the language rules of stage 3: phrases of event kinds, factuality, time,
 * actors and sentence structure, read from the lexicon TSV files and the theatre's actors, and
 * found in folded report text. */
#include "events-internal.h"
#include "tsv-internal.h"

#include <stdlib.h>
#include <string.h>

/* The stage's error domain: the lexicons are where its errors arise. */
G_DEFINE_QUARK(fl-events-error-quark, fl_events_error)

static const char *const rule_names[] = {
    "capture", "loss",    "siege", "hold",        "entry", "capture-passive", "claim",
    "hedge",   "deny",    "negate", "unverified", "weekday",        "day",
    "part-of-day", "week", "days-ago", "month", "span", "same-day", "day-of-month",
    "year", "civilian",
    "genitive", "reference", "agent", "pronoun", "not-agent", "clause", "future", "region",
    "vicinity", "part", "toward", "list", "abbreviation", "year-article", "whole", "except",
    "month-opener", "actor",
};
G_STATIC_ASSERT(G_N_ELEMENTS(rule_names) == N_RULES);
/* a trigger rule's kind is its event kind */
G_STATIC_ASSERT((int)RULE_CAPTURE == (int)FL_EVENT_CAPTURE &&
                (int)RULE_LOSS == (int)FL_EVENT_LOSS &&
                (int)RULE_SIEGE == (int)FL_EVENT_SIEGE && (int)RULE_HOLD == (int)FL_EVENT_HOLD &&
                (int)RULE_ENTRY == (int)FL_EVENT_ENTRY);


static void
rule_free(gpointer data)
{
  Rule *rule = data;
  g_strfreev(rule->words);
  g_free(rule->lens);
  g_free(rule->stem);
  g_free(rule);
}

static void
language_free(gpointer data)
{
  Language *language = data;
  g_free(language->lang);
  g_hash_table_unref(language->by_head);
  g_hash_table_unref(language->references_by_head);
  g_free(language->index.slots);
  g_free(language->reference_index.slots);
  g_hash_table_unref(language->abbreviations);
  g_hash_table_unref(language->year_articles);
  g_hash_table_unref(language->month_openers);
  g_ptr_array_unref(language->rules);
  rule_free(language->year);
  g_free(language);
}

/* The bucket key of a folded word: its first three bytes and how many there are, as one
 * integer (no string to hash or compare for every word of the text). */
static gpointer
head_key(const char *word, gsize len)
{
  if (len > 0 && g_ascii_isdigit(word[0]))
    return GUINT_TO_POINTER(1u << 24 | '0');  /* any number: the '#' slot, written "0" */
  guint n = (guint)MIN(len, 3), key = n << 24;
  for (guint i = 0; i < n; i++)
    key |= (guint)(guchar)word[i] << (8 * i);
  return GUINT_TO_POINTER(key);
}

/* The slot of key in index (its bucket, or an empty slot). */
static inline const HeadSlot *
head_slot(const HeadIndex *index, guint32 key)
{
  guint32 s = (key * 0x9E3779B1u) >> 7 & index->mask;
  while (index->slots[s].key != 0 && index->slots[s].key != key)
    s = (s + 1) & index->mask;
  return &index->slots[s];
}

/* The bucket of rules whose first word begins as the folded word does, or NULL. */
static inline const GPtrArray *
head_bucket(const HeadIndex *index, const char *word, gsize len)
{
  return head_slot(index, GPOINTER_TO_UINT(head_key(word, len)))->bucket;
}

/* Fills index with the buckets of table, at most half full. */
static void
head_index_build(HeadIndex *index, GHashTable *table)
{
  guint32 size = 16;
  while (size < 2 * g_hash_table_size(table))
    size *= 2;
  index->slots = g_new0(HeadSlot, size);
  index->mask = size - 1;
  GHashTableIter iter;
  gpointer key, bucket;
  g_hash_table_iter_init(&iter, table);
  while (g_hash_table_iter_next(&iter, &key, &bucket)) {
    HeadSlot *slot = (HeadSlot *)head_slot(index, GPOINTER_TO_UINT(key));
    *slot = (HeadSlot){GPOINTER_TO_UINT(key), bucket};
  }
}

/* The first two folded bytes of a word as a 16-bit number: the index of its bit in a
 * Language's heads. */
static guint
head_pair(const char *word, gsize len)
{
  if (len > 0 && g_ascii_isdigit(word[0]))
    return '0';  /* any number: the '#' slot */
  return (len > 0 ? (guchar)word[0] : 0) | (len > 1 ? (guint)(guchar)word[1] << 8 : 0);
}

/* A 32-bit hash of a folded word, never 0 (FNV-1a). */
static inline guint32
word_hash32(const char *word, gsize len)
{
  guint32 h = 2166136261u;
  for (gsize i = 0; i < len; i++)
    h = (h ^ (guchar)word[i]) * 16777619u;
  return h | 1;
}

/* The index of the word written '_' (a whole word) in a phrase, or -1. */
static gint
actor_slot_of(const char *phrase, GString *folded)
{
  for (const char *p = phrase; (p = strchr(p, '_')) != NULL; p++) {
    if ((p > phrase && !g_ascii_isspace(p[-1])) || (p[1] && !g_ascii_isspace(p[1])))
      continue;
    g_string_truncate(folded, 0);
    GArray *before = fl_text_split_words(phrase, (gsize)(p - phrase), 1, folded);
    gint slot = (gint)before->len;
    g_array_unref(before);
    g_string_truncate(folded, 0);
    return slot;
  }
  return -1;
}

/* Compiles a phrase into folded words; NULL when it has none. '#' stands for any number, '_'
 * for an actor of the theatre. */
static Rule *
rule_new(RuleKind kind, gint value, const char *phrase)
{
  GString *folded = g_string_new(NULL);
  gint actor_slot = actor_slot_of(phrase, folded);
  g_autofree char *slotted = g_strdup(phrase);
  g_strdelimit(slotted, "#_", '0');  /* a word "0" is the number or actor slot */
  GArray *words = fl_text_split_words(slotted, strlen(slotted), 1, folded);
  Rule *rule = NULL;
  if (words->len == 0)
    goto out;
  rule = g_new0(Rule, 1);
  rule->kind = kind;
  rule->value = value;
  rule->n_words = words->len;
  rule->words = g_new0(char *, words->len + 1);
  rule->stem = g_new0(gboolean, words->len);
  rule->lens = g_new0(guint, words->len);
  rule->number_slot = -1;
  rule->actor_slot = actor_slot;
  for (guint i = 0; i < words->len; i++) {
    const Word *w = &g_array_index(words, Word, i);
    rule->words[i] = g_strndup(folded->str + w->folded, w->folded_len);
    rule->lens[i] = w->folded_len;
    rule->stem[i] = w->separator == '*';
    if (strchr(phrase, '#') && g_str_equal(rule->words[i], "0"))
      rule->number_slot = (gint)i;
  }
  for (guint i = 0; i < MIN(words->len, 2); i++)
    if (!rule->stem[i] && rule->number_slot != (gint)i && rule->actor_slot != (gint)i)
      *(i ? &rule->hash1 : &rule->hash0) = word_hash32(rule->words[i], rule->lens[i]);
out:
  g_array_unref(words);
  g_string_free(folded, TRUE);
  return rule;
}

static Language *
language_new(const char *lang)
{
  Language *language = g_new0(Language, 1);
  language->lang = g_strdup(lang);
  language->rules = g_ptr_array_new_with_free_func(rule_free);
  language->by_head = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                            (GDestroyNotify)g_ptr_array_unref);
  language->references_by_head = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                                       (GDestroyNotify)g_ptr_array_unref);
  language->abbreviations = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  language->year_articles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  language->month_openers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  language->year = rule_new(RULE_YEAR, 0, "#");
  return language;
}

static void
language_add(Language *language, Rule *rule)
{
  g_ptr_array_add(language->rules, rule);
  language->max_words = MAX(language->max_words, rule->n_words);
  gpointer key = head_key(rule->words[0], rule->lens[0]);
  GHashTable *table =
      rule->kind == RULE_REFERENCE ? language->references_by_head : language->by_head;
  guint8 *heads = rule->kind == RULE_REFERENCE ? language->reference_heads : language->heads;
  guint pair = head_pair(rule->words[0], rule->lens[0]);
  heads[pair >> 3] |= (guint8)(1u << (pair & 7));
  GPtrArray *bucket = g_hash_table_lookup(table, key);
  if (bucket == NULL) {
    bucket = g_ptr_array_new();
    g_hash_table_insert(table, key, bucket);
  }
  g_ptr_array_add(bucket, rule);
}

static gboolean
same_words(const Rule *a, const Rule *b)
{
  if (a->n_words != b->n_words || a->actor_slot != b->actor_slot)
    return FALSE;
  for (guint k = 0; k < a->n_words; k++)
    if (a->stem[k] != b->stem[k] || !g_str_equal(a->words[k], b->words[k]))
      return FALSE;
  return TRUE;
}

/* A row of the language with the same phrase as rule, which would hide it, or NULL. A month
 * counts only beside a day, so it hides nothing ("may": a month, and a future word). */
static const Rule *
hiding_rule(const Language *language, const Rule *rule)
{
  const GPtrArray *bucket =
      g_hash_table_lookup(rule->kind == RULE_REFERENCE ? language->references_by_head
                                                        : language->by_head,
                          head_key(rule->words[0], rule->lens[0]));
  for (guint r = 0; bucket && r < bucket->len; r++) {
    const Rule *other = bucket->pdata[r];
    if (other->kind != RULE_MONTH && rule->kind != RULE_MONTH && same_words(other, rule))
      return other;
  }
  return NULL;
}

static gboolean
parse_rule_kind(const char *name, RuleKind *kind)
{
  for (guint i = 0; i < N_RULES; i++)
    if (g_str_equal(rule_names[i], name) && i != RULE_ACTOR && i != RULE_YEAR) {
      *kind = (RuleKind)i;
      return TRUE;
    }
  return FALSE;
}

/* Whether a phrase's actor slot ('_') stands where it can: in an event phrase, after its first
 * word, in a phrase with no number slot. */
static gboolean
slot_fits(const FlTsv *tsv, RuleKind kind, const Rule *rule, const char *phrase,
          GError **error)
{
  if (is_trigger(kind) && rule->actor_slot > 0 && rule->number_slot < 0 &&
      (guint)rule->actor_slot < rule->n_words)
    return TRUE;
  fl_tsv_error(tsv, error, FL_EVENTS_ERROR_SYNTAX,
               "'_' (an actor) stands only in an event phrase, after its first word and with "
               "no '#': '%s'", phrase);
  return FALSE;
}

static gboolean
lexicon_row(const FlTsv *tsv, const gint *col, gpointer user_data, GError **error)
{
  Language *language = user_data;
  RuleKind kind;
  gint value = 0;
  const char *value_text = fl_tsv_cell(tsv, col[2]);
  if (!parse_rule_kind(fl_tsv_cell(tsv, col[0]), &kind)) {
    fl_tsv_error(tsv, error, FL_EVENTS_ERROR_SYNTAX,
                 "unknown kind '%s' (capture, capture-passive, loss, siege, hold, entry, claim, "
                 "hedge, deny, negate, unverified, weekday, day, part-of-day, week, days-ago, "
                 "month, span, same-day, day-of-month, civilian, genitive, reference, agent, "
                 "pronoun, not-agent, clause, future, region, vicinity, part, toward, list, "
                 "abbreviation, whole)",
                 fl_tsv_cell(tsv, col[0]));
    return FALSE;
  }
  if (*value_text) {
    char *end = NULL;
    value = (gint)strtol(value_text, &end, 10);
    if (*end) {
      fl_tsv_error(tsv, error, FL_EVENTS_ERROR_SYNTAX, "value '%s' is not a whole number",
                   value_text);
      return FALSE;
    }
  }
  if (kind == RULE_WEEKDAY && (value < 1 || value > 7)) {
    fl_tsv_error(tsv, error, FL_EVENTS_ERROR_SYNTAX,
                 "a weekday needs a value from 1 (Monday) to 7 (Sunday), not '%s'", value_text);
    return FALSE;
  }
  if (kind == RULE_MONTH && (value < 1 || value > 12)) {
    fl_tsv_error(tsv, error, FL_EVENTS_ERROR_SYNTAX,
                 "a month needs a value from 1 (January) to 12 (December), not '%s'",
                 value_text);
    return FALSE;
  }
  if (kind == RULE_DAY_OF_MONTH && strchr(fl_tsv_cell(tsv, col[1]), '#') == NULL) {
    fl_tsv_error(tsv, error, FL_EVENTS_ERROR_SYNTAX,
                 "day-of-month needs a '#' for the day in its phrase ('le #')");
    return FALSE;
  }
  if (kind == RULE_DAYS_AGO && (value == 0 || strchr(fl_tsv_cell(tsv, col[1]), '#') == NULL)) {
    fl_tsv_error(tsv, error, FL_EVENTS_ERROR_SYNTAX,
                 "days-ago needs a '#' for the number in its phrase and a value (days per "
                 "unit: -1 for days, -7 for weeks)");
    return FALSE;
  }
  if (kind == RULE_SPAN && value != 0 && value != -1 && value != 1) {
    fl_tsv_error(tsv, error, FL_EVENTS_ERROR_SYNTAX,
                 "a span needs the value 0 (this week, up to the report date), -1 (last "
                 "week, up to the Sunday before) or 1 (since the date that follows, up to the "
                 "report date), not '%s'", value_text);
    return FALSE;
  }
  if ((kind == RULE_REGION && (value < 0 || value > 4)) ||
      ((kind == RULE_VICINITY || kind == RULE_PART) && (value < 0 || value > 2))) {
    fl_tsv_error(tsv, error, FL_EVENTS_ERROR_SYNTAX,
                 "%s needs the value 0 (written before the place), 1 (after it) or 2 (just "
                 "before it: 'northern Aleppo')%s, not '%s'",
                 rule_names[kind],
                 kind == RULE_REGION ? ", or for a plural that holds a list 3 (after it) or 4 "
                                       "(before it)" : "",
                 value_text);
    return FALSE;
  }
  if (kind == RULE_FUTURE && value != 0 && value != 1 && value != 2) {
    fl_tsv_error(tsv, error, FL_EVENTS_ERROR_SYNTAX,
                 "future takes the value 1 (only just before the verb: 'pour prendre'), 2 "
                 "(anywhere in the clause: 'several times') or none, not '%s'", value_text);
    return FALSE;
  }
  if (kind <= RULE_PASSIVE_CAPTURE && (value < 0 || value > 2)) {
    fl_tsv_error(tsv, error, FL_EVENTS_ERROR_SYNTAX,
                 "%s takes the value 1 (a noun: 'the fall of', its agent follows 'by'), 2 (the "
                 "actor follows: 'still in the hands of') or none, not '%s'", rule_names[kind],
                 value_text);
    return FALSE;
  }
  Rule *rule = rule_new(kind, value, fl_tsv_cell(tsv, col[1]));
  if (rule && rule->actor_slot >= 0 &&
      !slot_fits(tsv, kind, rule, fl_tsv_cell(tsv, col[1]), error)) {
    rule_free(rule);
    return FALSE;
  }
  if (rule && (kind == RULE_ABBREVIATION || kind == RULE_YEAR_ARTICLE ||
               kind == RULE_MONTH_OPENER)) {
    if (rule->n_words != 1 || rule->stem[0]) {
      if (kind == RULE_ABBREVIATION)
        fl_tsv_error(tsv, error, FL_EVENTS_ERROR_SYNTAX,
                     "an abbreviation is one word without its full stop, not '%s'",
                     fl_tsv_cell(tsv, col[1]));
      else
        fl_tsv_error(tsv, error, FL_EVENTS_ERROR_SYNTAX, "a %s is one whole word, not '%s'",
                     rule_names[kind], fl_tsv_cell(tsv, col[1]));
      rule_free(rule);
      return FALSE;
    }
    g_hash_table_add(kind == RULE_ABBREVIATION    ? language->abbreviations
                     : kind == RULE_YEAR_ARTICLE ? language->year_articles
                                                 : language->month_openers,
                     g_strdup(rule->words[0]));
    rule_free(rule);
    return TRUE;
  }
  if (rule == NULL) {
    fl_tsv_error(tsv, error, FL_EVENTS_ERROR_SYNTAX, "the phrase '%s' has no word",
                 fl_tsv_cell(tsv, col[1]));
    return FALSE;
  }
  const Rule *hiding = hiding_rule(language, rule);
  if (hiding) {
    fl_tsv_error(tsv, error, FL_EVENTS_ERROR_SYNTAX,
                 "the phrase '%s' is already a %s row, which comes first: this row would never "
                 "count", fl_tsv_cell(tsv, col[1]), rule_names[hiding->kind]);
    rule_free(rule);
    return FALSE;
  }
  language_add(language, rule);
  return TRUE;
}

/* The rules of lang from its lexicon file (or from contents, when set), plus the theatre's
 * actors of that language. */
/* Longest phrase first, and in the order of the files among equals (a stable sort). */
static gint
compare_rule_length(gconstpointer a, gconstpointer b)
{
  const Rule *x = *(const Rule *const *)a, *y = *(const Rule *const *)b;
  return (gint)y->n_words - (gint)x->n_words;
}

static void
sort_bucket(gpointer key, gpointer value, gpointer user_data)
{
  (void)key;
  (void)user_data;
  g_ptr_array_sort(value, compare_rule_length);
}

static Language *
language_load(const FlTheatre *theatre, const char *lang, const char *path,
              const char *contents, gsize len, GError **error)
{
  static const char *const columns[] = {"kind", "phrase", "value", NULL};
  Language *language = language_new(lang);
  if (!fl_tsv_load_data(path, contents, len, FL_EVENTS_ERROR, FL_EVENTS_ERROR_IO,
                        FL_EVENTS_ERROR_SYNTAX, columns, lexicon_row, language, error)) {
    language_free(language);
    return NULL;
  }
  for (guint i = 0; i < theatre->actors->len; i++) {
    const FlActor *actor = theatre->actors->pdata[i];
    if (g_str_equal(actor->lang, lang) || g_str_equal(actor->lang, "*")) {
      Rule *rule = rule_new(RULE_ACTOR, (gint)actor->faction, actor->name);
      if (rule)
        language_add(language, rule);
    }
  }
  g_hash_table_foreach(language->by_head, sort_bucket, NULL);
  g_hash_table_foreach(language->references_by_head, sort_bucket, NULL);
  head_index_build(&language->index, language->by_head);
  head_index_build(&language->reference_index, language->references_by_head);
  return language;
}

FlLexicon *
fl_lexicon_new(void)
{
  FlLexicon *lexicon = g_new0(FlLexicon, 1);
  lexicon->languages = g_ptr_array_new_with_free_func(language_free);
  return lexicon;
}

gboolean
fl_lexicon_read_language(FlLexicon *lexicon, const FlTheatre *theatre, const char *lang,
                         const char *path, const char *contents, gsize len, GError **error)
{
  Language *language = language_load(theatre, lang, path, contents, len, error);
  if (language == NULL)
    return FALSE;
  g_ptr_array_add(lexicon->languages, language);
  return TRUE;
}

FlLexicon *
fl_lexicon_load(const FlTheatre *theatre, GError **error)
{
  FlLexicon *lexicon = fl_lexicon_new();
  for (guint i = 0; theatre->languages[i]; i++) {
    const char *lang = theatre->languages[i];
    g_autofree char *file = g_strdup_printf("%s.tsv", lang);
    g_autofree char *path = g_build_filename(theatre->lexicon_dir, file, NULL);
    if (!g_file_test(path, G_FILE_TEST_EXISTS))
      continue;  /* a language with names but no rules yet (Arabic labels) */
    if (!fl_lexicon_read_language(lexicon, theatre, lang, path, NULL, 0, error)) {
      fl_lexicon_free(lexicon);
      return NULL;
    }
  }
  if (lexicon->languages->len == 0) {
    g_autofree char *languages = g_strjoinv(".tsv, ", theatre->languages);
    g_set_error(error, FL_EVENTS_ERROR, FL_EVENTS_ERROR_IO,
                "%s: no lexicon for any language of the theatre (%s.tsv), the folder that "
                "[files] lexicons of %s" G_DIR_SEPARATOR_S "theatre.ini names",
                theatre->lexicon_dir, languages, theatre->dir);
    fl_lexicon_free(lexicon);
    return NULL;
  }
  return lexicon;
}

void
fl_lexicon_free(FlLexicon *lexicon)
{
  if (lexicon == NULL)
    return;
  g_ptr_array_unref(lexicon->languages);
  g_free(lexicon);
}

const Language *
fl_lexicon_language(const FlLexicon *lexicon, const char *lang)
{
  for (guint i = 0; i < lexicon->languages->len; i++) {
    const Language *language = lexicon->languages->pdata[i];
    if (lang && g_str_equal(language->lang, lang))
      return language;
  }
  return lexicon->languages->pdata[0];
}

/* The value of a word of digits (up to 9), or -1. */
static gint
number_value(const char *folded, const Word *word)
{
  if (word->folded_len == 0 || word->folded_len > 9)
    return -1;
  gint value = 0;
  for (guint i = 0; i < word->folded_len; i++) {
    char c = folded[word->folded + i];
    if (c < '0' || c > '9')
      return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

G_ALWAYS_INLINE static inline gboolean
word_matches(const Rule *rule, guint k, const char *folded, const Word *word)
{
  if ((gint)k == rule->number_slot)
    return number_value(folded, word) >= 0;
  gsize len = rule->lens[k];
  if (rule->stem[k])
    return word->folded_len >= len && memcmp(folded + word->folded, rule->words[k], len) == 0;
  return word->folded_len == len && memcmp(folded + word->folded, rule->words[k], len) == 0;
}

/* The rule of a time word that stands alone ("lundi", "hier", "Thursday"), or NULL. */
static const Rule *
time_word(const Language *language, const char *folded, const Word *word)
{
  guint pair = head_pair(folded + word->folded, word->folded_len);
  if (!(language->heads[pair >> 3] & (1u << (pair & 7))))
    return NULL;
  const GPtrArray *bucket =
      head_bucket(&language->index, folded + word->folded, word->folded_len);
  for (guint r = 0; bucket && r < bucket->len; r++) {
    const Rule *rule = bucket->pdata[r];
    if (rule->n_words == 1 && (rule->kind == RULE_WEEKDAY || rule->kind == RULE_DAY) &&
        word_matches(rule, 0, folded, word))
      return rule;
  }
  return NULL;
}

/* The longest actor of the theatre whose words stand from words[i] on in one sentence, or
 * NULL; sets *end past its last word. */
static const Rule *
actor_at(const Language *language, const char *folded, const Word *words, guint n_words,
         const guint *sentence_of, guint i, guint *end)
{
  guint pair = head_pair(folded + words[i].folded, words[i].folded_len);
  if (!(language->heads[pair >> 3] & (1u << (pair & 7))))
    return NULL;
  const GPtrArray *bucket =
      head_bucket(&language->index, folded + words[i].folded, words[i].folded_len);
  for (guint r = 0; bucket && r < bucket->len; r++) {  /* longest first */
    const Rule *rule = bucket->pdata[r];
    if (rule->kind != RULE_ACTOR)
      continue;
    guint k = 0;
    while (k < rule->n_words && i + k < n_words && sentence_of[i + k] == sentence_of[i] &&
           word_matches(rule, k, folded, &words[i + k]))
      k++;
    if (k == rule->n_words) {
      *end = i + k;
      return rule;
    }
  }
  return NULL;
}

/* How many words may stand in an actor slot before the actor ("under Syrian government
 * control", "rendue aux combattants de l'opposition"), and after it, before the phrase goes on
 * ("drove Turkish-backed factions out of": the actor's head noun). */
#define SLOT_LEAD 4
#define SLOT_TAIL 1

/* Whether rule's words stand from words[i] on in one sentence; an event or toward phrase may
 * hold one time word after its first word ("sont entrés lundi dans", "sont tombés lundi sur"):
 * its index goes in *gap, else 0.
 * A phrase's actor slot takes an actor, up to SLOT_LEAD words after the slot's place, and
 * up to SLOT_TAIL words after it before the phrase's next word: it goes in *slot ({0} when
 * none). Sets *end past the last word. */
static gboolean
phrase_matches(const Language *language, const Rule *rule, const char *folded,
               const Word *words, guint n_words, const guint *sentence_of, guint i, guint *gap,
               Hit *slot, guint *end)
{
  guint j = i;
  *gap = 0;
  slot->rule = NULL;
  for (guint k = 0; k < rule->n_words; k++, j++) {
    if (j >= n_words || sentence_of[j] != sentence_of[i])
      return FALSE;
    if ((gint)k == rule->actor_slot) {
      guint lead = 0, actor_end = 0;
      const Rule *actor = NULL;
      while (lead <= SLOT_LEAD && j + lead < n_words && sentence_of[j + lead] == sentence_of[i] &&
             (actor = actor_at(language, folded, words, n_words, sentence_of, j + lead,
                               &actor_end)) == NULL)
        lead++;
      if (actor == NULL)
        return FALSE;
      *slot = (Hit){actor, j + lead, actor_end, sentence_of[i], -1};
      j = actor_end - 1;
      for (guint tail = 0; tail < SLOT_TAIL && k + 1 < rule->n_words &&
                           actor_end + tail + 1 < n_words &&
                           sentence_of[actor_end + tail + 1] == sentence_of[i] &&
                           !word_matches(rule, k + 1, folded, &words[j + 1]);
           tail++)
        if (word_matches(rule, k + 1, folded, &words[actor_end + tail + 1]))
          j = actor_end + tail;  /* past the words between the actor and the phrase */
      continue;
    }
    if (word_matches(rule, k, folded, &words[j]))
      continue;
    if (k == 0 || *gap || !(is_trigger(rule->kind) || rule->kind == RULE_TOWARD) ||
        j + 1 >= n_words || sentence_of[j + 1] != sentence_of[i] ||
        !word_matches(rule, k, folded, &words[j + 1]) || !time_word(language, folded, &words[j]))
      return FALSE;  /* the cheap test first: the word after the time word */
    *gap = j++;
  }
  *end = j;
  return TRUE;
}

/* The day number written just before a month name ("5 décembre") or just after it
("December 5") in the same sentence, or -1. */
static gint
month_day(const char *folded, const Word *words, guint n_words, const guint *sentence_of,
          guint first, guint n)
{
  gint day;
  if (first > 0 && sentence_of[first - 1] == sentence_of[first] &&
      (day = number_value(folded, &words[first - 1])) >= 1 && day <= 31)
    return day;
  if (first + n < n_words && sentence_of[first + n] == sentence_of[first] &&
      (day = number_value(folded, &words[first + n])) >= 1 && day <= 31)
    return day;
  return -1;
}

/* Whether a day-of-month phrase at words[i] (ending before words[end]) holds a day of a month
 * (1 to 31) that no month name follows: "le 6", not "le 6 décembre" (the month's). */
static gboolean
day_of_month_fits(const Language *language, const char *folded, const Word *words,
                  guint n_words, const guint *sentence_of, guint i, const Rule *rule, guint end)
{
  gint day = number_value(folded, &words[i + (guint)rule->number_slot]);
  if (day < 1 || day > 31)
    return FALSE;
  if (end >= n_words || sentence_of[end] != sentence_of[i])
    return TRUE;
  guint pair = head_pair(folded + words[end].folded, words[end].folded_len);
  if (!(language->heads[pair >> 3] & (1u << (pair & 7))))
    return TRUE;
  const GPtrArray *bucket =
      head_bucket(&language->index, folded + words[end].folded, words[end].folded_len);
  for (guint r = 0; bucket && r < bucket->len; r++) {
    const Rule *month = bucket->pdata[r];
    if (month->kind == RULE_MONTH && month->n_words == 1 && word_matches(month, 0, folded,
                                                                          &words[end]))
      return FALSE;
  }
  return TRUE;
}

/* Whether the folded word is in the set (of folded words). */
static gboolean
word_in(GHashTable *set, const GString *folded, const Word *word)
{
  char key[32];
  if (word->folded_len >= sizeof key || g_hash_table_size(set) == 0)
    return FALSE;
  memcpy(key, folded->str + word->folded, word->folded_len);
  key[word->folded_len] = '\0';
  return g_hash_table_contains(set, key);
}

/* Finds every rule in the words, the longest where several start at the same word. References
 * ("la ville") are found apart from the other rules (references TRUE), since a phrase may be
 * both ("sur ses murs": a siege, and the place it points to). A month counts only next to a
 * day number ("le 5 décembre", "December 5"). */
GArray *
fl_lexicon_find_rules(const Language *language, const GString *folded, const GArray *array,
           const guint *sentence_of, gboolean references)
{
  GArray *hits = g_array_new(FALSE, FALSE, sizeof(Hit));
  const Word *words = (const Word *)array->data;
  const guint8 *heads = references ? language->reference_heads : language->heads;
  for (guint i = 0; i < array->len; i++) {
    guint pair = head_pair(folded->str + words[i].folded, words[i].folded_len);
    const GPtrArray *bucket =
        heads[pair >> 3] & (1u << (pair & 7))  /* no rule starts so: skip the look-up */
            ? head_bucket(references ? &language->reference_index : &language->index,
                          folded->str + words[i].folded, words[i].folded_len)
            : NULL;
    const Rule *best = NULL;
    guint gap = 0, end = i + 1;
    Hit slot = {0};
    guint32 hash0 = bucket ? word_hash32(folded->str + words[i].folded, words[i].folded_len) : 0;
    guint32 hash1 = bucket && i + 1 < array->len
                        ? word_hash32(folded->str + words[i + 1].folded, words[i + 1].folded_len)
                        : 0;
    for (guint r = 0; bucket && r < bucket->len; r++) {
      const Rule *rule = bucket->pdata[r];
      if ((rule->hash0 && rule->hash0 != hash0) ||
          (rule->hash1 && rule->hash1 != hash1 &&
           !(is_trigger(rule->kind) || rule->kind == RULE_TOWARD)))
        continue;  /* the cheap test: a whole first or second word differs */
      gboolean ok = phrase_matches(language, rule, folded->str, words, array->len, sentence_of,
                                   i, &gap, &slot, &end);
      if (ok && rule->kind == RULE_DAY_OF_MONTH)  /* "le 6", not "le 6 décembre" */
        ok = day_of_month_fits(language, folded->str, words, array->len, sentence_of, i, rule,
                               end);
      if (ok && rule->kind == RULE_MONTH)  /* "le 5 décembre", or "en décembre" */
        ok = month_day(folded->str, words, array->len, sentence_of, i, rule->n_words) > 0 ||
             (i > 0 && sentence_of[i - 1] == sentence_of[i] &&
              word_in(language->month_openers, folded, &words[i - 1]));
      if (ok) {  /* buckets are sorted longest first: the first match is the longest */
        best = rule;
        break;
      }
    }
    if (best) {
      Hit hit = {best, i, end, sentence_of[i], -1};
      guint start = i;
      i = end - 1;  /* the words of a phrase belong to it alone */
      if (best->number_slot >= 0)
        hit.number = number_value(folded->str, &words[start + (guint)best->number_slot]);
      else if (best->kind == RULE_MONTH)  /* 0: the whole month ("in August", "en août") */
        hit.number = MAX(0, month_day(folded->str, words, array->len, sentence_of, start,
                                      best->n_words));
      g_array_append_val(hits, hit);
      if (gap) {  /* the time word inside the phrase dates it as if it stood apart */
        Hit time = {time_word(language, folded->str, &words[gap]), gap, gap + 1,
                    sentence_of[gap], -1};
        g_array_append_val(hits, time);
      }
      if (slot.rule && gap > slot.first)  /* the slot's actor: a hit of its own, in order */
        g_array_insert_val(hits, hits->len - 1, slot);
      else if (slot.rule)
        g_array_append_val(hits, slot);
    } else if (!references) {
      gint year = number_value(folded->str, &words[i]);
      if (year >= 1900 && year <= 2099 && words[i].folded_len == 4 &&
          !(i > 0 && sentence_of[i - 1] == sentence_of[i] &&
            word_in(language->year_articles, folded, &words[i - 1]))) {
        Hit hit = {language->year, i, i + 1, sentence_of[i], year};
        g_array_append_val(hits, hit);
      }
    }
  }
  return hits;
}

/* Whether the full stop after words[i] ends a sentence: not after an abbreviation of the
 * language ("Dec.", "Gen.", "M."), a single capital (an initial) or inside a word or number
 * ("U.S.", "3.5": no space after it). */
static gboolean
stop_ends_sentence(const Language *language, const char *text, const GString *folded,
                   const Word *words, guint i, gsize stop)
{
  if (!g_ascii_isspace(text[stop + 1]) && text[stop + 1] != '\0' && text[stop + 1] != '"' &&
      text[stop + 1] != ')' && (guchar)text[stop + 1] < 0x80)
    return FALSE;
  if (stop != words[i].end)
    return TRUE;  /* "Hama)." or "Hama ." */
  if (words[i].folded_len == 1 && words[i].capital && g_ascii_isalpha(text[words[i].start]))
    return FALSE;
  char key[32];
  if (words[i].folded_len >= sizeof key)
    return TRUE;
  memcpy(key, folded->str + words[i].folded, words[i].folded_len);
  key[words[i].folded_len] = '\0';
  return !g_hash_table_contains(language->abbreviations, key);
}

/* Marks sentence numbers: a sentence ends after '!', '?', '…', a line break, or a full stop
 * that stop_ends_sentence() accepts. */
guint *
fl_lexicon_number_sentences(const Language *language, const char *text, const GString *folded,
                            const GArray *array)
{
  const Word *words = (const Word *)array->data;
  guint *sentence_of = g_new(guint, array->len + 1);
  guint sentence = 0;
  for (guint i = 0; i < array->len; i++) {
    if (i > 0) {
      for (gsize b = words[i - 1].end; b < words[i].start; b++)
        if ((text[b] == '.' && stop_ends_sentence(language, text, folded, words, i - 1, b)) ||
            text[b] == '!' || text[b] == '?' || text[b] == '\n' ||
            strncmp(text + b, "\xE2\x80\xA6", 3) == 0 /* … */) {
          sentence++;
          break;
        }
    }
    sentence_of[i] = sentence;
  }
  return sentence_of;
}