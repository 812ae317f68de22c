/* draw-common.c - what every drawing file shares: the sticky error of the render context,
 * colours and numbers of the style, text layouts in the map's font (its Pango context, made
 * once per map), which places are dots and how big, and the boxes labels cover. */
#include "draw-internal.h"

#include <math.h>
#include <string.h>

void
fl_draw_check(Draw *d, const char *what)
{
  cairo_status_t status = cairo_status(d->cr);

  if (d->error || status == CAIRO_STATUS_SUCCESS)
    return;
  g_set_error(&d->error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW, "drawing the %s failed: %s",
              what, cairo_status_to_string(status));
}

void
fl_draw_set_color(cairo_t *cr, guint32 color, double alpha)
{
  cairo_set_source_rgba(cr, RGB(color), alpha);
}

/* The colour of a style key, its alpha times opacity. */
void
fl_draw_style_color(cairo_t *cr, const FlMap *map, FlStyleKey key, double opacity)
{
  guint32 rgba = fl_style_color(map->style, key);

  cairo_set_source_rgba(cr, RGB(rgba >> 8), (rgba & 0xff) / 255.0 * opacity);
}

/* The colour of a style key as 0xRRGGBB. */
guint32
fl_draw_style_rgb(const FlMap *map, FlStyleKey key)
{
  return fl_style_color(map->style, key) >> 8;
}

double
fl_draw_style_number(const FlMap *map, FlStyleKey key)
{
  return fl_style_number(map->style, key);
}

/* Whether the style shows a layer (a key of [layers]). Switching one off leaves everything
 * else where it was: labels and furniture are laid out the same. */
gboolean
fl_draw_shown(const FlMap *map, FlStyleKey layer)
{
  return fl_style_boolean(map->style, layer);
}

void
fl_draw_layer(Draw *d, FlSvgLayerId layer)
{
  d->cr = fl_svg_layer_enter(d->cr, layer);
}

/* ---- text ---- */

