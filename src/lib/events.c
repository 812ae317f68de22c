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
#include "tsv-internal.h"

#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK(fl-events-error-quark, fl_events_error)

/* How far (in words) a trigger reaches to the place it governs. */
#define TRIGGER_REACH 8
#define NEGATION_REACH 3

typedef enum {
  RULE_CAPTURE, RULE_LOSS, RULE_SIEGE, RULE_HOLD,       /* = FlEventKind */
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
    "capture", "loss",    "siege", "hold",        "capture-passive", "claim",
    "hedge",   "deny",    "negate", "unverified", "weekday",        "day",
    "part-of-day", "week", "days-ago", "month", "civilian", "genitive", "reference", "agent", "pronoun", "actor",
};
G_STATIC_ASSERT(G_N_ELEMENTS(rule_names) == N_RULES);
/* a trigger rule's kind is its event kind */
G_STATIC_ASSERT((int)RULE_CAPTURE == (int)FL_EVENT_CAPTURE && (int)RULE_LOSS == (int)FL_EVENT_LOSS &&
                (int)RULE_SIEGE == (int)FL_EVENT_SIEGE && (int)RULE_HOLD == (int)FL_EVENT_HOLD);

static const char *const kind_names[] = {"capture", "loss", "siege", "hold"};
static const char *const factuality_names[] = {"confirmed", "claimed", "hedged",
                                               "denied",    "negated", "unverified"};
static const char *const precision_names[] = {"day", "part-of-day", "week", "report"};

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
                 "unknown kind '%s' (capture, capture-passive, loss, siege, hold, claim, "
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
  return kind <= RULE_HOLD || kind == RULE_PASSIVE_CAPTURE;
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

/* The sentence as written, trimmed, through its end punctuation. */
static char *
sentence_text(const char *text, gsize text_len, const Word *words, const Sentence *sentence)
{
  gsize start = words[sentence->first_word].start;
  gsize end = words[sentence->end_word - 1].end;
  while (end < text_len && text[end] != '\n' && text[end] != '.' && text[end] != '!' &&
         text[end] != '?')
    end++;
  if (end < text_len && text[end] != '\n')
    end++;
  g_autofree char *raw = g_strndup(text + start, end - start);
  return g_strdup(g_strstrip(raw));
}

static FlFactuality
factuality_of(const Hit *hits, const Sentence *sentence, guint trigger_word)
{
  gboolean claim = FALSE, hedge = FALSE, deny = FALSE, negate = FALSE, unverified = FALSE;
  for (guint h = sentence->first_hit; h < sentence->end_hit; h++) {
    const Hit *hit = &hits[h];
    switch (hit->rule->kind) {
    case RULE_CLAIM: claim = TRUE; break;
    case RULE_HEDGE: hedge = TRUE; break;
    case RULE_DENY: deny = TRUE; break;
    case RULE_UNVERIFIED: unverified = TRUE; break;
    case RULE_NEGATE:
      negate |= hit->first < trigger_word && trigger_word - hit->first <= NEGATION_REACH;
      break;
    default: break;
    }
  }
  return deny         ? FL_FACT_DENIED
         : negate     ? FL_FACT_NEGATED
         : unverified ? FL_FACT_UNVERIFIED
         : hedge      ? FL_FACT_HEDGED
         : claim      ? FL_FACT_CLAIMED
                      : FL_FACT_CONFIRMED;
}

/* How many words before a claim marker its claimant may stand ("les rebelles ont affirmé"), and
 * after it ("selon les rebelles"). */
#define CLAIMANT_BEFORE 8
#define CLAIMANT_AFTER 2

/* The actor who makes the sentence's claim: the nearest actor before the first claim marker,
 * else one just after it; NULL when the source is neutral or unnamed ("selon l'OSDH"). */
