/* text.c - folding and splitting text into words, shared by places and events.
 *
 * Splitting is the inner loop of every stage that reads report text, so it has two fast
 * paths: ASCII letters and separators are classified by a comparison, and the characters
 * below U+0800 (Latin with its diacritics, Greek, Cyrillic, Arabic) by a table built once
 * from GLib's Unicode data. Only the rest goes through g_unichar_fully_decompose.
 *
 * Combining marks (a decomposed "a" + U+0301, Arabic vowel signs) and invisible format
 * characters (soft hyphen, zero-width space and joiners, word joiner, byte order mark) inside
 * a word are skipped, not separators: "Ha\u0301ma" and "Al\u200Bep" fold to "hama" and "alep",
 * as their composed and visible forms do. */
#include "text-internal.h"

#include <string.h>

/* Whether c is skipped inside a word: a combining mark or an invisible format character. */
static gboolean
ignorable(gunichar c)
{
  return g_unichar_ismark(c) || g_unichar_type(c) == G_UNICODE_FORMAT;
}

/* Folds one character: the lowercase base letter, or 0 for a separator. */
gunichar
fl_text_fold_char(gunichar c)
{
  gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  if (!g_unichar_isalnum(c))
    return 0;
  if (c < 0x80)
    return g_ascii_tolower((gchar)c);
  gsize n = g_unichar_fully_decompose(c, FALSE, decomposed, G_N_ELEMENTS(decomposed));
  gunichar base = n > 0 ? decomposed[0] : c;
  if (base == 0x131)  /* dotless i */
    base = 'i';
  return g_unichar_tolower(base);
}

/* The folding of every character below U+0800: the folded character in the low 24 bits (0
 * for a separator), CAPITAL_BIT when it is written upper-case, IGNORE_BIT (and no letter) for
 * a character skipped inside a word. */
#define TWO_BYTE_LIMIT 0x800
#define CAPITAL_BIT 0x80000000u
#define IGNORE_BIT 0x40000000u
static guint32 two_byte_fold[TWO_BYTE_LIMIT];
static guint8 ascii_fold[256];  /* the folded ASCII letter or digit, else 0 (also >= 0x80) */

static void
init_fold_table(void)
{
  static gsize done = 0;
  if (g_once_init_enter(&done)) {
    for (gunichar c = 0; c < TWO_BYTE_LIMIT; c++) {
      guint32 f = fl_text_fold_char(c);
      if (f && (g_unichar_isupper(c) || g_unichar_istitle(c)))
        f |= CAPITAL_BIT;
      if (f == 0 && ignorable(c))
        f = IGNORE_BIT;
      two_byte_fold[c] = f;
      if (c < 0x80)
        ascii_fold[c] = (guint8)(f & 0x7F);
    }
    g_once_init_leave(&done, 1);
  }
}

/* The folding of a character from U+0800 on, as two_byte_fold has it below. */
static guint32
fold_wide(gunichar c)
{
  guint32 f = fl_text_fold_char(c);
  if (f == 0)
    return ignorable(c) ? IGNORE_BIT : 0;
  return f | (g_unichar_isupper(c) || g_unichar_istitle(c) ? CAPITAL_BIT : 0);
}

/* Decodes the character at p (before stop): its code point, or (gunichar)-1 for an invalid
 * byte, which is then one character long. *next gets the byte after it. */
static inline gunichar
decode(const guchar *p, const guchar *stop, const guchar **next)
{
  gunichar c = g_utf8_get_char_validated((const char *)p, stop - p);
  if (c == (gunichar)-1 || c == (gunichar)-2) {
    *next = p + 1;
    return (gunichar)-1;
  }
  *next = (const guchar *)g_utf8_next_char(p);
  return c;
}

/* Starts a word at byte offset start, written in place in the array of words. */
static inline void
begin_word(Word *word, gsize start, guint line, guint column, gsize out, gboolean capital)
{
  word->start = start;
  word->line = line;
  word->column = column;
  word->folded = (guint32)out;
  word->capital = (guint8)capital;
}

/* Ends word at byte end, before the separator character (0 at the end of the text). */
static inline void
end_word(Word *word, gsize end, gunichar separator, gsize out)
{
  word->end = end;
  word->separator = separator;
  word->folded_len = (guint32)(out - word->folded);
  word->article = 0;  /* the places stage marks the articles of its theatre */
}

