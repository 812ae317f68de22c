/* report.c - stage 1: reading dated news reports. */
#include <frontline/report.h>

#include "report-internal.h"
#include "text-internal.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

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

/* ---- the scan: header block and dateline lines ---- */

#define LINE_KEEP 1024     /* bytes of a line kept for the header block and the dateline */
#define DATELINE_CHARS 80  /* a dateline is a short line: a wire credit or a date */

/* A line being scanned: its first bytes (whole characters, at most LINE_KEEP) and what the
 * header block and the dateline need to know of the rest. */
typedef struct {
  GString *start;
  gboolean cut;         /* start holds only the beginning of the line */
  gsize len;            /* bytes of the whole line */
  gboolean space_tab;   /* only spaces and tabs so far (or nothing) */
  gboolean blank;       /* only ASCII white space so far (or nothing) */
} Line;

/* A body line that may be a dateline: its 0-based index in the body, and its text when it is
 * short enough to be one (else NULL). */
typedef struct {
  guint index;
  char *text;
} Candidate;

typedef enum { AT_FIRST_LINE, IN_HEADER, IN_BODY } ScanPart;

/* What reading a report's text once keeps: the header block's values, where the body begins,
 * the first three non-empty and the last four non-blank lines of the body. Bounded whatever
 * the length of the text or of its lines. */
typedef struct {
  FlReport *report;
  ScanPart part;
  guint line;              /* 1-based line of the text being scanned */
  gsize offset;            /* decoded bytes scanned */
  Line current;
  gboolean has_date;
  Stamp stamp;
  guint date_line;         /* of the header's Date: */
  Candidate first[3];      /* the first three non-empty body lines */
  guint n_first;
  Candidate last[4];       /* the last four non-blank body lines, a ring from last_next */
  guint n_last, last_next;
  GError *error;           /* a bad header block; reported after the encoding's verdict */
} Scan;

static void
line_reset(Line *line)
{
  g_string_truncate(line->start, 0);
  line->cut = FALSE;
  line->len = 0;
  line->space_tab = line->blank = TRUE;
}

static void
scan_init(Scan *scan, FlReport *report)
{
  memset(scan, 0, sizeof *scan);
  scan->report = report;
  scan->part = AT_FIRST_LINE;
  scan->line = 1;
  scan->current.start = g_string_new(NULL);
  line_reset(&scan->current);
}

static void
scan_clear(Scan *scan)
{
  g_string_free(scan->current.start, TRUE);
  for (guint i = 0; i < scan->n_first; i++)
    g_free(scan->first[i].text);
  for (guint i = 0; i < scan->n_last; i++)
    g_free(scan->last[i].text);
  g_clear_error(&scan->error);
}

/* Adds len bytes (no '\n') to the current line. */
static void
line_add(Line *line, const char *text, gsize len)
{
  if (!line->cut) {
    gsize room = LINE_KEEP - line->start->len, take = len;
    if (take > room) {
      take = room;  /* whole characters only */
      while (take > 0 && ((guchar)text[take] & 0xC0) == 0x80)
        take--;
      line->cut = TRUE;
    }
    g_string_append_len(line->start, text, (gssize)take);
  }
  for (gsize i = 0; i < len && (line->space_tab || line->blank); i++) {
    line->space_tab &= text[i] == ' ' || text[i] == '\t';
    line->blank &= g_ascii_isspace(text[i]) != 0;
  }
  line->len += len;
}

static Candidate
candidate_of(const Line *line, guint index)
{
  /* a character takes 1 to 4 bytes: most lines need no count */
  gboolean short_line = line->len <= DATELINE_CHARS ||
                        (line->len <= 4 * DATELINE_CHARS &&
                         g_utf8_strlen(line->start->str, (gssize)line->len) <= DATELINE_CHARS);
  return (Candidate){index, short_line ? g_strndup(line->start->str, line->len) : NULL};
}

static void
body_line(Scan *scan, const Line *line)
{
  guint index = scan->line - scan->report->first_line;
  if (line->len > 0 && scan->n_first < G_N_ELEMENTS(scan->first))
    scan->first[scan->n_first++] = candidate_of(line, index);
  if (!line->blank) {
    Candidate *slot = &scan->last[scan->last_next];
    if (scan->n_last == G_N_ELEMENTS(scan->last))
      g_free(slot->text);
    else
      scan->n_last++;
    *slot = candidate_of(line, index);
    scan->last_next = (scan->last_next + 1) % G_N_ELEMENTS(scan->last);
  }
}

