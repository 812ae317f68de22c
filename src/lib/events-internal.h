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

/* ---- the sentences events quote (evidence.c) ---- */

/* A store of evidence sentences, one copy of each, for one extraction. Each sentence holds a
 * reference on its store, so the store lives as long as the extraction's reference
 * (fl_evidence_store_unref) or a sentence in it. The events of one extraction are freed from
 * one thread. */
typedef struct FlEvidenceStore FlEvidenceStore;
FlEvidenceStore *fl_evidence_store_new(void);
void fl_evidence_store_unref(FlEvidenceStore *store);

/* The copy in store of the len bytes of text (not necessarily NUL-terminated), made when there
 * is none: a NUL-terminated sentence with one more reference, for FlEvent.evidence. */
char *fl_evidence_intern(FlEvidenceStore *store, const char *text, gsize len);
/* One more reference on a sentence of a store; returns it. */
char *fl_evidence_acquire(char *evidence);
/* Drops a reference: the last one frees the sentence and takes it out of its store. */
void fl_evidence_release(char *evidence);

/* How far (in words) a trigger reaches to the place it governs. */
#define TRIGGER_REACH 10

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
                            * before the Sunday that ended last week), 1 "depuis", "since" (the
                            * date after it is when it began: on or before the report date) */
  RULE_SAME_DAY,           /* "le même jour", "the next day": value days from the date the
                            * report named last (0 same, 1 next, -1 day before) */
  RULE_DAY_OF_MONTH,       /* "le #": that day of the report's month, or of the month before
                            * when it is later than the report (not before a month name) */
  RULE_YEAR,               /* a year ("en 2016", "in August 2019"): history. Not a lexicon
                            * kind: any number from 1900 to 2099 */
  RULE_CIVILIAN,           /* a non-combatant subject: "habitants", "civils" */
  RULE_GENITIVE,           /* "de", "du", "of": the actor after it is a possessor */
  RULE_REFERENCE,          /* "la ville", "ses murs": the latest place named before; value 1
                            * "these areas": every place of the last list; value 2 "la
                            * capitale": the theatre's capital; value 3 "le chef-lieu", "the
                            * provincial capital": the seat of the last place's governorate */
  RULE_AGENT,              /* "par", "by": the actor after it did what the noun before says */
  RULE_PRONOUN,            /* "ils", "elle", "they": the last actor of the sentence before;
                            * value 1 "nos forces", "we": the one who speaks (the claimant) */
  RULE_NOT_AGENT,          /* "against", "contre", "from", "anti", "hostile à", "fall of": the
                            * actor just after it is a target or a modifier, never the agent */
  RULE_CLAUSE,             /* "while", "alors que", "after": a clause starts; a time word binds
                            * within its clause. Value 1 ("après", "after having"): what follows
                            * came before: a trigger right after it is bounded ("après avoir pris
                            * Alep"), a place right after it and a comma is a time of the story,
                            * not a target ("Après Alep, les rebelles...") */
  RULE_FUTURE,             /* "will", "sera", "could", "if", "next target": what the clause
                            * says of a place is no fact (no event) */
  RULE_REGION,             /* "province of", "campagne de", "countryside" (value 0: before the
                            * place, 1: after it): the region, not the place itself */
  RULE_VICINITY,           /* "near", "outskirts of", "près de" (value 0 before, 1 after): a
                            * capture there is a siege of the place */
  RULE_PART,               /* "most of", "la majeure partie de", "districts of" (value 0 before,
                            * 1 after): a capture of part of the place is an entry */
  RULE_TOWARD,             /* "toward", "en direction de": says nothing of the place after it;
                            * value 1 "fighters from", "venus de": where a side comes from,
                            * unless the verb is a loss ("withdrew its troops from X") */
  RULE_LIST,               /* "et", "and", "ainsi que": joins the places of a list */
  RULE_ABBREVIATION,       /* "Dec", "Gen", "M": a word whose full stop ends no sentence */
  RULE_YEAR_ARTICLE,       /* "the", "de": a year right after it names a thing ("the 2011
                            * uprising", "la révolte de 2011"), not a time of the story */
  RULE_WHOLE,              /* "entire", "la totalité de": a region said whole holds its seat */
  RULE_EXCEPT,             /* "with the exception of", "sauf": the places after it are left out
                            * of what is said of the place before: a loss of the rest is a hold
                            * of them, anything else no event */
  RULE_MONTH_OPENER,       /* "in", "en", "début": a word before a month with no day number
                            * ("in August"): the whole month (RULE_MONTH, number 0) */
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
  guint32 hash0, hash1; /* word_hash32 of the first and second words when whole words (not a
                         * stem or slot), else 0: a cheap first test of a match */
  gint number_slot;     /* the word written '#', which any number matches, or -1 */
  gint actor_slot;      /* the word written '_', an actor of the theatre ("under _ control"),
                         * or -1 */
} Rule;

