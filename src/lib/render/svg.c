/* svg.c - an SVG page drawn as one Cairo SVG surface per layer and assembled into one document
 * with a group per layer (see svg.h). */
#include "svg.h"

#include <cairo-svg.h>
#include <string.h>

/* The layers' ids, which are also their names in Inkscape, indexed by FlSvgLayerId. */
static const char *const layer_names[FL_SVG_N_LAYERS] = {
  "page",  "sea",    "land",   "theatre", "lakes", "zones", "rivers",
  "borders", "roads", "front", "arrows",  "places", "labels", "scale",
  "inset", "frame",  "title",  "legend",  "credits",
};

typedef struct {
  FlSvgPage *page;
  FlSvgLayerId id;
  cairo_surface_t *surface;   /* owned, or NULL until the layer is entered */
  cairo_t *cr;                /* owned, with the layer as user data */
  GByteArray *cairo_svg;      /* what the surface writes */
  GString *text;              /* the layer's <text> elements */
} Layer;

struct FlSvgPage {
  int width, height;
  Layer layers[FL_SVG_N_LAYERS];
};

static const cairo_user_data_key_t layer_key;

static cairo_status_t
append_bytes(void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
layer_open(Layer *layer)
{
  layer->cairo_svg = g_byte_array_new();
  layer->surface = cairo_svg_surface_create_for_stream(append_bytes, layer->cairo_svg,
                                                       layer->page->width, layer->page->height);
  cairo_svg_surface_set_document_unit(layer->surface, CAIRO_SVG_UNIT_PT);
  layer->cr = cairo_create(layer->surface);
  cairo_set_user_data(layer->cr, &layer_key, layer, NULL);
  layer->text = g_string_new(NULL);
}

FlSvgPage *
fl_svg_page_new(int width, int height)
{
  FlSvgPage *page = g_new0(FlSvgPage, 1);

  page->width = width;
  page->height = height;
  for (int i = 0; i < FL_SVG_N_LAYERS; i++) {
    page->layers[i].page = page;
    page->layers[i].id = (FlSvgLayerId)i;
  }
  layer_open(&page->layers[FL_SVG_PAGE]);
  return page;
}

void
fl_svg_page_free(FlSvgPage *page)
{
  if (!page)
    return;
  for (int i = 0; i < FL_SVG_N_LAYERS; i++) {
    Layer *layer = &page->layers[i];
    if (layer->cr)
      cairo_destroy(layer->cr);
    if (layer->surface)
      cairo_surface_destroy(layer->surface);
    if (layer->cairo_svg)
      g_byte_array_unref(layer->cairo_svg);
    if (layer->text)
      g_string_free(layer->text, TRUE);
  }
  g_free(page);
}

cairo_t *
fl_svg_page_cr(FlSvgPage *page)
{
  return page->layers[FL_SVG_PAGE].cr;
}

cairo_t *
fl_svg_layer_enter(cairo_t *cr, FlSvgLayerId id)
{
  Layer *from = cairo_get_user_data(cr, &layer_key);
  Layer *to;
  cairo_matrix_t matrix;
  cairo_rectangle_list_t *clip;

  if (!from || from->id == id)
    return cr;
  to = &from->page->layers[id];
  if (!to->cr)
    layer_open(to);
  cairo_get_matrix(cr, &matrix);
  cairo_identity_matrix(to->cr);
  cairo_reset_clip(to->cr);
  clip = cairo_copy_clip_rectangle_list(cr);
  if (clip->status == CAIRO_STATUS_SUCCESS && clip->num_rectangles > 0) {
    /* the rectangles are in cr's user space: set the same matrix first */
    cairo_set_matrix(to->cr, &matrix);
    cairo_new_path(to->cr);
    for (int i = 0; i < clip->num_rectangles; i++)
      cairo_rectangle(to->cr, clip->rectangles[i].x, clip->rectangles[i].y,
                      clip->rectangles[i].width, clip->rectangles[i].height);
    cairo_clip(to->cr);
  }
  cairo_rectangle_list_destroy(clip);
  cairo_set_matrix(to->cr, &matrix);
  return to->cr;
}

GString *
fl_svg_layer_text(cairo_t *cr)
{
  Layer *layer = cairo_get_user_data(cr, &layer_key);

  return layer ? layer->text : NULL;
}

/* ---- the document ---- */

void
fl_svg_escape(GString *out, const char *text, gssize length)
{
  const char *end = length < 0 ? text + strlen(text) : text + length;

  for (const char *p = text; p < end;) {
    gunichar c = g_utf8_get_char_validated(p, end - p);
    if (c == (gunichar)-1 || c == (gunichar)-2) {   /* not UTF-8: one byte replaced */
      g_string_append(out, "\xef\xbf\xbd");
      p++;
      continue;
    }
    const char *next = g_utf8_next_char(p);
    switch (c) {
    case '&':
      g_string_append(out, "&amp;");
      break;
    case '<':
      g_string_append(out, "&lt;");
      break;
    case '>':
      g_string_append(out, "&gt;");
      break;
    case '"':
      g_string_append(out, "&quot;");
      break;
    case '\'':
      g_string_append(out, "&apos;");
      break;
    default:
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xfffe || c == 0xffff)
        g_string_append(out, "\xef\xbf\xbd");
      else
        g_string_append_len(out, p, next - p);
    }
    p = next;
  }
}

static gboolean
is_id_char(char c)
{
  return g_ascii_isalnum(c) || c == '-' || c == '_';
}

