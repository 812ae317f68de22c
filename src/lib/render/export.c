/* export.c - the state of a date as a point layer, written by OGR (through the GIS module). */
#include <frontline/export.h>

#include "gis.h"

#include <glib/gstdio.h>
#include <errno.h>

G_DEFINE_QUARK(fl-export-error-quark, fl_export_error)

static const struct {
  const char *name, *driver;
  const char *layer_options[3];
} formats[] = {
    [FL_EXPORT_GEOJSON] = {"geojson", "GeoJSON", {"RFC7946=YES", "WRITE_NAME=NO", NULL}},
    [FL_EXPORT_GPKG] = {"gpkg", "GPKG", {NULL}},
    [FL_EXPORT_CSV] = {"csv", "CSV", {"GEOMETRY=AS_XY", "SEPARATOR=COMMA", NULL}},
};

gboolean
fl_export_format_parse(const char *name, FlExportFormat *format)
{
  for (guint i = 0; i < G_N_ELEMENTS(formats); i++)
    if (g_ascii_strcasecmp(name, formats[i].name) == 0) {
      *format = (FlExportFormat)i;
      return TRUE;
    }
  return FALSE;
}

/* The columns, in order; "since" is a date, the others strings. */
enum { COL_PLACE_ID, COL_NAME, COL_KIND, COL_FACTION, COL_FACTION_LABEL, COL_COLOR, COL_STATUS,
       COL_CONFIDENCE, COL_SINCE, COL_EVIDENCE, N_COLUMNS };
static const char *const column_names[N_COLUMNS] = {
    "place_id", "name",       "kind",  "faction",  "faction_label",
    "color",    "status", "confidence", "since", "evidence"};

/* The rows of every theatre place on date: N_COLUMNS strings each, row by row, into strings
 * (which owns them), and their lon/lat. */
static void
state_rows(const FlPipeline *pipeline, const GDate *date, GPtrArray *strings, GArray *lonlat)
{
  const FlTheatre *theatre = pipeline->theatre;

  for (guint p = 0; p < theatre->places->len; p++) {
    const FlPlace *place = theatre->places->pdata[p];
    if (!place->in_theatre)
      continue;
    FlPlaceState state;
    fl_control_state_at(pipeline->control, p, date, &state);
    const FlFaction *faction = state.faction >= 0 ? theatre->factions->pdata[state.faction] : NULL;
    char since[11];
    char *row[N_COLUMNS] = {
      [COL_PLACE_ID] = g_strdup(place->id),
      [COL_NAME] = g_strdup(place->name),
      [COL_KIND] = g_strdup(fl_place_kind_name(place->kind)),
      [COL_FACTION] = g_strdup(faction ? faction->id : ""),
      [COL_FACTION_LABEL] = g_strdup(faction ? fl_faction_label(faction, theatre->languages[0]) : ""),
      [COL_COLOR] = faction ? g_strdup_printf("#%06x", faction->color) : g_strdup(""),
      [COL_STATUS] = g_strdup(fl_status_name(state.status)),
      [COL_CONFIDENCE] = g_strdup(fl_confidence_name(state.confidence)),
      [COL_SINCE] = g_strdup(fl_date_format_iso(&state.since, since)),
      [COL_EVIDENCE] = fl_pipeline_evidence(pipeline, &state),
    };
    double point[2] = {place->lon, place->lat};
    for (int c = 0; c < N_COLUMNS; c++)
      g_ptr_array_add(strings, row[c]);
    g_array_append_vals(lonlat, point, 2);
  }
}

/* Writes the whole dataset into file (a temporary name with the right extension). */
static gboolean
write_dataset(const FlPipeline *pipeline, const GDate *date, FlExportFormat format,
              const char *file, const char *path, GError **error)
{
  const FlGis *gis = fl_gis_get(FL_EXPORT_ERROR, FL_EXPORT_ERROR_DRIVER, error);
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GArray) lonlat = g_array_new(FALSE, FALSE, sizeof(double));
  FlGisColumn columns[N_COLUMNS];
  char iso[11];

  if (!gis)
    return FALSE;
  for (int c = 0; c < N_COLUMNS; c++)
    /* a date field where the format has dates; CSV would write it as 2024/12/06 */
    columns[c] = (FlGisColumn){column_names[c], c == COL_SINCE && format != FL_EXPORT_CSV};
  g_autofree char *layer_name = g_strdup_printf("state_%s", fl_date_format_iso(date, iso));
  for (char *c = layer_name; *c; c++)
    if (*c == '-')
      *c = '_';
  state_rows(pipeline, date, strings, lonlat);
  return gis->write_points(file, path, formats[format].driver, formats[format].layer_options,
                           layer_name, columns, N_COLUMNS, (const char *const *)strings->pdata,
                           (const double *)lonlat->data, strings->len / N_COLUMNS, error);
}

gboolean
fl_export_state(const FlPipeline *pipeline, const GDate *date, FlExportFormat format,
                const char *path, GError **error)
{
  g_autofree char *base = g_path_get_basename(path);
  g_autofree char *temp_dir = NULL;
  g_autofree char *temp_file = NULL;
  gboolean ok = FALSE;
  GError *local = NULL;

  if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
    g_set_error(error, FL_EXPORT_ERROR, FL_EXPORT_ERROR_OUTPUT, "%s: is a folder", path);
    return FALSE;
  }
  /* a folder of our own beside the target, so the file keeps its extension (drivers go by
   * it) and the rename stays on one file system */
  temp_dir = fl_output_temp_folder(path, &local);
  if (temp_dir == NULL) {
    g_set_error_literal(error, FL_EXPORT_ERROR, FL_EXPORT_ERROR_OUTPUT, local->message);
    g_error_free(local);
    return FALSE;
  }
  temp_file = g_build_filename(temp_dir, base, NULL);
  ok = write_dataset(pipeline, date, format, temp_file, path, error);
  if (ok && !fl_output_commit(temp_file, path, &local)) {
    g_set_error_literal(error, FL_EXPORT_ERROR, FL_EXPORT_ERROR_OUTPUT, local->message);
    g_error_free(local);
    ok = FALSE;
  }
  /* whatever the driver left (the file on failure, a GeoPackage's journal) goes */
  GDir *left = g_dir_open(temp_dir, 0, NULL);
  for (const char *name; left && (name = g_dir_read_name(left));) {
    g_autofree char *file = g_build_filename(temp_dir, name, NULL);
    g_remove(file);
  }
  if (left)
    g_dir_close(left);
  g_rmdir(temp_dir);
  return ok;
}
