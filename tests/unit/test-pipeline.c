/* test-pipeline.c - the example reports through places, events and control. */
#include <frontline/pipeline.h>

#include "harness.h"

#include <string.h>

/* The faction id holding place on date, or "" for nobody. */
static const char *
holder(const FlPipeline *pipeline, const char *place, const char *date_text)
{
  GDate date;
  FlPlaceState state;
  gint p = fl_theatre_find_place(pipeline->theatre, place);
  g_assert_cmpint(p, >=, 0);
  g_assert_true(fl_date_parse_iso(date_text, &date, NULL));
  fl_control_state_at(pipeline->control, (guint)p, &date, &state);
  return state.faction >= 0
             ? ((const FlFaction *)pipeline->theatre->factions->pdata[state.faction])->id
             : "";
}

static void
test_places_found(void)
{
  FlPipeline *pipeline = fl_test_run_examples();
  static const char *const expected[] = {"aleppo", "hama", "homs", "rastan", "damascus",
                                         "deir-ez-zor"};
  gboolean found[G_N_ELEMENTS(expected)] = {FALSE};
  for (guint r = 0; r < pipeline->reports->len; r++) {
    GArray *mentions = fl_places_find(pipeline->gazetteer, pipeline->reports->pdata[r], NULL);
    g_assert_nonnull(mentions);
    for (guint m = 0; m < mentions->len; m++) {
      const FlMention *mention = &g_array_index(mentions, FlMention, m);
      const FlPlace *place = pipeline->theatre->places->pdata[mention->place];
      for (guint e = 0; e < G_N_ELEMENTS(expected); e++)
        found[e] |= g_str_equal(place->id, expected[e]);
      g_assert_cmpstr(place->id, !=, "hamas");
    }
    g_array_unref(mentions);
  }
  for (guint e = 0; e < G_N_ELEMENTS(expected); e++)
    if (!found[e])
      g_error("'%s' is not found in the example reports", expected[e]);
  fl_pipeline_free(pipeline);
}

static void
test_dated_states(void)
{
  FlPipeline *pipeline = fl_test_run_examples();
  g_assert_cmpuint(pipeline->reports->len, ==, 2);
  g_assert_cmpstr(holder(pipeline, "aleppo", "2024-11-26"), ==, "government");
  g_assert_cmpstr(holder(pipeline, "hama", "2024-12-04"), ==, "government");
  g_assert_cmpstr(holder(pipeline, "hama", "2024-12-05"), ==, "rebels");  /* "jeudi" */
  g_assert_cmpstr(holder(pipeline, "aleppo", "2024-12-06"), ==, "rebels");
  g_assert_cmpstr(holder(pipeline, "deir-ez-zor", "2024-12-06"), ==, "sdf");
  g_assert_cmpstr(holder(pipeline, "homs", "2024-12-07"), ==, "rebels");
  g_assert_cmpstr(holder(pipeline, "damascus", "2024-12-07"), ==, "government");
  g_assert_cmpstr(holder(pipeline, "idlib", "2024-12-07"), ==, "rebels");
  /* "le Hezbollah s'est retiré de la ville d'Al-Ksayr": no longer the government's */
  g_assert_cmpstr(holder(pipeline, "al-qusayr", "2024-12-06"), ==, "government");
  g_assert_cmpstr(holder(pipeline, "al-qusayr", "2024-12-07"), !=, "government");
  fl_pipeline_free(pipeline);
}

