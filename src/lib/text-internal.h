/* text-internal.h - folded words of text: the one tokeniser of names, lexicon phrases and
 * report text, so all of them compare the same way. */
#ifndef FL_TEXT_INTERNAL_H
#define FL_TEXT_INTERNAL_H

#include <glib.h>

/* A word of folded text. */
typedef struct {
  gsize start, end;         /* bytes in the original text */
  guint line, column;       /* of the start: 1-based line (from first_line), column in chars */
  guint32 folded;           /* span in the folded buffer (text is split in pieces well under */
  guint32 folded_len;       /* 4 GiB, see fl_text_piece_end) */
  gunichar separator;       /* the first character after the word (0 at the end) */
  guint8 article;           /* an article of the theatre's names joined to the next word (set by
                             * the places stage, fl_places_mark_articles) */
  guint8 capital;           /* written with an upper-case first letter */
} Word;

/* Where splitting stands in a text: a byte offset and the line and column (in characters) of
 * that byte. */
typedef struct {
  gsize offset;
  guint line, column;
} TextPos;

/* Folds one character: the lowercase base letter or digit, or 0 for a separator. */
gunichar fl_text_fold_char(gunichar c);

/* Splits text into folded words, appending their folded letters back to back to folded.
 * Returns a GArray of Word (g_array_unref). Invalid UTF-8 bytes are separators. */
GArray *fl_text_split_words(const char *text, gsize len, guint first_line, GString *folded);

/* Splits text[pos->offset .. end) into folded words, appended to words and folded; pos moves
 * to end. Word offsets count from text, so ranges of one text can be split one after another
 * with bounded buffers. end must not fall inside a word for the words to be whole. */
void fl_text_split_range(const char *text, gsize end, TextPos *pos, GString *folded,
                         GArray *words);

/* Where to end a piece of text[from .. len) of at most about max bytes: after the last line
 * break or sentence end within the budget, else after the last space, else at a character
 * boundary. Returns len when the rest fits. Names and sentences are not cut unless a line has
 * no break for max bytes. */
gsize fl_text_piece_end(const char *text, gsize len, gsize from, gsize max);

#endif
