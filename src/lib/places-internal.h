/* places-internal.h - the matcher over words already split, so a stage that splits a report
 * for its own reasons (events) does not split it twice. */
#ifndef FL_PLACES_INTERNAL_H
#define FL_PLACES_INTERNAL_H

#include <frontline/places.h>

#include "text-internal.h"

/* Place mentions among words (a GArray of Word from fl_text_split_words, their folded letters
 * in folded; their articles are marked, Word.article). Returns a GArray of FlMention, as
 * fl_places_find. */
GArray *fl_places_find_in_words(const FlGazetteer *gazetteer, const GString *folded,
                                GArray *words);

/* Called with each mention and its text as written (mention->length bytes, not NUL-terminated,
 * valid during the call). */
typedef void (*FlMentionFunc)(const FlMention *mention, const char *surface, gpointer user_data);

/* Calls found for every place mention of the report, in text order, reading the report in
 * windows (memory does not grow with it). FALSE with error set when the body cannot be read. */
gboolean fl_places_scan(const FlGazetteer *gazetteer, const FlReport *report, FlMentionFunc found,
                        gpointer user_data, GError **error);

#endif
