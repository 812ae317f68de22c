/* render.c - the public API of the map stage: options, the map's lifetime, output surfaces,
 * file metadata and atomic output (a temporary file renamed over the target, removed on any
 * failure).
 *
 * The same input makes the same bytes: the PDF's dates are the map's date, and the SVG page
 * (svg.c) numbers its ids per layer. */
#include "render-internal.h"
#include "stream.h"
#include "svg.h"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_PAGE_SIDE 32767   /* Cairo's limit for image surfaces */

/* The map formats' names, which are also their file extensions, indexed by FlFormat. */
static const char *const format_names[] = {"png", "svg", "pdf"};

const char *
fl_format_name(FlFormat format)
{
  return (guint)format < G_N_ELEMENTS(format_names) ? format_names[format] : "?";
}

gboolean
fl_format_parse(const char *name, FlFormat *format)
{
  for (guint i = 0; name && i < G_N_ELEMENTS(format_names); i++)
    if (g_ascii_strcasecmp(name, format_names[i]) == 0) {
      *format = (FlFormat)i;
      return TRUE;
    }
  return FALSE;
}

gboolean
fl_format_from_path(const char *path, FlFormat *format, GError **error)
{
  const char *dot = path ? strrchr(path, '.') : NULL;

  if (dot && !strchr(dot, '/') && fl_format_parse(dot + 1, format))
    return TRUE;
  g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_FORMAT,
              "%s: unknown output format: name the file .png, .svg or .pdf", path ? path : "");
  return FALSE;
}

void
fl_map_options_init(FlMapOptions *options)
{
  memset(options, 0, sizeof *options);
  options->width = 1920;
  options->height = 1080;
  options->unit = FL_PAGE_PIXELS;
  options->dpi = 96;
}

gboolean
fl_map_options_set_size(FlMapOptions *options, const char *text, GError **error)
{
  static const struct {
    const char *name;
    int width, height;
    FlPageUnit unit;
  } presets[] = {
    {"slide", 1920, 1080, FL_PAGE_PIXELS},  {"slide43", 1440, 1080, FL_PAGE_PIXELS},
    {"square", 1080, 1080, FL_PAGE_PIXELS}, {"a4", 595, 842, FL_PAGE_POINTS},
    {"a4-landscape", 842, 595, FL_PAGE_POINTS},
  };
  char *end = NULL;
  gint64 width, height = 0;

  for (gsize i = 0; i < G_N_ELEMENTS(presets); i++) {
    if (g_ascii_strcasecmp(text, presets[i].name) == 0) {
      options->width = presets[i].width;
      options->height = presets[i].height;
      options->unit = presets[i].unit;
      return TRUE;
    }
  }
  width = g_ascii_strtoll(text, &end, 10);
  if (end != text && (*end == 'x' || *end == 'X') && g_ascii_isdigit(end[1]))
    height = g_ascii_strtoll(end + 1, &end, 10);
  if (*end || width < 64 || height < 64 || width > 20000 || height > 20000) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--size: '%s' is not WIDTHxHEIGHT in pixels (64 to 20000) nor a preset (slide, "
                "slide43, square, a4, a4-landscape)",
                text);
    return FALSE;
  }
  options->width = (int)width;
  options->height = (int)height;
  options->unit = FL_PAGE_PIXELS;
  return TRUE;
}

/* The smallest extent a map shows, each way. */
#define FL_EXTENT_MIN_DEGREES 0.01

