/* pictures.c - the layers of a PNG page that do not change with the date, drawn once per plan
 * as page-sized pictures (raster.c): under the zones (page, sea, land, water), over them
 * (rivers, borders, roads), the labels with the scale bar and the locator map, and the legend
 * (one for every date of the plan). They follow the plan's layout; draw.c paints them pixel for
 * pixel, each where its layers come in the page's order. */
#include "draw-internal.h"

/* One picture: the layers of id on layer, a page made transparent first, or NULL when drawing
 * fails. */
static FlRaster *
draw_picture(const FlPlan *plan, FlCacheId id, cairo_surface_t *layer)
{
  const FlMap *map = plan->map;
  cairo_t *cr = cairo_create(layer);
  /* cleared by cairo, which then knows the page is clear and draws on it as on a new one */
  cairo_set_operator(cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint(cr);
  cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
  Draw d = fl_draw_context(map, plan, cr, NULL, NULL);
  FlRaster *picture = NULL;

  cairo_scale(cr, map->png_scale, map->png_scale);
  pango_cairo_update_context(cr, map->pango);
  if (id == FL_CACHE_UNDER) {
    fl_draw_background(&d);
    fl_draw_land_and_water(&d);
  } else if (id == FL_CACHE_LEGEND) {
    /* over the frame, unclipped, as on a page drawn in full; else left empty */
    if (fl_pictures_legend(plan, &d.situation))
      fl_draw_legend(&d);
  } else {
    fl_draw_clip_to_frame(&d);
    if (id == FL_CACHE_OVER) {
      fl_draw_rivers(&d);
      fl_draw_borders(&d);
      fl_draw_roads(&d);
    } else {
      fl_draw_labels(&d);
      fl_draw_scale_bar(&d);
      fl_draw_inset(&d);
    }
  }
  cairo_destroy(cr);
  if (d.error)
    g_error_free(d.error);
  else if (cairo_surface_status(layer) == CAIRO_STATUS_SUCCESS)
    picture = fl_raster_new(layer);
  return picture;
}

gboolean
fl_pictures_legend(const FlPlan *plan, const FlSituation **changes)
{
  GHashTableIter iter;
  gpointer situation = NULL;
  gboolean one = g_hash_table_size(plan->situations) == 1;

  if (changes)
    *changes = NULL;
  if (!plan->legend->changes)
    return TRUE;
  if (!one)
    return FALSE;
  g_hash_table_iter_init(&iter, plan->situations);
  g_hash_table_iter_next(&iter, NULL, &situation);
  if (changes)
    *changes = situation;
  return TRUE;
}

void
fl_pictures_draw(FlPlan *plan)
{
  /* one page for all of them: a fresh 8 MB page costs its page faults every time */
  cairo_surface_t *layer = fl_image_surface_new(CAIRO_FORMAT_ARGB32, plan->map->png_width,
                                                plan->map->png_height);
  for (int id = 0; id < FL_N_CACHES; id++) {
    plan->pictures[id] = cairo_surface_status(layer) == CAIRO_STATUS_SUCCESS
                             ? draw_picture(plan, (FlCacheId)id, layer) : NULL;
    if (!plan->pictures[id]) {
      /* no pictures: every map is drawn in full, as SVG and PDF are */
      for (int i = 0; i < id; i++)
        g_clear_pointer(&plan->pictures[i], fl_raster_free);
      break;
    }
  }
  cairo_surface_destroy(layer);
}
