/* report-internal.h - a report's body read in windows, so that the stages that read text
 * (places, events) hold a bounded part of it whatever its size. */
#ifndef FL_REPORT_INTERNAL_H
#define FL_REPORT_INTERNAL_H

#include <frontline/report.h>

#include <stdio.h>

/* A window on a report's body: its own part, which is the part whose results count, and some
 * context on each side (the sentences before it, the words after it) for what looks around:
 * the previous sentence of a pronoun, the places named near an ambiguous name. The own parts of
 * the windows follow each other and cover the body once; they are cut at a line or sentence end
 * when there is one within WINDOW_PIECE bytes (64 KiB), else at a space, else between two
 * characters, so a line of any length is read in bounded pieces. A report of one window (up to
 * 64 KiB) is read exactly as a whole. */
typedef struct {
  const char *text;          /* the window, not NUL-terminated */
  gsize len;
  gsize offset;              /* body offset of text[0] */
  guint line, column;        /* line in the file and column (in characters) of text[0] */
  gsize own_start, own_end;  /* the own part: text[own_start, own_end) */
} FlWindow;

typedef gboolean (*FlWindowFunc)(const FlWindow *window, gpointer user_data, GError **error);

/* Calls func on every window of the report's body in order (once, with an empty window, for an
 * empty body). Memory stays bounded: the window and a read buffer. FALSE with error set when
 * the body cannot be read again (FL_REPORT_ERROR_IO) or func fails. */
gboolean fl_report_windows(const FlReport *report, FlWindowFunc func, gpointer user_data,
                           GError **error);

/* ---- dates and the manifest (report-manifest.c) ---- */

/* A date and optional time as read from a header, a manifest or a dateline. */
typedef struct {
  GDate date;
  gint minute_of_day;   /* -1 when no time was given */
} Stamp;

/* A manifest row: what it says of one report. */
typedef struct {
  Stamp stamp;
  char *lang;
  char *source;
  guint line;     /* in the manifest */
} ManifestRow;

/* Parses "YYYY-MM-DD", optionally followed by 'T' or ' ' and "HH:MM[:SS]" and anything after
 * (a zone), into stamp; FL_BASE_ERROR_DATE otherwise. */
gboolean fl_stamp_parse(const char *text, Stamp *stamp, GError **error);

/* Moves a date error (cause, freed) into the report domain with file:line in front. */
void fl_report_date_error(GError **error, GError *cause, const char *file, guint line);

/* The manifest's row of the report at path (by canonical path, else by a base name only one
 * row has), or NULL. */
const ManifestRow *fl_manifest_lookup(const FlManifest *manifest, const char *path);

/* The manifest's own file, for messages. */
const char *fl_manifest_file(const FlManifest *manifest);

/* ---- decoding (report-decode.c) ---- */

#define UTF8_BOM "\xEF\xBB\xBF"
#define READ_BYTES (64u << 10)  /* bytes read from a report file at a time */

/* Turns a report's bytes into the text the stages read, a chunk at a time: rare invalid UTF-8
 * bytes become U+FFFD (one character each, so columns stay right), a stray NUL a space, CRLF
 * LF, and a BOM at the start goes. The counts decide at the end whether the bytes were text at
 * all (decoder_verdict). The same bytes give the same text however they are cut in chunks. */
typedef struct {
  guint64 size;              /* bytes decoded */
  guint64 nul, invalid;      /* NUL bytes, invalid UTF-8 bytes */
  guint line;                /* line reached, counted until the first invalid byte */
  guint first_invalid_line;
  gboolean started;          /* some text came out (a BOM is looked for before) */
  gboolean cr;               /* a '\r' held until the next character shows if it ends a CRLF */
} Decoder;

void fl_decoder_init(Decoder *decoder);
/* Decodes len bytes (the last chunk when at_end) onto out; returns the bytes used (a partial
 * character at the end of a chunk waits for the next). */
gsize fl_decode(Decoder *decoder, const char *bytes, gsize len, gboolean at_end, GString *out);
/* FL_REPORT_ERROR_ENCODING when the first bytes of path are UTF-16. */
gboolean fl_check_not_utf16(const char *path, const char *bytes, gsize len, GError **error);
/* Whether the decoded bytes were text; *warning tells of repaired bytes. */
gboolean fl_decoder_verdict(const Decoder *decoder, const char *path, char **warning,
                            GError **error);

/* A report file's bytes, decoded a chunk at a time. */
typedef struct {
  FILE *file;
  Decoder decoder;
  char *raw;             /* READ_BYTES + 4: the carry of the last chunk, then the new bytes */
  gsize n_carry;
  gboolean at_end;
} Source;

void fl_source_init(Source *source, FILE *file);
void fl_source_clear(Source *source);
/* Reads and decodes the next chunk into out (appended); at the file's end, sets at_end. */
gboolean fl_source_next(Source *source, const char *path, GString *out, GError **error);

#endif
