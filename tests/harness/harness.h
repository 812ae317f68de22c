/* harness.h - what the tests share: paths of the source tree and of a scratch folder. */
#ifndef FL_TEST_HARNESS_H
#define FL_TEST_HARNESS_H

#include <frontline/pipeline.h>

/* A path inside the source tree (FL_SOURCE_DIR). Newly allocated. */
char *fl_test_source_path(const char *relative);

/* A fresh, empty scratch folder for this test under the build tree. Newly allocated. */
char *fl_test_scratch_dir(const char *name);

/* Writes contents into dir/name and returns the path. Newly allocated. */
char *fl_test_write_file(const char *dir, const char *name, const char *contents, gssize len);

/* The two bundled example reports through the bundled Syria theatre. Fails the test on error.
 * Caller frees with fl_pipeline_free(). */
FlPipeline *fl_test_run_examples(void);

#endif