/* tests/data/acceptance-states.tsv, row by row. */
static void
test_acceptance_states(void)
{
  FlPipeline *pipeline = fl_test_run_examples();
  g_autofree char *path = fl_test_source_path("tests/data/acceptance-states.tsv");
  g_autofree char *contents = NULL;
  g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
  g_auto(GStrv) lines = g_strsplit(contents, "\n", -1);
  guint checked = 0;
  for (guint l = 0; lines[l]; l++) {
    if (*lines[l] == '#' || *lines[l] == '\0' || g_str_has_prefix(lines[l], "date\t"))
      continue;
    g_auto(GStrv) cell = g_strsplit(lines[l], "\t", -1);
    g_assert_cmpuint(g_strv_length(cell), ==, 6);
    GDate date;
    FlPlaceState state;
    gint p = fl_theatre_find_place(pipeline->theatre, cell[1]);
    g_assert_cmpint(p, >=, 0);
    g_assert_true(fl_date_parse_iso(cell[0], &date, NULL));
    fl_control_state_at(pipeline->control, (guint)p, &date, &state);
    const char *faction =
        state.faction >= 0
            ? ((const FlFaction *)pipeline->theatre->factions->pdata[state.faction])->id
            : "";
    g_autofree char *where = g_strdup_printf("%s line %u (%s %s)", path, l + 1, cell[0], cell[1]);
    if (cell[2][0] == '!' ? g_str_equal(faction, cell[2] + 1) : !g_str_equal(faction, cell[2]))
      g_error("%s: faction '%s', expected '%s'", where, faction, cell[2]);
    g_auto(GStrv) statuses = g_strsplit(cell[3], "|", -1);
    if (!g_str_equal(cell[3], "*") &&
        !g_strv_contains((const char *const *)statuses, fl_status_name(state.status)))
      g_error("%s: status '%s', expected '%s'", where, fl_status_name(state.status), cell[3]);
    if (!g_str_equal(cell[4], "*") && !g_str_equal(cell[4], fl_confidence_name(state.confidence)))
      g_error("%s: confidence '%s', expected '%s'", where, fl_confidence_name(state.confidence),
              cell[4]);
    if (*cell[5] == '\0' ? state.evidence != NULL
                          : state.evidence == NULL || !strstr(state.evidence->evidence, cell[5]))
      g_error("%s: evidence '%s', expected to quote '%s'", where,
              state.evidence ? state.evidence->evidence : "(baseline)", cell[5]);
    checked++;
  }
  g_assert_cmpuint(checked, >=, 16);
  fl_pipeline_free(pipeline);
}

/* The pipeline over reports written here, each "DATE|TEXT". */
static FlPipeline *
run_texts(const char *name, const char *const *texts, guint n, const GDate *known_on)
{
  g_autofree char *theatre = fl_test_source_path("gazetteer/syria");
  g_autofree char *dir = fl_test_scratch_dir(name);
  GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < n; i++) {
    g_auto(GStrv) parts = g_strsplit(texts[i], "|", 2);
    g_autofree char *file = g_strdup_printf("r%u.txt", i);
    g_autofree char *body = g_strdup_printf("Date: %s\n\n%s\n", parts[0], parts[1]);
    g_ptr_array_add(paths, fl_test_write_file(dir, file, body, -1));
  }
  FlPipelineOptions options = {.theatre_dir = theatre,
                               .reports = (const char *const *)paths->pdata,
                               .n_reports = n,
                               .known_on = known_on};
  GError *error = NULL;
  FlPipeline *pipeline = fl_pipeline_run(&options, &error);
  g_assert_no_error(error);
  g_ptr_array_unref(paths);
  return pipeline;
}

/* A side's claim that its opponent denies leaves the place contested, not handed over; a
 * confirmed report of the same day has the last word over a claim. */
static void
test_denial_contests(void)
{
  static const char *const texts[] = {
      "2024-12-06|Les rebelles affirment avoir pris Hama.",
      "2024-12-06|L'armée syrienne a démenti s'être retirée de Hama.",
      "2024-12-06|Les rebelles affirment avoir pris Rastan.",
      "2024-12-06|L'armée syrienne a reconquis Rastan.",
  };
  FlPipeline *pipeline = run_texts("pipeline-denial", texts, G_N_ELEMENTS(texts), NULL);
  GDate date;
  FlPlaceState state;
  g_assert_true(fl_date_parse_iso("2024-12-06", &date, NULL));
  fl_control_state_at(pipeline->control, (guint)fl_theatre_find_place(pipeline->theatre, "hama"),
                      &date, &state);
  g_assert_cmpstr(holder(pipeline, "hama", "2024-12-06"), ==, "government");
  g_assert_cmpstr(fl_status_name(state.status), ==, "contested");
  g_assert_cmpstr(holder(pipeline, "rastan", "2024-12-06"), ==, "government");
  fl_pipeline_free(pipeline);
}

