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
  GPtrArray *corrections;
} CorrectionsLoad;

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
  gint place = fl_theatre_find_place(theatre, place_id);
  if (place < 0 || !((const FlPlace *)theatre->places->pdata[place])->in_theatre) {
    fl_tsv_error(tsv, error, FL_CONTROL_ERROR_REFERENCE,
                 place < 0 ? "unknown place '%s'" : "place '%s' is outside the theatre",
                 place_id);
    return FALSE;
  }
  correction.place = (guint)place;
  correction.faction = -1;
  if (*faction_id && (correction.faction = fl_theatre_find_faction(theatre, faction_id)) < 0) {
    fl_tsv_error(tsv, error, FL_CONTROL_ERROR_REFERENCE, "unknown faction '%s'", faction_id);
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
  return TRUE;
}

GPtrArray *
fl_corrections_load(const FlTheatre *theatre, const char *path, GError **error)
{
  return fl_corrections_parse(theatre, path, NULL, 0, error);
}

GPtrArray *
fl_corrections_parse(const FlTheatre *theatre, const char *path, const char *contents,
                     gsize len, GError **error)
{
  static const char *const columns[] = {"date", "place_id", "faction", "status", NULL};
  CorrectionsLoad load = {theatre, g_ptr_array_new_with_free_func(correction_free)};
  if (!fl_tsv_load_data(path, contents, len, FL_CONTROL_ERROR, FL_CONTROL_ERROR_IO,
                        FL_CONTROL_ERROR_SYNTAX, columns, correction_row, &load, error)) {
    g_ptr_array_unref(load.corrections);
    return NULL;
  }
  return load.corrections;
}

