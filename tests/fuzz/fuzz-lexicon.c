/* fuzz-lexicon.c - the lexicon reader and the rules it makes. The input is a French lexicon
 * (kind, phrase, value); the Syria theatre (places, actors) and its gazetteer are loaded once.
 * A lexicon that reads is used to extract the events of a French and an English report. */
#include "fuzz.h"

#include "events-internal.h"

static FlTheatre *theatre;
static FlGazetteer *gazetteer;
static GPtrArray *reports;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  static const char english[] =
      "Date: 2024-12-05\nLang: en\n\n"
      "Rebels captured Hama on Thursday after the army withdrew towards Homs. Government "
      "forces repelled an attack near Salamiyah yesterday, state media claimed; the SDF denied "
      "losing Deir ez-Zor. Fighting raged on the outskirts of Homs two days ago.\n";
  GError *error = NULL;
  gsize len = 0;
  g_autofree char *dir = g_build_filename(fuzz_source_dir(), "gazetteer", "syria", NULL);
  g_autofree char *french = fuzz_read_source("reports/2024-12-06-homs-exode.fr.txt", &len);
  reports = g_ptr_array_new_with_free_func((GDestroyNotify)fl_report_free);
  FlReport *report;
  theatre = fl_theatre_load(dir, &error);
  if (theatre == NULL || (gazetteer = fl_gazetteer_new(theatre, &error)) == NULL ||
      (report = fl_report_parse("fuzz/fr.txt", french, len, NULL, &error)) == NULL)
    g_error("fuzz set-up: %s", error->message);
  g_ptr_array_add(reports, report);
  if ((report = fl_report_parse("fuzz/en.txt", english, sizeof english - 1, NULL, &error)) ==
      NULL)
    g_error("fuzz set-up: %s", error->message);
  g_ptr_array_add(reports, report);
  return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  GError *error = NULL;
  FlLexicon *lexicon = fl_lexicon_new();
  if (!fl_lexicon_read_language(lexicon, theatre, "fr", "fr.tsv", (const char *)data, size,
                                &error)) {
    g_assert(error != NULL && error->domain == FL_EVENTS_ERROR);
    g_clear_error(&error);
    fl_lexicon_free(lexicon);
    return 0;
  }
  GPtrArray *events = fl_events_extract(theatre, gazetteer, lexicon, reports, NULL);
  for (guint i = 0; i < events->len; i++) {
    const FlEvent *event = events->pdata[i];
    g_assert(event->place < theatre->places->len);
    g_assert(event->faction >= -1 && event->faction < (gint)theatre->factions->len);
    g_assert(g_date_valid(&event->event_date));
    g_assert(g_utf8_validate(event->evidence, -1, NULL));
  }
  g_ptr_array_unref(events);
  fl_lexicon_free(lexicon);
  return 0;
}
