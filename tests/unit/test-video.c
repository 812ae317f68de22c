/* test-video.c - the video of a series through the library (video.h): the output's kind by its
 * extension, an odd-sized video written whole under its name, and nothing left on disk when it
 * is abandoned or cannot be written. What players read of a video is tested end to end
 * (tests/e2e/video.sh, with ffprobe and ffmpeg). */
#include <frontline/batch.h>

#include "harness.h"
#include "video.h"

#include <glib/gstdio.h>
#include <string.h>

static gint
compare_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folder's entries, sorted, space-separated ("" when empty). Newly allocated. */
static char *
entries(const char *dir)
{
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  GDir *folder = g_dir_open(dir, 0, NULL);
  const char *name;

  while (folder && (name = g_dir_read_name(folder)))
    g_ptr_array_add(names, g_strdup(name));
  if (folder)
    g_dir_close(folder);
  g_ptr_array_sort(names, compare_names);
  g_ptr_array_add(names, NULL);
  char *joined = g_strjoinv(" ", (char **)names->pdata);
  g_ptr_array_unref(names);
  return joined;
}

/* A frame of one colour (0xRRGGBB). */
static cairo_surface_t *
solid(int width, int height, guint32 rgb)
{
  cairo_surface_t *image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create(image);
  cairo_set_source_rgb(cr, (rgb >> 16) / 255.0, (rgb >> 8 & 0xff) / 255.0, (rgb & 0xff) / 255.0);
  cairo_paint(cr);
  cairo_destroy(cr);
  return image;
}

static void
test_extensions(void)
{
  GError *error = NULL;
  g_assert_false(fl_video_check("series.avi", &error));
  g_assert_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_OUTPUT);
  g_assert_cmpstr(error->message, ==,
                  "series.avi: unknown video format: the name must end in .mp4 (H.264) or .webm "
                  "(VP9)");
  g_clear_error(&error);
  g_assert_null(fl_video_open("series", 64, 36, 0, &error));
  g_assert_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_OUTPUT);
  g_clear_error(&error);
  /* the module loads and has an encoder for each (Debian's FFmpeg: libx264, libvpx-vp9) */
  g_assert_true(fl_video_check("series.mp4", &error));
  g_assert_no_error(error);
  g_assert_true(fl_video_check("SERIES.WEBM", &error));
  g_assert_no_error(error);
}

/* Three frames of 33x17 (padded to 34x18) in each kind: a whole file under its name, none
 * under a temporary one. */
static void
test_write(void)
{
  g_autofree char *dir = fl_test_scratch_dir("video-write");
  const guint32 colours[] = {0xd62728, 0x2ca02c, 0x1f77b4};
  const char *names[] = {"series.mp4", "series.webm"};

  for (guint n = 0; n < G_N_ELEMENTS(names); n++) {
    g_autofree char *path = g_build_filename(dir, names[n], NULL);
    GError *error = NULL;
    FlVideo *video = fl_video_open(path, 33, 17, 500, &error);
    g_assert_no_error(error);
    gboolean ok = TRUE;
    for (guint i = 0; i < G_N_ELEMENTS(colours); i++) {
      cairo_surface_t *frame = solid(33, 17, colours[i]);
      ok = ok && fl_video_add(video, frame, i + 1 == G_N_ELEMENTS(colours) ? 3 : 1, &error);
      cairo_surface_destroy(frame);
    }
    g_assert_no_error(error);
    g_assert_true(fl_video_close(video, ok, &error));
    g_assert_no_error(error);
    g_autoptr(GBytes) bytes = fl_test_read_bytes(path);
    gsize size;
    const guint8 *data = g_bytes_get_data(bytes, &size);
    g_assert_cmpuint(size, >, 100);
    if (n == 0) {   /* MP4: ftyp, then the index (moov) */
      g_assert_cmpmem(data + 4, 4, "ftyp", 4);
      guint32 ftyp = (guint32)data[0] << 24 | (guint32)data[1] << 16 | data[2] << 8 | data[3];
      g_assert_cmpuint(ftyp + 8, <, size);
      g_assert_cmpmem(data + ftyp + 4, 4, "moov", 4);
    } else {        /* WebM: an EBML header */
      static const guint8 ebml[] = {0x1a, 0x45, 0xdf, 0xa3};
      g_assert_cmpmem(data, 4, ebml, 4);
    }
  }
  g_autofree char *left = entries(dir);
  g_assert_cmpstr(left, ==, "series.mp4 series.webm");
  fl_test_remove_tree(dir);
}

/* Abandoned (a failure elsewhere) or unwritable: no file, no temporary one. */
static void
test_nothing_left(void)
{
  g_autofree char *dir = fl_test_scratch_dir("video-nothing-left");
  g_autofree char *path = g_build_filename(dir, "series.mp4", NULL);
  GError *error = NULL;
  FlVideo *video = fl_video_open(path, 32, 18, 0, &error);
  g_assert_no_error(error);
  cairo_surface_t *frame = solid(32, 18, 0xffffff);
  g_assert_true(fl_video_add(video, frame, 1, &error));
  g_assert_false(fl_video_close(video, FALSE, NULL));
  g_autofree char *left = entries(dir);
  g_assert_cmpstr(left, ==, "");

  g_autofree char *missing = g_build_filename(dir, "missing", "series.webm", NULL);
  g_assert_null(fl_video_open(missing, 32, 18, 0, &error));
  g_assert_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_OUTPUT);
  g_assert_true(g_str_has_prefix(error->message, missing));
  g_assert_nonnull(strstr(error->message, "cannot write the video: No such file or directory"));
  g_clear_error(&error);
  g_free(left);
  left = entries(dir);
  g_assert_cmpstr(left, ==, "");
  cairo_surface_destroy(frame);
  fl_test_remove_tree(dir);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/video/extensions", test_extensions);
  g_test_add_func("/video/write", test_write);
  g_test_add_func("/video/nothing-left", test_nothing_left);
  return g_test_run();
}