gboolean
fl_extent_parse(const char *text, double extent[4], GError **error)
{
  g_auto(GStrv) parts = g_strsplit(text, ",", -1);
  gboolean numbers = g_strv_length(parts) == 4;
  double value[4];

  for (guint i = 0; numbers && i < 4; i++) {
    char *end = NULL;
    value[i] = g_ascii_strtod(parts[i], &end);
    while (g_ascii_isspace(*end))
      end++;
    numbers = end != parts[i] && !*end && isfinite(value[i]);
  }
  if (!numbers) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--bbox: '%s' is not WEST,SOUTH,EAST,NORTH in degrees, e.g. 35.5,32.3,42.5,37.4",
                text);
    return FALSE;
  }
  if (fabs(value[0]) > 180 || fabs(value[2]) > 180 || fabs(value[1]) > 90 || fabs(value[3]) > 90) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--bbox: '%s' is out of range: longitudes go from -180 to 180, latitudes from -90 "
                "to 90",
                text);
    return FALSE;
  }
  if (value[0] >= value[2] || value[1] >= value[3]) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--bbox: '%s' is inverted or empty: give WEST,SOUTH,EAST,NORTH with west < east "
                "and south < north",
                text);
    return FALSE;
  }
  /* the zoom is capped: a smaller extent shows nothing the base map knows (its finest lines
   * are tens of metres apart), and places degrees away come out at millions of page units,
   * where drawing and laying out take seconds to minutes */
  if (value[2] - value[0] < FL_EXTENT_MIN_DEGREES - 1e-9 ||
      value[3] - value[1] < FL_EXTENT_MIN_DEGREES - 1e-9) {   /* 36.71 - 36.7 is 0.00999... */
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--bbox: '%s' spans %.3g° by %.3g°: a map spans at least %g° (about 1 km) each "
                "way",
                text, value[2] - value[0], value[3] - value[1], FL_EXTENT_MIN_DEGREES);
    return FALSE;
  }
  memcpy(extent, value, sizeof value);
  return TRUE;
}

static void
project_places(FlMap *map)
{
  const GPtrArray *places = map->theatre->places;

  map->place_xy = g_new(FlPagePoint, MAX(places->len, 1));
  for (guint i = 0; i < places->len; i++) {
    const FlPlace *place = places->pdata[i];
    map->place_xy[i] = fl_projection_point(&map->projection, place->lon, place->lat);
  }
}

/* The most pixels a PNG page may have: 400 MB of pixels in memory. */
#define MAX_PAGE_PIXELS 100e6

/* The page in page units and in PNG pixels. */
static gboolean
set_page(FlMap *map, const FlMapOptions *options, GError **error)
{
  map->width = options->width;
  map->height = options->height;
  if (map->width <= 0 || map->height <= 0 || map->width > MAX_PAGE_SIDE ||
      map->height > MAX_PAGE_SIDE) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW,
                "a page of %dx%d cannot be drawn: give sides of 1 to %d", map->width, map->height,
                MAX_PAGE_SIDE);
    return FALSE;
  }
  map->png_scale = options->unit == FL_PAGE_POINTS ? options->dpi / 72 : 1;
  if (!(map->png_scale > 0) || map->width * map->png_scale > MAX_PAGE_SIDE ||
      map->height * map->png_scale > MAX_PAGE_SIDE) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_OPTION,
                "a page of %dx%d points at %g dpi cannot be drawn: a PNG can have sides of 1 to "
                "%d pixels",
                map->width, map->height, options->dpi, MAX_PAGE_SIDE);
    return FALSE;
  }
  map->png_width = MAX(1, (int)lround(map->width * map->png_scale));
  map->png_height = MAX(1, (int)lround(map->height * map->png_scale));
  if ((double)map->png_width * map->png_height > MAX_PAGE_PIXELS) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_OPTION,
                "a PNG of %dx%d pixels cannot be drawn: at most %.0f million pixels (4 bytes "
                "each in memory, per worker)", map->png_width, map->png_height,
                MAX_PAGE_PIXELS / 1e6);
    return FALSE;
  }
  /* Sizes follow the page, but shrink slower than it below 1920x1080 so text stays legible. */
  map->unit = MIN(map->width / 1920.0, map->height / 1080.0);
  if (map->unit < 1)
    map->unit = sqrt(map->unit);
  return TRUE;
}