/* The changes of holder, in date order: who took what from whom, and when. */
static void
test_control_changes(void)
{
  FlPipeline *pipeline = fl_test_run_examples();
  const FlTheatre *theatre = pipeline->theatre;
  static const char *const expected[][4] = {
      {"2024-12-01", "aleppo", "government", "rebels"},  /* "la semaine dernière": by Sunday */
      {"2024-12-05", "hama", "government", "rebels"},
      {"2024-12-06", "deir-ez-zor", "government", "sdf"},
      {"2024-12-07", "homs", "government", "rebels"},
  };
  GDate until;
  g_assert_true(fl_date_parse_iso("2024-12-07", &until, NULL));
  GArray *changes = fl_control_changes(pipeline->control, &until);
  guint reported = 0, inferred = 0;
  for (guint k = 0; k < changes->len; k++) {
    const FlControlChange *change = &g_array_index(changes, FlControlChange, k);
    if (change->evidence == NULL) {
      /* the places behind the advance: inferred */
      g_assert_cmpint(change->confidence, ==, FL_CONFIDENCE_INFERRED);
      g_assert_cmpstr(((const FlFaction *)theatre->factions->pdata[change->to_faction])->id,
                      ==, "rebels");
      inferred++;
      continue;
    }
    g_assert_cmpuint(reported, <, G_N_ELEMENTS(expected));   /* al-Qusayr: abandoned only */
    guint i = reported++;
    char iso[11];
    g_assert_cmpstr(fl_date_format_iso(&change->date, iso), ==, expected[i][0]);
    g_assert_cmpstr(((const FlPlace *)theatre->places->pdata[change->place])->id, ==, expected[i][1]);
    g_assert_cmpstr(((const FlFaction *)theatre->factions->pdata[change->from_faction])->id, ==,
                    expected[i][2]);
    g_assert_cmpstr(((const FlFaction *)theatre->factions->pdata[change->to_faction])->id, ==,
                    expected[i][3]);
  }
  g_assert_cmpuint(reported, ==, G_N_ELEMENTS(expected));
  g_assert_cmpuint(inferred, >, 0);
  g_array_unref(changes);
  g_assert_true(fl_date_parse_iso("2024-12-05", &until, NULL));
  changes = fl_control_changes(pipeline->control, &until);
  reported = 0;
  for (guint k = 0; k < changes->len; k++)
    reported += g_array_index(changes, FlControlChange, k).evidence != NULL;
  g_assert_cmpuint(reported, ==, 2);
  g_array_unref(changes);
  fl_pipeline_free(pipeline);
}

/* A place left and taken back by the same side changed hands with no one. */
static void
test_no_change_back(void)
{
  static const char *const texts[] = {
      "2024-12-02|L'armée syrienne s'est retirée de Hama.",
      "2024-12-03|L'armée syrienne a reconquis Hama.",
  };
  FlPipeline *pipeline = run_texts("pipeline-no-change", texts, G_N_ELEMENTS(texts), NULL);
  GDate until;
  /* before the government ends (8 December) and hands its places to its successor */
  g_assert_true(fl_date_parse_iso("2024-12-07", &until, NULL));
  g_assert_cmpstr(holder(pipeline, "hama", "2024-12-02"), ==, "");
  g_assert_cmpstr(holder(pipeline, "hama", "2024-12-03"), ==, "government");
  GArray *changes = fl_control_changes(pipeline->control, &until);
  g_assert_cmpuint(changes->len, ==, 0);
  g_array_unref(changes);
  fl_pipeline_free(pipeline);
}

/* --as-known-on: only the reports published by then. */
static void
test_as_known_on(void)
{
  static const char *const texts[] = {
      "2024-12-06|Les rebelles se sont emparés de Hama jeudi.",
      "2024-12-08|Les rebelles ont pris le contrôle de Homs samedi.",
  };
  GDate known_on;
  g_assert_true(fl_date_parse_iso("2024-12-07", &known_on, NULL));
  FlPipeline *all = run_texts("pipeline-known-all", texts, 2, NULL);
  FlPipeline *then = run_texts("pipeline-known-then", texts, 2, &known_on);
  g_assert_cmpuint(then->reports->len, ==, 1);
  /* Homs fell on Saturday 7 December, but nobody had reported it by the 7th */
  g_assert_cmpstr(holder(all, "homs", "2024-12-07"), ==, "rebels");
  g_assert_cmpstr(holder(then, "homs", "2024-12-07"), ==, "government");
  g_assert_cmpstr(holder(then, "hama", "2024-12-07"), ==, "rebels");
  fl_pipeline_free(all);
  fl_pipeline_free(then);
}

