/* test-ground-export.c - the zones, front line and arrows of a date as GIS layers (lon/lat), checked
 * against what the map draws (page units): the same ground, the same line, the same arrows. */
#include <frontline/frontline.h>

#include "ground.h"
#include "harness.h"
#include "render-internal.h"

#include <math.h>

static FlPipeline *pipeline;
static FlMap *map;
static GEOSContextHandle_t geos;

static const char *
faction_id(gint f)
{
  return f >= 0 ? ((const FlFaction *)pipeline->theatre->factions->pdata[f])->id : "";
}

/* Column column of feature row of layer. */
static const char *
value(const FlGisLayer *layer, guint row, const char *column)
{
  for (guint c = 0; c < layer->n_columns; c++)
    if (g_str_equal(layer->columns[c].name, column))
      return layer->values->pdata[row * layer->n_columns + c];
  g_error("layer %s has no column %s", layer->name, column);
}

static GEOSGeometry *
geometry(const FlGisLayer *layer, guint row)
{
  gsize size = 0;
  const guchar *wkb = g_bytes_get_data(layer->wkb->pdata[row], &size);
  GEOSWKBReader *reader = GEOSWKBReader_create_r(geos);
  GEOSGeometry *read = GEOSWKBReader_read_r(geos, reader, wkb, size);
  GEOSWKBReader_destroy_r(geos, reader);
  g_assert_nonnull(read);
  return read;
}

/* Every point of a lon/lat line on the page, interleaved; *n points. */
static double *
page_points(const GEOSGeometry *line, unsigned int *n)
{
  const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(geos, line);
  GEOSCoordSeq_getSize_r(geos, seq, n);
  double *xy = g_new(double, 2 * MAX(*n, 1));
  GEOSCoordSeq_copyToBuffer_r(geos, seq, xy, 0, 0);
  for (unsigned int i = 0; i < *n; i++)
    g_assert_true(fl_map_project(map, xy[2 * i], xy[2 * i + 1], &xy[2 * i], &xy[2 * i + 1]));
  return xy;
}

typedef struct {
  FlSituation *situation;
  FlGisLayer zones, front, arrows;
  char date[11];
} Day;

static void
day_init(Day *day, const FlControl *control, const char *date_text)
{
  GDate date;
  GError *error = NULL;
  g_assert_true(fl_date_parse_iso(date_text, &date, NULL));
  g_strlcpy(day->date, date_text, sizeof day->date);
  day->situation = fl_situation_new(map, control, &date, NULL, &error);
  g_assert_no_error(error);
  g_assert_true(fl_ground_layers(map, control, &date, &day->zones, &day->front, &day->arrows,
                                 &error));
  g_assert_no_error(error);
}

static void
day_clear(Day *day)
{
  fl_situation_free(day->situation);
  fl_gis_layer_clear(&day->zones);
  fl_gis_layer_clear(&day->front);
  fl_gis_layer_clear(&day->arrows);
}

/* Every zone valid, one per faction and hold, dated; every theatre place lies in the zone of
 * the faction and hold the map's zones give its point, and in no zone where they give none. */
static void
check_zones(const Day *day)
{
  const FlTheatre *theatre = pipeline->theatre;
  guint n = fl_gis_layer_size(&day->zones);
  GEOSGeometry **zones = g_new(GEOSGeometry *, MAX(n, 1));
  guint in_zones = 0;

  for (guint z = 0; z < n; z++) {
    zones[z] = geometry(&day->zones, z);
    if (GEOSisValid_r(geos, zones[z]) != 1)
      g_error("%s: the zone of %s is not valid", day->date, value(&day->zones, z, "faction"));
    g_assert_cmpstr(value(&day->zones, z, "date"), ==, day->date);
    for (guint other = 0; other < z; other++)
      g_assert_false(
          g_str_equal(value(&day->zones, z, "faction"), value(&day->zones, other, "faction")) &&
          g_str_equal(value(&day->zones, z, "status"), value(&day->zones, other, "status")));
  }
  for (guint p = 0; p < theatre->places->len; p++) {
    const FlPlace *place = theatre->places->pdata[p];
    if (!place->in_theatre || isnan(map->place_xy[p].x))
      continue;
    gboolean contested = FALSE;
    gint expected = fl_situation_zone_at(day->situation, map->place_xy[p], &contested);
    GEOSGeometry *point = GEOSGeom_createPointFromXY_r(geos, place->lon, place->lat);
    GString *found = g_string_new(NULL);
    for (guint z = 0; z < n; z++)
      if (GEOSContains_r(geos, zones[z], point) == 1)
        g_string_append_printf(found, "%s%s/%s", found->len ? " " : "",
                               value(&day->zones, z, "faction"), value(&day->zones, z, "status"));
    g_autofree char *wanted = expected >= 0 ? g_strdup_printf("%s/%s", faction_id(expected),
                                                              contested ? "contested" : "held")
                                            : g_strdup("");
    if (!g_str_equal(found->str, wanted))
      g_error("%s: %s is in the zones '%s', the map's zones give '%s'", day->date, place->id,
              found->str, wanted);
    in_zones += expected >= 0;
    g_string_free(found, TRUE);
    GEOSGeom_destroy_r(geos, point);
  }
  g_assert_cmpuint(in_zones, >, 100);
  for (guint z = 0; z < n; z++)
    GEOSGeom_destroy_r(geos, zones[z]);
  g_free(zones);
}

