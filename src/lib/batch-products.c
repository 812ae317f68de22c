/* batch-products.c - what a batch makes of the whole series after its maps: the deck (a PDF,
 * a title page then a page per date), the animation (GIF) and the contact sheet, made in one
 * pass from a small map of each date, and the video. Each tells the progress of its steps. */
#include "batch-internal.h"

#include "gif-internal.h"
#include "render/stream.h"
#include "render/video.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>

static void
tell(const FlBatchTally *tally)
{
  if (tally->options->progress)
    tally->options->progress(&tally->progress, tally->options->progress_data);
}

void
fl_batch_tally_begin(FlBatchTally *tally, FlBatchStage stage, guint total)
{
  tally->progress.stage = stage;
  tally->progress.done = 0;
  tally->progress.total = total;
  tell(tally);
}

void
fl_batch_tally_step(FlBatchTally *tally)
{
  tally->progress.done++;
  tally->progress.steps_done++;
  if (tally->progress.stage == FL_BATCH_STAGE_MAPS)
    tally->progress.maps_done++;
  tell(tally);
}

void
fl_batch_tally_written(FlBatchTally *tally)
{
  tally->progress.steps_done++;
  tell(tally);
}

/* TRUE with FL_BATCH_ERROR_INTERRUPTED when a signal asked the series to stop while path
 * (the deck, the animation, the sheet or the video) was being made: it is not written. */
static gboolean
stop_requested(const FlBatchOptions *options, const char *path, GError **error)
{
  if (!options->cancel || !*options->cancel)
    return FALSE;
  g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_INTERRUPTED,
              "interrupted: %s is not written, every file left is complete", path);
  return TRUE;
}

gboolean
fl_batch_deck(const FlMap *map, const FlPlan *plan, const FlPipeline *pipeline,
              const GArray *dates, FlBatchTally *tally, GError **error)
{
  const FlBatchOptions *options = tally->options;
  const char *path = options->deck_path;
  g_autofree char *temp_path = fl_output_temp_name(path);
  int page_width, page_height;
  fl_map_page_size(map, &page_width, &page_height);
  FlFileStream stream = {g_fopen(temp_path, "wb"), 0};
  if (!stream.file) {
    int saved = errno;
    g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_OUTPUT, "%s: cannot write the deck: %s",
                path, g_strerror(saved));
    fl_output_abort(temp_path);
    return FALSE;
  }
  fl_vector_output_fast(TRUE);
  cairo_surface_t *surface =
      cairo_pdf_surface_create_for_stream(fl_file_stream_write, &stream, page_width, page_height);
  cairo_t *cr = cairo_create(surface);
  char first[11], last[11];
  gboolean ok = FALSE;

  fl_date_format_iso(&g_array_index(dates, GDate, 0), first);
  fl_date_format_iso(&g_array_index(dates, GDate, dates->len - 1), last);
  g_autofree char *title = g_strdup_printf("%s, %s – %s", fl_map_title(map), first, last);
  fl_pdf_set_metadata(surface, title, NULL, last);
  fl_batch_tally_begin(tally, FL_BATCH_STAGE_DECK, dates->len + 1);
  fl_map_draw_title_page(map, cr, pipeline->reports, &g_array_index(dates, GDate, 0),
                         &g_array_index(dates, GDate, dates->len - 1));
  cairo_show_page(cr);
  fl_batch_tally_step(tally);
  for (guint i = 0; i < dates->len; i++) {
    GError *local = NULL;
    if (!fl_map_draw(map, plan, cr, pipeline->reports,
                     &g_array_index(dates, GDate, i), &local)) {
      /* pages go to the file as they are made: a full disk shows while drawing */
      if (stream.error || cairo_surface_status(surface) == CAIRO_STATUS_WRITE_ERROR) {
        g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_OUTPUT,
                    "%s: cannot write the deck: %s", path,
                    stream.error ? g_strerror(stream.error)
                                 : cairo_status_to_string(cairo_surface_status(surface)));
        g_error_free(local);
      } else {
        g_propagate_error(error, local);
      }
      goto out;
    }
    cairo_show_page(cr);
    fl_batch_tally_step(tally);
    if (stop_requested(options, path, error))
      goto out;
  }
  cairo_destroy(cr);
  cr = NULL;
  cairo_surface_finish(surface);
  if (stop_requested(options, path, error))
    goto out;
  if (stream.error || cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_OUTPUT, "%s: cannot write the deck: %s",
                path, stream.error ? g_strerror(stream.error)
                                   : cairo_status_to_string(cairo_surface_status(surface)));
    goto out;
  }
  ok = fl_output_close(stream.file, path, error) && fl_output_commit(temp_path, path, error);
  stream.file = NULL;
  if (ok)
    fl_batch_tally_written(tally);
