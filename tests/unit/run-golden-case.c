/* run-golden-case.c - runs one case file of tests/cases/golden: a small map drawn through the
 * library from the bundled example reports, compared pixel by pixel with its golden image,
 * tests/golden/NAME.png (NAME: the case file's name without .case).
 *
 * A case is "directive: value" lines; '#' starts a comment line.
 *   date: YYYY-MM-DD        the map's date (required)
 *   size: SIZE              the page, as --size (default 640x360)
 *   style: NAME             a bundled style of styles/ (default: the default style)
 *   set: SECTION.KEY=VALUE  a style key, as --set (repeatable, after the style)
 *   lang: LANG              the label language, as --lang
 *   layers: NAME...         only these keys of the style's [layers] are on, every other one is
 *                           off (a layer added later too); without it, the style's layers
 *   bbox: W,S,E,N           the extent, as --bbox
 *   tolerance: diff D, shift S, changed N | N%
 *                           a pixel is changed when a channel (0-255) differs by more than D
 *                           and the other picture has no pixel within S pixels that differs by
 *                           at most D (looking from both pictures, so that an element missing
 *                           from either counts however thin it is, while one drawn a fraction
 *                           of a pixel aside does not); at most N pixels (or N% of the page)
 *                           may change. Repeatable: every line must hold. Default: diff 24,
 *                           shift 1, changed 0.05%
 *   formats: svg pdf        also draw these formats, rasterise them (rsvg-convert, pdftoppm)
 *                           and compare each with the PNG drawn
 *   svg-tolerance:, pdf-tolerance:   theirs, as tolerance (defaults below)
 *
 * The PNG is drawn twice: alone (every layer drawn), and as batch draws it (the layers that do
 * not change with the date painted from pictures drawn once); both are compared with the
 * golden. On failure, FL_TEST_TMP/golden/NAME[-batch|-svg|-pdf]-actual.png and -diff.png are
 * written (the diff: changed pixels red, pixels the shift lets pass orange, on a faded copy of
 * the expected picture) and their paths printed with the figures. Exit status: 0 pass, 1 fail, 2 a
 * bad case, 77 skipped (rsvg-convert or pdftoppm missing, the rest passed).
 *
 * SVG and PDF are rasterised at twice the PNG's resolution and brought back to it by averaging
 * 2x2 pixels: poppler widens lines thinner than a device pixel to a whole pixel (the place dots'
 * outlines are half a pixel at 640x360), so at the PNG's own resolution small dots come out
 * nearly black. Measured on formats.case (640x360, 230400 pixels), changed pixels at shift 1:
 *   over a difference of    32       64      96     128
 *   SVG (rsvg-convert)    1485 (0.64%) 109    0      0
 *   PDF (pdftoppm)        1564 (0.68%) 133    3      0
 * (PDF at the PNG's resolution: 7166, 803, 182, 46; at shift 0, SVG: 6119, 1824, 236, 2. The
 * dark, print and Arabic maps at 480x270: 0.39% to 0.98% over 32, at most 4 pixels over 96.) The
 * default SVG and PDF tolerances are therefore two: "diff 32, shift 1, changed 1.5%" for areas
 * (a layer of zones or labels missing changes far more) and "diff 96, shift 1, changed 0.05%"
 * for lines and dots (a missing front line changes hundreds of pixels by more than 96).
 *
 * "run-golden-case --update FILE.case" rewrites the golden from the PNG drawn when any pixel
 * differs, and prints what changed (scripts/update-golden.sh runs it over every case).
 *
 * ctest runs the cases with FONTCONFIG_FILE set to a fonts.conf listing only the Noto fonts
 * (tests/fonts.conf.in), so other installed fonts cannot change the text. */
#include <frontline/batch.h>
#include <frontline/render.h>

#include "harness.h"
#include "harness-render.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define SKIP 77
#define SUPERSAMPLE 2   /* SVG and PDF are rasterised at this many times the PNG's resolution */

