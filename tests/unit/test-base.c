/* test-base.c - ISO days and atomic output. */
#include <frontline/base.h>

#include "harness.h"

#include <string.h>

static void
test_parse_valid(void)
{
  GDate date;
  GError *error = NULL;
  char iso[11];
  g_assert_true(fl_date_parse_iso("2024-12-07", &date, &error));
  g_assert_no_error(error);
  g_assert_cmpstr(fl_date_format_iso(&date, iso), ==, "2024-12-07");
  g_assert_true(fl_date_parse_iso("2024-02-29", &date, &error));  /* a leap day */
}

static void
test_parse_invalid(void)
{
  static const char *const bad[] = {"2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10",
                                    "07/12/2024", "2024-12-7",  "2024-12-07x", "", "yesterday"};
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    GDate date;
    GError *error = NULL;
    g_assert_false(fl_date_parse_iso(bad[i], &date, &error));
    g_assert_error(error, FL_BASE_ERROR, FL_BASE_ERROR_DATE);
    g_assert_nonnull(strstr(error->message, bad[i]));  /* the message quotes the input */
    g_error_free(error);
  }
}

static void
test_days_between(void)
{
  GDate a, b;
  g_assert_true(fl_date_parse_iso("2024-11-26", &a, NULL));
  g_assert_true(fl_date_parse_iso("2024-12-08", &b, NULL));
  g_assert_cmpint(fl_date_days_between(&a, &b), ==, 12);
  g_assert_cmpint(fl_date_days_between(&b, &a), ==, -12);
}

static void
test_output_commit_and_abort(void)
{
  g_autofree char *dir = fl_test_scratch_dir("base-output");
  g_autofree char *path = g_build_filename(dir, "map.png", NULL);
  g_autofree char *temp = fl_output_temp_name(path);
  GError *error = NULL;

  g_assert_true(g_str_has_prefix(temp, dir));
  g_assert_true(g_file_test(temp, G_FILE_TEST_EXISTS));  /* created, so the name is ours */
  g_assert_true(g_file_set_contents(temp, "x", 1, NULL));
  g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
  g_assert_true(fl_output_commit(temp, path, &error));
  g_assert_no_error(error);
  g_assert_true(g_file_test(path, G_FILE_TEST_EXISTS));
  g_assert_false(g_file_test(temp, G_FILE_TEST_EXISTS));

  g_autofree char *temp2 = fl_output_temp_name(path);
  fl_output_abort(temp2);
  g_assert_false(g_file_test(temp2, G_FILE_TEST_EXISTS));
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/base/date/parse-valid", test_parse_valid);
  g_test_add_func("/base/date/parse-invalid", test_parse_invalid);
  g_test_add_func("/base/date/days-between", test_days_between);
  g_test_add_func("/base/output/commit-abort", test_output_commit_and_abort);
  return g_test_run();
}
