/* theatre-ground.c - how a theatre's places hold the ground on the map: [ground] of
 * theatre.ini (the reach of each kind of place, the rivers that part the ground).
 *
 * How far a place's hold reaches, in km: the map's settled area is the ground within this
 * distance of some place (render/zones.c), and each place's Voronoi cell is cut to it.
 *
 * A place is held with its fields and the roads out to its neighbours, not with the empty land
 * beyond them. In settled country the neighbours' cells bound a cell long before the reach
 * does (places there are 5-20 km apart), so the reach only bites where places are far apart: a
 * desert or a steppe, where the ground then follows the theatre's baseline zones instead of the
 * nearest village 100 km away (zones.c).
 *
 * The radius follows what a place commands: an administrative seat holds roughly its unit (a
 * sub-district seat a belt of 15-20 km, a district or governorate seat more, a capital most), a
 * plain town less, a site (a crossing, a base, an airport) only its surroundings. It grows
 * slowly with the population beyond city_population (by a log: a city of two million holds a
 * wider belt of suburbs and checkpoints than a town of a hundred thousand, not twenty times
 * wider), at most by city_growth_max. The defaults are the Syria theatre's. */
#include "theatre-internal.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

/* A number of [ground]: its key, where it goes, its default and range, what it must be. */
typedef struct {
  const char *key;
  gsize offset;
  double def, min, max;
  const char *what;
} GroundNumber;

#define KM "a distance in km from 0 to 1000"

static const GroundNumber numbers[] = {
  {"reach_capital_km", offsetof(FlGround, reach_km[FL_PLACE_CAPITAL]), 40, 0, 1000, KM},
  {"reach_governorate_seat_km", offsetof(FlGround, reach_km[FL_PLACE_GOVERNORATE_SEAT]), 35, 0,
   1000, KM},
  {"reach_district_seat_km", offsetof(FlGround, reach_km[FL_PLACE_DISTRICT_SEAT]), 25, 0, 1000,
   KM},
  {"reach_subdistrict_seat_km", offsetof(FlGround, reach_km[FL_PLACE_SUBDISTRICT_SEAT]), 18, 0,
   1000, KM},
  {"reach_town_km", offsetof(FlGround, reach_km[FL_PLACE_TOWN]), 12, 0, 1000, KM},
  {"reach_site_km", offsetof(FlGround, reach_km[FL_PLACE_SITE]), 8, 0, 1000, KM},
  {"city_population", offsetof(FlGround, city_population), 100000, 1, 1e9,
   "a number of people from 1 to 1000000000"},
  {"city_growth", offsetof(FlGround, city_growth), 0.12, 0, 10,
   "a share from 0 to 10 (0.12: the reach grows by 12% per doubling of the population)"},
  {"city_growth_max", offsetof(FlGround, city_growth_max), 1.5, 1, 10,
   "a factor from 1 to 10"},
};

#define BARRIER_KEY "barrier_levels"
#define DEFAULT_BARRIER_LEVELS (1u << 1)   /* WDBII level 1: the double-lined rivers */
#define MAX_RIVER_LEVEL 10

void
fl_ground_init(FlGround *ground)
{
  memset(ground, 0, sizeof *ground);
  for (guint i = 0; i < G_N_ELEMENTS(numbers); i++)
    G_STRUCT_MEMBER(double, ground, numbers[i].offset) = numbers[i].def;
  ground->barrier_levels = DEFAULT_BARRIER_LEVELS;
}

/* A ';' list of WDBII levels into a bit mask. */
static gboolean
read_levels(GKeyFile *ini, const char *ini_path, guint32 *levels, GError **error)
{
  g_autofree char *text = g_key_file_get_value(ini, "ground", BARRIER_KEY, NULL);
  g_auto(GStrv) items = text ? g_strsplit(text, ";", -1) : NULL;

  if (!text)
    return TRUE;
  *levels = 0;
  for (guint i = 0; items[i]; i++) {
    const char *item = g_strstrip(items[i]);
    guint64 level = 0;
    if (*item == '\0' && items[i + 1] == NULL)   /* a list may end with ';', or be empty */
      continue;
    if (!g_ascii_string_to_unsigned(item, 10, 1, MAX_RIVER_LEVEL, &level, NULL)) {
      g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_VALUE,
                  "%s: [ground] %s: '%s' is not a WDBII river level (1 to %d, "
                  "';'-separated)",
                  ini_path, BARRIER_KEY, item, MAX_RIVER_LEVEL);
      return FALSE;
    }
    *levels |= 1u << level;
  }
  return TRUE;
}

gboolean
fl_ground_read(FlGround *ground, GKeyFile *ini, const char *ini_path, GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys(ini, "ground", NULL, NULL);

  for (guint k = 0; keys && keys[k]; k++) {
    const GroundNumber *number = NULL;
    for (guint i = 0; i < G_N_ELEMENTS(numbers) && !number; i++)
      if (g_str_equal(keys[k], numbers[i].key))
        number = &numbers[i];
    if (!number && !g_str_equal(keys[k], BARRIER_KEY)) {
      g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_VALUE,
                  "%s: [ground] unknown key '%s' (gazetteer/README.md lists the keys)",
                  ini_path, keys[k]);
      return FALSE;
    }
    if (!number)
      continue;
    g_autofree char *text = g_key_file_get_value(ini, "ground", keys[k], NULL);
    char *end = NULL;
    double value = g_ascii_strtod(g_strstrip(text), &end);
    if (!*text || *end || !isfinite(value) || value < number->min || value > number->max) {
      g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_VALUE,
                  "%s: [ground] %s '%s' is not %s", ini_path, keys[k], text, number->what);
      return FALSE;
    }
    G_STRUCT_MEMBER(double, ground, number->offset) = value;
  }
  return read_levels(ini, ini_path, &ground->barrier_levels, error);
}

double
fl_theatre_reach_km(const FlTheatre *theatre, const FlPlace *place)
{
  const FlGround *ground = &theatre->ground;
  double km = (guint)place->kind < G_N_ELEMENTS(ground->reach_km)
                ? ground->reach_km[place->kind] : 0;

  if (place->population > ground->city_population)
    km *= MIN(1 + ground->city_growth * log2(place->population / ground->city_population),
              ground->city_growth_max);
  return km;
}
