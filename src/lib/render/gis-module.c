/* gis-module.c - the module frontline-gis.so: every call the render stage makes to GDAL/OGR
 * and PROJ (see gis.h for why they live apart). It links GLib, GDAL and PROJ (and GEOS, which
 * GDAL loads anyway, to clip the base map), and nothing of frontline: plain data in, plain data
 * out. */
#include "gis.h"

#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <geos_c.h>
#include <gmodule.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <proj.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The error domains of the program that loaded the module, and their codes (as in
 * frontline/render.h and frontline/export.h). */
static GQuark render_error, export_error;
enum { RENDER_ERROR_PROJECTION = 0, RENDER_ERROR_BASEMAP = 1 };
enum { EXPORT_ERROR_DRIVER = 0, EXPORT_ERROR_OUTPUT = 1 };

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

/* ---- OGR: reading ---- */

struct FlGisDataset {
  GDALDatasetH dataset;
  char *path;
};

static gpointer
register_drivers(gpointer unused)
{
  (void)unused;
  GDALAllRegister();
  return NULL;
}

static void
dataset_close(FlGisDataset *dataset)
{
  if (!dataset)
    return;
  if (dataset->dataset)
    GDALClose(dataset->dataset);
  g_free(dataset->path);
  g_free(dataset);
}

static FlGisDataset *
dataset_open(const char *path, GError **error)
{
  static GOnce once = G_ONCE_INIT;
  FlGisDataset *dataset = g_new0(FlGisDataset, 1);

  g_once(&once, register_drivers, NULL);
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLErrorReset();
  dataset->dataset = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  dataset->path = g_strdup(path);
  if (!dataset->dataset) {
    g_set_error(error, render_error, RENDER_ERROR_BASEMAP, "%s: cannot read the base map: %s",
                path,
                *CPLGetLastErrorMsg() ? CPLGetLastErrorMsg() : "not a GeoPackage GDAL can open");
    g_clear_pointer(&dataset, dataset_close);
  }
  CPLPopErrorHandler();
  return dataset;
}

static gboolean
dataset_has_layer(FlGisDataset *dataset, const char *layer)
{
  return GDALDatasetGetLayerByName(dataset->dataset, layer) != NULL;
}

static gboolean
layer_extent(FlGisDataset *dataset, const char *name, double extent[4])
{
  OGRLayerH layer = GDALDatasetGetLayerByName(dataset->dataset, name);
  OGREnvelope e;
  gboolean ok;

  CPLPushErrorHandler(CPLQuietErrorHandler);
  ok = layer && OGR_L_GetExtent(layer, &e, TRUE) == OGRERR_NONE;
  CPLPopErrorHandler();
  if (ok) {
    extent[0] = e.MinX, extent[1] = e.MinY;
    extent[2] = e.MaxX, extent[3] = e.MaxY;
  }
  return ok;
}

static void
add_run(FlGisFeatures *features, OGRGeometryH line, gboolean ring)
{
  int n = OGR_G_GetPointCount(line);
  FlGisRun run = {features->points->len / 2, (guint)MAX(n, 0), ring};

  g_array_set_size(features->points, features->points->len + 2 * run.n);
  if (n > 0) {
    double *xy = &g_array_index(features->points, double, 2 * run.first);
    OGR_G_GetPoints(line, xy, 2 * sizeof(double), xy + 1, 2 * sizeof(double), NULL, 0);
  }
  g_array_append_val(features->runs, run);
}

/* Collects every ring and line of a geometry, whatever its nesting. */
static void
add_geometry(FlGisFeatures *features, OGRGeometryH geometry)
{
  OGRwkbGeometryType type = wkbFlatten(OGR_G_GetGeometryType(geometry));

  if (type == wkbLineString || type == wkbLinearRing) {
    add_run(features, geometry, FALSE);
    return;
  }
  for (int i = 0; i < OGR_G_GetGeometryCount(geometry); i++) {
    OGRGeometryH child = OGR_G_GetGeometryRef(geometry, i);
    if (type == wkbPolygon)
      add_run(features, child, TRUE);
    else
      add_geometry(features, child);
  }
}

