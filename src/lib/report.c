/* report.c - stage 1: reading dated news reports. */
#include <frontline/report.h>

#include <string.h>

G_DEFINE_QUARK(fl-report-error-quark, fl_report_error)

/* A date and optional time as read from a header, a manifest or a dateline. */
typedef struct {
  GDate date;
  gint minute_of_day;
} Stamp;

struct FlManifest {
  char *path;
  GPtrArray *paths;        /* char*, resolved against the manifest's folder */
  GHashTable *by_path;     /* canonical path -> ManifestRow* */
  GHashTable *by_name;     /* base name -> ManifestRow*, or &ambiguous_name */
};

typedef struct {
  Stamp stamp;
  char *lang;
  char *source;
} ManifestRow;

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
static gboolean
parse_stamp(const char *text, Stamp *stamp, GError **error)
{
  char day[11];
  const char *rest;

  while (g_ascii_isspace(*text))
    text++;
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

/* Moves a date error from parse_stamp into the report domain with file:line in front. */
static void
set_date_error(GError **error, GError *cause, const char *file, guint line)
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

FlManifest *
fl_manifest_load(const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  GError *local = NULL;

  if (!g_file_get_contents(path, &contents, &len, &local)) {
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
    if (!parse_stamp(cells[col_date], &row->stamp, &local)) {
      set_date_error(error, local, path, n + 1);
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

static const ManifestRow *
manifest_lookup(const FlManifest *manifest, const char *path)
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

/* ---- encoding ---- */

/* Checks the bytes are text we can read. Invalid UTF-8 sequences, when rare, are replaced by
 * U+FFFD (one character each, so columns stay right) and noted in *warning; a file full of
 * them (Latin-1, binary) or UTF-16 is refused. Returns the text to use (newly allocated). */
static char *
decode_text(const char *path, const char *bytes, gsize len, char **warning, GError **error)
{
  guint invalid = 0, nul = 0, first_line = 0, line = 1;
  const char *p = bytes, *end = bytes + len;
  GString *text;

  if (len >= 2 && (((guchar)bytes[0] == 0xFF && (guchar)bytes[1] == 0xFE) ||
                   ((guchar)bytes[0] == 0xFE && (guchar)bytes[1] == 0xFF))) {
    g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_ENCODING,
                "%s: the report is UTF-16: convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)", path);
    return NULL;
  }
  for (gsize i = 0; i < len; i++)
    if (bytes[i] == '\0')
      nul++;
  if (nul > 0 && nul * 100 > len) {
    g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_ENCODING,
                "%s: the report is binary, not text (%u NUL byte%s)", path, nul,
                nul > 1 ? "s" : "");
    return NULL;
  }
  text = g_string_sized_new(len + 1);
  while (p < end) {
    const char *valid_end;
    g_utf8_validate_len(p, (gsize)(end - p), &valid_end);
    for (const char *q = p; q < valid_end; q++)
      if (*q == '\n')
        line++;
    g_string_append_len(text, p, valid_end - p);
    p = valid_end;
    if (p < end) {
      if (*p == '\0') {
        g_string_append_c(text, ' ');  /* a stray NUL: keep the column, drop the byte */
      } else {
        if (invalid == 0)
          first_line = line;
        invalid++;
        g_string_append(text, "\xEF\xBF\xBD");
      }
      p++;
    }
  }
  if ((invalid >= 3 && invalid * 200 > len) || invalid > 64) {
    g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_ENCODING,
                "%s:%u: the report is not UTF-8 (%u invalid bytes; Latin-1? convert it with "
                "iconv -f LATIN1 -t UTF-8)",
                path, first_line, invalid);
    g_string_free(text, TRUE);
    return NULL;
  }
  if (invalid > 0)
    *warning = g_strdup_printf("%s:%u: %u invalid UTF-8 byte%s replaced by U+FFFD", path,
                               first_line, invalid, invalid > 1 ? "s" : "");
  return g_string_free(text, FALSE);
}

/* Removes '\r' before '\n' in place, so CRLF files read like LF files. */
static gsize
strip_cr(char *text, gsize len)
{
  gsize w = 0;
  for (gsize r = 0; r < len; r++) {
    if (text[r] == '\r' && (r + 1 == len || text[r + 1] == '\n'))
      continue;
    text[w++] = text[r];
  }
  text[w] = '\0';
  return w;
}

/* ---- header block ---- */

static const char *const header_keys[] = {"date", "source", "lang", "language", "title", "url",
                                          NULL};

static gboolean
header_key(const char *line, gsize len, char **key, char **value)
{
  const char *colon = memchr(line, ':', len);
  if (colon == NULL || colon == line)
    return FALSE;
  for (const char *p = line; p < colon; p++)
    if (!g_ascii_isalpha(*p) && *p != '-')
      return FALSE;
  *key = g_ascii_strdown(line, colon - line);
  *value = g_strstrip(g_strndup(colon + 1, len - (gsize)(colon + 1 - line)));
  return TRUE;
}

static gboolean
is_header_key(const char *key)
{
  return g_strv_contains(header_keys, key);
}

/* Reads the header block, if the text starts with one. On success *body points past it. */
static gboolean
read_header(FlReport *report, const char **body, gboolean *has_date, Stamp *stamp,
            GError **error)
{
  const char *p = report->text;
  guint line = 1;
  char *key = NULL, *value = NULL;
  gboolean ok = TRUE;

  *has_date = FALSE;
  const char *eol = strchr(p, '\n');
  gsize len = eol ? (gsize)(eol - p) : strlen(p);
  if (!header_key(p, len, &key, &value) || !is_header_key(key)) {
    g_free(key);
    g_free(value);
    *body = report->text;
    return TRUE;
  }
  for (;;) {
    if (g_str_equal(key, "date")) {
      GError *local = NULL;
      if (!parse_stamp(value, stamp, &local)) {
        set_date_error(error, local, report->path, line);
        ok = FALSE;
        goto out;
      }
      *has_date = TRUE;
    } else if (g_str_equal(key, "source")) {
      g_free(report->source);
      report->source = g_strdup(value);
    } else if (g_str_equal(key, "lang") || g_str_equal(key, "language")) {
      g_free(report->lang);
      report->lang = g_ascii_strdown(value, -1);
    }
    g_clear_pointer(&key, g_free);
    g_clear_pointer(&value, g_free);
    if (eol == NULL) {
      p += len;
      break;
    }
    p = eol + 1;
    line++;
    eol = strchr(p, '\n');
    len = eol ? (gsize)(eol - p) : strlen(p);
    if (len == 0 || strspn(p, " \t") == len) {  /* the blank line that ends the block */
      p = eol ? eol + 1 : p + len;
      line++;
      break;
    }
    if (!header_key(p, len, &key, &value) || !is_header_key(key)) {
      g_autofree char *shown = g_strndup(p, MIN(len, 40));
      g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_HEADER,
                  "%s:%u: '%s' in the header block: expected 'Date:', 'Source:', 'Lang:' or "
                  "'Title:', or a blank line to end the block",
                  report->path, line, shown);
      ok = FALSE;
      goto out;
    }
  }
  report->first_line = line;
  *body = p;
out:
  g_free(key);
  g_free(value);
  return ok;
}

