/* run-events-case.c - runs one case file of tests/cases/events against a theatre.
 *
 * A case is comment lines ("# ..."), directive lines "date: YYYY-MM-DD" (the report date,
 * default 2024-12-07), "lang: fr|en" (default fr) and "theatre: NAME" (a folder of gazetteer/,
 * default syria), a line "---", the report text, a line
 * "===", then the expected events in text order, one per line, tab-separated: place id, kind,
 * faction id ("-" for none), factuality, event date, and with the directive "claimant: yes" a
 * sixth column, the claimant's faction id ("-" for none). No line after "===" means no event.
 * A line "@report" in the text starts another report of the same date and language (a report
 * says each event once: sentences that repeat one go in reports of their own); the events are
 * listed report by report. */
#include <frontline/events.h>

#include "harness.h"

#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
  g_autofree char *head = NULL, *body = NULL, *expected = NULL;
  GError *error = NULL;

  if (argc != 2) {
    fprintf(stderr, "usage: run-events-case FILE.case\n");
    return 2;
  }
  if (!fl_test_read_case(argv[1], &head, &body, &expected))
    return 2;
  const char *date = "2024-12-07", *lang = "fr", *theatre_name = "syria";
  gboolean with_claimant = FALSE;
  g_auto(GStrv) lines = g_strsplit(head, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    if (g_str_has_prefix(lines[i], "date: "))
      date = lines[i] + 6;
    else if (g_str_has_prefix(lines[i], "lang: "))
      lang = lines[i] + 6;
    else if (g_str_has_prefix(lines[i], "theatre: "))
      theatre_name = lines[i] + 9;
    else if (g_str_equal(lines[i], "claimant: yes"))
      with_claimant = TRUE;
  }

  g_autofree char *theatre_path = g_build_filename("gazetteer", theatre_name, NULL);
  g_autofree char *theatre_dir = fl_test_source_path(theatre_path);
  FlTheatre *theatre = fl_theatre_load(theatre_dir, &error);
  g_assert_no_error(error);
  FlGazetteer *gazetteer = fl_gazetteer_new(theatre, &error);
  g_assert_no_error(error);
  FlLexicon *lexicon = fl_lexicon_load(theatre, &error);
  g_assert_no_error(error);

  g_autofree char *stem = g_path_get_basename(argv[1]);
  g_autofree char *dir = fl_test_scratch_dir(stem);
  GPtrArray *reports = g_ptr_array_new_with_free_func((GDestroyNotify)fl_report_free);
  g_auto(GStrv) parts = g_regex_split_simple("^@report[^\n]*\n", body, G_REGEX_MULTILINE, 0);
  for (guint i = 0; parts[i]; i++) {
    if (i > 0 && parts[i][0] == '\0')
      continue;
    g_autofree char *dated = g_strdup_printf("Date: %s\nLang: %s\n\n%s", date, lang, parts[i]);
    g_autofree char *name = g_strdup_printf("report-%u.txt", i);
    g_autofree char *path = fl_test_write_file(dir, name, dated, -1);
    FlReport *report = fl_report_load(path, NULL, &error);
    g_assert_no_error(error);
    g_ptr_array_add(reports, report);
  }
  GPtrArray *events = fl_events_extract(theatre, gazetteer, lexicon, reports, &error);
  g_assert_no_error(error);
  /* in text order, report by report */
  GString *got = g_string_new(NULL);
  for (guint r = 0; r < reports->len; r++)
  for (guint line = 1; line < 10000 && events->len; line++)
    for (guint i = 0; i < events->len; i++) {
      const FlEvent *e = events->pdata[i];
      if (e->report != r || e->line != line)
        continue;
      char day[11];
      fl_date_format_iso(&e->event_date, day);
      g_string_append_printf(
          got, "%s\t%s\t%s\t%s\t%s", ((const FlPlace *)theatre->places->pdata[e->place])->id,
          fl_event_kind_name(e->kind),
          e->faction >= 0 ? ((const FlFaction *)theatre->factions->pdata[e->faction])->id : "-",
          fl_factuality_name(e->factuality), day);
      if (with_claimant)
        g_string_append_printf(
            got, "\t%s",
            e->claimant >= 0 ? ((const FlFaction *)theatre->factions->pdata[e->claimant])->id
                             : "-");
      g_string_append_c(got, '\n');
    }
  int status = 0;
  if (!g_str_equal(got->str, expected)) {
    fprintf(stderr, "%s\n--- got:\n%s--- expected:\n%s", argv[1], got->str, expected);
    status = 1;
  }
  g_string_free(got, TRUE);
  g_ptr_array_unref(events);
  g_ptr_array_unref(reports);
  fl_lexicon_free(lexicon);
  fl_gazetteer_free(gazetteer);
  fl_theatre_free(theatre);
  return status;
}
