/* arrows.c - each faction's recent advances, as curved arrows from the ground it held to the
 * places it took.
 *
 * Which captures: the changes of holder of the control timeline (fl_control_changes) in the
 * ARROW_DAYS days up to the map's date, whose new holder still holds the place on that date
 * (an arrow into a place lost again since would mislead).
 *
 * Where an arrow starts: at the place the advance most plausibly came from, that is the place
 * nearest to the captured one among those the same faction held the day before, or took
 * earlier the same day by a report (earlier in the order of the reports; a place inferred
 * behind that advance is no start), no farther than ARROW_MAX_KM.
 * The faction's previous capture is preferred over that nearest place when it is at most
 * ARROW_CHAIN_SLACK times farther: a column that has just taken a town goes on from there, so
 * successive captures along one axis draw as one chain (Aleppo -> Hama -> Homs), while a
 * capture on another axis starts from the ground nearest to it (a flanking village held all
 * along rather than a town taken 100 km away). With no place within ARROW_MAX_KM (an isolated
 * capture far behind the lines, or a faction's first foothold) there is no arrow: the dot
 * alone says who holds the place.
 *
 * Arrows are drawn under the place marks and the labels: labels are laid out once for every
 * date, arrows change with the date, and a label's halo keeps it readable over an arrow. The
 * head stops short of the captured place's dot, so the dot and its status stay visible. */
#include "render-internal.h"

#include <math.h>

#define RGB(c) ((c) >> 16 & 0xff) / 255.0, ((c) >> 8 & 0xff) / 255.0, ((c) & 0xff) / 255.0

#define ARROW_DAYS FL_ARROW_DAYS /* captures of the last two weeks up to the map's date */
#define ARROW_MAX_KM 150.0       /* no start farther than this from the captured place */
#define ARROW_CHAIN_SLACK 1.3    /* the previous capture wins when at most this much farther */

/* Drawing: sizes in pixels of a 1920x1080 page, multiplied by map->unit. */
/* The body's width where it meets the head is [arrows] width; the rest scales with it. */
#define ARROW_TAIL_WIDTH (1.0 / 3)   /* the body tapers to this at the tail */
#define ARROW_HEAD_LENGTH (13.0 / 3)
#define ARROW_HEAD_WIDTH (11.0 / 3)
#define ARROW_HALO_WIDTH 2.4         /* white around the arrow, half of it outside */
#define ARROW_EDGE_WIDTH 0.9         /* the outline, in [arrows] color */
#define ARROW_BEND 0.18          /* sideways offset of the curve's control point, per length */
#define ARROW_START_GAP 6.0      /* from the start place's point */
#define ARROW_END_GAP 10.0       /* from the captured place's point: clear of its dot */
#define ARROW_MIN_LENGTH 28.0    /* shorter advances are drawn this long, ending at the place */
#define ARROW_SAMPLES 24

/* A place that can start or end an arrow: a theatre place with a page point. */
static gboolean
usable(const FlMap *map, guint place)
{
  const FlPlace *p = map->theatre->places->pdata[place];

  return p->in_theatre && !isnan(map->place_xy[place].x) && !isnan(map->place_xy[place].y);
}

static double
distance(const FlMap *map, guint a, guint b)
{
  return hypot(map->place_xy[a].x - map->place_xy[b].x, map->place_xy[a].y - map->place_xy[b].y);
}