static const Hit *
claimant_of(const Hit *hits, const Sentence *sentence)
{
  for (guint h = sentence->first_hit; h < sentence->end_hit; h++) {
    if (hits[h].rule->kind != RULE_CLAIM)
      continue;
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
  return NULL;
}

static void
event_free(gpointer data)
{
  FlEvent *event = data;
  g_free(event->evidence);
  g_free(event);
}

/* How far (in words) before a possessive "de" a non-combatant head makes the subject one. */
#define POSSESSOR_REACH 6
/* How many words (a title: "président", "général") may stand between a genitive and the actor. */
#define GENITIVE_GAP 2
/* How many words (an article) may stand between "par"/"by" and the actor. */
#define AGENT_GAP 1
/* How many words after a reference a place may follow and make it "la ville de Homs". */
#define REFERENCE_NAMED 3

/* The actor named by "par"/"by" after the trigger ("la prise de Rastan par les rebelles"):
 * an agent marker followed, within AGENT_GAP words, by an actor. */
static const Hit *
find_agent(const Hit *hits, const Sentence *sentence, const Hit *trigger)
{
  for (guint h = (guint)(trigger - hits) + 1; h + 1 < sentence->end_hit; h++)
    if (hits[h].rule->kind == RULE_AGENT && hits[h + 1].rule->kind == RULE_ACTOR &&
        hits[h + 1].first - (hits[h].first + hits[h].rule->n_words) <= AGENT_GAP)
      return &hits[h + 1];
  return NULL;
}

/* The actor a pronoun stands for: the last actor before it in its sentence, else the last
 * actor of the sentence before. */
static const Hit *
pronoun_actor(const Hit *hits, const Sentence *sentences, const Sentence *sentence,
              const Hit *pronoun)
{
  for (guint h = (guint)(pronoun - hits); h > sentence->first_hit; h--)
    if (hits[h - 1].rule->kind == RULE_ACTOR)
      return &hits[h - 1];
  if (sentence == sentences)
    return NULL;
  const Sentence *before = sentence - 1;
  for (guint h = before->end_hit; h > before->first_hit; h--)
    if (hits[h - 1].rule->kind == RULE_ACTOR)
      return &hits[h - 1];
  return NULL;
}

/* The actor before a trigger: for a passive one the nearest actor after it; otherwise the
 * nearest actor, pronoun or non-combatant before it. An actor after a genitive ("la communauté
 * ... du président Assad", "les troupes d'Assad") is a possessor: the head before it decides, a
 * non-combatant making the subject non-combatant. */
static const Hit *
find_actor_before(const Hit *hits, const Sentence *sentences, const Sentence *sentence,
                  const Hit *trigger, gboolean *civilian)
{
  *civilian = FALSE;
  if (trigger->rule->kind == RULE_PASSIVE_CAPTURE) {
    for (guint h = sentence->first_hit; h < sentence->end_hit; h++)
      if (hits[h].rule->kind == RULE_ACTOR && hits[h].first > trigger->first)
        return &hits[h];
    return NULL;
  }
  const Hit *possessor = NULL;
  guint genitive_at = 0;
  for (guint h = (guint)(trigger - hits); h > sentence->first_hit; h--) {
    const Hit *hit = &hits[h - 1];
    if (hit->first >= trigger->first)
      continue;
    if (possessor) {
      if (genitive_at - hit->first > POSSESSOR_REACH)
        break;
      if (hit->rule->kind == RULE_CIVILIAN) {
        *civilian = TRUE;
        return NULL;
      }
      continue;
    }
    if (hit->rule->kind == RULE_CIVILIAN) {
      *civilian = TRUE;
      return NULL;
    }
    if (hit->rule->kind == RULE_PRONOUN)
      return pronoun_actor(hits, sentences, sentence, hit);
    if (hit->rule->kind != RULE_ACTOR)
      continue;
    /* a genitive just before the actor, or before a title of it ("du président Assad"): a
     * possessor */
    if (h >= 2 && hits[h - 2].rule->kind == RULE_GENITIVE &&
        hit->first - (hits[h - 2].first + hits[h - 2].rule->n_words) <= GENITIVE_GAP) {
      possessor = hit;
      genitive_at = hits[h - 2].first;
      h--;  /* past the genitive */
      continue;
    }
    return hit;
  }
  return possessor;
}

/* The actor of a trigger, or NULL; *civilian is set when the subject is non-combatant (no
 * event then). The actor before the trigger, else one named by "par"/"by" after it. */
static const Hit *
find_actor(const Hit *hits, const Sentence *sentences, const Sentence *sentence,
           const Hit *trigger, gboolean *civilian)
{
  const Hit *actor = find_actor_before(hits, sentences, sentence, trigger, civilian);
  if (actor == NULL && !*civilian && trigger->rule->kind != RULE_PASSIVE_CAPTURE)
    actor = find_agent(hits, sentence, trigger);
  return actor;
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

/* The events of one report. */
static void
extract_report(const FlTheatre *theatre, const FlGazetteer *gazetteer, const Language *language,
               const FlReport *report, guint report_index, GPtrArray *events)
{
  GString *folded = g_string_sized_new(report->text_len);
  GArray *array = fl_text_split_words(report->text, report->text_len, report->first_line, folded);
  const Word *words = (const Word *)array->data;
  guint *sentence_of = number_sentences(report->text, array);
  GArray *hit_array = find_rules(language, folded, array, sentence_of, FALSE);
  GArray *references = find_rules(language, folded, array, sentence_of, TRUE);
  const Hit *hits = (const Hit *)hit_array->data;
  guint n_sentences;
  Sentence *sentences = sentence_ranges(sentence_of, array->len, hit_array, &n_sentences);
  GArray *mentions = fl_places_find_in_words(gazetteer, folded, array);
  GArray *targets = find_targets(theatre, mentions, words, array->len, sentence_of, references);
  guint first_event = events->len, sentence_events = events->len;
  const Sentence *last_sentence = NULL;
  GArray *triggers = g_array_new(FALSE, FALSE, sizeof(guint));  /* per event of the report */

  for (guint t = 0; t < targets->len; t++) {
    const Target *target = &g_array_index(targets, Target, t);
    guint w = target->word;
    const Sentence *sentence = &sentences[sentence_of[w]];
    const Hit *trigger = NULL;
    /* nearest trigger before the place in the sentence, else nearest after */
    for (guint h = sentence->first_hit; h < sentence->end_hit && hits[h].first < w; h++)
      if (is_trigger(hits[h].rule->kind) &&
          w - hits[h].first <= TRIGGER_REACH + hits[h].rule->n_words)
        trigger = &hits[h];
    /* the place belongs to a nearer trigger when another target stands between them */
    if (trigger && t > 0 && g_array_index(targets, Target, t - 1).word > trigger->first)
      trigger = NULL;
    else if (trigger == NULL)
      for (guint h = sentence->first_hit; h < sentence->end_hit && trigger == NULL; h++)
        if (is_trigger(hits[h].rule->kind) && hits[h].first > w &&
            hits[h].first - w <= TRIGGER_REACH)
          trigger = &hits[h];
    if (trigger == NULL)
      continue;
    /* one event per trigger and place ("Homs ... sur ses murs" is one siege): a look at the
     * events of this sentence */
    if (sentence != last_sentence) {
      last_sentence = sentence;
      sentence_events = events->len;
    }
    gboolean seen = FALSE;
    for (guint e = sentence_events; e < events->len && !seen; e++)
      seen = ((const FlEvent *)events->pdata[e])->place == target->place &&
             g_array_index(triggers, guint, e - first_event) == trigger->first;
    if (seen)
      continue;

    gboolean civilian;
    const Hit *actor = find_actor(hits, sentences, sentence, trigger, &civilian);
    if (civilian)
      continue;  /* people fleeing a town are not a side losing it */
    const Hit *when = NULL;
    guint when_distance = G_MAXUINT;
    for (guint h = sentence->first_hit; h < sentence->end_hit; h++) {
      const Hit *hit = &hits[h];
      if (is_time(hit->rule->kind)) {
        guint distance = hit->first > w ? hit->first - w : w - hit->first;
        if (distance < when_distance) {
          when = hit;
          when_distance = distance;
        }
      }
    }
    FlEvent *event = g_new0(FlEvent, 1);
    event->place = target->place;
    event->faction = actor ? actor->rule->value : -1;
    event->claimant = -1;
    event->kind = trigger->rule->kind == RULE_PASSIVE_CAPTURE ? FL_EVENT_CAPTURE
                                                             : (FlEventKind)trigger->rule->kind;
    event->factuality = factuality_of(hits, sentence, trigger->first);
    event->event_date = report->date;
    event->precision = FL_PRECISION_REPORT;  /* no time word: the report's own day */
    if (when)
      resolve_time(when, &report->date, &event->event_date, &event->precision);
    if (event->factuality == FL_FACT_CLAIMED) {
      const Hit *claimant = claimant_of(hits, sentence);
      if (claimant)
        event->claimant = fl_theatre_faction_on(theatre, claimant->rule->value, &event->event_date);
    }
    /* a name stands for the faction that bears it on the event's date ("the government" after
     * the old one ended means its successor) */
    event->faction = fl_theatre_faction_on(theatre, event->faction, &event->event_date);
    event->report = report_index;
    event->line = words[w].line;
    g_array_append_val(triggers, trigger->first);
    event->evidence = sentence_text(report->text, report->text_len, words, sentence);
    g_ptr_array_add(events, event);
  }
  g_array_unref(triggers);
  g_array_unref(targets);
  g_array_unref(mentions);
  g_free(sentences);
  g_array_unref(references);
  g_array_unref(hit_array);
  g_free(sentence_of);
  g_array_unref(array);
  g_string_free(folded, TRUE);
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
                  const FlLexicon *lexicon, const GPtrArray *reports)
{
  GPtrArray *events = g_ptr_array_new_with_free_func(event_free);
  for (guint r = 0; r < reports->len; r++) {
    const FlReport *report = reports->pdata[r];
    extract_report(theatre, gazetteer, lexicon_language(lexicon, report->lang), report, r,
                   events);
  }
  g_ptr_array_sort(events, compare_events);
  return events;
}
