/* control-stale.c - stage 4: what each state rests on, and which ones the news has passed by.
 *
 * A state is stale on a date when another side (not the holder, nor its ally) took a place
 * within [control] stale_reach_km of it after the state was last supported by a report (or,
 * with no report, after it began) and on or before that date: the front moved near it and no
 * report said what became of it. Away from the fighting, or behind its holder's own advance,
 * an old state is no stale state: the baseline of a quiet town stays the baseline. */
#include "control-internal.h"

static const char *const basis_names[] = {"reported", "baseline", "inferred", "analyst", "stale"};

const char *
fl_basis_name(FlBasis basis)
{
  return (guint)basis < G_N_ELEMENTS(basis_names) ? basis_names[basis] : "?";
}

/* The basis of a state before the front is looked at. */
static FlBasis
basis_of(const FlPlaceState *state, gboolean reported)
{
  if (reported)
    return FL_BASIS_REPORTED;
  switch (state->confidence) {
  case FL_CONFIDENCE_INFERRED: return FL_BASIS_INFERRED;
  case FL_CONFIDENCE_ANALYST: return FL_BASIS_ANALYST;
  case FL_CONFIDENCE_BASELINE: return FL_BASIS_BASELINE;
  default: return FL_BASIS_REPORTED;  /* set by a report of that day */
  }
}

FlBasis *
fl_control_bases(const FlControl *control, const GDate *date)
{
  const FlTheatre *theatre = fl_control_theatre(control);
  guint n = theatre->places->len;
  FlBasis *bases = g_new(FlBasis, MAX(n, 1));
  GArray *changes = fl_control_changes(control, date);
  double reach = theatre->stale_reach_km;
  double *x = g_new(double, MAX(changes->len, 1)), *y = g_new(double, MAX(changes->len, 1));
  for (guint k = 0; k < changes->len; k++) {
    const FlControlChange *change = &g_array_index(changes, FlControlChange, k);
    fl_place_plane(theatre, theatre->places->pdata[change->place], &x[k], &y[k]);
  }
  for (guint p = 0; p < n; p++) {
    const FlPlace *place = theatre->places->pdata[p];
    FlPlaceState state;
    GDate last;
    fl_control_state_at(control, p, date, &state);
    gboolean reported = fl_control_reported(control, p, date, &last);
    bases[p] = basis_of(&state, reported);
    if (!place->in_theatre || reach <= 0 || bases[p] == FL_BASIS_ANALYST)
      continue;
    if (!reported)
      last = state.since;
    double px, py;
    fl_place_plane(theatre, place, &px, &py);
    for (guint k = changes->len; k > 0; k--) {  /* the latest first: they are by date */
      const FlControlChange *change = &g_array_index(changes, FlControlChange, k - 1);
      if (g_date_compare(&change->date, &last) <= 0)
        break;
      if (change->place != p && change->to_faction != state.faction &&
          !fl_theatre_allied(theatre, change->to_faction, state.faction) &&
          hypot(x[k - 1] - px, y[k - 1] - py) <= reach) {
        bases[p] = FL_BASIS_STALE;
        break;
      }
    }
  }
  g_free(x);
  g_free(y);
  g_array_unref(changes);
  return bases;
}
