/* harness.c - test helpers. */
#include "harness.h"

#include <glib/gstdio.h>

char *
fl_test_source_path(const char *relative)
{
  const char *root = g_getenv("FL_SOURCE_DIR");
  g_assert_nonnull(root);
  return g_build_filename(root, relative, NULL);
}

static void
remove_tree(const char *path)
{
  GDir *dir = g_dir_open(path, 0, NULL);
  if (dir) {
    const char *name;
    while ((name = g_dir_read_name(dir))) {
      g_autofree char *child = g_build_filename(path, name, NULL);
      if (g_file_test(child, G_FILE_TEST_IS_DIR))
        remove_tree(child);
      else
        g_remove(child);
    }
    g_dir_close(dir);
  }
  g_rmdir(path);
}

char *
fl_test_scratch_dir(const char *name)
{
  const char *tmp = g_getenv("FL_TEST_TMP");
  g_assert_nonnull(tmp);
  char *dir = g_build_filename(tmp, name, NULL);
  remove_tree(dir);
  g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
  return dir;
}

char *
fl_test_write_file(const char *dir, const char *name, const char *contents, gssize len)
{
  char *path = g_build_filename(dir, name, NULL);
  GError *error = NULL;
  g_file_set_contents(path, contents, len, &error);
  g_assert_no_error(error);
  return path;
}

FlPipeline *
fl_test_run_examples(void)
{
  g_autofree char *theatre = fl_test_source_path("gazetteer/syria");
  g_autofree char *a = fl_test_source_path("reports/2024-12-06-homs-exode.fr.txt");
  g_autofree char *b = fl_test_source_path("reports/2024-12-07-homs-controle-total.fr.txt");
  const char *reports[] = {a, b};
  FlPipelineOptions options = {.theatre_dir = theatre, .reports = reports, .n_reports = 2};
  GError *error = NULL;
  FlPipeline *pipeline = fl_pipeline_run(&options, &error);
  g_assert_no_error(error);
  return pipeline;
}
