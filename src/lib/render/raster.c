/* raster.c - a page-sized picture of layers that do not change with the date, kept compact and
 * painted over a PNG page without Cairo.
 *
 * The pictures (draw.c: page, land and water; rivers and borders; labels) are mostly
 * transparent or flat: each row is kept as runs of transparent pixels (skipped), runs of one
 * colour and literal pixels, in 32-bit words:
 *   SKIP | n            n transparent pixels
 *   RUN | n, pixel      n pixels of one colour
 *   LITERAL | n, n pixels
 * (the operation in the two top bits, n below), every row exactly the width. Pixels are Cairo's
 * premultiplied ARGB. A picture is a few hundred kilobytes instead of 8 MB, can be kept in the
 * cache as it is, and is painted by touching only the pixels it covers. Painting is
 * Porter-Duff OVER, the same arithmetic every time, so a page painted from the cache is the
 * same bytes as one painted from a picture drawn now. */
#define _DEFAULT_SOURCE   /* madvise, MADV_HUGEPAGE */
#include "render-internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define OP_SHIFT 30
#define COUNT_MASK ((1u << OP_SHIFT) - 1)

enum { OP_SKIP, OP_RUN, OP_LITERAL };

struct FlRaster {
  int width, height;
  GBytes *words;   /* guint32 */
};

/* The words of a raster being made: a buffer grown by doubling. */
typedef struct {
  guint32 *w;
  gsize n, size;
} Words;

/* Room for more words at the end. */
static inline guint32 *
words_room(Words *words, gsize more)
{
  if (words->n + more > words->size) {
    words->size = MAX(2 * words->size, words->n + more);
    words->w = g_renew(guint32, words->w, words->size);
  }
  return words->w + words->n;
}

static inline void
put_token(Words *words, guint op, guint count)
{
  *words_room(words, 1) = (guint32)op << OP_SHIFT | count;
  words->n++;
}

/* The first pixel of row from x on that is not transparent, or width: two pixels at a time
 * (most of a picture's pixels are transparent). */
static inline int
skip_clear(const guint32 *row, int x, int width)
{
  for (; x + 2 <= width; x += 2) {
    guint64 pair;
    memcpy(&pair, row + x, sizeof pair);
    if (pair != 0)
      break;
  }
  while (x < width && row[x] == 0)
    x++;
  return x;
}

/* The end of the run of pixels equal to row[x] from x on. */
static inline int
run_end(const guint32 *row, int x, int width)
{
  guint32 value = row[x];
  guint64 pair = (guint64)value << 32 | value;
  int end = x + 1;

  for (; end + 2 <= width; end += 2) {
    guint64 next;
    memcpy(&next, row + end, sizeof next);
    if (next != pair)
      break;
  }
  while (end < width && row[end] == value)
    end++;
  return end;
}

FlRaster *
fl_raster_new(cairo_surface_t *image)
{
  int width = cairo_image_surface_get_width(image);
  int height = cairo_image_surface_get_height(image);
  int stride = cairo_image_surface_get_stride(image);
  const guchar *data;
  Words words = {NULL, 0, 0};
  FlRaster *raster = g_new0(FlRaster, 1);

  cairo_surface_flush(image);
  data = cairo_image_surface_get_data(image);
  words_room(&words, (gsize)MAX(height, 1) * 4);
  for (int y = 0; y < height; y++) {
    const guint32 *row = (const guint32 *)(data + (gsize)y * (gsize)stride);
    int x = 0;
    while (x < width) {
      int end = x + 1;
      if (row[x] == 0) {
        end = skip_clear(row, x, width);
        put_token(&words, OP_SKIP, (guint)(end - x));
      } else if (end < width && row[end] == row[x]) {
        end = run_end(row, x, width);
        put_token(&words, OP_RUN, (guint)(end - x));
        *words_room(&words, 1) = row[x];
        words.n++;
      } else {
        /* up to the next transparent pixel or the next pair of equal ones */
        while (end < width && row[end] != 0 && !(end + 1 < width && row[end + 1] == row[end]))
          end++;
        put_token(&words, OP_LITERAL, (guint)(end - x));
        memcpy(words_room(&words, (gsize)(end - x)), row + x, (gsize)(end - x) * sizeof *row);
        words.n += (gsize)(end - x);
      }
      x = end;
    }
  }
  raster->width = width;
  raster->height = height;
  raster->words = g_bytes_new_take(g_renew(guint32, words.w, MAX(words.n, 1)),
                                   words.n * sizeof(guint32));
  return raster;
}

