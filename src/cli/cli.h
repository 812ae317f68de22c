/* cli.h - what the frontline command's files share: its exit codes, commands and options,
 * the steps every command takes (common.c) and the series commands (series.c). main.c calls
 * both; series.c calls common.c; common.c calls neither. */
#ifndef FL_CLI_H
#define FL_CLI_H

#include <frontline/frontline.h>

enum {
  EXIT_OK = 0,
  EXIT_USAGE = 2,
  EXIT_REPORT = 3,
  EXIT_DATA = 4,
  EXIT_OUTPUT = 5,
  EXIT_INTERRUPTED = 130,   /* SIGINT, SIGTERM, SIGHUP */
  EXIT_BROKEN_PIPE = 141,   /* SIGPIPE: 128 + 13, as a shell shows a process it ended */
};

typedef enum {
  CMD_PLACES,
  CMD_EVENTS,
  CMD_STATE,
  CMD_TIMELINE,
  CMD_RENDER,
  CMD_REGIONS,
  CMD_BATCH,
  CMD_STYLE,
  CMD_THEATRE,
  CMD_CACHE
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
  char **places, **aliases;   /* overlays of the theatre's tables */
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
  char *country, *extent, *zones;  /* theatre new */
  gint min_population;             /* theatre new; -1 when not given */
  char **reports;
} Options;

/* Prints a warning to stderr as "frontline: warning: TEXT" (an FlBatchOptions.warning). */
void print_warning(const char *text, gpointer user_data);
/* The theatre folder by default: $FRONTLINE_THEATRE, else the bundled Syria theatre. The
 * bundled data (theatres, lexicons, styles, scripts) is found from the program's place:
 * share/frontline of an installed tree, or the build tree's links to the source folders. */
const char *default_theatre(void);
/* The folder of the styles a bare --style name picks from: $FRONTLINE_STYLES, else the
 * bundled styles. */
const char *styles_dir(void);
/* The folder of the data scripts (theatre new): $FRONTLINE_SCRIPTS, else the bundled ones. */
const char *scripts_dir(void);
/* The folder of prepared maps: $FRONTLINE_CACHE_DIR, or ~/.cache/frontline; NULL for none. */
char *cache_dir(const Options *options);
/* Prints the error (freed) and returns its exit code. */
int fail(GError *error);
/* Reads the theatre and the reports into a pipeline, printing its warnings; with events_only,
 * it stops after the events (no control). */
FlPipeline *run_pipeline(const Options *options, gboolean events_only, GError **error);
/* Writes the warnings of the map and of the plan (either may be NULL) to stderr, one
 * "frontline: warning: " line each. */
void print_map_warnings(const FlMap *map, const FlPlan *plan);
/* The map options and the style of render and batch, checked before any work. */
FlStyle *map_setup(const Options *options, FlMapOptions *map_options, double extent[4],
                   GDate *known_on, GError **error);
/* Writes to standard output, flushed: a full disk or a closed pipe is an error. */
gboolean write_stdout(const char *data, gsize len, GError **error);
/* The exit code once what was printed reached standard output. */
int stdout_flushed(int code);
/* The date of an option (YYYY-MM-DD), as a usage error naming the option when it is not one. */
gboolean parse_date_option(const char *name, const char *text, GDate *date, GError **error);
/* Whether date can be shown: not before the theatre's baseline; a warning when it is long after
 * the last report. */
gboolean check_date(const FlPipeline *pipeline, const char *option, const GDate *date,
                    GError **error);

/* The word of candidates (NULL-terminated) closest to word, for "did you mean": within two
 * edits (one for a word of four letters or less), or the only one word begins; NULL when none
 * or two are as close. Borrowed from candidates. */
const char *closest_word(const char *word, const char *const *candidates);

/* style: print the defaults or check a style file (series.c). */
int command_style(const Options *options);
/* cache info|clear: what the cache folder holds; empty it (series.c). */
int command_cache(const Options *options);
/* batch: one map per date of a series (series.c). */
int command_batch(const Options *options);

/* Sends SIGINT, SIGTERM, SIGHUP and SIGPIPE to handler (the one signal policy of every
 * command: temporaries removed, exit 130, or 141 for SIGPIPE). */
void fl_cli_on_signals(void (*handler)(int));

#endif
