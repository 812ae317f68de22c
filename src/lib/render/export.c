/* export.c - the state of a date as a point layer, through OGR. */
#include <frontline/export.h>

#include <gdal.h>
#include <glib/gstdio.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_error.h>
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

/* What GDAL said of its last failure, or the system's error. */
static const char *
gdal_problem(void)
{
  const char *message = CPLGetLastErrorMsg();
  return message && *message ? message : g_strerror(errno);
}

static gboolean
ogr_failed(OGRErr status, const char *path, const char *what, GError **error)
{
  if (status == OGRERR_NONE)
    return FALSE;
  g_set_error(error, FL_EXPORT_ERROR, FL_EXPORT_ERROR_OUTPUT, "%s: cannot write %s: %s", path,
              what, gdal_problem());
  return TRUE;
}

/* Whether the closed file reads back whole: n_features points in one layer. GDAL 3.6 does not
 * always say when the last writes of a driver fail (a GeoJSON cut short by a full disk). */
static gboolean
verify_dataset(const char *file, const char *path, guint n_features, GError **error)
{
  GDALDatasetH dataset = GDALOpenEx(file, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  OGRLayerH layer = dataset ? GDALDatasetGetLayer(dataset, 0) : NULL;
  gboolean ok = layer && OGR_L_GetFeatureCount(layer, TRUE) == (GIntBig)n_features;
  if (!ok)
    g_set_error(error, FL_EXPORT_ERROR, FL_EXPORT_ERROR_OUTPUT,
                "%s: cannot write: the file does not read back whole (a full disk?)", path);
  if (dataset)
    GDALClose(dataset);
  return ok;
}

static gboolean
write_features(const FlPipeline *pipeline, const GDate *date, OGRLayerH layer,
               const char *path, GError **error)
{
  const FlTheatre *theatre = pipeline->theatre;
  OGRFeatureDefnH definition = OGR_L_GetLayerDefn(layer);
  gboolean ok = TRUE;

  if (ogr_failed(OGR_L_StartTransaction(layer), path, "a transaction", error))
    return FALSE;
  for (guint p = 0; p < theatre->places->len && ok; p++) {
    const FlPlace *place = theatre->places->pdata[p];
    if (!place->in_theatre)
      continue;
    FlPlaceState state;
    fl_control_state_at(pipeline->control, p, date, &state);
    const FlFaction *faction = state.faction >= 0 ? theatre->factions->pdata[state.faction] : NULL;
    g_autofree char *evidence = fl_pipeline_evidence(pipeline, &state);
    g_autofree char *color = faction ? g_strdup_printf("#%06x", faction->color) : g_strdup("");
    OGRFeatureH feature = OGR_F_Create(definition);
    OGRGeometryH point = OGR_G_CreateGeometry(wkbPoint);
    OGR_F_SetFieldString(feature, COL_PLACE_ID, place->id);
    OGR_F_SetFieldString(feature, COL_NAME, place->name);
    OGR_F_SetFieldString(feature, COL_KIND, fl_place_kind_name(place->kind));
    OGR_F_SetFieldString(feature, COL_FACTION, faction ? faction->id : "");
    OGR_F_SetFieldString(feature, COL_FACTION_LABEL, faction ? fl_faction_label(faction, theatre->languages[0]) : "");
    OGR_F_SetFieldString(feature, COL_COLOR, color);
    OGR_F_SetFieldString(feature, COL_STATUS, fl_status_name(state.status));
    OGR_F_SetFieldString(feature, COL_CONFIDENCE, fl_confidence_name(state.confidence));
    char since[11];
    OGR_F_SetFieldString(feature, COL_SINCE, fl_date_format_iso(&state.since, since));
    OGR_F_SetFieldString(feature, COL_EVIDENCE, evidence);
    OGR_G_SetPoint_2D(point, 0, place->lon, place->lat);
    OGR_F_SetGeometryDirectly(feature, point);
    g_autofree char *what = g_strdup_printf("the place '%s'", place->id);
    ok = !ogr_failed(OGR_L_CreateFeature(layer, feature), path, what, error);
    OGR_F_Destroy(feature);
  }
  if (ok)
    ok = !ogr_failed(OGR_L_CommitTransaction(layer), path, "the features", error);
  return ok;
}

/* Writes the whole dataset into file (a temporary name with the right extension). */
static gboolean
write_dataset(const FlPipeline *pipeline, const GDate *date, FlExportFormat format,
              const char *file, const char *path, GError **error)
{
  GDALDriverH driver = GDALGetDriverByName(formats[format].driver);
  GDALDatasetH dataset = NULL;
  OGRSpatialReferenceH wgs84 = NULL;
  gboolean ok = FALSE;
  char iso[11];

  if (driver == NULL) {
    g_set_error(error, FL_EXPORT_ERROR, FL_EXPORT_ERROR_DRIVER,
                "%s: this GDAL has no %s driver", path, formats[format].driver);
    return FALSE;
  }
  dataset = GDALCreate(driver, file, 0, 0, 0, GDT_Unknown, NULL);
  if (dataset == NULL) {
    g_set_error(error, FL_EXPORT_ERROR, FL_EXPORT_ERROR_OUTPUT, "%s: cannot create: %s", path,
                gdal_problem());
    return FALSE;
  }
  wgs84 = OSRNewSpatialReference(NULL);
  OSRImportFromEPSG(wgs84, 4326);
  OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
  g_autofree char *layer_name = g_strdup_printf("state_%s", fl_date_format_iso(date, iso));
  for (char *c = layer_name; *c; c++)
    if (*c == '-')
      *c = '_';
  OGRLayerH layer = GDALDatasetCreateLayer(dataset, layer_name, wgs84, wkbPoint,
                                           (char **)formats[format].layer_options);
  if (layer == NULL) {
    g_set_error(error, FL_EXPORT_ERROR, FL_EXPORT_ERROR_OUTPUT, "%s: cannot create the layer: %s",
                path, CPLGetLastErrorMsg());
    goto out;
  }
  for (int c = 0; c < N_COLUMNS; c++) {
    /* a date field where the format has dates; CSV would write it as 2024/12/06 */
    OGRFieldDefnH field = OGR_Fld_Create(
        column_names[c], c == COL_SINCE && format != FL_EXPORT_CSV ? OFTDate : OFTString);
    OGRErr status = OGR_L_CreateField(layer, field, TRUE);
    OGR_Fld_Destroy(field);
    if (ogr_failed(status, path, column_names[c], error))
      goto out;
  }
  if (!write_features(pipeline, date, layer, path, error))
    goto out;
  ok = TRUE;
out:
  /* GDAL 3.6's GDALClose() returns nothing: a failure to flush shows as an error state */
  CPLErrorReset();
  GDALClose(dataset);
  if (ok && CPLGetLastErrorType() >= CE_Failure) {
    g_set_error(error, FL_EXPORT_ERROR, FL_EXPORT_ERROR_OUTPUT, "%s: cannot finish: %s", path,
                gdal_problem());
    ok = FALSE;
  }
  if (ok) {
    guint n_features = 0;
    for (guint p = 0; p < pipeline->theatre->places->len; p++)
      n_features += ((const FlPlace *)pipeline->theatre->places->pdata[p])->in_theatre;
    ok = verify_dataset(file, path, n_features, error);
  }
  OSRDestroySpatialReference(wgs84);
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
  GDALAllRegister();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLErrorReset();
  ok = write_dataset(pipeline, date, format, temp_file, path, error);
  CPLPopErrorHandler();
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
