/* furniture.c - the map's furniture: the room reserved for the title, legend, scale bar,
 * locator map and credits (which labels keep clear of), and their drawing with the frame. */
#include "draw-internal.h"

#include <math.h>
#include <string.h>

/* ---- the furniture's room ---- */

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

/* Room for the title, the longest date line of any month and the subtitle. */
static void
reserve_title(FlMap *map)
{
  GDate longest;
  double u = map->unit, w, h, date_w = 0, date_h = 0, sub_w = 0, sub_h = 0;
  double title_size = fl_draw_style_number(map, FL_STYLE_TITLE_SIZE);
  double date_size = fl_draw_style_number(map, FL_STYLE_TITLE_DATE_SIZE);
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
  const Words *words = fl_words_for(map->lang);
  char *advance = g_strdup_printf(words->advance, fl_arrow_days(map));
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
    g_autofree char *changed = fl_changed_line(map->lang, &longest);
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

void
fl_furniture_reserve(FlMap *map)
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

/* The end of the map: the clip is lifted and the frame outlined. */
void
fl_draw_frame(Draw *d)
{
  const FlRect *f = &d->map->frame;

  if (d->error)
    return;
  cairo_reset_clip(d->cr);
  cairo_rectangle(d->cr, f->x + 0.5 * d->u, f->y + 0.5 * d->u, f->width - d->u, f->height - d->u);
  fl_draw_style_color(d->cr, d->map, FL_STYLE_COLORS_FRAME, 1);
  cairo_set_line_width(d->cr, d->u);
  cairo_stroke(d->cr);
  fl_draw_check(d, "frame");
}

/* ---- furniture ---- */

static void
panel(cairo_t *cr, const FlMap *map, const FlRect *box, double u)
{
  cairo_rectangle(cr, box->x, box->y, box->width, box->height);
  fl_draw_style_color(cr, map, FL_STYLE_PANEL_COLOR,
                      fl_draw_style_number(map, FL_STYLE_PANEL_OPACITY));
  cairo_fill_preserve(cr);
  fl_draw_style_color(cr, map, FL_STYLE_PANEL_OUTLINE, 1);
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

void
fl_draw_title(Draw *d)
{
  const FlMap *map = d->map;
  const FlRect *box = &map->title_box;
  char *line = fl_draw_date_line(map->lang, d->date);
  const char *subtitle_text = fl_style_text(map->style, FL_STYLE_TITLE_SUBTITLE);
  double date_size = fl_draw_style_number(map, FL_STYLE_TITLE_DATE_SIZE) * d->u;
  PangoLayout *title = fl_text_layout(map->pango, map->title,
                                   fl_draw_style_number(map, FL_STYLE_TITLE_SIZE) * d->u,
                                   PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL);
  PangoLayout *date = fl_text_layout(map->pango, line, date_size, PANGO_WEIGHT_NORMAL,
                                  PANGO_STYLE_NORMAL);
  PangoLayout *subtitle = fl_text_layout(map->pango, subtitle_text, date_size, PANGO_WEIGHT_NORMAL,
                                      PANGO_STYLE_NORMAL);
  double w, h, date_w, date_h, sub_w, sub_h, y = box->y + 9 * d->u;

  if (!d->error && fl_draw_shown(map, FL_STYLE_LAYERS_TITLE)) {
    panel(d->cr, map, box, d->u);
    fl_layout_size(title, &w, &h);
    fl_layout_size(date, &date_w, &date_h);
    cairo_move_to(d->cr, line_x(box, w, title, d->u), y);
    fl_draw_style_color(d->cr, map, FL_STYLE_COLORS_INK, 1);
    fl_show_layout(d->cr, title);
    cairo_move_to(d->cr, line_x(box, date_w, date, d->u), y + h);
    fl_draw_style_color(d->cr, map, FL_STYLE_COLORS_DATE, 1);
    fl_show_layout(d->cr, date);
    if (*subtitle_text) {
      fl_layout_size(subtitle, &sub_w, &sub_h);
      cairo_move_to(d->cr, line_x(box, sub_w, subtitle, d->u), y + h + date_h);
      fl_show_layout(d->cr, subtitle);
    }
    fl_draw_check(d, "title");
  }
  g_object_unref(subtitle);
  g_object_unref(date);
  g_object_unref(title);
  g_free(line);
}

static void
legend_text(Draw *d, const char *text, double x, double y, PangoWeight weight)
{
  PangoLayout *layout = fl_text_layout(d->map->pango, text, LEGEND_SIZE * d->u, weight,
                                    PANGO_STYLE_NORMAL);
  double w, h;

  fl_layout_size(layout, &w, &h);
  cairo_move_to(d->cr, x, y - h / 2);
  fl_draw_style_color(d->cr, d->map, FL_STYLE_COLORS_INK, 1);
  fl_show_layout(d->cr, layout);
  g_object_unref(layout);
}

/* One legend row: a mark of a state on a basis, and its text. Returns the next row's y. */
static double
legend_row_basis(Draw *d, double x, double y, const FlPlaceState *state, FlBasis basis,
                 const char *text)
{
  if (fl_draw_shown(d->map, FL_STYLE_LAYERS_PLACES))
    fl_draw_mark(d->cr, d->map, x + 14 * d->u, y, 5.5 * d->u, d->u, state, basis,
              fl_draw_style_rgb(d->map, FL_STYLE_COLORS_LEGEND_MARK));
  legend_text(d, text, x + 34 * d->u, y, PANGO_WEIGHT_NORMAL);
  return y + LEGEND_ROW * d->u;
}

/* One legend row: a mark and its text. Returns the next row's y. */
static double
legend_row(Draw *d, double x, double y, const FlPlaceState *state, guint32 color, const char *text)
{
  if (fl_draw_shown(d->map, FL_STYLE_LAYERS_PLACES))
    fl_draw_mark(d->cr, d->map, x + 14 * d->u, y, 5.5 * d->u, d->u, state, FL_BASIS_REPORTED,
              color);
  legend_text(d, text, x + 34 * d->u, y, PANGO_WEIGHT_NORMAL);
  return y + LEGEND_ROW * d->u;
}

static guint
legend_rows(const FlMap *map, const FlLegend *legend)
{
  guint rows = 1 + legend->nobody + legend->claimed + legend->inferred + legend->stale +
               legend->contested_ground + legend->front + legend->arrows + legend->changes +
               legend->roads + legend->open + legend->occupied + legend->deconfliction;

  for (guint i = 0; i < map->theatre->factions->len; i++)
    rows += legend->faction[i] || legend->zoned[i];
  for (int s = FL_STATUS_CONTESTED; s <= FL_STATUS_ABANDONED; s++)
    rows += legend->status[s];
  return rows;
}

void
fl_draw_legend(Draw *d)
{
  const FlMap *map = d->map;
  const Words *w = d->words;
  const char *status_text[] = {NULL, w->contested, w->besieged, w->abandoned};
  const FlLegend *legend = d->legend;
  double u = d->u, height = legend_rows(map, legend) * LEGEND_ROW * u + 20 * u;
  FlRect box = {map->legend_box.x, map->legend_box.y + map->legend_box.height - height,
                map->legend_box.width, height};
  double x = box.x + 8 * u, y = box.y + 10 * u + LEGEND_ROW * u / 2;
  FlPlaceState plain = {
      .faction = 0, .status = FL_STATUS_HELD, .confidence = FL_CONFIDENCE_CONFIRMED};

  if (d->error || !fl_draw_shown(map, FL_STYLE_LAYERS_LEGEND))
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
                           fl_faction_color(map, i), FL_SWATCH_HELD);
    y = legend_row(d, x, y, &plain, fl_faction_color(map, i),
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
                         fl_draw_style_rgb(map, FL_STYLE_COLORS_FOREIGN), swatches[i]);
    legend_text(d, swatch_text[i], x + 34 * u, y, PANGO_WEIGHT_NORMAL);
    y += LEGEND_ROW * u;
  }
  for (int s = FL_STATUS_CONTESTED; s <= FL_STATUS_ABANDONED; s++) {
    FlPlaceState state = plain;
    state.status = s;
    if (legend->status[s])
      y = legend_row(d, x, y, &state, fl_draw_style_rgb(map, FL_STYLE_COLORS_LEGEND_MARK),
                     status_text[s]);
  }
  plain.confidence = FL_CONFIDENCE_CLAIMED;
  if (legend->claimed)
    y = legend_row(d, x, y, &plain, fl_draw_style_rgb(map, FL_STYLE_COLORS_LEGEND_MARK),
                   w->claimed);
  plain.confidence = FL_CONFIDENCE_CONFIRMED;
  if (legend->inferred)
    y = legend_row_basis(d, x, y, &plain, FL_BASIS_INFERRED, w->inferred);
  if (legend->stale)
    y = legend_row_basis(d, x, y, &plain, FL_BASIS_STALE, w->stale);
  if (legend->changes) {
    char *text = g_date_valid(&d->situation->since)
                     ? fl_changed_line(map->lang, &d->situation->since)
                     : g_strdup("");
    plain.confidence = FL_CONFIDENCE_CONFIRMED;
    fl_draw_changed(d->cr, map, x + 14 * u, y, 5.5 * u, u);
    y = legend_row(d, x, y, &plain, fl_draw_style_rgb(map, FL_STYLE_COLORS_LEGEND_MARK), text);
    g_free(text);
  }
  plain.faction = -1, plain.confidence = FL_CONFIDENCE_CONFIRMED;
  if (legend->nobody)
    y = legend_row(d, x, y, &plain, fl_draw_style_rgb(map, FL_STYLE_COLORS_NOBODY), w->nobody);
  if (legend->front) {
    fl_front_draw_sample(d->cr, map, x + 3 * u, x + 25 * u, y);
    legend_text(d, w->front, x + 34 * u, y, PANGO_WEIGHT_NORMAL);
    y += LEGEND_ROW * u;
  }
  if (legend->roads) {
    cairo_new_path(d->cr);
    cairo_move_to(d->cr, x + 3 * u, y + 3 * u);
    cairo_curve_to(d->cr, x + 10 * u, y - 4 * u, x + 18 * u, y + 4 * u, x + 25 * u, y - 3 * u);
    fl_draw_style_color(d->cr, map, FL_STYLE_HALO_COLOR, 0.7);
    cairo_set_line_width(d->cr, 3.4 * u);
    cairo_stroke_preserve(d->cr);
    fl_draw_style_color(d->cr, map, FL_STYLE_COLORS_ROAD, 1);
    cairo_set_line_width(d->cr, 1.5 * u);
    cairo_stroke(d->cr);
    legend_text(d, w->road, x + 34 * u, y, PANGO_WEIGHT_NORMAL);
    y += LEGEND_ROW * u;
  }
  if (legend->arrows) {
    char *advance = g_strdup_printf(w->advance, fl_arrow_days(map));
    fl_arrows_draw_sample(d->cr, map, x + 2 * u, x + 27 * u, y,
                          fl_draw_style_rgb(map, FL_STYLE_COLORS_FOREIGN));
    legend_text(d, advance, x + 34 * u, y, PANGO_WEIGHT_NORMAL);
    g_free(advance);
  }
  fl_draw_check(d, "legend");
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
  PangoLayout *layout = fl_text_layout(d->map->pango, text, 11 * d->u, PANGO_WEIGHT_NORMAL,
                                    PANGO_STYLE_NORMAL);
  double w, h;

  fl_layout_size(layout, &w, &h);
  fl_show_with_halo(d->cr, d->map, layout, x - w / 2, y - h, FL_STYLE_COLORS_INK, 3 * d->u);
  g_object_unref(layout);
}

