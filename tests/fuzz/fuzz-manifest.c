/* fuzz-manifest.c - the manifest reader (columns file, date, language, source, note) and the
 * look-up of reports in it. The input is a manifest; each report it lists (the first few) is
 * then read from a fixed text with no date of its own, so its date comes from the manifest. */
#include "fuzz.h"

#include <frontline/report.h>

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char body[] = "Les rebelles sont entrés dans Hama.\n";
  GError *error = NULL;
  FlManifest *manifest = fl_manifest_parse("fuzz/manifest.tsv", (const char *)data, size, &error);
  if (manifest == NULL) {
    g_assert(error != NULL && error->domain == FL_REPORT_ERROR);
    g_clear_error(&error);
    return 0;
  }
  const GPtrArray *paths = fl_manifest_paths(manifest);
  FlReportOptions options = {.manifest = manifest};
  for (guint i = 0; i < paths->len && i < 8; i++) {
    FlReport *report = fl_report_parse(paths->pdata[i], body, sizeof body - 1, &options, &error);
    if (report)
      g_assert(g_date_valid(&report->date));
    g_clear_error(&error);
    fl_report_free(report);
  }
  fl_manifest_free(manifest);
  return 0;
}
