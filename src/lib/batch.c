/* batch.c - a series of dated maps: dates, what makes each file, worker processes, resume;
 * the folder and its manifest are batch-folder.c's, the deck, animation, sheet and video
 * batch-products.c's.
 *
 * Workers are processes forked from the prepared map and plan rather than threads: Pango
 * layouts and font caches are shared read-only through copy-on-write, and nothing in Pango or
 * Cairo needs to be thread-safe. Worker k of N draws frames k, k + N, ... and reports each
 * finished frame, with its size and SHA-256, on a pipe; the parent records it in the manifest
 * and tells the progress. */
#define _POSIX_C_SOURCE 200809L
#include "batch-internal.h"
#include "render/video.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- dates ---- */

static gint
compare_dates(gconstpointer a, gconstpointer b)
{
  return g_date_compare(a, b);
}

/* Sorts dates and drops the repeated ones. */
static void
sort_unique(GArray *dates)
{
  guint kept = 0;
  g_array_sort(dates, compare_dates);
  for (guint i = 0; i < dates->len; i++)
    if (kept == 0 || g_date_compare(&g_array_index(dates, GDate, kept - 1),
                                    &g_array_index(dates, GDate, i)) != 0)
      g_array_index(dates, GDate, kept++) = g_array_index(dates, GDate, i);
  g_array_set_size(dates, kept);
}

static gboolean
parse_date(const char *what, const char *text, GDate *date, GError **error)
{
  GError *local = NULL;
  if (fl_date_parse_iso(text, date, &local))
    return TRUE;
  g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_DATES, "%s: %s", what, local->message);
  g_error_free(local);
  return FALSE;
}

/* The most days a series may span: ten years of daily maps. */
#define SERIES_MAX_DAYS 3660u

GArray *
fl_batch_dates(const FlPipeline *pipeline, const FlBatchDates *spec, GError **error)
{
  const FlTheatre *theatre = pipeline->theatre;
  GArray *dates = g_array_new(FALSE, FALSE, sizeof(GDate));
  GDate from = theatre->baseline_date, to = theatre->baseline_date;

  for (guint r = 0; r < pipeline->reports->len; r++) {
    const FlReport *report = pipeline->reports->pdata[r];
    if (g_date_compare(&report->date, &to) > 0)
      to = report->date;
  }
  if ((spec->from && !parse_date("--from", spec->from, &from, error)) ||
      (spec->to && !parse_date("--to", spec->to, &to, error)))
    goto fail;
  if (g_date_compare(&from, &to) > 0) {
    char a[11], b[11];
    g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_DATES, "--from %s is after --to %s",
                fl_date_format_iso(&from, a), fl_date_format_iso(&to, b));
    goto fail;
  }
  if (g_date_compare(&from, &theatre->baseline_date) < 0) {
    char a[11], b[11];
    g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_DATES,
                "--from %s is before the theatre's baseline date %s: nothing is known then",
                fl_date_format_iso(&from, a), fl_date_format_iso(&theatre->baseline_date, b));
    goto fail;
  }
  if (g_date_days_between(&from, &to) >= (gint)SERIES_MAX_DAYS) {
    char a[11], b[11];
    g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_DATES,
                "--from %s --to %s spans more than %u days: draw it in parts",
                fl_date_format_iso(&from, a), fl_date_format_iso(&to, b), SERIES_MAX_DAYS);
    goto fail;
  }
  if (spec->select == NULL) {
    guint every = spec->every ? spec->every : 1;
    GDate d = from;
    for (; g_date_compare(&d, &to) <= 0; g_date_add_days(&d, every))
      g_array_append_val(dates, d);
    GDate last = g_array_index(dates, GDate, dates->len - 1);
    if (g_date_compare(&last, &to) < 0)
      g_array_append_val(dates, to);  /* "--every 3" still ends on the last day */
  } else if (g_str_equal(spec->select, "each-report")) {
    for (guint r = 0; r < pipeline->reports->len; r++)
      g_array_append_val(dates, ((const FlReport *)pipeline->reports->pdata[r])->date);
  } else if (g_str_equal(spec->select, "each-change")) {
    g_array_append_val(dates, from);
    for (guint p = 0; p < theatre->places->len; p++) {
      const GArray *history = fl_control_history(pipeline->control, p);
      for (guint i = 1; i < history->len; i++) {
        const FlPlaceState *state = &g_array_index(history, FlHistoryEntry, i).state;
        if (g_date_compare(&state->since, &from) > 0 && g_date_compare(&state->since, &to) <= 0)
          g_array_append_val(dates, state->since);
      }
    }
  } else {
    g_auto(GStrv) items = g_strsplit(spec->select, ",", -1);
    for (guint i = 0; items[i]; i++) {
      GDate d;
      if (!parse_date("--dates", g_strstrip(items[i]), &d, error))
        goto fail;
      if (g_date_compare(&d, &theatre->baseline_date) < 0) {
        char a[11], b[11];
        g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_DATES,
                    "--dates: %s is before the theatre's baseline date %s: nothing is known "
                    "then", fl_date_format_iso(&d, a),
                    fl_date_format_iso(&theatre->baseline_date, b));
        goto fail;
      }
      g_array_append_val(dates, d);
    }
  }
  sort_unique(dates);
  if (dates->len == 0) {
    g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_DATES, "no date to draw");
    goto fail;
  }
  return dates;
