/* common.c - the steps every frontline command takes: exit codes from errors, dates from
 * options, the theatre and the reports read into a pipeline, the map's options and style. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <frontline/batch.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The data folder: gazetteer/ (theatres, lexicons), styles/ and scripts/, found from the
 * program's own place, never from a path compiled in, so an installed tree can move:
 * FL_DATA_RELATIVE_DIR from the program's folder (bin/../share/frontline installed), else
 * share/frontline beside it (the build tree's links to the source folders). The first that
 * holds styles/; the installed one when neither does (messages then name it). Static. */
static const char *
data_dir(void)
{
  static char *dir;
  if (dir)
    return dir;
  g_autofree char *program = g_file_read_link("/proc/self/exe", NULL);
  g_autofree char *bin = program ? g_path_get_dirname(program) : g_get_current_dir();
  char *candidates[] = {g_build_filename(bin, FL_DATA_RELATIVE_DIR, NULL),
                        g_build_filename(bin, "share", "frontline", NULL)};
  for (guint i = 0; i < G_N_ELEMENTS(candidates) && !dir; i++) {
    g_autofree char *styles = g_build_filename(candidates[i], "styles", NULL);
    if (g_file_test(styles, G_FILE_TEST_IS_DIR))
      dir = g_canonicalize_filename(candidates[i], NULL);
  }
  if (!dir)
    dir = g_canonicalize_filename(candidates[0], NULL);
  for (guint i = 0; i < G_N_ELEMENTS(candidates); i++)
    g_free(candidates[i]);
  return dir;
}

/* $name, else the folder relative under the data folder. Static. */
static const char *
data_path(const char *name, const char *relative, char **cached)
{
  const char *env = g_getenv(name);
  if (env && *env)
    return env;
  if (*cached == NULL)
    *cached = g_build_filename(data_dir(), relative, NULL);
  return *cached;
}

const char *
default_theatre(void)
{
  static char *path;
  return data_path("FRONTLINE_THEATRE", "gazetteer" G_DIR_SEPARATOR_S "syria", &path);
}

const char *
styles_dir(void)
{
  static char *path;
  return data_path("FRONTLINE_STYLES", "styles", &path);
}

const char *
scripts_dir(void)
{
  static char *path;
  return data_path("FRONTLINE_SCRIPTS", "scripts", &path);
}

/* The folder of prepared maps (see FlMapOptions.cache_dir): $FRONTLINE_CACHE_DIR, or
 * frontline/ in the user's cache folder; none with --no-cache or FRONTLINE_CACHE_DIR=off.
 * Newly allocated, or NULL. */
char *
cache_dir(const Options *options)
{
  const char *env = g_getenv("FRONTLINE_CACHE_DIR");

  if (options->no_cache || (env && g_str_equal(env, "off")))
    return NULL;
  if (env && *env)
    return g_strdup(env);
  return g_build_filename(g_get_user_cache_dir(), "frontline", NULL);
}

/* How many days after the last report a date may be before a warning says nothing newer is
 * known. */
#define LATE_DAYS 7

static int
exit_code_for(const GError *error)
{
  if (error->domain == G_OPTION_ERROR || error->domain == FL_STYLE_ERROR ||
      g_error_matches(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_OPTION) ||
      (error->domain == FL_RENDER_ERROR && error->code == FL_RENDER_ERROR_OPTION) ||
      g_error_matches(error, FL_EXPORT_ERROR, FL_EXPORT_ERROR_LAYER) ||
      g_error_matches(error, FL_PLACES_ERROR, FL_PLACES_ERROR_NAME))   /* timeline PLACE */
    return EXIT_USAGE;
  if (error->domain == FL_REPORT_ERROR)
    return EXIT_REPORT;
  if (g_error_matches(error, FL_BATCH_ERROR, FL_BATCH_ERROR_DATES) ||
      g_error_matches(error, FL_BATCH_ERROR, FL_BATCH_ERROR_OPTIONS))
    return EXIT_USAGE;
  if (g_error_matches(error, FL_BATCH_ERROR, FL_BATCH_ERROR_INTERRUPTED))
    return EXIT_INTERRUPTED;
  if (error->domain == FL_THEATRE_ERROR || error->domain == FL_EVENTS_ERROR ||
      error->domain == FL_PLACES_ERROR || error->domain == FL_CONTROL_ERROR ||
      g_error_matches(error, FL_RENDER_ERROR, FL_RENDER_ERROR_WORDS))
    return EXIT_DATA;
  return EXIT_OUTPUT;
}

int
fail(GError *error)
{
  int code = exit_code_for(error);
  fprintf(stderr, "frontline: %s\n", error->message);
  g_error_free(error);
  return code;
}

