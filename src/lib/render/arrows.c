/* arrows.c - each faction's recent advances, as curved arrows from the ground it held through
 * the places it took.
 *
 * Which captures: the changes of holder of the control timeline (fl_control_changes) in the
 * [arrows] days up to the map's date, read in reports, whose new holder still holds the place
 * on that date (an arrow into a place lost again since would mislead); a place taken twice
 * counts once, at its last change.
 *
 * Where an advance starts: at the place nearest to the captured one among those the same
 * faction held the day before, or took earlier the same day by a report (a place inferred
 * behind that advance is no start), no farther than ARROW_MAX_KM. With none (an isolated
 * capture far behind the lines, or a faction's first foothold) a capture can only continue an
 * axis: alone it has no arrow, and the dot alone says who holds the place.
 *
 * Axes (fl_arrow_axes): a capture continues an axis of its faction when it lies at most
 * [arrows] axis_km from the axis's last capture, at most axis_days after it, and beyond it: on
 * a bearing within axis_turn degrees of the axis's last leg between two captures, or, after
 * its first capture, within 1.5 times that (under 90) of the leg from its start (the ground
 * held nearest to a first capture says only roughly where an advance began); a claimed
 * capture continues only claimed ones and a confirmed one only confirmed ones, so a dashed
 * arrow is a claim. Captures are taken day by day; on a day, the capture nearest to the end
 * of an axis it continues joins it first, then a capture that continues none starts a new
 * axis from its start (the one nearest to its start first, so a column's captures of one day
 * chain). So a drive reads as one arrow (the pocket, Hama, Rastan, Homs), an isolated capture
 * or one in another direction keeps an arrow of its own, and two factions never share an axis.
 *
 * The arrow of an axis is a smooth curve (centripetal Catmull-Rom) from its start through its
 * captures to the latest one; an axis of one capture bends gently to the right of its way. Its
 * dated steps are its first capture, the capitals and region seats it took and its latest
 * capture, each date once (items.c places them beside the curve).
 *
 * Arrows are drawn under the place marks and the labels: labels are laid out once for every
 * date, arrows change with the date, and a label's halo keeps it readable over an arrow. The
 * head stops short of the captured place's dot, so the dot and its status stay visible. */
#include "render-internal.h"

#include <math.h>

#define RGB(c) ((c) >> 16 & 0xff) / 255.0, ((c) >> 8 & 0xff) / 255.0, ((c) & 0xff) / 255.0

#define ARROW_MAX_KM 150.0       /* no start farther than this from the captured place */

/* Drawing: sizes in pixels of a 1920x1080 page, multiplied by map->unit. */
/* The body's width where it meets the head is [arrows] width; the rest scales with it. */
#define ARROW_TAIL_WIDTH (1.0 / 3)   /* the body tapers to this at the tail... */
#define ARROW_TAPER 90.0             /* ...over at most this length */
#define ARROW_HEAD_LENGTH (13.0 / 3)
#define ARROW_HEAD_WIDTH (11.0 / 3)
#define ARROW_HALO_WIDTH 2.4         /* white around the arrow, half of it outside */
#define ARROW_EDGE_WIDTH 0.9         /* the outline, in [arrows] color */
#define ARROW_BEND 0.18          /* sideways offset of the curve's control point, per length */
#define ARROW_START_GAP 6.0      /* from the start place's point */
#define ARROW_END_GAP 10.0       /* from the captured place's point: clear of its dot */
#define ARROW_MIN_LENGTH 28.0    /* shorter advances are drawn this long, ending at the place */
#define ARROW_WAYPOINT_GAP 12.0  /* a capture this near the previous one replaces it on the way */
#define ARROW_SEGMENT_SAMPLES 16 /* per stretch between two places, before resampling */
#define ARROW_N (FL_ARROW_POINTS - 1)

int
fl_arrow_days(const FlMap *map)
{
  return (int)fl_style_number(map->style, FL_STYLE_ARROWS_DAYS);
}

/* A place that can start or end an arrow: a theatre place with a page point. */
static gboolean
usable(const FlMap *map, guint place)
{
  const FlPlace *p = map->theatre->places->pdata[place];

  return p->in_theatre && !isnan(map->place_xy[place].x) && !isnan(map->place_xy[place].y);
}

static double
gap(FlPagePoint a, FlPagePoint b)
{
  return hypot(a.x - b.x, a.y - b.y);
}

