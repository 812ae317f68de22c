/* test-ground.c - the theatre's [ground] settings as the map's zones use them, on the small
 * theatres tests/data/ground (defaults) and tests/data/ground-narrow (rivers of WDBII level 3
 * part the ground; a town reaches 25 km): checked on the geometry the map draws. */
#include <frontline/frontline.h>

#include "harness.h"
#include "render-internal.h"

/* A theatre of tests/data, its control (the baseline alone) and map. */
typedef struct {
  FlTheatre *theatre;
  FlControl *control;
  FlMap *map;
  FlSituation *situation;   /* on the baseline date */
} Ground;

static void
ground_open(Ground *ground, const char *name)
{
  g_autofree char *relative = g_strconcat("tests/data/", name, NULL);
  g_autofree char *dir = fl_test_source_path(relative);
  GError *error = NULL;
  FlMapOptions options;

  ground->theatre = fl_theatre_load(dir, &error);
  g_assert_no_error(error);
  ground->control = fl_control_new(ground->theatre, g_ptr_array_new(), NULL);
  fl_map_options_init(&options);
  ground->map = fl_map_new(ground->theatre, &options, &error);
  g_assert_no_error(error);
  ground->situation = fl_situation_new(ground->map, ground->control,
                                       &ground->theatre->baseline_date, NULL, &error);
  g_assert_no_error(error);
}

static void
ground_close(Ground *ground)
{
  fl_situation_free(ground->situation);
  fl_map_free(ground->map);
  fl_control_free(ground->control);
  fl_theatre_free(ground->theatre);
}

/* The faction whose zone covers lon/lat, by id, or "(no one)". */
static const char *
zone_at(const Ground *ground, double lon, double lat)
{
  FlPagePoint p;
  g_assert_true(fl_map_project(ground->map, lon, lat, &p.x, &p.y));
  gint f = fl_situation_zone_at(ground->situation, p, NULL);
  return f >= 0 ? ((const FlFaction *)ground->theatre->factions->pdata[f])->id : "(no one)";
}

/* Missing keys keep the defaults (the Syria theatre's values); given ones are read. */
static void
test_settings(void)
{
  Ground plain, narrow;
  ground_open(&plain, "ground");
  ground_open(&narrow, "ground-narrow");
  g_assert_cmpfloat(plain.theatre->ground.reach_km[FL_PLACE_TOWN], ==, 12);
  g_assert_cmpfloat(narrow.theatre->ground.reach_km[FL_PLACE_TOWN], ==, 25);
  g_assert_cmpfloat(narrow.theatre->ground.reach_km[FL_PLACE_CAPITAL], ==, 40);
  g_assert_cmphex(plain.theatre->ground.barrier_levels, ==, 1u << 1);
  g_assert_cmphex(narrow.theatre->ground.barrier_levels, ==, 1u << 1 | 1u << 3);
  ground_close(&narrow);
  ground_close(&plain);
}

/* A point 3 km east of the level-3 river, 9 km from the west bank's town and 14 from the east
 * bank's: the nearer town's ground when only the widest rivers part it, the east bank's town's
 * when the theatre names level 3 too. */
static void
test_narrow_river_parts(void)
{
  Ground plain, narrow;
  ground_open(&plain, "ground");
  ground_open(&narrow, "ground-narrow");
  g_assert_cmpstr(zone_at(&plain, 36.90, 35.00), ==, "blue");
  g_assert_cmpstr(zone_at(&narrow, 36.90, 35.00), ==, "red");
  /* the towns keep their own banks either way */
  g_assert_cmpstr(zone_at(&plain, 36.80, 35.00), ==, "blue");
  g_assert_cmpstr(zone_at(&narrow, 37.05, 35.00), ==, "red");
  /* and the front runs along the water: between the towns, it crosses the segment on the river */
  FlPagePoint west, east;
  g_assert_true(fl_map_project(narrow.map, 36.84, 35.0, &west.x, &west.y));
  g_assert_true(fl_map_project(narrow.map, 36.89, 35.0, &east.x, &east.y));
  g_assert_true(fl_situation_front_crosses(narrow.situation, west, east));
  g_assert_false(fl_situation_front_crosses(plain.situation, west, east));
  ground_close(&narrow);
  ground_close(&plain);
}

/* 20 km north of the east bank's town: beyond a town's 12 km (the settled area's closing of
 * [zones] smooth, 10 km, joins no other reach there), within 25 km. */
static void
test_reach_sets_settled_area(void)
{
  Ground plain, narrow;
  ground_open(&plain, "ground");
  ground_open(&narrow, "ground-narrow");
  g_assert_cmpstr(zone_at(&plain, 37.05, 35.18), ==, "(no one)");
  g_assert_cmpstr(zone_at(&narrow, 37.05, 35.18), ==, "red");
  ground_close(&narrow);
  ground_close(&plain);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/ground/settings", test_settings);
  g_test_add_func("/ground/narrow-river-parts", test_narrow_river_parts);
  g_test_add_func("/ground/reach-sets-settled-area", test_reach_sets_settled_area);
  return g_test_run();
}
