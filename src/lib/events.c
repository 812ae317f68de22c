/* events.c - stage 3: events from sentences, by rules that are data.
 *
 * A lexicon row is (kind, phrase, value). Phrases are folded like report text; a word of a
 * phrase ending in '*' matches any word it begins. For every place mention of the theatre in a
 * sentence, the event trigger nearest before it in the sentence (capture, loss, siege, hold)
 * owns it; failing one, the nearest trigger after it (a relative clause: "Alep, que les
 * rebelles ont capturée"). The actor is the nearest actor before the trigger, or for a passive
 * trigger the nearest after it. Factuality comes from markers in the sentence; the date from
 * the time expression nearest the place, resolved against the report date. */
#include <frontline/events.h>

#include "events-internal.h"
#include "places-internal.h"
#include "report-internal.h"
#include "tsv-internal.h"

#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK(fl-events-error-quark, fl_events_error)

/* How far (in words) a trigger reaches to the place it governs. */
#define TRIGGER_REACH 8
#define NEGATION_REACH 3

typedef enum {
  RULE_CAPTURE, RULE_LOSS, RULE_SIEGE, RULE_HOLD, RULE_ENTRY, /* = FlEventKind */
  RULE_PASSIVE_CAPTURE,    /* "tombée aux mains de": the actor follows */
  RULE_CLAIM, RULE_HEDGE, RULE_DENY, RULE_NEGATE, RULE_UNVERIFIED,
  RULE_WEEKDAY,            /* value: 1 Monday .. 7 Sunday */
  RULE_DAY,                /* value: days from the report date (hier = -1) */
  RULE_PART_OF_DAY,        /* value: days from the report date (ce soir = 0) */
  RULE_WEEK,               /* value: days from the report date (la semaine dernière = -7) */
  RULE_DAYS_AGO,           /* "il y a # jours"; value: days per unit (-1, -7 for weeks) */
  RULE_MONTH,              /* a month name after a day number: "le 5 décembre"; value 1..12 */
  RULE_CIVILIAN,           /* a non-combatant subject: "habitants", "civils" */
  RULE_GENITIVE,           /* "de", "du", "of": the actor after it is a possessor */
  RULE_REFERENCE,          /* "la ville", "ses murs": the latest place named before */
  RULE_AGENT,              /* "par", "by": the actor after it did what the noun before says */
  RULE_PRONOUN,            /* "ils", "elle", "they": the last actor of the sentence before */
  RULE_ACTOR,              /* value: faction index */
  N_RULES
} RuleKind;

static const char *const rule_names[] = {
    "capture", "loss",    "siege", "hold",        "entry", "capture-passive", "claim",
    "hedge",   "deny",    "negate", "unverified", "weekday",        "day",
    "part-of-day", "week", "days-ago", "month", "civilian", "genitive", "reference", "agent", "pronoun", "actor",
};
G_STATIC_ASSERT(G_N_ELEMENTS(rule_names) == N_RULES);
/* a trigger rule's kind is its event kind */
G_STATIC_ASSERT((int)RULE_CAPTURE == (int)FL_EVENT_CAPTURE && (int)RULE_LOSS == (int)FL_EVENT_LOSS &&
                (int)RULE_SIEGE == (int)FL_EVENT_SIEGE && (int)RULE_HOLD == (int)FL_EVENT_HOLD &&
                (int)RULE_ENTRY == (int)FL_EVENT_ENTRY);

static const char *const kind_names[] = {"capture", "loss", "siege", "hold", "entry"};
static const char *const factuality_names[] = {"confirmed", "claimed", "hedged",
                                               "denied",    "negated", "unverified"};
static const char *const precision_names[] = {"day", "part-of-day", "week", "report", "bound"};

const char *
fl_event_kind_name(FlEventKind kind)
{
  return (guint)kind < G_N_ELEMENTS(kind_names) ? kind_names[kind] : "?";
}

const char *
fl_factuality_name(FlFactuality factuality)
{
  return (guint)factuality < G_N_ELEMENTS(factuality_names) ? factuality_names[factuality] : "?";
}

const char *
fl_precision_name(FlPrecision precision)
{
  return (guint)precision < G_N_ELEMENTS(precision_names) ? precision_names[precision] : "?";
}

typedef struct {
  RuleKind kind;
  gint value;
  guint n_words;
  char **words;         /* folded words */
  gboolean *stem;       /* word ends in '*' */
  gint number_slot;     /* the word written '#', which any number matches, or -1 */
} Rule;

/* The rules of one language. */
typedef struct {
  char *lang;
  GPtrArray *rules;     /* Rule* */
  GHashTable *by_head;  /* first three folded bytes of the first word -> GPtrArray of Rule* */
  guint max_words;      /* words of its longest phrase */
} Language;

struct FlLexicon {
  GPtrArray *languages; /* Language* */
};

static void
rule_free(gpointer data)
{
  Rule *rule = data;
  g_strfreev(rule->words);
  g_free(rule->stem);
  g_free(rule);
}

