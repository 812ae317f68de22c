/* frontline/pipeline.h - the stages wired together, as every command runs them, and the
 * tables the commands print. The CLI and the end-to-end tests call these. */
#ifndef FRONTLINE_PIPELINE_H
#define FRONTLINE_PIPELINE_H

#include <frontline/control.h>

G_BEGIN_DECLS

typedef enum {
  FL_TABLE_TSV,
  FL_TABLE_JSON,
} FlTableFormat;

/* Parses "tsv" or "json". */
gboolean fl_table_format_parse(const char *name, FlTableFormat *format, GError **error);

/* Where a table goes as it is written: len bytes (not NUL-terminated) at a time, in order, about
 * 64 KB each, so a table of any size is never held whole. FALSE with error set stops the
 * writing: nothing more is handed on, and the writer fails with that error. */
typedef gboolean (*FlTableSink)(const char *bytes, gsize len, gpointer user_data,
                                GError **error);

/* A sink that appends to the GString user_data (never fails). */
gboolean fl_table_sink_string(const char *bytes, gsize len, gpointer string, GError **error);

typedef struct {
  const char *theatre_dir;     /* the theatre folder */
  const char *manifest_path;   /* or NULL */
  const char *const *reports;  /* report paths */
  guint n_reports;
  const GDate *known_on;       /* or NULL; else only the reports published on or before it
                                * (the situation as known on that date) */
  const char *corrections_path; /* or NULL: an analyst's corrections file (control.h) */
  FlTheatreOverlays overlays;  /* tables read after the theatre's (--places, --aliases) */
  gboolean events_only;        /* stop after the events: control is left NULL (what the events
                                * table needs, without a timeline per place) */
} FlPipelineOptions;

/* Every stage's result for a set of reports. */
typedef struct {
  FlTheatre *theatre;
  GPtrArray *reports;          /* FlReport*, by date */
  FlGazetteer *gazetteer;
  FlLexicon *lexicon;
  GPtrArray *events;           /* FlEvent* */
  GPtrArray *corrections;      /* FlCorrection*, or NULL */
  FlControl *control;          /* NULL when run with events_only */
} FlPipeline;

/* Loads the theatre and the reports and runs places, events and control. Errors come from the
 * stage that found them (FL_THEATRE_ERROR, FL_REPORT_ERROR, FL_EVENTS_ERROR...). Caller frees
 * with fl_pipeline_free(). */
FlPipeline *fl_pipeline_run(const FlPipelineOptions *options, GError **error);
void fl_pipeline_free(FlPipeline *pipeline);

/* The evidence of a state as one line: "report:line: sentence" for a report, else
 * "baseline: source", "analyst: note (file:line)" or "inferred: why". Caller g_free()s. */
char *fl_pipeline_evidence(const FlPipeline *pipeline, const FlPlaceState *state);

/* The tables the commands print, handed to sink as they are written (FlTableSink). Each
 * returns FALSE with error set when the sink fails, and the places table also when a report's
 * file cannot be read again (FL_REPORT_ERROR_IO): what was handed on before stays with the
 * sink. */

/* The table of place mentions (report, line, column, surface, place_id, name, lat, lon, match,
 * alternatives), reading the reports again in bounded windows. */
gboolean fl_pipeline_write_places(const FlPipeline *pipeline, FlTableFormat format,
                                  FlTableSink sink, gpointer sink_data, GError **error);

/* The table of events (report, report_date, event_date, precision, place_id, kind, faction,
 * factuality, line, evidence). */
gboolean fl_pipeline_write_events(const FlPipeline *pipeline, FlTableFormat format,
                                  FlTableSink sink, gpointer sink_data, GError **error);

/* The state of every theatre place on date (place_id, name, lat, lon, faction, status,
 * confidence, since, reported, basis, evidence); name is the place's label in the first
 * language of lang ("fr", "fr+ar"; NULL: the theatre's first), as the map prints it. Needs the
 * control. */
gboolean fl_pipeline_write_state(const FlPipeline *pipeline, const GDate *date,
                                 FlTableFormat format, const char *lang, FlTableSink sink,
                                 gpointer sink_data, GError **error);

/* Place's history (date, effect, kind, faction, factuality, claimant, then the state after it:
 * holder, status, confidence, since, and the evidence). Needs the control. */
gboolean fl_pipeline_write_timeline(const FlPipeline *pipeline, guint place, FlTableFormat format,
                                    FlTableSink sink, gpointer sink_data, GError **error);

G_END_DECLS

#endif
