/* svg-text.c - a Pango layout as a live SVG <text> element: its font family, size, weight,
 * style and letter spacing, its colour, one <tspan> per line at the line's baseline, anchored
 * as Pango aligned it (centred lines by their middle, others by their start: the left, or the
 * right of a right-to-left line, with direction and xml:lang); a halo is a copy of the text
 * stroked under it, which every SVG reader draws alike. */
#include "svg.h"

#include <math.h>
#include <string.h>

/* A number in SVG: decimals at most, without trailing zeros, in the C locale. */
static void
append_decimals(GString *out, double value, int decimals)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE], format[8];
  double scale = pow(10, decimals), rounded = round(value * scale) / scale;
  char *end;

  if (rounded == 0)
    rounded = 0;   /* no "-0" */
  g_snprintf(format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd(buffer, sizeof buffer, format, rounded);
  end = buffer + strlen(buffer);
  while (end[-1] == '0')
    end--;
  if (end[-1] == '.')
    end--;
  g_string_append_len(out, buffer, end - buffer);
}

/* A coordinate or a size: a hundredth of a pixel is finer than any reader draws. */
static void
append_number(GString *out, double value)
{
  append_decimals(out, value, 2);
}

static void
append_color(GString *out, const char *property, double red, double green, double blue)
{
  g_string_append_printf(out, " %s=\"#%02x%02x%02x\"", property, (int)lround(red * 255),
                         (int)lround(green * 255), (int)lround(blue * 255));
}

/* The families Pango is told to try (the layout's font), then those it fell back to. */
static void
append_families(GString *out, const PangoFontDescription *font, PangoLayout *layout)
{
  g_auto(GStrv) families = g_strsplit(pango_font_description_get_family(font), ",", -1);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func(g_free);
  PangoLayoutIter *iter = pango_layout_get_iter(layout);

  for (char **family = families; *family; family++)
    g_ptr_array_add(seen, g_strstrip(g_strdup(*family)));
  do {
    PangoLayoutRun *run = pango_layout_iter_get_run_readonly(iter);
    if (!run)
      continue;
    PangoFontDescription *used = pango_font_describe(run->item->analysis.font);
    const char *family = pango_font_description_get_family(used);
    gboolean known = FALSE;
    for (guint i = 0; family && i < seen->len; i++)
      known = known || g_ascii_strcasecmp(seen->pdata[i], family) == 0;
    if (family && !known)
      g_ptr_array_add(seen, g_strdup(family));
    pango_font_description_free(used);
  } while (pango_layout_iter_next_run(iter));
  pango_layout_iter_free(iter);
  g_string_append(out, " font-family=\"");
  for (guint i = 0; i < seen->len; i++) {
    const char *family = seen->pdata[i];
    gboolean plain = TRUE;
    for (const char *c = family; *c; c++)
      plain = plain && (g_ascii_isalnum(*c) || *c == ' ' || *c == '-');
    if (plain)
      g_string_append(out, family);
    else {   /* a quoted CSS string */
      g_string_append_c(out, '\'');
      for (const char *c = family; *c; c++)
        if (*c == '\'' || *c == '\\')
          g_string_append_printf(out, "\\%c", *c);
        else
          fl_svg_escape(out, c, 1);
      g_string_append_c(out, '\'');
    }
    g_string_append(out, ", ");
  }
  g_string_append(out, "sans-serif\"");
}

/* The font and spacing attributes of the layout's text. */
static void
append_font(GString *out, PangoLayout *layout)
{
  const PangoFontDescription *set = pango_layout_get_font_description(layout);
  PangoContext *context = pango_layout_get_context(layout);
  PangoFontDescription *font =
      pango_font_description_copy(pango_context_get_font_description(context));
  double size;

  if (set)
    pango_font_description_merge(font, set, TRUE);
  append_families(out, font, layout);
  size = (double)pango_font_description_get_size(font) / PANGO_SCALE;
  if (!pango_font_description_get_size_is_absolute(font))   /* points at Pango's resolution */
    size *= pango_cairo_context_get_resolution(context) / 72;
  g_string_append(out, " font-size=\"");
  append_number(out, size);
  g_string_append_printf(out, "\"");
  if (pango_font_description_get_weight(font) != PANGO_WEIGHT_NORMAL)
    g_string_append_printf(out, " font-weight=\"%d\"", pango_font_description_get_weight(font));
  if (pango_font_description_get_style(font) == PANGO_STYLE_ITALIC)
    g_string_append(out, " font-style=\"italic\"");
  else if (pango_font_description_get_style(font) == PANGO_STYLE_OBLIQUE)
    g_string_append(out, " font-style=\"oblique\"");
  pango_font_description_free(font);
}

