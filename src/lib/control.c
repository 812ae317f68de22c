/* control.c - stage 4: a timeline per place, from the baseline, the events and the analyst's
 * corrections.
 *
 * The rules (README "How control is decided"):
 * - the baseline gives each theatre place its holder on the baseline date; observations dated
 *   on or before it are kept as history but change nothing;
 * - observations are weighed day by day. On one day they are applied by weight, lightest first,
 *   so the heaviest has the last word: a party's claim of its own gain (1), a claim from a
 *   neutral or unnamed source (2), a confirmed report or a party's admission against its own
 *   interest (3). Equal weights go losses, sieges, holds, captures; then by report date, so
 *   later knowledge of the same day wins;
 * - only confirmed and claimed observations change a state: a denied, negated, hedged or
 *   unverified sentence is evidence of nothing by itself;
 * - a denial cancels the claims it contradicts, on its day or the day before: a denied loss by
 *   F cancels claimed losses by F and claimed captures by others; a denied capture by G cancels
 *   claimed captures by G. A cancelled capture leaves the place contested, holder unchanged;
 *   a cancelled loss changes nothing;
 * - when the heaviest observations of a day are claims that disagree (two factions each claim
 *   the place, or one claims it and its holder claims to hold it), the place is contested and
 *   keeps the holder it had that morning;
 * - a hold by the day's first holder that weighs more than the capture that took the place
 *   from it that day gives the place back to it;
 * - a capture by a named faction makes it the holder; a capture with no named faction changes
 *   nothing; a loss by the holder, or by nobody named, leaves the place abandoned (no holder),
 *   never the opponent's, unless another side had entered it: that side holds it (inferred);
 *   a side that besieges or enters an abandoned place holds it (inferred);
 *   a siege by anyone but the holder makes it besieged; a hold by the holder makes it held;
 * - weighing the evidence (control-evidence.c screens each place's observations first): a copy
 *   of an earlier report's sentence (a shared run of ten folded words) is no-change; a
 *   retrospective capture (told more than a day later, or only bounded) that a contemporaneous
 *   report of the same side dates later is set aside (retrospective); a capture that would take
 *   the place from a holder that has reports of that day is outweighed when the holder's side
 *   has twice as many distinct reports of at least its weight, that day and since it took the
 *   place (at most seven days); a report backing both sides counts for neither; at a capital
 *   or region seat a lone capture is outweighed by two such reports of the days before,
 *   unless a second report of its side tells it that day or the next;
 * - a claimed capture by the holder never lowers a confirmed state;
 * - allies (factions.tsv allies): a capture by the broader ally (more allies) of the holder is
 *   no-change, one by a more specific ally names who holds it; a broader ally's capture of a
 *   place a specific ally besieged or had entered is that ally's; an ally neither besieges nor
 *   contests; an entry by another side contests, the holder kept;
 * - a sentence that names a place twice is one observation;
 * - a faction that ends (factions.tsv valid_to) hands its places to its successor at the end of
 *   that day (a state is the state at the end of its day),
 *   with confidence "inferred", and so the places its loss left abandoned; a place another
 *   side had entered goes to that side;
 * - the analyst's corrections win over every observation of their day. */
#include <frontline/control.h>

#include <string.h>

#include "control-internal.h"

G_DEFINE_QUARK(fl-control-error-quark, fl_control_error)

static const char *const status_names[] = {"held", "contested", "besieged", "abandoned"};
static const char *const confidence_names[] = {"baseline", "confirmed", "claimed", "inferred",
                                               "analyst"};
static const char *const effect_names[] = {
    "applied",      "no-change",  "not-factual",     "cancelled-by-denial", "contradicted",
    "no-actor",     "before-baseline", "correction", "succession", "outweighed",
    "retrospective", "inferred"};

const char *
fl_status_name(FlStatus status)
{
  return (guint)status < G_N_ELEMENTS(status_names) ? status_names[status] : "?";
}

gboolean
fl_status_parse(const char *name, FlStatus *status)
{
  for (guint i = 0; i < G_N_ELEMENTS(status_names); i++)
    if (g_strcmp0(name, status_names[i]) == 0) {
      *status = (FlStatus)i;
      return TRUE;
    }
  return FALSE;
}

const char *
fl_confidence_name(FlConfidence confidence)
{
  return (guint)confidence < G_N_ELEMENTS(confidence_names) ? confidence_names[confidence] : "?";
}

const char *
fl_effect_name(FlEffect effect)
{
  return (guint)effect < G_N_ELEMENTS(effect_names) ? effect_names[effect] : "?";
}

/* ---- timelines ---- */

struct FlControl {
  const FlTheatre *theatre;
  GPtrArray *events;
  GPtrArray *corrections;  /* or NULL */
  GArray **timelines;      /* per place: FlPlaceState, in date order; [0] the baseline */
  GPtrArray **events_of;   /* per place: its FlEvent*, in the order they are weighed, or NULL */
  FlScreen **screens;      /* per place: what screening found, one per event of events_of */
  GPtrArray **corrections_of; /* per place: its FlCorrection*, by date, or NULL */
  GArray **histories;      /* per place: FlHistoryEntry, made on first use (walked again: the
                            * history of every observation is as large as the events) */
  GArray **inferences_of;  /* per place: FlInference by date (control-infer.c), or NULL */
  GArray **reported_of;    /* per place: the Julian days (guint32, rising) of the reports that
                            * set or agreed with its state, or NULL */
  GStringChunk *notes;     /* the notes of inferred states */
};