/* A layout of text in the map's font (the context's). Caller owns it: g_object_unref(). */
PangoLayout *
fl_text_layout(PangoContext *pango, const char *text, double size, PangoWeight weight,
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

void
fl_layout_size(PangoLayout *layout, double *width, double *height)
{
  PangoRectangle logical;

  pango_layout_get_extents(layout, NULL, &logical);
  *width = (double)logical.width / PANGO_SCALE;
  *height = (double)logical.height / PANGO_SCALE;
}

/* The images of a picture's text, in the order it was shown (pictures.c records a picture twice,
 * the second time with the first time's images). */
typedef struct {
  cairo_surface_t *image;
  int left, top;              /* where it goes, device pixels */
} TextImage;

struct FlTextImages {
  GArray *images;             /* TextImage */
  guint next;                 /* the next one to show again */
};

static const cairo_user_data_key_t text_images_key;

FlTextImages *
fl_text_images_new(void)
{
  FlTextImages *images = g_new0(FlTextImages, 1);
  images->images = g_array_new(FALSE, FALSE, sizeof(TextImage));
  return images;
}

void
fl_text_images_rewind(FlTextImages *images)
{
  images->next = 0;
}

void
fl_text_images_free(FlTextImages *images)
{
  if (!images)
    return;
  for (guint i = 0; i < images->images->len; i++)
    cairo_surface_destroy(g_array_index(images->images, TextImage, i).image);
  g_array_unref(images->images);
  g_free(images);
}

void
fl_draw_text_as_images(cairo_surface_t *recording, FlTextImages *images)
{
  cairo_surface_set_user_data(recording, &text_images_key, images, NULL);
}

/* The image of layout shown at the current point: its glyphs on a raster page of their own,
 * placed at the whole pixels where they fall (the same glyph images at the same places), the
 * one made before when it is the same. */
static TextImage
text_image(cairo_t *cr, PangoLayout *layout, FlTextImages *images)
{
  PangoRectangle ink;
  cairo_matrix_t m;
  double x, y, lo_x = G_MAXDOUBLE, lo_y = G_MAXDOUBLE, hi_x = -G_MAXDOUBLE, hi_y = -G_MAXDOUBLE;
  TextImage made = {NULL, 0, 0};

  cairo_get_current_point(cr, &x, &y);
  cairo_get_matrix(cr, &m);
  pango_layout_get_extents(layout, &ink, NULL);
  for (int corner = 0; corner < 4; corner++) {
    double px = x + (double)(ink.x + (corner & 1 ? ink.width : 0)) / PANGO_SCALE;
    double py = y + (double)(ink.y + (corner & 2 ? ink.height : 0)) / PANGO_SCALE;
    cairo_matrix_transform_point(&m, &px, &py);
    lo_x = MIN(lo_x, px), hi_x = MAX(hi_x, px), lo_y = MIN(lo_y, py), hi_y = MAX(hi_y, py);
  }
  /* two pixels more on each side: a glyph's image may reach past its ink's rounded box */
  made.left = (int)floor(lo_x) - 2, made.top = (int)floor(lo_y) - 2;
  int width = (int)ceil(hi_x) + 2 - made.left, height = (int)ceil(hi_y) + 2 - made.top;
  if (ink.width <= 0 || ink.height <= 0 || width <= 0 || height <= 0)
    return made;   /* nothing to see */
  if (images->next < images->images->len) {
    const TextImage *before = &g_array_index(images->images, TextImage, images->next++);
    if (before->left == made.left && before->top == made.top && before->image &&
        cairo_image_surface_get_width(before->image) == width &&
        cairo_image_surface_get_height(before->image) == height)
      return (TextImage){cairo_surface_reference(before->image), made.left, made.top};
  }
  made.image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *pen = cairo_create(made.image);
  m.x0 -= made.left, m.y0 -= made.top;
  cairo_set_matrix(pen, &m);
  cairo_set_source(pen, cairo_get_source(cr));
  cairo_move_to(pen, x, y);
  pango_cairo_show_layout(pen, layout);
  cairo_destroy(pen);
  if (images->next == images->images->len) {   /* the first time: kept for the second */
    TextImage kept = {cairo_surface_reference(made.image), made.left, made.top};
    g_array_append_val(images->images, kept);
    images->next++;
  }
  return made;
}

/* Shows layout at the current point as an image of its glyphs when cr's page is a recording
 * fl_draw_text_as_images() marked; else FALSE. */
static gboolean
show_as_image(cairo_t *cr, PangoLayout *layout)
{
  FlTextImages *images = cairo_surface_get_user_data(cairo_get_target(cr), &text_images_key);

  if (!images)
    return FALSE;
  TextImage shown = text_image(cr, layout, images);
  if (shown.image) {
    cairo_save(cr);
    cairo_identity_matrix(cr);
    cairo_set_source_surface(cr, shown.image, shown.left, shown.top);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_surface_destroy(shown.image);
  }
  return TRUE;
}

/* Shows a layout at the current point and clears the path, so that no later path starts with
 * a line from here. */
void
fl_show_layout(cairo_t *cr, PangoLayout *layout)
{
  if (!fl_svg_show_layout(cr, layout, NULL) &&   /* live text on an SVG page */
      !show_as_image(cr, layout))
    pango_cairo_show_layout(cr, layout);
  cairo_new_path(cr);
}

/* Text with a halo: the outline stroked wide in the halo colour, then the glyphs (kept as
 * text in PDF; live text over a stroked copy on an SVG page).
 *
 * On a raster page the halo is rasterised with Cairo's fast antialiasing (4 x 4 samples a
 * pixel instead of 256 x 15): rasterising the halos' outlines was most of drawing the labels'
 * picture, and the fast rasteriser spares 5% of a cold map's instructions (5-7% of its time).
 * A halo is a pale glow under the glyphs, and its edge's coverage in steps of a sixteenth looks
 * the same: on the Syrian map 0.011% of the pixels differ by more than 24 levels where a
 * pixel's shift does not explain it. The glyphs keep the best antialiasing. */
void
fl_show_with_halo(cairo_t *cr, const FlMap *map, PangoLayout *layout, double x, double y,
               FlStyleKey color, double halo_width)
{
  guint32 rgba = fl_style_color(map->style, FL_STYLE_HALO_COLOR);
  FlSvgHalo halo = {RGB(rgba >> 8),
                    (rgba & 0xff) / 255.0 * fl_draw_style_number(map, FL_STYLE_HALO_OPACITY),
                    halo_width};

  if (fl_svg_layer_text(cr)) {   /* live text on an SVG page */
    cairo_move_to(cr, x, y);
    fl_draw_style_color(cr, map, color, 1);
    fl_svg_show_layout(cr, layout, &halo);
    cairo_new_path(cr);
    return;
  }
  cairo_save(cr);
  cairo_move_to(cr, x, y);
  pango_cairo_layout_path(cr, layout);
  fl_draw_style_color(cr, map, FL_STYLE_HALO_COLOR,
                      fl_draw_style_number(map, FL_STYLE_HALO_OPACITY));
  cairo_set_line_width(cr, halo_width);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_FAST);
  cairo_stroke(cr);
  cairo_restore(cr);
  cairo_move_to(cr, x, y);
  fl_draw_style_color(cr, map, color, 1);
  fl_show_layout(cr, layout);
}

