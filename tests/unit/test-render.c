/* test-render.c - the map of 2024-12-07 from the example reports, checked as a picture. */
#include <frontline/frontline.h>

#include "harness.h"
#include "harness-render.h"

#include <cairo.h>
#include <string.h>

static FlPipeline *pipeline;
static FlMap *map;

static void
setup_once(void)
{
  FlMapOptions map_options;
  GError *error = NULL;
  pipeline = fl_test_run_examples();
  fl_map_options_init(&map_options);
  map = fl_map_new(pipeline->theatre, &map_options, &error);
  g_assert_no_error(error);
}

/* The colour (0xRRGGBB) of the PNG's pixel under lon/lat. */
static guint32
pixel_at(cairo_surface_t *image, double lon, double lat)
{
  double x, y;
  g_assert_true(fl_map_project(map, lon, lat, &x, &y));
  int ix = (int)x, iy = (int)y;
  g_assert_cmpint(ix, >=, 0);
  g_assert_cmpint(iy, >=, 0);
  g_assert_cmpint(ix, <, cairo_image_surface_get_width(image));
  g_assert_cmpint(iy, <, cairo_image_surface_get_height(image));
  const guint32 *row = (const guint32 *)(cairo_image_surface_get_data(image) +
                                         iy * cairo_image_surface_get_stride(image));
  return row[ix] & 0xffffff;
}

static int
channel(guint32 color, int shift)
{
  return (int)((color >> shift) & 0xff);
}

/* Whether two colours are within tolerance on every channel. */
static gboolean
near(guint32 a, guint32 b, int tolerance)
{
  for (int shift = 0; shift <= 16; shift += 8)
    if (ABS(channel(a, shift) - channel(b, shift)) > tolerance)
      return FALSE;
  return TRUE;
}

static void
test_png(void)
{
  g_autofree char *dir = fl_test_scratch_dir("render-png");
  g_autofree char *path = g_build_filename(dir, "syria-2024-12-07.png", NULL);
  GDate date;
  GError *error = NULL;
  g_assert_true(fl_date_parse_iso("2024-12-07", &date, NULL));
  g_assert_true(fl_test_render_one(map, pipeline, &date, path, &error));
  g_assert_no_error(error);

  cairo_surface_t *image = cairo_image_surface_create_from_png(path);
  g_assert_cmpint(cairo_surface_status(image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint(cairo_image_surface_get_width(image), ==, 1920);
  g_assert_cmpint(cairo_image_surface_get_height(image), ==, 1080);

  /* the sea off Tartus and the desert east of Palmyra differ, and neither is white */
  guint32 sea = pixel_at(image, 35.55, 35.05);
  guint32 land = pixel_at(image, 39.3, 34.2);
  g_test_message("sea #%06x land #%06x", sea, land);
  g_assert_false(near(sea, land, 12));
  g_assert_cmpint(channel(sea, 0), >, channel(sea, 16));   /* the sea is blue */
  g_assert_false(near(land, 0xffffff, 3));

  /* Homs is held by the rebels on 7 December, Damascus by the government: their dots carry
   * the factions' colours */
  const FlTheatre *theatre = pipeline->theatre;
  struct { const char *place, *faction; } dots[] = {{"homs", "rebels"}, {"damascus", "government"},
                                                    {"deir-ez-zor", "sdf"}};
  for (guint i = 0; i < G_N_ELEMENTS(dots); i++) {
    const FlPlace *place = theatre->places->pdata[fl_theatre_find_place(theatre, dots[i].place)];
    const FlFaction *faction =
        theatre->factions->pdata[fl_theatre_find_faction(theatre, dots[i].faction)];
    guint32 got = pixel_at(image, place->lon, place->lat);
    if (!near(got, faction->color, 40))
      g_error("%s: got #%06x, expected about #%06x (%s)", place->id, got, faction->color,
              faction->id);
  }
  cairo_surface_destroy(image);
}

static void
test_formats_and_errors(void)
{
  g_autofree char *dir = fl_test_scratch_dir("render-formats");
  GDate date;
  GError *error = NULL;
  g_assert_true(fl_date_parse_iso("2024-12-07", &date, NULL));
  const char *names[] = {"map.svg", "map.PDF"};
  for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
    g_autofree char *path = g_build_filename(dir, names[i], NULL);
    g_assert_true(fl_test_render_one(map, pipeline, &date, path, &error));
    g_assert_no_error(error);
    g_assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
  }
  g_autofree char *tiff = g_build_filename(dir, "map.tiff", NULL);
  g_assert_false(fl_test_render_one(map, pipeline, &date, tiff, &error));
  g_assert_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_FORMAT);
  g_clear_error(&error);
  g_autofree char *nowhere = g_build_filename(dir, "no-such-folder", "map.png", NULL);
  g_assert_false(fl_test_render_one(map, pipeline, &date, nowhere, &error));
  g_assert_nonnull(error);
  g_assert_nonnull(strstr(error->message, "no-such-folder"));
  g_clear_error(&error);
  /* nothing but the two maps is left in the folder */
  GDir *listing = g_dir_open(dir, 0, NULL);
  guint n = 0;
  while (g_dir_read_name(listing))
    n++;
  g_dir_close(listing);
  g_assert_cmpuint(n, ==, 2);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  setup_once();
  g_test_add_func("/render/png", test_png);
  g_test_add_func("/render/formats-and-errors", test_formats_and_errors);
  int status = g_test_run();
  fl_map_free(map);
  fl_pipeline_free(pipeline);
  return status;
}
