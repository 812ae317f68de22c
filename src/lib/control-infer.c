/* control-infer.c - stage 4: control no report states, inferred from the reports' captures.
 *
 * The rule (README "How control is decided"): when a faction F takes a place C from G, the
 * ground between C and F's nearest place the day before (its origin O) is ground F came
 * through. A theatre place P there passes to F on the day C fell, with confidence "inferred",
 * when
 * - P lies between O and C: its projection on the segment O-C falls strictly inside it, at most
 *   [control] infer_reach_km off the segment, and O is at most infer_advance_km from C;
 * - G still held P that day, by the timelines the reports give (contested or besieged
 *   included), and F is no ally of G;
 * - no report names P from that day on, save F's (or an ally's) entry or siege of it: direct
 *   evidence always wins over inference, its date included.
 * A place F had entered before (contested, F inside) passes to F from that entry: F's advance
 * beyond it shows it was not thrown back. Inference reads the timelines of the reports alone,
 * never inferred ones: it does not chain. Its cost is captures x places. */
#include "control-internal.h"

#include <math.h>

/* A change of holder that a report gives: faction took place from holder on date. */
typedef struct {
  guint place;
  gint faction, holder;
  GDate date;
  const FlEvent *evidence;
} Capture;

typedef struct {
  const FlTheatre *theatre;
  GArray *const *timelines;
  GPtrArray *const *events_of;
  GStringChunk *notes;
  double *x, *y;          /* per place: km on a plane tangent at the theatre's centre */
  GArray **inferences;    /* per place: FlInference, or NULL */
} Infer;

/* The holder-changing captures of place p's timeline (after the baseline, with a report). */
static void
captures_of(const Infer *infer, guint p, GArray *captures)
{
  const GArray *timeline = infer->timelines[p];
  gint holder = g_array_index(timeline, FlPlaceState, 0).faction;
  for (guint i = 1; i < timeline->len; i++) {
    const FlPlaceState *state = &g_array_index(timeline, FlPlaceState, i);
    if (state->faction < 0)
      continue;
    if (state->faction != holder && holder >= 0 && state->status == FL_STATUS_HELD &&
        state->evidence && !fl_theatre_allied(infer->theatre, state->faction, holder)) {
      Capture capture = {p, state->faction, holder, state->since, state->evidence};
      g_array_append_val(captures, capture);
    }
    holder = state->faction;
  }
}

static double
distance(const Infer *infer, guint a, guint b)
{
  return hypot(infer->x[a] - infer->x[b], infer->y[a] - infer->y[b]);
}

/* F's place nearest to the capture's place on the day before it, within the longest advance;
 * or -1. */
static gint
origin_of(const Infer *infer, const Capture *capture)
{
  const FlTheatre *theatre = infer->theatre;
  GDate before = capture->date;
  g_date_subtract_days(&before, 1);
  gint best = -1;
  double best_km = theatre->infer_advance_km;
  for (guint q = 0; q < theatre->places->len; q++) {
    if (q == capture->place || !((const FlPlace *)theatre->places->pdata[q])->in_theatre)
      continue;
    double km = distance(infer, q, capture->place);
    if (km > best_km)
      continue;
    FlPlaceState state;
    fl_timeline_state_at(infer->timelines[q], &before, &state);
    if (state.faction == capture->faction && state.status != FL_STATUS_ABANDONED) {
      best = (gint)q;
      best_km = km;
    }
  }
  return best;
}

/* Whether place p lies between origin o and capture place c, within reach of the segment. */
static gboolean
between(const Infer *infer, guint p, guint o, guint c)
{
  double dx = infer->x[c] - infer->x[o], dy = infer->y[c] - infer->y[o];
  double length2 = dx * dx + dy * dy;
  if (length2 <= 0)
    return FALSE;
  double px = infer->x[p] - infer->x[o], py = infer->y[p] - infer->y[o];
  double t = (px * dx + py * dy) / length2;
  if (t <= 0 || t >= 1)
    return FALSE;
  return fabs(px * dy - py * dx) / sqrt(length2) <= infer->theatre->infer_reach_km;
}

/* Whether a report names place p on or after date with anything but faction's (or an ally's)
 * entry or siege: then what the reports say of p stands. */
