/* labels.c - label placement: greedily, the story's towns first, each label at the first of 8
 * positions around its dot where it covers no other label, no dot, no furniture and no arrow
 * head of the plan's dates; river names along their river, road numbers in shields, country
 * names, the names of the areas drawn apart. What does not fit is dropped. Laid out once per
 * plan by fl_labels_lay_out(), so a series of dates shows every label at the same place. */
#include "draw-internal.h"

#include <math.h>
#include <string.h>

/* Something a label must not cover: furniture, arrow heads, placed labels (dot_rank -1) and
 * dots (their rank). A leader line may cross the small dots. */
typedef struct {
  FlRect box;
  gint dot_rank;
} Obstacle;

/* Inside the frame and over no obstacle, but the dots of rank ignore_from and lower. */
static gboolean
is_free(const FlMap *map, const GArray *taken, const FlRect *box, gint ignore_from)
{
  if (box->x < map->frame.x || box->y < map->frame.y ||
      box->x + box->width > map->frame.x + map->frame.width ||
      box->y + box->height > map->frame.y + map->frame.height)
    return FALSE;
  for (guint i = 0; i < taken->len; i++) {
    const Obstacle *o = &g_array_index(taken, Obstacle, i);
    if ((o->dot_rank < 0 || o->dot_rank < ignore_from) && fl_rect_overlaps(box, &o->box))
      return FALSE;
  }
  return TRUE;
}

static void
take(GArray *taken, FlRect box, gint dot_rank)
{
  Obstacle o = {box, dot_rank};

  g_array_append_val(taken, o);
}

/* The leader of a label set away from its dot at `at`: from the dot's edge to the box's
 * nearest point, a little short of both. FALSE when they are too close for a line. */
static gboolean
leader_line(const FlMap *map, FlPagePoint at, double radius, const FlRect *box,
            FlPagePoint *from, FlPagePoint *to)
{
  double nx = CLAMP(at.x, box->x, box->x + box->width);
  double ny = CLAMP(at.y, box->y, box->y + box->height);
  double dx = nx - at.x, dy = ny - at.y, length = hypot(dx, dy);
  double start = radius + 1.5 * map->unit, end = length - 1.0 * map->unit;

  if (end - start < 3 * map->unit)
    return FALSE;
  *from = (FlPagePoint){at.x + dx / length * start, at.y + dy / length * start};
  *to = (FlPagePoint){at.x + dx / length * end, at.y + dy / length * end};
  return TRUE;
}

/* The small squares a leader from a to b is checked and taken as, 2 units apart. Newly
 * allocated. */
static GArray *
leader_squares(const FlMap *map, FlPagePoint a, FlPagePoint b)
{
  double step = 2 * map->unit, length = hypot(b.x - a.x, b.y - a.y);
  int n = MAX(1, (int)ceil(length / step));
  GArray *squares = g_array_sized_new(FALSE, FALSE, sizeof(FlRect), (guint)n + 1);

  for (int i = 0; i <= n; i++) {
    double t = (double)i / n;
    FlRect square = {a.x + t * (b.x - a.x) - 0.75 * map->unit,
                     a.y + t * (b.y - a.y) - 0.75 * map->unit, 1.5 * map->unit,
                     1.5 * map->unit};
    g_array_append_val(squares, square);
  }
  return squares;
}

/* Whether the leader from a to b, of the dot at `at`, crosses nothing taken but small dots
 * and its own dot. */
static gboolean
leader_free(const FlMap *map, const GArray *taken, FlPagePoint at, FlPagePoint a, FlPagePoint b)
{
  g_autoptr(GArray) squares = leader_squares(map, a, b);

  for (guint i = 0; i < squares->len; i++) {
    const FlRect *square = &g_array_index(squares, FlRect, i);
    for (guint k = 0; k < taken->len; k++) {
      const Obstacle *o = &g_array_index(taken, Obstacle, k);
      gboolean own = o->dot_rank >= 0 && at.x >= o->box.x && at.x <= o->box.x + o->box.width &&
                     at.y >= o->box.y && at.y <= o->box.y + o->box.height;
      if (!own && (o->dot_rank < 0 || o->dot_rank < RANK_DISTRICT) &&
          fl_rect_overlaps(square, &o->box))
        return FALSE;
    }
  }
  return TRUE;
}

static void
take_leader(const FlMap *map, GArray *taken, FlPagePoint a, FlPagePoint b)
{
  g_autoptr(GArray) squares = leader_squares(map, a, b);

  for (guint i = 0; i < squares->len; i++)
    take(taken, g_array_index(squares, FlRect, i), -1);
}

/* The top-left corner of a label w x h set gap away from the dot at `at` in position i of a
 * ring: the 8 first (right, left, above, below, then the diagonals), then the 8 between them
 * (right of above, and so on round). */