/* The place the advance of changes[k] starts from, or -1 (see the top of the file). */
static gint
arrow_origin(const FlMap *map, const FlControl *control, const GArray *changes, guint k)
{
  const FlControlChange *change = &g_array_index(changes, FlControlChange, k);
  guint n_places = map->theatre->places->len;
  gboolean *candidate = g_new0(gboolean, MAX(n_places, 1));
  double max = ARROW_MAX_KM * map->projection.px_per_km, best_distance = HUGE_VAL;
  gint best = -1, previous = -1;
  GDate day_before = change->date, campaign = change->date;

  g_date_subtract_days(&day_before, 1);
  g_date_subtract_days(&campaign, ARROW_DAYS);
  for (guint p = 0; p < n_places; p++) {
    FlPlaceState state;
    if (p == change->place || !usable(map, p))
      continue;
    fl_control_state_at(control, p, &day_before, &state);
    candidate[p] = state.faction == change->to_faction && state.status != FL_STATUS_ABANDONED;
  }
  for (guint j = 0; j < k; j++) {
    const FlControlChange *earlier = &g_array_index(changes, FlControlChange, j);
    if (earlier->evidence == NULL || earlier->to_faction != change->to_faction ||
        earlier->place == change->place || !usable(map, earlier->place))
      continue;
    if (g_date_compare(&earlier->date, &change->date) == 0)
      candidate[earlier->place] = TRUE;
    if (g_date_compare(&earlier->date, &campaign) >= 0)
      previous = (gint)earlier->place;
  }
  for (guint p = 0; p < n_places; p++) {
    double d = candidate[p] ? distance(map, p, change->place) : HUGE_VAL;
    if (d > 0 && d <= max && d < best_distance)
      best = (gint)p, best_distance = d;
  }
  if (previous >= 0 && candidate[previous] && previous != best) {
    double d = distance(map, (guint)previous, change->place);
    if (d > 0 && d <= max && d <= ARROW_CHAIN_SLACK * best_distance)
      best = previous;
  }
  g_free(candidate);
  return best;
}

/* The curve from near from to near to, bending to the right of the way. */
static void
shape_arrow(FlArrow *arrow, FlPagePoint from, FlPagePoint to, double u)
{
  double dx = to.x - from.x, dy = to.y - from.y, length = hypot(dx, dy);
  double ux = dx / length, uy = dy / length;

  arrow->head = (FlPagePoint){to.x - ux * ARROW_END_GAP * u, to.y - uy * ARROW_END_GAP * u};
  arrow->tail = (FlPagePoint){from.x + ux * ARROW_START_GAP * u, from.y + uy * ARROW_START_GAP * u};
  length -= (ARROW_START_GAP + ARROW_END_GAP) * u;
  if (length < ARROW_MIN_LENGTH * u) {
    length = ARROW_MIN_LENGTH * u;
    arrow->tail = (FlPagePoint){arrow->head.x - ux * length, arrow->head.y - uy * length};
  }
  arrow->bend = (FlPagePoint){(arrow->tail.x + arrow->head.x) / 2 - uy * ARROW_BEND * length,
                              (arrow->tail.y + arrow->head.y) / 2 + ux * ARROW_BEND * length};
}

GArray *
fl_arrows_new(const FlMap *map, const FlControl *control, const GDate *date,
              const FlPlaceState *states)
{
  GArray *arrows = g_array_new(FALSE, FALSE, sizeof(FlArrow));
  GArray *changes = fl_control_changes(control, date);
  GDate first = *date;

  g_date_subtract_days(&first, ARROW_DAYS - 1);
  for (guint k = 0; k < changes->len; k++) {
    const FlControlChange *change = &g_array_index(changes, FlControlChange, k);
    /* only captures read in reports move an arrow: a place passing to a faction's successor
     * or set by an analyst is no advance */
    if (change->evidence == NULL || g_date_compare(&change->date, &first) < 0 ||
        !usable(map, change->place) || states[change->place].faction != change->to_faction)
      continue;
    gint origin = arrow_origin(map, control, changes, k);
    if (origin < 0)
      continue;
    FlArrow arrow = {change->to_faction, (guint)origin, change->place, change->date,
                     change->confidence, {0, 0}, {0, 0}, {0, 0}};
    shape_arrow(&arrow, map->place_xy[origin], map->place_xy[change->place], map->unit);
    g_array_append_val(arrows, arrow);
  }
  g_array_unref(changes);
  return arrows;
}

