/* control-corrections.c - the analyst's corrections file (README "Commands": --corrections),
 * read for stage 4: one row a state of a place from a date on. Uses fl_status_parse() of
 * control.c; control.c does not call this file. */
#include <frontline/control.h>

#include "control-internal.h"
#include "tsv-internal.h"

static void
correction_free(gpointer data)
{
  FlCorrection *correction = data;
  g_free(correction->note);
  g_free(correction->origin);
  g_free(correction);
}

typedef struct {
  const FlTheatre *theatre;
  const FlGazetteer *gazetteer;
  GPtrArray *corrections;
  GHashTable *rows;   /* "place date" -> the FlCorrection read for them: one a place and day */
} CorrectionsLoad;

/* The row's state as written: "rebels held", "nobody abandoned". */
static char *
state_words(const FlTheatre *theatre, const FlCorrection *correction)
{
  const char *faction =
      correction->faction >= 0
          ? ((const FlFaction *)theatre->factions->pdata[correction->faction])->id
          : "nobody";
  return g_strdup_printf("%s %s", faction, fl_status_name(correction->status));
}

/* Whether the row conflicts with an earlier one of its place and day (another faction or
 * status), an error naming both lines; an identical row is only a repetition. */
static gboolean
check_conflict(CorrectionsLoad *load, const FlTsv *tsv, const FlCorrection *correction,
               GError **error)
{
  char date[11];
  fl_date_format_iso(&correction->date, date);
  g_autofree char *key = g_strdup_printf("%u %s", correction->place, date);
  const FlCorrection *earlier = g_hash_table_lookup(load->rows, key);
  if (earlier && (earlier->faction != correction->faction ||
                  earlier->status != correction->status)) {
    const FlPlace *place = load->theatre->places->pdata[correction->place];
    g_autofree char *here = state_words(load->theatre, correction);
    g_autofree char *there = state_words(load->theatre, earlier);
    fl_tsv_error(tsv, error, FL_CONTROL_ERROR_CONFLICT,
                 "%s on %s: '%s' here but '%s' at %s: one state per place and day", place->id,
                 date, here, there, earlier->origin);
    return FALSE;
  }
  if (earlier == NULL)
    g_hash_table_insert(load->rows, g_steal_pointer(&key), (gpointer)correction);
  return TRUE;
}

enum { C_DATE, C_PLACE, C_FACTION, C_STATUS };

static gboolean
correction_row(const FlTsv *tsv, const gint *col, gpointer user_data, GError **error)
{
  CorrectionsLoad *load = user_data;
  const FlTheatre *theatre = load->theatre;
  const char *date_text = fl_tsv_cell(tsv, col[C_DATE]);
  const char *place_id = fl_tsv_cell(tsv, col[C_PLACE]);
  const char *faction_id = fl_tsv_cell(tsv, col[C_FACTION]);
  const char *status_text = fl_tsv_cell(tsv, col[C_STATUS]);
  GError *local = NULL;
  FlCorrection correction = {0};

  if (!fl_date_parse_iso(date_text, &correction.date, &local)) {
    fl_tsv_error(tsv, error, FL_CONTROL_ERROR_VALUE, "date: %s", local->message);
    g_error_free(local);
    return FALSE;
  }
  if (g_date_compare(&correction.date, &theatre->baseline_date) <= 0 ||
      g_date_compare(&correction.date, &theatre->period_last) > 0) {
    char first[16], last[16];
    fl_date_format_iso(&theatre->baseline_date, first);
    fl_date_format_iso(&theatre->period_last, last);
    fl_tsv_error(tsv, error, FL_CONTROL_ERROR_VALUE,
                 "date %s is outside the theatre's period (after the baseline %s, up to %s)",
                 date_text, first, last);
    return FALSE;
  }
  gint place = fl_places_resolve(load->gazetteer, place_id, &local);  /* as timeline PLACE */
  if (place < 0) {
    fl_tsv_error(tsv, error, FL_CONTROL_ERROR_REFERENCE, "place_id: %s", local->message);
    g_error_free(local);
    return FALSE;
  }
  correction.place = (guint)place;
  correction.faction = -1;
  if (*faction_id && (correction.faction = fl_theatre_find_faction(theatre, faction_id)) < 0) {
    g_autofree char *ids = fl_theatre_faction_ids(theatre);
    fl_tsv_error(tsv, error, FL_CONTROL_ERROR_REFERENCE,
                 "unknown faction '%s' (the theatre's: %s; empty for nobody)", faction_id, ids);
    return FALSE;
  }
  if (!fl_status_parse(status_text, &correction.status)) {
    fl_tsv_error(tsv, error, FL_CONTROL_ERROR_VALUE,
                 "unknown status '%s' (held, contested, besieged, abandoned)", status_text);
    return FALSE;
  }
  if ((correction.faction < 0) != (correction.status == FL_STATUS_ABANDONED)) {
    fl_tsv_error(tsv, error, FL_CONTROL_ERROR_VALUE,
                 correction.faction < 0 ? "status '%s' needs a faction (only 'abandoned' has none)"
                                        : "status '%s' means nobody holds it: leave faction empty",
                 status_text);
    return FALSE;
  }
  FlCorrection *c = g_new(FlCorrection, 1);
  *c = correction;
  c->note = g_strdup(fl_tsv_cell(tsv, fl_tsv_column(tsv, "note")));
  c->origin = g_strdup_printf("%s:%u", tsv->path, tsv->line);
  g_ptr_array_add(load->corrections, c);
  return check_conflict(load, tsv, c, error);
}

GPtrArray *
fl_corrections_load(const FlTheatre *theatre, const FlGazetteer *gazetteer, const char *path,
                    GError **error)
{
  return fl_corrections_parse(theatre, gazetteer, path, NULL, 0, error);
}

GPtrArray *
fl_corrections_parse(const FlTheatre *theatre, const FlGazetteer *gazetteer, const char *path,
                     const char *contents, gsize len, GError **error)
{
  static const char *const columns[] = {"date", "place_id", "faction", "status", NULL};
  CorrectionsLoad load = {theatre, gazetteer, g_ptr_array_new_with_free_func(correction_free),
                          g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL)};
  gboolean ok = fl_tsv_load_data(path, contents, len, FL_CONTROL_ERROR, FL_CONTROL_ERROR_IO,
                                 FL_CONTROL_ERROR_SYNTAX, columns, correction_row, &load, error);
  g_hash_table_unref(load.rows);
  if (!ok)
    g_clear_pointer(&load.corrections, g_ptr_array_unref);
  return load.corrections;
}