/* Takes a header line's value when the line is one ("Date: ...", "Source: ..."): TRUE when it
 * is, with scan->error set when its value is bad. */
static gboolean
header_line(Scan *scan, const Line *line)
{
  FlReport *report = scan->report;
  g_autofree char *key = NULL, *value = NULL;
  if (!header_key(line->start->str, line->start->len, &key, &value) || !is_header_key(key))
    return FALSE;
  if (g_str_equal(key, "date")) {
    GError *local = NULL;
    if (!fl_stamp_parse(value, &scan->stamp, &local))
      fl_report_date_error(&scan->error, local, report->path, scan->line);
    scan->has_date = TRUE;
    scan->date_line = scan->line;
  } else if (g_str_equal(key, "source")) {
    g_free(report->source);
    report->source = g_steal_pointer(&value);
  } else if (g_str_equal(key, "lang") || g_str_equal(key, "language")) {
    g_free(report->lang);
    report->lang = g_ascii_strdown(value, -1);
  }
  return TRUE;
}

/* The end of the current line (ended by '\n' when newline, else by the end of the text). A
 * header block is the first line's when it is a header line, up to a blank line. */
static void
line_done(Scan *scan, gboolean newline)
{
  FlReport *report = scan->report;
  const Line *line = &scan->current;

  if (scan->error == NULL) {
    switch (scan->part) {
    case AT_FIRST_LINE:
      if (header_line(scan, line)) {
        scan->part = IN_HEADER;
        if (!newline) {  /* the text is a header block alone */
          report->body_start = scan->offset;
          report->first_line = scan->line;
        }
      } else {
        scan->part = IN_BODY;
        report->body_start = 0;
        report->first_line = 1;
        body_line(scan, line);
      }
      break;
    case IN_HEADER:
      if (line->space_tab) {  /* the blank line that ends the block */
        scan->part = IN_BODY;
        report->body_start = scan->offset;
        report->first_line = scan->line + 1;
      } else if (header_line(scan, line)) {
        if (!newline) {
          report->body_start = scan->offset;
          report->first_line = scan->line;
        }
      } else {
        g_autofree char *shown = g_strndup(line->start->str, MIN(line->start->len, 40));
        g_set_error(&scan->error, FL_REPORT_ERROR, FL_REPORT_ERROR_HEADER,
                    "%s:%u: '%s' in the header block: expected 'Date:', 'Source:', 'Lang:' or "
                    "'Title:', or a blank line to end the block",
                    report->path, scan->line, shown);
      }
      break;
    case IN_BODY:
      body_line(scan, line);
      break;
    }
  }
  line_reset(&scan->current);
  scan->line++;
}

/* Scans len bytes of decoded text; at_end when they end the text. */
static void
scan_text(Scan *scan, const char *text, gsize len, gboolean at_end)
{
  while (len > 0) {
    const char *eol = memchr(text, '\n', len);
    gsize n = eol ? (gsize)(eol - text) : len;
    line_add(&scan->current, text, n);
    scan->offset += n;
    if (eol == NULL)
      break;
    scan->offset++;
    line_done(scan, TRUE);
    text = eol + 1;
    len -= n + 1;
  }
  if (at_end)
    line_done(scan, FALSE);  /* the last line, even empty */
}