fail:
  g_array_unref(dates);
  return NULL;
}

/* ---- what makes the files ---- */

/* For sorting arrays of strings (elements are char *). */
static gint
compare_keys(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The file's name and bytes, read in pieces (a report may be large). */
static void
digest_file(GChecksum *checksum, const char *path)
{
  g_checksum_update(checksum, (const guchar *)path, -1);
  FILE *file = g_fopen(path, "rb");
  if (file == NULL)
    return;
  guchar *chunk = g_malloc(1 << 16);
  gsize got;
  while ((got = fread(chunk, 1, 1 << 16, file)) > 0)
    g_checksum_update(checksum, chunk, (gssize)got);
  g_free(chunk);
  fclose(file);
}

static void
digest_folder(GChecksum *checksum, const char *dir)
{
  GDir *folder = g_dir_open(dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  for (const char *name; folder && (name = g_dir_read_name(folder));)
    g_ptr_array_add(names, g_strdup(name));
  if (folder)
    g_dir_close(folder);
  g_ptr_array_sort(names, compare_keys);  /* the folder's order must not matter */
  for (guint i = 0; i < names->len; i++) {
    g_autofree char *path = g_build_filename(dir, names->pdata[i], NULL);
    if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
      digest_file(checksum, path);
  }
  g_ptr_array_unref(names);
}

char *
fl_batch_inputs_digest(const FlPipeline *pipeline, const char *options_text)
{
  GChecksum *checksum = g_checksum_new(G_CHECKSUM_SHA256);
  g_checksum_update(checksum, (const guchar *)fl_version(), -1);
  g_checksum_update(checksum, (const guchar *)options_text, -1);
  digest_folder(checksum, pipeline->theatre->dir);
  digest_folder(checksum, pipeline->theatre->lexicon_dir);
  for (char **overlay = pipeline->theatre->overlays; overlay && *overlay; overlay++)
    digest_file(checksum, *overlay);   /* --places, --aliases */
  char *digest = g_strdup(g_checksum_get_string(checksum));
  g_checksum_free(checksum);
  return digest;
}

/* What the shards of one series share, and no other batch: the inputs, the reports and the
 * corrections, every date of the series, the formats and the count of shards. Newly
 * allocated. */
static char *
series_key(const FlPipeline *pipeline, const GArray *all_dates, const FlBatchOptions *options)
{
  GChecksum *checksum = g_checksum_new(G_CHECKSUM_SHA256);
  const char *inputs = options->inputs_digest ? options->inputs_digest : "";
  g_autofree char *counts = g_strdup_printf("%d%d%d %u", options->formats[0],
                                            options->formats[1], options->formats[2],
                                            options->shard_count);
  g_checksum_update(checksum, (const guchar *)inputs, -1);
  g_checksum_update(checksum, (const guchar *)counts, -1);
  for (guint r = 0; r < pipeline->reports->len; r++) {
    const FlReport *report = pipeline->reports->pdata[r];
    char date[11];
    g_checksum_update(checksum, (const guchar *)fl_date_format_iso(&report->date, date), -1);
    g_checksum_update(checksum, (const guchar *)(report->source ? report->source : ""), -1);
    if (report->text) {  /* held in memory: its body */
      g_checksum_update(checksum, (const guchar *)report->path, -1);
      g_checksum_update(checksum, (const guchar *)report->text, (gssize)report->text_len);
    } else {
      digest_file(checksum, report->path);
    }
  }
  for (guint c = 0; pipeline->corrections && c < pipeline->corrections->len; c++) {
    const FlCorrection *correction = pipeline->corrections->pdata[c];
    char date[11];
    g_checksum_update(checksum, (const guchar *)correction->origin, -1);
    g_autofree char *row =
        g_strdup_printf("%s %u %d %d %s", fl_date_format_iso(&correction->date, date),
                        correction->place, correction->faction, correction->status,
                        correction->note);
    g_checksum_update(checksum, (const guchar *)row, -1);
  }
  for (guint i = 0; i < all_dates->len; i++) {
    guint32 julian = g_date_get_julian(&g_array_index(all_dates, GDate, i));
    g_checksum_update(checksum, (const guchar *)&julian, sizeof julian);
  }
  char *key = g_strdup(g_checksum_get_string(checksum));
  g_checksum_free(checksum);
  return key;
}

/* What made one file: the inputs, what its date's map shows (fl_map_date_digest) and its
 * format. Newly allocated. */
static char *
frame_digest(const char *inputs, const char *date_digest, FlFormat format)
{
  g_autofree char *text = g_strdup_printf("%s %s %s", inputs, date_digest,
                                          fl_format_name(format));
  return g_compute_checksum_for_string(G_CHECKSUM_SHA256, text, -1);
}

/* ---- frames ---- */

typedef struct {
  guint date_index;
  FlFormat format;
  char *name;      /* file name in the output folder */
  char *path;
  char *digest;    /* what makes it (frame_digest) */
  gboolean skip;   /* complete and up to date (resume) */
} Frame;

static void
frame_clear(gpointer data)
{
  Frame *frame = data;
  g_free(frame->name);
  g_free(frame->path);
  g_free(frame->digest);
}

/* What a worker says of each frame. Written whole in one write (under PIPE_BUF). */
typedef struct {
  gint32 frame;     /* index into the frames */
  gint32 ok;
  gint64 size;      /* of the file drawn, and the SHA-256 (hex) of its bytes */
  char content[65];
  char message[1000];
} Report;

G_STATIC_ASSERT(sizeof(Report) <= 4096);   /* PIPE_BUF on Linux: one write is one message */

static gboolean
draw_frame_file(const FlMap *map, const FlPlan *plan, const FlPipeline *pipeline,
                const GArray *dates, const Frame *frame, GError **error)
{
  const GDate *date = &g_array_index(dates, GDate, frame->date_index);
  return fl_map_render(map, plan, pipeline->reports, date, frame->path, error);
}

/* Draws frame and reads it back into report: its size and SHA-256. */
static gboolean
draw_frame_report(const FlMap *map, const FlPlan *plan, const FlPipeline *pipeline,
                  const GArray *dates, const Frame *frame, Report *report, GError **error)
{
  g_autofree char *content = NULL;
  if (!draw_frame_file(map, plan, pipeline, dates, frame, error))
    return FALSE;
  if (!fl_batch_file_digest(frame->path, &report->size, &content)) {
    int saved = errno;
    g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_OUTPUT, "%s: cannot read the map back: %s",
                frame->path, g_strerror(saved));
    return FALSE;
  }
  g_strlcpy(report->content, content, sizeof report->content);
  return TRUE;
}

/* A worker: draws frames first, first + step, ... that are not skipped, reporting each. */
static void
work(const FlMap *map, const FlPlan *plan, const FlPipeline *pipeline, const GArray *dates,
     const GArray *frames, guint first, guint step, volatile sig_atomic_t *cancel, int to_parent)
{
  for (guint f = first; f < frames->len; f += step) {
    const Frame *frame = &g_array_index(frames, Frame, f);
    if (frame->skip)
      continue;
    if (cancel && *cancel)
      break;
    Report report;
    GError *error = NULL;
    memset(&report, 0, sizeof report);  /* its trailing padding too: the pipe takes every byte */
    report.frame = (gint32)f;
    report.ok = 1;
    if (!draw_frame_report(map, plan, pipeline, dates, frame, &report, &error)) {
      report.ok = 0;
      g_strlcpy(report.message, error->message, sizeof report.message);
      g_error_free(error);
    }
    if (write(to_parent, &report, sizeof report) != (ssize_t)sizeof report || !report.ok)
      break;
  }
}

/* What a run of frames shares: the frames, the manifest, the counts and the first error. */
typedef struct {
  const FlMap *map;
  const FlPlan *plan;
  const FlPipeline *pipeline;
  const GArray *dates;
  const GArray *frames;
  const FlBatchOptions *options;
  FlBatchFolder *folder;
  FlBatchTally *tally;
  FlBatchStats *stats;
  guint done, total, skipped;
  GError *error;   /* the first failure */
} Run;

static gboolean
cancelled(const Run *run)
{
  return run->options->cancel && *run->options->cancel;
}

/* Keeps the first failure, drops the others. */
static void
run_failed(Run *run, GError *error)
{
  if (run->error == NULL)
    run->error = error;
  else
    g_error_free(error);
}

/* Notes a finished frame: in the manifest (merged at once, so an interrupted batch keeps
 * what it made, and the other shards' rows stay) and in the progress. */
static void
frame_done(Run *run, const Frame *frame, const Report *report)
{
  GError *error = NULL;
  FlBatchRow row = {frame->digest, report->size, (char *)report->content};
  run->done++;
  run->stats->rendered++;
  if (!fl_batch_folder_record(run->folder, frame->name, &row, &error))
    run_failed(run, error);
  fl_batch_tally_step(run->tally);
}

/* One job: the frames are drawn here, one after the other. */
static void
run_here(Run *run)
{
  for (guint f = 0; f < run->frames->len && !run->error && !cancelled(run); f++) {
    const Frame *frame = &g_array_index(run->frames, Frame, f);
    Report report;
    GError *error = NULL;
    memset(&report, 0, sizeof report);  /* its trailing padding too: the pipe takes every byte */
    report.frame = (gint32)f;
    report.ok = 1;
    if (frame->skip)
      continue;
    if (draw_frame_report(run->map, run->plan, run->pipeline, run->dates, frame, &report,
                          &error))
      frame_done(run, frame, &report);
    else
      run_failed(run, error);
  }
}

static void
stop_workers(const GArray *children)
{
  for (guint c = 0; c < children->len; c++)
    kill(g_array_index(children, pid_t, c), SIGINT);
}

/* jobs worker processes, worker k drawing frames k, k + jobs, ...; the parent reads their
 * reports, and stops them all on the first failure or when cancelled. */
static void
run_workers(Run *run, guint jobs)
{
  int pipes[2];
  if (pipe(pipes) != 0) {
    g_set_error(&run->error, FL_BATCH_ERROR, FL_BATCH_ERROR_WORKER, "cannot start workers: %s",
                g_strerror(errno));
    return;
  }
  GArray *children = g_array_new(FALSE, FALSE, sizeof(pid_t));
  fflush(NULL);
  for (guint j = 0; j < jobs; j++) {
    pid_t pid = fork();
    if (pid < 0) {
      g_set_error(&run->error, FL_BATCH_ERROR, FL_BATCH_ERROR_WORKER,
                  "cannot start a worker: %s", g_strerror(errno));
      stop_workers(children);
      break;
    }
    if (pid == 0) {
      close(pipes[0]);
      work(run->map, run->plan, run->pipeline, run->dates, run->frames, j, jobs,
           run->options->cancel, pipes[1]);
      close(pipes[1]);
      g_array_unref(children);  /* the parent's list, copied by fork: the worker's to free */
      _exit(0);  /* no atexit handlers, no stdio flush of the parent's buffers */
    }
    g_array_append_val(children, pid);
  }
  close(pipes[1]);
  for (;;) {
    struct pollfd fd = {pipes[0], POLLIN, 0};
    int ready = poll(&fd, 1, 200);
    if (cancelled(run))
      stop_workers(children);  /* the signal may have reached the parent alone */
    if (ready < 0 && errno != EINTR)
      break;
    if (ready <= 0)
      continue;  /* time out, or a signal */
    Report report;
    ssize_t got = read(pipes[0], &report, sizeof report);
    if (got < 0 && errno == EINTR)
      continue;
    if (got != (ssize_t)sizeof report)
      break;  /* every worker closed its end */
    if (report.ok) {
      frame_done(run, &g_array_index(run->frames, Frame, report.frame), &report);
    } else {
      GError *error = g_error_new(FL_BATCH_ERROR, FL_BATCH_ERROR_WORKER, "%s", report.message);
      run_failed(run, error);
      stop_workers(children);
    }
  }
  for (guint c = 0; c < children->len; c++) {
    int status = 0;
    while (waitpid(g_array_index(children, pid_t, c), &status, 0) < 0 && errno == EINTR)
      ;
    if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0) && !cancelled(run) && !run->error)
      g_set_error(&run->error, FL_BATCH_ERROR, FL_BATCH_ERROR_WORKER,
                  "a worker process died (status %d)", status);
  }
  close(pipes[0]);
  g_array_unref(children);
}

