/* tsv.c - reading the project's TSV data files. */
#include "tsv-internal.h"

#include <frontline/base.h>

#include <string.h>

FlTsv *
fl_tsv_open(const char *path, GQuark domain, gint io_code, gint syntax_code, GError **error)
{
  g_autofree char *contents = NULL;
  GError *local = NULL;
  gsize len = 0;

  if (!fl_file_read_small(path, SMALL_FILE_MAX, &contents, &len, &local)) {
    g_set_error(error, domain, io_code, "%s: cannot read: %s", path, local->message);
    g_error_free(local);
    return NULL;
  }
  return fl_tsv_open_data(path, contents, len, domain, io_code, syntax_code, error);
}

FlTsv *
fl_tsv_open_data(const char *path, const char *contents, gsize len, GQuark domain,
                 gint io_code, gint syntax_code, GError **error)
{
  FlTsv *tsv = g_new0(FlTsv, 1);

  tsv->path = g_strdup(path);
  tsv->domain = domain;
  tsv->syntax_code = syntax_code;
  if (len >= 3 && memcmp(contents, "\xEF\xBB\xBF", 3) == 0) {
    contents += 3;  /* a BOM, as spreadsheet programs write: no part of the first column's name */
    len -= 3;
  }
  tsv->contents = g_strndup(contents, len);
  const char *bad;
  if (!g_utf8_validate_len(contents, len, &bad)) {  /* a NUL byte is invalid too */
    guint line = 1;
    for (const char *p = contents; p < bad; p++)
      line += *p == '\n';
    g_set_error(error, domain, io_code, "%s:%u: not UTF-8 text", path, line);
    goto fail;
  }
  tsv->lines = g_strsplit(tsv->contents, "\n", -1);
  for (guint i = 0; tsv->lines[i]; i++) {
    gsize n = strlen(tsv->lines[i]);  /* a CRLF file reads like an LF one */
    if (n > 0 && tsv->lines[i][n - 1] == '\r')
      tsv->lines[i][n - 1] = '\0';
  }
  while (tsv->lines[tsv->next] && (tsv->lines[tsv->next][0] == '#' ||
                                   tsv->lines[tsv->next][0] == '\0'))
    tsv->next++;
  if (tsv->lines[tsv->next] == NULL) {
    g_set_error(error, domain, syntax_code, "%s:1: no header row", path);
    goto fail;
  }
  tsv->header = g_strsplit(tsv->lines[tsv->next], "\t", -1);
  tsv->n_columns = g_strv_length(tsv->header);
  tsv->next++;
  return tsv;

fail:
  fl_tsv_free(tsv);
  return NULL;
}

void
fl_tsv_free(FlTsv *tsv)
{
  if (tsv == NULL)
    return;
  g_free(tsv->path);
  g_free(tsv->contents);
  g_strfreev(tsv->lines);
  g_strfreev(tsv->header);
  g_strfreev(tsv->cells);
  g_free(tsv);
}

gint
fl_tsv_column(const FlTsv *tsv, const char *name)
{
  for (guint i = 0; i < tsv->n_columns; i++)
    if (g_str_equal(tsv->header[i], name))
      return (gint)i;
  return -1;
}

gboolean
fl_tsv_columns(const FlTsv *tsv, const char *const *names, gint *indices, GError **error)
{
  for (guint i = 0; names[i]; i++) {
    indices[i] = fl_tsv_column(tsv, names[i]);
    if (indices[i] < 0) {
      g_set_error(error, tsv->domain, tsv->syntax_code, "%s: no column '%s' in the header row",
                  tsv->path, names[i]);
      return FALSE;
    }
  }
  return TRUE;
}

gboolean
fl_tsv_next(FlTsv *tsv, GError **error)
{
  g_clear_pointer(&tsv->cells, g_strfreev);
  while (tsv->lines[tsv->next] &&
         (tsv->lines[tsv->next][0] == '#' || tsv->lines[tsv->next][0] == '\0'))
    tsv->next++;
  if (tsv->lines[tsv->next] == NULL)
    return FALSE;
  tsv->line = tsv->next + 1;
  tsv->cells = g_strsplit(tsv->lines[tsv->next], "\t", -1);
  tsv->next++;
  guint n = g_strv_length(tsv->cells);
  if (n != tsv->n_columns) {
    fl_tsv_error(tsv, error, tsv->syntax_code, "%u columns, the header has %u (%s)", n,
                 tsv->n_columns, n < tsv->n_columns ? "a missing tab?" : "a stray tab?");
    return FALSE;
  }
  return TRUE;
}

const char *
fl_tsv_cell(const FlTsv *tsv, gint column)
{
  if (column < 0 || tsv->cells == NULL)
    return "";
  return tsv->cells[column];
}

void
fl_tsv_error(const FlTsv *tsv, GError **error, gint code, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  g_autofree char *message = g_strdup_vprintf(format, args);
  va_end(args);
  g_set_error(error, tsv->domain, code, "%s:%u: %s", tsv->path, tsv->line, message);
}

gboolean
fl_tsv_load(const char *path, GQuark domain, gint io_code, gint syntax_code,
            const char *const *names, FlTsvRowFunc row, gpointer user_data, GError **error)
{
  return fl_tsv_load_data(path, NULL, 0, domain, io_code, syntax_code, names, row, user_data,
                          error);
}

gboolean
fl_tsv_load_data(const char *path, const char *contents, gsize len, GQuark domain,
                 gint io_code, gint syntax_code, const char *const *names, FlTsvRowFunc row,
                 gpointer user_data, GError **error)
{
  gint columns[16];
  GError *local = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail(g_strv_length((char **)names) <= G_N_ELEMENTS(columns), FALSE);
  FlTsv *tsv = contents ? fl_tsv_open_data(path, contents, len, domain, io_code, syntax_code,
                                           error)
                        : fl_tsv_open(path, domain, io_code, syntax_code, error);
  if (tsv == NULL || !fl_tsv_columns(tsv, names, columns, error))
    goto out;
  while (fl_tsv_next(tsv, &local))
    if (!row(tsv, columns, user_data, error))
      goto out;
  if (local) {
    g_propagate_error(error, local);
    goto out;
  }
  ok = TRUE;
out:
  fl_tsv_free(tsv);
  return ok;
}
