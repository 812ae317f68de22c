/* video.c - a series' maps as a video: the output's kind, its temporary file, frames of even
 * size; the encoding is the FFmpeg module's (video-module.c), opened here once per process. */
#include "video.h"

#include <frontline/base.h>
#include <frontline/batch.h>
#include <gmodule.h>

#include "gis.h"
#include "video-module.h"

struct FlVideo {
  const FlVideoModule *module;
  FlVideoEncoder *encoder;
  char *path, *temp_path;
  int width, height;              /* the maps' */
  cairo_surface_t *padded;        /* even-sided, for maps with an odd side; or NULL */
};

typedef struct {
  const FlVideoModule *module;
  char *message;   /* why it could not be loaded */
} Loaded;

/* The video module's table, when its ABI is this build's. */
static gconstpointer
accept_video(gpointer entry)
{
  const FlVideoModule *table = ((FlVideoEntry)entry)(FL_BATCH_ERROR, FL_BATCH_ERROR_OUTPUT);
  return table && table->abi == FL_VIDEO_ABI ? table : NULL;
}

static gpointer
load(gpointer unused)
{
  Loaded *loaded = g_new0(Loaded, 1);
  (void)unused;
  loaded->module = fl_module_load(FL_VIDEO_MODULE_FILE, FL_VIDEO_ENTRY,
                                  "the video module (FFmpeg)", accept_video, &loaded->message);
  return loaded;
}

/* The module, loaded on the first call; NULL with error naming path when it cannot be. */
static const FlVideoModule *
video_module(const char *path, GError **error)
{
  static GOnce once = G_ONCE_INIT;
  const Loaded *loaded = g_once(&once, load, NULL);

  if (!loaded->module)
    g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_OUTPUT, "%s: cannot write the video: %s",
                path, loaded->message);
  return loaded->module;
}

/* The container path's extension asks for; FALSE with error when it is neither. */
static gboolean
container_of(const char *path, FlVideoContainer *container, GError **error)
{
  g_autofree char *lower = g_ascii_strdown(path, -1);

  if (g_str_has_suffix(lower, ".mp4"))
    *container = FL_VIDEO_MP4;
  else if (g_str_has_suffix(lower, ".webm"))
    *container = FL_VIDEO_WEBM;
  else {
    g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_OUTPUT,
                "%s: unknown video format: the name must end in .mp4 (H.264) or .webm (VP9)",
                path);
    return FALSE;
  }
  return TRUE;
}

gboolean
fl_video_check(const char *path, GError **error)
{
  FlVideoContainer container;
  const FlVideoModule *module;

  return container_of(path, &container, error) && (module = video_module(path, error)) &&
         module->encoder_name(container, path, error);
}

FlVideo *
fl_video_open(const char *path, int width, int height, guint frame_ms, GError **error)
{
  FlVideoContainer container;
  FlVideo *video;

  if (!container_of(path, &container, error))
    return NULL;
  video = g_new0(FlVideo, 1);
  video->path = g_strdup(path);
  video->width = width;
  video->height = height;
  if (!(video->module = video_module(path, error))) {
    fl_video_close(video, FALSE, NULL);
    return NULL;
  }
  int even_width = width + width % 2, even_height = height + height % 2;
  if (even_width != width || even_height != height)
    video->padded = cairo_image_surface_create(CAIRO_FORMAT_RGB24, even_width, even_height);
  video->temp_path = fl_output_temp_name(path);
  video->encoder = video->module->open(container, path, video->temp_path, even_width,
                                       even_height, frame_ms, error);
  if (!video->encoder) {
    fl_video_close(video, FALSE, NULL);
    return NULL;
  }
  return video;
}

gboolean
fl_video_add(FlVideo *video, cairo_surface_t *image, guint frames, GError **error)
{
  g_return_val_if_fail(cairo_image_surface_get_width(image) == video->width &&
                           cairo_image_surface_get_height(image) == video->height, FALSE);
  if (video->padded) {
    cairo_t *cr = cairo_create(video->padded);
    cairo_set_source_surface(cr, image, 0, 0);
    cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD);
    cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
    cairo_paint(cr);
    cairo_destroy(cr);
    image = video->padded;
  }
  cairo_surface_flush(image);
  return video->module->add(video->encoder, cairo_image_surface_get_data(image),
                            (gsize)cairo_image_surface_get_stride(image), frames, error);
}

gboolean
fl_video_close(FlVideo *video, gboolean ok, GError **error)
{
  if (video->encoder)
    ok = video->module->close(video->encoder, ok, error);
  else
    ok = FALSE;
  if (video->temp_path) {
    ok = ok && fl_output_commit(video->temp_path, video->path, error);
    if (!ok)
      fl_output_abort(video->temp_path);
  }
  if (video->padded)
    cairo_surface_destroy(video->padded);
  g_free(video->temp_path);
  g_free(video->path);
  g_free(video);
  return ok;
}
