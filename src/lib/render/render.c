/* render.c - the public API of the map stage: options, the map's lifetime, output surfaces
 * and atomic output (a temporary file renamed over the target, removed on any failure). */
#include "render-internal.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <string.h>

#define MAX_PAGE_SIDE 32767   /* Cairo's limit for image surfaces */

G_DEFINE_QUARK(fl-render-error-quark, fl_render_error)

gboolean
fl_format_from_path(const char *path, FlFormat *format, GError **error)
{
  static const struct {
    const char *extension;
    FlFormat format;
  } formats[] = {{".png", FL_FORMAT_PNG}, {".svg", FL_FORMAT_SVG}, {".pdf", FL_FORMAT_PDF}};
  const char *dot = path ? strrchr(path, '.') : NULL;

  for (gsize i = 0; dot && !strchr(dot, '/') && i < G_N_ELEMENTS(formats); i++) {
    if (g_ascii_strcasecmp(dot, formats[i].extension) == 0) {
      *format = formats[i].format;
      return TRUE;
    }
  }
  g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_FORMAT,
              "%s: unknown output format: name the file .png, .svg or .pdf", path ? path : "");
  return FALSE;
}

void
fl_map_options_init(FlMapOptions *options)
{
  memset(options, 0, sizeof *options);
  options->width = 1920;
  options->height = 1080;
  options->lang = "fr";
  options->title = NULL;
}

static void
project_places(FlMap *map)
{
  const GPtrArray *places = map->theatre->places;

  map->place_xy = g_new(FlPagePoint, MAX(places->len, 1));
  for (guint i = 0; i < places->len; i++) {
    const FlPlace *place = places->pdata[i];
    map->place_xy[i] = fl_projection_point(&map->projection, place->lon, place->lat);
  }
}

FlMap *
fl_map_new(const FlTheatre *theatre, const FlMapOptions *options, GError **error)
{
  FlMapOptions defaults;
  FlMap *map = g_new0(FlMap, 1);

  if (!options) {
    fl_map_options_init(&defaults);
    options = &defaults;
  }
  map->theatre = theatre;
  map->width = options->width;
  map->height = options->height;
  if (map->width <= 0 || map->height <= 0 || map->width > MAX_PAGE_SIDE ||
      map->height > MAX_PAGE_SIDE) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW,
                "a page of %dx%d cannot be drawn: give sides of 1 to %d", map->width, map->height,
                MAX_PAGE_SIDE);
    goto fail;
  }
  /* Sizes follow the page, but shrink slower than it below 1920x1080 so text stays legible. */
  map->unit = MIN(map->width / 1920.0, map->height / 1080.0);
  if (map->unit < 1)
    map->unit = sqrt(map->unit);
  map->lang = g_strdup(options->lang ? options->lang : "fr");
  map->title = g_strdup(options->title ? options->title : fl_theatre_name(theatre, map->lang));
  if (!fl_projection_init(&map->projection, theatre, map->width, map->height, error))
    goto fail;
  if (!fl_basemap_load(map, error))
    goto fail;
  project_places(map);
  map->zones = fl_zones_new(map, error);
  if (!map->zones)
    goto fail;
  fl_draw_prepare(map);
  return map;
fail:
  fl_map_free(map);
  return NULL;
}

void
fl_map_free(FlMap *map)
{
  if (!map)
    return;
  for (guint i = 0; map->labels && i < map->labels->len; i++)
    g_object_unref(g_array_index(map->labels, FlLabel, i).layout);
  if (map->labels)
    g_array_unref(map->labels);
  if (map->pango)
    g_object_unref(map->pango);
  fl_zones_free(map->zones);
  g_free(map->place_xy);
  for (int i = 0; i < FL_N_LAYERS; i++)
    fl_shapes_clear(&map->layers[i]);
  fl_projection_clear(&map->projection);
  g_free(map->title);
  g_free(map->lang);
  g_free(map);
}