/* Clips geometries to a lon/lat rectangle with GEOS's rectangle clipping, which walks each ring
 * along the rectangle: about ten times as fast on the base map as a general intersection (OGR's,
 * GEOS's overlay), which was a fifth of a map prepared afresh. */
typedef struct {
  GEOSContextHandle_t geos;
  GEOSWKBReader *reader;
  GEOSWKBWriter *writer;
  double bounds[4];
} Clipper;

static void
clipper_init(Clipper *clipper, const double bounds[4])
{
  clipper->geos = GEOS_init_r();
  clipper->reader = GEOSWKBReader_create_r(clipper->geos);
  clipper->writer = GEOSWKBWriter_create_r(clipper->geos);
  memcpy(clipper->bounds, bounds, sizeof clipper->bounds);
}

static void
clipper_clear(Clipper *clipper)
{
  GEOSWKBReader_destroy_r(clipper->geos, clipper->reader);
  GEOSWKBWriter_destroy_r(clipper->geos, clipper->writer);
  GEOS_finish_r(clipper->geos);
}

/* geometry clipped to the rectangle, or NULL when it cannot be (keep it whole). Caller destroys
 * it with OGR_G_DestroyGeometry(). */
static OGRGeometryH
clip(Clipper *clipper, OGRGeometryH geometry)
{
  const double *b = clipper->bounds;
  size_t size = (size_t)OGR_G_WkbSize(geometry), clipped_size = 0;
  guchar *wkb = g_malloc(MAX(size, 1));
  unsigned char *clipped_wkb = NULL;
  GEOSGeometry *whole = NULL, *clipped = NULL;
  OGRGeometryH result = NULL;

  if (OGR_G_ExportToWkb(geometry, wkbNDR, wkb) != OGRERR_NONE)
    goto out;
  whole = GEOSWKBReader_read_r(clipper->geos, clipper->reader, wkb, size);
  clipped = whole ? GEOSClipByRect_r(clipper->geos, whole, b[0], b[1], b[2], b[3]) : NULL;
  clipped_wkb = clipped ? GEOSWKBWriter_write_r(clipper->geos, clipper->writer, clipped,
                                                &clipped_size)
                        : NULL;
  if (clipped_wkb &&
      OGR_G_CreateFromWkb(clipped_wkb, NULL, &result, (int)clipped_size) != OGRERR_NONE)
    result = NULL;
out:
  if (clipped_wkb)
    GEOSFree_r(clipper->geos, clipped_wkb);
  if (clipped)
    GEOSGeom_destroy_r(clipper->geos, clipped);
  if (whole)
    GEOSGeom_destroy_r(clipper->geos, whole);
  g_free(wkb);
  return result;
}

