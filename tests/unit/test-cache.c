/* test-cache.c - the prepared-map cache (FlMapOptions.cache_dir): a map read from the cache is
 * the same bytes as one prepared afresh; a changed base map or changed places are prepared
 * again; a short, damaged or foreign cache file is ignored and replaced, never trusted; a cache
 * that cannot be written changes nothing but speed. Every cache lives in a scratch folder. */
#include <frontline/frontline.h>

#include "harness.h"
#include "render-internal.h"

#include <glib/gstdio.h>
#include <string.h>

static FlPipeline *pipeline;
static GDate date;   /* 2024-12-07 */

static FlMap *
styled_map(const FlTheatre *theatre, const char *cache_dir, const FlStyle *style)
{
  FlMapOptions options;
  GError *error = NULL;
  fl_map_options_init(&options);
  options.width = 960;
  options.height = 540;
  options.cache_dir = cache_dir;
  options.style = style;
  FlMap *map = fl_map_new(theatre, &options, &error);
  g_assert_no_error(error);
  return map;
}

static FlMap *
map_with_cache(const FlTheatre *theatre, const char *cache_dir)
{
  return styled_map(theatre, cache_dir, NULL);
}

/* Whether a plan of map for the date drawn finds its pictures in the cache (looked at, not
 * drawn, so the cache is left as it is). */
static gboolean
pictures_found(const FlMap *map, const GDate *when)
{
  FlPlan *plan = fl_plan_new(map, pipeline->control, when, 1, 0, NULL);
  guint8 digest[32];
  g_assert_nonnull(plan);
  fl_cache_plan_digest(plan, digest);
  gboolean found = fl_cache_load_plan(plan, digest);
  fl_plan_free(plan);
  return found;
}

/* The map drawn into dir/name, as bytes. */
static GBytes *
drawn(const FlMap *map, const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  GError *error = NULL;
  FlPlan *plan = fl_plan_new(map, pipeline->control, &date, 1, FL_PLAN_ALL, &error);
  g_assert_no_error(error);
  fl_map_render(map, plan, pipeline->reports, &date, path, &error);
  g_assert_no_error(error);
  fl_plan_free(plan);
  return fl_test_read_bytes(path);
}

/* The map drawn in full (no pictures: its labels laid out or from the cache) into dir/name, as
 * bytes; labelled says whether the labels came from the cache. */
static GBytes *
drawn_in_full(const FlMap *map, const char *dir, const char *name, gboolean *labelled)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  GError *error = NULL;
  if (labelled) {   /* looked at first, as the plan will find it */
    guint8 digest[32];
    FlPlan *probe = fl_plan_new(map, pipeline->control, &date, 1, 0, NULL);
    fl_cache_plan_digest(probe, digest);
    *labelled = fl_cache_load_labels(probe, digest);
    fl_plan_free(probe);
  }
  FlPlan *plan = fl_plan_new(map, pipeline->control, &date, 1, FL_PLAN_LABELS, &error);
  g_assert_no_error(error);
  fl_map_render(map, plan, pipeline->reports, &date, path, &error);
  g_assert_no_error(error);
  fl_plan_free(plan);
  return fl_test_read_bytes(path);
}

/* What the cache in dir holds for map. */
static FlCached
cached(const FlMap *map, const char *dir)
{
  const FlTheatre *theatre = map->theatre;
  double extent[4] = {theatre->west, theatre->south, theatre->east, theatre->north};
  FlCacheKey key;
  FlMap *probe = g_new0(FlMap, 1);
  FlCached what = FL_CACHED_NOTHING;

  *probe = (FlMap){.theatre = theatre, .width = map->width, .height = map->height,
                   .unit = map->unit, .png_scale = map->png_scale, .style = map->style};
  if (fl_cache_key_init(&key, probe, dir, theatre->projection, extent))
    what = fl_cache_load(probe, &key);
  fl_cache_key_clear(&key);
  probe->style = NULL;
  fl_map_free(probe);
  return what;
}

