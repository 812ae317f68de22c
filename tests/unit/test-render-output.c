/* test-render-output.c - what fl_map_render() writes: the same bytes for the same input, file
 * metadata, page sizes, transparency, the bundled styles; and bad input refused with a message
 * naming it and no file left behind. Files go to a temporary folder, removed at the end. */
#include <frontline/frontline.h>

#include "harness.h"
#include "harness-render.h"

#include <cairo.h>
#include <string.h>
#include <zlib.h>

static FlPipeline *pipeline;
static char *tmp;     /* g_dir_make_tmp(), removed by main() */
static GDate date;    /* 2024-12-07 */

static char *
tmp_path(const char *name)
{
  return g_build_filename(tmp, name, NULL);
}

/* A fresh empty folder under tmp. */
static char *
tmp_folder(const char *name)
{
  char *dir = tmp_path(name);
  fl_test_remove_tree(dir);
  g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
  return dir;
}

static FlMap *
small_map(const FlStyle *style)
{
  FlMapOptions options;
  GError *error = NULL;
  fl_map_options_init(&options);
  options.width = 960;
  options.height = 540;
  options.style = style;
  FlMap *map = fl_map_new(pipeline->theatre, &options, &error);
  g_assert_no_error(error);
  return map;
}

static void
render(FlMap *map, const char *path)
{
  GError *error = NULL;
  g_assert_true(fl_test_render_one(map, pipeline, &date, path, &error));
  g_assert_no_error(error);
}

static guint
count_entries(const char *dir)
{
  GDir *listing = g_dir_open(dir, 0, NULL);
  guint n = 0;
  g_assert_nonnull(listing);
  while (g_dir_read_name(listing))
    n++;
  g_dir_close(listing);
  return n;
}

/* Two renders of one map, and one of a second map made alike, give the same bytes in every
 * format (Cairo's SVG ids count surfaces per process; the PDF's dates are the map's). */
static void
test_same_bytes(void)
{
  g_autofree char *dir = tmp_folder("same-bytes");
  FlMap *first = small_map(NULL), *second = small_map(NULL);
  const char *formats[] = {"png", "svg", "pdf"};

  for (guint i = 0; i < G_N_ELEMENTS(formats); i++) {
    g_autofree char *a = g_strdup_printf("%s/a.%s", dir, formats[i]);
    g_autofree char *b = g_strdup_printf("%s/b.%s", dir, formats[i]);
    g_autofree char *c = g_strdup_printf("%s/c.%s", dir, formats[i]);
    render(first, a);
    render(first, b);
    render(second, c);
    g_autoptr(GBytes) bytes_a = fl_test_read_bytes(a);
    g_autoptr(GBytes) bytes_b = fl_test_read_bytes(b);
    g_autoptr(GBytes) bytes_c = fl_test_read_bytes(c);
    g_test_message("%s: %zu bytes", formats[i], g_bytes_get_size(bytes_a));
    if (!g_bytes_equal(bytes_a, bytes_b) || !g_bytes_equal(bytes_a, bytes_c))
      g_error("%s: the same map gave different files (%s, %s, %s)", formats[i], a, b, c);
  }
  fl_map_free(second);
  fl_map_free(first);
}

/* The text of a PNG's tEXt or iTXt chunk keyword, checking every chunk's CRC. Newly
 * allocated, or NULL. */
static char *
png_text(GBytes *png, const char *keyword)
{
  gsize len;
  const guint8 *data = g_bytes_get_data(png, &len);
  char *found = NULL;

  g_assert_cmpmem(data, 8, "\x89PNG\r\n\x1a\n", 8);
  for (gsize at = 8; at + 12 <= len;) {
    guint32 n = (guint32)data[at] << 24 | data[at + 1] << 16 | data[at + 2] << 8 | data[at + 3];
    const guint8 *type = data + at + 4, *body = data + at + 8;
    g_assert_cmpuint(at + 12 + n, <=, len);
    guint32 crc = (guint32)body[n] << 24 | body[n + 1] << 16 | body[n + 2] << 8 | body[n + 3];
    g_assert_cmphex(crc, ==, (guint32)crc32(crc32(0, type, 4), body, n));
    gsize key_len = strlen(keyword);
    if (!found && n > key_len && memcmp(body, keyword, key_len + 1) == 0) {
      if (memcmp(type, "tEXt", 4) == 0)
        found = g_convert((const char *)body + key_len + 1, n - key_len - 1, "UTF-8",
                          "ISO-8859-1", NULL, NULL, NULL);
      else if (memcmp(type, "iTXt", 4) == 0)   /* flag, method, "" language, "" keyword */
        found = g_strndup((const char *)body + key_len + 5, n - key_len - 5);
    }
    at += 12 + n;
  }
  return found;
}

