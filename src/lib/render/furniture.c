/* furniture.c - the drawing of the map's furniture (title, legend, scale bar, locator map,
 * credits) and of the frame, in the room furniture-room.c reserved for each. */
#include "draw-internal.h"

#include <math.h>
#include <string.h>

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

/* "as known on 5 December (latest report 14:30)" under the date line when the map shows the
 * reports known on a day: the time of the latest report used, when it gives one. */
static void
known_on(Draw *d, double size, double y)
{
  const FlReport *latest = NULL;
  double w, h;

  if (!g_date_valid(&d->map->known_on))
    return;
  for (guint i = 0; d->reports && i < d->reports->len; i++) {
    const FlReport *report = d->reports->pdata[i];
    if (!g_date_valid(&report->date) || g_date_compare(&report->date, d->date) > 0 ||
        g_date_compare(&report->date, &d->map->known_on) > 0)
      continue;
    int order = latest ? g_date_compare(&report->date, &latest->date) : 1;
    if (order > 0 || (order == 0 && report->minute_of_day > latest->minute_of_day))
      latest = report;
  }
  g_autofree char *text = fl_known_on_line(d->map, &d->map->known_on,
                                           latest ? &latest->date : NULL,
                                           latest ? latest->minute_of_day : -1);
  PangoLayout *layout = fl_text_layout(d->map->pango, text, size, PANGO_WEIGHT_NORMAL,
                                       PANGO_STYLE_NORMAL);
  fl_layout_size(layout, &w, &h);
  cairo_move_to(d->cr, line_x(&d->layout->title_box, w, layout, d->u), y);
  fl_draw_style_color(d->cr, d->map, FL_STYLE_COLORS_DATE, 1);
  fl_show_layout(d->cr, layout);
  g_object_unref(layout);
}