/* Order of kinds within one weight of one day. */
static int
kind_order(FlEventKind kind)
{
  switch (kind) {
  case FL_EVENT_LOSS: return 0;
  case FL_EVENT_SIEGE: return 1;
  case FL_EVENT_ENTRY: return 2;
  case FL_EVENT_HOLD: return 3;
  case FL_EVENT_CAPTURE: return 4;
  }
  return 5;
}

static gint
compare_for_place(gconstpointer a, gconstpointer b)
{
  const FlEvent *x = *(FlEvent *const *)a, *y = *(FlEvent *const *)b;
  gint by_date = g_date_compare(&x->event_date, &y->event_date);
  if (by_date)
    return by_date;
  if (fl_control_weight(x) != fl_control_weight(y))
    return fl_control_weight(x) - fl_control_weight(y);
  if (kind_order(x->kind) != kind_order(y->kind))
    return kind_order(x->kind) - kind_order(y->kind);
  /* reports are indexed by publication date: a later report is later knowledge */
  if (x->report != y->report)
    return x->report < y->report ? -1 : 1;
  return x->line < y->line ? -1 : x->line > y->line;
}


/* Whether two observations of one day claim the place for different sides. */
static gboolean
claims_disagree(const FlEvent *a, const FlEvent *b)
{
  if (a->kind != FL_EVENT_CAPTURE)
    return b->kind == FL_EVENT_CAPTURE && claims_disagree(b, a);
  if (a->faction < 0 || b->faction < 0 || a->faction == b->faction)
    return FALSE;
  return b->kind == FL_EVENT_CAPTURE || b->kind == FL_EVENT_HOLD;
}

/* How many captures and holds by each faction a set of observations has, so that whether one
 * more disagrees with any of them (claims_disagree) is one look-up. */
typedef struct {
  guint *captures, *holds;  /* per faction */
  guint all_captures, all_holds;
} SideCounts;

static void
side_counts_add(SideCounts *counts, const FlEvent *event)
{
  if (event->faction < 0)
    return;
  if (event->kind == FL_EVENT_CAPTURE) {
    counts->captures[event->faction]++;
    counts->all_captures++;
  } else if (event->kind == FL_EVENT_HOLD) {
    counts->holds[event->faction]++;
    counts->all_holds++;
  }
}

/* Whether event disagrees with one of the counted observations. */
static gboolean
side_counts_disagree(const SideCounts *counts, const FlEvent *event)
{
  if (event->faction < 0)
    return FALSE;
  guint other_captures = counts->all_captures - counts->captures[event->faction];
  if (event->kind == FL_EVENT_CAPTURE)
    return other_captures + counts->all_holds - counts->holds[event->faction] > 0;
  return event->kind == FL_EVENT_HOLD && other_captures > 0;
}

/* The denials that may cancel the claims of one day: those of that day and of the next, by kind
 * and faction (index faction + 1). A denied loss cancels the claims of that loss and of a
 * capture by another side; a denied capture cancels the claims of that capture. */
typedef struct {
  const GPtrArray *denials;  /* FlEvent*, by date */
  guint first;               /* the first denial not before the day */
  const FlEvent **loss, **capture;  /* per faction + 1: a denied loss, a denied capture */
  const FlEvent *losses[2];  /* the denied losses of the first two factions */
  guint n_loss;              /* factions with a denied loss */
} DayDenials;

/* Builds one place's timeline and history. */
typedef struct {
  FlControl *control;
  FlPlaceState state;
  GArray *timeline, *history;
  gboolean keep_history;     /* else history holds only the day being weighed */
  gint left_by;              /* the last faction that held the place before the current state */
  const FlScreen *screens;   /* what screening found, per observation of the place */
  gboolean *counts;          /* per observation: whether it counts as support (filled as the
                              * days are weighed) */
  FlSupport day_support, span_support;  /* of the day, of the holder's recent days */
  GDate held_since;          /* when the holder (or nobody) came to hold the place */
  gboolean big;              /* a capital or region seat: a lone report does not take it
                              * from a holder that reports have backed (outnumbered()) */
  GArray *reported;          /* the days of the reports that set or agreed with the state
                              * (guint32 Julian days), or NULL when not kept */
  DayDenials denials;
} Walk;

