/* plan.c - a series of maps planned as one: the situation of every date worked out once, the
 * labels placed once clear of every arrow head of the series, one legend for all dates, the
 * changes of each date counted from the series' previous date, and the pictures of a PNG page.
 * Everything is made by fl_plan_new(); drawing only reads it. */
#include "render-internal.h"

#include <math.h>

const FlSituation *
fl_plan_situation(const FlPlan *plan, const GDate *date)
{
  if (!date || !g_date_valid(date))
    return NULL;
  return g_hash_table_lookup(plan->situations, GUINT_TO_POINTER(g_date_get_julian(date)));
}

static gint
compare_dates(gconstpointer a, gconstpointer b)
{
  return g_date_compare(a, b);
}

/* The dates sorted, or NULL when one is invalid or there is none. */
static GArray *
sorted_dates(const GDate *dates, guint n_dates, GError **error)
{
  GArray *sorted = g_array_sized_new(FALSE, FALSE, sizeof(GDate), n_dates);

  for (guint i = 0; i < n_dates; i++) {
    if (!g_date_valid(&dates[i]))
      break;
    g_array_append_val(sorted, dates[i]);
  }
  if (n_dates == 0 || sorted->len < n_dates) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW, "no valid date to plan");
    g_array_unref(sorted);
    return NULL;
  }
  g_array_sort(sorted, compare_dates);
  return sorted;
}

/* The situation of each date (sorted), the legend of them all and their arrow heads. */
static gboolean
plan_situations(FlPlan *plan, const GArray *sorted, GError **error)
{
  const FlMap *map = plan->map;
  double days = fl_style_number(map->style, FL_STYLE_CHANGES_DAYS);

  for (guint i = 0; i < sorted->len; i++) {
    const GDate *date = &g_array_index(sorted, GDate, i);
    GDate since = *date;
    guint julian = g_date_get_julian(date);
    if (g_hash_table_contains(plan->situations, GUINT_TO_POINTER(julian)))
      continue;
    if (i > 0)
      since = g_array_index(sorted, GDate, i - 1);
    else
      g_date_subtract_days(&since, (guint)days);
    FlSituation *situation =
        fl_situation_new(map, plan->control, date, days >= 1 ? &since : NULL, error);
    if (!situation)
      return FALSE;
    g_hash_table_insert(plan->situations, GUINT_TO_POINTER(julian), situation);
    fl_legend_add(plan->legend, map, situation);
    for (guint a = 0; situation->arrows && a < situation->arrows->len; a++) {
      FlRect box = fl_arrow_head_box(map, &g_array_index(situation->arrows, FlArrow, a));
      g_array_append_val(plan->heads, box);
    }
  }
  return TRUE;
}

/* The layout and the pictures, as parts asks: the pictures from the map's cache when it holds
 * them for this plan, else drawn (and kept there). */
static void
plan_layout(FlPlan *plan)
{
  const FlCacheKey *key = plan->map->cache_key;
  gboolean pictures = (plan->parts & FL_PLAN_PICTURES) != 0;
  guint8 digest[32];

  if (pictures && key) {
    fl_cache_plan_digest(plan, digest);
    plan->pictures_cached = fl_cache_load_plan(plan, digest);
  }
  if (!plan->pictures_cached || (plan->parts & FL_PLAN_LABELS))
    fl_labels_lay_out(plan, plan->pictures_cached);
  if (!pictures || plan->pictures_cached)
    return;
  fl_pictures_draw(plan);
  if (key && plan->pictures[FL_CACHE_UNDER])
    fl_cache_save_plan(plan, digest);
}

/* A warning for each place the story tells of whose point is off the map's frame, or under the
 * title when the plan has a layout: its label cannot be drawn there. */
static void
story_warnings(FlPlan *plan)
{
  const FlMap *map = plan->map;
  const FlRect *frame = &map->frame, *title = &plan->layout.title_box;
  gboolean titled = plan->parts & (FL_PLAN_LABELS | FL_PLAN_PICTURES) && title->width > 0 &&
                    fl_style_boolean(map->style, FL_STYLE_LAYERS_TITLE);

  for (guint i = 0; i < map->theatre->places->len; i++) {
    if (plan->story[i] != FL_STORY_TOLD)
      continue;
    const FlPlace *place = map->theatre->places->pdata[i];
    FlPagePoint p = map->place_xy[i];
    const char *where = NULL;
    if (isnan(p.x) || isnan(p.y) || p.x < frame->x || p.y < frame->y ||
        p.x > frame->x + frame->width || p.y > frame->y + frame->height)
      where = "falls outside the map's frame";
    else if (titled && p.x >= title->x && p.x <= title->x + title->width && p.y >= title->y &&
             p.y <= title->y + title->height)
      where = "falls under the title";
    if (where)
      g_ptr_array_add(plan->warnings,
                      g_strdup_printf("'%s' (%s), which the reports name, %s: its label is not "
                                      "drawn (--bbox, --size or the theatre's extent)",
                                      fl_place_label(place, map->lang), place->id, where));
  }
}

const GPtrArray *
fl_plan_warnings(const FlPlan *plan)
{
  return plan->warnings;
}

FlPlan *
fl_plan_new(const FlMap *map, const FlControl *control, const GDate *dates, guint n_dates,
            FlPlanParts parts, GError **error)
{
  GArray *sorted = sorted_dates(dates, n_dates, error);
  FlPlan *plan;

  if (!sorted)
    return NULL;
  plan = g_new0(FlPlan, 1);
  plan->map = map;
  plan->control = control;
  plan->parts = parts;
  plan->situations = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                           (GDestroyNotify)fl_situation_free);
  plan->legend = fl_legend_new(map);
  plan->heads = g_array_new(FALSE, FALSE, sizeof(FlRect));
  plan->warnings = g_ptr_array_new_with_free_func(g_free);
  if (!plan_situations(plan, sorted, error)) {
    g_array_unref(sorted);
    fl_plan_free(plan);
    return NULL;
  }
  plan->story = fl_labels_story(map, control, (const GDate *)sorted->data, sorted->len);
  g_array_unref(sorted);
  if (parts & (FL_PLAN_LABELS | FL_PLAN_PICTURES))
    plan_layout(plan);
  story_warnings(plan);
  return plan;
}

void
fl_plan_free(FlPlan *plan)
{
  if (!plan)
    return;
  g_hash_table_unref(plan->situations);
  fl_legend_free(plan->legend);
  g_array_unref(plan->heads);
  if (plan->warnings)
    g_ptr_array_unref(plan->warnings);
  g_free(plan->story);
  fl_layout_clear(&plan->layout);
  for (int i = 0; i < FL_N_CACHES; i++)
    fl_raster_free(plan->pictures[i]);
  g_free(plan);
}
