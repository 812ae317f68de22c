/* main.c - the frontline command: options in, one library call per command, exit code out.
 *
 * Exit codes (README "Exit codes"): 0 ok, 2 usage (options, style files), 3 a report,
 * 4 theatre data, 5 the map or an output file, 130 interrupted (batch). */
#define _POSIX_C_SOURCE 200809L
#include <frontline/frontline.h>

#include <frontline/batch.h>

#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum {
  EXIT_OK = 0,
  EXIT_USAGE = 2,
  EXIT_REPORT = 3,
  EXIT_DATA = 4,
  EXIT_OUTPUT = 5,
  EXIT_INTERRUPTED = 130,
};

typedef enum {
  CMD_PLACES,
  CMD_EVENTS,
  CMD_STATE,
  CMD_TIMELINE,
  CMD_RENDER,
  CMD_REGIONS,
  CMD_BATCH,
  CMD_STYLE
} Command;

/* Everything any command takes. */
typedef struct {
  char *theatre;
  char *manifest;
  char *format;
  char *layer;
  char *date;
  char *known_on;
  char *corrections;
  char *output;
  char *size;
  int dpi;   /* G_MININT when not given */
  gboolean transparent;
  char *projection;
  char *bbox;
  char *lang;
  char *title;
  char *from, *to, *dates, *formats, *jobs, *shard, *deck, *gif, *sheet, *video;
  gint every;  /* G_MININT when not given */
  gint gif_frame_ms, video_frame_ms;
  gboolean resume, quiet, no_cache;
  char *style;
  char **sets;
  gboolean defaults;
  char *check;
  char **reports;
} Options;

static const char *
default_theatre(void)
{
  const char *env = g_getenv("FRONTLINE_THEATRE");
  return env && *env ? env : FL_DEFAULT_THEATRE;
}

/* The folder of the styles a bare --style name picks from. */
static const char *
styles_dir(void)
{
  const char *env = g_getenv("FRONTLINE_STYLES");
  return env && *env ? env : FL_STYLES_DIR;
}

/* The folder of prepared maps (see FlMapOptions.cache_dir): $FRONTLINE_CACHE_DIR, or
 * frontline/ in the user's cache folder; none with --no-cache or FRONTLINE_CACHE_DIR=off.
 * Newly allocated, or NULL. */
static char *
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
      (error->domain == FL_RENDER_ERROR && error->code == FL_RENDER_ERROR_OPTION) ||
      g_error_matches(error, FL_EXPORT_ERROR, FL_EXPORT_ERROR_LAYER))
    return EXIT_USAGE;
  if (error->domain == FL_REPORT_ERROR)
    return EXIT_REPORT;
  if (g_error_matches(error, FL_BATCH_ERROR, FL_BATCH_ERROR_DATES))
    return EXIT_USAGE;
  if (g_error_matches(error, FL_BATCH_ERROR, FL_BATCH_ERROR_INTERRUPTED))
    return EXIT_INTERRUPTED;
  if (error->domain == FL_THEATRE_ERROR || error->domain == FL_EVENTS_ERROR ||
      error->domain == FL_PLACES_ERROR || error->domain == FL_CONTROL_ERROR)
    return EXIT_DATA;
  return EXIT_OUTPUT;
}

static int
fail(GError *error)
{
  int code = exit_code_for(error);
  fprintf(stderr, "frontline: %s\n", error->message);
  g_error_free(error);
  return code;
}

static gboolean
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

/* Whether date can be shown: not before the theatre's baseline (nothing is known then); a
 * warning when it is after the last report (the map shows what was last reported). */
static gboolean
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