typedef struct {
  int diff;          /* a channel difference up to this is no change */
  int shift;         /* ...nor is one the other picture has this many pixels away */
  double changed;    /* changed pixels allowed: a count, or a share of the page when share */
  gboolean share;
} Tolerance;

static const Tolerance png_default[] = {{24, 1, 0.0005, TRUE}};
static const Tolerance vector_default[] = {{32, 1, 0.015, TRUE}, {96, 1, 0.0005, TRUE}};

typedef struct {
  char *name;              /* the case file's stem */
  char *date, *size, *style, *lang, *layers, *bbox;
  GPtrArray *sets;         /* char*, "section.key=value" */
  gboolean formats[3];     /* indexed by FlFormat */
  GArray *tolerances[3];   /* Tolerance, per format; empty: the defaults */
} Case;

typedef struct {
  guint64 changed, differing;   /* pixels changed; pixels differing at all */
  int largest;                  /* the largest channel difference */
  int x0, y0, x1, y1;           /* the box of the changed pixels */
} Comparison;

static void
case_clear(Case *c)
{
  g_free(c->name);
  g_free(c->date);
  g_free(c->size);
  g_free(c->style);
  g_free(c->lang);
  g_free(c->layers);
  g_free(c->bbox);
  g_ptr_array_unref(c->sets);
  for (int f = 0; f < 3; f++)
    g_array_unref(c->tolerances[f]);
}

/* Parses "diff 24, shift 1, changed 0.05%" (any order; each part once at most). */
static gboolean
parse_tolerance(const char *text, Tolerance *tolerance)
{
  g_auto(GStrv) parts = g_strsplit(text, ",", -1);

  *tolerance = png_default[0];
  for (guint i = 0; parts[i]; i++) {
    g_auto(GStrv) words = g_strsplit(g_strstrip(parts[i]), " ", 2);
    char *end = NULL;
    double number = words[0] && words[1] ? g_ascii_strtod(words[1], &end) : -1;
    gboolean percent = end && *end == '%' && !end[1];
    if (number < 0 || end == words[1] || (*end && !percent))
      return FALSE;
    if (g_str_equal(words[0], "changed")) {
      tolerance->changed = percent ? number / 100 : number;
      tolerance->share = percent;
    } else if (g_str_equal(words[0], "diff") && !percent && number <= 255 &&
               number == floor(number)) {
      tolerance->diff = (int)number;
    } else if (g_str_equal(words[0], "shift") && !percent && number <= 3 &&
               number == floor(number)) {
      tolerance->shift = (int)number;
    } else {
      return FALSE;
    }
  }
  return TRUE;
}

