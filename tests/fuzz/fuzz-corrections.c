/* fuzz-corrections.c - an analyst's corrections file (--corrections) against the Syria
 * theatre. The input is the TSV; corrections that read are applied over the baseline and the
 * state of every place is taken on the first and last days of the theatre's period. */
#include "fuzz.h"

#include "control-internal.h"

#include <frontline/control.h>
#include <frontline/theatre.h>

static FlTheatre *theatre;
static FlGazetteer *gazetteer;   /* places are named by id or by name */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  GError *error = NULL;
  g_autofree char *dir = g_build_filename(fuzz_source_dir(), "gazetteer", "syria", NULL);
  if ((theatre = fl_theatre_load(dir, &error)) == NULL ||
      (gazetteer = fl_gazetteer_new(theatre, &error)) == NULL)
    g_error("fuzz set-up: %s", error->message);
  return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  GError *error = NULL;
  GPtrArray *corrections =
      fl_corrections_parse(theatre, gazetteer, "fuzz-corrections.tsv", (const char *)data, size,
                           &error);
  if (corrections == NULL) {
    g_assert(error != NULL && error->domain == FL_CONTROL_ERROR);
    g_clear_error(&error);
    return 0;
  }
  GPtrArray *events = g_ptr_array_new();
  FlControl *control = fl_control_new(theatre, events, corrections);
  const GDate *days[] = {&theatre->period_first, &theatre->period_last};
  for (guint d = 0; d < G_N_ELEMENTS(days); d++)
    for (guint p = 0; g_date_valid(days[d]) && p < theatre->places->len; p++) {
      FlPlaceState state;
      fl_control_state_at(control, p, days[d], &state);
    }
  fl_control_free(control);
  g_ptr_array_unref(events);
  g_ptr_array_unref(corrections);
  return 0;
}
