/* main.c - the frontline command: options in, one library call per command, exit code out.
 *
 * Exit codes (README "Exit codes"): 0 ok, 2 usage, 3 a report, 4 theatre data, 5 the map or
 * an output file, 6 a command this version does not have. */
#include <frontline/frontline.h>

#include <locale.h>
#include <stdio.h>
#include <string.h>

enum {
  EXIT_OK = 0,
  EXIT_USAGE = 2,
  EXIT_REPORT = 3,
  EXIT_DATA = 4,
  EXIT_OUTPUT = 5,
  EXIT_UNAVAILABLE = 6,
};

typedef enum { CMD_PLACES, CMD_EVENTS, CMD_STATE, CMD_TIMELINE, CMD_RENDER, CMD_BATCH } Command;

/* Everything any command takes. */
typedef struct {
  char *theatre;
  char *manifest;
  char *format;
  char *date;
  char *known_on;
  char *corrections;
  char *output;
  char *size;
  char *lang;
  char *title;
  char **reports;
} Options;

static const char *
default_theatre(void)
{
  const char *env = g_getenv("FRONTLINE_THEATRE");
  return env && *env ? env : FL_DEFAULT_THEATRE;
}

static int
exit_code_for(const GError *error)
{
  if (error->domain == G_OPTION_ERROR)
    return EXIT_USAGE;
  if (error->domain == FL_REPORT_ERROR)
    return EXIT_REPORT;
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

static gboolean
parse_size(const char *text, int *width, int *height, GError **error)
{
  int w = 0, h = 0;
  char *end = NULL;
  w = (int)g_ascii_strtoll(text, &end, 10);
  if (end && (*end == 'x' || *end == 'X'))
    h = (int)g_ascii_strtoll(end + 1, &end, 10);
  if (!end || *end || w < 64 || h < 64 || w > 20000 || h > 20000) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--size: '%s' is not WIDTHxHEIGHT in pixels (64 to 20000), e.g. 1920x1080",
                text);
    return FALSE;
  }
  *width = w;
  *height = h;
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

/* places, events, state, timeline: a table on standard output. */
static int
command_table(const Options *options, Command command)
{
  GError *error = NULL;
  FlTableFormat format = FL_TABLE_TSV;
  FlExportFormat layer_format;
  gboolean layer = FALSE;  /* a GIS file through OGR rather than a table */
  GDate date;
  Options rest = *options;
  const char *place_name = NULL;
  gint place = -1;
  if (command == CMD_STATE && options->format)
    layer = fl_export_format_parse(options->format, &layer_format);
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
  if (command == CMD_TIMELINE && (place = fl_pipeline_find_place(pipeline, place_name)) < 0) {
    g_set_error(&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "no place of the theatre is called '%s' (give an id of places.tsv or a name)",
                place_name);
    fl_pipeline_free(pipeline);
    return fail(error);
  }
  if (layer) {
    gboolean ok = fl_export_state(pipeline, &date, layer_format, options->output, &error);
    fl_pipeline_free(pipeline);
    return ok ? EXIT_OK : fail(error);
  }
  GString *out = g_string_new(NULL);
  if (command == CMD_PLACES)
    fl_pipeline_write_places(pipeline, format, out);
  else if (command == CMD_EVENTS)
    fl_pipeline_write_events(pipeline, format, out);
  else if (command == CMD_TIMELINE)
    fl_pipeline_write_timeline(pipeline, (guint)place, format, out);
  else
    fl_pipeline_write_state(pipeline, &date, format, out);
  int code = EXIT_OK;
  if (options->output) {
    /* written whole to a temporary name and renamed */
    if (!g_file_set_contents(options->output, out->str, (gssize)out->len, &error))
      code = fail(error);
  } else {
    fwrite(out->str, 1, out->len, stdout);
  }
  g_string_free(out, TRUE);
  fl_pipeline_free(pipeline);
  return code;
}

static int
command_render(const Options *options)
{
  GError *error = NULL;
  GDate date;
  FlFormat format;
  FlMapOptions map_options;
  int code = EXIT_OK;
  FlPipeline *pipeline = NULL;
  FlMap *map = NULL;

  fl_map_options_init(&map_options);
  if (!parse_date_option("--date", options->date, &date, &error))
    return fail(error);
  if (options->output == NULL) {
    g_set_error(&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "-o FILE is required (.png, .svg or .pdf)");
    return fail(error);
  }
  if (!fl_format_from_path(options->output, &format, &error))
    return fail(error);
  if (options->size &&
      !parse_size(options->size, &map_options.width, &map_options.height, &error))
    return fail(error);
  if (options->lang)
    map_options.lang = options->lang;
  if (options->title)
    map_options.title = options->title;
  pipeline = run_pipeline(options, &error);
  if (pipeline == NULL)
    goto out;
  map = fl_map_new(pipeline->theatre, &map_options, &error);
  if (map == NULL)
    goto out;
  fl_map_render(map, pipeline->control, pipeline->reports, &date, options->output, &error);
out:
  if (error)
    code = fail(error);
  fl_map_free(map);
  fl_pipeline_free(pipeline);
  return code;
}

static int
command_batch(const Options *options)
{
  (void)options;
  fprintf(stderr, "frontline: 'batch' is not available in this version: run 'frontline render "
                  "--date D -o FILE' once per date\n");
  return EXIT_UNAVAILABLE;
}