void
fl_text_split_range(const char *text, gsize end, TextPos *pos, GString *folded, GArray *words)
{
  const guchar *start = (const guchar *)text;
  const guchar *p = start + pos->offset, *stop = start + end;
  guint line = pos->line, column = pos->column;
  gsize out = folded->len;
  gboolean in_word = FALSE;

  init_fold_table();
  /* a character folds to at most twice its bytes (ASCII to one, two bytes to four at most) */
  g_string_set_size(folded, out + 2 * (gsize)(stop - p) + 8);
  char *buffer = folded->str;
  /* room for every word: one per two bytes at most, plus one */
  guint n_words = words->len;
  g_array_set_size(words, n_words + (guint)((stop - p) / 2) + 1);
  Word *slots = (Word *)words->data;

  while (p < stop) {
    guchar b = *p;
    if (b < 0x80) {
      if (ascii_fold[b]) {
        if (!in_word) {
          begin_word(&slots[n_words], (gsize)(p - start), line, column, out,
                     (guchar)(b - 'A') < 26);
          in_word = TRUE;
        }
        /* the run of ASCII letters and digits */
        const guchar *run = p;
        guint8 f;
        while (p < stop && (f = ascii_fold[*p]) != 0) {
          buffer[out++] = (char)f;
          p++;
        }
        column += (guint)(p - run);
        continue;
      }
      /* an ASCII separator */
      if (in_word) {
        end_word(&slots[n_words++], (gsize)(p - start), b, out);
        in_word = FALSE;
      }
      if (b == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
      p++;
      continue;
    }

    const guchar *next;
    gunichar c = decode(p, stop, &next);
    guint32 f = c == (gunichar)-1 ? 0 : c < TWO_BYTE_LIMIT ? two_byte_fold[c] : fold_wide(c);
    gunichar letter = f & ~(CAPITAL_BIT | IGNORE_BIT);
    if (f & IGNORE_BIT) {
      /* skipped inside a word; elsewhere (a mark after a space) a separator, which ends
       * nothing */
    } else if (letter) {
      if (!in_word) {
        begin_word(&slots[n_words], (gsize)(p - start), line, column, out,
                   (f & CAPITAL_BIT) != 0);
        in_word = TRUE;
      }
      if (letter < 0x80)
        buffer[out++] = (char)letter;
      else
        out += g_unichar_to_utf8(letter, buffer + out);
    } else if (in_word) {
      end_word(&slots[n_words++], (gsize)(p - start), c == (gunichar)-1 ? 0xFFFD : c,
               out);
      in_word = FALSE;
    }
    column++;
    p = next;
  }
  if (in_word)
    end_word(&slots[n_words++], (gsize)(p - start), 0, out);
  g_string_truncate(folded, out);
  g_array_set_size(words, n_words);
  pos->offset = (gsize)(p - start);
  pos->line = line;
  pos->column = column;
}

GArray *
fl_text_split_words(const char *text, gsize len, guint first_line, GString *folded)
{
  GArray *words = g_array_sized_new(FALSE, FALSE, sizeof(Word), (guint)MIN(len / 6 + 1, 1u << 20));
  TextPos pos = {0, first_line, 1};
  while (pos.offset < len)  /* in pieces, so the room reserved for words stays small */
    fl_text_split_range(text, fl_text_piece_end(text, len, pos.offset, 1u << 20), &pos, folded,
                        words);
  return words;
}

gsize
fl_text_piece_end(const char *text, gsize len, gsize from, gsize max)
{
  if (len - from <= max)
    return len;
  gsize limit = from + max;
  /* a line break, a sentence end, a space: the last one in the budget, in that order */
  for (gsize i = limit; i > from + 1; i--)
    if (text[i - 1] == '\n')
      return i;
  for (gsize i = limit; i > from + 2; i--)
    if (text[i - 1] == ' ' && (text[i - 2] == '.' || text[i - 2] == '!' || text[i - 2] == '?' ||
                               text[i - 2] == ';'))
      return i;
  for (gsize i = limit; i > from + 1; i--)
    if (text[i - 1] == ' ' || text[i - 1] == '\t')
      return i;
  while (limit > from + 1 && ((guchar)text[limit] & 0xC0) == 0x80)
    limit--;
  return limit;
}
