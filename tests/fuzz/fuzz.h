/* fuzz.h - what the fuzz targets share. Each fuzz-<target>.c defines LLVMFuzzerInitialize and
 * LLVMFuzzerTestOneInput; it is linked with libFuzzer in the fuzz build (FL_FUZZ=ON) and with
 * replay.c, which runs saved inputs through the same function, in every other build.
 *
 * An input that the library refuses with a GError is fine: only crashes, leaks, undefined
 * behaviour, GLib criticals and timeouts are findings. Everything an input allocates is freed
 * before the target returns. */
#ifndef FL_FUZZ_H
#define FL_FUZZ_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The source tree: $FL_SOURCE_DIR, else the one the target was built from. Borrowed. */
static inline const char *
fuzz_source_dir(void)
{
  const char *dir = g_getenv("FL_SOURCE_DIR");
  return dir && *dir ? dir : FL_FUZZ_SOURCE_DIR;
}

/* The whole file at the source tree's relative path; aborts when it cannot be read (a broken
 * set-up, not a finding). Caller g_free()s. */
static inline char *
fuzz_read_source(const char *relative, gsize *len)
{
  g_autofree char *path = g_build_filename(fuzz_source_dir(), relative, NULL);
  char *contents = NULL;
  GError *error = NULL;
  if (!g_file_get_contents(path, &contents, len, &error))
    g_error("fuzz set-up: %s", error->message);
  return contents;
}

/* Splits an input at form feeds ('\f', which no data file uses) into at most n parts: the
 * fuzzer can change each table of a multi-table input on its own. Missing parts are empty. */
typedef struct {
  const char *data;
  size_t size;
} FuzzPart;

static inline void
fuzz_split(const uint8_t *data, size_t size, FuzzPart *parts, guint n)
{
  const char *p = (const char *)data, *end = p + size;
  for (guint i = 0; i < n; i++) {
    const char *ff = i + 1 < n ? memchr(p, '\f', (size_t)(end - p)) : NULL;
    const char *stop = ff ? ff : end;
    parts[i] = (FuzzPart){p, (size_t)(stop - p)};
    p = ff ? ff + 1 : end;
  }
}

#endif