static gboolean
envelope_inside(OGRGeometryH geometry, const double bounds[4])
{
  OGREnvelope e;

  OGR_G_GetEnvelope(geometry, &e);
  return e.MinX >= bounds[0] && e.MinY >= bounds[1] && e.MaxX <= bounds[2] && e.MaxY <= bounds[3];
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

static gint
feature_attr(OGRFeatureH feature, FlGisAttr kind, int field, const char *countries)
{
  if (kind == FL_GIS_ATTR_NONE || field < 0)
    return 0;
  if (kind == FL_GIS_ATTR_LEVEL)
    return OGR_F_GetFieldAsInteger(feature, field);
  return in_list(countries, OGR_F_GetFieldAsString(feature, field));
}

static void
add_feature(FlGisFeatures *features, OGRFeatureH feature, gint attr, Clipper *clipper)
{
  OGRGeometryH geometry = OGR_F_GetGeometryRef(feature);
  OGRGeometryH clipped = NULL;
  FlGisFeature added = {features->runs->len, 0, attr};

  if (!geometry)
    return;
  if (!envelope_inside(geometry, clipper->bounds))
    clipped = clip(clipper, geometry);   /* NULL when GEOS fails: keep it whole */
  add_geometry(features, clipped ? clipped : geometry);
  added.n_runs = features->runs->len - added.first_run;
  if (added.n_runs > 0)
    g_array_append_val(features->features, added);
  if (clipped)
    OGR_G_DestroyGeometry(clipped);
}

/* Fails when OGR reports an error while reading (a damaged file), so that a map never silently
 * lacks features. */
static gboolean
read_layer(FlGisDataset *dataset, const char *name, FlGisAttr attr, const char *countries,
           const double bounds[4], FlGisFeatures *features, GError **error)
{
  OGRLayerH layer = GDALDatasetGetLayerByName(dataset->dataset, name);
  OGRFeatureDefnH definition = layer ? OGR_L_GetLayerDefn(layer) : NULL;
  int field = definition ? OGR_FD_GetFieldIndex(definition,
                                                attr == FL_GIS_ATTR_LEVEL ? "level" : "iso_a2")
                         : -1;
  Clipper clipper;
  OGRFeatureH feature = NULL;
  gboolean ok = layer != NULL;

  clipper_init(&clipper, bounds);
  CPLPushErrorHandler(CPLQuietErrorHandler);
  if (!ok)
    g_set_error(error, render_error, RENDER_ERROR_BASEMAP, "%s: the base map has no layer \"%s\"",
                dataset->path, name);
  if (ok) {
    OGR_L_SetSpatialFilterRect(layer, bounds[0], bounds[1], bounds[2], bounds[3]);
    OGR_L_ResetReading(layer);
  }
  while (ok) {
    CPLErrorReset();
    feature = OGR_L_GetNextFeature(layer);
    if (CPLGetLastErrorType() >= CE_Failure) {
      g_set_error(error, render_error, RENDER_ERROR_BASEMAP,
                  "%s: the base map's layer \"%s\" cannot be read: %s", dataset->path, name,
                  CPLGetLastErrorMsg());
      ok = FALSE;
    }
    if (!feature || !ok)
      break;
    add_feature(features, feature, feature_attr(feature, attr, field, countries), &clipper);
    OGR_F_Destroy(feature);
    feature = NULL;
  }
  if (feature)
    OGR_F_Destroy(feature);
  clipper_clear(&clipper);
  CPLPopErrorHandler();
  return ok;
}

/* ---- OGR: writing ---- */

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
  g_set_error(error, export_error, EXPORT_ERROR_OUTPUT, "%s: cannot write %s: %s", path, what,
              gdal_problem());
  return TRUE;
}

/* The layer of an open dataset that layers[i] was written as: by name, or the only one (a
 * GeoJSON file does not keep its layer's name). */
static OGRLayerH
written_layer(GDALDatasetH dataset, const FlGisLayer *layers, guint n_layers, guint i)
{
  return n_layers == 1 ? GDALDatasetGetLayer(dataset, 0)
                       : GDALDatasetGetLayerByName(dataset, layers[i].name);
}

/* Whether the closed file reads back whole: every layer with all its features. GDAL 3.6 does
 * not always say when the last writes of a driver fail (a GeoJSON cut short by a full disk). */