/* ---- drawing ---- */

static FlPagePoint
curve_at(const FlArrow *arrow, double t)
{
  double a = (1 - t) * (1 - t), b = 2 * (1 - t) * t, c = t * t;

  return (FlPagePoint){a * arrow->tail.x + b * arrow->bend.x + c * arrow->head.x,
                       a * arrow->tail.y + b * arrow->bend.y + c * arrow->head.y};
}

/* The unit normal to the left of the way at t. */
static FlPagePoint
normal_at(const FlArrow *arrow, double t)
{
  double dx =
      2 * (1 - t) * (arrow->bend.x - arrow->tail.x) + 2 * t * (arrow->head.x - arrow->bend.x);
  double dy =
      2 * (1 - t) * (arrow->bend.y - arrow->tail.y) + 2 * t * (arrow->head.y - arrow->bend.y);
  double length = hypot(dx, dy);

  return length > 0 ? (FlPagePoint){dy / length, -dx / length} : (FlPagePoint){0, 0};
}

/* Where the head's base is on the curve (its t), for a body w wide at the head, with the
 * curve's cumulative length at each sample. */
static double
head_base(const FlArrow *arrow, double w, double cumulative[ARROW_SAMPLES + 1])
{
  double head_length, t_base = 1;

  cumulative[0] = 0;
  for (int i = 1; i <= ARROW_SAMPLES; i++) {
    FlPagePoint a = curve_at(arrow, (double)(i - 1) / ARROW_SAMPLES);
    FlPagePoint b = curve_at(arrow, (double)i / ARROW_SAMPLES);
    cumulative[i] = cumulative[i - 1] + hypot(b.x - a.x, b.y - a.y);
  }
  head_length = MIN(ARROW_HEAD_LENGTH * w, 0.45 * cumulative[ARROW_SAMPLES]);
  for (int i = ARROW_SAMPLES; i > 0; i--) {
    double from_tip = cumulative[ARROW_SAMPLES] - cumulative[i - 1];
    if (from_tip >= head_length) {
      double span = cumulative[i] - cumulative[i - 1];
      double back = head_length - (cumulative[ARROW_SAMPLES] - cumulative[i]);
      t_base = (i - (span > 0 ? back / span : 0)) / ARROW_SAMPLES;
      break;
    }
  }
  return t_base;
}

/* The body's width at the head: [arrows] width. */
static double
arrow_width(const FlMap *map)
{
  return fl_style_number(map->style, FL_STYLE_ARROWS_WIDTH) * map->unit;
}

/* The outline of a tapered arrow whose body is w wide at the head: the body from the tail to
 * the head's base, the head. */
static void
arrow_path(cairo_t *cr, const FlArrow *arrow, double w)
{
  double cumulative[ARROW_SAMPLES + 1];
  double t_base = head_base(arrow, w, cumulative);
  FlPagePoint left[ARROW_SAMPLES + 1], right[ARROW_SAMPLES + 1];

  for (int i = 0; i <= ARROW_SAMPLES; i++) {
    double f = (double)i / ARROW_SAMPLES, t = f * t_base;
    double half = (ARROW_TAIL_WIDTH + f * (1 - ARROW_TAIL_WIDTH)) * w / 2;
    FlPagePoint p = curve_at(arrow, t), n = normal_at(arrow, t);
    left[i] = (FlPagePoint){p.x + n.x * half, p.y + n.y * half};
    right[i] = (FlPagePoint){p.x - n.x * half, p.y - n.y * half};
  }
  FlPagePoint base = curve_at(arrow, t_base), n = normal_at(arrow, t_base);
  double wing = ARROW_HEAD_WIDTH * w / 2;

  cairo_new_path(cr);
  cairo_move_to(cr, left[0].x, left[0].y);
  for (int i = 1; i <= ARROW_SAMPLES; i++)
    cairo_line_to(cr, left[i].x, left[i].y);
  cairo_line_to(cr, base.x + n.x * wing, base.y + n.y * wing);
  cairo_line_to(cr, arrow->head.x, arrow->head.y);
  cairo_line_to(cr, base.x - n.x * wing, base.y - n.y * wing);
  for (int i = ARROW_SAMPLES; i >= 0; i--)
    cairo_line_to(cr, right[i].x, right[i].y);
  cairo_close_path(cr);
}