out:
  if (cr)
    cairo_destroy(cr);
  cairo_surface_destroy(surface);
  fl_vector_output_fast(FALSE);
  if (stream.file)
    fclose(stream.file);
  if (!ok)
    fl_output_abort(temp_path);
  return ok;
}

/* The map of each date as a small image: from the PNG drawn (or drawn now into memory). */
static cairo_surface_t *
thumbnail(const FlMap *map, const FlPlan *plan, const FlPipeline *pipeline, const GDate *date,
          const char *png_path, int width, int height, GError **error)
{
  cairo_surface_t *full = png_path ? cairo_image_surface_create_from_png(png_path) : NULL;
  if (full == NULL || cairo_surface_status(full) != CAIRO_STATUS_SUCCESS) {
    if (full)
      cairo_surface_destroy(full);
    int page_width, page_height;
    double scale;
    fl_map_png_size(map, &page_width, &page_height, &scale);
    full = cairo_image_surface_create(CAIRO_FORMAT_RGB24, page_width, page_height);
    cairo_t *cr = cairo_create(full);
    cairo_scale(cr, scale, scale);
    gboolean drawn = fl_map_draw(map, plan, cr, pipeline->reports, date, error);
    cairo_destroy(cr);
    if (!drawn) {
      cairo_surface_destroy(full);
      return NULL;
    }
  }
  cairo_surface_t *small = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create(small);
  cairo_scale(cr, (double)width / cairo_image_surface_get_width(full),
              (double)height / cairo_image_surface_get_height(full));
  cairo_set_source_surface(cr, full, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
  cairo_paint(cr);
  cairo_destroy(cr);
  cairo_surface_destroy(full);
  cairo_surface_flush(small);
  return small;
}

/* A contact sheet: small maps in a grid, each under its date. */
typedef struct {
  cairo_surface_t *surface;   /* NULL when not asked for */
  cairo_t *cr;
  guint columns;
  int cell_w, cell_h;
} Sheet;

enum { SHEET_CAPTION = 34, SHEET_GAP = 12 };

static void
sheet_open(Sheet *sheet, const FlMap *map, guint n)
{
  sheet->columns = MAX(1, MIN((guint)ceil(sqrt((double)n)), 6));
  sheet->cell_w = 480;
  int page_width, page_height;
  fl_map_page_size(map, &page_width, &page_height);
  sheet->cell_h = sheet->cell_w * page_height / page_width;
  guint rows = (n + sheet->columns - 1) / sheet->columns;
  int width = (int)sheet->columns * (sheet->cell_w + SHEET_GAP) + SHEET_GAP;
  int height = (int)rows * (sheet->cell_h + SHEET_CAPTION + SHEET_GAP) + SHEET_GAP;
  sheet->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  sheet->cr = cairo_create(sheet->surface);
  cairo_set_source_rgb(sheet->cr, 1, 1, 1);
  cairo_paint(sheet->cr);
}

/* Puts the small map of the i-th date in its cell, scaled to it, with the date above. */
static void
sheet_add(Sheet *sheet, const FlMap *map, guint i, const GDate *date, cairo_surface_t *small)
{
  double x = SHEET_GAP + (int)(i % sheet->columns) * (sheet->cell_w + SHEET_GAP);
  double y = SHEET_GAP + (int)(i / sheet->columns) * (sheet->cell_h + SHEET_CAPTION + SHEET_GAP);
  cairo_t *cr = sheet->cr;
  cairo_save(cr);
  cairo_translate(cr, x, y + SHEET_CAPTION);
  cairo_scale(cr, (double)sheet->cell_w / cairo_image_surface_get_width(small),
              (double)sheet->cell_h / cairo_image_surface_get_height(small));
  cairo_set_source_surface(cr, small, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
  cairo_paint(cr);
  cairo_restore(cr);
  g_autofree char *line = fl_map_date_line(map, date);
  fl_map_draw_caption(map, cr, line, x, y + 4, sheet->cell_w);
}

/* Writes the sheet to path (temporary name, then renamed) when ok. */
static gboolean
sheet_close(Sheet *sheet, const char *path, gboolean ok, GError **error)
{
  g_autofree char *temp_path = fl_output_temp_name(path);
  FlFileStream stream = {ok ? g_fopen(temp_path, "wb") : NULL, 0};
  cairo_destroy(sheet->cr);
  if (ok && (!stream.file ||
             cairo_surface_write_to_png_stream(sheet->surface, fl_file_stream_write, &stream) !=
                 CAIRO_STATUS_SUCCESS ||
             stream.error)) {
    int saved = stream.error ? stream.error : errno;
    g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_OUTPUT, "%s: cannot write the sheet: %s",
                path, g_strerror(saved));
    ok = FALSE;
  }
  if (stream.file)
    ok = fl_output_close(stream.file, path, ok ? error : NULL) && ok;
  ok = ok && fl_output_commit(temp_path, path, error);
  if (!ok)
    fl_output_abort(temp_path);
  cairo_surface_destroy(sheet->surface);
  return ok;
}

/* The animation and the contact sheet, from one small map per date made once for both. */
gboolean
fl_batch_small_multiples(const FlMap *map, const FlPlan *plan, const FlPipeline *pipeline,
                         const GArray *dates, char **pngs, FlBatchTally *tally, GError **error)
{
  const FlBatchOptions *options = tally->options;
  FlGif *gif = NULL;
  Sheet sheet = {NULL, NULL, 0, 0, 0};
  int width, height;
  fl_map_page_size(map, &width, &height);
  width /= 2;
  height /= 2;
  guint n = dates->len;
  gboolean ok = TRUE;
  /* the first and the last map make the animation's palette: drawn first, kept for their turn */
  cairo_surface_t *first = NULL, *last = NULL;

  fl_batch_tally_begin(tally, FL_BATCH_STAGE_ANIMATION, n);
  if (options->gif_path && n > 0) {
    first = thumbnail(map, plan, pipeline, &g_array_index(dates, GDate, 0), pngs[0], width,
                      height, error);
    last = first && n > 1 ? thumbnail(map, plan, pipeline, &g_array_index(dates, GDate, n - 1),
                                      pngs[n - 1], width, height, error)
                          : first ? cairo_surface_reference(first) : NULL;
    gif = last ? fl_gif_open(options->gif_path, first, last, options->gif_frame_ms, error) : NULL;
    ok = gif != NULL;
  }
  if (options->sheet_path)
    sheet_open(&sheet, map, n);
  for (guint i = 0; ok && i < n; i++) {
    const GDate *date = &g_array_index(dates, GDate, i);
    cairo_surface_t *small = i == 0 && first   ? cairo_surface_reference(first)
                             : i == n - 1 && last ? cairo_surface_reference(last)
                             : thumbnail(map, plan, pipeline, date, pngs[i], width, height, error);
    if (small == NULL) {
      ok = FALSE;
      break;
    }
    /* the last frame stays three times as long */
    if (gif)
      ok = fl_gif_add(gif, small, i + 1 == n ? 3 : 1, error);
    if (sheet.surface)
      sheet_add(&sheet, map, i, date, small);
    cairo_surface_destroy(small);
    fl_batch_tally_step(tally);
    if (ok && stop_requested(options, options->gif_path ? options->gif_path
                                                        : options->sheet_path, error))
      ok = FALSE;
  }
  if (first)
    cairo_surface_destroy(first);
  if (last)
    cairo_surface_destroy(last);
  if (gif)
    ok = fl_gif_close(gif, ok, error);
  if (sheet.surface)
    ok = sheet_close(&sheet, options->sheet_path, ok, error);
  if (ok)
    fl_batch_tally_written(tally);
  return ok;
}

/* The video: each date's map at the size of the PNG maps, the last one three frames long. */
gboolean
fl_batch_video(const FlMap *map, const FlPlan *plan, const FlPipeline *pipeline,
               const GArray *dates, char **pngs, FlBatchTally *tally, GError **error)
{
  const FlBatchOptions *options = tally->options;
  int width, height;
  double scale;
  fl_map_png_size(map, &width, &height, &scale);
  FlVideo *video = fl_video_open(options->video_path, width, height, options->video_frame_ms,
                                 error);
  gboolean ok = video != NULL;
  fl_batch_tally_begin(tally, FL_BATCH_STAGE_VIDEO, dates->len);
  for (guint i = 0; ok && i < dates->len; i++) {
    cairo_surface_t *image = thumbnail(map, plan, pipeline, &g_array_index(dates, GDate, i),
                                       pngs[i], width, height, error);
    ok = image && fl_video_add(video, image, i + 1 == dates->len ? 3 : 1, error);
    if (image)
      cairo_surface_destroy(image);
    if (ok)
      fl_batch_tally_step(tally);
    if (ok && stop_requested(options, options->video_path, error))
      ok = FALSE;
  }
  if (!video || !fl_video_close(video, ok, error) || !ok)
    return FALSE;
  fl_batch_tally_written(tally);
  return TRUE;
}

