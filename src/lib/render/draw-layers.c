/* draw-layers.c - the map's layers on a render context with a sticky error (like
 * cairo_status: every layer function returns at once after the first failure): page, land and
 * water, rivers, borders, roads and their shields, zones, front line and arrows, place marks,
 * labels and the arrows' dates. Sizes are given as pixels of a 1920x1080 page and multiplied
 * by map->unit; colours, sizes and the font come from the map's style. */
#include "draw-internal.h"

#include <math.h>

/* ---- layers ---- */

void
fl_shape_path(cairo_t *cr, const FlShapes *shapes, guint s, gboolean closed)
{
  const FlShape *shape = &g_array_index(shapes->shapes, FlShape, s);

  for (guint p = 0; p < shape->n_parts; p++) {
    const FlPart *part = &g_array_index(shapes->parts, FlPart, shape->first_part + p);
    const FlPagePoint *pts = &g_array_index(shapes->points, FlPagePoint, part->first);
    cairo_move_to(cr, pts[0].x, pts[0].y);
    for (guint i = 1; i < part->n; i++)
      cairo_line_to(cr, pts[i].x, pts[i].y);
    if (closed)
      cairo_close_path(cr);
  }
}

void
fl_shapes_path(cairo_t *cr, const FlShapes *shapes, gint attr, gboolean closed)
{
  for (guint s = 0; s < shapes->shapes->len; s++)
    if (attr < 0 || g_array_index(shapes->shapes, FlShape, s).attr == attr)
      fl_shape_path(cr, shapes, s, closed);
}

static void
fill_layer(Draw *d, FlLayerId layer, gint attr, FlStyleKey color)
{
  fl_shapes_path(d->cr, &d->map->layers[layer], attr, TRUE);
  fl_draw_style_color(d->cr, d->map, color, 1);
  cairo_fill(d->cr);
}

void
fl_draw_background(Draw *d)
{
  const FlRect *f = &d->map->frame;

  if (d->error)
    return;
  if (!fl_style_boolean(d->map->style, FL_STYLE_PAGE_TRANSPARENT)) {
    fl_draw_style_color(d->cr, d->map, FL_STYLE_COLORS_PAGE, 1);
    cairo_paint(d->cr);
  }
  cairo_rectangle(d->cr, f->x, f->y, f->width, f->height);
  cairo_clip(d->cr);   /* the map layers stay inside the frame until fl_draw_frame() */
  fl_draw_check(d, "background");
}

void
fl_draw_land_and_water(Draw *d)
{
  cairo_t *cr;

  if (d->error)
    return;
  fl_draw_layer(d, FL_SVG_SEA);
  if (fl_draw_shown(d->map, FL_STYLE_LAYERS_SEA))
    fill_layer(d, FL_LAYER_SEA, -1, FL_STYLE_COLORS_SEA);
  fl_draw_layer(d, FL_SVG_LAND);
  if (fl_draw_shown(d->map, FL_STYLE_LAYERS_LAND))
    fill_layer(d, FL_LAYER_LAND, -1, FL_STYLE_COLORS_LAND);
  /* The theatre's country, cut to the coastline (country polygons and coasts come from
   * different sources). */
  fl_draw_layer(d, FL_SVG_THEATRE);
  cr = d->cr;
  if (fl_draw_shown(d->map, FL_STYLE_LAYERS_THEATRE)) {
    cairo_save(cr);
    fl_shapes_path(cr, &d->map->layers[FL_LAYER_LAND], -1, TRUE);
    cairo_clip(cr);
    fill_layer(d, FL_LAYER_COUNTRIES, 1, FL_STYLE_COLORS_THEATRE);
    cairo_restore(cr);
  }
  fl_draw_layer(d, FL_SVG_LAKES);
  if (fl_draw_shown(d->map, FL_STYLE_LAYERS_LAKES)) {
    fill_layer(d, FL_LAYER_LAKES, -1, FL_STYLE_COLORS_WATER);
    fill_layer(d, FL_LAYER_RESERVOIRS, -1, FL_STYLE_COLORS_WATER);
  }
  fl_draw_check(d, "land and water");
}

static void
stroke_levels(Draw *d, int first, int last, double width, double alpha)
{
  const FlShapes *rivers = &d->map->layers[FL_LAYER_RIVERS];

  for (int level = first; level <= last; level++)
    fl_shapes_path(d->cr, rivers, level, FALSE);
  fl_draw_style_color(d->cr, d->map, FL_STYLE_COLORS_RIVER, alpha);
  cairo_set_line_width(d->cr, width * d->u);
  cairo_stroke(d->cr);
}

