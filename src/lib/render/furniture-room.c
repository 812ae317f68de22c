/* furniture-room.c - the room of the map's furniture, which labels keep clear of: the title
 * top left, the credits along the bottom, the scale bar bottom left, and the legend and the
 * locator map where they cover least of the theatre's country and none of its places.
 *
 * The country is rasterised once into a coarse grid of cells (GROUND_CELLS along the page's
 * longer side) whose summed-area table gives what any box covers in constant time; each theatre
 * place adds a cost far above any area, so a box covers a place only when every position does.
 * The candidates are the positions along the frame's four edges, one cell apart; the cheapest
 * wins, ties going to the nearest to the box's usual corner, so the choice is deterministic.
 * When no position of the legend is free, it gets smaller text, or two columns where those are
 * free; on a page too small for any, the least covering one-column legend. */
#include "draw-internal.h"

#include <math.h>
#include <string.h>

#define GROUND_CELLS 192
#define PLACE_COST 4.0    /* a theatre place, in box areas: above any share of country */
#define FREE_SHARE 0.004  /* a box covering at most this share of its area with country is free */

/* The theatre's ground in cells: cost[] is summed over the cells above and left. */
typedef struct {
  double cell;        /* page units per cell */
  int cols, rows;
  double *sum;        /* (cols + 1) * (rows + 1) */
  double place;       /* the cost of one place, in page units squared */
} Ground;

static void
text_extent(const FlMap *map, const char *text, double size, PangoWeight weight, double *width,
            double *height)
{
  PangoLayout *layout = fl_text_layout(map->pango, text, size * map->unit, weight,
                                       PANGO_STYLE_NORMAL);

  fl_layout_size(layout, width, height);
  g_object_unref(layout);
}

static double
text_width(const FlMap *map, const char *text, double size, PangoWeight weight)
{
  double w, h;

  text_extent(map, text, size, weight, &w, &h);
  return w;
}

/* ---- the ground ---- */

static void
ground_init(Ground *ground, const FlMap *map)
{
  double side = MAX(map->width, map->height);
  cairo_surface_t *surface;
  cairo_t *cr;
  double *cost;

  ground->cell = side / GROUND_CELLS;
  ground->cols = (int)ceil(map->width / ground->cell);
  ground->rows = (int)ceil(map->height / ground->cell);
  ground->place = PLACE_COST * 300 * 300 * map->unit * map->unit;
  surface = cairo_image_surface_create(CAIRO_FORMAT_A8, ground->cols, ground->rows);
  cr = cairo_create(surface);
  cairo_scale(cr, 1 / ground->cell, 1 / ground->cell);
  fl_shapes_path(cr, &map->layers[FL_LAYER_COUNTRIES], 1, TRUE);
  cairo_fill(cr);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  cost = g_new0(double, ground->cols * ground->rows);
  const unsigned char *data = cairo_image_surface_get_data(surface);
  int stride = cairo_image_surface_get_stride(surface);
  double cell_area = ground->cell * ground->cell;
  for (int r = 0; data && r < ground->rows; r++)
    for (int c = 0; c < ground->cols; c++)
      cost[r * ground->cols + c] = data[r * stride + c] / 255.0 * cell_area;
  cairo_surface_destroy(surface);
  for (guint i = 0; i < map->theatre->places->len; i++) {
    Rank rank = fl_place_rank(map->theatre->places->pdata[i]);
    FlPagePoint p = map->place_xy[i];
    if (rank == RANK_NONE || rank == RANK_FOREIGN_CAPITAL || rank == RANK_FOREIGN_CITY ||
        !fl_on_frame(map, p))
      continue;
    int c = CLAMP((int)(p.x / ground->cell), 0, ground->cols - 1);
    int r = CLAMP((int)(p.y / ground->cell), 0, ground->rows - 1);
    cost[r * ground->cols + c] += ground->place;
  }
  ground->sum = g_new0(double, (ground->cols + 1) * (ground->rows + 1));
  for (int r = 0; r < ground->rows; r++)
    for (int c = 0; c < ground->cols; c++)
      ground->sum[(r + 1) * (ground->cols + 1) + c + 1] =
          cost[r * ground->cols + c] + ground->sum[r * (ground->cols + 1) + c + 1] +
          ground->sum[(r + 1) * (ground->cols + 1) + c] - ground->sum[r * (ground->cols + 1) + c];
  g_free(cost);
}

