/* png.c - PNG files straight from Cairo's pixels, the compression split in two bands that two
 * threads deflate at once.
 *
 * Writing the PNG is the largest part of a map drawn from the cache (about 17 ms of zlib for a
 * 1920x1080 page, a quarter of the process). A deflate stream is a sequence of blocks: the top
 * band's blocks, ended by a sync flush (an empty stored block that ends on a byte), followed by
 * the bottom band's, make one valid stream, and the two bands' Adler-32 sums combine into the
 * whole's (as pigz does). The top band is deflated by zlib, which can end on a sync flush, in a
 * second thread; the bottom band, which ends the stream, by libdeflate in the calling thread
 * (whole-buffer, 1.7 times as fast as zlib, and smaller files), so the top band is the smaller
 * one: both end at about the same time. The split is always at the same row, so the same page
 * gives the same bytes whatever the threads do.
 *
 * A series (FlPngSeries, kept by a plan of several dates) writes its PNGs another way: the page
 * in bands of SERIES_BAND_ROWS rows, each deflated by zlib from a fresh state and ended by a sync
 * flush, so that a band's bytes depend on its rows alone; then an empty final block. A band whose
 * pixels are those of the series' last PNG is not deflated again: its blocks and its Adler-32 are
 * kept. Consecutive maps of a series differ in a few bands (the date, the ground that changed
 * hands), so most of the page is copied rather than deflated.
 *
 * Rows are unfiltered (flat map colours repeat as they are: the "up" filter made files 15%
 * larger and slower to write) at zlib level 2. An opaque page is RGB; a transparent one RGBA,
 * unpremultiplied. Text chunks are tEXt when the text is Latin-1, else iTXt in UTF-8. */
#include "render-internal.h"

#include <errno.h>
#include <libdeflate.h>
#include <string.h>
#include <zlib.h>

#define LEVEL 2                  /* zlib's, for the top band */
#define DEFLATE_LEVEL 1          /* libdeflate's, for the bottom band: as small as zlib's 2 */
#define SPLIT_MIN_ROWS 64        /* fewer rows are deflated in one piece */
#define SPLIT_EIGHTHS 3          /* the top band's share of the rows */
#define IDAT_MAX (1u << 20)      /* bytes of compressed data per IDAT chunk */
#define SERIES_BAND_ROWS 16      /* rows of a band a series may keep */

/* A band of the series' last PNG, as it went into the stream. */
typedef struct {
  GByteArray *deflated;          /* raw deflate blocks, ended by a sync flush */
  guint32 adler;                 /* Adler-32 of the band's filtered rows */
  gsize length;                  /* bytes of filtered rows */
} SeriesBand;

struct FlPngSeries {
  GMutex lock;                   /* one PNG at a time uses what is kept */
  int width, height;
  cairo_format_t format;
  guchar *pixels;                /* owned: the last page's rows, width * 4 bytes each */
  GArray *bands;                 /* SeriesBand */
  z_stream z;
  gboolean z_ready;
  cairo_surface_t *page;         /* owned, or NULL: the last PNG's surface, to draw the next on */
};

/* One horizontal band of the page, deflated on its own. */
typedef struct {
  cairo_surface_t *surface;
  int first, last;               /* rows [first, last) */
  GByteArray *deflated;          /* raw deflate blocks */
  guint32 adler;                 /* Adler-32 of the band's filtered rows */
  gsize length;                  /* bytes of filtered rows */
  gboolean ok;
} Band;

/* Row y as PNG wants it: the filter byte (0: none), then RGB or straight RGBA. An RGB row may
 * be written over its own pixels or those of the rows above (out no further than the row's
 * start): each pixel is read before its bytes or the filter byte are written. */