/* The place the advance of changes[k] starts from, or -1 (see the top of the file). */
static gint
arrow_origin(const FlMap *map, const FlControl *control, const GArray *changes, guint k)
{
  const FlControlChange *change = &g_array_index(changes, FlControlChange, k);
  guint n_places = map->theatre->places->len;
  gboolean *candidate = g_new0(gboolean, MAX(n_places, 1));
  double best_distance = ARROW_MAX_KM * map->projection.px_per_km;
  gint best = -1;
  GDate day_before = change->date;

  g_date_subtract_days(&day_before, 1);
  for (guint p = 0; p < n_places; p++) {
    FlPlaceState state;
    if (p == change->place || !usable(map, p))
      continue;
    fl_control_state_at(control, p, &day_before, &state);
    candidate[p] = state.faction == change->to_faction && state.status != FL_STATUS_ABANDONED;
  }
  for (guint j = 0; j < k; j++) {
    const FlControlChange *earlier = &g_array_index(changes, FlControlChange, j);
    if (earlier->evidence != NULL && earlier->to_faction == change->to_faction &&
        earlier->place != change->place && usable(map, earlier->place) &&
        g_date_compare(&earlier->date, &change->date) == 0)
      candidate[earlier->place] = TRUE;
  }
  for (guint p = 0; p < n_places; p++) {
    double d = candidate[p] ? gap(map->place_xy[p], map->place_xy[change->place]) : HUGE_VAL;
    if (d > 0 && d <= best_distance)
      best = (gint)p, best_distance = d;
  }
  g_free(candidate);
  return best;
}

/* ---- axes ---- */

typedef struct {
  gint faction;
  FlPagePoint end;     /* its last capture */
  double dx, dy;       /* the unit bearing of its last leg */
  GDate date;          /* of its last capture */
  guint n;             /* its captures */
  gboolean claimed;    /* they are claimed */
} Axis;

/* Whether capture c continues axis a; *d is then how far beyond a's end it is. The first leg
 * (from the ground held to the first capture) only says roughly where the advance began: a
 * second capture may turn half as much again from it (under 90 degrees: beyond the first). */
static gboolean
continues(const Axis *a, const FlCapture *c, const FlAxisRule *rule, double *d)
{
  double dx = c->at.x - a->end.x, dy = c->at.y - a->end.y;
  double turn = a->n > 1 ? rule->turn : MIN(1.5 * rule->turn, 89.9);

  *d = hypot(dx, dy);
  return a->faction == c->faction && a->claimed == c->claimed && *d > 0 && *d <= rule->step &&
         g_date_days_between(&a->date, &c->date) <= (gint)rule->days &&
         (dx * a->dx + dy * a->dy) / *d >= cos(turn * G_PI / 180);
}

static void
extend(Axis *a, const FlCapture *c, FlPagePoint from)
{
  double d = gap(from, c->at);

  a->dx = d > 0 ? (c->at.x - from.x) / d : 0;
  a->dy = d > 0 ? (c->at.y - from.y) / d : 0;
  a->end = c->at;
  a->date = c->date;
  a->n++;
}

guint
fl_arrow_axes(const FlCapture *captures, guint n, const FlAxisRule *rule, guint *axis)
{
  GArray *axes = g_array_new(FALSE, FALSE, sizeof(Axis));
  guint n_axes;

  for (guint i = 0; i < n; i++)
    axis[i] = FL_NO_AXIS;
  for (guint day = 0, next; day < n; day = next) {
    gboolean *pending = g_new0(gboolean, n);
    for (next = day; next < n && g_date_compare(&captures[next].date, &captures[day].date) == 0;
         next++)
      pending[next] = TRUE;
    for (;;) {
      guint best_axis = FL_NO_AXIS, best = FL_NO_AXIS;
      double best_d = HUGE_VAL, d;
      for (guint c = day; c < next; c++)
        for (guint a = 0; pending[c] && a < axes->len; a++)
          if (continues(&g_array_index(axes, Axis, a), &captures[c], rule, &d) && d < best_d)
            best_axis = a, best = c, best_d = d;
      if (best != FL_NO_AXIS) {
        Axis *a = &g_array_index(axes, Axis, best_axis);
        extend(a, &captures[best], a->end);
        axis[best] = best_axis, pending[best] = FALSE;
        continue;
      }
      /* no capture continues an axis: the one nearest to its start starts one */
      for (guint c = day; c < next; c++) {
        d = pending[c] ? gap(captures[c].from, captures[c].at) : NAN;
        if (d > 0 && d < best_d)   /* a NAN start compares false */
          best = c, best_d = d;
      }
      if (best == FL_NO_AXIS)
        break;
      Axis started = {captures[best].faction, {0, 0}, 0, 0, captures[best].date, 0,
                      captures[best].claimed};
      extend(&started, &captures[best], captures[best].from);
      g_array_append_val(axes, started);
      axis[best] = axes->len - 1, pending[best] = FALSE;
    }
    g_free(pending);
  }
  n_axes = axes->len;
  g_array_unref(axes);
  return n_axes;
}

