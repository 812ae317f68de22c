/* bench-events.c - event extraction throughput: events per second, MB/s, linearity.
 *
 * usage: bench-events MEGABYTES [THEATRE_DIR]
 *
 * Generates MEGABYTES of French text in 64 KiB reports, made on the fly from sentence
 * templates (captures, losses, sieges, denials, claims, relative dates, references) filled
 * with the theatre's places, and runs the whole text -> events path (fl_events_extract: words,
 * rules, places, actors, dates) over each report. Prints events per second, MB/s over the first
 * half and the whole (equal when linear), and the peak RSS. */
#define _POSIX_C_SOURCE 200809L
#include <frontline/events.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static const char *const templates[] = {
    "Les rebelles se sont emparés de %s jeudi, selon l'Observatoire syrien des droits de l'homme.",
    "L'armée syrienne a perdu le contrôle de %s la semaine dernière après des combats acharnés.",
    "Les forces gouvernementales affirment avoir repoussé une attaque contre %s hier soir.",
    "Le ministère de la Défense a démenti s'être retiré de %s, qualifiant ces informations de fausses.",
    "Des milliers d'habitants fuient %s alors que les insurgés sont aux portes de la ville.",
    "Les combattants de HTS seraient entrés dans %s il y a 3 jours, sans confirmation indépendante.",
    "Les forces dirigées par les Kurdes ont pris la ville de %s le 5 décembre.",
    "Un porte-parole a déclaré à la presse que la situation restait calme dans le reste du pays.",
};

static double
now(void)
{
  return (double)g_get_monotonic_time() / 1e6;
}

int
main(int argc, char **argv)
{
  if (argc < 2) {
    fprintf(stderr, "usage: bench-events MEGABYTES [THEATRE_DIR]\n");
    return 2;
  }
  GError *error = NULL;
  const char *dir = argc > 2 ? argv[2] : "gazetteer/syria";
  FlTheatre *theatre = fl_theatre_load(dir, &error);
  FlGazetteer *gazetteer = theatre ? fl_gazetteer_new(theatre, &error) : NULL;
  FlLexicon *lexicon = gazetteer ? fl_lexicon_load(theatre, &error) : NULL;
  if (lexicon == NULL) {
    fprintf(stderr, "bench-events: %s\n", error->message);
    return 1;
  }
  GPtrArray *names = g_ptr_array_new();
  for (guint i = 0; i < theatre->places->len; i++) {
    const FlPlace *p = theatre->places->pdata[i];
    if (p->in_theatre)
      g_ptr_array_add(names, (gpointer)fl_place_label(p, "fr"));
  }
  gsize total = (gsize)(atof(argv[1]) * 1024 * 1024), bytes = 0, half_bytes = 0;
  double matching = 0, half_time = 0;
  guint64 events = 0;
  GRand *rand = g_rand_new_with_seed(42);
  GString *text = g_string_sized_new(66 * 1024);
  while (bytes < total) {
    g_string_assign(text, "Date: 2024-12-06\n\n");
    while (text->len < 64 * 1024) {
      const char *template = templates[g_rand_int_range(rand, 0, G_N_ELEMENTS(templates))];
      g_string_append_printf(text, template,
                             (const char *)names->pdata[g_rand_int_range(rand, 0, (gint32)names->len)]);
      g_string_append_c(text, g_rand_int_range(rand, 0, 4) == 0 ? '\n' : ' ');
    }
    FlReport report = {.path = "bench", .name = "bench", .text = text->str,
                       .text_len = text->len, .first_line = 1, .lang = "fr"};
    g_date_set_dmy(&report.date, 6, G_DATE_DECEMBER, 2024);
    GPtrArray *reports = g_ptr_array_new();
    g_ptr_array_add(reports, &report);
    double start = now();
    GPtrArray *found = fl_events_extract(theatre, gazetteer, lexicon, reports, NULL);
    matching += now() - start;
    events += found->len;
    bytes += text->len;
    if (half_bytes == 0 && 2 * bytes >= total) {
      half_bytes = bytes;
      half_time = matching;
    }
    g_ptr_array_unref(found);
    g_ptr_array_unref(reports);
  }
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  printf("text: %.1f MB of generated French reports, theatre %s\n", bytes / 1048576.0, theatre->id);
  printf("events: %" G_GUINT64_FORMAT " in %.2f s: %.0f events/s\n", events, matching,
         events / matching);
  printf("first half: %.1f MB/s; whole: %.1f MB/s\n", half_bytes / 1048576.0 / half_time,
         bytes / 1048576.0 / matching);
  printf("peak memory: %.1f MB\n", usage.ru_maxrss / 1024.0);
  g_string_free(text, TRUE);
  g_rand_free(rand);
  g_ptr_array_unref(names);
  fl_lexicon_free(lexicon);
  fl_gazetteer_free(gazetteer);
  fl_theatre_free(theatre);
  return 0;
}
