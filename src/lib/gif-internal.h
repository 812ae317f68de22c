/* gif-internal.h - batch's animated GIF (gif.c), private to batch. */
#ifndef FL_GIF_INTERNAL_H
#define FL_GIF_INTERNAL_H

#include <frontline/batch.h>

#include <cairo.h>

G_BEGIN_DECLS

/* gif.c: a looping animated GIF with one palette, made from the first and the last frame
 * (images of one size, CAIRO_FORMAT_RGB24), written to a temporary name; frames wait delays x
 * frame_ms (800 when 0). fl_gif_close() renames it into place when ok, else removes it, and
 * frees gif. Errors: FL_BATCH_ERROR_OUTPUT naming path. */
typedef struct FlGif FlGif;
FlGif *fl_gif_open(const char *path, cairo_surface_t *first, cairo_surface_t *last,
                   guint frame_ms, GError **error);
gboolean fl_gif_add(FlGif *gif, cairo_surface_t *image, guint delays, GError **error);
gboolean fl_gif_close(FlGif *gif, gboolean ok, GError **error);

G_END_DECLS

#endif
