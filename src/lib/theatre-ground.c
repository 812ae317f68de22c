/* theatre-ground.c - how a theatre's ground is held on the map: [ground] of theatre.ini (the
 * reach of each kind of place, the rivers that part the ground) and the baseline zones
 * (baseline-zones.tsv: who held the ground on the baseline date, and the areas of other kinds,
 * occupied or deconfliction zones, gazetteer/README.md). Also theatre.ini's reading as a small
 * file (a FIFO is refused, not waited on) and its [credits].
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
 * sub-district seat a belt of 15-20 km, a district or region seat more, a capital most), a
 * plain town less, a site (a crossing, a base, an airport) only its surroundings. It grows
 * slowly with the population beyond city_population (by a log: a city of two million holds a
 * wider belt of suburbs and checkpoints than a town of a hundred thousand, not twenty times
 * wider), at most by city_growth_max. The defaults are the Syria theatre's.
 *
 * [control] (inference and staleness distances) is read here too: the theatre's settings of
 * the map's ground and of what the ground implies, apart from the theatre's tables. */
#include "theatre-internal.h"
#include "tsv-internal.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

/* here, in the file theatre.c calls, so that the two do not call each other */
G_DEFINE_QUARK(fl-theatre-error-quark, fl_theatre_error)

gint
fl_theatre_find_faction(const FlTheatre *theatre, const char *id)
{
  return GPOINTER_TO_INT(g_hash_table_lookup(theatre->faction_index, id)) - 1;
}