static gboolean
verify_dataset(const char *file, const char *path, const FlGisLayer *layers, guint n_layers,
               GError **error)
{
  GDALDatasetH dataset = GDALOpenEx(file, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  gboolean ok = dataset != NULL;

  for (guint i = 0; ok && i < n_layers; i++) {
    OGRLayerH layer = written_layer(dataset, layers, n_layers, i);
    ok = layer && OGR_L_GetFeatureCount(layer, TRUE) == (GIntBig)fl_gis_layer_size(&layers[i]);
  }
  if (!ok)
    g_set_error(error, export_error, EXPORT_ERROR_OUTPUT,
                "%s: cannot write: the file does not read back whole (a full disk?)", path);
  if (dataset)
    GDALClose(dataset);
  return ok;
}

/* Feature row of layer's geometry, in the layer's type; NULL when its WKB is not one. */
static OGRGeometryH
feature_geometry(const FlGisLayer *layer, guint row)
{
  OGRGeometryH geometry = NULL;

  if (layer->geometry == FL_GIS_POINTS) {
    geometry = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(geometry, 0, g_array_index(layer->lonlat, double, 2 * row),
                      g_array_index(layer->lonlat, double, 2 * row + 1));
    return geometry;
  }
  gsize size = 0;
  gconstpointer wkb = g_bytes_get_data(layer->wkb->pdata[row], &size);
  if (OGR_G_CreateFromWkb(wkb, NULL, &geometry, (int)size) != OGRERR_NONE)
    return NULL;
  return layer->geometry == FL_GIS_POLYGONS ? OGR_G_ForceToMultiPolygon(geometry)
                                            : OGR_G_ForceToMultiLineString(geometry);
}

static gboolean
write_rows(OGRLayerH ogr_layer, const char *path, const FlGisLayer *layer, GError **error)
{
  OGRFeatureDefnH definition = OGR_L_GetLayerDefn(ogr_layer);
  guint n_rows = fl_gis_layer_size(layer);
  gboolean ok = TRUE;

  if (ogr_failed(OGR_L_StartTransaction(ogr_layer), path, "a transaction", error))
    return FALSE;
  for (guint r = 0; r < n_rows && ok; r++) {
    const char *const *values = (const char *const *)layer->values->pdata + r * layer->n_columns;
    /* the first column names the feature */
    g_autofree char *what = g_strdup_printf("the feature '%s' of layer '%s'", values[0],
                                            layer->name);
    OGRGeometryH geometry = feature_geometry(layer, r);
    if (!geometry) {
      g_set_error(error, export_error, EXPORT_ERROR_OUTPUT, "%s: cannot write %s: not a %s",
                  path, what, layer->geometry == FL_GIS_POLYGONS ? "polygon" : "line");
      return FALSE;
    }
    OGRFeatureH feature = OGR_F_Create(definition);
    for (guint c = 0; c < layer->n_columns; c++)
      if (*values[c])   /* an empty value is no value: null (a date not known) */
        OGR_F_SetFieldString(feature, (int)c, values[c]);
    OGR_F_SetGeometryDirectly(feature, geometry);
    ok = !ogr_failed(OGR_L_CreateFeature(ogr_layer, feature), path, what, error);
    OGR_F_Destroy(feature);
  }
  if (ok)
    ok = !ogr_failed(OGR_L_CommitTransaction(ogr_layer), path, "the features", error);
  return ok;
}

/* Creates layer in dataset, with its fields, and writes its features. */
static gboolean
write_layer(GDALDatasetH dataset, OGRSpatialReferenceH wgs84, const char *path,
            const char *const *layer_options, gboolean date_fields, const FlGisLayer *layer,
            GError **error)
{
  static const OGRwkbGeometryType types[] = {
    [FL_GIS_POINTS] = wkbPoint, [FL_GIS_POLYGONS] = wkbMultiPolygon,
    [FL_GIS_LINES] = wkbMultiLineString,
  };
  OGRLayerH ogr_layer = GDALDatasetCreateLayer(dataset, layer->name, wgs84,
                                               types[layer->geometry], (char **)layer_options);

  if (ogr_layer == NULL) {
    g_set_error(error, export_error, EXPORT_ERROR_OUTPUT, "%s: cannot create the layer '%s': %s",
                path, layer->name, CPLGetLastErrorMsg());
    return FALSE;
  }
  for (guint c = 0; c < layer->n_columns; c++) {
    const FlGisColumn *column = &layer->columns[c];
    OGRFieldType type = !date_fields                    ? OFTString
                        : column->type == FL_GIS_DATE ? OFTDate
                        : column->type == FL_GIS_REAL ? OFTReal
                        : column->type == FL_GIS_DAY_START ? OFTDateTime
                                                           : OFTString;
    OGRFieldDefnH field = OGR_Fld_Create(column->name, type);
    OGRErr status = OGR_L_CreateField(ogr_layer, field, TRUE);
    OGR_Fld_Destroy(field);
    if (ogr_failed(status, path, column->name, error))
      return FALSE;
  }
  return write_rows(ogr_layer, path, layer, error);
}

/* Copies the in-memory file memory (then removed) into file, every write checked: a driver
 * writing a stream (GeoJSON, CSV) does not look at what its last writes and its close return,
 * so a full disk at the end of the file would go unseen. */
static gboolean
copy_out(const char *memory, const char *file, const char *path, GError **error)
{
  vsi_l_offset length = 0;
  GByte *bytes = VSIGetMemFileBuffer(memory, &length, TRUE);
  FILE *out = bytes ? fopen(file, "wb") : NULL;
  int saved = bytes ? errno : ENOENT;
  gboolean ok = out && fwrite(bytes, 1, (size_t)length, out) == (size_t)length;

  if (out && !ok)
    saved = errno;
  if (out && (fflush(out) != 0 || ferror(out)) && ok) {
    saved = errno ? errno : EIO;
    ok = FALSE;
  }
  if (out && fclose(out) != 0 && ok) {
    saved = errno ? errno : EIO;
    ok = FALSE;
  }
  if (!ok)
    g_set_error(error, export_error, EXPORT_ERROR_OUTPUT, "%s: cannot write: %s", path,
                g_strerror(saved));
  VSIFree(bytes);
  return ok;
}

static gboolean
write_layers(const char *file, const char *path, const char *driver_name,
             const char *const *layer_options, gboolean date_fields, const FlGisLayer *layers,
             guint n_layers, GError **error)
{
  static GOnce once = G_ONCE_INIT;
  GDALDriverH driver;
  GDALDatasetH dataset = NULL;
  OGRSpatialReferenceH wgs84 = NULL;
  g_autofree char *memory = NULL;   /* the in-memory file, for a stream format */
  gboolean ok = FALSE;

  g_once(&once, register_drivers, NULL);
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLErrorReset();
  driver = GDALGetDriverByName(driver_name);
  if (driver == NULL) {
    g_set_error(error, export_error, EXPORT_ERROR_DRIVER, "%s: this GDAL has no %s driver", path,
                driver_name);
    goto out;
  }
  /* SQLite (a GeoPackage) checks its own writes; a stream format is made in memory first */
  if (strcmp(driver_name, "GPKG") != 0) {
    g_autofree char *base = g_path_get_basename(file);
    g_autofree char *folder = g_strdup_printf("/vsimem/frontline-%d", (int)getpid());
    VSIMkdir(folder, 0700);   /* the CSV driver wants the file's folder to be one */
    memory = g_build_filename(folder, base, NULL);
  }
  dataset = GDALCreate(driver, memory ? memory : file, 0, 0, 0, GDT_Unknown, NULL);
  if (dataset == NULL) {
    g_set_error(error, export_error, EXPORT_ERROR_OUTPUT, "%s: cannot create: %s", path,
                gdal_problem());
    goto out;
  }
  wgs84 = OSRNewSpatialReference(NULL);
  OSRImportFromEPSG(wgs84, 4326);
  OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
  for (guint i = 0; i < n_layers; i++)
    if (!write_layer(dataset, wgs84, path, layer_options, date_fields, &layers[i], error))
      goto out;
  ok = TRUE;
out:
  if (dataset) {
    /* GDAL 3.6's GDALClose() returns nothing: a failure to flush shows as an error state */
    CPLErrorReset();
    GDALClose(dataset);
    if (ok && CPLGetLastErrorType() >= CE_Failure) {
      g_set_error(error, export_error, EXPORT_ERROR_OUTPUT, "%s: cannot finish: %s", path,
                  gdal_problem());
      ok = FALSE;
    }
  }
  if (ok && memory)
    ok = copy_out(memory, file, path, error);
  if (memory)
    VSIUnlink(memory);
  if (ok)
    ok = verify_dataset(file, path, layers, n_layers, error);
  if (wgs84)
    OSRDestroySpatialReference(wgs84);
  CPLPopErrorHandler();
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
  .write_layers = write_layers,
};

G_MODULE_EXPORT const FlGis *fl_gis_module_table(GQuark render, GQuark export);

G_MODULE_EXPORT const FlGis *
fl_gis_module_table(GQuark render, GQuark export)
{
  render_error = render;
  export_error = export;
  return &table;
}
