/* test-export.c - the state of a date written as GeoJSON, GeoPackage and CSV through OGR, and
 * read back with OGR (tests/e2e/exports.sh opens the files with ogrinfo). */
#include <frontline/frontline.h>

#include "harness.h"

#include <gdal.h>
#include <ogr_api.h>
#include <string.h>

static FlPipeline *pipeline;

static guint
theatre_places(void)
{
  guint n = 0;
  for (guint p = 0; p < pipeline->theatre->places->len; p++)
    n += ((const FlPlace *)pipeline->theatre->places->pdata[p])->in_theatre;
  return n;
}

/* Exports 2024-12-07 as format into a fresh folder, reads it back: one point per theatre place,
 * longitude first, Homs held by the rebels with its evidence; the folder holds only the file. */
static void
check_format(FlExportFormat format, const char *name)
{
  g_autofree char *stem = g_strdup_printf("export-%s", name);
  g_autofree char *dir = fl_test_scratch_dir(stem);
  g_autofree char *file = g_strdup_printf("state.%s", name);
  g_autofree char *path = g_build_filename(dir, file, NULL);
  GError *error = NULL;
  GDate date;
  g_date_set_dmy(&date, 7, G_DATE_DECEMBER, 2024);
  FlExportOptions options = {format, FL_EXPORT_LAYER_DEFAULT, NULL, NULL};
  g_assert_true(fl_export_state(pipeline, &date, &options, path, &error));
  g_assert_no_error(error);

  GDir *folder = g_dir_open(dir, 0, NULL);
  g_assert_cmpstr(g_dir_read_name(folder), ==, file);
  g_assert_null(g_dir_read_name(folder));
  g_dir_close(folder);

  static const char *const csv_options[] = {"X_POSSIBLE_NAMES=lon", "Y_POSSIBLE_NAMES=lat", NULL};
  GDALDatasetH dataset = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL,
                                    format == FL_EXPORT_CSV ? csv_options : NULL, NULL);
  g_assert_nonnull(dataset);
  OGRLayerH layer = GDALDatasetGetLayer(dataset, 0);
  if (format == FL_EXPORT_GPKG)   /* the others name a layer after the file */
    g_assert_cmpstr(OGR_L_GetName(layer), ==, "places");
  g_assert_cmpint(OGR_L_GetFeatureCount(layer, TRUE), ==, theatre_places());
  gboolean found = FALSE;
  OGR_L_ResetReading(layer);
  for (OGRFeatureH feature; (feature = OGR_L_GetNextFeature(layer));) {
    const char *id = OGR_F_GetFieldAsString(feature, OGR_F_GetFieldIndex(feature, "place_id"));
    if (g_str_equal(id, "homs")) {
      found = TRUE;
      g_assert_cmpstr(OGR_F_GetFieldAsString(feature, OGR_F_GetFieldIndex(feature, "faction")),
                      ==, "rebels");
      g_assert_cmpstr(OGR_F_GetFieldAsString(feature, OGR_F_GetFieldIndex(feature, "status")),
                      ==, "held");
      /* the state's date: a date field (read as 2024/12/07), or ISO text in CSV */
      g_autofree char *day = g_strdup(
          OGR_F_GetFieldAsString(feature, OGR_F_GetFieldIndex(feature, "date")));
      g_assert_cmpstr(g_strdelimit(day, "/", '-'), ==, "2024-12-07");
      const char *evidence =
          OGR_F_GetFieldAsString(feature, OGR_F_GetFieldIndex(feature, "evidence"));
      g_assert_nonnull(strstr(evidence, "prendre le contrôle total de Homs"));
      OGRGeometryH point = OGR_F_GetGeometryRef(feature);
      g_assert_nonnull(point);
      g_assert_cmpfloat_with_epsilon(OGR_G_GetX(point, 0), 36.72, 0.05);  /* longitude */
      g_assert_cmpfloat_with_epsilon(OGR_G_GetY(point, 0), 34.73, 0.05);
    }
    OGR_F_Destroy(feature);
  }
  g_assert_true(found);
  GDALClose(dataset);
}

