/* test-places.c - the matcher on awkward text (invalid bytes, NUL, CRLF, BOM, one huge line)
 * and the choice between places of the same name. */
#include <frontline/places.h>

#include "harness.h"

#include <string.h>
#include <sys/resource.h>

typedef struct {
  FlTheatre *theatre;
  FlGazetteer *gazetteer;
} Fixture;

static void
fixture_load(Fixture *f, const char *dir)
{
  GError *error = NULL;
  f->theatre = fl_theatre_load(dir, &error);
  g_assert_no_error(error);
  f->gazetteer = fl_gazetteer_new(f->theatre, &error);
  g_assert_no_error(error);
}

static void
fixture_free(Fixture *f)
{
  fl_gazetteer_free(f->gazetteer);
  fl_theatre_free(f->theatre);
}

/* The mentions of a report file written with these bytes, as "surface@line:column id" lines. */
static char *
mentions_of_file(const Fixture *f, const char *name, const char *bytes, gssize len)
{
  GError *error = NULL;
  g_autofree char *dir = fl_test_scratch_dir(name);
  g_autofree char *path = fl_test_write_file(dir, "report.txt", bytes, len);
  FlReport *report = fl_report_load(path, NULL, &error);
  g_assert_no_error(error);
  GArray *mentions = fl_places_find(f->gazetteer, report, &error);
  g_assert_no_error(error);
  g_autofree char *body = fl_report_read_body(report, NULL, &error);
  g_assert_no_error(error);
  GString *out = g_string_new(NULL);
  for (guint i = 0; i < mentions->len; i++) {
    const FlMention *m = &g_array_index(mentions, FlMention, i);
    g_string_append_printf(out, "%.*s@%u:%u %s\n", (int)m->length, body + m->offset,
                           m->line, m->column,
                           ((const FlPlace *)f->theatre->places->pdata[m->place])->id);
  }
  g_array_unref(mentions);
  fl_report_free(report);
  return g_string_free(out, FALSE);
}

static void
syria(Fixture *f)
{
  g_autofree char *dir = fl_test_source_path("gazetteer/syria");
  fixture_load(f, dir);
}

/* Invalid bytes become one U+FFFD each: columns count them as one character. */
static void
test_invalid_bytes(void)
{
  Fixture f;
  syria(&f);
  static const char text[] = "Date: 2024-12-07\n\nx\xFF Alep, \xC3 puis Homs.\n";
  g_autofree char *got = mentions_of_file(&f, "places-invalid", text, sizeof text - 1);
  g_assert_cmpstr(got, ==, "Alep@3:4 aleppo\nHoms@3:17 homs\n");
  fixture_free(&f);
}

/* A stray NUL byte separates words and keeps its column. */
static void
test_nul_byte(void)
{
  Fixture f;
  syria(&f);
  static const char text[] = "Date: 2024-12-07\n\nAlep\0Homs et Hama.\n"
                             "Les combats se poursuivaient dans la soirée, selon des sources "
                             "locales et l'Observatoire syrien des droits de l'homme, qui n'a "
                             "pas donné de bilan.\n";
  g_autofree char *got = mentions_of_file(&f, "places-nul", text, sizeof text - 1);
  g_assert_cmpstr(got, ==, "Alep@3:1 aleppo\nHoms@3:6 homs\nHama@3:14 hama\n");
  fixture_free(&f);
}

/* CRLF line ends and a BOM change neither lines nor columns. */
static void
test_crlf_bom(void)
{
  Fixture f;
  syria(&f);
  static const char text[] =
      "\xEF\xBB\xBF" "Date: 2024-12-07\r\n\r\nA Alep,\r\n  Homs\r\n\r\n\tet Deir ez-Zor\r\n";
  g_autofree char *got = mentions_of_file(&f, "places-crlf", text, sizeof text - 1);
  g_assert_cmpstr(got, ==, "Alep@3:3 aleppo\nHoms@4:3 homs\nDeir ez-Zor@6:5 deir-ez-zor\n");
  fixture_free(&f);
}

/* One line of many megabytes: every mention found, columns exact, memory not growing with the
 * line beyond the text itself. FL_TEST_HUGE_MB is smaller in sanitizer builds. */