static gint
by_offset(gconstpointer a, gconstpointer b)
{
  const PangoLayoutRun *run_a = *(PangoLayoutRun *const *)a, *run_b = *(PangoLayoutRun *const *)b;

  return (run_a->item->offset > run_b->item->offset) - (run_a->item->offset < run_b->item->offset);
}

/* The text a line shows, in logical order: its runs' text, an ellipsis where Pango put one.
 * *script is the script of its first run in logical order. */
static void
append_line_text(GString *out, PangoLayout *layout, PangoLayoutLine *line, PangoScript *script)
{
  const char *text = pango_layout_get_text(layout);
  g_autoptr(GPtrArray) runs = g_ptr_array_new();

  for (GSList *l = line->runs; l; l = l->next)
    g_ptr_array_add(runs, l->data);
  g_ptr_array_sort(runs, by_offset);
  *script = PANGO_SCRIPT_COMMON;
  for (guint i = 0; i < runs->len; i++) {
    const PangoLayoutRun *run = runs->pdata[i];
    if (i == 0)
      *script = run->item->analysis.script;
    if (run->item->analysis.flags & PANGO_ANALYSIS_FLAG_IS_ELLIPSIS)
      g_string_append(out, "\xe2\x80\xa6");
    else
      fl_svg_escape(out, text + run->item->offset, run->item->length);
  }
}

/* The spacing between the characters of a left-to-right line that makes it as wide as Pango
 * laid it out: Pango rounds glyph positions to whole pixels (and adds the layout's letter
 * spacing), an SVG reader places glyphs where the font puts them, so that a long line of small
 * text would come out a few pixels longer or shorter than the room the labels' layout gave
 * it. 0 for lines with right-to-left or cursive runs, which spacing would break. */
static double
line_spacing(PangoLayout *layout, PangoLayoutLine *line, double width, glong n_chars)
{
  const char *text = pango_layout_get_text(layout);
  PangoGlyphString *glyphs = pango_glyph_string_new();
  double natural = 0;
  gboolean spaced = n_chars > 1;

  for (GSList *l = line->runs; spaced && l; l = l->next) {
    const PangoLayoutRun *run = l->data;
    const PangoAnalysis *analysis = &run->item->analysis;
    if (analysis->level % 2 || analysis->script == PANGO_SCRIPT_ARABIC ||
        analysis->script == PANGO_SCRIPT_SYRIAC) {
      spaced = FALSE;
    } else if (analysis->flags & PANGO_ANALYSIS_FLAG_IS_ELLIPSIS) {
      natural += pango_glyph_string_get_width(run->glyphs);
    } else {   /* shaped again, positions unrounded */
      pango_shape_with_flags(text + run->item->offset, run->item->length, text, -1, analysis,
                             glyphs, PANGO_SHAPE_NONE);
      natural += pango_glyph_string_get_width(glyphs);
    }
  }
  pango_glyph_string_free(glyphs);
  return spaced ? (width - natural / PANGO_SCALE) / (double)(n_chars - 1) : 0;
}

/* The <tspan>s of the layout's lines, each at its baseline: by its middle when centred, else
 * by its start (the right of a right-to-left line). Offsets are added to the layout's
 * coordinates. */