static void
label_position(FlPagePoint at, double gap, double w, double h, int i, double *x, double *y)
{
  static const double between[8] = {-3, -1, 1, 3, 5, 7, 9, 11};   /* times pi / 8 */
  double d = gap * 0.75;
  const double first[8][2] = {
    {at.x + gap, at.y - h / 2},     {at.x - gap - w, at.y - h / 2},
    {at.x - w / 2, at.y - gap - h}, {at.x - w / 2, at.y + gap},
    {at.x + d, at.y - d - h},       {at.x - d - w, at.y - d - h},
    {at.x + d, at.y + d},           {at.x - d - w, at.y + d},
  };

  if (i < 8) {
    *x = first[i][0];
    *y = first[i][1];
    return;
  }
  double angle = between[i - 8] * G_PI / 8, c = cos(angle), s = sin(angle);
  double reach = gap + 0.5 * (fabs(c) * w + fabs(s) * h);
  *x = at.x + c * reach - w / 2;
  *y = at.y + s * reach - h / 2;
}

/* Tries n_positions (8 or 16) positions around a dot, rings times, each ring farther out by
 * half the label's height, and keeps the first free one: TRUE with *label moved there and its
 * box taken. A label beyond the first ring gets a leader line to its dot, which must cross
 * nothing either. */
static gboolean
place_label(const FlMap *map, GArray *taken, FlLabel *label, FlPagePoint at, double radius,
            double clearance, int rings, int n_positions)
{
  double w, h;
  fl_layout_size(label->layout, &w, &h);

  for (int ring = 0; ring < rings; ring++) {
    double gap = radius + 2 * map->unit + clearance + ring * 0.5 * h;
    for (int i = 0; i < n_positions; i++) {
      double x, y;
      label_position(at, gap, w, h, i, &x, &y);
      FlRect box = {x - clearance, y - clearance + 0.1 * h, w + 2 * clearance,
                    0.8 * h + 2 * clearance};
      FlRect text = {x, y + 0.1 * h, w, 0.8 * h};
      FlPagePoint from = {0, 0}, to = {0, 0};   /* set only for a leader */
      gboolean leader = ring > 0 && leader_line(map, at, radius, &text, &from, &to);
      if (!is_free(map, taken, &box, G_MAXINT) ||
          (leader && !leader_free(map, taken, at, from, to)))
        continue;
      label->x = x;
      label->y = y;
      label->leader = leader;
      label->leader_from = from;
      label->leader_to = to;
      take(taken, box, -1);
      if (leader)
        take_leader(map, taken, from, to);
      return TRUE;
    }
  }
  return FALSE;
}

/* The order of the places' labels: the capital, the region seats and the foreign
 * capitals, each rank the story's first; then the other places the reports tell of, those
 * that changed hands, the rest with a population, the foreign cities where they fit (for
 * bearings beyond the border), and the villages of no known population. */
typedef enum {
  TIER_MAIN,
  TIER_TOLD,
  TIER_CHANGED,
  TIER_OTHER,
  TIER_FOREIGN,
  TIER_UNPEOPLED,
} Tier;

typedef struct {
  guint place;
  Rank rank;
  Tier tier;
  FlStory story;
  gint64 population;
} Candidate;

static gint
compare_candidates(gconstpointer a, gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->tier != y->tier)
    return x->tier < y->tier ? -1 : 1;
  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  if (x->story != y->story)
    return x->story > y->story ? -1 : 1;
  if (x->population != y->population)
    return x->population > y->population ? -1 : 1;
  return x->place < y->place ? -1 : x->place > y->place;
}

guint8 *
fl_labels_story(const FlMap *map, const FlControl *control, const GDate *dates, guint n_dates)
{
  guint n_places = map->theatre->places->len;
  guint8 *story = g_new0(guint8, n_places);
  GDate until = dates[0];

  for (guint i = 1; i < n_dates; i++)
    if (g_date_compare(&dates[i], &until) > 0)
      until = dates[i];
  g_autoptr(GArray) changes = fl_control_changes(control, &until);
  for (guint i = 0; i < changes->len; i++)
    story[g_array_index(changes, FlControlChange, i).place] = FL_STORY_CHANGED;
  for (guint i = 0; i < n_places; i++)
    if (fl_control_told(control, i, &until))
      story[i] = FL_STORY_TOLD;
  return story;
}

/* The places that get a label, best first. */
static GArray *
label_candidates(const FlMap *map, const guint8 *story)
{
  static const Tier tiers[] = {TIER_OTHER, TIER_CHANGED, TIER_TOLD};
  GArray *candidates = g_array_new(FALSE, FALSE, sizeof(Candidate));
  const GPtrArray *places = map->theatre->places;

  for (guint i = 0; i < places->len; i++) {
    const FlPlace *place = places->pdata[i];
    Candidate c = {i, fl_place_rank(place), TIER_MAIN, story[i], place->population};
    if (c.rank == RANK_NONE || !fl_on_frame(map, map->place_xy[i]))
      continue;
    if (c.rank == RANK_FOREIGN_CITY)
      c.tier = TIER_FOREIGN;
    else if (c.rank >= RANK_DISTRICT)
      c.tier = c.story == FL_STORY_NONE && c.population <= 0 ? TIER_UNPEOPLED : tiers[c.story];
    g_array_append_val(candidates, c);
  }
  g_array_sort(candidates, compare_candidates);
  return candidates;
}