/* ---- the curve ---- */

/* The point at t on the line through a (at ta) and b (at tb). */
static FlPagePoint
lerp(FlPagePoint a, FlPagePoint b, double ta, double tb, double t)
{
  double f = tb - ta > 1e-12 ? (t - ta) / (tb - ta) : 0;

  return (FlPagePoint){a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f};
}

/* The centripetal Catmull-Rom curve from p1 to p2 (p0 before, p3 after) at s in [0, 1]. */
static FlPagePoint
catmull_rom(FlPagePoint p0, FlPagePoint p1, FlPagePoint p2, FlPagePoint p3, double s)
{
  double t0 = 0, t1 = t0 + sqrt(gap(p0, p1)) + 1e-6, t2 = t1 + sqrt(gap(p1, p2)) + 1e-6;
  double t3 = t2 + sqrt(gap(p2, p3)) + 1e-6, t = t1 + (t2 - t1) * s;
  FlPagePoint a1 = lerp(p0, p1, t0, t1, t), a2 = lerp(p1, p2, t1, t2, t);
  FlPagePoint a3 = lerp(p2, p3, t2, t3, t);

  return lerp(lerp(a1, a2, t0, t2, t), lerp(a2, a3, t1, t3, t), t1, t2, t);
}

/* The quadratic Bezier from near from to near to, bending to the right of the way, sampled
 * into dense: an advance of one capture. */
static void
bent_curve(GArray *dense, FlPagePoint from, FlPagePoint to, double u)
{
  double dx = to.x - from.x, dy = to.y - from.y, length = hypot(dx, dy);
  double ux = length > 0 ? dx / length : 1, uy = length > 0 ? dy / length : 0;
  FlPagePoint head = {to.x - ux * ARROW_END_GAP * u, to.y - uy * ARROW_END_GAP * u};
  FlPagePoint tail = {from.x + ux * ARROW_START_GAP * u, from.y + uy * ARROW_START_GAP * u};

  length -= (ARROW_START_GAP + ARROW_END_GAP) * u;
  if (length < ARROW_MIN_LENGTH * u) {
    length = ARROW_MIN_LENGTH * u;
    tail = (FlPagePoint){head.x - ux * length, head.y - uy * length};
  }
  FlPagePoint bend = {(tail.x + head.x) / 2 - uy * ARROW_BEND * length,
                      (tail.y + head.y) / 2 + ux * ARROW_BEND * length};
  for (int i = 0; i <= 4 * ARROW_SEGMENT_SAMPLES; i++) {
    double t = (double)i / (4 * ARROW_SEGMENT_SAMPLES), a = (1 - t) * (1 - t);
    double b = 2 * (1 - t) * t, c = t * t;
    FlPagePoint p = {a * tail.x + b * bend.x + c * head.x, a * tail.y + b * bend.y + c * head.y};
    g_array_append_val(dense, p);
  }
}

/* The smooth curve through way (n >= 3 points), sampled into dense, less the gaps at its
 * ends. */
static void
smooth_curve(GArray *dense, const FlPagePoint *way, guint n, double u)
{
  GArray *full = g_array_new(FALSE, FALSE, sizeof(FlPagePoint));
  double start = ARROW_START_GAP * u, end = ARROW_END_GAP * u, length = 0, at = 0;

  for (guint i = 0; i + 1 < n; i++) {
    FlPagePoint p0 = i > 0 ? way[i - 1] : (FlPagePoint){2 * way[0].x - way[1].x,
                                                        2 * way[0].y - way[1].y};
    FlPagePoint p3 = i + 2 < n ? way[i + 2] : (FlPagePoint){2 * way[n - 1].x - way[n - 2].x,
                                                            2 * way[n - 1].y - way[n - 2].y};
    for (int k = i > 0; k <= ARROW_SEGMENT_SAMPLES; k++) {
      FlPagePoint p = catmull_rom(p0, way[i], way[i + 1], p3, (double)k / ARROW_SEGMENT_SAMPLES);
      g_array_append_val(full, p);
    }
  }
  for (guint i = 1; i < full->len; i++)
    length += gap(g_array_index(full, FlPagePoint, i - 1), g_array_index(full, FlPagePoint, i));
  if (length < start + end + ARROW_MIN_LENGTH * u)
    start = end = MAX(0, (length - ARROW_MIN_LENGTH * u) / 2);
  /* the stretch from start to length - end */
  for (guint i = 1; i < full->len; i++) {
    FlPagePoint a = g_array_index(full, FlPagePoint, i - 1);
    FlPagePoint b = g_array_index(full, FlPagePoint, i);
    double next = at + gap(a, b);
    if (next > start && at < length - end) {
      FlPagePoint p = lerp(a, b, at, next, MAX(at, start));
      if (dense->len == 0)
        g_array_append_val(dense, p);
      p = lerp(a, b, at, next, MIN(next, length - end));
      g_array_append_val(dense, p);
    }
    at = next;
  }
  g_array_unref(full);
}

