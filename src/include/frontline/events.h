/* frontline/events.h - stage 3: who took, lost, besieges or holds what, and when.
 *
 * Rules are data: a lexicon per language (gazetteer/lang/<lang>.tsv: verbs and phrases of
 * each event kind, factuality markers, relative dates) and the theatre's actors (actors.tsv:
 * names that stand for a faction). The code knows no word of any language. */
#ifndef FRONTLINE_EVENTS_H
#define FRONTLINE_EVENTS_H

#include <frontline/places.h>

G_BEGIN_DECLS

#define FL_EVENTS_ERROR (fl_events_error_quark())
GQuark fl_events_error_quark(void);
typedef enum {
  FL_EVENTS_ERROR_IO,      /* a lexicon file is missing or unreadable */
  FL_EVENTS_ERROR_SYNTAX,  /* a malformed lexicon row (file:line says where) */
} FlEventsError;

typedef enum {
  FL_EVENT_CAPTURE,   /* a faction takes the place */
  FL_EVENT_LOSS,      /* a faction loses or leaves the place */
  FL_EVENT_SIEGE,     /* fighting at, around or at the gates of the place */
  FL_EVENT_HOLD,      /* a faction holds or repels an attack */
  FL_EVENT_ENTRY,     /* a faction entered the place or holds part of it (districts, half the
                       * city, street fighting inside): contested, never captured */
} FlEventKind;

typedef enum {
  FL_FACT_CONFIRMED,
  FL_FACT_CLAIMED,
  FL_FACT_HEDGED,
  FL_FACT_DENIED,
  FL_FACT_NEGATED,
  FL_FACT_UNVERIFIED,
} FlFactuality;

typedef enum {
  FL_PRECISION_DAY,
  FL_PRECISION_PART_OF_DAY,
  FL_PRECISION_WEEK,
  FL_PRECISION_REPORT,   /* no time word: the report's own date */
  FL_PRECISION_BOUND,    /* a vague span ("earlier this week", "la semaine dernière"): the
                          * event happened on or before event_date, which bounds it */
} FlPrecision;

const char *fl_event_kind_name(FlEventKind kind);
const char *fl_factuality_name(FlFactuality factuality);
const char *fl_precision_name(FlPrecision precision);

typedef struct {
  guint place;            /* index into theatre->places */
  gint faction;           /* index into theatre->factions, or -1 when no faction is named */
  FlEventKind kind;
  FlFactuality factuality;
  gint claimant;          /* for a claimed event, the faction that makes the claim ("les rebelles
                           * affirment..."), or -1: a neutral or unnamed source */
  GDate event_date;
  FlPrecision precision;
  guint report;           /* index into the reports array given to fl_events_extract */
  GDate report_date;      /* the publication date of that report */
  guint line;             /* 1-based line of the sentence in the report file */
  char *evidence;         /* the sentence as written, at most 600 bytes (a longer one is cut at
                           * a word and ends with "…"); one copy that every event quoting the
                           * same sentence shares (the array's free function releases it with
                           * the event) */
} FlEvent;

/* The language rules. Opaque. */
typedef struct FlLexicon FlLexicon;

/* Loads the lexicons of every language the theatre lists, from the folder named by the theatre
 * (theatre.ini [files] lexicons). Caller frees with fl_lexicon_free(). */
FlLexicon *fl_lexicon_load(const FlTheatre *theatre, GError **error);
void fl_lexicon_free(FlLexicon *lexicon);

/* Extracts events from every report (a GPtrArray of FlReport*), reading each body in bounded
 * windows (memory grows with the events found, not with the text; time is linear in it).
 * Returns a GPtrArray of FlEvent* that frees its elements, sorted by event date then report
 * order; NULL with error set (FL_REPORT_ERROR_IO) when a report's file cannot be read again. */
GPtrArray *fl_events_extract(const FlTheatre *theatre, const FlGazetteer *gazetteer,
                             const FlLexicon *lexicon, const GPtrArray *reports, GError **error);

G_END_DECLS

#endif
