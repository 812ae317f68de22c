/* main.c - the frontline command: options in, one library call per command, exit code out.
 *
 * Exit codes (README "Exit codes"): 0 ok, 2 usage (options, style files), 3 a report,
 * 4 theatre data, 5 the map or an output file, 130 interrupted (batch). */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <frontline/batch.h>

#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Whether output means standard output: none, "-", or the file standard output is
 * (/dev/stdout, /dev/fd/1). */
static gboolean
is_stdout(const char *output)
{
  struct stat target, out;

  if (output == NULL || g_str_equal(output, "-"))
    return TRUE;
  return g_stat(output, &target) == 0 && fstat(STDOUT_FILENO, &out) == 0 &&
         target.st_dev == out.st_dev && target.st_ino == out.st_ino;
}

/* The GIS options of state, checked before any work: --format geojson, gpkg, csv, --layer,
 * --lang, a series (--from, --to, --every) or --date. */
static gboolean
export_setup(const Options *options, FlExportOptions *export, GDate *date, GError **error)
{
  gboolean series = options->from || options->to;

  if (options->layer && !fl_export_layer_parse(options->layer, &export->layer)) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--layer: unknown layer '%s' (places, zones, front, arrows)", options->layer);
    return FALSE;
  }
  if (!fl_export_options_check(export, error))
    return FALSE;
  if (export->format == FL_EXPORT_GPKG && options->output == NULL) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--format %s writes a file: give -o FILE (or -o - for standard output)",
                options->format);
    return FALSE;
  }
  if (series && options->date) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--date %s and --from/--to both choose the dates: give one of them",
                options->date);
    return FALSE;
  }
  if (options->every != G_MININT && (!series || options->every < 1)) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--every %d: give a positive number of days with --from and --to",
                options->every);
    return FALSE;
  }
  return series || parse_date_option("--date", options->date, date, error);
}

/* state --format geojson, gpkg or csv: the date's layers, or the series', into -o FILE or onto
 * standard output. */
static gboolean
export_state(const Options *options, const FlPipeline *pipeline, const GDate *date,
             const FlExportOptions *export, GError **error)
{
  gboolean series = options->from || options->to, ok;
  g_autoptr(GArray) dates = NULL;

  if (series) {
    FlBatchDates spec = {options->from, options->to,
                         options->every == G_MININT ? 1u : (guint)options->every, NULL};
    if (!(dates = fl_batch_dates(pipeline, &spec, error)))
      return FALSE;
  } else {
    if (!check_date(pipeline, "--date", date, error))
      return FALSE;
    dates = g_array_new(FALSE, FALSE, sizeof(GDate));
    g_array_append_val(dates, *date);
  }
  if (is_stdout(options->output)) {
    GBytes *contents = fl_export_bytes(pipeline, dates, series, export, error);
    gsize len;
    const char *data = contents ? g_bytes_get_data(contents, &len) : NULL;
    ok = contents && write_stdout(data, len, error);
    if (contents)
      g_bytes_unref(contents);
    return ok;
  }
  if (series)
    return fl_export_series(pipeline, dates, export, options->output, error);
  return fl_export_state(pipeline, date, export, options->output, error);
}

/* Where a table goes: standard output, or the temporary file of -o path. */
typedef struct {
  FILE *file;
  const char *path;  /* NULL for standard output */
} TableOutput;

