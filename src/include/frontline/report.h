/* frontline/report.h - stage 1: dated news reports.
 *
 * A report is a UTF-8 text file. Its publication date comes, in this order, from
 *   1. a header block at the top ("Date: 2024-12-07 23:19", optional "Source:", "Lang:"),
 *      ended by a blank line;
 *   2. a manifest TSV (columns file, date, language, source, note; file names relative to the
 *      manifest's folder);
 *   3. a dateline in the text ("Reuters 12/07/2024 23:19", "7 décembre 2024", "2024-12-07"),
 *      read with the rules documented in README.md (day/month order);
 * otherwise loading fails with FL_REPORT_ERROR_NO_DATE naming the file. */
#ifndef FRONTLINE_REPORT_H
#define FRONTLINE_REPORT_H

#include <frontline/base.h>

G_BEGIN_DECLS

#define FL_REPORT_ERROR (fl_report_error_quark())
GQuark fl_report_error_quark(void);
typedef enum {
  FL_REPORT_ERROR_IO,        /* the file cannot be read */
  FL_REPORT_ERROR_ENCODING,  /* not UTF-8 (binary, UTF-16, Latin-1...) */
  FL_REPORT_ERROR_NO_DATE,   /* no date from header, manifest or dateline */
  FL_REPORT_ERROR_BAD_DATE,  /* a date that does not exist or is malformed, or is outside the
                              * theatre's period (FlReportOptions) */
  FL_REPORT_ERROR_HEADER,    /* a malformed header block */
  FL_REPORT_ERROR_MANIFEST,  /* a malformed manifest or a report it does not list */
} FlReportError;

typedef enum {
  FL_DATE_FROM_HEADER,
  FL_DATE_FROM_MANIFEST,
  FL_DATE_FROM_DATELINE,
} FlDateOrigin;

/* A loaded report. All strings are owned by the report; free with fl_report_free().
 *
 * Loading reads the file once to check its encoding and find its date, and keeps no text: the
 * stages read the body again from the file, in pieces, so memory does not grow with a report
 * (fl_report_read_body() gives all of it to a caller that wants it whole). */
typedef struct {
  char *path;          /* the path as given */
  char *name;          /* its base name */
  char *text;          /* the body when held in memory (fl_report_parse(), a pipe, or a report
                        * made by the caller): UTF-8, NUL-terminated, header block and BOM
                        * removed. NULL for a report read from its file */
  gsize text_len;      /* bytes in the body, in memory or not */
  guint first_line;    /* 1-based line of the file where the body begins (after the header) */
  GDate date;          /* publication day */
  gint minute_of_day;  /* publication time in minutes after midnight, or -1 when unknown */
  FlDateOrigin date_origin;
  char *source;        /* "Reuters", or NULL */
  char *lang;          /* "fr", "en", or NULL when unknown */
  char *warning;       /* a note for the user (an ambiguous dateline), or NULL */
  /* how to read the body again from the file (when text is NULL) */
  gsize body_start;    /* bytes of decoded text before the body: the header block */
  gint64 file_size;    /* the file's size and modification time when it was loaded: a body */
  gint64 file_mtime;   /* read from a file that changed since is an error */
} FlReport;

/* A manifest: file name -> date, language, source. Opaque. */
typedef struct FlManifest FlManifest;

/* Loads a manifest TSV (header row with at least "file" and "date" columns). Errors name the
 * file and line. Caller frees with fl_manifest_free(). */
FlManifest *fl_manifest_load(const char *path, GError **error);
/* The same from len bytes already in memory (not necessarily NUL-terminated): path names the
 * manifest in messages and its folder resolves the file names; nothing is read from disk. */
FlManifest *fl_manifest_parse(const char *path, const char *bytes, gsize len, GError **error);
void fl_manifest_free(FlManifest *manifest);
/* The report paths the manifest lists, resolved against its folder, in file order.
 * Borrowed: valid until the manifest is freed. */
const GPtrArray *fl_manifest_paths(const FlManifest *manifest);

/* How to read dates that the file does not settle by itself. */
typedef struct {
  const FlManifest *manifest;  /* or NULL */
  GDate period_first;          /* the theatre's period; invalid (cleared) when unknown. A report
                                * dated outside it is refused (FL_REPORT_ERROR_BAD_DATE) */
  GDate period_last;
  const char *default_lang;    /* language to assume when neither header nor manifest says */
} FlReportOptions;

/* Loads one report. Returns NULL and sets error (FL_REPORT_ERROR) on failure; the message names
 * the file and, where there is one, the line. The file is read in bounded pieces and its body is
 * not kept (text is NULL), unless it is not a regular file (a pipe): then the body is kept in
 * memory, up to 256 MiB. The path "-" reads standard input. Caller frees with
 * fl_report_free(). */
FlReport *fl_report_load(const char *path, const FlReportOptions *options, GError **error);
/* The same from len bytes already in memory (not necessarily NUL-terminated): path names the
 * report in messages, in the manifest look-up and for the date in its file name; nothing is
 * read from disk. The body is kept in text. */
FlReport *fl_report_parse(const char *path, const char *bytes, gsize len,
                          const FlReportOptions *options, GError **error);
void fl_report_free(FlReport *report);

/* The whole body of a report as the stages read it: UTF-8 (rare invalid bytes as U+FFFD, a NUL
 * as a space), CRLF as LF, no BOM, no header block. A copy of text when the report holds it,
 * else read again from the file: memory grows with the report, so the stages read it in pieces
 * instead. Newly allocated, NUL-terminated (g_free); *len gets its length when not NULL. NULL
 * with FL_REPORT_ERROR_IO when the file can no longer be read or changed since it was loaded. */
char *fl_report_read_body(const FlReport *report, gsize *len, GError **error);

/* Loads every report in paths (and, when paths is empty, every report the manifest lists).
 * Returns a GPtrArray of FlReport* that frees them, sorted by date then name; NULL on the
 * first error. */
GPtrArray *fl_reports_load(const char *const *paths, guint n_paths,
                           const FlReportOptions *options, GError **error);

G_END_DECLS

#endif
