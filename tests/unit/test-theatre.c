/* test-theatre.c - loading the bundled Syria theatre, and refusing broken theatre data. */
#include <frontline/theatre.h>

#include "harness.h"
#include "theatre-internal.h"

#include <glib/gstdio.h>

#include <math.h>
#include <string.h>

static void
test_syria(void)
{
  g_autofree char *dir = fl_test_source_path("gazetteer/syria");
  GError *error = NULL;
  gint64 start = g_get_monotonic_time();
  FlTheatre *theatre = fl_theatre_load(dir, &error);
  gint64 elapsed = g_get_monotonic_time() - start;
  g_assert_no_error(error);
  g_test_message("loaded %u places in %.1f ms", theatre->places->len, elapsed / 1000.0);
  g_assert_cmpstr(theatre->id, ==, "syria");
  g_assert_cmpstr(theatre->country, ==, "SY");
  g_assert_true(theatre->west < 36 && theatre->east > 42);

  guint in_theatre = 0, seats = 0;
  for (guint i = 0; i < theatre->places->len; i++) {
    const FlPlace *place = theatre->places->pdata[i];
    in_theatre += place->in_theatre;
    seats += place->kind == FL_PLACE_REGION_SEAT || place->kind == FL_PLACE_CAPITAL;
  }
  g_assert_cmpuint(in_theatre, >=, 280);  /* every Syrian place of GeoNames cities500 */
  g_assert_cmpuint(seats, >=, 13);        /* Damascus and the governorate seats */

  static const char *const example_places[] = {"aleppo", "hama",        "homs",     "rastan",
                                               "damascus", "deir-ez-zor", "al-qusayr", "idlib"};
  for (guint i = 0; i < G_N_ELEMENTS(example_places); i++) {
    gint p = fl_theatre_find_place(theatre, example_places[i]);
    if (p < 0)
      g_error("no place '%s'", example_places[i]);
    const FlPlace *place = theatre->places->pdata[p];
    g_assert_true(place->in_theatre);
    g_assert_cmpint(theatre->baseline[p], >=, 0);
  }
  const FlPlace *aleppo = theatre->places->pdata[fl_theatre_find_place(theatre, "aleppo")];
  g_assert_cmpstr(fl_place_label(aleppo, "fr"), ==, "Alep");
  /* [ground] says the defaults, which are Syria's: Aleppo (1.6 million) holds 35 km grown by
   * 0.12 per doubling beyond 100,000 people, at most by half */
  FlGround defaults;
  fl_ground_init(&defaults);
  g_assert_cmpmem(&theatre->ground, sizeof defaults, &defaults, sizeof defaults);
  g_assert_cmpfloat_with_epsilon(fl_theatre_reach_km(theatre, aleppo),
                                 35 * MIN(1 + 0.12 * log2(1602264 / 1e5), 1.5), 0.5);
  /* the baseline zones: a point takes the smallest that holds it; the Golan is occupied, its
   * towns out of the theatre; al-Tanf's 55 km is the SFA's deconfliction zone */
  const FlArea *golan = theatre->areas->pdata[fl_theatre_area_at(theatre, 35.75, 33.0)];
  g_assert_cmpint(golan->kind, ==, FL_AREA_OCCUPIED);
  g_assert_cmpint(golan->faction, ==, -1);
  g_assert_cmpstr(fl_area_label(golan, "fr"), ==, "Golan occupé par Israël");
  const FlPlace *masadah = theatre->places->pdata[fl_theatre_find_place(theatre, "masadah")];
  g_assert_false(masadah->in_theatre);
  const FlArea *tanf = theatre->areas->pdata[fl_theatre_area_at(theatre, 38.9, 33.3)];
  g_assert_cmpint(tanf->kind, ==, FL_AREA_DECONFLICTION);
  g_assert_cmpint(tanf->faction, ==, fl_theatre_find_faction(theatre, "sfa"));
  const FlArea *pocket = theatre->areas->pdata[fl_theatre_area_at(theatre, 36.63, 35.93)];
  g_assert_cmpint(pocket->faction, ==, fl_theatre_find_faction(theatre, "rebels"));
  g_assert_cmpint(fl_theatre_area_at(theatre, 10, 10), ==, -1);
  g_assert_cmpfloat_with_epsilon(aleppo->lat, 36.20, 0.05);
  g_assert_cmpfloat_with_epsilon(aleppo->lon, 37.16, 0.05);

  gint government = fl_theatre_find_faction(theatre, "government");
  gint rebels = fl_theatre_find_faction(theatre, "rebels");
  g_assert_cmpint(government, >=, 0);
  g_assert_cmpint(rebels, >=, 0);
  g_assert_cmpint(theatre->baseline[fl_theatre_find_place(theatre, "aleppo")], ==, government);
  g_assert_cmpint(theatre->baseline[fl_theatre_find_place(theatre, "idlib")], ==, rebels);
  gint beirut = fl_theatre_find_place(theatre, "beirut");
  if (beirut >= 0) {
    g_assert_false(((const FlPlace *)theatre->places->pdata[beirut])->in_theatre);
    g_assert_cmpint(theatre->baseline[beirut], ==, -1);
  }
  fl_theatre_free(theatre);
}

