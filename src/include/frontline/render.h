/* frontline/render.h - stage 5: the map.
 *
 * A map is prepared once (projection, base layers read from the theatre's GeoPackage, fonts),
 * then drawn for any date. One drawing path serves PNG, SVG and PDF. Files are written to a
 * temporary name and renamed, so a failed render leaves nothing behind. */
#ifndef FRONTLINE_RENDER_H
#define FRONTLINE_RENDER_H

#include <frontline/control.h>

G_BEGIN_DECLS

#define FL_RENDER_ERROR (fl_render_error_quark())
GQuark fl_render_error_quark(void);
typedef enum {
  FL_RENDER_ERROR_PROJECTION,  /* PROJ refused the projection */
  FL_RENDER_ERROR_BASEMAP,     /* the GeoPackage is missing, corrupt or lacks a layer */
  FL_RENDER_ERROR_FORMAT,      /* an output name with no known extension */
  FL_RENDER_ERROR_OUTPUT,      /* the file could not be written */
  FL_RENDER_ERROR_DRAW,        /* Cairo or Pango failed */
} FlRenderError;

typedef enum {
  FL_FORMAT_PNG,
  FL_FORMAT_SVG,
  FL_FORMAT_PDF,
} FlFormat;

/* The format named by a file's extension (.png, .svg, .pdf, any case). */
gboolean fl_format_from_path(const char *path, FlFormat *format, GError **error);

typedef struct {
  int width, height;        /* pixels for PNG; points for SVG and PDF. Default 1920x1080 */
  const char *lang;         /* label language: "fr" (default), "en", "ar" */
  const char *title;        /* NULL: the theatre's name in lang */
} FlMapOptions;

/* Fills options with the defaults. */
void fl_map_options_init(FlMapOptions *options);

typedef struct FlMap FlMap;

/* Prepares a map of theatre: projection, extent, base layers. The theatre must outlive it.
 * Caller frees with fl_map_free(). */
FlMap *fl_map_new(const FlTheatre *theatre, const FlMapOptions *options, GError **error);
void fl_map_free(FlMap *map);

/* Draws the state on date from control into path (format from its extension). reports (a
 * GPtrArray of FlReport*, may be NULL) are listed in the credits. */
gboolean fl_map_render(FlMap *map, const FlControl *control, const GPtrArray *reports,
                       const GDate *date, const char *path, GError **error);

/* Where lon/lat (degrees) falls on the page, in pixels (PNG) or points (SVG, PDF), from the
 * top-left corner. FALSE when PROJ cannot project it. */
gboolean fl_map_project(const FlMap *map, double lon, double lat, double *x, double *y);

G_END_DECLS

#endif