static void
test_tables(void)
{
  FlPipeline *pipeline = fl_test_run_examples();
  GDate date;
  g_assert_true(fl_date_parse_iso("2024-12-07", &date, NULL));
  GString *tsv = g_string_new(NULL), *json = g_string_new(NULL);
  g_assert_true(fl_pipeline_write_state(pipeline, &date, FL_TABLE_TSV, NULL, fl_table_sink_string,
                                        tsv, NULL));
  g_assert_true(fl_pipeline_write_state(pipeline, &date, FL_TABLE_JSON, NULL, fl_table_sink_string,
                                        json, NULL));
  g_assert_true(g_str_has_prefix(tsv->str, "place_id\tname\tlat\tlon\tfaction\tstatus"));
  g_assert_nonnull(strstr(tsv->str, "\nhoms\tHoms\t34.72682\t36.72339\trebels\theld\tconfirmed\t2024-12-07\t"));
  g_assert_true(g_str_has_prefix(json->str, "[\n  {\"place_id\": "));
  /* name is the map's label: French by default (the theatre's first language), else --lang's */
  g_assert_nonnull(strstr(tsv->str, "\naleppo\tAlep\t"));
  g_assert_nonnull(strstr(json->str, "{\"place_id\": \"aleppo\", \"name\": \"Alep\", "));
  g_string_truncate(tsv, 0);
  g_assert_true(fl_pipeline_write_state(pipeline, &date, FL_TABLE_TSV, "ar+en",
                                        fl_table_sink_string, tsv, NULL));
  g_assert_nonnull(strstr(tsv->str, "\naleppo\tحلب\t"));
  g_string_free(tsv, TRUE);
  g_string_free(json, TRUE);
  fl_pipeline_free(pipeline);
}

/* A lexicon with one bad row fails with file:line and what is wrong. */
static void
expect_bad_lexicon(const char *row, const char *needle)
{
  g_autofree char *dir = fl_test_write_theatre(
      "lexicon-bad",
      "id\tname\tname_fr\tname_en\tname_ar\tlat\tlon\tkind\tadmin1\tpopulation\tcountry\n"
      "hama\tHama\t\t\t\t35.13\t36.75\tgovernorate-seat\tHama\t0\tSY\n",
      "id\tlabel_fr\tlabel_en\tlabel_ar\tcolor\tvalid_from\tvalid_to\n"
      "government\tG\tG\t\t#e0301e\t\t\n",
      "place_id\tfaction\nhama\tgovernment\n");
  g_autofree char *contents = g_strconcat("kind\tphrase\tvalue\ncapture\tpris\t\n", row, NULL);
  g_free(fl_test_write_file(dir, "fr.tsv", contents, -1));
  GError *error = NULL;
  FlTheatre *theatre = fl_theatre_load(dir, &error);
  g_assert_no_error(error);
  g_assert_null(fl_lexicon_load(theatre, &error));
  g_assert_error(error, FL_EVENTS_ERROR, FL_EVENTS_ERROR_SYNTAX);
  g_autofree char *where = g_strdup_printf("fr.tsv:3: %s", needle);
  if (!strstr(error->message, where))
    g_error("message '%s' should say '%s'", error->message, where);
  g_error_free(error);
  fl_theatre_free(theatre);
}

static void
test_bad_lexicon(void)
{
  expect_bad_lexicon("seize\tsaisi*\t\n", "unknown kind 'seize'");
  expect_bad_lexicon("weekday\tjeudi\t9\n", "a weekday needs a value from 1");
  expect_bad_lexicon("month\tdecembre\tdouze\n", "value 'douze' is not a whole number");
  expect_bad_lexicon("days-ago\til y a jours\t-1\n", "days-ago needs a '#'");
  expect_bad_lexicon("capture\tpris\n", "2 columns, the header has 3");
  expect_bad_lexicon("span\tla semaine derniere\t-7\n", "a span needs the value 0");
  expect_bad_lexicon("region\tprovince de\t5\n", "region needs the value 0");
  expect_bad_lexicon("future\tsera\t3\n", "future takes the value 1");
  expect_bad_lexicon("capture\tprise de\t3\n", "capture takes the value 1");
  expect_bad_lexicon("abbreviation\tbrig gen\t\n", "an abbreviation is one word");
  expect_bad_lexicon("capture-passive\t_ controle\t\n", "'_' (an actor) stands only");
  expect_bad_lexicon("region\tsous controle _\t0\n", "'_' (an actor) stands only");
  expect_bad_lexicon("hold\tsous controle _\n", "2 columns, the header has 3");
  expect_bad_lexicon("toward\tpris\t\n", "the phrase 'pris' is already a capture row");
  expect_bad_lexicon("day-of-month\tle\t\n", "day-of-month needs a '#'");
}