/* The one cache file in dir whose name ends with suffix (".cache": the map's, ".plan": its
 * plan's). Newly allocated. */
static char *
cache_file(const char *dir, const char *suffix)
{
  GDir *listing = g_dir_open(dir, 0, NULL);
  char *path = NULL;
  g_assert_nonnull(listing);
  for (const char *name; (name = g_dir_read_name(listing));) {
    if (!g_str_has_suffix(name, suffix))
      continue;
    g_assert_null(path);
    path = g_build_filename(dir, name, NULL);
  }
  g_assert_nonnull(path);
  g_dir_close(listing);
  return path;
}

static void
assert_same_bytes(GBytes *got, GBytes *expected, const char *what)
{
  if (!g_bytes_equal(got, expected))
    g_error("%s: %zu bytes differ from the %zu expected", what, g_bytes_get_size(got),
            g_bytes_get_size(expected));
}

/* Fresh, from the cache, and without any cache: the same PNG and SVG, and the map from the
 * cache was made without PROJ. */
static void
test_same_bytes(void)
{
  g_autofree char *dir = fl_test_scratch_dir("cache-same");
  g_autofree char *cache = g_build_filename(dir, "cache", NULL);

  FlMap *fresh = map_with_cache(pipeline->theatre, cache);
  g_autoptr(GBytes) fresh_png = drawn(fresh, dir, "fresh.png");
  g_autoptr(GBytes) fresh_svg = drawn(fresh, dir, "fresh.svg");
  g_assert_cmpint(cached(fresh, cache), ==, FL_CACHED_ALL);
  fl_map_free(fresh);

  FlMap *warm = map_with_cache(pipeline->theatre, cache);
  g_assert_null(warm->projection.to_map);   /* restored, not computed */
  g_autoptr(GBytes) warm_png = drawn(warm, dir, "warm.png");
  g_autoptr(GBytes) warm_svg = drawn(warm, dir, "warm.svg");
  fl_map_free(warm);

  FlMap *none = map_with_cache(pipeline->theatre, NULL);
  g_autoptr(GBytes) none_png = drawn(none, dir, "none.png");
  fl_map_free(none);

  assert_same_bytes(warm_png, fresh_png, "PNG from the cache");
  assert_same_bytes(warm_svg, fresh_svg, "SVG from the cache");
  assert_same_bytes(none_png, fresh_png, "PNG without a cache");
  fl_test_remove_tree(dir);
}

/* The pictures of a PNG page are kept once drawn and found by the next map of the same style;
 * another style draws its own, the same as without a cache. */
static void
test_pictures(void)
{
  g_autofree char *dir = fl_test_scratch_dir("cache-pictures");
  g_autofree char *cache = g_build_filename(dir, "cache", NULL);
  g_autofree char *dark_path = fl_test_source_path("styles/dark.ini");
  GError *error = NULL;
  FlStyle *dark = fl_style_load(dark_path, &error);
  g_assert_no_error(error);

  FlMap *first = map_with_cache(pipeline->theatre, cache);
  g_autoptr(GBytes) first_png = drawn(first, dir, "first.png");
  fl_map_free(first);
  FlMap *again = map_with_cache(pipeline->theatre, cache);
  g_assert_true(pictures_found(again, &date));
  g_autoptr(GBytes) again_png = drawn(again, dir, "again.png");
  assert_same_bytes(again_png, first_png, "PNG from the cached pictures");
  fl_map_free(again);
  /* another date has other arrow heads for the labels to keep clear of */
  GDate earlier = date;
  g_date_subtract_days(&earlier, 3);
  FlMap *other = map_with_cache(pipeline->theatre, cache);
  g_assert_false(pictures_found(other, &earlier));
  fl_map_free(other);

  FlMap *styled = styled_map(pipeline->theatre, cache, dark);
  g_assert_false(pictures_found(styled, &date));
  g_autoptr(GBytes) styled_png = drawn(styled, dir, "dark.png");
  fl_map_free(styled);
  FlMap *none = styled_map(pipeline->theatre, NULL, dark);
  g_autoptr(GBytes) none_png = drawn(none, dir, "dark-none.png");
  fl_map_free(none);
  assert_same_bytes(styled_png, none_png, "another style");
  FlMap *dark_again = styled_map(pipeline->theatre, cache, dark);
  g_assert_true(pictures_found(dark_again, &date));
  fl_map_free(dark_again);
  fl_style_free(dark);
  fl_test_remove_tree(dir);
}