/* dense resampled into points, FL_ARROW_POINTS evenly spaced along it. */
static void
resample(const GArray *dense, FlPagePoint *points)
{
  const FlPagePoint *d = (const FlPagePoint *)dense->data;
  double *cumulative = g_new(double, dense->len), total;
  guint j = 1;

  cumulative[0] = 0;
  for (guint i = 1; i < dense->len; i++)
    cumulative[i] = cumulative[i - 1] + gap(d[i - 1], d[i]);
  total = cumulative[dense->len - 1];
  for (int i = 0; i <= ARROW_N; i++) {
    double at = total * i / ARROW_N;
    while (j + 1 < dense->len && cumulative[j] < at)
      j++;
    points[i] = lerp(d[j - 1], d[j], cumulative[j - 1], cumulative[j], at);
  }
  g_free(cumulative);
}

/* Where along arrow's curve (0 to 1) it passes nearest to p. */
static double
nearest_t(const FlArrow *arrow, FlPagePoint p)
{
  int best = 0;

  for (int i = 1; i <= ARROW_N; i++)
    if (gap(arrow->points[i], p) < gap(arrow->points[best], p))
      best = i;
  return (double)best / ARROW_N;
}

/* Adds the step of capture change to arrow unless its date is the last step's. */
static void
add_step(FlArrow *arrow, const FlControlChange *change, double t)
{
  if (arrow->n_steps > 0 &&
      g_date_compare(&arrow->steps[arrow->n_steps - 1].date, &change->date) == 0)
    return;
  if (arrow->n_steps < FL_ARROW_STEPS)
    arrow->steps[arrow->n_steps++] = (FlArrowStep){change->place, change->date, t};
}

/* The arrow of an axis: the changes at members (n of them, in capture order), from origin. */
static FlArrow
axis_arrow(const FlMap *map, const GArray *changes, const guint *members, guint n, guint origin)
{
  const FlControlChange *first = &g_array_index(changes, FlControlChange, members[0]);
  const FlControlChange *last = &g_array_index(changes, FlControlChange, members[n - 1]);
  FlPagePoint *way = g_new(FlPagePoint, n + 1);
  GArray *dense = g_array_new(FALSE, FALSE, sizeof(FlPagePoint));
  FlArrow arrow = {last->to_faction, origin, last->place, first->date, last->date, n,
                   last->confidence, 0, {{0}}, {{0, 0}}};
  guint n_way = 1;

  way[0] = map->place_xy[origin];
  for (guint i = 0; i < n; i++) {
    FlPagePoint p = map->place_xy[g_array_index(changes, FlControlChange, members[i]).place];
    if (n_way > 1 && gap(way[n_way - 1], p) < ARROW_WAYPOINT_GAP * map->unit)
      n_way--;   /* the later capture stands for both */
    way[n_way++] = p;
  }
  if (n_way < 3)
    bent_curve(dense, way[0], way[n_way - 1], map->unit);
  else
    smooth_curve(dense, way, n_way, map->unit);
  resample(dense, arrow.points);
  if (n == 1) {
    add_step(&arrow, first, 0.5);
  } else {
    for (guint i = 0; i < n; i++) {
      const FlControlChange *change = &g_array_index(changes, FlControlChange, members[i]);
      const FlPlace *place = map->theatre->places->pdata[change->place];
      gboolean main = place->kind == FL_PLACE_CAPITAL || place->kind == FL_PLACE_REGION_SEAT;
      if (i == 0 || i == n - 1 || (main && arrow.n_steps < FL_ARROW_STEPS - 1))
        add_step(&arrow, change, nearest_t(&arrow, map->place_xy[change->place]));
    }
  }
  g_array_unref(dense);
  g_free(way);
  return arrow;
}

