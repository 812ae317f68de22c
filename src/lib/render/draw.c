/* draw.c - the picture of a date as one straight list of layers (draw-layers.c, furniture.c),
 * some painted from the pictures of the layers that do not change with the date (PNG pages):
 * fl_draw_cache() makes them, fl_map_draw() draws a date and reports the first failure. */
#include "draw-internal.h"

/* A render context on cr with nothing drawn yet (control, reports and date may be NULL for
 * the layers that do not depend on them). */
static Draw
draw_context(const FlMap *map, cairo_t *cr, const FlControl *control, const GPtrArray *reports,
             const GDate *date)
{
  return (Draw){.map = map, .cr = cr, .control = control, .reports = reports, .date = date,
                .words = fl_words_for(map->lang), .u = map->unit};
}

/* Whether cr draws a PNG page of map, where the cached layers fit pixel for pixel. */
static gboolean
caches_fit(const FlMap *map, cairo_t *cr)
{
  cairo_surface_t *target = cairo_get_target(cr);
  return map->cache[FL_CACHE_UNDER] && cairo_surface_get_type(target) == CAIRO_SURFACE_TYPE_IMAGE &&
         cairo_image_surface_get_width(target) == map->png_width &&
         cairo_image_surface_get_height(target) == map->png_height;
}

/* Paints a cached layer, pixel for pixel, over what is drawn (outside the frame, where the
 * frame's clip holds, the layers drawn in it are transparent). */
static void
paint_cache(Draw *d, FlCacheId id)
{
  if (d->error)
    return;
  fl_raster_paint(d->map->cache[id], cairo_get_target(d->cr));
  fl_draw_check(d, "cached layer");
}

static void
clip_to_frame(Draw *d)
{
  const FlRect *f = &d->map->frame;
  cairo_rectangle(d->cr, f->x, f->y, f->width, f->height);
  cairo_clip(d->cr);
}

void
fl_draw_cache(FlMap *map)
{
  if (map->cache[FL_CACHE_UNDER] ||
      (map->cache_key && fl_cache_load_pictures(map, map->cache_key)))
    return;
  fl_draw_layout(map);
  for (int id = 0; id < FL_N_CACHES; id++) {
    cairo_surface_t *layer =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, map->png_width, map->png_height);
    cairo_t *cr = cairo_create(layer);
    Draw d = draw_context(map, cr, NULL, NULL, NULL);
    cairo_scale(cr, map->png_scale, map->png_scale);
    pango_cairo_update_context(cr, map->pango);
    if (id == FL_CACHE_UNDER) {
      fl_draw_background(&d);
      fl_draw_land_and_water(&d);
    } else {
      clip_to_frame(&d);
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
    if (d.error || cairo_surface_status(layer) != CAIRO_STATUS_SUCCESS) {
      /* no cache: every map is drawn in full, as SVG and PDF are */
      if (d.error)
        g_error_free(d.error);
      cairo_surface_destroy(layer);
      for (int i = 0; i < id; i++)
        g_clear_pointer(&map->cache[i], fl_raster_free);
      return;
    }
    map->cache[id] = fl_raster_new(layer);
    cairo_surface_destroy(layer);
  }
  if (map->cache_key)
    fl_cache_save(map, map->cache_key);
}

gboolean
fl_map_draw(const FlMap *map, cairo_t *cr, const FlControl *control, const GPtrArray *reports,
            const GDate *date, GError **error)
{
  Draw d = draw_context(map, cr, control, reports, date);
  gboolean cached = caches_fit(map, cr);
  FlSituation *own = NULL;
  FlLegend *own_legend = NULL;

  if (!map->furnished || (!cached && !map->laid_out)) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW,
                "the map is not laid out: fl_draw_layout() first");
    return FALSE;
  }
  /* a planned date has its situation and the series' legend; another is worked out here */
  d.situation = fl_plan_situation(map, control, date);
  d.legend = map->legend;
  if (!d.situation) {
    GDate since = *date;
    double days = fl_draw_style_number(map, FL_STYLE_CHANGES_DAYS);
    g_date_subtract_days(&since, (guint)days);
    d.situation = own = fl_situation_new(map, control, date, days >= 1 ? &since : NULL, &d.error);
    d.legend = own_legend = fl_legend_new(map);
    if (own)
      fl_legend_add(own_legend, map, own);
  }
  pango_cairo_update_context(cr, map->pango);

  /* the same layers in the same order, some as pictures drawn once (PNG) */
  if (cached) {
    paint_cache(&d, FL_CACHE_UNDER);
    clip_to_frame(&d);
  } else {
    fl_draw_background(&d);
    fl_draw_land_and_water(&d);
  }
  /* (on an SVG page, each layer in its group: fl_draw_layer()) */
  fl_draw_layer(&d, FL_SVG_ZONES);
  fl_draw_zones(&d);
  if (cached) {
    paint_cache(&d, FL_CACHE_OVER);
  } else {
    fl_draw_layer(&d, FL_SVG_RIVERS);
    fl_draw_rivers(&d);
    fl_draw_layer(&d, FL_SVG_BORDERS);
    fl_draw_borders(&d);
    fl_draw_layer(&d, FL_SVG_ROADS);
    fl_draw_roads(&d);
  }
  fl_draw_front_and_arrows(&d);
  fl_draw_layer(&d, FL_SVG_PLACES);
  fl_draw_places(&d);
  if (cached) {
    paint_cache(&d, FL_CACHE_LABELS);
  } else {
    fl_draw_layer(&d, FL_SVG_LABELS);
    fl_draw_labels(&d);
    fl_draw_layer(&d, FL_SVG_SCALE);
    fl_draw_scale_bar(&d);   /* furniture that does not change with the date: with the labels */
    fl_draw_layer(&d, FL_SVG_INSET);
    fl_draw_inset(&d);
  }
  fl_draw_layer(&d, FL_SVG_ARROWS);
  fl_draw_arrow_dates(&d);
  fl_draw_layer(&d, FL_SVG_FRAME);
  fl_draw_frame(&d);
  fl_draw_layer(&d, FL_SVG_TITLE);
  fl_draw_title(&d);
  fl_draw_layer(&d, FL_SVG_LEGEND);
  fl_draw_legend(&d);
  fl_draw_layer(&d, FL_SVG_CREDITS);
  fl_draw_credits(&d);

  fl_situation_free(own);
  fl_legend_free(own_legend);
  if (d.error) {
    g_propagate_error(error, d.error);
    return FALSE;
  }
  return TRUE;
}
