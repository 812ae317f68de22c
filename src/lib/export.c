/* export.c - the state of a date as GIS layers, written by OGR (through the GIS module): the
 * places here, the zones, front line and arrows worked out on a map of the date (ground.c). */
#include <frontline/export.h>

#include "render/ground.h"

#include <glib/gstdio.h>
#include <errno.h>

static const struct {
  const char *name, *driver;
  const char *layer_options[3];
  gboolean date_fields;   /* dates as date fields: CSV would write 2024/12/06 */
  gboolean one_layer;     /* the format holds one layer */
} formats[] = {
    [FL_EXPORT_GEOJSON] = {"geojson", "GeoJSON", {"RFC7946=YES", "WRITE_NAME=NO", NULL}, TRUE,
                           TRUE},
    [FL_EXPORT_GPKG] = {"gpkg", "GPKG", {NULL}, TRUE, FALSE},
    [FL_EXPORT_CSV] = {"csv", "CSV", {"GEOMETRY=AS_XY", "SEPARATOR=COMMA", NULL}, FALSE, TRUE},
};

/* The layers' names, indexed by FlExportLayer (the default is none of them). */
static const char *const layer_names[] = {NULL, "places", "zones", "front", "arrows"};

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

gboolean
fl_export_layer_parse(const char *name, FlExportLayer *layer)
{
  for (guint i = FL_EXPORT_LAYER_PLACES; name && i < G_N_ELEMENTS(layer_names); i++)
    if (g_str_equal(name, layer_names[i])) {
      *layer = (FlExportLayer)i;
      return TRUE;
    }
  return FALSE;
}

gboolean
fl_export_options_check(const FlExportOptions *options, GError **error)
{
  if ((guint)options->format >= G_N_ELEMENTS(formats) ||
      (guint)options->layer >= G_N_ELEMENTS(layer_names)) {
    g_set_error(error, FL_EXPORT_ERROR, FL_EXPORT_ERROR_LAYER, "no such format or layer");
    return FALSE;
  }
  if (options->format == FL_EXPORT_CSV && options->layer > FL_EXPORT_LAYER_PLACES) {
    g_set_error(error, FL_EXPORT_ERROR, FL_EXPORT_ERROR_LAYER,
                "a CSV file holds only the places, not the layer '%s': write it as geojson or "
                "gpkg",
                layer_names[options->layer]);
    return FALSE;
  }
  return TRUE;
}

/* The columns of the places, in order; "since" and "date" are dates, the others strings. */
enum { COL_PLACE_ID, COL_NAME, COL_KIND, COL_FACTION, COL_FACTION_LABEL, COL_COLOR, COL_STATUS,
       COL_CONFIDENCE, COL_SINCE, COL_REPORTED, COL_BASIS, COL_EVIDENCE, COL_DATE, N_COLUMNS };
static const FlGisColumn place_columns[N_COLUMNS] = {
    {"place_id", FALSE}, {"name", FALSE},       {"kind", FALSE},  {"faction", FALSE},
    {"faction_label", FALSE}, {"color", FALSE}, {"status", FALSE}, {"confidence", FALSE},
    {"since", TRUE},     {"reported", TRUE},    {"basis", FALSE}, {"evidence", FALSE},
    {"date", TRUE}};

/* Every theatre place on date, a point each, into layer (initialised here). */
static void
places_layer(const FlPipeline *pipeline, const GDate *date, FlGisLayer *layer)
{
  const FlTheatre *theatre = pipeline->theatre;
  char iso[11];

  g_autofree FlBasis *bases = fl_control_bases(pipeline->control, date);
  fl_gis_layer_init(layer, "places", FL_GIS_POINTS, place_columns, N_COLUMNS);
  fl_date_format_iso(date, iso);
  for (guint p = 0; p < theatre->places->len; p++) {
    const FlPlace *place = theatre->places->pdata[p];
    if (!place->in_theatre)
      continue;
    FlPlaceState state;
    fl_control_state_at(pipeline->control, p, date, &state);
    char since[11], reported[11] = "";
    GDate last;
    if (fl_control_reported(pipeline->control, p, date, &last))
      fl_date_format_iso(&last, reported);
    char *row[N_COLUMNS] = {
      [COL_PLACE_ID] = g_strdup(place->id),
      [COL_NAME] = g_strdup(place->name),
      [COL_KIND] = g_strdup(fl_place_kind_name(place->kind)),
      [COL_STATUS] = g_strdup(fl_status_name(state.status)),
      [COL_CONFIDENCE] = g_strdup(fl_confidence_name(state.confidence)),
      [COL_SINCE] = g_strdup(fl_date_format_iso(&state.since, since)),
      [COL_REPORTED] = g_strdup(reported),
      [COL_BASIS] = g_strdup(fl_basis_name(bases[p])),
      [COL_EVIDENCE] = fl_pipeline_evidence(pipeline, &state),
      [COL_DATE] = g_strdup(iso),
    };
    double point[2] = {place->lon, place->lat};
    fl_ground_faction_values(theatre, state.faction, row + COL_FACTION);
    fl_gis_layer_add(layer, row, point, NULL);
  }
}

