/* series.c - the frontline commands that are not one map or one table: batch (a series of
 * maps, in parallel, with its progress line and its signals) and style. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <frontline/batch.h>

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t interrupted;
static volatile sig_atomic_t broken_pipe;   /* the signal was SIGPIPE: exit 141, not 130 */

static void
on_signal(int signal_number)
{
  if (signal_number == SIGPIPE)
    broken_pipe = 1;
  interrupted = 1;
}

/* "[bar] maps done/total, the deck's pages or the frames being made, the rate of maps, the time
 * left" on one line of the terminal. The bar and the time left count every step of the run:
 * the maps, then the deck's pages, the animation's and the video's frames and the writing of
 * each file, so the time left is not 0:00 while a deck is still being written. */
typedef struct {
  gint64 start;
  gint64 stage_start;   /* of the stage being shown */
  FlBatchStage stage;
  gboolean shown;
} Progress;

static void
show_progress(const FlBatchProgress *state, gpointer user_data)
{
  static const char *const stages[] = {"maps", "deck", "animation", "video"};
  Progress *progress = user_data;
  gint64 now = g_get_monotonic_time();
  double elapsed = (double)(now - progress->start) / 1e6;
  int width = 30;
  int filled = state->steps_total
                   ? (int)(width * (double)state->steps_done / state->steps_total) : width;
  char bar[64];

  if (state->stage != progress->stage) {
    progress->stage = state->stage;
    progress->stage_start = now;
  }
  for (int i = 0; i < width; i++)
    bar[i] = i < filled ? '#' : '-';
  bar[width] = '\0';
  fprintf(stderr, "\r[%s] %u/%u maps", bar, state->maps_done, state->maps_total);
  if (state->stage == FL_BATCH_STAGE_MAPS) {
    fprintf(stderr, "  %.1f/s", elapsed > 0 ? state->maps_done / elapsed : 0.0);
  } else {
    fprintf(stderr, "  %s %u/%u", stages[state->stage], state->done, state->total);
  }
  /* the steps left of the stage being made at its own pace, those of the stages after it
   * (and the writing of its file) at the pace of the run so far */
  guint left_steps = state->steps_total - state->steps_done;
  guint stage_left = MIN(state->total - state->done, left_steps);
  double stage_elapsed = (double)(now - progress->stage_start) / 1e6;
  double run_pace = state->steps_done > 0 ? elapsed / state->steps_done : 0;
  double stage_pace = state->done > 0 ? stage_elapsed / state->done : run_pace;
  if (left_steps == 0) {
    fprintf(stderr, "  0:00 left");
  } else if (run_pace <= 0 && stage_pace <= 0) {
    fprintf(stderr, "  -:-- left");
  } else {
    int left = MAX(1, (int)ceil(stage_left * stage_pace + (left_steps - stage_left) * run_pace));
    fprintf(stderr, "  %d:%02d left", left / 60, left % 60);
  }
  if (state->skipped)
    fprintf(stderr, "  (%u up to date)", state->skipped);
  fputs("\033[K", stderr);   /* the rest of a longer line before */
  progress->shown = TRUE;
  fflush(stderr);
}

/* "deck 0.61 s, animation and sheet 0.40 s: 2.36 s in all" after the maps' line, when the run
 * made any of them. */