/* Runs the frames that are not skipped, updating the manifest as they finish. */
/* Waits (a second at most) until this thread is the process's only one. Pango sorts fonts in
 * short-lived threads of its own ("[pango] FcFontSetSort"); a worker forked while one runs
 * would inherit its half-done work without the thread, and wait for it forever if it needed
 * that font's fallbacks. */
static void
wait_for_lone_thread(void)
{
  for (int i = 0; i < 1000; i++) {
    g_autofree char *status = NULL;
    if (!g_file_get_contents("/proc/self/status", &status, NULL, NULL))
      return;
    const char *line = strstr(status, "\nThreads:");
    if (!line || strtol(line + strlen("\nThreads:"), NULL, 10) <= 1)
      return;
    g_usleep(1000);
  }
}

static gboolean
run_frames(Run *run, GError **error)
{
  const FlBatchOptions *options = run->options;
  guint jobs = options->jobs ? options->jobs : (guint)g_get_num_processors();
  jobs = MAX(1, MIN(jobs, run->total));

  fl_batch_tally_begin(run->tally, FL_BATCH_STAGE_MAPS, run->total);
  if (jobs == 1) {
    run_here(run);
  } else if (run->total > 0) {
    wait_for_lone_thread();
    run_workers(run, jobs);
  }
  if (run->error) {
    g_propagate_error(error, run->error);
    return FALSE;
  }
  if (cancelled(run)) {
    g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_INTERRUPTED,
                "interrupted: %u of %u maps drawn, every file left is complete (rerun with "
                "--resume to finish)",
                run->done, run->total);
    return FALSE;
  }
  return TRUE;
}

