/* draw.c - the picture: base layers, places, labels and furniture, as one straight list of
 * layers on a render context with a sticky error (like cairo_status): every layer function
 * returns at once after the first failure, and fl_draw_map() reports that failure.
 *
 * Sizes are given as pixels of a 1920x1080 page and multiplied by map->unit. Colours, sizes
 * and the font come from the map's style (frontline/style.h). Labels and the room kept for the
 * furniture are laid out once by fl_draw_prepare(), so a series of dates shows every label at
 * the same place. */
#include "render-internal.h"

#include <math.h>
#include <string.h>

#define PAD 16.0   /* furniture distance from the page edges */

#define RGB(c) ((c) >> 16 & 0xff) / 255.0, ((c) >> 8 & 0xff) / 255.0, ((c) & 0xff) / 255.0

/* Words of the furniture. A small table per language in the code for now: the theatre's
 * languages are fr, en and ar; unknown languages fall back to English. Month names are here
 * too because g_date_strftime() follows the C library's locale, which a library must not set. */
typedef struct {
  const char *lang;
  const char *months[12];
  const char *date_format;     /* day, month name, year */
  const char *first_day;       /* "1er" in French */
  const char *legend, *contested, *besieged, *abandoned, *claimed, *nobody, *reports;
  const char *contested_ground, *front;
  const char *advance;         /* a format with the number of days */
} Words;

