/* batch-internal.h - what batch.c shares with the files beside it: the deck, animation, sheet
 * and video (batch-products.c). */
#ifndef FL_BATCH_INTERNAL_H
#define FL_BATCH_INTERNAL_H

#include <frontline/batch.h>

G_BEGIN_DECLS

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
