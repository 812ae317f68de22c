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

/* Whether cr's PNG page can be drawn in two parts: cr is as a new context on it, scaled to
 * PNG pixels (render's page; a caller's page moved, turned or clipped is drawn in one piece). */
static gboolean
parts_fit(const FlMap *map, cairo_t *cr)
{
  cairo_matrix_t m;
  double x, y;
  cairo_rectangle_list_t *clip = cairo_copy_clip_rectangle_list(cr);
  gboolean whole = clip->status == CAIRO_STATUS_SUCCESS && clip->num_rectangles == 1 &&
                   clip->rectangles[0].x <= 0 && clip->rectangles[0].y <= 0 &&
                   clip->rectangles[0].x + clip->rectangles[0].width >= map->width &&
                   clip->rectangles[0].y + clip->rectangles[0].height >= map->height;

  cairo_rectangle_list_destroy(clip);
  cairo_get_matrix(cr, &m);
  cairo_surface_get_device_offset(cairo_get_target(cr), &x, &y);
  return whole && m.xx == map->png_scale && m.yy == map->png_scale && m.xy == 0 && m.yx == 0 &&
         m.x0 == 0 && m.y0 == 0 && x == 0 && y == 0 && cairo_get_operator(cr) ==
         CAIRO_OPERATOR_OVER;
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

/* The places and their labels. */
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
}

/* The arrows' dates and the furniture, over everything else. */
static void
draw_furniture(Draw *d, gboolean pictures)
{
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

/* ---- a PNG page in two parts ---- */

/* Rows first..first + rows of a PNG page drawn from pictures: up to the labels, which are all
 * the layers without text (Pango lays text out in the thread that made the map's context only,
 * and Cairo 1.16 loses glyphs two threads draw at once). The zones and the front line are
 * GEOS geometries the parts only read. */
typedef struct {
  Draw d;
  cairo_surface_t *surface;   /* the page's rows, its own surface over the page's pixels */
} Part;

static gpointer
draw_part(gpointer data)
{
  Part *part = data;
  draw_ground(&part->d, TRUE);
  draw_marks(&part->d, TRUE);
  return NULL;
}

/* Starts a part of page (rows first..first + rows): a surface over those rows of its pixels,
 * whose device offset puts its drawing where the page's would go. */
static void
part_init(Part *part, const Draw *page, int first, int rows)
{
  cairo_surface_t *target = cairo_get_target(page->cr);

  part->surface =
      fl_image_surface_rows(target, cairo_image_surface_get_format(target), first, rows);
  part->d = *page;
  part->d.error = NULL;
  part->d.cr = cairo_create(part->surface);
  cairo_scale(part->d.cr, page->map->png_scale, page->map->png_scale);
}

/* The layers up to the labels, drawn by two threads, each on half the page's rows. */
static void
draw_in_parts(Draw *d)
{
  int height = d->map->png_height;
  Part parts[2];
  GThread *thread;

  part_init(&parts[0], d, 0, height / 2);
  part_init(&parts[1], d, height / 2, height - height / 2);
  thread = g_thread_try_new("page", draw_part, &parts[1], NULL);
  draw_part(&parts[0]);
  if (thread)
    g_thread_join(thread);
  else   /* none could start: drawn here */
    draw_part(&parts[1]);
  for (int i = 0; i < 2; i++) {
    if (!d->error && parts[i].d.error)
      d->error = g_steal_pointer(&parts[i].d.error);
    g_clear_error(&parts[i].d.error);
    cairo_destroy(parts[i].d.cr);
    cairo_surface_destroy(parts[i].surface);
  }
  cairo_surface_mark_dirty(cairo_get_target(d->cr));
  fl_draw_clip_to_frame(d);   /* as the parts' ground left it */
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
  if (pictures && parts_fit(map, cr)) {
    draw_in_parts(&d);
  } else {
    draw_ground(&d, pictures);
    draw_marks(&d, pictures);
  }
  draw_furniture(&d, pictures);
  if (d.error) {
    g_propagate_error(error, d.error);
    return FALSE;
  }
  return TRUE;
}