static void
test_huge_line(void)
{
  Fixture f;
  syria(&f);
  static const char sentence[] = "les rebelles avancent vers Alep et Hama, selon l'OSDH; ";
  const gsize unit = sizeof sentence - 1, total = (gsize)FL_TEST_HUGE_MB << 20;
  const guint64 repeats = total / unit;
  char *text = g_malloc(repeats * unit + 1);
  for (guint64 r = 0; r < repeats; r++)
    memcpy(text + r * unit, sentence, unit);
  text[repeats * unit] = '\0';
  FlReport report = {.path = "huge", .name = "huge", .text = text,
                     .text_len = repeats * unit, .first_line = 1};
  struct rusage before, after;
  getrusage(RUSAGE_SELF, &before);
  gint64 start = g_get_monotonic_time();
  GArray *mentions = fl_places_find(f.gazetteer, &report, NULL);
  double seconds = (g_get_monotonic_time() - start) / 1e6;
  getrusage(RUSAGE_SELF, &after);
  g_test_message("%" G_GUINT64_FORMAT " MB in one line: %.2f s, %u mentions, peak RSS %+ld KB",
                 (guint64)(total >> 20), seconds, mentions->len,
                 after.ru_maxrss - before.ru_maxrss);
  g_assert_cmpuint(mentions->len, ==, 2 * repeats);
  const FlMention *last = &g_array_index(mentions, FlMention, mentions->len - 1);
  g_assert_cmpuint(last->line, ==, 1);
  g_assert_cmpuint(last->column, ==, (repeats - 1) * unit + strlen("les rebelles avancent vers Alep et ") + 1);
  g_assert_cmpuint(last->offset, ==, last->column - 1);
#ifndef FL_TEST_SANITIZED
  /* the mentions (2 per 55 bytes) are the only thing that grows: 64 bytes each, plus slack */
  g_assert_cmpint(after.ru_maxrss - before.ru_maxrss, <,
                  (glong)(mentions->len * (sizeof(FlMention) + 16) / 1024 + 32 * 1024));
#endif
  g_array_unref(mentions);
  g_free(text);
  fixture_free(&f);
}

/* A theatre with two places named Tripoli (the Libyan one also Tarabulus) and a French town
 * named Les. */
static char *
write_ambiguous_theatre(void)
{
  return fl_test_write_theatre(
      "places-ambiguous",
      "id\tname\tname_fr\tname_en\tname_ar\tlat\tlon\tkind\tadmin1\tpopulation\tcountry\n"
      "homs\tHoms\t\t\t\t34.73\t36.71\tgovernorate-seat\tHoms\t775404\tSY\n"
      "tripoli-ly\tTripoli\tTarabulus\t\t\t32.89\t13.19\tforeign-capital\t\t1150989\tLY\n"
      "tripoli-lb\tTripoli\t\t\t\t34.44\t35.85\tforeign-city\t\t229398\tLB\n"
      "les\tLes\t\t\t\t42.81\t0.71\tforeign-city\t\t1000\tES\n",
      "id\tlabel_fr\tlabel_en\tlabel_ar\tcolor\tvalid_from\tvalid_to\n"
      "government\tGouvernement\tGovernment\t\t#e0301e\t\t\n",
      "place_id\tfaction\tsource\n");
}

/* A shared name goes to the higher score (kind, population), unless a candidate is near the
 * places named around it; the other is an alternative. */
static void
test_ambiguous(void)
{
  Fixture f;
  g_autofree char *dir = write_ambiguous_theatre();
  fixture_load(&f, dir);
  g_autofree char *alone = mentions_of_file(&f, "amb-alone", "Date: 2024-12-07\n\nTripoli.\n", -1);
  g_assert_cmpstr(alone, ==, "Tripoli@3:1 tripoli-ly\n");
  g_autofree char *near = mentions_of_file(
      &f, "amb-near", "Date: 2024-12-07\n\nDe Homs, les convois vont vers Tripoli.\n", -1);
  g_assert_cmpstr(near, ==, "Homs@3:4 homs\nTripoli@3:32 tripoli-lb\n");

  GError *error = NULL;
  g_autofree char *scratch = fl_test_scratch_dir("amb-alternatives");
  g_autofree char *path =
      fl_test_write_file(scratch, "r.txt", "Date: 2024-12-07\n\nHoms puis Tripoli\n", -1);
  FlReport *report = fl_report_load(path, NULL, &error);
  g_assert_no_error(error);
  GArray *mentions = fl_places_find(f.gazetteer, report, &error);
  g_assert_no_error(error);
  const FlMention *tripoli = &g_array_index(mentions, FlMention, 1);
  g_assert_cmpuint(tripoli->n_alternatives, ==, 1);
  g_assert_cmpstr(((const FlPlace *)f.theatre->places->pdata[tripoli->alternatives[0]])->id, ==,
                  "tripoli-ly");
  g_array_unref(mentions);
  fl_report_free(report);
  fixture_free(&f);
}