/* The layers options ask for, made into layers (n_layers of them, to clear). */
static gboolean
make_layers(const FlPipeline *pipeline, const GDate *date, const FlExportOptions *options,
            FlGisLayer layers[4], guint *n_layers, GError **error)
{
  gboolean all = options->layer == FL_EXPORT_LAYER_DEFAULT && !formats[options->format].one_layer;
  gboolean places = all || options->layer <= FL_EXPORT_LAYER_PLACES;
  gboolean wanted[3] = {all || options->layer == FL_EXPORT_LAYER_ZONES,
                        all || options->layer == FL_EXPORT_LAYER_FRONT,
                        all || options->layer == FL_EXPORT_LAYER_ARROWS};
  FlGisLayer *ground[3] = {NULL, NULL, NULL};
  FlMapOptions map_options;
  FlMap *map;
  FlStyle *style;
  gboolean ok;

  *n_layers = 0;
  if (places)
    places_layer(pipeline, date, &layers[(*n_layers)++]);
  if (!wanted[0] && !wanted[1] && !wanted[2])
    return TRUE;
  for (guint i = 0; i < 3; i++)
    if (wanted[i])
      ground[i] = &layers[(*n_layers)++];
  /* the map draws nothing: the generic family spares it the map fonts, which an export does
   * not need */
  style = fl_style_new();
  fl_style_set(style, "labels.font", "sans-serif", NULL, NULL);
  fl_map_options_init(&map_options);
  map_options.style = style;
  map_options.cache_dir = options->cache_dir;
  map = fl_map_new(pipeline->theatre, &map_options, error);
  fl_style_free(style);
  ok = map && fl_ground_layers(map, pipeline->control, date, ground[0], ground[1], ground[2],
                               error);
  fl_map_free(map);
  return ok;
}

/* Writes the layers into file (a temporary name with the right extension). */
static gboolean
write_dataset(const FlPipeline *pipeline, const GDate *date, const FlExportOptions *options,
              const char *file, const char *path, GError **error)
{
  const FlGis *gis = fl_gis_get(FL_EXPORT_ERROR, FL_EXPORT_ERROR_DRIVER, error);
  FlGisLayer layers[4] = {0};
  guint n_layers = 0;
  gboolean ok;

  if (!gis)
    return FALSE;
  ok = make_layers(pipeline, date, options, layers, &n_layers, error) &&
       gis->write_layers(file, path, formats[options->format].driver,
                         formats[options->format].layer_options,
                         formats[options->format].date_fields, layers, n_layers, error);
  for (guint i = 0; i < G_N_ELEMENTS(layers); i++)
    if (layers[i].values)
      fl_gis_layer_clear(&layers[i]);
  return ok;
}

gboolean
fl_export_state(const FlPipeline *pipeline, const GDate *date, const FlExportOptions *options,
                const char *path, GError **error)
{
  g_autofree char *base = g_path_get_basename(path);
  g_autofree char *temp_dir = NULL;
  g_autofree char *temp_file = NULL;
  gboolean ok = FALSE;
  GError *local = NULL;

  if (!fl_export_options_check(options, error))
    return FALSE;
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
  fl_output_watch(temp_file);
  ok = write_dataset(pipeline, date, options, temp_file, path, error);
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
  fl_output_forget(temp_file);
  fl_output_forget(temp_dir);
  return ok;
}
