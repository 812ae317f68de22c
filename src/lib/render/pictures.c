/* pictures.c - the layers of a PNG page that do not change with the date, drawn once per plan
 * as page-sized pictures (raster.c): under the zones (page, sea, land, water), over them
 * (rivers, borders, roads), the labels with the scale bar and the locator map, and the legend
 * (one for every date of the plan). They follow the plan's layout; draw.c paints them pixel for
 * pixel, each where its layers come in the page's order.
 *
 * The two under and over the zones need no text: a thread of their own draws them on a page of
 * its own while the labels are drawn (a tenth of a cold map's time, on a second core). Only the
 * thread that made the map's Pango context touches it. Not while the labels are laid out: Pango
 * sorts the fonts for each new font description in threads it starts and waits for, which a
 * busy second core holds up by milliseconds each. */
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
  if (id == FL_CACHE_LABELS || id == FL_CACHE_LEGEND)
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

/* Draws the pictures first to last into plan->pictures on a page of their own (a fresh 8 MB
 * page costs its page faults every time: the pictures share it); FALSE when one fails. */
static gboolean
draw_pictures(FlPlan *plan, FlCacheId first, FlCacheId last)
{
  cairo_surface_t *layer = fl_image_surface_new(CAIRO_FORMAT_ARGB32, plan->map->png_width,
                                                plan->map->png_height);
  gboolean ok = cairo_surface_status(layer) == CAIRO_STATUS_SUCCESS;

  for (int id = first; ok && id <= (int)last; id++)
    ok = (plan->pictures[id] = draw_picture(plan, (FlCacheId)id, layer)) != NULL;
  cairo_surface_destroy(layer);
  return ok;
}

static gpointer
draw_base_pictures(gpointer plan)
{
  return GINT_TO_POINTER(draw_pictures(plan, FL_CACHE_UNDER, FL_CACHE_OVER));
}

void
fl_pictures_begin(FlPlan *plan)
{
  g_return_if_fail(plan->pictures_thread == NULL);
  plan->pictures_thread = g_thread_try_new("pictures", draw_base_pictures, plan, NULL);
}

void
fl_pictures_draw(FlPlan *plan)
{
  gboolean ok = draw_pictures(plan, FL_CACHE_LABELS, FL_CACHE_LEGEND);

  if (plan->pictures_thread)
    ok = GPOINTER_TO_INT(g_thread_join(g_steal_pointer(&plan->pictures_thread))) && ok;
  else   /* no thread (or none could start): drawn here */
    ok = ok && draw_pictures(plan, FL_CACHE_UNDER, FL_CACHE_OVER);
  if (!ok)   /* no pictures: every map is drawn in full, as SVG and PDF are */
    for (int id = 0; id < FL_N_CACHES; id++)
      g_clear_pointer(&plan->pictures[id], fl_raster_free);
}