/* Reads a case file; FALSE with a message on stderr when it is malformed. */
static gboolean
case_read(Case *c, const char *path)
{
  static const char *const tolerance_keys[] = {"tolerance", "svg-tolerance", "pdf-tolerance"};
  g_autofree char *contents = NULL;
  g_autofree char *base = g_path_get_basename(path);

  *c = (Case){.name = g_strndup(base, strcspn(base, ".")), .size = g_strdup("640x360"),
              .sets = g_ptr_array_new_with_free_func(g_free)};
  for (int f = 0; f < 3; f++)
    c->tolerances[f] = g_array_new(FALSE, FALSE, sizeof(Tolerance));
  c->formats[FL_FORMAT_PNG] = TRUE;
  if (!g_file_get_contents(path, &contents, NULL, NULL)) {
    fprintf(stderr, "%s: cannot read the case\n", path);
    return FALSE;
  }
  g_auto(GStrv) lines = g_strsplit(contents, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    char *line = g_strstrip(lines[i]), *colon = strchr(line, ':');
    if (!*line || *line == '#')
      continue;
    if (!colon) {
      fprintf(stderr, "%s:%u: '%s' is not 'directive: value'\n", path, i + 1, line);
      return FALSE;
    }
    *colon = '\0';
    const char *key = g_strstrip(line), *value = g_strstrip(colon + 1);
    char **text = g_str_equal(key, "date")     ? &c->date
                  : g_str_equal(key, "size")   ? &c->size
                  : g_str_equal(key, "style")  ? &c->style
                  : g_str_equal(key, "lang")   ? &c->lang
                  : g_str_equal(key, "layers") ? &c->layers
                  : g_str_equal(key, "bbox")   ? &c->bbox
                                               : NULL;
    int tolerance_format = -1;
    gboolean ok = TRUE;
    for (int f = 0; f < 3; f++)
      if (g_str_equal(key, tolerance_keys[f]))
        tolerance_format = f;
    if (text) {
      g_free(*text);
      *text = g_strdup(value);
    } else if (g_str_equal(key, "set")) {
      g_ptr_array_add(c->sets, g_strdup(value));
    } else if (g_str_equal(key, "formats")) {
      g_auto(GStrv) names = g_strsplit_set(value, " ,", -1);
      for (guint n = 0; ok && names[n]; n++) {
        FlFormat format;
        if (*names[n])
          ok = fl_format_parse(names[n], &format) && (c->formats[format] = TRUE);
      }
    } else if (tolerance_format >= 0) {
      Tolerance tolerance;
      ok = parse_tolerance(value, &tolerance);
      if (ok)
        g_array_append_val(c->tolerances[tolerance_format], tolerance);
    } else {
      fprintf(stderr, "%s:%u: unknown directive '%s'\n", path, i + 1, key);
      return FALSE;
    }
    if (!ok) {
      fprintf(stderr, "%s:%u: %s: bad value '%s'\n", path, i + 1, key, value);
      return FALSE;
    }
  }
  if (!c->date) {
    fprintf(stderr, "%s: no 'date:' directive\n", path);
    return FALSE;
  }
  for (int f = 0; f < 3; f++) {
    if (c->tolerances[f]->len)
      continue;
    if (f == FL_FORMAT_PNG)
      g_array_append_vals(c->tolerances[f], png_default, G_N_ELEMENTS(png_default));
    else
      g_array_append_vals(c->tolerances[f], vector_default, G_N_ELEMENTS(vector_default));
  }
  return TRUE;
}

/* ---- the style and the map ---- */