/* The style, its faction colours, languages and title. */
static gboolean
set_style(FlMap *map, const FlStyle *style, GError **error)
{
  const FlTheatre *theatre = map->theatre;
  const char *language, *plus, *title;

  map->style = style ? fl_style_copy(style) : fl_style_new();
  if (!fl_style_check_factions(map->style, theatre, error) ||
      !fl_style_check_fonts(map->style, error))
    return FALSE;
  map->faction_colors = g_new(guint32, MAX(theatre->factions->len, 1));
  gboolean print = g_str_equal(fl_style_text(map->style, FL_STYLE_COLORS_FACTIONS), "print_color");
  for (guint i = 0; i < theatre->factions->len; i++) {
    const FlFaction *faction = theatre->factions->pdata[i];
    if (!fl_style_faction_color(map->style, faction->id, &map->faction_colors[i]))
      map->faction_colors[i] = print ? faction->print_color : faction->color;
  }
  language = fl_style_text(map->style, FL_STYLE_LABELS_LANGUAGE);
  /* the default language (fr) when the theatre has it, else the theatre's first */
  if (!fl_style_origin(map->style, FL_STYLE_LABELS_LANGUAGE) && theatre->languages[0] &&
      !fl_theatre_has_language(theatre, language))
    language = theatre->languages[0];
  plus = strchr(language, '+');
  map->lang = plus ? g_strndup(language, plus - language) : g_strdup(language);
  map->other_lang = plus ? g_strdup(plus + 1) : NULL;
  for (const char *lang = map->lang; lang; lang = lang == map->lang ? map->other_lang : NULL)
    if (!fl_theatre_has_language(theatre, lang)) {
      g_autofree char *list = g_strjoinv(", ", theatre->languages);
      g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_OPTION,
                  "--lang: labels.language '%s': the theatre's languages are %s (theatre.ini "
                  "[theatre] languages)",
                  lang, list);
      return FALSE;
    }
  title = fl_style_text(map->style, FL_STYLE_TITLE_TEXT);
  map->title = g_strdup(*title ? title : fl_theatre_name(theatre, map->lang));
  return TRUE;
}

/* The projection definition and the extent, the theatre's unless the options replace them. */
static gboolean
map_extent(FlMap *map, const FlMapOptions *options, const char **definition, double extent[4],
           GError **error)
{
  const FlTheatre *theatre = map->theatre;
  const double theatre_extent[4] = {theatre->west, theatre->south, theatre->east, theatre->north};

  memcpy(extent, options->extent ? options->extent : theatre_extent, 4 * sizeof(double));
  *definition = options->projection ? options->projection : theatre->projection;
  if (options->extent && !(extent[0] < theatre->east && extent[2] > theatre->west &&
                           extent[1] < theatre->north && extent[3] > theatre->south)) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_OPTION,
                "--bbox %g,%g,%g,%g does not overlap the extent of theatre '%s' (%g,%g,%g,%g)",
                extent[0], extent[1], extent[2], extent[3], theatre->id, theatre->west,
                theatre->south, theatre->east, theatre->north);
    return FALSE;
  }
  return TRUE;
}

/* The projection and the fit of extent into the page. */
static gboolean
set_projection(FlMap *map, const FlMapOptions *options, const char *definition,
               const double extent[4], GError **error)
{
  GError *local = NULL;

  /* the module first, so that only PROJ refusing the options counts as a bad option */
  if (!fl_gis_get(FL_RENDER_ERROR, FL_RENDER_ERROR_BASEMAP, error))
    return FALSE;
  if (fl_projection_init(&map->projection, definition, extent, map->width, map->height, &local))
    return TRUE;
  if (options->projection || options->extent) {
    local->code = FL_RENDER_ERROR_OPTION;
    g_prefix_error(&local, "%s: ", options->projection ? "--proj" : "--bbox");
  }
  g_propagate_error(error, local);
  return FALSE;
}

/* fontconfig's rule that slants or emboldens a face for a family that lacks the italic or bold
 * one (Noto Sans Arabic has no italic), as the system's configuration enables it */
#define SYNTHETIC_RULE "/etc/fonts/conf.d/90-synthetic.conf"

/* A fontconfig configuration of the families only (newly made), or NULL when one of them has
 * no font in the standard folders (a generic name such as "sans-serif" included). */