/* Whether the bytes (which may hold NULs) contain text. */
static gboolean
contains(GBytes *bytes, const char *text)
{
  gsize len, text_len = strlen(text);
  const char *data = g_bytes_get_data(bytes, &len);

  for (gsize at = 0; at + text_len <= len; at++)
    if (data[at] == text[0] && memcmp(data + at, text, text_len) == 0)
      return TRUE;
  return FALSE;
}

static void
test_metadata(void)
{
  g_autofree char *dir = tmp_folder("metadata");
  g_autofree char *png = g_build_filename(dir, "map.png", NULL);
  g_autofree char *svg = g_build_filename(dir, "map.svg", NULL);
  g_autofree char *pdf = g_build_filename(dir, "map.pdf", NULL);
  FlMap *map = small_map(NULL);

  render(map, png);
  render(map, svg);
  render(map, pdf);
  g_autoptr(GBytes) png_bytes = fl_test_read_bytes(png);
  g_autofree char *title = png_text(png_bytes, "Title");
  g_autofree char *source = png_text(png_bytes, "Source");
  g_assert_cmpstr(title, ==, "Syrie — Situation au 7 décembre 2024");
  g_assert_nonnull(source);
  g_assert_nonnull(strstr(source, "GeoNames"));
  g_assert_nonnull(strstr(source, "Reuters 2024-12-07"));
  cairo_surface_t *image = cairo_image_surface_create_from_png(png);   /* still a valid PNG */
  g_assert_cmpint(cairo_surface_status(image), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy(image);

  g_autoptr(GBytes) svg_bytes = fl_test_read_bytes(svg);
  g_assert_true(contains(svg_bytes, "<title>Syrie — Situation au 7 décembre 2024</title>"));

  g_autoptr(GBytes) pdf_bytes = fl_test_read_bytes(pdf);
  g_assert_true(contains(pdf_bytes, "/Title"));
  g_assert_true(contains(pdf_bytes, "/CreationDate (20241207000000Z)"));
  g_assert_true(contains(pdf_bytes, "/ModDate (20241207000000Z)"));
  fl_map_free(map);
}

/* What a designer opens: the SVG's groups and texts, read with GMarkup. */
typedef struct {
  GPtrArray *layers;     /* the ids of the Inkscape layers, in order */
  GPtrArray *texts;      /* the text of each filled <text> (not its halo) */
  GString *text;         /* the text of the <text> being read, or NULL */
  guint halos;           /* <text> stroked under another */
  guint glyphs;          /* glyph outlines (<symbol>) */
} SvgParts;

static const char *
attribute(const char **names, const char **values, const char *name)
{
  for (guint i = 0; names[i]; i++)
    if (strcmp(names[i], name) == 0)
      return values[i];
  return NULL;
}

static void
svg_start(GMarkupParseContext *context, const char *element, const char **names,
          const char **values, gpointer user_data, GError **error)
{
  SvgParts *parts = user_data;
  (void)context, (void)error;

  if (strcmp(element, "g") == 0 && g_strcmp0(attribute(names, values, "inkscape:groupmode"),
                                             "layer") == 0) {
    g_assert_cmpstr(attribute(names, values, "inkscape:label"), ==,
                    attribute(names, values, "id"));
    g_ptr_array_add(parts->layers, g_strdup(attribute(names, values, "id")));
  } else if (strcmp(element, "text") == 0) {
    g_assert_nonnull(attribute(names, values, "font-family"));
    g_assert_nonnull(attribute(names, values, "font-size"));
    if (g_strcmp0(attribute(names, values, "fill"), "none") == 0) {
      g_assert_nonnull(attribute(names, values, "stroke"));
      parts->halos++;
    } else {
      parts->text = g_string_new(NULL);
    }
  } else if (strcmp(element, "symbol") == 0) {
    parts->glyphs++;
  }
}

static void
svg_end(GMarkupParseContext *context, const char *element, gpointer user_data, GError **error)
{
  SvgParts *parts = user_data;
  (void)context, (void)error;

  if (strcmp(element, "text") == 0 && parts->text)
    g_ptr_array_add(parts->texts, g_string_free(g_steal_pointer(&parts->text), FALSE));
}

static void
svg_text(GMarkupParseContext *context, const char *text, gsize length, gpointer user_data,
         GError **error)
{
  SvgParts *parts = user_data;
  (void)context, (void)error;

  if (parts->text)
    g_string_append_len(parts->text, text, length);
}

/* Reads an SVG file into parts, failing when it is not well-formed XML or holds a character
 * XML does not allow. */
static void
read_svg(const char *path, SvgParts *parts)
{
  static const GMarkupParser parser = {svg_start, svg_end, svg_text, NULL, NULL};
  g_autoptr(GBytes) bytes = fl_test_read_bytes(path);
  gsize len;
  const guchar *data = g_bytes_get_data(bytes, &len);
  GError *error = NULL;

  for (gsize i = 0; i < len; i++)
    if (data[i] < 0x20 && data[i] != '\t' && data[i] != '\n' && data[i] != '\r')
      g_error("%s: control character %#x at byte %zu", path, data[i], i);
  g_assert_true(g_utf8_validate((const char *)data, (gssize)len, NULL));
  g_assert_null(strstr((const char *)data, "&#x"));   /* no control character as a reference */
  parts->layers = g_ptr_array_new_with_free_func(g_free);
  parts->texts = g_ptr_array_new_with_free_func(g_free);
  GMarkupParseContext *context = g_markup_parse_context_new(&parser, 0, parts, NULL);
  if (g_markup_parse_context_parse(context, (const char *)data, (gssize)len, &error))
    g_markup_parse_context_end_parse(context, &error);
  g_assert_no_error(error);
  g_markup_parse_context_free(context);
}

static void
svg_parts_clear(SvgParts *parts)
{
  g_ptr_array_unref(parts->layers);
  g_ptr_array_unref(parts->texts);
}

static gboolean
has_text(const SvgParts *parts, const char *text)
{
  for (guint i = 0; i < parts->texts->len; i++)
    if (strcmp(parts->texts->pdata[i], text) == 0)
      return TRUE;
  return FALSE;
}

/* The SVG a designer edits: one Inkscape layer per layer of the map, in drawing order, and the
 * labels, title, legend and credits as live text (halos as stroked copies), no glyph outlines;
 * markup and control characters of the title escaped or replaced. */
static void
test_svg_structure(void)
{
  static const char *const layers[] = {
    "page",  "sea",    "land",   "theatre", "lakes",  "zones", "rivers", "borders", "roads",
    "front", "arrows", "places", "labels",  "scale",  "inset", "frame",  "title",   "legend",
    "credits",
  };
  g_autofree char *dir = tmp_folder("svg");
  g_autofree char *path = g_build_filename(dir, "map.svg", NULL);
  FlStyle *style = fl_style_new();
  GError *error = NULL;
  SvgParts parts = {0};

  g_assert_true(fl_style_set(style, "title.text", "Syrie <nord> & \"sud\"\x01\x1f\tfin", "test",
                             &error));
  g_assert_no_error(error);
  FlMap *map = small_map(style);
  render(map, path);
  read_svg(path, &parts);
  g_assert_cmpuint(parts.layers->len, ==, G_N_ELEMENTS(layers));
  for (guint i = 0; i < G_N_ELEMENTS(layers); i++)
    g_assert_cmpstr(parts.layers->pdata[i], ==, layers[i]);
  g_assert_cmpuint(parts.glyphs, ==, 0);
  g_assert_cmpuint(parts.halos, >, 50);
  const char *texts[] = {
    "Alep", "Hama", "Homs", "Damas",          /* labels */
    "Syrie <nord> & \"sud\"\xef\xbf\xbd\xef\xbf\xbd\tfin",   /* the title, escaped */
    "Situation au 7 décembre 2024",           /* the date line */
    "Contrôle des localités",                 /* the legend */
    "ligne de front",
  };
  for (guint i = 0; i < G_N_ELEMENTS(texts); i++)
    if (!has_text(&parts, texts[i]))
      g_error("no <text> of '%s' in %s", texts[i], path);
  gboolean credits = FALSE;
  for (guint i = 0; i < parts.texts->len; i++)
    credits = credits || strstr(parts.texts->pdata[i], "GeoNames") != NULL;
  g_assert_true(credits);
  svg_parts_clear(&parts);
  fl_map_free(map);
  fl_style_free(style);
}

static void
test_sizes(void)
{
  FlMapOptions options;
  GError *error = NULL;
  const struct {
    const char *text;
    int width, height;
    FlPageUnit unit;
  } sizes[] = {
      {"slide", 1920, 1080, FL_PAGE_PIXELS}, {"slide43", 1440, 1080, FL_PAGE_PIXELS},
      {"square", 1080, 1080, FL_PAGE_PIXELS}, {"A4", 595, 842, FL_PAGE_POINTS},
      {"a4-landscape", 842, 595, FL_PAGE_POINTS}, {"800x600", 800, 600, FL_PAGE_PIXELS},
  };
  for (guint i = 0; i < G_N_ELEMENTS(sizes); i++) {
    fl_map_options_init(&options);
    g_assert_true(fl_map_options_set_size(&options, sizes[i].text, &error));
    g_assert_no_error(error);
    g_assert_cmpint(options.width, ==, sizes[i].width);
    g_assert_cmpint(options.height, ==, sizes[i].height);
    g_assert_cmpint(options.unit, ==, sizes[i].unit);
  }
  const char *bad[] = {"a5", "800", "800x", "x600", "10x10", "800x600px", "-800x600", ""};
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_assert_false(fl_map_options_set_size(&options, bad[i], &error));
    g_assert_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    g_autofree char *quoted = g_strdup_printf("'%s'", bad[i]);
    g_assert_nonnull(strstr(error->message, quoted));
    g_clear_error(&error);
  }
}

