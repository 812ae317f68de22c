/* test-gpkg.c - the GIS module's GeoPackage reader (gis-module.c) on the real base map, then on
 * copies whose geometry blobs are damaged in every way a file can be: each read, whole or
 * clipped to a box (GEOS's clipping of the features that cross it), either gives features or
 * fails with FL_RENDER_ERROR_BASEMAP naming the file, and never reads outside a blob (the
 * sanitizer build runs this too). */
#include <frontline/frontline.h>

#include "gis.h"
#include "harness.h"

#include <sqlite3.h>
#include <string.h>

/* The small and middle layers: quick to read again after every damage. */
static const char *const layers[] = {"ceasefire", "reservoirs", "lakes", "borders", "rivers"};

static const double world[4] = {-180, -90, 180, 90};
/* the Syrian map's ground: most layers' features cross it, and are clipped */
static const double syria[4] = {35.2, 32.0, 42.7, 37.65};

typedef struct {
  const char *layer;
  sqlite3_int64 rowid;
  GBytes *blob;
} Feature;

static sqlite3 *
open_writable(const char *path)
{
  sqlite3 *db = NULL;
  g_assert_cmpint(sqlite3_open(path, &db), ==, SQLITE_OK);
  /* the GeoPackage's triggers keep its spatial index with SpatiaLite's functions */
  sqlite3_stmt *statement = NULL;
  GPtrArray *triggers = g_ptr_array_new_with_free_func(g_free);
  g_assert_cmpint(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'trigger'",
                                     -1, &statement, NULL), ==, SQLITE_OK);
  while (sqlite3_step(statement) == SQLITE_ROW)
    g_ptr_array_add(triggers,
                    g_strdup_printf("DROP TRIGGER \"%s\"", sqlite3_column_text(statement, 0)));
  sqlite3_finalize(statement);
  for (guint i = 0; i < triggers->len; i++)
    g_assert_cmpint(sqlite3_exec(db, triggers->pdata[i], NULL, NULL, NULL), ==, SQLITE_OK);
  g_ptr_array_unref(triggers);
  return db;
}

static GArray *
load_features(sqlite3 *db)
{
  GArray *features = g_array_new(FALSE, FALSE, sizeof(Feature));
  for (guint l = 0; l < G_N_ELEMENTS(layers); l++) {
    g_autofree char *sql = g_strdup_printf("SELECT rowid, geom FROM \"%s\"", layers[l]);
    sqlite3_stmt *statement = NULL;
    g_assert_cmpint(sqlite3_prepare_v2(db, sql, -1, &statement, NULL), ==, SQLITE_OK);
    while (sqlite3_step(statement) == SQLITE_ROW) {
      Feature feature = {layers[l], sqlite3_column_int64(statement, 0),
                         g_bytes_new(sqlite3_column_blob(statement, 1),
                                     (gsize)sqlite3_column_bytes(statement, 1))};
      g_array_append_val(features, feature);
    }
    sqlite3_finalize(statement);
  }
  return features;
}