FlRaster *
fl_raster_join(FlRaster *top, FlRaster *bottom)
{
  gsize top_size = 0, bottom_size = 0;
  const guchar *top_words = g_bytes_get_data(top->words, &top_size);
  const guchar *bottom_words = g_bytes_get_data(bottom->words, &bottom_size);
  guchar *words = g_malloc(top_size + bottom_size + 1);
  FlRaster *raster = g_new0(FlRaster, 1);

  g_return_val_if_fail(top->width == bottom->width, NULL);
  if (top_size)
    memcpy(words, top_words, top_size);
  if (bottom_size)
    memcpy(words + top_size, bottom_words, bottom_size);
  raster->width = top->width;
  raster->height = top->height + bottom->height;
  raster->words = g_bytes_new_take(words, top_size + bottom_size);
  fl_raster_free(top);
  fl_raster_free(bottom);
  return raster;
}

FlRaster *
fl_raster_copy(const FlRaster *raster)
{
  FlRaster *copy = g_new0(FlRaster, 1);

  copy->width = raster->width;
  copy->height = raster->height;
  copy->words = g_bytes_ref(raster->words);
  return copy;
}

FlRaster *
fl_raster_restore(GBytes *words, int width, int height)
{
  gsize size = 0;
  const guint32 *w = g_bytes_get_data(words, &size);
  gsize n = size / sizeof(guint32), at = 0;
  FlRaster *raster;

  if (width <= 0 || height <= 0 || size % sizeof(guint32) != 0 || (n > 0 && ((gsize)w & 3)))
    return NULL;
  /* every row exactly the width, every token within the words */
  for (int y = 0; y < height; y++) {
    gsize x = 0;
    while (x < (gsize)width) {
      if (at >= n)
        return NULL;
      guint op = w[at] >> OP_SHIFT, count = w[at] & COUNT_MASK;
      gsize extra = op == OP_RUN ? 1 : op == OP_LITERAL ? count : 0;
      if (op > OP_LITERAL || count == 0 || count > (gsize)width - x || extra > n - at - 1)
        return NULL;
      at += 1 + extra;
      x += count;
    }
  }
  if (at != n)
    return NULL;
  raster = g_new0(FlRaster, 1);
  raster->width = width;
  raster->height = height;
  raster->words = g_bytes_ref(words);
  return raster;
}

GBytes *
fl_raster_words(const FlRaster *raster)
{
  return raster->words;
}

void
fl_raster_free(FlRaster *raster)
{
  if (!raster)
    return;
  g_bytes_unref(raster->words);
  g_free(raster);
}

/* Source over destination, premultiplied, each of the four bytes: source + destination x
 * (255 - source alpha) / 255, at most 255, where x / 255 rounded is (t + (t >> 8)) >> 8 for
 * t = x + 128. Two bytes at a time, in the halves of a word (0x00ff00ff: blue and red, then
 * green and alpha), which no product or sum overflows. */
static inline guint32
over(guint32 source, guint32 destination)
{
  guint32 keep = 255 - (source >> 24), result = 0;

  if (keep == 0)
    return source;
  for (int shift = 0; shift <= 8; shift += 8) {
    guint32 d = destination >> shift & 0x00ff00ffu;
    guint32 t = d * keep + 0x00800080u;
    guint32 sum = (source >> shift & 0x00ff00ffu) + ((t + (t >> 8 & 0x00ff00ffu)) >> 8 & 0x00ff00ffu);
    guint32 carry = sum & 0x01000100u;   /* a half over 255 */
    result |= ((sum | (carry - (carry >> 8))) & 0x00ff00ffu) << shift;
  }
  return result;
}