/* A candidate named elsewhere in the report by another of its names wins over its namesake
 * near the other places named. */
static void
test_ambiguous_named_itself(void)
{
  Fixture f;
  g_autofree char *dir = write_ambiguous_theatre();
  fixture_load(&f, dir);
  g_autofree char *got = mentions_of_file(
      &f, "amb-itself", "Date: 2024-12-07\n\nDe Homs, un avion vole vers Tarabulus; Tripoli attend.\n",
      -1);
  g_assert_cmpstr(got, ==, "Homs@3:4 homs\nTarabulus@3:29 tripoli-ly\nTripoli@3:40 tripoli-ly\n");
  fixture_free(&f);
}

/* Outside the theatre, a name that is also a word counts only with a capital. */
static void
test_foreign_needs_capital(void)
{
  Fixture f;
  g_autofree char *dir = write_ambiguous_theatre();
  fixture_load(&f, dir);
  g_autofree char *got = mentions_of_file(
      &f, "amb-capital", "Date: 2024-12-07\n\nles rebelles de homs; Les, tripoli.\n", -1);
  g_assert_cmpstr(got, ==, "homs@3:17 homs\nLes@3:23 les\n");
  fixture_free(&f);
}

/* A place of the theatre whose name is a common word of the languages (fr-words.tsv) counts
 * only with a capital; the other places need none. */
static void
test_common_word_needs_capital(void)
{
  Fixture f;
  g_autofree char *dir = fl_test_write_theatre(
      "places-common-word",
      "id\tname\tname_fr\tname_en\tname_ar\tlat\tlon\tkind\tadmin1\tpopulation\tcountry\n"
      "homs\tHoms\t\t\t\t34.73\t36.71\tgovernorate-seat\tHoms\t775404\tSY\n"
      "source\tSource\t\t\t\t35.1\t36.9\ttown\tHama\t900\tSY\n",
      "id\tlabel_fr\tlabel_en\tlabel_ar\tcolor\tvalid_from\tvalid_to\n"
      "government\tGouvernement\tGovernment\t\t#e0301e\t\t\n",
      "place_id\tfaction\tsource\n");
  g_free(fl_test_write_file(dir, "fr-words.tsv", "kind\tphrase\ncommon\tsource\n", -1));
  fixture_load(&f, dir);
  g_autofree char *got = mentions_of_file(
      &f, "common-word", "Date: 2024-12-07\n\nselon une source de homs, Source est prise.\n", -1);
  g_assert_cmpstr(got, ==, "homs@3:21 homs\nSource@3:27 source\n");
  fixture_free(&f);
}

/* A malformed word list is an error that names its line. */
static void
test_bad_word_list(void)
{
  GError *error = NULL;
  g_autofree char *dir = fl_test_write_theatre(
      "places-bad-words",
      "id\tname\tname_fr\tname_en\tname_ar\tlat\tlon\tkind\tadmin1\tpopulation\tcountry\n"
      "homs\tHoms\t\t\t\t34.73\t36.71\tgovernorate-seat\tHoms\t775404\tSY\n",
      "id\tlabel_fr\tlabel_en\tlabel_ar\tcolor\tvalid_from\tvalid_to\n"
      "government\tGouvernement\tGovernment\t\t#e0301e\t\t\n",
      "place_id\tfaction\tsource\n");
  g_free(fl_test_write_file(dir, "fr-words.tsv", "kind\tphrase\nverb\tprendre\n", -1));
  FlTheatre *theatre = fl_theatre_load(dir, &error);
  g_assert_no_error(error);
  FlGazetteer *gazetteer = fl_gazetteer_new(theatre, &error);
  g_assert_null(gazetteer);
  g_assert_error(error, FL_PLACES_ERROR, FL_PLACES_ERROR_SYNTAX);
  g_assert_nonnull(strstr(error->message, "fr-words.tsv:2: unknown kind 'verb'"));
  g_error_free(error);
  fl_theatre_free(theatre);
}

