/* bench-places.c - place-matching throughput: MB/s, linearity and peak memory.
 *
 * usage: bench-places MEGABYTES THEATRE_DIR...
 *
 * Generates MEGABYTES of French-like text in 64 KiB reports: sentences of common words
 * (articles, verbs, capitalised non-places such as "Assad" or "Observatoire") with, in one
 * sentence of three, a name (any spelling: name, French, English, Arabic or alias) of a place
 * of the first theatre. The same text (made on the fly, so it takes no memory) is matched with
 * each theatre in turn, so only the gazetteer differs between the runs. For each theatre it
 * prints
 * the load times, the throughput over the first half and the whole of the text (equal when the
 * cost is linear in the size), the mentions found and the peak RSS. Run one theatre per
 * process to read the peak memory of each alone. */
#define _POSIX_C_SOURCE 200809L
#include <frontline/places.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

static const char *const filler[] = {
    "les", "rebelles", "ont", "pris", "le", "contrôle", "de", "la", "ville", "après", "des",
    "combats", "selon", "l’Observatoire", "syrien", "jeudi", "forces", "gouvernementales",
    "se", "sont", "retirées", "vers", "sud", "d’Alep", "et", "à", "périphérie", "Assad",
    "un", "porte-parole", "a", "déclaré", "que", "l'armée", "Mardi", "Reuters", "pas",
    "aux", "portes", "du", "nord", "en", "direction", "ministère", "Défense", "civils"};

static double
now(void)
{
  return (double)g_get_monotonic_time() / 1e6;
}

/* Every spelling of every place of the theatre (copies). */
static GPtrArray *
names_of(const FlTheatre *theatre)
{
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < theatre->places->len; i++) {
    const FlPlace *p = theatre->places->pdata[i];
    g_ptr_array_add(names, g_strdup(p->name));
    for (guint n = 0; p->names && p->names[n] && p->names[n + 1]; n += 2)  /* {lang, name} */
      if (*p->names[n + 1])
        g_ptr_array_add(names, g_strdup(p->names[n + 1]));
  }
  for (guint i = 0; i < theatre->aliases->len; i++)
    g_ptr_array_add(names, g_strdup(((const FlAlias *)theatre->aliases->pdata[i])->alias));
  return names;
}

/* The generated text, one 64 KiB report at a time, the same for every theatre: made on the
 * fly so that it takes no memory. */
typedef struct {
  GPtrArray *names;
  GRand *rand;
  GString *text;
  gsize total, done;
} Generator;

static void
generator_reset(Generator *g)
{
  if (g->rand)
    g_rand_free(g->rand);
  g->rand = g_rand_new_with_seed(42);
  g->done = 0;
}

/* The next report, or NULL at the end. */
static const GString *
generator_next(Generator *g)
{
  if (g->done >= g->total)
    return NULL;
  g_string_truncate(g->text, 0);
  while (g->text->len < 64 * 1024) {
    for (int w = 0; w < 12; w++) {
      g_string_append(g->text, filler[g_rand_int_range(g->rand, 0, G_N_ELEMENTS(filler))]);
      g_string_append_c(g->text, ' ');
    }
    if (g_rand_int_range(g->rand, 0, 3) == 0)
      g_string_append(g->text,
                      g->names->pdata[g_rand_int_range(g->rand, 0, (gint32)g->names->len)]);
    g_string_append(g->text, ".\n");
  }
  g->done += g->text->len;
  return g->text;
}

static FlTheatre *
load(const char *dir, double *seconds)
{
  GError *error = NULL;
  double t0 = now();
  FlTheatre *theatre = fl_theatre_load(dir, &error);
  *seconds = now() - t0;
  if (theatre == NULL) {
    fprintf(stderr, "bench-places: %s\n", error->message);
    exit(1);
  }
  return theatre;
}

int
main(int argc, char **argv)
{
  if (argc < 3) {
    fprintf(stderr, "usage: bench-places MEGABYTES THEATRE_DIR...\n");
    return 2;
  }
  double megabytes = atof(argv[1]), seconds;
  FlTheatre *first = load(argv[2], &seconds);
  Generator generator = {names_of(first), NULL, g_string_sized_new(65 * 1024),
                         (gsize)(megabytes * 1024 * 1024), 0};
  fl_theatre_free(first);
  printf("text: %.1f MB in reports of 64 KiB, place names of %s\n", megabytes, argv[2]);

  for (int t = 2; t < argc; t++) {
    GError *error = NULL;
    FlTheatre *theatre = load(argv[t], &seconds);
    double t1 = now();
    FlGazetteer *gazetteer = fl_gazetteer_new(theatre, &error);
    if (gazetteer == NULL) {
      fprintf(stderr, "bench-places: %s\n", error->message);
      return 1;
    }
    double index = now() - t1, matching = 0, half_time = 0;
    gsize bytes = 0, half_bytes = 0;
    guint64 mentions = 0;
    const GString *text;
    generator_reset(&generator);
    while ((text = generator_next(&generator)) != NULL) {
      FlReport report = {.path = "bench", .name = "bench", .text = text->str,
                         .text_len = text->len, .first_line = 1};
      double start = now();
      GArray *found = fl_places_find(gazetteer, &report, NULL);
      matching += now() - start;
      mentions += found->len;
      bytes += report.text_len;
      g_array_unref(found);
      if (half_bytes == 0 && 2 * generator.done >= generator.total) {
        half_time = matching;
        half_bytes = bytes;
      }
    }
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    printf("theatre %s: %u places, %u aliases\n", theatre->id, theatre->places->len,
           theatre->aliases->len);
    g_autofree char *described = fl_gazetteer_describe(gazetteer);
    printf("  index: %s\n", described);
    printf("  load: %.1f ms theatre, %.1f ms name index\n", seconds * 1e3, index * 1e3);
    printf("  first half: %.1f MB/s; whole: %.1f MB in %.2f s, %.1f MB/s\n",
           half_bytes / 1048576.0 / half_time, bytes / 1048576.0, matching,
           bytes / 1048576.0 / matching);
    printf("  mentions: %" G_GUINT64_FORMAT "\n", mentions);
    printf("  peak memory so far: %.1f MB\n", usage.ru_maxrss / 1024.0);
    fl_gazetteer_free(gazetteer);
    fl_theatre_free(theatre);
  }
  g_ptr_array_unref(generator.names);
  g_rand_free(generator.rand);
  g_string_free(generator.text, TRUE);
  return 0;
}