static void
set_blob(sqlite3 *db, const Feature *feature, const guchar *bytes, gsize len)
{
  g_autofree char *sql =
      g_strdup_printf("UPDATE \"%s\" SET geom = ?1 WHERE rowid = ?2", feature->layer);
  sqlite3_stmt *statement = NULL;
  g_assert_cmpint(sqlite3_prepare_v2(db, sql, -1, &statement, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob(statement, 1, bytes, (int)len, SQLITE_TRANSIENT);
  sqlite3_bind_int64(statement, 2, feature->rowid);
  g_assert_cmpint(sqlite3_step(statement), ==, SQLITE_DONE);
  sqlite3_finalize(statement);
}

/* Reads layer within bounds: TRUE with features, or FALSE with the error it must give. */
static gboolean
read_layer(const FlGis *gis, const char *path, const char *layer, const double bounds[4],
           guint *n_points)
{
  GError *error = NULL;
  FlGisDataset *dataset = gis->dataset_open(path, &error);
  g_assert_no_error(error);
  FlGisFeatures features;
  fl_gis_features_init(&features);
  gboolean ok = gis->read_layer(dataset, layer, FL_GIS_ATTR_LEVEL, "", bounds, &features, &error);
  if (!ok) {
    g_assert_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_BASEMAP);
    g_assert_true(g_str_has_prefix(error->message, path));
    g_clear_error(&error);
  }
  for (guint r = 0; ok && r < features.runs->len; r++) {
    const FlGisRun *run = &g_array_index(features.runs, FlGisRun, r);
    g_assert_cmpuint((gsize)run->first + run->n, <=, features.points->len / 2);
  }
  *n_points = features.points->len / 2;
  fl_gis_features_clear(&features);
  gis->dataset_close(dataset);
  return ok;
}

/* Damages one blob: cut short, bytes overwritten, a count made huge, or a nesting too deep. */
static GBytes *
damaged(GRand *rand, GBytes *blob)
{
  gsize len = 0;
  const guchar *bytes = g_bytes_get_data(blob, &len);
  guchar *copy = g_memdup2(bytes, len);
  gsize n = len;
  switch (g_rand_int_range(rand, 0, 4)) {
  case 0:
    n = (gsize)g_rand_int_range(rand, 0, (gint32)len);
    break;
  case 1:
    for (int k = g_rand_int_range(rand, 1, 9); k > 0; k--)
      copy[g_rand_int_range(rand, 0, (gint32)len)] = (guchar)g_rand_int_range(rand, 0, 256);
    break;
  case 2:
    if (len >= 4)
      memset(copy + g_rand_int_range(rand, 0, (gint32)(len - 3)), 0xff, 4);
    break;
  default: {
    /* collections in collections, deeper than any map needs: a header with no envelope, then
     * the WKB */
    GByteArray *deep = g_byte_array_new();
    g_byte_array_append(deep, (const guint8[]){'G', 'P', 0, 1, 0xe6, 0x10, 0, 0}, 8);
    for (int k = 0; k < 100; k++)
      g_byte_array_append(deep, (const guint8[]){1, 7, 0, 0, 0, 1, 0, 0, 0}, 9);
    g_free(copy);
    n = deep->len;
    copy = g_byte_array_free(deep, FALSE);
  }
  }
  return g_bytes_new_take(copy, n);
}

static void
test_damaged_blobs(void)
{
  GError *error = NULL;
  const FlGis *gis = fl_gis_get(FL_RENDER_ERROR, FL_RENDER_ERROR_BASEMAP, &error);
  g_assert_no_error(error);
  g_autofree char *dir = fl_test_scratch_dir("gpkg");
  g_autofree char *source = fl_test_source_path("gazetteer/syria/basemap.gpkg");
  g_autoptr(GBytes) real = fl_test_read_bytes(source);
  g_autofree char *path = fl_test_write_file(dir, "basemap.gpkg", g_bytes_get_data(real, NULL),
                                             (gssize)g_bytes_get_size(real));
  sqlite3 *db = open_writable(path);
  GArray *features = load_features(db);
  guint whole[G_N_ELEMENTS(layers)], clipped[G_N_ELEMENTS(layers)];
  for (guint l = 0; l < G_N_ELEMENTS(layers); l++) {
    g_assert_true(read_layer(gis, path, layers[l], world, &whole[l]));
    g_assert_true(read_layer(gis, path, layers[l], syria, &clipped[l]));
    g_assert_cmpuint(whole[l], >, 0);
    g_assert_cmpuint(clipped[l], >, 0);
  }

  GRand *rand = g_rand_new_with_seed(20241207);
  guint refused = 0, n_damages = 400;
  for (guint i = 0; i < n_damages; i++) {
    const Feature *feature =
        &g_array_index(features, Feature, g_rand_int_range(rand, 0, (gint32)features->len));
    g_autoptr(GBytes) bad = damaged(rand, feature->blob);
    set_blob(db, feature, g_bytes_get_data(bad, NULL), g_bytes_get_size(bad));
    guint n_points = 0, n_clipped = 0;
    gboolean read = read_layer(gis, path, feature->layer, world, &n_points);
    refused += !read;
    /* the same layer clipped: a blob read whole is read clipped too (a blob the box's index
     * leaves out is not read at all) */
    gboolean read_clipped = read_layer(gis, path, feature->layer, syria, &n_clipped);
    g_assert_true(read_clipped || !read);
    set_blob(db, feature, g_bytes_get_data(feature->blob, NULL),
             g_bytes_get_size(feature->blob));
  }
  g_test_message("%u of %u damaged blobs refused", refused, n_damages);
  g_assert_cmpuint(refused, >, n_damages / 4);
  for (guint l = 0; l < G_N_ELEMENTS(layers); l++) {
    guint n_points = 0, n_clipped = 0;
    g_assert_true(read_layer(gis, path, layers[l], world, &n_points));
    g_assert_true(read_layer(gis, path, layers[l], syria, &n_clipped));
    g_assert_cmpuint(n_points, ==, whole[l]);
    g_assert_cmpuint(n_clipped, ==, clipped[l]);
  }
  g_rand_free(rand);
  for (guint f = 0; f < features->len; f++)
    g_bytes_unref(g_array_index(features, Feature, f).blob);
  g_array_unref(features);
  sqlite3_close(db);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/gpkg/damaged-blobs", test_damaged_blobs);
  return g_test_run();
}