/* A corrections file with one bad row fails with file:line and what is wrong. */
static void
expect_bad_corrections(const char *row, gint code, const char *needle)
{
  g_autofree char *dir = fl_test_scratch_dir("corrections-bad");
  g_autofree char *contents = g_strconcat("date\tplace_id\tfaction\tstatus\tnote\n", row, NULL);
  g_autofree char *path = fl_test_write_file(dir, "corrections.tsv", contents, -1);
  g_autofree char *theatre_dir = fl_test_source_path("gazetteer/syria");
  GError *error = NULL;
  FlTheatre *theatre = fl_theatre_load(theatre_dir, &error);
  g_assert_no_error(error);
  FlGazetteer *gazetteer = fl_gazetteer_new(theatre, &error);
  g_assert_no_error(error);
  g_assert_null(fl_corrections_load(theatre, gazetteer, path, &error));
  g_assert_error(error, FL_CONTROL_ERROR, code);
  if (!strstr(error->message, needle))
    g_error("message '%s' should say '%s'", error->message, needle);
  g_error_free(error);
  fl_gazetteer_free(gazetteer);
  fl_theatre_free(theatre);
}

static void
test_bad_corrections(void)
{
  expect_bad_corrections("2024-12-05\tatlantis\trebels\theld\t\n", FL_CONTROL_ERROR_REFERENCE,
                         "corrections.tsv:2: place_id: no place of the theatre is called "
                         "'atlantis' (give an id of places.tsv or a name)");
  expect_bad_corrections("2024-12-05\tbeirut\trebels\theld\t\n", FL_CONTROL_ERROR_REFERENCE,
                         "corrections.tsv:2: place_id: 'beirut' is outside the theatre "
                         "(foreign-capital, LB)");
  expect_bad_corrections("2024-12-05\tBeyrouth\trebels\theld\t\n", FL_CONTROL_ERROR_REFERENCE,
                         "'Beyrouth' (beirut) is outside the theatre");
  expect_bad_corrections("2024-12-05\tSuran\trebels\theld\t\n", FL_CONTROL_ERROR_REFERENCE,
                         "corrections.tsv:2: place_id: 'Suran' names 2 places of the theatre: "
                         "suran-hama (Hama), suran-aleppo (Aleppo); give its id");
  expect_bad_corrections("2024-12-05\thama\tjunta\theld\t\n", FL_CONTROL_ERROR_REFERENCE,
                         "corrections.tsv:2: unknown faction 'junta' (the theatre's: "
                         "government, isis, rebels, sdf, sfa, sna, south; empty for nobody)");
  expect_bad_corrections("2024-12-05\thama\trebels\tcaptured\t\n", FL_CONTROL_ERROR_VALUE,
                         "corrections.tsv:2: unknown status 'captured'");
  expect_bad_corrections("2024-11-20\thama\trebels\theld\t\n", FL_CONTROL_ERROR_VALUE,
                         "corrections.tsv:2: date 2024-11-20 is outside the theatre's period");
  expect_bad_corrections("2024-12-32\thama\trebels\theld\t\n", FL_CONTROL_ERROR_VALUE,
                         "corrections.tsv:2: date:");
  expect_bad_corrections("2024-12-05\thama\t\theld\t\n", FL_CONTROL_ERROR_VALUE,
                         "corrections.tsv:2: status 'held' needs a faction");
  expect_bad_corrections("2024-12-05\thama\trebels\tabandoned\t\n", FL_CONTROL_ERROR_VALUE,
                         "corrections.tsv:2: status 'abandoned' means nobody holds it");
  expect_bad_corrections("2024-12-05\thama\trebels\n", FL_CONTROL_ERROR_SYNTAX,
                         "corrections.tsv:2: 3 columns, the header has 5");
  /* two rows of one place and day that disagree, the place named two ways */
  expect_bad_corrections("2024-12-05\thama\trebels\theld\t\n"
                         "2024-12-05\thoms\tgovernment\theld\t\n"
                         "2024-12-05\tHamah\tgovernment\tbesieged\t\n",
                         FL_CONTROL_ERROR_CONFLICT,
                         "corrections.tsv:4: hama on 2024-12-05: 'government besieged' here but "
                         "'rebels held' at ");
}