/* Gathers the denials of day and the day after. */
static void
day_denials_gather(DayDenials *day_denials, guint n_factions, const GDate *day)
{
  const GPtrArray *denials = day_denials->denials;
  GDate next = *day;
  g_date_add_days(&next, 1);
  memset(day_denials->loss, 0, (n_factions + 1) * sizeof(const FlEvent *));
  memset(day_denials->capture, 0, (n_factions + 1) * sizeof(const FlEvent *));
  day_denials->n_loss = 0;
  while (day_denials->first < denials->len &&
         g_date_compare(&((const FlEvent *)denials->pdata[day_denials->first])->event_date,
                        day) < 0)
    day_denials->first++;
  for (guint d = day_denials->first; d < denials->len; d++) {
    const FlEvent *denial = denials->pdata[d];
    if (g_date_compare(&denial->event_date, &next) > 0)
      break;
    guint side = (guint)(denial->faction + 1);
    if (denial->kind == FL_EVENT_LOSS && !day_denials->loss[side]) {
      day_denials->loss[side] = denial;
      if (day_denials->n_loss < 2)
        day_denials->losses[day_denials->n_loss] = denial;
      day_denials->n_loss++;
    } else if (denial->kind == FL_EVENT_CAPTURE && !day_denials->capture[side]) {
      day_denials->capture[side] = denial;
    }
  }
}

/* The denial of the day that cancels claim, or NULL. */
static const FlEvent *
day_denials_cancel(const DayDenials *day_denials, const FlEvent *claim)
{
  if (claim->factuality != FL_FACT_CLAIMED)
    return NULL;
  guint side = (guint)(claim->faction + 1);
  if (claim->kind == FL_EVENT_LOSS)
    return day_denials->loss[side];
  if (claim->kind != FL_EVENT_CAPTURE)
    return NULL;
  /* this capture denied, or a denied loss by another side */
  if (day_denials->capture[side])
    return day_denials->capture[side];
  for (guint i = 0; i < MIN(day_denials->n_loss, 2); i++)
    if (day_denials->losses[i]->faction != claim->faction)
      return day_denials->losses[i];
  return NULL;
}

/* Appends a step to the history, and to the timeline when it changed the state. */
static void
record(Walk *walk, const GDate *date, const FlEvent *event, const FlCorrection *correction,
       FlEffect effect, const Verdict *verdict, const FlPlaceState *after)
{
  Verdict none = VERDICT(FL_REASON_NONE);
  if (verdict == NULL)
    verdict = &none;
  FlHistoryEntry entry = {*date,          event,          correction,       effect,
                          verdict->reason, verdict->cause, verdict->faction, verdict->support,
                          *after};
  gboolean changed = after->faction != walk->state.faction ||
                     after->status != walk->state.status ||
                     after->confidence != walk->state.confidence ||
                     after->evidence != walk->state.evidence || after->note != walk->state.note;
  g_array_append_val(walk->history, entry);
  if (walk->reported && event &&
      (event->factuality == FL_FACT_CONFIRMED || event->factuality == FL_FACT_CLAIMED) &&
      (effect == FL_EFFECT_APPLIED || effect == FL_EFFECT_NO_CHANGE)) {
    guint32 day = g_date_get_julian(&event->event_date);
    if (walk->reported->len == 0 ||
        g_array_index(walk->reported, guint32, walk->reported->len - 1) < day)
      g_array_append_val(walk->reported, day);
  }
  if (changed) {
    if (walk->state.faction >= 0 && after->faction != walk->state.faction)
      walk->left_by = walk->state.faction;
    if (after->faction != walk->state.faction)
      walk->held_since = *date;
    walk->state = *after;
    g_array_append_val(walk->timeline, walk->state);
  }
}

/* Hands the place to the holder's successor(s) when the holder ended before date; a place its
 * loss left abandoned passes to the successor too. */
static void
succeed(Walk *walk, const GDate *date)
{
  const FlTheatre *theatre = walk->control->theatre;
  for (;;) {
    gboolean abandoned = walk->state.faction < 0;
    if (abandoned && (walk->state.status != FL_STATUS_ABANDONED || walk->left_by < 0))
      return;
    const FlFaction *holder =
        theatre->factions->pdata[abandoned ? walk->left_by : walk->state.faction];
    if (!g_date_valid(&holder->valid_to) || g_date_compare(&holder->valid_to, date) >= 0 ||
        (abandoned && holder->successor < 0))
      return;
    GDate day = holder->valid_to;  /* a map shows the end of its day: the holder is gone */
    if (g_date_compare(&day, &walk->state.since) < 0)
      day = walk->state.since;
    FlPlaceState after = walk->state;
    char ended[16];
    fl_date_format_iso(&holder->valid_to, ended);
    const FlEvent *inside = walk->state.status == FL_STATUS_CONTESTED && walk->state.evidence &&
                                    walk->state.evidence->kind == FL_EVENT_ENTRY &&
                                    walk->state.evidence->faction >= 0 &&
                                    walk->state.evidence->faction != walk->state.faction
                                ? walk->state.evidence
                                : NULL;
    if (inside && !abandoned) {
      /* the side that had entered the place holds it when its holder ends ("local factions
       * seized the prison of Suwayda" before the government fell) */
      after.faction = inside->faction;
      after.status = FL_STATUS_HELD;
      after.confidence = FL_CONFIDENCE_INFERRED;
      after.since = day;
      g_autofree char *note = g_strdup_printf(
          "%s ended on %s; %s, which had entered the place, holds it", holder->id, ended,
          ((const FlFaction *)theatre->factions->pdata[inside->faction])->id);
      after.note = g_string_chunk_insert_const(walk->control->notes, note);
      after.evidence = NULL;
      record(walk, &day, NULL, NULL, FL_EFFECT_SUCCESSION, NULL, &after);
      continue;
    }
    after.faction = holder->successor;
    after.status = holder->successor >= 0 ? FL_STATUS_HELD : FL_STATUS_ABANDONED;
    after.confidence = FL_CONFIDENCE_INFERRED;
    after.since = day;
    after.evidence = NULL;
    g_autofree char *note =
        holder->successor >= 0
            ? g_strdup_printf(abandoned ? "%s ended on %s; its successor %s takes over the "
                                          "place it had left (factions.tsv)"
                                        : "%s ended on %s; its successor %s takes over "
                                          "(factions.tsv)",
                              holder->id, ended,
                              ((const FlFaction *)theatre->factions->pdata[holder->successor])->id)
            : g_strdup_printf("%s ended on %s (factions.tsv)", holder->id, ended);
    after.note = g_string_chunk_insert_const(walk->control->notes, note);
    if (abandoned)
      walk->left_by = -1;  /* handed on once */
    record(walk, &day, NULL, NULL, FL_EFFECT_SUCCESSION, NULL, &after);
  }
}

