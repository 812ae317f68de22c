/* ogr-module.c - the module frontline-ogr.so: every call frontline makes to GDAL/OGR, which
 * writes the GIS exports (GeoPackage, GeoJSON, CSV, ...; see gis.h for why it lives apart). It
 * links GLib and GDAL, and nothing of frontline: plain data in, plain data out. */
#include "gis.h"

#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <gmodule.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The error domain of the program that loaded the module, and its codes (as in
 * frontline/export.h). */
static GQuark export_error;
enum { EXPORT_ERROR_DRIVER = 0, EXPORT_ERROR_OUTPUT = 1 };

static gpointer
register_drivers(gpointer unused)
{
  (void)unused;
  GDALAllRegister();
  return NULL;
}

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

static const FlOgr table = {
  .abi = FL_OGR_ABI,
  .write_layers = write_layers,
};

G_MODULE_EXPORT const FlOgr *fl_ogr_module_table(GQuark export);

G_MODULE_EXPORT const FlOgr *
fl_ogr_module_table(GQuark export)
{
  export_error = export;
  return &table;
}