static FcConfig *
families_config(char **families)
{
  GString *xml = g_string_new(
      "<?xml version=\"1.0\"?>\n<fontconfig>\n<dir>/usr/share/fonts</dir>\n"
      "<dir>/usr/local/share/fonts</dir>\n<dir prefix=\"xdg\">fonts</dir>\n<dir>~/.fonts</dir>\n"
      "<cachedir>/var/cache/fontconfig</cachedir>\n"
      "<cachedir prefix=\"xdg\">fontconfig</cachedir>\n"
      "<include ignore_missing=\"yes\">" SYNTHETIC_RULE "</include>\n"
      "<selectfont>\n<acceptfont>\n");
  for (guint i = 0; families[i]; i++) {
    g_autofree char *family = g_markup_escape_text(families[i], -1);
    g_string_append_printf(xml, "<pattern><patelt name=\"family\"><string>%s</string></patelt>"
                                "</pattern>\n", family);
  }
  g_string_append(xml, "</acceptfont>\n<rejectfont><pattern/></rejectfont>\n</selectfont>\n"
                       "</fontconfig>\n");
  FcConfig *config = FcConfigCreate();
  gboolean ok = config && FcConfigParseAndLoadFromMemory(config, (const FcChar8 *)xml->str,
                                                          FcFalse) &&
                FcConfigBuildFonts(config);
  for (guint i = 0; ok && families[i]; i++) {
    FcPattern *pattern = FcPatternBuild(NULL, FC_FAMILY, FcTypeString, families[i], NULL);
    FcObjectSet *objects = FcObjectSetBuild(FC_FAMILY, NULL);
    FcFontSet *fonts = pattern && objects ? FcFontList(config, pattern, objects) : NULL;
    ok = fonts && fonts->nfont > 0;
    if (fonts)
      FcFontSetDestroy(fonts);
    if (objects)
      FcObjectSetDestroy(objects);
    if (pattern)
      FcPatternDestroy(pattern);
  }
  g_string_free(xml, TRUE);
  if (!ok && config)
    g_clear_pointer(&config, FcConfigDestroy);
  return config;
}

void
fl_render_prepare_fonts(const FlStyle *style)
{
  PangoFontDescription *description =
      pango_font_description_from_string(fl_style_text(style, FL_STYLE_LABELS_FONT));
  const char *names = pango_font_description_get_family(description);
  g_auto(GStrv) families = g_strsplit(names ? names : "", ",", -1);
  guint n = 0;
  for (guint i = 0; families[i]; i++)
    if (*g_strstrip(families[i]))
      families[n++] = families[i];
    else
      g_free(families[i]);
  families[n] = NULL;
  FcConfig *config = n > 0 && !g_getenv("FONTCONFIG_FILE") && !g_getenv("FONTCONFIG_PATH")
                         ? families_config(families)
                         : NULL;
  if (config) {
    FcConfigSetCurrent(config);   /* fontconfig keeps its own reference */
    FcConfigDestroy(config);
  }
  pango_font_description_free(description);
  /* the default font map reads fontconfig's configuration in a thread of its own, unless it
   * is set already */
  (void)pango_cairo_font_map_get_default();
}

static gpointer
load_gis(gpointer data)
{
  const FlGis *gis = fl_gis_get(FL_RENDER_ERROR, FL_RENDER_ERROR_BASEMAP, NULL);
  FlGisProjection *warm;

  (void)data;   /* a failure is fl_map_new()'s to tell */
  /* PROJ sets itself up on its first projection (5 ms), whichever: this one is thrown away */
  warm = gis ? gis->projection_new("+proj=merc +datum=WGS84", NULL) : NULL;
  if (warm)
    gis->projection_free(warm);
  return NULL;
}

GThread *
fl_render_prepare_gis(void)
{
  return g_thread_try_new("gis", load_gis, NULL, NULL);
}

/* The projection and the base map's layers; the place points and the zones' first steps
 * (the settled area, in a thread) as soon as the map is framed, while the layers are read. */
static gboolean
read_basemap(FlMap *map, const FlMapOptions *options, const char *definition,
             const double extent[4], GError **error)
{
  FlBasemap *base;

  if (!set_projection(map, options, definition, extent, error) ||
      !(base = fl_basemap_open(map, error)))
    return FALSE;
  project_places(map);
  map->zones_start = fl_zones_start(map);
  return fl_basemap_read(map, base, error);
}

