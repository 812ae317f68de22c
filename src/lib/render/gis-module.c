/* gis-module.c - the module frontline-gis.so: what a map prepared afresh needs beyond drawing:
 * PROJ to project, and its base map read from the theatre's GeoPackage with SQLite and clipped
 * with GEOS (see gis.h for why it lives apart). It links GLib, PROJ, SQLite and GEOS, and
 * nothing of frontline: plain data in, plain data out. GDAL, ten times as costly to load, is
 * left to the exports (ogr-module.c). */
#include "gis.h"

#include <geos_c.h>
#include <gmodule.h>
#include <proj.h>
#include <sqlite3.h>
#include <string.h>

/* The error domain of the program that loaded the module, and its codes (as in
 * frontline/render.h). */
static GQuark render_error;
enum { RENDER_ERROR_PROJECTION = 0, RENDER_ERROR_BASEMAP = 1 };

/* ---- PROJ ---- */

struct FlGisProjection {
  PJ_CONTEXT *context;
  PJ *transformation;   /* lon/lat degrees -> the definition's coordinates */
};

static void
quiet_log(void *app_data, int level, const char *message)
{
  (void)app_data;
  (void)level;
  (void)message;   /* errors are read from proj_context_errno */
}

static void
set_projection_error(PJ_CONTEXT *context, const char *definition, GError **error)
{
  int code = proj_context_errno(context);
  g_set_error(error, render_error, RENDER_ERROR_PROJECTION,
              "projection \"%s\" refused by PROJ: %s", definition,
              code ? proj_context_errno_string(context, code) : "not a coordinate system");
}

/* A PROJ string ("+proj=lcc ...") names a CRS only with +type=crs; add it when missing.
 * Newly allocated; g_free(). */
static char *
crs_definition(const char *projection)
{
  if (g_str_has_prefix(projection, "+") && !strstr(projection, "+type=crs"))
    return g_strconcat(projection, " +type=crs", NULL);
  return g_strdup(projection);
}

static void
projection_free(FlGisProjection *projection)
{
  if (!projection)
    return;
  proj_destroy(projection->transformation);
  proj_context_destroy(projection->context);
  g_free(projection);
}

/* The transformation from lon/lat degrees on WGS 84 when definition is a PROJ string of a
 * projection on the WGS 84 datum and nothing else ("+proj=lcc ... +datum=WGS84 +units=m"): the
 * projection itself after degrees to radians, the pipeline proj_create_crs_to_crs() finds in
 * PROJ's database (10 ms, a thirtieth of a map prepared afresh, to open and search it). NULL
 * for any other definition, which goes to proj_create_crs_to_crs(). */
static PJ *
wgs84_projection(PJ_CONTEXT *context, const char *definition)
{
  /* what could shift the datum, change the axes or the ellipsoid, or be more than one step */
  static const char *const refused[] = {"+towgs84", "+nadgrids", "+geoidgrids", "+pm", "+axis",
                                        "+init", "+ellps", "+a=", "+b=", "+R", "+rf", "+f=",
                                        "+step", "+inv", "+proj=pipeline", NULL};
  g_auto(GStrv) words = g_strsplit_set(definition, " \t", -1);
  GString *pipeline = g_string_new("+proj=pipeline +step +proj=unitconvert +xy_in=deg "
                                   "+xy_out=rad +step");
  gboolean wgs84 = FALSE, ok = g_str_has_prefix(definition, "+proj=");
  PJ *transformation = NULL;

  for (guint i = 0; ok && words[i]; i++) {
    if (!*words[i] || g_str_equal(words[i], "+type=crs"))
      continue;
    for (guint r = 0; ok && refused[r]; r++)
      ok = !g_str_has_prefix(words[i], refused[r]);
    if (g_str_has_prefix(words[i], "+datum"))
      ok = ok && !wgs84 && g_str_equal(words[i], "+datum=WGS84");
    wgs84 = wgs84 || g_str_equal(words[i], "+datum=WGS84");
    g_string_append_printf(pipeline, " %s", words[i]);
  }
  if (ok && wgs84)
    transformation = proj_create(context, pipeline->str);
  /* a projection onto a plane only: degrees in, neither degrees nor radians out */
  if (transformation && (!proj_degree_input(transformation, PJ_FWD) ||
                         proj_angular_output(transformation, PJ_FWD) ||
                         proj_degree_output(transformation, PJ_FWD))) {
    proj_destroy(transformation);
    transformation = NULL;
  }
  g_string_free(pipeline, TRUE);
  return transformation;
}

