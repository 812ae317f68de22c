/* gis.h - PROJ, the base map's GeoPackage, and GDAL/OGR, behind modules loaded when first
 * needed.
 *
 * Loading libproj costs a process about 8 ms and 12 MB, libgdal with its hundred libraries 40
 * ms and 35 MB: more than drawing a map. So neither is linked into the program. Projecting and
 * reading the base map (a GeoPackage: SQLite and GEOS, no GDAL) live in the GIS module
 * (frontline-gis.so, built from gis-module.c), opened with GModule the first time a map reads
 * its base map or projects a point; a map whose prepared base map comes from the cache
 * (cache.c) never loads it. Writing GIS exports through GDAL/OGR lives in the OGR module
 * (frontline-ogr.so, from ogr-module.c), opened only by an export.
 *
 * The module is looked for beside the executable (the build tree: programs and module share a
 * folder), then in the install tree's module folder relative to the executable, then in the
 * install folder configured at build time. */
#ifndef FL_GIS_H
#define FL_GIS_H

#include <glib.h>

G_BEGIN_DECLS

/* Bumped whenever FlGis or FlOgr changes: a module of another build is refused. */
#define FL_GIS_ABI 4
#define FL_OGR_ABI 1

/* The modules' entry points, by name. */
#define FL_GIS_ENTRY "fl_gis_module_table"
#define FL_OGR_ENTRY "fl_ogr_module_table"

typedef struct FlGisProjection FlGisProjection;
typedef struct FlGisDataset FlGisDataset;

/* One run of points of a feature read from the base map, in lon/lat degrees. */
typedef struct {
  guint first, n;        /* into FlGisFeatures.points (pairs of doubles) */
  gboolean ring;         /* a polygon ring (else a line) */
} FlGisRun;

/* One feature: its runs and its attribute. */
typedef struct {
  guint first_run, n_runs;
  gint attr;
} FlGisFeature;

/* What read_layer() gives: features, their runs, their points. Owned by the caller. */
typedef struct {
  GArray *points;     /* double: lon, lat, lon, lat... */
  GArray *runs;       /* FlGisRun */
  GArray *features;   /* FlGisFeature */
} FlGisFeatures;

/* How read_layer() computes a feature's attribute. */
typedef enum {
  FL_GIS_ATTR_NONE,             /* 0 */
  FL_GIS_ATTR_LEVEL,            /* the integer field "level" (0 when the layer lacks it) */
  FL_GIS_ATTR_COUNTRY,          /* 1 when the field "iso_a2" is one of the given countries */
} FlGisAttr;

/* What a column of an exported layer holds, as text: its field's type where the format has
 * typed fields (not CSV). */
typedef enum {
  FL_GIS_TEXT,          /* a string field */
  FL_GIS_DATE,          /* an ISO date: a date field */
  FL_GIS_REAL,          /* a decimal number: a real field */
  FL_GIS_DAY_START,     /* an ISO date: a date-time field at its midnight (QGIS's temporal
                         * filters compare a GeoPackage's date fields as text with date-times,
                         * wrongly at the bounds; its date-times rightly) */
} FlGisType;

/* One column of an exported layer. */
typedef struct {
  const char *name;
  FlGisType type;       /* FALSE and TRUE stand for FL_GIS_TEXT and FL_GIS_DATE */
} FlGisColumn;

/* The geometry of an exported layer's features. */
typedef enum {
  FL_GIS_POINTS,        /* FlGisLayer.lonlat: a lon, lat pair per feature */
  FL_GIS_POLYGONS,      /* FlGisLayer.wkb: (multi)polygons, written as multipolygons */
  FL_GIS_LINES,         /* FlGisLayer.wkb: (multi)linestrings, written as multilinestrings */
} FlGisGeometry;

/* One layer of an exported file, in EPSG:4326 (longitude first): its fields, and per feature
 * the text of each column and its geometry. Made by fl_gis_layer_init(), filled by
 * fl_gis_layer_add(); owns its arrays, freed by fl_gis_layer_clear(). */
typedef struct {
  const char *name;             /* static: the layer's name */
  FlGisGeometry geometry;
  const FlGisColumn *columns;   /* static */
  guint n_columns;
  GPtrArray *values;            /* char*: n_columns per feature, feature by feature */
  GArray *lonlat;               /* double: lon, lat per feature (FL_GIS_POINTS), else empty */
  GPtrArray *wkb;               /* GBytes*: each feature's geometry as WKB (the others) */
} FlGisLayer;

