/* plan.c - a series of maps planned as one: the situation of every date worked out once, the
 * labels placed once clear of every arrow head of the series, one legend for all dates, and
 * the changes of each date counted from the series' previous date. */
#include "render-internal.h"

const FlSituation *
fl_plan_situation(const FlMap *map, const FlControl *control, const GDate *date)
{
  if (!map->plan || control != map->plan_control || !g_date_valid(date))
    return NULL;
  return g_hash_table_lookup(map->plan, GUINT_TO_POINTER(g_date_get_julian(date)));
}

void
fl_plan_clear(FlMap *map)
{
  g_clear_pointer(&map->plan, g_hash_table_unref);
  g_clear_pointer(&map->legend, fl_legend_free);
  map->plan_control = NULL;
}

static gint
compare_dates(gconstpointer a, gconstpointer b)
{
  return g_date_compare(a, b);
}

gboolean
fl_map_plan(FlMap *map, const FlControl *control, const GDate *dates, guint n_dates,
            GError **error)
{
  GArray *sorted = g_array_sized_new(FALSE, FALSE, sizeof(GDate), n_dates);
  GHashTable *plan = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                           (GDestroyNotify)fl_situation_free);
  FlLegend *legend = fl_legend_new(map);
  GArray *heads = g_array_new(FALSE, FALSE, sizeof(FlRect));
  double days = fl_style_number(map->style, FL_STYLE_CHANGES_DAYS);
  gboolean ok = FALSE;

  for (guint i = 0; i < n_dates; i++) {
    if (!g_date_valid(&dates[i])) {
      g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW, "no valid date to plan");
      goto out;
    }
    g_array_append_val(sorted, dates[i]);
  }
  g_array_sort(sorted, compare_dates);
  for (guint i = 0; i < sorted->len; i++) {
    const GDate *date = &g_array_index(sorted, GDate, i);
    GDate since = *date;
    guint julian = g_date_get_julian(date);
    if (g_hash_table_contains(plan, GUINT_TO_POINTER(julian)))
      continue;
    if (i > 0)
      since = g_array_index(sorted, GDate, i - 1);
    else
      g_date_subtract_days(&since, (guint)days);
    FlSituation *situation =
        fl_situation_new(map, control, date, days >= 1 ? &since : NULL, error);
    if (!situation)
      goto out;
    g_hash_table_insert(plan, GUINT_TO_POINTER(julian), situation);
    fl_legend_add(legend, map, situation);
    for (guint a = 0; situation->arrows && a < situation->arrows->len; a++) {
      FlRect box = fl_arrow_head_box(map, &g_array_index(situation->arrows, FlArrow, a));
      g_array_append_val(heads, box);
    }
  }
  fl_plan_clear(map);
  map->plan = g_steal_pointer(&plan);
  map->legend = g_steal_pointer(&legend);
  map->plan_control = control;
  /* the labels are placed again for the plan's arrow heads (fl_draw_layout), and the pictures
   * that hold them drawn or found again */
  if (map->heads)
    g_array_unref(map->heads);
  map->heads = g_steal_pointer(&heads);
  map->laid_out = FALSE;
  map->furnished = FALSE;   /* the legend's room follows what the plan's legend lists */
  g_clear_pointer(&map->fixed, g_array_unref);
  for (int i = 0; i < FL_N_CACHES; i++)
    g_clear_pointer(&map->cache[i], fl_raster_free);
  if (map->cache_key)
    map->cache_key->has_pictures = FALSE;
  ok = TRUE;
out:
  if (plan)
    g_hash_table_unref(plan);
  fl_legend_free(legend);
  if (heads)
    g_array_unref(heads);
  g_array_unref(sorted);
  return ok;
}