/* ---- the run ---- */

/* A shard draws its maps only: the deck, animation, video and sheet are of the whole series. */
static gboolean
check_products(const FlBatchOptions *options, GError **error)
{
  const char *option = options->deck_path    ? "--deck"
                       : options->gif_path   ? "--gif"
                       : options->video_path ? "--video"
                       : options->sheet_path ? "--sheet"
                                             : NULL;
  if (options->shard_count <= 1 || !option)
    return TRUE;
  g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_OPTIONS,
              "%s with --shard %u/%u: a deck, animation, video or sheet is made of the whole "
              "series, not of one shard: draw the shards, then run the batch once more without "
              "--shard, with --resume (it draws no map again) and %s",
              option, options->shard_index, options->shard_count, option);
  return FALSE;
}

/* The files of dates in the chosen formats, and which of them to keep (resume): those whose
 * manifest row says they are made by the same inputs for what their date's map shows, and
 * whose size and SHA-256 still match. */
static GArray *
list_frames(const FlMap *map, const FlPlan *plan, const FlPipeline *pipeline,
            const GArray *dates, const FlBatchOptions *options, GError **error)
{
  GHashTable *manifest = fl_batch_manifest_load(options->output_dir, error);
  if (!manifest)
    return NULL;
  GArray *frames = g_array_new(FALSE, TRUE, sizeof(Frame));
  g_array_set_clear_func(frames, frame_clear);
  for (guint d = 0; d < dates->len; d++) {
    const GDate *date = &g_array_index(dates, GDate, d);
    g_autofree char *date_digest = fl_map_date_digest(map, plan, pipeline->reports, date);
    for (int format = 0; format < 3; format++) {
      if (!options->formats[format])
        continue;
      Frame frame = {d, (FlFormat)format, NULL, NULL, NULL, FALSE};
      char iso[11];
      frame.name = g_strdup_printf("%s-%s.%s", pipeline->theatre->id,
                                   fl_date_format_iso(date, iso), fl_format_name(format));
      frame.path = g_build_filename(options->output_dir, frame.name, NULL);
      frame.digest = frame_digest(options->inputs_digest ? options->inputs_digest : "",
                                  date_digest ? date_digest : "", (FlFormat)format);
      const FlBatchRow *row = g_hash_table_lookup(manifest, frame.name);
      frame.skip = options->resume && row && g_str_equal(row->made_by, frame.digest) &&
                   fl_batch_file_matches(frame.path, row);
      g_array_append_val(frames, frame);
    }
  }
  g_hash_table_unref(manifest);
  return frames;
}

