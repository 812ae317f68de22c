/* items.c - what a map shows where: the boxes the layout fixed (labels, dots, furniture), the
 * arrow heads of a date and the arrows' dates placed where they cover nothing; the tests check
 * the placement with them, and the arrows' dates are drawn where they are placed here. */
#include "draw-internal.h"

#include <math.h>

/* ---- what is where ---- */

static void
add_item(GArray *items, FlItemKind kind, gint place, FlRect box)
{
  FlItem item = {kind, place, box};

  g_array_append_val(items, item);
}

/* What the layout fixed, the same on every date: labels, shields, dots, furniture. */
GArray *
fl_items_fixed(const FlMap *map, const FlLayout *layout)
{
  GArray *items = g_array_new(FALSE, FALSE, sizeof(FlItem));
  const FlRect *furniture[] = {&layout->title_box, &layout->legend_box, &layout->scale_box,
                               &layout->credits_box, &layout->inset_box};

  for (guint i = 0; i < layout->labels->len; i++) {
    const FlLabel *label = &g_array_index(layout->labels, FlLabel, i);
    add_item(items, FL_ITEM_LABEL, (gint)label->place, fl_label_box(label));
  }
  for (guint i = 0; i < layout->shields->len; i++)
    add_item(items, FL_ITEM_LABEL, -1, fl_label_box(&g_array_index(layout->shields, FlLabel, i)));
  for (guint i = 0; i < layout->area_labels->len; i++)
    add_item(items, FL_ITEM_LABEL, -1,
             fl_label_box(&g_array_index(layout->area_labels, FlLabel, i)));
  for (guint i = 0; i < map->theatre->places->len; i++) {
    Rank rank = fl_place_rank(map->theatre->places->pdata[i]);
    FlPagePoint p = map->place_xy[i];
    double r = fl_dot_radius(map, rank) * map->unit;
    if (rank != RANK_NONE && fl_on_frame(map, p))
      add_item(items, FL_ITEM_MARK, (gint)i, (FlRect){p.x - r, p.y - r, 2 * r, 2 * r});
  }
  for (gsize i = 0; i < G_N_ELEMENTS(furniture); i++)
    add_item(items, FL_ITEM_FURNITURE, -1, *furniture[i]);
  return items;
}

/* Everything fixed before the arrows' dates: what the layout fixed and the arrow heads. */
GArray *
fl_items_base(const FlPlan *plan, const FlSituation *situation)
{
  const FlMap *map = plan->map;
  GArray *items = g_array_new(FALSE, FALSE, sizeof(FlItem));

  if (plan->layout.fixed)
    g_array_append_vals(items, plan->layout.fixed->data, plan->layout.fixed->len);
  for (guint i = 0; situation && situation->arrows && i < situation->arrows->len; i++) {
    const FlArrow *arrow = &g_array_index(situation->arrows, FlArrow, i);
    add_item(items, FL_ITEM_ARROW_HEAD, (gint)arrow->target, fl_arrow_head_box(map, arrow));
  }
  return items;
}

#define ARROW_DATE_SIZE 10.5

/* Places the date of one step of arrow where it covers nothing of items: beside the curve
 * at the step, then a little before or after it (along[] units of the page, at most a tenth of
 * a one-step arrow's length), on either side. */
static gboolean
place_step_date(const FlMap *map, const FlArrow *arrow, const FlArrowStep *step, FlLabel *tag,
                GArray *items)
{
  static const double along[] = {0, -10, 10, -20, 20, -32, 32};
  double u = map->unit, w, h, length = fl_arrow_length(arrow);
  double scale = arrow->n_captures > 1 ? u / MAX(length, 1) : 0.12 / 32;

  fl_layout_size(tag->layout, &w, &h);
  for (gsize k = 0; k < G_N_ELEMENTS(along); k++) {
    double t = step->t + along[k] * scale;
    if (t < 0.04 || t > 0.96)
      continue;
    FlPagePoint n, p = fl_arrow_point(arrow, t, &n);
    for (int side = -1; side <= 1; side += 2) {
      /* the box's nearest corner or edge clear of the curve by 4 units */
      double reach = 4 * u + 0.5 * (fabs(n.x) * w + fabs(n.y) * h);
      double cx = p.x + side * n.x * reach, cy = p.y + side * n.y * reach;
      FlRect box = {cx - w / 2, cy - h / 2 + 0.1 * h, w, 0.8 * h};
      gboolean free = box.x >= map->frame.x && box.y >= map->frame.y &&
                      box.x + box.width <= map->frame.x + map->frame.width &&
                      box.y + box.height <= map->frame.y + map->frame.height;
      for (guint j = 0; free && j < items->len; j++)
        free = !fl_rect_overlaps(&box, &g_array_index(items, FlItem, j).box);
      if (!free)
        continue;
      tag->x = cx - w / 2;
      tag->y = cy - h / 2;
      add_item(items, FL_ITEM_ARROW_DATE, (gint)step->place, fl_label_box(tag));
      return TRUE;
    }
  }
  return FALSE;
}

/* The dates of each arrow's steps ("27 nov." at its start, "5 déc." at Hama), beside its curve
 * where they cover nothing of items (which grows with each date placed). Returns a GArray of
 * FlLabel (place: the step's place) with owned layouts. */
GArray *
fl_arrow_dates(const FlMap *map, const FlSituation *situation, GArray *items)
{
  const Words *words = map->words;
  GArray *dates = g_array_new(FALSE, FALSE, sizeof(FlLabel));
  double u = map->unit;

  for (guint i = 0; situation->arrows && i < situation->arrows->len; i++) {
    const FlArrow *arrow = &g_array_index(situation->arrows, FlArrow, i);
    for (guint s = 0; s < arrow->n_steps; s++) {
      const FlArrowStep *step = &arrow->steps[s];
      const char *month = words->short_months[g_date_get_month(&step->date) - 1];
      g_autofree char *text = g_strdup_printf("%d %s", g_date_get_day(&step->date), month);
      FlLabel tag = {step->place, fl_text_layout(map->pango, text, ARROW_DATE_SIZE * u,
                                                 PANGO_WEIGHT_SEMIBOLD, PANGO_STYLE_NORMAL),
                     0, 0, 0, FALSE, {0, 0}, {0, 0}};
      if (place_step_date(map, arrow, step, &tag, items))
        g_array_append_val(dates, tag);
      else
        g_object_unref(tag.layout);
    }
  }
  return dates;
}

GArray *
fl_draw_items(const FlPlan *plan, const FlSituation *situation)
{
  GArray *items = fl_items_base(plan, situation);

  if (situation && fl_draw_shown(plan->map, FL_STYLE_LAYERS_ARROWS))
    fl_labels_free(fl_arrow_dates(plan->map, situation, items));
  return items;
}
