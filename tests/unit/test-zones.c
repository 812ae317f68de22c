/* test-zones.c - control zones, the front line and the advance arrows of the example reports,
 * checked on the geometry the map draws (page units), not on pixels. */
#include <frontline/frontline.h>

#include "harness.h"
#include "render-internal.h"

#include <math.h>

static FlPipeline *pipeline;
static FlMap *map;

static gint
place(const char *id)
{
  gint p = fl_theatre_find_place(pipeline->theatre, id);
  if (p < 0)
    g_error("no place '%s' in the theatre", id);
  return p;
}

static gint
faction(const char *id)
{
  gint f = fl_theatre_find_faction(pipeline->theatre, id);
  if (f < 0)
    g_error("no faction '%s' in the theatre", id);
  return f;
}

static const char *
faction_id(gint f)
{
  return f >= 0 ? ((const FlFaction *)pipeline->theatre->factions->pdata[f])->id : "(no one)";
}

static FlSituation *
situation_on(const FlControl *control, const char *date_text)
{
  GDate date;
  GError *error = NULL;
  g_assert_true(fl_date_parse_iso(date_text, &date, NULL));
  FlSituation *situation = fl_situation_new(map, control, &date, NULL, &error);
  g_assert_no_error(error);
  return situation;
}

/* The faction whose zone covers a place's point (or a lon/lat when id is NULL). */
static gint
zone_of(const FlSituation *situation, const char *id, double lon, double lat)
{
  FlPagePoint p;
  if (id) {
    p = map->place_xy[place(id)];
  } else {
    g_assert_true(fl_map_project(map, lon, lat, &p.x, &p.y));
  }
  return fl_situation_zone_at(situation, p, NULL);
}

static void
expect_zone(const FlSituation *situation, const char *date, const char *id, const char *expected)
{
  const char *got = faction_id(zone_of(situation, id, 0, 0));
  if (!g_str_equal(got, expected))
    g_error("%s: %s is in the zone of %s, expected %s", date, id, got, expected);
}