/* A flat copy of a bucket table for look-ups in the text (open addressing, linear probing): a
 * slot's key 0 is empty; keys are head keys, never 0. */
typedef struct {
  guint32 key;
  const GPtrArray *bucket;
} HeadSlot;

typedef struct {
  HeadSlot *slots;
  guint32 mask;         /* slots - 1, a power of two less one */
} HeadIndex;

/* The rules of one language. */
typedef struct {
  char *lang;
  GPtrArray *rules;     /* Rule* */
  GHashTable *by_head;  /* first three folded bytes of the first word -> GPtrArray of Rule* */
  GHashTable *references_by_head;  /* the same for the references, found apart */
  HeadIndex index, reference_index;  /* the two tables, flat, for the text's words */
  guint8 heads[8192];   /* a bit per first two folded bytes that some rule starts with */
  guint8 reference_heads[8192];
  guint max_words;      /* words of its longest phrase */
  GHashTable *abbreviations;  /* folded words whose full stop ends no sentence */
  GHashTable *year_articles;  /* folded words after which a year is no time (RULE_YEAR_ARTICLE) */
  GHashTable *month_openers;  /* folded words that make a month with no day a time */
  Rule *year;           /* the rule of a year number (RULE_YEAR) */
} Language;

struct FlLexicon {
  GPtrArray *languages; /* Language* */
};

/* ---- matching ---- */

/* A rule found in the text: words [first, end), the rule's words and, in an event phrase, one
 * time word among them ("sont entrés lundi dans": the time word is a hit of its own too). */
typedef struct {
  const Rule *rule;
  guint first, end;
  guint sentence;
  gint number;   /* the number of a '#' slot, or the day before a month; -1 for none */
} Hit;

/* A sentence: its words [first_word, end_word) and its rule hits [first_hit, end_hit). */
typedef struct {
  guint first_word, end_word;
  guint first_hit, end_hit;
} Sentence;

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
  gint *first_deny;    /* per sentence: its first denial marker, or -1 */
  const Word *words;   /* the window's words and their folded text, or NULL: a pronoun with */
  const char *folded;  /* a head noun ("ces groupes") finds the actor named by that noun */
  gboolean no_subject; /* set while the verb after a relative clause of its place is read: its
                        * subject is the place, so its actor is its agent only */
} HitIndex;

/* Whether a rule kind is an event trigger, a time expression. */
static inline gboolean
is_trigger(RuleKind kind)
{
  return kind <= RULE_ENTRY || kind == RULE_PASSIVE_CAPTURE;
}

static inline gboolean
is_time(RuleKind kind)
{
  return kind >= RULE_WEEKDAY && kind <= RULE_YEAR;
}

/* Builds the look-ups of hits[0, n_hits) (in word order) for n_sentences sentences; cleared
 * with fl_hit_index_clear(). */
void fl_hit_index_init(HitIndex *index, const Hit *hits, guint n_hits, guint n_sentences);
void fl_hit_index_clear(HitIndex *index);

/* The first hit of hits[lo, hi) that starts at word or after, or hi. */
guint fl_hits_first_from(const Hit *hits, guint lo, guint hi, guint word);

