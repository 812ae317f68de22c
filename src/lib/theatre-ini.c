/* theatre-ini.c - the [theatre] section of theatre.ini: id, names, countries, extent,
 * projection, languages, dates, credits. */
#include <frontline/theatre.h>

#include "theatre-internal.h"

#include <math.h>
#include <string.h>

gboolean
fl_theatre_parse_double(const char *text, double min, double max, double *value)
{
  char *end = NULL;
  if (*text == '\0')
    return FALSE;
  *value = g_ascii_strtod(text, &end);
  return end && *end == '\0' && isfinite(*value) && *value >= min && *value <= max;
}

/* Reads a "a;b;c;d" list of doubles. */
static gboolean
read_extent(GKeyFile *ini, FlTheatre *theatre, const char *ini_path, GError **error)
{
  gsize n = 0;
  g_auto(GStrv) parts = g_key_file_get_string_list(ini, "theatre", "extent", &n, NULL);
  double v[4];
  if (parts == NULL || n != 4 ||
      !fl_theatre_parse_double(g_strstrip(parts[0]), -180, 180, &v[0]) ||
      !fl_theatre_parse_double(g_strstrip(parts[1]), -90, 90, &v[1]) ||
      !fl_theatre_parse_double(g_strstrip(parts[2]), -180, 180, &v[2]) ||
      !fl_theatre_parse_double(g_strstrip(parts[3]), -90, 90, &v[3]) || v[0] >= v[2] ||
      v[1] >= v[3]) {
    g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_VALUE,
                "%s: [theatre] extent must be 'west;south;east;north' in degrees, west < east "
                "and south < north",
                ini_path);
    return FALSE;
  }
  theatre->west = v[0];
  theatre->south = v[1];
  theatre->east = v[2];
  theatre->north = v[3];
  return TRUE;
}

static char *
ini_string(GKeyFile *ini, const char *ini_path, const char *group, const char *key,
           gboolean required, GError **error)
{
  char *value = g_key_file_get_string(ini, group, key, NULL);
  if (value == NULL && required)
    g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_SYNTAX,
                "%s: missing key '%s' in [%s]", ini_path, key, group);
  return value ? g_strstrip(value) : NULL;
}

char *
fl_theatre_ini_string(GKeyFile *ini, const char *ini_path, const char *group, const char *key,
                      gboolean required, GError **error)
{
  return ini_string(ini, ini_path, group, key, required, error);
}

static gboolean
ini_date(const char *ini_path, const char *key, const char *value, GDate *date, GError **error)
{
  GError *local = NULL;
  if (!fl_date_parse_iso(value, date, &local)) {
    g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_VALUE, "%s: [theatre] %s: %s",
                ini_path, key, local->message);
    g_error_free(local);
    return FALSE;
  }
  return TRUE;
}

/* [theatre] country: one ISO 3166-1 alpha-2 code or more, split by ';'. */
static gboolean
read_countries(FlTheatre *theatre, GKeyFile *ini, const char *ini_path, GError **error)
{
  g_autofree char *text = ini_string(ini, ini_path, "theatre", "country", TRUE, error);
  if (text == NULL)
    return FALSE;
  g_strfreev(theatre->countries);
  theatre->countries = g_strsplit(text, ";", -1);
  if (theatre->countries[0] == NULL) {
    g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_VALUE,
                "%s: [theatre] country is empty: give a two-letter ISO 3166 code", ini_path);
    return FALSE;
  }
  for (guint i = 0; theatre->countries[i]; i++) {
    char *country = g_strstrip(theatre->countries[i]);
    if (strlen(country) != 2 || !g_ascii_isalpha(country[0]) || !g_ascii_isalpha(country[1])) {
      g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_VALUE,
                  "%s: [theatre] country '%s' is not a two-letter ISO 3166 code (or codes "
                  "split by ';')",
                  ini_path, country);
      return FALSE;
    }
    country[0] = g_ascii_toupper(country[0]);
    country[1] = g_ascii_toupper(country[1]);
  }
  g_strlcpy(theatre->country, theatre->countries[0], sizeof theatre->country);
  return TRUE;
}

/* Frees a list being made of owned strings, for an error. */
static gboolean
list_fail(GPtrArray *list)
{
  g_ptr_array_set_free_func(list, g_free);
  g_ptr_array_unref(list);
  return FALSE;
}

/* The name_<lang> keys of [theatre] as pairs {lang, name, ..., NULL} into *out; FALSE with an
 * error naming the key when one cannot be read. */
static gboolean
read_names(GKeyFile *ini, const char *ini_path, char ***out, GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys(ini, "theatre", NULL, NULL);
  GPtrArray *names = g_ptr_array_new();
  for (guint i = 0; keys && keys[i]; i++)
    if (g_str_has_prefix(keys[i], "name_") && keys[i][5]) {
      char *name = fl_theatre_ini_value(ini, ini_path, "theatre", keys[i], error);
      if (!name)
        return list_fail(names);
      g_ptr_array_add(names, g_strdup(keys[i] + 5));
      g_ptr_array_add(names, name);
    }
  g_ptr_array_add(names, NULL);
  g_strfreev(*out);
  *out = (char **)g_ptr_array_free(names, FALSE);
  return TRUE;
}

