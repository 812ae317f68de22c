/* fuzz-gazetteer.c - the place tables and the name index built from them.
 * The input is up to six tables separated by form feeds: places, aliases, not-places, actors,
 * then a place overlay and an alias overlay (--places, --aliases; the Syria factions are
 * fixed). The tables that read are indexed by the gazetteer,
 * which then looks for places in a French and an English report. */
#include "fuzz.h"

#include "theatre-internal.h"

#include <frontline/places.h>

static char *factions;
static gsize factions_len;
static FlReport *reports[2];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  static const char english[] =
      "Date: 2024-12-05\nLang: en\n\n"
      "Rebels entered Hama on Thursday after the army withdrew towards Homs. Fighting was "
      "reported near Salamiyah, Aleppo's airport and the M5 highway; Kurdish-led SDF forces "
      "took Deir ez-Zor. \"We hold Maarat al-Numan,\" a spokesman said.\n";
  GError *error = NULL;
  gsize len = 0;
  g_autofree char *french = fuzz_read_source("reports/2024-12-06-homs-exode.fr.txt", &len);
  factions = fuzz_read_source("gazetteer/syria/factions.tsv", &factions_len);
  reports[0] = fl_report_parse("fuzz/fr.txt", french, len, NULL, &error);
  if (reports[0])
    reports[1] = fl_report_parse("fuzz/en.txt", english, sizeof english - 1, NULL, &error);
  if (reports[1] == NULL)
    g_error("fuzz set-up: %s", error->message);
  return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const FlTheatreTable tables[] = {
      FL_THEATRE_TABLE_PLACES,         FL_THEATRE_TABLE_ALIASES,
      FL_THEATRE_TABLE_NOT_PLACES,     FL_THEATRE_TABLE_ACTORS,
      FL_THEATRE_TABLE_PLACE_OVERLAY,  FL_THEATRE_TABLE_ALIAS_OVERLAY};
  static const char *const names[] = {"places.tsv", "aliases.tsv", "not-places.tsv",
                                      "actors.tsv", "my-places.tsv", "my-aliases.tsv"};
  FuzzPart parts[G_N_ELEMENTS(tables)];
  GError *error = NULL;
  FlTheatre *theatre = fl_theatre_new("fuzz", "SY");
  FlGazetteer *gazetteer = NULL;

  fuzz_split(data, size, parts, G_N_ELEMENTS(parts));
  if (!fl_theatre_read_table(theatre, FL_THEATRE_TABLE_FACTIONS, "factions.tsv", factions,
                             factions_len, &error))
    g_error("fuzz set-up: %s", error->message);
  for (guint i = 0; i < G_N_ELEMENTS(tables); i++) {
    if (parts[i].size == 0)
      continue;
    if (!fl_theatre_read_table(theatre, tables[i], names[i], parts[i].data, parts[i].size,
                               &error)) {
      g_assert(error != NULL && error->domain == FL_THEATRE_ERROR);
      goto out;
    }
  }
  gazetteer = fl_gazetteer_new(theatre, &error);
  if (gazetteer == NULL) {
    g_assert(error != NULL && error->domain == FL_PLACES_ERROR);
    goto out;
  }
  g_free(fl_gazetteer_describe(gazetteer));
  for (guint r = 0; r < G_N_ELEMENTS(reports); r++) {
    GArray *mentions = fl_places_find(gazetteer, reports[r], NULL);   /* in memory: no I/O */
    for (guint m = 0; m < mentions->len; m++) {
      const FlMention *mention = &g_array_index(mentions, FlMention, m);
      g_assert(mention->place < theatre->places->len);
      g_assert(mention->offset + mention->length <= reports[r]->text_len);
      g_assert(mention->n_alternatives <= FL_MENTION_MAX_ALTERNATIVES);
    }
    g_array_unref(mentions);
  }
out:
  g_clear_error(&error);
  fl_gazetteer_free(gazetteer);
  fl_theatre_free(theatre);
  return 0;
}
