/* control.c - stage 4: a timeline per place, from the baseline and the events.
 *
 * The rules (README "How control is decided"):
 * - the baseline gives each theatre place its holder on the baseline date;
 * - events are applied in date order; on one day, claims before confirmed events (so a
 *   confirmed report has the last word), and losses before sieges before holds before captures;
 * - only confirmed and claimed events change a state: a denied, negated, hedged or unverified
 *   sentence is evidence of nothing by itself;
 * - a denial cancels the claims it contradicts, on its day or the day before: a denied loss by
 *   F cancels claimed losses by F and claimed captures by others; a denied capture by G cancels
 *   claimed captures by G. A cancelled capture leaves the place contested, holder unchanged;
 *   a cancelled loss changes nothing;
 * - a capture by a named faction makes it the holder (confidence confirmed or claimed);
 *   a capture with no named faction changes nothing;
 * - a loss by the holder leaves the place abandoned by it (no holder), never the opponent's;
 *   a loss by anyone else changes nothing;
 * - a siege by anyone but the holder makes the place besieged, holder unchanged;
 * - a hold by the holder makes the place held again. */
#include <frontline/control.h>

static const char *const status_names[] = {"held", "contested", "besieged", "abandoned"};
static const char *const confidence_names[] = {"baseline", "confirmed", "claimed", "inferred"};

const char *
fl_status_name(FlStatus status)
{
  return (guint)status < G_N_ELEMENTS(status_names) ? status_names[status] : "?";
}

const char *
fl_confidence_name(FlConfidence confidence)
{
  return (guint)confidence < G_N_ELEMENTS(confidence_names) ? confidence_names[confidence] : "?";
}

struct FlControl {
  const FlTheatre *theatre;
  GPtrArray *events;
  GArray **timelines;   /* per place: FlPlaceState, in date order; [0] the baseline */
};

/* Order of kinds within one day. */
static int
kind_order(FlEventKind kind)
{
  switch (kind) {
  case FL_EVENT_LOSS: return 0;
  case FL_EVENT_SIEGE: return 1;
  case FL_EVENT_HOLD: return 2;
  case FL_EVENT_CAPTURE: return 3;
  }
  return 4;
}

static gint
compare_for_place(gconstpointer a, gconstpointer b)
{
  const FlEvent *x = *(FlEvent *const *)a, *y = *(FlEvent *const *)b;
  gint by_date = g_date_compare(&x->event_date, &y->event_date);
  if (by_date)
    return by_date;
  gint claims_first = (x->factuality == FL_FACT_CONFIRMED) - (y->factuality == FL_FACT_CONFIRMED);
  if (claims_first)
    return claims_first;
  return kind_order(x->kind) - kind_order(y->kind);
}

/* Whether denial contradicts claim (both about the same place, on the same day or the day
 * after the claim). */
static gboolean
denial_cancels(const FlEvent *denial, const FlEvent *claim)
{
  if (denial->factuality != FL_FACT_DENIED || claim->factuality != FL_FACT_CLAIMED)
    return FALSE;
  gint days = g_date_days_between(&claim->event_date, &denial->event_date);
  if (days < 0 || days > 1)
    return FALSE;
  if (denial->kind == FL_EVENT_LOSS)
    return (claim->kind == FL_EVENT_LOSS && claim->faction == denial->faction) ||
           (claim->kind == FL_EVENT_CAPTURE && claim->faction != denial->faction);
  if (denial->kind == FL_EVENT_CAPTURE)
    return claim->kind == FL_EVENT_CAPTURE && claim->faction == denial->faction;
  return FALSE;
}

/* The state after event, from state before; FALSE when the event changes nothing. A cancelled
 * event (a claim a denial contradicts) makes a capture a contest. */
static gboolean
apply_event(const FlPlaceState *before, const FlEvent *event, gboolean cancelled,
            FlPlaceState *after)
{
  if (cancelled) {
    if (event->kind != FL_EVENT_CAPTURE || event->faction < 0 ||
        event->faction == before->faction || before->faction < 0 ||
        before->status == FL_STATUS_CONTESTED)
      return FALSE;
    *after = *before;
    after->since = event->event_date;
    after->evidence = event;
    after->status = FL_STATUS_CONTESTED;
    return TRUE;
  }
  FlConfidence confidence;
  if (event->factuality == FL_FACT_CONFIRMED)
    confidence = FL_CONFIDENCE_CONFIRMED;
  else if (event->factuality == FL_FACT_CLAIMED)
    confidence = FL_CONFIDENCE_CLAIMED;
  else
    return FALSE;
  *after = *before;
  after->since = event->event_date;
  after->evidence = event;
  after->confidence = confidence;
  switch (event->kind) {
  case FL_EVENT_CAPTURE:
    if (event->faction < 0)
      return FALSE;
    after->faction = event->faction;
    after->status = FL_STATUS_HELD;
    return before->faction != event->faction || before->status != FL_STATUS_HELD ||
           before->confidence != confidence;
  case FL_EVENT_LOSS:
    if (event->faction < 0 || event->faction != before->faction)
      return FALSE;
    after->faction = -1;
    after->status = FL_STATUS_ABANDONED;
    return TRUE;
  case FL_EVENT_SIEGE:
    if (before->faction < 0 || event->faction == before->faction ||
        before->status == FL_STATUS_BESIEGED)
      return FALSE;
    after->status = FL_STATUS_BESIEGED;
    after->confidence = before->confidence;
    return TRUE;
  case FL_EVENT_HOLD:
    if (event->faction < 0 || event->faction != before->faction ||
        before->status == FL_STATUS_HELD)
      return FALSE;
    after->status = FL_STATUS_HELD;
    return TRUE;
  }
  return FALSE;
}