/* A4 is 595x842 points in PDF, and 1240x1754 pixels in PNG at 150 dpi, drawn alike. */
static void
test_paper(void)
{
  g_autofree char *dir = tmp_folder("paper");
  g_autofree char *png = g_build_filename(dir, "a4.png", NULL);
  g_autofree char *pdf = g_build_filename(dir, "a4.pdf", NULL);
  FlMapOptions options;
  GError *error = NULL;

  fl_map_options_init(&options);
  g_assert_true(fl_map_options_set_size(&options, "a4", NULL));
  options.dpi = 150;
  FlMap *map = fl_map_new(pipeline->theatre, &options, &error);
  g_assert_no_error(error);
  render(map, png);
  render(map, pdf);
  cairo_surface_t *image = cairo_image_surface_create_from_png(png);
  g_assert_cmpint(cairo_image_surface_get_width(image), ==, 1240);
  g_assert_cmpint(cairo_image_surface_get_height(image), ==, 1754);
  cairo_surface_destroy(image);
  g_autoptr(GBytes) pdf_bytes = fl_test_read_bytes(pdf);
  g_assert_true(contains(pdf_bytes, "/MediaBox [ 0 0 595 842 ]"));
  fl_map_free(map);

  /* a page too large for a PNG at its dpi is refused before any drawing */
  options.dpi = 3000;
  g_assert_null(fl_map_new(pipeline->theatre, &options, &error));
  g_assert_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_OPTION);
  g_assert_nonnull(strstr(error->message, "3000 dpi"));
  g_clear_error(&error);
}