/* ---- dateline ---- */

/* A numeric date in text: D/M/YYYY or M/D/YYYY (separators / . -) or YYYY-MM-DD, with an
 * optional HH:MM after it. */
typedef struct {
  guint a, b, year;        /* a and b in written order; for ISO a = month, b = day */
  gboolean iso;
  gint minute_of_day;
  guint line;
  char *written;
} DatelineCandidate;

static gboolean
scan_number(const char **p, guint min_digits, guint max_digits, guint *value)
{
  guint n = 0, v = 0;
  while (g_ascii_isdigit(**p) && n < max_digits + 1) {
    v = v * 10 + (guint)(**p - '0');
    (*p)++;
    n++;
  }
  *value = v;
  return n >= min_digits && n <= max_digits;
}

static gboolean
find_numeric_date(const char *line, gsize len, DatelineCandidate *found)
{
  g_autofree char *copy = g_strndup(line, len);
  for (const char *start = copy; *start; start++) {
    if (!g_ascii_isdigit(*start) || (start > copy && g_ascii_isdigit(start[-1])))
      continue;
    const char *p = start;
    guint x, y, z;
    gboolean iso = FALSE;
    if (!scan_number(&p, 1, 4, &x))
      continue;
    char sep = *p;
    if (sep != '/' && sep != '.' && sep != '-')
      continue;
    p++;
    if (!scan_number(&p, 1, 2, &y) || *p != sep)
      continue;
    p++;
    if (p - start == 8 && sep == '-' && x >= 1000) { /* YYYY-MM-DD */
      if (!scan_number(&p, 2, 2, &z))
        continue;
      iso = TRUE;
    } else if (!scan_number(&p, 4, 4, &z) || x > 31) {
      continue;
    }
    if (g_ascii_isdigit(*p))
      continue;
    found->iso = iso;
    found->a = iso ? y : x;
    found->b = iso ? z : y;
    found->year = iso ? x : z;
    found->written = g_strndup(start, p - start);
    found->minute_of_day = -1;
    while (*p == ' ' || *p == 'T' || *p == ',' || *p == '\t')
      p++;
    guint hour, minute;
    const char *t = p;
    if (scan_number(&t, 1, 2, &hour) && (*t == ':' || *t == 'h') && t++ &&
        scan_number(&t, 2, 2, &minute) && hour < 24 && minute < 60)
      found->minute_of_day = (gint)(hour * 60 + minute);
    return TRUE;
  }
  return FALSE;
}