FlMap *
fl_map_new(const FlTheatre *theatre, const FlMapOptions *options, GError **error)
{
  FlMapOptions defaults;
  FlMap *map = g_new0(FlMap, 1);
  FlCacheKey key = {0};
  FlCached cached = FL_CACHED_NOTHING;
  const char *definition;
  double extent[4];

  if (!options) {
    fl_map_options_init(&defaults);
    options = &defaults;
  }
  map->theatre = theatre;
  g_mutex_init(&map->base_lock);
  map->warnings = g_ptr_array_new_with_free_func(g_free);
  g_date_clear(&map->known_on, 1);
  if (options->known_on && g_date_valid(options->known_on))
    map->known_on = *options->known_on;
  if (!set_page(map, options, error) || !set_style(map, options->style, error) ||
      !fl_map_words_load(map, error) || !map_extent(map, options, &definition, extent, error))
    goto fail;
  if (options->cache_dir && fl_cache_key_init(&key, map, options->cache_dir, definition, extent))
    cached = fl_cache_load(map, &key);
  if (cached == FL_CACHED_NOTHING && !read_basemap(map, options, definition, extent, error))
    goto fail;
  if (cached != FL_CACHED_ALL) {
    if (!map->place_xy)
      project_places(map);
    if (options->png)   /* the base layers' pictures, while the zones are made */
      fl_pictures_begin_base(map);
    map->zones = fl_zones_new(map, g_steal_pointer(&map->zones_start), error);
    if (!map->zones)
      goto fail;
    if (key.path)
      fl_cache_save(map, &key);
  }
  fl_draw_prepare(map);
  if (key.path)
    map->cache_key = g_memdup2(&key, sizeof key);   /* for the pictures of its plans */
  else
    fl_cache_key_clear(&key);
  return map;
fail:
  fl_cache_key_clear(&key);
  fl_map_free(map);
  return NULL;
}

void
fl_map_free(FlMap *map)
{
  if (!map)
    return;
  fl_pictures_end_base(map);
  g_mutex_clear(&map->base_lock);
  if (map->pango)
    g_object_unref(map->pango);
  fl_zones_start_free(map->zones_start);
  fl_zones_free(map->zones);
  if (map->cache_key) {
    fl_cache_key_clear(map->cache_key);
    g_free(map->cache_key);
  }
  g_free(map->place_xy);
  for (int i = 0; i < FL_N_LAYERS; i++)
    fl_shapes_clear(&map->layers[i]);
  fl_projection_clear(&map->projection);
  g_free(map->title);
  fl_map_words_free(map->words);
  if (map->warnings)
    g_ptr_array_unref(map->warnings);
  g_free(map->other_lang);
  g_free(map->lang);
  g_free(map->faction_colors);
  fl_style_free(map->style);
  g_free(map);
}

const GPtrArray *
fl_map_warnings(const FlMap *map)
{
  return map->warnings;
}

gboolean
fl_map_project(const FlMap *map, double lon, double lat, double *x, double *y)
{
  FlPagePoint p = fl_projection_point(&map->projection, lon, lat);

  if (isnan(p.x) || isnan(p.y))
    return FALSE;
  *x = p.x;
  *y = p.y;
  return TRUE;
}

/* ---- output ---- */

/* What a file says about itself: its title ("Syrie — Situation au 6 décembre 2024") and its
 * sources (the data credits and the reports). */
typedef struct {
  char *title;
  char *sources;
  char date[11];   /* the map's date, YYYY-MM-DD */
} Metadata;

static void
metadata_init(Metadata *meta, const FlMap *map, const GPtrArray *reports, const GDate *date)
{
  char **credits = map->theatre->credits;
  g_autofree char *date_line = fl_draw_date_line(map, date);
  g_autofree char *data = credits ? g_strjoinv(" · ", credits) : g_strdup("");
  g_autofree char *used = fl_reports_line(reports, date);

  meta->title = g_strconcat(map->title, " — ", date_line, NULL);
  meta->sources =
      g_strdup_printf("%s%sreports: %s", data, *data ? " · " : "", *used ? used : "none");
  fl_date_format_iso(date, meta->date);
}

static void
metadata_clear(Metadata *meta)
{
  g_free(meta->title);
  g_free(meta->sources);
}

