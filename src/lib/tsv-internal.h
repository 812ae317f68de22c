/* tsv-internal.h - the one reader of the project's TSV data files (header row, one fact per
 * line, UTF-8, '#' comments), shared by theatre and lexicon loading so every error names
 * file:line the same way. */
#ifndef FL_TSV_INTERNAL_H
#define FL_TSV_INTERNAL_H

#include <glib.h>

typedef struct {
  char *path;
  char *contents;
  char **lines;
  char **header;
  guint n_columns;
  guint next;          /* index into lines of the next row */
  guint line;          /* 1-based line of the current row */
  char **cells;        /* the current row's cells, n_columns of them */
  GQuark domain;
  gint syntax_code;
} FlTsv;

/* Opens path and reads its header row. Errors are in domain with io_code (missing, unreadable,
 * not UTF-8) or syntax_code (no header). Caller frees with fl_tsv_free(). */
FlTsv *fl_tsv_open(const char *path, GQuark domain, gint io_code, gint syntax_code,
                   GError **error);
/* The same from len bytes already in memory (not necessarily NUL-terminated; copied); path
 * only names the table in messages. */
FlTsv *fl_tsv_open_data(const char *path, const char *contents, gsize len, GQuark domain,
                        gint io_code, gint syntax_code, GError **error);
void fl_tsv_free(FlTsv *tsv);

/* Index of the column named name, or -1. */
gint fl_tsv_column(const FlTsv *tsv, const char *name);

/* Looks up every column of names (NULL-terminated) into indices; fails naming the first
 * missing column. */
gboolean fl_tsv_columns(const FlTsv *tsv, const char *const *names, gint *indices,
                        GError **error);

/* Advances to the next row (skipping blank and '#' lines); FALSE at the end or on error (a row
 * whose number of cells differs from the header's). */
gboolean fl_tsv_next(FlTsv *tsv, GError **error);

/* The current row's cell in column (a column index from fl_tsv_column; -1 gives ""). */
const char *fl_tsv_cell(const FlTsv *tsv, gint column);

/* Called for each row by fl_tsv_load with the indices of the required columns; returns FALSE
 * with error set to stop. */
typedef gboolean (*FlTsvRowFunc)(const FlTsv *tsv, const gint *columns, gpointer user_data,
                                 GError **error);

/* Reads a whole file: opens it, finds the required columns (names, NULL-terminated, at most
 * 16), and calls row for every row. Errors as fl_tsv_open, or the first row's error. */
gboolean fl_tsv_load(const char *path, GQuark domain, gint io_code, gint syntax_code,
                     const char *const *names, FlTsvRowFunc row, gpointer user_data,
                     GError **error);

/* The same from len bytes in memory, or, when contents is NULL, from the file at path. */
gboolean fl_tsv_load_data(const char *path, const char *contents, gsize len, GQuark domain,
                          gint io_code, gint syntax_code, const char *const *names,
                          FlTsvRowFunc row, gpointer user_data, GError **error);

/* Sets error in the TSV's domain with code, prefixed by "path:line: ". */
void fl_tsv_error(const FlTsv *tsv, GError **error, gint code, const char *format, ...)
    G_GNUC_PRINTF(4, 5);

#endif