/* A place or a faction named otherwise: the pictures (labels, the legend's room) are drawn
 * again; named back, the first ones are found. */
static void
test_pictures_names(void)
{
  g_autofree char *dir = fl_test_scratch_dir("cache-names");
  FlMap *map = map_with_cache(pipeline->theatre, dir);
  g_autoptr(GBytes) first = drawn(map, dir, "first.png");
  fl_map_free(map);
  FlPlace *place = NULL;
  for (guint i = 0; i < pipeline->theatre->places->len && !place; i++)
    if (g_str_equal(((FlPlace *)pipeline->theatre->places->pdata[i])->id, "homs"))
      place = pipeline->theatre->places->pdata[i];
  g_assert_nonnull(place);
  FlFaction *faction = pipeline->theatre->factions->pdata[0];
  char **french = NULL;   /* the slot of the place's French name */
  for (guint n = 0; place->names[n] && !french; n += 2)
    if (g_str_equal(place->names[n], "fr"))
      french = &place->names[n + 1];
  g_assert_nonnull(french);
  char **label = NULL;    /* and of the faction's French label */
  for (guint n = 0; faction->labels[n] && !label; n += 2)
    if (g_str_equal(faction->labels[n], "fr"))
      label = &faction->labels[n + 1];
  g_assert_nonnull(label);
  char **names[] = {french, label};

  for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
    char *name = *names[i];
    *names[i] = (char *)"Renamed";
    FlMap *renamed = map_with_cache(pipeline->theatre, dir);
    g_assert_false(pictures_found(renamed, &date));
    fl_map_free(renamed);
    *names[i] = name;
  }
  FlMap *again = map_with_cache(pipeline->theatre, dir);
  g_assert_true(pictures_found(again, &date));
  g_autoptr(GBytes) second = drawn(again, dir, "again.png");
  assert_same_bytes(second, first, "names back");
  fl_map_free(again);
  fl_test_remove_tree(dir);
}

/* The base map damaged after its map was cached: the cache is not used, the map is refused
 * as without a cache. Written again as it was: the map is prepared afresh, the same. */
static void
test_basemap_changed(void)
{
  g_autofree char *dir = fl_test_scratch_dir("cache-basemap");
  g_autofree char *theatre_dir = g_build_filename(dir, "theatre", NULL);
  g_autofree char *cache = g_build_filename(dir, "cache", NULL);
  g_autofree char *basemap = NULL;
  GError *error = NULL;

  g_assert_cmpint(g_mkdir_with_parents(theatre_dir, 0755), ==, 0);
  basemap = fl_test_copy_theatre(theatre_dir, TRUE);
  g_autoptr(GBytes) real = fl_test_read_bytes(basemap);
  FlTheatre *theatre = fl_theatre_load(theatre_dir, &error);
  g_assert_no_error(error);
  FlMap *map = map_with_cache(theatre, cache);
  g_autoptr(GBytes) before = drawn(map, dir, "before.png");
  g_assert_cmpint(cached(map, cache), ==, FL_CACHED_ALL);

  gsize len = g_bytes_get_size(real);
  guint8 *damaged = g_memdup2(g_bytes_get_data(real, NULL), len);
  memset(damaged + len / 2, 0x5a, MIN(65536, len / 4));
  g_assert_true(g_file_set_contents(basemap, (const char *)damaged, (gssize)len, NULL));
  g_free(damaged);
  g_assert_cmpint(cached(map, cache), ==, FL_CACHED_NOTHING);
  FlMapOptions options;
  fl_map_options_init(&options);
  options.width = 960;
  options.height = 540;
  options.cache_dir = cache;
  g_assert_null(fl_map_new(theatre, &options, &error));
  g_assert_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_BASEMAP);
  g_clear_error(&error);

  g_assert_true(g_file_set_contents(basemap, g_bytes_get_data(real, NULL), (gssize)len, NULL));
  FlMap *again = map_with_cache(theatre, cache);
  g_assert_nonnull(again->projection.to_map);   /* prepared afresh */
  g_autoptr(GBytes) after = drawn(again, dir, "after.png");
  assert_same_bytes(after, before, "the base map written again");
  fl_map_free(again);
  fl_map_free(map);
  fl_theatre_free(theatre);
  fl_test_remove_tree(dir);
}

