/* gif.c - a looping animated GIF of a series' small maps (batch --gif), with giflib.
 *
 * One palette for the whole animation, written as the global colour table: the maps of a
 * series share their colours, and a colour that changes from frame to frame (a palette per
 * frame, each quantised on its own) flickers. The palette is giflib's median cut of the first
 * and the last frame side by side, which between them show every faction the series has (the
 * baseline's and the end's; a colour seen only in a middle frame takes its nearest). Each
 * frame is mapped to it pixel by pixel through a cache of 32,768 colours (5 bits a channel),
 * each entry the nearest palette colour of the first pixel that filled it.
 *
 * The file is written under a temporary name and renamed into place when complete; every
 * giflib error is reported with the output's path (the batch error domain, FL_BATCH_ERROR,
 * is defined here, in the lowest file of the batch's outputs). */
#include "gif-internal.h"

#include <errno.h>
#include <gif_lib.h>
#include <glib/gstdio.h>

G_DEFINE_QUARK(fl-batch-error-quark, fl_batch_error)

#define PALETTE_SIZE 256
#define PALETTE_BITS 8    /* the colour resolution and the size of the global colour table */

struct FlGif {
  GifFileType *gif;
  FILE *file;             /* the temporary file, written through write_bytes() */
  int write_error;        /* 0, or the errno of the first failed write (giflib drops some) */
  char *path, *temp_path;
  int width, height;
  guint delay_cs;
  GifColorType palette[PALETTE_SIZE];
  guint16 *nearest;       /* per 15-bit colour: palette index + 1, or 0 not yet known */
  GifByteType *indices;   /* one frame */
};

static void
gif_error(int code, const char *path, GError **error)
{
  const char *text = GifErrorString(code);
  g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_OUTPUT, "%s: cannot write the animation: %s",
              path, text ? text : "GIF error");
}

/* giflib's output function: every write checked, the first error kept (giflib does not look
 * at what some of its writes return, the trailer's among them). */
static int
write_bytes(GifFileType *file, const GifByteType *bytes, int length)
{
  FlGif *gif = file->UserData;
  if (gif->write_error == 0 && fwrite(bytes, 1, (size_t)length, gif->file) == (size_t)length)
    return length;
  if (gif->write_error == 0)
    gif->write_error = errno ? errno : EIO;
  return 0;
}

/* Sets error for a failed write, if there was one. */
static gboolean
write_failed(FlGif *gif, GError **error)
{
  if (gif->write_error == 0)
    return FALSE;
  g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_OUTPUT, "%s: cannot write: %s", gif->path,
              g_strerror(gif->write_error));
  return TRUE;
}

/* FALSE with error set when a giflib call did not return GIF_OK or a write failed. */
static gboolean
gif_ok(FlGif *gif, int result, GError **error)
{
  if (write_failed(gif, error))
    return FALSE;
  if (result == GIF_OK)
    return TRUE;
  gif_error(gif->gif->Error, gif->path, error);
  return FALSE;
}

static inline guint32
pixel_at(cairo_surface_t *image, int x, int y)
{
  const guchar *data = cairo_image_surface_get_data(image);
  gsize stride = (gsize)cairo_image_surface_get_stride(image);
  return *(const guint32 *)(data + (gsize)y * stride + (gsize)x * 4);
}

/* The palette: a median cut of first and last side by side. */
static gboolean
make_palette(FlGif *gif, cairo_surface_t *first, cairo_surface_t *last, GError **error)
{
  gsize w = (gsize)gif->width, h = (gsize)gif->height, n = 2 * w * h;
  g_autofree GifByteType *red = g_new(GifByteType, n), *green = g_new(GifByteType, n),
                         *blue = g_new(GifByteType, n), *indices = g_new(GifByteType, n);
  cairo_surface_t *images[2] = {first, last};
  for (gsize k = 0; k < 2; k++)
    for (gsize y = 0; y < h; y++)
      for (gsize x = 0; x < w; x++) {
        guint32 p = pixel_at(images[k], (int)x, (int)y);
        gsize i = y * 2 * w + k * w + x;
        red[i] = (GifByteType)(p >> 16);
        green[i] = (GifByteType)(p >> 8);
        blue[i] = (GifByteType)p;
      }
  int colors = PALETTE_SIZE;
  memset(gif->palette, 0, sizeof gif->palette);
  if (GifQuantizeBuffer((unsigned)(2 * w), (unsigned)h, &colors, red, green, blue, indices,
                        gif->palette) != GIF_OK) {
    g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_OUTPUT,
                "%s: cannot reduce the maps to %d colours", gif->path, PALETTE_SIZE);
    return FALSE;
  }
  return TRUE;
}