/* A place's label: its name in the map's language, and in the second one under it when the
 * style asks for two and the names differ. */
static PangoLayout *
place_layout(const FlMap *map, const FlPlace *place, Rank rank)
{
  static const FlStyleKey size[] = {
    FL_STYLE_LABELS_CAPITAL, FL_STYLE_LABELS_REGION_SEAT, FL_STYLE_LABELS_FOREIGN_CAPITAL,
    FL_STYLE_LABELS_DISTRICT, FL_STYLE_LABELS_OTHER,
    FL_STYLE_LABELS_OTHER,   /* foreign cities */
  };
  const char *name = fl_place_label(place, map->lang);
  const char *other = map->other_lang ? fl_place_label(place, map->other_lang) : name;
  g_autofree char *text = g_str_equal(name, other) ? g_strdup(name)
                                                   : g_strconcat(name, "\n", other, NULL);
  PangoLayout *layout =
      fl_text_layout(map->pango, text, fl_draw_style_number(map, size[rank]) * map->unit,
                     rank == RANK_CAPITAL ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                     rank == RANK_FOREIGN_CAPITAL || rank == RANK_FOREIGN_CITY
                         ? PANGO_STYLE_ITALIC
                         : PANGO_STYLE_NORMAL);

  pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
  return layout;
}

/* Every dot is an obstacle for labels, and so are the furniture and the arrow heads. */
static GArray *
obstacles(const FlMap *map, const FlLayout *layout, const GArray *heads)
{
  GArray *taken = g_array_new(FALSE, FALSE, sizeof(Obstacle));
  const FlRect *furniture[] = {&layout->title_box, &layout->legend_box, &layout->scale_box,
                               &layout->credits_box, &layout->inset_box};

  for (gsize i = 0; i < G_N_ELEMENTS(furniture); i++)
    take(taken, *furniture[i], -1);
  for (guint i = 0; heads && i < heads->len; i++)
    take(taken, g_array_index(heads, FlRect, i), -1);
  for (guint i = 0; i < map->theatre->places->len; i++) {
    Rank rank = fl_place_rank(map->theatre->places->pdata[i]);
    FlPagePoint p = map->place_xy[i];
    double r = fl_dot_radius(map, rank) * map->unit + 1.5 * map->unit;
    if (rank == RANK_NONE || !fl_on_frame(map, p))
      continue;
    take(taken, (FlRect){p.x - r, p.y - r, 2 * r, 2 * r}, rank);
  }
  return taken;
}

#define TOLD_RINGS 10      /* the rings tried around a place the reports tell of */
#define CHANGED_RINGS 4    /* ... around one that changed hands */

/* A label for a place, where it covers nothing: the capital, the region seats and the
 * story's places, which must be named, are also tried a little farther from their dot. */
static gboolean
place_one(const FlMap *map, GArray *taken, FlLabel *label, Rank rank, FlStory story)
{
  FlPagePoint at = map->place_xy[label->place];
  double radius = fl_dot_radius(map, rank) * map->unit;
  double clearance = (rank >= RANK_DISTRICT ? 3.0 : 1.5) * map->unit;

  int rings = rank <= RANK_REGION_SEAT ? 6 : rank == RANK_DISTRICT ? 2 : 1;

  if (story == FL_STORY_TOLD)
    rings = MAX(rings, TOLD_RINGS);
  else if (story == FL_STORY_CHANGED)
    rings = MAX(rings, CHANGED_RINGS);
  return place_label(map, taken, label, at, radius, clearance, rings,
                     story || rank <= RANK_DISTRICT ? 16 : 8);
}

/* The point of the big rivers (WDBII levels 1-4) nearest to p, and the direction there. */
static gboolean
nearest_river(const FlMap *map, FlPagePoint p, FlPagePoint *at, double *angle, guint *part_index,
              guint *point_index)
{
  const FlShapes *rivers = &map->layers[FL_LAYER_RIVERS];
  double best = HUGE_VAL;

  for (guint s = 0; s < rivers->shapes->len; s++) {
    const FlShape *shape = &g_array_index(rivers->shapes, FlShape, s);
    if (shape->attr < 1 || shape->attr > 4)
      continue;
    for (guint k = 0; k < shape->n_parts; k++) {
      guint index = shape->first_part + k;
      const FlPart *part = &g_array_index(rivers->parts, FlPart, index);
      const FlPagePoint *pts = &g_array_index(rivers->points, FlPagePoint, part->first);
      for (guint i = 0; i + 1 < part->n; i++) {
        double dx = pts[i + 1].x - pts[i].x, dy = pts[i + 1].y - pts[i].y;
        double len2 = dx * dx + dy * dy;
        double t =
            len2 > 0 ? CLAMP(((p.x - pts[i].x) * dx + (p.y - pts[i].y) * dy) / len2, 0, 1) : 0;
        double x = pts[i].x + t * dx, y = pts[i].y + t * dy, d = hypot(p.x - x, p.y - y);
        if (d < best) {
          best = d;
          *at = (FlPagePoint){x, y};
          *part_index = index;
          *point_index = i;
        }
      }
    }
  }
  if (best == HUGE_VAL)
    return FALSE;
  *angle = 0;
  return TRUE;
}

