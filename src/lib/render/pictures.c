/* pictures.c - the layers of a PNG page that do not change with the date, drawn once per plan
 * as page-sized pictures (raster.c): under the zones (page, sea, land, water), over them
 * (rivers, borders, roads), the labels with the scale bar and the locator map, and the legend
 * (one for every date of the plan). They follow the plan's layout; draw.c paints them pixel for
 * pixel, each where its layers come in the page's order.
 *
 * Two threads draw them, the top rows of the page and the bottom ones, each on a part page of
 * its own (drawing there is drawing the whole page and keeping those rows: the same pixels),
 * and each picture is then the two parts' rows one after the other. Drawing them was 40% of a
 * cold map's time, the labels' stroked halos most of it.
 *
 * The labels and the legend are text, which Pango lays out in the thread that made the map's
 * context only. That thread records them (Cairo recording surfaces, which replay to the same
 * pixels as drawing), once for each part: with Cairo 1.16, two threads replaying one
 * recording at once lose some of it, and two threads drawing glyphs at once lose glyphs. So
 * the recordings hold no glyphs: each text is an image of its glyphs, drawn in this thread at
 * the whole pixels where they fall (draw-common.c), and both recordings show the same images.
 * The bottom part's thread draws the pictures without text while the recordings are made. */
#include "draw-internal.h"

/* Draws the layers of picture id of map with cr, whose page is clear (plan: the plan of the
 * labels and the legend, NULL for the others). FALSE when drawing fails. */
static gboolean
draw_layers(const FlMap *map, const FlPlan *plan, FlCacheId id, cairo_t *cr)
{
  Draw d = fl_draw_context(map, plan, cr, NULL, NULL);

  cairo_scale(cr, map->png_scale, map->png_scale);
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
  if (d.error)
    g_error_free(d.error);
  return !d.error && cairo_status(cr) == CAIRO_STATUS_SUCCESS;
}

/* Whether picture id has text, laid out by Pango: recorded by the thread that made the map. */
static gboolean
has_text(FlCacheId id)
{
  return id == FL_CACHE_LABELS || id == FL_CACHE_LEGEND;
}

/* Picture id recorded, for a half to replay, its text as images kept in (or taken from) images;
 * NULL when drawing it fails. Pango's context is first brought up to date with a raster page's
 * (PNG's font options, its scale), as drawing on the page itself would. */
static cairo_surface_t *
record_picture(const FlPlan *plan, FlCacheId id, FlTextImages *images)
{
  cairo_surface_t *image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_surface_t *recording = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create(image);
  gboolean ok;

  cairo_scale(cr, plan->map->png_scale, plan->map->png_scale);
  pango_cairo_update_context(cr, plan->map->pango);
  cairo_destroy(cr);
  cairo_surface_destroy(image);
  fl_text_images_rewind(images);
  fl_draw_text_as_images(recording, images);
  cr = cairo_create(recording);
  ok = draw_layers(plan->map, plan, id, cr);
  cairo_destroy(cr);
  if (!ok || cairo_surface_status(recording) != CAIRO_STATUS_SUCCESS)
    g_clear_pointer(&recording, cairo_surface_destroy);
  return recording;
}

/* Rows first..first + height of the page, for every picture. */
typedef struct {
  const FlMap *map;
  const FlPlan *plan;         /* the labels' and the legend's, or NULL: those are not drawn */
  cairo_surface_t *page;      /* a page to draw the rows on, borrowed, or NULL: a new one */
  int first, height;
  cairo_surface_t *recorded[FL_N_CACHES];   /* owned: the pictures with text, recorded */
  gboolean ready;             /* recorded holds them (or recording failed) */
  GMutex lock;                /* guards ready */
  GCond recorded_cond;
  FlRaster *rows[FL_N_CACHES];   /* owned: this half of each picture */
  gboolean drawn[FL_N_CACHES];   /* the pictures not drawn here (the map drew them whole) */
  gboolean ok;
} Half;

