/* fuzz-factions.c - the faction table (colours, validity, successors) and the tables that
 * refer to factions: the baseline, the actors and the baseline zones. The input is up to four
 * tables separated by form feeds: factions, baseline, actors, zones (read before the baseline,
 * whose places an occupied zone takes out of the theatre); the places are fixed (the first
 * Syria places, so that reading them costs little). What reads is then used as control does:
 * every faction followed along its successors on a few dates, every area looked up. */
#include "fuzz.h"

#include "theatre-internal.h"

#define FUZZ_PLACES 80   /* tests/fuzz/make-seeds.py makes baselines of these places */

static char *places;
static gsize places_len;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  gsize len = 0;
  g_autofree char *all = fuzz_read_source("gazetteer/syria/places.tsv", &len);
  const char *end = all;
  for (guint rows = 0; rows <= FUZZ_PLACES && end; rows++) {  /* the header and the rows */
    end = strchr(end, '\n');
    end = end ? end + 1 : NULL;
  }
  places_len = end ? (gsize)(end - all) : len;
  places = g_strndup(all, places_len);
  return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  FuzzPart parts[4];
  GError *error = NULL;
  FlTheatre *theatre = fl_theatre_new("fuzz", "SY");

  fuzz_split(data, size, parts, G_N_ELEMENTS(parts));
  if (!fl_theatre_read_table(theatre, FL_THEATRE_TABLE_PLACES, "places.tsv", places, places_len,
                             &error))
    g_error("fuzz set-up: %s", error->message);
  if (!fl_theatre_read_table(theatre, FL_THEATRE_TABLE_FACTIONS, "factions.tsv", parts[0].data,
                             parts[0].size, &error) ||
      (parts[3].size && !fl_theatre_read_table(theatre, FL_THEATRE_TABLE_ZONES,
                                               "baseline-zones.tsv", parts[3].data, parts[3].size,
                                               &error)) ||
      (parts[1].size && !fl_theatre_read_table(theatre, FL_THEATRE_TABLE_BASELINE,
                                               "baseline.tsv", parts[1].data, parts[1].size,
                                               &error)) ||
      (parts[2].size && !fl_theatre_read_table(theatre, FL_THEATRE_TABLE_ACTORS, "actors.tsv",
                                               parts[2].data, parts[2].size, &error))) {
    g_assert(error != NULL && error->domain == FL_THEATRE_ERROR);
    g_clear_error(&error);
    fl_theatre_free(theatre);
    return 0;
  }
  static const guint days[][3] = {{26, 11, 2024}, {8, 12, 2024}, {9, 12, 2024}, {1, 1, 2100}};
  for (guint f = 0; f < theatre->factions->len; f++) {
    const FlFaction *faction = theatre->factions->pdata[f];
    g_assert(fl_theatre_find_faction(theatre, faction->id) == (gint)f);
    g_assert(faction->successor < (gint)theatre->factions->len);
    (void)fl_faction_label(faction, "fr");
    for (guint d = 0; d < G_N_ELEMENTS(days); d++) {
      GDate date;
      g_date_set_dmy(&date, (GDateDay)days[d][0], (GDateMonth)days[d][1], (GDateYear)days[d][2]);
      gint on = fl_theatre_faction_on(theatre, (gint)f, &date);
      g_assert(on >= -1 && on < (gint)theatre->factions->len);
    }
  }
  for (guint p = 0; theatre->baseline && p < theatre->places->len; p++)
    g_assert(theatre->baseline[p] >= -1 && theatre->baseline[p] < (gint)theatre->factions->len);
  for (guint a = 0; a < theatre->areas->len; a++) {
    const FlArea *area = theatre->areas->pdata[a];
    g_assert(area->faction >= -1 && area->faction < (gint)theatre->factions->len);
    g_assert(area->n_rings > 0 && area->ring_ends[area->n_rings - 1] >= 4);
    (void)fl_area_label(area, "ar");
    const double *first = area->points;
    gint at = fl_theatre_area_at(theatre, first[0], first[1]);
    g_assert(at >= -1 && at < (gint)theatre->areas->len);
  }
  fl_theatre_free(theatre);
  return 0;
}