/* The tables' sink (FlTableSink). */
static gboolean
write_table(const char *bytes, gsize len, gpointer user_data, GError **error)
{
  const TableOutput *output = user_data;
  if (output->path == NULL)
    return write_stdout(bytes, len, error);
  if (fwrite(bytes, 1, len, output->file) == len)
    return TRUE;
  g_set_error(error, FL_BASE_ERROR, FL_BASE_ERROR_IO, "%s: cannot write: %s", output->path,
              g_strerror(errno));
  return FALSE;
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
  if (!layer && (options->layer || options->from || options->to || options->every != G_MININT)) {
    g_set_error(&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "%s: is for GIS files: give --format geojson, gpkg or csv",
                options->layer ? "--layer" : "--from, --to, --every");
    return fail(error);
  }
  if (options->lang) {
    FlStyle *style = fl_style_new();  /* --lang takes what the maps' labels.language takes */
    gboolean ok = fl_style_set(style, "labels.language", options->lang, "--lang", &error);
    fl_style_free(style);
    if (!ok)
      return fail(error);  /* before any work */
  }
  export.cache_dir = cache;
  export.lang = options->lang;
  if (layer && !export_setup(options, &export, &date, &error))
    return fail(error);  /* before any work */
  if (command == CMD_STATE && !layer &&
      !parse_date_option("--date", options->date, &date, &error))
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
  FlPipeline *pipeline = run_pipeline(&rest, command == CMD_EVENTS, &error);
  if (pipeline == NULL)
    return fail(error);
  if (layer) {
    gboolean ok = export_state(options, pipeline, &date, &export, &error);
    fl_pipeline_free(pipeline);
    return ok ? EXIT_OK : fail(error);
  }
  if (command == CMD_STATE &&
      (!check_date(pipeline, "--date", &date, &error) ||
       !fl_theatre_check_labels_language(pipeline->theatre, options->lang, &error))) {
    fl_pipeline_free(pipeline);
    return fail(error);
  }
  if (command == CMD_TIMELINE &&
      (place = fl_places_resolve(pipeline->gazetteer, place_name, &error)) < 0) {
    fl_pipeline_free(pipeline);
    return fail(error);
  }
  /* the table is written as it is made: onto standard output, or into a temporary file
   * renamed to -o FILE once complete */
  TableOutput output = {stdout, options->output};
  g_autofree char *temp_path = NULL;
  if (options->output && !(output.file = fl_output_open(options->output, &temp_path, &error))) {
    fl_pipeline_free(pipeline);
    return fail(error);
  }
  gboolean ok;
  if (command == CMD_PLACES)
    ok = fl_pipeline_write_places(pipeline, format, write_table, &output, &error);
  else if (command == CMD_EVENTS)
    ok = fl_pipeline_write_events(pipeline, format, write_table, &output, &error);
  else if (command == CMD_TIMELINE)
    ok = fl_pipeline_write_timeline(pipeline, (guint)place, format, write_table, &output, &error);
  else
    ok = fl_pipeline_write_state(pipeline, &date, format, options->lang, write_table, &output,
                                 &error);
  if (options->output && ok) {
    ok = fl_output_finish(output.file, temp_path, options->output, &error);
  } else if (options->output) {
    fclose(output.file);
    fl_output_abort(temp_path);
  }
  fl_pipeline_free(pipeline);
  return ok ? EXIT_OK : fail(error);
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
  FlPlan *plan = NULL;
  FlPlanParts parts = 0;
  GThread *gis = NULL;
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
  fl_render_prepare_fonts(style);   /* while the reports are read */
  if (!cache || !g_file_test(cache, G_FILE_TEST_IS_DIR))
    gis = fl_render_prepare_gis();  /* no prepared map to read: the base map will be */
  pipeline = run_pipeline(options, FALSE, &error);
  if (pipeline == NULL || !check_date(pipeline, "--date", &date, &error))
    goto out;
  map_options.cache_dir = cache;
  map_options.png = command == CMD_RENDER && format == FL_FORMAT_PNG;
  map = fl_map_new(pipeline->theatre, &map_options, &error);
  if (map == NULL)
    goto out;
  /* a PNG paints the pictures (from the cache, with no labels to lay out); SVG and PDF draw
   * the labels; the regions need neither */
  if (command == CMD_RENDER)
    parts = format == FL_FORMAT_PNG ? FL_PLAN_PICTURES : FL_PLAN_LABELS;
  plan = fl_plan_new(map, pipeline->control, &date, 1, parts, &error);
  if (plan == NULL)
    goto out;
  print_map_warnings(map, plan);
  if (command == CMD_RENDER) {
    fl_map_render(map, plan, pipeline->reports, &date, options->output, &error);
  } else {
    GString *out = g_string_new(NULL);
    if (fl_map_write_regions(map, plan, &date, out, &error))
      write_stdout(out->str, out->len, &error);
    g_string_free(out, TRUE);
  }
out:
  if (gis)
    g_thread_join(gis);
  if (error)
    code = fail(error);
  fl_plan_free(plan);
  fl_map_free(map);
  fl_pipeline_free(pipeline);
  fl_style_free(style);
  return code;
}