/* The front line, back on the page, is the map's to the length; each part has its left
 * faction on its left and its right one on its right, the left one first in the theatre. */
static void
check_front(const Day *day)
{
  double length = 0, map_length = 0;

  for (guint f = 0; f < fl_gis_layer_size(&day->front); f++) {
    gint left = fl_theatre_find_faction(pipeline->theatre, value(&day->front, f, "left_faction"));
    gint right = fl_theatre_find_faction(pipeline->theatre,
                                         value(&day->front, f, "right_faction"));
    g_assert_cmpint(left, >=, 0);
    g_assert_cmpint(left, <, right);
    g_assert_false(fl_theatre_allied(pipeline->theatre, left, right));
    g_assert_cmpstr(value(&day->front, f, "date"), ==, day->date);
    GEOSGeometry *lines = geometry(&day->front, f);
    for (int i = 0; i < GEOSGetNumGeometries_r(geos, lines); i++) {
      unsigned int n = 0;
      double *xy = page_points(GEOSGetGeometryN_r(geos, lines, i), &n);
      guint longest = 0;
      double longest_length = 0;
      for (unsigned int k = 0; k + 1 < n; k++) {
        double d = hypot(xy[2 * k + 2] - xy[2 * k], xy[2 * k + 3] - xy[2 * k + 1]);
        length += d;
        if (d > longest_length)
          longest = k, longest_length = d;
      }
      /* the left of the way on the page, whose y grows downwards: (dy, -dx) */
      double dx = (xy[2 * longest + 2] - xy[2 * longest]) / longest_length;
      double dy = (xy[2 * longest + 3] - xy[2 * longest + 1]) / longest_length;
      FlPagePoint middle = {(xy[2 * longest] + xy[2 * longest + 2]) / 2,
                            (xy[2 * longest + 1] + xy[2 * longest + 3]) / 2};
      g_assert_cmpstr(faction_id(fl_situation_zone_at(
                          day->situation, (FlPagePoint){middle.x + 0.1 * dy, middle.y - 0.1 * dx},
                          NULL)),
                      ==, faction_id(left));
      g_assert_cmpstr(faction_id(fl_situation_zone_at(
                          day->situation, (FlPagePoint){middle.x - 0.1 * dy, middle.y + 0.1 * dx},
                          NULL)),
                      ==, faction_id(right));
      g_free(xy);
    }
    GEOSGeom_destroy_r(geos, lines);
  }
  if (day->situation->front)
    GEOSLength_r(geos, day->situation->front, &map_length);
  if (fabs(length - map_length) > 1e-6 * MAX(map_length, 1))
    g_error("%s: the front is %.6f page units long, the map's %.6f", day->date, length,
            map_length);
}

/* One line per arrow (axis) of the map, from its tail to its head, with its places and the
 * days of its first and latest captures. */