/* A bar of two halves, true at the map's centre (the projection is conformal, so the scale
 * varies slightly away from it). */
void
fl_draw_scale_bar(Draw *d)
{
  const FlRect *box = &d->map->scale_box;
  double u = d->u, px_per_km = d->map->projection.px_per_km;
  int km = scale_length(px_per_km, box->width - 40 * u);
  double len = km * px_per_km, x = box->x + 14 * u, y = box->y + box->height - 12 * u;
  char *half = g_strdup_printf("%g", km / 2.0), *full = g_strdup_printf("%d km", km);

  if (!d->error && fl_draw_shown(d->map, FL_STYLE_LAYERS_SCALE)) {
    for (int i = 0; i < 2; i++) {
      cairo_rectangle(d->cr, x + i * len / 2, y, len / 2, 5 * u);
      fl_draw_style_color(d->cr, d->map, i == 0 ? FL_STYLE_COLORS_INK : FL_STYLE_HALO_COLOR, 1);
      cairo_fill_preserve(d->cr);
      fl_draw_style_color(d->cr, d->map, FL_STYLE_COLORS_INK, 1);
      cairo_set_line_width(d->cr, 0.8 * u);
      cairo_stroke(d->cr);
    }
    scale_tick(d, x, y - 2 * u, "0");
    scale_tick(d, x + len / 2, y - 2 * u, half);
    scale_tick(d, x + len, y - 2 * u, full);
    fl_draw_check(d, "scale bar");
  }
  g_free(full);
  g_free(half);
}