/* Waits for the half's recordings; FALSE when one failed. */
static gboolean
wait_recorded(Half *half)
{
  g_mutex_lock(&half->lock);
  while (!half->ready)
    g_cond_wait(&half->recorded_cond, &half->lock);
  g_mutex_unlock(&half->lock);
  return half->recorded[FL_CACHE_LABELS] && half->recorded[FL_CACHE_LEGEND];
}

/* Records the pictures with text for half (in the thread that made the map's Pango context),
 * then lets its thread replay them. FALSE when one fails. */
static gboolean
record_half(Half *half, FlTextImages *const images[FL_N_CACHES])
{
  for (int id = 0; id < FL_N_CACHES; id++)
    if (has_text((FlCacheId)id))
      half->recorded[id] = record_picture(half->plan, (FlCacheId)id, images[id]);
  g_mutex_lock(&half->lock);
  half->ready = TRUE;
  g_cond_signal(&half->recorded_cond);
  g_mutex_unlock(&half->lock);
  return half->recorded[FL_CACHE_LABELS] && half->recorded[FL_CACHE_LEGEND];
}

/* Draws the half's rows of every picture on a half page of its own, cleared by Cairo before
 * each (which then knows the page is clear and draws on it as on a new one): the pictures
 * without text first, while the others are recorded. */