/* Outside batch: a signal that ends the process first removes the files being written (a map's
 * temporary file, a GIS export's folder), then exits as batch does: 130 for SIGINT, SIGTERM
 * and SIGHUP (interrupted), 141 (128 + 13) for SIGPIPE (standard output's reader left). */
static void
on_fatal_signal(int signal_number)
{
  fl_output_remove_temps();
  _exit(signal_number == SIGPIPE ? EXIT_BROKEN_PIPE : EXIT_INTERRUPTED);
}

/* theatre new DIR: checks the options, then becomes scripts/new-theatre.py, which writes the
 * folder (and removes its temporary folder on a signal); its exit status is the command's. */
static int
command_theatre(const Options *options)
{
  GError *error = NULL;
  char **words = options->reports;

  if (words == NULL || words[0] == NULL || !g_str_equal(words[0], "new") ||
      (words[1] && words[2])) {
    g_set_error(&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "usage: frontline theatre new DIR --country CC[,CC...] --extent W,S,E,N "
                "--from YYYY-MM-DD --to YYYY-MM-DD [--lang fr,en,...] [--zones FILE]");
    return fail(error);
  }
  FlTheatreCreate create = {words[1],     options->country, options->extent,
                            options->from, options->to,     options->lang,
                            options->zones, options->min_population, scripts_dir()};
  char **argv = fl_theatre_create_command(&create, &error);
  if (argv == NULL)
    return fail(error);
  fflush(stdout);
  execvp(argv[0], argv);
  g_set_error(&error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_IO, "cannot run %s: %s", argv[0],
              g_strerror(errno));
  g_strfreev(argv);
  return fail(error);
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
    [CMD_THEATRE] = {"theatre", "theatre new DIR: write a new theatre folder from packaged data"},
    [CMD_CACHE] = {"cache", "info: what the cache of prepared maps holds; clear: empty it"},
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

/* The option tables of the commands. */
typedef struct {
  const GOptionEntry *theatre, *theatre_new, *cache, *style, *common, *table, *corrected,
      *state_output, *dated, *render, *series;
} Tables;

/* Adds entries to context (unless NULL) and their long names, "--name", to names. */
static void
add_entries(GOptionContext *context, GPtrArray *names, const GOptionEntry *entries)
{
  if (context)
    g_option_context_add_main_entries(context, entries, NULL);
  for (const GOptionEntry *entry = entries; entry->long_name; entry++)
    if (*entry->long_name)
      g_ptr_array_add(names, g_strconcat("--", entry->long_name, NULL));
}

/* Adds the option tables command takes to context (unless NULL), and their long names to
 * names. */
static void
command_tables(Command command, const Tables *tables, GOptionContext *context, GPtrArray *names)
{
  if (command == CMD_THEATRE) {  /* "theatre new DIR": its own options only */
    add_entries(context, names, tables->theatre_new);
    return;
  }
  if (command == CMD_CACHE) {  /* "cache info|clear": no theatre, no reports */
    add_entries(context, names, tables->cache);
    return;
  }
  add_entries(context, names, tables->theatre);
  add_entries(context, names, command == CMD_STYLE ? tables->style : tables->common);
  if (command == CMD_PLACES || command == CMD_EVENTS || command == CMD_TIMELINE)
    add_entries(context, names, tables->table);
  if (command == CMD_STATE || command == CMD_TIMELINE || command == CMD_RENDER ||
      command == CMD_REGIONS || command == CMD_BATCH)
    add_entries(context, names, tables->corrected);
  if (command == CMD_STATE)
    add_entries(context, names, tables->state_output);
  if (command == CMD_STATE || command == CMD_RENDER || command == CMD_REGIONS)
    add_entries(context, names, tables->dated);
  if (command == CMD_RENDER)
    add_entries(context, names, tables->render);
  if (command == CMD_REGIONS)
    add_entries(context, names, tables->render + 1);  /* the map's page and style */
  if (command == CMD_BATCH) {
    add_entries(context, names, tables->series);
    add_entries(context, names, tables->render + 1);  /* all but -o FILE */
  }
}

/* The other commands that take the option name, "state, batch", or NULL. Newly allocated. */
static char *
commands_taking(const char *name, Command command, const Tables *tables)
{
  GString *taking = g_string_new(NULL);

  for (guint c = 0; c < G_N_ELEMENTS(commands); c++) {
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    command_tables((Command)c, tables, NULL, names);
    if (c != command && g_ptr_array_find_with_equal_func(names, name, g_str_equal, NULL))
      g_string_append_printf(taking, "%s%s", taking->len ? ", " : "", commands[c].name);
  }
  return g_string_free(taking, taking->len == 0);
}

/* "unknown option '--fromat'; did you mean '--format'?" for the first word of args
 * (NULL-terminated) that is a long option the command lacks: the hint when one of names is
 * close to it, or the commands that take it; NULL when no such word is found. Newly
 * allocated. */
static char *
unknown_option(char **args, GPtrArray *names, Command command, const Tables *tables)
{
  static const char *const help[] = {"--help", "--help-all", NULL};

  for (char **arg = args; *arg && !g_str_equal(*arg, "--"); arg++) {
    if (!g_str_has_prefix(*arg, "--"))
      continue;
    g_autofree char *name = g_strndup(*arg, strcspn(*arg, "="));
    if (g_strv_contains(help, name) ||
        g_ptr_array_find_with_equal_func(names, name, g_str_equal, NULL))
      continue;
    g_ptr_array_add(names, NULL);
    const char *near = closest_word(name, (const char *const *)names->pdata);
    g_ptr_array_remove_index(names, names->len - 1);
    if (near)
      return g_strdup_printf("unknown option '%s'; did you mean '%s'?", name, near);
    g_autofree char *taking = commands_taking(name, command, tables);
    if (taking)
      return g_strdup_printf("unknown option '%s' for %s: an option of %s", name,
                             commands[command].name, taking);
    return g_strdup_printf("unknown option '%s'", name);
  }
  return NULL;
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
  Options options = {.dpi = G_MININT, .every = G_MININT, .min_population = -1};
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
    const char *names[G_N_ELEMENTS(commands) + 1] = {NULL};
    for (guint c = 0; c < G_N_ELEMENTS(commands); c++)
      names[c] = commands[c].name;
    const char *near = closest_word(argv[1], names);
    fprintf(stderr, "frontline: unknown command '%s'%s%s%s (see 'frontline --help')\n", argv[1],
            near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
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
      {"places", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options.places,
       "places that add to or replace the theatre's: a TSV with places.tsv's columns "
       "(repeatable)",
       "FILE"},
      {"aliases", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options.aliases,
       "aliases that add to or replace the theatre's: a TSV with aliases.tsv's columns "
       "(repeatable)",
       "FILE"},
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
       "tsv (default), json, or GIS: geojson, csv (onto standard output without -o), gpkg",
       "FORMAT"},
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output,
       "write to FILE (written whole, then renamed) instead of standard output", "FILE"},
      {"layer", 0, 0, G_OPTION_ARG_STRING, &options.layer,
       "the layer of a GIS file: places (GeoJSON's and CSV's default), zones, front or arrows "
       "(a GeoPackage holds all four unless told)",
       "LAYER"},
      {"lang", 'l', 0, G_OPTION_ARG_STRING, &options.lang,
       "language of the labels (name; a GIS file's faction_label...), one of the theatre's: fr "
       "(default), en, ar",
       "LANG"},
      {"from", 0, 0, G_OPTION_ARG_STRING, &options.from,
       "a series into one GIS file, from this date (default: the baseline date), one feature "
       "per period of unchanged state with valid_from and valid_to",
       "YYYY-MM-DD"},
      {"to", 0, 0, G_OPTION_ARG_STRING, &options.to,
       "the series' last date (default: the last report's)", "YYYY-MM-DD"},
      {"every", 0, 0, G_OPTION_ARG_INT, &options.every, "days between the series' dates "
       "(default 1)", "N"},
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
       "label language, one of the theatre's: fr (default), en, ar...; two: fr+ar", "LANG"},
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

  GOptionEntry theatre_new[] = {
      {"country", 0, 0, G_OPTION_ARG_STRING, &options.country,
       "the theatre's countries, ISO 3166-1 alpha-2 (their settlements can be held)",
       "CC[,CC...]"},
      {"extent", 0, 0, G_OPTION_ARG_STRING, &options.extent, "what the map shows, in degrees",
       "W,S,E,N"},
      {"from", 0, 0, G_OPTION_ARG_STRING, &options.from, "the baseline date", "YYYY-MM-DD"},
      {"to", 0, 0, G_OPTION_ARG_STRING, &options.to, "the last date the theatre covers",
       "YYYY-MM-DD"},
      {"lang", 'l', 0, G_OPTION_ARG_STRING, &options.lang,
       "the languages of names and reports (default en)", "fr,en,..."},
      {"zones", 0, 0, G_OPTION_ARG_FILENAME, &options.zones,
       "the baseline: GeoJSON or GeoPackage polygons with a 'faction' attribute", "FILE"},
      {"min-population", 0, 0, G_OPTION_ARG_INT, &options.min_population,
       "the smallest place taken from GeoNames (default 1000)", "N"},
      {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options.reports, NULL, NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };

  /* "Usage: frontline timeline [OPTION…] PLACE REPORT..." */
  g_autofree char *program = g_strdup_printf("frontline %s", commands[command].name);
  g_set_prgname(program);
  g_autofree char *parameter =
      g_strdup_printf("%s - %s",
                      command == CMD_STYLE      ? ""
                      : command == CMD_CACHE    ? "info|clear"
                      : command == CMD_TIMELINE ? "PLACE REPORT..."
                      : command == CMD_THEATRE  ? "new DIR"
                                                : "REPORT...",
                      commands[command].summary);
  GOptionContext *context = g_option_context_new(parameter);
  if (command == CMD_CACHE)
    g_option_context_set_summary(context,
                                 "The folder is $FRONTLINE_CACHE_DIR (default "
                                 "~/.cache/frontline; off for none), kept under "
                                 "$FRONTLINE_CACHE_MAX MiB (default 512), the least recently "
                                 "used files removed first.");
  else if (command != CMD_STYLE && command != CMD_THEATRE)
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
       "draw only every N-th date from the K-th (0-based), for job arrays; the shards share "
       "one folder and make no deck, GIF, video or sheet", "K/N"},
      {"resume", 0, 0, G_OPTION_ARG_NONE, &options.resume,
       "keep the maps made from what their date shows now whose size and SHA-256 match; draw "
       "the rest", NULL},
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
  GOptionEntry cache[] = {
      {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options.reports, NULL, NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  /* the command's options, also kept as a list of names for "did you mean" */
  const Tables tables = {theatre, theatre_new, cache, style, common, table, corrected,
                         state_output, dated, render, series};
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  command_tables(command, &tables, context, names);

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
    g_autofree char *unknown =
        g_error_matches(error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION)
            ? unknown_option(args + 1, names, command, &tables)
            : NULL;
    fprintf(stderr, "frontline %s: %s (see 'frontline %s --help')\n", commands[command].name,
            unknown ? unknown : error->message, commands[command].name);
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
    fl_cli_on_signals(on_fatal_signal);  /* batch stops its workers and cleans up itself */
  switch (command) {
  case CMD_PLACES:
  case CMD_EVENTS:
  case CMD_STATE:
  case CMD_TIMELINE: code = command_table(&options, command); break;
  case CMD_RENDER:
  case CMD_REGIONS: code = command_render(&options, command); break;
  case CMD_STYLE: code = command_style(&options); break;
  case CMD_THEATRE: code = command_theatre(&options); break;
  case CMD_CACHE: code = command_cache(&options); break;
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
  g_strfreev(options.places);
  g_strfreev(options.aliases);
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
  g_free(options.country);
  g_free(options.extent);
  g_free(options.zones);
  g_strfreev(options.reports);
  return code;
}
