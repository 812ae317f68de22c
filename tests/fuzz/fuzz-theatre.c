/* fuzz-theatre.c - theatre.ini's settings: [theatre] (names, projection, extent, period,
 * languages, credits), the control stage's keys and [ground]. The input is the file; it is read
 * as GLib reads a key file, then by the theatre's readers into a theatre holding the Syria
 * factions (the keys may name them). */
#include "fuzz.h"

#include "theatre-internal.h"

#include <frontline/theatre.h>

static char *factions;
static gsize factions_len;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  factions = fuzz_read_source("gazetteer/syria/factions.tsv", &factions_len);
  return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  GError *error = NULL;
  GKeyFile *ini = g_key_file_new();
  FlTheatre *theatre = fl_theatre_new("fuzz", "SY");

  if (!fl_theatre_read_table(theatre, FL_THEATRE_TABLE_FACTIONS, "factions.tsv", factions,
                             factions_len, &error))
    g_error("fuzz set-up: %s", error->message);
  if (g_key_file_load_from_data(ini, (const char *)data, size, G_KEY_FILE_NONE, &error)) {
    if (!fl_theatre_read_settings(theatre, ini, "fuzz/theatre.ini", &error)) {
      g_assert(error != NULL && error->domain == FL_THEATRE_ERROR);
      g_clear_error(&error);
    }
  } else {
    g_clear_error(&error);
  }
  g_key_file_free(ini);
  fl_theatre_free(theatre);
  return 0;
}
