/* test-report.c - report loading: header block, manifest, dateline, bad input. */
#include <frontline/report.h>

#include "harness.h"

#include <string.h>

static FlReportOptions
syria_options(void)
{
  FlReportOptions options = {0};
  g_date_set_dmy(&options.period_first, 26, G_DATE_NOVEMBER, 2024);
  g_date_set_dmy(&options.period_last, 31, G_DATE_DECEMBER, 2024);
  return options;
}

static void
assert_date(const FlReport *report, const char *expected)
{
  char iso[11];
  g_assert_cmpstr(fl_date_format_iso(&report->date, iso), ==, expected);
}

/* The body of a loaded report, read again from its file (g_free). */
static char *
body_of(const FlReport *report)
{
  GError *error = NULL;
  gsize len = 0;
  char *body = fl_report_read_body(report, &len, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(len, ==, report->text_len);
  return body;
}

static void
test_header_block(void)
{
  g_autofree char *dir = fl_test_scratch_dir("report-header");
  g_autofree char *path = fl_test_write_file(
      dir, "r.txt", "Date: 2024-12-07 23:19\nSource: Reuters\nLang: fr\n\nLes rebelles.\n", -1);
  FlReportOptions options = syria_options();
  GError *error = NULL;
  FlReport *report = fl_report_load(path, &options, &error);
  g_assert_no_error(error);
  assert_date(report, "2024-12-07");
  g_assert_cmpint(report->minute_of_day, ==, 23 * 60 + 19);
  g_assert_cmpint(report->date_origin, ==, FL_DATE_FROM_HEADER);
  g_assert_cmpstr(report->source, ==, "Reuters");
  g_assert_cmpstr(report->lang, ==, "fr");
  g_assert_null(report->text);  /* read from the file when needed */
  g_autofree char *body = body_of(report);
  g_assert_cmpstr(body, ==, "Les rebelles.\n");
  g_assert_cmpuint(report->first_line, ==, 5);
  fl_report_free(report);
}

static void
test_header_wins_over_manifest(void)
{
  g_autofree char *dir = fl_test_scratch_dir("report-manifest");
  g_autofree char *a = fl_test_write_file(dir, "a.txt", "Date: 2024-12-01\n\nTexte.\n", -1);
  g_autofree char *b = fl_test_write_file(dir, "b.txt", "Texte sans date.\n", -1);
  g_autofree char *index = fl_test_write_file(
      dir, "INDEX.tsv",
      "file\tdate\tlanguage\tsource\tnote\na.txt\t2024-12-02\tfr\tAFP\t\nb.txt\t2024-12-03T08:05\ten\tAP\t\n",
      -1);
  GError *error = NULL;
  FlManifest *manifest = fl_manifest_load(index, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(fl_manifest_paths(manifest)->len, ==, 2);
  FlReportOptions options = syria_options();
  options.manifest = manifest;
  GPtrArray *reports = fl_reports_load(NULL, 0, &options, &error);  /* all it lists */
  g_assert_no_error(error);
  g_assert_cmpuint(reports->len, ==, 2);
  const FlReport *ra = reports->pdata[0], *rb = reports->pdata[1];
  assert_date(ra, "2024-12-01");  /* the header block wins */
  g_assert_cmpstr(ra->source, ==, "AFP");
  assert_date(rb, "2024-12-03");
  g_assert_cmpint(rb->date_origin, ==, FL_DATE_FROM_MANIFEST);
  g_assert_cmpint(rb->minute_of_day, ==, 8 * 60 + 5);
  g_assert_cmpstr(rb->lang, ==, "en");
  g_ptr_array_unref(reports);
  fl_manifest_free(manifest);
}

static void
test_example_dateline(void)
{
  /* the second example, unchanged: "Reuters 12/07/2024 23:19", month first */
  g_autofree char *path = fl_test_source_path("reports/2024-12-07-homs-controle-total.fr.txt");
  FlReportOptions options = syria_options();
  GError *error = NULL;
  FlReport *report = fl_report_load(path, &options, &error);
  g_assert_no_error(error);
  assert_date(report, "2024-12-07");
  g_assert_cmpint(report->date_origin, ==, FL_DATE_FROM_DATELINE);
  g_assert_cmpint(report->minute_of_day, ==, 23 * 60 + 19);
  g_assert_null(report->warning);  /* 12 July is outside the theatre's period: settled */
  g_assert_cmpstr(report->source, ==, "Reuters");
  fl_report_free(report);
}

/* Loads text as a report and expects error code, with needle in the message. */
static void
expect_error(const char *name, const char *contents, gssize len, gint code, const char *needle)
{
  g_autofree char *dir = fl_test_scratch_dir("report-bad");
  g_autofree char *path = contents ? fl_test_write_file(dir, name, contents, len)
                                    : g_build_filename(dir, name, NULL);
  FlReportOptions options = syria_options();
  GError *error = NULL;
  FlReport *report = fl_report_load(path, &options, &error);
  g_assert_null(report);
  g_assert_error(error, FL_REPORT_ERROR, code);
  if (!strstr(error->message, needle) || !strstr(error->message, name))
    g_error("message '%s' should name '%s' and say '%s'", error->message, name, needle);
  g_error_free(error);
}

static void
test_bad_input(void)
{
  expect_error("none.txt", "Les rebelles ont pris Hama.\n", -1, FL_REPORT_ERROR_NO_DATE,
               "no date");
  expect_error("feb30.txt", "Date: 2024-02-30\n\nTexte.\n", -1, FL_REPORT_ERROR_BAD_DATE,
               "2024-02-30");
  expect_error("feb30.txt", "Date: 2024-02-30\n\nTexte.\n", -1, FL_REPORT_ERROR_BAD_DATE,
               "feb30.txt:1:");
  expect_error("empty.txt", "", 0, FL_REPORT_ERROR_IO, "empty");
  expect_error("latin1.txt",
               "Date: 2024-12-07\n\nLes rebelles se sont empar\xe9s de la ville, a d\xe9\x63lar\xe9 "
               "l'arm\xe9\x65 \xe0 Alep, \xe0 Hama, \xe0 Homs, \xe0 Damas et \xe0 Deraa.\n",
               -1, FL_REPORT_ERROR_ENCODING, "not UTF-8");
  expect_error("utf16.txt", "\xff\xfe" "D\0a\0t\0e\0", 10, FL_REPORT_ERROR_ENCODING, "UTF-16");
  expect_error("binary.txt", "\x7f" "ELF\0\0\0\0\x02\0\0\0\0\0\0\0", 16, FL_REPORT_ERROR_ENCODING,
               "binary");
  expect_error("header.txt", "Date: 2024-12-07\nAuthor X\n\nTexte.\n", -1,
               FL_REPORT_ERROR_HEADER, "header.txt:2:");
  expect_error("missing.txt", NULL, 0, FL_REPORT_ERROR_IO, "cannot read");
}

static void
test_rare_invalid_bytes_replaced(void)
{
  g_autofree char *dir = fl_test_scratch_dir("report-replace");
  g_autofree char *path = fl_test_write_file(
      dir, "r.txt", "Date: 2024-12-07\n\nLes rebelles \xff ont pris Hama, puis Homs et Alep.\n", -1);
  GError *error = NULL;
  FlReportOptions options = syria_options();
  FlReport *report = fl_report_load(path, &options, &error);
  g_assert_no_error(error);
  g_autofree char *body = body_of(report);
  g_assert_true(g_utf8_validate(body, -1, NULL));
  g_assert_nonnull(strstr(body, "\xEF\xBF\xBD"));
  g_assert_nonnull(report->warning);
  fl_report_free(report);
}

static void
test_crlf_and_bom(void)
{
  g_autofree char *dir = fl_test_scratch_dir("report-crlf");
  g_autofree char *path = fl_test_write_file(
      dir, "r.txt", "\xEF\xBB\xBF" "Date: 2024-12-05\r\n\r\nLigne un.\r\nLigne deux.\r\n", -1);
  GError *error = NULL;
  FlReport *report = fl_report_load(path, NULL, &error);
  g_assert_no_error(error);
  assert_date(report, "2024-12-05");
  g_autofree char *body = body_of(report);
  g_assert_cmpstr(body, ==, "Ligne un.\nLigne deux.\n");
  fl_report_free(report);
}

/* A report larger than a read (64 KiB) with CRLF, multi-byte characters, a few invalid bytes
 * and a dateline at the end: the body read again from the file in pieces is the body of the
 * same bytes decoded whole, whatever falls on the pieces' edges. */
static void
test_pieces_same_as_whole(void)
{
  static const char *const units[] = {"Les forces \xC3\xA9taient \xC3\xA0 Homs.\r\n",
                                      "\xD8\xAD\xD9\x84\xD8\xA8 ", "x\r", "\r\n", "\xE2\x80\xA6 ",
                                      "y"};
  GString *bytes = g_string_new("Source: AFP\r\nLang: fr\r\n\r\n");
  GRand *rand = g_rand_new_with_seed(7);
  while (bytes->len < 300 * 1024) {
    g_string_append(bytes, units[g_rand_int_range(rand, 0, G_N_ELEMENTS(units))]);
    if (g_rand_int_range(rand, 0, 5000) == 0)
      g_string_append_c(bytes, (char)0xFF);  /* a rare invalid byte */
  }
  g_string_append(bytes, "\r\nAFP 06.12.2024\r\n");
  g_rand_free(rand);
  g_autofree char *dir = fl_test_scratch_dir("report-pieces");
  g_autofree char *path = fl_test_write_file(dir, "r.txt", bytes->str, (gssize)bytes->len);
  FlReportOptions options = syria_options();
  GError *error = NULL;
  FlReport *loaded = fl_report_load(path, &options, &error);
  g_assert_no_error(error);
  FlReport *parsed = fl_report_parse(path, bytes->str, bytes->len, &options, &error);
  g_assert_no_error(error);
  assert_date(loaded, "2024-12-06");
  g_assert_cmpstr(loaded->source, ==, "AFP");
  g_assert_cmpuint(loaded->first_line, ==, parsed->first_line);
  g_assert_cmpstr(loaded->warning, ==, parsed->warning);
  g_autofree char *body = body_of(loaded);
  g_assert_cmpuint(loaded->text_len, ==, parsed->text_len);
  g_assert_true(memcmp(body, parsed->text, parsed->text_len) == 0);
  fl_report_free(parsed);
  fl_report_free(loaded);
  g_string_free(bytes, TRUE);
}

/* A report changed between its loading and the reading of its body: an error, not a mix. */
static void
test_changed_file(void)
{
  g_autofree char *dir = fl_test_scratch_dir("report-changed");
  g_autofree char *path =
      fl_test_write_file(dir, "r.txt", "Date: 2024-12-07\n\nLes rebelles.\n", -1);
  GError *error = NULL;
  FlReport *report = fl_report_load(path, NULL, &error);
  g_assert_no_error(error);
  g_autofree char *again =
      fl_test_write_file(dir, "r.txt", "Date: 2024-12-07\n\nLes rebelles ont pris Homs.\n", -1);
  g_assert_null(fl_report_read_body(report, NULL, &error));
  g_assert_error(error, FL_REPORT_ERROR, FL_REPORT_ERROR_IO);
  g_assert_nonnull(strstr(error->message, "changed"));
  g_clear_error(&error);
  fl_report_free(report);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/report/header-block", test_header_block);
  g_test_add_func("/report/manifest", test_header_wins_over_manifest);
  g_test_add_func("/report/example-dateline", test_example_dateline);
  g_test_add_func("/report/bad-input", test_bad_input);
  g_test_add_func("/report/invalid-bytes-replaced", test_rare_invalid_bytes_replaced);
  g_test_add_func("/report/crlf-bom", test_crlf_and_bom);
  g_test_add_func("/report/pieces-same-as-whole", test_pieces_same_as_whole);
  g_test_add_func("/report/changed-file", test_changed_file);
  return g_test_run();
}
