/* svg.h - SVG maps a designer can edit (svg.c, svg-text.c): one Inkscape layer (a <g>) per
 * layer of the map, and text as live <text> elements.
 *
 * Cairo's SVG surface writes a page as one flat group with text as glyph outlines. Here each
 * layer is drawn with a context of its own on a Cairo SVG surface of its own; the drawing code
 * switches layers with fl_svg_layer_enter() (a no-op on any other context), text shown on a
 * layer's context becomes <text> (fl_svg_show_layout()), and fl_svg_page_finish() assembles
 * the document: Cairo's definitions of every layer (their ids prefixed with the layer's name and
 * numbered per layer, so the same map gives the same bytes), then the layers' groups in the
 * order of FlSvgLayerId, each with its geometry and then its text. */
#ifndef FL_SVG_H
#define FL_SVG_H

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

/* The layers, bottom to top: the order the map draws them in (draw.c). */
typedef enum {
  FL_SVG_PAGE,
  FL_SVG_SEA,
  FL_SVG_LAND,
  FL_SVG_THEATRE,
  FL_SVG_LAKES,
  FL_SVG_ZONES,
  FL_SVG_RIVERS,
  FL_SVG_BORDERS,
  FL_SVG_ROADS,
  FL_SVG_FRONT,
  FL_SVG_ARROWS,      /* with the arrows' dates */
  FL_SVG_PLACES,
  FL_SVG_LABELS,      /* with the roads' numbers and the areas' names */
  FL_SVG_SCALE,
  FL_SVG_INSET,
  FL_SVG_FRAME,
  FL_SVG_TITLE,
  FL_SVG_LEGEND,
  FL_SVG_CREDITS,
  FL_SVG_N_LAYERS
} FlSvgLayerId;

typedef struct FlSvgPage FlSvgPage;

/* svg.c */
/* A page of width x height points. Free with fl_svg_page_free(). */
FlSvgPage *fl_svg_page_new(int width, int height);
void fl_svg_page_free(FlSvgPage *page);
/* The context of the page's first layer (the page's ground), to draw the map on. Borrowed:
 * it lives as long as the page. */
cairo_t *fl_svg_page_cr(FlSvgPage *page);
/* The context of layer on the page cr draws on, with cr's transformation and clip (a clip
 * that is not rectangles is dropped); cr itself when it draws on no page. Borrowed from the
 * page. */
cairo_t *fl_svg_layer_enter(cairo_t *cr, FlSvgLayerId layer);
/* Where the text of cr's layer is written (svg-text.c), or NULL when cr draws on no page. */
GString *fl_svg_layer_text(cairo_t *cr);
/* The document, titled title: newly allocated (g_free()), or NULL with *status set to the
 * first failure of a layer's surface. The page can no longer be drawn on. */
char *fl_svg_page_finish(FlSvgPage *page, const char *title, cairo_status_t *status);
/* Appends text to out escaped for XML content and attribute values: markup characters as
 * entities, and characters XML 1.0 does not allow (control characters, U+FFFE, U+FFFF,
 * invalid UTF-8) as U+FFFD. */
void fl_svg_escape(GString *out, const char *text, gssize length);

/* svg-text.c */
/* A halo under text: a stroke of width in the colour. */
typedef struct {
  double red, green, blue, alpha;
  double width;
} FlSvgHalo;
/* Writes layout, at cr's current point in its source colour (solid), as a <text> element of
 * cr's layer, over a copy of it stroked in the halo when halo is not NULL. Returns FALSE,
 * writing nothing, when cr draws on no page. */
gboolean fl_svg_show_layout(cairo_t *cr, PangoLayout *layout, const FlSvgHalo *halo);

G_END_DECLS

#endif
