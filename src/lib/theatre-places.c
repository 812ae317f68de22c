/* theatre-places.c - the rows of a theatre's place and alias tables, read one at a time: for the
 * theatre's own files (theatre.c) and for its overlays (theatre-overlay.c). */
#include <frontline/theatre.h>

#include "theatre-internal.h"

#include <string.h>

static const char *const place_kind_names[] = {
    [FL_PLACE_CAPITAL] = "capital",
    [FL_PLACE_REGION_SEAT] = "region-seat",
    [FL_PLACE_DISTRICT_SEAT] = "district-seat",
    [FL_PLACE_SUBDISTRICT_SEAT] = "subdistrict-seat",
    [FL_PLACE_TOWN] = "town",
    [FL_PLACE_FOREIGN_CAPITAL] = "foreign-capital",
    [FL_PLACE_FOREIGN_CITY] = "foreign-city",
    [FL_PLACE_COUNTRY] = "country",
    [FL_PLACE_REGION] = "region",
    [FL_PLACE_RIVER] = "river",
    [FL_PLACE_SITE] = "site",
    [FL_PLACE_SEA] = "sea",
};

const char *
fl_place_kind_name(FlPlaceKind kind)
{
  return (guint)kind < G_N_ELEMENTS(place_kind_names) ? place_kind_names[kind] : "?";
}

static gboolean
place_kind_parse(const char *name, FlPlaceKind *kind)
{
  if (g_str_equal(name, "governorate-seat")) {   /* the former name of region-seat */
    *kind = FL_PLACE_REGION_SEAT;
    return TRUE;
  }
  for (guint i = 0; i < G_N_ELEMENTS(place_kind_names); i++)
    if (g_str_equal(place_kind_names[i], name)) {
      *kind = (FlPlaceKind)i;
      return TRUE;
    }
  return FALSE;
}

static gboolean
place_kind_is_settlement(FlPlaceKind kind)
{
  return kind <= FL_PLACE_TOWN || kind == FL_PLACE_SITE;
}

gboolean
fl_theatre_has_country(const FlTheatre *theatre, const char *country)
{
  for (guint i = 0; theatre->countries && theatre->countries[i]; i++)
    if (g_ascii_strcasecmp(theatre->countries[i], country) == 0)
      return TRUE;
  return FALSE;
}

void
fl_place_free(gpointer data)
{
  FlPlace *place = data;
  g_free(place->id);
  g_free(place->name);
  g_strfreev(place->names);
  g_free(place->admin1);
  g_free(place->file);
  g_free(place);
}

void
fl_alias_free(gpointer data)
{
  FlAlias *alias = data;
  g_free(alias->alias);
  g_free(alias->lang);
  g_free(alias);
}

gint
fl_theatre_find_place(const FlTheatre *theatre, const char *id)
{
  return GPOINTER_TO_INT(g_hash_table_lookup(theatre->place_index, id)) - 1;
}

gboolean
fl_theatre_valid_id(const char *id)
{
  const char *p = id;
  while (g_ascii_islower(*p) || g_ascii_isdigit(*p) || *p == '-')
    p++;
  return *id != '\0' && *p == '\0';
}

char **
fl_theatre_language_pairs(const FlTsv *tsv, const char *prefix)
{
  gsize n = strlen(prefix);
  GPtrArray *pairs = g_ptr_array_new();
  for (guint c = 0; c < tsv->n_columns; c++)
    if (g_str_has_prefix(tsv->header[c], prefix) && tsv->header[c][n] && *tsv->cells[c]) {
      g_ptr_array_add(pairs, g_strdup(tsv->header[c] + n));
      g_ptr_array_add(pairs, g_strdup(tsv->cells[c]));
    }
  g_ptr_array_add(pairs, NULL);
  return (char **)g_ptr_array_free(pairs, FALSE);
}

enum { P_ID, P_NAME, P_LAT, P_LON, P_KIND, P_ADMIN1, P_POPULATION, P_COUNTRY };

/* and a name_<lang> column per language, any of them optional */
const char *const fl_place_columns[] = {"id",     "name",       "lat",     "lon", "kind",
                                        "admin1", "population", "country", NULL};

