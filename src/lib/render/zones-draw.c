/* zones-draw.c - the zones and the front line on the page, and their legend samples. */
#include "zones-internal.h"

#define RGB(c) ((c) >> 16 & 0xff) / 255.0, ((c) >> 8 & 0xff) / 255.0, ((c) & 0xff) / 255.0

/* Drawing: sizes in pixels of a 1920x1080 page, multiplied by map->unit. */
#define CONTESTED_OPACITY 0.10    /* contested or besieged ground: a faint fill... */
#define HATCH_OPACITY 0.65        /* ...hatched in the holder's colour */
#define HATCH_SPACING 5.5
#define HATCH_WIDTH 1.2
#define FRONT_HALO_WIDTH 1.6      /* white on each side of the line */
#define FRONT_HALO_OPACITY 0.75

/* Appends a geometry's rings and lines to the current path. */
static void
geometry_path(cairo_t *cr, GEOSContextHandle_t geos, const GEOSGeometry *geometry)
{
  int type = GEOSGeomTypeId_r(geos, geometry);

  if (type == GEOS_LINESTRING || type == GEOS_LINEARRING) {
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(geos, geometry);
    unsigned int n = 0;
    GEOSCoordSeq_getSize_r(geos, seq, &n);
    if (n < 2)
      return;
    double *xy = g_new(double, 2 * n);
    GEOSCoordSeq_copyToBuffer_r(geos, seq, xy, 0, 0);
    cairo_move_to(cr, xy[0], xy[1]);
    for (unsigned int i = 1; i < n; i++)
      cairo_line_to(cr, xy[2 * i], xy[2 * i + 1]);
    if (type == GEOS_LINEARRING)
      cairo_close_path(cr);
    g_free(xy);
  } else if (type == GEOS_POLYGON) {
    geometry_path(cr, geos, GEOSGetExteriorRing_r(geos, geometry));
    for (int i = 0; i < GEOSGetNumInteriorRings_r(geos, geometry); i++)
      geometry_path(cr, geos, GEOSGetInteriorRingN_r(geos, geometry, i));
  } else if (type == GEOS_MULTILINESTRING || type == GEOS_MULTIPOLYGON ||
             type == GEOS_GEOMETRYCOLLECTION) {
    for (int i = 0; i < GEOSGetNumGeometries_r(geos, geometry); i++)
      geometry_path(cr, geos, GEOSGetGeometryN_r(geos, geometry, i));
  }
}

/* Appends the faces of the sites faction holds, contested or not, to the current path. */
static void
faces_path(cairo_t *cr, const FlSituation *situation, gint faction, gboolean contested)
{
  const FlZones *zones = situation->zones;

  for (guint i = 0; i < zones->faces->len; i++) {
    guint site = g_array_index(zones->face_site, guint, i);
    if (situation->site_holder[site] == faction && situation->site_contested[site] == contested)
      geometry_path(cr, zones->geos, zones->faces->pdata[i]);
  }
}

/* Diagonal lines over the current clip, every spacing page units. */
static void
hatch(cairo_t *cr, double spacing)
{
  double x1, y1, x2, y2;

  cairo_clip_extents(cr, &x1, &y1, &x2, &y2);
  for (double x = x1 - (y2 - y1); x < x2; x += spacing) {
    cairo_move_to(cr, x, y2);
    cairo_line_to(cr, x + (y2 - y1), y1);
  }
}

void
fl_zones_draw_swatch(cairo_t *cr, const FlMap *map, double x, double y, double width,
                     double height, guint32 color, gboolean contested)
{
  double u = map->unit;

  cairo_save(cr);
  cairo_new_path(cr);
  cairo_rectangle(cr, x, y, width, height);
  cairo_set_source_rgba(cr, RGB(color),
                        contested ? CONTESTED_OPACITY
                                  : fl_style_number(map->style, FL_STYLE_ZONES_OPACITY));
  cairo_fill_preserve(cr);
  cairo_clip(cr);
  if (contested) {
    hatch(cr, HATCH_SPACING * u);
    cairo_set_source_rgba(cr, RGB(color), HATCH_OPACITY);
    cairo_set_line_width(cr, HATCH_WIDTH * u);
    cairo_stroke(cr);
  }
  cairo_restore(cr);
}

void
fl_zones_draw(cairo_t *cr, const FlMap *map, const FlSituation *situation)
{
  double u = map->unit;

  if (!situation->zones)
    return;
  cairo_save(cr);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
  for (guint f = 0; f < situation->n_factions; f++) {
    guint32 color = map->faction_colors[f];
    gboolean contested;
    if (!fl_situation_faction_zoned(situation, (gint)f, &contested))
      continue;
    cairo_new_path(cr);
    faces_path(cr, situation, (gint)f, FALSE);
    cairo_set_source_rgba(cr, RGB(color), fl_style_number(map->style, FL_STYLE_ZONES_OPACITY));
    cairo_fill(cr);
    if (!contested)
      continue;
    cairo_save(cr);
    faces_path(cr, situation, (gint)f, TRUE);
    cairo_set_source_rgba(cr, RGB(color), CONTESTED_OPACITY);
    cairo_fill_preserve(cr);
    cairo_clip(cr);
    hatch(cr, HATCH_SPACING * u);
    cairo_set_source_rgba(cr, RGB(color), HATCH_OPACITY);
    cairo_set_line_width(cr, HATCH_WIDTH * u);
    cairo_stroke(cr);
    cairo_restore(cr);
  }
  cairo_restore(cr);
}

/* Strokes the current path as the front line ([front] color and width), over a white halo. */
static void
stroke_front(cairo_t *cr, const FlMap *map, double u)
{
  double width = fl_style_number(map->style, FL_STYLE_FRONT_WIDTH);
  guint32 rgba = fl_style_color(map->style, FL_STYLE_FRONT_COLOR);

  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_source_rgba(cr, 1, 1, 1, FRONT_HALO_OPACITY);
  cairo_set_line_width(cr, (width + 2 * FRONT_HALO_WIDTH) * u);
  cairo_stroke_preserve(cr);
  cairo_set_source_rgba(cr, RGB(rgba >> 8), (rgba & 0xff) / 255.0);
  cairo_set_line_width(cr, width * u);
  cairo_stroke(cr);
}

void
fl_front_draw(cairo_t *cr, const FlMap *map, const FlSituation *situation)
{
  if (!situation->zones || !situation->front)
    return;
  cairo_save(cr);
  cairo_new_path(cr);
  geometry_path(cr, situation->zones->geos, situation->front);
  stroke_front(cr, map, map->unit);
  cairo_restore(cr);
}

void
fl_front_draw_sample(cairo_t *cr, const FlMap *map, double x0, double x1, double y)
{
  double u = map->unit;

  cairo_save(cr);
  cairo_new_path(cr);
  cairo_move_to(cr, x0, y + 3 * u);
  cairo_curve_to(cr, x0 + (x1 - x0) / 3, y - 5 * u, x0 + 2 * (x1 - x0) / 3, y + 5 * u, x1,
                 y - 3 * u);
  stroke_front(cr, map, u);
  cairo_restore(cr);
}