/* The name an id of Cairo's gets in the document: the layer's name, the id's kind ("clip",
 * "glyph", "surface") and its number among the layer's ids of that kind, in order of
 * appearance. Cairo numbers some ids per process, so its own numbers would change with what was
 * drawn before. */
static const char *
rename_id(GHashTable *names, GHashTable *kinds, const char *layer, const char *id, gsize length)
{
  g_autofree char *old = g_strndup(id, length);
  const char *name = g_hash_table_lookup(names, old);
  gsize kind_length = 0;

  if (name)
    return name;
  while (kind_length < length && g_ascii_isalpha(id[kind_length]))
    kind_length++;
  char *kind = g_strndup(id, kind_length);
  guint n = GPOINTER_TO_UINT(g_hash_table_lookup(kinds, kind)) + 1;
  g_hash_table_insert(kinds, kind, GUINT_TO_POINTER(n));
  char *renamed = g_strdup_printf("%s-%.*s%u", layer, (int)kind_length, id, n);
  g_hash_table_insert(names, g_steal_pointer(&old), renamed);
  return renamed;
}

/* Appends Cairo's text from start to end with its ids (id="...") and references to them
 * (url(#...), href="#...") renamed. */
static void
append_renamed(GString *out, const char *start, const char *end, GHashTable *names,
               GHashTable *kinds, const char *layer)
{
  const char *copied = start;

  for (const char *p = start; p < end; p++) {
    const char *id = NULL;
    if (*p == '#' && p + 1 < end && g_ascii_isalpha(p[1]))
      id = p + 1;
    else if (*p == 'i' && end - p > 4 && memcmp(p, "id=\"", 4) == 0 && p > start && p[-1] == ' ')
      id = p + 4;
    if (!id)
      continue;
    const char *id_end = id;
    while (id_end < end && is_id_char(*id_end))
      id_end++;
    g_string_append_len(out, copied, id - copied);
    g_string_append(out, rename_id(names, kinds, layer, id, id_end - id));
    copied = p = id_end;
    p--;
  }
  g_string_append_len(out, copied, end - copied);
}

/* Splits what Cairo wrote for a layer into its definitions and its drawing, each appended
 * renamed (FALSE when it is not what Cairo 1.16 writes). */
static gboolean
append_layer(const Layer *layer, GString *defs, GString *body)
{
  const char *svg = (const char *)layer->cairo_svg->data;
  const char *end = svg + layer->cairo_svg->len;
  const char *name = layer_names[layer->id];
  g_autoptr(GHashTable) names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) kinds = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  const char *defs_start = g_strstr_len(svg, end - svg, "\n<defs>\n");
  /* the definitions may hold groups of surfaces (patterns): the drawing follows them */
  const char *defs_end = defs_start ? g_strrstr_len(svg, end - svg, "\n</defs>\n") : NULL;
  const char *group = defs_end ? defs_end : svg;
  const char *close = g_strrstr_len(svg, end - svg, "</g>\n</svg>");

  if (defs_start && (!defs_end || defs_end < defs_start))
    return FALSE;
  group = g_strstr_len(group, end - group, "\n<g id=\"surface");
  if (!group || !close || close < group)
    return FALSE;
  if (defs_start)
    append_renamed(defs, defs_start + strlen("\n<defs>\n"), defs_end + 1, names, kinds, name);
  group = strchr(group + 1, '\n') + 1;
  append_renamed(body, group, close, names, kinds, name);
  return TRUE;
}

char *
fl_svg_page_finish(FlSvgPage *page, const char *title, cairo_status_t *status)
{
  GString *svg = g_string_sized_new(1 << 20);
  g_autoptr(GString) defs = g_string_new(NULL);
  g_autoptr(GString) body = g_string_sized_new(1 << 20);

  *status = CAIRO_STATUS_SUCCESS;
  for (int i = 0; i < FL_SVG_N_LAYERS; i++) {
    Layer *layer = &page->layers[i];
    const char *name = layer_names[i];
    g_string_append_printf(body,
                           "<g id=\"%s\" inkscape:groupmode=\"layer\" inkscape:label=\"%s\">\n",
                           name, name);
    if (layer->cr) {
      cairo_destroy(g_steal_pointer(&layer->cr));
      cairo_surface_finish(layer->surface);
      if (*status == CAIRO_STATUS_SUCCESS)
        *status = cairo_surface_status(layer->surface);
      if (*status == CAIRO_STATUS_SUCCESS && !append_layer(layer, defs, body))
        *status = CAIRO_STATUS_WRITE_ERROR;
      g_string_append_len(body, layer->text->str, layer->text->len);
    }
    g_string_append(body, "</g>\n");
  }
  if (*status != CAIRO_STATUS_SUCCESS) {
    g_string_free(svg, TRUE);
    return NULL;
  }
  g_string_append_printf(svg,
                         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                         "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
                         "xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" "
                         "width=\"%dpt\" height=\"%dpt\" viewBox=\"0 0 %d %d\" version=\"1.1\">\n"
                         "<title>",
                         page->width, page->height, page->width, page->height);
  fl_svg_escape(svg, title, -1);
  g_string_append(svg, "</title>\n");
  if (defs->len)
    g_string_append_printf(svg, "<defs>\n%s</defs>\n", defs->str);
  g_string_append_len(svg, body->str, body->len);
  g_string_append(svg, "</svg>\n");
  return g_string_free(svg, FALSE);
}
