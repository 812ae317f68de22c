/* places-internal.h - the matcher over words already split, so a stage that splits a report
 * for its own reasons (events) does not split it twice. */
#ifndef FL_PLACES_INTERNAL_H
#define FL_PLACES_INTERNAL_H

#include <frontline/places.h>

#include "text-internal.h"

/* Place mentions among words (a GArray of Word from fl_text_split_words, their folded letters
 * in folded). Returns a GArray of FlMention, as fl_places_find. */
GArray *fl_places_find_in_words(const FlGazetteer *gazetteer, const GString *folded,
                                const GArray *words);

#endif
