/* frontline/batch.h - a series of dated maps in one run: one file per date and format, and on
 * request a PDF deck, an animated GIF, a video and a contact sheet.
 *
 * The map (projection, base layers, fonts, label layout) is prepared once and shared; frames
 * are drawn by worker processes forked from the prepared one, each drawing every N-th frame.
 * Every file is written to a temporary name and renamed, so an interrupted batch leaves only
 * complete files; a manifest in the output folder records each file, what made it (the inputs
 * and what its date's map shows: fl_map_date_digest), its size and the SHA-256 of its bytes, so
 * a rerun with resume keeps the files that are whole and up to date and redraws the others.
 * A batch holds its output folder while it runs (a lock file in it): the shards of one series
 * share it and merge their rows into the one manifest; any other batch is refused. */
#ifndef FRONTLINE_BATCH_H
#define FRONTLINE_BATCH_H

#include <frontline/pipeline.h>
#include <frontline/render.h>

#include <signal.h>

G_BEGIN_DECLS

#define FL_BATCH_ERROR (fl_batch_error_quark())
GQuark fl_batch_error_quark(void);
typedef enum {
  FL_BATCH_ERROR_DATES,       /* a bad date list or range */
  FL_BATCH_ERROR_OUTPUT,      /* the output folder or a file cannot be written */
  FL_BATCH_ERROR_WORKER,      /* a worker process failed */
  FL_BATCH_ERROR_INTERRUPTED, /* cancelled (a signal): only complete files are left */
  FL_BATCH_ERROR_BUSY,        /* another batch is drawing into the output folder */
  FL_BATCH_ERROR_OPTIONS,     /* options that do not go together (a deck of one shard) */
} FlBatchError;

/* The dates of a series: from, to, every (days), or a selection. */
typedef struct {
  const char *from, *to;   /* ISO dates or NULL (default: the baseline date, the last report) */
  guint every;             /* days between maps; 0 means 1 */
  const char *select;      /* NULL, "each-report", "each-change" or a comma-separated list */
} FlBatchDates;

/* The dates to draw, in order (GDate), before sharding. Caller frees with g_array_unref(). */
GArray *fl_batch_dates(const FlPipeline *pipeline, const FlBatchDates *dates, GError **error);

/* What a batch is doing, for a progress line: the maps, then what is made of the whole
 * series, each a number of steps. */
typedef enum {
  FL_BATCH_STAGE_MAPS,        /* a step per map to draw */
  FL_BATCH_STAGE_DECK,        /* a step per page: the title page, then a page per date */
  FL_BATCH_STAGE_ANIMATION,   /* the animation and the sheet: a step per date */
  FL_BATCH_STAGE_VIDEO,       /* a step per date */
} FlBatchStage;

typedef struct {
  FlBatchStage stage;         /* what is being made */
  guint done, total;          /* the steps of the stage */
  guint skipped;              /* maps kept, complete and up to date (resume) */
  guint maps_done, maps_total;    /* the maps to draw (total without the skipped ones) */
  guint steps_done, steps_total;  /* every step of the run: maps, then pages and frames */
} FlBatchProgress;

typedef struct {
  const char *output_dir;          /* the folder of the maps (created if missing) */
  gboolean formats[3];             /* indexed by FlFormat */
  guint jobs;                      /* worker processes; 0: one per core */
  guint shard_index;               /* draw only the dates whose index i in the series has */
  guint shard_count;               /* i % shard_count == shard_index; 0: all. A shard makes
                                    * neither deck, animation, video nor sheet (refused with
                                    * FL_BATCH_ERROR_OPTIONS): a run without shard_count and
                                    * with resume makes them once the shards are done */
  gboolean resume;                 /* keep the files whose manifest row says they are made by
                                    * the same inputs for what their date shows, whose size
                                    * and SHA-256 still match; draw the others */
  const char *inputs_digest;       /* what identifies the inputs (fl_batch_inputs_digest) */
  const char *deck_path;           /* or NULL: one PDF, a title page then a page per date */
  const char *gif_path;            /* or NULL: a looping animation */
  guint gif_frame_ms;              /* time per frame; 0: 800 ms */
  const char *video_path;          /* or NULL: a video, FILE.mp4 (H.264) or FILE.webm (VP9) */
  guint video_frame_ms;            /* time per frame; 0: 800 ms */
  const char *sheet_path;          /* or NULL: a PNG of small multiples with their dates */
  volatile sig_atomic_t *cancel;   /* or NULL: set (by a signal handler) to stop cleanly */
  /* called in the parent at the start, after each map, page and frame; may be NULL */
  void (*progress)(const FlBatchProgress *progress, gpointer user_data);
  gpointer progress_data;
  /* called in the parent with each note of the series' plan (fl_plan_warnings: a label point
   * off the frame...), before the first map; may be NULL */
  void (*warning)(const char *text, gpointer user_data);
  gpointer warning_data;
} FlBatchOptions;

typedef struct {
  guint rendered;          /* files drawn */
  guint skipped;           /* files kept (resume) */
  double seconds;          /* wall time of the frames */
  double deck_seconds;     /* of the deck, the animation and sheet, the video: 0 when none */
  double animation_seconds;
  double video_seconds;
  double total_seconds;    /* of the whole run, the series' plan included */
} FlBatchStats;

/* A digest (SHA-256, hex) of what makes every map alike, whatever its date: the program's
 * version, the theatre's files, the lexicons and the map options as text. The reports and
 * the corrections count per date, through what each date's map shows (fl_map_date_digest).
 * Newly allocated. */
char *fl_batch_inputs_digest(const FlPipeline *pipeline, const char *options_text);

/* Draws map for every date of dates (after sharding) in every chosen format into the output
 * folder as "<theatre>-<YYYY-MM-DD>.<ext>", then the deck, the animation, the video and the
 * sheet. Fails with FL_BATCH_ERROR_BUSY when another batch holds the folder (see above). */
gboolean fl_batch_run(const FlMap *map, const FlPipeline *pipeline, const GArray *dates,
                      const FlBatchOptions *options, FlBatchStats *stats, GError **error);

G_END_DECLS

#endif
