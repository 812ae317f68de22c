/* test-labels.c - label placement on the full example map, on the geometry the map draws: no
 * label over another, over a place's dot, over the furniture or over an arrow head, on any
 * date of the campaign; and in a series, every label at one place on every date. */
#include <frontline/frontline.h>

#include "harness.h"
#include "draw-internal.h"

static FlPipeline *pipeline;

static const char *const campaign[] = {
    "2024-11-26", "2024-11-27", "2024-11-28", "2024-11-29", "2024-11-30",
    "2024-12-01", "2024-12-02", "2024-12-03", "2024-12-04", "2024-12-05",
    "2024-12-06", "2024-12-07", "2024-12-08"};

static GArray *
campaign_dates(void)
{
  GArray *dates = g_array_new(FALSE, FALSE, sizeof(GDate));

  for (gsize i = 0; i < G_N_ELEMENTS(campaign); i++) {
    GDate date;
    g_assert_true(fl_date_parse_iso(campaign[i], &date, NULL));
    g_array_append_val(dates, date);
  }
  return dates;
}

static gboolean
overlap(const FlRect *a, const FlRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width && a->y < b->y + b->height &&
         b->y < a->y + a->height;
}

static const char *
place_id(gint place)
{
  return place >= 0 ? ((const FlPlace *)pipeline->theatre->places->pdata[place])->id : "-";
}

static const char *const kind_names[] = {"label", "dot", "furniture", "arrow head",
                                         "arrow's date"};

/* Every label is clear of every other item but its own place's dot. Returns the number of
 * labels. */
static guint
check_clear(const GArray *items, const char *date)
{
  guint labels = 0;

  for (guint i = 0; i < items->len; i++) {
    const FlItem *label = &g_array_index(items, FlItem, i);
    if (label->kind != FL_ITEM_LABEL && label->kind != FL_ITEM_ARROW_DATE)
      continue;
    labels += label->kind == FL_ITEM_LABEL;
    for (guint j = 0; j < items->len; j++) {
      const FlItem *other = &g_array_index(items, FlItem, j);
      if (j == i || (other->kind == FL_ITEM_MARK && other->place == label->place))
        continue;
      if (overlap(&label->box, &other->box))
        g_error("%s: the label of %s covers the %s of %s (%.1f,%.1f %.1fx%.1f over "
                "%.1f,%.1f %.1fx%.1f)",
                date, place_id(label->place), kind_names[other->kind], place_id(other->place),
                label->box.x, label->box.y, label->box.width, label->box.height, other->box.x,
                other->box.y, other->box.width, other->box.height);
    }
  }
  return labels;
}

/* Each date drawn alone, as `frontline render` does. */
static void
test_single_maps(void)
{
  FlMap *map = fl_map_new(pipeline->theatre, NULL, NULL);
  GArray *dates = campaign_dates();

  g_assert_nonnull(map);
  for (guint d = 0; d < dates->len; d++) {
    const GDate *date = &g_array_index(dates, GDate, d);
    FlPlan *plan = fl_plan_new(map, pipeline->control, date, 1, FL_PLAN_LABELS, NULL);
    g_assert_nonnull(plan);
    g_assert_cmpfloat(plan->layout.inset_box.width, >, 0);   /* the locator map is furniture too */
    GArray *items = fl_draw_items(plan, fl_plan_situation(plan, date));
    guint labels = check_clear(items, campaign[d]);
    g_assert_cmpuint(labels, >, 120);   /* the map is labelled, not emptied */
    g_array_unref(items);
    fl_plan_free(plan);
  }
  g_array_unref(dates);
  fl_map_free(map);
}

/* The story's places are named: on the default map of each date from the first day of the
 * offensive, in French and in English, every place the reports tell of since the baseline is
 * labelled. */
static void
test_story_named(void)
{
  static const char *const langs[] = {"fr", "en"};
  GArray *dates = campaign_dates();
  guint told = 0;

  for (gsize l = 0; l < G_N_ELEMENTS(langs); l++) {
    FlStyle *style = fl_style_new();
    FlMapOptions options;
    fl_map_options_init(&options);
    g_assert_true(fl_style_set(style, "labels.language", langs[l], "test", NULL));
    options.style = style;
    FlMap *map = fl_map_new(pipeline->theatre, &options, NULL);
    g_assert_nonnull(map);
    for (guint d = 1; d < dates->len; d++) {
      const GDate *date = &g_array_index(dates, GDate, d);
      FlPlan *plan = fl_plan_new(map, pipeline->control, date, 1, FL_PLAN_LABELS, NULL);
      g_assert_nonnull(plan);
      const guint8 *story = plan->story;
      g_autofree gboolean *labelled = g_new0(gboolean, pipeline->theatre->places->len);
      for (guint i = 0; i < plan->layout.labels->len; i++)
        labelled[g_array_index(plan->layout.labels, FlLabel, i).place] = TRUE;
      for (guint p = 0; p < pipeline->theatre->places->len; p++) {
        const FlPlace *place = pipeline->theatre->places->pdata[p];
        Rank rank = fl_place_rank(place);
        if (story[p] != FL_STORY_TOLD || rank == RANK_NONE || rank == RANK_FOREIGN_CITY ||
            !fl_on_frame(map, map->place_xy[p]))
          continue;
        told++;
        if (!labelled[p])
          g_error("%s, %s: %s is in the story but not labelled", campaign[d], langs[l],
                  place->id);
      }
      fl_plan_free(plan);
    }
    fl_map_free(map);
    fl_style_free(style);
  }
  g_assert_cmpuint(told, >, 20);   /* the offensive has a story */
  g_array_unref(dates);
}