/* The keys of the default style's [layers], as 'frontline style --defaults' writes them. */
static GPtrArray *
layer_names(void)
{
  FlStyle *defaults = fl_style_new();
  g_autoptr(GString) written = g_string_new(NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  gboolean in_layers = FALSE;

  fl_style_write(defaults, written);
  fl_style_free(defaults);
  g_auto(GStrv) lines = g_strsplit(written->str, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    if (lines[i][0] == '[')
      in_layers = g_str_equal(lines[i], "[layers]");
    else if (in_layers && lines[i][0] != '#' && strstr(lines[i], " = "))
      g_ptr_array_add(names, g_strndup(lines[i], strstr(lines[i], " = ") - lines[i]));
  }
  return names;
}

/* Switches on the layers named in layers and off every other one. */
static gboolean
set_layers(FlStyle *style, const char *layers, GError **error)
{
  g_autoptr(GPtrArray) names = layer_names();
  g_auto(GStrv) wanted = g_strsplit_set(layers, " ,", -1);

  for (guint i = 0; wanted[i]; i++) {
    gboolean known = !*wanted[i];
    for (guint n = 0; !known && n < names->len; n++)
      known = g_str_equal(wanted[i], names->pdata[n]);
    if (!known) {
      g_set_error(error, FL_STYLE_ERROR, FL_STYLE_ERROR_KEY, "layers: no layer '%s'", wanted[i]);
      return FALSE;
    }
  }
  for (guint n = 0; n < names->len; n++) {
    g_autofree char *key = g_strconcat("layers.", names->pdata[n], NULL);
    gboolean on = g_strv_contains((const char *const *)wanted, names->pdata[n]);
    if (!fl_style_set(style, key, on ? "true" : "false", "layers", error))
      return FALSE;
  }
  return TRUE;
}

static FlStyle *
case_style(const Case *c, GError **error)
{
  FlStyle *style = NULL;

  if (c->style) {
    g_autofree char *styles_dir = fl_test_source_path("styles");
    g_autofree char *path = fl_style_find(c->style, styles_dir, error);
    style = path ? fl_style_load(path, error) : NULL;
  } else {
    style = fl_style_new();
  }
  for (guint i = 0; style && i < c->sets->len; i++)
    if (!fl_style_assign(style, c->sets->pdata[i], "set", error))
      g_clear_pointer(&style, fl_style_free);
  if (style && c->lang && !fl_style_set(style, "labels.language", c->lang, "lang", error))
    g_clear_pointer(&style, fl_style_free);
  if (style && c->layers && !set_layers(style, c->layers, error))
    g_clear_pointer(&style, fl_style_free);
  return style;
}

static FlMap *
case_map(const Case *c, const FlTheatre *theatre, GError **error)
{
  FlMapOptions options;
  double extent[4];
  FlStyle *style = case_style(c, error);
  FlMap *map = NULL;

  fl_map_options_init(&options);
  options.style = style;
  if (style && fl_map_options_set_size(&options, c->size, error) &&
      (!c->bbox || fl_extent_parse(c->bbox, extent, error))) {
    options.extent = c->bbox ? extent : NULL;
    map = fl_map_new(theatre, &options, error);
  }
  fl_style_free(style);
  return map;
}

/* ---- pictures ---- */

/* The picture of a PNG file as ARGB32, or NULL with a message. */
static cairo_surface_t *
load_png(const char *path)
{
  cairo_surface_t *png = cairo_image_surface_create_from_png(path);
  cairo_surface_t *argb;
  cairo_t *cr;

  if (cairo_surface_status(png) != CAIRO_STATUS_SUCCESS) {
    fprintf(stderr, "%s: cannot read the PNG: %s\n", path,
            cairo_status_to_string(cairo_surface_status(png)));
    cairo_surface_destroy(png);
    return NULL;
  }
  argb = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, cairo_image_surface_get_width(png),
                                    cairo_image_surface_get_height(png));
  cr = cairo_create(argb);
  cairo_set_source_surface(cr, png, 0, 0);
  cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint(cr);
  cairo_destroy(cr);
  cairo_surface_destroy(png);
  cairo_surface_flush(argb);
  return argb;
}

static guint32 *
row(cairo_surface_t *surface, int y)
{
  return (guint32 *)(cairo_image_surface_get_data(surface) +
                     (gsize)y * (gsize)cairo_image_surface_get_stride(surface));
}

/* picture made factor times smaller, each pixel the mean of a square of factor x factor. */
static cairo_surface_t *
downsample(cairo_surface_t *picture, int factor)
{
  int width = cairo_image_surface_get_width(picture) / factor;
  int height = cairo_image_surface_get_height(picture) / factor;
  cairo_surface_t *small = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);

  cairo_surface_flush(small);
  for (int y = 0; y < height; y++) {
    guint32 *out = row(small, y);
    for (int x = 0; x < width; x++) {
      guint sum[4] = {0, 0, 0, 0};
      for (int dy = 0; dy < factor; dy++) {
        const guint32 *in = row(picture, y * factor + dy) + x * factor;
        for (int dx = 0; dx < factor; dx++)
          for (int c = 0; c < 4; c++)
            sum[c] += in[dx] >> (8 * c) & 0xff;
      }
      out[x] = 0;
      for (int c = 0; c < 4; c++)
        out[x] |= (guint32)((sum[c] + factor * factor / 2) / (factor * factor)) << (8 * c);
    }
  }
  cairo_surface_mark_dirty(small);
  return small;
}