void
fl_draw_title(Draw *d)
{
  const FlMap *map = d->map;
  const FlRect *box = &d->layout->title_box;
  char *line = fl_draw_date_line(map, d->date);
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
    y += h + date_h;
    if (*subtitle_text) {
      fl_layout_size(subtitle, &sub_w, &sub_h);
      cairo_move_to(d->cr, line_x(box, sub_w, subtitle, d->u), y);
      fl_show_layout(d->cr, subtitle);
      y += sub_h;
    }
    known_on(d, date_size, y);
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

/* Where the next row of the legend goes: x, y, and the column's rows. */
typedef struct {
  double x, y, top, column_width, row;
  guint rows, per_column;
} Rows;

static void
next_row(Rows *r)
{
  r->y += r->row;
  if (++r->rows % r->per_column == 0)
    r->x += r->column_width, r->y = r->top;
}

/* One legend row: a mark of a state on a basis, and its text. */
static void
legend_row_basis(Draw *d, Rows *r, const FlPlaceState *state, FlBasis basis, const char *text)
{
  double x = r->x, y = r->y;

  if (fl_draw_shown(d->map, FL_STYLE_LAYERS_PLACES))
    fl_draw_mark(d->cr, d->map, x + 14 * d->u, y, 5.5 * d->u, d->u, state, basis,
              fl_draw_style_rgb(d->map, FL_STYLE_COLORS_LEGEND_MARK));
  legend_text(d, text, x + 34 * d->u, y, PANGO_WEIGHT_NORMAL);
  next_row(r);
}

/* One legend row: a mark and its text. */
static void
legend_row(Draw *d, Rows *r, const FlPlaceState *state, guint32 color, const char *text)
{
  double x = r->x, y = r->y;

  if (fl_draw_shown(d->map, FL_STYLE_LAYERS_PLACES))
    fl_draw_mark(d->cr, d->map, x + 14 * d->u, y, 5.5 * d->u, d->u, state, FL_BASIS_REPORTED,
              color);
  legend_text(d, text, x + 34 * d->u, y, PANGO_WEIGHT_NORMAL);
  next_row(r);
}

void
fl_draw_legend(Draw *d)
{
  const FlMap *map = d->map;
  const Words *w = d->words;
  const char *status_text[] = {NULL, w->contested, w->besieged, w->abandoned};
  const FlLegend *legend = d->legend;
  cairo_t *cr = d->cr;
  const FlRect *room = &d->layout->legend_box;
  double u = d->u, scale = d->layout->legend_scale > 0 ? d->layout->legend_scale : 1;
  int columns = MAX(d->layout->legend_columns, 1);
  guint n_rows = fl_legend_rows(map, legend), per_column = (n_rows + columns - 1) / columns;
  /* drawn at full size in the legend's own frame, scaled to its room */
  double width = room->width / scale, height = per_column * LEGEND_ROW * u + 20 * u;
  gboolean low = room->y + room->height / 2 > map->frame.y + map->frame.height / 2;
  FlRect box = {0, low ? room->height / scale - height : 0, width, height};
  double top = box.y + 10 * u + LEGEND_ROW * u / 2;
  Rows r = {box.x + 8 * u, top, top, width / columns, LEGEND_ROW * u, 0, MAX(per_column, 1)};
  FlPlaceState plain = {
      .faction = 0, .status = FL_STATUS_HELD, .confidence = FL_CONFIDENCE_CONFIRMED};

  if (d->error || !fl_draw_shown(map, FL_STYLE_LAYERS_LEGEND))
    return;
  cairo_save(cr);
  cairo_translate(cr, room->x, room->y);
  cairo_scale(cr, scale, scale);
  panel(d->cr, map, &box, u);
  legend_text(d, w->legend, r.x + 6 * u, r.y, PANGO_WEIGHT_BOLD);
  next_row(&r);
  /* a faction's row: its zone's swatch under its dot when it has a zone */
  for (guint i = 0; i < map->theatre->factions->len; i++) {
    if (!legend->faction[i] && !legend->zoned[i])
      continue;
    if (legend->zoned[i])
      fl_zones_draw_swatch(d->cr, map, r.x + 2 * u, r.y - 7 * u, 24 * u, 14 * u,
                           fl_faction_color(map, i), FL_SWATCH_HELD);
    legend_row(d, &r, &plain, fl_faction_color(map, i),
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
    fl_zones_draw_swatch(d->cr, map, r.x + 2 * u, r.y - 7 * u, 24 * u, 14 * u,
                         fl_draw_style_rgb(map, FL_STYLE_COLORS_FOREIGN), swatches[i]);
    legend_text(d, swatch_text[i], r.x + 34 * u, r.y, PANGO_WEIGHT_NORMAL);
    next_row(&r);
  }
  for (int s = FL_STATUS_CONTESTED; s <= FL_STATUS_ABANDONED; s++) {
    FlPlaceState state = plain;
    state.status = s;
    if (legend->status[s])
      legend_row(d, &r, &state, fl_draw_style_rgb(map, FL_STYLE_COLORS_LEGEND_MARK),
                     status_text[s]);
  }
  plain.confidence = FL_CONFIDENCE_CLAIMED;
  if (legend->claimed)
    legend_row(d, &r, &plain, fl_draw_style_rgb(map, FL_STYLE_COLORS_LEGEND_MARK),
                   w->claimed);
  plain.confidence = FL_CONFIDENCE_CONFIRMED;
  if (legend->inferred)
    legend_row_basis(d, &r, &plain, FL_BASIS_INFERRED, w->inferred);
  if (legend->stale)
    legend_row_basis(d, &r, &plain, FL_BASIS_STALE, w->stale);
  if (legend->changes) {
    char *text = g_date_valid(&d->situation->since)
                     ? fl_changed_line(map, &d->situation->since)
                     : g_strdup("");
    plain.confidence = FL_CONFIDENCE_CONFIRMED;
    fl_draw_changed(d->cr, map, r.x + 14 * u, r.y, 5.5 * u, u);
    legend_row(d, &r, &plain, fl_draw_style_rgb(map, FL_STYLE_COLORS_LEGEND_MARK), text);
    g_free(text);
  }
  plain.faction = -1, plain.confidence = FL_CONFIDENCE_CONFIRMED;
  if (legend->nobody)
    legend_row(d, &r, &plain, fl_draw_style_rgb(map, FL_STYLE_COLORS_NOBODY), w->nobody);
  if (legend->front) {
    fl_front_draw_sample(d->cr, map, r.x + 3 * u, r.x + 25 * u, r.y);
    legend_text(d, w->front, r.x + 34 * u, r.y, PANGO_WEIGHT_NORMAL);
    next_row(&r);
  }
  if (legend->roads) {
    cairo_new_path(d->cr);
    cairo_move_to(d->cr, r.x + 3 * u, r.y + 3 * u);
    cairo_curve_to(d->cr, r.x + 10 * u, r.y - 4 * u, r.x + 18 * u, r.y + 4 * u, r.x + 25 * u,
                   r.y - 3 * u);
    fl_draw_style_color(d->cr, map, FL_STYLE_HALO_COLOR, 0.7);
    cairo_set_line_width(d->cr, 3.4 * u);
    cairo_stroke_preserve(d->cr);
    fl_draw_style_color(d->cr, map, FL_STYLE_COLORS_ROAD, 1);
    cairo_set_line_width(d->cr, 1.5 * u);
    cairo_stroke(d->cr);
    legend_text(d, w->road, r.x + 34 * u, r.y, PANGO_WEIGHT_NORMAL);
    next_row(&r);
  }
  if (legend->arrows) {
    g_autofree char *days = g_strdup_printf("%d", fl_arrow_days(map));
    char *advance = fl_words_fill(w->advance, "days", days, NULL);
    fl_arrows_draw_sample(d->cr, map, r.x + 2 * u, r.x + 27 * u, r.y,
                          fl_draw_style_rgb(map, FL_STYLE_COLORS_FOREIGN));
    legend_text(d, advance, r.x + 34 * u, r.y, PANGO_WEIGHT_NORMAL);
    g_free(advance);
  }
  cairo_restore(cr);
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
  const FlRect *box = &d->layout->scale_box;
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
  const FlRect *box = &d->layout->inset_box, *view = &map->inset_view, *f = &map->frame;
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

static double
credits_width(Draw *d, const char *text)
{
  PangoLayout *layout = fl_text_layout(d->map->pango, text, CREDIT_SIZE * d->u,
                                       PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL);
  double w, h;

  fl_layout_size(layout, &w, &h);
  g_object_unref(layout);
  return w;
}

/* "Reports: AFP 2024-12-07, Reuters 2024-12-08" for the reports up to the date, the latest
 * ones and "+ 12 more reports" when they do not all fit width. Newly allocated; g_free(). */
static char *
reports_line(Draw *d, double width)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func(g_free);
  char iso[11], *line = NULL;

  for (guint i = 0; d->reports && i < d->reports->len; i++) {
    const FlReport *report = d->reports->pdata[i];
    if (g_date_valid(&report->date) && g_date_compare(&report->date, d->date) > 0)
      continue;
    g_ptr_array_add(entries, g_strdup_printf("%s %s", report->source ? report->source
                                                                     : report->name,
                                             g_date_valid(&report->date)
                                                 ? fl_date_format_iso(&report->date, iso)
                                                 : "?"));
  }
  for (guint shown = entries->len; shown > 0 && !line; shown--) {
    GString *text = g_string_new(d->words->reports);
    g_string_append(text, ": ");
    for (guint i = entries->len - shown; i < entries->len; i++)
      g_string_append_printf(text, "%s%s", i > entries->len - shown ? ", " : "",
                             (char *)entries->pdata[i]);
    if (shown < entries->len) {
      g_string_append(text, " ");
      g_autofree char *count = g_strdup_printf("%u", entries->len - shown);
      g_autofree char *more = fl_words_fill(d->words->more_reports, "count", count, NULL);
      g_string_append(text, more);
    }
    if (shown == 1 || credits_width(d, text->str) <= width)
      line = g_string_free(text, FALSE);
    else
      g_string_free(text, TRUE);
  }
  g_ptr_array_unref(entries);
  return line ? line : g_strdup("");
}

static void
credits_text(Draw *d, const char *text, double y, PangoEllipsizeMode ellipsize)
{
  const FlRect *box = &d->layout->credits_box;
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
  const FlRect *box = &d->layout->credits_box;
  char *sources = fl_credits_line(d->map, d->map->theatre->credits);
  double width, height;
  PangoLayout *whole = fl_text_layout(d->map->pango, sources, CREDIT_SIZE * d->u,
                                     PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL);
  fl_layout_size(whole, &width, &height);
  g_object_unref(whole);
  if (width > box->width - 2 * PAD * d->u) {  /* too wide whole: the sources and licences */
    char *shorter = fl_credits_short(sources);
    g_free(sources);
    sources = shorter;
  }
  char *reports = reports_line(d, box->width - 2 * PAD * d->u);
  double line = CREDIT_SIZE * 1.5 * d->u;

  if (!d->error && fl_draw_shown(d->map, FL_STYLE_LAYERS_CREDITS)) {
    cairo_rectangle(d->cr, box->x, box->y, box->width, box->height);
    fl_draw_style_color(d->cr, d->map, FL_STYLE_PANEL_COLOR,
                fl_draw_style_number(d->map, FL_STYLE_PANEL_CREDITS_OPACITY));
    cairo_fill(d->cr);
    credits_text(d, sources, box->y + 5 * d->u, PANGO_ELLIPSIZE_END);
    credits_text(d, reports, box->y + 5 * d->u + line, PANGO_ELLIPSIZE_END);
    fl_draw_check(d, "credits");
  }
  g_free(reports);
  g_free(sources);
}