/* Homs's history: the baseline, the denied withdrawal (evidence of nothing), the claimed
 * siege, the capture of 7 December; the printed timeline says what each did. */
static void
test_history(void)
{
  FlPipeline *pipeline = fl_test_run_examples();
  gint homs = fl_theatre_find_place(pipeline->theatre, "homs");
  g_assert_cmpint(homs, >=, 0);
  const GArray *history = fl_control_history(pipeline->control, (guint)homs);
  g_assert_cmpuint(history->len, >=, 4);
  const FlHistoryEntry *first = &g_array_index(history, FlHistoryEntry, 0);
  g_assert_null(first->event);
  g_assert_cmpint(first->state.confidence, ==, FL_CONFIDENCE_BASELINE);
  gboolean denied = FALSE, captured = FALSE;
  for (guint i = 1; i < history->len; i++) {
    const FlHistoryEntry *entry = &g_array_index(history, FlHistoryEntry, i);
    g_assert_nonnull(entry->event);
    if (entry->event->factuality == FL_FACT_DENIED) {
      denied = TRUE;
      g_assert_cmpint(entry->effect, ==, FL_EFFECT_NOT_FACTUAL);
      g_assert_cmpstr(holder(pipeline, "homs", "2024-12-06"), ==, "government");
    }
    if (entry->event->kind == FL_EVENT_CAPTURE && entry->effect == FL_EFFECT_APPLIED) {
      captured = TRUE;
      g_assert_cmpint(g_date_get_day(&entry->date), ==, 7);
    }
  }
  g_assert_true(denied);
  g_assert_true(captured);
  GString *out = g_string_new(NULL);
  g_assert_true(fl_pipeline_write_timeline(pipeline, (guint)homs, FL_TABLE_TSV,
                                           fl_table_sink_string, out, NULL));
  g_assert_true(g_str_has_prefix(out->str, "date\teffect\tkind"));
  g_assert_nonnull(strstr(out->str, "\tnot-factual\tloss\tgovernment\tdenied\t"));
  g_assert_nonnull(strstr(out->str, "prendre le contrôle total de Homs"));
  g_string_free(out, TRUE);
  fl_pipeline_free(pipeline);
}

/* A place by id, by name in any language, by alias; nothing outside the theatre, and a name
 * two places of the theatre bear is no one place. */
static void
test_find_place(void)
{
  FlPipeline *pipeline = fl_test_run_examples();
  const FlTheatre *theatre = pipeline->theatre;
  static const char *const names[][2] = {
      {"aleppo", "aleppo"}, {"Alep", "aleppo"}, {"Deir Ezzor", "deir-ez-zor"},
      {"  Damas ", "damascus"}, {"حلب", "aleppo"},
      {"Paris", NULL}, {"Beyrouth", NULL}, {"euphrates", NULL}, {"Homs Hama", NULL},
      {"Suran", NULL}, {"", NULL}};
  for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
    GError *error = NULL;
    gint place = fl_places_resolve(pipeline->gazetteer, names[i][0], &error);
    const char *got = place >= 0 ? ((const FlPlace *)theatre->places->pdata[place])->id : NULL;
    g_assert_cmpstr(got, ==, names[i][1]);
    if (got)
      g_assert_no_error(error);
    else
      g_assert_error(error, FL_PLACES_ERROR, FL_PLACES_ERROR_NAME);
    g_clear_error(&error);
  }
  fl_pipeline_free(pipeline);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/pipeline/places", test_places_found);
  g_test_add_func("/pipeline/dated-states", test_dated_states);
  g_test_add_func("/pipeline/acceptance-states", test_acceptance_states);
  g_test_add_func("/pipeline/denial-contests", test_denial_contests);
  g_test_add_func("/pipeline/control-changes", test_control_changes);
  g_test_add_func("/pipeline/no-change-back", test_no_change_back);
  g_test_add_func("/pipeline/as-known-on", test_as_known_on);
  g_test_add_func("/pipeline/tables", test_tables);
  g_test_add_func("/pipeline/bad-corrections", test_bad_corrections);
  g_test_add_func("/pipeline/bad-lexicon", test_bad_lexicon);
  g_test_add_func("/pipeline/history", test_history);
  g_test_add_func("/pipeline/find-place", test_find_place);
  return g_test_run();
}
