/* make-report.c - writes a large or pathological report for the benchmarks (never for tests).
 *
 * usage: make-report KIND SIZE FILE
 *
 *   news MB          wire copy: paragraphs of sentences, one in ten about a capture, a loss, a
 *                    siege or a denial somewhere in the theatre, the others about nothing the
 *                    rules read (as in a long live blog)
 *   line MB          the same sentences on one line, with no line break at all
 *   apostrophes N    N apostrophes (straight and typographic) and nothing else, on one line
 *   names MB         one sentence of repeated patterns, never ending: the same places, half
 *                    names, articles, elisions, capitalised words that are almost a place, the
 *                    words of a group's name; no event
 *   clauses MB       one sentence, never ending, of captures, sieges and claims of the same
 *                    places: an event every few words
 *
 * usage: make-report examples MB FILE REPORT...
 *        make-report copies MB FOLDER REPORT...
 *
 *   examples MB      one report dated 2024-12-07 of the bodies of the REPORTs (the example
 *                    reports: an event every few sentences) one after the other, again and
 *                    again: the same events told over and over, as one report of a live blog
 *   copies MB        copies of the REPORTs' bodies, one report each, in FOLDER with their
 *                    manifest FOLDER/INDEX.tsv: the nth round of copies is dated n days after
 *                    2024-11-27, twelve days over and over (the offensive of the Syria
 *                    theatre), so every copy is a report of its own and keeps its events
 *
 * A REPORT's header block (a first line "Date: ...", up to the first blank line) is left out;
 * its "Lang:" is kept as the copies' language. Prints what it wrote (bytes, sentences about an
 * event, or reports) on standard output. The text is the same for the same arguments. */
#include <glib.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const places[] = {
    "Alep", "Hama", "Homs", "Rastan", "Talbisseh", "Deir Ezzor", "Idlib", "Maaret al-Nouman",
    "Saraqeb", "Damas", "Lattaquié", "Tartous", "Palmyre", "Raqqa", "Daraa", "Qousseir",
};

static const char *const events[] = {
    "Les rebelles se sont emparés de %s jeudi, selon l'Observatoire syrien des droits de "
    "l'homme.",
    "L'armée syrienne a perdu le contrôle de %s la semaine dernière après des combats acharnés.",
    "Les forces gouvernementales affirment avoir repoussé une attaque contre %s hier soir.",
    "Le ministère de la Défense a démenti s'être retiré de %s, qualifiant ces informations de "
    "fausses.",
    "Les combattants de HTS seraient entrés dans %s il y a 3 jours, sans confirmation "
    "indépendante.",
    "Les insurgés sont aux portes de %s depuis mardi.",
};

static const char *const filler[] = {
    "Un porte-parole a déclaré à la presse que la situation restait calme dans le reste du pays.",
    "Les prix du pain ont doublé en une semaine sur les marchés, selon des habitants joints par "
    "téléphone.",
    "La communauté internationale a appelé toutes les parties à la retenue et au respect du "
    "droit humanitaire.",
    "Des milliers de familles ont trouvé refuge dans des écoles et des mosquées de la région.",
    "Les communications restent difficiles et plusieurs agences n'ont pas pu joindre leurs "
    "correspondants.",
    "Le Conseil de sécurité doit se réunir en urgence à la demande de plusieurs de ses membres.",
    "Les organisations humanitaires disent manquer de carburant pour faire fonctionner les "
    "hôpitaux.",
    "Selon des diplomates, des discussions se poursuivent à Genève sans résultat pour l'instant.",
};

/* One sentence of the news mix into out; returns whether it is about an event. */
static gboolean
news_sentence(GRand *rand, GString *out)
{
  if (g_rand_int_range(rand, 0, 10) == 0) {
    const char *event = events[g_rand_int_range(rand, 0, G_N_ELEMENTS(events))];
    g_string_append_printf(out, event, places[g_rand_int_range(rand, 0, G_N_ELEMENTS(places))]);
    return TRUE;
  }
  g_string_append(out, filler[g_rand_int_range(rand, 0, G_N_ELEMENTS(filler))]);
  return FALSE;
}

/* A report's body: its text after the header block, when it has one. */
typedef struct {
  char *text;        /* the whole file */
  const char *body;  /* within text */
  gsize body_len;
  char *lang;        /* its "Lang:", or NULL */
} Example;

static gboolean
example_load(const char *path, Example *example)
{
  gsize len;
  GError *error = NULL;
  *example = (Example){0};
  if (!g_file_get_contents(path, &example->text, &len, &error)) {
    fprintf(stderr, "make-report: %s\n", error->message);
    g_error_free(error);
    return FALSE;
  }
  example->body = example->text;
  const char *end = strstr(example->text, "\n\n");
  if (g_str_has_prefix(example->text, "Date:") && end) {
    example->body = end + 2;
    const char *lang = strstr(example->text, "\nLang:");
    if (lang && lang < end)
      example->lang = g_strstrip(g_strndup(lang + 7, (gsize)(strchr(lang + 1, '\n') - lang - 7)));
  }
  example->body_len = len - (gsize)(example->body - example->text);
  return TRUE;
}

static gboolean
write_all(FILE *file, const char *bytes, gsize len)
{
  return fwrite(bytes, 1, len, file) == len;
}

static gboolean
write_text(FILE *file, const char *text)
{
  return write_all(file, text, strlen(text));
}