/* A place moved: the base layers still come from the cache, the zones are prepared again. */
static void
test_places_changed(void)
{
  g_autofree char *dir = fl_test_scratch_dir("cache-places");
  FlMap *map = map_with_cache(pipeline->theatre, dir);
  FlPlace *place = pipeline->theatre->places->pdata[0];
  double lon = place->lon;

  place->lon += 0.01;
  g_assert_cmpint(cached(map, dir), ==, FL_CACHED_BASE);
  FlMap *moved = map_with_cache(pipeline->theatre, dir);
  g_assert_cmpint(cached(map, dir), ==, FL_CACHED_ALL);
  place->lon = lon;
  g_assert_cmpint(cached(map, dir), ==, FL_CACHED_BASE);
  fl_map_free(moved);
  fl_map_free(map);
  fl_test_remove_tree(dir);
}

/* Short, damaged, foreign and empty cache files: the map is prepared afresh, the same, and the
 * file replaced by a good one. */
static void
test_damaged(void)
{
  g_autofree char *dir = fl_test_scratch_dir("cache-damaged");
  g_autofree char *cache = g_build_filename(dir, "cache", NULL);
  FlMap *map = map_with_cache(pipeline->theatre, cache);
  g_autoptr(GBytes) expected = drawn(map, dir, "expected.png");
  g_autofree char *path = cache_file(cache, ".cache");
  g_autoptr(GBytes) good = fl_test_read_bytes(path);
  gsize len = g_bytes_get_size(good);
  const guint8 *bytes = g_bytes_get_data(good, NULL);
  guint8 *flipped = g_memdup2(bytes, len), *header = g_memdup2(bytes, len);

  flipped[len / 2] ^= 0x10;
  header[12] ^= 0x01;   /* the CRC */
  const struct {
    const char *what;
    const void *bytes;
    gsize len;
  } cases[] = {
    {"truncated", bytes, len / 2}, {"header only", bytes, 32},  {"short header", bytes, 10},
    {"a byte changed", flipped, len}, {"a CRC changed", header, len},
    {"foreign", "not a cache at all, but long enough to hold a header\n", 54}, {"empty", "", 0},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_test_message("%s", cases[i].what);
    g_assert_true(g_file_set_contents(path, cases[i].bytes, (gssize)cases[i].len, NULL));
    g_assert_cmpint(cached(map, cache), ==, FL_CACHED_NOTHING);
    FlMap *again = map_with_cache(pipeline->theatre, cache);
    g_autoptr(GBytes) got = drawn(again, dir, "got.png");
    assert_same_bytes(got, expected, cases[i].what);
    g_assert_cmpint(cached(again, cache), ==, FL_CACHED_ALL);
    fl_map_free(again);
  }
  g_free(flipped);
  g_free(header);
  fl_map_free(map);
  fl_test_remove_tree(dir);
}

/* The plan's file damaged: its pictures are not trusted but drawn again, the same, and the file
 * replaced by a good one; the map's file is still used. */