/* WDBII levels: 1 double-lined, 2-4 permanent major..additional, 5-8 intermittent, 9-10
 * canals (not drawn).
 *
 * On a raster page the rivers, lines of half a pixel to a pixel and a half, are rasterised with
 * Cairo's fast antialiasing (4 x 4 samples a pixel instead of 256 x 15), as the labels' halos
 * are (fl_show_with_halo()): 65 to 40 million instructions for the Syrian map's 12,000 river
 * vertices, and the same look; 90 of its pixels (0.004%) differ by more than 24 levels where a
 * pixel's shift does not explain it. */
void
fl_draw_rivers(Draw *d)
{
  if (d->error || !fl_draw_shown(d->map, FL_STYLE_LAYERS_RIVERS))
    return;
  cairo_save(d->cr);   /* round ends for these lines only, whichever layers come next */
  cairo_set_line_join(d->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(d->cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_antialias(d->cr, CAIRO_ANTIALIAS_FAST);
  stroke_levels(d, 5, 8, 0.5, 0.45);
  stroke_levels(d, 3, 4, 0.8, 0.9);
  stroke_levels(d, 1, 2, 1.4, 1);
  cairo_restore(d->cr);
  fl_draw_check(d, "rivers");
}

void
fl_draw_borders(Draw *d)
{
  cairo_t *cr = d->cr;
  double dash[] = {5 * d->u, 3 * d->u};

  if (d->error || !fl_draw_shown(d->map, FL_STYLE_LAYERS_BORDERS))
    return;
  cairo_save(cr);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  fl_shapes_path(cr, &d->map->layers[FL_LAYER_BORDERS], 0, FALSE);
  fl_draw_style_color(cr, d->map, FL_STYLE_COLORS_BORDER, 1);
  cairo_set_line_width(cr, 0.9 * d->u);
  cairo_stroke(cr);
  fl_shapes_path(cr, &d->map->layers[FL_LAYER_BORDERS], 1, FALSE);
  fl_draw_style_color(cr, d->map, FL_STYLE_COLORS_THEATRE_BORDER, 1);
  cairo_set_line_width(cr, 1.8 * d->u);
  cairo_stroke(cr);
  fl_shapes_path(cr, &d->map->layers[FL_LAYER_CEASEFIRE], -1, FALSE);
  fl_draw_style_color(cr, d->map, FL_STYLE_COLORS_CEASEFIRE, 1);
  cairo_set_line_width(cr, 1.3 * d->u);
  cairo_set_dash(cr, dash, 2, 0);
  cairo_stroke(cr);
  cairo_restore(cr);
  fl_draw_check(d, "borders");
}

/* Main roads, schematic: a smooth curve through the towns along each (Catmull-Rom), cased. */
void
fl_draw_roads(Draw *d)
{
  cairo_t *cr = d->cr;

  if (d->error || d->map->theatre->roads->len == 0 || !fl_draw_shown(d->map, FL_STYLE_LAYERS_ROADS))
    return;
  cairo_save(cr);
  cairo_new_path(cr);
  for (guint r = 0; r < d->map->theatre->roads->len; r++) {
    GArray *points = fl_road_points(d->map, d->map->theatre->roads->pdata[r]);
    const FlPagePoint *p = (const FlPagePoint *)points->data;
    guint n = points->len;
    if (n >= 2)
      cairo_move_to(cr, p[0].x, p[0].y);
    for (guint i = 0; n >= 2 && i + 1 < n; i++) {
      FlPagePoint p0 = p[i > 0 ? i - 1 : i], p1 = p[i], p2 = p[i + 1],
                  p3 = p[i + 2 < n ? i + 2 : i + 1];
      cairo_curve_to(cr, p1.x + (p2.x - p0.x) / 6, p1.y + (p2.y - p0.y) / 6,
                     p2.x - (p3.x - p1.x) / 6, p2.y - (p3.y - p1.y) / 6, p2.x, p2.y);
    }
    g_array_unref(points);
  }
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  fl_draw_style_color(cr, d->map, FL_STYLE_HALO_COLOR, 0.7);
  cairo_set_line_width(cr, 3.4 * d->u);
  cairo_stroke_preserve(cr);
  fl_draw_style_color(cr, d->map, FL_STYLE_COLORS_ROAD, 1);
  cairo_set_line_width(cr, 1.5 * d->u);
  cairo_stroke(cr);
  cairo_restore(cr);
  fl_draw_check(d, "roads");
}

static void
draw_shields(Draw *d)
{
  double u = d->u;

  if (d->error || !fl_draw_shown(d->map, FL_STYLE_LAYERS_ROADS))
    return;
  for (guint i = 0; i < d->layout->shields->len; i++) {
    const FlLabel *shield = &g_array_index(d->layout->shields, FlLabel, i);
    double w, h;
    fl_layout_size(shield->layout, &w, &h);
    cairo_new_path(d->cr);
    cairo_rectangle(d->cr, shield->x - SHIELD_PAD * u, shield->y + 0.08 * h,
                    w + 2 * SHIELD_PAD * u, 0.84 * h);
    fl_draw_style_color(d->cr, d->map, FL_STYLE_HALO_COLOR, 1);
    cairo_fill_preserve(d->cr);
    fl_draw_style_color(d->cr, d->map, FL_STYLE_COLORS_ROAD, 1);
    cairo_set_line_width(d->cr, 1.2 * u);
    cairo_stroke(d->cr);
    cairo_move_to(d->cr, shield->x, shield->y);
    fl_draw_style_color(d->cr, d->map, FL_STYLE_COLORS_INK, 1);
    fl_show_layout(d->cr, shield->layout);
  }
  fl_draw_check(d, "road shields");
}

/* ---- zones, front line, advances ---- */

/* The ground each faction holds, under the rivers, borders and places. */
void
fl_draw_zones(Draw *d)
{
  if (d->error || !fl_draw_shown(d->map, FL_STYLE_LAYERS_ZONES))
    return;
  fl_zones_draw(d->cr, d->map, d->situation);
  fl_draw_check(d, "zones");
}

/* The front line and the advances, over the borders and under the places and labels (labels
 * are placed once for every date; their halo keeps them readable over an arrow). */
void
fl_draw_front_and_arrows(Draw *d)
{
  if (d->error)
    return;
  fl_draw_layer(d, FL_SVG_FRONT);
  if (fl_draw_shown(d->map, FL_STYLE_LAYERS_FRONT))
    fl_front_draw(d->cr, d->map, d->situation);
  fl_draw_layer(d, FL_SVG_ARROWS);
  if (fl_draw_shown(d->map, FL_STYLE_LAYERS_ARROWS))
    fl_arrows_draw(d->cr, d->map, d->situation);
  fl_draw_check(d, "front line and arrows");
}

/* ---- places ---- */

/* One place mark: a dot in the faction's colour with a dark outline (dashed when only claimed),
 * a ring around it when contested, teeth when besieged, a hollow dot when abandoned. */
void
fl_draw_mark(cairo_t *cr, const FlMap *map, double x, double y, double r, double u,
          const FlPlaceState *state, FlBasis basis, guint32 color)
{
  double dash[] = {1.6 * u, 1.2 * u};
  gboolean nobody = state->faction < 0;

  cairo_new_path(cr);   /* no line from a text's current point to the first arc */
  if (state->status == FL_STATUS_BESIEGED) {
    for (int i = 0; i < 12; i++) {
      double a = i * G_PI / 6;
      cairo_move_to(cr, x + cos(a) * (r + 1.5 * u), y + sin(a) * (r + 1.5 * u));
      cairo_line_to(cr, x + cos(a) * (r + 4.5 * u), y + sin(a) * (r + 4.5 * u));
    }
    fl_draw_style_color(cr, map, FL_STYLE_COLORS_INK, 1);
    cairo_set_line_width(cr, 1.6 * u);
    cairo_stroke(cr);
  }
  if (state->status == FL_STATUS_CONTESTED) {
    cairo_arc(cr, x, y, r + 2.8 * u, 0, 2 * G_PI);
    fl_draw_style_color(cr, map, FL_STYLE_COLORS_INK, 1);
    cairo_set_line_width(cr, 1.6 * u);
    cairo_stroke(cr);
  }
  cairo_arc(cr, x, y, r, 0, 2 * G_PI);
  if (nobody || state->status == FL_STATUS_ABANDONED) {
    fl_draw_style_color(cr, map, FL_STYLE_COLORS_NOBODY, 1);
  } else if (basis == FL_BASIS_INFERRED || basis == FL_BASIS_STALE) {
    /* not reported: the colour at half strength over white */
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    fl_draw_set_color(cr, color, 0.5);
  } else {
    fl_draw_set_color(cr, color, 1);
  }
  cairo_fill_preserve(cr);
  if (state->status == FL_STATUS_ABANDONED && !nobody) {
    fl_draw_set_color(cr, color, 1);
    cairo_set_line_width(cr, 2.2 * u);
  } else {
    fl_draw_style_color(cr, map, nobody ? FL_STYLE_COLORS_NOBODY_OUTLINE : FL_STYLE_COLORS_INK, 1);
    cairo_set_line_width(cr, 0.9 * u);
  }
  if (state->confidence == FL_CONFIDENCE_CLAIMED)
    cairo_set_dash(cr, dash, 2, 0);
  cairo_stroke(cr);
  cairo_set_dash(cr, NULL, 0, 0);
  if (basis == FL_BASIS_STALE && !nobody && state->status != FL_STATUS_ABANDONED) {
    /* stale: a dark centre, "what became of it?" */
    cairo_arc(cr, x, y, MAX(r * 0.35, 0.9 * u), 0, 2 * G_PI);
    fl_draw_style_color(cr, map, FL_STYLE_COLORS_INK, 1);
    cairo_fill(cr);
  }
}

/* A place that changed hands: a disc in [changes] color under its mark. */
void
fl_draw_changed(cairo_t *cr, const FlMap *map, double x, double y, double r, double u)
{
  cairo_new_path(cr);
  cairo_arc(cr, x, y, r + CHANGED_RING * u, 0, 2 * G_PI);
  fl_draw_style_color(cr, map, FL_STYLE_CHANGES_COLOR, 1);
  cairo_fill(cr);
}

guint32
fl_faction_color(const FlMap *map, gint faction)
{
  if (faction < 0 || (guint)faction >= map->theatre->factions->len)
    return fl_draw_style_rgb(map, FL_STYLE_COLORS_NOBODY);
  return map->faction_colors[faction];
}

static void
draw_place(Draw *d, guint index)
{
  const FlMap *map = d->map;
  const FlPlace *place = map->theatre->places->pdata[index];
  Rank rank = fl_place_rank(place);
  FlPagePoint p = map->place_xy[index];
  double r = fl_dot_radius(map, rank) * d->u;

  if (!fl_draw_shown(map, FL_STYLE_LAYERS_PLACES))
    return;   /* nor noted: the legend's rows of marks go too */
  if (rank == RANK_FOREIGN_CAPITAL || rank == RANK_FOREIGN_CITY) {
    cairo_new_path(d->cr);
    cairo_arc(d->cr, p.x, p.y, r, 0, 2 * G_PI);
    fl_draw_style_color(d->cr, map, FL_STYLE_COLORS_FOREIGN_DOT, 1);
    cairo_fill_preserve(d->cr);
    fl_draw_style_color(d->cr, map, FL_STYLE_COLORS_FOREIGN_DOT_OUTLINE, 1);
    cairo_set_line_width(d->cr, 0.7 * d->u);
    cairo_stroke(d->cr);
    return;
  }
  const FlPlaceState *state = &d->situation->states[index];
  if (d->situation->changed[index] && fl_draw_shown(map, FL_STYLE_LAYERS_CHANGES))
    fl_draw_changed(d->cr, map, p.x, p.y, r, d->u);
  fl_draw_mark(d->cr, map, p.x, p.y, r, d->u, state, d->situation->bases[index],
            fl_faction_color(map, state->faction));
}

/* Small places first, so that big ones are drawn over them. */
void
fl_draw_places(Draw *d)
{
  const FlMap *map = d->map;

  if (d->error)
    return;
  for (int rank = RANK_FOREIGN_CITY; rank >= RANK_CAPITAL; rank--) {
    for (guint i = 0; i < map->theatre->places->len; i++) {
      if ((int)fl_place_rank(map->theatre->places->pdata[i]) == rank &&
          fl_on_frame(map, map->place_xy[i]))
        draw_place(d, i);
    }
  }
  fl_draw_check(d, "places");
}

/* A thin line from a dot to its label set away from it, over a halo. */
static void
draw_leader(Draw *d, const FlLabel *label)
{
  cairo_t *cr = d->cr;

  cairo_new_path(cr);
  cairo_move_to(cr, label->leader_from.x, label->leader_from.y);
  cairo_line_to(cr, label->leader_to.x, label->leader_to.y);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  fl_draw_style_color(cr, d->map, FL_STYLE_HALO_COLOR,
                      fl_draw_style_number(d->map, FL_STYLE_HALO_OPACITY));
  cairo_set_line_width(cr, 2.6 * d->u);
  cairo_stroke_preserve(cr);
  fl_draw_style_color(cr, d->map, FL_STYLE_COLORS_INK, 1);
  cairo_set_line_width(cr, 0.8 * d->u);
  cairo_stroke(cr);
}

static void
draw_river_name(Draw *d, const FlLabel *label)
{
  double w, h;

  fl_layout_size(label->layout, &w, &h);
  cairo_save(d->cr);
  cairo_translate(d->cr, label->x + w / 2, label->y + h / 2);
  cairo_rotate(d->cr, label->angle);
  fl_show_with_halo(d->cr, d->map, label->layout, -w / 2, -h / 2, FL_STYLE_COLORS_RIVER_NAME,
                 2.4 * d->u);
  cairo_restore(d->cr);
}

void
fl_draw_labels(Draw *d)
{
  draw_shields(d);
  if (d->error)
    return;
  gboolean shown = fl_draw_shown(d->map, FL_STYLE_LAYERS_LABELS);
  for (guint i = 0; shown && i < d->layout->area_labels->len; i++) {
    const FlLabel *label = &g_array_index(d->layout->area_labels, FlLabel, i);
    fl_show_with_halo(d->cr, d->map, label->layout, label->x, label->y, FL_STYLE_ZONES_OUTSIDE,
                   fl_draw_style_number(d->map, FL_STYLE_HALO_WIDTH) * d->u);
  }
  for (guint i = 0; i < d->layout->labels->len; i++) {
    const FlLabel *label = &g_array_index(d->layout->labels, FlLabel, i);
    const FlPlace *place = d->map->theatre->places->pdata[label->place];
    if (!fl_draw_shown(d->map, place->kind == FL_PLACE_COUNTRY ? FL_STYLE_LAYERS_COUNTRY_NAMES
                                                       : FL_STYLE_LAYERS_LABELS))
      continue;
    if (place->kind == FL_PLACE_SEA) {
      if (fl_draw_shown(d->map, FL_STYLE_LAYERS_SEA)) {
        cairo_move_to(d->cr, label->x, label->y);
        fl_draw_style_color(d->cr, d->map, FL_STYLE_COLORS_SEA_NAME, 1);
        fl_show_layout(d->cr, label->layout);
      }
      continue;
    }
    if (place->kind == FL_PLACE_RIVER) {
      if (fl_draw_shown(d->map, FL_STYLE_LAYERS_RIVERS))
        draw_river_name(d, label);
      continue;
    }
    if (place->kind == FL_PLACE_COUNTRY) {
      cairo_move_to(d->cr, label->x, label->y);
      fl_draw_style_color(d->cr, d->map, FL_STYLE_COLORS_COUNTRY_NAME, 1);
      fl_show_layout(d->cr, label->layout);
      continue;
    }
    if (label->leader)
      draw_leader(d, label);
    fl_show_with_halo(d->cr, d->map, label->layout, label->x, label->y,
                   place->in_theatre ? FL_STYLE_COLORS_INK : FL_STYLE_COLORS_FOREIGN,
                   fl_draw_style_number(d->map, FL_STYLE_HALO_WIDTH) * d->u);
  }
  fl_draw_check(d, "labels");
}

/* The arrows' dates, in ink over a halo, where they cover nothing else. */
void
fl_draw_arrow_dates(Draw *d)
{
  if (d->error || !fl_draw_shown(d->map, FL_STYLE_LAYERS_ARROWS) || !d->situation->arrows ||
      d->situation->arrows->len == 0)
    return;
  GArray *items = fl_items_base(d->plan, d->situation);
  GArray *dates = fl_arrow_dates(d->map, d->situation, items);
  for (guint i = 0; i < dates->len; i++) {
    const FlLabel *tag = &g_array_index(dates, FlLabel, i);
    fl_show_with_halo(d->cr, d->map, tag->layout, tag->x, tag->y, FL_STYLE_COLORS_INK, 2.6 * d->u);
  }
  fl_labels_free(dates);
  g_array_unref(items);
  fl_draw_check(d, "arrows' dates");
}