static void
test_geojson(void)
{
  check_format(FL_EXPORT_GEOJSON, "geojson");
}

static void
test_gpkg(void)
{
  check_format(FL_EXPORT_GPKG, "gpkg");
}

static void
test_csv(void)
{
  check_format(FL_EXPORT_CSV, "csv");
}

/* Exports 2024-12-07 into path with options, which must fail with code and a message holding
 * needle, and leave nothing in dir. */
static void
expect_refused(const char *dir, const char *path, FlExportFormat format, FlExportLayer layer,
               gint code, const char *needle)
{
  FlExportOptions options = {format, layer, NULL, NULL};
  GError *error = NULL;
  GDate date;
  g_date_set_dmy(&date, 7, G_DATE_DECEMBER, 2024);
  g_assert_false(fl_export_state(pipeline, &date, &options, path, &error));
  g_assert_error(error, FL_EXPORT_ERROR, code);
  g_assert_nonnull(strstr(error->message, needle));
  g_error_free(error);
  GDir *folder = g_dir_open(dir, 0, NULL);
  g_assert_null(g_dir_read_name(folder));
  g_dir_close(folder);
}

/* A folder that does not exist: a clear error, nothing written. */
static void
test_unwritable(void)
{
  g_autofree char *dir = fl_test_scratch_dir("export-unwritable");
  g_autofree char *path = g_build_filename(dir, "missing", "state.gpkg", NULL);
  expect_refused(dir, path, FL_EXPORT_GPKG, FL_EXPORT_LAYER_DEFAULT, FL_EXPORT_ERROR_OUTPUT,
                 "state.gpkg");
}

/* A GeoPackage holds the four layers, by their fixed names, the places first; each has the
 * date as a date field. */
static void
test_gpkg_layers(void)
{
  g_autofree char *dir = fl_test_scratch_dir("export-layers");
  g_autofree char *path = g_build_filename(dir, "state.gpkg", NULL);
  static const char *const names[] = {"places", "zones", "front", "arrows"};
  FlExportOptions options = {FL_EXPORT_GPKG, FL_EXPORT_LAYER_DEFAULT, NULL, NULL};
  GError *error = NULL;
  GDate date;
  g_date_set_dmy(&date, 7, G_DATE_DECEMBER, 2024);
  g_assert_true(fl_export_state(pipeline, &date, &options, path, &error));
  g_assert_no_error(error);
  GDALDatasetH dataset = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  g_assert_nonnull(dataset);
  g_assert_cmpint(GDALDatasetGetLayerCount(dataset), ==, G_N_ELEMENTS(names));
  for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
    OGRLayerH layer = GDALDatasetGetLayer(dataset, (int)i);
    OGRFeatureDefnH definition = OGR_L_GetLayerDefn(layer);
    g_assert_cmpstr(OGR_L_GetName(layer), ==, names[i]);
    int field = OGR_FD_GetFieldIndex(definition, "date");
    g_assert_cmpint(field, >=, 0);
    g_assert_cmpint(OGR_Fld_GetType(OGR_FD_GetFieldDefn(definition, field)), ==, OFTDate);
    g_assert_cmpint(OGR_L_GetFeatureCount(layer, TRUE), >, 0);
  }
  GDALClose(dataset);
}

/* A CSV file holds the places only: the zones are refused before anything is written. */
static void
test_csv_layer(void)
{
  g_autofree char *dir = fl_test_scratch_dir("export-csv-layer");
  g_autofree char *path = g_build_filename(dir, "state.csv", NULL);
  expect_refused(dir, path, FL_EXPORT_CSV, FL_EXPORT_LAYER_ZONES, FL_EXPORT_ERROR_LAYER,
                 "'zones'");
}

/* The value of field on the feature of layer whose place_id is id ("" when none); the
 * features' count of that id in *count. Newly allocated. */