char *
fl_theatre_faction_ids(const FlTheatre *theatre)
{
  GString *ids = g_string_new(NULL);
  for (guint f = 0; f < theatre->factions->len; f++)
    g_string_append_printf(ids, "%s%s", f ? ", " : "",
                           ((const FlFaction *)theatre->factions->pdata[f])->id);
  return g_string_free(ids, FALSE);
}

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
  {"reach_region_seat_km", offsetof(FlGround, reach_km[FL_PLACE_REGION_SEAT]), 35, 0, 1000,
   KM},
  /* the former name of reach_region_seat_km, so that older theatre folders load */
  {"reach_governorate_seat_km", offsetof(FlGround, reach_km[FL_PLACE_REGION_SEAT]), 35, 0,
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
fl_control_settings_read(FlTheatre *theatre, GKeyFile *ini, const char *ini_path, GError **error)
{
  static const struct {
    const char *key;
    gsize offset;
    double def;
  } keys[] = {
      {"infer_reach_km", offsetof(FlTheatre, infer_reach_km), FL_INFER_REACH_KM},
      {"infer_advance_km", offsetof(FlTheatre, infer_advance_km), FL_INFER_ADVANCE_KM},
      {"stale_reach_km", offsetof(FlTheatre, stale_reach_km), FL_STALE_REACH_KM},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(keys); i++) {
    double *value = (double *)((char *)theatre + keys[i].offset);
    g_autofree char *text = ini ? g_key_file_get_value(ini, "control", keys[i].key, NULL) : NULL;
    char *end = NULL;
    *value = keys[i].def;
    if (text == NULL)
      continue;
    g_strstrip(text);
    *value = g_ascii_strtod(text, &end);
    if (*text == '\0' || *end != '\0' || !isfinite(*value) || *value < 0 || *value > 1000) {
      g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_VALUE,
                  "%s: [control] %s '%s' is not a distance in km from 0 to 1000", ini_path,
                  keys[i].key, text);
      return FALSE;
    }
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

/* ---- baseline-zones.tsv: the areas ---- */

void
fl_area_free(gpointer data)
{
  FlArea *area = data;

  g_free(area->name);
  g_free(area->label_fr);
  g_free(area->label_en);
  g_free(area->label_ar);
  g_free(area->points);
  g_free(area->ring_ends);
  g_free(area->file);
  g_free(area);
}

const char *
fl_area_label(const FlArea *area, const char *lang)
{
  const char *by_lang = g_strcmp0(lang, "fr") == 0   ? area->label_fr
                        : g_strcmp0(lang, "ar") == 0 ? area->label_ar
                                                     : area->label_en;

  if (by_lang && *by_lang)
    return by_lang;
  return *area->label_en ? area->label_en : area->label_fr;
}

static const char *const area_kind_names[] = {
  [FL_AREA_CONTROL] = "control",
  [FL_AREA_DECONFLICTION] = "deconfliction",
  [FL_AREA_OCCUPIED] = "occupied",
};

/* Skips spaces; then whether text goes on with c (skipped too). */
static gboolean
expect_char(const char **text, char c)
{
  while (g_ascii_isspace(**text))
    (*text)++;
  if (**text != c)
    return FALSE;
  (*text)++;
  return TRUE;
}

/* Reads one ring "(x y, x y, ...)" of a WKT polygon into points, its end into ring_ends. NULL
 * when it reads, else what is wrong. */
static const char *
read_ring(const char **text, GArray *points, GArray *ring_ends)
{
  guint first = points->len;

  if (!expect_char(text, '('))
    return "a ring does not start with '('";
  do {
    double xy[2];
    for (int k = 0; k < 2; k++) {
      char *end = NULL;
      while (g_ascii_isspace(**text))
        (*text)++;
      xy[k] = g_ascii_strtod(*text, &end);
      if (end == *text || !isfinite(xy[k]))
        return "a point is not two numbers 'lon lat'";
      *text = end;
    }
    if (fabs(xy[0]) > 180 || fabs(xy[1]) > 90)
      return "a point is out of range (lon in [-180, 180], lat in [-90, 90])";
    g_array_append_vals(points, xy, 2);
  } while (expect_char(text, ','));
  if (!expect_char(text, ')'))
    return "a ring does not end with ')'";
  guint n = (points->len - first) / 2;
  const double *ring = &g_array_index(points, double, first);
  if (n < 4)
    return "a ring has fewer than 4 points";
  if (ring[0] != ring[2 * n - 2] || ring[1] != ring[2 * n - 1])
    return "a ring is not closed (its last point differs from its first)";
  guint end = points->len / 2;
  g_array_append_val(ring_ends, end);
  return NULL;
}

/* Reads "POLYGON((...), (...))" into area. NULL when it reads, else what is wrong. */
static const char *
read_polygon(const char *text, FlArea *area)
{
  GArray *points = g_array_new(FALSE, FALSE, sizeof(double));
  GArray *ring_ends = g_array_new(FALSE, FALSE, sizeof(guint));
  const char *problem = NULL;

  while (g_ascii_isspace(*text))
    text++;
  if (g_ascii_strncasecmp(text, "POLYGON", 7) != 0)
    problem = "only POLYGON((lon lat, ...), ...) is read";
  else
    text += 7;
  if (!problem && !expect_char(&text, '('))
    problem = "no '(' after POLYGON";
  while (!problem) {
    problem = read_ring(&text, points, ring_ends);
    if (!problem && !expect_char(&text, ','))
      break;
  }
  if (!problem && !expect_char(&text, ')'))
    problem = "the polygon does not end with ')'";
  while (!problem && g_ascii_isspace(*text))
    text++;
  if (!problem && *text)
    problem = "text follows the polygon";
  area->n_rings = ring_ends->len;
  area->ring_ends = (guint *)g_array_free(ring_ends, FALSE);
  area->points = (double *)g_array_free(points, FALSE);
  return problem;
}

/* The signed area of ring r (shoelace, square degrees). */
static double
ring_size(const FlArea *area, guint r)
{
  guint first = r ? area->ring_ends[r - 1] : 0, last = area->ring_ends[r];
  double twice = 0;

  for (guint i = first; i + 1 < last; i++)
    twice += area->points[2 * i] * area->points[2 * i + 3] -
             area->points[2 * i + 2] * area->points[2 * i + 1];
  return twice / 2;
}

/* Whether lon/lat is inside ring r (ray casting; a point on an edge falls on one side). */
static gboolean
in_ring(const FlArea *area, guint r, double lon, double lat)
{
  guint first = r ? area->ring_ends[r - 1] : 0, last = area->ring_ends[r];
  gboolean inside = FALSE;

  for (guint i = first; i + 1 < last; i++) {
    double x1 = area->points[2 * i], y1 = area->points[2 * i + 1];
    double x2 = area->points[2 * i + 2], y2 = area->points[2 * i + 3];
    if ((y1 > lat) != (y2 > lat) && lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1))
      inside = !inside;
  }
  return inside;
}

gint
fl_theatre_area_at(const FlTheatre *theatre, double lon, double lat)
{
  gint best = -1;

  for (guint a = 0; theatre->areas && a < theatre->areas->len; a++) {
    const FlArea *area = theatre->areas->pdata[a];
    gboolean inside = area->n_rings > 0 && in_ring(area, 0, lon, lat);
    for (guint r = 1; inside && r < area->n_rings; r++)
      inside = !in_ring(area, r, lon, lat);
    if (inside &&
        (best < 0 || area->size < ((const FlArea *)theatre->areas->pdata[best])->size))
      best = (gint)a;
  }
  return best;
}

enum { Z_FACTION, Z_NAME, Z_WKT };

static gboolean
zone_row(const FlTsv *tsv, const gint *col, gpointer user_data, GError **error)
{
  FlTheatre *theatre = user_data;
  const char *kind = fl_tsv_cell(tsv, fl_tsv_column(tsv, "kind"));
  const char *faction = fl_tsv_cell(tsv, col[Z_FACTION]);
  FlArea *area = g_new0(FlArea, 1);
  const char *problem;

  area->kind = FL_AREA_CONTROL;
  for (guint k = 0; k < G_N_ELEMENTS(area_kind_names); k++)
    if (g_str_equal(kind, area_kind_names[k]))
      area->kind = (FlAreaKind)k;
  g_ptr_array_add(theatre->areas, area);   /* freed with the theatre, also on error */
  if (*kind && !g_str_equal(kind, area_kind_names[area->kind])) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE,
                 "unknown kind '%s' (control, deconfliction, occupied; empty: control)", kind);
    return FALSE;
  }
  area->faction = *faction ? fl_theatre_find_faction(theatre, faction) : -1;
  if (*faction && area->faction < 0) {
    g_autofree char *ids = fl_theatre_faction_ids(theatre);
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_REFERENCE,
                 "unknown faction '%s' (factions.tsv has %s)", faction, ids);
    return FALSE;
  }
  if ((area->kind == FL_AREA_OCCUPIED) != (area->faction < 0)) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE,
                 area->faction < 0 ? "a %s area needs a faction"
                                   : "an %s area is held by none of the theatre's factions: "
                                     "leave faction empty",
                 area_kind_names[area->kind]);
    return FALSE;
  }
  if ((problem = read_polygon(fl_tsv_cell(tsv, col[Z_WKT]), area))) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE, "wkt: %s", problem);
    return FALSE;
  }
  area->size = fabs(ring_size(area, 0));
  for (guint r = 1; r < area->n_rings; r++)
    area->size -= fabs(ring_size(area, r));
  area->name = g_strdup(fl_tsv_cell(tsv, col[Z_NAME]));
  area->label_fr = g_strdup(fl_tsv_cell(tsv, fl_tsv_column(tsv, "label_fr")));
  area->label_en = g_strdup(fl_tsv_cell(tsv, fl_tsv_column(tsv, "label_en")));
  area->label_ar = g_strdup(fl_tsv_cell(tsv, fl_tsv_column(tsv, "label_ar")));
  g_autofree char *base = g_path_get_basename(tsv->path);
  area->file = g_strdup_printf("%s:%u", base, tsv->line);
  return TRUE;
}