static gint
by_date(gconstpointer a, gconstpointer b)
{
  const FlArrow *x = a, *y = b;
  gint order = g_date_compare(&x->date, &y->date);

  if (order == 0)
    order = g_date_compare(&x->first, &y->first);
  return order != 0 ? order : (x->target > y->target) - (x->target < y->target);
}

GArray *
fl_arrows_new(const FlMap *map, const FlControl *control, const GDate *date,
              const FlPlaceState *states)
{
  GArray *arrows = g_array_new(FALSE, FALSE, sizeof(FlArrow));
  GArray *changes = fl_control_changes(control, date);
  GArray *captures = g_array_new(FALSE, FALSE, sizeof(FlCapture));
  GArray *taken = g_array_new(FALSE, FALSE, sizeof(guint));    /* index into changes */
  GArray *origins = g_array_new(FALSE, FALSE, sizeof(gint));
  guint *last_change = g_new(guint, MAX(map->theatre->places->len, 1));
  FlAxisRule rule = {fl_style_number(map->style, FL_STYLE_ARROWS_AXIS_KM) *
                         map->projection.px_per_km,
                     fl_style_number(map->style, FL_STYLE_ARROWS_AXIS_TURN),
                     (guint)fl_style_number(map->style, FL_STYLE_ARROWS_AXIS_DAYS)};
  GDate first = *date;

  g_date_subtract_days(&first, (guint)fl_arrow_days(map) - 1);
  for (guint k = 0; k < changes->len; k++)
    last_change[g_array_index(changes, FlControlChange, k).place] = k;
  for (guint k = 0; k < changes->len; k++) {
    const FlControlChange *change = &g_array_index(changes, FlControlChange, k);
    /* only captures read in reports move an arrow: a place passing to a faction's successor
     * or set by an analyst is no advance */
    if (change->evidence == NULL || g_date_compare(&change->date, &first) < 0 ||
        last_change[change->place] != k || !usable(map, change->place) ||
        states[change->place].faction != change->to_faction)
      continue;
    gint origin = arrow_origin(map, control, changes, k);
    FlCapture capture = {change->to_faction,
                         origin >= 0 ? map->place_xy[origin] : (FlPagePoint){NAN, NAN},
                         map->place_xy[change->place], change->date,
                         change->confidence == FL_CONFIDENCE_CLAIMED};
    g_array_append_val(captures, capture);
    g_array_append_val(taken, k);
    g_array_append_val(origins, origin);
  }
  guint *axis = g_new(guint, MAX(captures->len, 1)), *members = g_new(guint, MAX(captures->len, 1));
  guint n_axes = fl_arrow_axes((const FlCapture *)captures->data, captures->len, &rule, axis);
  for (guint a = 0; a < n_axes; a++) {
    guint n = 0;
    gint origin = -1;
    for (guint i = 0; i < captures->len; i++)
      if (axis[i] == a) {
        if (n == 0)
          origin = g_array_index(origins, gint, i);
        members[n++] = g_array_index(taken, guint, i);
      }
    FlArrow arrow = axis_arrow(map, changes, members, n, (guint)origin);
    g_array_append_val(arrows, arrow);
  }
  g_array_sort(arrows, by_date);
  g_free(members);
  g_free(axis);
  g_free(last_change);
  g_array_unref(origins);
  g_array_unref(taken);
  g_array_unref(captures);
  g_array_unref(changes);
  return arrows;
}

/* ---- drawing ---- */

/* The point at t of the curve (its points are evenly spaced). */
static FlPagePoint
curve_at(const FlArrow *arrow, double t)
{
  double at = CLAMP(t, 0, 1) * ARROW_N;
  int i = MIN((int)at, ARROW_N - 1);

  return lerp(arrow->points[i], arrow->points[i + 1], i, i + 1, at);
}

/* The unit normal to the left of the way at t. */
static FlPagePoint
normal_at(const FlArrow *arrow, double t)
{
  FlPagePoint a = curve_at(arrow, t - 1.0 / ARROW_N), b = curve_at(arrow, t + 1.0 / ARROW_N);
  double dx = b.x - a.x, dy = b.y - a.y, length = hypot(dx, dy);

  return length > 0 ? (FlPagePoint){dy / length, -dx / length} : (FlPagePoint){0, 0};
}