void
fl_raster_paint(const FlRaster *raster, cairo_surface_t *target)
{
  const guint32 *w = g_bytes_get_data(raster->words, NULL);
  int stride = cairo_image_surface_get_stride(target);
  int rows = cairo_image_surface_get_height(target);
  double offset_x, offset_y;
  guchar *data;

  /* a part of the page: its rows, from the one its device offset puts at its top */
  cairo_surface_get_device_offset(target, &offset_x, &offset_y);
  int first = (int)-offset_y;
  g_return_if_fail(cairo_image_surface_get_width(target) == raster->width && offset_x == 0 &&
                   -offset_y == first && first >= 0 && first + rows <= raster->height);
  cairo_surface_flush(target);
  data = cairo_image_surface_get_data(target);
  for (int y = 0; y < first + rows; y++) {
    guint32 *row = y < first ? NULL : (guint32 *)(data + (gsize)(y - first) * (gsize)stride);
    int x = 0;
    while (x < raster->width) {
      guint op = *w >> OP_SHIFT, count = *w & COUNT_MASK;
      w++;
      if (!row) {   /* a row above the part: passed over */
        w += op == OP_RUN ? 1 : op == OP_LITERAL ? count : 0;
      } else if (op == OP_RUN) {
        guint32 pixel = *w++;
        if (pixel >> 24 == 0xff)
          for (guint i = 0; i < count; i++)
            row[x + i] = pixel;
        else
          for (guint i = 0; i < count; i++)
            row[x + i] = over(pixel, row[x + i]);
      } else if (op == OP_LITERAL) {
        for (guint i = 0; i < count; i++)
          row[x + i] = over(w[i], row[x + i]);
        w += count;
      }
      x += (int)count;
    }
  }
  cairo_surface_mark_dirty(target);
}

/* The pixels of an image surface in memory of our own: aligned on 2 MB and marked for huge
 * pages, so that the kernel hands out a page-sized surface (8 MB at 1920x1080) in a few faults
 * instead of two thousand. */
#define HUGE_PAGE (2u << 20)

static void
free_pixels(void *pixels)
{
  free(pixels);
}

cairo_surface_t *
fl_image_surface_new(cairo_format_t format, int width, int height)
{
  static const cairo_user_data_key_t key;
  int stride = cairo_format_stride_for_width(format, width);
  gsize size = (gsize)stride * (gsize)MAX(height, 0);
  void *pixels = NULL;
  cairo_surface_t *surface;

  if (stride <= 0 || size < HUGE_PAGE || posix_memalign(&pixels, HUGE_PAGE, size) != 0)
    return cairo_image_surface_create(format, width, height);
#ifdef MADV_HUGEPAGE
  madvise(pixels, size, MADV_HUGEPAGE);
#endif
  memset(pixels, 0, size);   /* as cairo_image_surface_create() hands it out */
  surface = cairo_image_surface_create_for_data(pixels, format, width, height, stride);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS ||
      cairo_surface_set_user_data(surface, &key, pixels, free_pixels) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    free(pixels);
    return cairo_image_surface_create(format, width, height);
  }
  return surface;
}

static const cairo_user_data_key_t page_key;

cairo_surface_t *
fl_image_surface_rows(cairo_surface_t *page, cairo_format_t format, int first, int rows)
{
  int stride = cairo_image_surface_get_stride(page);
  cairo_surface_t *part;

  cairo_surface_flush(page);
  part = cairo_image_surface_create_for_data(
      cairo_image_surface_get_data(page) + (gsize)first * (gsize)stride, format,
      cairo_image_surface_get_width(page), rows, stride);
  if (cairo_surface_status(part) == CAIRO_STATUS_SUCCESS &&
      cairo_surface_set_user_data(part, &page_key, cairo_surface_reference(page),
                                  (cairo_destroy_func_t)cairo_surface_destroy) !=
          CAIRO_STATUS_SUCCESS)
    cairo_surface_destroy(page);   /* the reference the part could not keep */
  cairo_surface_set_device_offset(part, 0, -first);
  return part;
}