gboolean
fl_theatre_read_zones(FlTheatre *theatre, const char *path, const char *contents, gsize len,
                      GError **error)
{
  static const char *const columns[] = {"faction", "name", "wkt", NULL};

  if (!fl_tsv_load_data(path, contents, len, FL_THEATRE_ERROR, FL_THEATRE_ERROR_IO,
                        FL_THEATRE_ERROR_SYNTAX, columns, zone_row, theatre, error))
    return FALSE;
  /* the places of an occupied area are no faction's to hold */
  for (guint p = 0; p < theatre->places->len; p++) {
    FlPlace *place = theatre->places->pdata[p];
    gint area = place->in_theatre ? fl_theatre_area_at(theatre, place->lon, place->lat) : -1;
    if (area >= 0 && ((const FlArea *)theatre->areas->pdata[area])->kind == FL_AREA_OCCUPIED)
      place->in_theatre = FALSE;
  }
  return TRUE;
}

/* Reads theatre.ini, a small regular file (a FIFO or a device is refused, not waited on). */
gboolean
fl_theatre_ini_load(GKeyFile *ini, const char *ini_path, GError **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  GError *local = NULL;

  if (!fl_file_read_small(ini_path, SMALL_FILE_MAX, &text, &length, &local) ||
      /* translations kept: [words] has keys per language ("open_ground[uk]") */
      !g_key_file_load_from_data(ini, text, length, G_KEY_FILE_KEEP_TRANSLATIONS, &local)) {
    g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_IO, "%s: %s", ini_path,
                local->message);
    g_error_free(local);
    return FALSE;
  }
  return TRUE;
}

char *
fl_theatre_ini_value(GKeyFile *ini, const char *ini_path, const char *group, const char *key,
                     GError **error)
{
  GError *local = NULL;
  char *value = g_key_file_get_string(ini, group, key, &local);
  if (!value) {   /* not UTF-8, a bad escape: a NULL in a list would also cut it short */
    g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_VALUE, "%s: [%s] %s: %s", ini_path,
                group, key, local->message);
    g_error_free(local);
  }
  return value;
}

gboolean
fl_theatre_read_credits(FlTheatre *theatre, GKeyFile *ini, const char *ini_path, GError **error)
{
  g_auto(GStrv) credit_keys = g_key_file_get_keys(ini, "credits", NULL, NULL);
  GPtrArray *credits = g_ptr_array_new();
  for (guint i = 0; credit_keys && credit_keys[i]; i++) {
    char *credit = fl_theatre_ini_value(ini, ini_path, "credits", credit_keys[i], error);
    if (!credit) {
      g_ptr_array_set_free_func(credits, g_free);
      g_ptr_array_unref(credits);
      return FALSE;
    }
    g_ptr_array_add(credits, credit);
  }
  g_ptr_array_add(credits, NULL);
  g_strfreev(theatre->credits);
  theatre->credits = (char **)g_ptr_array_free(credits, FALSE);
  return TRUE;
}