static FlGisProjection *
projection_new(const char *definition, GError **error)
{
  FlGisProjection *projection = g_new0(FlGisProjection, 1);
  char *crs = crs_definition(definition);
  PJ *raw = NULL;

  projection->context = proj_context_create();
  proj_log_func(projection->context, NULL, quiet_log);
  projection->transformation = wgs84_projection(projection->context, definition);
  if (projection->transformation) {
    g_free(crs);
    return projection;
  }
  raw = proj_create_crs_to_crs(projection->context, "EPSG:4326", crs, NULL);
  if (raw)   /* lon, lat order */
    projection->transformation = proj_normalize_for_visualization(projection->context, raw);
  if (!projection->transformation) {
    set_projection_error(projection->context, definition, error);
    g_clear_pointer(&projection, projection_free);
  }
  proj_destroy(raw);
  g_free(crs);
  return projection;
}

static void
projection_apply(FlGisProjection *projection, gboolean forward, double *xy, gsize n)
{
  proj_trans_generic(projection->transformation, forward ? PJ_FWD : PJ_INV, xy,
                     2 * sizeof(double), n, xy + 1, 2 * sizeof(double), n, NULL, 0, 0, NULL, 0,
                     0);
}

/* ---- GeoPackage: reading with SQLite ---- */

struct FlGisDataset {
  sqlite3 *db;
  char *path;
};

static void
dataset_close(FlGisDataset *dataset)
{
  if (!dataset)
    return;
  sqlite3_close_v2(dataset->db);
  g_free(dataset->path);
  g_free(dataset);
}

/* The statement of sql with its text parameters (NULL-terminated) bound, or NULL. */
static sqlite3_stmt *
statement_new(FlGisDataset *dataset, const char *sql, ...)
{
  sqlite3_stmt *statement = NULL;
  if (sqlite3_prepare_v2(dataset->db, sql, -1, &statement, NULL) != SQLITE_OK)
    return NULL;
  va_list args;
  va_start(args, sql);
  int n = 1;
  for (const char *text; (text = va_arg(args, const char *)) != NULL; n++)
    sqlite3_bind_text(statement, n, text, -1, SQLITE_TRANSIENT);
  va_end(args);
  return statement;
}

