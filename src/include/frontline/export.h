/* frontline/export.h - the state of every place on a date as a GIS layer, written through
 * GDAL/OGR: GeoJSON, GeoPackage or CSV that QGIS and ogr2ogr open as they are.
 *
 * One point per theatre place (EPSG:4326, longitude first) with the columns of
 * `frontline state` and the date, in a layer named "places" whatever the date. The file is
 * written in a temporary folder beside the target and renamed into place, so a failure leaves
 * nothing behind. */
#ifndef FRONTLINE_EXPORT_H
#define FRONTLINE_EXPORT_H

#include <frontline/pipeline.h>

G_BEGIN_DECLS

#define FL_EXPORT_ERROR (fl_export_error_quark())
GQuark fl_export_error_quark(void);
typedef enum {
  FL_EXPORT_ERROR_DRIVER,  /* GDAL lacks the driver (a GDAL built without it) */
  FL_EXPORT_ERROR_OUTPUT,  /* the file cannot be created or written */
} FlExportError;

typedef enum {
  FL_EXPORT_GEOJSON,
  FL_EXPORT_GPKG,
  FL_EXPORT_CSV,
} FlExportFormat;

/* Parses "geojson", "gpkg" or "csv"; FALSE for any other name. */
gboolean fl_export_format_parse(const char *name, FlExportFormat *format);

/* Writes the state of every theatre place on date into path. */
gboolean fl_export_state(const FlPipeline *pipeline, const GDate *date, FlExportFormat format,
                         const char *path, GError **error);

G_END_DECLS

#endif