static void
ground_clear(Ground *ground)
{
  g_free(ground->sum);
}

/* What a box covers: its share of country, in page units squared, and its places' cost. */
static double
ground_cost(const Ground *ground, const FlRect *box)
{
  int c0 = CLAMP((int)floor(box->x / ground->cell), 0, ground->cols);
  int r0 = CLAMP((int)floor(box->y / ground->cell), 0, ground->rows);
  int c1 = CLAMP((int)ceil((box->x + box->width) / ground->cell), 0, ground->cols);
  int r1 = CLAMP((int)ceil((box->y + box->height) / ground->cell), 0, ground->rows);
  int w = ground->cols + 1;

  return ground->sum[r1 * w + c1] - ground->sum[r0 * w + c1] - ground->sum[r1 * w + c0] +
         ground->sum[r0 * w + c0];
}

/* The position of a w by h box along the frame's edges (inside PAD, above the credits) that
 * covers least, clear of the boxes taken; ties go to the nearest to (prefer_x, prefer_y), the
 * box's top-left corner where it usually goes. FALSE when it fits nowhere. */
static gboolean
place_box(const FlMap *map, const FlLayout *layout, const Ground *ground, double w, double h,
          double prefer_x, double prefer_y, const FlRect *taken, gsize n_taken, FlRect *best,
          double *best_cost)
{
  const FlRect *f = &map->frame;
  double u = map->unit, x0 = f->x + PAD * u, y0 = f->y + PAD * u;
  double x1 = f->x + f->width - PAD * u - w, y1 = layout->credits_box.y - PAD * u - h;
  double step = ground->cell, best_distance = HUGE_VAL;
  int nx = x1 >= x0 ? (int)ceil((x1 - x0) / step) : -1;
  int ny = y1 >= y0 ? (int)ceil((y1 - y0) / step) : -1;
  gboolean found = FALSE;

  *best_cost = HUGE_VAL;
  for (int edge = 0; edge < 4; edge++) {
    int n = edge < 2 ? nx : ny;
    for (int i = 0; i <= n; i++) {
      double along = (edge < 2 ? x0 : y0) + MIN(i * step, (edge < 2 ? x1 - x0 : y1 - y0));
      FlRect box = {edge < 2 ? along : (edge == 2 ? x0 : x1),
                    edge < 2 ? (edge == 0 ? y0 : y1) : along, w, h};
      gboolean clear = ny >= 0;
      for (gsize t = 0; clear && t < n_taken; t++) {
        FlRect room = {taken[t].x - PAD * u / 2, taken[t].y - PAD * u / 2,
                       taken[t].width + PAD * u, taken[t].height + PAD * u};
        clear = taken[t].width <= 0 || !fl_rect_overlaps(&box, &room);
      }
      if (!clear)
        continue;
      /* costs are compared in whole cells, so that rounding never decides */
      double cost = round(ground_cost(ground, &box) / (step * step));
      double distance = hypot(box.x - prefer_x, box.y - prefer_y);
      if (cost < *best_cost || (cost == *best_cost && distance < best_distance - 1e-9)) {
        *best = box, *best_cost = cost, best_distance = distance, found = TRUE;
      }
    }
  }
  *best_cost *= step * step;
  return found;
}

/* ---- title ---- */

/* "d'après les rapports connus au 5 décembre", or with the time of the latest report of that
 * day's, in the longest form of any month. */
static double
known_on_width(const FlMap *map, double size, double *height)
{
  double width = 0;

  *height = 0;
  if (!g_date_valid(&map->known_on))
    return 0;
  for (int month = 1; month <= 12; month++) {
    GDate longest;
    double w, h;
    g_date_clear(&longest, 1);
    g_date_set_dmy(&longest, 28, month, 2000);
    g_autofree char *line = fl_known_on_line(map, &longest, &longest, 23 * 60 + 59);
    text_extent(map, line, size, PANGO_WEIGHT_NORMAL, &w, &h);
    width = MAX(width, w), *height = MAX(*height, h);
  }
  return width;
}

/* Room for the title, the longest date line of any month, the subtitle and the "as known on"
 * line. */