static gboolean
in_period(const GDate *date, const FlReportOptions *options)
{
  if (!g_date_valid(&options->period_first) || !g_date_valid(&options->period_last))
    return TRUE;
  return g_date_compare(date, &options->period_first) >= 0 &&
         g_date_compare(date, &options->period_last) <= 0;
}

/* Settles the day/month order of a numeric dateline. The rules, in order (README "Report
 * dates"): a field over 12 is the day; equal fields need no choice; a reading outside the
 * theatre's period is dropped; a reading that matches an ISO date in the file name wins;
 * otherwise the language's convention decides (English wire datelines are month first, other
 * languages day first) and a warning says the date stayed ambiguous. */
static gboolean
settle_dateline(FlReport *report, const DatelineCandidate *c, const FlReportOptions *options,
                Stamp *stamp, GError **error)
{
  GDate readings[2];
  gboolean possible[2];
  const char *order_name[2] = {"day first", "month first"};

  g_date_clear(readings, 2);
  /* reading 0: a is the day; reading 1: a is the month */
  possible[0] = !c->iso && g_date_valid_dmy((GDateDay)c->a, (GDateMonth)c->b, (GDateYear)c->year);
  possible[1] = g_date_valid_dmy((GDateDay)c->b, (GDateMonth)c->a, (GDateYear)c->year);
  if (possible[0])
    g_date_set_dmy(&readings[0], (GDateDay)c->a, (GDateMonth)c->b, (GDateYear)c->year);
  if (possible[1])
    g_date_set_dmy(&readings[1], (GDateDay)c->b, (GDateMonth)c->a, (GDateYear)c->year);
  if (!possible[0] && !possible[1]) {
    g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_BAD_DATE,
                "%s:%u: the dateline '%s' is not a day of the calendar", report->path, c->line,
                c->written);
    return FALSE;
  }
  stamp->minute_of_day = c->minute_of_day;
  if (!possible[0] || !possible[1] || c->a == c->b) {
    stamp->date = readings[possible[1] ? 1 : 0];
    return TRUE;
  }
  gboolean within[2] = {in_period(&readings[0], options), in_period(&readings[1], options)};
  if (within[0] != within[1]) {
    stamp->date = readings[within[1] ? 1 : 0];
    return TRUE;
  }
  for (int i = 0; i < 2; i++) {
    char iso[11];
    fl_date_format_iso(&readings[i], iso);
    if (strstr(report->name, iso)) {
      stamp->date = readings[i];
      return TRUE;
    }
  }
  int pick = (report->lang && g_str_equal(report->lang, "en")) ? 1 : 0;
  char iso[11];
  stamp->date = readings[pick];
  report->warning = g_strdup_printf(
      "%s:%u: the dateline '%s' is ambiguous; read %s as %s (%s, the convention of '%s' "
      "text); add a 'Date:' header to settle it",
      report->path, c->line, c->written, c->written, fl_date_format_iso(&readings[pick], iso),
      order_name[pick], report->lang ? report->lang : "unknown-language");
  return TRUE;
}

