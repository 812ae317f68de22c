/* video-module.h - FFmpeg's libraries, behind a module loaded when a batch makes a video.
 *
 * libavcodec, libavformat, libavutil and libswscale bring about 130 libraries with them (the
 * codecs FFmpeg is built with) and cost a process about 35 ms to load: more than the rest of
 * the program's start. So, like GDAL and PROJ (gis.h), they are not linked into the program:
 * every call to them lives in a module (frontline-video.so, built from video-module.c) that
 * video.c opens with GModule when `batch --video` is asked for. The module is looked for where
 * the GIS module is (fl_module_candidates()).
 *
 * The module takes frames as 32-bit pixels (0xXXRRGGBB in native byte order, Cairo's RGB24) of
 * even width and height and writes the file it is given; naming the output and renaming it
 * into place is video.c's work. */
#ifndef FL_VIDEO_MODULE_H
#define FL_VIDEO_MODULE_H

#include <glib.h>

G_BEGIN_DECLS

/* Bumped whenever FlVideoModule changes: a module of another build is refused. */
#define FL_VIDEO_ABI 1

/* The module's entry point, by name. */
#define FL_VIDEO_ENTRY "fl_video_module_table"

/* The kinds of file, by the output's extension. */
typedef enum {
  FL_VIDEO_MP4,    /* .mp4: H.264 (libx264; MPEG-4 part 2 without it), yuv420p, moov first */
  FL_VIDEO_WEBM,   /* .webm: VP9 (libvpx-vp9; VP8 without it), yuv420p */
} FlVideoContainer;

typedef struct FlVideoEncoder FlVideoEncoder;

typedef struct {
  guint abi;                  /* FL_VIDEO_ABI */
  const char *versions;       /* "libavcodec 59.37.100, ...": static */
  /* The name of the encoder a container gets ("libx264"), or NULL with error naming path when
   * this FFmpeg has none for it. Static. */
  const char *(*encoder_name)(FlVideoContainer container, const char *path, GError **error);
  /* Opens temp_path for writing a video of width x height (both even) whose frames last
   * frame_ms each. Errors name path. Free with close(). */
  FlVideoEncoder *(*open)(FlVideoContainer container, const char *path, const char *temp_path,
                          int width, int height, guint frame_ms, GError **error);
  /* Adds a frame (width x height pixels, stride bytes a row) shown for frames x frame_ms. */
  gboolean (*add)(FlVideoEncoder *encoder, const guint8 *pixels, gsize stride, guint frames,
                  GError **error);
  /* When ok, drains the encoder and completes the file (FALSE with error when that fails);
   * frees encoder either way. The file is left at temp_path. */
  gboolean (*close)(FlVideoEncoder *encoder, gboolean ok, GError **error);
} FlVideoModule;

/* The entry point: the module's table, its errors in domain with code. */
typedef const FlVideoModule *(*FlVideoEntry)(GQuark domain, gint code);

G_END_DECLS

#endif