static void
language_free(gpointer data)
{
  Language *language = data;
  g_free(language->lang);
  g_hash_table_unref(language->by_head);
  g_ptr_array_unref(language->rules);
  g_free(language);
}

/* The bucket key of a folded word: its first three bytes, into key. */
static const char *
head_key(const char *word, gsize len, char key[static 4])
{
  gsize n = MIN(len, 3);
  memcpy(key, word, n);
  key[n] = '\0';
  return key;
}

/* Compiles a phrase into folded words; NULL when it has none. '#' stands for any number. */
static Rule *
rule_new(RuleKind kind, gint value, const char *phrase)
{
  GString *folded = g_string_new(NULL);
  g_autofree char *slotted = g_strdup(phrase);
  g_strdelimit(slotted, "#", '0');  /* a word "0" is the number slot */
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
  rule->number_slot = -1;
  for (guint i = 0; i < words->len; i++) {
    const Word *w = &g_array_index(words, Word, i);
    rule->words[i] = g_strndup(folded->str + w->folded, w->folded_len);
    rule->stem[i] = w->separator == '*';
    if (strchr(phrase, '#') && g_str_equal(rule->words[i], "0"))
      rule->number_slot = (gint)i;
  }
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
  language->by_head = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify)g_ptr_array_unref);
  return language;
}

static void
language_add(Language *language, Rule *rule)
{
  g_ptr_array_add(language->rules, rule);
  language->max_words = MAX(language->max_words, rule->n_words);
  char key[4];
  head_key(rule->words[0], strlen(rule->words[0]), key);
  GPtrArray *bucket = g_hash_table_lookup(language->by_head, key);
  if (bucket == NULL) {
    bucket = g_ptr_array_new();
    g_hash_table_insert(language->by_head, g_strdup(key), bucket);
  }
  g_ptr_array_add(bucket, rule);
}

static gboolean
parse_rule_kind(const char *name, RuleKind *kind)
{
  for (guint i = 0; i < N_RULES; i++)
    if (g_str_equal(rule_names[i], name) && i != RULE_ACTOR) {
      *kind = (RuleKind)i;
      return TRUE;
    }
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
                 "month, civilian, genitive, reference, agent, pronoun)",
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
  if (kind == RULE_DAYS_AGO && (value == 0 || strchr(fl_tsv_cell(tsv, col[1]), '#') == NULL)) {
    fl_tsv_error(tsv, error, FL_EVENTS_ERROR_SYNTAX,
                 "days-ago needs a '#' for the number in its phrase and a value (days per "
                 "unit: -1 for days, -7 for weeks)");
    return FALSE;
  }
  Rule *rule = rule_new(kind, value, fl_tsv_cell(tsv, col[1]));
  if (rule == NULL) {
    fl_tsv_error(tsv, error, FL_EVENTS_ERROR_SYNTAX, "the phrase '%s' has no word",
                 fl_tsv_cell(tsv, col[1]));
    return FALSE;
  }
  language_add(language, rule);
  return TRUE;
}

/* The rules of lang from its lexicon file (or from contents, when set), plus the theatre's
 * actors of that language. */
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
    g_set_error(error, FL_EVENTS_ERROR, FL_EVENTS_ERROR_IO,
                "%s: no lexicon for any language of the theatre", theatre->lexicon_dir);
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

static const Language *
lexicon_language(const FlLexicon *lexicon, const char *lang)
{
  for (guint i = 0; i < lexicon->languages->len; i++) {
    const Language *language = lexicon->languages->pdata[i];
    if (lang && g_str_equal(language->lang, lang))
      return language;
  }
  return lexicon->languages->pdata[0];
}

/* ---- matching ---- */

/* A rule found in the text: words [first, first + n_words). */
typedef struct {
  const Rule *rule;
  guint first;
  guint sentence;
  gint number;   /* the number of a '#' slot, or the day before a month; -1 for none */
} Hit;

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