/* examples and copies: the example reports, again and again, in one report or in many. */
static int
repeat_examples(const char *kind, double size, const char *target, char **paths, int n_paths)
{
  gboolean copies = g_str_equal(kind, "copies");
  Example *examples = g_new0(Example, (gsize)n_paths);
  for (int i = 0; i < n_paths; i++)
    if (!example_load(paths[i], &examples[i]))
      return 1;
  guint64 written = 0, goal = (guint64)(size * 1048576.0), reports = 0;
  gboolean ok = TRUE;
  FILE *file = NULL, *manifest = NULL;
  g_autofree char *manifest_path = g_build_filename(target, "INDEX.tsv", NULL);
  if (copies) {
    ok = g_mkdir_with_parents(target, 0755) == 0 && (manifest = fopen(manifest_path, "wb")) &&
         write_text(manifest, "file\tdate\tlanguage\tsource\n");
  } else {
    ok = (file = fopen(target, "wb")) &&
         write_text(file, "Date: 2024-12-07\nSource: bench\nLang: fr\n\n");
  }
  GDate first;
  g_date_set_dmy(&first, 27, G_DATE_NOVEMBER, 2024);
  for (guint64 round = 0; ok && written < goal; round++) {
    for (int i = 0; ok && i < n_paths && written < goal; i++, reports++) {
      const Example *example = &examples[i];
      if (copies) {
        char name[32], date[16];
        GDate day = first;
        g_date_add_days(&day, (guint)(round % 12));
        g_snprintf(name, sizeof name, "%07" G_GUINT64_FORMAT ".txt", reports);
        g_date_strftime(date, sizeof date, "%Y-%m-%d", &day);
        g_autofree char *path = g_build_filename(target, name, NULL);
        g_autofree char *row = g_strdup_printf("%s\t%s\t%s\tbench\n", name, date,
                                               example->lang ? example->lang : "");
        ok = (file = fopen(path, "wb")) && write_all(file, example->body, example->body_len) &&
             write_text(manifest, row);
        ok = file && fclose(file) == 0 && ok;
        file = NULL;
      } else {
        ok = write_all(file, example->body, example->body_len) && write_text(file, "\n");
      }
      written += example->body_len;
    }
  }
  if (file)
    ok = fclose(file) == 0 && ok;
  if (manifest)
    ok = fclose(manifest) == 0 && ok;
  if (!ok) {
    perror(target);
    return 1;
  }
  printf("%s: %.1f MB, %" G_GUINT64_FORMAT " %s\n", kind, written / 1048576.0, reports,
         copies ? "reports" : "copies of a report");
  for (int i = 0; i < n_paths; i++) {
    g_free(examples[i].text);
    g_free(examples[i].lang);
  }
  g_free(examples);
  return 0;
}

int
main(int argc, char **argv)
{
  if (argc > 4 && (g_str_equal(argv[1], "examples") || g_str_equal(argv[1], "copies")))
    return repeat_examples(argv[1], atof(argv[2]), argv[3], argv + 4, argc - 4);
  if (argc != 4) {
    fprintf(stderr, "usage: make-report news|line|apostrophes|names|clauses SIZE FILE\n"
                    "       make-report examples|copies SIZE FILE|FOLDER REPORT...\n");
    return 2;
  }
  const char *kind = argv[1];
  double size = atof(argv[2]);
  FILE *file = fopen(argv[3], "wb");
  if (file == NULL) {
    perror(argv[3]);
    return 1;
  }
  GRand *rand = g_rand_new_with_seed(2024);
  GString *out = g_string_sized_new(1 << 20);
  guint64 written = 0, about_events = 0, apostrophes = 0, target = (guint64)(size * 1048576.0);
  gboolean ok = TRUE;

  g_string_append(out, "Date: 2024-12-07\nSource: bench\nLang: fr\n\n");
  if (g_str_equal(kind, "apostrophes"))
    target = (guint64)size;  /* a count, not megabytes */
  while (ok && (g_str_equal(kind, "apostrophes") || written + out->len < target + 64)) {
    if (g_str_equal(kind, "news") || g_str_equal(kind, "line")) {
      gboolean news = g_str_equal(kind, "news");
      guint n = (guint)g_rand_int_range(rand, 3, 7);  /* a paragraph */
      for (guint i = 0; i < n; i++) {
        about_events += news_sentence(rand, out);
        g_string_append_c(out, ' ');
      }
      if (news)
        g_string_append(out, "\n\n");
    } else if (g_str_equal(kind, "apostrophes")) {
      for (guint i = 0; i < 4096 && apostrophes < target; i++, apostrophes++)
        g_string_append(out, apostrophes % 3 ? "'" : "\xE2\x80\x99");
      if (apostrophes >= target)
        break;
    } else if (g_str_equal(kind, "names")) {
      g_string_append(out, "Alep Alep Deir Deir ez ez-Zor al-al-al- Hama d'd'l'Alep Abc Abcd "
                           "Al-Ksayr Kousseyr Hayat Tahrir Hayat Tahrir al-Cham Homs Maaret al "
                           "Maaret al-Nouman Nouman, ");
    } else if (g_str_equal(kind, "clauses")) {
      g_string_append(out, "les rebelles ont pris Alep et la prise de Hama par HTS, l'armée a "
                           "perdu Homs, ils affirment assiéger Rastan hier, ");
    } else {
      fprintf(stderr, "make-report: unknown kind '%s'\n", kind);
      return 2;
    }
    if (out->len >= (1 << 20)) {
      ok = fwrite(out->str, 1, out->len, file) == out->len;
      written += out->len;
      g_string_truncate(out, 0);
    }
  }
  g_string_append_c(out, '\n');
  ok = ok && fwrite(out->str, 1, out->len, file) == out->len;
  written += out->len;
  ok = fclose(file) == 0 && ok;
  if (!ok) {
    perror(argv[3]);
    return 1;
  }
  printf("%s: %.1f MB, %" G_GUINT64_FORMAT " sentences about an event\n", kind,
         written / 1048576.0, about_events);
  g_string_free(out, TRUE);
  g_rand_free(rand);
  return 0;
}