/* The direction of a river's part around point i, over about span page units each way, kept
 * upright. */
static double
river_angle(const FlMap *map, guint part_index, guint i, double span)
{
  const FlShapes *rivers = &map->layers[FL_LAYER_RIVERS];
  const FlPart *part = &g_array_index(rivers->parts, FlPart, part_index);
  const FlPagePoint *pts = &g_array_index(rivers->points, FlPagePoint, part->first);
  guint a = i, b = MIN(i + 1, part->n - 1);
  double angle;

  while (a > 0 && hypot(pts[a].x - pts[i].x, pts[a].y - pts[i].y) < span)
    a--;
  while (b + 1 < part->n && hypot(pts[b].x - pts[i].x, pts[b].y - pts[i].y) < span)
    b++;
  angle = atan2(pts[b].y - pts[a].y, pts[b].x - pts[a].x);
  if (angle > G_PI / 2)
    angle -= G_PI;
  if (angle < -G_PI / 2)
    angle += G_PI;
  return angle;
}

#define RIVER_STEP 15.0 /* units: the step along a river between the points its name tries */
#define RIVER_STEPS 36  /* the steps tried each way */
#define RIVER_PARTS 4   /* the parts of a river line a name's walk may go into */

/* A walk along a big river: the part, the point in it, and the way through it (1 or -1). */
typedef struct {
  guint part, point;
  int way;
} RiverWalk;

/* The big river's part, other than `part`, one of whose ends is at p (within a unit): the
 * river's next stretch, entered at that end. FALSE when there is none. */
static gboolean
river_next_part(const FlMap *map, RiverWalk *walk, FlPagePoint p)
{
  const FlShapes *rivers = &map->layers[FL_LAYER_RIVERS];

  for (guint s = 0; s < rivers->shapes->len; s++) {
    const FlShape *shape = &g_array_index(rivers->shapes, FlShape, s);
    if (shape->attr < 1 || shape->attr > 4)
      continue;
    for (guint k = 0; k < shape->n_parts; k++) {
      guint index = shape->first_part + k;
      const FlPart *part = &g_array_index(rivers->parts, FlPart, index);
      const FlPagePoint *pts = &g_array_index(rivers->points, FlPagePoint, part->first);
      if (index == walk->part || part->n < 2)
        continue;
      for (int end = 0; end < 2; end++) {
        guint i = end ? part->n - 1 : 0;
        if (hypot(pts[i].x - p.x, pts[i].y - p.y) <= map->unit) {
          *walk = (RiverWalk){index, i, end ? -1 : 1};
          return TRUE;
        }
      }
    }
  }
  return FALSE;
}

/* Walks `distance` page units along the river, from one part into the next where they meet
 * (up to RIVER_PARTS parts). FALSE when the river ends first. */
static gboolean
river_walk(const FlMap *map, RiverWalk *walk, double distance)
{
  const FlShapes *rivers = &map->layers[FL_LAYER_RIVERS];
  double walked = 0;
  int parts = 0;

  while (walked < distance) {
    const FlPart *part = &g_array_index(rivers->parts, FlPart, walk->part);
    const FlPagePoint *pts = &g_array_index(rivers->points, FlPagePoint, part->first);
    gboolean inside = walk->way > 0 ? walk->point + 1 < part->n : walk->point > 0;
    if (!inside) {
      if (++parts > RIVER_PARTS || !river_next_part(map, walk, pts[walk->point]))
        return FALSE;
      continue;
    }
    guint next = walk->way > 0 ? walk->point + 1 : walk->point - 1;
    walked += hypot(pts[next].x - pts[walk->point].x, pts[next].y - pts[walk->point].y);
    walk->point = next;
  }
  return TRUE;
}

/* Rivers' names: in italics along the river, beside it near the gazetteer's point of the
 * river, or farther along it up and down; placed after the capital, the region seats and the
 * places of the story, before the other villages, only where they cover nothing. */