static gboolean
word_matches(const Rule *rule, guint k, const char *folded, const Word *word)
{
  if ((gint)k == rule->number_slot)
    return number_value(folded, word) >= 0;
  gsize len = strlen(rule->words[k]);
  if (rule->stem[k])
    return word->folded_len >= len && memcmp(folded + word->folded, rule->words[k], len) == 0;
  return word->folded_len == len && memcmp(folded + word->folded, rule->words[k], len) == 0;
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

/* Finds every rule in the words, the longest where several start at the same word. References
 * ("la ville") are found apart from the other rules (references TRUE), since a phrase may be
 * both ("sur ses murs": a siege, and the place it points to). A month counts only next to a
 * day number ("le 5 décembre", "December 5"). */
static GArray *
find_rules(const Language *language, const GString *folded, const GArray *array,
           const guint *sentence_of, gboolean references)
{
  GArray *hits = g_array_new(FALSE, FALSE, sizeof(Hit));
  const Word *words = (const Word *)array->data;
  for (guint i = 0; i < array->len; i++) {
    char key[4];
    const GPtrArray *bucket = g_hash_table_lookup(
        language->by_head, head_key(folded->str + words[i].folded, words[i].folded_len, key));
    const Rule *best = NULL;
    for (guint r = 0; bucket && r < bucket->len; r++) {
      const Rule *rule = bucket->pdata[r];
      if (i + rule->n_words > array->len || (rule->kind == RULE_REFERENCE) != references)
        continue;
      gboolean ok = TRUE;
      for (guint k = 0; k < rule->n_words && ok; k++)
        ok = word_matches(rule, k, folded->str, &words[i + k]) &&
             sentence_of[i + k] == sentence_of[i];
      if (ok && rule->kind == RULE_MONTH)
        ok = month_day(folded->str, words, array->len, sentence_of, i, rule->n_words) > 0;
      if (ok && (best == NULL || rule->n_words > best->n_words))
        best = rule;
    }
    if (best) {
      Hit hit = {best, i, sentence_of[i], -1};
      guint start = i;
      i += best->n_words - 1;  /* the words of a phrase belong to it alone */
      if (best->number_slot >= 0)
        hit.number = number_value(folded->str, &words[start + (guint)best->number_slot]);
      else if (best->kind == RULE_MONTH)
        hit.number = month_day(folded->str, words, array->len, sentence_of, start, best->n_words);
      g_array_append_val(hits, hit);
    }
  }
  return hits;
}

/* Marks sentence numbers: a sentence ends after '.', '!', '?', '…' or a line break, when the
 * next word starts a new one. */
static guint *
number_sentences(const char *text, const GArray *array)
{
  const Word *words = (const Word *)array->data;
  guint *sentence_of = g_new(guint, array->len + 1);
  guint sentence = 0;
  for (guint i = 0; i < array->len; i++) {
    if (i > 0) {
      for (gsize b = words[i - 1].end; b < words[i].start; b++)
        if (text[b] == '.' || text[b] == '!' || text[b] == '?' || text[b] == '\n' ||
            strncmp(text + b, "\xE2\x80\xA6", 3) == 0 /* … */) {
          sentence++;
          break;
        }
    }
    sentence_of[i] = sentence;
  }
  return sentence_of;
}

static gboolean
is_trigger(RuleKind kind)
{
  return kind <= RULE_ENTRY || kind == RULE_PASSIVE_CAPTURE;
}

static gboolean
is_time(RuleKind kind)
{
  return kind >= RULE_WEEKDAY && kind <= RULE_MONTH;
}

/* Resolves a time expression against the report date. */
static void
resolve_time(const Hit *hit, const GDate *report_date, GDate *date, FlPrecision *precision)
{
  const Rule *rule = hit->rule;
  *date = *report_date;
  switch (rule->kind) {
  case RULE_WEEKDAY: {
    /* the last such weekday on or before the report date */
    gint back = ((gint)g_date_get_weekday(report_date) - rule->value + 7) % 7;
    g_date_subtract_days(date, (guint)back);
    *precision = FL_PRECISION_DAY;
    return;
  }
  case RULE_DAY:
  case RULE_PART_OF_DAY:
  case RULE_WEEK:
  case RULE_DAYS_AGO: {
    gint64 offset = rule->value;
    if (rule->kind == RULE_DAYS_AGO)
      offset *= MIN(hit->number, 3660);
    if (offset < 0)
      g_date_subtract_days(date, (guint)-offset);
    else
      g_date_add_days(date, (guint)offset);
    *precision = rule->kind == RULE_WEEK || (rule->kind == RULE_DAYS_AGO && ABS(rule->value) >= 7)
                     ? FL_PRECISION_WEEK
                 : rule->kind == RULE_PART_OF_DAY ? FL_PRECISION_PART_OF_DAY
                                                  : FL_PRECISION_DAY;
    return;
  }
  case RULE_MONTH: {
    /* that day of that month, in the report's year or, when that is after the report, the
     * year before; a day the month does not have is ignored */
    GDateYear year = g_date_get_year(report_date);
    if (!g_date_valid_dmy((GDateDay)hit->number, (GDateMonth)rule->value, year))
      return;
    g_date_set_dmy(date, (GDateDay)hit->number, (GDateMonth)rule->value, year);
    if (g_date_compare(date, report_date) > 0 &&
        g_date_valid_dmy((GDateDay)hit->number, (GDateMonth)rule->value, year - 1))
      g_date_set_dmy(date, (GDateDay)hit->number, (GDateMonth)rule->value, year - 1);
    *precision = FL_PRECISION_DAY;
    return;
  }
  default:
    g_return_if_reached();  /* only time rules have a date */
  }
}

/* A sentence: its words [first_word, end_word) and its rule hits [first_hit, end_hit). */
typedef struct {
  guint first_word, end_word;
  guint first_hit, end_hit;
} Sentence;

/* The sentences of a report, from the sentence number of every word and the hits (both in
 * word order). */
static Sentence *
sentence_ranges(const guint *sentence_of, guint n_words, const GArray *hits, guint *n_sentences)
{
  guint n = n_words ? sentence_of[n_words - 1] + 1 : 0;
  Sentence *sentences = g_new0(Sentence, n + 1);
  for (guint i = n_words; i > 0; i--)
    sentences[sentence_of[i - 1]].first_word = i - 1;
  for (guint i = 0; i < n_words; i++)
    sentences[sentence_of[i]].end_word = i + 1;
  for (guint h = hits->len; h > 0; h--)
    sentences[g_array_index(hits, Hit, h - 1).sentence].first_hit = h - 1;
  for (guint h = 0; h < hits->len; h++)
    sentences[g_array_index(hits, Hit, h).sentence].end_hit = h + 1;
  *n_sentences = n;
  return sentences;
}

/* The longest evidence kept: a longer sentence is cut at a word and ends with "…". */
#define EVIDENCE_MAX 600

/* The sentence as written, trimmed, through its end punctuation, at most EVIDENCE_MAX bytes,
 * into evidence. */
static void
sentence_evidence(const char *text, gsize text_len, const Word *words, const Sentence *sentence,
                  GString *evidence)
{
  gsize start = words[sentence->first_word].start;
  gsize end = words[sentence->end_word - 1].end;
  while (end < text_len && text[end] != '\n' && text[end] != '.' && text[end] != '!' &&
         text[end] != '?')
    end++;
  if (end < text_len && text[end] != '\n')
    end++;
  while (start < end && g_ascii_isspace(text[start]))
    start++;
  while (end > start && g_ascii_isspace(text[end - 1]))
    end--;
  g_string_truncate(evidence, 0);
  if (end - start <= EVIDENCE_MAX) {
    g_string_append_len(evidence, text + start, (gssize)(end - start));
    return;
  }
  /* the last space in the budget, when it keeps at least half; else a character boundary */
  gsize cut = start + EVIDENCE_MAX - 3, space = cut;
  while (space > start + EVIDENCE_MAX / 2 && text[space] != ' ')
    space--;
  if (text[space] == ' ')
    cut = space;
  while (cut > start && ((guchar)text[cut] & 0xC0) == 0x80)
    cut--;
  while (cut > start && g_ascii_isspace(text[cut - 1]))
    cut--;
  g_string_append_len(evidence, text + start, (gssize)(cut - start));
  g_string_append(evidence, "…");
}

/* How many words (an article) may stand between "par"/"by" and the actor. */
#define AGENT_GAP 1

/* Look-ups over the hits of a window, made once, so that each place costs a bounded number of
 * steps however long its sentence: per hit index h (0 to n_hits), the nearest hit of a kind
 * before or from it; per sentence, its factuality markers. */
typedef struct {
  const Hit *hits;
  guint n_hits;
  gint *prev_subject;  /* the last actor, non-combatant or pronoun before h, or -1 */
  gint *prev_actor;    /* the last actor before h, or -1 */
  guint *next_actor;   /* the first actor from h on, or n_hits */
  guint *next_agent;   /* the first agent marker from h on that its actor follows, or n_hits */
  GArray *times;       /* guint: the time hits, in order */
  guint8 *marks;       /* per sentence: MARK_* of its factuality markers */
  gint *first_claim;   /* per sentence: its first claim marker, or -1 */
} HitIndex;

enum { MARK_CLAIM = 1, MARK_HEDGE = 2, MARK_DENY = 4, MARK_UNVERIFIED = 8 };

static void
hit_index_init(HitIndex *index, const Hit *hits, guint n_hits, guint n_sentences)
{
  index->hits = hits;
  index->n_hits = n_hits;
  index->prev_subject = g_new(gint, n_hits + 1);
  index->prev_actor = g_new(gint, n_hits + 1);
  index->next_actor = g_new(guint, n_hits + 1);
  index->next_agent = g_new(guint, n_hits + 1);
  index->times = g_array_new(FALSE, FALSE, sizeof(guint));
  index->marks = g_new0(guint8, n_sentences + 1);
  index->first_claim = g_new(gint, n_sentences + 1);
  for (guint s = 0; s <= n_sentences; s++)
    index->first_claim[s] = -1;
  gint subject = -1, actor = -1;
  for (guint h = 0; h <= n_hits; h++) {
    index->prev_subject[h] = subject;
    index->prev_actor[h] = actor;
    if (h == n_hits)
      break;
    RuleKind kind = hits[h].rule->kind;
    if (kind == RULE_ACTOR || kind == RULE_CIVILIAN || kind == RULE_PRONOUN)
      subject = (gint)h;
    if (kind == RULE_ACTOR)
      actor = (gint)h;
    if (is_time(kind))
      g_array_append_val(index->times, h);
    guint s = hits[h].sentence;
    switch (kind) {
    case RULE_CLAIM:
      index->marks[s] |= MARK_CLAIM;
      if (index->first_claim[s] < 0)
        index->first_claim[s] = (gint)h;
      break;
    case RULE_HEDGE: index->marks[s] |= MARK_HEDGE; break;
    case RULE_DENY: index->marks[s] |= MARK_DENY; break;
    case RULE_UNVERIFIED: index->marks[s] |= MARK_UNVERIFIED; break;
    default: break;
    }
  }
  index->next_actor[n_hits] = index->next_agent[n_hits] = n_hits;
  for (guint h = n_hits; h > 0; h--) {
    const Hit *hit = &hits[h - 1];
    index->next_actor[h - 1] = hit->rule->kind == RULE_ACTOR ? h - 1 : index->next_actor[h];
    gboolean agent = hit->rule->kind == RULE_AGENT && h < n_hits &&
                     hits[h].rule->kind == RULE_ACTOR &&
                     hits[h].first - (hit->first + hit->rule->n_words) <= AGENT_GAP;
    index->next_agent[h - 1] = agent ? h - 1 : index->next_agent[h];
  }
}

static void
hit_index_clear(HitIndex *index)
{
  g_free(index->prev_subject);
  g_free(index->prev_actor);
  g_free(index->next_actor);
  g_free(index->next_agent);
  g_array_unref(index->times);
  g_free(index->marks);
  g_free(index->first_claim);
}

/* The first hit of hits[lo, hi) that starts at word or after, or hi. */
static guint
first_hit_from(const Hit *hits, guint lo, guint hi, guint word)
{
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    if (hits[mid].first < word)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static FlFactuality
factuality_of(const HitIndex *index, const Sentence *sentence, guint sentence_number,
              guint trigger_word)
{
  const Hit *hits = index->hits;
  guint8 marks = index->marks[sentence_number];
  gboolean negate = FALSE;
  guint from = trigger_word > NEGATION_REACH ? trigger_word - NEGATION_REACH : 0;
  for (guint h = first_hit_from(hits, sentence->first_hit, sentence->end_hit, from);
       h < sentence->end_hit && hits[h].first < trigger_word; h++)
    negate |= hits[h].rule->kind == RULE_NEGATE;
  return (marks & MARK_DENY)         ? FL_FACT_DENIED
         : negate                    ? FL_FACT_NEGATED
         : (marks & MARK_UNVERIFIED) ? FL_FACT_UNVERIFIED
         : (marks & MARK_HEDGE)      ? FL_FACT_HEDGED
         : (marks & MARK_CLAIM)      ? FL_FACT_CLAIMED
                                     : FL_FACT_CONFIRMED;
}

/* How many words before a claim marker its claimant may stand ("les rebelles ont affirmé"), and
 * after it ("selon les rebelles"). */
#define CLAIMANT_BEFORE 8
#define CLAIMANT_AFTER 2

/* The actor who makes the sentence's claim: the nearest actor before the first claim marker,
 * else one just after it; NULL when the source is neutral or unnamed ("selon l'OSDH"). */
static const Hit *
claimant_of(const HitIndex *index, const Sentence *sentence, guint sentence_number)
{
  const Hit *hits = index->hits;
  gint claim = index->first_claim[sentence_number];
  if (claim < 0)
    return NULL;
  guint h = (guint)claim;
  for (guint b = h; b > sentence->first_hit; b--) {
    const Hit *before = &hits[b - 1];
    if (hits[h].first - before->first > CLAIMANT_BEFORE)
      break;
    if (before->rule->kind == RULE_ACTOR)
      return before;
  }
  guint end = hits[h].first + hits[h].rule->n_words;
  for (guint a = h + 1; a < sentence->end_hit && hits[a].first <= end + CLAIMANT_AFTER; a++)
    if (hits[a].rule->kind == RULE_ACTOR)
      return &hits[a];
  return NULL;
}

/* How far (in words) before a possessive "de" a non-combatant head makes the subject one. */
#define POSSESSOR_REACH 6
/* How many words (a title: "président", "général") may stand between a genitive and the actor. */
#define GENITIVE_GAP 2
/* How many words after a reference a place may follow and make it "la ville de Homs". */
#define REFERENCE_NAMED 3

/* The actor a pronoun stands for: the last actor before it in its sentence, else the last
 * actor of the sentence before. */
static const Hit *
pronoun_actor(const HitIndex *index, const Sentence *sentences, const Sentence *sentence,
              guint pronoun)
{
  gint actor = index->prev_actor[pronoun];
  if (actor >= (gint)sentence->first_hit)
    return &index->hits[actor];
  if (sentence == sentences)
    return NULL;
  const Sentence *before = sentence - 1;
  actor = index->prev_actor[before->end_hit];
  if (before->end_hit > before->first_hit && actor >= (gint)before->first_hit)
    return &index->hits[actor];
  return NULL;
}

/* The actor before a trigger: for a passive one the nearest actor after it; otherwise the
 * nearest actor, pronoun or non-combatant before it. An actor after a genitive ("la communauté
 * ... du président Assad", "les troupes d'Assad") is a possessor: a non-combatant up to
 * POSSESSOR_REACH words before the genitive makes the subject non-combatant. */
static const Hit *
find_actor_before(const HitIndex *index, const Sentence *sentences, const Sentence *sentence,
                  guint trigger, gboolean *civilian)
{
  const Hit *hits = index->hits;
  *civilian = FALSE;
  if (hits[trigger].rule->kind == RULE_PASSIVE_CAPTURE) {
    guint actor = index->next_actor[trigger + 1];
    return actor < sentence->end_hit ? &hits[actor] : NULL;
  }
  gint subject = index->prev_subject[trigger];
  if (subject < (gint)sentence->first_hit)
    return NULL;
  const Hit *hit = &hits[subject];
  if (hit->rule->kind == RULE_CIVILIAN) {
    *civilian = TRUE;
    return NULL;
  }
  if (hit->rule->kind == RULE_PRONOUN)
    return pronoun_actor(index, sentences, sentence, (guint)subject);
  /* a genitive just before the actor, or before a title of it ("du président Assad") */
  const Hit *genitive = subject >= 1 ? &hits[subject - 1] : NULL;
  if (genitive && genitive->rule->kind == RULE_GENITIVE &&
      hit->first - (genitive->first + genitive->rule->n_words) <= GENITIVE_GAP) {
    for (gint h = subject - 2; h >= (gint)sentence->first_hit; h--) {
      if (genitive->first - hits[h].first > POSSESSOR_REACH)
        break;
      if (hits[h].rule->kind == RULE_CIVILIAN) {
        *civilian = TRUE;
        return NULL;
      }
    }
  }
  return hit;
}

/* The actor of a trigger, or NULL; *civilian is set when the subject is non-combatant (no
 * event then). The actor before the trigger, else one named by "par"/"by" after it ("la prise
 * de Rastan par les rebelles"). */
static const Hit *
find_actor(const HitIndex *index, const Sentence *sentences, const Sentence *sentence,
           guint trigger, gboolean *civilian)
{
  const Hit *actor = find_actor_before(index, sentences, sentence, trigger, civilian);
  if (actor == NULL && !*civilian && index->hits[trigger].rule->kind != RULE_PASSIVE_CAPTURE) {
    guint agent = index->next_agent[trigger + 1];
    if (agent + 1 < sentence->end_hit)
      actor = &index->hits[agent + 1];
  }
  return actor;
}

/* The time expression of the sentence nearest to word w (the earlier on a tie), or NULL. */
static const Hit *
nearest_time(const HitIndex *index, const Sentence *sentence, guint w)
{
  const Hit *hits = index->hits;
  const guint *times = (const guint *)index->times->data;
  guint lo = 0, hi = index->times->len;
  while (lo < hi) {  /* the first time hit after w */
    guint mid = lo + (hi - lo) / 2;
    if (hits[times[mid]].first <= w)
      lo = mid + 1;
    else
      hi = mid;
  }
  const Hit *before = lo > 0 && times[lo - 1] >= sentence->first_hit ? &hits[times[lo - 1]] : NULL;
  const Hit *after = lo < index->times->len && times[lo] < sentence->end_hit ? &hits[times[lo]]
                                                                            : NULL;
  if (before && after)
    return w - before->first <= after->first - w ? before : after;
  return before ? before : after;
}

/* A place an event may be about: a mention of a theatre place, or a reference to one. */
typedef struct {
  guint place;
  guint word;       /* its first word */
} Target;

/* The targets of a report: its mentions of theatre places, and its references ("la ville",
 * "ses murs") to the latest theatre place named before them in the same or the previous
 * sentence, unless a place follows at once ("la ville de Homs"), in word order. */
static GArray *
find_targets(const FlTheatre *theatre, const GArray *mentions, const Word *words,
             guint n_words, const guint *sentence_of, const GArray *references)
{
  GArray *targets = g_array_new(FALSE, FALSE, sizeof(Target));
  guint w = 0, r = 0;
  gint last_place = -1;
  guint last_sentence = 0;
  for (guint m = 0; m <= mentions->len; m++) {
    Target mention = {0, n_words};
    if (m < mentions->len) {
      const FlMention *fm = &g_array_index(mentions, FlMention, m);
      while (w < n_words && words[w].start < fm->offset)
        w++;
      mention.place = fm->place;
      mention.word = w;
    }
    /* the references before this mention */
    for (; r < references->len && g_array_index(references, Hit, r).first < mention.word; r++) {
      const Hit *ref = &g_array_index(references, Hit, r);
      guint end = ref->first + ref->rule->n_words;
      gboolean named = FALSE;
      for (guint m2 = m; m2 < mentions->len && !named; m2++) {
        const FlMention *next = &g_array_index(mentions, FlMention, m2);
        if (next->offset >= (end + REFERENCE_NAMED < n_words ? words[end + REFERENCE_NAMED].start
                                                              : G_MAXSIZE))
          break;
        named = ((const FlPlace *)theatre->places->pdata[next->place])->in_theatre;
      }
      if (!named && last_place >= 0 && ref->sentence <= last_sentence + 1) {
        Target target = {(guint)last_place, ref->first};
        g_array_append_val(targets, target);
      }
    }
    if (m == mentions->len || mention.word >= n_words)
      break;
    if (!((const FlPlace *)theatre->places->pdata[mention.place])->in_theatre)
      continue;
    g_array_append_val(targets, mention);
    last_place = (gint)mention.place;
    last_sentence = sentence_of[mention.word];
  }
  return targets;
}

/* Gives the events of one sentence their evidence and adds them to events: one event holds it
 * in its own block, several share a GRefString (event_free tells them apart). */
static void
add_events(GPtrArray *events, GPtrArray *pending, const FlWindow *window, const Word *words,
           const Sentence *sentence, GString *evidence)
{
  sentence_evidence(window->text, window->len, words, sentence, evidence);
  if (pending->len == 1) {
    FlEvent *event = g_realloc(pending->pdata[0], sizeof(FlEvent) + evidence->len + 1);
    event->evidence = memcpy(event + 1, evidence->str, evidence->len + 1);
    g_ptr_array_add(events, event);
  } else {
    char *shared = g_ref_string_new_len(evidence->str, (gssize)evidence->len);
    for (guint i = 0; i < pending->len; i++) {
      FlEvent *event = pending->pdata[i];
      event->evidence = g_ref_string_acquire(shared);
      g_ptr_array_add(events, event);
    }
    g_ref_string_release(shared);
  }
  g_ptr_array_set_size(pending, 0);
}

/* What the extraction of one report carries from window to window. */
typedef struct {
  const FlTheatre *theatre;
  const FlGazetteer *gazetteer;
  const Language *language;
  const FlReport *report;
  guint report_index;
  guint max_reach;        /* words before a place where a trigger reaching it may start */
  GPtrArray *events;
} Extraction;

/* An event made in the sentence being read: the word of its place, the place, its trigger. */
typedef struct {
  guint word, place, trigger;
} Made;

/* Whether the sentence already has an event of this trigger and place ("Homs ... sur ses
 * murs" is one siege). A trigger governs places at most TRIGGER_REACH words before it, so the
 * look back stops there: a bounded number of steps. */
static gboolean
already_made(const GArray *made, guint place, guint trigger)
{
  for (guint k = made->len; k > 0; k--) {
    const Made *m = &g_array_index(made, Made, k - 1);
    if (m->word + TRIGGER_REACH < trigger)
      break;
    if (m->place == place && m->trigger == trigger)
      return TRUE;
  }
  return FALSE;
}

/* The events of one window of a report: those of the places in its own part. */
static gboolean
extract_window(const FlWindow *window, gpointer user_data, GError **error)
{
  Extraction *x = user_data;
  const FlTheatre *theatre = x->theatre;
  const FlReport *report = x->report;
  GString *folded = g_string_sized_new(window->len + 8);
  GArray *array = g_array_sized_new(FALSE, FALSE, sizeof(Word), (guint)(window->len / 6 + 1));
  TextPos pos = {0, window->line, window->column};
  (void)error;

  fl_text_split_range(window->text, window->len, &pos, folded, array);
  const Word *words = (const Word *)array->data;
  guint *sentence_of = number_sentences(window->text, array);
  GArray *hit_array = find_rules(x->language, folded, array, sentence_of, FALSE);
  GArray *references = find_rules(x->language, folded, array, sentence_of, TRUE);
  const Hit *hits = (const Hit *)hit_array->data;
  guint n_sentences;
  Sentence *sentences = sentence_ranges(sentence_of, array->len, hit_array, &n_sentences);
  GArray *mentions = fl_places_find_in_words(x->gazetteer, folded, array);
  GArray *targets = find_targets(theatre, mentions, words, array->len, sentence_of, references);
  HitIndex index;
  hit_index_init(&index, hits, hit_array->len, n_sentences);
  GArray *made = g_array_new(FALSE, FALSE, sizeof(Made));  /* in the current sentence */
  guint made_sentence = G_MAXUINT;
  const Sentence *pending_sentence = NULL;
  GPtrArray *pending = g_ptr_array_new();  /* the events of that sentence, without evidence */
  GString *evidence = g_string_new(NULL);

  for (guint t = 0; t < targets->len; t++) {
    const Target *target = &g_array_index(targets, Target, t);
    guint w = target->word;
    if (words[w].start < window->own_start || words[w].start >= window->own_end)
      continue;  /* in the context: another window's */
    guint sentence_number = sentence_of[w];
    const Sentence *sentence = &sentences[sentence_number];
    const Hit *trigger = NULL;
    /* nearest trigger before the place in the sentence, else nearest after */
    for (guint h = first_hit_from(hits, sentence->first_hit, sentence->end_hit,
                                  w > x->max_reach ? w - x->max_reach : 0);
         h < sentence->end_hit && hits[h].first < w; h++)
      if (is_trigger(hits[h].rule->kind) &&
          w - hits[h].first <= TRIGGER_REACH + hits[h].rule->n_words)
        trigger = &hits[h];
    /* the place belongs to a nearer trigger when another target stands between them */
    if (trigger && t > 0 && g_array_index(targets, Target, t - 1).word > trigger->first)
      trigger = NULL;
    else if (trigger == NULL)
      for (guint h = first_hit_from(hits, sentence->first_hit, sentence->end_hit, w + 1);
           h < sentence->end_hit && hits[h].first - w <= TRIGGER_REACH && trigger == NULL; h++)
        if (is_trigger(hits[h].rule->kind))
          trigger = &hits[h];
    if (trigger == NULL)
      continue;
    if (sentence_number != made_sentence) {
      g_array_set_size(made, 0);
      made_sentence = sentence_number;
    }
    if (sentence != pending_sentence) {
      if (pending->len)
        add_events(x->events, pending, window, words, pending_sentence, evidence);
      pending_sentence = sentence;
    }
    if (already_made(made, target->place, trigger->first))
      continue;

    gboolean civilian;
    const Hit *actor = find_actor(&index, sentences, sentence, (guint)(trigger - hits), &civilian);
    if (civilian)
      continue;  /* people fleeing a town are not a side losing it */
    const Hit *when = nearest_time(&index, sentence, w);
    FlEvent *event = g_new0(FlEvent, 1);
    event->place = target->place;
    event->faction = actor ? actor->rule->value : -1;
    event->claimant = -1;
    event->kind = trigger->rule->kind == RULE_PASSIVE_CAPTURE ? FL_EVENT_CAPTURE
                                                             : (FlEventKind)trigger->rule->kind;
    event->factuality = factuality_of(&index, sentence, sentence_number, trigger->first);
    event->event_date = report->date;
    event->precision = FL_PRECISION_REPORT;  /* no time word: the report's own day */
    if (when)
      resolve_time(when, &report->date, &event->event_date, &event->precision);
    if (event->factuality == FL_FACT_CLAIMED) {
      const Hit *claimant = claimant_of(&index, sentence, sentence_number);
      if (claimant)
        event->claimant = fl_theatre_faction_on(theatre, claimant->rule->value, &event->event_date);
    }
    /* a name stands for the faction that bears it on the event's date ("the government" after
     * the old one ended means its successor) */
    event->faction = fl_theatre_faction_on(theatre, event->faction, &event->event_date);
    event->report = x->report_index;
    event->report_date = report->date;
    event->line = words[w].line;
    g_ptr_array_add(pending, event);
    Made one = {w, target->place, trigger->first};
    g_array_append_val(made, one);
  }
  if (pending->len)
    add_events(x->events, pending, window, words, pending_sentence, evidence);
  g_ptr_array_unref(pending);
  g_string_free(evidence, TRUE);
  g_array_unref(made);
  hit_index_clear(&index);
  g_array_unref(targets);
  g_array_unref(mentions);
  g_free(sentences);
  g_array_unref(references);
  g_array_unref(hit_array);
  g_free(sentence_of);
  g_array_unref(array);
  g_string_free(folded, TRUE);
  return TRUE;
}

static void
event_free(gpointer data)
{
  FlEvent *event = data;
  if (event->evidence != (char *)(event + 1))  /* shared with other events of its sentence */
    g_ref_string_release(event->evidence);
  g_free(event);
}

static gint
compare_events(gconstpointer a, gconstpointer b)
{
  const FlEvent *x = *(FlEvent *const *)a, *y = *(FlEvent *const *)b;
  gint by_date = g_date_compare(&x->event_date, &y->event_date);
  if (by_date)
    return by_date;
  if (x->report != y->report)
    return x->report < y->report ? -1 : 1;
  return x->line < y->line ? -1 : x->line > y->line;
}

GPtrArray *
fl_events_extract(const FlTheatre *theatre, const FlGazetteer *gazetteer,
                  const FlLexicon *lexicon, const GPtrArray *reports, GError **error)
{
  GPtrArray *events = g_ptr_array_new_with_free_func(event_free);
  for (guint r = 0; r < reports->len; r++) {
    const FlReport *report = reports->pdata[r];
    const Language *language = lexicon_language(lexicon, report->lang);
    Extraction extraction = {theatre, gazetteer, language, report, r,
                             TRIGGER_REACH + language->max_words, events};
    if (!fl_report_windows(report, extract_window, &extraction, error)) {
      g_ptr_array_unref(events);
      return NULL;
    }
  }
  g_ptr_array_sort(events, compare_events);
  return events;
}
