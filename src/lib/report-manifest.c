/* report-manifest.c - the manifest of a batch of reports (path, date, language, source per
 * row) and the date stamps reports and manifests share. The stage's error domain lives here,
 * the lowest file of the stage. */
#include <frontline/report.h>

#include "report-internal.h"

#include <string.h>

G_DEFINE_QUARK(fl-report-error-quark, fl_report_error)

struct FlManifest {
  char *path;
  GPtrArray *paths;        /* char*, resolved against the manifest's folder */
  GHashTable *by_path;     /* canonical path -> ManifestRow* */
  GHashTable *by_name;     /* base name -> ManifestRow*, or &ambiguous_name */
};

static char ambiguous_name;

static void
manifest_row_free(gpointer data)
{
  ManifestRow *row = data;
  g_free(row->lang);
  g_free(row->source);
  g_free(row);
}

/* Parses "YYYY-MM-DD", optionally followed by 'T' or ' ' and "HH:MM[:SS]" and anything
 * after (a zone). */
gboolean
fl_stamp_parse(const char *text, Stamp *stamp, GError **error)
{
  char day[11];
  const char *rest;

  while (g_ascii_isspace(*text))
    text++;
  if (strlen(text) < 10 || text[4] != '-' || text[7] != '-') {  /* quote it whole */
    g_set_error(error, FL_BASE_ERROR, FL_BASE_ERROR_DATE,
                "'%s' is not a date: use YYYY-MM-DD or YYYY-MM-DD HH:MM (2024-12-06 14:30)",
                text);
    return FALSE;
  }
  g_strlcpy(day, text, sizeof day);
  if (!fl_date_parse_iso(day, &stamp->date, error))
    return FALSE;
  stamp->minute_of_day = -1;
  rest = text + 10;
  if (*rest == 'T' || *rest == ' ') {
    rest++;
    if (g_ascii_isdigit(rest[0]) && g_ascii_isdigit(rest[1]) && rest[2] == ':' &&
        g_ascii_isdigit(rest[3]) && g_ascii_isdigit(rest[4])) {
      int hour = (rest[0] - '0') * 10 + (rest[1] - '0');
      int minute = (rest[3] - '0') * 10 + (rest[4] - '0');
      if (hour > 23 || minute > 59) {
        g_set_error(error, FL_BASE_ERROR, FL_BASE_ERROR_DATE, "'%s' is not a time of day",
                    rest);
        return FALSE;
      }
      stamp->minute_of_day = hour * 60 + minute;
    } else if (*rest != '\0') {
      g_set_error(error, FL_BASE_ERROR, FL_BASE_ERROR_DATE,
                  "'%s' is not a time: use YYYY-MM-DD HH:MM", text);
      return FALSE;
    }
  } else if (*rest != '\0' && !g_ascii_isspace(*rest)) {
    g_set_error(error, FL_BASE_ERROR, FL_BASE_ERROR_DATE,
                "'%s' is not a date: use YYYY-MM-DD or YYYY-MM-DD HH:MM", text);
    return FALSE;
  }
  return TRUE;
}

/* Moves a date error from fl_stamp_parse into the report domain with file:line in front. */
void
fl_report_date_error(GError **error, GError *cause, const char *file, guint line)
{
  g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_BAD_DATE, "%s:%u: %s", file, line,
              cause->message);
  g_error_free(cause);
}

static char *
canonical(const char *path)
{
  return g_canonicalize_filename(path, NULL);
}

/* Whether path (made canonical: "..", "." and repeated separators resolved) lies under the
 * canonical folder. */
static gboolean
inside(const char *folder, const char *path)
{
  g_autofree char *full = canonical(path);
  gsize n = strlen(folder);
  return strncmp(full, folder, n) == 0 &&
         (full[n] == G_DIR_SEPARATOR || (n > 0 && folder[n - 1] == G_DIR_SEPARATOR));
}

FlManifest *
fl_manifest_load(const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  GError *local = NULL;

  if (!fl_file_read_small(path, SMALL_FILE_MAX, &contents, &len, &local)) {
    g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_IO, "%s: cannot read the manifest: %s",
                path, local->message);
    g_error_free(local);
    return NULL;
  }
  return fl_manifest_parse(path, contents, len, error);
}

