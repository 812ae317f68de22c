/* events-internal.h - a lexicon built one language at a time, from files or from memory.
 * fl_lexicon_load() reads the theatre's lexicon folder through these; the fuzzers and tests
 * feed them bytes. */
#ifndef FL_EVENTS_INTERNAL_H
#define FL_EVENTS_INTERNAL_H

#include <frontline/events.h>

/* A lexicon with no language yet. Caller frees with fl_lexicon_free(); fl_events_extract()
 * needs at least one language. */
FlLexicon *fl_lexicon_new(void);

/* Adds the rules of lang (the lexicon TSV: kind, phrase, value) and the theatre's actors of
 * that language. The rules come from len bytes of contents (not necessarily NUL-terminated),
 * or, when contents is NULL, from the file at path; path names the table in messages. Fails
 * with FL_EVENTS_ERROR naming path:line, leaving lexicon as it was. */
gboolean fl_lexicon_read_language(FlLexicon *lexicon, const FlTheatre *theatre, const char *lang,
                                  const char *path, const char *contents, gsize len,
                                  GError **error);

#endif
