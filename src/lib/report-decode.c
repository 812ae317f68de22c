/* report-decode.c - a report's bytes as the text the stages read: UTF-8 checked and repaired a
 * chunk at a time, UTF-16 refused, read from the file in bounded chunks. */
#include "report-internal.h"

#include <errno.h>
#include <string.h>

void
fl_decoder_init(Decoder *decoder)
{
  *decoder = (Decoder){0};
  decoder->line = 1;
}

/* Appends decoded text to out, without a BOM at the start or the '\r' of a CRLF. */
static void
emit(Decoder *decoder, const char *text, gsize len, GString *out)
{
  if (len == 0)
    return;
  if (decoder->cr) {
    if (text[0] != '\n')
      g_string_append_c(out, '\r');
    decoder->cr = FALSE;
  }
  if (!decoder->started) {
    decoder->started = TRUE;
    if (len >= 3 && memcmp(text, UTF8_BOM, 3) == 0) {
      text += 3;
      len -= 3;
    }
  }
  while (len > 0) {
    const char *cr = memchr(text, '\r', len);
    if (cr == NULL) {
      g_string_append_len(out, text, (gssize)len);
      return;
    }
    g_string_append_len(out, text, cr - text);
    len -= (gsize)(cr - text) + 1;
    text = cr + 1;
    if (len == 0)
      decoder->cr = TRUE;  /* the next character tells */
    else if (text[0] != '\n')
      g_string_append_c(out, '\r');
  }
}

/* Decodes bytes[0, len), appending the text to out. Returns the bytes used: all of them at the
 * end of the input (at_end), else all but a character the chunk may have cut (at most 3
 * bytes), which the caller gives again in front of the next chunk. A '\r' ending the input
 * goes, like the '\r' of a CRLF. */
gsize
fl_decode(Decoder *decoder, const char *bytes, gsize len, gboolean at_end, GString *out)
{
  const char *p = bytes, *end = bytes + len;

  while (p < end) {
    const char *valid_end;
    g_utf8_validate_len(p, (gsize)(end - p), &valid_end);
    for (const char *q = p; decoder->invalid == 0 && q < valid_end; q++) {
      q = memchr(q, '\n', (gsize)(valid_end - q));
      if (q == NULL)
        break;
      decoder->line++;
    }
    emit(decoder, p, (gsize)(valid_end - p), out);
    p = valid_end;
    if (p == end || (!at_end && end - p < 4 && *p != '\0'))
      break;
    if (*p == '\0') {
      decoder->nul++;
      emit(decoder, " ", 1, out);  /* a stray NUL: keep the column, drop the byte */
    } else {
      if (decoder->invalid++ == 0)
        decoder->first_invalid_line = decoder->line;
      emit(decoder, "\xEF\xBF\xBD", 3, out);
    }
    p++;
  }
  decoder->size += (guint64)(p - bytes);
  if (at_end)
    decoder->cr = FALSE;
  return (gsize)(p - bytes);
}

/* Refuses UTF-16, from the first bytes of a file. */
gboolean
fl_check_not_utf16(const char *path, const char *bytes, gsize len, GError **error)
{
  if (len >= 2 && (((guchar)bytes[0] == 0xFF && (guchar)bytes[1] == 0xFE) ||
                   ((guchar)bytes[0] == 0xFE && (guchar)bytes[1] == 0xFF))) {
    g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_ENCODING,
                "%s: the report is UTF-16: convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)", path);
    return FALSE;
  }
  return TRUE;
}

/* Whether the decoded bytes were text: many NUL bytes make a binary file, many invalid bytes
 * a file that is not UTF-8 (Latin-1?); a few invalid bytes make a warning. */
gboolean
fl_decoder_verdict(const Decoder *decoder, const char *path, char **warning, GError **error)
{
  guint64 nul = decoder->nul, invalid = decoder->invalid;

  if (nul > 0 && nul * 100 > decoder->size) {
    g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_ENCODING,
                "%s: the report is binary, not text (%" G_GUINT64_FORMAT " NUL byte%s)", path,
                nul, nul > 1 ? "s" : "");
    return FALSE;
  }
  if ((invalid >= 3 && invalid * 200 > decoder->size) || invalid > 64) {
    g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_ENCODING,
                "%s:%u: the report is not UTF-8 (%" G_GUINT64_FORMAT " invalid bytes; Latin-1? "
                "convert it with iconv -f LATIN1 -t UTF-8)",
                path, decoder->first_invalid_line, invalid);
    return FALSE;
  }
  if (invalid > 0)
    *warning = g_strdup_printf("%s:%u: %" G_GUINT64_FORMAT " invalid UTF-8 byte%s replaced by "
                               "U+FFFD",
                               path, decoder->first_invalid_line, invalid, invalid > 1 ? "s" : "");
  return TRUE;
}


void
fl_source_init(Source *source, FILE *file)
{
  source->file = file;
  fl_decoder_init(&source->decoder);
  source->raw = g_malloc(READ_BYTES + 4);
  source->n_carry = 0;
  source->at_end = FALSE;
}

void
fl_source_clear(Source *source)
{
  if (source->file)
    fclose(source->file);
  source->file = NULL;
  g_clear_pointer(&source->raw, g_free);
}

/* Reads and decodes the next chunk into out (appended); at the file's end, sets at_end. The
 * first chunk is checked for UTF-16. */
gboolean
fl_source_next(Source *source, const char *path, GString *out, GError **error)
{
  gsize got = fread(source->raw + source->n_carry, 1, READ_BYTES, source->file);
  if (got < READ_BYTES) {
    if (ferror(source->file)) {
      g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_IO, "%s: cannot read the report: %s",
                  path, g_strerror(errno));
      return FALSE;
    }
    source->at_end = TRUE;
  }
  gsize n = source->n_carry + got;
  if (source->decoder.size == 0 && !fl_check_not_utf16(path, source->raw, n, error))
    return FALSE;
  gsize used = fl_decode(&source->decoder, source->raw, n, source->at_end, out);
  memmove(source->raw, source->raw + used, n - used);
  source->n_carry = n - used;
  return TRUE;
}