static const Words words_table[] = {
  {"fr",
   {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre"},
   "Situation au %s %s %d", "1er", "Contrôle des localités", "disputée", "assiégée",
   "abandonnée", "revendiquée, non confirmée", "sans contrôle connu", "Rapports",
   "terrain disputé ou assiégé", "ligne de front", "avancée (%d derniers jours)"},
  {"en",
   {"January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"},
   "Situation on %s %s %d", NULL, "Control of localities", "contested", "besieged", "abandoned",
   "claimed, unconfirmed", "control unknown", "Reports", "contested or besieged ground",
   "front line", "advance (last %d days)"},
  {"ar",
   {"كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
    "تشرين الأول", "تشرين الثاني", "كانون الأول"},
   "الوضع في %s %s %d", NULL, "السيطرة على المناطق", "متنازع عليها", "محاصرة", "مهجورة",
   "ادعاء غير مؤكد", "سيطرة غير معروفة", "التقارير", "أرض متنازع عليها أو محاصرة",
   "خط الجبهة", "تقدّم (آخر %d يومًا)"},
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
  gboolean *faction_shown;   /* owned, per faction */
  gboolean status_shown[FL_STATUS_ABANDONED + 1];
  gboolean claimed_shown, nobody_shown;
  GError *error;             /* the first failure; later layers do nothing */
  FlSituation *situation;    /* owned: zones, front line and arrows of the date */
} Draw;

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
  cairo_move_to(cr, x, y);
  pango_cairo_layout_path(cr, layout);
  style_color(cr, map, FL_STYLE_HALO_COLOR, style_number(map, FL_STYLE_HALO_OPACITY));
  cairo_set_line_width(cr, halo_width);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke(cr);
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

/* Something a label must not cover: furniture and placed labels always (dot_rank -1), dots
 * unless the label is important enough to hide them (see place_labels). */
typedef struct {
  FlRect box;
  gint dot_rank;
} Obstacle;

static gboolean
overlaps(const FlRect *a, const FlRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width && a->y < b->y + b->height &&
         b->y < a->y + a->height;
}

/* Inside the frame and over no obstacle, except dots of rank ignore_from and lower. */
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

/* Tries the 8 positions around a dot (right, left, above, below, then the diagonals) and keeps
 * the first free one: TRUE with *label moved there and its box taken. */
static gboolean
place_label(const FlMap *map, GArray *taken, FlLabel *label, FlPagePoint at, double radius,
            double clearance, gint ignore_from)
{
  double w, h, gap = radius + 2 * map->unit + clearance, d = gap * 0.75;
  layout_size(label->layout, &w, &h);
  double candidates[8][2] = {
    {at.x + gap, at.y - h / 2},     {at.x - gap - w, at.y - h / 2},
    {at.x - w / 2, at.y - gap - h}, {at.x - w / 2, at.y + gap},
    {at.x + d, at.y - d - h},       {at.x - d - w, at.y - d - h},
    {at.x + d, at.y + d},           {at.x - d - w, at.y + d},
  };

  for (int i = 0; i < 8; i++) {
    FlRect box = {candidates[i][0] - clearance, candidates[i][1] - clearance + 0.1 * h,
                  w + 2 * clearance, 0.8 * h + 2 * clearance};
    if (!is_free(map, taken, &box, ignore_from))
      continue;
    label->x = candidates[i][0];
    label->y = candidates[i][1];
    take(taken, box, -1);
    return TRUE;
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

/* Every dot is an obstacle for labels, and so is the furniture. */
static GArray *
obstacles(const FlMap *map)
{
  GArray *taken = g_array_new(FALSE, FALSE, sizeof(Obstacle));
  const FlRect *furniture[] = {&map->title_box, &map->legend_box, &map->scale_box,
                               &map->credits_box};

  for (gsize i = 0; i < G_N_ELEMENTS(furniture); i++)
    take(taken, *furniture[i], -1);
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

/* A label for a place: first where it covers nothing; the capital and governorate seats, which
 * must be named, may then cover small places' dots (and the capital district seats' too). */
static gboolean
place_one(FlMap *map, GArray *taken, FlLabel *label, Rank rank)
{
  static const gint ignore[][2] = {{RANK_OTHER, RANK_DISTRICT}, {RANK_OTHER, RANK_OTHER}};
  FlPagePoint at = map->place_xy[label->place];
  double radius = dot_radius(map, rank) * map->unit;
  double clearance = (rank >= RANK_DISTRICT ? 3.0 : 1.5) * map->unit;

  if (place_label(map, taken, label, at, radius, clearance, G_MAXINT))
    return TRUE;
  for (int pass = 0; rank <= RANK_GOVERNORATE && pass < 2; pass++)
    if (place_label(map, taken, label, at, radius, clearance, ignore[rank][pass]))
      return TRUE;
  return FALSE;
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
                                    PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL), 0, 0};
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

static void
place_labels(FlMap *map)
{
  GArray *candidates = label_candidates(map);
  GArray *taken = obstacles(map);

  for (guint i = 0; i < candidates->len; i++) {
    const Candidate *c = &g_array_index(candidates, Candidate, i);
    FlLabel label = {c->place, place_layout(map, map->theatre->places->pdata[c->place], c->rank),
                     0, 0};
    if (place_one(map, taken, &label, c->rank))
      g_array_append_val(map->labels, label);
    else
      g_object_unref(label.layout);
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
  const char *statuses[] = {words->legend, words->contested, words->besieged, words->abandoned,
                            words->claimed, words->nobody, words->contested_ground,
                            words->front, advance};
  double u = map->unit, w = 0;
  guint rows = map->theatre->factions->len + G_N_ELEMENTS(statuses);

  for (gsize i = 0; i < G_N_ELEMENTS(statuses); i++)
    w = MAX(w, text_width(map, statuses[i], LEGEND_SIZE, PANGO_WEIGHT_BOLD));
  for (guint i = 0; i < map->theatre->factions->len; i++)
    w = MAX(w, text_width(map, fl_faction_label(map->theatre->factions->pdata[i], map->lang),
                          LEGEND_SIZE, PANGO_WEIGHT_NORMAL));
  g_free(advance);
  w += 52 * u;
  double h = rows * LEGEND_ROW * u + 20 * u;
  map->legend_box = (FlRect){map->frame.x + map->frame.width - PAD * u - w,
                             map->credits_box.y - PAD * u - h, w, h};
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
}

void
fl_draw_layout(FlMap *map)
{
  if (map->labels)
    return;
  map->labels = g_array_new(FALSE, FALSE, sizeof(FlLabel));
  reserve_furniture(map);
  place_labels(map);
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
  fill_layer(d, FL_LAYER_SEA, -1, FL_STYLE_COLORS_SEA);
  fill_layer(d, FL_LAYER_LAND, -1, FL_STYLE_COLORS_LAND);
  /* The theatre's country, cut to the coastline (country polygons and coasts come from
   * different sources). */
  cairo_save(cr);
  shapes_path(cr, &d->map->layers[FL_LAYER_LAND], -1, TRUE);
  cairo_clip(cr);
  fill_layer(d, FL_LAYER_COUNTRIES, 1, FL_STYLE_COLORS_THEATRE);
  cairo_restore(cr);
  fill_layer(d, FL_LAYER_LAKES, -1, FL_STYLE_COLORS_WATER);
  fill_layer(d, FL_LAYER_RESERVOIRS, -1, FL_STYLE_COLORS_WATER);
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
  if (d->error)
    return;
  cairo_set_line_join(d->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(d->cr, CAIRO_LINE_CAP_ROUND);
  stroke_levels(d, 5, 8, 0.5, 0.45);
  stroke_levels(d, 3, 4, 0.8, 0.9);
  stroke_levels(d, 1, 2, 1.4, 1);
  check(d, "rivers");
}

static void
draw_borders(Draw *d)
{
  cairo_t *cr = d->cr;
  double dash[] = {5 * d->u, 3 * d->u};

  if (d->error)
    return;
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
  cairo_set_dash(cr, NULL, 0, 0);
  check(d, "borders");
}

/* ---- zones, front line, advances ---- */

/* The ground each faction holds, under the rivers, borders and places. */
static void
draw_zones(Draw *d)
{
  if (d->error)
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
  fl_front_draw(d->cr, d->map, d->situation);
  fl_arrows_draw(d->cr, d->map, d->situation);
  check(d, "front line and arrows");
}

/* ---- places ---- */

/* One place mark: a dot in the faction's colour with a dark outline (dashed when only claimed),
 * a ring around it when contested, teeth when besieged, a hollow dot when abandoned. */
static void
draw_mark(cairo_t *cr, const FlMap *map, double x, double y, double r, double u,
          const FlPlaceState *state, guint32 color)
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
  if (nobody || state->status == FL_STATUS_ABANDONED)
    style_color(cr, map, FL_STYLE_COLORS_NOBODY, 1);
  else
    set_color(cr, color, 1);
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
}

static guint32
faction_color(const FlMap *map, gint faction)
{
  if (faction < 0 || (guint)faction >= map->theatre->factions->len)
    return style_rgb(map, FL_STYLE_COLORS_NOBODY);
  return map->faction_colors[faction];
}

static void
note_state(Draw *d, const FlPlaceState *state)
{
  if (state->faction >= 0 && (guint)state->faction < d->map->theatre->factions->len)
    d->faction_shown[state->faction] = TRUE;
  else
    d->nobody_shown = TRUE;
  d->status_shown[state->status] = TRUE;
  d->claimed_shown |= state->confidence == FL_CONFIDENCE_CLAIMED;
}

static void
draw_place(Draw *d, guint index)
{
  const FlMap *map = d->map;
  const FlPlace *place = map->theatre->places->pdata[index];
  Rank rank = place_rank(place);
  FlPagePoint p = map->place_xy[index];
  double r = dot_radius(map, rank) * d->u;

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
  note_state(d, state);
  draw_mark(d->cr, map, p.x, p.y, r, d->u, state, faction_color(map, state->faction));
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

static void
draw_labels(Draw *d)
{
  if (d->error)
    return;
  for (guint i = 0; i < d->map->labels->len; i++) {
    const FlLabel *label = &g_array_index(d->map->labels, FlLabel, i);
    const FlPlace *place = d->map->theatre->places->pdata[label->place];
    if (place->kind == FL_PLACE_COUNTRY) {
      cairo_move_to(d->cr, label->x, label->y);
      style_color(d->cr, d->map, FL_STYLE_COLORS_COUNTRY_NAME, 1);
      show_layout(d->cr, label->layout);
      continue;
    }
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

  if (!d->error) {
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

/* One legend row: a mark and its text. Returns the next row's y. */
static double
legend_row(Draw *d, double x, double y, const FlPlaceState *state, guint32 color, const char *text)
{
  draw_mark(d->cr, d->map, x + 14 * d->u, y, 5.5 * d->u, d->u, state, color);
  legend_text(d, text, x + 34 * d->u, y, PANGO_WEIGHT_NORMAL);
  return y + LEGEND_ROW * d->u;
}

static gboolean
front_shown(const Draw *d)
{
  return d->situation && d->situation->front != NULL;
}

static gboolean
arrows_shown(const Draw *d)
{
  return d->situation && d->situation->arrows && d->situation->arrows->len > 0;
}

static gboolean
contested_ground_shown(const Draw *d)
{
  gboolean contested = FALSE;

  return d->situation && fl_situation_faction_zoned(d->situation, -1, &contested) && contested;
}

static guint
legend_rows(const Draw *d)
{
  guint rows = 1 + d->nobody_shown + d->claimed_shown + contested_ground_shown(d) +
               front_shown(d) + arrows_shown(d);

  for (guint i = 0; i < d->map->theatre->factions->len; i++)
    rows += d->faction_shown[i];
  for (int s = FL_STATUS_CONTESTED; s <= FL_STATUS_ABANDONED; s++)
    rows += d->status_shown[s];
  return rows;
}

static void
draw_legend(Draw *d)
{
  const FlMap *map = d->map;
  const Words *w = d->words;
  const char *status_text[] = {NULL, w->contested, w->besieged, w->abandoned};
  double u = d->u, height = legend_rows(d) * LEGEND_ROW * u + 20 * u;
  FlRect box = {map->legend_box.x, map->legend_box.y + map->legend_box.height - height,
                map->legend_box.width, height};
  double x = box.x + 8 * u, y = box.y + 10 * u + LEGEND_ROW * u / 2;
  FlPlaceState plain = {.faction = 0, .status = FL_STATUS_HELD, .confidence = FL_CONFIDENCE_CONFIRMED};

  if (d->error)
    return;
  panel(d->cr, map, &box, u);
  legend_text(d, w->legend, x + 6 * u, y, PANGO_WEIGHT_BOLD);
  y += LEGEND_ROW * u;
  /* a faction's row: its zone's swatch under its dot when it has a zone */
  for (guint i = 0; i < map->theatre->factions->len; i++) {
    if (!d->faction_shown[i])
      continue;
    if (fl_situation_faction_zoned(d->situation, (gint)i, NULL))
      fl_zones_draw_swatch(d->cr, x + 2 * u, y - 7 * u, 24 * u, 14 * u, faction_color(map, i),
                           FALSE, u);
    y = legend_row(d, x, y, &plain, faction_color(map, i),
                   fl_faction_label(map->theatre->factions->pdata[i], map->lang));
  }
  if (contested_ground_shown(d)) {
    fl_zones_draw_swatch(d->cr, x + 2 * u, y - 7 * u, 24 * u, 14 * u,
                         style_rgb(map, FL_STYLE_COLORS_FOREIGN), TRUE, u);
    legend_text(d, w->contested_ground, x + 34 * u, y, PANGO_WEIGHT_NORMAL);
    y += LEGEND_ROW * u;
  }
  for (int s = FL_STATUS_CONTESTED; s <= FL_STATUS_ABANDONED; s++) {
    FlPlaceState state = plain;
    state.status = s;
    if (d->status_shown[s])
      y = legend_row(d, x, y, &state, style_rgb(map, FL_STYLE_COLORS_LEGEND_MARK),
                     status_text[s]);
  }
  plain.confidence = FL_CONFIDENCE_CLAIMED;
  if (d->claimed_shown)
    y = legend_row(d, x, y, &plain, style_rgb(map, FL_STYLE_COLORS_LEGEND_MARK), w->claimed);
  plain.faction = -1, plain.confidence = FL_CONFIDENCE_CONFIRMED;
  if (d->nobody_shown)
    y = legend_row(d, x, y, &plain, style_rgb(map, FL_STYLE_COLORS_NOBODY), w->nobody);
  if (front_shown(d)) {
    fl_front_draw_sample(d->cr, x + 3 * u, x + 25 * u, y, u);
    legend_text(d, w->front, x + 34 * u, y, PANGO_WEIGHT_NORMAL);
    y += LEGEND_ROW * u;
  }
  if (arrows_shown(d)) {
    char *advance = g_strdup_printf(w->advance, FL_ARROW_DAYS);
    fl_arrows_draw_sample(d->cr, x + 2 * u, x + 27 * u, y, style_rgb(map, FL_STYLE_COLORS_FOREIGN), u);
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

  if (!d->error) {
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

  if (!d->error) {
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
      } else {
        draw_labels(&d);
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

  if (!cached && !map->labels) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW,
                "the map is not laid out: fl_draw_layout() first");
    return FALSE;
  }

  d.faction_shown = g_new0(gboolean, map->theatre->factions->len + 1);
  d.situation = fl_situation_new(map, control, date, &d.error);
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
  }
  draw_front_and_arrows(&d);
  draw_places(&d);
  if (cached)
    paint_cache(&d, FL_CACHE_LABELS);
  else
    draw_labels(&d);
  draw_frame(&d);
  draw_scale_bar(&d);
  draw_title(&d);
  draw_legend(&d);
  draw_credits(&d);

  fl_situation_free(d.situation);
  g_free(d.faction_shown);
  if (d.error) {
    g_propagate_error(error, d.error);
    return FALSE;
  }
  return TRUE;
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