static FlGisDataset *
dataset_open(const char *path, GError **error)
{
  FlGisDataset *dataset = g_new0(FlGisDataset, 1);
  sqlite3_stmt *statement = NULL;
  int status;

  dataset->path = g_strdup(path);
  status = sqlite3_open_v2(path, &dataset->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (status == SQLITE_OK) {
    /* a GeoPackage: its table of contents and of geometry columns */
    statement = statement_new(dataset,
                              "SELECT count(*) FROM gpkg_contents, gpkg_geometry_columns LIMIT 1",
                              NULL);
    status = statement ? sqlite3_step(statement) : sqlite3_errcode(dataset->db);
    status = status == SQLITE_ROW ? SQLITE_OK : status;
    sqlite3_finalize(statement);
  }
  if (status != SQLITE_OK) {
    g_set_error(error, render_error, RENDER_ERROR_BASEMAP,
                "%s: cannot read the base map: not a GeoPackage (%s)", path,
                dataset->db ? sqlite3_errmsg(dataset->db) : sqlite3_errstr(status));
    g_clear_pointer(&dataset, dataset_close);
  }
  return dataset;
}

/* The geometry column of layer (newly allocated), or NULL when the GeoPackage has no such
 * layer. */
static char *
geometry_column(FlGisDataset *dataset, const char *layer)
{
  sqlite3_stmt *statement = statement_new(
      dataset, "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?1", layer,
      NULL);
  char *column = statement && sqlite3_step(statement) == SQLITE_ROW
                     ? g_strdup((const char *)sqlite3_column_text(statement, 0))
                     : NULL;
  sqlite3_finalize(statement);
  return column;
}

static gboolean
dataset_has_layer(FlGisDataset *dataset, const char *layer)
{
  g_autofree char *column = geometry_column(dataset, layer);
  return column != NULL;
}

/* name as an SQL identifier, quoted by SQLite ("%w"). Newly allocated: g_free(). */
static char *
quoted(const char *name)
{
  char *sql = sqlite3_mprintf("\"%w\"", name);
  char *copy = g_strdup(sql);
  sqlite3_free(sql);
  return copy;
}

/* Whether the GeoPackage has a table or column (column NULL: the table) of that name. */
static gboolean
has_table_column(FlGisDataset *dataset, const char *table, const char *column)
{
  sqlite3_stmt *statement =
      column ? statement_new(dataset, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2",
                             table, column, NULL)
             : statement_new(dataset, "SELECT 1 FROM sqlite_master WHERE name = ?1", table,
                             NULL);
  gboolean found = statement && sqlite3_step(statement) == SQLITE_ROW;
  sqlite3_finalize(statement);
  return found;
}

/* A WKB geometry being read: bytes left, and the depth of nesting reached. */
typedef struct {
  const guchar *p, *end;
  guint depth;
} Wkb;

#define WKB_MAX_DEPTH 32

static gboolean
wkb_u32(Wkb *wkb, gboolean little, guint32 *value)
{
  if (wkb->end - wkb->p < 4)
    return FALSE;
  guint32 v;
  memcpy(&v, wkb->p, 4);
  *value = little ? GUINT32_FROM_LE(v) : GUINT32_FROM_BE(v);
  wkb->p += 4;
  return TRUE;
}

static double
wkb_f64(const guchar *p, gboolean little)
{
  guint64 v;
  double d;
  memcpy(&v, p, 8);
  v = little ? GUINT64_FROM_LE(v) : GUINT64_FROM_BE(v);
  memcpy(&d, &v, 8);
  return d;
}

/* Reads n points of dims coordinates: grows envelope {west, south, east, north}, and appends
 * them to features as a run when features is not NULL. */
static gboolean
wkb_points(Wkb *wkb, gboolean little, guint dims, gboolean ring, double envelope[4],
           FlGisFeatures *features)
{
  guint32 n;
  if (!wkb_u32(wkb, little, &n) || (guint64)(wkb->end - wkb->p) < (guint64)n * dims * 8)
    return FALSE;
  FlGisRun run = {features ? features->points->len / 2 : 0, n, ring};
  if (features)
    g_array_set_size(features->points, features->points->len + 2 * (gsize)n);
  for (guint32 i = 0; i < n; i++, wkb->p += dims * 8) {
    double x = wkb_f64(wkb->p, little), y = wkb_f64(wkb->p + 8, little);
    envelope[0] = MIN(envelope[0], x), envelope[1] = MIN(envelope[1], y);
    envelope[2] = MAX(envelope[2], x), envelope[3] = MAX(envelope[3], y);
    if (features) {
      g_array_index(features->points, double, 2 * (run.first + i)) = x;
      g_array_index(features->points, double, 2 * (run.first + i) + 1) = y;
    }
  }
  if (features)
    g_array_append_val(features->runs, run);
  return TRUE;
}

/* A WKB geometry's header (ISO or extended dimensions), one level deeper: its byte order, its
 * type (1 point to 7 collection, or another) and its coordinates per point. FALSE when it is cut
 * short or nested deeper than WKB_MAX_DEPTH. */
static gboolean
wkb_header(Wkb *wkb, gboolean *little, guint32 *type, guint *dims)
{
  if (wkb->p >= wkb->end || *wkb->p > 1 || ++wkb->depth > WKB_MAX_DEPTH)
    return FALSE;
  *little = *wkb->p++ == 1;
  if (!wkb_u32(wkb, *little, type))
    return FALSE;
  *dims = 2 + (*type & 0x80000000u ? 1 : 0) + (*type & 0x40000000u ? 1 : 0);
  *type &= 0x0fffffffu;
  *dims += *type / 1000 == 3 ? 2 : *type / 1000 >= 1 && *type / 1000 <= 2 ? 1 : 0;
  *type %= 1000;
  return TRUE;
}

/* Reads one WKB geometry (ISO or extended dimensions): its envelope, and its lines and rings
 * as runs of features when not NULL (a point adds none). FALSE when it is not WKB of a
 * point, line, polygon or collection of them. */
static gboolean
wkb_geometry(Wkb *wkb, double envelope[4], FlGisFeatures *features)
{
  guint32 type, n;
  guint dims;
  gboolean little;
  if (!wkb_header(wkb, &little, &type, &dims))
    return FALSE;
  gboolean ok = TRUE;
  switch (type) {
  case 1:  /* point */
    if (wkb->end - wkb->p < (ptrdiff_t)(dims * 8))
      return FALSE;
    for (int k = 0; k < 2; k++) {
      double v = wkb_f64(wkb->p + 8 * k, little);
      envelope[k] = MIN(envelope[k], v), envelope[k + 2] = MAX(envelope[k + 2], v);
    }
    wkb->p += dims * 8;
    break;
  case 2:  /* line */
    ok = wkb_points(wkb, little, dims, FALSE, envelope, features);
    break;
  case 3:  /* polygon: its rings */
    ok = wkb_u32(wkb, little, &n);
    for (guint32 i = 0; ok && i < n; i++)
      ok = wkb_points(wkb, little, dims, TRUE, envelope, features);
    break;
  case 4: case 5: case 6: case 7:  /* multi-point, -line, -polygon, collection */
    ok = wkb_u32(wkb, little, &n);
    for (guint32 i = 0; ok && i < n; i++)
      ok = wkb_geometry(wkb, envelope, features);
    break;
  default:
    return FALSE;
  }
  wkb->depth--;
  return ok;
}

/* The WKB inside a GeoPackage geometry blob, or NULL when it is not one; *len its length,
 * *empty whether the header says the geometry is empty. */
static const guchar *
gpkg_wkb(const guchar *blob, gsize size, gsize *len, gboolean *empty)
{
  static const guint envelope_bytes[] = {0, 32, 48, 48, 64};
  if (size < 8 || blob[0] != 'G' || blob[1] != 'P' || (blob[3] & 0x20))  /* no extension */
    return NULL;
  guint kind = (blob[3] >> 1) & 7;
  if (kind >= G_N_ELEMENTS(envelope_bytes) || size < 8 + envelope_bytes[kind])
    return NULL;
  *empty = (blob[3] & 0x10) != 0;
  *len = size - 8 - envelope_bytes[kind];
  return blob + 8 + envelope_bytes[kind];
}

/* The geometry of a feature, clipped to bounds: WKB in, runs out. */
typedef struct {
  GEOSContextHandle_t geos;
  const double *bounds;
  GArray *xy;                 /* double: a run's x, y pairs, aligned for GEOS */
} Clipper;

/* A GEOS sequence of n points of dims coordinates from WKB (x and y only), or NULL. */
static GEOSCoordSequence *
wkb_sequence(Clipper *clipper, Wkb *wkb, gboolean little, guint dims)
{
  guint32 n;
  if (!wkb_u32(wkb, little, &n) || (guint64)(wkb->end - wkb->p) < (guint64)n * dims * 8)
    return NULL;
  g_array_set_size(clipper->xy, 2 * (gsize)n);
  double *xy = (double *)clipper->xy->data;
  if (dims == 2 && little == (G_BYTE_ORDER == G_LITTLE_ENDIAN)) {
    memcpy(xy, wkb->p, (gsize)n * 16);
  } else {
    for (guint32 i = 0; i < n; i++) {
      xy[2 * i] = wkb_f64(wkb->p + (gsize)i * dims * 8, little);
      xy[2 * i + 1] = wkb_f64(wkb->p + (gsize)i * dims * 8 + 8, little);
    }
  }
  wkb->p += (gsize)n * dims * 8;
  return GEOSCoordSeq_copyFromBuffer_r(clipper->geos, xy, n, FALSE, FALSE);
}

/* One WKB geometry as a GEOS geometry (x and y only), or NULL when it is not WKB of a point,
 * line, polygon or collection of them or GEOS refuses it (a ring not closed). */
static GEOSGeometry *
wkb_geos(Clipper *clipper, Wkb *wkb)
{
  GEOSContextHandle_t geos = clipper->geos;
  guint32 type, n;
  guint dims;
  gboolean little;
  if (!wkb_header(wkb, &little, &type, &dims))
    return NULL;
  GEOSGeometry *made = NULL;
  if (type == 1 && wkb->end - wkb->p >= (ptrdiff_t)(dims * 8)) {
    made = GEOSGeom_createPointFromXY_r(geos, wkb_f64(wkb->p, little),
                                        wkb_f64(wkb->p + 8, little));
    wkb->p += dims * 8;
  } else if (type == 2) {
    GEOSCoordSequence *seq = wkb_sequence(clipper, wkb, little, dims);
    made = seq ? GEOSGeom_createLineString_r(geos, seq) : NULL;
  } else if (type >= 3 && type <= 7 && wkb_u32(wkb, little, &n) &&
             n <= (guint32)(wkb->end - wkb->p)) {   /* a polygon's rings, a collection's parts */
    GEOSGeometry **parts = g_new0(GEOSGeometry *, MAX(n, 1));
    gboolean ok = TRUE;
    for (guint32 i = 0; ok && i < n; i++) {
      GEOSCoordSequence *seq = type == 3 ? wkb_sequence(clipper, wkb, little, dims) : NULL;
      parts[i] = type == 3 ? (seq ? GEOSGeom_createLinearRing_r(geos, seq) : NULL)
                           : wkb_geos(clipper, wkb);
      ok = parts[i] != NULL;
    }
    if (ok && type == 3)
      made = n > 0 ? GEOSGeom_createPolygon_r(geos, parts[0], parts + 1, n - 1)
                   : GEOSGeom_createEmptyPolygon_r(geos);
    else if (ok)
      made = GEOSGeom_createCollection_r(geos, type == 4 ? GEOS_MULTIPOINT
                                               : type == 5 ? GEOS_MULTILINESTRING
                                               : type == 6 ? GEOS_MULTIPOLYGON
                                                           : GEOS_GEOMETRYCOLLECTION,
                                         parts, n);
    else
      for (guint32 i = 0; i < n; i++)
        if (parts[i])
          GEOSGeom_destroy_r(geos, parts[i]);
    g_free(parts);
  }
  wkb->depth--;
  return made;
}

/* Appends the lines and rings of a GEOS geometry (a line, a polygon or a collection of them)
 * to features as runs, as wkb_geometry() does for WKB. FALSE when GEOS fails. */
static gboolean
add_geos_runs(GEOSContextHandle_t geos, const GEOSGeometry *geometry, FlGisFeatures *features)
{
  int type = GEOSGeomTypeId_r(geos, geometry), n;
  gboolean ok = TRUE;

  if (type == GEOS_POLYGON) {
    ok = add_geos_runs(geos, GEOSGetExteriorRing_r(geos, geometry), features);
    n = GEOSGetNumInteriorRings_r(geos, geometry);
    for (int i = 0; ok && i < n; i++)
      ok = add_geos_runs(geos, GEOSGetInteriorRingN_r(geos, geometry, i), features);
    return ok && n >= 0;
  }
  if (type == GEOS_LINESTRING || type == GEOS_LINEARRING) {
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(geos, geometry);
    unsigned int size = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(geos, seq, &size))
      return FALSE;
    FlGisRun run = {features->points->len / 2, size, type == GEOS_LINEARRING};
    g_array_set_size(features->points, features->points->len + 2 * (gsize)size);
    if (size > 0 && !GEOSCoordSeq_copyToBuffer_r(geos, seq,
                                                 &g_array_index(features->points, double,
                                                                2 * (gsize)run.first),
                                                 FALSE, FALSE))
      return FALSE;
    g_array_append_val(features->runs, run);
    return TRUE;
  }
  if (type == GEOS_POINT || type == GEOS_MULTIPOINT)   /* a point adds no run */
    return TRUE;
  n = GEOSGetNumGeometries_r(geos, geometry);
  for (int i = 0; ok && i < n; i++)
    ok = add_geos_runs(geos, GEOSGetGeometryN_r(geos, geometry, i), features);
  return ok && n >= 0;
}

