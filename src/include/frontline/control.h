/* frontline/control.h - stage 4: who holds each place on any date.
 *
 * A timeline per place starts from the theatre's baseline and applies the events in date order.
 * Every state carries the event that justifies it (or none: the baseline). */
#ifndef FRONTLINE_CONTROL_H
#define FRONTLINE_CONTROL_H

#include <frontline/events.h>

G_BEGIN_DECLS

#define FL_CONTROL_ERROR (fl_control_error_quark())
GQuark fl_control_error_quark(void);
typedef enum {
  FL_CONTROL_ERROR_IO,         /* the corrections file is missing or unreadable */
  FL_CONTROL_ERROR_SYNTAX,     /* a malformed row (file:line says where) */
  FL_CONTROL_ERROR_VALUE,      /* a bad date or status, a date outside the theatre's period */
  FL_CONTROL_ERROR_REFERENCE,  /* an unknown place or faction */
  FL_CONTROL_ERROR_CONFLICT,   /* two rows of one place and day that disagree */
} FlControlError;

typedef enum {
  FL_STATUS_HELD,
  FL_STATUS_CONTESTED,
  FL_STATUS_BESIEGED,
  FL_STATUS_ABANDONED,
} FlStatus;

typedef enum {
  FL_CONFIDENCE_BASELINE,
  FL_CONFIDENCE_CONFIRMED,
  FL_CONFIDENCE_CLAIMED,
  FL_CONFIDENCE_INFERRED,   /* deduced, not reported: a faction's places passing to its successor,
                             * a place behind a faction's advance */
  FL_CONFIDENCE_ANALYST,    /* set by the analyst's corrections file */
} FlConfidence;

const char *fl_status_name(FlStatus status);
const char *fl_confidence_name(FlConfidence confidence);
/* Parses a status name ("held"...). */
gboolean fl_status_parse(const char *name, FlStatus *status);

/* One row of an analyst's corrections file: the state of a place from a date on, which wins
 * over every report of that date (later reports may change it again). */
typedef struct {
  guint place;             /* index into theatre->places */
  gint faction;            /* or -1: nobody */
  FlStatus status;
  GDate date;
  char *note;              /* the analyst's reason, as written ("" when none) */
  char *origin;            /* "file:line" */
} FlCorrection;

/* Loads a corrections file: TSV with the columns date, place_id (an id, or any name or alias
 * of the place, as fl_places_resolve() reads it in gazetteer, the theatre's name index),
 * faction (an id or empty for nobody), status (held, contested, besieged, abandoned) and
 * optionally note. Two rows of one place and date must agree (FL_CONTROL_ERROR_CONFLICT
 * names both lines). Every error names file:line. Returns a GPtrArray of FlCorrection* that
 * frees its elements. */
GPtrArray *fl_corrections_load(const FlTheatre *theatre, const FlGazetteer *gazetteer,
                               const char *path, GError **error);

/* The state of one place on one date. */
typedef struct {
  gint faction;            /* index into theatre->factions, or -1 (nobody, or not in theatre) */
  FlStatus status;
  FlConfidence confidence;
  GDate since;             /* when this state began (the baseline date for the baseline) */
  const FlEvent *evidence; /* borrowed from the control's events; NULL when not from a report */
  const char *note;        /* borrowed, when evidence is NULL: the baseline's source, the
                            * analyst's note, or why the state was inferred; may be NULL */
} FlPlaceState;

/* What an observation did to its place's timeline. */
typedef enum {
  FL_EFFECT_APPLIED,         /* it changed the state */
  FL_EFFECT_NO_CHANGE,       /* it agreed with the state, or does not bear on its holder */
  FL_EFFECT_NOT_FACTUAL,     /* denied, negated, hedged or unverified: evidence of nothing */
  FL_EFFECT_CANCELLED,       /* a claim that a denial contradicts */
  FL_EFFECT_CONTRADICTED,    /* same-day claims of equal weight that disagree: contested */
  FL_EFFECT_NO_ACTOR,        /* a capture with no named faction */
  FL_EFFECT_BEFORE_BASELINE, /* on or before the baseline date, which already says it */
  FL_EFFECT_CORRECTION,      /* an analyst's correction */
  FL_EFFECT_SUCCESSION,      /* the holder ceased to exist; its successor takes over */
  FL_EFFECT_OUTWEIGHED,      /* a lone capture of a day outnumbered by the reports of that day
                              * for the side that holds the place */
  FL_EFFECT_RETROSPECTIVE,   /* a capture told long after, or only bounded, that contemporaneous
                              * reports date later */
  FL_EFFECT_INFERRED,        /* no report names the place since: it lies behind an advance */
} FlEffect;