gboolean
fl_map_project(const FlMap *map, double lon, double lat, double *x, double *y)
{
  FlPagePoint p = fl_projection_point(&map->projection, lon, lat);

  if (isnan(p.x) || isnan(p.y))
    return FALSE;
  *x = p.x;
  *y = p.y;
  return TRUE;
}

/* A surface writing to temp_path (SVG, PDF) or held in memory until written (PNG). Caller
 * destroys it with cairo_surface_destroy(); its status tells whether it could be created. */
static cairo_surface_t *
create_surface(const FlMap *map, FlFormat format, const char *temp_path, const char *title,
               const GDate *date)
{
  cairo_surface_t *surface;
  char iso[11], *created;

  switch (format) {
  case FL_FORMAT_SVG:
    surface = cairo_svg_surface_create(temp_path, map->width, map->height);
    cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PT);
    return surface;
  case FL_FORMAT_PDF:
    surface = cairo_pdf_surface_create(temp_path, map->width, map->height);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "frontline");
    /* Cairo 1.16 always writes a creation date, the clock's unless told: give it the map's
     * date so that the same input makes the same file. */
    created = g_strconcat(fl_date_format_iso(date, iso), "T00:00:00Z", NULL);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, created);
    g_free(created);
    return surface;
  case FL_FORMAT_PNG:
  default:
    return cairo_image_surface_create(CAIRO_FORMAT_RGB24, map->width, map->height);
  }
}

static gboolean
surface_failed(cairo_status_t status, const char *path, GError **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return FALSE;
  g_set_error(error, FL_RENDER_ERROR,
              status == CAIRO_STATUS_WRITE_ERROR || status == CAIRO_STATUS_FILE_NOT_FOUND
                ? FL_RENDER_ERROR_OUTPUT
                : FL_RENDER_ERROR_DRAW,
              "%s: cannot write the map: %s", path, cairo_status_to_string(status));
  return TRUE;
}

/* Draws into the temporary file: the surface is finished (or the PNG written) before
 * returning, and every Cairo status is checked. */
static gboolean
render_to(FlMap *map, FlFormat format, const char *temp_path, const char *path,
          const FlControl *control, const GPtrArray *reports, const GDate *date, GError **error)
{
  char *date_line = fl_draw_date_line(map->lang, date);
  char *title = g_strconcat(map->title, " — ", date_line, NULL);
  cairo_surface_t *surface = create_surface(map, format, temp_path, title, date);
  cairo_t *cr = NULL;
  gboolean ok = FALSE;

  if (surface_failed(cairo_surface_status(surface), path, error))
    goto out;
  cr = cairo_create(surface);
  if (!fl_draw_map(map, cr, control, reports, date, error))
    goto out;
  cairo_destroy(cr);
  cr = NULL;
  if (format == FL_FORMAT_PNG) {
    if (surface_failed(cairo_surface_write_to_png(surface, temp_path), path, error))
      goto out;
  }
  cairo_surface_finish(surface);
  ok = !surface_failed(cairo_surface_status(surface), path, error);
out:
  if (cr)
    cairo_destroy(cr);
  cairo_surface_destroy(surface);
  g_free(title);
  g_free(date_line);
  return ok;
}

gboolean
fl_map_render(FlMap *map, const FlControl *control, const GPtrArray *reports, const GDate *date,
              const char *path, GError **error)
{
  FlFormat format;
  char *temp_path = NULL;
  gboolean ok = FALSE;

  if (!fl_format_from_path(path, &format, error))
    return FALSE;
  if (!date || !g_date_valid(date)) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW, "%s: no valid date to draw", path);
    return FALSE;
  }
  temp_path = fl_output_temp_name(path);
  if (!render_to(map, format, temp_path, path, control, reports, date, error))
    goto out;
  ok = fl_output_commit(temp_path, path, error);
out:
  if (!ok)
    fl_output_abort(temp_path);
  g_free(temp_path);
  return ok;
}