static void
place_river_names(const FlMap *map, FlLayout *out, GArray *taken)
{
  double u = map->unit;

  for (guint i = 0; i < map->theatre->places->len; i++) {
    const FlPlace *place = map->theatre->places->pdata[i];
    FlPagePoint at = {0, 0};
    double angle = 0, w, h;
    guint part_index = 0, point_index = 0;
    if (place->kind != FL_PLACE_RIVER || !fl_on_frame(map, map->place_xy[i]) ||
        !nearest_river(map, map->place_xy[i], &at, &angle, &part_index, &point_index))
      continue;
    FlLabel label = {i, fl_text_layout(map->pango, fl_place_label(place, map->lang),
                                    fl_draw_style_number(map, FL_STYLE_LABELS_OTHER) * 1.05 * u,
                                    PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC),
                     0, 0, 0, FALSE, {0, 0}, {0, 0}};
    const FlShapes *rivers = &map->layers[FL_LAYER_RIVERS];
    gboolean placed = FALSE;
    fl_layout_size(label.layout, &w, &h);
    /* along the river from the nearest point: 0, then 1, 2, ... RIVER_STEPS steps each way */
    for (int step = 0; step <= 2 * RIVER_STEPS && !placed; step++) {
      int offset = (step + 1) / 2 * (step % 2 ? 1 : -1);
      RiverWalk walk = {part_index, point_index, offset > 0 ? 1 : -1};
      if (!river_walk(map, &walk, fabs((double)offset) * RIVER_STEP * u))
        continue;
      const FlPart *part = &g_array_index(rivers->parts, FlPart, walk.part);
      FlPagePoint on = step == 0 ? at : g_array_index(rivers->points, FlPagePoint,
                                                      part->first + walk.point);
      angle = river_angle(map, walk.part, walk.point, w / 2);
      for (int side = -1; side <= 1 && !placed; side += 2) {
        double off = side * (h / 2 + 2 * u);
        double cx = on.x - sin(angle) * off, cy = on.y + cos(angle) * off;
        FlRect box = fl_turned_box(cx - w / 2, cy - h / 2, w, h, angle);
        if (!is_free(map, taken, &box, G_MAXINT))
          continue;
        label.x = cx - w / 2;
        label.y = cy - h / 2;
        label.angle = angle;
        take(taken, box, -1);
        placed = TRUE;
      }
    }
    if (placed)
      g_array_append_val(out->labels, label);
    else
      g_object_unref(label.layout);
  }
}

/* The roads' numbers in shields, on the road midway between two of its places, trying the
 * middle stretch first; only where they cover nothing. */
static void
place_road_shields(const FlMap *map, FlLayout *out, GArray *taken)
{
  double u = map->unit;

  for (guint r = 0; r < map->theatre->roads->len; r++) {
    const FlRoad *road = map->theatre->roads->pdata[r];
    GArray *points = fl_road_points(map, road);
    FlLabel shield = {r, fl_text_layout(map->pango, road->ref, SHIELD_SIZE * u, PANGO_WEIGHT_BOLD,
                                     PANGO_STYLE_NORMAL),
                      0, 0, 0, FALSE, {0, 0}, {0, 0}};
    double w, h;
    gboolean placed = FALSE;
    fl_layout_size(shield.layout, &w, &h);
    for (guint k = 0; k + 1 < points->len && !placed; k++) {
      /* the stretches from the middle outwards */
      guint middle = (points->len - 2) / 2;
      gint stretch = (gint)middle + ((k + 1) / 2) * (k % 2 ? 1 : -1);
      if (stretch < 0 || (guint)stretch + 1 >= points->len)
        continue;
      FlPagePoint a = g_array_index(points, FlPagePoint, stretch);
      FlPagePoint b = g_array_index(points, FlPagePoint, stretch + 1);
      FlRect box = {(a.x + b.x) / 2 - w / 2 - SHIELD_PAD * u, (a.y + b.y) / 2 - h / 2,
                    w + 2 * SHIELD_PAD * u, h};
      if (!fl_on_frame(map, a) || !fl_on_frame(map, b) || !is_free(map, taken, &box, G_MAXINT))
        continue;
      shield.x = box.x + SHIELD_PAD * u;
      shield.y = box.y;
      take(taken, box, -1);
      placed = TRUE;
    }
    g_array_unref(points);
    if (placed)
      g_array_append_val(out->shields, shield);
    else
      g_object_unref(shield.layout);
  }
}

/* ---- the names of countries and seas ---- */

#define NAME_CELL 4.0   /* units: the side of a cell of the masks below */
#define NAME_STEP 12.0  /* units: the spacing of the points a country's or sea's name tries */

/* Where some shapes of a layer lie on the page, in cells of NAME_CELL units. */
typedef struct {
  double cell;
  int cols, rows;
  guint8 *inside;   /* 1 where the cell's centre is inside */
} NameMask;