FlManifest *
fl_manifest_parse(const char *path, const char *bytes, gsize size, GError **error)
{
  FlManifest *manifest = NULL;
  char *contents = g_strndup(bytes, size);
  char **lines = NULL;
  char **header = NULL;
  gint col_file = -1, col_date = -1, col_lang = -1, col_source = -1;
  GError *local = NULL;
  char *dir = g_path_get_dirname(path);
  g_autofree char *folder = canonical(dir);

  if (!g_utf8_validate_len(bytes, size, NULL)) {  /* a NUL byte is invalid too */
    g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_ENCODING,
                "%s: the manifest is not UTF-8 text", path);
    goto out;
  }
  lines = g_strsplit(contents, "\n", -1);
  if (lines[0] == NULL || *g_strstrip(lines[0]) == '\0') {
    g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_MANIFEST,
                "%s:1: the manifest has no header row (file, date, language, source, note)",
                path);
    goto out;
  }
  header = g_strsplit(lines[0], "\t", -1);
  for (gint i = 0; header[i]; i++) {
    const char *name = g_strstrip(header[i]);
    if (g_ascii_strcasecmp(name, "file") == 0)
      col_file = i;
    else if (g_ascii_strcasecmp(name, "date") == 0)
      col_date = i;
    else if (g_ascii_strcasecmp(name, "language") == 0 || g_ascii_strcasecmp(name, "lang") == 0)
      col_lang = i;
    else if (g_ascii_strcasecmp(name, "source") == 0)
      col_source = i;
  }
  if (col_file < 0 || col_date < 0) {
    g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_MANIFEST,
                "%s:1: the manifest needs the columns 'file' and 'date'", path);
    goto out;
  }

  manifest = g_new0(FlManifest, 1);
  manifest->path = g_strdup(path);
  manifest->paths = g_ptr_array_new_with_free_func(g_free);
  manifest->by_path = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, manifest_row_free);
  manifest->by_name = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint n = 1; lines[n]; n++) {
    char *line = lines[n];
    gsize len = strlen(line);
    if (len > 0 && line[len - 1] == '\r')
      line[len - 1] = '\0';
    if (*line == '\0' || *line == '#')
      continue;
    g_auto(GStrv) cells = g_strsplit(line, "\t", -1);
    guint n_cells = g_strv_length(cells);
    if ((guint)MAX(col_file, col_date) >= n_cells) {
      g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_MANIFEST,
                  "%s:%u: %u columns, the header has %u", path, n + 1, n_cells,
                  g_strv_length(header));
      g_clear_pointer(&manifest, fl_manifest_free);
      goto out;
    }
    ManifestRow *row = g_new0(ManifestRow, 1);
    row->line = n + 1;
    if (!fl_stamp_parse(cells[col_date], &row->stamp, &local)) {
      fl_report_date_error(error, local, path, n + 1);
      manifest_row_free(row);
      g_clear_pointer(&manifest, fl_manifest_free);
      goto out;
    }
    if (col_lang >= 0 && (guint)col_lang < n_cells && *cells[col_lang])
      row->lang = g_strdup(cells[col_lang]);
    if (col_source >= 0 && (guint)col_source < n_cells && *cells[col_source])
      row->source = g_strdup(cells[col_source]);
    char *resolved = g_path_is_absolute(cells[col_file])
                         ? g_strdup(cells[col_file])
                         : g_build_filename(dir, cells[col_file], NULL);
    if (!inside(folder, resolved)) {
      /* a manifest names reports beside it: it cannot make the program read "/etc/shadow" or
       * "../../secret" into a map's evidence */
      g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_MANIFEST,
                  "%s:%u: '%s' is outside the manifest's folder: list the reports under it",
                  path, n + 1, cells[col_file]);
      g_free(resolved);
      manifest_row_free(row);
      g_clear_pointer(&manifest, fl_manifest_free);
      goto out;
    }
    char *base = g_path_get_basename(cells[col_file]);
    if (g_hash_table_contains(manifest->by_name, base))
      g_hash_table_replace(manifest->by_name, base, &ambiguous_name);
    else
      g_hash_table_insert(manifest->by_name, base, row);
    g_ptr_array_add(manifest->paths, resolved);
    g_hash_table_replace(manifest->by_path, canonical(resolved), row);
  }

out:
  g_free(dir);
  g_strfreev(header);
  g_strfreev(lines);
  g_free(contents);
  return manifest;
}

void
fl_manifest_free(FlManifest *manifest)
{
  if (manifest == NULL)
    return;
  g_free(manifest->path);
  g_ptr_array_unref(manifest->paths);
  g_hash_table_unref(manifest->by_name);
  g_hash_table_unref(manifest->by_path);
  g_free(manifest);
}

const GPtrArray *
fl_manifest_paths(const FlManifest *manifest)
{
  return manifest->paths;
}

const ManifestRow *
fl_manifest_lookup(const FlManifest *manifest, const char *path)
{
  g_autofree char *key = canonical(path);
  const ManifestRow *row = g_hash_table_lookup(manifest->by_path, key);
  if (row == NULL) {
    g_autofree char *base = g_path_get_basename(path);
    row = g_hash_table_lookup(manifest->by_name, base);
    if (row == (const ManifestRow *)&ambiguous_name)
      row = NULL;
  }
  return row;
}

const char *
fl_manifest_file(const FlManifest *manifest)
{
  return manifest->path;
}
