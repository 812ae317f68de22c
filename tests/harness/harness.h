/* harness.h - what the tests share: paths of the source tree and of a scratch folder. */
#ifndef FL_TEST_HARNESS_H
#define FL_TEST_HARNESS_H

#include <frontline/pipeline.h>

/* A path inside the source tree (FL_SOURCE_DIR). Newly allocated. */
char *fl_test_source_path(const char *relative);

/* A fresh, empty scratch folder for this test under the build tree. Newly allocated. */
char *fl_test_scratch_dir(const char *name);

/* Removes a folder and everything in it. */
void fl_test_remove_tree(const char *path);

/* Writes contents into dir/name and returns the path. Newly allocated. */
char *fl_test_write_file(const char *dir, const char *name, const char *contents, gssize len);

/* A file's whole contents (the test fails when it cannot be read). */
GBytes *fl_test_read_bytes(const char *path);

/* Copies the bundled Syria theatre's files into dir, its base map too when with_basemap, and
 * the map words of gazetteer/lang into dir/../lang (its [files] lexicons);
 * returns the base map's path there. Newly allocated. */
char *fl_test_copy_theatre(const char *dir, gboolean with_basemap);

/* A case file: comment and directive lines, "---", the text, "===", the expected rows. Fills
 * the three parts (newly allocated, g_free); FALSE with a message on stderr when malformed. */
gboolean fl_test_read_case(const char *path, char **head, char **text, char **expected);

/* Writes a small theatre into a fresh scratch folder name: a theatre.ini (country SY, French,
 * period 2024-11-26 to 2024-12-31) and the given places, factions and baseline TSVs (headers
 * included), an empty base map. Returns the folder. Newly allocated. */
char *fl_test_write_theatre(const char *name, const char *places, const char *factions,
                            const char *baseline);

/* The two bundled example reports through the bundled Syria theatre. Fails the test on error.
 * Caller frees with fl_pipeline_free(). */
FlPipeline *fl_test_run_examples(void);

#endif