/* A small valid theatre, one file of which a test then breaks. Hama's kind is the former name
 * of region-seat. */
static char *
write_mini_theatre(const char *name)
{
  return fl_test_write_theatre(
      name,
      "id\tname\tname_fr\tname_en\tname_ar\tlat\tlon\tkind\tadmin1\tpopulation\tcountry\n"
      "aleppo\tAleppo\tAlep\tAleppo\tحلب\t36.2\t37.16\tregion-seat\tAleppo\t1602264\tSY\n"
      "hama\tHama\t\t\t\t35.13\t36.75\tgovernorate-seat\tHama\t0\tSY\n",
      "id\tlabel_fr\tlabel_en\tlabel_ar\tcolor\tvalid_from\tvalid_to\n"
      "government\tGouvernement\tGovernment\t\t#e0301e\t\t2024-12-08\n"
      "rebels\tRebelles\tRebels\t\t#3a9a3a\t\t\n",
      "place_id\tfaction\tsource\naleppo\tgovernment\ttest\nhama\tgovernment\ttest\n");
}

/* The mini theatre's theatre.ini with ini_text added at its end (its [files] section). */
static char *
mini_ini_with(const char *ini_text)
{
  g_autofree char *dir = write_mini_theatre("theatre-ini");
  g_autofree char *ini_path = g_build_filename(dir, "theatre.ini", NULL);
  g_autofree char *ini = NULL;
  g_assert_true(g_file_get_contents(ini_path, &ini, NULL, NULL));
  return g_strconcat(ini, ini_text, NULL);
}

/* The mini theatre with ini_text added at the end of its theatre.ini. */
static char *
write_mini_theatre_with(const char *name, const char *ini_text)
{
  char *dir = write_mini_theatre(name);
  g_autofree char *ini = mini_ini_with(ini_text);
  g_free(fl_test_write_file(dir, "theatre.ini", ini, -1));
  return dir;
}

/* Breaks file with contents and expects code with needle in the message. */
static void
expect_broken(const char *file, const char *contents, gint code, const char *needle)
{
  g_autofree char *dir = write_mini_theatre("theatre-broken");
  if (contents)
    g_free(fl_test_write_file(dir, file, contents, -1));
  else {
    g_autofree char *path = g_build_filename(dir, file, NULL);
    g_assert_cmpint(g_remove(path), ==, 0);
  }
  GError *error = NULL;
  FlTheatre *theatre = fl_theatre_load(dir, &error);
  g_assert_null(theatre);
  g_assert_error(error, FL_THEATRE_ERROR, code);
  if (!strstr(error->message, needle))
    g_error("message '%s' should say '%s'", error->message, needle);
  g_error_free(error);
}