static char *
place_field(OGRLayerH layer, const char *id, const char *field, guint *count)
{
  char *value = g_strdup("");
  *count = 0;
  OGR_L_ResetReading(layer);
  for (OGRFeatureH feature; (feature = OGR_L_GetNextFeature(layer));) {
    if (g_str_equal(OGR_F_GetFieldAsString(feature, OGR_F_GetFieldIndex(feature, "place_id")),
                    id)) {
      (*count)++;
      g_free(value);
      value = g_strdup(OGR_F_GetFieldAsString(feature, OGR_F_GetFieldIndex(feature, field)));
    }
    OGR_F_Destroy(feature);
  }
  return value;
}

/* --lang en: the places' name is the English label, name_ar the Arabic one; faction_label of
 * every layer in English. */
static void
test_lang(void)
{
  g_autofree char *dir = fl_test_scratch_dir("export-lang");
  g_autofree char *path = g_build_filename(dir, "state.gpkg", NULL);
  FlExportOptions options = {FL_EXPORT_GPKG, FL_EXPORT_LAYER_DEFAULT, NULL, "en"};
  GError *error = NULL;
  GDate date;
  guint count;
  g_date_set_dmy(&date, 7, G_DATE_DECEMBER, 2024);
  g_assert_true(fl_export_state(pipeline, &date, &options, path, &error));
  g_assert_no_error(error);
  GDALDatasetH dataset = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  OGRLayerH places = GDALDatasetGetLayerByName(dataset, "places");
  g_autofree char *name = place_field(places, "aleppo", "name", &count);
  g_assert_cmpstr(name, ==, "Aleppo");
  g_autofree char *name_ar = place_field(places, "aleppo", "name_ar", &count);
  g_assert_cmpstr(name_ar, ==, "حلب");
  g_autofree char *label = place_field(places, "damascus", "faction_label", &count);
  g_assert_cmpstr(label, ==, "Syrian government (Assad)");
  OGRLayerH zones = GDALDatasetGetLayerByName(dataset, "zones");
  OGR_L_SetAttributeFilter(zones, "faction = 'government'");
  OGRFeatureH zone = OGR_L_GetNextFeature(zones);
  g_assert_nonnull(zone);
  g_assert_cmpstr(OGR_F_GetFieldAsString(zone, OGR_F_GetFieldIndex(zone, "faction_label")), ==,
                  "Syrian government (Assad)");
  OGR_F_Destroy(zone);
  GDALClose(dataset);
}

/* A series of 2024-12-06 and 12-07: valid_from and valid_to date-times instead of date; Homs
 * in two periods (the government's, the rebels'), Damascus in one over both days. */
