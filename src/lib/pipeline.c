/* pipeline.c - the stages wired together, and the tables the commands print. */
#include <frontline/pipeline.h>

#include "places-internal.h"

#include <string.h>

gboolean
fl_table_format_parse(const char *name, FlTableFormat *format, GError **error)
{
  if (g_str_equal(name, "tsv"))
    *format = FL_TABLE_TSV;
  else if (g_str_equal(name, "json"))
    *format = FL_TABLE_JSON;
  else {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--format: unknown format '%s' (tsv, json)", name);
    return FALSE;
  }
  return TRUE;
}

FlPipeline *
fl_pipeline_run(const FlPipelineOptions *options, GError **error)
{
  FlPipeline *pipeline = g_new0(FlPipeline, 1);
  FlReportOptions report_options = {0};
  FlManifest *manifest = NULL;

  pipeline->theatre = fl_theatre_load_overlaid(options->theatre_dir, &options->overlays, error);
  if (pipeline->theatre == NULL)
    goto fail;
  if (options->manifest_path) {
    manifest = fl_manifest_load(options->manifest_path, error);
    if (manifest == NULL)
      goto fail;
  }
  report_options.manifest = manifest;
  report_options.period_first = pipeline->theatre->period_first;
  report_options.period_last = pipeline->theatre->period_last;
  pipeline->reports = fl_reports_load(options->reports, options->n_reports, &report_options,
                                      error);
  /* the reports hold what the manifest told of them: a manifest of many reports is not kept
   * beside them */
  fl_manifest_free(manifest);
  if (pipeline->reports == NULL)
    goto fail;
  for (guint r = pipeline->reports->len; options->known_on && r > 0; r--) {
    const FlReport *report = pipeline->reports->pdata[r - 1];
    if (g_date_compare(&report->date, options->known_on) > 0)
      g_ptr_array_remove_index(pipeline->reports, r - 1);
  }
  pipeline->gazetteer = fl_gazetteer_new(pipeline->theatre, error);
  if (pipeline->gazetteer == NULL)
    goto fail;
  pipeline->lexicon = fl_lexicon_load(pipeline->theatre, error);
  if (pipeline->lexicon == NULL)
    goto fail;
  pipeline->events = fl_events_extract(pipeline->theatre, pipeline->gazetteer, pipeline->lexicon,
                                       pipeline->reports, error);
  if (pipeline->events == NULL)
    goto fail;
  if (options->corrections_path) {
    pipeline->corrections = fl_corrections_load(pipeline->theatre, pipeline->gazetteer,
                                                options->corrections_path, error);
    if (pipeline->corrections == NULL)
      goto fail;
  }
  if (!options->events_only)
    pipeline->control = fl_control_new(pipeline->theatre, pipeline->events,
                                       pipeline->corrections);
  return pipeline;

fail:
  fl_pipeline_free(pipeline);
  return NULL;
}

void
fl_pipeline_free(FlPipeline *pipeline)
{
  if (pipeline == NULL)
    return;
  fl_control_free(pipeline->control);
  if (pipeline->events)
    g_ptr_array_unref(pipeline->events);
  if (pipeline->corrections)
    g_ptr_array_unref(pipeline->corrections);
  fl_lexicon_free(pipeline->lexicon);
  fl_gazetteer_free(pipeline->gazetteer);
  if (pipeline->reports)
    g_ptr_array_unref(pipeline->reports);
  fl_theatre_free(pipeline->theatre);
  g_free(pipeline);
}

/* ---- tables ---- */

gboolean
fl_table_sink_string(const char *bytes, gsize len, gpointer string, GError **error)
{
  (void)error;
  g_string_append_len(string, bytes, (gssize)len);
  return TRUE;
}

/* What a table holds before it hands its rows on: a table is written as it is made, so its
 * size is not held in memory. */
#define TABLE_BUFFER (64 * 1024)

/* One table being written: TSV rows or a JSON array of objects. */
typedef struct {
  GString *out;          /* the rows not handed to the sink yet */
  FlTableFormat format;
  const char *const *columns;
  guint column;
  guint rows;
  FlTableSink sink;
  gpointer sink_data;
  GError *error;         /* the sink's first failure: nothing more is handed on */
} Table;