/* The keys of [words] as triples {key, lang, text, ..., NULL} into *out: "open_ground[uk]"
 * gives {"open_ground", "uk", text}, "open_ground" {"open_ground", "", text}. The map checks
 * the keys (they are its words). FALSE with an error naming the key when one cannot be read. */
static gboolean
read_words(GKeyFile *ini, const char *ini_path, char ***out, GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys(ini, "words", NULL, NULL);
  GPtrArray *words = g_ptr_array_new();
  for (guint i = 0; keys && keys[i]; i++) {
    char *text = fl_theatre_ini_value(ini, ini_path, "words", keys[i], error);
    if (!text)
      return list_fail(words);
    const char *open = strchr(keys[i], '[');
    gsize end = strlen(keys[i]);
    gboolean localized = open && end > 0 && keys[i][end - 1] == ']';
    g_ptr_array_add(words, localized ? g_strndup(keys[i], open - keys[i]) : g_strdup(keys[i]));
    g_ptr_array_add(words, localized ? g_strndup(open + 1, end - 2 - (open - keys[i]))
                                     : g_strdup(""));
    g_ptr_array_add(words, text);
  }
  g_ptr_array_add(words, NULL);
  g_strfreev(*out);
  *out = (char **)g_ptr_array_free(words, FALSE);
  return TRUE;
}

gboolean
fl_theatre_read_description(FlTheatre *theatre, GKeyFile *ini, const char *ini_path,
                            GError **error)
{
  if (!read_countries(theatre, ini, ini_path, error))
    return FALSE;
  if (!(theatre->id = ini_string(ini, ini_path, "theatre", "id", TRUE, error)) ||
      !(theatre->projection = ini_string(ini, ini_path, "theatre", "projection", TRUE, error)))
    return FALSE;
  /* the id names files ("<id>-2024-12-07.png"): a name, never a path */
  gboolean name_ok = g_ascii_isalnum(theatre->id[0]);
  for (const char *c = theatre->id; *c && name_ok; c++)
    name_ok = g_ascii_isalnum(*c) || *c == '-' || *c == '_';
  if (!name_ok) {
    g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_VALUE,
                "%s: [theatre] id '%s' is not a name for files: ASCII letters, digits, '-' and "
                "'_', starting with a letter or digit",
                ini_path, theatre->id);
    return FALSE;
  }
  if (!read_names(ini, ini_path, &theatre->names, error))
    return FALSE;
  if (!read_extent(ini, theatre, ini_path, error))
    return FALSE;
  char **languages = g_key_file_get_string_list(ini, "theatre", "languages", NULL, NULL);
  if (languages) {
    g_strfreev(theatre->languages);
    theatre->languages = languages;
  }
  g_autofree char *baseline = ini_string(ini, ini_path, "theatre", "baseline_date", TRUE, error);
  if (baseline == NULL || !ini_date(ini_path, "baseline_date", baseline,
                                    &theatre->baseline_date, error))
    return FALSE;
  g_auto(GStrv) period = g_key_file_get_string_list(ini, "theatre", "period", NULL, NULL);
  if (period == NULL || g_strv_length(period) != 2) {
    g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_SYNTAX,
                "%s: [theatre] period must be 'first;last' (YYYY-MM-DD;YYYY-MM-DD)", ini_path);
    return FALSE;
  }
  if (!ini_date(ini_path, "period", g_strstrip(period[0]), &theatre->period_first, error) ||
      !ini_date(ini_path, "period", g_strstrip(period[1]), &theatre->period_last, error))
    return FALSE;
  if (g_date_compare(&theatre->period_first, &theatre->period_last) > 0) {
    g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_VALUE,
                "%s: [theatre] period ends before it begins", ini_path);
    return FALSE;
  }
  if (!fl_theatre_read_credits(theatre, ini, ini_path, error))
    return FALSE;
  return read_words(ini, ini_path, &theatre->words, error);
}

char *
fl_theatre_files_path(const FlTheatre *theatre, const char *ini_path, const char *key,
                      const char *value, gboolean folder, GError **error)
{
  char *path = g_path_is_absolute(value) ? g_strdup(value)
                                         : g_build_filename(theatre->dir, value, NULL);
  if (g_file_test(path, folder ? G_FILE_TEST_IS_DIR : G_FILE_TEST_EXISTS))
    return path;
  /* "gazetteer/syria/../lang" shown as "gazetteer/lang" */
  g_autofree char *shown = g_path_is_absolute(path) ? g_canonicalize_filename(path, NULL) : NULL;
  g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_IO,
              "%s: [files] %s = %s: no %s %s%s", ini_path, key, value,
              folder ? "folder" : "file", shown ? shown : path,
              g_path_is_absolute(value) ? "" : " (a relative path starts at the theatre folder)");
  g_free(path);
  return NULL;
}