static void
reserve_title(const FlMap *map, FlLayout *room)
{
  GDate longest;
  double u = map->unit, w, h, date_w = 0, date_h = 0, sub_w = 0, sub_h = 0, known_w, known_h;
  double title_size = fl_draw_style_number(map, FL_STYLE_TITLE_SIZE);
  double date_size = fl_draw_style_number(map, FL_STYLE_TITLE_DATE_SIZE);
  const char *subtitle = fl_style_text(map->style, FL_STYLE_TITLE_SUBTITLE);

  text_extent(map, map->title, title_size, PANGO_WEIGHT_BOLD, &w, &h);
  if (*subtitle)
    text_extent(map, subtitle, date_size, PANGO_WEIGHT_NORMAL, &sub_w, &sub_h);
  known_w = known_on_width(map, date_size, &known_h);
  for (int month = 1; month <= 12; month++) {
    char *line;
    double lw, lh;
    g_date_clear(&longest, 1);
    g_date_set_dmy(&longest, 28, month, 2000);
    line = fl_draw_date_line(map, &longest);
    text_extent(map, line, date_size, PANGO_WEIGHT_NORMAL, &lw, &lh);
    date_w = MAX(date_w, lw), date_h = MAX(date_h, lh);
    g_free(line);
  }
  room->title_box =
      (FlRect){map->frame.x + PAD * u, map->frame.y + PAD * u,
               MAX(MAX(MAX(w, date_w), sub_w), known_w) + 28 * u,
               h + date_h + sub_h + known_h + 20 * u};
}

/* ---- legend ---- */

/* The widest row of the legend at LEGEND_SIZE (its marks aside) and its number of rows. */
static double
legend_width(const FlMap *map, const FlLegend *legend, guint *rows)
{
  const Words *words = map->words;
  g_autofree char *days = g_strdup_printf("%d", fl_arrow_days(map));
  g_autofree char *advance = fl_words_fill(words->advance, "days", days, NULL);
  const char *texts[] = {words->contested, words->besieged, words->abandoned, words->claimed,
                         words->inferred, words->stale, words->nobody, words->front,
                         words->road, advance, words->open_ground, words->contested_ground,
                         words->occupied, words->deconfliction};
  const gboolean shown[] = {legend->status[FL_STATUS_CONTESTED],
                            legend->status[FL_STATUS_BESIEGED],
                            legend->status[FL_STATUS_ABANDONED], legend->claimed,
                            legend->inferred, legend->stale, legend->nobody, legend->front,
                            legend->roads, legend->arrows, legend->open,
                            legend->contested_ground, legend->occupied, legend->deconfliction};
  double w = text_width(map, words->legend, LEGEND_SIZE, PANGO_WEIGHT_BOLD) - 28 * map->unit;

  G_STATIC_ASSERT(G_N_ELEMENTS(texts) == G_N_ELEMENTS(shown));
  *rows = fl_legend_rows(map, legend);
  for (gsize i = 0; i < G_N_ELEMENTS(texts); i++)
    if (shown[i])
      w = MAX(w, text_width(map, texts[i], LEGEND_SIZE, PANGO_WEIGHT_NORMAL));
  for (int month = 1; legend->changes && month <= 12; month++) {   /* of any date */
    GDate longest;
    g_date_clear(&longest, 1);
    g_date_set_dmy(&longest, 28, month, 2000);
    g_autofree char *changed = fl_changed_line(map, &longest);
    w = MAX(w, text_width(map, changed, LEGEND_SIZE, PANGO_WEIGHT_NORMAL));
  }
  for (guint i = 0; i < map->theatre->factions->len; i++)
    if (legend->faction[i] || legend->zoned[i])
      w = MAX(w, text_width(map, fl_faction_label(map->theatre->factions->pdata[i], map->lang),
                            LEGEND_SIZE, PANGO_WEIGHT_NORMAL));
  return w;
}

/* The legend's size at a scale of its text, in columns. */
static void
legend_size(const FlMap *map, double text_w, guint rows, double scale, int columns, double *w,
            double *h)
{
  double u = map->unit * scale;
  guint per_column = (rows + columns - 1) / columns;

  *w = columns * (text_w + 42 * u) + 10 * u + (columns - 1) * 10 * u;
  *h = per_column * LEGEND_ROW * u + 20 * u;
}