static void
test_series(void)
{
  g_autofree char *dir = fl_test_scratch_dir("export-series");
  g_autofree char *path = g_build_filename(dir, "series.gpkg", NULL);
  FlExportOptions options = {FL_EXPORT_GPKG, FL_EXPORT_LAYER_DEFAULT, NULL, NULL};
  g_autoptr(GArray) dates = g_array_new(FALSE, FALSE, sizeof(GDate));
  GError *error = NULL;
  GDate date;
  guint count;
  g_date_set_dmy(&date, 6, G_DATE_DECEMBER, 2024);
  g_array_append_val(dates, date);
  g_date_set_dmy(&date, 7, G_DATE_DECEMBER, 2024);
  g_array_append_val(dates, date);
  g_assert_true(fl_export_series(pipeline, dates, &options, path, &error));
  g_assert_no_error(error);
  GDALDatasetH dataset = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  g_assert_cmpint(GDALDatasetGetLayerCount(dataset), ==, 4);
  for (int i = 0; i < 4; i++) {
    OGRFeatureDefnH definition = OGR_L_GetLayerDefn(GDALDatasetGetLayer(dataset, i));
    g_assert_cmpint(OGR_FD_GetFieldIndex(definition, "date"), <, 0);
    for (guint f = 0; f < 2; f++) {
      int field = OGR_FD_GetFieldIndex(definition, f ? "valid_to" : "valid_from");
      g_assert_cmpint(field, >=, 0);
      g_assert_cmpint(OGR_Fld_GetType(OGR_FD_GetFieldDefn(definition, field)), ==,
                      OFTDateTime);
    }
  }
  OGRLayerH places = GDALDatasetGetLayerByName(dataset, "places");
  g_autofree char *until = place_field(places, "homs", "valid_to", &count);
  g_assert_cmpuint(count, ==, 2);
  g_assert_cmpstr(until, ==, "2024/12/08 00:00:00");   /* the rebels', the last */
  g_autofree char *from = place_field(places, "damascus", "valid_from", &count);
  g_assert_cmpuint(count, ==, 1);
  g_assert_cmpstr(from, ==, "2024/12/06 00:00:00");
  GDALClose(dataset);

  /* no date: refused, nothing written */
  g_autoptr(GArray) none = g_array_new(FALSE, FALSE, sizeof(GDate));
  g_autofree char *empty = g_build_filename(dir, "empty.gpkg", NULL);
  g_assert_false(fl_export_series(pipeline, none, &options, empty, &error));
  g_assert_error(error, FL_EXPORT_ERROR, FL_EXPORT_ERROR_DATES);
  g_clear_error(&error);
  g_assert_false(g_file_test(empty, G_FILE_TEST_EXISTS));
}

/* The bytes for standard output: GeoJSON of RFC 7946, with no crs member. */
static void
test_bytes(void)
{
  FlExportOptions options = {FL_EXPORT_GEOJSON, FL_EXPORT_LAYER_ZONES, NULL, NULL};
  g_autoptr(GArray) dates = g_array_new(FALSE, FALSE, sizeof(GDate));
  GError *error = NULL;
  GDate date;
  g_date_set_dmy(&date, 7, G_DATE_DECEMBER, 2024);
  g_array_append_val(dates, date);
  GBytes *contents = fl_export_bytes(pipeline, dates, FALSE, &options, &error);
  g_assert_no_error(error);
  gsize len;
  const char *data = g_bytes_get_data(contents, &len);
  g_autofree char *text = g_strndup(data, len);
  g_assert_nonnull(strstr(text, "\"type\": \"FeatureCollection\""));
  g_assert_nonnull(strstr(text, "\"faction\": \"rebels\""));
  g_assert_null(strstr(text, "\"crs\""));
  g_bytes_unref(contents);
}

static void
test_format_names(void)
{
  FlExportFormat format;
  g_assert_true(fl_export_format_parse("GeoJSON", &format));
  g_assert_cmpint(format, ==, FL_EXPORT_GEOJSON);
  g_assert_true(fl_export_format_parse("gpkg", &format));
  g_assert_cmpint(format, ==, FL_EXPORT_GPKG);
  g_assert_false(fl_export_format_parse("shp", &format));
  FlExportLayer layer;
  g_assert_true(fl_export_layer_parse("front", &layer));
  g_assert_cmpint(layer, ==, FL_EXPORT_LAYER_FRONT);
  g_assert_false(fl_export_layer_parse("Zones", &layer));
  g_assert_false(fl_export_layer_parse("bogus", &layer));
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  pipeline = fl_test_run_examples();
  g_test_add_func("/export/geojson", test_geojson);
  g_test_add_func("/export/gpkg", test_gpkg);
  g_test_add_func("/export/csv", test_csv);
  g_test_add_func("/export/unwritable", test_unwritable);
  g_test_add_func("/export/gpkg-layers", test_gpkg_layers);
  g_test_add_func("/export/csv-layer", test_csv_layer);
  g_test_add_func("/export/format-names", test_format_names);
  g_test_add_func("/export/lang", test_lang);
  g_test_add_func("/export/series", test_series);
  g_test_add_func("/export/bytes", test_bytes);
  int status = g_test_run();
  fl_pipeline_free(pipeline);
  return status;
}
