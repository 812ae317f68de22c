/* draw.c - the picture: base layers, places, labels and furniture, as one straight list of
 * layers on a render context with a sticky error (like cairo_status): every layer function
 * returns at once after the first failure, and fl_draw_map() reports that failure.
 *
 * Sizes are given as pixels of a 1920x1080 page and multiplied by map->unit. Colours, sizes
 * and the font come from the map's style (frontline/style.h). Labels and the room kept for the
 * furniture are laid out once per plan by fl_draw_layout(), so a series of dates shows every
 * label at the same place. */
#include "render-internal.h"

#include <math.h>
#include <string.h>

#define PAD 16.0          /* furniture distance from the page edges */
#define CHANGED_RING 3.6  /* the mark of a place that changed hands, beyond its dot */

#define RGB(c) ((c) >> 16 & 0xff) / 255.0, ((c) >> 8 & 0xff) / 255.0, ((c) & 0xff) / 255.0

/* Words of the furniture. A small table per language in the code for now: the theatre's
 * languages are fr, en and ar; unknown languages fall back to English. Month names are here
 * too because g_date_strftime() follows the C library's locale, which a library must not set. */
typedef struct {
  const char *lang;
  const char *months[12];
  const char *short_months[12];   /* for the arrows' dates */
  const char *date_format;     /* day, month name, year */
  const char *first_day;       /* "1er" in French */
  const char *legend, *contested, *besieged, *abandoned, *claimed, *nobody, *reports;
  const char *contested_ground, *front;
  const char *advance;         /* a format with the number of days */
  const char *changed;         /* a format with a day and month ("6 décembre") */
  const char *road;
  const char *open_ground, *occupied, *deconfliction;
  const char *inferred, *stale;  /* marks of inferred and stale states */
} Words;