/* Looks for a dateline in the last non-blank lines of the body, then the first ones. */
static gboolean
read_dateline(FlReport *report, const Scan *scan, const FlReportOptions *options, Stamp *stamp,
              guint *line_found, gboolean *found, GError **error)
{
  const Candidate *spans[7];
  guint n_spans = 0;

  for (guint k = 0; k < scan->n_last; k++) {
    guint slot = (scan->last_next + 2 * G_N_ELEMENTS(scan->last) - 1 - k) %
                 G_N_ELEMENTS(scan->last);
    spans[n_spans++] = &scan->last[slot];
  }
  for (guint i = 0; i < scan->n_first; i++) {
    gboolean seen = FALSE;
    for (guint k = 0; k < scan->n_last; k++)
      seen |= spans[k]->index == scan->first[i].index;
    if (!seen)
      spans[n_spans++] = &scan->first[i];
  }
  *found = FALSE;
  for (guint k = 0; k < n_spans; k++) {
    DatelineCandidate c = {0};
    const char *line = spans[k]->text;
    if (line == NULL || !find_numeric_date(line, strlen(line), &c))
      continue;
    c.line = report->first_line + spans[k]->index;
    *line_found = c.line;
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

/* ---- loading ---- */

static FlReport *
report_new(const char *path)
{
  FlReport *report = g_new0(FlReport, 1);
  report->path = g_strdup(path);
  report->name = g_path_get_basename(path);
  report->first_line = 1;
  report->minute_of_day = -1;
  g_date_clear(&report->date, 1);
  return report;
}

/* After the scan of the whole text: the verdict on the encoding, the header block, then the
 * date from the header, the manifest or a dateline. */
static gboolean
report_settle(FlReport *report, Scan *scan, const Decoder *decoder,
              const FlReportOptions *options, GError **error)
{
  g_autofree char *decode_warning = NULL;
  const ManifestRow *row = NULL;
  Stamp stamp = scan->stamp;
  gboolean has_date = scan->has_date;

  if (decoder->size == 0) {
    g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_IO, "%s: the report is empty",
                report->path);
    return FALSE;
  }
  if (!fl_decoder_verdict(decoder, report->path, &decode_warning, error))
    return FALSE;
  if (scan->error) {
    g_propagate_error(error, g_steal_pointer(&scan->error));
    return FALSE;
  }
  report->text_len = scan->offset - report->body_start;
  if (options && options->manifest)
    row = fl_manifest_lookup(options->manifest, report->path);
  if (report->lang == NULL && row && row->lang)
    report->lang = g_strdup(row->lang);
  if (report->source == NULL && row && row->source)
    report->source = g_strdup(row->source);
  if (report->lang == NULL && options && options->default_lang)
    report->lang = g_strdup(options->default_lang);

  g_autofree char *where = NULL;  /* what gave the date, for a message */
  if (has_date) {
    report->date_origin = FL_DATE_FROM_HEADER;
    where = g_strdup_printf("%s:%u", report->path, scan->date_line);
  } else if (row) {
    stamp = row->stamp;
    report->date_origin = FL_DATE_FROM_MANIFEST;
    has_date = TRUE;
    where = g_strdup_printf("%s:%u", fl_manifest_file(options->manifest), row->line);
  } else {
    FlReportOptions none = {0};
    guint line = 0;
    if (!read_dateline(report, scan, options ? options : &none, &stamp, &line, &has_date,
                       error))
      return FALSE;
    report->date_origin = FL_DATE_FROM_DATELINE;
    where = g_strdup_printf("%s:%u", report->path, line);
  }
  if (!has_date) {
    g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_NO_DATE,
                "%s: no date for this report: add a 'Date: YYYY-MM-DD' header block, list it "
                "in a --manifest, or end it with a dateline",
                report->path);
    return FALSE;
  }
  if (options && !in_period(&stamp.date, options)) {
    char day[11], first[11], last[11];
    g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_BAD_DATE,
                "%s: the date %s of %s is outside the theatre's period, %s to %s (a wrong "
                "year? else widen 'period' in theatre.ini)",
                where, fl_date_format_iso(&stamp.date, day), report->name,
                fl_date_format_iso(&options->period_first, first),
                fl_date_format_iso(&options->period_last, last));
    return FALSE;
  }
  report->date = stamp.date;
  report->minute_of_day = stamp.minute_of_day;
  if (decode_warning) {
    char *both = report->warning ? g_strconcat(decode_warning, "; ", report->warning, NULL)
                                 : g_strdup(decode_warning);
    g_free(report->warning);
    report->warning = both;
  }
  return TRUE;
}

FlReport *
fl_report_parse(const char *path, const char *bytes, gsize len, const FlReportOptions *options,
                GError **error)
{
  FlReport *report = report_new(path);
  Decoder decoder;
  Scan scan;
  GString *text = g_string_sized_new(len + 1);

  fl_decoder_init(&decoder);
  scan_init(&scan, report);
  if (!fl_check_not_utf16(path, bytes, len, error))
    goto fail;
  fl_decode(&decoder, bytes, len, TRUE, text);
  scan_text(&scan, text->str, text->len, TRUE);
  if (!report_settle(report, &scan, &decoder, options, error))
    goto fail;
  /* keep only the body */
  g_string_erase(text, 0, (gssize)report->body_start);
  report->body_start = 0;
  report->text_len = text->len;
  report->text = g_string_free(text, FALSE);
  scan_clear(&scan);
  return report;

fail:
  g_string_free(text, TRUE);
  scan_clear(&scan);
  fl_report_free(report);
  return NULL;
}

static gboolean
open_report(const char *path, FILE **file, GStatBuf *stat, GError **error)
{
  *file = g_fopen(path, "rb");
  if (*file == NULL || fstat(fileno(*file), stat) != 0 || S_ISDIR(stat->st_mode)) {
    int saved = *file && S_ISDIR(stat->st_mode) ? EISDIR : errno;
    g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_IO, "%s: cannot read the report: %s",
                path, g_strerror(saved));
    if (*file)
      fclose(*file);
    *file = NULL;
    return FALSE;
  }
  return TRUE;
}