/* The whole campaign as one series, as `frontline batch` plans it: the labels are clear of
 * the arrow heads of every date and stay where they are from date to date. */
static void
test_series(void)
{
  FlMap *map = fl_map_new(pipeline->theatre, NULL, NULL);
  GArray *dates = campaign_dates();
  GArray *first = NULL;
  guint heads = 0, dated = 0;

  g_assert_nonnull(map);
  FlPlan *plan = fl_plan_new(map, pipeline->control, (const GDate *)dates->data, dates->len,
                             FL_PLAN_LABELS, NULL);
  g_assert_nonnull(plan);
  for (guint d = 0; d < dates->len; d++) {
    const FlSituation *situation = fl_plan_situation(plan, &g_array_index(dates, GDate, d));
    g_assert_nonnull(situation);
    GArray *items = fl_draw_items(plan, situation);
    check_clear(items, campaign[d]);
    GArray *labels = g_array_new(FALSE, FALSE, sizeof(FlItem));
    for (guint i = 0; i < items->len; i++) {
      const FlItem *item = &g_array_index(items, FlItem, i);
      if (item->kind == FL_ITEM_LABEL)
        g_array_append_val(labels, *item);
      heads += item->kind == FL_ITEM_ARROW_HEAD;
      dated += item->kind == FL_ITEM_ARROW_DATE;
    }
    if (!first) {
      first = labels;
    } else {
      g_assert_cmpuint(labels->len, ==, first->len);
      for (guint i = 0; i < labels->len; i++) {
        const FlItem *a = &g_array_index(first, FlItem, i), *b = &g_array_index(labels, FlItem, i);
        if (a->place != b->place || a->box.x != b->box.x || a->box.y != b->box.y)
          g_error("%s: the label of %s moved", campaign[d], place_id(b->place));
      }
      g_array_unref(labels);
    }
    g_array_unref(items);
  }
  g_assert_cmpuint(heads, >, 6);    /* the campaign has advances to keep clear of */
  g_assert_cmpuint(dated, >=, heads / 2);  /* most arrows are dated */
  g_array_unref(first);
  g_array_unref(dates);
  fl_plan_free(plan);
  fl_map_free(map);
}

/* The series' legend lists what any of its maps shows: the arrows and the changes of the
 * offensive even on its first day, before either. */
static void
test_series_legend(void)
{
  FlMap *map = fl_map_new(pipeline->theatre, NULL, NULL);
  GArray *dates = campaign_dates();

  FlPlan *plan =
      fl_plan_new(map, pipeline->control, (const GDate *)dates->data, dates->len, 0, NULL);
  g_assert_nonnull(plan);
  g_assert_true(plan->legend->arrows);
  g_assert_true(plan->legend->changes);
  g_assert_true(plan->legend->front);
  const FlSituation *first =
      fl_plan_situation(plan, &g_array_index(dates, GDate, 0));
  g_assert_cmpuint(first->arrows->len, ==, 0);
  /* changes are counted from the previous date of the series */
  const FlSituation *aleppo_day =
      fl_plan_situation(plan, &g_array_index(dates, GDate, 4));
  const FlSituation *next_day =
      fl_plan_situation(plan, &g_array_index(dates, GDate, 5));
  gint aleppo = fl_theatre_find_place(pipeline->theatre, "aleppo");
  g_assert_cmpint(aleppo, >=, 0);
  g_assert_true(aleppo_day->changed[aleppo] || next_day->changed[aleppo] ||
                fl_plan_situation(plan, &g_array_index(dates, GDate, 3))
                    ->changed[aleppo]);
  g_assert_false(fl_plan_situation(plan, &g_array_index(dates, GDate, 12))
                     ->changed[aleppo]);
  g_array_unref(dates);
  fl_plan_free(plan);
  fl_map_free(map);
}

/* A page too narrow for the credits whole gets the sources and their licences only. */
static void
test_credits_short(void)
{
  g_autofree char *short_line = fl_credits_short(
      "Coasts, lakes: GSHHG/WDBII/DCW (Wessel & Smith, LGPL); reservoirs: \xC2\xA9 "
      "OpenStreetMap contributors (ODbL) \xC2\xB7 Places: GeoNames (CC BY 4.0)");
  g_assert_cmpstr(short_line, ==,
                  "GSHHG/WDBII/DCW (LGPL); \xC2\xA9 OpenStreetMap contributors (ODbL) \xC2\xB7 "
                  "GeoNames (CC BY 4.0)");
}

int
main(int argc, char **argv)
{
  int status;

  g_test_init(&argc, &argv, NULL);
  pipeline = fl_test_run_examples();
  g_test_add_func("/labels/credits-short", test_credits_short);
  g_test_add_func("/labels/single-maps", test_single_maps);
  g_test_add_func("/labels/story-named", test_story_named);
  g_test_add_func("/labels/series", test_series);
  g_test_add_func("/labels/series-legend", test_series_legend);
  status = g_test_run();
  fl_pipeline_free(pipeline);
  return status;
}
