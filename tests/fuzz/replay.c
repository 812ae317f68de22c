/* replay.c - runs saved inputs (files, or every file of folders) through a fuzz target without
 * libFuzzer, so every build checks the corpus and the regressions:
 *   replay-<target> FILE-OR-FOLDER...
 * Prints the number of inputs replayed; a finding crashes (or, under the sanitizers, is
 * reported) like it would under the fuzzer. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static guint
replay_file(const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  GError *error = NULL;
  if (!g_file_get_contents(path, &contents, &len, &error)) {
    fprintf(stderr, "replay: %s\n", error->message);
    g_error_free(error);
    exit(2);
  }
  /* an exact copy on the heap, so the sanitizers see reads past the end */
  uint8_t *copy = g_malloc(len ? len : 1);
  memcpy(copy, contents, len);
  LLVMFuzzerTestOneInput(copy, len);
  g_free(copy);
  return 1;
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static guint
replay_folder(const char *dir_path)
{
  GError *error = NULL;
  GDir *dir = g_dir_open(dir_path, 0, &error);
  if (dir == NULL) {
    fprintf(stderr, "replay: %s\n", error->message);
    g_error_free(error);
    exit(2);
  }
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  for (const char *name; (name = g_dir_read_name(dir));)
    if (name[0] != '.')
      g_ptr_array_add(names, g_build_filename(dir_path, name, NULL));
  g_dir_close(dir);
  g_ptr_array_sort(names, compare_names);
  guint n = 0;
  for (guint i = 0; i < names->len; i++)
    n += replay_file(names->pdata[i]);
  g_ptr_array_unref(names);
  return n;
}

int
main(int argc, char **argv)
{
  guint n = 0;
  LLVMFuzzerInitialize(&argc, &argv);
  for (int i = 1; i < argc; i++) {
    if (g_file_test(argv[i], G_FILE_TEST_IS_DIR))
      n += replay_folder(argv[i]);
    else if (g_file_test(argv[i], G_FILE_TEST_EXISTS))
      n += replay_file(argv[i]);
  }
  printf("%s: %u inputs replayed\n", argv[0], n);
  return 0;
}
