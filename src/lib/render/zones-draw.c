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
#define OUTSIDE_OPACITY 0.14      /* occupied ground: a light tint of [zones] outside... */
#define OUTSIDE_HATCH_OPACITY 0.55  /* ...hatched */
#define OUTSIDE_HATCH_WIDTH 0.8
#define OUTSIDE_HATCH_SPACING 7.0   /* ...both ways */
#define OUTLINE_WIDTH 1.4         /* a deconfliction zone's dashed edge */
#define OUTLINE_DASH 6.0
#define OUTLINE_GAP 3.5

/* Appends a geometry's rings and lines to the current path. */
static void
geometry_path(cairo_t *cr, GEOSContextHandle_t geos, const GEOSGeometry *geometry)
{
  int type = GEOSGeomTypeId_r(geos, geometry);

  if (type == GEOS_LINESTRING || type == GEOS_LINEARRING) {
    guint n;
    double *xy = fl_geos_coords(geos, geometry, &n);
    for (guint i = 0; i < n; i++)
      (i ? cairo_line_to : cairo_move_to)(cr, xy[2 * i], xy[2 * i + 1]);
    if (type == GEOS_LINEARRING && n >= 2)
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

/* Appends the faces faction holds to the current path: contested or not, open ground (open 1)
 * or settled (0) or both (-1). */
static void
faces_path(cairo_t *cr, const FlSituation *situation, gint faction, gboolean contested,
           gint open)
{
  const FlZones *zones = situation->zones;

  for (guint i = 0; i < zones->faces->len; i++) {
    guint unit = g_array_index(zones->face_site, guint, i);
    if (situation->site_holder[unit] == faction && situation->site_contested[unit] == contested &&
        (open < 0 || FL_ZONES_OPEN(zones, unit) == open))
      geometry_path(cr, zones->geos, zones->faces->pdata[i]);
  }
}

/* Diagonal lines over the current clip, every spacing page units; both ways when cross. */
static void
hatch(cairo_t *cr, double spacing, gboolean cross)
{
  double x1, y1, x2, y2;

  cairo_clip_extents(cr, &x1, &y1, &x2, &y2);
  for (double x = x1 - (y2 - y1); x < x2; x += spacing) {
    cairo_move_to(cr, x, y2);
    cairo_line_to(cr, x + (y2 - y1), y1);
    if (cross) {
      cairo_move_to(cr, x, y1);
      cairo_line_to(cr, x + (y2 - y1), y2);
    }
  }
}

/* Fills the current path in color (0xRRGGBB) at fill_alpha, then hatches it at hatch_alpha
 * with lines width page units wide, both ways when cross (occupied ground; contested ground is
 * hatched one way); the path is consumed. */
static void
hatched_fill(cairo_t *cr, const FlMap *map, guint32 color, double fill_alpha, double hatch_alpha,
             double width, gboolean cross)
{
  cairo_save(cr);
  cairo_set_source_rgba(cr, RGB(color), fill_alpha);
  cairo_fill_preserve(cr);
  cairo_clip(cr);
  cairo_new_path(cr);
  hatch(cr, (cross ? OUTSIDE_HATCH_SPACING : HATCH_SPACING) * map->unit, cross);
  cairo_set_source_rgba(cr, RGB(color), hatch_alpha);
  cairo_set_line_width(cr, width * map->unit);
  cairo_stroke(cr);
  cairo_restore(cr);
}

/* Fills the current path as occupied ground: a tint and a hatch of [zones] outside. */
static void
occupied_fill(cairo_t *cr, const FlMap *map)
{
  guint32 rgba = fl_style_color(map->style, FL_STYLE_ZONES_OUTSIDE);
  double alpha = (rgba & 0xff) / 255.0;

  hatched_fill(cr, map, rgba >> 8, OUTSIDE_OPACITY * alpha, OUTSIDE_HATCH_OPACITY * alpha,
               OUTSIDE_HATCH_WIDTH, TRUE);
}

/* Strokes the current path as a deconfliction zone's edge: dashed, in [zones] outside. */
static void
outline_stroke(cairo_t *cr, const FlMap *map)
{
  guint32 rgba = fl_style_color(map->style, FL_STYLE_ZONES_OUTSIDE);
  double u = map->unit;

  cairo_save(cr);
  cairo_set_dash(cr, (double[]){OUTLINE_DASH * u, OUTLINE_GAP * u}, 2, 0);
  cairo_set_line_width(cr, OUTLINE_WIDTH * u);
  cairo_set_source_rgba(cr, RGB(rgba >> 8), (rgba & 0xff) / 255.0);
  cairo_stroke(cr);
  cairo_restore(cr);
}

/* The areas an outside power holds or keeps: the occupied ground, the deconfliction zones'
 * edges. */
static void
draw_outside(cairo_t *cr, const FlMap *map, const FlZones *zones)
{
  if (zones->occupied) {
    cairo_new_path(cr);
    geometry_path(cr, zones->geos, zones->occupied);
    occupied_fill(cr, map);
  }
  cairo_new_path(cr);
  for (guint i = 0; i < zones->outlines->len; i++)
    geometry_path(cr, zones->geos, zones->outlines->pdata[i]);
  outline_stroke(cr, map);
}

void
fl_zones_draw_swatch(cairo_t *cr, const FlMap *map, double x, double y, double width,
                     double height, guint32 color, FlSwatch swatch)
{
  double opacity = fl_style_number(map->style, FL_STYLE_ZONES_OPACITY);

  cairo_save(cr);
  cairo_new_path(cr);
  if (swatch == FL_SWATCH_DECONFLICTION) {
    cairo_move_to(cr, x, y + height / 2);
    cairo_line_to(cr, x + width, y + height / 2);
    outline_stroke(cr, map);
  } else {
    cairo_rectangle(cr, x, y, width, height);
    if (swatch == FL_SWATCH_OCCUPIED) {
      occupied_fill(cr, map);
    } else if (swatch == FL_SWATCH_CONTESTED) {
      hatched_fill(cr, map, color, CONTESTED_OPACITY, HATCH_OPACITY, HATCH_WIDTH, FALSE);
    } else {
      cairo_set_source_rgba(cr, RGB(color),
                            swatch == FL_SWATCH_OPEN
                              ? opacity * fl_style_number(map->style, FL_STYLE_ZONES_OPEN)
                              : opacity);
      cairo_fill(cr);
    }
  }
  cairo_restore(cr);
}

void
fl_zones_draw(cairo_t *cr, const FlMap *map, const FlSituation *situation)
{
  double opacity = fl_style_number(map->style, FL_STYLE_ZONES_OPACITY);
  double open = fl_style_number(map->style, FL_STYLE_ZONES_OPEN);

  if (!situation->zones)
    return;
  cairo_save(cr);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
  for (guint f = 0; f < situation->n_factions; f++) {
    guint32 color = map->faction_colors[f];
    gboolean contested;
    if (!fl_situation_faction_zoned(situation, (gint)f, &contested))
      continue;
    /* settled ground, then open ground lighter, then contested ground hatched */
    for (gint is_open = 0; is_open <= 1; is_open++) {
      cairo_new_path(cr);
      faces_path(cr, situation, (gint)f, FALSE, is_open);
      cairo_set_source_rgba(cr, RGB(color), is_open ? opacity * open : opacity);
      cairo_fill(cr);
    }
    if (!contested)
      continue;
    cairo_new_path(cr);
    faces_path(cr, situation, (gint)f, TRUE, -1);
    hatched_fill(cr, map, color, CONTESTED_OPACITY, HATCH_OPACITY, HATCH_WIDTH, FALSE);
  }
  draw_outside(cr, map, situation->zones);
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