static void
test_damaged_plan(void)
{
  g_autofree char *dir = fl_test_scratch_dir("cache-damaged-plan");
  g_autofree char *cache = g_build_filename(dir, "cache", NULL);
  FlMap *map = map_with_cache(pipeline->theatre, cache);
  g_autoptr(GBytes) expected = drawn(map, dir, "expected.png");
  g_autofree char *path = cache_file(cache, ".plan");
  g_autoptr(GBytes) good = fl_test_read_bytes(path);
  gsize len = g_bytes_get_size(good);
  guint8 *flipped = g_memdup2(g_bytes_get_data(good, NULL), len);

  g_assert_true(pictures_found(map, &date));
  flipped[len / 2] ^= 0x10;
  g_assert_true(g_file_set_contents(path, (const char *)flipped, (gssize)len, NULL));
  g_assert_false(pictures_found(map, &date));
  FlMap *again = map_with_cache(pipeline->theatre, cache);
  g_assert_null(again->projection.to_map);   /* the map's own file still holds */
  g_autoptr(GBytes) got = drawn(again, dir, "got.png");
  assert_same_bytes(got, expected, "pictures drawn again");
  g_assert_true(pictures_found(again, &date));
  fl_map_free(again);
  g_free(flipped);
  fl_map_free(map);
  fl_test_remove_tree(dir);
}

/* The labels of a page drawn in full are kept once laid out and found by the next map, which
 * draws the same SVG and PDF as without a cache; a damaged labels file or another style lays
 * them out again, the same as without a cache. */
static void
test_labels(void)
{
  g_autofree char *dir = fl_test_scratch_dir("cache-labels");
  g_autofree char *cache = g_build_filename(dir, "cache", NULL);
  g_autofree char *dark_path = fl_test_source_path("styles/dark.ini");
  GError *error = NULL;
  FlStyle *dark = fl_style_load(dark_path, &error);
  gboolean labelled = TRUE;
  g_assert_no_error(error);

  FlMap *none = map_with_cache(pipeline->theatre, NULL);
  g_autoptr(GBytes) none_svg = drawn_in_full(none, dir, "none.svg", NULL);
  g_autoptr(GBytes) none_pdf = drawn_in_full(none, dir, "none.pdf", NULL);
  fl_map_free(none);
  FlMap *first = map_with_cache(pipeline->theatre, cache);
  g_autoptr(GBytes) first_svg = drawn_in_full(first, dir, "first.svg", &labelled);
  g_assert_false(labelled);   /* laid out, then kept */
  fl_map_free(first);
  FlMap *again = map_with_cache(pipeline->theatre, cache);
  g_autoptr(GBytes) again_svg = drawn_in_full(again, dir, "again.svg", &labelled);
  g_assert_true(labelled);
  g_autoptr(GBytes) again_pdf = drawn_in_full(again, dir, "again.pdf", &labelled);
  g_assert_true(labelled);
  fl_map_free(again);
  assert_same_bytes(first_svg, none_svg, "SVG laid out with a cache");
  assert_same_bytes(again_svg, none_svg, "SVG from the cached labels");
  assert_same_bytes(again_pdf, none_pdf, "PDF from the cached labels");

  g_autofree char *path = cache_file(cache, ".labels");
  g_autoptr(GBytes) good = fl_test_read_bytes(path);
  gsize len = g_bytes_get_size(good);
  guint8 *flipped = g_memdup2(g_bytes_get_data(good, NULL), len);
  flipped[len / 2] ^= 0x10;
  g_assert_true(g_file_set_contents(path, (const char *)flipped, (gssize)len, NULL));
  g_free(flipped);
  FlMap *damaged = map_with_cache(pipeline->theatre, cache);
  g_autoptr(GBytes) damaged_svg = drawn_in_full(damaged, dir, "damaged.svg", &labelled);
  g_assert_false(labelled);
  assert_same_bytes(damaged_svg, none_svg, "labels laid out again");
  g_autoptr(GBytes) replaced_svg = drawn_in_full(damaged, dir, "replaced.svg", &labelled);
  g_assert_true(labelled);   /* the file replaced by a good one */
  fl_map_free(damaged);

  FlMap *styled = styled_map(pipeline->theatre, cache, dark);
  g_autoptr(GBytes) styled_svg = drawn_in_full(styled, dir, "dark.svg", &labelled);
  g_assert_false(labelled);
  fl_map_free(styled);
  FlMap *dark_none = styled_map(pipeline->theatre, NULL, dark);
  g_autoptr(GBytes) dark_none_svg = drawn_in_full(dark_none, dir, "dark-none.svg", NULL);
  fl_map_free(dark_none);
  assert_same_bytes(styled_svg, dark_none_svg, "another style");
  fl_style_free(dark);
  fl_test_remove_tree(dir);
}