/* Why an observation did what it did, beyond its effect (the timeline's reason column). */
typedef enum {
  FL_REASON_NONE,
  FL_REASON_AGREES,          /* no-change: the state already says it, or it does not bear on
                              * the holder */
  FL_REASON_COPY,            /* no-change: cause is the earlier report's copy of the sentence */
  FL_REASON_ALLY_HOLDS,      /* no-change: a capture by a broader ally of the holder (rebels,
                              * when their ally south holds it): faction is the holder */
  FL_REASON_ALLY_NAMED,      /* applied: a capture by a specific ally of the broader holder
                              * names who holds it; faction is the broader one */
  FL_REASON_ALLY_PRESENT,    /* no-change: a siege or entry by an ally of the holder (faction) */
  FL_REASON_KEEPS_CONFIRMED, /* no-change: the holder's claim does not lower a confirmed state */
  FL_REASON_OUTWEIGHED,      /* outweighed: support reports of that day for faction; cause is
                              * one of them */
  FL_REASON_DATED_LATER,     /* retrospective: cause is the contemporaneous report that dates
                              * the change later */
  FL_REASON_DENIED,          /* cancelled-by-denial: cause is the denial */
  FL_REASON_ENTRANT_HOLDS,   /* applied: the holder left a place another side had entered;
                              * faction is that side, which holds it now; cause is its entry */
  FL_REASON_PRESSING_ALLY,   /* applied: a broader ally's capture of a place a specific ally
                              * besieged or had entered is that ally's (faction); cause is its
                              * siege or entry */
  FL_REASON_BEHIND_ADVANCE,  /* inferred: faction took a place beyond it (cause) */
  FL_REASON_GUARDED,         /* outweighed: a lone report of a capture of a capital or
                              * region seat, against support reports of the holder
                              * (faction) in the days before; cause is one of them */
} FlReason;

const char *fl_effect_name(FlEffect effect);

/* One step of a place's history: an observation, a correction or a succession, in the order
 * they were weighed, with the state after it. */
typedef struct {
  GDate date;
  const FlEvent *event;            /* borrowed, or NULL */
  const FlCorrection *correction;  /* borrowed, or NULL */
  FlEffect effect;
  FlReason reason;
  const FlEvent *cause;            /* borrowed, or NULL: the observation the reason names */
  gint faction;                    /* the faction the reason names, or -1 */
  guint support;                   /* for FL_REASON_OUTWEIGHED: how many reports outweigh it */
  FlPlaceState state;              /* the state after this step */
} FlHistoryEntry;

typedef struct FlControl FlControl;

/* Builds the timelines. Takes a reference on events (a GPtrArray of FlEvent*, may be empty)
 * and on corrections (FlCorrection*, or NULL); the theatre must outlive the control. Caller
 * frees with fl_control_free(). */
FlControl *fl_control_new(const FlTheatre *theatre, GPtrArray *events, GPtrArray *corrections);
void fl_control_free(FlControl *control);

/* The theatre the control was built for. */
const FlTheatre *fl_control_theatre(const FlControl *control);

/* The state of place (index into theatre->places) at the end of date. */
void fl_control_state_at(const FlControl *control, guint place, const GDate *date,
                         FlPlaceState *state);

/* Every step of place's history (FlHistoryEntry), the baseline first. Borrowed from control.
 * Made on the first call for the place (the place is weighed again) and kept, so that a
 * control whose histories are not asked for holds no more than the states: not to be called
 * from two threads at once. */
const GArray *fl_control_history(const FlControl *control, guint place);

/* The last day, on or before date, when a report said something of place that its state on
 * date rests on (an observation that set it or agreed with it), into *reported. FALSE when no
 * report has since the state began (a baseline, an inference, a succession, a correction). */
gboolean fl_control_reported(const FlControl *control, guint place, const GDate *date,
                             GDate *reported);

/* What a place's state on a date rests on, as a map and the exports tell it. */
typedef enum {
  FL_BASIS_REPORTED,   /* a report set or supported it since the front last moved near it */
  FL_BASIS_BASELINE,   /* the baseline, and the front has not moved near it since */
  FL_BASIS_INFERRED,   /* inferred (behind an advance, a successor) */
  FL_BASIS_ANALYST,    /* the analyst's correction */
  FL_BASIS_STALE,      /* not reported since another side took a place near it: within
                        * [control] stale_reach_km, after its last report (or the start of its
                        * state) and on or before the date */
} FlBasis;

const char *fl_basis_name(FlBasis basis);

/* The basis of every theatre place's state on date: an array of theatre->places->len, g_free()
 * it. Costs places x the changes up to date. */
FlBasis *fl_control_bases(const FlControl *control, const GDate *date);

/* A change of holder: a faction took a place from another, or from nobody. */
typedef struct {
  guint place;             /* index into theatre->places */
  gint from_faction;       /* the last holder before, or -1 (never held by a faction) */
  gint to_faction;         /* the new holder: a faction index, never -1 */
  GDate date;              /* the day of the change (the state's since) */
  FlConfidence confidence; /* confirmed or claimed */
  const FlEvent *evidence; /* borrowed from the control's events; NULL for an inferred or
                            * analyst's change */
} FlControlChange;

/* Every change of holder after the baseline and up to the end of until, in date order (on one
 * day, by report then line of the evidence, then by place). A place abandoned by its holder
 * and then taken by another faction changes from the old holder to the new one; a place
 * abandoned and taken back by the same faction, a siege or a contest are no change. Returns a
 * GArray of FlControlChange owned by the caller (g_array_unref); the evidence pointers are
 * borrowed from the control and live as long as it. */
GArray *fl_control_changes(const FlControl *control, const GDate *until);

/* Whether a report tells of something at place (a capture, a loss, a siege, an entry, a hold;
 * claimed, hedged or denied too) that happened after the baseline date and up to the end of
 * until. */
gboolean fl_control_told(const FlControl *control, guint place, const GDate *until);

G_END_DECLS

#endif