static const struct {
  const char *name;
  const char *summary;
} commands[] = {
    [CMD_PLACES] = {"places", "list every place mention of the reports"},
    [CMD_EVENTS] = {"events", "list the events (who took, lost, besieges what, when)"},
    [CMD_STATE] = {"state", "the state of every place on a date"},
    [CMD_TIMELINE] = {"timeline", "one place's history, with the evidence (PLACE REPORT...)"},
    [CMD_RENDER] = {"render", "draw the map of a date (PNG, SVG or PDF)"},
    [CMD_BATCH] = {"batch", "one map per date (not available in this version)"},
};

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
  Options options = {0};
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
    return EXIT_OK;
  }
  if (g_str_equal(argv[1], "--help") || g_str_equal(argv[1], "-h") ||
      g_str_equal(argv[1], "help")) {
    usage(stdout);
    return EXIT_OK;
  }
  for (i = 0; i < G_N_ELEMENTS(commands); i++)
    if (g_str_equal(argv[1], commands[i].name))
      break;
  if (i == G_N_ELEMENTS(commands)) {
    fprintf(stderr, "frontline: unknown command '%s' (see 'frontline --help')\n", argv[1]);
    return EXIT_USAGE;
  }
  command = (Command)i;

  GOptionEntry common[] = {
      {"theatre", 't', 0, G_OPTION_ARG_FILENAME, &options.theatre,
       "theatre folder (default: the bundled Syria theatre, or $FRONTLINE_THEATRE)", "DIR"},
      {"manifest", 'm', 0, G_OPTION_ARG_FILENAME, &options.manifest,
       "TSV of report files with their dates (file, date, language, source, note)", "FILE"},
      {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options.reports, NULL, NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  GOptionEntry table[] = {
      {"format", 'f', 0, G_OPTION_ARG_STRING, &options.format,
       "tsv (default) or json; for state also geojson, gpkg or csv (with -o)", "FORMAT"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  GOptionEntry state_output[] = {
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output,
       "write to FILE (written whole, then renamed) instead of standard output", "FILE"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  GOptionEntry corrected[] = {
      {"corrections", 'c', 0, G_OPTION_ARG_FILENAME, &options.corrections,
       "an analyst's corrections (TSV: date, place_id, faction, status, note); they win",
       "FILE"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  GOptionEntry dated[] = {
      {"date", 'd', 0, G_OPTION_ARG_STRING, &options.date, "the date of the situation", "YYYY-MM-DD"},
      {"as-known-on", 0, 0, G_OPTION_ARG_STRING, &options.known_on,
       "use only the reports published by this date", "YYYY-MM-DD"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  GOptionEntry render[] = {
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output,
       "the map file: .png, .svg or .pdf", "FILE"},
      {"size", 's', 0, G_OPTION_ARG_STRING, &options.size, "page size in pixels (default 1920x1080)",
       "WxH"},
      {"lang", 'l', 0, G_OPTION_ARG_STRING, &options.lang, "label language: fr (default), en, ar",
       "LANG"},
      {"title", 0, 0, G_OPTION_ARG_STRING, &options.title, "the map title", "TEXT"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };

  g_autofree char *parameter = g_strdup_printf("%s REPORT... - %s", commands[command].name,
                                               commands[command].summary);
  GOptionContext *context = g_option_context_new(parameter);
  g_option_context_set_summary(context,
                               "Reports are UTF-8 text files dated by a 'Date:' header, a "
                               "--manifest, or a dateline.");
  g_option_context_add_main_entries(context, common, NULL);
  if (command == CMD_PLACES || command == CMD_EVENTS || command == CMD_STATE ||
      command == CMD_TIMELINE)
    g_option_context_add_main_entries(context, table, NULL);
  if (command == CMD_STATE || command == CMD_TIMELINE || command == CMD_RENDER ||
      command == CMD_BATCH)
    g_option_context_add_main_entries(context, corrected, NULL);
  if (command == CMD_STATE)
    g_option_context_add_main_entries(context, state_output, NULL);
  if (command == CMD_STATE || command == CMD_RENDER || command == CMD_BATCH)
    g_option_context_add_main_entries(context, dated, NULL);
  if (command == CMD_RENDER || command == CMD_BATCH)
    g_option_context_add_main_entries(context, render, NULL);

  /* argv without the command word, with the program name kept first */
  g_autofree char **args = g_new0(char *, argc);
  args[0] = argv[0];
  for (int a = 2; a < argc; a++)
    args[a - 1] = argv[a];
  int n_args = argc - 1;
  char **parse_argv = args;
  if (!g_option_context_parse(context, &n_args, &parse_argv, &error)) {
    fprintf(stderr, "frontline %s: %s\n", commands[command].name, error->message);
    g_error_free(error);
    g_option_context_free(context);
    code = EXIT_USAGE;
    goto out;
  }
  g_option_context_free(context);

  switch (command) {
  case CMD_PLACES:
  case CMD_EVENTS:
  case CMD_STATE:
  case CMD_TIMELINE: code = command_table(&options, command); break;
  case CMD_RENDER: code = command_render(&options); break;
  default: code = command_batch(&options); break;
  }
out:
  g_free(options.theatre);
  g_free(options.manifest);
  g_free(options.format);
  g_free(options.date);
  g_free(options.known_on);
  g_free(options.corrections);
  g_free(options.output);
  g_free(options.size);
  g_free(options.lang);
  g_free(options.title);
  g_strfreev(options.reports);
  return code;
}
