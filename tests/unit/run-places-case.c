/* run-places-case.c - runs one case file of tests/cases/places against a theatre.
 *
 * A case is comment lines ("# ..."), an optional line "theatre: NAME" (a folder of gazetteer/,
 * default syria), a line "---", the report text, a line "===", then the
 * expected mentions in text order, one per line: surface, place id and match kind separated by
 * tabs ("Al-Ksayr	al-qusayr	approximate"). No line after "===" means no mention. */
#include <frontline/places.h>

#include "harness.h"

#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
  g_autofree char *head = NULL, *body = NULL, *expected = NULL;
  GError *error = NULL;

  if (argc != 2) {
    fprintf(stderr, "usage: run-places-case FILE.case\n");
    return 2;
  }
  if (!fl_test_read_case(argv[1], &head, &body, &expected))
    return 2;

  const char *theatre_name = "syria";
  g_auto(GStrv) lines = g_strsplit(head, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix(lines[i], "theatre: "))
      theatre_name = lines[i] + 9;
  g_autofree char *theatre_path = g_build_filename("gazetteer", theatre_name, NULL);
  g_autofree char *theatre_dir = fl_test_source_path(theatre_path);
  FlTheatre *theatre = fl_theatre_load(theatre_dir, &error);
  g_assert_no_error(error);
  FlGazetteer *gazetteer = fl_gazetteer_new(theatre, &error);
  g_assert_no_error(error);

  g_autofree char *stem = g_path_get_basename(argv[1]);
  g_autofree char *dir = fl_test_scratch_dir(stem);
  g_autofree char *dated = g_strconcat("Date: 2024-12-07\n\n", body, NULL);
  g_autofree char *path = fl_test_write_file(dir, "report.txt", dated, -1);
  FlReport *report = fl_report_load(path, NULL, &error);
  g_assert_no_error(error);

  GArray *mentions = fl_places_find(gazetteer, report, &error);
  g_assert_no_error(error);
  g_autofree char *text = fl_report_read_body(report, NULL, &error);
  g_assert_no_error(error);
  GString *got = g_string_new(NULL);
  for (guint i = 0; i < mentions->len; i++) {
    const FlMention *m = &g_array_index(mentions, FlMention, i);
    const FlPlace *place = theatre->places->pdata[m->place];
    g_string_append_printf(got, "%.*s\t%s\t%s\n", (int)m->length, text + m->offset,
                           place->id, fl_match_kind_name(m->match));
  }
  int status = 0;
  if (!g_str_equal(got->str, expected)) {
    fprintf(stderr, "%s\n--- got:\n%s--- expected:\n%s", argv[1], got->str, expected);
    status = 1;
  }
  g_string_free(got, TRUE);
  g_array_unref(mentions);
  fl_report_free(report);
  fl_gazetteer_free(gazetteer);
  fl_theatre_free(theatre);
  return status;
}