/* The most a report that is not a regular file may hold: it is kept in memory. */
#define PIPE_MAX (256u << 20)

/* A report that is not a regular file (a pipe, standard input) can be read only once: read
 * whole, kept, up to PIPE_MAX bytes ("/dev/zero" is no report). */
static FlReport *
load_whole(const char *path, FILE *file, const FlReportOptions *options, GError **error)
{
  GString *bytes = g_string_new(NULL);
  char *chunk = g_malloc(READ_BYTES);
  gsize got;
  FlReport *report = NULL;

  while ((got = fread(chunk, 1, READ_BYTES, file)) > 0 && bytes->len <= PIPE_MAX)
    g_string_append_len(bytes, chunk, (gssize)got);
  if (bytes->len > PIPE_MAX)
    g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_IO,
                "%s: more than %u MiB from a pipe or device: a report that large must be a "
                "regular file", path, PIPE_MAX >> 20);
  else if (ferror(file))
    g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_IO, "%s: cannot read the report: %s",
                path, g_strerror(errno));
  else
    report = fl_report_parse(path, bytes->str, bytes->len, options, error);
  g_free(chunk);
  g_string_free(bytes, TRUE);
  return report;
}

FlReport *
fl_report_load(const char *path, const FlReportOptions *options, GError **error)
{
  FILE *file;
  GStatBuf stat;
  Source source = {0};
  Scan scan;
  FlReport *report;

  if (g_str_equal(path, "-"))  /* standard input */
    return load_whole(path, stdin, options, error);
  if (!open_report(path, &file, &stat, error))
    return NULL;
  if (!S_ISREG(stat.st_mode)) {
    report = load_whole(path, file, options, error);
    fclose(file);
    return report;
  }
  report = report_new(path);
  report->file_size = (gint64)stat.st_size;
  report->file_mtime = (gint64)stat.st_mtime;
  fl_source_init(&source, file);
  scan_init(&scan, report);
  GString *text = g_string_sized_new(READ_BYTES + 16);
  gboolean ok = TRUE;
  while (ok && !source.at_end) {
    g_string_truncate(text, 0);
    ok = fl_source_next(&source, path, text, error);
    if (ok)
      scan_text(&scan, text->str, text->len, source.at_end);
  }
  ok = ok && report_settle(report, &scan, &source.decoder, options, error);
  g_string_free(text, TRUE);
  scan_clear(&scan);
  fl_source_clear(&source);
  if (!ok)
    g_clear_pointer(&report, fl_report_free);
  return report;
}

/* ---- reading the body again ---- */

/* A report's body read front to back through a buffer that holds only the part in use: from
 * the file (decoded again, the header block skipped) or from text in memory. */
typedef struct {
  const FlReport *report;
  Source source;          /* when read from the file */
  gsize skip;             /* decoded bytes of the header block still to drop */
  GString *buffer;        /* the body from base on, when read from the file */
  gsize base;             /* body offset of the first byte held */
  guint line, column;     /* of the first byte held */
  gboolean at_end;        /* the body's end is held */
} BodyReader;

static gboolean
body_reader_open(BodyReader *reader, const FlReport *report, GError **error)
{
  memset(reader, 0, sizeof *reader);
  reader->report = report;
  reader->line = report->first_line;
  reader->column = 1;
  if (report->text) {
    reader->at_end = TRUE;
    return TRUE;
  }
  FILE *file;
  GStatBuf stat;
  if (!open_report(report->path, &file, &stat, error))
    return FALSE;
  if ((gint64)stat.st_size != report->file_size || (gint64)stat.st_mtime != report->file_mtime) {
    g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_IO,
                "%s: the report changed while it was being read", report->path);
    fclose(file);
    return FALSE;
  }
  fl_source_init(&reader->source, file);
  reader->skip = report->body_start;
  reader->buffer = g_string_sized_new(2 * READ_BYTES);
  return TRUE;
}

static void
body_reader_close(BodyReader *reader)
{
  fl_source_clear(&reader->source);
  if (reader->buffer)
    g_string_free(reader->buffer, TRUE);
  reader->buffer = NULL;
}

/* The body held, from base on, and its length. */
static const char *
body_held(const BodyReader *reader, gsize *len)
{
  if (reader->report->text) {
    *len = reader->report->text_len - reader->base;
    return reader->report->text + reader->base;
  }
  *len = reader->buffer->len;
  return reader->buffer->str;
}

