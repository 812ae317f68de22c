/* fuzz-style.c - the style file reader. The input is a style file; one that reads is copied,
 * written back as a style file (which must read again to the same text), and its [factions]
 * are checked against a theatre with the Syria factions. */
#include "fuzz.h"

#include "theatre-internal.h"

#include <frontline/style.h>

static FlTheatre *theatre;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  gsize len = 0;
  GError *error = NULL;
  g_autofree char *factions = fuzz_read_source("gazetteer/syria/factions.tsv", &len);
  theatre = fl_theatre_new("fuzz", "SY");
  if (!fl_theatre_read_table(theatre, FL_THEATRE_TABLE_FACTIONS, "factions.tsv", factions, len,
                             &error))
    g_error("fuzz set-up: %s", error->message);
  return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  GError *error = NULL;
  FlStyle *style = fl_style_parse("fuzz.ini", (const char *)data, size, &error);
  if (style == NULL) {
    g_assert(error != NULL && error->domain == FL_STYLE_ERROR);
    g_clear_error(&error);
    return 0;
  }
  if (!fl_style_check_factions(style, theatre, &error)) {
    g_assert(error != NULL && error->domain == FL_STYLE_ERROR);
    g_clear_error(&error);
  }
  FlStyle *copy = fl_style_copy(style);
  GString *written = g_string_new(NULL);
  fl_style_write(copy, written);
  FlStyle *again = fl_style_parse("fuzz-written.ini", written->str, written->len, &error);
  if (again == NULL)
    g_error("a style written by fl_style_write does not read: %s\n%s", error->message,
            written->str);
  GString *rewritten = g_string_new(NULL);
  fl_style_write(again, rewritten);
  g_assert_cmpstr(written->str, ==, rewritten->str);
  g_string_free(rewritten, TRUE);
  g_string_free(written, TRUE);
  fl_style_free(again);
  fl_style_free(copy);
  fl_style_free(style);
  return 0;
}