/* Where the head's base is on the curve (its t), for a body w wide at the head. */
static double
head_base(const FlArrow *arrow, double w)
{
  double length = fl_arrow_length(arrow);

  return length > 0 ? 1 - MIN(ARROW_HEAD_LENGTH * w, 0.45 * length) / length : 1;
}

double
fl_arrow_length(const FlArrow *arrow)
{
  double length = 0;

  for (int i = 1; i <= ARROW_N; i++)
    length += gap(arrow->points[i - 1], arrow->points[i]);
  return length;
}

/* The body's width at the head: [arrows] width. */
static double
arrow_width(const FlMap *map)
{
  return fl_style_number(map->style, FL_STYLE_ARROWS_WIDTH) * map->unit;
}

/* The outline of a tapered arrow whose body is w wide at the head: the body from the tail to
 * the head's base (tapered over its first ARROW_TAPER units), the head. */
static void
arrow_path(cairo_t *cr, const FlArrow *arrow, double w, double u)
{
  double t_base = head_base(arrow, w), body = t_base * fl_arrow_length(arrow);
  double taper = MIN(body, ARROW_TAPER * u);
  FlPagePoint left[ARROW_N + 1], right[ARROW_N + 1];

  for (int i = 0; i <= ARROW_N; i++) {
    double f = (double)i / ARROW_N, t = f * t_base;
    double grown = taper > 0 ? MIN(1, f * body / taper) : 1;
    double half = (ARROW_TAIL_WIDTH + grown * (1 - ARROW_TAIL_WIDTH)) * w / 2;
    FlPagePoint p = curve_at(arrow, t), n = normal_at(arrow, t);
    left[i] = (FlPagePoint){p.x + n.x * half, p.y + n.y * half};
    right[i] = (FlPagePoint){p.x - n.x * half, p.y - n.y * half};
  }
  FlPagePoint base = curve_at(arrow, t_base), n = normal_at(arrow, t_base);
  double wing = ARROW_HEAD_WIDTH * w / 2;

  cairo_new_path(cr);
  cairo_move_to(cr, left[0].x, left[0].y);
  for (int i = 1; i <= ARROW_N; i++)
    cairo_line_to(cr, left[i].x, left[i].y);
  cairo_line_to(cr, base.x + n.x * wing, base.y + n.y * wing);
  cairo_line_to(cr, arrow->points[ARROW_N].x, arrow->points[ARROW_N].y);
  cairo_line_to(cr, base.x - n.x * wing, base.y - n.y * wing);
  for (int i = ARROW_N; i >= 0; i--)
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
  double w = arrow_width(map);
  double t_base = head_base(arrow, w);
  FlPagePoint base = curve_at(arrow, t_base), n = normal_at(arrow, t_base);
  double wing = ARROW_HEAD_WIDTH * w / 2, halo = ARROW_HALO_WIDTH * map->unit / 2;
  FlPagePoint head = arrow->points[ARROW_N];
  double xs[] = {base.x + n.x * wing, base.x - n.x * wing, head.x};
  double ys[] = {base.y + n.y * wing, base.y - n.y * wing, head.y};
  double x0 = MIN(MIN(xs[0], xs[1]), xs[2]), x1 = MAX(MAX(xs[0], xs[1]), xs[2]);
  double y0 = MIN(MIN(ys[0], ys[1]), ys[2]), y1 = MAX(MAX(ys[0], ys[1]), ys[2]);

  return (FlRect){x0 - halo, y0 - halo, x1 - x0 + 2 * halo, y1 - y0 + 2 * halo};
}

static void
draw_arrow(cairo_t *cr, const FlMap *map, const FlArrow *arrow, guint32 color)
{
  double u = map->unit, dash[] = {2 * u, 1.5 * u};
  guint32 edge = fl_style_color(map->style, FL_STYLE_ARROWS_COLOR);

  arrow_path(cr, arrow, arrow_width(map), u);
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
  GArray *dense = g_array_new(FALSE, FALSE, sizeof(FlPagePoint));

  arrow.confidence = FL_CONFIDENCE_CONFIRMED;
  bent_curve(dense, (FlPagePoint){x0 - ARROW_START_GAP * u, y + 3 * u},
             (FlPagePoint){x1 + ARROW_END_GAP * u, y - 3 * u}, u);
  resample(dense, arrow.points);
  g_array_unref(dense);
  cairo_save(cr);
  draw_arrow(cr, map, &arrow, color);
  cairo_restore(cr);
}
