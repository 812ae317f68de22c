/* batch-internal.h - what batch.c shares with the files beside it: the output folder and its
 * manifest (batch-folder.c), and the deck, animation, sheet and video (batch-products.c). */
#ifndef FL_BATCH_INTERNAL_H
#define FL_BATCH_INTERNAL_H

#include <frontline/batch.h>

G_BEGIN_DECLS

/* ---- batch-folder.c: the folder a batch draws into ---- */

/* One row of the manifest: a file and what it is. */
typedef struct {
  char *made_by;   /* the digest of what made it: the inputs, its date's digest, its format */
  gint64 size;     /* its size in bytes; -1 unknown (a row written by an older version) */
  char *content;   /* the SHA-256 (hex) of its bytes, or NULL unknown */
} FlBatchRow;

void fl_batch_row_free(gpointer row);

/* The folder held for one batch: see fl_batch_folder_hold(). */
typedef struct FlBatchFolder FlBatchFolder;

/* Creates dir when missing and holds it for this batch: the lock file in it is locked (flock)
 * for the whole run, exclusively, or shared with the other shards of the same series (series:
 * a text that is the same for every shard of one series) when shard_count > 1; the lock file
 * names the holders (pid, shard, series). A folder another batch holds is refused at once
 * with FL_BATCH_ERROR_BUSY naming the folder and that batch's pid; a shard is refused when a
 * batch without shards, a shard of another series or of another count, or the same shard
 * holds it. FL_BATCH_ERROR_OUTPUT when the folder or the lock cannot be made. Release with
 * fl_batch_folder_release(). */
FlBatchFolder *fl_batch_folder_hold(const char *dir, guint shard_index, guint shard_count,
                                    const char *series, GError **error);
/* Gives the folder up (its line in the lock file, then the lock) and frees folder; NULL is
 * accepted. */
void fl_batch_folder_release(FlBatchFolder *folder);

/* The manifest's rows as the folder holds them now: file name -> FlBatchRow*, empty when there
 * is no manifest. NULL with FL_BATCH_ERROR_OUTPUT when it is there but not a regular file or
 * too large. Caller frees with g_hash_table_unref(). */
GHashTable *fl_batch_manifest_load(const char *dir, GError **error);

/* Records the row of the file name in the manifest, keeping every other row: with the folder
 * locked against the other shards' records, reads the manifest again, replaces name's row and
 * writes it whole to a temporary name, renamed over it. */
gboolean fl_batch_folder_record(FlBatchFolder *folder, const char *name, const FlBatchRow *row,
                                GError **error);

/* The size and SHA-256 (hex, newly allocated) of the file at path. FALSE when it cannot be
 * read (no error: the caller draws it again, or reports its own). */
gboolean fl_batch_file_digest(const char *path, gint64 *size, char **content);

/* Whether the file at path is the one row describes: the same size and SHA-256. */
gboolean fl_batch_file_matches(const char *path, const FlBatchRow *row);

/* ---- batch-products.c: what is made of the whole series after its maps ---- */

/* Counts the steps of the products (deck pages, animation and sheet frames, video frames) and
 * tells the progress callback of options as each is done. */
typedef struct {
  const FlBatchOptions *options;
  FlBatchProgress progress;   /* the state told to options->progress */
} FlBatchTally;

/* Starts stage, of total steps; tells options->progress (when set). */
void fl_batch_tally_begin(FlBatchTally *tally, FlBatchStage stage, guint total);
/* One more step of the stage done; tells options->progress (when set). */
void fl_batch_tally_step(FlBatchTally *tally);
/* The stage's file is written (the step after its last page or frame); tells as above. */
void fl_batch_tally_written(FlBatchTally *tally);

/* The deck of dates: a title page, then a page per date. FL_BATCH_ERROR_OUTPUT naming the
 * deck when it cannot be written; FL_BATCH_ERROR_INTERRUPTED when cancelled (nothing left). */
gboolean fl_batch_deck(const FlMap *map, const FlPlan *plan, const FlPipeline *pipeline,
                       const GArray *dates, FlBatchTally *tally, GError **error);
/* The animation and the contact sheet of dates, from the small map of each date, made once
 * for both from its PNG (pngs[i], or NULL: drawn in memory). */
gboolean fl_batch_small_multiples(const FlMap *map, const FlPlan *plan,
                                  const FlPipeline *pipeline, const GArray *dates, char **pngs,
                                  FlBatchTally *tally, GError **error);
/* The video of dates, from each date's PNG (or drawn in memory) at the maps' size. */
gboolean fl_batch_video(const FlMap *map, const FlPlan *plan, const FlPipeline *pipeline,
                        const GArray *dates, char **pngs, FlBatchTally *tally, GError **error);

G_END_DECLS

#endif