/* The mask of shape s of a layer, or of all its shapes when s is -1. */
static void
name_mask_init(NameMask *mask, const FlMap *map, const FlShapes *shapes, gint s)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  mask->cell = NAME_CELL * map->unit;
  mask->cols = (int)ceil(map->width / mask->cell);
  mask->rows = (int)ceil(map->height / mask->cell);
  mask->inside = g_new0(guint8, (gsize)mask->cols * mask->rows);
  surface = cairo_image_surface_create(CAIRO_FORMAT_A8, mask->cols, mask->rows);
  cr = cairo_create(surface);
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
  cairo_scale(cr, 1 / mask->cell, 1 / mask->cell);
  for (guint k = 0; k < shapes->shapes->len; k++)
    if (s < 0 || (guint)s == k)
      fl_shape_path(cr, shapes, k, TRUE);
  cairo_fill(cr);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  const unsigned char *data = cairo_image_surface_get_data(surface);
  int stride = cairo_image_surface_get_stride(surface);
  for (int r = 0; data && r < mask->rows; r++) {
    const unsigned char *from = data + (gsize)r * (gsize)stride;
    guint8 *to = mask->inside + (gsize)r * (gsize)mask->cols;
    for (int c = 0; c < mask->cols; c++)
      to[c] = from[c] >= 128;
  }
  cairo_surface_destroy(surface);
}

/* Whether every cell a box touches is inside. */
static gboolean
name_mask_holds(const NameMask *mask, const FlRect *box)
{
  int c0 = (int)floor(box->x / mask->cell), r0 = (int)floor(box->y / mask->cell);
  int c1 = (int)floor((box->x + box->width) / mask->cell);
  int r1 = (int)floor((box->y + box->height) / mask->cell);

  if (c0 < 0 || r0 < 0 || c1 >= mask->cols || r1 >= mask->rows)
    return FALSE;
  for (int r = r0; r <= r1; r++)
    for (int c = c0; c <= c1; c++)
      if (!mask->inside[r * mask->cols + c])
        return FALSE;
  return TRUE;
}

/* The shape of the countries' layer (not the theatre's country) holding p, or else the nearest
 * to p: the layer is clipped to the page, so a country's point may lie past its part. -1: none. */
static gint
country_shape(const FlMap *map, FlPagePoint p)
{
  const FlShapes *countries = &map->layers[FL_LAYER_COUNTRIES];
  cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
  cairo_t *cr = cairo_create(surface);
  gint found = -1;
  double best = HUGE_VAL;

  for (guint s = 0; s < countries->shapes->len && found < 0; s++) {
    if (g_array_index(countries->shapes, FlShape, s).attr != 0)
      continue;
    cairo_new_path(cr);
    fl_shape_path(cr, countries, s, TRUE);
    if (cairo_in_fill(cr, p.x, p.y))
      found = (gint)s;
  }
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
  if (found >= 0)
    return found;
  gint nearest = -1;
  for (guint s = 0; s < countries->shapes->len; s++) {
    const FlShape *shape = &g_array_index(countries->shapes, FlShape, s);
    if (shape->attr != 0)
      continue;
    for (guint k = 0; k < shape->n_parts; k++) {
      const FlPart *part = &g_array_index(countries->parts, FlPart, shape->first_part + k);
      const FlPagePoint *pts = &g_array_index(countries->points, FlPagePoint, part->first);
      for (guint i = 0; i < part->n; i++) {
        double d = hypot(pts[i].x - p.x, pts[i].y - p.y);
        if (d < best) {
          best = d;
          nearest = (gint)s;
        }
      }
    }
  }
  return nearest;
}

typedef struct {
  double x, y, distance;
} Spot;

static int
spot_compare(gconstpointer a, gconstpointer b)
{
  const Spot *sa = a, *sb = b;

  if (sa->distance != sb->distance)
    return sa->distance < sb->distance ? -1 : 1;
  if (sa->y != sb->y)
    return sa->y < sb->y ? -1 : 1;
  return sa->x < sb->x ? -1 : sa->x > sb->x;
}

/* Restores the order of a binary heap of n spots (the nearest on top) below spots[at]. */
static void
spot_sift_down(Spot *spots, guint n, guint at)
{
  for (;;) {
    guint least = at, left = 2 * at + 1, right = left + 1;
    if (left < n && spot_compare(&spots[left], &spots[least]) < 0)
      least = left;
    if (right < n && spot_compare(&spots[right], &spots[least]) < 0)
      least = right;
    if (least == at)
      return;
    Spot swap = spots[at];
    spots[at] = spots[least];
    spots[least] = swap;
    at = least;
  }
}

/* A w by h box for a name inside the mask and over nothing: centred on `near` if it can be,
 * else on the points of a grid NAME_STEP units apart over the frame, the nearest first (taken
 * from a heap: the first spots usually do, and sorting the whole grid cost more than the
 * search). */