static int
pixel_difference(guint32 a, guint32 b)
{
  int largest = 0;

  for (int shift = 0; shift < 32; shift += 8)
    largest = MAX(largest, abs((int)(a >> shift & 0xff) - (int)(b >> shift & 0xff)));
  return largest;
}

/* Whether picture has a pixel within the tolerance's shift of x, y that differs from pixel by
 * at most its diff. */
static gboolean
found_near(cairo_surface_t *picture, int x, int y, guint32 pixel, const Tolerance *tolerance)
{
  int width = cairo_image_surface_get_width(picture);
  int height = cairo_image_surface_get_height(picture);
  int shift = tolerance->shift;

  for (int ny = MAX(0, y - shift); ny <= MIN(height - 1, y + shift); ny++) {
    const guint32 *r = row(picture, ny);
    for (int nx = MAX(0, x - shift); nx <= MIN(width - 1, x + shift); nx++)
      if (pixel_difference(r[nx], pixel) <= tolerance->diff)
        return TRUE;
  }
  return FALSE;
}

/* Compares two pictures of the same size; fills changed (width x height, may be NULL) with
 * the changed pixels. */
static Comparison
compare(cairo_surface_t *expected, cairo_surface_t *actual, const Tolerance *tolerance,
        guint8 *changed)
{
  int width = cairo_image_surface_get_width(expected);
  int height = cairo_image_surface_get_height(expected);
  Comparison result = {0, 0, 0, width, height, -1, -1};

  for (int y = 0; y < height; y++) {
    const guint32 *e = row(expected, y), *a = row(actual, y);
    for (int x = 0; x < width; x++) {
      int difference = pixel_difference(e[x], a[x]);
      gboolean change = difference > tolerance->diff &&
                        (!found_near(actual, x, y, e[x], tolerance) ||
                         !found_near(expected, x, y, a[x], tolerance));
      result.largest = MAX(result.largest, difference);
      result.differing += difference > 0;
      if (changed)
        changed[(gsize)y * width + x] = (guint8)change;
      if (change) {
        result.changed++;
        result.x0 = MIN(result.x0, x), result.y0 = MIN(result.y0, y);
        result.x1 = MAX(result.x1, x), result.y1 = MAX(result.y1, y);
      }
    }
  }
  return result;
}

/* The expected picture faded, changed pixels red, pixels over the tolerance's diff that its
 * shift lets pass orange. */
static cairo_surface_t *
diff_picture(cairo_surface_t *expected, cairo_surface_t *actual, const Tolerance *tolerance,
             const guint8 *changed)
{
  int width = cairo_image_surface_get_width(expected);
  int height = cairo_image_surface_get_height(expected);
  cairo_surface_t *diff = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);

  cairo_surface_flush(diff);
  for (int y = 0; y < height; y++) {
    const guint32 *e = row(expected, y), *a = row(actual, y);
    guint32 *out = row(diff, y);
    for (int x = 0; x < width; x++) {
      guint gray = ((e[x] >> 16 & 0xff) * 3 + (e[x] >> 8 & 0xff) * 6 + (e[x] & 0xff)) / 10;
      guint faded = 255 - (255 - gray) * 2 / 5;
      out[x] = changed[(gsize)y * width + x]              ? 0xff0000
               : pixel_difference(e[x], a[x]) > tolerance->diff ? 0xffa000
                                                                : faded << 16 | faded << 8 | faded;
    }
  }
  cairo_surface_mark_dirty(diff);
  return diff;
}

static gboolean
write_png(cairo_surface_t *surface, const char *path)
{
  g_autofree char *temp = g_strconcat(path, ".tmp", NULL);
  cairo_status_t status = cairo_surface_write_to_png(surface, temp);

  if (status != CAIRO_STATUS_SUCCESS || g_rename(temp, path) != 0) {
    fprintf(stderr, "%s: cannot write: %s\n", path, cairo_status_to_string(status));
    g_remove(temp);
    return FALSE;
  }
  return TRUE;
}

/* ---- checks ---- */

