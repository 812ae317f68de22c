/* run-report-case.c - runs one case file of tests/cases/report-dates.
 *
 * A case is directives, a line "---", then the report file exactly as it would be on disk:
 *   # file: NAME            the report's file name (default report.txt)
 *   # lang: LANG            the language assumed when the report does not say
 *   # period: FIRST;LAST    the theatre's period (default none)
 *   # expect-date: YYYY-MM-DD, or # expect-error: CODE-NAME (no-date, bad-date, encoding...)
 *   # expect-time: HH:MM | none
 *   # expect-origin: header | manifest | dateline
 *   # expect-warning: yes | no */
#include <frontline/report.h>

#include "harness.h"

#include <stdio.h>
#include <string.h>

static const char *const error_names[] = {"io", "encoding", "no-date", "bad-date", "header",
                                          "manifest"};
static const char *const origin_names[] = {"header", "manifest", "dateline"};

static int failures;

static void
check(const char *what, const char *got, const char *expected)
{
  if (g_strcmp0(got, expected) != 0) {
    fprintf(stderr, "%s: got '%s', expected '%s'\n", what, got ? got : "(none)",
            expected ? expected : "(none)");
    failures++;
  }
}

int
main(int argc, char **argv)
{
  char *contents = NULL;
  gsize len = 0;
  GError *error = NULL;
  GHashTable *directives = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

  if (argc != 2 || !g_file_get_contents(argv[1], &contents, &len, &error)) {
    fprintf(stderr, "usage: run-report-case FILE.case\n");
    return 2;
  }
  const char *body = strstr(contents, "\n---\n");
  if (body == NULL) {
    fprintf(stderr, "%s: no '---' line before the report text\n", argv[1]);
    return 2;
  }
  g_autofree char *head = g_strndup(contents, body - contents);
  body += 5;
  g_auto(GStrv) lines = g_strsplit(head, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    const char *colon = strchr(lines[i], ':');
    if (!g_str_has_prefix(lines[i], "# ") || colon == NULL)
      continue;
    char *key = g_strstrip(g_strndup(lines[i] + 2, colon - lines[i] - 2));
    char *value = g_strstrip(g_strdup(colon + 1));
    g_hash_table_replace(directives, key, value);
  }
  g_autofree char *stem = g_path_get_basename(argv[1]);
  g_autofree char *dir = fl_test_scratch_dir(stem);
  const char *name = g_hash_table_lookup(directives, "file");
  g_autofree char *path = fl_test_write_file(dir, name ? name : "report.txt", body,
                                             (gssize)(len - (gsize)(body - contents)));

  FlReportOptions options = {0};
  options.default_lang = g_hash_table_lookup(directives, "lang");
  const char *period = g_hash_table_lookup(directives, "period");
  if (period) {
    g_auto(GStrv) days = g_strsplit(period, ";", 2);
    if (!fl_date_parse_iso(days[0], &options.period_first, &error) ||
        !fl_date_parse_iso(days[1], &options.period_last, &error)) {
      fprintf(stderr, "%s: bad period: %s\n", argv[1], error->message);
      return 2;
    }
  }

  FlReport *report = fl_report_load(path, &options, &error);
  const char *expect_error = g_hash_table_lookup(directives, "expect-error");
  if (report == NULL) {
    fprintf(stderr, "message: %s\n", error->message);
    check("error", error->domain == FL_REPORT_ERROR ? error_names[error->code] : "other",
          expect_error);
    g_error_free(error);
  } else {
    char iso[11], time[8] = "none";
    check("error", NULL, expect_error);
    check("date", fl_date_format_iso(&report->date, iso),
          g_hash_table_lookup(directives, "expect-date"));
    if (report->minute_of_day >= 0)
      g_snprintf(time, sizeof time, "%02d:%02d", report->minute_of_day / 60,
                 report->minute_of_day % 60);
    if (g_hash_table_contains(directives, "expect-time"))
      check("time", time, g_hash_table_lookup(directives, "expect-time"));
    if (g_hash_table_contains(directives, "expect-origin"))
      check("origin", origin_names[report->date_origin],
            g_hash_table_lookup(directives, "expect-origin"));
    if (g_hash_table_contains(directives, "expect-warning"))
      check("warning", report->warning ? "yes" : "no",
            g_hash_table_lookup(directives, "expect-warning"));
    if (report->warning)
      fprintf(stderr, "warning: %s\n", report->warning);
    fl_report_free(report);
  }
  g_hash_table_unref(directives);
  g_free(contents);
  return failures ? 1 : 0;
}