static gboolean
name_spot(const FlMap *map, const GArray *taken, const NameMask *mask, FlPagePoint near,
          double w, double h, FlRect *box)
{
  double step = NAME_STEP * map->unit;
  /* the grid's points, one more each way than the frame holds (sums of steps round), and near */
  gsize most = 1 + (gsize)(MAX(map->frame.width, 0) / step + 2) *
                       (gsize)(MAX(map->frame.height, 0) / step + 2);
  Spot *heap = g_new(Spot, most);
  guint n = 0;
  gboolean found = FALSE;

  if (!isnan(near.x))
    heap[n++] = (Spot){near.x, near.y, -1};
  for (double y = map->frame.y + h / 2; y + h / 2 <= map->frame.y + map->frame.height; y += step)
    for (double x = map->frame.x + w / 2;
         x + w / 2 <= map->frame.x + map->frame.width && n < most; x += step)
      heap[n++] = (Spot){x, y, isnan(near.x) ? 0 : hypot(x - near.x, y - near.y)};
  for (guint i = n / 2; i-- > 0;)
    spot_sift_down(heap, n, i);
  while (n > 0 && !found) {
    *box = (FlRect){heap[0].x - w / 2, heap[0].y - h / 2, w, h};
    found = name_mask_holds(mask, box) && is_free(map, taken, box, G_MAXINT);
    heap[0] = heap[--n];
    spot_sift_down(heap, n, 0);
  }
  g_free(heap);
  return found;
}

/* Country names: wide-spaced grey capitals inside the country's part of the frame, on its
 * point or as near it as they cover nothing; placed last. The theatre's own country is named
 * by the title. */
static void
place_country_names(const FlMap *map, FlLayout *out, GArray *taken)
{
  for (guint i = 0; i < map->theatre->places->len; i++) {
    const FlPlace *place = map->theatre->places->pdata[i];
    FlPagePoint at = map->place_xy[i];
    gint shape;
    if (place->kind != FL_PLACE_COUNTRY || isnan(at.x) ||
        fl_theatre_has_country(map->theatre, place->country) ||
        (shape = country_shape(map, at)) < 0)
      continue;
    char *text = g_utf8_strup(fl_place_label(place, map->lang), -1);
    FlLabel label = {i, fl_text_layout(map->pango, text,
                                    fl_draw_style_number(map, FL_STYLE_LABELS_COUNTRY) * map->unit,
                                    PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL), 0, 0, 0, FALSE,
                   {0, 0}, {0, 0}};
    PangoAttrList *attrs = pango_attr_list_new();
    NameMask mask;
    FlRect box;
    double w, h;
    pango_attr_list_insert(attrs,
                           pango_attr_letter_spacing_new((int)(4 * map->unit * PANGO_SCALE)));
    pango_layout_set_attributes(label.layout, attrs);
    pango_attr_list_unref(attrs);
    g_free(text);
    fl_layout_size(label.layout, &w, &h);
    name_mask_init(&mask, map, &map->layers[FL_LAYER_COUNTRIES], shape);
    if (name_spot(map, taken, &mask, at, w, h, &box)) {
      label.x = box.x;
      label.y = box.y;
      take(taken, box, -1);
      g_array_append_val(out->labels, label);
    } else {
      g_object_unref(label.layout);
    }
    g_free(mask.inside);
  }
}

/* Seas' names: in italics, on the sea's point or as near it as the sea has room, on one line
 * or else on two; placed last. */
static void
place_sea_names(const FlMap *map, FlLayout *out, GArray *taken)
{
  NameMask mask = {0, 0, 0, NULL};

  for (guint i = 0; i < map->theatre->places->len; i++) {
    const FlPlace *place = map->theatre->places->pdata[i];
    const char *name = fl_place_label(place, map->lang);
    gboolean placed = FALSE;
    if (place->kind != FL_PLACE_SEA || isnan(map->place_xy[i].x) || !*name)
      continue;
    if (!mask.inside)
      name_mask_init(&mask, map, &map->layers[FL_LAYER_SEA], -1);
    for (int lines = 1; lines <= 2 && !placed; lines++) {
      g_autofree char *text = g_strdup(name);
      char *space = lines == 2 ? strchr(text, ' ') : NULL;
      if (lines == 2 && !space)
        break;
      if (space)
        *space = '\n';
      FlLabel label = {i, fl_text_layout(map->pango, text,
                                      fl_draw_style_number(map, FL_STYLE_LABELS_COUNTRY) * 0.9 *
                                        map->unit, PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC),
                       0, 0, 0, FALSE, {0, 0}, {0, 0}};
      FlRect box;
      double w, h;
      pango_layout_set_alignment(label.layout, PANGO_ALIGN_CENTER);
      fl_layout_size(label.layout, &w, &h);
      if ((placed = name_spot(map, taken, &mask, map->place_xy[i], w, h, &box))) {
        label.x = box.x;
        label.y = box.y;
        take(taken, box, -1);
        g_array_append_val(out->labels, label);
      } else {
        g_object_unref(label.layout);
      }
    }
  }
  g_free(mask.inside);
}

#define AREA_LABEL_WIDTH 90.0   /* an area's name wraps at its width, or at this much */

/* The names of the areas drawn apart (an occupied area, a deconfliction zone): small italic
 * text in [zones] outside, wrapped to the area's width, on its widest part, or just above or
 * below it, or beside it where the area is narrow, where it covers nothing; placed before the
 * places' labels, which then keep clear of it. */