/* The GIS module's functions. Errors are set in the domain given to the entry point. */
typedef struct {
  guint abi;   /* FL_GIS_ABI */

  /* PROJ: from lon/lat degrees (EPSG:4326, longitude first) to definition (a PROJ string or
   * a CRS name). Fails with FL_RENDER_ERROR_PROJECTION naming definition. */
  FlGisProjection *(*projection_new)(const char *definition, GError **error);
  void (*projection_free)(FlGisProjection *projection);
  /* Projects n interleaved pairs in place, forward (lon/lat to metres) or back; a point PROJ
   * cannot project becomes HUGE_VAL or NAN. */
  void (*projection_apply)(FlGisProjection *projection, gboolean forward, double *xy, gsize n);

  /* Opens a GeoPackage read-only. Fails with FL_RENDER_ERROR_BASEMAP naming path. */
  FlGisDataset *(*dataset_open)(const char *path, GError **error);
  void (*dataset_close)(FlGisDataset *dataset);
  gboolean (*dataset_has_layer)(FlGisDataset *dataset, const char *layer);
  /* The layer's extent {west, south, east, north}; FALSE when it has none. */
  gboolean (*layer_extent)(FlGisDataset *dataset, const char *layer, double extent[4]);
  /* Appends the features of layer whose envelope meets bounds {west, south, east, north} to
   * features, in the layer's order, clipped to bounds (a feature the clip fails on is kept
   * whole); countries: the theatre's codes split by ';' (FL_GIS_ATTR_COUNTRY). Fails with
   * FL_RENDER_ERROR_BASEMAP when the file cannot be read (a damaged GeoPackage). */
  gboolean (*read_layer)(FlGisDataset *dataset, const char *layer, FlGisAttr attr,
                         const char *countries, const double bounds[4], FlGisFeatures *features,
                         GError **error);
} FlGis;

/* The GIS module's entry point's type: the table, with errors set in that domain. */
typedef const FlGis *(*FlGisEntry)(GQuark render_error);

/* The OGR module's functions. Errors are set in the domain given to the entry point. */
typedef struct {
  guint abi;   /* FL_OGR_ABI */

  /* Writes n_layers layers into file with driver, whose layer creation options are
   * layer_options (NULL-terminated); a layer with no feature is written empty. Date, real and
   * day-start columns are date, real and date-time fields when date_fields, else text (CSV
   * would write 2024/12/06). path names
   * the target in messages. Fails with FL_EXPORT_ERROR_DRIVER or FL_EXPORT_ERROR_OUTPUT. */
  gboolean (*write_layers)(const char *file, const char *path, const char *driver,
                           const char *const *layer_options, gboolean date_fields,
                           const FlGisLayer *layers, guint n_layers, GError **error);
} FlOgr;

/* The OGR module's entry point's type. */
typedef const FlOgr *(*FlOgrEntry)(GQuark export_error);

/* The GIS module's table, loaded on the first call (thread-safe). When it cannot be loaded,
 * NULL with error set in domain and code, naming the module. */
const FlGis *fl_gis_get(GQuark domain, gint code, GError **error);

/* The OGR module's table, as fl_gis_get(). */
const FlOgr *fl_ogr_get(GQuark domain, gint code, GError **error);

/* Where a module of frontline named file may be (the GIS module, the video module), in order.
 * Newly allocated; g_strfreev(). */
char **fl_module_candidates(const char *file);

/* Takes a module's entry point and returns its table, or NULL when it is of another build. */
typedef gconstpointer (*FlModuleAccept)(gpointer entry);

/* Opens the first of the candidates of file (fl_module_candidates) whose symbol entry_name
 * gives a table accept() takes, keeps it resident and returns the table; NULL with *message
 * (g_free) saying what ("the GIS module (GDAL, PROJ)") could not be loaded and what was tried. */
gconstpointer fl_module_load(const char *file, const char *entry_name, const char *what,
                             FlModuleAccept accept, char **message);

/* The file fl_gis_get() would open (it is not opened here), or NULL when there is none. Newly
 * allocated; g_free(). */
char *fl_gis_module_path(void);

void fl_gis_features_init(FlGisFeatures *features);
void fl_gis_features_clear(FlGisFeatures *features);

/* An empty layer named name (static) of columns (static, n_columns of them). */
void fl_gis_layer_init(FlGisLayer *layer, const char *name, FlGisGeometry geometry,
                       const FlGisColumn *columns, guint n_columns);
/* Adds a feature: values, n_columns strings, are taken (the array itself is not); so is wkb
 * (its geometry, for other than FL_GIS_POINTS); lonlat (a pair) is its point. */
void fl_gis_layer_add(FlGisLayer *layer, char **values, const double *lonlat, GBytes *wkb);
/* The number of features (inline: the module uses it too). */
static inline guint
fl_gis_layer_size(const FlGisLayer *layer)
{
  return layer->n_columns ? layer->values->len / layer->n_columns : 0;
}
void fl_gis_layer_clear(FlGisLayer *layer);

G_END_DECLS

#endif
