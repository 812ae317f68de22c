/* plan.c - a series of maps planned as one: the situation of every date worked out once, the
 * labels placed once clear of every arrow head of the series, one legend for all dates, the
 * changes of each date counted from the series' previous date, and the pictures of a PNG page.
 * Everything is made by fl_plan_new(); drawing only reads it. fl_map_date_digest() says what
 * the map of one date of it shows, so that batch redraws only the dates that changed. */
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

  if (key)
    fl_cache_plan_digest(plan, digest);
  if (pictures && key)
    plan->pictures_cached = fl_cache_load_plan(plan, digest);
  /* a page drawn in full only: its labels from the cache, else laid out and kept there */
  if (!pictures && key && fl_cache_load_labels(plan, digest)) {
    plan->labelled = TRUE;
    return;
  }
  if (!plan->pictures_cached || (plan->parts & FL_PLAN_LABELS))
    fl_labels_lay_out(plan, plan->pictures_cached);
  if (!pictures && key)
    fl_cache_save_labels(plan, digest);
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

/* ---- what the map of one date shows ---- */

static void
digest_day(GChecksum *checksum, const GDate *date)
{
  guint32 julian = date && g_date_valid(date) ? g_date_get_julian(date) : 0;
  FL_DIGEST_VALUE(checksum, julian);
}

/* Labels placed once for every date: the place, the text, its wrap and where it goes (the
 * leader's ends only when it has one: they are left unset otherwise). */
static void
digest_labels(GChecksum *checksum, const GArray *labels)
{
  guint32 count = labels ? labels->len : 0;
  FL_DIGEST_VALUE(checksum, count);
  for (guint i = 0; i < count; i++) {
    const FlLabel *label = &g_array_index(labels, FlLabel, i);
    gint32 wrap = pango_layout_get_width(label->layout);
    double where[] = {label->x, label->y, label->angle, label->leader ? 1 : 0};
    FL_DIGEST_VALUE(checksum, label->place);
    fl_digest_string(checksum, pango_layout_get_text(label->layout));
    FL_DIGEST_VALUE(checksum, wrap);
    FL_DIGEST_VALUE(checksum, where);
    if (label->leader) {
      FlPagePoint leader[] = {label->leader_from, label->leader_to};
      FL_DIGEST_VALUE(checksum, leader);
    }
  }
}

/* The layout, the same on every date of the plan: the labels, the roads' numbers, the areas'
 * names, what the layout fixed and the furniture's room. */
static void
digest_layout(GChecksum *checksum, const FlLayout *layout)
{
  const FlRect boxes[] = {layout->title_box, layout->legend_box, layout->scale_box,
                          layout->credits_box, layout->inset_box};
  guint32 count = layout->fixed ? layout->fixed->len : 0;

  digest_labels(checksum, layout->labels);
  digest_labels(checksum, layout->shields);
  digest_labels(checksum, layout->area_labels);
  FL_DIGEST_VALUE(checksum, count);
  if (count)
    fl_digest_bytes(checksum, layout->fixed->data, count * sizeof(FlItem));
  FL_DIGEST_VALUE(checksum, boxes);
  FL_DIGEST_VALUE(checksum, layout->legend_scale);
  FL_DIGEST_VALUE(checksum, layout->legend_columns);
}

/* A date's situation: what each place's mark says, and the arrows. The ground and the front
 * follow from the holders (and the map's zones). */
static void
digest_situation(GChecksum *checksum, const FlMap *map, const FlSituation *situation)
{
  guint n_places = map->theatre->places->len;

  for (guint p = 0; p < n_places; p++) {
    const FlPlaceState *state = &situation->states[p];
    gint32 mark[] = {state->faction, (gint32)state->status, (gint32)state->confidence,
                     (gint32)situation->bases[p], situation->changed[p] ? 1 : 0};
    FL_DIGEST_VALUE(checksum, mark);
    digest_day(checksum, &state->since);
  }
  digest_day(checksum, &situation->since);
  guint32 count = situation->arrows ? situation->arrows->len : 0;
  FL_DIGEST_VALUE(checksum, count);
  for (guint a = 0; a < count; a++) {
    const FlArrow *arrow = &g_array_index(situation->arrows, FlArrow, a);
    guint32 ids[] = {(guint32)arrow->faction, arrow->origin, arrow->target, arrow->n_captures,
                     (guint32)arrow->confidence, arrow->n_steps};
    FL_DIGEST_VALUE(checksum, ids);
    digest_day(checksum, &arrow->first);
    digest_day(checksum, &arrow->date);
    for (guint s = 0; s < arrow->n_steps && s < FL_ARROW_STEPS; s++) {
      FL_DIGEST_VALUE(checksum, arrow->steps[s].place);
      digest_day(checksum, &arrow->steps[s].date);
      FL_DIGEST_VALUE(checksum, arrow->steps[s].t);
    }
    fl_digest_bytes(checksum, arrow->points, sizeof arrow->points);
  }
}

char *
fl_map_date_digest(const FlMap *map, const FlPlan *plan, const GPtrArray *reports,
                   const GDate *date)
{
  const FlSituation *situation = fl_plan_situation(plan, date);
  if (!situation)
    return NULL;
  GChecksum *checksum = g_checksum_new(G_CHECKSUM_SHA256);
  digest_day(checksum, date);
  digest_day(checksum, &map->known_on);
  fl_digest_string(checksum, map->title);
  g_autofree char *legend = fl_legend_key(map, plan->legend);
  fl_digest_string(checksum, legend);
  digest_layout(checksum, &plan->layout);
  digest_situation(checksum, map, situation);
  /* the credits name the reports up to the date; "as known on" the time of the latest */
  g_autofree char *credits = fl_reports_line(reports, date);
  fl_digest_string(checksum, credits);
  for (guint i = 0; reports && i < reports->len; i++) {
    const FlReport *report = reports->pdata[i];
    if (!g_date_valid(&report->date) || g_date_compare(&report->date, date) <= 0)
      FL_DIGEST_VALUE(checksum, report->minute_of_day);
  }
  char *digest = g_strdup(g_checksum_get_string(checksum));
  g_checksum_free(checksum);
  return digest;
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
  /* a series: its PNGs differ from one another in a few bands of rows, which alone are
   * compressed (png.c) */
  if (n_dates > 1)
    plan->png_series = fl_png_series_new();
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
  fl_png_series_free(plan->png_series);
  g_free(plan);
}
