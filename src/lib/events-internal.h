/* events-internal.h - a lexicon built one language at a time, from files or from memory.
 * fl_lexicon_load() reads the theatre's lexicon folder through these; the fuzzers and tests
 * feed them bytes. */
#ifndef FL_EVENTS_INTERNAL_H
#define FL_EVENTS_INTERNAL_H

#include <frontline/events.h>

#include "text-internal.h"

/* A lexicon with no language yet. Caller frees with fl_lexicon_free(); fl_events_extract()
 * needs at least one language. */
FlLexicon *fl_lexicon_new(void);

/* Adds the rules of lang (the lexicon TSV: kind, phrase, value) and the theatre's actors of
 * that language. The rules come from len bytes of contents (not necessarily NUL-terminated),
 * or, when contents is NULL, from the file at path; path names the table in messages. Fails
 * with FL_EVENTS_ERROR naming path:line, leaving lexicon as it was. */
gboolean fl_lexicon_read_language(FlLexicon *lexicon, const FlTheatre *theatre, const char *lang,
                                  const char *path, const char *contents, gsize len,
                                  GError **error);

/* How far (in words) a trigger reaches to the place it governs. */
#define TRIGGER_REACH 8

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
  RULE_SPAN,               /* a vague span that bounds the date: value 0 "earlier this week"
                            * (on or before the report date), -1 "la semaine dernière" (on or
                            * before the Sunday that ended last week) */
  RULE_SAME_DAY,           /* "le même jour", "the next day": value days from the date the
                            * report named last (0 same, 1 next, -1 day before) */
  RULE_YEAR,               /* a year ("en 2016", "in August 2019"): history. Not a lexicon
                            * kind: any number from 1900 to 2099 */
  RULE_CIVILIAN,           /* a non-combatant subject: "habitants", "civils" */
  RULE_GENITIVE,           /* "de", "du", "of": the actor after it is a possessor */
  RULE_REFERENCE,          /* "la ville", "ses murs": the latest place named before */
  RULE_AGENT,              /* "par", "by": the actor after it did what the noun before says */
  RULE_PRONOUN,            /* "ils", "elle", "they": the last actor of the sentence before */
  RULE_NOT_AGENT,          /* "against", "contre", "from", "anti", "hostile à", "fall of": the
                            * actor just after it is a target or a modifier, never the agent */
  RULE_CLAUSE,             /* "while", "alors que", "after": a clause starts; a time word binds
                            * within its clause */
  RULE_FUTURE,             /* "will", "sera", "could", "if", "next target": what the clause
                            * says of a place is no fact (no event) */
  RULE_REGION,             /* "province of", "campagne de", "countryside" (value 0: before the
                            * place, 1: after it): the region, not the place itself */
  RULE_VICINITY,           /* "near", "outskirts of", "près de" (value 0 before, 1 after): a
                            * capture there is a siege of the place */
  RULE_PART,               /* "most of", "la majeure partie de", "districts of" (value 0 before,
                            * 1 after): a capture of part of the place is an entry */
  RULE_TOWARD,             /* "toward", "en direction de": says nothing of the place after it */
  RULE_LIST,               /* "et", "and", "ainsi que": joins the places of a list */
  RULE_ABBREVIATION,       /* "Dec", "Gen", "M": a word whose full stop ends no sentence */
  RULE_ACTOR,              /* value: faction index */
  N_RULES
} RuleKind;

typedef struct {
  RuleKind kind;
  gint value;
  guint n_words;
  char **words;         /* folded words */
  guint *lens;          /* their lengths in bytes */
  gboolean *stem;       /* word ends in '*' */
  gint number_slot;     /* the word written '#', which any number matches, or -1 */
} Rule;

/* The rules of one language. */
typedef struct {
  char *lang;
  GPtrArray *rules;     /* Rule* */
  GHashTable *by_head;  /* first three folded bytes of the first word -> GPtrArray of Rule* */
  guint max_words;      /* words of its longest phrase */
  GHashTable *abbreviations;  /* folded words whose full stop ends no sentence */
  Rule *year;           /* the rule of a year number (RULE_YEAR) */
} Language;

struct FlLexicon {
  GPtrArray *languages; /* Language* */
};

/* ---- matching ---- */

/* A rule found in the text: words [first, first + n_words). */
typedef struct {
  const Rule *rule;
  guint first;
  guint sentence;
  gint number;   /* the number of a '#' slot, or the day before a month; -1 for none */
} Hit;

/* The rules of the language lang, or of the first language when the lexicon has none of it. */
const Language *fl_lexicon_language(const FlLexicon *lexicon, const char *lang);

/* The value of a word of digits (up to 9), or -1. */
gint fl_lexicon_number_value(const char *folded, const Word *word);

/* Finds every rule in the words, the longest where several start at the same word. References
 * ("la ville") are found apart from the other rules (references TRUE), since a phrase may be
 * both ("sur ses murs": a siege, and the place it points to). A month counts only next to a
 * day number ("le 5 décembre", "December 5") or a year. Returns a GArray of Hit in word order. */
GArray *fl_lexicon_find_rules(const Language *language, const GString *folded, const GArray *words,
                              const guint *sentence_of, gboolean references);

/* The sentence number of every word (g_free): see lexicon.c. */
guint *fl_lexicon_number_sentences(const Language *language, const char *text,
                                   const GString *folded, const GArray *words);

#endif