FlControl *
fl_control_new(const FlTheatre *theatre, GPtrArray *events)
{
  FlControl *control = g_new0(FlControl, 1);
  guint n_places = theatre->places->len;
  GPtrArray **by_place = g_new0(GPtrArray *, n_places);

  control->theatre = theatre;
  control->events = g_ptr_array_ref(events);
  control->timelines = g_new0(GArray *, n_places);
  for (guint i = 0; i < events->len; i++) {
    const FlEvent *event = events->pdata[i];
    if (g_date_compare(&event->event_date, &theatre->baseline_date) <= 0)
      continue;  /* the baseline already says how things stood */
    if (by_place[event->place] == NULL)
      by_place[event->place] = g_ptr_array_new();
    g_ptr_array_add(by_place[event->place], events->pdata[i]);
  }
  for (guint p = 0; p < n_places; p++) {
    GArray *timeline = g_array_new(FALSE, FALSE, sizeof(FlPlaceState));
    FlPlaceState state = {
        .faction = theatre->baseline[p],
        .status = FL_STATUS_HELD,
        .confidence = FL_CONFIDENCE_BASELINE,
        .since = theatre->baseline_date,
        .evidence = NULL,
    };
    g_array_append_val(timeline, state);
    if (by_place[p]) {
      GPtrArray *list = by_place[p];
      GPtrArray *denials = g_ptr_array_new();  /* usually none: then no claim is checked */
      g_ptr_array_sort(list, compare_for_place);
      for (guint i = 0; i < list->len; i++)
        if (((const FlEvent *)list->pdata[i])->factuality == FL_FACT_DENIED)
          g_ptr_array_add(denials, list->pdata[i]);
      for (guint i = 0; i < list->len; i++) {
        FlPlaceState next;
        gboolean cancelled = FALSE;
        for (guint d = 0; d < denials->len && !cancelled; d++)
          cancelled = denial_cancels(denials->pdata[d], list->pdata[i]);
        if (apply_event(&state, list->pdata[i], cancelled, &next)) {
          state = next;
          g_array_append_val(timeline, state);
        }
      }
      g_ptr_array_unref(denials);
      g_ptr_array_unref(by_place[p]);
    }
    control->timelines[p] = timeline;
  }
  g_free(by_place);
  return control;
}

void
fl_control_free(FlControl *control)
{
  if (control == NULL)
    return;
  for (guint p = 0; p < control->theatre->places->len; p++)
    g_array_unref(control->timelines[p]);
  g_free(control->timelines);
  g_ptr_array_unref(control->events);
  g_free(control);
}

void
fl_control_state_at(const FlControl *control, guint place, const GDate *date,
                    FlPlaceState *state)
{
  const GArray *timeline = control->timelines[place];
  *state = g_array_index(timeline, FlPlaceState, 0);
  for (guint i = 1; i < timeline->len; i++) {
    const FlPlaceState *change = &g_array_index(timeline, FlPlaceState, i);
    if (g_date_compare(&change->since, date) > 0)
      break;
    *state = *change;
  }
}

static gint
compare_changes(gconstpointer a, gconstpointer b)
{
  const FlControlChange *x = a, *y = b;
  gint by_date = g_date_compare(&x->date, &y->date);

  if (by_date)
    return by_date;
  if (x->evidence->report != y->evidence->report)
    return x->evidence->report < y->evidence->report ? -1 : 1;
  if (x->evidence->line != y->evidence->line)
    return x->evidence->line < y->evidence->line ? -1 : 1;
  return x->place < y->place ? -1 : x->place > y->place;
}

GArray *
fl_control_changes(const FlControl *control, const GDate *until)
{
  GArray *changes = g_array_new(FALSE, FALSE, sizeof(FlControlChange));

  for (guint p = 0; p < control->theatre->places->len; p++) {
    const GArray *timeline = control->timelines[p];
    gint holder = g_array_index(timeline, FlPlaceState, 0).faction;
    for (guint i = 1; i < timeline->len; i++) {
      const FlPlaceState *state = &g_array_index(timeline, FlPlaceState, i);
      if (g_date_compare(&state->since, until) > 0)
        break;
      if (state->faction < 0 || state->faction == holder)
        continue;
      FlControlChange change = {p, holder, state->faction, state->since, state->confidence,
                                state->evidence};
      g_array_append_val(changes, change);
      holder = state->faction;
    }
  }
  g_array_sort(changes, compare_changes);
  return changes;
}