/* The factuality of the trigger starting at trigger_word in its sentence. */
FlFactuality fl_event_factuality(const HitIndex *index, const Sentence *sentence,
                                 guint sentence_number, guint trigger_word);

/* The actor who makes the sentence's claim, or NULL when the source is neutral or unnamed. */
const Hit *fl_event_claimant(const HitIndex *index, const Sentence *sentence,
                             guint sentence_number);

/* The agent of the trigger hits[trigger] of the place at place_word, by its role, or NULL;
 * *civilian is set when the subject is non-combatant (no event then). sentences is the array
 * sentence points into. */
const Hit *fl_event_actor(const HitIndex *index, const Sentence *sentences,
                          const Sentence *sentence, guint trigger, guint place_word,
                          gboolean *civilian);


/* The place a reference stands for, or -1. A pronoun ("captured it", "s'en sont", value 4)
 * stands for the latest theatre place named (last_place, in sentence last_sentence) in its
 * own or the previous sentence. A noun ("la ville", "the city") stands for the story's topic,
 * the last place named as a city ("la ville stratégique de Homs, qui mène à Damas", in
 * topic_sentence), when it was named in the sentence of the latest place or after it; else
 * for the latest place of its own or the previous sentence; else for the topic named up to
 * three sentences back. */
gint fl_reference_antecedent(const Hit *ref, gint last_place, guint last_sentence, gint topic,
                             guint topic_sentence);

/* The side a capture took the place from ("took Manbij from the SDF", "ont pris Alep au
 * régime"), or the side a loss gave it to ("lost Hama to the rebels", "au profit des
 * rebelles"): an actor right after a source word (not-agent, value 1; for a loss value 2 too)
 * after the trigger and the place (whose last word ends before target_end), in the trigger's
 * clause; or NULL. */
const Hit *fl_event_source(const HitIndex *index, const Sentence *sentence,
                           const guint *clause_of, const Hit *trigger, guint target_end);

/* Resolves the time word hit against the report date, or for "the same day" against
 * last_date (when valid), into date and precision (when.c). */
void fl_time_resolve(const Hit *hit, const GDate *report_date, const GDate *last_date,
                     GDate *date, FlPrecision *precision);

/* The time word of a place at word w whose trigger starts at trigger_word: the nearest in the
 * trigger's clause, else the nearest in the sentence outside clauses with a trigger of their
 * own (clause_has_trigger, per clause); NULL when none. */
const Hit *fl_time_of(const HitIndex *index, const Sentence *sentence, const guint *clause_of,
                      const guint8 *clause_has_trigger, guint w, guint trigger_word);

/* Per sentence of a window (g_free): whether it goes on telling a year before report_year. */
guint8 *fl_time_history(const Hit *hits, const Sentence *sentences, guint n_sentences,
                        const guint *clause_of, GDateYear report_year);

/* The rules of the language lang, or of the first language when the lexicon has none of it. */
const Language *fl_lexicon_language(const FlLexicon *lexicon, const char *lang);

/* Finds every rule in the words, the longest where several start at the same word. References
 * ("la ville") are found apart from the other rules (references TRUE), since a phrase may be
 * both ("sur ses murs": a siege, and the place it points to). A month counts only next to a
 * day number ("le 5 décembre", "December 5") or a year. Returns a GArray of Hit in word order. */
GArray *fl_lexicon_find_rules(const Language *language, const GString *folded, const GArray *words,
                              const guint *sentence_of, gboolean references);

/* The sentence number of every word (g_free): see lexicon.c. */
guint *fl_lexicon_number_sentences(const Language *language, const char *text,
                                   const GString *folded, const GArray *words);

/* ---- scope (scope.c): how the words around a place bear on it ---- */

/* A place an event may be about: a mention of a theatre place, or a reference to one. */
typedef struct {
  guint place;
  guint word;       /* its first word */
  guint end;        /* the word after its last */
} Target;

