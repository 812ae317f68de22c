/* bench-places.c - place-matching throughput: MB/s and peak memory.
 *
 * usage: bench-places THEATRE_DIR MEGABYTES
 * Generates MEGABYTES of French-like text in 64 KiB reports (sentences of filler words with a
 * place name of the theatre in one of three), runs fl_places_find over every report, and prints
 * the theatre's load time, the number of names, MB/s, mentions found and peak RSS. */
#define _POSIX_C_SOURCE 200809L
#include <frontline/places.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

static const char *const filler[] = {
    "les", "rebelles", "ont", "pris", "le", "contrôle", "de", "la", "ville", "après", "des",
    "combats", "selon", "l’Observatoire", "syrien", "jeudi", "forces", "gouvernementales",
    "se", "sont", "retirées", "vers", "sud", "d’Alep", "et", "à", "périphérie", "Assad"};

static double
now(void)
{
  return (double)g_get_monotonic_time() / 1e6;
}

int
main(int argc, char **argv)
{
  if (argc != 3) {
    fprintf(stderr, "usage: bench-places THEATRE_DIR MEGABYTES\n");
    return 2;
  }
  GError *error = NULL;
  double t0 = now();
  FlTheatre *theatre = fl_theatre_load(argv[1], &error);
  if (theatre == NULL) {
    fprintf(stderr, "bench-places: %s\n", error->message);
    return 1;
  }
  double t1 = now();
  FlGazetteer *gazetteer = fl_gazetteer_new(theatre, &error);
  if (gazetteer == NULL) {
    fprintf(stderr, "bench-places: %s\n", error->message);
    return 1;
  }
  double t2 = now();
  gsize total = (gsize)atof(argv[2]) * 1024 * 1024, chunk = 64 * 1024, done = 0;
  guint64 mentions = 0;
  GRand *rand = g_rand_new_with_seed(42);
  GString *text = g_string_sized_new(chunk + 256);
  double matching = 0;
  while (done < total) {
    g_string_truncate(text, 0);
    while (text->len < chunk) {
      for (int w = 0; w < 12; w++) {
        g_string_append(text, filler[g_rand_int_range(rand, 0, G_N_ELEMENTS(filler))]);
        g_string_append_c(text, ' ');
      }
      if (g_rand_int_range(rand, 0, 3) == 0) {
        const FlPlace *place =
            theatre->places->pdata[g_rand_int_range(rand, 0, (gint32)theatre->places->len)];
        g_string_append(text, place->name);
      }
      g_string_append(text, ".\n");
    }
    FlReport report = {.path = "bench", .name = "bench", .text = text->str,
                       .text_len = text->len, .first_line = 1};
    double start = now();
    GArray *found = fl_places_find(gazetteer, &report);
    matching += now() - start;
    mentions += found->len;
    g_array_unref(found);
    done += text->len;
  }
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  printf("theatre: %s, %u places, %u aliases\n", theatre->id, theatre->places->len,
         theatre->aliases->len);
  printf("load: %.1f ms theatre, %.1f ms name index\n", (t1 - t0) * 1e3, (t2 - t1) * 1e3);
  printf("text: %.1f MB in %.2f s of matching: %.1f MB/s, %" G_GUINT64_FORMAT " mentions\n",
         done / 1048576.0, matching, done / 1048576.0 / matching, mentions);
  printf("peak memory: %.1f MB\n", usage.ru_maxrss / 1024.0);
  g_string_free(text, TRUE);
  g_rand_free(rand);
  fl_gazetteer_free(gazetteer);
  fl_theatre_free(theatre);
  return 0;
}