static const Words words_table[] = {
  {"fr",
   {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre"},
   {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc."},
   "Situation au %s %s %d", "1er", "Contrôle des localités", "disputée", "assiégée",
   "abandonnée", "revendiquée, non confirmée", "sans contrôle connu", "Rapports",
   "terrain disputé ou assiégé", "ligne de front", "avancée (%d derniers jours)",
   "changement de mains depuis le %s", "route principale (tracé schématique)",
   "désert, steppe : suit ses localités", "territoire occupé", "zone de déconfliction",
   "déduite : derrière l'avancée", "sans nouvelles depuis l'avancée"},
  {"en",
   {"January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"},
   {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
   "Situation on %s %s %d", NULL, "Control of localities", "contested", "besieged", "abandoned",
   "claimed, unconfirmed", "control unknown", "Reports", "contested or besieged ground",
   "front line", "advance (last %d days)", "changed hands since %s", "main road (schematic)",
   "desert, steppe: follows its towns", "occupied ground", "deconfliction zone",
   "inferred: behind the advance", "not reported since the advance"},
  {"ar",
   {"كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
    "تشرين الأول", "تشرين الثاني", "كانون الأول"},
   {"كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
    "تشرين الأول", "تشرين الثاني", "كانون الأول"},
   "الوضع في %s %s %d", NULL, "السيطرة على المناطق", "متنازع عليها", "محاصرة", "مهجورة",
   "ادعاء غير مؤكد", "سيطرة غير معروفة", "التقارير", "أرض متنازع عليها أو محاصرة",
   "خط الجبهة", "تقدّم (آخر %d يومًا)", "تغيّرت السيطرة عليها منذ %s",
   "طريق رئيسي (مسار تقريبي)", "بادية: تتبع بلداتها", "أرض محتلة", "منطقة منع الاشتباك",
   "مستنتجة: خلف التقدّم", "لا أخبار منذ التقدّم"},
};

static const Words *
words_for(const char *lang)
{
  for (gsize i = 0; i < G_N_ELEMENTS(words_table); i++)
    if (g_strcmp0(lang, words_table[i].lang) == 0)
      return &words_table[i];
  return &words_table[1];
}

/* The render context. */
typedef struct {
  const FlMap *map;
  cairo_t *cr;
  const FlControl *control;
  const GPtrArray *reports;
  const GDate *date;
  const Words *words;
  double u;                  /* map->unit */
  GError *error;             /* the first failure; later layers do nothing */
  const FlSituation *situation;  /* zones, front line, arrows, changes of the date */
  const FlLegend *legend;    /* what the legend lists */
} Draw;

static void draw_arrow_dates(Draw *d);   /* with what is where, at the end of the file */

static void
check(Draw *d, const char *what)
{
  cairo_status_t status = cairo_status(d->cr);

  if (d->error || status == CAIRO_STATUS_SUCCESS)
    return;
  g_set_error(&d->error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW, "drawing the %s failed: %s",
              what, cairo_status_to_string(status));
}

static void
set_color(cairo_t *cr, guint32 color, double alpha)
{
  cairo_set_source_rgba(cr, RGB(color), alpha);
}

/* The colour of a style key, its alpha times opacity. */
static void
style_color(cairo_t *cr, const FlMap *map, FlStyleKey key, double opacity)
{
  guint32 rgba = fl_style_color(map->style, key);

  cairo_set_source_rgba(cr, RGB(rgba >> 8), (rgba & 0xff) / 255.0 * opacity);
}

/* The colour of a style key as 0xRRGGBB. */
static guint32
style_rgb(const FlMap *map, FlStyleKey key)
{
  return fl_style_color(map->style, key) >> 8;
}

static double
style_number(const FlMap *map, FlStyleKey key)
{
  return fl_style_number(map->style, key);
}

/* Whether the style shows a layer (a key of [layers]). Switching one off leaves everything
 * else where it was: labels and furniture are laid out the same. */
static gboolean
shown(const FlMap *map, FlStyleKey layer)
{
  return fl_style_boolean(map->style, layer);
}

/* ---- text ---- */

/* A layout of text in the map's font (the context's). Caller owns it: g_object_unref(). */
static PangoLayout *
text_layout(PangoContext *pango, const char *text, double size, PangoWeight weight,
            PangoStyle style)
{
  PangoLayout *layout = pango_layout_new(pango);
  PangoFontDescription *font =
      pango_font_description_copy(pango_context_get_font_description(pango));

  pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
  pango_font_description_set_weight(font, weight);
  pango_font_description_set_style(font, style);
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
  pango_layout_set_text(layout, text, -1);
  return layout;
}

static void
layout_size(PangoLayout *layout, double *width, double *height)
{
  PangoRectangle logical;

  pango_layout_get_extents(layout, NULL, &logical);
  *width = (double)logical.width / PANGO_SCALE;
  *height = (double)logical.height / PANGO_SCALE;
}

/* Shows a layout at the current point and clears the path, so that no later path starts with
 * a line from here. */
static void
show_layout(cairo_t *cr, PangoLayout *layout)
{
  pango_cairo_show_layout(cr, layout);
  cairo_new_path(cr);
}

/* Text with a halo: the outline stroked wide in the halo colour, then the glyphs (kept as
 * text in SVG and PDF). */
static void
show_with_halo(cairo_t *cr, const FlMap *map, PangoLayout *layout, double x, double y,
               FlStyleKey color, double halo_width)
{
  cairo_save(cr);
  cairo_move_to(cr, x, y);
  pango_cairo_layout_path(cr, layout);
  style_color(cr, map, FL_STYLE_HALO_COLOR, style_number(map, FL_STYLE_HALO_OPACITY));
  cairo_set_line_width(cr, halo_width);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke(cr);
  cairo_restore(cr);
  cairo_move_to(cr, x, y);
  style_color(cr, map, color, 1);
  show_layout(cr, layout);
}

/* ---- the date line ---- */

char *
fl_draw_date_line(const char *lang, const GDate *date)
{
  const Words *words = words_for(lang);
  int day = g_date_get_day(date);
  char *day_text = day == 1 && words->first_day ? g_strdup(words->first_day)
                                                : g_strdup_printf("%d", day);
  char *line = g_strdup_printf(words->date_format, day_text,
                               words->months[g_date_get_month(date) - 1], g_date_get_year(date));

  g_free(day_text);
  return line;
}

/* "changed hands since 6 December" in lang. Newly allocated; g_free(). */
static char *
changed_line(const char *lang, const GDate *since)
{
  const Words *words = words_for(lang);
  int day = g_date_get_day(since);
  g_autofree char *day_month =
      day == 1 && words->first_day
          ? g_strdup_printf("%s %s", words->first_day, words->months[g_date_get_month(since) - 1])
          : g_strdup_printf("%d %s", day, words->months[g_date_get_month(since) - 1]);

  return g_strdup_printf(words->changed, day_month);
}

/* ---- places: which are dots, how big, which are labelled ---- */

typedef enum {
  RANK_CAPITAL,
  RANK_GOVERNORATE,
  RANK_FOREIGN_CAPITAL,
  RANK_DISTRICT,
  RANK_OTHER,
  RANK_FOREIGN_CITY,
  RANK_NONE,           /* not a dot: countries, regions, rivers */
} Rank;

static Rank
place_rank(const FlPlace *place)
{
  switch (place->kind) {
  case FL_PLACE_COUNTRY:
  case FL_PLACE_REGION:
  case FL_PLACE_RIVER:
    return RANK_NONE;
  case FL_PLACE_FOREIGN_CAPITAL:
    return RANK_FOREIGN_CAPITAL;
  case FL_PLACE_FOREIGN_CITY:
    return RANK_FOREIGN_CITY;
  default:
    break;
  }
  if (!place->in_theatre)
    return place->kind == FL_PLACE_CAPITAL ? RANK_FOREIGN_CAPITAL : RANK_FOREIGN_CITY;
  if (place->kind == FL_PLACE_CAPITAL)
    return RANK_CAPITAL;
  if (place->kind == FL_PLACE_GOVERNORATE_SEAT)
    return RANK_GOVERNORATE;
  return place->kind == FL_PLACE_DISTRICT_SEAT ? RANK_DISTRICT : RANK_OTHER;
}

static double
dot_radius(const FlMap *map, Rank rank)
{
  static const FlStyleKey radius[] = {
    FL_STYLE_DOTS_CAPITAL, FL_STYLE_DOTS_GOVERNORATE, FL_STYLE_DOTS_FOREIGN_CAPITAL,
    FL_STYLE_DOTS_DISTRICT, FL_STYLE_DOTS_OTHER, FL_STYLE_DOTS_FOREIGN_CITY,
  };
  return rank == RANK_NONE ? 0 : style_number(map, radius[rank]);
}

static gboolean
on_frame(const FlMap *map, FlPagePoint p)
{
  return !isnan(p.x) && p.x >= map->frame.x && p.y >= map->frame.y &&
         p.x <= map->frame.x + map->frame.width && p.y <= map->frame.y + map->frame.height;
}

/* ---- placement ---- */

static gboolean
overlaps(const FlRect *a, const FlRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width && a->y < b->y + b->height &&
         b->y < a->y + a->height;
}

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
    if ((o->dot_rank < 0 || o->dot_rank < ignore_from) && overlaps(box, &o->box))
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
      if (!own && (o->dot_rank < 0 || o->dot_rank < RANK_DISTRICT) && overlaps(square, &o->box))
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

/* Tries the 8 positions around a dot (right, left, above, below, then the diagonals), rings
 * times, each ring farther out by half the label's height, and keeps the first free one: TRUE
 * with *label moved there and its box taken. A label beyond the first ring gets a leader line
 * to its dot, which must cross nothing either. */
static gboolean
place_label(const FlMap *map, GArray *taken, FlLabel *label, FlPagePoint at, double radius,
            double clearance, int rings)
{
  double w, h;
  layout_size(label->layout, &w, &h);

  for (int ring = 0; ring < rings; ring++) {
    double gap = radius + 2 * map->unit + clearance + ring * 0.5 * h, d = gap * 0.75;
    double candidates[8][2] = {
      {at.x + gap, at.y - h / 2},     {at.x - gap - w, at.y - h / 2},
      {at.x - w / 2, at.y - gap - h}, {at.x - w / 2, at.y + gap},
      {at.x + d, at.y - d - h},       {at.x - d - w, at.y - d - h},
      {at.x + d, at.y + d},           {at.x - d - w, at.y + d},
    };
    for (int i = 0; i < 8; i++) {
      FlRect box = {candidates[i][0] - clearance, candidates[i][1] - clearance + 0.1 * h,
                    w + 2 * clearance, 0.8 * h + 2 * clearance};
      FlRect text = {candidates[i][0], candidates[i][1] + 0.1 * h, w, 0.8 * h};
      FlPagePoint from, to;
      gboolean leader = ring > 0 && leader_line(map, at, radius, &text, &from, &to);
      if (!is_free(map, taken, &box, G_MAXINT) ||
          (leader && !leader_free(map, taken, at, from, to)))
        continue;
      label->x = candidates[i][0];
      label->y = candidates[i][1];
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

typedef struct {
  guint place;
  Rank rank;
  gint64 population;
} Candidate;

static gint
compare_candidates(gconstpointer a, gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  if (x->population != y->population)
    return x->population > y->population ? -1 : 1;
  return x->place < y->place ? -1 : x->place > y->place;
}

/* The places that get a label, best first. Foreign places only when they are capitals. */
static GArray *
label_candidates(const FlMap *map)
{
  GArray *candidates = g_array_new(FALSE, FALSE, sizeof(Candidate));
  const GPtrArray *places = map->theatre->places;

  for (guint i = 0; i < places->len; i++) {
    const FlPlace *place = places->pdata[i];
    Candidate c = {i, place_rank(place), place->population};
    if (c.rank == RANK_NONE || c.rank == RANK_FOREIGN_CITY || !on_frame(map, map->place_xy[i]))
      continue;
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
    FL_STYLE_LABELS_CAPITAL, FL_STYLE_LABELS_GOVERNORATE, FL_STYLE_LABELS_FOREIGN_CAPITAL,
    FL_STYLE_LABELS_DISTRICT, FL_STYLE_LABELS_OTHER,
    FL_STYLE_LABELS_OTHER,   /* foreign cities, never labelled */
  };
  const char *name = fl_place_label(place, map->lang);
  const char *other = map->other_lang ? fl_place_label(place, map->other_lang) : name;
  g_autofree char *text = g_str_equal(name, other) ? g_strdup(name)
                                                   : g_strconcat(name, "\n", other, NULL);
  PangoLayout *layout = text_layout(map->pango, text, style_number(map, size[rank]) * map->unit,
                                    rank == RANK_CAPITAL ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                                    rank == RANK_FOREIGN_CAPITAL ? PANGO_STYLE_ITALIC
                                                                 : PANGO_STYLE_NORMAL);

  pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
  return layout;
}

/* Every dot is an obstacle for labels, and so are the furniture and the arrow heads. */
static GArray *
obstacles(const FlMap *map, const GArray *heads)
{
  GArray *taken = g_array_new(FALSE, FALSE, sizeof(Obstacle));
  const FlRect *furniture[] = {&map->title_box, &map->legend_box, &map->scale_box,
                               &map->credits_box, &map->inset_box};

  for (gsize i = 0; i < G_N_ELEMENTS(furniture); i++)
    take(taken, *furniture[i], -1);
  for (guint i = 0; heads && i < heads->len; i++)
    take(taken, g_array_index(heads, FlRect, i), -1);
  for (guint i = 0; i < map->theatre->places->len; i++) {
    Rank rank = place_rank(map->theatre->places->pdata[i]);
    FlPagePoint p = map->place_xy[i];
    double r = dot_radius(map, rank) * map->unit + 1.5 * map->unit;
    if (rank == RANK_NONE || !on_frame(map, p))
      continue;
    take(taken, (FlRect){p.x - r, p.y - r, 2 * r, 2 * r}, rank);
  }
  return taken;
}

/* A label for a place, where it covers nothing: the capital and governorate seats, which must
 * be named, are also tried a little farther from their dot. */
static gboolean
place_one(FlMap *map, GArray *taken, FlLabel *label, Rank rank)
{
  FlPagePoint at = map->place_xy[label->place];
  double radius = dot_radius(map, rank) * map->unit;
  double clearance = (rank >= RANK_DISTRICT ? 3.0 : 1.5) * map->unit;

  return place_label(map, taken, label, at, radius, clearance,
                     rank <= RANK_GOVERNORATE ? 6 : rank == RANK_DISTRICT ? 2 : 1);
}

/* The box a label at (x, y), w by h, turned by angle about its centre covers. */
static FlRect
turned_box(double x, double y, double w, double h, double angle)
{
  double c = fabs(cos(angle)), s = fabs(sin(angle));
  double bw = w * c + h * s, bh = w * s + h * c;

  return (FlRect){x + w / 2 - bw / 2, y + h / 2 - bh / 2, bw, bh};
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
        double t = len2 > 0 ? CLAMP(((p.x - pts[i].x) * dx + (p.y - pts[i].y) * dy) / len2, 0, 1) : 0;
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

/* Rivers' names: in italics along the river, beside it near the gazetteer's point of the
 * river, or farther along it up and down; placed after the capital and the governorate seats,
 * only where they cover nothing. */
static void
place_river_names(FlMap *map, GArray *taken)
{
  double u = map->unit;

  for (guint i = 0; i < map->theatre->places->len; i++) {
    const FlPlace *place = map->theatre->places->pdata[i];
    FlPagePoint at = {0, 0};
    double angle = 0, w, h;
    guint part_index = 0, point_index = 0;
    if (place->kind != FL_PLACE_RIVER || !on_frame(map, map->place_xy[i]) ||
        !nearest_river(map, map->place_xy[i], &at, &angle, &part_index, &point_index))
      continue;
    FlLabel label = {i, text_layout(map->pango, fl_place_label(place, map->lang),
                                    style_number(map, FL_STYLE_LABELS_OTHER) * 1.05 * u,
                                    PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC),
                     0, 0, 0, FALSE, {0, 0}, {0, 0}};
    const FlPart *part =
        &g_array_index(map->layers[FL_LAYER_RIVERS].parts, FlPart, part_index);
    const FlPagePoint *pts =
        &g_array_index(map->layers[FL_LAYER_RIVERS].points, FlPagePoint, part->first);
    gboolean placed = FALSE;
    layout_size(label.layout, &w, &h);
    /* along the river from the nearest point: 0, then 1, 2, 3 steps each way */
    for (int step = 0; step < 11 && !placed; step++) {
      int offset = (step + 1) / 2 * (step % 2 ? 1 : -1);
      double want = fabs((double)offset) * 45 * u, walked = 0;
      guint k = point_index;
      while (walked < want && (offset > 0 ? k + 1 < part->n : k > 0)) {
        guint next = offset > 0 ? k + 1 : k - 1;
        walked += hypot(pts[next].x - pts[k].x, pts[next].y - pts[k].y);
        k = next;
      }
      if (walked < want)
        continue;
      FlPagePoint on = step == 0 ? at : pts[k];
      angle = river_angle(map, part_index, k, w / 2);
      for (int side = -1; side <= 1 && !placed; side += 2) {
        double off = side * (h / 2 + 2 * u);
        double cx = on.x - sin(angle) * off, cy = on.y + cos(angle) * off;
        FlRect box = turned_box(cx - w / 2, cy - h / 2, w, h, angle);
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
      g_array_append_val(map->labels, label);
    else
      g_object_unref(label.layout);
  }
}

/* A road's page points: its places that PROJ could project. */
static GArray *
road_points(const FlMap *map, const FlRoad *road)
{
  GArray *points = g_array_new(FALSE, FALSE, sizeof(FlPagePoint));

  for (guint i = 0; i < road->n_places; i++) {
    FlPagePoint p = map->place_xy[road->places[i]];
    if (!isnan(p.x) && !isnan(p.y))
      g_array_append_val(points, p);
  }
  return points;
}

#define SHIELD_SIZE 10.5
#define SHIELD_PAD 3.0

/* The roads' numbers in shields, on the road midway between two of its places, trying the
 * middle stretch first; only where they cover nothing. */
static void
place_road_shields(FlMap *map, GArray *taken)
{
  double u = map->unit;

  for (guint r = 0; r < map->theatre->roads->len; r++) {
    const FlRoad *road = map->theatre->roads->pdata[r];
    GArray *points = road_points(map, road);
    FlLabel shield = {r, text_layout(map->pango, road->ref, SHIELD_SIZE * u, PANGO_WEIGHT_BOLD,
                                     PANGO_STYLE_NORMAL),
                      0, 0, 0, FALSE, {0, 0}, {0, 0}};
    double w, h;
    gboolean placed = FALSE;
    layout_size(shield.layout, &w, &h);
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
      if (!on_frame(map, a) || !on_frame(map, b) || !is_free(map, taken, &box, G_MAXINT))
        continue;
      shield.x = box.x + SHIELD_PAD * u;
      shield.y = box.y;
      take(taken, box, -1);
      placed = TRUE;
    }
    g_array_unref(points);
    if (placed)
      g_array_append_val(map->shields, shield);
    else
      g_object_unref(shield.layout);
  }
}

/* Country names: wide-spaced grey capitals centred on the country's point, placed last and
 * only where they cover nothing. The theatre's own country is named by the title. */
static void
place_country_names(FlMap *map, GArray *taken)
{
  for (guint i = 0; i < map->theatre->places->len; i++) {
    const FlPlace *place = map->theatre->places->pdata[i];
    if (place->kind != FL_PLACE_COUNTRY || !on_frame(map, map->place_xy[i]) ||
        g_ascii_strcasecmp(place->country, map->theatre->country) == 0)
      continue;
    char *text = g_utf8_strup(fl_place_label(place, map->lang), -1);
    FlLabel label = {i, text_layout(map->pango, text,
                                    style_number(map, FL_STYLE_LABELS_COUNTRY) * map->unit,
                                    PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL), 0, 0, 0, FALSE,
                   {0, 0}, {0, 0}};
    PangoAttrList *attrs = pango_attr_list_new();
    double w, h;
    pango_attr_list_insert(attrs, pango_attr_letter_spacing_new((int)(4 * map->unit * PANGO_SCALE)));
    pango_layout_set_attributes(label.layout, attrs);
    pango_attr_list_unref(attrs);
    g_free(text);
    layout_size(label.layout, &w, &h);
    label.x = map->place_xy[i].x - w / 2;
    label.y = map->place_xy[i].y - h / 2;
    FlRect box = {label.x, label.y, w, h};
    if (is_free(map, taken, &box, G_MAXINT)) {
      take(taken, box, -1);
      g_array_append_val(map->labels, label);
    } else {
      g_object_unref(label.layout);
    }
  }
}

#define AREA_LABEL_WIDTH 90.0   /* an area's name wraps at its width, or at this much */

static FlRect label_box(const FlLabel *label);   /* with what is where, at the end of the file */

/* The names of the areas drawn apart (an occupied area, a deconfliction zone): small italic
 * text in [zones] outside, wrapped to the area's width, on its widest part, or just above or
 * below it, or beside it where the area is narrow, where it covers nothing; placed before the
 * places' labels, which then keep clear of it. */
static void
place_area_labels(FlMap *map, GArray *taken)
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
    if (!*name || isnan(mark->label_at.x) || !on_frame(map, mark->label_at))
      continue;
    FlLabel label = {mark->area, text_layout(map->pango, text,
                                             style_number(map, FL_STYLE_LABELS_OTHER) * map->unit,
                                             PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC),
                     0, 0, 0, FALSE, {0, 0}, {0, 0}};
    pango_layout_set_alignment(label.layout, PANGO_ALIGN_CENTER);
    double wrap = MAX(mark->label_width, AREA_LABEL_WIDTH * map->unit);
    pango_layout_set_width(label.layout, (int)(wrap * PANGO_SCALE));
    pango_layout_set_wrap(label.layout, PANGO_WRAP_WORD);
    layout_size(label.layout, &w, &h);
    double side = (w + mark->label_width) / 2 + 2 * map->unit;
    const double offsets[][2] = {{0, 0},    {0, -0.75 * h}, {0, 0.75 * h}, {0, -1.5 * h},
                                 {0, 1.5 * h}, {-side, 0},     {side, 0}};
    gboolean placed = FALSE;
    for (gsize k = 0; k < G_N_ELEMENTS(offsets) && !placed; k++) {
      label.x = mark->label_at.x - w / 2 + offsets[k][0];
      label.y = mark->label_at.y - h / 2 + offsets[k][1];
      FlRect box = label_box(&label);
      if ((placed = is_free(map, taken, &box, G_MAXINT)))
        take(taken, box, -1);
    }
    if (placed)
      g_array_append_val(map->area_labels, label);
    else
      g_object_unref(label.layout);
  }
}

static void
place_labels(FlMap *map, const GArray *heads)
{
  GArray *candidates = label_candidates(map);
  GArray *taken = obstacles(map, heads);

  for (guint i = 0; i < map->labels->len; i++)
    g_object_unref(g_array_index(map->labels, FlLabel, i).layout);
  g_array_set_size(map->labels, 0);
  for (guint i = 0; i < map->shields->len; i++)
    g_object_unref(g_array_index(map->shields, FlLabel, i).layout);
  g_array_set_size(map->shields, 0);
  for (guint i = 0; i < map->area_labels->len; i++)
    g_object_unref(g_array_index(map->area_labels, FlLabel, i).layout);
  g_array_set_size(map->area_labels, 0);
  if (shown(map, FL_STYLE_LAYERS_ZONES))
    place_area_labels(map, taken);
  gboolean rivers = FALSE;
  for (guint i = 0; i < candidates->len; i++) {
    const Candidate *c = &g_array_index(candidates, Candidate, i);
    if (!rivers && c->rank > RANK_GOVERNORATE) {
      place_river_names(map, taken);
      place_road_shields(map, taken);
      rivers = TRUE;
    }
    FlLabel label = {c->place, place_layout(map, map->theatre->places->pdata[c->place], c->rank),
                     0, 0, 0, FALSE, {0, 0}, {0, 0}};
    if (place_one(map, taken, &label, c->rank))
      g_array_append_val(map->labels, label);
    else
      g_object_unref(label.layout);
  }
  if (!rivers) {
    place_river_names(map, taken);
    place_road_shields(map, taken);
  }
  place_country_names(map, taken);
  g_array_unref(taken);
  g_array_unref(candidates);
}

/* ---- the furniture's room ---- */

static void
text_extent(const FlMap *map, const char *text, double size, PangoWeight weight, double *width,
            double *height)
{
  PangoLayout *layout = text_layout(map->pango, text, size * map->unit, weight,
                                    PANGO_STYLE_NORMAL);

  layout_size(layout, width, height);
  g_object_unref(layout);
}

static double
text_width(const FlMap *map, const char *text, double size, PangoWeight weight)
{
  double w, h;

  text_extent(map, text, size, weight, &w, &h);
  return w;
}

#define LEGEND_SIZE 13.0
#define LEGEND_ROW 21.0
#define CREDIT_SIZE 10.5

/* Room for the title, the longest date line of any month and the subtitle. */
static void
reserve_title(FlMap *map)
{
  GDate longest;
  double u = map->unit, w, h, date_w = 0, date_h = 0, sub_w = 0, sub_h = 0;
  double title_size = style_number(map, FL_STYLE_TITLE_SIZE);
  double date_size = style_number(map, FL_STYLE_TITLE_DATE_SIZE);
  const char *subtitle = fl_style_text(map->style, FL_STYLE_TITLE_SUBTITLE);

  text_extent(map, map->title, title_size, PANGO_WEIGHT_BOLD, &w, &h);
  if (*subtitle)
    text_extent(map, subtitle, date_size, PANGO_WEIGHT_NORMAL, &sub_w, &sub_h);
  for (int month = 1; month <= 12; month++) {
    char *line;
    double lw, lh;
    g_date_clear(&longest, 1);
    g_date_set_dmy(&longest, 28, month, 2000);
    line = fl_draw_date_line(map->lang, &longest);
    text_extent(map, line, date_size, PANGO_WEIGHT_NORMAL, &lw, &lh);
    date_w = MAX(date_w, lw), date_h = MAX(date_h, lh);
    g_free(line);
  }
  map->title_box = (FlRect){map->frame.x + PAD * u, map->frame.y + PAD * u,
                            MAX(MAX(w, date_w), sub_w) + 28 * u, h + date_h + sub_h + 20 * u};
}

static void
reserve_legend(FlMap *map)
{
  const Words *words = words_for(map->lang);
  char *advance = g_strdup_printf(words->advance, FL_ARROW_DAYS);
  gboolean occupied = FALSE, deconfliction = FALSE;
  if (map->zones)
    fl_zones_outside(map->zones, &occupied, &deconfliction);
  /* the rows of the areas only when the theatre has them */
  const char *statuses[] = {words->legend, words->contested, words->besieged, words->abandoned,
                            words->claimed, words->nobody, words->contested_ground,
                            words->front, advance, words->road,
                            map->theatre->areas->len ? words->open_ground : NULL,
                            occupied ? words->occupied : NULL,
                            deconfliction ? words->deconfliction : NULL};
  double u = map->unit, w = 0;
  guint rows = map->theatre->factions->len + 1;

  for (gsize i = 0; i < G_N_ELEMENTS(statuses); i++)
    if (statuses[i]) {
      w = MAX(w, text_width(map, statuses[i], LEGEND_SIZE, PANGO_WEIGHT_BOLD));
      rows++;
    }
  for (int month = 1; month <= 12; month++) {   /* the changes' row, of any date */
    GDate longest;
    g_date_clear(&longest, 1);
    g_date_set_dmy(&longest, 28, month, 2000);
    g_autofree char *changed = changed_line(map->lang, &longest);
    w = MAX(w, text_width(map, changed, LEGEND_SIZE, PANGO_WEIGHT_BOLD));
  }
  for (guint i = 0; i < map->theatre->factions->len; i++)
    w = MAX(w, text_width(map, fl_faction_label(map->theatre->factions->pdata[i], map->lang),
                          LEGEND_SIZE, PANGO_WEIGHT_NORMAL));
  g_free(advance);
  w += 52 * u;
  double h = rows * LEGEND_ROW * u + 20 * u;
  map->legend_box = (FlRect){map->frame.x + map->frame.width - PAD * u - w,
                             map->credits_box.y - PAD * u - h, w, h};
}

/* The locator map: [inset] width wide, the frame's shape, in the bottom left corner above the
 * scale bar. None without a width, a locator layer or room. */
static void
reserve_inset(FlMap *map)
{
  double u = map->unit, w = fl_style_number(map->style, FL_STYLE_INSET_WIDTH) * u;
  const FlRect *f = &map->frame;
  double h = f->width > 0 ? w * f->height / f->width : 0;

  map->inset_box = (FlRect){0, 0, 0, 0};
  if (w <= 0 || map->inset_view.width <= 0 ||
      map->layers[FL_LAYER_LOCATOR].shapes->len == 0 || map->scale_box.y - PAD * u - h < f->y)
    return;
  map->inset_box = (FlRect){f->x + PAD * u, map->scale_box.y - PAD * u - h, w, h};
}

static void
reserve_furniture(FlMap *map)
{
  double u = map->unit, credits_h = 2 * CREDIT_SIZE * 1.5 * u + 10 * u;

  const FlRect *f = &map->frame;

  /* Over the map, inside its frame: title top left, legend bottom right, scale bottom left,
   * credits along the bottom. */
  map->credits_box = (FlRect){f->x, f->y + f->height - credits_h, f->width, credits_h};
  map->scale_box = (FlRect){f->x + PAD * u, map->credits_box.y - PAD * u - 46 * u, 250 * u, 46 * u};
  reserve_title(map);
  reserve_legend(map);
  reserve_inset(map);
}

void
fl_draw_prepare(FlMap *map)
{
  cairo_font_options_t *options = cairo_font_options_create();
  PangoFontDescription *font =
      pango_font_description_from_string(fl_style_text(map->style, FL_STYLE_LABELS_FONT));

  /* Fixed font options, so that PNG, SVG and PDF lay text out alike. */
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
  map->pango = pango_font_map_create_context(pango_cairo_font_map_get_default());
  pango_cairo_context_set_font_options(map->pango, options);
  pango_context_set_font_description(map->pango, font);   /* the family of every layout */
  pango_font_description_free(font);
  cairo_font_options_destroy(options);
  map->labels = g_array_new(FALSE, FALSE, sizeof(FlLabel));
  map->shields = g_array_new(FALSE, FALSE, sizeof(FlLabel));
  map->area_labels = g_array_new(FALSE, FALSE, sizeof(FlLabel));
}

static GArray *fixed_items(const FlMap *map);

void
fl_draw_layout(FlMap *map)
{
  if (map->laid_out)
    return;
  if (!map->furnished) {
    reserve_furniture(map);
    map->furnished = TRUE;
  }
  place_labels(map, map->heads);
  if (map->fixed)
    g_array_unref(map->fixed);
  map->fixed = fixed_items(map);
  map->laid_out = TRUE;
}

/* ---- layers ---- */

static void
shapes_path(cairo_t *cr, const FlShapes *shapes, gint attr, gboolean closed)
{
  for (guint s = 0; s < shapes->shapes->len; s++) {
    const FlShape *shape = &g_array_index(shapes->shapes, FlShape, s);
    if (attr >= 0 && shape->attr != attr)
      continue;
    for (guint p = 0; p < shape->n_parts; p++) {
      const FlPart *part = &g_array_index(shapes->parts, FlPart, shape->first_part + p);
      const FlPagePoint *pts = &g_array_index(shapes->points, FlPagePoint, part->first);
      cairo_move_to(cr, pts[0].x, pts[0].y);
      for (guint i = 1; i < part->n; i++)
        cairo_line_to(cr, pts[i].x, pts[i].y);
      if (closed)
        cairo_close_path(cr);
    }
  }
}

static void
fill_layer(Draw *d, FlLayerId layer, gint attr, FlStyleKey color)
{
  shapes_path(d->cr, &d->map->layers[layer], attr, TRUE);
  style_color(d->cr, d->map, color, 1);
  cairo_fill(d->cr);
}

static void
draw_background(Draw *d)
{
  const FlRect *f = &d->map->frame;

  if (d->error)
    return;
  if (!fl_style_boolean(d->map->style, FL_STYLE_PAGE_TRANSPARENT)) {
    style_color(d->cr, d->map, FL_STYLE_COLORS_PAGE, 1);
    cairo_paint(d->cr);
  }
  cairo_rectangle(d->cr, f->x, f->y, f->width, f->height);
  cairo_clip(d->cr);   /* the map layers stay inside the frame until draw_frame() */
  check(d, "background");
}

static void
draw_land_and_water(Draw *d)
{
  cairo_t *cr = d->cr;

  if (d->error)
    return;
  if (shown(d->map, FL_STYLE_LAYERS_SEA))
    fill_layer(d, FL_LAYER_SEA, -1, FL_STYLE_COLORS_SEA);
  if (shown(d->map, FL_STYLE_LAYERS_LAND))
    fill_layer(d, FL_LAYER_LAND, -1, FL_STYLE_COLORS_LAND);
  /* The theatre's country, cut to the coastline (country polygons and coasts come from
   * different sources). */
  if (shown(d->map, FL_STYLE_LAYERS_THEATRE)) {
    cairo_save(cr);
    shapes_path(cr, &d->map->layers[FL_LAYER_LAND], -1, TRUE);
    cairo_clip(cr);
    fill_layer(d, FL_LAYER_COUNTRIES, 1, FL_STYLE_COLORS_THEATRE);
    cairo_restore(cr);
  }
  if (shown(d->map, FL_STYLE_LAYERS_LAKES)) {
    fill_layer(d, FL_LAYER_LAKES, -1, FL_STYLE_COLORS_WATER);
    fill_layer(d, FL_LAYER_RESERVOIRS, -1, FL_STYLE_COLORS_WATER);
  }
  check(d, "land and water");
}

static void
stroke_levels(Draw *d, int first, int last, double width, double alpha)
{
  const FlShapes *rivers = &d->map->layers[FL_LAYER_RIVERS];

  for (int level = first; level <= last; level++)
    shapes_path(d->cr, rivers, level, FALSE);
  style_color(d->cr, d->map, FL_STYLE_COLORS_RIVER, alpha);
  cairo_set_line_width(d->cr, width * d->u);
  cairo_stroke(d->cr);
}

/* WDBII levels: 1 double-lined, 2-4 permanent major..additional, 5-8 intermittent, 9-10
 * canals (not drawn). */
static void
draw_rivers(Draw *d)
{
  if (d->error || !shown(d->map, FL_STYLE_LAYERS_RIVERS))
    return;
  cairo_save(d->cr);   /* round ends for these lines only, whichever layers come next */
  cairo_set_line_join(d->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(d->cr, CAIRO_LINE_CAP_ROUND);
  stroke_levels(d, 5, 8, 0.5, 0.45);
  stroke_levels(d, 3, 4, 0.8, 0.9);
  stroke_levels(d, 1, 2, 1.4, 1);
  cairo_restore(d->cr);
  check(d, "rivers");
}

static void
draw_borders(Draw *d)
{
  cairo_t *cr = d->cr;
  double dash[] = {5 * d->u, 3 * d->u};

  if (d->error || !shown(d->map, FL_STYLE_LAYERS_BORDERS))
    return;
  cairo_save(cr);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  shapes_path(cr, &d->map->layers[FL_LAYER_BORDERS], 0, FALSE);
  style_color(cr, d->map, FL_STYLE_COLORS_BORDER, 1);
  cairo_set_line_width(cr, 0.9 * d->u);
  cairo_stroke(cr);
  shapes_path(cr, &d->map->layers[FL_LAYER_BORDERS], 1, FALSE);
  style_color(cr, d->map, FL_STYLE_COLORS_THEATRE_BORDER, 1);
  cairo_set_line_width(cr, 1.8 * d->u);
  cairo_stroke(cr);
  shapes_path(cr, &d->map->layers[FL_LAYER_CEASEFIRE], -1, FALSE);
  style_color(cr, d->map, FL_STYLE_COLORS_CEASEFIRE, 1);
  cairo_set_line_width(cr, 1.3 * d->u);
  cairo_set_dash(cr, dash, 2, 0);
  cairo_stroke(cr);
  cairo_restore(cr);
  check(d, "borders");
}

/* Main roads, schematic: a smooth curve through the towns along each (Catmull-Rom), cased. */
static void
draw_roads(Draw *d)
{
  cairo_t *cr = d->cr;

  if (d->error || d->map->theatre->roads->len == 0 || !shown(d->map, FL_STYLE_LAYERS_ROADS))
    return;
  cairo_save(cr);
  cairo_new_path(cr);
  for (guint r = 0; r < d->map->theatre->roads->len; r++) {
    GArray *points = road_points(d->map, d->map->theatre->roads->pdata[r]);
    const FlPagePoint *p = (const FlPagePoint *)points->data;
    guint n = points->len;
    if (n >= 2)
      cairo_move_to(cr, p[0].x, p[0].y);
    for (guint i = 0; n >= 2 && i + 1 < n; i++) {
      FlPagePoint p0 = p[i > 0 ? i - 1 : i], p1 = p[i], p2 = p[i + 1], p3 = p[i + 2 < n ? i + 2 : i + 1];
      cairo_curve_to(cr, p1.x + (p2.x - p0.x) / 6, p1.y + (p2.y - p0.y) / 6,
                     p2.x - (p3.x - p1.x) / 6, p2.y - (p3.y - p1.y) / 6, p2.x, p2.y);
    }
    g_array_unref(points);
  }
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  style_color(cr, d->map, FL_STYLE_HALO_COLOR, 0.7);
  cairo_set_line_width(cr, 3.4 * d->u);
  cairo_stroke_preserve(cr);
  style_color(cr, d->map, FL_STYLE_COLORS_ROAD, 1);
  cairo_set_line_width(cr, 1.5 * d->u);
  cairo_stroke(cr);
  cairo_restore(cr);
  check(d, "roads");
}

static void
draw_shields(Draw *d)
{
  double u = d->u;

  if (d->error || !shown(d->map, FL_STYLE_LAYERS_ROADS))
    return;
  for (guint i = 0; i < d->map->shields->len; i++) {
    const FlLabel *shield = &g_array_index(d->map->shields, FlLabel, i);
    double w, h;
    layout_size(shield->layout, &w, &h);
    cairo_new_path(d->cr);
    cairo_rectangle(d->cr, shield->x - SHIELD_PAD * u, shield->y + 0.08 * h,
                    w + 2 * SHIELD_PAD * u, 0.84 * h);
    style_color(d->cr, d->map, FL_STYLE_HALO_COLOR, 1);
    cairo_fill_preserve(d->cr);
    style_color(d->cr, d->map, FL_STYLE_COLORS_ROAD, 1);
    cairo_set_line_width(d->cr, 1.2 * u);
    cairo_stroke(d->cr);
    cairo_move_to(d->cr, shield->x, shield->y);
    style_color(d->cr, d->map, FL_STYLE_COLORS_INK, 1);
    show_layout(d->cr, shield->layout);
  }
  check(d, "road shields");
}

/* ---- zones, front line, advances ---- */

/* The ground each faction holds, under the rivers, borders and places. */
static void
draw_zones(Draw *d)
{
  if (d->error || !shown(d->map, FL_STYLE_LAYERS_ZONES))
    return;
  fl_zones_draw(d->cr, d->map, d->situation);
  check(d, "zones");
}

/* The front line and the advances, over the borders and under the places and labels (labels
 * are placed once for every date; their halo keeps them readable over an arrow). */
static void
draw_front_and_arrows(Draw *d)
{
  if (d->error)
    return;
  if (shown(d->map, FL_STYLE_LAYERS_FRONT))
    fl_front_draw(d->cr, d->map, d->situation);
  if (shown(d->map, FL_STYLE_LAYERS_ARROWS))
    fl_arrows_draw(d->cr, d->map, d->situation);
  check(d, "front line and arrows");
}

/* ---- places ---- */

/* One place mark: a dot in the faction's colour with a dark outline (dashed when only claimed),
 * a ring around it when contested, teeth when besieged, a hollow dot when abandoned. */
static void
draw_mark(cairo_t *cr, const FlMap *map, double x, double y, double r, double u,
          const FlPlaceState *state, FlBasis basis, guint32 color)
{
  double dash[] = {1.6 * u, 1.2 * u};
  gboolean nobody = state->faction < 0;

  cairo_new_path(cr);   /* no line from a text's current point to the first arc */
  if (state->status == FL_STATUS_BESIEGED) {
    for (int i = 0; i < 12; i++) {
      double a = i * G_PI / 6;
      cairo_move_to(cr, x + cos(a) * (r + 1.5 * u), y + sin(a) * (r + 1.5 * u));
      cairo_line_to(cr, x + cos(a) * (r + 4.5 * u), y + sin(a) * (r + 4.5 * u));
    }
    style_color(cr, map, FL_STYLE_COLORS_INK, 1);
    cairo_set_line_width(cr, 1.6 * u);
    cairo_stroke(cr);
  }
  if (state->status == FL_STATUS_CONTESTED) {
    cairo_arc(cr, x, y, r + 2.8 * u, 0, 2 * G_PI);
    style_color(cr, map, FL_STYLE_COLORS_INK, 1);
    cairo_set_line_width(cr, 1.6 * u);
    cairo_stroke(cr);
  }
  cairo_arc(cr, x, y, r, 0, 2 * G_PI);
  if (nobody || state->status == FL_STATUS_ABANDONED) {
    style_color(cr, map, FL_STYLE_COLORS_NOBODY, 1);
  } else if (basis == FL_BASIS_INFERRED || basis == FL_BASIS_STALE) {
    /* not reported: the colour at half strength over white */
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    set_color(cr, color, 0.5);
  } else {
    set_color(cr, color, 1);
  }
  cairo_fill_preserve(cr);
  if (state->status == FL_STATUS_ABANDONED && !nobody) {
    set_color(cr, color, 1);
    cairo_set_line_width(cr, 2.2 * u);
  } else {
    style_color(cr, map, nobody ? FL_STYLE_COLORS_NOBODY_OUTLINE : FL_STYLE_COLORS_INK, 1);
    cairo_set_line_width(cr, 0.9 * u);
  }
  if (state->confidence == FL_CONFIDENCE_CLAIMED)
    cairo_set_dash(cr, dash, 2, 0);
  cairo_stroke(cr);
  cairo_set_dash(cr, NULL, 0, 0);
  if (basis == FL_BASIS_STALE && !nobody && state->status != FL_STATUS_ABANDONED) {
    /* stale: a dark centre, "what became of it?" */
    cairo_arc(cr, x, y, MAX(r * 0.35, 0.9 * u), 0, 2 * G_PI);
    style_color(cr, map, FL_STYLE_COLORS_INK, 1);
    cairo_fill(cr);
  }
}

/* A place that changed hands: a disc in [changes] color under its mark. */
static void
draw_changed(cairo_t *cr, const FlMap *map, double x, double y, double r, double u)
{
  cairo_new_path(cr);
  cairo_arc(cr, x, y, r + CHANGED_RING * u, 0, 2 * G_PI);
  style_color(cr, map, FL_STYLE_CHANGES_COLOR, 1);
  cairo_fill(cr);
}

static guint32
faction_color(const FlMap *map, gint faction)
{
  if (faction < 0 || (guint)faction >= map->theatre->factions->len)
    return style_rgb(map, FL_STYLE_COLORS_NOBODY);
  return map->faction_colors[faction];
}

static void
draw_place(Draw *d, guint index)
{
  const FlMap *map = d->map;
  const FlPlace *place = map->theatre->places->pdata[index];
  Rank rank = place_rank(place);
  FlPagePoint p = map->place_xy[index];
  double r = dot_radius(map, rank) * d->u;

  if (!shown(map, FL_STYLE_LAYERS_PLACES))
    return;   /* nor noted: the legend's rows of marks go too */
  if (rank == RANK_FOREIGN_CAPITAL || rank == RANK_FOREIGN_CITY) {
    cairo_new_path(d->cr);
    cairo_arc(d->cr, p.x, p.y, r, 0, 2 * G_PI);
    style_color(d->cr, map, FL_STYLE_COLORS_FOREIGN_DOT, 1);
    cairo_fill_preserve(d->cr);
    style_color(d->cr, map, FL_STYLE_COLORS_FOREIGN_DOT_OUTLINE, 1);
    cairo_set_line_width(d->cr, 0.7 * d->u);
    cairo_stroke(d->cr);
    return;
  }
  const FlPlaceState *state = &d->situation->states[index];
  if (d->situation->changed[index] && shown(map, FL_STYLE_LAYERS_CHANGES))
    draw_changed(d->cr, map, p.x, p.y, r, d->u);
  draw_mark(d->cr, map, p.x, p.y, r, d->u, state, d->situation->bases[index],
            faction_color(map, state->faction));
}

/* Small places first, so that big ones are drawn over them. */
static void
draw_places(Draw *d)
{
  const FlMap *map = d->map;

  if (d->error)
    return;
  for (int rank = RANK_FOREIGN_CITY; rank >= RANK_CAPITAL; rank--) {
    for (guint i = 0; i < map->theatre->places->len; i++) {
      if ((int)place_rank(map->theatre->places->pdata[i]) == rank && on_frame(map, map->place_xy[i]))
        draw_place(d, i);
    }
  }
  check(d, "places");
}

/* A thin line from a dot to its label set away from it, over a halo. */
static void
draw_leader(Draw *d, const FlLabel *label)
{
  cairo_t *cr = d->cr;

  cairo_new_path(cr);
  cairo_move_to(cr, label->leader_from.x, label->leader_from.y);
  cairo_line_to(cr, label->leader_to.x, label->leader_to.y);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  style_color(cr, d->map, FL_STYLE_HALO_COLOR, style_number(d->map, FL_STYLE_HALO_OPACITY));
  cairo_set_line_width(cr, 2.6 * d->u);
  cairo_stroke_preserve(cr);
  style_color(cr, d->map, FL_STYLE_COLORS_INK, 1);
  cairo_set_line_width(cr, 0.8 * d->u);
  cairo_stroke(cr);
}

static void
draw_river_name(Draw *d, const FlLabel *label)
{
  double w, h;

  layout_size(label->layout, &w, &h);
  cairo_save(d->cr);
  cairo_translate(d->cr, label->x + w / 2, label->y + h / 2);
  cairo_rotate(d->cr, label->angle);
  show_with_halo(d->cr, d->map, label->layout, -w / 2, -h / 2, FL_STYLE_COLORS_RIVER_NAME,
                 2.4 * d->u);
  cairo_restore(d->cr);
}

static void
draw_labels(Draw *d)
{
  draw_shields(d);
  if (d->error)
    return;
  for (guint i = 0; shown(d->map, FL_STYLE_LAYERS_LABELS) && i < d->map->area_labels->len; i++) {
    const FlLabel *label = &g_array_index(d->map->area_labels, FlLabel, i);
    show_with_halo(d->cr, d->map, label->layout, label->x, label->y, FL_STYLE_ZONES_OUTSIDE,
                   style_number(d->map, FL_STYLE_HALO_WIDTH) * d->u);
  }
  for (guint i = 0; i < d->map->labels->len; i++) {
    const FlLabel *label = &g_array_index(d->map->labels, FlLabel, i);
    const FlPlace *place = d->map->theatre->places->pdata[label->place];
    if (!shown(d->map, place->kind == FL_PLACE_COUNTRY ? FL_STYLE_LAYERS_COUNTRY_NAMES
                                                       : FL_STYLE_LAYERS_LABELS))
      continue;
    if (place->kind == FL_PLACE_RIVER) {
      if (shown(d->map, FL_STYLE_LAYERS_RIVERS))
        draw_river_name(d, label);
      continue;
    }
    if (place->kind == FL_PLACE_COUNTRY) {
      cairo_move_to(d->cr, label->x, label->y);
      style_color(d->cr, d->map, FL_STYLE_COLORS_COUNTRY_NAME, 1);
      show_layout(d->cr, label->layout);
      continue;
    }
    if (label->leader)
      draw_leader(d, label);
    show_with_halo(d->cr, d->map, label->layout, label->x, label->y,
                   place->in_theatre ? FL_STYLE_COLORS_INK : FL_STYLE_COLORS_FOREIGN,
                   style_number(d->map, FL_STYLE_HALO_WIDTH) * d->u);
  }
  check(d, "labels");
}

/* The end of the map: the clip is lifted and the frame outlined. */
static void
draw_frame(Draw *d)
{
  const FlRect *f = &d->map->frame;

  if (d->error)
    return;
  cairo_reset_clip(d->cr);
  cairo_rectangle(d->cr, f->x + 0.5 * d->u, f->y + 0.5 * d->u, f->width - d->u, f->height - d->u);
  style_color(d->cr, d->map, FL_STYLE_COLORS_FRAME, 1);
  cairo_set_line_width(d->cr, d->u);
  cairo_stroke(d->cr);
  check(d, "frame");
}

/* ---- furniture ---- */

static void
panel(cairo_t *cr, const FlMap *map, const FlRect *box, double u)
{
  cairo_rectangle(cr, box->x, box->y, box->width, box->height);
  style_color(cr, map, FL_STYLE_PANEL_COLOR, style_number(map, FL_STYLE_PANEL_OPACITY));
  cairo_fill_preserve(cr);
  style_color(cr, map, FL_STYLE_PANEL_OUTLINE, 1);
  cairo_set_line_width(cr, 0.8 * u);
  cairo_stroke(cr);
}

/* Where a line of text starts in a panel: on the left, or on the right for right-to-left text. */
static double
line_x(const FlRect *box, double width, PangoLayout *layout, double u)
{
  if (pango_layout_get_direction(layout, 0) == PANGO_DIRECTION_RTL)
    return box->x + box->width - 14 * u - width;
  return box->x + 14 * u;
}

static void
draw_title(Draw *d)
{
  const FlMap *map = d->map;
  const FlRect *box = &map->title_box;
  char *line = fl_draw_date_line(map->lang, d->date);
  const char *subtitle_text = fl_style_text(map->style, FL_STYLE_TITLE_SUBTITLE);
  double date_size = style_number(map, FL_STYLE_TITLE_DATE_SIZE) * d->u;
  PangoLayout *title = text_layout(map->pango, map->title,
                                   style_number(map, FL_STYLE_TITLE_SIZE) * d->u,
                                   PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL);
  PangoLayout *date = text_layout(map->pango, line, date_size, PANGO_WEIGHT_NORMAL,
                                  PANGO_STYLE_NORMAL);
  PangoLayout *subtitle = text_layout(map->pango, subtitle_text, date_size, PANGO_WEIGHT_NORMAL,
                                      PANGO_STYLE_NORMAL);
  double w, h, date_w, date_h, sub_w, sub_h, y = box->y + 9 * d->u;

  if (!d->error && shown(map, FL_STYLE_LAYERS_TITLE)) {
    panel(d->cr, map, box, d->u);
    layout_size(title, &w, &h);
    layout_size(date, &date_w, &date_h);
    cairo_move_to(d->cr, line_x(box, w, title, d->u), y);
    style_color(d->cr, map, FL_STYLE_COLORS_INK, 1);
    show_layout(d->cr, title);
    cairo_move_to(d->cr, line_x(box, date_w, date, d->u), y + h);
    style_color(d->cr, map, FL_STYLE_COLORS_DATE, 1);
    show_layout(d->cr, date);
    if (*subtitle_text) {
      layout_size(subtitle, &sub_w, &sub_h);
      cairo_move_to(d->cr, line_x(box, sub_w, subtitle, d->u), y + h + date_h);
      show_layout(d->cr, subtitle);
    }
    check(d, "title");
  }
  g_object_unref(subtitle);
  g_object_unref(date);
  g_object_unref(title);
  g_free(line);
}

static void
legend_text(Draw *d, const char *text, double x, double y, PangoWeight weight)
{
  PangoLayout *layout = text_layout(d->map->pango, text, LEGEND_SIZE * d->u, weight,
                                    PANGO_STYLE_NORMAL);
  double w, h;

  layout_size(layout, &w, &h);
  cairo_move_to(d->cr, x, y - h / 2);
  style_color(d->cr, d->map, FL_STYLE_COLORS_INK, 1);
  show_layout(d->cr, layout);
  g_object_unref(layout);
}

/* One legend row: a mark of a state on a basis, and its text. Returns the next row's y. */
static double
legend_row_basis(Draw *d, double x, double y, const FlPlaceState *state, FlBasis basis,
                 const char *text)
{
  if (shown(d->map, FL_STYLE_LAYERS_PLACES))
    draw_mark(d->cr, d->map, x + 14 * d->u, y, 5.5 * d->u, d->u, state, basis,
              style_rgb(d->map, FL_STYLE_COLORS_LEGEND_MARK));
  legend_text(d, text, x + 34 * d->u, y, PANGO_WEIGHT_NORMAL);
  return y + LEGEND_ROW * d->u;
}

/* One legend row: a mark and its text. Returns the next row's y. */
static double
legend_row(Draw *d, double x, double y, const FlPlaceState *state, guint32 color, const char *text)
{
  if (shown(d->map, FL_STYLE_LAYERS_PLACES))
    draw_mark(d->cr, d->map, x + 14 * d->u, y, 5.5 * d->u, d->u, state, FL_BASIS_REPORTED,
              color);
  legend_text(d, text, x + 34 * d->u, y, PANGO_WEIGHT_NORMAL);
  return y + LEGEND_ROW * d->u;
}

FlLegend *
fl_legend_new(const FlMap *map)
{
  FlLegend *legend = g_new0(FlLegend, 1);
  guint n = map->theatre->factions->len;

  legend->faction = g_new0(gboolean, MAX(n, 1));
  legend->zoned = g_new0(gboolean, MAX(n, 1));
  return legend;
}

void
fl_legend_free(FlLegend *legend)
{
  if (!legend)
    return;
  g_free(legend->faction);
  g_free(legend->zoned);
  g_free(legend);
}

/* Whether place i is drawn as a mark of the control (not a foreign dot, in the frame). */
static gboolean
control_mark(const FlMap *map, guint i)
{
  Rank rank = place_rank(map->theatre->places->pdata[i]);

  return rank != RANK_NONE && rank != RANK_FOREIGN_CAPITAL && rank != RANK_FOREIGN_CITY &&
         on_frame(map, map->place_xy[i]);
}

void
fl_legend_add(FlLegend *legend, const FlMap *map, const FlSituation *situation)
{
  guint n_factions = map->theatre->factions->len;
  gboolean contested = FALSE;

  gboolean places = shown(map, FL_STYLE_LAYERS_PLACES), zones = shown(map, FL_STYLE_LAYERS_ZONES);

  for (guint i = 0; places && i < map->theatre->places->len; i++) {
    const FlPlaceState *state = &situation->states[i];
    if (!control_mark(map, i))
      continue;
    if (state->faction >= 0 && (guint)state->faction < n_factions)
      legend->faction[state->faction] = TRUE;
    else
      legend->nobody = TRUE;
    legend->status[state->status] = TRUE;
    legend->claimed |= state->confidence == FL_CONFIDENCE_CLAIMED;
    if (state->faction >= 0 && state->status != FL_STATUS_ABANDONED) {
      legend->inferred |= situation->bases[i] == FL_BASIS_INFERRED;
      legend->stale |= situation->bases[i] == FL_BASIS_STALE;
    }
    legend->changes |= situation->changed[i] && shown(map, FL_STYLE_LAYERS_CHANGES);
  }
  for (guint f = 0; zones && f < n_factions; f++)
    legend->zoned[f] |= fl_situation_faction_zoned(situation, (gint)f, NULL);
  legend->contested_ground |=
      zones && fl_situation_faction_zoned(situation, -1, &contested) && contested;
  if (zones && situation->zones) {
    gboolean occupied, deconfliction;
    fl_zones_outside(situation->zones, &occupied, &deconfliction);
    legend->open |= fl_situation_open_zoned(situation);
    legend->occupied |= occupied;
    legend->deconfliction |= deconfliction;
  }
  legend->front |= shown(map, FL_STYLE_LAYERS_FRONT) && situation->front != NULL;
  legend->arrows |=
      shown(map, FL_STYLE_LAYERS_ARROWS) && situation->arrows && situation->arrows->len > 0;
  legend->roads |= shown(map, FL_STYLE_LAYERS_ROADS) && map->theatre->roads->len > 0;
}

static guint
legend_rows(const FlMap *map, const FlLegend *legend)
{
  guint rows = 1 + legend->nobody + legend->claimed + legend->inferred + legend->stale + legend->contested_ground + legend->front +
               legend->arrows + legend->changes + legend->roads + legend->open +
               legend->occupied + legend->deconfliction;

  for (guint i = 0; i < map->theatre->factions->len; i++)
    rows += legend->faction[i] || legend->zoned[i];
  for (int s = FL_STATUS_CONTESTED; s <= FL_STATUS_ABANDONED; s++)
    rows += legend->status[s];
  return rows;
}

static void
draw_legend(Draw *d)
{
  const FlMap *map = d->map;
  const Words *w = d->words;
  const char *status_text[] = {NULL, w->contested, w->besieged, w->abandoned};
  const FlLegend *legend = d->legend;
  double u = d->u, height = legend_rows(map, legend) * LEGEND_ROW * u + 20 * u;
  FlRect box = {map->legend_box.x, map->legend_box.y + map->legend_box.height - height,
                map->legend_box.width, height};
  double x = box.x + 8 * u, y = box.y + 10 * u + LEGEND_ROW * u / 2;
  FlPlaceState plain = {.faction = 0, .status = FL_STATUS_HELD, .confidence = FL_CONFIDENCE_CONFIRMED};

  if (d->error || !shown(map, FL_STYLE_LAYERS_LEGEND))
    return;
  panel(d->cr, map, &box, u);
  legend_text(d, w->legend, x + 6 * u, y, PANGO_WEIGHT_BOLD);
  y += LEGEND_ROW * u;
  /* a faction's row: its zone's swatch under its dot when it has a zone */
  for (guint i = 0; i < map->theatre->factions->len; i++) {
    if (!legend->faction[i] && !legend->zoned[i])
      continue;
    if (legend->zoned[i])
      fl_zones_draw_swatch(d->cr, map, x + 2 * u, y - 7 * u, 24 * u, 14 * u,
                           faction_color(map, i), FL_SWATCH_HELD);
    y = legend_row(d, x, y, &plain, faction_color(map, i),
                   fl_faction_label(map->theatre->factions->pdata[i], map->lang));
  }
  static const FlSwatch swatches[] = {FL_SWATCH_OPEN, FL_SWATCH_CONTESTED, FL_SWATCH_OCCUPIED,
                                      FL_SWATCH_DECONFLICTION};
  const gboolean swatched[] = {legend->open, legend->contested_ground, legend->occupied,
                               legend->deconfliction};
  const char *swatch_text[] = {w->open_ground, w->contested_ground, w->occupied,
                               w->deconfliction};
  for (gsize i = 0; i < G_N_ELEMENTS(swatches); i++) {
    if (!swatched[i])
      continue;
    fl_zones_draw_swatch(d->cr, map, x + 2 * u, y - 7 * u, 24 * u, 14 * u,
                         style_rgb(map, FL_STYLE_COLORS_FOREIGN), swatches[i]);
    legend_text(d, swatch_text[i], x + 34 * u, y, PANGO_WEIGHT_NORMAL);
    y += LEGEND_ROW * u;
  }
  for (int s = FL_STATUS_CONTESTED; s <= FL_STATUS_ABANDONED; s++) {
    FlPlaceState state = plain;
    state.status = s;
    if (legend->status[s])
      y = legend_row(d, x, y, &state, style_rgb(map, FL_STYLE_COLORS_LEGEND_MARK),
                     status_text[s]);
  }
  plain.confidence = FL_CONFIDENCE_CLAIMED;
  if (legend->claimed)
    y = legend_row(d, x, y, &plain, style_rgb(map, FL_STYLE_COLORS_LEGEND_MARK), w->claimed);
  plain.confidence = FL_CONFIDENCE_CONFIRMED;
  if (legend->inferred)
    y = legend_row_basis(d, x, y, &plain, FL_BASIS_INFERRED, w->inferred);
  if (legend->stale)
    y = legend_row_basis(d, x, y, &plain, FL_BASIS_STALE, w->stale);
  if (legend->changes) {
    char *text = g_date_valid(&d->situation->since) ? changed_line(map->lang, &d->situation->since)
                                                    : g_strdup("");
    plain.confidence = FL_CONFIDENCE_CONFIRMED;
    draw_changed(d->cr, map, x + 14 * u, y, 5.5 * u, u);
    y = legend_row(d, x, y, &plain, style_rgb(map, FL_STYLE_COLORS_LEGEND_MARK), text);
    g_free(text);
  }
  plain.faction = -1, plain.confidence = FL_CONFIDENCE_CONFIRMED;
  if (legend->nobody)
    y = legend_row(d, x, y, &plain, style_rgb(map, FL_STYLE_COLORS_NOBODY), w->nobody);
  if (legend->front) {
    fl_front_draw_sample(d->cr, map, x + 3 * u, x + 25 * u, y);
    legend_text(d, w->front, x + 34 * u, y, PANGO_WEIGHT_NORMAL);
    y += LEGEND_ROW * u;
  }
  if (legend->roads) {
    cairo_new_path(d->cr);
    cairo_move_to(d->cr, x + 3 * u, y + 3 * u);
    cairo_curve_to(d->cr, x + 10 * u, y - 4 * u, x + 18 * u, y + 4 * u, x + 25 * u, y - 3 * u);
    style_color(d->cr, map, FL_STYLE_HALO_COLOR, 0.7);
    cairo_set_line_width(d->cr, 3.4 * u);
    cairo_stroke_preserve(d->cr);
    style_color(d->cr, map, FL_STYLE_COLORS_ROAD, 1);
    cairo_set_line_width(d->cr, 1.5 * u);
    cairo_stroke(d->cr);
    legend_text(d, w->road, x + 34 * u, y, PANGO_WEIGHT_NORMAL);
    y += LEGEND_ROW * u;
  }
  if (legend->arrows) {
    char *advance = g_strdup_printf(w->advance, FL_ARROW_DAYS);
    fl_arrows_draw_sample(d->cr, map, x + 2 * u, x + 27 * u, y,
                          style_rgb(map, FL_STYLE_COLORS_FOREIGN));
    legend_text(d, advance, x + 34 * u, y, PANGO_WEIGHT_NORMAL);
    g_free(advance);
  }
  check(d, "legend");
}

/* A length in km that makes a bar of at most max_width page units. */
static int
scale_length(double px_per_km, double max_width)
{
  static const int lengths[] = {500, 250, 200, 100, 50, 25, 20, 10, 5, 2, 1};

  for (gsize i = 0; i < G_N_ELEMENTS(lengths); i++)
    if (lengths[i] * px_per_km <= max_width)
      return lengths[i];
  return 1;
}

static void
scale_tick(Draw *d, double x, double y, const char *text)
{
  PangoLayout *layout = text_layout(d->map->pango, text, 11 * d->u, PANGO_WEIGHT_NORMAL,
                                    PANGO_STYLE_NORMAL);
  double w, h;

  layout_size(layout, &w, &h);
  show_with_halo(d->cr, d->map, layout, x - w / 2, y - h, FL_STYLE_COLORS_INK, 3 * d->u);
  g_object_unref(layout);
}

/* A bar of two halves, true at the map's centre (the projection is conformal, so the scale
 * varies slightly away from it). */
static void
draw_scale_bar(Draw *d)
{
  const FlRect *box = &d->map->scale_box;
  double u = d->u, px_per_km = d->map->projection.px_per_km;
  int km = scale_length(px_per_km, box->width - 40 * u);
  double len = km * px_per_km, x = box->x + 14 * u, y = box->y + box->height - 12 * u;
  char *half = g_strdup_printf("%g", km / 2.0), *full = g_strdup_printf("%d km", km);

  if (!d->error && shown(d->map, FL_STYLE_LAYERS_SCALE)) {
    for (int i = 0; i < 2; i++) {
      cairo_rectangle(d->cr, x + i * len / 2, y, len / 2, 5 * u);
      style_color(d->cr, d->map, i == 0 ? FL_STYLE_COLORS_INK : FL_STYLE_HALO_COLOR, 1);
      cairo_fill_preserve(d->cr);
      style_color(d->cr, d->map, FL_STYLE_COLORS_INK, 1);
      cairo_set_line_width(d->cr, 0.8 * u);
      cairo_stroke(d->cr);
    }
    scale_tick(d, x, y - 2 * u, "0");
    scale_tick(d, x + len / 2, y - 2 * u, half);
    scale_tick(d, x + len, y - 2 * u, full);
    check(d, "scale bar");
  }
  g_free(full);
  g_free(half);
}

/* The locator map: the wide ground's countries, the theatre's country picked out, and the map's
 * frame as a rectangle (the same projection, so it is one). */
static void
draw_inset(Draw *d)
{
  const FlMap *map = d->map;
  const FlRect *box = &map->inset_box, *view = &map->inset_view, *f = &map->frame;
  const FlShapes *countries = &map->layers[FL_LAYER_LOCATOR];
  cairo_t *cr = d->cr;
  double u = d->u, scale;

  if (d->error || box->width <= 0 || !shown(map, FL_STYLE_LAYERS_INSET))
    return;
  scale = box->width / view->width;
  cairo_save(cr);
  cairo_rectangle(cr, box->x, box->y, box->width, box->height);
  style_color(cr, map, FL_STYLE_COLORS_SEA, 1);
  cairo_fill_preserve(cr);
  cairo_clip(cr);
  for (int theatre = 0; theatre <= 1; theatre++) {
    cairo_save(cr);
    cairo_translate(cr, box->x - view->x * scale, box->y - view->y * scale);
    cairo_scale(cr, scale, scale);
    cairo_new_path(cr);
    shapes_path(cr, countries, theatre, TRUE);
    cairo_restore(cr);   /* the outline's width in page units */
    style_color(cr, map, FL_STYLE_COLORS_LAND, 1);
    if (theatre) {   /* the theatre's country, tinted with the extent's colour */
      cairo_fill_preserve(cr);
      style_color(cr, map, FL_STYLE_INSET_COLOR, 0.3);
    }
    cairo_fill_preserve(cr);
    style_color(cr, map, theatre ? FL_STYLE_COLORS_THEATRE_BORDER : FL_STYLE_COLORS_BORDER, 1);
    cairo_set_line_width(cr, (theatre ? 1.0 : 0.5) * u);
    cairo_stroke(cr);
  }
  cairo_rectangle(cr, box->x + (f->x - view->x) * scale, box->y + (f->y - view->y) * scale,
                  f->width * scale, f->height * scale);
  style_color(cr, map, FL_STYLE_INSET_COLOR, 1);
  cairo_set_line_width(cr, 1.6 * u);
  cairo_stroke(cr);
  cairo_restore(cr);
  cairo_rectangle(cr, box->x, box->y, box->width, box->height);
  style_color(cr, map, FL_STYLE_PANEL_OUTLINE, 1);
  cairo_set_line_width(cr, 0.8 * u);
  cairo_stroke(cr);
  check(d, "locator map");
}

/* "Reports: AFP 2024-12-07, Reuters 2024-12-08" for the reports up to the date. Newly
 * allocated; g_free(). */
static char *
reports_line(const Draw *d)
{
  char *used = fl_reports_line(d->reports, d->date);
  char *line = *used ? g_strconcat(d->words->reports, ": ", used, NULL) : g_strdup("");

  g_free(used);
  return line;
}

static void
credits_text(Draw *d, const char *text, double y, PangoEllipsizeMode ellipsize)
{
  const FlRect *box = &d->map->credits_box;
  PangoLayout *layout = text_layout(d->map->pango, text, CREDIT_SIZE * d->u, PANGO_WEIGHT_NORMAL,
                                    PANGO_STYLE_NORMAL);

  pango_layout_set_width(layout, (int)((box->width - 2 * PAD * d->u) * PANGO_SCALE));
  pango_layout_set_ellipsize(layout, ellipsize);
  cairo_move_to(d->cr, box->x + PAD * d->u, y);
  style_color(d->cr, d->map, FL_STYLE_COLORS_CREDITS, 1);
  show_layout(d->cr, layout);
  g_object_unref(layout);
}

static void
draw_credits(Draw *d)
{
  const FlRect *box = &d->map->credits_box;
  char **credits = d->map->theatre->credits;
  char *sources = credits ? g_strjoinv(" · ", credits) : g_strdup("");
  char *reports = reports_line(d);
  double line = CREDIT_SIZE * 1.5 * d->u;

  if (!d->error && shown(d->map, FL_STYLE_LAYERS_CREDITS)) {
    cairo_rectangle(d->cr, box->x, box->y, box->width, box->height);
    style_color(d->cr, d->map, FL_STYLE_PANEL_COLOR,
                style_number(d->map, FL_STYLE_PANEL_CREDITS_OPACITY));
    cairo_fill(d->cr);
    credits_text(d, sources, box->y + 5 * d->u, PANGO_ELLIPSIZE_END);
    credits_text(d, reports, box->y + 5 * d->u + line, PANGO_ELLIPSIZE_START);
    check(d, "credits");
  }
  g_free(reports);
  g_free(sources);
}

/* A render context on cr with nothing drawn yet (control, reports and date may be NULL for
 * the layers that do not depend on them). */
static Draw
draw_context(const FlMap *map, cairo_t *cr, const FlControl *control, const GPtrArray *reports,
             const GDate *date)
{
  return (Draw){.map = map, .cr = cr, .control = control, .reports = reports, .date = date,
                .words = words_for(map->lang), .u = map->unit};
}

/* Whether cr draws a PNG page of map, where the cached layers fit pixel for pixel. */
static gboolean
caches_fit(const FlMap *map, cairo_t *cr)
{
  cairo_surface_t *target = cairo_get_target(cr);
  return map->cache[FL_CACHE_UNDER] && cairo_surface_get_type(target) == CAIRO_SURFACE_TYPE_IMAGE &&
         cairo_image_surface_get_width(target) == map->png_width &&
         cairo_image_surface_get_height(target) == map->png_height;
}

/* Paints a cached layer, pixel for pixel, over what is drawn (outside the frame, where the
 * frame's clip holds, the layers drawn in it are transparent). */
static void
paint_cache(Draw *d, FlCacheId id)
{
  if (d->error)
    return;
  fl_raster_paint(d->map->cache[id], cairo_get_target(d->cr));
  check(d, "cached layer");
}

static void
clip_to_frame(Draw *d)
{
  const FlRect *f = &d->map->frame;
  cairo_rectangle(d->cr, f->x, f->y, f->width, f->height);
  cairo_clip(d->cr);
}

void
fl_draw_cache(FlMap *map)
{
  if (map->cache[FL_CACHE_UNDER] ||
      (map->cache_key && fl_cache_load_pictures(map, map->cache_key)))
    return;
  fl_draw_layout(map);
  for (int id = 0; id < FL_N_CACHES; id++) {
    cairo_surface_t *layer =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, map->png_width, map->png_height);
    cairo_t *cr = cairo_create(layer);
    Draw d = draw_context(map, cr, NULL, NULL, NULL);
    cairo_scale(cr, map->png_scale, map->png_scale);
    pango_cairo_update_context(cr, map->pango);
    if (id == FL_CACHE_UNDER) {
      draw_background(&d);
      draw_land_and_water(&d);
    } else {
      clip_to_frame(&d);
      if (id == FL_CACHE_OVER) {
        draw_rivers(&d);
        draw_borders(&d);
        draw_roads(&d);
      } else {
        draw_labels(&d);
        draw_scale_bar(&d);
        draw_inset(&d);
      }
    }
    cairo_destroy(cr);
    if (d.error || cairo_surface_status(layer) != CAIRO_STATUS_SUCCESS) {
      /* no cache: every map is drawn in full, as SVG and PDF are */
      if (d.error)
        g_error_free(d.error);
      cairo_surface_destroy(layer);
      for (int i = 0; i < id; i++)
        g_clear_pointer(&map->cache[i], fl_raster_free);
      return;
    }
    map->cache[id] = fl_raster_new(layer);
    cairo_surface_destroy(layer);
  }
  if (map->cache_key)
    fl_cache_save(map, map->cache_key);
}

gboolean
fl_draw_map(const FlMap *map, cairo_t *cr, const FlControl *control, const GPtrArray *reports,
            const GDate *date, GError **error)
{
  Draw d = draw_context(map, cr, control, reports, date);
  gboolean cached = caches_fit(map, cr);
  FlSituation *own = NULL;
  FlLegend *own_legend = NULL;

  if (!map->furnished || (!cached && !map->laid_out)) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW,
                "the map is not laid out: fl_draw_layout() first");
    return FALSE;
  }
  /* a planned date has its situation and the series' legend; another is worked out here */
  d.situation = fl_plan_situation(map, control, date);
  d.legend = map->legend;
  if (!d.situation) {
    GDate since = *date;
    double days = style_number(map, FL_STYLE_CHANGES_DAYS);
    g_date_subtract_days(&since, (guint)days);
    d.situation = own = fl_situation_new(map, control, date, days >= 1 ? &since : NULL, &d.error);
    d.legend = own_legend = fl_legend_new(map);
    if (own)
      fl_legend_add(own_legend, map, own);
  }
  pango_cairo_update_context(cr, map->pango);

  /* the same layers in the same order, some as pictures drawn once (PNG) */
  if (cached) {
    paint_cache(&d, FL_CACHE_UNDER);
    clip_to_frame(&d);
  } else {
    draw_background(&d);
    draw_land_and_water(&d);
  }
  draw_zones(&d);
  if (cached) {
    paint_cache(&d, FL_CACHE_OVER);
  } else {
    draw_rivers(&d);
    draw_borders(&d);
    draw_roads(&d);
  }
  draw_front_and_arrows(&d);
  draw_places(&d);
  if (cached) {
    paint_cache(&d, FL_CACHE_LABELS);
  } else {
    draw_labels(&d);
    draw_scale_bar(&d);   /* furniture that does not change with the date: with the labels */
    draw_inset(&d);
  }
  draw_arrow_dates(&d);
  draw_frame(&d);
  draw_title(&d);
  draw_legend(&d);
  draw_credits(&d);

  fl_situation_free(own);
  fl_legend_free(own_legend);
  if (d.error) {
    g_propagate_error(error, d.error);
    return FALSE;
  }
  return TRUE;
}

/* ---- what is where ---- */

static void
add_item(GArray *items, FlItemKind kind, gint place, FlRect box)
{
  FlItem item = {kind, place, box};

  g_array_append_val(items, item);
}

/* The ink box of a placed label (turned with it). */
static FlRect
label_box(const FlLabel *label)
{
  PangoRectangle ink;
  double w, h;

  pango_layout_get_extents(label->layout, &ink, NULL);
  layout_size(label->layout, &w, &h);
  if (label->angle != 0)   /* the layout turned about its centre */
    return turned_box(label->x, label->y, w, h, label->angle);
  return (FlRect){label->x + (double)ink.x / PANGO_SCALE, label->y + (double)ink.y / PANGO_SCALE,
                  (double)ink.width / PANGO_SCALE, (double)ink.height / PANGO_SCALE};
}

/* What the layout fixed, the same on every date: labels, shields, dots, furniture. */
static GArray *
fixed_items(const FlMap *map)
{
  GArray *items = g_array_new(FALSE, FALSE, sizeof(FlItem));
  const FlRect *furniture[] = {&map->title_box, &map->legend_box, &map->scale_box,
                               &map->credits_box, &map->inset_box};

  for (guint i = 0; i < map->labels->len; i++) {
    const FlLabel *label = &g_array_index(map->labels, FlLabel, i);
    add_item(items, FL_ITEM_LABEL, (gint)label->place, label_box(label));
  }
  for (guint i = 0; i < map->shields->len; i++)
    add_item(items, FL_ITEM_LABEL, -1, label_box(&g_array_index(map->shields, FlLabel, i)));
  for (guint i = 0; i < map->area_labels->len; i++)
    add_item(items, FL_ITEM_LABEL, -1, label_box(&g_array_index(map->area_labels, FlLabel, i)));
  for (guint i = 0; i < map->theatre->places->len; i++) {
    Rank rank = place_rank(map->theatre->places->pdata[i]);
    FlPagePoint p = map->place_xy[i];
    double r = dot_radius(map, rank) * map->unit;
    if (rank != RANK_NONE && on_frame(map, p))
      add_item(items, FL_ITEM_MARK, (gint)i, (FlRect){p.x - r, p.y - r, 2 * r, 2 * r});
  }
  for (gsize i = 0; i < G_N_ELEMENTS(furniture); i++)
    add_item(items, FL_ITEM_FURNITURE, -1, *furniture[i]);
  return items;
}

/* Everything fixed before the arrows' dates: what the layout fixed and the arrow heads. */
static GArray *
base_items(const FlMap *map, const FlSituation *situation)
{
  GArray *items = g_array_new(FALSE, FALSE, sizeof(FlItem));

  if (map->fixed)
    g_array_append_vals(items, map->fixed->data, map->fixed->len);
  for (guint i = 0; situation && situation->arrows && i < situation->arrows->len; i++) {
    const FlArrow *arrow = &g_array_index(situation->arrows, FlArrow, i);
    add_item(items, FL_ITEM_ARROW_HEAD, (gint)arrow->target, fl_arrow_head_box(map, arrow));
  }
  return items;
}

#define ARROW_DATE_SIZE 10.5

/* The date of each arrow ("5 déc."), beside its curve where it covers nothing of items (which
 * grows with each date placed): tried at the middle of the curve, then nearer either end, on
 * either side. Returns a GArray of FlLabel (place: the arrow's target) with owned layouts. */
static GArray *
arrow_dates(const FlMap *map, const FlSituation *situation, GArray *items)
{
  static const double along[] = {0.5, 0.38, 0.62, 0.26, 0.74};
  const Words *words = words_for(map->lang);
  GArray *dates = g_array_new(FALSE, FALSE, sizeof(FlLabel));
  double u = map->unit;

  for (guint i = 0; situation->arrows && i < situation->arrows->len; i++) {
    const FlArrow *arrow = &g_array_index(situation->arrows, FlArrow, i);
    int day = g_date_get_day(&arrow->date);
    g_autofree char *text = g_strdup_printf("%d %s", day, words->short_months[g_date_get_month(&arrow->date) - 1]);
    FlLabel tag = {arrow->target, text_layout(map->pango, text, ARROW_DATE_SIZE * u,
                                              PANGO_WEIGHT_SEMIBOLD, PANGO_STYLE_NORMAL),
                   0, 0, 0, FALSE, {0, 0}, {0, 0}};
    double w, h;
    gboolean placed = FALSE;
    layout_size(tag.layout, &w, &h);
    for (gsize k = 0; k < G_N_ELEMENTS(along) && !placed; k++) {
      FlPagePoint n, p = fl_arrow_point(arrow, along[k], &n);
      for (int side = -1; side <= 1 && !placed; side += 2) {
        /* the box's nearest corner or edge clear of the curve by 4 units */
        double reach = 4 * u + 0.5 * (fabs(n.x) * w + fabs(n.y) * h);
        double cx = p.x + side * n.x * reach, cy = p.y + side * n.y * reach;
        FlRect box = {cx - w / 2, cy - h / 2 + 0.1 * h, w, 0.8 * h};
        gboolean free = box.x >= map->frame.x && box.y >= map->frame.y &&
                        box.x + box.width <= map->frame.x + map->frame.width &&
                        box.y + box.height <= map->frame.y + map->frame.height;
        for (guint j = 0; free && j < items->len; j++)
          free = !overlaps(&box, &g_array_index(items, FlItem, j).box);
        if (!free)
          continue;
        tag.x = cx - w / 2;
        tag.y = cy - h / 2;
        add_item(items, FL_ITEM_ARROW_DATE, (gint)arrow->target, label_box(&tag));
        placed = TRUE;
      }
    }
    if (placed)
      g_array_append_val(dates, tag);
    else
      g_object_unref(tag.layout);
  }
  return dates;
}

static void
free_labels(GArray *labels)
{
  for (guint i = 0; i < labels->len; i++)
    g_object_unref(g_array_index(labels, FlLabel, i).layout);
  g_array_unref(labels);
}

/* The arrows' dates, in ink over a halo, where they cover nothing else. */
static void
draw_arrow_dates(Draw *d)
{
  if (d->error || !shown(d->map, FL_STYLE_LAYERS_ARROWS) || !d->situation->arrows ||
      d->situation->arrows->len == 0)
    return;
  GArray *items = base_items(d->map, d->situation);
  GArray *dates = arrow_dates(d->map, d->situation, items);
  for (guint i = 0; i < dates->len; i++) {
    const FlLabel *tag = &g_array_index(dates, FlLabel, i);
    show_with_halo(d->cr, d->map, tag->layout, tag->x, tag->y, FL_STYLE_COLORS_INK, 2.6 * d->u);
  }
  free_labels(dates);
  g_array_unref(items);
  check(d, "arrows' dates");
}

GArray *
fl_draw_items(const FlMap *map, const FlSituation *situation)
{
  GArray *items = base_items(map, situation);

  if (situation && shown(map, FL_STYLE_LAYERS_ARROWS))
    free_labels(arrow_dates(map, situation, items));
  return items;
}

/* ---- a deck's title page, captions ---- */

void
fl_draw_title_page(const FlMap *map, cairo_t *cr, const GPtrArray *reports, const GDate *first,
                   const GDate *last)
{
  const Words *words = words_for(map->lang);
  double u = map->unit, x = 120 * u, y = 300 * u;
  double width = map->width - 2 * x;
  g_autofree char *from = fl_draw_date_line(map->lang, first);
  g_autofree char *to = fl_draw_date_line(map->lang, last);
  g_autofree char *span = g_strdup_printf("%s → %s", from, to);
  GString *sources = g_string_new(NULL);
  char iso[11];

  pango_cairo_update_context(cr, map->pango);
  style_color(cr, map, FL_STYLE_COLORS_PAGE, 1);
  cairo_paint(cr);
  const struct {
    const char *text;
    double size;
    PangoWeight weight;
  } lines[] = {
      {map->title, 56, PANGO_WEIGHT_BOLD},
      {span, 30, PANGO_WEIGHT_NORMAL},
  };
  for (guint i = 0; i < G_N_ELEMENTS(lines); i++) {
    PangoLayout *layout = text_layout(map->pango, lines[i].text, lines[i].size * u,
                                      lines[i].weight, PANGO_STYLE_NORMAL);
    double w, h;
    pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
    layout_size(layout, &w, &h);
    cairo_move_to(cr, x, y);
    style_color(cr, map, FL_STYLE_COLORS_INK, 1);
    show_layout(cr, layout);
    g_object_unref(layout);
    y += h + 24 * u;
  }
  for (guint i = 0; reports && i < reports->len; i++) {
    const FlReport *report = reports->pdata[i];
    g_string_append_printf(sources, "%s%s, %s", sources->len ? "\n" : "",
                           report->source ? report->source : report->name,
                           fl_date_format_iso(&report->date, iso));
  }
  if (map->theatre->credits) {
    g_autofree char *credits = g_strjoinv("\n", map->theatre->credits);
    g_string_append_printf(sources, "%s%s", sources->len ? "\n\n" : "", credits);
  }
  g_string_prepend(sources, ":\n");
  g_string_prepend(sources, words->reports);
  PangoLayout *layout = text_layout(map->pango, sources->str, 15 * u, PANGO_WEIGHT_NORMAL,
                                    PANGO_STYLE_NORMAL);
  pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
  pango_layout_set_height(layout, (int)((map->height - y - 80 * u) * PANGO_SCALE));
  pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
  cairo_move_to(cr, x, y + 40 * u);
  set_color(cr, 0x4a4843, 1);
  show_layout(cr, layout);
  g_object_unref(layout);
  g_string_free(sources, TRUE);
}

void
fl_draw_caption(const FlMap *map, cairo_t *cr, const char *text, double x, double y,
                double width)
{
  PangoLayout *layout = text_layout(map->pango, text, 20, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL);
  pango_cairo_update_context(cr, map->pango);
  pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
  pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
  cairo_move_to(cr, x, y);
  style_color(cr, map, FL_STYLE_COLORS_INK, 1);
  show_layout(cr, layout);
  g_object_unref(layout);
}