static guint32
pixel(cairo_surface_t *image, int x, int y)
{
  const guint8 *row = cairo_image_surface_get_data(image) + y * cairo_image_surface_get_stride(image);
  return ((const guint32 *)row)[x];
}

/* --transparent: the page around the frame has alpha 0, the map is opaque. */
static void
test_transparent(void)
{
  g_autofree char *dir = tmp_folder("transparent");
  g_autofree char *png = g_build_filename(dir, "map.png", NULL);
  FlStyle *style = fl_style_new();
  g_assert_true(fl_style_set(style, "page.transparent", "true", "--transparent", NULL));
  FlMapOptions options;
  GError *error = NULL;
  double x, y;

  /* a page so tall that the base map covers only its middle */
  fl_map_options_init(&options);
  options.width = 300;
  options.height = 1400;
  options.style = style;
  FlMap *map = fl_map_new(pipeline->theatre, &options, &error);
  g_assert_no_error(error);
  render(map, png);
  cairo_surface_t *image = cairo_image_surface_create_from_png(png);
  g_assert_cmpint(cairo_image_surface_get_format(image), ==, CAIRO_FORMAT_ARGB32);
  g_assert_cmphex(pixel(image, 150, 2) >> 24, ==, 0);   /* above the frame */
  g_assert_true(fl_map_project(map, 39.3, 34.2, &x, &y));   /* desert east of Palmyra */
  g_assert_cmphex(pixel(image, (int)x, (int)y) >> 24, ==, 0xff);
  cairo_surface_destroy(image);
  fl_map_free(map);
  fl_style_free(style);
}