/* Hands what the table holds to its sink. */
static void
table_flush(Table *table)
{
  if (table->error == NULL && table->out->len > 0)
    table->sink(table->out->str, table->out->len, table->sink_data, &table->error);
  g_string_truncate(table->out, 0);
}

static void
table_begin(Table *table, FlTableFormat format, const char *const *columns, FlTableSink sink,
            gpointer sink_data)
{
  *table = (Table){g_string_sized_new(TABLE_BUFFER + 4096), format, columns, 0, 0, sink,
                   sink_data, NULL};
  GString *out = table->out;
  if (format == FL_TABLE_TSV) {
    for (guint i = 0; columns[i]; i++)
      g_string_append_printf(out, "%s%s", i ? "\t" : "", columns[i]);
    g_string_append_c(out, '\n');
  } else {
    g_string_append(out, "[");
  }
}

static void
json_string(GString *out, const char *text)
{
  g_string_append_c(out, '"');
  for (const char *p = text; *p; p++) {
    guchar c = (guchar)*p;
    if (c == '"' || c == '\\')
      g_string_append_printf(out, "\\%c", c);
    else if (c == '\n')
      g_string_append(out, "\\n");
    else if (c == '\t')
      g_string_append(out, "\\t");
    else if (c < 0x20)
      g_string_append_printf(out, "\\u%04x", c);
    else
      g_string_append_c(out, (char)c);
  }
  g_string_append_c(out, '"');
}

/* Appends a cell; numbers are given as text with is_number set. */
static void
table_cell(Table *table, const char *text, gboolean is_number)
{
  GString *out = table->out;
  if (table->format == FL_TABLE_TSV) {
    if (table->column)
      g_string_append_c(out, '\t');
    for (const char *p = text; *p; p++)
      g_string_append_c(out, (*p == '\t' || *p == '\n') ? ' ' : *p);
  } else {
    g_string_append(out, table->column ? ", " : (table->rows ? ",\n  {" : "\n  {"));
    json_string(out, table->columns[table->column]);
    g_string_append(out, ": ");
    if (is_number && *text)
      g_string_append(out, text);
    else if (is_number)
      g_string_append(out, "null");
    else
      json_string(out, text);
  }
  table->column++;
}

static void
table_number(Table *table, double value, const char *format)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd(buf, sizeof buf, format, value);
  table_cell(table, buf, TRUE);
}

static void
table_end_row(Table *table)
{
  g_string_append(table->out, table->format == FL_TABLE_TSV ? "\n" : "}");
  table->column = 0;
  table->rows++;
  if (table->out->len >= TABLE_BUFFER)
    table_flush(table);
}

/* Ends the table and hands the rest on: FALSE with the sink's error when it failed. */
static gboolean
table_end(Table *table, GError **error)
{
  if (table->format == FL_TABLE_JSON)
    g_string_append(table->out, table->rows ? "\n]\n" : "]\n");
  table_flush(table);
  g_string_free(table->out, TRUE);
  if (table->error) {
    g_propagate_error(error, table->error);
    return FALSE;
  }
  return TRUE;
}

/* Drops a table left half-written (an error on the way): nothing more is handed on. */
static void
table_abort(Table *table)
{
  g_string_free(table->out, TRUE);
  g_clear_error(&table->error);
}

/* A row of the places table, for each mention fl_places_scan finds. */
typedef struct {
  Table *table;
  const FlTheatre *theatre;
  const FlReport *report;
} PlacesRows;

