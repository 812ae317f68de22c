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
  FL_REPORT_ERROR_BAD_DATE,  /* a date that does not exist or is malformed */
  FL_REPORT_ERROR_HEADER,    /* a malformed header block */
  FL_REPORT_ERROR_MANIFEST,  /* a malformed manifest or a report it does not list */
} FlReportError;

typedef enum {
  FL_DATE_FROM_HEADER,
  FL_DATE_FROM_MANIFEST,
  FL_DATE_FROM_DATELINE,
} FlDateOrigin;

/* A loaded report. All strings are owned by the report; free with fl_report_free(). */
typedef struct {
  char *path;          /* the path as given */
  char *name;          /* its base name */
  char *text;          /* the body: UTF-8, NUL-terminated, header block removed, BOM removed */
  gsize text_len;      /* bytes in text */
  guint first_line;    /* 1-based line of the file where text begins (after the header block) */
  GDate date;          /* publication day */
  gint minute_of_day;  /* publication time in minutes after midnight, or -1 when unknown */
  FlDateOrigin date_origin;
  char *source;        /* "Reuters", or NULL */
  char *lang;          /* "fr", "en", or NULL when unknown */
  char *warning;       /* a note for the user (an ambiguous dateline), or NULL */
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
  GDate period_first;          /* the theatre's period; invalid (cleared) when unknown */
  GDate period_last;
  const char *default_lang;    /* language to assume when neither header nor manifest says */
} FlReportOptions;

/* Loads one report. Returns NULL and sets error (FL_REPORT_ERROR) on failure; the message names
 * the file and, where there is one, the line. Caller frees with fl_report_free(). */
FlReport *fl_report_load(const char *path, const FlReportOptions *options, GError **error);
/* The same from len bytes already in memory (not necessarily NUL-terminated): path names the
 * report in messages, in the manifest look-up and for the date in its file name; nothing is
 * read from disk. */
FlReport *fl_report_parse(const char *path, const char *bytes, gsize len,
                          const FlReportOptions *options, GError **error);
void fl_report_free(FlReport *report);

/* Loads every report in paths (and, when paths is empty, every report the manifest lists).
 * Returns a GPtrArray of FlReport* that frees them, sorted by date then name; NULL on the
 * first error. */
GPtrArray *fl_reports_load(const char *const *paths, guint n_paths,
                           const FlReportOptions *options, GError **error);

G_END_DECLS

#endif