/* Compares actual with expected under every tolerance; prints the figures, and at the first
 * failure writes FL_TEST_TMP/golden/WHAT-actual.png and WHAT-diff.png and prints their
 * paths. */
static gboolean
check(const char *what, const char *against, cairo_surface_t *expected, cairo_surface_t *actual,
      const GArray *tolerances)
{
  int width = cairo_image_surface_get_width(actual);
  int height = cairo_image_surface_get_height(actual);
  double pixels = (double)width * height;
  g_autofree char *dir = g_build_filename(g_getenv("FL_TEST_TMP"), "golden", NULL);
  g_autofree char *actual_path = g_strdup_printf("%s/%s-actual.png", dir, what);
  g_autofree char *diff_path = g_strdup_printf("%s/%s-diff.png", dir, what);
  g_autofree guint8 *changed = g_new(guint8, (gsize)width * height);

  g_mkdir_with_parents(dir, 0755);
  g_remove(actual_path);
  g_remove(diff_path);
  if (width != cairo_image_surface_get_width(expected) ||
      height != cairo_image_surface_get_height(expected)) {
    fprintf(stderr, "%s: %dx%d pixels, %s has %dx%d\n  actual: %s\n", what, width, height,
            against, cairo_image_surface_get_width(expected),
            cairo_image_surface_get_height(expected), actual_path);
    write_png(actual, actual_path);
    return FALSE;
  }
  for (guint i = 0; i < tolerances->len; i++) {
    const Tolerance *tolerance = &g_array_index(tolerances, Tolerance, i);
    double allowed = tolerance->share ? tolerance->changed * pixels : tolerance->changed;
    Comparison result = compare(expected, actual, tolerance, changed);
    printf("%s against %s: %" G_GUINT64_FORMAT " pixels changed (%.3f%%, allowed %.0f) by "
           "more than %d within %d pixels; %" G_GUINT64_FORMAT " differ, by %d at most\n",
           what, against, result.changed, 100.0 * result.changed / pixels, allowed,
           tolerance->diff, tolerance->shift, result.differing, result.largest);
    if (result.changed <= allowed)
      continue;
    cairo_surface_t *diff = diff_picture(expected, actual, tolerance, changed);
    write_png(actual, actual_path);
    write_png(diff, diff_path);
    cairo_surface_destroy(diff);
    fprintf(stderr,
            "%s: FAILED: %" G_GUINT64_FORMAT " pixels changed, more than %.0f, within x %d-%d, "
            "y %d-%d\n  actual: %s\n  diff:   %s\n",
            what, result.changed, allowed, result.x0, result.x1, result.y0, result.y1,
            actual_path, diff_path);
    return FALSE;
  }
  return TRUE;
}

/* Runs a rasteriser, waiting; FALSE with a message when it fails. */
static gboolean
run(const char *const *argv)
{
  g_autofree char *err = NULL;
  int status = 0;
  GError *error = NULL;

  if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                    NULL, NULL, NULL, &err, &status, &error) ||
      !g_spawn_check_wait_status(status, &error)) {
    fprintf(stderr, "%s failed: %s\n%s", argv[0], error->message, err ? err : "");
    g_error_free(error);
    return FALSE;
  }
  return TRUE;
}

/* The SVG or PDF file rasterised at SUPERSAMPLE times width x height into raster (a PNG
 * file); FALSE when the tool fails. */
static gboolean
rasterise(FlFormat format, const char *path, const char *raster, int width, int height)
{
  g_autofree char *w = g_strdup_printf("%d", width * SUPERSAMPLE);
  g_autofree char *h = g_strdup_printf("%d", height * SUPERSAMPLE);
  g_autofree char *stem = g_strndup(raster, strlen(raster) - 4);   /* pdftoppm adds ".png" */

  if (format == FL_FORMAT_SVG) {
    const char *argv[] = {"rsvg-convert", "-w", w, "-h", h, "-o", raster, path, NULL};
    return run(argv);
  }
  const char *argv[] = {"pdftoppm", "-png", "-scale-to-x", w, "-scale-to-y", h, "-singlefile",
                        path, stem, NULL};
  return run(argv);
}