FlPagePoint
fl_arrow_point(const FlArrow *arrow, double t, FlPagePoint *normal)
{
  if (normal)
    *normal = normal_at(arrow, t);
  return curve_at(arrow, t);
}

FlRect
fl_arrow_head_box(const FlMap *map, const FlArrow *arrow)
{
  double cumulative[ARROW_SAMPLES + 1], w = arrow_width(map);
  double t_base = head_base(arrow, w, cumulative);
  FlPagePoint base = curve_at(arrow, t_base), n = normal_at(arrow, t_base);
  double wing = ARROW_HEAD_WIDTH * w / 2, halo = ARROW_HALO_WIDTH * map->unit / 2;
  double xs[] = {base.x + n.x * wing, base.x - n.x * wing, arrow->head.x};
  double ys[] = {base.y + n.y * wing, base.y - n.y * wing, arrow->head.y};
  double x0 = MIN(MIN(xs[0], xs[1]), xs[2]), x1 = MAX(MAX(xs[0], xs[1]), xs[2]);
  double y0 = MIN(MIN(ys[0], ys[1]), ys[2]), y1 = MAX(MAX(ys[0], ys[1]), ys[2]);

  return (FlRect){x0 - halo, y0 - halo, x1 - x0 + 2 * halo, y1 - y0 + 2 * halo};
}

static void
draw_arrow(cairo_t *cr, const FlMap *map, const FlArrow *arrow, guint32 color)
{
  double u = map->unit, dash[] = {2 * u, 1.5 * u};
  guint32 edge = fl_style_color(map->style, FL_STYLE_ARROWS_COLOR);

  arrow_path(cr, arrow, arrow_width(map));
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
  cairo_set_line_width(cr, ARROW_HALO_WIDTH * u);
  cairo_stroke_preserve(cr);
  cairo_set_source_rgb(cr, RGB(color));
  cairo_fill_preserve(cr);
  cairo_set_source_rgba(cr, RGB(edge >> 8), 0.85 * (edge & 0xff) / 255.0);
  cairo_set_line_width(cr, ARROW_EDGE_WIDTH * u);
  if (arrow->confidence == FL_CONFIDENCE_CLAIMED)
    cairo_set_dash(cr, dash, 2, 0);
  cairo_stroke(cr);
  cairo_set_dash(cr, NULL, 0, 0);
}

void
fl_arrows_draw(cairo_t *cr, const FlMap *map, const FlSituation *situation)
{
  cairo_save(cr);
  for (guint i = 0; situation->arrows && i < situation->arrows->len; i++) {
    const FlArrow *arrow = &g_array_index(situation->arrows, FlArrow, i);
    draw_arrow(cr, map, arrow, map->faction_colors[arrow->faction]);
  }
  cairo_restore(cr);
}

void
fl_arrows_draw_sample(cairo_t *cr, const FlMap *map, double x0, double x1, double y,
                      guint32 color)
{
  double u = map->unit;
  FlArrow arrow = {0};

  arrow.confidence = FL_CONFIDENCE_CONFIRMED;
  shape_arrow(&arrow, (FlPagePoint){x0 - ARROW_START_GAP * u, y + 3 * u},
              (FlPagePoint){x1 + ARROW_END_GAP * u, y - 3 * u}, u);
  cairo_save(cr);
  draw_arrow(cr, map, &arrow, color);
  cairo_restore(cr);
}