/* The legend is one of a PNG plan's pictures when it is the same on every date: a plan of one
 * date counts its row of changes from that date's situation, and the pictures of two dates
 * whose rows differ are not found for each other; a plan of two dates draws it on each. */
static void
test_legend_picture(void)
{
  g_autofree char *dir = fl_test_scratch_dir("cache-legend");
  FlMap *map = map_with_cache(pipeline->theatre, dir);
  GDate dates[2] = {date, date};
  const FlSituation *changes = NULL;
  guint8 one[32], other[32];

  g_date_subtract_days(&dates[0], 1);
  FlPlan *plan = fl_plan_new(map, pipeline->control, &date, 1, 0, NULL);
  g_assert_true(plan->legend->changes);   /* the example reports change hands */
  g_assert_true(fl_pictures_legend(plan, &changes));
  g_assert_true(changes == fl_plan_situation(plan, &date));
  fl_cache_plan_digest(plan, one);
  fl_plan_free(plan);
  plan = fl_plan_new(map, pipeline->control, &dates[0], 1, 0, NULL);
  fl_cache_plan_digest(plan, other);
  fl_plan_free(plan);
  g_assert_true(memcmp(one, other, sizeof one) != 0);
  plan = fl_plan_new(map, pipeline->control, dates, 2, 0, NULL);
  g_assert_false(fl_pictures_legend(plan, &changes));
  g_assert_null(changes);
  fl_plan_free(plan);
  fl_map_free(map);
  fl_test_remove_tree(dir);
}

/* A cache folder that cannot be made (under a file): the map is the same, nothing is written. */
static void
test_unwritable(void)
{
  g_autofree char *dir = fl_test_scratch_dir("cache-unwritable");
  g_autofree char *file = fl_test_write_file(dir, "file", "x", 1);
  g_autofree char *cache = g_build_filename(file, "cache", NULL);
  FlMap *map = map_with_cache(pipeline->theatre, cache);
  FlMap *none = map_with_cache(pipeline->theatre, NULL);
  g_autoptr(GBytes) got = drawn(map, dir, "got.png");
  g_autoptr(GBytes) expected = drawn(none, dir, "expected.png");
  assert_same_bytes(got, expected, "an unwritable cache");
  g_assert_false(g_file_test(cache, G_FILE_TEST_EXISTS));
  fl_map_free(none);
  fl_map_free(map);
  fl_test_remove_tree(dir);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  pipeline = fl_test_run_examples();
  g_date_clear(&date, 1);
  g_date_set_dmy(&date, 7, G_DATE_DECEMBER, 2024);
  g_test_add_func("/cache/same-bytes", test_same_bytes);
  g_test_add_func("/cache/pictures", test_pictures);
  g_test_add_func("/cache/pictures-names", test_pictures_names);
  g_test_add_func("/cache/basemap-changed", test_basemap_changed);
  g_test_add_func("/cache/places-changed", test_places_changed);
  g_test_add_func("/cache/damaged-plan", test_damaged_plan);
  g_test_add_func("/cache/labels", test_labels);
  g_test_add_func("/cache/legend-picture", test_legend_picture);
  g_test_add_func("/cache/damaged", test_damaged);
  g_test_add_func("/cache/unwritable", test_unwritable);
  int status = g_test_run();
  fl_pipeline_free(pipeline);
  return status;
}
