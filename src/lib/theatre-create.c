/* theatre-create.c - 'frontline theatre new': the options checked, then the command of
 * scripts/new-theatre.py, which does the work with the project's data scripts. */
#include <frontline/theatre.h>

#include "theatre-internal.h"

#include <string.h>

/* Sets an option error: "--extent: '1,2' is not W,S,E,N in degrees". */
#define OPTION_ERROR(error, ...) \
  g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_OPTION, __VA_ARGS__)

static gboolean
check_extent(const char *text, GError **error)
{
  g_auto(GStrv) parts = g_strsplit(text, ",", -1);
  double v[4];
  static const double limit[4] = {180, 80, 180, 80};

  if (g_strv_length(parts) != 4) {
    OPTION_ERROR(error, "--extent: '%s' is not W,S,E,N in degrees (e.g. 44.5,39,47.5,40.5)",
                 text);
    return FALSE;
  }
  for (int i = 0; i < 4; i++)
    if (!fl_theatre_parse_double(g_strstrip(parts[i]), -limit[i], limit[i], &v[i])) {
      OPTION_ERROR(error, "--extent: '%s' is not a %s in degrees (in '%s')", parts[i],
                   i % 2 ? "latitude from -80 to 80" : "longitude from -180 to 180", text);
      return FALSE;
    }
  if (v[0] >= v[2] || v[1] >= v[3]) {
    OPTION_ERROR(error, "--extent: '%s' is inverted: west < east and south < north", text);
    return FALSE;
  }
  return TRUE;
}

static gboolean
check_date(const char *option, const char *text, GDate *date, GError **error)
{
  GError *local = NULL;

  if (text == NULL) {
    OPTION_ERROR(error, "%s YYYY-MM-DD is required", option);
    return FALSE;
  }
  if (!fl_date_parse_iso(text, date, &local)) {
    OPTION_ERROR(error, "%s: %s", option, local->message);
    g_error_free(local);
    return FALSE;
  }
  return TRUE;
}

static gboolean
check_options(const FlTheatreCreate *options, GError **error)
{
  GDate from, to;

  if (options->dir == NULL || *options->dir == '\0') {
    OPTION_ERROR(error, "no folder: frontline theatre new DIR --country CC --extent W,S,E,N "
                        "--from DATE --to DATE");
    return FALSE;
  }
  if (g_file_test(options->dir, G_FILE_TEST_EXISTS)) {
    OPTION_ERROR(error, "%s: already exists: a new theatre goes into a new folder",
                 options->dir);
    return FALSE;
  }
  if (options->countries == NULL || *options->countries == '\0') {
    OPTION_ERROR(error, "--country CC[,CC...] is required (ISO 3166-1 alpha-2: UA, AM,AZ)");
    return FALSE;
  }
  if (options->extent == NULL) {
    OPTION_ERROR(error, "--extent W,S,E,N is required (degrees)");
    return FALSE;
  }
  if (!check_extent(options->extent, error) || !check_date("--from", options->from, &from, error) ||
      !check_date("--to", options->to, &to, error))
    return FALSE;
  if (g_date_compare(&from, &to) > 0) {
    OPTION_ERROR(error, "--to %s is before --from %s", options->to, options->from);
    return FALSE;
  }
  if (options->zones && !g_file_test(options->zones, G_FILE_TEST_IS_REGULAR)) {
    OPTION_ERROR(error, "--zones: %s: no such file", options->zones);
    return FALSE;
  }
  return TRUE;
}

char **
fl_theatre_create_command(const FlTheatreCreate *options, GError **error)
{
  if (!check_options(options, error))
    return NULL;
  g_autofree char *script = g_build_filename(options->scripts_dir, "new-theatre.py", NULL);
  if (!g_file_test(script, G_FILE_TEST_IS_REGULAR)) {
    g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_IO,
                "%s: missing: the data scripts are needed to make a theatre "
                "($FRONTLINE_SCRIPTS names their folder)",
                script);
    return NULL;
  }
  GPtrArray *argv = g_ptr_array_new();
  g_ptr_array_add(argv, g_strdup("python3"));
  g_ptr_array_add(argv, g_strdup(script));
  g_ptr_array_add(argv, g_strdup(options->dir));
  const char *pairs[][2] = {{"--country", options->countries}, {"--extent", options->extent},
                            {"--from", options->from},         {"--to", options->to},
                            {"--lang", options->languages},    {"--zones", options->zones}};
  for (guint i = 0; i < G_N_ELEMENTS(pairs); i++)
    if (pairs[i][1]) {
      g_ptr_array_add(argv, g_strdup(pairs[i][0]));
      g_ptr_array_add(argv, g_strdup(pairs[i][1]));
    }
  if (options->min_population >= 0) {
    g_ptr_array_add(argv, g_strdup("--min-population"));
    g_ptr_array_add(argv, g_strdup_printf("%d", options->min_population));
  }
  g_ptr_array_add(argv, NULL);
  return (char **)g_ptr_array_free(argv, FALSE);
}