/* The steps of the deck, the animation and sheet, the video: a page or frame per date (and the
 * deck's title page), and one to write each file. */
static guint
product_steps(const FlBatchOptions *options, guint n_dates)
{
  return (options->deck_path ? n_dates + 2 : 0) +
         (options->gif_path || options->sheet_path ? n_dates + 1 : 0) +
         (options->video_path && n_dates > 0 ? n_dates + 1 : 0);
}

/* The deck, the animation and sheet, the video, each timed. */
static gboolean
make_products(const FlMap *map, const FlPlan *plan, const FlPipeline *pipeline,
              const GArray *dates, const GArray *frames, FlBatchTally *tally,
              FlBatchStats *stats, GError **error)
{
  const FlBatchOptions *options = tally->options;
  char **pngs = g_new0(char *, dates->len + 1);
  gboolean ok = TRUE;
  gint64 start = g_get_monotonic_time();

  for (guint f = 0; f < frames->len; f++) {
    const Frame *frame = &g_array_index(frames, Frame, f);
    if (frame->format == FL_FORMAT_PNG)
      pngs[frame->date_index] = g_strdup(frame->path);
  }
  if (options->deck_path) {
    ok = fl_batch_deck(map, plan, pipeline, dates, tally, error);
    stats->deck_seconds = (double)(g_get_monotonic_time() - start) / 1e6;
  }
  start = g_get_monotonic_time();
  if (ok && (options->gif_path || options->sheet_path)) {
    ok = fl_batch_small_multiples(map, plan, pipeline, dates, pngs, tally, error);
    stats->animation_seconds = (double)(g_get_monotonic_time() - start) / 1e6;
  }
  start = g_get_monotonic_time();
  if (ok && options->video_path && dates->len > 0) {
    ok = fl_batch_video(map, plan, pipeline, dates, pngs, tally, error);
    stats->video_seconds = (double)(g_get_monotonic_time() - start) / 1e6;
  }
  g_strfreev(pngs);
  return ok;
}

