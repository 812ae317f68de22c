/* main.c - the frontline command: options in, one library call per command, exit code out.
 *
 * Exit codes (README "Exit codes"): 0 ok, 2 usage (options, style files), 3 a report,
 * 4 theatre data, 5 the map or an output file, 6 a command this version does not have. */
#include <frontline/frontline.h>

#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum {
  EXIT_OK = 0,
  EXIT_USAGE = 2,
  EXIT_REPORT = 3,
  EXIT_DATA = 4,
  EXIT_OUTPUT = 5,
  EXIT_UNAVAILABLE = 6,
};

typedef enum { CMD_PLACES, CMD_EVENTS, CMD_STATE, CMD_RENDER, CMD_BATCH, CMD_STYLE } Command;

/* Everything any command takes. */
typedef struct {
  char *theatre;
  char *manifest;
  char *format;
  char *date;
  char *known_on;
  char *output;
  char *size;
  int dpi;   /* -1 when not given */
  gboolean transparent;
  char *projection;
  char *bbox;
  char *lang;
  char *title;
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

static int
exit_code_for(const GError *error)
{
  if (error->domain == G_OPTION_ERROR || error->domain == FL_STYLE_ERROR ||
      (error->domain == FL_RENDER_ERROR && error->code == FL_RENDER_ERROR_OPTION))
    return EXIT_USAGE;
  if (error->domain == FL_REPORT_ERROR)
    return EXIT_REPORT;
  if (error->domain == FL_THEATRE_ERROR || error->domain == FL_EVENTS_ERROR ||
      error->domain == FL_PLACES_ERROR)
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

static FlPipeline *
run_pipeline(const Options *options, GError **error)
{
  FlPipelineOptions pipeline_options = {
      .theatre_dir = options->theatre ? options->theatre : default_theatre(),
      .manifest_path = options->manifest,
      .reports = (const char *const *)options->reports,
      .n_reports = options->reports ? g_strv_length(options->reports) : 0,
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

/* places, events, state: a table on standard output. */
static int
command_table(const Options *options, Command command)
{
  GError *error = NULL;
  FlTableFormat format = FL_TABLE_TSV;
  GDate date;
  if (options->format && !fl_table_format_parse(options->format, &format, &error))
    return fail(error);
  if (command == CMD_STATE && !parse_date_option("--date", options->date, &date, &error))
    return fail(error);  /* before any work */
  FlPipeline *pipeline = run_pipeline(options, &error);
  if (pipeline == NULL)
    return fail(error);
  GString *out = g_string_new(NULL);
  if (command == CMD_PLACES)
    fl_pipeline_write_places(pipeline, format, out);
  else if (command == CMD_EVENTS)
    fl_pipeline_write_events(pipeline, format, out);
  else
    fl_pipeline_write_state(pipeline, &date, format, out);
  fwrite(out->str, 1, out->len, stdout);
  g_string_free(out, TRUE);
  fl_pipeline_free(pipeline);
  return EXIT_OK;
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
                 GError **error)
{
  fl_map_options_init(map_options);
  if (options->size && !fl_map_options_set_size(map_options, options->size, error))
    return FALSE;
  if (options->dpi != -1) {
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
  return TRUE;
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

static int
command_render(const Options *options)
{
  GError *error = NULL;
  GDate date;
  FlFormat format;
  FlMapOptions map_options;
  double extent[4];
  int code = EXIT_OK;
  FlStyle *style = NULL;
  FlPipeline *pipeline = NULL;
  FlMap *map = NULL;

  if (!parse_date_option("--date", options->date, &date, &error))
    return fail(error);
  if (options->output == NULL) {
    g_set_error(&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "-o FILE is required (.png, .svg or .pdf)");
    return fail(error);
  }
  if (!fl_format_from_path(options->output, &format, &error) ||
      !output_folder_writable(options->output, &error) ||
      !map_options_from(options, &map_options, extent, &error))
    return fail(error);
  style = build_style(options, &error);
  if (style == NULL)
    return fail(error);
  map_options.style = style;
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
  fl_style_free(style);
  return code;
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
    fwrite(out->str, 1, out->len, stdout);
    g_string_free(out, TRUE);
    fl_style_free(style);
    return EXIT_OK;
  }
  path = fl_style_find(options->check, styles_dir(), &error);
  if (!path)
    return fail(error);
  style = fl_style_load(path, &error);
  theatre = style ? fl_theatre_load(options->theatre ? options->theatre : default_theatre(),
                                    &error)
                  : NULL;
  if (theatre && fl_style_check_factions(style, theatre, &error))
    printf("%s: ok\n", path);
  fl_theatre_free(theatre);
  fl_style_free(style);
  g_free(path);
  return error ? fail(error) : EXIT_OK;
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
    [CMD_RENDER] = {"render", "draw the map of a date (PNG, SVG or PDF)"},
    [CMD_BATCH] = {"batch", "one map per date (not available in this version)"},
    [CMD_STYLE] = {"style", "print the default style (--defaults) or check a style file"},
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
  Options options = {.dpi = -1};
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
      {"format", 'f', 0, G_OPTION_ARG_STRING, &options.format, "tsv (default) or json", "FORMAT"},
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

  g_autofree char *parameter =
      g_strdup_printf("%s%s - %s", commands[command].name,
                      command == CMD_STYLE ? "" : " REPORT...", commands[command].summary);
  GOptionContext *context = g_option_context_new(parameter);
  g_option_context_set_summary(context,
                               "Reports are UTF-8 text files dated by a 'Date:' header, a "
                               "--manifest, or a dateline.");
  g_option_context_add_main_entries(context, theatre, NULL);
  if (command == CMD_STYLE)
    g_option_context_add_main_entries(context, style, NULL);
  else
    g_option_context_add_main_entries(context, common, NULL);
  if (command == CMD_PLACES || command == CMD_EVENTS || command == CMD_STATE)
    g_option_context_add_main_entries(context, table, NULL);
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
  case CMD_STATE: code = command_table(&options, command); break;
  case CMD_RENDER: code = command_render(&options); break;
  case CMD_STYLE: code = command_style(&options); break;
  default: code = command_batch(&options); break;
  }
out:
  g_free(options.theatre);
  g_free(options.manifest);
  g_free(options.format);
  g_free(options.date);
  g_free(options.known_on);
  g_free(options.output);
  g_free(options.size);
  g_free(options.projection);
  g_free(options.bbox);
  g_free(options.lang);
  g_free(options.title);
  g_free(options.style);
  g_strfreev(options.sets);
  g_free(options.check);
  g_strfreev(options.reports);
  return code;
}