/* One line of the text: where it starts, how long it is, its number in the body. */
typedef struct {
  const char *start;
  gsize len;
  guint index;
} LineSpan;

static gboolean
is_blank(const char *start, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace(start[i]))
      return FALSE;
  return TRUE;
}

/* Finds the last four non-blank lines, then the first three not already among them, without
 * copying the text. */
static guint
dateline_candidates(const char *text, gsize len, LineSpan spans[7])
{
  guint n = 0, n_lines = 1;
  for (const char *p = memchr(text, '\n', len); p; p = memchr(p + 1, '\n', len - (p + 1 - text)))
    n_lines++;
  const char *end = text + len;
  guint index = n_lines;
  while (end > text && n < 4) {
    const char *start = end;
    while (start > text && start[-1] != '\n')
      start--;
    index--;
    if (!is_blank(start, (gsize)(end - start)))
      spans[n++] = (LineSpan){start, (gsize)(end - start), index};
    end = start > text ? start - 1 : start;
    if (start == text)
      break;
  }
  guint from_end = n;
  const char *start = text;
  index = 0;
  for (guint taken = 0; start < text + len && taken < 3; index++) {
    const char *eol = memchr(start, '\n', len - (gsize)(start - text));
    gsize line_len = eol ? (gsize)(eol - start) : len - (gsize)(start - text);
    if (line_len > 0) {
      gboolean seen = FALSE;
      for (guint k = 0; k < from_end; k++)
        seen |= spans[k].index == index;
      if (!seen)
        spans[n++] = (LineSpan){start, line_len, index};
      taken++;
    }
    if (eol == NULL)
      break;
    start = eol + 1;
  }
  return n;
}

/* Looks for a dateline in the last non-blank lines, then the first ones. */
static gboolean
read_dateline(FlReport *report, const FlReportOptions *options, Stamp *stamp,
              gboolean *found, GError **error)
{
  LineSpan spans[7];
  guint n_spans = dateline_candidates(report->text, report->text_len, spans);

  *found = FALSE;
  for (guint k = 0; k < n_spans; k++) {
    DatelineCandidate c = {0};
    g_autofree char *line = g_strndup(spans[k].start, spans[k].len);
    /* a dateline is short: a wire credit or a date, not a sentence that cites one */
    if (g_utf8_strlen(line, -1) > 80 || !find_numeric_date(line, strlen(line), &c))
      continue;
    c.line = report->first_line + spans[k].index;
    gboolean ok = settle_dateline(report, &c, options, stamp, error);
    if (ok && report->source == NULL) {
      /* "Reuters 12/07/2024 23:19": the words before the date name the source */
      g_autofree char *before = g_strndup(line, strstr(line, c.written) - line);
      char *end = before + strlen(before);
      while (end > before) {  /* trailing spaces, the no-break ones of wire copy included */
        char *prev = g_utf8_find_prev_char(before, end);
        if (!g_unichar_isspace(g_utf8_get_char(prev)) && *prev != ',' && *prev != '-')
          break;
        end = prev;
      }
      *end = '\0';
      g_strchug(before);
      if (*before && g_utf8_strlen(before, -1) <= 40)
        report->source = g_strdup(before);
    }
    g_free(c.written);
    *found = ok;
    return ok;
  }
  return TRUE;
}

FlReport *
fl_report_load(const char *path, const FlReportOptions *options, GError **error)
{
  g_autofree char *bytes = NULL;
  gsize len = 0;
  GError *local = NULL;

  if (!g_file_get_contents(path, &bytes, &len, &local)) {
    g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_IO, "%s: cannot read the report: %s",
                path, local->message);
    g_error_free(local);
    return NULL;
  }
  return fl_report_parse(path, bytes, len, options, error);
}