static void
png_row(cairo_surface_t *surface, int y, guchar *out)
{
  int width = cairo_image_surface_get_width(surface);
  const guint32 *in = (const guint32 *)(cairo_image_surface_get_data(surface) +
                                        (gsize)y * (gsize)cairo_image_surface_get_stride(surface));

  if (cairo_image_surface_get_format(surface) != CAIRO_FORMAT_ARGB32) {
    guchar *rgb = out + 1;
    for (int x = 0; x < width; x++, rgb += 3) {
      guint32 pixel = in[x];
      rgb[0] = (guchar)(pixel >> 16), rgb[1] = (guchar)(pixel >> 8), rgb[2] = (guchar)pixel;
    }
    out[0] = 0;
    return;
  }
  *out++ = 0;
  /* Cairo keeps colours premultiplied by alpha; PNG wants them straight */
  for (int x = 0; x < width; x++, out += 4) {
    guint32 pixel = in[x];
    guint a = pixel >> 24;
    out[3] = (guchar)a;
    for (int c = 0; c < 3; c++) {
      guint v = pixel >> (16 - 8 * c) & 0xff;
      out[c] = a ? (guchar)((v * 255 + a / 2) / a) : 0;
    }
  }
}

static gsize
band_row_length(const Band *band)
{
  return 1 + (gsize)cairo_image_surface_get_width(band->surface) *
                 (cairo_image_surface_get_format(band->surface) == CAIRO_FORMAT_ARGB32 ? 4 : 3);
}

/* The last band, in one piece: its rows, then libdeflate's blocks ending the stream. RGB rows,
 * shorter than the surface's, are packed over its own pixels from the band's first row on
 * (4 MB of fresh memory cost 1,000 page faults). */
static void
deflate_final_band(Band *band)
{
  gsize row_length = band_row_length(band);
  gsize length = row_length * (gsize)(band->last - band->first);
  gsize stride = (gsize)cairo_image_surface_get_stride(band->surface);
  gboolean in_place = row_length <= stride;
  guchar *rows = in_place ? cairo_image_surface_get_data(band->surface) +
                                (gsize)band->first * stride
                          : g_malloc(MAX(length, 1));
  struct libdeflate_compressor *compressor = libdeflate_alloc_compressor(DEFLATE_LEVEL);

  for (int y = band->first; y < band->last; y++)
    png_row(band->surface, y, rows + row_length * (gsize)(y - band->first));
  band->adler = libdeflate_adler32(1, rows, length);
  band->length = length;
  band->ok = compressor != NULL;
  if (band->ok) {
    gsize bound = libdeflate_deflate_compress_bound(compressor, length);
    g_byte_array_set_size(band->deflated, (guint)bound);
    gsize size = libdeflate_deflate_compress(compressor, rows, length, band->deflated->data, bound);
    band->ok = size > 0;
    g_byte_array_set_size(band->deflated, (guint)size);
  }
  libdeflate_free_compressor(compressor);
  if (!in_place)
    g_free(rows);
}