/* Adds the runs of the WKB geometry clipped to the clipper's rectangle with GEOS's rectangle
 * clipping, which walks each ring along the rectangle (about ten times as fast on the base map
 * as a general intersection), read from GEOS's coordinates; the geometry whole when GEOS
 * cannot clip it. */
static gboolean
add_clipped(Clipper *clipper, const guchar *bytes, gsize len, FlGisFeatures *features)
{
  const double *b = clipper->bounds;
  Wkb read = {bytes, bytes + len, 0};
  GEOSGeometry *whole = wkb_geos(clipper, &read);
  GEOSGeometry *clipped =
      whole ? GEOSClipByRect_r(clipper->geos, whole, b[0], b[1], b[2], b[3]) : NULL;
  guint points = features->points->len, runs = features->runs->len;
  gboolean ok = clipped && add_geos_runs(clipper->geos, clipped, features);

  if (!ok) {   /* whole, from the WKB */
    double envelope[4] = {G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE};
    Wkb wkb = {bytes, bytes + len, 0};
    g_array_set_size(features->points, points);
    g_array_set_size(features->runs, runs);
    ok = wkb_geometry(&wkb, envelope, features);
  }
  if (clipped)
    GEOSGeom_destroy_r(clipper->geos, clipped);
  if (whole)
    GEOSGeom_destroy_r(clipper->geos, whole);
  return ok;
}