/* The bundled styles draw; print gives Damascus its government colour. */
static void
test_bundled_styles(void)
{
  g_autofree char *dir = tmp_folder("styles");
  g_autofree char *styles = fl_test_source_path("styles");
  const char *names[] = {"default", "print", "dark"};
  const FlPlace *damascus =
      pipeline->theatre->places->pdata[fl_theatre_find_place(pipeline->theatre, "damascus")];
  GError *error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
    g_autofree char *style_path = fl_style_find(names[i], styles, &error);
    FlStyle *style = fl_style_load(style_path, &error);
    g_assert_no_error(error);
    FlMap *map = small_map(style);
    g_autofree char *png = g_strdup_printf("%s/%s.png", dir, names[i]);
    render(map, png);
    if (g_str_equal(names[i], "print")) {
      double x, y;
      cairo_surface_t *image = cairo_image_surface_create_from_png(png);
      g_assert_true(fl_map_project(map, damascus->lon, damascus->lat, &x, &y));
      g_assert_cmphex(pixel(image, (int)x, (int)y) & 0xffffff, ==, 0xed511d);
      cairo_surface_destroy(image);
    }
    fl_map_free(map);
    fl_style_free(style);
  }
}

/* A damaged base map: garbage, or the real one with a run of bytes overwritten in its middle
 * (features of some layer cannot be read): the map is refused, naming the file. */
static void
test_bad_basemap(void)
{
  g_autofree char *dir = tmp_folder("bad-basemap");
  g_autofree char *basemap = fl_test_copy_theatre(dir, FALSE);
  g_autofree char *real = fl_test_source_path("gazetteer/syria/basemap.gpkg");
  g_autoptr(GBytes) real_bytes = fl_test_read_bytes(real);
  gsize len = g_bytes_get_size(real_bytes);
  guint8 *damaged = g_memdup2(g_bytes_get_data(real_bytes, NULL), len);
  GError *error = NULL;

  memset(damaged + len / 2, 0x5a, MIN(65536, len / 4));
  const struct {
    const char *what;
    const void *bytes;
    gsize len;
  } cases[] = {{"garbage", "not a geopackage\n", 17}, {"damaged", damaged, len}};
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_assert_true(g_file_set_contents(basemap, cases[i].bytes, cases[i].len, NULL));
    FlTheatre *theatre = fl_theatre_load(dir, &error);
    g_assert_no_error(error);
    g_assert_null(fl_map_new(theatre, NULL, &error));
    g_test_message("%s: %s", cases[i].what, error->message);
    g_assert_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_BASEMAP);
    g_assert_true(g_str_has_prefix(error->message, basemap));
    g_clear_error(&error);
    fl_theatre_free(theatre);
  }
  g_free(damaged);
}

/* A PROJ string of a projection on WGS 84 is applied without PROJ's database; the same
 * projection that the database must resolve (a datum shift of nothing) puts every place at the
 * same point of the page. */