static gboolean
named_since(const Infer *infer, guint p, const GDate *date, gint faction)
{
  const GPtrArray *list = infer->events_of[p];
  for (guint i = 0; list && i < list->len; i++) {
    const FlEvent *event = list->pdata[i];
    if (g_date_compare(&event->event_date, date) < 0 ||
        (event->factuality != FL_FACT_CONFIRMED && event->factuality != FL_FACT_CLAIMED))
      continue;
    gboolean friendly = event->faction >= 0 &&
                        (event->faction == faction ||
                         fl_theatre_allied(infer->theatre, event->faction, faction));
    if (!(friendly && (event->kind == FL_EVENT_ENTRY || event->kind == FL_EVENT_SIEGE)))
      return TRUE;
  }
  return FALSE;
}

/* Adds the inference that place p passes to the capturing faction, if the rule allows it. */
static void
infer_place(Infer *infer, guint p, gint origin, const Capture *capture)
{
  const FlTheatre *theatre = infer->theatre;
  FlPlaceState state;
  GDate eve = capture->date;  /* the holder on the morning of the capture: a faction that ends
                               * that day has handed its places on by its evening */
  g_date_subtract_days(&eve, 1);
  fl_timeline_state_at(infer->timelines[p], &eve, &state);
  if (state.faction != capture->holder)
    return;
  GDate date = capture->date;
  const FlEvent *inside = state.status == FL_STATUS_CONTESTED && state.evidence &&
                                  state.evidence->kind == FL_EVENT_ENTRY &&
                                  state.evidence->faction == capture->faction
                              ? state.evidence : NULL;
  if (inside && g_date_compare(&inside->event_date, &theatre->baseline_date) > 0)
    date = inside->event_date;
  if (named_since(infer, p, &date, capture->faction))
    return;
  const FlFaction *faction = theatre->factions->pdata[capture->faction];
  const char *from = fl_place_label(theatre->places->pdata[origin], "en");
  const char *to = fl_place_label(theatre->places->pdata[capture->place], "en");
  char taken[16];
  fl_date_format_iso(&capture->date, taken);
  g_autofree char *note =
      inside ? g_strdup_printf("%s, inside it since its entry, has since taken %s beyond it "
                               "(on %s, from %s); no report names it since", faction->id, to,
                               taken, from)
             : g_strdup_printf("no report names it since; it lies on the advance of %s from %s "
                               "to %s (taken on %s)", faction->id, from, to, taken);
  FlInference inference = {date, capture->faction, capture->holder, capture->evidence,
                           g_string_chunk_insert_const(infer->notes, note)};
  if (infer->inferences[p] == NULL)
    infer->inferences[p] = g_array_new(FALSE, FALSE, sizeof(FlInference));
  g_array_append_val(infer->inferences[p], inference);
}

static gint
compare_inferences(gconstpointer a, gconstpointer b)
{
  return g_date_compare(&((const FlInference *)a)->date, &((const FlInference *)b)->date);
}

GArray **
fl_control_infer(const FlTheatre *theatre, GArray *const *timelines, GPtrArray *const *events_of,
                 GStringChunk *notes)
{
  guint n = theatre->places->len;
  Infer infer = {theatre, timelines, events_of, notes, g_new(double, n), g_new(double, n),
                 g_new0(GArray *, n)};
  for (guint p = 0; p < n; p++)
    fl_place_plane(theatre, theatre->places->pdata[p], &infer.x[p], &infer.y[p]);
  GArray *captures = g_array_new(FALSE, FALSE, sizeof(Capture));
  for (guint p = 0; theatre->infer_reach_km > 0 && p < n; p++)
    if (((const FlPlace *)theatre->places->pdata[p])->in_theatre)
      captures_of(&infer, p, captures);
  for (guint i = 0; i < captures->len; i++) {
    const Capture *capture = &g_array_index(captures, Capture, i);
    gint origin = origin_of(&infer, capture);
    for (guint p = 0; origin >= 0 && p < n; p++)
      if (p != capture->place && p != (guint)origin &&
          ((const FlPlace *)theatre->places->pdata[p])->in_theatre &&
          between(&infer, p, (guint)origin, capture->place))
        infer_place(&infer, p, origin, capture);
  }
  for (guint p = 0; p < n; p++)
    if (infer.inferences[p])
      g_array_sort(infer.inferences[p], compare_inferences);
  g_array_unref(captures);
  g_free(infer.x);
  g_free(infer.y);
  return infer.inferences;
}
