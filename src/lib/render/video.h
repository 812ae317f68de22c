/* video.h - a series' maps as a video (batch --video): MP4 with H.264, or WebM with VP9, one
 * frame per date at the size of the maps, through the FFmpeg module (video-module.h).
 *
 * The file is written under a temporary name and renamed into place when complete, or removed.
 * Errors: FL_BATCH_ERROR_OUTPUT naming the output. */
#ifndef FL_VIDEO_H
#define FL_VIDEO_H

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct FlVideo FlVideo;

/* Whether a video can be written to path: its extension is .mp4 or .webm and the module has
 * an encoder for it. Loads the module; a batch asks before it draws anything. */
gboolean fl_video_check(const char *path, GError **error);

/* A video of frames width x height (an odd side gets one more row or column, the edge's
 * pixels repeated: 4:2:0 needs even sides) whose frames last frame_ms each (0: 800). Free
 * with fl_video_close(). */
FlVideo *fl_video_open(const char *path, int width, int height, guint frame_ms, GError **error);

/* Adds image (width x height, CAIRO_FORMAT_RGB24) shown for frames x frame_ms. */
gboolean fl_video_add(FlVideo *video, cairo_surface_t *image, guint frames, GError **error);

/* When ok, completes the file and renames it into place (FALSE with error when that fails),
 * else removes it; frees video either way. */
gboolean fl_video_close(FlVideo *video, gboolean ok, GError **error);

G_END_DECLS

#endif
