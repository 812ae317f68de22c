/* frontline/base.h - what every stage shares: version, days, atomic output.
 *
 * Dates are days (GDate, Julian day numbers underneath); ISO 8601 in and out. The machine's
 * time zone is never involved. */
#ifndef FRONTLINE_BASE_H
#define FRONTLINE_BASE_H

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

/* The library version, "MAJOR.MINOR.PATCH". Borrowed, static. */
const char *fl_version(void);

/* Errors of the base helpers. */
#define FL_BASE_ERROR (fl_base_error_quark())
GQuark fl_base_error_quark(void);
typedef enum {
  FL_BASE_ERROR_DATE,   /* a date that is not YYYY-MM-DD or does not exist */
  FL_BASE_ERROR_IO,     /* a file could not be read or written */
} FlBaseError;

/* Parses a strict ISO 8601 calendar date "YYYY-MM-DD" into *date.
 * Fails with FL_BASE_ERROR_DATE, naming the text, when the form is wrong or the day does not
 * exist (2024-02-30). */
gboolean fl_date_parse_iso(const char *text, GDate *date, GError **error);

/* Writes "YYYY-MM-DD" into buf (at least 11 bytes) and returns buf. */
char *fl_date_format_iso(const GDate *date, char buf[static 11]);

/* Days from a to b (b - a). Both must be valid. */
gint fl_date_days_between(const GDate *a, const GDate *b);

/* Output files are written whole or not at all: to a temporary file, then renamed over the
 * target when complete (an error or an interruption leaves no partial file). A target that is a
 * special file (a device such as /dev/stdout or /dev/full, a FIFO) is not replaced: the complete
 * temporary file is copied into it, and a failure to write it is an error like any other.
 *
 * fl_output_temp_name: a file name for writing path: beside it (or, for a special file, in the
 * temporary folder), hidden, unique, created empty (when the folder takes it: else opening it
 * fails and says why). Rename it over path with fl_output_commit() once complete, or remove it
 * with fl_output_abort(). Newly allocated; g_free(). */
char *fl_output_temp_name(const char *path);
/* The temporary files (fl_output_temp_name) and folders (fl_output_temp_folder) being written
 * are watched until committed or aborted: fl_output_remove_temps() removes them, from a signal
 * handler too (async-signal-safe: unlink, then rmdir of the folders). fl_output_watch() adds a
 * file written inside a temporary folder; fl_output_forget() ends the watch of a path. */
void fl_output_watch(const char *path);
void fl_output_forget(const char *path);
void fl_output_remove_temps(void);

/* Reads the whole of a small regular file (a style, a manifest, a table) into *contents
 * (NUL-terminated, g_free) and *len. A file that is not a regular file (a FIFO, /dev/zero)
 * or is larger than max_bytes fails with FL_BASE_ERROR_IO and a message without the path
 * (the caller names the file): nothing waits for a writer, nothing grows without bound. */
/* The largest style, manifest or table read: 64 MiB (a gazetteer of a country is a few MB). */
#define SMALL_FILE_MAX ((gsize)64 << 20)
gboolean fl_file_read_small(const char *path, gsize max_bytes, char **contents, gsize *len,
                            GError **error);

/* Moves the complete temp_path onto path: flushes it to the disk (fsync), renames it, flushes
 * the folder (fsync), so a write error that shows only then (a full disk, an I/O error) fails
 * here. FL_BASE_ERROR_IO naming path on failure; temp_path is removed either way, and path too
 * when the rename could not be made durable. */
gboolean fl_output_commit(const char *temp_path, const char *path, GError **error);
/* Flushes and closes file, written to a temporary name for path: TRUE when every write to it
 * succeeded (ferror, fflush, fclose), else FL_BASE_ERROR_IO naming path with the reason. The
 * file is closed either way. */
gboolean fl_output_close(FILE *file, const char *path, GError **error);
/* Removes temp_path (NULL is fine). */
void fl_output_abort(const char *temp_path);
/* A new empty folder for writing path through a library that makes several files (GDAL):
 * beside path, or in the temporary folder for a special file. NULL with FL_BASE_ERROR_IO when
 * it cannot be made. Newly allocated; the caller removes it (and g_free()s the name). */
char *fl_output_temp_folder(const char *path, GError **error);
/* Writes len bytes of data to path whole (temporary file, then commit). */
gboolean fl_output_write(const char *path, const char *data, gsize len, GError **error);
/* The same for an output written as it is made: opens a temporary file for path (its name
 * into *temp_path, g_free) to write to; fl_output_finish() closes and commits it, or on a
 * failure on the way fclose() it and fl_output_abort(*temp_path). NULL with FL_BASE_ERROR_IO
 * naming path when it cannot be made. */
FILE *fl_output_open(const char *path, char **temp_path, GError **error);
/* Closes file and commits temp_path onto path (fl_output_close, fl_output_commit): FALSE with
 * the error, and nothing left behind, when a write failed. */
gboolean fl_output_finish(FILE *file, const char *temp_path, const char *path, GError **error);

G_END_DECLS

#endif