static gpointer
draw_half(gpointer data)
{
  Half *half = data;
  const FlMap *map = half->map;
  cairo_surface_t *page;

  if (half->page) {
    page = fl_image_surface_rows(half->page, CAIRO_FORMAT_ARGB32, half->first, half->height);
  } else {   /* a part page of its own, its device offset as the rows' */
    page = fl_image_surface_new(CAIRO_FORMAT_ARGB32, map->png_width, half->height);
    cairo_surface_set_device_offset(page, 0, -half->first);
  }
  half->ok = cairo_surface_status(page) == CAIRO_STATUS_SUCCESS;
  for (int id = 0; half->ok && id < FL_N_CACHES; id++) {
    if (half->drawn[id])
      continue;
    if (has_text((FlCacheId)id) && !wait_recorded(half)) {
      half->ok = FALSE;
      break;
    }
    cairo_t *cr = cairo_create(page);
    cairo_set_operator(cr, CAIRO_OPERATOR_CLEAR);
    cairo_paint(cr);
    cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
    if (has_text((FlCacheId)id)) {
      cairo_set_source_surface(cr, half->recorded[id], 0, 0);
      cairo_paint(cr);
      half->ok = cairo_status(cr) == CAIRO_STATUS_SUCCESS;
    } else {
      half->ok = draw_layers(map, half->plan, (FlCacheId)id, cr);
    }
    cairo_destroy(cr);
    half->ok = half->ok && cairo_surface_status(page) == CAIRO_STATUS_SUCCESS;
    if (half->ok)
      half->rows[id] = fl_raster_new(page);
  }
  cairo_surface_destroy(page);
  return NULL;
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

/* The top part's share of the rows: its thread records the text of both parts first. */
#define TOP_SHARE 0.46

void
fl_pictures_draw(FlPlan *plan)
{
  int height = plan->map->png_height, split = (int)(height * TOP_SHARE);
  Half halves[2] = {{.map = plan->map, .plan = plan, .first = 0, .height = split},
                    {.map = plan->map, .plan = plan, .first = split, .height = height - split}};
  FlTextImages *images[FL_N_CACHES] = {NULL};
  GThread *thread;
  gboolean ok;

  for (int h = 0; h < 2; h++) {
    g_mutex_init(&halves[h].lock);
    g_cond_init(&halves[h].recorded_cond);
  }
  const FlRaster *base[FL_N_CACHES] = {fl_map_base_picture(plan->map, FL_CACHE_UNDER),
                                       fl_map_base_picture(plan->map, FL_CACHE_OVER)};
  halves[0].page = halves[1].page = plan->map->page;   /* the base pictures' page, if any */
  for (int id = 0; id < FL_N_CACHES; id++) {
    images[id] = has_text((FlCacheId)id) ? fl_text_images_new() : NULL;
    halves[0].drawn[id] = halves[1].drawn[id] = base[FL_CACHE_UNDER] && base[FL_CACHE_OVER] &&
                                                base[id] != NULL;
  }
  thread = g_thread_try_new("pictures", draw_half, &halves[1], NULL);
  /* the bottom's recordings first, which its thread waits for; then the top's, which take the
   * same text images */
  ok = record_half(&halves[1], images);
  ok = record_half(&halves[0], images) && ok;
  if (ok)
    draw_half(&halves[0]);
  if (thread)
    g_thread_join(thread);
  else if (ok)   /* none could start: drawn here */
    draw_half(&halves[1]);
  ok = ok && halves[0].ok && halves[1].ok;
  for (int id = 0; id < FL_N_CACHES; id++) {
    if (ok && halves[0].drawn[id])
      plan->pictures[id] = fl_raster_copy(base[id]);
    else if (ok)
      plan->pictures[id] = fl_raster_join(g_steal_pointer(&halves[0].rows[id]),
                                          g_steal_pointer(&halves[1].rows[id]));
    /* else no pictures: every map is drawn in full, as SVG and PDF are */
    for (int h = 0; h < 2; h++) {
      fl_raster_free(halves[h].rows[id]);
      if (halves[h].recorded[id])
        cairo_surface_destroy(halves[h].recorded[id]);
    }
    fl_text_images_free(images[id]);
  }
  for (int h = 0; h < 2; h++) {
    g_mutex_clear(&halves[h].lock);
    g_cond_clear(&halves[h].recorded_cond);
  }
}

/* ---- the map's pictures under and over the zones ---- */

/* Draws them on a page of its own (the page's every row), in the thread
 * fl_pictures_begin_base() started. */
static gpointer
draw_base(gpointer data)
{
  FlMap *map = data;
  Half whole = {.map = map, .first = 0, .height = map->png_height,
                .drawn = {[FL_CACHE_LABELS] = TRUE, [FL_CACHE_LEGEND] = TRUE}};

  /* kept for the plan's pictures and then the PNG page: 8 MB of fresh pages cost their faults */
  map->page = fl_image_surface_new(CAIRO_FORMAT_ARGB32, map->png_width, map->png_height);
  whole.page = map->page;
  draw_half(&whole);
  for (int id = FL_CACHE_UNDER; id <= FL_CACHE_OVER; id++)
    map->base_pictures[id] = whole.ok ? g_steal_pointer(&whole.rows[id]) : NULL;
  for (int id = 0; id < FL_N_CACHES; id++)
    fl_raster_free(whole.rows[id]);
  return NULL;
}

void
fl_pictures_begin_base(FlMap *map)
{
  g_return_if_fail(map->base_thread == NULL);
  map->base_thread = g_thread_try_new("base pictures", draw_base, map, NULL);
}

const FlRaster *
fl_map_base_picture(const FlMap *map, FlCacheId id)
{
  FlMap *mutable = (FlMap *)map;   /* only the thread's end changes it */

  g_return_val_if_fail(id == FL_CACHE_UNDER || id == FL_CACHE_OVER, NULL);
  g_mutex_lock(&mutable->base_lock);
  if (mutable->base_thread)
    g_thread_join(g_steal_pointer(&mutable->base_thread));
  g_mutex_unlock(&mutable->base_lock);
  return map->base_pictures[id];
}

cairo_surface_t *
fl_map_take_page(const FlMap *map)
{
  FlMap *mutable = (FlMap *)map;   /* a page is given once */
  cairo_surface_t *page;

  g_mutex_lock(&mutable->base_lock);
  if (mutable->base_thread)
    g_thread_join(g_steal_pointer(&mutable->base_thread));
  page = g_steal_pointer(&mutable->page);
  g_mutex_unlock(&mutable->base_lock);
  return page;
}

void
fl_pictures_end_base(FlMap *map)
{
  if (map->base_thread)
    g_thread_join(g_steal_pointer(&map->base_thread));
  g_clear_pointer(&map->page, cairo_surface_destroy);
  for (int id = FL_CACHE_UNDER; id <= FL_CACHE_OVER; id++)
    g_clear_pointer(&map->base_pictures[id], fl_raster_free);
}
