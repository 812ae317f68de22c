/* run-control-case.c - runs one case file of tests/cases/control: reports of several dates
 * through a theatre (Syria unless the case names another), then the state of places on dates.
 *
 * A case is comment lines ("# ..."), an optional "theatre: " line (the theatre folder, from the
 * source tree: "tests/data/plain"), optional "correction: " lines (a row of a corrections
 * file: date, place_id, faction, status, note, tab-separated), a line "---", then the reports:
 * each starts with a line "@report YYYY-MM-DD LANG" followed by its text; a line "===", then
 * the expected states, one per line, tab-separated: date, place id, faction id ("-" for none),
 * status, confidence, and optionally the basis (reported, baseline, inferred, analyst, stale). */
#include <frontline/pipeline.h>

#include "harness.h"

#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
  g_autofree char *head = NULL, *body = NULL, *expected = NULL;
  GError *error = NULL;

  if (argc != 2) {
    fprintf(stderr, "usage: run-control-case FILE.case\n");
    return 2;
  }
  if (!fl_test_read_case(argv[1], &head, &body, &expected))
    return 2;
  g_autofree char *stem = g_path_get_basename(argv[1]);
  g_autofree char *dir = fl_test_scratch_dir(stem);

  GString *corrections = g_string_new("date\tplace_id\tfaction\tstatus\tnote\n");
  const char *theatre = "gazetteer/syria";
  g_auto(GStrv) head_lines = g_strsplit(head, "\n", -1);
  for (guint i = 0; head_lines[i]; i++)
    if (g_str_has_prefix(head_lines[i], "correction: "))
      g_string_append_printf(corrections, "%s\n", head_lines[i] + 12);
    else if (g_str_has_prefix(head_lines[i], "theatre: "))
      theatre = g_strstrip(head_lines[i] + 9);

  /* the reports */
  GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
  GString *report = NULL;
  g_auto(GStrv) lines = g_strsplit(body, "\n", -1);
  for (guint i = 0;; i++) {
    if (lines[i] == NULL || g_str_has_prefix(lines[i], "@report ")) {
      if (report) {
        g_autofree char *name = g_strdup_printf("report-%u.txt", paths->len + 1);
        g_ptr_array_add(paths, fl_test_write_file(dir, name, report->str, -1));
        g_string_free(report, TRUE);
        report = NULL;
      }
      if (lines[i] == NULL)
        break;
      g_auto(GStrv) words = g_strsplit(lines[i] + 8, " ", 2);
      if (words[0] == NULL || words[1] == NULL) {
        fprintf(stderr, "%s: '@report' needs a date and a language\n", argv[1]);
        return 2;
      }
      report = g_string_new(NULL);
      g_string_append_printf(report, "Date: %s\nLang: %s\n\n", words[0], words[1]);
    } else if (report) {
      g_string_append_printf(report, "%s\n", lines[i]);
    }
  }
  g_autofree char *corrections_path =
      corrections->len > 36 ? fl_test_write_file(dir, "corrections.tsv", corrections->str, -1)
                            : NULL;
  g_string_free(corrections, TRUE);
  g_autofree char *theatre_dir = fl_test_source_path(theatre);
  FlPipelineOptions options = {
      .theatre_dir = theatre_dir,
      .reports = (const char *const *)paths->pdata,
      .n_reports = paths->len,
      .corrections_path = corrections_path,
  };
  FlPipeline *pipeline = fl_pipeline_run(&options, &error);
  g_assert_no_error(error);

  int status = 0;
  g_auto(GStrv) rows = g_strsplit(expected, "\n", -1);
  for (guint i = 0; rows[i]; i++) {
    if (!*rows[i])
      continue;
    g_auto(GStrv) cell = g_strsplit(rows[i], "\t", -1);
    GDate date;
    guint n_cells = g_strv_length(cell);
    if ((n_cells != 5 && n_cells != 6) || !fl_date_parse_iso(cell[0], &date, NULL)) {
      fprintf(stderr, "%s: bad expected row '%s'\n", argv[1], rows[i]);
      return 2;
    }
    gint place = fl_theatre_find_place(pipeline->theatre, cell[1]);
    if (place < 0) {
      fprintf(stderr, "%s: unknown place '%s'\n", argv[1], cell[1]);
      return 2;
    }
    FlPlaceState state;
    fl_control_state_at(pipeline->control, (guint)place, &date, &state);
    const char *faction =
        state.faction >= 0
            ? ((const FlFaction *)pipeline->theatre->factions->pdata[state.faction])->id
            : "-";
    g_autofree FlBasis *bases = n_cells == 6 ? fl_control_bases(pipeline->control, &date) : NULL;
    g_autofree char *got = g_strdup_printf("%s\t%s\t%s\t%s\t%s%s%s", cell[0], cell[1], faction,
                                           fl_status_name(state.status),
                                           fl_confidence_name(state.confidence),
                                           bases ? "\t" : "",
                                           bases ? fl_basis_name(bases[place]) : "");
    if (!g_str_equal(got, rows[i])) {
      g_autofree char *evidence = fl_pipeline_evidence(pipeline, &state);
      fprintf(stderr, "%s\n  got:      %s\n  expected: %s\n  evidence: %s\n", argv[1], got,
              rows[i], evidence);
      status = 1;
    }
  }
  fl_pipeline_free(pipeline);
  g_ptr_array_unref(paths);
  return status;
}