gboolean
parse_date_option(const char *name, const char *text, GDate *date, GError **error)
{
  GError *local = NULL;
  if (text == NULL) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s is required", name);
    return FALSE;
  }
  if (!fl_date_parse_iso(text, date, &local)) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s: %s", name, local->message);
    g_error_free(local);
    return FALSE;
  }
  return TRUE;
}

static void
print_warnings(const FlPipeline *pipeline)
{
  for (guint i = 0; i < pipeline->reports->len; i++) {
    const FlReport *report = pipeline->reports->pdata[i];
    if (report->warning)
      fprintf(stderr, "frontline: warning: %s\n", report->warning);
  }
}

void
print_warning(const char *text, gpointer user_data)
{
  (void)user_data;
  fprintf(stderr, "frontline: warning: %s\n", text);
}

void
print_map_warnings(const FlMap *map, const FlPlan *plan)
{
  const GPtrArray *lists[] = {map ? fl_map_warnings(map) : NULL,
                              plan ? fl_plan_warnings(plan) : NULL};
  for (guint l = 0; l < G_N_ELEMENTS(lists); l++)
    for (guint i = 0; lists[l] && i < lists[l]->len; i++)
      print_warning(lists[l]->pdata[i], NULL);
}

/* Whether date can be shown: not before the theatre's baseline (nothing is known then); a
 * warning when it is after the last report (the map shows what was last reported). */
gboolean
check_date(const FlPipeline *pipeline, const char *option, const GDate *date, GError **error)
{
  char day[11], baseline[11];
  if (g_date_compare(date, &pipeline->theatre->baseline_date) < 0) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "%s %s is before the theatre's baseline date %s: nothing is known then",
                option, fl_date_format_iso(date, day),
                fl_date_format_iso(&pipeline->theatre->baseline_date, baseline));
    return FALSE;
  }
  const GDate *last = NULL;
  for (guint r = 0; r < pipeline->reports->len; r++) {
    const FlReport *report = pipeline->reports->pdata[r];
    if (last == NULL || g_date_compare(&report->date, last) > 0)
      last = &report->date;
  }
  if (last && g_date_days_between(last, date) > LATE_DAYS) {
    char latest[11];
    fprintf(stderr, "frontline: warning: %s %s is %d days after the last report (%s): the map "
                    "shows the situation as last reported\n",
            option, fl_date_format_iso(date, day), g_date_days_between(last, date),
            fl_date_format_iso(last, latest));
  }
  return TRUE;
}

FlPipeline *
run_pipeline(const Options *options, gboolean events_only, GError **error)
{
  FlPipelineOptions pipeline_options = {
      .theatre_dir = options->theatre ? options->theatre : default_theatre(),
      .manifest_path = options->manifest,
      .reports = (const char *const *)options->reports,
      .n_reports = options->reports ? g_strv_length(options->reports) : 0,
      .corrections_path = options->corrections,
      .overlays = {(const char *const *)options->places,
                   (const char *const *)options->aliases},
      .events_only = events_only,
  };
  GDate known_on;
  if (options->known_on) {
    if (!parse_date_option("--as-known-on", options->known_on, &known_on, error))
      return NULL;
    if (g_date_get_year(&known_on) < 1900) {  /* a typo, and GDate's arithmetic ends at year 1 */
      g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                  "--as-known-on %s: a year before 1900 is no date of news", options->known_on);
      return NULL;
    }
    pipeline_options.known_on = &known_on;
  }
  if (pipeline_options.n_reports == 0 && options->manifest == NULL) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "no report: give report files, or --manifest FILE");
    return NULL;
  }
  FlPipeline *pipeline = fl_pipeline_run(&pipeline_options, error);
  if (pipeline)
    print_warnings(pipeline);
  return pipeline;
}

/* Writes to standard output, flushed: a full disk or a closed pipe is an error. */
gboolean
write_stdout(const char *data, gsize len, GError **error)
{
  if (fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0)
    return TRUE;
  g_set_error(error, FL_BASE_ERROR, FL_BASE_ERROR_IO, "standard output: cannot write: %s",
              g_strerror(errno));
  return FALSE;
}

/* The exit code once what was printed (a summary, "ok", --help) reached standard output. */
int
stdout_flushed(int code)
{
  if (code == EXIT_OK && (fflush(stdout) != 0 || ferror(stdout))) {
    fprintf(stderr, "frontline: standard output: cannot write: %s\n", g_strerror(errno));
    return EXIT_OUTPUT;
  }
  return code;
}

/* The style of --style (a file or a name in the styles folder; default: the defaults), changed
 * by every --set, then by --lang, --title and --transparent. */