static void
check_arrows(const Day *day)
{
  const GArray *arrows = day->situation->arrows;

  g_assert_cmpuint(fl_gis_layer_size(&day->arrows), ==, arrows->len);
  for (guint i = 0; i < arrows->len; i++) {
    const FlArrow *arrow = &g_array_index(arrows, FlArrow, i);
    const FlPlace *to = pipeline->theatre->places->pdata[arrow->target];
    const FlPlace *from = pipeline->theatre->places->pdata[arrow->origin];
    char first[11], last[11];
    g_assert_cmpstr(value(&day->arrows, i, "to_place"), ==, to->id);
    g_assert_cmpstr(value(&day->arrows, i, "from_place"), ==, from->id);
    g_assert_cmpstr(value(&day->arrows, i, "faction"), ==, faction_id(arrow->faction));
    g_assert_cmpstr(value(&day->arrows, i, "first_capture"), ==,
                    fl_date_format_iso(&arrow->first, first));
    g_assert_cmpstr(value(&day->arrows, i, "last_capture"), ==,
                    fl_date_format_iso(&arrow->date, last));
    g_assert_cmpstr(value(&day->arrows, i, "date"), ==, day->date);
    GEOSGeometry *line = geometry(&day->arrows, i);
    unsigned int n = 0;
    double *xy = page_points(line, &n);
    g_assert_cmpuint(n, >=, 2);
    g_assert_cmpuint(n, ==, FL_ARROW_POINTS);
    g_assert_cmpfloat_with_epsilon(xy[0], arrow->points[0].x, 1e-6);
    g_assert_cmpfloat_with_epsilon(xy[1], arrow->points[0].y, 1e-6);
    g_assert_cmpfloat_with_epsilon(xy[2 * n - 2], arrow->points[n - 1].x, 1e-6);
    g_assert_cmpfloat_with_epsilon(xy[2 * n - 1], arrow->points[n - 1].y, 1e-6);
    g_free(xy);
    GEOSGeom_destroy_r(geos, line);
  }
}

/* Every day of the campaign, as the map draws it. */
static void
test_campaign(void)
{
  GDate date;
  g_date_set_dmy(&date, 26, G_DATE_NOVEMBER, 2024);
  for (int d = 0; d < 13; d++, g_date_add_days(&date, 1)) {
    Day day;
    char iso[11];
    day_init(&day, pipeline->control, fl_date_format_iso(&date, iso));
    /* several factions; on 8 December the government ends and its ground passes on */
    guint n = fl_gis_layer_size(&day.zones);
    g_assert_cmpuint(n, >=, d < 12 ? 5 : 3);
    for (guint z = 0; d == 12 && z < n; z++)
      g_assert_cmpstr(value(&day.zones, z, "faction"), !=, "government");
    check_zones(&day);
    check_front(&day);
    check_arrows(&day);
    day_clear(&day);
  }
}

/* Contested and besieged ground is a zone of its own, status "contested". */
static void
test_contested(void)
{
  g_autofree char *dir = fl_test_scratch_dir("ground-contested");
  g_autofree char *path = fl_test_write_file(
      dir, "corrections.tsv",
      "date\tplace_id\tfaction\tstatus\tnote\n"
      "2024-12-07\thama\trebels\tcontested\t\n"
      "2024-12-07\thoms\tgovernment\tbesieged\t\n",
      -1);
  GError *error = NULL;
  GPtrArray *corrections =
      fl_corrections_load(pipeline->theatre, pipeline->gazetteer, path, &error);
  g_assert_no_error(error);
  FlControl *control = fl_control_new(pipeline->theatre, pipeline->events, corrections);
  Day day;
  day_init(&day, control, "2024-12-07");
  check_zones(&day);
  check_front(&day);
  guint contested = 0;
  for (guint z = 0; z < fl_gis_layer_size(&day.zones); z++)
    contested += g_str_equal(value(&day.zones, z, "status"), "contested");
  g_assert_cmpuint(contested, ==, 2);   /* the rebels' at Hama, the government's at Homs */
  day_clear(&day);
  fl_control_free(control);
  g_ptr_array_unref(corrections);
}

int
main(int argc, char **argv)
{
  GError *error = NULL;
  int status;

  g_test_init(&argc, &argv, NULL);
  pipeline = fl_test_run_examples();
  map = fl_map_new(pipeline->theatre, NULL, &error);   /* the default page, as exports make it */
  g_assert_no_error(error);
  geos = GEOS_init_r();
  g_test_add_func("/ground/campaign", test_campaign);
  g_test_add_func("/ground/contested", test_contested);
  status = g_test_run();
  GEOS_finish_r(geos);
  fl_map_free(map);
  fl_pipeline_free(pipeline);
  return status;
}