static void
place_row(const FlMention *mention, const char *text, gpointer user_data)
{
  PlacesRows *rows = user_data;
  Table *table = rows->table;
  const FlTheatre *theatre = rows->theatre;
  const FlPlace *place = theatre->places->pdata[mention->place];
  g_autofree char *surface = g_strndup(text, mention->length);
  g_autoptr(GString) alternatives = g_string_new(NULL);
  for (guint a = 0; a < mention->n_alternatives; a++) {
    const FlPlace *other = theatre->places->pdata[mention->alternatives[a]];
    g_string_append_printf(alternatives, "%s%s", a ? "," : "", other->id);
  }
  char number[16];
  table_cell(table, rows->report->path, FALSE);
  g_snprintf(number, sizeof number, "%u", mention->line);
  table_cell(table, number, TRUE);
  g_snprintf(number, sizeof number, "%u", mention->column);
  table_cell(table, number, TRUE);
  table_cell(table, surface, FALSE);
  table_cell(table, place->id, FALSE);
  table_cell(table, place->name, FALSE);
  table_number(table, place->lat, "%.5f");
  table_number(table, place->lon, "%.5f");
  table_cell(table, fl_match_kind_name(mention->match), FALSE);
  table_cell(table, alternatives->str, FALSE);
  table_end_row(table);
}

gboolean
fl_pipeline_write_places(const FlPipeline *pipeline, FlTableFormat format, FlTableSink sink,
                         gpointer sink_data, GError **error)
{
  static const char *const columns[] = {"report", "line", "column", "surface", "place_id",
                                        "name",   "lat",  "lon",    "match",   "alternatives",
                                        NULL};
  Table table;
  table_begin(&table, format, columns, sink, sink_data);
  for (guint r = 0; r < pipeline->reports->len && table.error == NULL; r++) {
    PlacesRows rows = {&table, pipeline->theatre, pipeline->reports->pdata[r]};
    if (!fl_places_scan(pipeline->gazetteer, rows.report, place_row, &rows, error)) {
      table_abort(&table);
      return FALSE;
    }
  }
  return table_end(&table, error);
}

static const char *
faction_id(const FlTheatre *theatre, gint faction)
{
  return faction >= 0 ? ((const FlFaction *)theatre->factions->pdata[faction])->id : "";
}

gboolean
fl_pipeline_write_events(const FlPipeline *pipeline, FlTableFormat format, FlTableSink sink,
                         gpointer sink_data, GError **error)
{
  static const char *const columns[] = {"report",   "report_date", "event_date", "precision",
                                        "place_id", "kind",        "faction",    "factuality",
                                        "claimant", "line",        "evidence",   NULL};
  const FlTheatre *theatre = pipeline->theatre;
  Table table;
  table_begin(&table, format, columns, sink, sink_data);
  for (guint i = 0; i < pipeline->events->len && table.error == NULL; i++) {
    const FlEvent *event = pipeline->events->pdata[i];
    const FlReport *report = pipeline->reports->pdata[event->report];
    const FlPlace *place = theatre->places->pdata[event->place];
    char report_date[11], event_date[11], line[16];
    g_snprintf(line, sizeof line, "%u", event->line);
    table_cell(&table, report->path, FALSE);
    table_cell(&table, fl_date_format_iso(&report->date, report_date), FALSE);
    table_cell(&table, fl_date_format_iso(&event->event_date, event_date), FALSE);
    table_cell(&table, fl_precision_name(event->precision), FALSE);
    table_cell(&table, place->id, FALSE);
    table_cell(&table, fl_event_kind_name(event->kind), FALSE);
    table_cell(&table, faction_id(theatre, event->faction), FALSE);
    table_cell(&table, fl_factuality_name(event->factuality), FALSE);
    table_cell(&table, faction_id(theatre, event->claimant), FALSE);
    table_cell(&table, line, TRUE);
    table_cell(&table, event->evidence, FALSE);
    table_end_row(&table);
  }
  return table_end(&table, error);
}