/* The other side of an event (g_free), or NULL: the loss of the side a capture with no agent
 * took the place from ("Manbij was seized from the SDF": the SDF lost it), the capture by the
 * subject of a loss whose phrase names the loser ("Rebels drove the army out of Hama": the
 * rebels took it) or by the side a loss gave the place to ("lost Hama to the rebels"); on the
 * event's date and with its factuality. */
FlEvent *fl_event_counterpart(const FlTheatre *theatre, const HitIndex *index,
                              const Sentence *sentences, const Sentence *sentence,
                              const guint *clause_of, const Hit *trigger, const Target *target,
                              const FlEvent *event);

/* The scope of a mention: how the words around the name bear on the place itself. */
typedef enum {     /* the first of several wins: "the eastern part of Homs province" */
  SCOPE_NOTHING,   /* "toward X", "south of X": says nothing of it */
  SCOPE_REGION,    /* its province or countryside: not the place, no event */
  SCOPE_VICINITY,  /* its outskirts, suburbs, gates: a capture there is a siege of it */
  SCOPE_PART,      /* part of it, some districts: a capture there is an entry */
  SCOPE_EXCEPTED,  /* left out of what is said ("all of Idlib except X"): a loss is a hold */
  SCOPE_PLACE,     /* the place */
} Scope;

/* The scope of the target for its trigger (before or after it); next_place is the first word
 * of the next target, where the words after the name stop bearing on it. */
/* Whether a plural region word holds the whole list the target t is in ("the Aleppo and Idlib
 * fronts", "les provinces d'Alep et d'Idleb"). */
gboolean fl_list_region(const char *text, const Word *words, const Hit *hits,
                        const Sentence *sentence, const GArray *targets, guint t);

Scope fl_scope_of(const Hit *hits, const Sentence *sentence, const Target *target,
                  guint next_place, const Hit *trigger);

/* The event kind a trigger of kind makes of a place in scope, or -1 for none. */
gint fl_scoped_kind(FlEventKind kind, Scope scope);

/* Whether the words between two targets (prev_end, next) join them in a list: "A, B et C". */
gboolean fl_listed_together(const char *text, const Word *words, const Hit *hits,
                            const Sentence *sentence, guint prev_end, guint next);

/* Whether a place takes the verb of the place before it across a loose list: "Aleppo Thursday
 * and the city of Hama". */
gboolean fl_listed_loosely(const Hit *hits, const Sentence *sentence, const GArray *references,
                           guint prev_end, guint next);

/* Whether a future or modal word makes the trigger's clause no fact for the place at place_word. */
gboolean fl_is_future(const Hit *hits, const Sentence *sentence, const guint *clause_of,
                      const Hit *trigger, guint place_word);

/* Whether an exception ("except", "à l'exception de") between two targets (prev_end, next)
 * leaves the second out of what is said of the first. */
gboolean fl_excepted(const Hit *hits, const Sentence *sentence, guint prev_end, guint next);

/* Whether the sentence asks a question: a '?' after its last word. */
gboolean fl_question(const char *text, gsize len, const Word *words, guint n_words,
                     const Sentence *sentence);

/* Whether a comma or a colon stands just before the target: "deux villes, Alep et Hama". */
gboolean fl_apposed(const char *text, const Word *words, const Sentence *sentence,
                    const Target *target);

/* Whether the target is a fronted place ("In Suwayda, ..."): what follows happened in it. */
gboolean fl_fronted_locative(const char *text, const Word *words, const Hit *hits,
                             const Sentence *sentence, const Target *target);

/* The main verb of a place set off by a relative clause ("Balakliia, which Russia seized in
 * March, was retaken on Thursday"), when its trigger stands in that clause: the next trigger of
 * the sentence after the comma that closes the clause (within TRIGGER_REACH, no place before
 * next_place); NULL otherwise, the clause's own verb being the place's. */
const Hit *fl_main_trigger(const char *text, const Word *words, const Hit *hits,
                           const Sentence *sentence, const Target *target, guint next_place,
                           const Hit *trigger);

#endif