static FlStyle *
build_style(const Options *options, GError **error)
{
  FlStyle *style;
  const struct {
    const char *option, *key, *value;
  } shortcuts[] = {
      {"--lang", "labels.language", options->lang},
      {"--title", "title.text", options->title},
      {"--transparent", "page.transparent", options->transparent ? "true" : NULL},
  };

  if (options->style) {
    g_autofree char *path = fl_style_find(options->style, styles_dir(), error);
    style = path ? fl_style_load(path, error) : NULL;
  } else {
    style = fl_style_new();
  }
  for (guint i = 0; style && options->sets && options->sets[i]; i++)
    if (!fl_style_assign(style, options->sets[i], "--set", error))
      g_clear_pointer(&style, fl_style_free);
  for (guint i = 0; style && i < G_N_ELEMENTS(shortcuts); i++)
    if (shortcuts[i].value &&
        !fl_style_set(style, shortcuts[i].key, shortcuts[i].value, shortcuts[i].option, error))
      g_clear_pointer(&style, fl_style_free);
  return style;
}

/* Every option of render but the reports, checked before any work. */
static gboolean
map_options_from(const Options *options, FlMapOptions *map_options, double extent[4],
                 GDate *known_on, GError **error)
{
  fl_map_options_init(map_options);
  if (options->size && !fl_map_options_set_size(map_options, options->size, error))
    return FALSE;
  if (options->dpi != G_MININT) {
    if (map_options->unit != FL_PAGE_POINTS) {
      g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                  "--dpi applies to a paper size (--size a4, a4-landscape): a page in pixels "
                  "has no dpi");
      return FALSE;
    }
    if (options->dpi < 10 || options->dpi > 2400) {
      g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                  "--dpi: %d is out of range (10 to 2400)", options->dpi);
      return FALSE;
    }
    map_options->dpi = options->dpi;
  }
  if (options->bbox) {
    if (!fl_extent_parse(options->bbox, extent, error))
      return FALSE;
    map_options->extent = extent;
  }
  map_options->projection = options->projection;
  if (options->known_on) {
    if (!parse_date_option("--as-known-on", options->known_on, known_on, error))
      return FALSE;
    map_options->known_on = known_on;
  }
  return TRUE;
}

/* The map options and the style of render and batch, checked before any work: the style is set
 * in map_options and returned (caller frees with fl_style_free()), or NULL on error. */
FlStyle *
map_setup(const Options *options, FlMapOptions *map_options, double extent[4], GDate *known_on,
          GError **error)
{
  if (!map_options_from(options, map_options, extent, known_on, error))
    return NULL;
  FlStyle *style = build_style(options, error);
  map_options->style = style;
  return style;
}

/* The edit distance (insertions, deletions, substitutions, swaps of two neighbours) between a
 * and b, bytes; past 255 bytes, as far as they are from each other's first 255. */
static guint
edit_distance(const char *a, const char *b)
{
  enum { MAX = 256 };
  guint n = (guint)MIN(strlen(a), MAX - 1), m = (guint)MIN(strlen(b), MAX - 1);
  static guint d[MAX][MAX];   /* the CLI's, one thread */

  for (guint i = 0; i <= n; i++)
    d[i][0] = i;
  for (guint j = 0; j <= m; j++)
    d[0][j] = j;
  for (guint i = 1; i <= n; i++)
    for (guint j = 1; j <= m; j++) {
      guint cost = a[i - 1] != b[j - 1];
      guint best = MIN(MIN(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        best = MIN(best, d[i - 2][j - 2] + 1);
      d[i][j] = best;
    }
  return d[n][m];
}

const char *
closest_word(const char *word, const char *const *candidates)
{
  const char *best = NULL, *prefixed = NULL;
  guint best_distance = G_MAXUINT, n_best = 0, n_prefixed = 0;
  guint limit = strlen(word) <= 4 ? 1 : 2;

  for (const char *const *candidate = candidates; *candidate; candidate++) {
    guint distance = edit_distance(word, *candidate);
    if (distance < best_distance) {
      best = *candidate;
      best_distance = distance;
      n_best = 1;
    } else if (distance == best_distance) {
      n_best++;
    }
    if (strlen(word) >= 2 && g_str_has_prefix(*candidate, word)) {
      prefixed = *candidate;
      n_prefixed++;
    }
  }
  if (best && best_distance <= limit && n_best == 1)
    return best;
  return n_prefixed == 1 ? prefixed : NULL;
}

void
fl_cli_on_signals(void (*handler)(int))
{
  struct sigaction action = {0};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, NULL);
  sigaction(SIGTERM, &action, NULL);
  sigaction(SIGHUP, &action, NULL);
  sigaction(SIGPIPE, &action, NULL);
}