gboolean
fl_pipeline_write_state(const FlPipeline *pipeline, const GDate *date, FlTableFormat format,
                        const char *lang, FlTableSink sink, gpointer sink_data,
                        GError **error)
{
  static const char *const columns[] = {"place_id", "name",       "lat",   "lon",
                                        "faction",  "status",     "confidence", "since",
                                        "reported", "basis",      "evidence",   NULL};
  const FlTheatre *theatre = pipeline->theatre;
  g_autofree FlBasis *bases = fl_control_bases(pipeline->control, date);
  g_autofree char *label_lang = fl_theatre_labels_language(theatre, lang);
  Table table;
  table_begin(&table, format, columns, sink, sink_data);
  for (guint p = 0; p < theatre->places->len && table.error == NULL; p++) {
    const FlPlace *place = theatre->places->pdata[p];
    FlPlaceState state;
    GDate last;
    char since[11], reported[11] = "";
    if (!place->in_theatre)
      continue;
    fl_control_state_at(pipeline->control, p, date, &state);
    if (fl_control_reported(pipeline->control, p, date, &last))
      fl_date_format_iso(&last, reported);
    g_autofree char *evidence = fl_pipeline_evidence(pipeline, &state);
    table_cell(&table, place->id, FALSE);
    table_cell(&table, fl_place_label(place, label_lang), FALSE);
    table_number(&table, place->lat, "%.5f");
    table_number(&table, place->lon, "%.5f");
    table_cell(&table, faction_id(theatre, state.faction), FALSE);
    table_cell(&table, fl_status_name(state.status), FALSE);
    table_cell(&table, fl_confidence_name(state.confidence), FALSE);
    table_cell(&table, fl_date_format_iso(&state.since, since), FALSE);
    table_cell(&table, reported, FALSE);
    table_cell(&table, fl_basis_name(bases[p]), FALSE);
    table_cell(&table, evidence, FALSE);
    table_end_row(&table);
  }
  return table_end(&table, error);
}

/* "report:line: sentence". Newly allocated. */
static char *
event_evidence(const FlPipeline *pipeline, const FlEvent *event)
{
  const FlReport *report = pipeline->reports->pdata[event->report];
  return g_strdup_printf("%s:%u: %s", report->path, event->line, event->evidence);
}

char *
fl_pipeline_evidence(const FlPipeline *pipeline, const FlPlaceState *state)
{
  if (state->evidence)
    return event_evidence(pipeline, state->evidence);
  const char *note = state->note;
  switch (state->confidence) {
  case FL_CONFIDENCE_ANALYST: return g_strdup_printf("analyst: %s", note ? note : "");
  case FL_CONFIDENCE_INFERRED: return g_strdup_printf("inferred: %s", note ? note : "");
  default: break;
  }
  return g_strdup_printf("baseline%s%s", note ? ": " : "", note ? note : "");
}

/* "report line N". Newly allocated. */
static char *
event_origin(const FlPipeline *pipeline, const FlEvent *event)
{
  const FlReport *report = pipeline->reports->pdata[event->report];
  return g_strdup_printf("%s line %u", report->path, event->line);
}