cairo_status_t
fl_file_stream_write(void *closure, const unsigned char *data, unsigned int length)
{
  FlFileStream *stream = closure;
  if (stream->error == 0 && fwrite(data, 1, length, stream->file) == length)
    return CAIRO_STATUS_SUCCESS;
  if (stream->error == 0)
    stream->error = errno ? errno : EIO;
  return CAIRO_STATUS_WRITE_ERROR;
}

/* The PNG with Title, Source and Software text chunks (png.c). */
static gboolean
write_png(cairo_surface_t *surface, FlPngSeries *series, FILE *file, const Metadata *meta,
          const char *path, GError **error)
{
  const char *const texts[] = {"Title", meta->title, "Source", meta->sources,
                               "Software", "frontline", NULL};

  return fl_png_write(surface, series, file, texts, path, error);
}

static gboolean
surface_failed(cairo_status_t status, const char *path, GError **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return FALSE;
  g_set_error(error, FL_RENDER_ERROR,
              status == CAIRO_STATUS_WRITE_ERROR || status == CAIRO_STATUS_FILE_NOT_FOUND
                ? FL_RENDER_ERROR_OUTPUT
                : FL_RENDER_ERROR_DRAW,
              "%s: cannot write the map: %s", path, cairo_status_to_string(status));
  return TRUE;
}

void
fl_pdf_set_metadata(cairo_surface_t *surface, const char *title, const char *subject,
                    const char *iso_date)
{
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
  if (subject)
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, subject);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "frontline");
  /* Cairo writes the clock's time unless told: a date of the map makes the same input give
   * the same file. */
  g_autofree char *date = g_strconcat(iso_date, "T00:00:00Z", NULL);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
}

/* A surface for the format: PDF written to file as it is drawn, PNG kept in memory to be
 * finished by finish_file(), SVG the first layer of svg, a page of one surface per layer (svg.h)
 * assembled by finish_file(). Its status tells whether it could be made. */
static cairo_surface_t *
create_surface(const FlMap *map, const FlPlan *plan, FlFormat format, FlFileStream *stream,
               FlSvgPage *svg, const Metadata *meta)
{
  cairo_surface_t *surface, *page;
  cairo_format_t pixels;

  switch (format) {
  case FL_FORMAT_SVG:
    return cairo_surface_reference(cairo_get_target(fl_svg_page_cr(svg)));
  case FL_FORMAT_PDF:
    surface = cairo_pdf_surface_create_for_stream(fl_file_stream_write, stream, map->width,
                                                  map->height);
    fl_pdf_set_metadata(surface, meta->title, meta->sources, meta->date);
    return surface;
  case FL_FORMAT_PNG:
  default:
    pixels = fl_style_boolean(map->style, FL_STYLE_PAGE_TRANSPARENT) ? CAIRO_FORMAT_ARGB32
                                                                     : CAIRO_FORMAT_RGB24;
    if (plan->png_series)   /* a series: the last map's page, cleared */
      return fl_png_series_page(plan->png_series, pixels, map->png_width, map->png_height);
    if ((page = fl_map_take_page(map))) {   /* the pictures' page, cleared */
      cairo_surface_flush(page);
      memset(cairo_image_surface_get_data(page), 0,
             (gsize)cairo_image_surface_get_stride(page) * (gsize)map->png_height);
      cairo_surface_mark_dirty(page);
      surface = fl_image_surface_rows(page, pixels, 0, map->png_height);
      cairo_surface_destroy(page);   /* the surface keeps it */
      return surface;
    }
    return fl_image_surface_new(pixels, map->png_width, map->png_height);
  }
}

static gboolean
write_bytes(FILE *file, const void *data, gsize length, const char *path, GError **error)
{
  if (fwrite(data, 1, length, file) == length)
    return TRUE;
  g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_OUTPUT, "%s: cannot write the map: %s",
              path, g_strerror(errno));
  return FALSE;
}

/* Writes what the surface or the SVG page holds in memory into file, with the metadata. */
static gboolean
finish_file(cairo_surface_t *surface, const FlPlan *plan, FlFormat format, FILE *file,
            FlSvgPage *svg, const Metadata *meta, const char *path, GError **error)
{
  g_autofree char *document = NULL;
  cairo_status_t status;

  switch (format) {
  case FL_FORMAT_SVG:
    document = fl_svg_page_finish(svg, meta->title, &status);
    if (surface_failed(status, path, error))
      return FALSE;
    return write_bytes(file, document, strlen(document), path, error);
  case FL_FORMAT_PNG:
    return write_png(surface, plan->png_series, file, meta, path, error);
  default:
    return TRUE;
  }
}