static void
test_projection_ways(void)
{
  const char *lcc = "+proj=lcc +lat_0=34.75 +lon_0=38.5 +lat_1=33 +lat_2=36.5 +datum=WGS84 "
                    "+units=m +no_defs";
  g_autofree char *shifted = g_strconcat(lcc, " +towgs84=0,0,0,0,0,0,0", NULL);
  const double places[][2] = {{36.29, 33.51}, {37.16, 36.20}, {40.14, 35.33}, {35.45, 32.25}};
  FlMap *maps[2];
  FlMapOptions options;
  GError *error = NULL;

  for (int m = 0; m < 2; m++) {
    fl_map_options_init(&options);
    options.width = 320;
    options.height = 180;
    options.projection = m == 0 ? lcc : shifted;
    maps[m] = fl_map_new(pipeline->theatre, &options, &error);
    g_assert_no_error(error);
  }
  for (guint i = 0; i < G_N_ELEMENTS(places); i++) {
    double xy[2][2];
    for (int m = 0; m < 2; m++)
      g_assert_true(fl_map_project(maps[m], places[i][0], places[i][1], &xy[m][0], &xy[m][1]));
    g_assert_cmpfloat_with_epsilon(xy[0][0], xy[1][0], 1e-6);
    g_assert_cmpfloat_with_epsilon(xy[0][1], xy[1][1], 1e-6);
  }
  for (int m = 0; m < 2; m++)
    fl_map_free(maps[m]);
}

/* Options that do not fit: refused by fl_map_new() or the parsers, with their text. */
static void
test_bad_options(void)
{
  FlMapOptions options;
  GError *error = NULL;
  double extent[4];

  fl_map_options_init(&options);
  options.projection = "+proj=nonsense";
  g_assert_null(fl_map_new(pipeline->theatre, &options, &error));
  g_assert_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_OPTION);
  g_assert_true(g_str_has_prefix(error->message, "--proj: projection \"+proj=nonsense\""));
  g_clear_error(&error);

  fl_map_options_init(&options);
  options.extent = (const double[]){0, 0, 1, 1};
  g_assert_null(fl_map_new(pipeline->theatre, &options, &error));
  g_assert_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_OPTION);
  g_assert_cmpstr(error->message, ==,
                  "--bbox 0,0,1,1 does not overlap the extent of theatre 'syria' "
                  "(35.45,32.25,42.45,37.4)");
  g_clear_error(&error);

  g_assert_true(fl_extent_parse("36, 33.5, 38.25, 36", extent, &error));
  g_assert_no_error(error);
  g_assert_cmpfloat(extent[2], ==, 38.25);
  const struct {
    const char *text, *problem;
  } bad[] = {
      {"36,33,35,34", "is inverted or empty"}, {"36,34,38,34", "is inverted or empty"},
      {"36,33,200,34", "is out of range"},     {"36,-95,38,34", "is out of range"},
      {"36,33,38", "is not WEST,SOUTH,EAST,NORTH"}, {"36,33,38,36,1", "is not WEST,SOUTH"},
      {"a,b,c,d", "is not WEST,SOUTH"},        {"36,33,38,nan", "is not WEST,SOUTH"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_assert_false(fl_extent_parse(bad[i].text, extent, &error));
    g_assert_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    g_autofree char *expected = g_strdup_printf("--bbox: '%s' %s", bad[i].text, bad[i].problem);
    if (!g_str_has_prefix(error->message, expected))
      g_error("got '%s', expected it to start with '%s'", error->message, expected);
    g_clear_error(&error);
  }

  /* a style naming a faction the theatre lacks */
  FlStyle *style = fl_style_new();
  g_assert_true(fl_style_set(style, "factions.rebel", "#00ff00", "--set", NULL));
  fl_map_options_init(&options);
  options.style = style;
  g_assert_null(fl_map_new(pipeline->theatre, &options, &error));
  g_assert_error(error, FL_STYLE_ERROR, FL_STYLE_ERROR_KEY);
  g_assert_true(g_str_has_prefix(error->message, "--set: factions.rebel: theatre 'syria' has no"));
  g_clear_error(&error);
  fl_style_free(style);
}