/* A one-place theatre ("Al Bayda"), with the matcher table given (NULL: no [files] matcher). */
static char *
matcher_theatre(const char *name, const char *matcher)
{
  g_autofree char *dir = fl_test_write_theatre(
      name,
      "id\tname\tname_fr\tname_en\tname_ar\tlat\tlon\tkind\tadmin1\tpopulation\tcountry\n"
      "bayda\tAl Bayda\t\t\t\t35.1\t36.9\ttown\tHama\t9000\tSY\n",
      "id\tlabel_fr\tlabel_en\tlabel_ar\tcolor\tvalid_from\tvalid_to\n"
      "government\tGouvernement\tGovernment\t\t#e0301e\t\t\n",
      "place_id\tfaction\tsource\n");
  if (matcher) {
    g_autofree char *ini_path = g_build_filename(dir, "theatre.ini", NULL);
    g_autofree char *ini = NULL;
    g_assert_true(g_file_get_contents(ini_path, &ini, NULL, NULL));
    g_autofree char *more = g_strconcat(ini, "matcher = match.tsv\n", NULL);
    g_free(fl_test_write_file(dir, "theatre.ini", more, -1));
    g_free(fl_test_write_file(dir, "match.tsv", matcher, -1));
  }
  return g_steal_pointer(&dir);
}

/* The articles of names are the theatre's data ([files] matcher): without a table "El-Bayda"
 * is no name of "Al Bayda"; with "el" an article read as "al" it is, exactly. */
static void
test_matcher_articles_are_data(void)
{
  static const char text[] = "Date: 2024-12-07\n\nLes forces sont entrées à El-Bayda.\n";
  Fixture f;
  g_autofree char *plain = matcher_theatre("places-matcher-none", NULL);
  fixture_load(&f, plain);
  g_autofree char *none = mentions_of_file(&f, "matcher-none", text, -1);
  g_assert_cmpstr(none, ==, "");
  fixture_free(&f);
  g_autofree char *ruled = matcher_theatre(
      "places-matcher-el", "kind\ttext\tas\narticle\tal\tal\narticle\tel\tal\n");
  fixture_load(&f, ruled);
  g_autofree char *found = mentions_of_file(&f, "matcher-el", text, -1);
  g_assert_cmpstr(found, ==, "El-Bayda@3:27 bayda\n");
  fixture_free(&f);
}

/* A bad row of the matcher table is an error naming its file and line. */
static void
test_matcher_bad_rows(void)
{
  static const struct {
    const char *table, *message;
  } cases[] = {
      {"kind\ttext\tas\narticle\tEl\tal\n", "match.tsv:2: 'El' and 'al' must be"},
      {"kind\ttext\tas\nletter\ta\t\n", "match.tsv:2: unknown kind 'letter'"},
      {"kind\ttext\tas\narticle\tal\tal\narticle\tel\tel\n",
       "match.tsv:3: every article is read as one form"},
      {"kind\ttext\tas\ndrop\tae\t\n", "match.tsv:2: a drop row takes one"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    GError *error = NULL;
    g_autofree char *dir = matcher_theatre("places-matcher-bad", cases[i].table);
    FlTheatre *theatre = fl_theatre_load(dir, &error);
    g_assert_null(theatre);
    g_assert_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_VALUE);
    g_test_message("%s", error->message);
    g_assert_nonnull(strstr(error->message, cases[i].message));
    g_error_free(error);
  }
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/places/invalid-bytes", test_invalid_bytes);
  g_test_add_func("/places/nul-byte", test_nul_byte);
  g_test_add_func("/places/crlf-bom", test_crlf_bom);
  g_test_add_func("/places/huge-line", test_huge_line);
  g_test_add_func("/places/ambiguous", test_ambiguous);
  g_test_add_func("/places/ambiguous-named-itself", test_ambiguous_named_itself);
  g_test_add_func("/places/foreign-needs-capital", test_foreign_needs_capital);
  g_test_add_func("/places/common-word-needs-capital", test_common_word_needs_capital);
  g_test_add_func("/places/bad-word-list", test_bad_word_list);
  g_test_add_func("/places/matcher-articles-are-data", test_matcher_articles_are_data);
  g_test_add_func("/places/matcher-bad-rows", test_matcher_bad_rows);
  return g_test_run();
}
