/* frontline/export.h - the state of a date as GIS layers, written through GDAL/OGR: GeoJSON,
 * GeoPackage or CSV that QGIS and ogr2ogr open as they are.
 *
 * Four layers, each in EPSG:4326 (longitude first) with a "date" field (the state's date):
 *   places  a point per theatre place, with the columns of `frontline state`;
 *   zones   the ground of each faction, a multipolygon per faction and hold (held, contested);
 *   front   the front line between two factions, a multilinestring per pair;
 *   arrows  the advance arrows the map of the date draws, a line each.
 * zones, front and arrows are what `frontline render` draws with the default style, worked out
 * on the same prepared map (see FlExportOptions.cache_dir). A GeoPackage holds every layer, a
 * GeoJSON file one, a CSV file the places only. The file is written in a temporary folder
 * beside the target and renamed into place, so a failure leaves nothing behind. */
#ifndef FRONTLINE_EXPORT_H
#define FRONTLINE_EXPORT_H

#include <frontline/pipeline.h>

G_BEGIN_DECLS

#define FL_EXPORT_ERROR (fl_export_error_quark())
GQuark fl_export_error_quark(void);
typedef enum {
  FL_EXPORT_ERROR_DRIVER,  /* GDAL lacks the driver (a GDAL built without it) */
  FL_EXPORT_ERROR_OUTPUT,  /* the file cannot be created or written */
  FL_EXPORT_ERROR_LAYER,   /* the format cannot hold the layer asked for (CSV: places only) */
} FlExportError;

typedef enum {
  FL_EXPORT_GEOJSON,
  FL_EXPORT_GPKG,
  FL_EXPORT_CSV,
} FlExportFormat;

/* Parses "geojson", "gpkg" or "csv"; FALSE for any other name. */
gboolean fl_export_format_parse(const char *name, FlExportFormat *format);

/* Which layers a file holds. */
typedef enum {
  FL_EXPORT_LAYER_DEFAULT,  /* the format's: every layer in a GeoPackage, else the places */
  FL_EXPORT_LAYER_PLACES,
  FL_EXPORT_LAYER_ZONES,
  FL_EXPORT_LAYER_FRONT,
  FL_EXPORT_LAYER_ARROWS,
} FlExportLayer;

/* Parses a layer's name: "places", "zones", "front" or "arrows"; FALSE for any other. */
gboolean fl_export_layer_parse(const char *name, FlExportLayer *layer);

typedef struct {
  FlExportFormat format;
  FlExportLayer layer;
  const char *cache_dir;   /* where the map the zones are worked out on is kept, as
                            * FlMapOptions.cache_dir; NULL: none. Borrowed */
} FlExportOptions;

/* Whether format can hold layer: FALSE with FL_EXPORT_ERROR_LAYER when it cannot. */
gboolean fl_export_options_check(const FlExportOptions *options, GError **error);

/* Writes the state on date of every theatre place, and the zones, front and arrows of that
 * date, as options ask, into path. Fails with FL_EXPORT_ERROR, or with the render stage's
 * errors when the map cannot be prepared (FL_RENDER_ERROR: the base map). */
gboolean fl_export_state(const FlPipeline *pipeline, const GDate *date,
                         const FlExportOptions *options, const char *path, GError **error);

G_END_DECLS

#endif