/* The palette index nearest to pixel p (0xRRGGBB), through the cache. */
static GifByteType
nearest(FlGif *gif, guint32 p)
{
  int r = (int)(p >> 16 & 0xff), g = (int)(p >> 8 & 0xff), b = (int)(p & 0xff);
  guint key = (guint)(r >> 3) << 10 | (guint)(g >> 3) << 5 | (guint)(b >> 3);
  if (gif->nearest[key])
    return (GifByteType)(gif->nearest[key] - 1);
  int best = 0, best_distance = G_MAXINT;
  for (int i = 0; i < PALETTE_SIZE; i++) {
    int dr = r - gif->palette[i].Red, dg = g - gif->palette[i].Green,
        db = b - gif->palette[i].Blue;
    int distance = 2 * dr * dr + 4 * dg * dg + 3 * db * db;  /* weighted for the eye */
    if (distance < best_distance)
      best = i, best_distance = distance;
  }
  gif->nearest[key] = (guint16)(best + 1);
  return (GifByteType)best;
}

FlGif *
fl_gif_open(const char *path, cairo_surface_t *first, cairo_surface_t *last, guint frame_ms,
            GError **error)
{
  FlGif *gif = g_new0(FlGif, 1);
  int status = 0;
  gif->path = g_strdup(path);
  gif->width = cairo_image_surface_get_width(first);
  gif->height = cairo_image_surface_get_height(first);
  gif->delay_cs = (frame_ms ? frame_ms : 800) / 10;
  gif->nearest = g_new0(guint16, 1 << 15);
  gif->indices = g_new(GifByteType, (gsize)gif->width * (gsize)gif->height);
  if (!make_palette(gif, first, last, error)) {
    fl_gif_close(gif, FALSE, NULL);
    return NULL;
  }
  gif->temp_path = fl_output_temp_name(path);
  gif->file = g_fopen(gif->temp_path, "wb");
  if (gif->file == NULL) {
    int saved = errno;
    g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_OUTPUT, "%s: cannot write: %s", path,
                g_strerror(saved));
    fl_gif_close(gif, FALSE, NULL);
    return NULL;
  }
  gif->gif = EGifOpen(gif, write_bytes, &status);
  if (gif->gif == NULL) {
    gif_error(status, path, error);
    fl_gif_close(gif, FALSE, NULL);
    return NULL;
  }
  EGifSetGifVersion(gif->gif, true);
  ColorMapObject *map = GifMakeMapObject(PALETTE_SIZE, gif->palette);
  /* loop for ever: the NETSCAPE2.0 application extension */
  static const GifByteType netscape[] = "NETSCAPE2.0";
  static const GifByteType loop[] = {1, 0, 0};
  gboolean ok =
      gif_ok(gif, EGifPutScreenDesc(gif->gif, gif->width, gif->height, PALETTE_BITS, 0, map),
             error) &&
      gif_ok(gif, EGifPutExtensionLeader(gif->gif, APPLICATION_EXT_FUNC_CODE), error) &&
      gif_ok(gif, EGifPutExtensionBlock(gif->gif, 11, netscape), error) &&
      gif_ok(gif, EGifPutExtensionBlock(gif->gif, 3, loop), error) &&
      gif_ok(gif, EGifPutExtensionTrailer(gif->gif), error);
  GifFreeMapObject(map);
  if (!ok) {
    fl_gif_close(gif, FALSE, NULL);
    return NULL;
  }
  return gif;
}

gboolean
fl_gif_add(FlGif *gif, cairo_surface_t *image, guint delays, GError **error)
{
  cairo_surface_flush(image);
  g_return_val_if_fail(cairo_image_surface_get_width(image) == gif->width &&
                           cairo_image_surface_get_height(image) == gif->height, FALSE);
  for (int y = 0; y < gif->height; y++)
    for (int x = 0; x < gif->width; x++)
      gif->indices[(gsize)y * (gsize)gif->width + (gsize)x] =
          nearest(gif, pixel_at(image, x, y) & 0xffffff);
  GraphicsControlBlock control = {DISPOSE_DO_NOT, false, (int)(gif->delay_cs * delays),
                                  NO_TRANSPARENT_COLOR};
  GifByteType extension[4];
  size_t length = EGifGCBToExtension(&control, extension);
  gboolean ok =
      gif_ok(gif, EGifPutExtension(gif->gif, GRAPHICS_EXT_FUNC_CODE, (int)length, extension),
             error) &&
      gif_ok(gif, EGifPutImageDesc(gif->gif, 0, 0, gif->width, gif->height, false, NULL), error);
  for (int y = 0; ok && y < gif->height; y++)
    ok = gif_ok(gif, EGifPutLine(gif->gif, gif->indices + (gsize)y * (gsize)gif->width,
                                 gif->width), error);
  return ok;
}

gboolean
fl_gif_close(FlGif *gif, gboolean ok, GError **error)
{
  int status = 0;
  if (gif->gif && EGifCloseFile(gif->gif, &status) != GIF_OK && ok) {
    gif_error(status, gif->path, error);
    ok = FALSE;
  }
  if (ok && write_failed(gif, error))
    ok = FALSE;
  if (gif->file)
    ok = fl_output_close(gif->file, gif->path, ok ? error : NULL) && ok;
  if (gif->temp_path) {
    ok = ok && fl_output_commit(gif->temp_path, gif->path, error);
    if (!ok)
      fl_output_abort(gif->temp_path);
  }
  g_free(gif->temp_path);
  g_free(gif->path);
  g_free(gif->nearest);
  g_free(gif->indices);
  g_free(gif);
  return ok;
}