/* Whether event is a hold by the day's first holder that outweighs the capture of the same day
 * that took the place from it. */
static gboolean
outweighs_lighter_capture(const FlPlaceState *morning, const FlPlaceState *now,
                          const FlEvent *event)
{
  return event->kind == FL_EVENT_HOLD && event->faction >= 0 &&
         event->faction == morning->faction && now->faction != morning->faction &&
         now->evidence && now->evidence->kind == FL_EVENT_CAPTURE &&
         g_date_compare(&now->evidence->event_date, &event->event_date) == 0 &&
         fl_control_weight(event) > fl_control_weight(now->evidence);
}

/* How many days before a challenge the holder's reports count for it. */
enum { SUPPORT_DAYS = 7 };

/* The first observation of list dated on or after date. */
static guint
first_on_or_after(const GPtrArray *list, const GDate *date)
{
  guint lo = 0, hi = list->len;
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    if (g_date_compare(&((const FlEvent *)list->pdata[mid])->event_date, date) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* Whether a capture (list[first, end) its day) that would take the place from its holder is
 * outnumbered: the holder has reports of that day, and with those of its recent days (since it
 * took the place, at most SUPPORT_DAYS) it has at least twice as many distinct reports, of at
 * least the capture's weight, as the capture's side (a report that backs both sides counts for
 * neither). A capture on a day without a report for the holder is newer news. Fills verdict
 * when it is outnumbered. */
/* Whether another report (no copy) tells the same side's capture of the place the day after
 * event's day (list[end...] are the observations after that day). */
static gboolean
corroborated_next_day(const Walk *walk, const GPtrArray *list, guint end, const FlEvent *event)
{
  GDate next = event->event_date;
  g_date_add_days(&next, 1);
  for (guint j = end; j < list->len; j++) {
    const FlEvent *other = list->pdata[j];
    if (g_date_compare(&other->event_date, &next) > 0)
      break;
    if (other->report != event->report && walk->screens[j].copy_of == NULL &&
        other->kind == FL_EVENT_CAPTURE && fl_control_weight(other) > 0 &&
        (other->faction == event->faction ||
         fl_theatre_allied(walk->control->theatre, other->faction, event->faction)))
      return TRUE;
  }
  return FALSE;
}

static gboolean
outnumbered(Walk *walk, const GPtrArray *list, guint first, guint end, const FlEvent *event,
            Verdict *verdict)
{
  gint holder = walk->state.faction;
  int w = fl_control_weight(event);
  guint today, against, both;
  const FlEvent *example = NULL;
  fl_support_count(&walk->day_support, first, end, holder, event->faction, w, &today, &against,
                   &both, NULL);
  /* a capital or region seat: one report does not overturn the holder's consistent
   * support of the days before, even on a day without a report for it; a second report, that
   * day or the next, does */
  gboolean guard = today + both == 0 && walk->big;
  if (today + both == 0 && !guard)
    return FALSE;
  GDate start = event->event_date;
  g_date_subtract_days(&start, SUPPORT_DAYS);
  if (g_date_compare(&walk->held_since, &start) > 0)
    start = walk->held_since;
  guint for_holder;
  fl_support_count(&walk->span_support, first_on_or_after(list, &start), end, holder,
                   event->faction, w, &for_holder, &against, &both, &example);
  if (guard) {
    if (for_holder < 2 || against > 1 || corroborated_next_day(walk, list, end, event))
      return FALSE;
    *verdict = (Verdict){FL_REASON_GUARDED, example, holder, for_holder};
    return TRUE;
  }
  if (for_holder < 2 * MAX(against, 1))
    return FALSE;
  *verdict = (Verdict){FL_REASON_OUTWEIGHED, example, holder, for_holder};
  return TRUE;
}

/* Weighs the observations list[first, end) of one day. Linear in them: the denials of the day
 * are gathered once, disagreeing claims are found through counts by side, and the support of a
 * side is counted once per side and weight. */
static void
walk_day(Walk *walk, const GPtrArray *list, guint first, guint end)
{
  const FlTheatre *theatre = walk->control->theatre;
  guint n_factions = theatre->factions->len;
  FlPlaceState morning = walk->state;
  guint history_first = walk->history->len;
  int top = 0;
  day_denials_gather(&walk->denials, n_factions,
                     &((const FlEvent *)list->pdata[first])->event_date);
  /* what counts: not a copy, not dated later by contemporaneous reports, not cancelled */
  const FlEvent **denials = g_new(const FlEvent *, end - first);
  for (guint i = first; i < end; i++) {
    const FlScreen *screen = &walk->screens[i];
    denials[i - first] = day_denials_cancel(&walk->denials, list->pdata[i]);
    walk->counts[i] = !screen->copy_of && !screen->dated_later && !denials[i - first];
  }
  for (guint i = first; i < end; i++) {
    const FlEvent *event = list->pdata[i];
    const FlScreen *screen = &walk->screens[i];
    const FlEvent *denial = denials[i - first];
    FlPlaceState after = walk->state;
    FlEffect effect;
    Verdict verdict = VERDICT(FL_REASON_NONE);
    if (screen->copy_of) {
      /* one story on several sites is one observation */
      effect = FL_EFFECT_NO_CHANGE;
      verdict = (Verdict){FL_REASON_COPY, screen->copy_of, -1, 0};
    } else if (screen->dated_later) {
      effect = FL_EFFECT_RETROSPECTIVE;
      verdict = (Verdict){FL_REASON_DATED_LATER, screen->dated_later, -1, 0};
    } else if (!denial && outweighs_lighter_capture(&morning, &walk->state, event)) {
      /* the morning's holder says it held, with more weight than the claim that took the
       * place from it today */
      after = morning;
      after.status = FL_STATUS_HELD;
      after.confidence = fl_control_confidence_of(fl_control_weight(event));
      after.since = event->event_date;
      after.evidence = event;
      after.note = NULL;
      effect = FL_EFFECT_APPLIED;
    } else {
      effect = fl_control_apply(theatre, &walk->state, event, denial, &after, &verdict);
      if (effect == FL_EFFECT_APPLIED && event->kind == FL_EVENT_CAPTURE &&
          walk->state.faction >= 0 && after.faction != walk->state.faction &&
          verdict.reason != FL_REASON_ALLY_NAMED &&
          outnumbered(walk, list, first, end, event, &verdict)) {
        after = walk->state;
        effect = FL_EFFECT_OUTWEIGHED;
        walk->counts[i] = FALSE;
      }
    }
    record(walk, &event->event_date, event, NULL, effect, &verdict, &after);
    if (walk->counts[i] && fl_control_weight(event) > top)
      top = fl_control_weight(event);
  }
  g_free(denials);
  if (top == 0 || top == 3)
    return;
  /* the heaviest observations of the day are claims: do they disagree? Every one that
   * disagrees with another is contradicted; the contested state's evidence is the capture of
   * the last disagreeing pair (the pair (i, j), i < j, that comes last in the day's order) */
  FlHistoryEntry *entries = &g_array_index(walk->history, FlHistoryEntry, history_first);
  guint n = walk->history->len - history_first;
  GArray *heaviest = g_array_new(FALSE, FALSE, sizeof(guint));
  for (guint i = 0; i < n; i++)
    if (entries[i].effect != FL_EFFECT_CANCELLED && entries[i].effect != FL_EFFECT_OUTWEIGHED &&
        entries[i].effect != FL_EFFECT_RETROSPECTIVE && entries[i].reason != FL_REASON_COPY &&
        fl_control_weight(entries[i].event) == top)
      g_array_append_val(heaviest, i);
  const guint *at = (const guint *)heaviest->data;
  SideCounts all = {g_new0(guint, n_factions), g_new0(guint, n_factions), 0, 0};
  SideCounts after = {g_new0(guint, n_factions), g_new0(guint, n_factions), 0, 0};
  for (guint k = 0; k < heaviest->len; k++)
    side_counts_add(&all, entries[at[k]].event);
  const FlEvent *capture = NULL;
  for (guint k = heaviest->len; k > 0 && capture == NULL; k--) {
    const FlEvent *a = entries[at[k - 1]].event;
    if (side_counts_disagree(&after, a)) {
      for (guint l = heaviest->len; l > k; l--) {  /* the last one it disagrees with */
        const FlEvent *b = entries[at[l - 1]].event;
        if (claims_disagree(a, b)) {
          capture = a->kind == FL_EVENT_CAPTURE ? a : b;
          break;
        }
      }
    }
    side_counts_add(&after, a);
  }
  for (guint k = 0; k < heaviest->len; k++)
    if (side_counts_disagree(&all, entries[at[k]].event))
      entries[at[k]].effect = FL_EFFECT_CONTRADICTED;
  g_free(all.captures);
  g_free(all.holds);
  g_free(after.captures);
  g_free(after.holds);
  g_array_unref(heaviest);
  if (capture == NULL || morning.faction < 0)
    return;
  FlPlaceState contested = morning;
  contested.status = FL_STATUS_CONTESTED;
  contested.confidence = FL_CONFIDENCE_CLAIMED;
  contested.since = capture->event_date;
  contested.evidence = capture;
  contested.note = NULL;
  /* the day's last entry now says what the day came to */
  FlHistoryEntry *last = &g_array_index(walk->history, FlHistoryEntry, walk->history->len - 1);
  last->state = contested;
  if (walk->timeline->len > 1 &&
      g_date_compare(&g_array_index(walk->timeline, FlPlaceState, walk->timeline->len - 1).since,
                     &capture->event_date) == 0)
    g_array_index(walk->timeline, FlPlaceState, walk->timeline->len - 1) = contested;
  else
    g_array_append_val(walk->timeline, contested);
  walk->state = contested;
}

static void
apply_correction(Walk *walk, const FlCorrection *correction)
{
  FlPlaceState after = {
      .faction = correction->faction,
      .status = correction->status,
      .confidence = FL_CONFIDENCE_ANALYST,
      .since = correction->date,
      .evidence = NULL,
      .note = *correction->note ? correction->note : correction->origin,
  };
  record(walk, &correction->date, NULL, correction, FL_EFFECT_CORRECTION, NULL, &after);
}

/* Forgets the history of the days weighed, when it is not kept. */
static void
day_done(Walk *walk)
{
  if (!walk->keep_history)
    g_array_set_size(walk->history, 0);
}

/* Applies an inference at the end of its day, if the place is still its holder's. */
static void
apply_inference(Walk *walk, const FlInference *inference)
{
  if (walk->state.faction != inference->holder)
    return;
  FlPlaceState after = {inference->faction, FL_STATUS_HELD, FL_CONFIDENCE_INFERRED,
                        inference->date, NULL, inference->note};
  Verdict verdict = {FL_REASON_BEHIND_ADVANCE, inference->cause, inference->faction, 0};
  record(walk, &inference->date, NULL, NULL, FL_EFFECT_INFERRED, &verdict, &after);
}

static void
walk_place(Walk *walk, const GPtrArray *list, const GPtrArray *corrections,
           const GArray *inferences)
{
  const FlTheatre *theatre = walk->control->theatre;
  guint n_factions = theatre->factions->len;
  GPtrArray *denials = g_ptr_array_new();
  guint e = 0, c = 0, f = 0;

  if (list) {
    for (guint i = 0; i < list->len; i++)
      if (((const FlEvent *)list->pdata[i])->factuality == FL_FACT_DENIED)
        g_ptr_array_add(denials, list->pdata[i]);
    /* what the baseline already says */
    for (; e < list->len; e++) {
      const FlEvent *event = list->pdata[e];
      if (g_date_compare(&event->event_date, &theatre->baseline_date) > 0)
        break;
      FlHistoryEntry entry = {event->event_date, event, NULL, FL_EFFECT_BEFORE_BASELINE,
                              FL_REASON_NONE, NULL, -1, 0, walk->state};
      g_array_append_val(walk->history, entry);
    }
  }
  day_done(walk);
  walk->counts = g_new0(gboolean, list ? list->len : 0);
  fl_support_init(&walk->day_support, theatre, list, walk->counts);
  fl_support_init(&walk->span_support, theatre, list, walk->counts);
  walk->denials = (DayDenials){denials, 0, g_new0(const FlEvent *, n_factions + 1),
                               g_new0(const FlEvent *, n_factions + 1), {NULL, NULL}, 0};
  for (;;) {
    const FlEvent *event = list && e < list->len ? list->pdata[e] : NULL;
    const FlCorrection *correction = corrections && c < corrections->len
                                         ? corrections->pdata[c] : NULL;
    const FlInference *inference = inferences && f < inferences->len
                                       ? &g_array_index(inferences, FlInference, f) : NULL;
    if (event == NULL && correction == NULL && inference == NULL)
      break;
    GDate day = event ? event->event_date : correction ? correction->date : inference->date;
    if (correction && g_date_compare(&correction->date, &day) < 0)
      day = correction->date;
    if (inference && g_date_compare(&inference->date, &day) < 0)
      day = inference->date;
    succeed(walk, &day);
    guint end = e;
    while (list && end < list->len &&
           g_date_compare(&((const FlEvent *)list->pdata[end])->event_date, &day) == 0)
      end++;
    if (end > e)
      walk_day(walk, list, e, end);
    e = end;
    for (; corrections && c < corrections->len; c++) {
      correction = corrections->pdata[c];
      if (g_date_compare(&correction->date, &day) != 0)
        break;
      apply_correction(walk, correction);
    }
    for (; inferences && f < inferences->len; f++) {
      inference = &g_array_index(inferences, FlInference, f);
      if (g_date_compare(&inference->date, &day) != 0)
        break;
      apply_inference(walk, inference);
    }
    day_done(walk);
  }
  GDate after_period = theatre->period_last;
  g_date_add_days(&after_period, 1);
  succeed(walk, &after_period);
  day_done(walk);
  fl_support_clear(&walk->day_support);
  fl_support_clear(&walk->span_support);
  g_free(walk->counts);
  g_free((gpointer)walk->denials.loss);
  g_free((gpointer)walk->denials.capture);
  g_ptr_array_unref(denials);
}

static gint
compare_corrections(gconstpointer a, gconstpointer b)
{
  const FlCorrection *x = *(FlCorrection *const *)a, *y = *(FlCorrection *const *)b;
  return g_date_compare(&x->date, &y->date);
}

/* Files item under its place in groups (one GPtrArray per place, made when first needed). */
static void
group_by_place(GPtrArray **groups, guint place, gpointer item)
{
  if (groups[place] == NULL)
    groups[place] = g_ptr_array_new();
  g_ptr_array_add(groups[place], item);
}

/* Walks one place from its baseline: its timeline into *timeline, and when history is not NULL
 * the history of every step into *history. */
static void
walk_one(FlControl *control, guint p, GArray **timeline, GArray **history)
{
  const FlTheatre *theatre = control->theatre;
  Walk walk = {
      .control = control,
      .state = {.faction = theatre->baseline[p],
                .status = FL_STATUS_HELD,
                .confidence = FL_CONFIDENCE_BASELINE,
                .since = theatre->baseline_date,
                .evidence = NULL,
                .note = theatre->baseline_source[p]},
      .timeline = g_array_new(FALSE, FALSE, sizeof(FlPlaceState)),
      .history = g_array_new(FALSE, FALSE, sizeof(FlHistoryEntry)),
      .keep_history = history != NULL,
      .left_by = -1,
      .held_since = theatre->baseline_date,
      .screens = control->screens[p],
      .reported = history ? NULL : g_array_new(FALSE, FALSE, sizeof(guint32)),
  };
  FlPlaceKind kind = ((const FlPlace *)theatre->places->pdata[p])->kind;
  walk.big = kind == FL_PLACE_CAPITAL || kind == FL_PLACE_REGION_SEAT;
  FlHistoryEntry start = {theatre->baseline_date, NULL, NULL, FL_EFFECT_APPLIED,
                          FL_REASON_NONE, NULL, -1, 0, walk.state};
  g_array_append_val(walk.timeline, walk.state);
  g_array_append_val(walk.history, start);
  if (((const FlPlace *)theatre->places->pdata[p])->in_theatre)
    walk_place(&walk, control->events_of[p], control->corrections_of[p],
               control->inferences_of ? control->inferences_of[p] : NULL);
  if (history)
    *history = walk.history;
  else
    g_array_unref(walk.history);
  *timeline = walk.timeline;
  if (walk.reported) {
    if (control->reported_of[p])
      g_array_unref(control->reported_of[p]);
    control->reported_of[p] = walk.reported->len ? walk.reported : NULL;
    if (walk.reported->len == 0)
      g_array_unref(walk.reported);
  }
}

/* Drops from list (one place's observations, sorted) an observation that repeats the one
 * before it: the same sentence naming the place twice says it once, so it gets one row. */
static void
drop_repeats(GPtrArray *list)
{
  guint kept = 0;
  for (guint i = 0; i < list->len; i++) {
    const FlEvent *event = list->pdata[i];
    const FlEvent *previous = kept ? list->pdata[kept - 1] : NULL;
    if (previous && previous->report == event->report && previous->line == event->line &&
        previous->kind == event->kind && previous->faction == event->faction &&
        previous->factuality == event->factuality && previous->claimant == event->claimant &&
        g_date_compare(&previous->event_date, &event->event_date) == 0)
      continue;
    list->pdata[kept++] = list->pdata[i];
  }
  g_ptr_array_set_size(list, kept);
}

FlControl *
fl_control_new(const FlTheatre *theatre, GPtrArray *events, GPtrArray *corrections)
{
  FlControl *control = g_new0(FlControl, 1);
  guint n_places = theatre->places->len;

  control->theatre = theatre;
  control->events = g_ptr_array_ref(events);
  control->corrections = corrections ? g_ptr_array_ref(corrections) : NULL;
  control->timelines = g_new0(GArray *, n_places);
  control->histories = g_new0(GArray *, n_places);
  control->reported_of = g_new0(GArray *, n_places);
  control->events_of = g_new0(GPtrArray *, n_places);
  control->screens = g_new0(FlScreen *, n_places);
  control->corrections_of = g_new0(GPtrArray *, n_places);
  control->notes = g_string_chunk_new(256);
  guint *counts = g_new0(guint, n_places);  /* lists of their exact size: they may be long */
  for (guint i = 0; i < events->len; i++)
    counts[((const FlEvent *)events->pdata[i])->place]++;
  for (guint p = 0; p < n_places; p++)
    if (counts[p])
      control->events_of[p] = g_ptr_array_sized_new(counts[p]);
  g_free(counts);
  for (guint i = 0; i < events->len; i++)
    g_ptr_array_add(control->events_of[((const FlEvent *)events->pdata[i])->place],
                    events->pdata[i]);
  for (guint i = 0; corrections && i < corrections->len; i++)
    group_by_place(control->corrections_of, ((const FlCorrection *)corrections->pdata[i])->place,
                   corrections->pdata[i]);
  for (guint p = 0; p < n_places; p++) {
    if (control->events_of[p]) {
      g_ptr_array_sort(control->events_of[p], compare_for_place);
      drop_repeats(control->events_of[p]);
      control->screens[p] = fl_control_screen(theatre, control->events_of[p]);
    }
    if (control->corrections_of[p])
      g_ptr_array_sort(control->corrections_of[p], compare_corrections);  /* stable: file order */
    walk_one(control, p, &control->timelines[p], NULL);
  }
  /* what the reports' timelines imply of the places they do not name, then those places again */
  control->inferences_of = fl_control_infer(theatre, control->timelines, control->events_of,
                                            control->notes);
  for (guint p = 0; p < n_places; p++)
    if (control->inferences_of[p]) {
      g_array_unref(control->timelines[p]);
      walk_one(control, p, &control->timelines[p], NULL);
    }
  return control;
}

void
fl_control_free(FlControl *control)
{
  if (control == NULL)
    return;
  for (guint p = 0; p < control->theatre->places->len; p++) {
    g_array_unref(control->timelines[p]);
    if (control->histories[p])
      g_array_unref(control->histories[p]);
    if (control->events_of[p])
      g_ptr_array_unref(control->events_of[p]);
    if (control->corrections_of[p])
      g_ptr_array_unref(control->corrections_of[p]);
    if (control->inferences_of && control->inferences_of[p])
      g_array_unref(control->inferences_of[p]);
    if (control->reported_of[p])
      g_array_unref(control->reported_of[p]);
  }
  g_free(control->reported_of);
  g_free(control->inferences_of);
  g_free(control->timelines);
  g_free(control->histories);
  g_free(control->events_of);
  for (guint p = 0; p < control->theatre->places->len; p++)
    g_free(control->screens[p]);
  g_free(control->screens);
  g_free(control->corrections_of);
  g_string_chunk_free(control->notes);
  g_ptr_array_unref(control->events);
  if (control->corrections)
    g_ptr_array_unref(control->corrections);
  g_free(control);
}

const FlTheatre *
fl_control_theatre(const FlControl *control)
{
  return control->theatre;
}

void
fl_control_state_at(const FlControl *control, guint place, const GDate *date,
                    FlPlaceState *state)
{
  fl_timeline_state_at(control->timelines[place], date, state);
}

gboolean
fl_control_reported(const FlControl *control, guint place, const GDate *date, GDate *reported)
{
  const GArray *days = control->reported_of[place];
  FlPlaceState state;
  fl_control_state_at(control, place, date, &state);
  guint32 until = g_date_get_julian(date), since = g_date_get_julian(&state.since);
  guint lo = 0, hi = days ? days->len : 0;  /* the first report after date */
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    if (g_array_index(days, guint32, mid) > until)
      hi = mid;
    else
      lo = mid + 1;
  }
  /* a report of the day a state began supports it only when it is what set it: the reports
   * of the day an inference or a correction applies were weighed before it */
  gboolean by_report = state.confidence == FL_CONFIDENCE_CONFIRMED ||
                       state.confidence == FL_CONFIDENCE_CLAIMED;
  if (lo == 0 || g_array_index(days, guint32, lo - 1) < since + !by_report)
    return FALSE;
  g_date_clear(reported, 1);
  g_date_set_julian(reported, g_array_index(days, guint32, lo - 1));
  return TRUE;
}

const GArray *
fl_control_history(const FlControl *control, guint place)
{
  FlControl *mutable = (FlControl *)control;  /* a cache: the same history every time */
  if (control->histories[place] == NULL) {
    GArray *timeline;
    walk_one(mutable, place, &timeline, &mutable->histories[place]);
    g_array_unref(timeline);
  }
  return control->histories[place];
}

static gint
compare_changes(gconstpointer a, gconstpointer b)
{
  const FlControlChange *x = a, *y = b;
  gint by_date = g_date_compare(&x->date, &y->date);

  if (by_date)
    return by_date;
  /* changes without a report (inferred, analyst) come first on their day */
  gint64 x_report = x->evidence ? (gint64)x->evidence->report : -1;
  gint64 y_report = y->evidence ? (gint64)y->evidence->report : -1;
  if (x_report != y_report)
    return x_report < y_report ? -1 : 1;
  guint x_line = x->evidence ? x->evidence->line : 0, y_line = y->evidence ? y->evidence->line : 0;
  if (x_line != y_line)
    return x_line < y_line ? -1 : 1;
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

gboolean
fl_control_told(const FlControl *control, guint place, const GDate *until)
{
  const GDate *baseline = &control->theatre->baseline_date;
  const GPtrArray *events = control->events_of[place];

  for (guint i = 0; events && i < events->len; i++) {
    const GDate *told = &((const FlEvent *)events->pdata[i])->event_date;
    if (g_date_compare(told, baseline) > 0 && g_date_compare(told, until) <= 0)
      return TRUE;
  }
  return FALSE;
}