/* The legend at full size where it covers no country; else smaller, or in two columns, at the
 * first size that is free, or the size that covers least. */
static void
reserve_legend(const FlMap *map, const FlLegend *legend, FlLayout *room, const Ground *ground,
               const FlRect *taken, gsize n_taken)
{
  static const struct {
    double scale;
    int columns;
  } sizes[] = {{1, 1}, {0.88, 1}, {1, 2}, {0.88, 2}, {0.76, 2}};
  double u = map->unit, least = HUGE_VAL, min_scale = MIN(1.0, 7.0 / (LEGEND_SIZE * u));
  guint rows;
  double text_w = legend_width(map, legend, &rows);
  const FlRect *f = &map->frame;

  room->legend_scale = 1, room->legend_columns = 1;
  room->legend_box = (FlRect){0, 0, 0, 0};
  for (gsize i = 0; i < G_N_ELEMENTS(sizes); i++) {
    double scale = MAX(sizes[i].scale, min_scale), w, h, cost;
    FlRect box;
    if (i > 0 && scale == sizes[i - 1].scale && sizes[i].columns == sizes[i - 1].columns)
      continue;
    legend_size(map, text_w * scale, rows, scale, sizes[i].columns, &w, &h);
    if (!place_box(map, room, ground, w, h, f->x + f->width - PAD * u - w,
                   room->credits_box.y - PAD * u - h, taken, n_taken, &box, &cost))
      continue;
    /* two columns only when free: wide, they would cover the theatre's middle */
    if (cost < least && (sizes[i].columns == 1 || cost <= FREE_SHARE * w * h)) {
      least = cost, room->legend_box = box;
      room->legend_scale = scale, room->legend_columns = sizes[i].columns;
    }
    if (cost <= FREE_SHARE * w * h)
      break;
  }
}

/* ---- locator map ---- */

/* The locator map: [inset] width wide (less on a small page), the frame's shape, where it
 * covers least, bottom left above the scale bar when that is free. None without a width, a
 * locator layer or room. */
static void
reserve_inset(const FlMap *map, FlLayout *room, const Ground *ground, const FlRect *taken,
              gsize n_taken)
{
  double u = map->unit, w = fl_style_number(map->style, FL_STYLE_INSET_WIDTH) * u, cost;
  const FlRect *f = &map->frame;
  double h = f->width > 0 ? w * f->height / f->width : 0;

  room->inset_box = (FlRect){0, 0, 0, 0};
  if (w <= 0 || map->inset_view.width <= 0 || map->layers[FL_LAYER_LOCATOR].shapes->len == 0)
    return;
  for (int shrink = 0; shrink < 3; shrink++, w *= 0.8, h *= 0.8) {
    FlRect box;
    if (!place_box(map, room, ground, w, h, f->x + PAD * u, room->scale_box.y - PAD * u - h,
                   taken, n_taken, &box, &cost))
      continue;
    if (room->inset_box.width <= 0 || cost <= FREE_SHARE * w * h)
      room->inset_box = box;
    if (cost <= FREE_SHARE * w * h)
      break;
  }
}

void
fl_furniture_reserve(const FlMap *map, const FlLegend *legend, FlLayout *room)
{
  double u = map->unit, credits_h = 2 * CREDIT_SIZE * 1.5 * u + 10 * u;
  const FlRect *f = &map->frame;
  Ground ground;

  /* Over the map, inside its frame: title top left, scale bottom left, credits along the
   * bottom; the legend and the locator map where they cover least of the theatre. */
  room->credits_box = (FlRect){f->x, f->y + f->height - credits_h, f->width, credits_h};
  room->scale_box =
      (FlRect){f->x + PAD * u, room->credits_box.y - PAD * u - 46 * u, 250 * u, 46 * u};
  reserve_title(map, room);
  ground_init(&ground, map);
  FlRect taken[] = {room->title_box, room->scale_box, {0, 0, 0, 0}};
  reserve_legend(map, legend, room, &ground, taken, 2);
  taken[2] = room->legend_box;
  reserve_inset(map, room, &ground, taken, 3);
  ground_clear(&ground);
}
