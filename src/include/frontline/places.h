/* frontline/places.h - stage 2: finding place names in report text.
 *
 * A gazetteer index is built once from a theatre (names in every language plus aliases),
 * then run over report text. Names are compared after folding (case, diacritics, apostrophes,
 * hyphens) with word boundaries and longest match. */
#ifndef FRONTLINE_PLACES_H
#define FRONTLINE_PLACES_H

#include <frontline/report.h>
#include <frontline/theatre.h>

G_BEGIN_DECLS

#define FL_PLACES_ERROR (fl_places_error_quark())
GQuark fl_places_error_quark(void);
typedef enum {
  FL_PLACES_ERROR_EMPTY,   /* the theatre has no usable name */
  FL_PLACES_ERROR_IO,      /* a language's word list is unreadable */
  FL_PLACES_ERROR_SYNTAX,  /* a malformed row of a word list (file:line says where) */
  FL_PLACES_ERROR_NAME,    /* a name given for one place (fl_places_resolve) that names none of
                            * the theatre, several, or a place outside it */
} FlPlacesError;

typedef enum {
  FL_MATCH_EXACT,        /* one of the place's own names */
  FL_MATCH_ALIAS,        /* a curated alias */
  FL_MATCH_APPROXIMATE,  /* a transliteration variant found by the consonant skeleton */
} FlMatchKind;

const char *fl_match_kind_name(FlMatchKind match);

#define FL_MENTION_MAX_ALTERNATIVES 4

/* One mention of a place in a report's text. */
typedef struct {
  guint place;           /* index into theatre->places */
  gsize offset;          /* bytes into the report's body (fl_report_read_body) where the name
                          * starts */
  gsize length;          /* bytes of the name as written */
  guint line;            /* 1-based line in the file */
  guint column;          /* 1-based column in characters */
  FlMatchKind match;
  guint n_alternatives;  /* other places the same name could mean */
  guint alternatives[FL_MENTION_MAX_ALTERNATIVES];
} FlMention;

typedef struct FlGazetteer FlGazetteer;

/* Builds the name index of a theatre, with the word lists of its languages
 * (<lexicon_dir>/<lang>-words.tsv, optional: FL_PLACES_ERROR_IO or _SYNTAX when one is bad).
 * The theatre must outlive the gazetteer. Caller frees with fl_gazetteer_free(). */
FlGazetteer *fl_gazetteer_new(const FlTheatre *theatre, GError **error);
void fl_gazetteer_free(FlGazetteer *gazetteer);

/* One line on the index: distinct names, words, table fill and memory (g_free). */
char *fl_gazetteer_describe(const FlGazetteer *gazetteer);

/* Finds every place mention in a report, in text order, reading its body in bounded windows.
 * Returns a GArray of FlMention owned by the caller (g_array_unref); it grows with the mentions,
 * not with the text. Text that is not a place is simply not matched; NULL with error set
 * (FL_REPORT_ERROR_IO) only when the report's file cannot be read again. */
GArray *fl_places_find(const FlGazetteer *gazetteer, const FlReport *report, GError **error);

/* The theatre place that text names, as a user names one (timeline PLACE, a corrections
 * file): a place id ("deir-ez-zor"), else a name or alias read as in reports, all of text
 * ("Deir Ezzor", "Alep", "حلب"); spaces around it do not count. A name that
 * several places of the theatre bear is refused with their ids; so is a place outside the
 * theatre (a foreign city, a river: no faction holds it). -1 with FL_PLACES_ERROR_NAME, whose
 * message quotes text, when there is no such single place. */
gint fl_places_resolve(const FlGazetteer *gazetteer, const char *text, GError **error);

G_END_DECLS

#endif