/* Draws map on date into path (its format from its extension); FALSE with a message. */
static gboolean
render(FlMap *map, const FlPipeline *pipeline, const GDate *date, const char *path)
{
  GError *error = NULL;

  if (fl_test_render_one(map, pipeline, date, path, &error))
    return TRUE;
  fprintf(stderr, "%s: %s\n", path, error->message);
  g_error_free(error);
  return FALSE;
}

/* The map drawn by batch (in this process, so with its cached layers), or NULL. */
static cairo_surface_t *
render_batch(FlMap *map, const FlPipeline *pipeline, const GDate *date, const char *dir)
{
  FlBatchOptions options = {.output_dir = dir, .jobs = 1};
  FlBatchStats stats;
  GArray *dates = g_array_new(FALSE, FALSE, sizeof(GDate));
  GError *error = NULL;
  char iso[11];
  cairo_surface_t *picture = NULL;

  options.formats[FL_FORMAT_PNG] = TRUE;
  g_array_append_val(dates, *date);
  if (fl_batch_run(map, pipeline, dates, &options, &stats, &error)) {
    g_autofree char *file = g_strdup_printf("%s-%s.png", pipeline->theatre->id,
                                            fl_date_format_iso(date, iso));
    g_autofree char *path = g_build_filename(dir, file, NULL);
    picture = load_png(path);
  } else {
    fprintf(stderr, "batch: %s\n", error->message);
    g_error_free(error);
  }
  g_array_unref(dates);
  return picture;
}

/* Rewrites the golden from drawn when a pixel differs; prints what changed. */
static gboolean
update(const Case *c, const char *golden_path, cairo_surface_t *drawn)
{
  gboolean had = g_file_test(golden_path, G_FILE_TEST_EXISTS);
  cairo_surface_t *golden = had ? load_png(golden_path) : NULL;
  gboolean same_size = golden &&
                       cairo_image_surface_get_width(golden) ==
                         cairo_image_surface_get_width(drawn) &&
                       cairo_image_surface_get_height(golden) ==
                         cairo_image_surface_get_height(drawn);
  const Tolerance *tolerance = &g_array_index(c->tolerances[FL_FORMAT_PNG], Tolerance, 0);
  Comparison result = {0};
  gboolean ok = TRUE;

  if (same_size)
    result = compare(golden, drawn, tolerance, NULL);
  if (same_size && result.differing == 0)
    printf("%s: unchanged\n", c->name);
  else if (!(ok = write_png(drawn, golden_path)))
    ;
  else if (same_size)
    printf("%s: rewritten: %" G_GUINT64_FORMAT " pixels differed, by %d at most; %"
           G_GUINT64_FORMAT " changed by the case's tolerance (diff %d, shift %d)\n",
           c->name, result.differing, result.largest, result.changed, tolerance->diff,
           tolerance->shift);
  else
    printf("%s: %s\n", c->name, had ? "rewritten (another size)" : "new");
  if (golden)
    cairo_surface_destroy(golden);
  return ok;
}