/* Draws into file: the surface is finished and the file complete before returning, and every
 * Cairo status is checked. */
static gboolean
render_to(const FlMap *map, const FlPlan *plan, FlFormat format, FILE *file, const char *path,
          const GPtrArray *reports, const GDate *date, GError **error)
{
  Metadata meta;
  FlSvgPage *svg = format == FL_FORMAT_SVG ? fl_svg_page_new(map->width, map->height) : NULL;
  FlFileStream stream = {file, 0};
  cairo_surface_t *surface;
  cairo_t *cr = NULL;
  gboolean ok = FALSE;

  metadata_init(&meta, map, reports, date);
  if (format != FL_FORMAT_PNG)
    fl_vector_output_fast(TRUE);
  surface = create_surface(map, plan, format, &stream, svg, &meta);
  if (surface_failed(cairo_surface_status(surface), path, error))
    goto out;
  cr = svg ? cairo_reference(fl_svg_page_cr(svg)) : cairo_create(surface);
  if (format == FL_FORMAT_PNG)
    cairo_scale(cr, map->png_scale, map->png_scale);
  if (!fl_map_draw(map, plan, cr, reports, date, error))
    goto out;
  cairo_destroy(cr);
  cr = NULL;
  cairo_surface_flush(surface);
  if (format == FL_FORMAT_PDF)
    cairo_surface_finish(surface);
  if (stream.error != 0) {   /* before the status: Cairo may have dropped it */
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_OUTPUT, "%s: cannot write the map: %s",
                path, g_strerror(stream.error));
    goto out;
  }
  if (surface_failed(cairo_surface_status(surface), path, error))
    goto out;
  ok = finish_file(surface, plan, format, file, svg, &meta, path, error);
out:
  if (cr)
    cairo_destroy(cr);
  if (format == FL_FORMAT_PNG && plan->png_series)
    fl_png_series_keep_page(plan->png_series, surface);
  cairo_surface_destroy(surface);
  if (format != FL_FORMAT_PNG)
    fl_vector_output_fast(FALSE);
  fl_svg_page_free(svg);
  metadata_clear(&meta);
  return ok;
}

gboolean
fl_map_render(const FlMap *map, const FlPlan *plan, const GPtrArray *reports, const GDate *date,
              const char *path, GError **error)
{
  FlFormat format;
  char *temp_path = NULL;
  FILE *file = NULL;
  gboolean ok = FALSE;

  if (!fl_format_from_path(path, &format, error))
    return FALSE;
  if (!date || !g_date_valid(date)) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW, "%s: no valid date to draw", path);
    return FALSE;
  }
  if (!fl_plan_situation(plan, date)) {
    char iso[11];
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW,
                "%s: no map of %s: the plan lacks that date", path, fl_date_format_iso(date, iso));
    return FALSE;
  }
  temp_path = fl_output_temp_name(path);
  file = g_fopen(temp_path, "wb");
  if (!file) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_OUTPUT, "%s: cannot write the map: %s",
                path, g_strerror(errno));
    goto out;
  }
  if (!render_to(map, plan, format, file, path, reports, date, error))
    goto out;
  ok = fl_output_close(file, path, error) && fl_output_commit(temp_path, path, error);
  file = NULL;
out:
  if (file)
    fclose(file);
  if (!ok)
    fl_output_abort(temp_path);
  g_free(temp_path);
  return ok;
}

/* ---- drawing on a Cairo context ---- */

void
fl_map_page_size(const FlMap *map, int *width, int *height)
{
  *width = map->width;
  *height = map->height;
}

void
fl_map_png_size(const FlMap *map, int *width, int *height, double *scale)
{
  *width = map->png_width;
  *height = map->png_height;
  *scale = map->png_scale;
}

const char *
fl_map_title(const FlMap *map)
{
  return map->title;
}

char *
fl_map_date_line(const FlMap *map, const GDate *date)
{
  return fl_draw_date_line(map, date);
}