/* Adds one feature's geometry blob: nothing when empty or outside bounds, whole when inside,
 * else clipped. FALSE when the blob is not a GeoPackage geometry. */
static gboolean
add_feature(Clipper *clipper, const guchar *blob, gsize size, gint attr,
            FlGisFeatures *features)
{
  gsize len = 0;
  gboolean empty = FALSE;
  const guchar *bytes = gpkg_wkb(blob, size, &len, &empty);
  double e[4] = {G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE};
  Wkb wkb = {bytes, bytes + len, 0};
  const double *b = clipper->bounds;
  FlGisFeature added = {features->runs->len, 0, attr};

  if (!bytes || !wkb_geometry(&wkb, e, NULL))
    return FALSE;
  if (empty || e[2] < b[0] || e[0] > b[2] || e[3] < b[1] || e[1] > b[3])
    return TRUE;
  if (e[0] >= b[0] && e[1] >= b[1] && e[2] <= b[2] && e[3] <= b[3]) {
    wkb = (Wkb){bytes, bytes + len, 0};
    wkb_geometry(&wkb, e, features);
  } else if (!add_clipped(clipper, bytes, len, features)) {
    return FALSE;
  }
  added.n_runs = features->runs->len - added.first_run;
  if (added.n_runs > 0)
    g_array_append_val(features->features, added);
  return TRUE;
}