int
main(int argc, char **argv)
{
  gboolean updating = argc == 3 && g_str_equal(argv[1], "--update");
  const char *case_path = argv[argc - 1];
  Case c;
  GDate date;
  GError *error = NULL;
  int status = 0;

  setvbuf(stdout, NULL, _IOLBF, 0);   /* figures and failures in order */
  if (argc != 2 && !updating) {
    fprintf(stderr, "usage: run-golden-case [--update] FILE.case\n");
    return 2;
  }
  if (!case_read(&c, case_path) || !fl_date_parse_iso(c.date, &date, &error)) {
    if (error)
      fprintf(stderr, "%s: date: %s\n", case_path, error->message);
    g_clear_error(&error);
    case_clear(&c);
    return 2;
  }
  FlPipeline *pipeline = fl_test_run_examples();
  FlMap *map = case_map(&c, pipeline->theatre, &error);
  if (!map) {
    fprintf(stderr, "%s: %s\n", case_path, error->message);
    g_error_free(error);
    fl_pipeline_free(pipeline);
    case_clear(&c);
    return 2;
  }
  g_autofree char *scratch_name = g_strconcat("golden-", c.name, NULL);
  g_autofree char *scratch = fl_test_scratch_dir(scratch_name);
  g_autofree char *golden_file = g_strconcat(c.name, ".png", NULL);
  g_autofree char *golden_dir = fl_test_source_path("tests/golden");
  g_autofree char *golden_path = g_build_filename(golden_dir, golden_file, NULL);
  g_autofree char *png_path = g_build_filename(scratch, "map.png", NULL);
  g_autofree char *batch_dir = g_build_filename(scratch, "batch", NULL);
  g_autofree char *batch_what = g_strconcat(c.name, "-batch", NULL);
  cairo_surface_t *drawn = NULL, *golden = NULL, *batch = NULL;

  drawn = render(map, pipeline, &date, png_path) ? load_png(png_path) : NULL;
  if (!drawn) {
    status = 1;
    goto out;
  }
  if (updating) {
    status = update(&c, golden_path, drawn) ? 0 : 1;
    goto out;
  }
  golden = g_file_test(golden_path, G_FILE_TEST_EXISTS) ? load_png(golden_path) : NULL;
  if (!golden) {
    fprintf(stderr, "%s: no golden image %s: scripts/update-golden.sh makes it\n", c.name,
            golden_path);
    status = 1;
    goto out;
  }
  if (!check(c.name, "the golden", golden, drawn, c.tolerances[FL_FORMAT_PNG]))
    status = 1;
  batch = render_batch(map, pipeline, &date, batch_dir);
  if (!batch || !check(batch_what, "the golden", golden, batch, c.tolerances[FL_FORMAT_PNG]))
    status = 1;

  /* the same map as SVG and PDF, rasterised, against the PNG drawn */
  for (FlFormat format = FL_FORMAT_SVG; format <= FL_FORMAT_PDF; format++) {
    const char *name = fl_format_name(format);
    const char *tool = format == FL_FORMAT_SVG ? "rsvg-convert" : "pdftoppm";
    g_autofree char *file = g_strconcat("map.", name, NULL);
    g_autofree char *path = g_build_filename(scratch, file, NULL);
    g_autofree char *raster_file = g_strconcat(name, "-raster.png", NULL);
    g_autofree char *raster_path = g_build_filename(scratch, raster_file, NULL);
    g_autofree char *what = g_strconcat(c.name, "-", name, NULL);
    g_autofree char *tool_path = g_find_program_in_path(tool);
    int width = cairo_image_surface_get_width(drawn);
    int height = cairo_image_surface_get_height(drawn);
    cairo_surface_t *raster, *picture;

    if (!c.formats[format])
      continue;
    if (!render(map, pipeline, &date, path)) {
      status = 1;
      continue;
    }
    if (!tool_path) {
      printf("%s: skipped: %s is not installed (scripts/deps.sh --test installs it)\n", what,
             tool);
      status = status ? status : SKIP;
      continue;
    }
    if (!rasterise(format, path, raster_path, width, height) ||
        !(raster = load_png(raster_path))) {
      status = 1;
      continue;
    }
    picture = downsample(raster, SUPERSAMPLE);
    if (!check(what, "the PNG", drawn, picture, c.tolerances[format]))
      status = 1;
    cairo_surface_destroy(picture);
    cairo_surface_destroy(raster);
  }
out:
  if (batch)
    cairo_surface_destroy(batch);
  if (golden)
    cairo_surface_destroy(golden);
  if (drawn)
    cairo_surface_destroy(drawn);
  fl_map_free(map);
  fl_pipeline_free(pipeline);
  case_clear(&c);
  return status;
}