static void
append_lines(GString *out, PangoLayout *layout, double x0, double y0, gboolean centred)
{
  PangoLayoutIter *iter = pango_layout_get_iter(layout);

  do {
    PangoLayoutLine *line = pango_layout_iter_get_line_readonly(iter);
    PangoRectangle logical;
    PangoScript script;
    gboolean rtl = line->resolved_dir == PANGO_DIRECTION_RTL;
    double x, spacing;

    if (!line->runs)
      continue;
    pango_layout_iter_get_line_extents(iter, NULL, &logical);
    x = (logical.x + (centred ? logical.width / 2.0 : rtl ? logical.width : 0)) / PANGO_SCALE;
    g_string_append(out, "<tspan x=\"");
    append_number(out, x0 + x);
    g_string_append(out, "\" y=\"");
    append_number(out, y0 + (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE);
    g_string_append_c(out, '"');
    GString *content = g_string_new(NULL);
    append_line_text(content, layout, line, &script);
    spacing = line_spacing(layout, line, (double)logical.width / PANGO_SCALE,
                           g_utf8_strlen(content->str, -1));
    if (fabs(spacing) >= 0.005) {
      g_string_append(out, " letter-spacing=\"");
      append_number(out, spacing);
      g_string_append_c(out, '"');
    }
    if (rtl)
      g_string_append_printf(out, " direction=\"rtl\" unicode-bidi=\"embed\" xml:lang=\"%s\"",
                             pango_language_to_string(pango_script_get_sample_language(script)));
    g_string_append_printf(out, ">%s</tspan>", content->str);
    g_string_free(content, TRUE);
  } while (pango_layout_iter_next_line(iter));
  pango_layout_iter_free(iter);
}

gboolean
fl_svg_show_layout(cairo_t *cr, PangoLayout *layout, const FlSvgHalo *halo)
{
  GString *out = fl_svg_layer_text(cr);
  cairo_matrix_t m;
  double x, y, red, green, blue, alpha;
  gboolean centred = pango_layout_get_alignment(layout) == PANGO_ALIGN_CENTER;
  gboolean rtl;
  g_autoptr(GString) attributes = g_string_new(NULL);
  g_autoptr(GString) lines = g_string_new(NULL);

  if (!out)
    return FALSE;
  cairo_get_current_point(cr, &x, &y);
  cairo_get_matrix(cr, &m);
  if (m.xx == 1 && m.yx == 0 && m.xy == 0 && m.yy == 1) {   /* a move: into the coordinates */
    x += m.x0;
    y += m.y0;
  } else {
    g_string_append(attributes, " transform=\"matrix(");
    const double values[] = {m.xx, m.yx, m.xy, m.yy, m.x0, m.y0};
    for (guint i = 0; i < G_N_ELEMENTS(values); i++) {
      if (i)
        g_string_append_c(attributes, ' ');
      append_decimals(attributes, values[i], i < 4 ? 6 : 2);   /* a turn needs more */
    }
    g_string_append(attributes, ")\"");
  }
  append_font(attributes, layout);
  rtl = pango_layout_get_direction(layout, 0) == PANGO_DIRECTION_RTL;
  if (centred)
    g_string_append(attributes, " text-anchor=\"middle\"");
  else if (rtl)
    g_string_append(attributes, " direction=\"rtl\"");
  g_string_append(attributes, " xml:space=\"preserve\"");
  append_lines(lines, layout, x, y, centred);
  if (lines->len == 0)
    return TRUE;

  if (halo) {
    g_string_append(out, "<g>\n<text");
    g_string_append_len(out, attributes->str, attributes->len);
    g_string_append(out, " fill=\"none\"");
    append_color(out, "stroke", halo->red, halo->green, halo->blue);
    if (halo->alpha < 1) {
      g_string_append(out, " stroke-opacity=\"");
      append_number(out, halo->alpha);
      g_string_append_c(out, '"');
    }
    g_string_append(out, " stroke-width=\"");
    append_number(out, halo->width);
    g_string_append_printf(out, "\" stroke-linejoin=\"round\">%s</text>\n", lines->str);
  }
  g_string_append(out, "<text");
  g_string_append_len(out, attributes->str, attributes->len);
  if (cairo_pattern_get_rgba(cairo_get_source(cr), &red, &green, &blue, &alpha) !=
      CAIRO_STATUS_SUCCESS)
    red = green = blue = 0, alpha = 1;   /* text is drawn in solid colours */
  append_color(out, "fill", red, green, blue);
  if (alpha < 1) {
    g_string_append(out, " fill-opacity=\"");
    append_number(out, alpha);
    g_string_append_c(out, '"');
  }
  g_string_append_printf(out, ">%s</text>\n%s", lines->str, halo ? "</g>\n" : "");
  return TRUE;
}