gboolean
fl_batch_run(const FlMap *map, const FlPipeline *pipeline, const GArray *all_dates,
             const FlBatchOptions *options, FlBatchStats *stats, GError **error)
{
  GArray *dates = g_array_new(FALSE, FALSE, sizeof(GDate));
  GArray *frames = NULL;
  FlBatchFolder *folder = NULL;
  FlBatchTally tally = {options, {0}};
  gboolean ok = FALSE;
  gint64 start = g_get_monotonic_time();
  FlPlan *plan = NULL;
  char *series = NULL;
  Run run;

  memset(stats, 0, sizeof *stats);
  if (!check_products(options, error) ||
      (options->video_path && !fl_video_check(options->video_path, error)))
    goto out;
  series = series_key(pipeline, all_dates, options);
  folder = fl_batch_folder_hold(options->output_dir, options->shard_index,
                                options->shard_count, series, error);
  if (!folder)
    goto out;
  /* The whole series, whatever the shard: every shard places the labels alike. Laid out even
   * when the pictures come from the cache: it loads the fonts of the furniture, which a forked
   * worker cannot (Pango finds fonts in a thread the fork does not copy: a worker asking for a
   * new font size would wait for it forever). The pictures are drawn once here, shared by the
   * workers forked later. */
  plan = fl_plan_new(map, pipeline->control, (const GDate *)all_dates->data, all_dates->len,
                     FL_PLAN_LABELS | (options->formats[FL_FORMAT_PNG] ? FL_PLAN_PICTURES : 0),
                     error);
  if (!plan)
    goto out;
  const GPtrArray *warnings = fl_plan_warnings(plan);
  for (guint i = 0; options->warning && i < warnings->len; i++)
    options->warning(warnings->pdata[i], options->warning_data);
  for (guint i = 0; i < all_dates->len; i++)
    if (options->shard_count <= 1 || i % options->shard_count == options->shard_index)
      g_array_append_val(dates, g_array_index(all_dates, GDate, i));
  frames = list_frames(map, plan, pipeline, dates, options, error);
  if (!frames)
    goto out;
  run = (Run){map, plan, pipeline, dates, frames, options, folder, &tally, stats, 0, 0, 0, NULL};
  for (guint f = 0; f < frames->len; f++) {
    if (g_array_index(frames, Frame, f).skip)
      run.skipped++;
    else
      run.total++;
  }
  stats->skipped = tally.progress.skipped = run.skipped;
  tally.progress.maps_total = run.total;
  tally.progress.steps_total = run.total + product_steps(options, dates->len);
  if (!run_frames(&run, error))
    goto out;
  stats->seconds = (double)(g_get_monotonic_time() - start) / 1e6;
  ok = make_products(map, plan, pipeline, dates, frames, &tally, stats, error);
out:
  stats->total_seconds = (double)(g_get_monotonic_time() - start) / 1e6;
  fl_batch_folder_release(folder);
  g_free(series);
  fl_plan_free(plan);
  if (frames)
    g_array_unref(frames);
  g_array_unref(dates);
  return ok;
}