/* The areas analysts agree on come out of the baseline's places alone. */
static void
test_established_areas(void)
{
  FlSituation *situation = situation_on(pipeline->control, "2024-11-26");
  static const char *const expected[][2] = {
      {"idlib", "rebels"},       {"sarmada", "rebels"},  {"jisr-al-shughur", "rebels"},
      {"afrin", "sna"},          {"azaz", "sna"},        {"al-bab", "sna"},
      {"jarablus", "sna"},       {"raqqa", "sdf"},       {"hasakah", "sdf"},
      {"qamishli", "sdf"},       {"kobani", "sdf"},      {"manbij", "sdf"},
      {"aleppo", "government"},  {"hama", "government"}, {"homs", "government"},
      {"damascus", "government"}, {"deir-ez-zor", "government"}, {"palmyra", "government"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(expected); i++)
    expect_zone(situation, "2024-11-26", expected[i][0], expected[i][1]);
  /* the desert between Palmyra, as-Sukhnah and al-Tanf is the government's, as its baseline zone
   * (the country outside the others) and its towns are; 40 km north of al-Tanf, the SFA's 55 km
   * zone; the Golan west of the 1974 line is no faction's */
  g_assert_cmpint(zone_of(situation, NULL, 39.3, 34.2), ==, faction("government"));
  g_assert_cmpint(zone_of(situation, NULL, 37.9, 34.1), ==, faction("government"));
  g_assert_cmpint(zone_of(situation, NULL, 38.7, 33.85), ==, faction("sfa"));
  g_assert_cmpint(zone_of(situation, NULL, 35.75, 33.0), ==, -1);
  /* the north-east's steppe is the SDF's, far from its towns too */
  g_assert_cmpint(zone_of(situation, NULL, 40.9, 35.9), ==, faction("sdf"));
  /* across the Euphrates from Deir ez-Zor city, the SDF's bank */
  g_assert_cmpint(zone_of(situation, NULL, 40.23, 35.30), ==, faction("sdf"));
  g_assert_cmpint(zone_of(situation, NULL, 40.12, 35.30), ==, faction("government"));
  fl_situation_free(situation);
}

static void
test_aleppo_changes_hands(void)
{
  FlSituation *before = situation_on(pipeline->control, "2024-11-26");
  FlSituation *after = situation_on(pipeline->control, "2024-12-06");
  g_assert_cmpint(zone_of(before, "aleppo", 0, 0), ==, faction("government"));
  g_assert_cmpint(zone_of(after, "aleppo", 0, 0), ==, faction("rebels"));
  g_assert_cmpint(zone_of(after, "hama", 0, 0), ==, faction("rebels"));
  g_assert_cmpint(zone_of(after, "raqqa", 0, 0), ==, faction("sdf"));
  /* Homs is besieged on 6 December: the government's ground, contested */
  gboolean contested = FALSE;
  g_assert_cmpint(fl_situation_zone_at(after, map->place_xy[place("homs")], &contested), ==,
                  faction("government"));
  g_assert_true(contested);
  g_assert_cmpint(fl_situation_zone_at(after, map->place_xy[place("damascus")], &contested), ==,
                  faction("government"));
  g_assert_false(contested);
  fl_situation_free(after);
  fl_situation_free(before);
}

static void
test_front_line(void)
{
  FlSituation *before = situation_on(pipeline->control, "2024-11-26");
  FlSituation *after = situation_on(pipeline->control, "2024-12-06");
  FlPagePoint hama = map->place_xy[place("hama")], homs = map->place_xy[place("homs")];
  FlPagePoint idlib = map->place_xy[place("idlib")], saraqeb = map->place_xy[place("saraqib")];
  FlPagePoint damascus = map->place_xy[place("damascus")];
  FlPagePoint daraa = map->place_xy[place("daraa")];
  g_assert_nonnull(before->front);
  g_assert_nonnull(after->front);
  /* rebel-held Hama faces government-held Homs on 6 December, not on 26 November */
  g_assert_false(fl_situation_front_crosses(before, hama, homs));
  g_assert_true(fl_situation_front_crosses(after, hama, homs));
  /* the Idlib pocket's edge: rebel Idlib, government Saraqib */
  g_assert_true(fl_situation_front_crosses(before, idlib, saraqeb));
  /* no front inside one holder's ground */
  g_assert_false(fl_situation_front_crosses(after, damascus, daraa));
  /* none between allies (rebel Idlib, SNA Afrin); one between foes (SNA al-Bab, SDF Manbij) */
  FlPagePoint afrin = map->place_xy[place("afrin")], al_bab = map->place_xy[place("al-bab")];
  FlPagePoint manbij = map->place_xy[place("manbij")];
  g_assert_false(fl_situation_front_crosses(before, idlib, afrin));
  g_assert_true(fl_situation_front_crosses(before, al_bab, manbij));
  fl_situation_free(after);
  fl_situation_free(before);
}

/* Even-odd over the rings of the theatre's country in the countries layer. */
static gboolean
in_country(FlPagePoint p)
{
  const FlShapes *countries = &map->layers[FL_LAYER_COUNTRIES];
  gboolean inside = FALSE;
  for (guint s = 0; s < countries->shapes->len; s++) {
    const FlShape *shape = &g_array_index(countries->shapes, FlShape, s);
    for (guint k = 0; shape->attr == 1 && k < shape->n_parts; k++) {
      const FlPart *part = &g_array_index(countries->parts, FlPart, shape->first_part + k);
      const FlPagePoint *pts = &g_array_index(countries->points, FlPagePoint, part->first);
      for (guint i = 0, j = part->n - 1; i < part->n; j = i++)
        if ((pts[i].y > p.y) != (pts[j].y > p.y) &&
            p.x < (pts[j].x - pts[i].x) * (p.y - pts[i].y) / (pts[j].y - pts[i].y) + pts[i].x)
          inside = !inside;
    }
  }
  return inside;
}

/* Every point of every zone is in the theatre's country: a grid over the whole frame. */
static void
test_no_zone_outside(void)
{
  const char *dates[] = {"2024-11-26", "2024-12-08"};
  for (guint d = 0; d < G_N_ELEMENTS(dates); d++) {
    FlSituation *situation = situation_on(pipeline->control, dates[d]);
    guint zoned = 0;
    for (double y = map->frame.y + 2.5; y < map->frame.y + map->frame.height; y += 6) {
      for (double x = map->frame.x + 2.5; x < map->frame.x + map->frame.width; x += 6) {
        FlPagePoint p = {x, y};
        gint f = fl_situation_zone_at(situation, p, NULL);
        if (f < 0)
          continue;
        zoned++;
        if (!in_country(p))
          g_error("%s: %.1f,%.1f is in the zone of %s but outside the country", dates[d], x, y,
                  faction_id(f));
      }
    }
    g_assert_cmpuint(zoned, >, 1000);
    fl_situation_free(situation);
  }
}

/* Captures written as events: the arrows' rules on a control made here. */
static FlEvent *
capture(const char *place_name, const char *by, const char *date_text, guint line)
{
  FlEvent *event = g_new0(FlEvent, 1);
  event->place = (guint)place(place_name);
  event->faction = faction(by);
  event->kind = FL_EVENT_CAPTURE;
  event->factuality = FL_FACT_CONFIRMED;
  event->claimant = -1;
  g_assert_true(fl_date_parse_iso(date_text, &event->event_date, NULL));
  event->line = line;
  event->evidence = g_strdup_printf("%s takes %s", by, place_name);
  return event;
}

static void
free_event(gpointer event)
{
  g_free(((FlEvent *)event)->evidence);
  g_free(event);
}

/* On the baseline date, every point of the country but the occupied Golan, the lakes and the
 * reservoirs is some faction's ground: the baseline zones cover it, and their open ground has
 * the zones' factions. Lakes and the Golan are under 1.5% of the country. */
static void
test_no_hole(void)
{
  FlSituation *situation = situation_on(pipeline->control, "2024-11-26");
  guint in = 0, held = 0;
  for (double y = map->frame.y + 2.5; y < map->frame.y + map->frame.height; y += 6)
    for (double x = map->frame.x + 2.5; x < map->frame.x + map->frame.width; x += 6) {
      FlPagePoint p = {x, y};
      if (!in_country(p))
        continue;
      in++;
      held += fl_situation_zone_at(situation, p, NULL) >= 0;
    }
  g_test_message("%u of %u points of the country held", held, in);
  g_assert_cmpfloat((double)held / in, >, 0.985);
  fl_situation_free(situation);
}

/* Open ground goes with the towns of its zone: 40 km east of Palmyra, the desert is the
 * government's until the SFA takes Palmyra, then the SFA's, so Palmyra is no disc in the
 * desert: its region is more than twice its reach's disc. */
static void
test_open_ground_follows_towns(void)
{
  GPtrArray *events = g_ptr_array_new_with_free_func(free_event);
  g_ptr_array_add(events, capture("palmyra", "sfa", "2024-12-07", 1));
  FlControl *control = fl_control_new(pipeline->theatre, events, NULL);
  FlSituation *before = situation_on(control, "2024-12-06");
  FlSituation *after = situation_on(control, "2024-12-07");
  g_assert_cmpint(zone_of(before, NULL, 38.7, 34.55), ==, faction("government"));
  g_assert_cmpint(zone_of(after, NULL, 38.7, 34.55), ==, faction("sfa"));
  /* Palmyra's ground now meets the government's desert: a front runs between them */
  FlPagePoint palmyra = map->place_xy[place("palmyra")];
  FlPagePoint damascus = map->place_xy[place("damascus")];
  g_assert_false(fl_situation_front_crosses(before, palmyra, damascus));
  g_assert_true(fl_situation_front_crosses(after, palmyra, damascus));
  GDate date;
  GError *error = NULL;
  g_assert_true(fl_date_parse_iso("2024-12-07", &date, NULL));
  FlPlan *plan = fl_plan_new(map, control, &date, 1, 0, &error);
  g_assert_no_error(error);
  GArray *regions = fl_map_regions(map, plan, &date, &error);
  g_assert_no_error(error);
  fl_plan_free(plan);
  double reach = fl_theatre_reach_km(pipeline->theatre,
                                     pipeline->theatre->places->pdata[place("palmyra")]);
  const FlRegion *around = NULL;
  for (guint i = 0; i < regions->len; i++)
    if (g_array_index(regions, FlRegion, i).main_place == place("palmyra"))
      around = &g_array_index(regions, FlRegion, i);
  g_assert_nonnull(around);
  g_assert_cmpfloat(around->area_km2, >, 2 * G_PI * reach * reach);
  g_array_unref(regions);
  fl_situation_free(after);
  fl_situation_free(before);
  fl_control_free(control);
  g_ptr_array_unref(events);
}

static const char *
place_id(guint p)
{
  return ((const FlPlace *)pipeline->theatre->places->pdata[p])->id;
}

/* The regions of a faction (largest first), as fl_map_regions() gives them. */
static GArray *
regions_of(const char *date_text, const char *faction_text)
{
  GDate date;
  GError *error = NULL;
  g_assert_true(fl_date_parse_iso(date_text, &date, NULL));
  FlPlan *plan = fl_plan_new(map, pipeline->control, &date, 1, 0, &error);
  g_assert_no_error(error);
  GArray *all = fl_map_regions(map, plan, &date, &error);
  g_assert_no_error(error);
  fl_plan_free(plan);
  GArray *regions = g_array_new(FALSE, FALSE, sizeof(FlRegion));
  for (guint i = 0; i < all->len; i++)
    if (g_array_index(all, FlRegion, i).faction == faction(faction_text))
      g_array_append_val(regions, g_array_index(all, FlRegion, i));
  g_array_unref(all);
  return regions;
}

/* The rebels' ground on the baseline date is the Idlib pocket, one region of about 3,000 km²
 * (the pocket behind the 2020 ceasefire line), named by Idlib, its governorate seat. */
static void
test_regions(void)
{
  GArray *rebels = regions_of("2024-11-26", "rebels");
  g_assert_cmpuint(rebels->len, ==, 1);
  const FlRegion *pocket = &g_array_index(rebels, FlRegion, 0);
  g_assert_cmpstr(place_id((guint)pocket->main_place), ==, "idlib");
  g_assert_cmpfloat(pocket->area_km2, >, 2000);
  g_assert_cmpfloat(pocket->area_km2, <, 5000);
  g_assert_cmpuint(pocket->n_places, >, 10);
  g_array_unref(rebels);
  /* largest first */
  GArray *government = regions_of("2024-11-26", "government");
  for (guint i = 1; i < government->len; i++)
    g_assert_cmpfloat(g_array_index(government, FlRegion, i - 1).area_km2, >=,
                      g_array_index(government, FlRegion, i).area_km2);
  g_assert_cmpstr(place_id((guint)g_array_index(government, FlRegion, 0).main_place), ==,
                  "damascus");
  g_array_unref(government);
  /* the SFA's: the Syrian part of the 55 km round al-Tanf (9,500 km² in all, Jordan's and
   * Iraq's parts left out), one region */
  GArray *sfa = regions_of("2024-11-26", "sfa");
  g_assert_cmpuint(sfa->len, ==, 1);
  g_assert_cmpfloat(g_array_index(sfa, FlRegion, 0).area_km2, >, 6000);
  g_assert_cmpfloat(g_array_index(sfa, FlRegion, 0).area_km2, <, 9600);
  g_array_unref(sfa);
}

static const FlArrow *
arrow_to(const FlSituation *situation, const char *target)
{
  for (guint i = 0; i < situation->arrows->len; i++) {
    const FlArrow *arrow = &g_array_index(situation->arrows, FlArrow, i);
    if (arrow->target == (guint)place(target))
      return arrow;
  }
  return NULL;
}

static void
test_arrows(void)
{
  FlSituation *baseline = situation_on(pipeline->control, "2024-11-26");
  FlSituation *situation = situation_on(pipeline->control, "2024-12-07");
  FlSituation *later = situation_on(pipeline->control, "2024-12-22");
  g_assert_cmpuint(baseline->arrows->len, ==, 0);
  /* the offensive's captures: Aleppo, then the drive south, Hama then Homs, as one axis */
  const char *targets[] = {"aleppo", "homs"};
  for (guint i = 0; i < G_N_ELEMENTS(targets); i++) {
    const FlArrow *arrow = arrow_to(situation, targets[i]);
    if (!arrow)
      g_error("2024-12-07: no arrow to %s", targets[i]);
    g_assert_cmpstr(faction_id(arrow->faction), ==, "rebels");
    g_test_message("%s -> %s", place_id(arrow->origin), targets[i]);
  }
  g_assert_null(arrow_to(situation, "hama"));
  const FlArrow *drive = arrow_to(situation, "homs");
  g_assert_cmpuint(drive->n_captures, ==, 2);
  g_assert_cmpint(pipeline->theatre->baseline[drive->origin], ==, faction("rebels"));
  /* its dates: Hama's at its start, Homs's near its head */
  g_assert_cmpuint(drive->n_steps, ==, 2);
  g_assert_cmpstr(place_id(drive->steps[0].place), ==, "hama");
  g_assert_cmpstr(place_id(drive->steps[1].place), ==, "homs");
  g_assert_cmpfloat(drive->steps[0].t, <, drive->steps[1].t);
  /* the arrow ends short of Homs's dot, at most 12 px away */
  FlPagePoint homs = map->place_xy[place("homs")];
  const FlArrow *last = arrow_to(situation, "homs");
  FlPagePoint head = last->points[FL_ARROW_POINTS - 1];
  double gap = hypot(head.x - homs.x, head.y - homs.y);
  g_assert_cmpfloat(gap, >, 3 * map->unit);
  g_assert_cmpfloat(gap, <, 12 * map->unit);
  /* the SDF's claimed capture of Deir ez-Zor starts from across the river */
  const FlArrow *deir = arrow_to(situation, "deir-ez-zor");
  g_assert_nonnull(deir);
  g_assert_cmpstr(faction_id(deir->faction), ==, "sdf");
  g_assert_cmpint(deir->confidence, ==, FL_CONFIDENCE_CLAIMED);
  /* two weeks on, the arrows are gone */
  g_assert_cmpuint(later->arrows->len, ==, 0);
  fl_situation_free(later);
  fl_situation_free(situation);
  fl_situation_free(baseline);
}

static void
test_arrow_rules(void)
{
  GPtrArray *events = g_ptr_array_new_with_free_func(free_event);
  g_ptr_array_add(events, capture("aleppo", "rebels", "2024-11-29", 1));
  g_ptr_array_add(events, capture("hama", "rebels", "2024-12-05", 2));
  g_ptr_array_add(events, capture("rastan", "rebels", "2024-12-06", 3));
  g_ptr_array_add(events, capture("homs", "rebels", "2024-12-07", 4));
  g_ptr_array_add(events, capture("hama", "government", "2024-12-07", 5));
  FlControl *control = fl_control_new(pipeline->theatre, events, NULL);
  FlSituation *situation = situation_on(control, "2024-12-07");
  /* Aleppo: from the pocket's nearest place, not from far Idlib city */
  const FlArrow *aleppo = arrow_to(situation, "aleppo");
  g_assert_nonnull(aleppo);
  g_assert_cmpint(pipeline->theatre->baseline[aleppo->origin], ==, faction("rebels"));
  /* Rastan, then Homs beyond it: one axis from the ground held before Rastan */
  const FlArrow *homs = arrow_to(situation, "homs");
  g_assert_cmpuint(homs->n_captures, ==, 2);
  g_assert_null(arrow_to(situation, "rastan"));
  /* Hama is the government's again on the 7th: the rebels' arrow into it is gone, the
   * government's counter-attack has one */
  g_assert_cmpstr(faction_id(arrow_to(situation, "hama")->faction), ==, "government");
  for (guint i = 0; i < situation->arrows->len; i++) {
    const FlArrow *arrow = &g_array_index(situation->arrows, FlArrow, i);
    g_assert_false(arrow->target == (guint)place("hama") && arrow->faction == faction("rebels"));
  }
  /* the arrows come in the order of their latest captures */
  for (guint i = 1; i < situation->arrows->len; i++)
    g_assert_cmpint(g_date_compare(&g_array_index(situation->arrows, FlArrow, i - 1).date,
                                   &g_array_index(situation->arrows, FlArrow, i).date), <=, 0);
  fl_situation_free(situation);
  fl_control_free(control);
  g_ptr_array_unref(events);
}

/* A capture made here: faction takes the place at x, y (page units: east and south) on day of
 * December, coming from fx, fy (NAN: no start). */
static FlCapture
at(gint faction_index, double fx, double fy, double x, double y, int day)
{
  FlCapture c = {faction_index, {fx, fy}, {x, y}, {0}, FALSE};
  g_date_set_dmy(&c.date, (GDateDay)day, G_DATE_DECEMBER, 2024);
  return c;
}

/* The grouping into axes, on captures made here (page units, 100 steps, 50 degrees, 7 days). */
static void
test_arrow_axes(void)
{
  const FlAxisRule rule = {100, 50, 7};
  /* a straight chain southwards, one capture a day, becomes one axis; a capture the other way
   * (north of the start) is an axis of its own; another faction's capture on the chain's way
   * never joins it; a capture with no start that continues nothing has none */
  const FlCapture captures[] = {
      at(0, 0, 0, 0, 30, 1),  at(0, NAN, NAN, 5, 70, 2), at(1, 0, 60, 2, 110, 3),
      at(0, 0, 0, 0, -40, 3), at(0, NAN, NAN, 8, 115, 4), at(0, 0, 110, -3, 150, 12),
      at(2, NAN, NAN, 300, 300, 9),
  };
  guint axis[G_N_ELEMENTS(captures)];
  guint n = fl_arrow_axes(captures, G_N_ELEMENTS(captures), &rule, axis);
  for (guint i = 0; i < G_N_ELEMENTS(captures); i++)
    g_test_message("capture %u: axis %d", i, axis[i] == FL_NO_AXIS ? -1 : (int)axis[i]);
  g_assert_cmpuint(axis[0], ==, 0);
  g_assert_cmpuint(axis[1], ==, 0);          /* no start of its own: it continues the chain */
  g_assert_cmpuint(axis[4], ==, 0);
  g_assert_cmpuint(axis[2], !=, axis[0]);    /* the other faction's */
  g_assert_cmpuint(axis[3], !=, axis[0]);    /* the opposite way */
  g_assert_cmpuint(axis[3], !=, axis[2]);
  g_assert_cmpuint(axis[5], !=, axis[0]);    /* eight days after the chain's last capture */
  g_assert_cmpuint(axis[6], ==, FL_NO_AXIS);
  g_assert_cmpuint(n, ==, 4);
  /* captures of one day join the chain nearest first, whatever their order */
  const FlCapture day[] = {
      at(0, 0, 0, 0, 30, 1), at(0, 0, 40, 0, 90, 2), at(0, 0, 30, 0, 60, 2),
  };
  guint day_axis[G_N_ELEMENTS(day)];
  g_assert_cmpuint(fl_arrow_axes(day, G_N_ELEMENTS(day), &rule, day_axis), ==, 1);
  /* a sharp turn ends an axis: after two captures southwards, one to the east */
  const FlCapture turn[] = {
      at(0, 0, 0, 0, 30, 1), at(0, NAN, NAN, 0, 60, 2), at(0, NAN, NAN, 40, 65, 3),
  };
  guint turn_axis[G_N_ELEMENTS(turn)];
  g_assert_cmpuint(fl_arrow_axes(turn, G_N_ELEMENTS(turn), &rule, turn_axis), ==, 1);
  g_assert_cmpuint(turn_axis[2], ==, FL_NO_AXIS);
}

int
main(int argc, char **argv)
{
  FlMapOptions options;
  GError *error = NULL;
  int status;

  g_test_init(&argc, &argv, NULL);
  pipeline = fl_test_run_examples();
  fl_map_options_init(&options);
  map = fl_map_new(pipeline->theatre, &options, &error);
  g_assert_no_error(error);
  g_test_add_func("/zones/established-areas", test_established_areas);
  g_test_add_func("/zones/aleppo-changes-hands", test_aleppo_changes_hands);
  g_test_add_func("/zones/front-line", test_front_line);
  g_test_add_func("/zones/no-zone-outside", test_no_zone_outside);
  g_test_add_func("/zones/no-hole", test_no_hole);
  g_test_add_func("/zones/open-ground-follows-towns", test_open_ground_follows_towns);
  g_test_add_func("/zones/regions", test_regions);
  g_test_add_func("/zones/arrows", test_arrows);
  g_test_add_func("/zones/arrow-rules", test_arrow_rules);
  g_test_add_func("/zones/arrow-axes", test_arrow_axes);
  status = g_test_run();
  fl_map_free(map);
  fl_pipeline_free(pipeline);
  return status;
}