static void
place_area_labels(const FlMap *map, FlLayout *out, GArray *taken)
{
  const GArray *marks = map->zones ? fl_zones_marks(map->zones) : NULL;

  for (guint i = 0; marks && i < marks->len; i++) {
    const FlAreaMark *mark = &g_array_index(marks, FlAreaMark, i);
    const FlArea *area = map->theatre->areas->pdata[mark->area];
    const char *name = fl_area_label(area, map->lang);
    const char *other = map->other_lang ? fl_area_label(area, map->other_lang) : name;
    g_autofree char *text =
      g_str_equal(name, other) ? g_strdup(name) : g_strconcat(name, "\n", other, NULL);
    double w, h;
    if (!*name || isnan(mark->label_at.x) || !fl_on_frame(map, mark->label_at))
      continue;
    FlLabel label = {mark->area,
                     fl_text_layout(map->pango, text,
                                    fl_draw_style_number(map, FL_STYLE_LABELS_OTHER) * map->unit,
                                    PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC),
                     0,
                     0,
                     0,
                     FALSE,
                     {0, 0},
                     {0, 0}};
    pango_layout_set_alignment(label.layout, PANGO_ALIGN_CENTER);
    double wrap = MAX(mark->label_width, AREA_LABEL_WIDTH * map->unit);
    pango_layout_set_width(label.layout, (int)(wrap * PANGO_SCALE));
    pango_layout_set_wrap(label.layout, PANGO_WRAP_WORD);
    fl_layout_size(label.layout, &w, &h);
    double side = (w + mark->label_width) / 2 + 2 * map->unit;
    const double offsets[][2] = {{0, 0},    {0, -0.75 * h}, {0, 0.75 * h}, {0, -1.5 * h},
                                 {0, 1.5 * h}, {-side, 0},     {side, 0}};
    gboolean placed = FALSE;
    for (gsize k = 0; k < G_N_ELEMENTS(offsets) && !placed; k++) {
      label.x = mark->label_at.x - w / 2 + offsets[k][0];
      label.y = mark->label_at.y - h / 2 + offsets[k][1];
      FlRect box = fl_label_box(&label);
      if ((placed = is_free(map, taken, &box, G_MAXINT)))
        take(taken, box, -1);
    }
    if (placed)
      g_array_append_val(out->area_labels, label);
    else
      g_object_unref(label.layout);
  }
}

static void
place_labels(const FlMap *map, FlLayout *out, const GArray *heads, const guint8 *story)
{
  GArray *candidates = label_candidates(map, story);
  GArray *taken = obstacles(map, out, heads);

  if (fl_draw_shown(map, FL_STYLE_LAYERS_ZONES))
    place_area_labels(map, out, taken);
  gboolean shields = FALSE, rivers = FALSE;  /* the roads' shields, the rivers' names placed */
  for (guint i = 0; i < candidates->len; i++) {
    const Candidate *c = &g_array_index(candidates, Candidate, i);
    if (!shields && c->rank > RANK_REGION_SEAT) {
      place_road_shields(map, out, taken);
      shields = TRUE;
    }
    if (!rivers && c->tier >= TIER_OTHER) {  /* after the story's towns, before villages */
      place_river_names(map, out, taken);
      rivers = TRUE;
    }
    FlLabel label = {c->place, place_layout(map, map->theatre->places->pdata[c->place], c->rank),
                     0, 0, 0, FALSE, {0, 0}, {0, 0}};
    if (place_one(map, taken, &label, c->rank, c->story))
      g_array_append_val(out->labels, label);
    else
      g_object_unref(label.layout);
  }
  if (!shields)
    place_road_shields(map, out, taken);
  if (!rivers)
    place_river_names(map, out, taken);
  place_country_names(map, out, taken);
  place_sea_names(map, out, taken);
  g_array_unref(taken);
  g_array_unref(candidates);
}

void
fl_layout_clear(FlLayout *layout)
{
  GArray *labels[] = {layout->labels, layout->shields, layout->area_labels};

  for (gsize i = 0; i < G_N_ELEMENTS(labels); i++)
    if (labels[i])
      fl_labels_free(labels[i]);
  if (layout->fixed)
    g_array_unref(layout->fixed);
  memset(layout, 0, sizeof *layout);
}

void
fl_labels_lay_out(FlPlan *plan, gboolean furnished)
{
  FlLayout *layout = &plan->layout;

  if (!furnished)
    fl_furniture_reserve(plan->map, plan->legend, layout);
  layout->labels = g_array_new(FALSE, FALSE, sizeof(FlLabel));
  layout->shields = g_array_new(FALSE, FALSE, sizeof(FlLabel));
  layout->area_labels = g_array_new(FALSE, FALSE, sizeof(FlLabel));
  place_labels(plan->map, layout, plan->heads, plan->story);
  if (layout->fixed)
    g_array_unref(layout->fixed);
  layout->fixed = fl_items_fixed(plan->map, layout);
  plan->labelled = TRUE;
}