/* An output that cannot be written: the error names it, nothing is left. */
static void
test_unwritable(void)
{
  g_autofree char *dir = tmp_folder("unwritable");
  g_autofree char *file = fl_test_write_file(dir, "file.txt", "x", 1);
  g_autofree char *under_file = g_build_filename(file, "map.png", NULL);
  g_autofree char *no_folder = g_build_filename(dir, "missing", "map.pdf", NULL);
  const char *paths[] = {under_file, no_folder};
  FlMap *map = small_map(NULL);
  GError *error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS(paths); i++) {
    g_assert_false(fl_test_render_one(map, pipeline, &date, paths[i], &error));
    g_assert_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_OUTPUT);
    g_autofree char *expected = g_strdup_printf("%s: cannot write the map: ", paths[i]);
    g_assert_true(g_str_has_prefix(error->message, expected));
    g_clear_error(&error);
  }
  g_assert_cmpuint(count_entries(dir), ==, 1);   /* file.txt alone */
  fl_map_free(map);
}

/* A plan draws its own dates and nothing else, with what it was made to prepare; a map drawn
 * with one plan, then another, then the first again is the same as the first time: nothing
 * is kept from call to call. */
static void
test_plans(void)
{
  g_autofree char *dir = tmp_folder("plans");
  g_autofree char *png = g_build_filename(dir, "map.png", NULL);
  g_autofree char *svg = g_build_filename(dir, "map.svg", NULL);
  FlMap *map = small_map(NULL);
  GDate series[2] = {date, date}, next = date;
  GError *error = NULL;

  g_date_subtract_days(&series[0], 3);
  g_date_add_days(&next, 1);
  FlPlan *both = fl_plan_new(map, pipeline->control, series, 2, FL_PLAN_ALL, &error);
  g_assert_no_error(error);
  FlPlan *bare = fl_plan_new(map, pipeline->control, &date, 1, 0, &error);
  g_assert_no_error(error);
  /* a date the plan lacks, a plan with neither labels nor pictures */
  g_assert_false(fl_map_render(map, both, pipeline->reports, &next, png, &error));
  g_assert_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW);
  g_clear_error(&error);
  for (guint i = 0; i < 2; i++) {
    g_assert_false(fl_map_render(map, bare, pipeline->reports, &date, i ? svg : png, &error));
    g_assert_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW);
    g_clear_error(&error);
  }
  g_assert_cmpuint(count_entries(dir), ==, 0);
  /* the series' map, the date's own, the series' again */
  g_assert_true(fl_map_render(map, both, pipeline->reports, &date, png, &error));
  g_autoptr(GBytes) first = fl_test_read_bytes(png);
  render(map, png);
  g_autoptr(GBytes) alone = fl_test_read_bytes(png);
  g_assert_true(fl_map_render(map, both, pipeline->reports, &date, png, &error));
  g_assert_no_error(error);
  g_autoptr(GBytes) again = fl_test_read_bytes(png);
  g_assert_true(g_bytes_equal(again, first));
  g_assert_false(g_bytes_equal(alone, first));   /* the series' legend lists more */
  fl_plan_free(bare);
  fl_plan_free(both);
  fl_map_free(map);
}

int
main(int argc, char **argv)
{
  GError *error = NULL;
  int status;

  g_test_init(&argc, &argv, NULL);
  pipeline = fl_test_run_examples();
  g_assert_true(fl_date_parse_iso("2024-12-07", &date, NULL));
  tmp = g_dir_make_tmp("frontline-render-XXXXXX", &error);
  g_assert_no_error(error);
  g_test_add_func("/render-output/same-bytes", test_same_bytes);
  g_test_add_func("/render-output/metadata", test_metadata);
  g_test_add_func("/render-output/svg-structure", test_svg_structure);
  g_test_add_func("/render-output/sizes", test_sizes);
  g_test_add_func("/render-output/paper", test_paper);
  g_test_add_func("/render-output/transparent", test_transparent);
  g_test_add_func("/render-output/bundled-styles", test_bundled_styles);
  g_test_add_func("/render-output/bad-basemap", test_bad_basemap);
  g_test_add_func("/render-output/projection-ways", test_projection_ways);
  g_test_add_func("/render-output/bad-options", test_bad_options);
  g_test_add_func("/render-output/unwritable", test_unwritable);
  g_test_add_func("/render-output/plans", test_plans);
  status = g_test_run();
  fl_test_remove_tree(tmp);
  g_free(tmp);
  fl_pipeline_free(pipeline);
  return status;
}
