/* frontline/export.h - the state of a date, or of a series of dates, as GIS layers written
 * through GDAL/OGR: GeoJSON, GeoPackage or CSV that QGIS and ogr2ogr open as they are.
 *
 * Four layers, each in EPSG:4326 (longitude first) with a "date" field (the state's date):
 *   places  a point per theatre place, with the columns of `frontline state` (name: the label
 *           the map prints in the labels' language) and name_fr, name_en, name_ar (those of
 *           the theatre's languages), kind, faction_label and color;
 *   zones   the ground of each faction, a multipolygon per faction and hold (held, contested);
 *   front   the front line between two factions, a multilinestring per pair;
 *   arrows  the advance arrows the map of the date draws, a line each.
 * zones, front and arrows are what `frontline render` draws with the default style, worked out
 * on the same prepared map (see FlExportOptions.cache_dir). A GeoPackage holds every layer, a
 * GeoJSON file one, a CSV file the places only (lat and lon are columns, as in the TSV, and
 * there is no other geometry). faction_label is in the labels' language; so are the labels
 * export.c adds after the ground's ids: front's left_label and right_label, arrows' from_name
 * and to_name.
 *
 * A series (fl_export_series) has the same layers with "date" replaced by "valid_from" and
 * "valid_to" (date-time fields at midnight, text in CSV): one feature per period in which a
 * feature of the dates' layers keeps its values and geometry, from the first date of the period
 * to the date of the series after its last one (the end excluded, as QGIS's temporal
 * controller takes it by default).
 *
 * The file is written in a temporary folder beside the target (in the temporary folder for a
 * special file or for standard output) and renamed into place (copied into a special file), so
 * a failure leaves nothing behind. */
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
  FL_EXPORT_ERROR_DATES,   /* a series of no date */
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
  const char *lang;        /* the labels' language: "fr", "en", "ar" (of a pair, "fr+ar", the
                            * first); NULL: the theatre's first language. Borrowed */
} FlExportOptions;

/* Whether format can hold layer: FALSE with FL_EXPORT_ERROR_LAYER when it cannot. */
gboolean fl_export_options_check(const FlExportOptions *options, GError **error);

/* Writes the state on date of every theatre place, and the zones, front and arrows of that
 * date, as options ask, into path. Fails with FL_EXPORT_ERROR, or with the render stage's
 * errors when the map cannot be prepared (FL_RENDER_ERROR: the base map). */
gboolean fl_export_state(const FlPipeline *pipeline, const GDate *date,
                         const FlExportOptions *options, const char *path, GError **error);

/* Writes the layers of each date of dates (GDate, in order) merged into periods of unchanged
 * state (valid_from, valid_to), as options ask, into path. Fails as fl_export_state, or with
 * FL_EXPORT_ERROR_DATES when dates is empty. */
gboolean fl_export_series(const FlPipeline *pipeline, const GArray *dates,
                          const FlExportOptions *options, const char *path, GError **error);

/* What fl_export_series (series) or fl_export_state (else, the first of dates) would write,
 * as bytes, for standard output; the file is made in the temporary folder and removed. Newly
 * allocated; g_bytes_unref(). NULL on failure, as those fail. */
GBytes *fl_export_bytes(const FlPipeline *pipeline, const GArray *dates, gboolean series,
                        const FlExportOptions *options, GError **error);

G_END_DECLS

#endif
