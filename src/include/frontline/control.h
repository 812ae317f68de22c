/* frontline/control.h - stage 4: who holds each place on any date.
 *
 * A timeline per place starts from the theatre's baseline and applies the events in date order.
 * Every state carries the event that justifies it (or none: the baseline). */
#ifndef FRONTLINE_CONTROL_H
#define FRONTLINE_CONTROL_H

#include <frontline/events.h>

G_BEGIN_DECLS

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
  FL_CONFIDENCE_INFERRED,
} FlConfidence;

const char *fl_status_name(FlStatus status);
const char *fl_confidence_name(FlConfidence confidence);

/* The state of one place on one date. */
typedef struct {
  gint faction;            /* index into theatre->factions, or -1 (nobody, or not in theatre) */
  FlStatus status;
  FlConfidence confidence;
  GDate since;             /* when this state began (the baseline date for the baseline) */
  const FlEvent *evidence; /* borrowed from the control's events; NULL for the baseline */
} FlPlaceState;

typedef struct FlControl FlControl;

/* Builds the timelines. Takes a reference on events (a GPtrArray of FlEvent*, may be empty);
 * the theatre must outlive the control. Caller frees with fl_control_free(). */
FlControl *fl_control_new(const FlTheatre *theatre, GPtrArray *events);
void fl_control_free(FlControl *control);

/* The state of place (index into theatre->places) at the end of date. */
void fl_control_state_at(const FlControl *control, guint place, const GDate *date,
                         FlPlaceState *state);

/* A change of holder: a faction took a place from another, or from nobody. */
typedef struct {
  guint place;             /* index into theatre->places */
  gint from_faction;       /* the last holder before, or -1 (never held by a faction) */
  gint to_faction;         /* the new holder: a faction index, never -1 */
  GDate date;              /* the day of the change (the state's since) */
  FlConfidence confidence; /* confirmed or claimed */
  const FlEvent *evidence; /* borrowed from the control's events */
} FlControlChange;

/* Every change of holder after the baseline and up to the end of until, in date order (on one
 * day, by report then line of the evidence, then by place). A place abandoned by its holder
 * and then taken by another faction changes from the old holder to the new one; a place
 * abandoned and taken back by the same faction, a siege or a contest are no change. Returns a
 * GArray of FlControlChange owned by the caller (g_array_unref); the evidence pointers are
 * borrowed from the control and live as long as it. */
GArray *fl_control_changes(const FlControl *control, const GDate *until);

G_END_DECLS

#endif