static FlPipeline *
run_pipeline(const Options *options, GError **error)
{
  FlPipelineOptions pipeline_options = {
      .theatre_dir = options->theatre ? options->theatre : default_theatre(),
      .manifest_path = options->manifest,
      .reports = (const char *const *)options->reports,
      .n_reports = options->reports ? g_strv_length(options->reports) : 0,
      .corrections_path = options->corrections,
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
static gboolean
write_stdout(const char *data, gsize len, GError **error)
{
  if (fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0)
    return TRUE;
  g_set_error(error, FL_BASE_ERROR, FL_BASE_ERROR_IO, "standard output: cannot write: %s",
              g_strerror(errno));
  return FALSE;
}

/* The exit code once what was printed (a summary, "ok", --help) reached standard output. */
static int
stdout_flushed(int code)
{
  if (code == EXIT_OK && (fflush(stdout) != 0 || ferror(stdout))) {
    fprintf(stderr, "frontline: standard output: cannot write: %s\n", g_strerror(errno));
    return EXIT_OUTPUT;
  }
  return code;
}

/* places, events, state, timeline: a table on standard output. */
static int
command_table(const Options *options, Command command)
{
  GError *error = NULL;
  FlTableFormat format = FL_TABLE_TSV;
  FlExportOptions export = {0};
  gboolean layer = FALSE;  /* a GIS file through OGR rather than a table */
  GDate date;
  Options rest = *options;
  const char *place_name = NULL;
  gint place = -1;
  g_autofree char *cache = cache_dir(options);
  if (command == CMD_STATE && options->format)
    layer = fl_export_format_parse(options->format, &export.format);
  if (options->format && !layer && !fl_table_format_parse(options->format, &format, &error)) {
    if (command == CMD_STATE) {
      g_clear_error(&error);
      g_set_error(&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                  "--format: unknown format '%s' (tsv, json, geojson, gpkg, csv)",
                  options->format);
    }
    return fail(error);
  }
  if (layer && options->output == NULL) {
    g_set_error(&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--format %s writes a file: give -o FILE", options->format);
    return fail(error);
  }
  if (options->layer && !layer) {
    g_set_error(&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--layer %s: layers are written with --format geojson, gpkg or csv",
                options->layer);
    return fail(error);
  }
  if (options->layer && !fl_export_layer_parse(options->layer, &export.layer)) {
    g_set_error(&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--layer: unknown layer '%s' (places, zones, front, arrows)", options->layer);
    return fail(error);
  }
  export.cache_dir = cache;
  if (layer && !fl_export_options_check(&export, &error))
    return fail(error);  /* before any work */
  if (command == CMD_STATE && !parse_date_option("--date", options->date, &date, &error))
    return fail(error);  /* before any work */
  if (command == CMD_TIMELINE) {
    if (options->reports == NULL || options->reports[0] == NULL) {
      g_set_error(&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                  "no place: frontline timeline PLACE REPORT...");
      return fail(error);
    }
    place_name = options->reports[0];
    rest.reports = options->reports + 1;
  }
  FlPipeline *pipeline = run_pipeline(&rest, &error);
  if (pipeline == NULL)
    return fail(error);
  if (command == CMD_STATE && !check_date(pipeline, "--date", &date, &error)) {
    fl_pipeline_free(pipeline);
    return fail(error);
  }
  if (command == CMD_TIMELINE && (place = fl_pipeline_find_place(pipeline, place_name)) < 0) {
    g_set_error(&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "no place of the theatre is called '%s' (give an id of places.tsv or a name)",
                place_name);
    fl_pipeline_free(pipeline);
    return fail(error);
  }
  if (layer) {
    gboolean ok = fl_export_state(pipeline, &date, &export, options->output, &error);
    fl_pipeline_free(pipeline);
    return ok ? EXIT_OK : fail(error);
  }
  GString *out = g_string_new(NULL);
  if (command == CMD_PLACES) {
    if (!fl_pipeline_write_places(pipeline, format, out, &error)) {
      g_string_free(out, TRUE);
      fl_pipeline_free(pipeline);
      return fail(error);
    }
  } else if (command == CMD_EVENTS)
    fl_pipeline_write_events(pipeline, format, out);
  else if (command == CMD_TIMELINE)
    fl_pipeline_write_timeline(pipeline, (guint)place, format, out);
  else
    fl_pipeline_write_state(pipeline, &date, format, out);
  int code = EXIT_OK;
  if (options->output) {
    /* written whole to a temporary name and renamed */
    if (!fl_output_write(options->output, out->str, out->len, &error))
      code = fail(error);
  } else if (!write_stdout(out->str, out->len, &error)) {
    code = fail(error);
  }
  g_string_free(out, TRUE);
  fl_pipeline_free(pipeline);
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
static FlStyle *
map_setup(const Options *options, FlMapOptions *map_options, double extent[4], GDate *known_on,
          GError **error)
{
  if (!map_options_from(options, map_options, extent, known_on, error))
    return NULL;
  FlStyle *style = build_style(options, error);
  map_options->style = style;
  return style;
}

/* Whether the map's folder can take a file, before any work (the library checks again when it
 * writes). */
static gboolean
output_folder_writable(const char *output, GError **error)
{
  g_autofree char *folder = g_path_get_dirname(output);
  g_autofree char *inside = g_build_filename(folder, ".", NULL);

  if (g_access(inside, W_OK) == 0)
    return TRUE;
  g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_OUTPUT, "%s: cannot write the map: %s",
              output, g_strerror(errno));
  return FALSE;
}

/* render: the map of a date into -o FILE; regions: its regions, a table on standard output. */
static int
command_render(const Options *options, Command command)
{
  GError *error = NULL;
  GDate date;
  FlFormat format;
  FlMapOptions map_options;
  double extent[4];
  GDate known_on;
  int code = EXIT_OK;
  FlStyle *style = NULL;
  FlPipeline *pipeline = NULL;
  FlMap *map = NULL;
  g_autofree char *cache = cache_dir(options);

  if (!parse_date_option("--date", options->date, &date, &error))
    return fail(error);
  if (command == CMD_RENDER && options->output == NULL) {
    g_set_error(&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "-o FILE is required (.png, .svg or .pdf)");
    return fail(error);
  }
  if ((command == CMD_RENDER && (!fl_format_from_path(options->output, &format, &error) ||
                                 !output_folder_writable(options->output, &error))) ||
      !(style = map_setup(options, &map_options, extent, &known_on, &error)))
    return fail(error);
  fl_render_prepare_fonts();   /* while the reports are read */
  pipeline = run_pipeline(options, &error);
  if (pipeline == NULL || !check_date(pipeline, "--date", &date, &error))
    goto out;
  map_options.cache_dir = cache;
  map = fl_map_new(pipeline->theatre, &map_options, &error);
  if (map == NULL)
    goto out;
  if (command == CMD_RENDER) {
    fl_map_render(map, pipeline->control, pipeline->reports, &date, options->output, &error);
  } else {
    GString *out = g_string_new(NULL);
    if (fl_map_write_regions(map, pipeline->control, &date, out, &error))
      write_stdout(out->str, out->len, &error);
    g_string_free(out, TRUE);
  }
out:
  if (error)
    code = fail(error);
  fl_map_free(map);
  fl_pipeline_free(pipeline);
  fl_style_free(style);
  return code;
}

/* Outside batch: a signal that ends the process first removes the files being written (a map's
 * temporary file, a GIS export's folder), then ends it as the signal would. */
static void
on_fatal_signal(int signal_number)
{
  fl_output_remove_temps();
  signal(signal_number, SIG_DFL);
  raise(signal_number);
}

static void
clean_on_signals(void)
{
  struct sigaction action = {0};
  action.sa_handler = on_fatal_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, NULL);
  sigaction(SIGTERM, &action, NULL);
  sigaction(SIGHUP, &action, NULL);
  sigaction(SIGPIPE, &action, NULL);
}

static volatile sig_atomic_t interrupted;

static void
on_signal(int signal_number)
{
  (void)signal_number;
  interrupted = 1;
}

/* "count/total rate time-left" on one line of the terminal. */
typedef struct {
  gint64 start;
  gboolean shown;
} Progress;

static void
show_progress(guint done, guint total, guint skipped, gpointer user_data)
{
  Progress *progress = user_data;
  double elapsed = (double)(g_get_monotonic_time() - progress->start) / 1e6;
  double rate = elapsed > 0 ? done / elapsed : 0;
  int width = 30, filled = total ? (int)(width * (double)done / total) : width;
  char bar[64];
  for (int i = 0; i < width; i++)
    bar[i] = i < filled ? '#' : '-';
  bar[width] = '\0';
  double left = rate > 0 ? (total - done) / rate : 0;
  fprintf(stderr, "\r[%s] %u/%u maps  %.1f/s  %d:%02d left", bar, done, total, rate,
          (int)left / 60, (int)left % 60);
  if (skipped)
    fprintf(stderr, "  (%u up to date)", skipped);
  progress->shown = TRUE;
  fflush(stderr);
}

/* "K/N" with N >= 1 and 0 <= K < N. */
static gboolean
parse_shard(const char *text, guint *index, guint *count, GError **error)
{
  char *end = NULL;
  guint64 k = g_ascii_strtoull(text, &end, 10), n = 0;
  if (end && *end == '/')
    n = g_ascii_strtoull(end + 1, &end, 10);
  if (!end || *end || end == text || n < 1 || n > 100000 || k >= n) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--shard: '%s' is not K/N with 0 <= K < N (e.g. 0/4 ... 3/4)", text);
    return FALSE;
  }
  *index = (guint)k;
  *count = (guint)n;
  return TRUE;
}

/* style --defaults: the commented default style; style --check FILE: validates a style, its
 * [factions] against the theatre. */
static int
command_style(const Options *options)
{
  GError *error = NULL;
  GString *out;
  FlStyle *style;
  FlTheatre *theatre;
  char *path;

  if (options->defaults == !!options->check) {
    fprintf(stderr, "frontline style: give --defaults, or --check FILE\n");
    return EXIT_USAGE;
  }
  if (options->defaults) {
    out = g_string_new(NULL);
    style = fl_style_new();
    fl_style_write(style, out);
    gboolean written = write_stdout(out->str, out->len, &error);
    g_string_free(out, TRUE);
    fl_style_free(style);
    return written ? EXIT_OK : fail(error);
  }
  path = fl_style_find(options->check, styles_dir(), &error);
  if (!path)
    return fail(error);
  style = fl_style_load(path, &error);
  theatre = style ? fl_theatre_load(options->theatre ? options->theatre : default_theatre(),
                                    &error)
                  : NULL;
  if (theatre && fl_style_check_factions(style, theatre, &error) &&
      fl_style_check_fonts(style, &error))
    printf("%s: ok\n", path);
  fl_theatre_free(theatre);
  fl_style_free(style);
  g_free(path);
  return error ? fail(error) : EXIT_OK;
}

static int
command_batch(const Options *options)
{
  GError *error = NULL;
  FlMapOptions map_options;
  double extent[4];
  GDate known_on;
  FlStyle *style = NULL;
  FlBatchOptions batch = {0};
  FlBatchStats stats;
  FlPipeline *pipeline = NULL;
  FlMap *map = NULL;
  GArray *dates = NULL;
  g_autofree char *options_text = NULL, *digest = NULL;
  g_autofree char *cache = cache_dir(options);
  int code = EXIT_OK;
  Progress progress = {g_get_monotonic_time(), FALSE};

  /* Ctrl-C from here on stops the series cleanly, also while the map is being prepared */
  struct sigaction action = {0};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, NULL);
  sigaction(SIGTERM, &action, NULL);
  batch.output_dir = options->output ? options->output : "out";
  g_auto(GStrv) formats = g_strsplit(options->formats ? options->formats : "png", ",", -1);
  for (guint i = 0; formats[i]; i++) {
    FlFormat f;
    if (!fl_format_parse(g_strstrip(formats[i]), &f)) {
      g_set_error(&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                  "--format: unknown map format '%s' (png, svg, pdf, comma-separated)",
                  formats[i]);
      return fail(error);
    }
    batch.formats[f] = TRUE;
  }
  if (options->jobs) {
    char *end = NULL;
    guint64 jobs = g_ascii_strtoull(options->jobs, &end, 10);
    if (!end || *end || jobs < 1 || jobs > 256) {
      g_set_error(&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                  "-j: '%s' is not a number of workers (1 to 256)", options->jobs);
      return fail(error);
    }
    batch.jobs = (guint)jobs;
  }
  if ((options->every != G_MININT && options->every < 1) || options->gif_frame_ms < 0 ||
      options->video_frame_ms < 0) {
    g_set_error(&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--every, --gif-frame-ms and --video-frame-ms take a positive number");
    return fail(error);
  }
  if (options->every != G_MININT && options->dates) {
    g_set_error(&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--every and --dates both choose the dates: give one of them");
    return fail(error);
  }
  if (options->shard &&
      !parse_shard(options->shard, &batch.shard_index, &batch.shard_count, &error))
    return fail(error);
  if (!(style = map_setup(options, &map_options, extent, &known_on, &error)))
    return fail(error);
  /* while the reports are read; Pango's thread is long done when the workers are forked */
  fl_render_prepare_fonts();
  pipeline = run_pipeline(options, &error);
  if (pipeline == NULL)
    goto out;
  FlBatchDates spec = {options->from, options->to,
                       options->every == G_MININT ? 1u : (guint)options->every, options->dates};
  dates = fl_batch_dates(pipeline, &spec, &error);
  if (dates == NULL)
    goto out;
  map_options.cache_dir = cache;
  map = fl_map_new(pipeline->theatre, &map_options, &error);
  if (map == NULL)
    goto out;
  /* what else makes the maps: the page, projection, extent and the whole style */
  GString *style_text = g_string_new(NULL);
  fl_style_write(style, style_text);
  options_text = g_strdup_printf("size=%s dpi=%d proj=%s bbox=%s\n%s",
                                 options->size ? options->size : "",
                                 options->dpi == G_MININT ? -1 : options->dpi,
                                 options->projection ? options->projection : "",
                                 options->bbox ? options->bbox : "", style_text->str);
  g_string_free(style_text, TRUE);
  digest = fl_batch_inputs_digest(pipeline, options_text);
  batch.inputs_digest = digest;
  batch.resume = options->resume;
  batch.deck_path = options->deck;
  batch.gif_path = options->gif;
  batch.gif_frame_ms = (guint)options->gif_frame_ms;
  batch.video_path = options->video;
  batch.video_frame_ms = (guint)options->video_frame_ms;
  batch.sheet_path = options->sheet;
  batch.cancel = &interrupted;
  if (!options->quiet && isatty(STDOUT_FILENO) && isatty(STDERR_FILENO)) {
    batch.progress = show_progress;
    batch.progress_data = &progress;
  }
  gboolean ok = fl_batch_run(map, pipeline, dates, &batch, &stats, &error);
  if (progress.shown)
    fputc('\n', stderr);
  if (ok && !options->quiet)
    printf("%u maps drawn, %u up to date, in %.2f s (%.1f maps/s) into %s\n", stats.rendered,
           stats.skipped, stats.seconds, stats.seconds > 0 ? stats.rendered / stats.seconds : 0.0,
           batch.output_dir);
out:
  if (error)
    code = fail(error);
  if (dates)
    g_array_unref(dates);
  fl_map_free(map);
  fl_pipeline_free(pipeline);
  fl_style_free(style);
  return code;
}

static const struct {
  const char *name;
  const char *summary;
} commands[] = {
    [CMD_PLACES] = {"places", "list every place mention of the reports"},
    [CMD_EVENTS] = {"events", "list the events (who took, lost, besieges what, when)"},
    [CMD_STATE] = {"state", "the state of every place on a date"},
    [CMD_TIMELINE] = {"timeline", "one place's history, with the evidence"},
    [CMD_RENDER] = {"render", "draw the map of a date (PNG, SVG or PDF)"},
    [CMD_REGIONS] = {"regions", "each side's ground on a date as connected regions, in km²"},
    [CMD_BATCH] = {"batch", "one map per date of a series, in parallel; deck, GIF, sheet"},
    [CMD_STYLE] = {"style", "print the default style (--defaults) or check a style file"},
};

/* The short options that take a value (GOptionEntry short names), for "-oFILE". */
#define SHORT_WITH_VALUE "tmfocdslj"

/* Moves the first word that names a command to argv[1]: options may come before it. */
static void
command_first(int argc, char **argv)
{
  for (int a = 2; a < argc; a++)
    for (guint i = 0; i < G_N_ELEMENTS(commands); i++)
      if (g_str_equal(argv[a], commands[i].name)) {
        char *word = argv[a];
        memmove(argv + 2, argv + 1, (gsize)(a - 1) * sizeof *argv);
        argv[1] = word;
        return;
      }
}

static void
usage(FILE *to)
{
  fprintf(to, "usage: frontline COMMAND [OPTION...] REPORT...\n\ncommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS(commands); i++)
    fprintf(to, "  %-8s %s\n", commands[i].name, commands[i].summary);
  fprintf(to, "\n'frontline COMMAND --help' for a command's options; 'frontline --version'.\n");
}

int
main(int argc, char **argv)
{
  Options options = {.dpi = G_MININT, .every = G_MININT};
  GError *error = NULL;
  int code;
  Command command;
  guint i;

  setlocale(LC_ALL, "");
  if (argc < 2) {
    usage(stderr);
    return EXIT_USAGE;
  }
  if (g_str_equal(argv[1], "--version") || g_str_equal(argv[1], "-V")) {
    printf("frontline %s\n", fl_version());
    return stdout_flushed(EXIT_OK);
  }
  if (g_str_equal(argv[1], "--help") || g_str_equal(argv[1], "-h") ||
      g_str_equal(argv[1], "help")) {
    usage(stdout);
    return stdout_flushed(EXIT_OK);
  }
  if (argv[1][0] == '-' && argv[1][1] != '\0')
    command_first(argc, argv);  /* "frontline -t DIR state ...": as "frontline state -t DIR" */
  for (i = 0; i < G_N_ELEMENTS(commands); i++)
    if (g_str_equal(argv[1], commands[i].name))
      break;
  if (i == G_N_ELEMENTS(commands)) {
    fprintf(stderr, "frontline: unknown command '%s' (see 'frontline --help')\n", argv[1]);
    return EXIT_USAGE;
  }
  command = (Command)i;

  GOptionEntry theatre[] = {
      {"theatre", 't', 0, G_OPTION_ARG_FILENAME, &options.theatre,
       "theatre folder (default: the bundled Syria theatre, or $FRONTLINE_THEATRE)", "DIR"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  GOptionEntry common[] = {
      {"manifest", 'm', 0, G_OPTION_ARG_FILENAME, &options.manifest,
       "TSV of report files with their dates (file, date, language, source, note)", "FILE"},
      {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options.reports, NULL, NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  GOptionEntry table[] = {
      {"format", 'f', 0, G_OPTION_ARG_STRING, &options.format, "tsv (default) or json",
       "FORMAT"},
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output,
       "write to FILE (written whole, then renamed) instead of standard output", "FILE"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  GOptionEntry state_output[] = {
      {"format", 'f', 0, G_OPTION_ARG_STRING, &options.format,
       "tsv (default), json, or a GIS file with -o: geojson, gpkg, csv", "FORMAT"},
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output,
       "write to FILE (written whole, then renamed) instead of standard output", "FILE"},
      {"layer", 0, 0, G_OPTION_ARG_STRING, &options.layer,
       "the layer of a GIS file: places (GeoJSON's and CSV's default), zones, front or arrows "
       "(a GeoPackage holds all four unless told)",
       "LAYER"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  GOptionEntry corrected[] = {
      {"corrections", 'c', 0, G_OPTION_ARG_FILENAME, &options.corrections,
       "an analyst's corrections (TSV: date, place_id, faction, status, note); they win",
       "FILE"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  GOptionEntry dated[] = {
      {"date", 'd', 0, G_OPTION_ARG_STRING, &options.date, "the date of the situation",
       "YYYY-MM-DD"},
      {"as-known-on", 0, 0, G_OPTION_ARG_STRING, &options.known_on,
       "use only the reports published by this date", "YYYY-MM-DD"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  GOptionEntry render[] = {
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output,
       "the map file: .png, .svg or .pdf", "FILE"},
      {"size", 's', 0, G_OPTION_ARG_STRING, &options.size,
       "page: WxH in pixels (default 1920x1080), or slide, slide43, square, a4, a4-landscape",
       "SIZE"},
      {"dpi", 0, 0, G_OPTION_ARG_INT, &options.dpi,
       "PNG pixels per inch of a paper size (a4...; default 96)", "N"},
      {"transparent", 0, 0, G_OPTION_ARG_NONE, &options.transparent,
       "no page background (PNG with alpha), for slides", NULL},
      {"style", 0, 0, G_OPTION_ARG_FILENAME, &options.style,
       "style file, or the name of a bundled style: default, print, dark", "FILE|NAME"},
      {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.sets,
       "change one style key (repeatable); 'frontline style --defaults' lists them",
       "SECTION.KEY=VALUE"},
      {"lang", 'l', 0, G_OPTION_ARG_STRING, &options.lang,
       "label language: fr (default), en, ar, fr+ar, en+ar", "LANG"},
      {"title", 0, 0, G_OPTION_ARG_STRING, &options.title, "the map title", "TEXT"},
      {"proj", 0, 0, G_OPTION_ARG_STRING, &options.projection,
       "projection replacing the theatre's: a PROJ string or CRS name", "PROJ"},
      {"bbox", 0, 0, G_OPTION_ARG_STRING, &options.bbox,
       "extent replacing the theatre's, in degrees", "W,S,E,N"},
      {"no-cache", 0, 0, G_OPTION_ARG_NONE, &options.no_cache,
       "prepare the base map and zones afresh, without reading or writing the cache "
       "($FRONTLINE_CACHE_DIR, default ~/.cache/frontline)",
       NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  GOptionEntry style[] = {
      {"defaults", 0, 0, G_OPTION_ARG_NONE, &options.defaults,
       "print the default style, every key with its doc", NULL},
      {"check", 0, 0, G_OPTION_ARG_FILENAME, &options.check,
       "check a style file (or bundled style name), its factions against the theatre",
       "FILE|NAME"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };

  /* "Usage: frontline timeline [OPTION…] PLACE REPORT..." */
  g_autofree char *program = g_strdup_printf("frontline %s", commands[command].name);
  g_set_prgname(program);
  g_autofree char *parameter =
      g_strdup_printf("%s - %s",
                      command == CMD_STYLE      ? ""
                      : command == CMD_TIMELINE ? "PLACE REPORT..."
                                                : "REPORT...",
                      commands[command].summary);
  GOptionContext *context = g_option_context_new(parameter);
  if (command != CMD_STYLE)
    g_option_context_set_summary(context,
                                 "Reports are UTF-8 text files dated by a 'Date:' header, a "
                                 "--manifest, or a dateline; '-' reads one from standard "
                                 "input.");
  GOptionEntry series[] = {
      {"from", 0, 0, G_OPTION_ARG_STRING, &options.from,
       "first date (default: the baseline date)", "YYYY-MM-DD"},
      {"to", 0, 0, G_OPTION_ARG_STRING, &options.to, "last date (default: the last report's)",
       "YYYY-MM-DD"},
      {"every", 0, 0, G_OPTION_ARG_INT, &options.every, "days between maps (default 1)", "N"},
      {"dates", 0, 0, G_OPTION_ARG_STRING, &options.dates,
       "each-report, each-change, or a list D1,D2,... instead of every day", "WHICH"},
      {"format", 'f', 0, G_OPTION_ARG_STRING, &options.formats,
       "map formats, comma-separated: png (default), svg, pdf", "LIST"},
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output,
       "the folder of the maps (default out)", "DIR"},
      {"jobs", 'j', 0, G_OPTION_ARG_STRING, &options.jobs,
       "worker processes (default: one per core)", "N"},
      {"shard", 0, 0, G_OPTION_ARG_STRING, &options.shard,
       "draw only every N-th date from the K-th (0-based), for job arrays", "K/N"},
      {"resume", 0, 0, G_OPTION_ARG_NONE, &options.resume,
       "skip the maps that are complete and made from the same inputs", NULL},
      {"deck", 0, 0, G_OPTION_ARG_FILENAME, &options.deck,
       "also one PDF: a title page, then one page per date", "FILE.pdf"},
      {"gif", 0, 0, G_OPTION_ARG_FILENAME, &options.gif, "also a looping animated GIF",
       "FILE.gif"},
      {"gif-frame-ms", 0, 0, G_OPTION_ARG_INT, &options.gif_frame_ms,
       "time per frame of the GIF (default 800)", "MS"},
      {"video", 0, 0, G_OPTION_ARG_FILENAME, &options.video,
       "also a video of the maps: H.264 in FILE.mp4, VP9 in FILE.webm", "FILE.mp4"},
      {"video-frame-ms", 0, 0, G_OPTION_ARG_INT, &options.video_frame_ms,
       "time per frame of the video (default 800)", "MS"},
      {"sheet", 0, 0, G_OPTION_ARG_FILENAME, &options.sheet,
       "also a contact sheet of small maps with their dates", "FILE.png"},
      {"quiet", 'q', 0, G_OPTION_ARG_NONE, &options.quiet, "no progress, no summary", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  g_option_context_add_main_entries(context, theatre, NULL);
  if (command == CMD_STYLE)
    g_option_context_add_main_entries(context, style, NULL);
  else
    g_option_context_add_main_entries(context, common, NULL);
  if (command == CMD_PLACES || command == CMD_EVENTS || command == CMD_TIMELINE)
    g_option_context_add_main_entries(context, table, NULL);
  if (command == CMD_STATE || command == CMD_TIMELINE || command == CMD_RENDER ||
      command == CMD_REGIONS || command == CMD_BATCH)
    g_option_context_add_main_entries(context, corrected, NULL);
  if (command == CMD_STATE)
    g_option_context_add_main_entries(context, state_output, NULL);
  if (command == CMD_STATE || command == CMD_RENDER || command == CMD_REGIONS)
    g_option_context_add_main_entries(context, dated, NULL);
  if (command == CMD_RENDER)
    g_option_context_add_main_entries(context, render, NULL);
  if (command == CMD_REGIONS)
    g_option_context_add_main_entries(context, render + 1, NULL);  /* the map's page and style */
  if (command == CMD_BATCH) {
    g_option_context_add_main_entries(context, series, NULL);
    g_option_context_add_main_entries(context, render + 1, NULL);  /* all but -o FILE */
  }

  /* argv without the command word, with the program name kept first, "-oFILE" as "-o FILE"
   * (GOption takes a short option's value only as the next word) */
  g_autofree char **args = g_new0(char *, 2 * (gsize)argc);
  GPtrArray *split = g_ptr_array_new_with_free_func(g_free);
  int n_args = 1;
  args[0] = argv[0];
  for (int a = 2; a < argc; a++) {
    const char *arg = argv[a];
    if (arg[0] == '-' && arg[1] && strchr(SHORT_WITH_VALUE, arg[1]) && arg[2]) {
      char *letter = g_strndup(arg, 2);
      g_ptr_array_add(split, letter);
      args[n_args++] = letter;
      arg += 2;
    }
    args[n_args++] = (char *)arg;
  }
  char **parse_argv = args;
  if (!g_option_context_parse(context, &n_args, &parse_argv, &error)) {
    fprintf(stderr, "frontline %s: %s (see 'frontline %s --help')\n", commands[command].name,
            error->message, commands[command].name);
    g_error_free(error);
    g_option_context_free(context);
    g_ptr_array_unref(split);
    code = EXIT_USAGE;
    goto out;
  }
  g_option_context_free(context);
  g_ptr_array_unref(split);
  split = NULL;

  if (command != CMD_BATCH)
    clean_on_signals();  /* batch stops its workers and cleans up itself */
  switch (command) {
  case CMD_PLACES:
  case CMD_EVENTS:
  case CMD_STATE:
  case CMD_TIMELINE: code = command_table(&options, command); break;
  case CMD_RENDER:
  case CMD_REGIONS: code = command_render(&options, command); break;
  case CMD_STYLE: code = command_style(&options); break;
  default: code = command_batch(&options); break;
  }
  code = stdout_flushed(code);
out:
  g_free(options.theatre);
  g_free(options.manifest);
  g_free(options.format);
  g_free(options.layer);
  g_free(options.date);
  g_free(options.known_on);
  g_free(options.corrections);
  g_free(options.output);
  g_free(options.size);
  g_free(options.projection);
  g_free(options.bbox);
  g_free(options.lang);
  g_free(options.title);
  g_free(options.from);
  g_free(options.to);
  g_free(options.dates);
  g_free(options.formats);
  g_free(options.jobs);
  g_free(options.shard);
  g_free(options.deck);
  g_free(options.gif);
  g_free(options.video);
  g_free(options.sheet);
  g_free(options.style);
  g_strfreev(options.sets);
  g_free(options.check);
  g_strfreev(options.reports);
  return code;
}