static void
print_products(const Options *options, const FlBatchStats *stats)
{
  const char *animation = options->gif && options->sheet ? "animation and sheet"
                          : options->gif                ? "animation"
                                                        : "sheet";
  GString *line = g_string_new(NULL);
  if (options->deck)
    g_string_append_printf(line, "deck %.2f s", stats->deck_seconds);
  if (options->gif || options->sheet)
    g_string_append_printf(line, "%s%s %.2f s", line->len ? ", " : "", animation,
                           stats->animation_seconds);
  if (options->video)
    g_string_append_printf(line, "%svideo %.2f s", line->len ? ", " : "", stats->video_seconds);
  if (line->len)
    printf("%s: %.2f s in all\n", line->str, stats->total_seconds);
  g_string_free(line, TRUE);
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

/* cache info: the cache folder, its files, bytes and bound, one "key<TAB>value" a line;
 * cache clear: removes its files. */
int
command_cache(const Options *options)
{
  GError *error = NULL;
  g_autofree char *dir = cache_dir(options);
  const char *action = options->reports && options->reports[0] ? options->reports[0] : "";
  FlCacheInfo info;

  if ((!g_str_equal(action, "info") && !g_str_equal(action, "clear")) ||
      (options->reports && options->reports[0] && options->reports[1])) {
    fprintf(stderr, "frontline cache: give info or clear%s%s%s\n", *action ? " (not '" : "",
            action, *action ? "')" : "");
    return EXIT_USAGE;
  }
  if (!dir) {   /* FRONTLINE_CACHE_DIR=off */
    printf("folder\toff\nfiles\t0\nbytes\t0\n");
    return EXIT_OK;
  }
  if (g_str_equal(action, "info")) {
    if (!fl_cache_info(dir, &info, &error))
      return fail(error);
    printf("folder\t%s\nfiles\t%u\nbytes\t%" G_GUINT64_FORMAT "\nlimit\t%" G_GUINT64_FORMAT "\n",
           dir, info.files, info.bytes, info.limit);
    return EXIT_OK;
  }
  if (!fl_cache_clear(dir, &info, &error))
    return fail(error);
  printf("removed\t%u files, %" G_GUINT64_FORMAT " bytes, from %s\n", info.files, info.bytes,
         dir);
  return EXIT_OK;
}

/* style --defaults: the commented default style; style --check FILE: validates a style, its
 * [factions] against the theatre. */
int
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

int
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
  Progress progress = {g_get_monotonic_time(), g_get_monotonic_time(), FL_BATCH_STAGE_MAPS,
                       FALSE};

  /* Ctrl-C from here on stops the series cleanly, also while the map is being prepared */
  fl_cli_on_signals(on_signal);
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
  fl_render_prepare_fonts(style);
  pipeline = run_pipeline(options, FALSE, &error);
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
  print_map_warnings(map, NULL);
  /* what else makes the maps: the page, projection, extent and the whole style */
  GString *style_text = g_string_new(NULL);
  fl_style_write(style, style_text);
  options_text = g_strdup_printf("size=%s dpi=%d proj=%s bbox=%s known-on=%s\n%s",
                                 options->size ? options->size : "",
                                 options->dpi == G_MININT ? -1 : options->dpi,
                                 options->projection ? options->projection : "",
                                 options->bbox ? options->bbox : "",
                                 options->known_on ? options->known_on : "", style_text->str);
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
  batch.warning = print_warning;
  if (!options->quiet && isatty(STDOUT_FILENO) && isatty(STDERR_FILENO)) {
    batch.progress = show_progress;
    batch.progress_data = &progress;
  }
  gboolean ok = fl_batch_run(map, pipeline, dates, &batch, &stats, &error);
  if (progress.shown)
    fputc('\n', stderr);
  if (ok && !options->quiet) {
    printf("%u maps drawn, %u up to date, in %.2f s (%.1f maps/s) into %s\n", stats.rendered,
           stats.skipped, stats.seconds, stats.seconds > 0 ? stats.rendered / stats.seconds : 0.0,
           batch.output_dir);
    print_products(options, &stats);
  }
  fflush(stdout);   /* here, so that a reader gone shows as SIGPIPE below */
out:
  if (error)
    code = fail(error);
  if (broken_pipe)
    code = EXIT_BROKEN_PIPE;   /* standard output's reader left (its summary, or a worker's) */
  if (dates)
    g_array_unref(dates);
  fl_map_free(map);
  fl_pipeline_free(pipeline);
  fl_style_free(style);
  return code;
}