FlPlace *
fl_place_parse(const FlTheatre *theatre, const FlTsv *tsv, const gint *col, GError **error)
{
  const char *id = fl_tsv_cell(tsv, col[P_ID]);
  FlPlace place = {0};
  if (!fl_theatre_valid_id(id)) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_SYNTAX,
                 "place id '%s' must be lowercase ASCII letters, digits and hyphens", id);
    return NULL;
  }
  if (!fl_theatre_parse_double(fl_tsv_cell(tsv, col[P_LAT]), -90, 90, &place.lat) ||
      !fl_theatre_parse_double(fl_tsv_cell(tsv, col[P_LON]), -180, 180, &place.lon)) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE,
                 "coordinates '%s' '%s' of '%s' are not a latitude in [-90, 90] and a "
                 "longitude in [-180, 180]",
                 fl_tsv_cell(tsv, col[P_LAT]), fl_tsv_cell(tsv, col[P_LON]), id);
    return NULL;
  }
  if (!place_kind_parse(fl_tsv_cell(tsv, col[P_KIND]), &place.kind)) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE,
                 "unknown kind '%s' (capital, region-seat, district-seat, "
                 "subdistrict-seat, town, foreign-capital, foreign-city, country, region, "
                 "river, site, sea)",
                 fl_tsv_cell(tsv, col[P_KIND]));
    return NULL;
  }
  const char *population = fl_tsv_cell(tsv, col[P_POPULATION]);
  char *end = NULL;
  place.population = *population ? g_ascii_strtoll(population, &end, 10) : 0;
  if ((*population && *end) || place.population < 0) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE, "population '%s' is not a count",
                 population);
    return NULL;
  }
  const char *country = fl_tsv_cell(tsv, col[P_COUNTRY]);
  if (strlen(country) != 2) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE,
                 "country '%s' is not a two-letter ISO 3166 code", country);
    return NULL;
  }
  if (*fl_tsv_cell(tsv, col[P_NAME]) == '\0') {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE, "place '%s' has no name", id);
    return NULL;
  }
  FlPlace *p = g_new(FlPlace, 1);
  *p = place;
  p->id = g_strdup(id);
  p->name = g_strdup(fl_tsv_cell(tsv, col[P_NAME]));
  p->names = fl_theatre_language_pairs(tsv, "name_");   /* name_fr, name_en, name_uk... */
  p->admin1 = g_strdup(fl_tsv_cell(tsv, col[P_ADMIN1]));
  p->country[0] = g_ascii_toupper(country[0]);
  p->country[1] = g_ascii_toupper(country[1]);
  p->country[2] = '\0';
  p->in_theatre = fl_theatre_has_country(theatre, p->country) &&
                  place_kind_is_settlement(p->kind);
  g_autofree char *base = g_path_get_basename(tsv->path);
  p->file = g_strdup_printf("%s:%u", base, tsv->line);
  return p;
}

gboolean
fl_theatre_lookup_place(const FlTheatre *theatre, const FlTsv *tsv, const char *id,
                        guint *index, GError **error)
{
  gint found = fl_theatre_find_place(theatre, id);
  if (found < 0) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_REFERENCE, "unknown place id '%s'", id);
    return FALSE;
  }
  *index = (guint)found;
  return TRUE;
}

const char *const fl_alias_columns[] = {"place_id", "alias", "lang", NULL};

FlAlias *
fl_alias_parse(const FlTheatre *theatre, const FlTsv *tsv, const gint *col, GError **error)
{
  guint place;
  if (!fl_theatre_lookup_place(theatre, tsv, fl_tsv_cell(tsv, col[0]), &place, error))
    return NULL;
  if (*fl_tsv_cell(tsv, col[1]) == '\0') {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE, "empty alias");
    return NULL;
  }
  FlAlias *alias = g_new(FlAlias, 1);
  alias->place = place;
  alias->alias = g_strdup(fl_tsv_cell(tsv, col[1]));
  alias->lang = g_strdup(fl_tsv_cell(tsv, col[2]));
  return alias;
}

