/* words-internal.h - the words of the report languages that the places stage must tell from
 * place names: common words, nationality adjectives, and the cues that stand around a place
 * name (gazetteer/lang/<lang>-words.tsv). Read by the places stage alone, so it stays
 * independent of the events lexicons. */
#ifndef FL_WORDS_INTERNAL_H
#define FL_WORDS_INTERNAL_H

#include <frontline/theatre.h>

/* What a phrase is, as bits (a phrase may be several things in several languages). */
typedef enum {
  FL_WORD_COMMON = 1 << 0,      /* a common word of the language ("human", "aujourd") */
  FL_WORD_NATIONALITY = 1 << 1, /* a nationality or people ("russian", "turc") */
  FL_WORD_CUE = 1 << 2,         /* a phrase just before a place name ("in", "pres de") */
  FL_WORD_CUE_AFTER = 1 << 3,   /* a word just after a place name ("region", "village") */
  FL_WORD_LIST = 1 << 4,        /* a word between two names of a list ("and", "et") */
} FlWordKind;

/* A word of the language: common or a nationality. */
#define FL_WORD_OF_LANGUAGE (FL_WORD_COMMON | FL_WORD_NATIONALITY)

#define FL_WORDS_MAX_PHRASE 3  /* words in a phrase, at most */

typedef struct FlWords FlWords;

/* Reads <theatre->lexicon_dir>/<lang>-words.tsv for every language of the theatre; a language
 * without such a file has no words, and so does a theatre without a lexicon folder. Errors are
 * FL_PLACES_ERROR_IO or FL_PLACES_ERROR_SYNTAX naming file:line. Caller frees with
 * fl_words_free(). */
FlWords *fl_words_load(const FlTheatre *theatre, GError **error);

/* The same for one table of len bytes in memory (path names it in messages), added to words. */
gboolean fl_words_read(FlWords *words, const char *path, const char *contents, gsize len,
                       GError **error);

FlWords *fl_words_new(void);
void fl_words_free(FlWords *words);

/* The FlWordKind bits of a phrase given as folded words joined by single spaces, or 0. */
guint fl_words_kind(const FlWords *words, const char *phrase, gsize len);

#endif
