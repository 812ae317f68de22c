/* fuzz-report.c - the report reader: encoding, header block, dateline, dates.
 * The input is a report file. It is read three ways: with no options; with a theatre's period
 * and English as the default language; and with a manifest that lists it (the manifest's date
 * is used when the report has no header date). Its first line is also read as an ISO date. */
#include "fuzz.h"

#include <frontline/report.h>

static FlManifest *manifest;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  static const char listing[] = "file\tdate\tlanguage\tsource\n"
                                "2024-12-03-input.txt\t2024-12-03 08:15\tfr\tAFP\n";
  GError *error = NULL;
  manifest = fl_manifest_parse("fuzz/manifest.tsv", listing, sizeof listing - 1, &error);
  if (manifest == NULL)
    g_error("fuzz set-up: %s", error->message);
  return 0;
}

static void
read_report(const char *path, const uint8_t *data, size_t size, const FlReportOptions *options)
{
  GError *error = NULL;
  FlReport *report = fl_report_parse(path, (const char *)data, size, options, &error);
  if (report) {
    /* what later stages rely on */
    g_assert(g_date_valid(&report->date));
    g_assert(report->text[report->text_len] == '\0');
    g_assert(g_utf8_validate(report->text, (gssize)report->text_len, NULL));
    g_assert(report->minute_of_day >= -1 && report->minute_of_day < 24 * 60);
  } else {
    g_assert(error != NULL && error->domain == FL_REPORT_ERROR);
  }
  g_clear_error(&error);
  fl_report_free(report);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  FlReportOptions period = {0};
  g_date_set_dmy(&period.period_first, 27, G_DATE_NOVEMBER, 2024);
  g_date_set_dmy(&period.period_last, 8, G_DATE_DECEMBER, 2024);
  period.default_lang = "en";
  FlReportOptions listed = {.manifest = manifest};

  read_report("fuzz/input.txt", data, size, NULL);
  read_report("fuzz/2024-12-05-input.txt", data, size, &period);
  read_report("fuzz/2024-12-03-input.txt", data, size, &listed);

  const char *eol = memchr(data, '\n', size);
  g_autofree char *first_line = g_strndup((const char *)data, eol ? (gsize)(eol - (const char *)data) : size);
  GDate date;
  GError *error = NULL;
  if (fl_date_parse_iso(first_line, &date, &error)) {
    char iso[11];
    g_assert(g_date_valid(&date));
    fl_date_format_iso(&date, iso);
  }
  g_clear_error(&error);
  return 0;
}