/* Reads until want bytes from base on are held, or the body's end. */
static gboolean
body_reader_fill(BodyReader *reader, gsize want, GError **error)
{
  const FlReport *report = reader->report;
  while (!reader->at_end && reader->buffer->len < want) {
    if (!fl_source_next(&reader->source, report->path, reader->buffer, error))
      return FALSE;
    gsize header = MIN(reader->skip, reader->buffer->len);
    g_string_erase(reader->buffer, 0, (gssize)header);
    reader->skip -= header;
    if (reader->source.at_end) {
      reader->at_end = TRUE;
      if (reader->base + reader->buffer->len != report->text_len || reader->skip > 0) {
        g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_IO,
                    "%s: the report changed while it was being read", report->path);
        return FALSE;
      }
    }
  }
  return TRUE;
}

/* Lets go of the body before offset upto (at a character boundary), keeping the line and
 * column of what stays. */
static void
body_reader_drop(BodyReader *reader, gsize upto)
{
  gsize len;
  const char *held = body_held(reader, &len);
  gsize n = upto - reader->base, line_start = 0;
  for (const char *eol = memchr(held, '\n', n); eol; eol = memchr(eol + 1, '\n', n - line_start)) {
    reader->line++;
    reader->column = 1;
    line_start = (gsize)(eol + 1 - held);
    if (line_start == n)
      break;
  }
  for (gsize i = line_start; i < n; i++)  /* characters, not continuation bytes */
    reader->column += ((guchar)held[i] & 0xC0) != 0x80;
  if (reader->buffer)
    g_string_erase(reader->buffer, 0, (gssize)n);
  reader->base = upto;
}

char *
fl_report_read_body(const FlReport *report, gsize *len, GError **error)
{
  BodyReader reader;
  char *body = NULL;
  gsize held;

  if (!body_reader_open(&reader, report, error))
    return NULL;
  if (body_reader_fill(&reader, G_MAXSIZE, error)) {
    const char *text = body_held(&reader, &held);
    body = g_strndup(text, held);
    if (len)
      *len = held;
  }
  body_reader_close(&reader);
  return body;
}

/* The size of a window's own part, and of the context on each side of it. */
#define WINDOW_PIECE (64u << 10)
#define WINDOW_CONTEXT (2u << 10)

/* Where the context before offset `to` starts: after the first line or sentence end in
 * text[from, to), else after its first space, else at from (moved to a character). */
static gsize
context_start(const char *text, gsize from, gsize to)
{
  for (gsize i = from; i < to; i++)
    if (text[i] == '\n' ||
        ((text[i] == '.' || text[i] == '!' || text[i] == '?') && i + 1 < to &&
         text[i + 1] == ' '))
      return text[i] == '\n' ? i + 1 : i + 2;
  for (gsize i = from; i < to; i++)
    if (text[i] == ' ' || text[i] == '\t')
      return i + 1;
  while (from < to && ((guchar)text[from] & 0xC0) == 0x80)
    from++;
  return from;
}

gboolean
fl_report_windows(const FlReport *report, FlWindowFunc func, gpointer user_data,
                  GError **error)
{
  BodyReader reader;
  gboolean ok = FALSE;
  gsize own_start = 0;  /* body offset */

  if (!body_reader_open(&reader, report, error))
    return FALSE;
  for (;;) {
    gsize from = own_start - reader.base, len;
    if (!body_reader_fill(&reader, from + WINDOW_PIECE + WINDOW_CONTEXT + 1, error))
      goto out;
    const char *text = body_held(&reader, &len);
    /* the own part, then the context after it: cut at a line or sentence end if there is one,
     * else at a space */
    gsize own_end = fl_text_piece_end(text, len, from, WINDOW_PIECE);
    gsize end = own_end == len ? len : fl_text_piece_end(text, len, own_end, WINDOW_CONTEXT);
    FlWindow window = {text, end, reader.base, reader.line, reader.column, from, own_end};
    if (!func(&window, user_data, error))
      goto out;
    if (own_end == len && reader.at_end)
      break;
    own_start = reader.base + own_end;
    body_reader_drop(&reader, reader.base +
                                  context_start(text, own_end - MIN(own_end, WINDOW_CONTEXT),
                                                own_end));
  }
  ok = TRUE;
out:
  body_reader_close(&reader);
  return ok;
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
    if (n_paths == 0) {
      g_set_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_MANIFEST,
                  "%s: the manifest lists no report", fl_manifest_file(options->manifest));
      g_ptr_array_unref(reports);
      return NULL;
    }
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
