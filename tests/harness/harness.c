/* harness.c - test helpers. */
#include "harness.h"

#include <glib/gstdio.h>

#include <stdio.h>
#include <string.h>

char *
fl_test_source_path(const char *relative)
{
  const char *root = g_getenv("FL_SOURCE_DIR");
  g_assert_nonnull(root);
  return g_build_filename(root, relative, NULL);
}

void
fl_test_remove_tree(const char *path)
{
  GDir *dir = g_dir_open(path, 0, NULL);
  if (dir) {
    const char *name;
    while ((name = g_dir_read_name(dir))) {
      g_autofree char *child = g_build_filename(path, name, NULL);
      if (g_file_test(child, G_FILE_TEST_IS_DIR))
        fl_test_remove_tree(child);
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
  fl_test_remove_tree(dir);
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

gboolean
fl_test_read_case(const char *path, char **head, char **text, char **expected)
{
  g_autofree char *contents = NULL;
  if (!g_file_get_contents(path, &contents, NULL, NULL)) {
    fprintf(stderr, "%s: cannot read the case\n", path);
    return FALSE;
  }
  const char *body = strstr(contents, "\n---\n");
  const char *rows = body ? strstr(body, "\n===\n") : NULL;
  if (rows == NULL) {
    fprintf(stderr, "%s: needs a '---' line, the text, a '===' line, the expected rows\n", path);
    return FALSE;
  }
  *head = g_strndup(contents, body - contents);
  *text = g_strndup(body + 5, rows - body - 4);
  *expected = g_strdup(rows + 5);
  return TRUE;
}

char *
fl_test_write_theatre(const char *name, const char *places, const char *factions,
                      const char *baseline)
{
  char *dir = fl_test_scratch_dir(name);
  g_free(fl_test_write_file(dir, "theatre.ini",
                            "[theatre]\nid = mini\ncountry = SY\nextent = 35;32;43;38\n"
                            "projection = EPSG:32637\nlanguages = fr\nbaseline_date = 2024-11-26\n"
                            "period = 2024-11-26;2024-12-31\n"
                            "[files]\nplaces = places.tsv\nfactions = factions.tsv\n"
                            "baseline = baseline.tsv\nbasemap = base.gpkg\nlexicons = .\n",
                            -1));
  g_free(fl_test_write_file(dir, "places.tsv", places, -1));
  g_free(fl_test_write_file(dir, "factions.tsv", factions, -1));
  g_free(fl_test_write_file(dir, "baseline.tsv", baseline, -1));
  g_free(fl_test_write_file(dir, "base.gpkg", "", 0));
  return dir;
}

GBytes *
fl_test_read_bytes(const char *path)
{
  char *contents = NULL;
  gsize length = 0;
  GError *error = NULL;

  g_file_get_contents(path, &contents, &length, &error);
  g_assert_no_error(error);
  return g_bytes_new_take(contents, length);
}

char *
fl_test_copy_theatre(const char *dir, gboolean with_basemap)
{
  g_autofree char *source = fl_test_source_path("gazetteer/syria");
  GDir *listing = g_dir_open(source, 0, NULL);
  const char *name;

  g_assert_nonnull(listing);
  while ((name = g_dir_read_name(listing))) {
    if (!with_basemap && g_str_equal(name, "basemap.gpkg"))
      continue;
    g_autofree char *from = g_build_filename(source, name, NULL);
    g_autoptr(GBytes) bytes = fl_test_read_bytes(from);
    g_free(fl_test_write_file(dir, name, g_bytes_get_data(bytes, NULL),
                              (gssize)g_bytes_get_size(bytes)));
  }
  g_dir_close(listing);
  /* the theatre's lexicons ([files] lexicons = ../lang): the map's words, the matcher rules */
  g_autofree char *lang = g_build_filename(dir, "..", "lang", NULL);
  g_autofree char *lang_source = fl_test_source_path("gazetteer/lang");
  g_assert_cmpint(g_mkdir_with_parents(lang, 0755), ==, 0);
  listing = g_dir_open(lang_source, 0, NULL);
  g_assert_nonnull(listing);
  while ((name = g_dir_read_name(listing))) {
    if (!g_str_has_prefix(name, "map-") && !g_str_has_prefix(name, "match-"))
      continue;
    g_autofree char *from = g_build_filename(lang_source, name, NULL);
    g_autoptr(GBytes) bytes = fl_test_read_bytes(from);
    g_free(fl_test_write_file(lang, name, g_bytes_get_data(bytes, NULL),
                              (gssize)g_bytes_get_size(bytes)));
  }
  g_dir_close(listing);
  return g_build_filename(dir, "basemap.gpkg", NULL);
}
