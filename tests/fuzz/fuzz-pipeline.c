/* fuzz-pipeline.c - text to events to state: the whole path of one report. The Syria theatre,
 * its gazetteer and lexicons are loaded once; the input is a report (header block or dateline
 * included) read with the theatre's period. A report that reads goes through places, events
 * and control, and the tables of the commands (places, events, state, a timeline, in TSV and
 * JSON) are written. */
#include "fuzz.h"

#include <frontline/pipeline.h>

static FlPipeline base;   /* theatre, gazetteer and lexicon; no report */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  GError *error = NULL;
  g_autofree char *dir = g_build_filename(fuzz_source_dir(), "gazetteer", "syria", NULL);
  if ((base.theatre = fl_theatre_load(dir, &error)) == NULL ||
      (base.gazetteer = fl_gazetteer_new(base.theatre, &error)) == NULL ||
      (base.lexicon = fl_lexicon_load(base.theatre, &error)) == NULL)
    g_error("fuzz set-up: %s", error->message);
  return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  GError *error = NULL;
  FlReportOptions options = {.period_first = base.theatre->period_first,
                             .period_last = base.theatre->period_last};
  FlReport *report = fl_report_parse("fuzz/2024-12-05-input.txt", (const char *)data, size,
                                     &options, &error);
  if (report == NULL) {
    g_clear_error(&error);
    return 0;
  }
  FlPipeline pipeline = base;
  pipeline.reports = g_ptr_array_new_with_free_func((GDestroyNotify)fl_report_free);
  g_ptr_array_add(pipeline.reports, report);
  pipeline.events = fl_events_extract(pipeline.theatre, pipeline.gazetteer, pipeline.lexicon,
                                      pipeline.reports, NULL);   /* in memory: no I/O */
  pipeline.control = fl_control_new(pipeline.theatre, pipeline.events, NULL);

  GString *out = g_string_new(NULL);
  GDate last = base.theatre->period_last;
  for (FlTableFormat format = FL_TABLE_TSV; format <= FL_TABLE_JSON; format++) {
    fl_pipeline_write_places(&pipeline, format, fl_table_sink_string, out, NULL);
    fl_pipeline_write_events(&pipeline, format, fl_table_sink_string, out, NULL);
    fl_pipeline_write_state(&pipeline, &report->date, format, NULL, fl_table_sink_string, out,
                            NULL);
    g_string_truncate(out, 0);
  }
  fl_pipeline_write_state(&pipeline, &last, FL_TABLE_TSV, "en", fl_table_sink_string, out, NULL);
  for (guint i = 0; i < pipeline.events->len && i < 4; i++) {
    const FlEvent *event = pipeline.events->pdata[i];
    fl_pipeline_write_timeline(&pipeline, event->place, FL_TABLE_JSON, fl_table_sink_string, out,
                               NULL);
  }
  g_assert(g_utf8_validate(out->str, (gssize)out->len, NULL));
  g_string_free(out, TRUE);
  GArray *changes = fl_control_changes(pipeline.control, &last);
  for (guint i = 0; i < changes->len; i++) {
    const FlControlChange *change = &g_array_index(changes, FlControlChange, i);
    g_assert(change->to_faction >= 0 && change->to_faction < (gint)base.theatre->factions->len);
  }
  g_array_unref(changes);

  fl_control_free(pipeline.control);
  g_ptr_array_unref(pipeline.events);
  g_ptr_array_unref(pipeline.reports);
  return 0;
}
