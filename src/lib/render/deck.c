/* deck.c - a deck's title page (the title, the dates it covers, the reports and the credits)
 * and the captions of small maps. */
#include "draw-internal.h"

/* ---- a deck's title page, captions ---- */

void
fl_map_draw_title_page(const FlMap *map, cairo_t *cr, const GPtrArray *reports,
                       const GDate *first, const GDate *last)
{
  const Words *words = map->words;
  double u = map->unit, x = 120 * u, y = 300 * u;
  double width = map->width - 2 * x;
  g_autofree char *from = fl_draw_date_line(map, first);
  g_autofree char *to = fl_draw_date_line(map, last);
  g_autofree char *span = g_strdup_printf("%s → %s", from, to);
  GString *sources = g_string_new(NULL);
  char iso[11];

  pango_cairo_update_context(cr, map->pango);
  fl_draw_style_color(cr, map, FL_STYLE_COLORS_PAGE, 1);
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
    PangoLayout *layout = fl_text_layout(map->pango, lines[i].text, lines[i].size * u,
                                      lines[i].weight, PANGO_STYLE_NORMAL);
    double w, h;
    pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
    fl_layout_size(layout, &w, &h);
    cairo_move_to(cr, x, y);
    fl_draw_style_color(cr, map, FL_STYLE_COLORS_INK, 1);
    fl_show_layout(cr, layout);
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
  PangoLayout *layout = fl_text_layout(map->pango, sources->str, 15 * u, PANGO_WEIGHT_NORMAL,
                                    PANGO_STYLE_NORMAL);
  pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
  pango_layout_set_height(layout, (int)((map->height - y - 80 * u) * PANGO_SCALE));
  pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
  cairo_move_to(cr, x, y + 40 * u);
  fl_draw_set_color(cr, 0x4a4843, 1);
  fl_show_layout(cr, layout);
  g_object_unref(layout);
  g_string_free(sources, TRUE);
}

void
fl_map_draw_caption(const FlMap *map, cairo_t *cr, const char *text, double x, double y,
                    double width)
{
  PangoLayout *layout = fl_text_layout(map->pango, text, 20, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL);
  pango_cairo_update_context(cr, map->pango);
  pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
  pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
  cairo_move_to(cr, x, y);
  fl_draw_style_color(cr, map, FL_STYLE_COLORS_INK, 1);
  fl_show_layout(cr, layout);
  g_object_unref(layout);
}