FlReport *
fl_report_parse(const char *path, const char *bytes, gsize len, const FlReportOptions *options,
                GError **error)
{
  FlReport *report = g_new0(FlReport, 1);
  const char *body;
  gboolean has_date = FALSE;
  Stamp stamp = {0};
  const ManifestRow *row = NULL;
  char *decode_warning = NULL;

  report->path = g_strdup(path);
  report->name = g_path_get_basename(path);
  report->first_line = 1;
  report->minute_of_day = -1;
  g_date_clear(&report->date, 1);

  if (len == 0) {
    g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_IO, "%s: the report is empty", path);
    goto fail;
  }
  report->text = decode_text(path, bytes, len, &decode_warning, error);
  if (report->text == NULL)
    goto fail;
  len = strip_cr(report->text, strlen(report->text));
  if (g_str_has_prefix(report->text, "\xEF\xBB\xBF")) {  /* BOM */
    memmove(report->text, report->text + 3, len - 2);
    len -= 3;
  }

  if (options && options->manifest)
    row = manifest_lookup(options->manifest, path);
  if (!read_header(report, &body, &has_date, &stamp, error))
    goto fail;
  if (report->lang == NULL && row && row->lang)
    report->lang = g_strdup(row->lang);
  if (report->source == NULL && row && row->source)
    report->source = g_strdup(row->source);
  if (report->lang == NULL && options && options->default_lang)
    report->lang = g_strdup(options->default_lang);

  /* keep only the body */
  report->text_len = len - (gsize)(body - report->text);
  memmove(report->text, body, report->text_len + 1);

  if (has_date) {
    report->date_origin = FL_DATE_FROM_HEADER;
  } else if (row) {
    stamp = row->stamp;
    report->date_origin = FL_DATE_FROM_MANIFEST;
    has_date = TRUE;
  } else {
    FlReportOptions none = {0};
    if (!read_dateline(report, options ? options : &none, &stamp, &has_date, error))
      goto fail;
    report->date_origin = FL_DATE_FROM_DATELINE;
  }
  if (!has_date) {
    g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_NO_DATE,
                "%s: no date for this report: add a 'Date: YYYY-MM-DD' header block, list it "
                "in a --manifest, or end it with a dateline",
                path);
    goto fail;
  }
  report->date = stamp.date;
  report->minute_of_day = stamp.minute_of_day;
  if (decode_warning) {
    char *both = report->warning ? g_strconcat(decode_warning, "; ", report->warning, NULL)
                                 : g_strdup(decode_warning);
    g_free(report->warning);
    report->warning = both;
  }
  g_free(decode_warning);
  return report;

fail:
  g_free(decode_warning);
  fl_report_free(report);
  return NULL;
}

void
fl_report_free(FlReport *report)
{
  if (report == NULL)
    return;
  g_free(report->path);
  g_free(report->name);
  g_free(report->text);
  g_free(report->source);
  g_free(report->lang);
  g_free(report->warning);
  g_free(report);
}

static gint
compare_reports(gconstpointer a, gconstpointer b)
{
  const FlReport *x = *(FlReport *const *)a, *y = *(FlReport *const *)b;
  gint by_date = g_date_compare(&x->date, &y->date);
  if (by_date)
    return by_date;
  if (x->minute_of_day != y->minute_of_day)
    return x->minute_of_day < y->minute_of_day ? -1 : 1;
  return strcmp(x->name, y->name);
}

GPtrArray *
fl_reports_load(const char *const *paths, guint n_paths, const FlReportOptions *options,
                GError **error)
{
  GPtrArray *reports = g_ptr_array_new_with_free_func((GDestroyNotify)fl_report_free);
  const GPtrArray *listed = NULL;

  if (n_paths == 0 && options && options->manifest) {
    listed = fl_manifest_paths(options->manifest);
    paths = (const char *const *)listed->pdata;
    n_paths = listed->len;
  }
  for (guint i = 0; i < n_paths; i++) {
    FlReport *report = fl_report_load(paths[i], options, error);
    if (report == NULL) {
      g_ptr_array_unref(reports);
      return NULL;
    }
    g_ptr_array_add(reports, report);
  }
  g_ptr_array_sort(reports, compare_reports);
  return reports;
}
