/* test-control.c - stage 4 on observations built in C: the event kinds and precisions the
 * extractor does not give yet (entry, bounded dates), one row per observation, and what the
 * history says about each decision (effect, reason). */
#include <frontline/control.h>

#include "harness.h"

static FlTheatre *theatre;

/* An observation of place by faction (ids), of kind, confirmed, on date, told by report
 * (published on report_date), line. */
static FlEvent *
observation(const char *place, const char *faction, FlEventKind kind, const char *date,
            FlPrecision precision, guint report, const char *report_date, guint line,
            const char *evidence)
{
  FlEvent *event = g_new0(FlEvent, 1);
  gint p = fl_theatre_find_place(theatre, place);
  g_assert_cmpint(p, >=, 0);
  event->place = (guint)p;
  event->faction = faction ? fl_theatre_find_faction(theatre, faction) : -1;
  event->kind = kind;
  event->factuality = FL_FACT_CONFIRMED;
  event->claimant = -1;
  g_assert_true(fl_date_parse_iso(date, &event->event_date, NULL));
  event->precision = precision;
  event->report = report;
  g_assert_true(fl_date_parse_iso(report_date, &event->report_date, NULL));
  event->line = line;
  event->evidence = g_strdup(evidence);
  return event;
}

static void
event_free(gpointer data)
{
  FlEvent *event = data;
  g_free(event->evidence);
  g_free(event);
}

/* The state of place on date, as "faction status confidence". */
static char *
state_of(const FlControl *control, const char *place, const char *date_text)
{
  GDate date;
  FlPlaceState state;
  g_assert_true(fl_date_parse_iso(date_text, &date, NULL));
  fl_control_state_at(control, (guint)fl_theatre_find_place(theatre, place), &date, &state);
  return g_strdup_printf(
      "%s %s %s",
      state.faction >= 0 ? ((const FlFaction *)theatre->factions->pdata[state.faction])->id : "-",
      fl_status_name(state.status), fl_confidence_name(state.confidence));
}

/* The effects of place's history after the baseline, space-separated. */
static char *
effects_of(const FlControl *control, const char *place)
{
  const GArray *history = fl_control_history(control, (guint)fl_theatre_find_place(theatre, place));
  GString *effects = g_string_new(NULL);
  for (guint i = 1; i < history->len; i++)
    g_string_append_printf(effects, "%s%s", i > 1 ? " " : "",
                           fl_effect_name(g_array_index(history, FlHistoryEntry, i).effect));
  return g_string_free(effects, FALSE);
}

#define ASSERT_STATE(control, place, date, expected)                                           \
  do {                                                                                         \
    g_autofree char *got = state_of(control, place, date);                                     \
    g_assert_cmpstr(got, ==, expected);                                                        \
  } while (0)

/* An entry by another side contests the place and keeps its holder; several entries and a
 * capture the same day: the capture wins, whatever the order of the reports. */
static void
test_entry(void)
{
  GPtrArray *events = g_ptr_array_new_with_free_func(event_free);
  g_ptr_array_add(events, observation("homs", "rebels", FL_EVENT_ENTRY, "2024-12-06",
                                      FL_PRECISION_DAY, 0, "2024-12-06", 4, "entered Homs"));
  g_ptr_array_add(events, observation("hama", "rebels", FL_EVENT_CAPTURE, "2024-12-05",
                                      FL_PRECISION_DAY, 0, "2024-12-06", 5, "took Hama"));
  for (guint r = 1; r < 4; r++)
    g_ptr_array_add(events, observation("hama", "rebels", FL_EVENT_ENTRY, "2024-12-05",
                                        FL_PRECISION_DAY, r, "2024-12-06", 4, "in Hama"));
  FlControl *control = fl_control_new(theatre, events, NULL);
  ASSERT_STATE(control, "homs", "2024-12-06", "government contested baseline");
  ASSERT_STATE(control, "hama", "2024-12-05", "rebels held confirmed");
  g_autofree char *effects = effects_of(control, "hama");
  g_assert_cmpstr(effects, ==, "applied no-change no-change applied");
  fl_control_free(control);
  g_ptr_array_unref(events);
}

