/* export.c - the state of a date as a point layer, "places", written by OGR (through the GIS
 * module). */
#include <frontline/export.h>

#include "gis.h"

#include <glib/gstdio.h>
#include <errno.h>

G_DEFINE_QUARK(fl-export-error-quark, fl_export_error)

static const struct {
  const char *name, *driver;
  const char *layer_options[3];
  gboolean date_fields;   /* dates as date fields: CSV would write 2024/12/06 */
} formats[] = {
    [FL_EXPORT_GEOJSON] = {"geojson", "GeoJSON", {"RFC7946=YES", "WRITE_NAME=NO", NULL}, TRUE},
    [FL_EXPORT_GPKG] = {"gpkg", "GPKG", {NULL}, TRUE},
    [FL_EXPORT_CSV] = {"csv", "CSV", {"GEOMETRY=AS_XY", "SEPARATOR=COMMA", NULL}, FALSE},
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

/* The columns of the places, in order; "since" and "date" are dates, the others strings. */
enum { COL_PLACE_ID, COL_NAME, COL_KIND, COL_FACTION, COL_FACTION_LABEL, COL_COLOR, COL_STATUS,
       COL_CONFIDENCE, COL_SINCE, COL_EVIDENCE, COL_DATE, N_COLUMNS };
static const FlGisColumn place_columns[N_COLUMNS] = {
    {"place_id", FALSE}, {"name", FALSE},       {"kind", FALSE},  {"faction", FALSE},
    {"faction_label", FALSE}, {"color", FALSE}, {"status", FALSE}, {"confidence", FALSE},
    {"since", TRUE},     {"evidence", FALSE},   {"date", TRUE}};

/* Every theatre place on date, a point each, into layer (initialised here). */
static void
places_layer(const FlPipeline *pipeline, const GDate *date, FlGisLayer *layer)
{
  const FlTheatre *theatre = pipeline->theatre;
  char iso[11];

  fl_gis_layer_init(layer, "places", FL_GIS_POINTS, place_columns, N_COLUMNS);
  fl_date_format_iso(date, iso);
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
      [COL_DATE] = g_strdup(iso),
    };
    double point[2] = {place->lon, place->lat};
    fl_gis_layer_add(layer, row, point, NULL);
  }
}

/* Writes the places into file (a temporary name with the right extension). */
static gboolean
write_dataset(const FlPipeline *pipeline, const GDate *date, FlExportFormat format,
              const char *file, const char *path, GError **error)
{
  const FlGis *gis = fl_gis_get(FL_EXPORT_ERROR, FL_EXPORT_ERROR_DRIVER, error);
  FlGisLayer places;
  gboolean ok;

  if (!gis)
    return FALSE;
  places_layer(pipeline, date, &places);
  ok = gis->write_layers(file, path, formats[format].driver, formats[format].layer_options,
                         formats[format].date_fields, &places, 1, error);
  fl_gis_layer_clear(&places);
  return ok;
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