/* A band that does not end the stream: zlib's blocks, ended by a sync flush. */
static gpointer
deflate_band(gpointer data)
{
  Band *band = data;
  gsize row_length = band_row_length(band);
  guchar *row = g_malloc(row_length);
  guchar out[65536];
  z_stream z;

  memset(&z, 0, sizeof z);
  band->adler = 1;   /* Adler-32 of nothing */
  band->ok = deflateInit2(&z, LEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK;
  for (int y = band->first; band->ok && y <= band->last; y++) {
    gboolean end = y == band->last;
    int flush = !end ? Z_NO_FLUSH : Z_SYNC_FLUSH;
    if (!end) {
      png_row(band->surface, y, row);
      band->adler = libdeflate_adler32(band->adler, row, row_length);
      band->length += row_length;
    }
    z.next_in = end ? NULL : row;
    z.avail_in = end ? 0 : (uInt)row_length;
    do {
      z.next_out = out;
      z.avail_out = sizeof out;
      int status = deflate(&z, flush);
      band->ok = status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR;
      g_byte_array_append(band->deflated, out, (guint)(sizeof out - z.avail_out));
    } while (band->ok && z.avail_out == 0);
  }
  deflateEnd(&z);
  g_free(row);
  return NULL;
}

static void
put_be32(guchar *at, guint32 value)
{
  at[0] = (guchar)(value >> 24), at[1] = (guchar)(value >> 16);
  at[2] = (guchar)(value >> 8), at[3] = (guchar)value;
}

/* One chunk: length, type, data, CRC of type and data. */
static gboolean
write_chunk(FILE *file, const char *type, const guchar *data, gsize length)
{
  guchar head[8], tail[4];
  guint32 crc = libdeflate_crc32(0, type, 4);

  put_be32(head, (guint32)length);
  memcpy(head + 4, type, 4);
  if (length)
    crc = libdeflate_crc32(crc, data, length);
  put_be32(tail, crc);
  return fwrite(head, 1, 8, file) == 8 &&
         (length == 0 || fwrite(data, 1, length, file) == length) && fwrite(tail, 1, 4, file) == 4;
}

/* A text chunk: tEXt in Latin-1 when the text is (all tEXt may hold), else iTXt in UTF-8. */
static gboolean
write_text(FILE *file, const char *keyword, const char *text)
{
  g_autofree char *latin1 = g_convert(text, -1, "ISO-8859-1", "UTF-8", NULL, NULL, NULL);
  GByteArray *data = g_byte_array_new();
  gboolean ok;

  g_byte_array_append(data, (const guint8 *)keyword, (guint)strlen(keyword) + 1);
  if (latin1) {
    g_byte_array_append(data, (const guint8 *)latin1, (guint)strlen(latin1));
  } else {
    /* no compression, no language tag, no translated keyword */
    g_byte_array_append(data, (const guint8 *)"\0\0\0", 4);
    g_byte_array_append(data, (const guint8 *)text, (guint)strlen(text));
  }
  ok = write_chunk(file, latin1 ? "tEXt" : "iTXt", data->data, data->len);
  g_byte_array_unref(data);
  return ok;
}

FlPngSeries *
fl_png_series_new(void)
{
  FlPngSeries *series = g_new0(FlPngSeries, 1);
  g_mutex_init(&series->lock);
  series->bands = g_array_new(FALSE, TRUE, sizeof(SeriesBand));
  return series;
}

static void
series_forget(FlPngSeries *series)
{
  for (guint b = 0; b < series->bands->len; b++)
    g_byte_array_unref(g_array_index(series->bands, SeriesBand, b).deflated);
  g_array_set_size(series->bands, 0);
  g_clear_pointer(&series->pixels, g_free);
  series->width = series->height = 0;
}

void
fl_png_series_free(FlPngSeries *series)
{
  if (!series)
    return;
  series_forget(series);
  if (series->page)
    cairo_surface_destroy(series->page);
  g_array_unref(series->bands);
  if (series->z_ready)
    deflateEnd(&series->z);
  g_mutex_clear(&series->lock);
  g_free(series);
}

cairo_surface_t *
fl_png_series_page(FlPngSeries *series, cairo_format_t format, int width, int height)
{
  cairo_surface_t *page = NULL;

  g_mutex_lock(&series->lock);
  page = g_steal_pointer(&series->page);
  g_mutex_unlock(&series->lock);
  if (page && cairo_image_surface_get_format(page) == format &&
      cairo_image_surface_get_width(page) == width &&
      cairo_image_surface_get_height(page) == height) {
    /* as a new surface comes: every pixel 0 */
    cairo_surface_flush(page);
    memset(cairo_image_surface_get_data(page), 0,
           (gsize)cairo_image_surface_get_stride(page) * (gsize)height);
    cairo_surface_mark_dirty(page);
    return page;
  }
  if (page)
    cairo_surface_destroy(page);
  return fl_image_surface_new(format, width, height);
}

void
fl_png_series_keep_page(FlPngSeries *series, cairo_surface_t *page)
{
  g_mutex_lock(&series->lock);
  if (!series->page && cairo_surface_status(page) == CAIRO_STATUS_SUCCESS)
    series->page = cairo_surface_reference(page);
  g_mutex_unlock(&series->lock);
}

/* The rows [first, last) of surface deflated afresh into band; rows holds them filtered. */
static gboolean
series_deflate(FlPngSeries *series, cairo_surface_t *surface, int first, int last,
               SeriesBand *band, guchar *rows)
{
  Band shape = {surface, first, last, NULL, 0, 0, TRUE};
  gsize row_length = band_row_length(&shape);
  gsize length = row_length * (gsize)(last - first);
  guchar out[65536];
  z_stream *z = &series->z;
  int status;

  for (int y = first; y < last; y++)
    png_row(surface, y, rows + row_length * (gsize)(y - first));
  band->adler = libdeflate_adler32(1, rows, length);
  band->length = length;
  g_byte_array_set_size(band->deflated, 0);
  if (!series->z_ready) {
    series->z_ready =
        deflateInit2(z, LEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK;
    if (!series->z_ready)
      return FALSE;
  } else if (deflateReset(z) != Z_OK) {
    return FALSE;
  }
  z->next_in = rows;
  z->avail_in = (uInt)length;
  do {
    z->next_out = out;
    z->avail_out = sizeof out;
    status = deflate(z, Z_SYNC_FLUSH);
    if (status != Z_OK && status != Z_BUF_ERROR)
      return FALSE;
    g_byte_array_append(band->deflated, out, (guint)(sizeof out - z->avail_out));
  } while (z->avail_out == 0);
  return TRUE;
}

/* The zlib stream of surface in bands, each kept from the series' last PNG when its pixels are
 * the same, else deflated again and kept for the next. */
static gboolean
series_stream(FlPngSeries *series, cairo_surface_t *surface, GByteArray *stream)
{
  static const guchar zlib_head[2] = {0x78, 0x5e}, final_block[2] = {0x03, 0x00};
  int width = cairo_image_surface_get_width(surface);
  int height = cairo_image_surface_get_height(surface);
  cairo_format_t format = cairo_image_surface_get_format(surface);
  int stride = cairo_image_surface_get_stride(surface);
  const guchar *pixels = cairo_image_surface_get_data(surface);
  gsize pixel_row = (gsize)width * 4;
  guint n_bands = (guint)((height + SERIES_BAND_ROWS - 1) / SERIES_BAND_ROWS);
  guchar *rows = NULL;
  guchar zlib_tail[4];
  uLong adler = adler32(0, NULL, 0);
  gboolean ok = TRUE;

  if (series->width != width || series->height != height || series->format != format) {
    series_forget(series);
    series->pixels = g_malloc(pixel_row * (gsize)MAX(height, 1));
    series->width = width, series->height = height, series->format = format;
  }
  g_byte_array_append(stream, zlib_head, 2);
  for (guint b = 0; ok && b < n_bands; b++) {
    int first = (int)b * SERIES_BAND_ROWS, last = MIN(height, first + SERIES_BAND_ROWS);
    gboolean same = b < series->bands->len;
    for (int y = first; same && y < last; y++)
      same = memcmp(series->pixels + pixel_row * (gsize)y, pixels + (gsize)stride * (gsize)y,
                    pixel_row) == 0;
    if (b == series->bands->len) {
      SeriesBand fresh = {g_byte_array_new(), 0, 0};
      g_array_append_val(series->bands, fresh);
    }
    SeriesBand *band = &g_array_index(series->bands, SeriesBand, b);
    if (!same) {
      if (!rows)
        rows = g_malloc((1 + pixel_row) * SERIES_BAND_ROWS);
      for (int y = first; y < last; y++)
        memcpy(series->pixels + pixel_row * (gsize)y, pixels + (gsize)stride * (gsize)y,
               pixel_row);
      ok = series_deflate(series, surface, first, last, band, rows);
    }
    g_byte_array_append(stream, band->deflated->data, band->deflated->len);
    adler = adler32_combine(adler, band->adler, (z_off_t)band->length);
  }
  g_free(rows);
  if (!ok) {
    series_forget(series);   /* a band half deflated is not kept */
    return FALSE;
  }
  g_byte_array_append(stream, final_block, 2);
  put_be32(zlib_tail, (guint32)adler);
  g_byte_array_append(stream, zlib_tail, 4);
  return TRUE;
}

/* The zlib stream of surface in two bands that two threads deflate at once. */
static gboolean
split_stream(cairo_surface_t *surface, GByteArray *stream)
{
  int height = cairo_image_surface_get_height(surface);
  int split = height >= SPLIT_MIN_ROWS ? height * SPLIT_EIGHTHS / 8 : 0;
  Band bands[2] = {
    {surface, 0, split, g_byte_array_new(), 0, 0, TRUE},
    {surface, split, height, g_byte_array_new(), 0, 0, TRUE},
  };
  GThread *helper = NULL;
  guchar zlib_head[2] = {0x78, 0x5e}, zlib_tail[4];
  gboolean ok;

  if (split > 0 && !(helper = g_thread_try_new("png", deflate_band, &bands[0], NULL)))
    deflate_band(&bands[0]);
  deflate_final_band(&bands[1]);
  if (helper)
    g_thread_join(helper);
  ok = bands[0].ok && bands[1].ok;
  if (ok) {
    /* one zlib stream: header, the bands' blocks, the Adler-32 of all the rows */
    g_byte_array_append(stream, zlib_head, 2);
    for (guint b = 0; b < 2; b++)
      if (split > 0 || b == 1)
        g_byte_array_append(stream, bands[b].deflated->data, bands[b].deflated->len);
    uLong adler = bands[1].adler;
    if (split > 0)
      adler = adler32_combine(bands[0].adler, bands[1].adler, (z_off_t)bands[1].length);
    put_be32(zlib_tail, (guint32)adler);
    g_byte_array_append(stream, zlib_tail, 4);
  }
  for (guint b = 0; b < 2; b++)
    g_byte_array_unref(bands[b].deflated);
  return ok;
}

gboolean
fl_png_write(cairo_surface_t *surface, FlPngSeries *series, FILE *file, const char *const *texts,
             const char *path, GError **error)
{
  static const guchar signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  int width = cairo_image_surface_get_width(surface);
  int height = cairo_image_surface_get_height(surface);
  gboolean alpha = cairo_image_surface_get_format(surface) == CAIRO_FORMAT_ARGB32;
  guchar header[13];
  GByteArray *stream = g_byte_array_new();
  gboolean ok;

  cairo_surface_flush(surface);
  /* a series used by another thread at the time: this PNG the usual way */
  if (series && g_mutex_trylock(&series->lock)) {
    ok = series_stream(series, surface, stream);
    g_mutex_unlock(&series->lock);
  } else {
    ok = split_stream(surface, stream);
  }
  if (!ok) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW, "%s: out of memory for the PNG",
                path);
    goto out;
  }

  put_be32(header, (guint32)width);
  put_be32(header + 4, (guint32)height);
  header[8] = 8;                 /* bits per sample */
  header[9] = alpha ? 6 : 2;     /* RGBA or RGB */
  header[10] = header[11] = header[12] = 0;   /* deflate, adaptive filtering, no interlace */
  ok = fwrite(signature, 1, sizeof signature, file) == sizeof signature &&
       write_chunk(file, "IHDR", header, sizeof header);
  for (guint i = 0; ok && texts[i]; i += 2)
    ok = write_text(file, texts[i], texts[i + 1]);
  for (guint at = 0; ok && at < stream->len; at += IDAT_MAX)
    ok = write_chunk(file, "IDAT", stream->data + at, MIN(IDAT_MAX, stream->len - at));
  ok = ok && write_chunk(file, "IEND", NULL, 0) && fflush(file) == 0;
  if (!ok)
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_OUTPUT, "%s: cannot write the map: %s",
                path, g_strerror(errno));
out:
  g_byte_array_unref(stream);
  return ok;
}