/* The extent of layer from the GeoPackage's table of contents, else from its spatial index,
 * else from its geometries. */
static gboolean
layer_extent(FlGisDataset *dataset, const char *layer, double extent[4])
{
  g_autofree char *column = geometry_column(dataset, layer);
  g_autofree char *rtree = column ? g_strdup_printf("rtree_%s_%s", layer, column) : NULL;
  g_autofree char *table = quoted(layer), *geometry = column ? quoted(column) : NULL;
  g_autofree char *index = rtree ? quoted(rtree) : NULL;
  g_autofree char *from_index = g_strdup_printf(
      "SELECT min(minx), min(miny), max(maxx), max(maxy) FROM %s", index ? index : "");
  g_autofree char *from_rows = g_strdup_printf("SELECT %s FROM %s", geometry ? geometry : "",
                                               table);
  sqlite3_stmt *statement = statement_new(
      dataset, "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = ?1",
      layer, NULL);
  gboolean found = FALSE;

  for (int way = 0; column && !found && way < 2; way++) {
    if (way == 1) {
      sqlite3_finalize(statement);
      statement = has_table_column(dataset, rtree, NULL) ? statement_new(dataset, from_index, NULL)
                                                          : NULL;
    }
    found = statement && sqlite3_step(statement) == SQLITE_ROW;
    for (int k = 0; found && k < 4; k++) {
      found = sqlite3_column_type(statement, k) != SQLITE_NULL;
      extent[k] = sqlite3_column_double(statement, k);
    }
  }
  sqlite3_finalize(statement);
  statement = column && !found ? statement_new(dataset, from_rows, NULL) : NULL;
  double e[4] = {G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE};
  while (statement && sqlite3_step(statement) == SQLITE_ROW) {
    gsize len = 0;
    gboolean empty = FALSE;
    const guchar *bytes = gpkg_wkb(sqlite3_column_blob(statement, 0),
                                   (gsize)sqlite3_column_bytes(statement, 0), &len, &empty);
    Wkb wkb = {bytes, bytes + len, 0};
    if (bytes && !empty)
      wkb_geometry(&wkb, e, NULL);
  }
  sqlite3_finalize(statement);
  if (!found && e[0] <= e[2]) {
    memcpy(extent, e, sizeof e);
    found = TRUE;
  }
  return found;
}

/* Whether code is one of the ';'-separated codes of list ("AM;AZ"), in any case. */
static gboolean
in_list(const char *list, const char *code)
{
  gsize n = strlen(code);
  for (const char *p = list; n > 0;) {
    const char *end = strchr(p, ';');
    gsize len = end ? (gsize)(end - p) : strlen(p);
    if (len == n && g_ascii_strncasecmp(p, code, n) == 0)
      return TRUE;
    if (end == NULL)
      return FALSE;
    p = end + 1;
  }
  return FALSE;
}