static void
test_mini_loads(void)
{
  g_autofree char *dir = write_mini_theatre("theatre-mini");
  GError *error = NULL;
  FlTheatre *theatre = fl_theatre_load(dir, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(theatre->places->len, ==, 2);
  /* region-seat, and its former name governorate-seat, which older folders have */
  for (guint i = 0; i < 2; i++) {
    const FlPlace *place = theatre->places->pdata[i];
    g_assert_cmpint(place->kind, ==, FL_PLACE_REGION_SEAT);
    g_assert_cmpstr(fl_place_kind_name(place->kind), ==, "region-seat");
  }
  const FlFaction *government = theatre->factions->pdata[0];
  g_assert_cmphex(government->color, ==, 0xe0301e);
  g_assert_true(g_date_valid(&government->valid_to));
  fl_theatre_free(theatre);

  /* [ground]'s reach of region seats under its former name too */
  const char *keys[] = {"reach_region_seat_km", "reach_governorate_seat_km"};
  for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
    g_autofree char *text = g_strdup_printf("\n[ground]\n%s = 30\n", keys[i]);
    g_autofree char *with = write_mini_theatre_with("theatre-mini-ground", text);
    theatre = fl_theatre_load(with, &error);
    g_assert_no_error(error);
    g_assert_cmpfloat(theatre->ground.reach_km[FL_PLACE_REGION_SEAT], ==, 30);
    fl_theatre_free(theatre);
  }
}

/* Names in any language of a name_<lang> column, and a theatre of two countries. */
static void
test_languages_countries(void)
{
  g_autofree char *dir = fl_test_write_theatre(
      "theatre-languages",
      "id\tname\tname_uk\tname_en\tlat\tlon\tkind\tadmin1\tpopulation\tcountry\n"
      "izium\tIzium\tІзюм\tIzium\t49.21\t37.25\ttown\tKharkiv\t45000\tSY\n"
      "belgorod\tBelgorod\t\t\t50.6\t36.58\ttown\tBelgorod\t0\tRU\n",
      "id\tlabel_en\tlabel_uk\tcolor\tvalid_from\tvalid_to\n"
      "government\tGovernment\tУряд\t#e0301e\t\t\n",
      "place_id\tfaction\tsource\nizium\tgovernment\ttest\n");
  g_autofree char *ini_path = g_build_filename(dir, "theatre.ini", NULL);
  g_autofree char *ini = NULL;
  g_assert_true(g_file_get_contents(ini_path, &ini, NULL, NULL));
  g_autofree char *two = g_strconcat(ini, "", NULL);
  char *country = strstr(two, "country = SY\n");
  g_assert_nonnull(country);
  g_autofree char *changed = g_strdup_printf("%.*scountry = SY;ru\nname_uk = Харківщина\n%s",
                                             (int)(country - two), two,
                                             country + strlen("country = SY\n"));
  g_free(fl_test_write_file(dir, "theatre.ini", changed, -1));
  GError *error = NULL;
  FlTheatre *theatre = fl_theatre_load(dir, &error);
  g_assert_no_error(error);
  const FlPlace *izium = theatre->places->pdata[0], *belgorod = theatre->places->pdata[1];
  g_assert_cmpstr(fl_place_label(izium, "uk"), ==, "Ізюм");
  g_assert_cmpstr(fl_place_label(izium, "fr"), ==, "Izium");      /* no column: the name */
  g_assert_cmpstr(fl_place_label(belgorod, "uk"), ==, "Belgorod");  /* empty: the name */
  g_assert_cmpstr(fl_theatre_name(theatre, "uk"), ==, "Харківщина");
  g_assert_cmpstr(fl_theatre_name(theatre, "fr"), ==, "mini");     /* no English: the id */
  g_assert_true(fl_theatre_has_country(theatre, "RU") && theatre->countries[2] == NULL);
  g_assert_cmpstr(theatre->country, ==, "SY");
  g_assert_true(izium->in_theatre && belgorod->in_theatre);
  const FlFaction *government = theatre->factions->pdata[0];
  g_assert_cmpstr(fl_faction_label(government, "uk"), ==, "Уряд");
  g_assert_cmpstr(fl_faction_label(government, "fr"), ==, "Government");
  fl_theatre_free(theatre);
  g_free(fl_test_write_file(dir, "theatre.ini", ini, -1));
  expect_broken("theatre.ini", "[theatre]\nid = x\ncountry = SY;RUS\n", FL_THEATRE_ERROR_VALUE,
                "country 'RUS' is not a two-letter ISO 3166 code");
}