Rank
fl_place_rank(const FlPlace *place)
{
  switch (place->kind) {
  case FL_PLACE_COUNTRY:
  case FL_PLACE_REGION:
  case FL_PLACE_RIVER:
  case FL_PLACE_SEA:
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
  if (place->kind == FL_PLACE_REGION_SEAT)
    return RANK_REGION_SEAT;
  return place->kind == FL_PLACE_DISTRICT_SEAT ? RANK_DISTRICT : RANK_OTHER;
}

double
fl_dot_radius(const FlMap *map, Rank rank)
{
  static const FlStyleKey radius[] = {
    FL_STYLE_DOTS_CAPITAL, FL_STYLE_DOTS_REGION_SEAT, FL_STYLE_DOTS_FOREIGN_CAPITAL,
    FL_STYLE_DOTS_DISTRICT, FL_STYLE_DOTS_OTHER, FL_STYLE_DOTS_FOREIGN_CITY,
  };
  return rank == RANK_NONE ? 0 : fl_draw_style_number(map, radius[rank]);
}

gboolean
fl_on_frame(const FlMap *map, FlPagePoint p)
{
  return !isnan(p.x) && p.x >= map->frame.x && p.y >= map->frame.y &&
         p.x <= map->frame.x + map->frame.width && p.y <= map->frame.y + map->frame.height;
}

gboolean
fl_rect_overlaps(const FlRect *a, const FlRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width && a->y < b->y + b->height &&
         b->y < a->y + a->height;
}

/* The box a label at (x, y), w by h, turned by angle about its centre covers. */
FlRect
fl_turned_box(double x, double y, double w, double h, double angle)
{
  double c = fabs(cos(angle)), s = fabs(sin(angle));
  double bw = w * c + h * s, bh = w * s + h * c;

  return (FlRect){x + w / 2 - bw / 2, y + h / 2 - bh / 2, bw, bh};
}

/* The ink box of a placed label (turned with it). */
FlRect
fl_label_box(const FlLabel *label)
{
  PangoRectangle ink;
  double w, h;

  pango_layout_get_extents(label->layout, &ink, NULL);
  fl_layout_size(label->layout, &w, &h);
  if (label->angle != 0)   /* the layout turned about its centre */
    return fl_turned_box(label->x, label->y, w, h, label->angle);
  return (FlRect){label->x + (double)ink.x / PANGO_SCALE, label->y + (double)ink.y / PANGO_SCALE,
                  (double)ink.width / PANGO_SCALE, (double)ink.height / PANGO_SCALE};
}

void
fl_labels_free(GArray *labels)
{
  for (guint i = 0; i < labels->len; i++)
    g_object_unref(g_array_index(labels, FlLabel, i).layout);
  g_array_unref(labels);
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

Draw
fl_draw_context(const FlMap *map, const FlPlan *plan, cairo_t *cr, const GPtrArray *reports,
                const GDate *date)
{
  return (Draw){.map = map, .plan = plan, .layout = plan ? &plan->layout : NULL, .cr = cr,
                .control = plan ? plan->control : NULL, .reports = reports, .date = date,
                .words = map->words, .u = map->unit,
                .legend = plan ? plan->legend : NULL};
}

void
fl_draw_clip_to_frame(Draw *d)
{
  const FlRect *f = &d->map->frame;
  cairo_rectangle(d->cr, f->x, f->y, f->width, f->height);
  cairo_clip(d->cr);
}

/* A road's page points: its places that PROJ could project. */
GArray *
fl_road_points(const FlMap *map, const FlRoad *road)
{
  GArray *points = g_array_new(FALSE, FALSE, sizeof(FlPagePoint));

  for (guint i = 0; i < road->n_places; i++) {
    FlPagePoint p = map->place_xy[road->places[i]];
    if (!isnan(p.x) && !isnan(p.y))
      g_array_append_val(points, p);
  }
  return points;
}
