/* draw.c - the picture of a date as one straight list of layers (draw-layers.c, furniture.c),
 * some painted from the plan's pictures of the layers that do not change with the date (PNG
 * pages, pictures.c): fl_map_draw() draws a date of a plan and reports the first failure. */
#include "draw-internal.h"

/* Whether cr draws a PNG page of map, where the plan's pictures fit pixel for pixel. */
static gboolean
pictures_fit(const FlMap *map, const FlPlan *plan, cairo_t *cr)
{
  cairo_surface_t *target = cairo_get_target(cr);
  return plan->pictures[FL_CACHE_UNDER] &&
         cairo_surface_get_type(target) == CAIRO_SURFACE_TYPE_IMAGE &&
         cairo_image_surface_get_width(target) == map->png_width &&
         cairo_image_surface_get_height(target) == map->png_height;
}

/* Paints a picture, pixel for pixel, over what is drawn (outside the frame, where the frame's
 * clip holds, the layers drawn in it are transparent). */
static void
paint_picture(Draw *d, FlCacheId id)
{
  if (d->error)
    return;
  fl_raster_paint(d->plan->pictures[id], cairo_get_target(d->cr));
  fl_draw_check(d, "cached layer");
}

/* Whether plan can draw date on cr: FALSE with error when it cannot. */
static gboolean
check_plan(const FlMap *map, const FlPlan *plan, gboolean pictures, const GDate *date,
           GError **error)
{
  char iso[11] = "";

  if (plan->map != map) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW, "the plan is of another map");
    return FALSE;
  }
  if (!fl_plan_situation(plan, date)) {
    if (date && g_date_valid(date))
      fl_date_format_iso(date, iso);
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW,
                "no map of %s: the plan lacks that date", *iso ? iso : "an invalid date");
    return FALSE;
  }
  if (!pictures && !plan->labelled) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW,
                "the plan has no labels laid out: make it with FL_PLAN_LABELS");
    return FALSE;
  }
  return TRUE;
}

/* The layers under the places: in full, or some painted from the pictures. */
static void
draw_ground(Draw *d, gboolean pictures)
{
  if (pictures) {
    paint_picture(d, FL_CACHE_UNDER);
    fl_draw_clip_to_frame(d);
  } else {
    fl_draw_background(d);
    fl_draw_land_and_water(d);
  }
  /* (on an SVG page, each layer in its group: fl_draw_layer()) */
  fl_draw_layer(d, FL_SVG_ZONES);
  fl_draw_zones(d);
  if (pictures) {
    paint_picture(d, FL_CACHE_OVER);
  } else {
    fl_draw_layer(d, FL_SVG_RIVERS);
    fl_draw_rivers(d);
    fl_draw_layer(d, FL_SVG_BORDERS);
    fl_draw_borders(d);
    fl_draw_layer(d, FL_SVG_ROADS);
    fl_draw_roads(d);
  }
  fl_draw_front_and_arrows(d);
}

/* The places, their labels and the furniture. */
static void
draw_marks(Draw *d, gboolean pictures)
{
  fl_draw_layer(d, FL_SVG_PLACES);
  fl_draw_places(d);
  if (pictures) {
    paint_picture(d, FL_CACHE_LABELS);
  } else {
    fl_draw_layer(d, FL_SVG_LABELS);
    fl_draw_labels(d);
    fl_draw_layer(d, FL_SVG_SCALE);
    fl_draw_scale_bar(d);   /* furniture that does not change with the date: with the labels */
    fl_draw_layer(d, FL_SVG_INSET);
    fl_draw_inset(d);
  }
  fl_draw_layer(d, FL_SVG_ARROWS);
  fl_draw_arrow_dates(d);
  fl_draw_layer(d, FL_SVG_FRAME);
  fl_draw_frame(d);
  fl_draw_layer(d, FL_SVG_TITLE);
  fl_draw_title(d);
  fl_draw_layer(d, FL_SVG_LEGEND);
  if (pictures && fl_pictures_legend(d->plan, NULL))
    paint_picture(d, FL_CACHE_LEGEND);
  else
    fl_draw_legend(d);
  fl_draw_layer(d, FL_SVG_CREDITS);
  fl_draw_credits(d);
}

gboolean
fl_map_draw(const FlMap *map, const FlPlan *plan, cairo_t *cr, const GPtrArray *reports,
            const GDate *date, GError **error)
{
  gboolean pictures = pictures_fit(map, plan, cr);
  Draw d = fl_draw_context(map, plan, cr, reports, date);

  if (!check_plan(map, plan, pictures, date, error))
    return FALSE;
  d.situation = fl_plan_situation(plan, date);
  pango_cairo_update_context(cr, map->pango);
  /* the same layers in the same order, some as pictures drawn once (PNG) */
  draw_ground(&d, pictures);
  draw_marks(&d, pictures);
  if (d.error) {
    g_propagate_error(error, d.error);
    return FALSE;
  }
  return TRUE;
}