static void
test_broken(void)
{
  static const char *const header =
      "id\tname\tname_fr\tname_en\tname_ar\tlat\tlon\tkind\tadmin1\tpopulation\tcountry\n";
  g_autofree char *duplicate = g_strconcat(
      header, "hama\tHama\t\t\t\t35.1\t36.7\ttown\tHama\t0\tSY\nhama\tHama\t\t\t\t35.1\t36.7\ttown\tHama\t0\tSY\n",
      NULL);
  g_autofree char *out_of_range = g_strconcat(
      header, "hama\tHama\t\t\t\t135.1\t36.7\ttown\tHama\t0\tSY\n", NULL);
  g_autofree char *missing_column = g_strconcat(header, "hama\tHama\t35.1\t36.7\n", NULL);
  g_autofree char *bad_kind = g_strconcat(header, "hama\tHama\t\t\t\t35.1\t36.7\tcity\tHama\t0\tSY\n", NULL);

  expect_broken("places.tsv", NULL, FL_THEATRE_ERROR_IO,
                "theatre.ini: [files] places = places.tsv: no file");
  expect_broken("places.tsv", duplicate, FL_THEATRE_ERROR_DUPLICATE, "places.tsv:3: duplicate place id 'hama'");
  expect_broken("places.tsv", out_of_range, FL_THEATRE_ERROR_VALUE, "places.tsv:2:");
  expect_broken("places.tsv", missing_column, FL_THEATRE_ERROR_SYNTAX, "places.tsv:2: 4 columns");
  expect_broken("places.tsv", bad_kind, FL_THEATRE_ERROR_VALUE, "unknown kind 'city'");
  expect_broken("baseline.tsv", "place_id\tfaction\naleppo\tjunta\n", FL_THEATRE_ERROR_REFERENCE,
                "baseline.tsv:2: unknown faction 'junta'");
  expect_broken("baseline.tsv", "place_id\tfaction\nraqqa\trebels\n", FL_THEATRE_ERROR_REFERENCE,
                "baseline.tsv:2: unknown place id 'raqqa'");
  expect_broken("factions.tsv",
                "id\tlabel_fr\tlabel_en\tlabel_ar\tcolor\tvalid_from\tvalid_to\ngovernment\tG\tG\t\tred\t\t\n",
                FL_THEATRE_ERROR_VALUE, "factions.tsv:2: colour 'red'");
  static const char *const factions_header =
      "id\tlabel_fr\tlabel_en\tlabel_ar\tcolor\tvalid_from\tvalid_to\tsuccessor\n";
  g_autofree char *unknown_successor =
      g_strconcat(factions_header, "government\tG\tG\t\t#e0301e\t\t2024-12-08\tjunta\n", NULL);
  g_autofree char *open_successor =
      g_strconcat(factions_header, "government\tG\tG\t\t#e0301e\t\t\trebels\n", NULL);
  g_autofree char *loop = g_strconcat(
      factions_header, "government\tG\tG\t\t#e0301e\t\t2024-12-08\trebels\n",
      "rebels\tR\tR\t\t#1b7837\t\t2024-12-20\tgovernment\n", NULL);
  g_autofree char *inverted = g_strconcat(
      factions_header, "government\tG\tG\t\t#e0301e\t2024-12-09\t2024-12-08\t\n", NULL);
  expect_broken("factions.tsv", unknown_successor, FL_THEATRE_ERROR_REFERENCE,
                "factions.tsv:2: unknown successor 'junta'");
  expect_broken("factions.tsv", open_successor, FL_THEATRE_ERROR_VALUE,
                "factions.tsv:2: successor 'rebels' given but no valid_to");
  expect_broken("factions.tsv", loop, FL_THEATRE_ERROR_REFERENCE, "form a loop");
  expect_broken("factions.tsv", inverted, FL_THEATRE_ERROR_VALUE,
                "factions.tsv:2: valid_from 2024-12-09 is after valid_to 2024-12-08");
  expect_broken("factions.tsv",
                "id\tlabel_fr\tlabel_en\tlabel_ar\tcolor\tvalid_from\tvalid_to\tallies\n"
                "government\tG\tG\t\t#e0301e\t\t\tjunta\n",
                FL_THEATRE_ERROR_REFERENCE, "factions.tsv:2: unknown ally 'junta'");
  expect_broken("theatre.ini", "[theatre]\nid = mini\n", FL_THEATRE_ERROR_SYNTAX, "country");
  static const struct {
    const char *ground, *needle;
  } bad_ground[] = {
      {"reach_town_km = -3", "[ground] reach_town_km '-3' is not a distance in km from 0 to 1000"},
      {"reach_site_km = far", "[ground] reach_site_km 'far' is not a distance in km"},
      {"city_growth_max = 0.5", "[ground] city_growth_max '0.5' is not a factor from 1 to 10"},
      {"barrier_levels = 1;11", "[ground] barrier_levels: '11' is not a WDBII river level"},
      {"barrier_levels = one", "[ground] barrier_levels: 'one' is not a WDBII river level"},
      {"reach_twon_km = 12", "[ground] unknown key 'reach_twon_km'"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(bad_ground); i++) {
    g_autofree char *ground = g_strconcat("[ground]\n", bad_ground[i].ground, "\n", NULL);
    g_autofree char *ini = mini_ini_with(ground);
    expect_broken("theatre.ini", ini, FL_THEATRE_ERROR_VALUE, bad_ground[i].needle);
  }
  expect_broken("base.gpkg", NULL, FL_THEATRE_ERROR_IO,
                "theatre.ini: [files] basemap = base.gpkg: no file");
}

/* A mini theatre with baseline zones (zones, the rows of baseline-zones.tsv after its header):
 * what loading it says, NULL when it loads. */
static char *
zones_error(const char *zones)
{
  g_autofree char *dir = write_mini_theatre_with("theatre-zones", "baseline_zones = zones.tsv\n");
  g_autofree char *table =
    g_strconcat("faction\tkind\tname\tlabel_fr\tlabel_en\tlabel_ar\twkt\n", zones, NULL);
  g_free(fl_test_write_file(dir, "zones.tsv", table, -1));
  GError *error = NULL;
  FlTheatre *theatre = fl_theatre_load(dir, &error);
  char *message = error ? g_strdup(error->message) : NULL;
  g_clear_error(&error);
  fl_theatre_free(theatre);
  return message;
}

/* Baseline zones: kinds, factions and polygons are checked with file:line. */
static void
test_zones(void)
{
  static const char *const square = "POLYGON((36.5 35, 37 35, 37 35.3, 36.5 35.3, 36.5 35))";
  static const struct {
    const char *row, *needle;
  } cases[] = {
      {"rebels\tcontrol\tpocket\t\t\t\t%s\n", NULL},
      /* Hama (35.13 N, 36.75 E) lies in the square: no faction may hold it on the baseline */
      {"\toccupied\tsquare\tcarré\tsquare\t\t%s\n",
       "baseline.tsv:3: place 'hama' is outside the theatre"},
      {"junta\tcontrol\tpocket\t\t\t\t%s\n", "zones.tsv:2: unknown faction 'junta'"},
      {"rebels\tfrozen\tpocket\t\t\t\t%s\n", "zones.tsv:2: unknown kind 'frozen'"},
      {"rebels\toccupied\tpocket\t\t\t\t%s\n", "zones.tsv:2: an occupied area is held by none"},
      {"\tdeconfliction\tpocket\t\t\t\t%s\n", "zones.tsv:2: a deconfliction area needs a faction"},
      {"rebels\t\tpocket\t\t\t\tPOLYGON((36 35, 37 35, 37 36, 36 35.5))\n", "not closed"},
      {"rebels\t\tpocket\t\t\t\tPOLYGON((36 35, 37 35, 36 35))\n", "fewer than 4 points"},
      {"rebels\t\tpocket\t\t\t\tPOLYGON((36 35, 37 95, 37 36, 36 35))\n", "out of range"},
      {"rebels\t\tpocket\t\t\t\tMULTIPOLYGON(((36 35, 37 35, 37 36, 36 35)))\n", "only POLYGON"},
      {"rebels\t\tpocket\t\t\t\tPOLYGON((36 35, 37 35, 37 36, 36 35)) x\n", "text follows"},
      {"rebels\t\tpocket\t\t\t\tPOLYGON((36 35, 37 x, 37 36, 36 35))\n", "two numbers"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *row = g_strdup_printf(cases[i].row, square);
    g_autofree char *message = zones_error(row);
    if (cases[i].needle == NULL && message)
      g_error("%s: %s", row, message);
    if (cases[i].needle && (!message || !strstr(message, cases[i].needle)))
      g_error("%s: '%s' should say '%s'", row, message ? message : "(loads)", cases[i].needle);
  }
}

/* Roads name their places in order; an unknown place is refused with file:line. */
static void
test_roads(void)
{
  g_autofree char *syria = fl_test_source_path("gazetteer/syria");
  FlTheatre *theatre = fl_theatre_load(syria, NULL);
  g_assert_nonnull(theatre);
  g_assert_cmpuint(theatre->roads->len, ==, 3);
  const FlRoad *m5 = theatre->roads->pdata[0];
  g_assert_cmpstr(m5->ref, ==, "M5");
  g_assert_cmpint(m5->places[0], ==, fl_theatre_find_place(theatre, "nasib-crossing"));
  g_assert_cmpint(m5->places[m5->n_places - 1], ==, fl_theatre_find_place(theatre, "aleppo"));
  fl_theatre_free(theatre);

  g_autofree char *dir = write_mini_theatre_with("theatre-roads", "roads = roads.tsv\n");
  g_free(fl_test_write_file(dir, "roads.tsv",
                            "ref\tname_fr\tname_en\tname_ar\tplaces\nM5\t\t\t\taleppo;hama\n"
                            "M4\t\t\t\taleppo;latakia\n", -1));
  GError *error = NULL;
  g_assert_null(fl_theatre_load(dir, &error));
  g_assert_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_REFERENCE);
  g_assert_nonnull(strstr(error->message, "roads.tsv:3: road M4: unknown place id 'latakia'"));
  g_error_free(error);
}

/* The faction a name stands for on a date follows the successors once a faction has ended. */
static void
test_faction_on(void)
{
  g_autofree char *dir = fl_test_source_path("gazetteer/syria");
  GError *error = NULL;
  FlTheatre *theatre = fl_theatre_load(dir, &error);
  g_assert_no_error(error);
  gint government = fl_theatre_find_faction(theatre, "government");
  gint rebels = fl_theatre_find_faction(theatre, "rebels");
  GDate before, after;
  g_date_set_dmy(&before, 8, G_DATE_DECEMBER, 2024);
  g_date_set_dmy(&after, 9, G_DATE_DECEMBER, 2024);
  g_assert_cmpint(fl_theatre_faction_on(theatre, government, &before), ==, government);
  g_assert_cmpint(fl_theatre_faction_on(theatre, government, &after), ==, rebels);
  g_assert_cmpint(fl_theatre_faction_on(theatre, rebels, &after), ==, rebels);
  g_assert_cmpint(fl_theatre_faction_on(theatre, -1, &after), ==, -1);
  /* an alliance binds both sides, listed on one */
  gint sna = fl_theatre_find_faction(theatre, "sna"), sdf = fl_theatre_find_faction(theatre, "sdf");
  g_assert_true(fl_theatre_allied(theatre, rebels, sna));
  g_assert_true(fl_theatre_allied(theatre, sna, rebels));
  g_assert_false(fl_theatre_allied(theatre, sna, sdf));
  g_assert_false(fl_theatre_allied(theatre, government, rebels));
  g_assert_false(fl_theatre_allied(theatre, -1, rebels));
  fl_theatre_free(theatre);
}

/* Overlays (--places, --aliases) add and replace rows of a theatre without copying it: a
 * replaced place keeps its index and baseline, an added one takes its zone's faction, an alias
 * replaces the theatre's spelled the same once folded; errors name the overlay and line. */
static void
test_overlays(void)
{
  g_autofree char *syria = fl_test_source_path("gazetteer/syria");
  g_autofree char *dir = fl_test_scratch_dir("theatre-overlays");
  static const char *const header =
      "id\tname\tname_fr\tname_en\tlat\tlon\tkind\tadmin1\tpopulation\tcountry\n";
  g_autofree char *places_text = g_strconcat(
      header, "homs\tHoms\tHoms-ville\tHoms city\t34.73\t36.72\tregion-seat\tHoms\t775404\tSY\n",
      "kafr-new\tKafr New\t\t\t35.9\t36.6\ttown\tIdlib\t0\tSY\n",
      "golan-new\tGolan New\t\t\t33.0\t35.75\ttown\tQuneitra\t0\tSY\n", NULL);
  g_autofree char *places = fl_test_write_file(dir, "places.tsv", places_text, -1);
  g_autofree char *aliases = fl_test_write_file(
      dir, "aliases.tsv", "place_id\talias\tlang\tnote\nkafr-new\tabu-KEMAL\t*\t\n", -1);
  const char *const place_paths[] = {places, NULL}, *const alias_paths[] = {aliases, NULL};
  GError *error = NULL;
  FlTheatre *plain = fl_theatre_load(syria, &error);
  g_assert_no_error(error);
  FlTheatre *theatre = fl_theatre_load_overlaid(
      syria, &(FlTheatreOverlays){place_paths, alias_paths}, &error);
  g_assert_no_error(error);

  g_assert_cmpuint(theatre->places->len, ==, plain->places->len + 2);
  gint homs = fl_theatre_find_place(theatre, "homs");
  g_assert_cmpint(homs, ==, fl_theatre_find_place(plain, "homs"));
  g_assert_cmpstr(fl_place_label(theatre->places->pdata[homs], "fr"), ==, "Homs-ville");
  g_assert_cmpint(theatre->baseline[homs], ==, plain->baseline[homs]);
  gint added = fl_theatre_find_place(theatre, "kafr-new");
  g_assert_cmpint(added, ==, (gint)plain->places->len);
  g_assert_cmpint(theatre->baseline[added], ==, fl_theatre_find_faction(theatre, "rebels"));
  g_assert_cmpstr(theatre->baseline_source[added], ==,
                  "zone: Idlib pocket and western Aleppo countryside");
  gint golan = fl_theatre_find_place(theatre, "golan-new");   /* an occupied area */
  g_assert_false(((const FlPlace *)theatre->places->pdata[golan])->in_theatre);
  g_assert_cmpint(theatre->baseline[golan], ==, -1);
  /* "abu-KEMAL" replaced "Abu Kemal" of abu-kamal; its other aliases stay */
  guint to_new = 0, kemal = 0;
  for (guint a = 0; a < theatre->aliases->len; a++) {
    const FlAlias *alias = theatre->aliases->pdata[a];
    to_new += (gint)alias->place == added;
    kemal += g_ascii_strcasecmp(alias->alias, "Abu Kemal") == 0;
  }
  g_assert_cmpuint(to_new, ==, 1);
  g_assert_cmpuint(kemal, ==, 0);
  g_assert_cmpuint(theatre->aliases->len, ==, plain->aliases->len);
  g_assert_cmpstr(theatre->overlays[0], ==, places);
  g_assert_cmpstr(theatre->overlays[1], ==, aliases);
  fl_theatre_free(theatre);
  fl_theatre_free(plain);

  /* the theatre's own checks, naming the overlay and its line */
  static const struct {
    const char *file, *row, *needle;
    gint code;
  } broken[] = {
      {"places.tsv", "x\tX\t\t\t95\t36\ttown\tHoms\t0\tSY\n",
       "places.tsv:2: coordinates '95' '36' of 'x'", FL_THEATRE_ERROR_VALUE},
      {"places.tsv", "x\tX\t\t\t35\t36\ttown\tHoms\t0\tSY\nx\tX\t\t\t35\t36\ttown\tHoms\t0\tSY\n",
       "places.tsv:3: duplicate place id 'x' (first at places.tsv:2)",
       FL_THEATRE_ERROR_DUPLICATE},
      {"aliases.tsv", "nowhere\tNowhere\t*\t\n", "aliases.tsv:2: unknown place id 'nowhere'",
       FL_THEATRE_ERROR_REFERENCE},
      {"aliases.tsv", "homs\t\t*\t\n", "aliases.tsv:2: empty alias", FL_THEATRE_ERROR_VALUE},
  };
  for (guint i = 0; i < G_N_ELEMENTS(broken); i++) {
    gboolean is_places = g_str_equal(broken[i].file, "places.tsv");
    g_autofree char *text = g_strconcat(is_places ? header : "place_id\talias\tlang\tnote\n",
                                        broken[i].row, NULL);
    g_autofree char *path = fl_test_write_file(dir, broken[i].file, text, -1);
    const char *const paths[] = {path, NULL};
    FlTheatreOverlays overlays = {is_places ? paths : NULL, is_places ? NULL : paths};
    g_assert_null(fl_theatre_load_overlaid(syria, &overlays, &error));
    g_assert_error(error, FL_THEATRE_ERROR, broken[i].code);
    g_autofree char *needle = g_build_filename(dir, broken[i].needle, NULL);
    if (!g_str_has_prefix(error->message, needle))
      g_error("'%s' should start with '%s'", error->message, needle);
    g_clear_error(&error);
  }
}

static void
test_missing_folder(void)
{
  GError *error = NULL;
  g_assert_null(fl_theatre_load("no/such/theatre", &error));
  g_assert_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_IO);
  g_assert_nonnull(strstr(error->message, "no/such/theatre"));
  g_error_free(error);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/theatre/syria", test_syria);
  g_test_add_func("/theatre/mini", test_mini_loads);
  g_test_add_func("/theatre/broken", test_broken);
  g_test_add_func("/theatre/languages-countries", test_languages_countries);
  g_test_add_func("/theatre/missing-folder", test_missing_folder);
  g_test_add_func("/theatre/faction-on", test_faction_on);
  g_test_add_func("/theatre/roads", test_roads);
  g_test_add_func("/theatre/zones", test_zones);
  g_test_add_func("/theatre/overlays", test_overlays);
  return g_test_run();
}