/* A bounded date ("earlier this week") is an upper bound: with no contemporaneous report it
 * applies at that date; a contemporaneous report that dates the capture later sets it aside. */
static void
test_bound(void)
{
  GPtrArray *events = g_ptr_array_new_with_free_func(event_free);
  g_ptr_array_add(events, observation("rastan", "rebels", FL_EVENT_CAPTURE, "2024-12-05",
                                      FL_PRECISION_BOUND, 1, "2024-12-05", 3, "took Rastan this week"));
  g_ptr_array_add(events, observation("talbiseh", "rebels", FL_EVENT_CAPTURE, "2024-12-05",
                                      FL_PRECISION_BOUND, 1, "2024-12-05", 4, "took Talbiseh this week"));
  g_ptr_array_add(events, observation("rastan", "rebels", FL_EVENT_CAPTURE, "2024-12-03",
                                      FL_PRECISION_BOUND, 2, "2024-12-05", 5, "in Rastan since Tuesday"));
  g_ptr_array_add(events, observation("rastan", "rebels", FL_EVENT_CAPTURE, "2024-12-04",
                                      FL_PRECISION_DAY, 0, "2024-12-04", 5, "on Wednesday"));
  FlControl *control = fl_control_new(theatre, events, NULL);
  ASSERT_STATE(control, "talbiseh", "2024-12-04", "government held baseline");
  ASSERT_STATE(control, "talbiseh", "2024-12-05", "rebels held confirmed");
  ASSERT_STATE(control, "rastan", "2024-12-03", "government held baseline");
  ASSERT_STATE(control, "rastan", "2024-12-04", "rebels held confirmed");
  g_autofree char *effects = effects_of(control, "rastan");
  g_assert_cmpstr(effects, ==, "retrospective applied no-change");
  const GArray *history =
      fl_control_history(control, (guint)fl_theatre_find_place(theatre, "rastan"));
  const FlHistoryEntry *first = &g_array_index(history, FlHistoryEntry, 1);
  g_assert_cmpint(first->reason, ==, FL_REASON_DATED_LATER);
  g_assert_cmpuint(first->cause->report, ==, 0);
  fl_control_free(control);
  g_ptr_array_unref(events);
}

/* One row per observation: a sentence that names the place twice is one observation. Every
 * set-aside row names its cause. */
static void
test_one_row(void)
{
  GPtrArray *events = g_ptr_array_new_with_free_func(event_free);
  for (int copy = 0; copy < 2; copy++)
    g_ptr_array_add(events, observation("hama", "rebels", FL_EVENT_CAPTURE, "2024-12-05",
                                        FL_PRECISION_DAY, 0, "2024-12-05", 3,
                                        "Rebels took Hama, the city of Hama, on Thursday."));
  g_ptr_array_add(events, observation("hama", "rebels", FL_EVENT_CAPTURE, "2024-12-05",
                                      FL_PRECISION_DAY, 1, "2024-12-05", 7,
                                      "rebels took hama -- the city of hama on thursday"));
  FlControl *control = fl_control_new(theatre, events, NULL);
  const GArray *history = fl_control_history(control, (guint)fl_theatre_find_place(theatre, "hama"));
  g_assert_cmpuint(history->len, ==, 3);  /* the baseline, the capture, the copy */
  const FlHistoryEntry *copy = &g_array_index(history, FlHistoryEntry, 2);
  g_assert_cmpint(copy->effect, ==, FL_EFFECT_NO_CHANGE);
  g_assert_cmpint(copy->reason, ==, FL_REASON_COPY);
  g_assert_cmpuint(copy->cause->report, ==, 0);
  fl_control_free(control);
  g_ptr_array_unref(events);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_autofree char *dir = fl_test_source_path("gazetteer/syria");
  GError *error = NULL;
  theatre = fl_theatre_load(dir, &error);
  g_assert_no_error(error);
  g_test_add_func("/control/entry", test_entry);
  g_test_add_func("/control/bound", test_bound);
  g_test_add_func("/control/one-row", test_one_row);
  int status = g_test_run();
  fl_theatre_free(theatre);
  return status;
}