/* The attribute of a row whose second column holds the attribute's field (NULL without it). */
static gint
row_attr(sqlite3_stmt *statement, FlGisAttr attr, const char *countries)
{
  if (attr == FL_GIS_ATTR_LEVEL)
    return sqlite3_column_int(statement, 1);
  if (attr != FL_GIS_ATTR_COUNTRY)
    return 0;
  const char *code = (const char *)sqlite3_column_text(statement, 1);
  return in_list(countries, code ? code : "");
}

/* Appends the features of layer whose envelope meets bounds (found through the layer's spatial
 * index when it has one), in their order in the layer. Fails when SQLite reports an error or a
 * geometry is not one (a damaged file), so that a map never silently lacks features. */
static gboolean
read_layer(FlGisDataset *dataset, const char *layer, FlGisAttr attr, const char *countries,
           const double bounds[4], FlGisFeatures *features, GError **error)
{
  g_autofree char *column = geometry_column(dataset, layer);
  if (!column) {
    g_set_error(error, render_error, RENDER_ERROR_BASEMAP,
                "%s: the base map has no layer \"%s\"", dataset->path, layer);
    return FALSE;
  }
  const char *field = attr == FL_GIS_ATTR_LEVEL ? "level" : "iso_a2";
  g_autofree char *rtree = g_strdup_printf("rtree_%s_%s", layer, column);
  g_autofree char *table = quoted(layer), *geometry = quoted(column), *index = quoted(rtree);
  g_autofree char *value = attr != FL_GIS_ATTR_NONE && has_table_column(dataset, layer, field)
                               ? quoted(field) : g_strdup("NULL");
  g_autofree char *filter =
      has_table_column(dataset, rtree, NULL)
          ? g_strdup_printf(" WHERE rowid IN (SELECT id FROM %s WHERE maxx >= %.17g AND "
                            "minx <= %.17g AND maxy >= %.17g AND miny <= %.17g)",
                            index, bounds[0], bounds[2], bounds[1], bounds[3])
          : g_strdup("");
  g_autofree char *sql = g_strdup_printf("SELECT %s, %s, rowid FROM %s%s ORDER BY rowid",
                                         geometry, value, table, filter);
  Clipper clipper = {GEOS_init_r(), bounds, g_array_new(FALSE, FALSE, sizeof(double))};
  sqlite3_stmt *statement = statement_new(dataset, sql, NULL);
  int status = statement ? SQLITE_ROW : SQLITE_ERROR;
  gboolean ok = TRUE;

  while (ok && status == SQLITE_ROW && (status = sqlite3_step(statement)) == SQLITE_ROW) {
    const guchar *blob = sqlite3_column_blob(statement, 0);
    gsize size = (gsize)sqlite3_column_bytes(statement, 0);
    gint feature_attr = row_attr(statement, attr, countries);
    if (blob && !add_feature(&clipper, blob, size, feature_attr, features)) {
      g_set_error(error, render_error, RENDER_ERROR_BASEMAP,
                  "%s: the base map's layer \"%s\" cannot be read: feature %lld is not a "
                  "GeoPackage geometry of points, lines or polygons", dataset->path, layer,
                  (long long)sqlite3_column_int64(statement, 2));
      ok = FALSE;
    }
  }
  if (ok && status != SQLITE_DONE) {
    g_set_error(error, render_error, RENDER_ERROR_BASEMAP,
                "%s: the base map's layer \"%s\" cannot be read: %s", dataset->path, layer,
                sqlite3_errmsg(dataset->db));
    ok = FALSE;
  }
  sqlite3_finalize(statement);
  g_array_unref(clipper.xy);
  GEOS_finish_r(clipper.geos);
  return ok;
}

/* ---- the entry point ---- */

static const FlGis table = {
  .abi = FL_GIS_ABI,
  .projection_new = projection_new,
  .projection_free = projection_free,
  .projection_apply = projection_apply,
  .dataset_open = dataset_open,
  .dataset_close = dataset_close,
  .dataset_has_layer = dataset_has_layer,
  .layer_extent = layer_extent,
  .read_layer = read_layer,
};

G_MODULE_EXPORT const FlGis *fl_gis_module_table(GQuark render);

G_MODULE_EXPORT const FlGis *
fl_gis_module_table(GQuark render)
{
  render_error = render;
  return &table;
}