/* Why a step of a history did what it did, in a few words. Newly allocated. */
static char *
entry_reason(const FlPipeline *pipeline, const FlHistoryEntry *entry)
{
  const FlTheatre *theatre = pipeline->theatre;
  const char *faction = faction_id(theatre, entry->faction);
  g_autofree char *cause = entry->cause ? event_origin(pipeline, entry->cause) : NULL;
  char date[11];
  switch (entry->reason) {
  case FL_REASON_NONE: break;
  case FL_REASON_AGREES: return g_strdup("agrees with the state, or does not bear on its holder");
  case FL_REASON_COPY: return g_strdup_printf("copy of %s: one story counts once", cause);
  case FL_REASON_ALLY_HOLDS: return g_strdup_printf("specific ally %s holds it", faction);
  case FL_REASON_ALLY_NAMED:
    return g_strdup_printf("names which ally of %s holds it", faction);
  case FL_REASON_ALLY_PRESENT: return g_strdup_printf("an ally of the holder %s", faction);
  case FL_REASON_KEEPS_CONFIRMED:
    return g_strdup("the holder's claim does not lower what is known better");
  case FL_REASON_OUTWEIGHED:
    return g_strdup_printf("outweighed: %u reports of that day and the days before back %s "
                           "(%s)", entry->support, faction, cause);
  case FL_REASON_DATED_LATER:
    return g_strdup_printf("%s: contemporaneous reports date it %s (%s)",
                           entry->event && entry->event->precision == FL_PRECISION_BOUND
                               ? "bounded date" : "retrospective",
                           fl_date_format_iso(&entry->cause->event_date, date), cause);
  case FL_REASON_DENIED: return g_strdup_printf("denied by %s", cause);
  case FL_REASON_PRESSING_ALLY:
    return g_strdup_printf("taken by %s, the ally at its gates or inside it (%s)", faction,
                           cause);
  case FL_REASON_GUARDED:
    return g_strdup_printf("a lone report against %u reports for %s in the days before (%s): "
                           "a capital or region seat needs a second report, that day or "
                           "the next", entry->support, faction, cause);
  case FL_REASON_BEHIND_ADVANCE:
    return g_strdup_printf("behind the advance: %s took a place beyond it (%s)", faction, cause);
  case FL_REASON_ENTRANT_HOLDS:
    return entry->event == entry->cause
               ? g_strdup_printf("nobody held it; %s, at its gates or inside it, holds it",
                                 faction)
               : g_strdup_printf("the holder left; %s, which had entered it (%s), holds it",
                                 faction, cause);
  }
  switch (entry->effect) {
  case FL_EFFECT_NOT_FACTUAL:
    return g_strdup_printf("%s: evidence of nothing by itself",
                           fl_factuality_name(entry->event->factuality));
  case FL_EFFECT_CONTRADICTED:
    return g_strdup("claims of equal weight disagree: contested, holder kept");
  case FL_EFFECT_NO_ACTOR: return g_strdup("no faction named");
  case FL_EFFECT_BEFORE_BASELINE: return g_strdup("on or before the baseline date");
  case FL_EFFECT_CORRECTION: return g_strdup("the analyst's correction wins over its day");
  case FL_EFFECT_SUCCESSION: return g_strdup("the holder ended (factions.tsv)");
  case FL_EFFECT_APPLIED: return g_strdup("changes the state");
  default: return g_strdup("");
  }
}

gboolean
fl_pipeline_write_timeline(const FlPipeline *pipeline, guint place, FlTableFormat format,
                           FlTableSink sink, gpointer sink_data, GError **error)
{
  static const char *const columns[] = {"date",      "effect",   "kind",       "faction",
                                        "factuality", "claimant", "holder",    "status",
                                        "confidence", "since",    "reason",    "evidence",
                                        NULL};
  const FlTheatre *theatre = pipeline->theatre;
  const GArray *history = fl_control_history(pipeline->control, place);
  Table table;
  table_begin(&table, format, columns, sink, sink_data);
  for (guint i = 0; i < history->len && table.error == NULL; i++) {
    const FlHistoryEntry *entry = &g_array_index(history, FlHistoryEntry, i);
    const FlEvent *event = entry->event;
    char date[11], since[11];
    g_autofree char *evidence = NULL;
    g_autofree char *reason = i == 0 ? g_strdup("") : entry_reason(pipeline, entry);
    if (event)
      evidence = event_evidence(pipeline, event);
    else if (entry->correction)
      evidence = g_strdup_printf("analyst: %s (%s)", entry->correction->note,
                                 entry->correction->origin);
    else
      evidence = fl_pipeline_evidence(pipeline, &entry->state);
    table_cell(&table, fl_date_format_iso(&entry->date, date), FALSE);
    table_cell(&table, i == 0 ? "baseline" : fl_effect_name(entry->effect), FALSE);
    table_cell(&table, event ? fl_event_kind_name(event->kind) : "", FALSE);
    table_cell(&table, event ? faction_id(theatre, event->faction) : "", FALSE);
    table_cell(&table, event ? fl_factuality_name(event->factuality) : "", FALSE);
    table_cell(&table, event ? faction_id(theatre, event->claimant) : "", FALSE);
    table_cell(&table, faction_id(theatre, entry->state.faction), FALSE);
    table_cell(&table, fl_status_name(entry->state.status), FALSE);
    table_cell(&table, fl_confidence_name(entry->state.confidence), FALSE);
    table_cell(&table, fl_date_format_iso(&entry->state.since, since), FALSE);
    table_cell(&table, reason, FALSE);
    table_cell(&table, evidence, FALSE);
    table_end_row(&table);
  }
  return table_end(&table, error);
}
