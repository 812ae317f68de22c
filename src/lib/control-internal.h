/* control-internal.h - what control.c shares with control-apply.c (what one observation does
 * to a state), control-infer.c (control no report states) and control-evidence.c: the weight
 * of an observation, the screening of a place's
 * observations before they are weighed (copies of one story, retrospective dates) and the
 * count of independent reports that support a side on a day. control.c calls
 * control-apply.c, control-infer.c and control-evidence.c, never the reverse. */
#ifndef FL_CONTROL_INTERNAL_H
#define FL_CONTROL_INTERNAL_H

#include <frontline/control.h>

#include <math.h>

G_BEGIN_DECLS

/* How much an observation weighs: 0 it cannot change a state, 1 a party's claim of its own gain,
 * 2 a claim from a neutral or unnamed source, 3 a confirmed report or a party's admission
 * against its own interest. */
int fl_control_weight(const FlEvent *event);

/* The confidence a state gets from an observation of weight w (1 to 3). */
static inline FlConfidence
fl_control_confidence_of(int w)
{
  return w == 3 ? FL_CONFIDENCE_CONFIRMED : FL_CONFIDENCE_CLAIMED;
}

/* Why a step did what it did: the reason fields of an FlHistoryEntry. */
typedef struct {
  FlReason reason;
  const FlEvent *cause;
  gint faction;
  guint support;
} Verdict;

#define VERDICT(reason) ((Verdict){(reason), NULL, -1, 0})

/* The state after event (from state before) in after, what the event did and why (verdict);
 * denial is the denial that cancels it, or NULL (control-apply.c). */
FlEffect fl_control_apply(const FlTheatre *theatre, const FlPlaceState *before,
                          const FlEvent *event, const FlEvent *denial, FlPlaceState *after,
                          Verdict *verdict);

/* Whether a faction is the broader of two allies (factions.tsv "allies"): it has more allies
 * than the other ("rebels", allied with sna, south and sfa, is broader than "south"). */
gboolean fl_control_broader_ally(const FlTheatre *theatre, gint broad, gint specific);

/* Whether event's date is not contemporaneous: only bounded ("earlier this week"), or told by
 * a report published more than a day after it. */
gboolean fl_control_retrospective(const FlEvent *event);

/* What screening found about one observation of a place, before the weighing. */
typedef struct {
  const FlEvent *copy_of;      /* an earlier report's copy of the same sentence, or NULL */
  const FlEvent *dated_later;  /* for a retrospective capture: the first contemporaneous report
                                * of the same faction taking the place, dated later (and not
                                * after the retrospective report was published); or NULL */
} FlScreen;

/* Screens one place's observations (FlEvent*, in the order they are weighed). Returns one
 * FlScreen per observation, same order; g_free() it. Linear in the words of the evidence (plus
 * a sort by report). */
FlScreen *fl_control_screen(const FlTheatre *theatre, const GPtrArray *list);

/* Independent support of two sides over a span of a place's observations: how many distinct
 * reports have a counting capture or hold, of at least a weight, by a faction or one of its
 * allies. A report that backs both sides backs neither. Kept for the last span asked about, per
 * (holder, challenger, weight), so a day asks in time linear in the span. */
typedef struct {
  const FlTheatre *theatre;
  const GPtrArray *list;      /* the place's observations */
  const gboolean *counts;     /* per observation: whether it counts (not a copy, not set aside,
                               * not cancelled); filled as the walk goes */
  guint from, end;            /* the span the memo is for */
  gint *memo;                 /* per holder x challenger x weight: the two counts, or -1 */
  const FlEvent **example;    /* per holder x challenger x weight: one report for the holder */
} FlSupport;

void fl_support_init(FlSupport *support, const FlTheatre *theatre, const GPtrArray *list,
                     const gboolean *counts);
void fl_support_clear(FlSupport *support);
/* The reports of list[from, end), of weight w or more, that back holder's side and not
 * challenger's in *for_holder (one of them in *example), those that back challenger's side and
 * not holder's in *for_challenger, those that back both in *for_both. */
void fl_support_count(FlSupport *support, guint from, guint end, gint holder, gint challenger,
                      int w, guint *for_holder, guint *for_challenger, guint *for_both,
                      const FlEvent **example);

/* The state of a timeline (FlPlaceState by date, [0] the baseline) at the end of date. */
static inline void
fl_timeline_state_at(const GArray *timeline, const GDate *date, FlPlaceState *state)
{
  guint lo = 1, hi = timeline->len;  /* the first change after date */
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    if (g_date_compare(&g_array_index(timeline, FlPlaceState, mid).since, date) > 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  *state = g_array_index(timeline, FlPlaceState, lo - 1);
}

/* A place's position in km on a plane tangent at the centre of the theatre's extent: good
 * for the distances of a front (tens of km), not for a continent. */
static inline void
fl_place_plane(const FlTheatre *theatre, const FlPlace *place, double *x, double *y)
{
  double lat0 = (theatre->south + theatre->north) / 2, lon0 = (theatre->west + theatre->east) / 2;
  *x = (place->lon - lon0) * 111.2 * cos(lat0 * G_PI / 180);
  *y = (place->lat - lat0) * 111.2;
}

/* A place no report names that passes to a faction behind its advance (control-infer.c). */
typedef struct {
  GDate date;
  gint faction;            /* who holds it from date */
  gint holder;             /* who held it: the inference stands only while it still does */
  const FlEvent *cause;    /* the capture beyond it that implies it */
  const char *note;        /* why, in the control's notes */
} FlInference;

/* The inferences the timelines of the reports imply: per place, a GArray of FlInference by
 * date, or NULL; the notes go into notes. g_free() the array, g_array_unref() its elements. */
GArray **fl_control_infer(const FlTheatre *theatre, GArray *const *timelines,
                          GPtrArray *const *events_of, GStringChunk *notes);

/* fl_corrections_load() on contents (len bytes) read already, path naming them in errors;
 * contents NULL reads path. For the fuzz target. */
GPtrArray *fl_corrections_parse(const FlTheatre *theatre, const FlGazetteer *gazetteer,
                                const char *path, const char *contents, gsize len,
                                GError **error);

G_END_DECLS

#endif