/* The locator map: the wide ground's countries, the theatre's country picked out, and the map's
 * frame as a rectangle (the same projection, so it is one). */
void
fl_draw_inset(Draw *d)
{
  const FlMap *map = d->map;
  const FlRect *box = &map->inset_box, *view = &map->inset_view, *f = &map->frame;
  const FlShapes *countries = &map->layers[FL_LAYER_LOCATOR];
  cairo_t *cr = d->cr;
  double u = d->u, scale;

  if (d->error || box->width <= 0 || !fl_draw_shown(map, FL_STYLE_LAYERS_INSET))
    return;
  scale = box->width / view->width;
  cairo_save(cr);
  cairo_rectangle(cr, box->x, box->y, box->width, box->height);
  fl_draw_style_color(cr, map, FL_STYLE_COLORS_SEA, 1);
  cairo_fill_preserve(cr);
  cairo_clip(cr);
  for (int theatre = 0; theatre <= 1; theatre++) {
    cairo_save(cr);
    cairo_translate(cr, box->x - view->x * scale, box->y - view->y * scale);
    cairo_scale(cr, scale, scale);
    cairo_new_path(cr);
    fl_shapes_path(cr, countries, theatre, TRUE);
    cairo_restore(cr);   /* the outline's width in page units */
    fl_draw_style_color(cr, map, FL_STYLE_COLORS_LAND, 1);
    if (theatre) {   /* the theatre's country, tinted with the extent's colour */
      cairo_fill_preserve(cr);
      fl_draw_style_color(cr, map, FL_STYLE_INSET_COLOR, 0.3);
    }
    cairo_fill_preserve(cr);
    fl_draw_style_color(cr, map, theatre ? FL_STYLE_COLORS_THEATRE_BORDER : FL_STYLE_COLORS_BORDER,
                        1);
    cairo_set_line_width(cr, (theatre ? 1.0 : 0.5) * u);
    cairo_stroke(cr);
  }
  cairo_rectangle(cr, box->x + (f->x - view->x) * scale, box->y + (f->y - view->y) * scale,
                  f->width * scale, f->height * scale);
  fl_draw_style_color(cr, map, FL_STYLE_INSET_COLOR, 1);
  cairo_set_line_width(cr, 1.6 * u);
  cairo_stroke(cr);
  cairo_restore(cr);
  cairo_rectangle(cr, box->x, box->y, box->width, box->height);
  fl_draw_style_color(cr, map, FL_STYLE_PANEL_OUTLINE, 1);
  cairo_set_line_width(cr, 0.8 * u);
  cairo_stroke(cr);
  fl_draw_check(d, "locator map");
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
  PangoLayout *layout = fl_text_layout(d->map->pango, text, CREDIT_SIZE * d->u, PANGO_WEIGHT_NORMAL,
                                    PANGO_STYLE_NORMAL);

  pango_layout_set_width(layout, (int)((box->width - 2 * PAD * d->u) * PANGO_SCALE));
  pango_layout_set_ellipsize(layout, ellipsize);
  cairo_move_to(d->cr, box->x + PAD * d->u, y);
  fl_draw_style_color(d->cr, d->map, FL_STYLE_COLORS_CREDITS, 1);
  fl_show_layout(d->cr, layout);
  g_object_unref(layout);
}

void
fl_draw_credits(Draw *d)
{
  const FlRect *box = &d->map->credits_box;
  char **credits = d->map->theatre->credits;
  char *sources = credits ? g_strjoinv(" · ", credits) : g_strdup("");
  char *reports = reports_line(d);
  double line = CREDIT_SIZE * 1.5 * d->u;

  if (!d->error && fl_draw_shown(d->map, FL_STYLE_LAYERS_CREDITS)) {
    cairo_rectangle(d->cr, box->x, box->y, box->width, box->height);
    fl_draw_style_color(d->cr, d->map, FL_STYLE_PANEL_COLOR,
                fl_draw_style_number(d->map, FL_STYLE_PANEL_CREDITS_OPACITY));
    cairo_fill(d->cr);
    credits_text(d, sources, box->y + 5 * d->u, PANGO_ELLIPSIZE_END);
    credits_text(d, reports, box->y + 5 * d->u + line, PANGO_ELLIPSIZE_START);
    fl_draw_check(d, "credits");
  }
  g_free(reports);
  g_free(sources);
}
