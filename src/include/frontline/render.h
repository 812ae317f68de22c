/* frontline/render.h - stage 5: the map.
 *
 * A map (FlMap) is prepared once and never changes after: projection, base layers read from
 * the theatre's GeoPackage, place points, zones, fonts. A plan (FlPlan) holds what depends on
 * the dates drawn: the situation of each date, the series' legend, the arrow heads, the
 * labels' layout and the pictures of a PNG page; it is made whole by fl_plan_new(). Every
 * drawing call takes both, so the same map, plan and date always give the same picture. One
 * drawing path serves PNG, SVG and PDF. Files are written to a temporary name and renamed, so
 * a failed render leaves nothing behind. */
#ifndef FRONTLINE_RENDER_H
#define FRONTLINE_RENDER_H

#include <frontline/control.h>
#include <frontline/style.h>

G_BEGIN_DECLS

#define FL_RENDER_ERROR (fl_render_error_quark())
GQuark fl_render_error_quark(void);
typedef enum {
  FL_RENDER_ERROR_PROJECTION,  /* PROJ refused the projection */
  FL_RENDER_ERROR_BASEMAP,     /* the GeoPackage is missing, corrupt or lacks a layer */
  FL_RENDER_ERROR_FORMAT,      /* an output name with no known extension */
  FL_RENDER_ERROR_OUTPUT,      /* the file could not be written */
  FL_RENDER_ERROR_DRAW,        /* Cairo or Pango failed */
  FL_RENDER_ERROR_OPTION,      /* an option does not fit: --proj refused by PROJ, a --bbox
                                * outside the theatre, a page too large at its dpi */
  FL_RENDER_ERROR_WORDS,       /* a map words file (map-<lang>.tsv) or theatre.ini [words] is
                                * missing, malformed or names an unknown key */
} FlRenderError;

typedef enum {
  FL_FORMAT_PNG,
  FL_FORMAT_SVG,
  FL_FORMAT_PDF,
} FlFormat;

/* The format named by a file's extension (.png, .svg, .pdf, any case). */
gboolean fl_format_from_path(const char *path, FlFormat *format, GError **error);
/* The format's name and file extension without the dot ("png"). Static. */
const char *fl_format_name(FlFormat format);
/* The format named name ("png", "svg", "pdf", any case); FALSE for any other. */
gboolean fl_format_parse(const char *name, FlFormat *format);

typedef enum {
  FL_PAGE_PIXELS,   /* a screen page: PNG pixels, and as many points in SVG and PDF */
  FL_PAGE_POINTS,   /* a paper page in points (1/72 inch); a PNG has it at options->dpi */
} FlPageUnit;

typedef struct {
  int width, height;        /* the page, in unit. Default 1920x1080 pixels */
  FlPageUnit unit;
  double dpi;               /* PNG pixels per inch of a page in points. Default 96 */
  const FlStyle *style;     /* NULL: the default style. Borrowed; fl_map_new() copies it */
  const char *projection;   /* a PROJ string or CRS name replacing the theatre's, or NULL */
  const double *extent;     /* {west, south, east, north} in degrees replacing the theatre's
                             * extent, or NULL. Borrowed until fl_map_new() returns */
  const char *cache_dir;    /* a folder (made when missing) where fl_map_new() keeps what it
                             * prepares from the base map and the places, and finds it next
                             * time; NULL: none. Borrowed until fl_map_new() returns */
  const GDate *known_on;    /* the reports drawn are those known on this day (the title says
                             * so), or NULL. Borrowed until fl_map_new() returns */
  gboolean png;             /* its maps will be PNG pages: when fl_map_new() prepares the
                             * zones, a thread of its own draws the base layers' pictures
                             * meanwhile, which a plan's pictures then take */
} FlMapOptions;

/* Fills options with the defaults. */
void fl_map_options_init(FlMapOptions *options);

/* The cache folder (FlMapOptions.cache_dir): its files and their bytes, and the bound it is
 * kept under ($FRONTLINE_CACHE_MAX MiB, default 512: the least recently used files go first). */
typedef struct {
  guint files;
  guint64 bytes;
  guint64 limit;
} FlCacheInfo;
/* Counts the cache's files in dir (a missing folder holds none). FL_RENDER_ERROR_OUTPUT naming
 * dir when it cannot be read. */
gboolean fl_cache_info(const char *dir, FlCacheInfo *info, GError **error);
/* Removes the cache's files from dir (nothing else it holds) and says what it removed.
 * FL_RENDER_ERROR_OUTPUT naming the folder or the file that could not be removed. */
gboolean fl_cache_clear(const char *dir, FlCacheInfo *removed, GError **error);

/* Sets up the fonts of style's labels.font for the process: fontconfig then knows only those
 * families' fonts, found in the standard font folders (/usr/share/fonts, /usr/local/share/fonts,
 * the user's) with fontconfig's caches and its rule of synthetic italics and bold; no XML
 * configuration is parsed, and Pango sorts a handful of fonts for each font it looks for, not
 * all the system's. With FONTCONFIG_FILE or FONTCONFIG_PATH set, or a family those folders
 * lack, fontconfig's own configuration stays (read by Pango in a thread of its own, while the
 * process reads its reports). Call it once, before any text is drawn. Optional: a map made
 * without it uses fontconfig's own configuration, the same fonts. A process that forks (batch's
 * workers) calls it early, so that Pango's thread has ended before the fork. */
void fl_render_prepare_fonts(const FlStyle *style);
/* Starts loading the GIS module (PROJ, SQLite: 33 libraries, 10 ms) and setting PROJ up (5 ms)
 * in a thread of its own, for a map the cache will not hold (--no-cache): fl_map_new() then
 * finds them ready, or waits for the module, and tells any error. Returns the thread (NULL when
 * none could start), which the caller joins with g_thread_join() before the process ends, on
 * every path: a process that ends while a library's constructors run crashes. Optional; not in
 * a process that forks afterwards. */
GThread *fl_render_prepare_gis(void);

/* Sets the page from --size text: WIDTHxHEIGHT in pixels (64 to 20000) or a preset: slide
 * (1920x1080), slide43 (1440x1080), square (1080x1080) in pixels; a4, a4-landscape in points.
 * Fails with G_OPTION_ERROR_BAD_VALUE naming the text. */
gboolean fl_map_options_set_size(FlMapOptions *options, const char *text, GError **error);

/* Parses --bbox text "WEST,SOUTH,EAST,NORTH" (degrees) into extent. Fails with
 * G_OPTION_ERROR_BAD_VALUE when it is not four numbers, out of range, inverted, or narrower
 * than 0.01° (about 1 km) either way. */
gboolean fl_extent_parse(const char *text, double extent[4], GError **error);

typedef struct FlMap FlMap;

/* Prepares a map of theatre: projection, extent, base layers, place points, zones, fonts. The
 * base layers and zones come from options->cache_dir when it holds them for the same inputs
 * (the same map either way), and are kept there otherwise. The theatre must outlive it; the map
 * does not change after. Fails when the style's [factions] names a faction the theatre lacks
 * (FL_STYLE_ERROR), the projection or extent does not work (FL_RENDER_ERROR_OPTION when they
 * come from the options), or the base map cannot be read. Caller frees with fl_map_free(). */
FlMap *fl_map_new(const FlTheatre *theatre, const FlMapOptions *options, GError **error);
void fl_map_free(FlMap *map);
/* The notes for the user fl_map_new() gathered (char *, one line each, without "warning:"): a
 * word of the map missing in its language. Borrowed until the map is freed. */
const GPtrArray *fl_map_warnings(const FlMap *map);

typedef struct FlPlan FlPlan;

/* What a plan prepares beyond the situations and the legend (flags). */
typedef enum {
  FL_PLAN_LABELS = 1 << 0,    /* the labels laid out: maps drawn in full on any surface */
  FL_PLAN_PICTURES = 1 << 1,  /* the pictures of the layers that do not change with the date,
                               * which a PNG page paints; from the map's cache when it holds
                               * them for this plan (then with no labels laid out, unless
                               * FL_PLAN_LABELS), else laid out, drawn and kept there */
} FlPlanParts;
#define FL_PLAN_ALL (FL_PLAN_LABELS | FL_PLAN_PICTURES)

/* Plans the maps of control on dates (n_dates of them, at least one, any order) as one series,
 * as batch does: the situation of each date; every label placed once, clear of the advance
 * arrows' heads of all these dates, so it stays at one place from map to map; one legend
 * listing what any of the maps shows, so it keeps one size and place; the map of each date
 * marks the places that changed hands since the series' previous date (the first since
 * [changes] days before it). A single map is a plan of one date. Everything is prepared here,
 * as parts asks; the plan does not change after. The map and control must outlive it. Fails
 * with FL_RENDER_ERROR_DRAW when a date is invalid or GEOS fails. Caller frees with
 * fl_plan_free(). */
FlPlan *fl_plan_new(const FlMap *map, const FlControl *control, const GDate *dates,
                    guint n_dates, FlPlanParts parts, GError **error);
void fl_plan_free(FlPlan *plan);
/* The notes for the user fl_plan_new() gathered (char *, one line each, without "warning:"): a
 * place the reports name whose point falls outside the map's frame or under the title, where
 * its label cannot be drawn. Never an error. Borrowed until the plan is freed. */
const GPtrArray *fl_plan_warnings(const FlPlan *plan);

/* Draws the map of date, a date of plan (made for map), into path (format from its
 * extension): a PNG paints the plan's pictures when it has them, else the plan must have its
 * labels (FL_PLAN_LABELS). reports (a GPtrArray of FlReport*, may be NULL) are listed in the
 * credits. The same input gives the same bytes: the PDF's dates are the map's date, SVG ids
 * are numbered per file. The PDF carries the title and the sources as metadata, the PNG as
 * Title and Source text chunks. Fails with FL_RENDER_ERROR_DRAW when the plan lacks date. */
gboolean fl_map_render(const FlMap *map, const FlPlan *plan, const GPtrArray *reports,
                       const GDate *date, const char *path, GError **error);

/* A digest (SHA-256, hex) of what the map of date, a date of plan (made for map), shows beyond
 * what the map itself fixes (theatre, style, page, projection): the date; each place's mark
 * (holder, status, confidence, since, what it rests on, whether it changed hands) and the
 * arrows; the labels' layout and the furniture's room; what the legend lists; the reports up
 * to date that the credits name. Two plans of one map that give a date the same digest draw it
 * alike in every format, byte for byte: batch redraws only the dates whose digest changed, so
 * a report added in the middle of a series redraws the maps from its events on, unless it
 * moves a label or adds a row to the legend of every map. Newly allocated, g_free(); NULL when
 * the plan lacks date. */
char *fl_map_date_digest(const FlMap *map, const FlPlan *plan, const GPtrArray *reports,
                         const GDate *date);

/* Where lon/lat (degrees) falls on the page, in page units (FlMapOptions.unit) from the
 * top-left corner; a PNG of a paper page has dpi / 72 pixels per unit. FALSE when PROJ cannot
 * project it. */
gboolean fl_map_project(const FlMap *map, double lon, double lat, double *x, double *y);

/* One connected region of a faction's ground on a map: what the zones layer fills in its
 * colour, held, contested or besieged. */
typedef struct {
  gint faction;         /* index into theatre->factions */
  double area_km2;      /* at the scale of the map's centre */
  gint main_place;      /* the most important theatre place inside it that the faction holds
                         * (a seat before a town, then the most populous), or -1 */
  guint n_places;       /* the theatre places inside it that the faction holds */
} FlRegion;

/* The regions of every faction's ground that the map of date, a date of plan, draws: by
 * faction (the theatre's order), largest first. Returns a GArray of FlRegion owned by the
 * caller. Fails with FL_RENDER_ERROR_DRAW when the plan lacks date or GEOS fails. */
GArray *fl_map_regions(const FlMap *map, const FlPlan *plan, const GDate *date, GError **error);

/* The same as a TSV table appended to out, with a header row: date, faction (its id),
 * area_km2 (whole km²), places, main_place (its id, or empty). */
gboolean fl_map_write_regions(const FlMap *map, const FlPlan *plan, const GDate *date,
                              GString *out, GError **error);

/* ---- drawing on a Cairo context: what batch's deck, animation and sheet use ---- */

typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;

/* The page's width and height in page units (FlMapOptions.unit). */
void fl_map_page_size(const FlMap *map, int *width, int *height);
/* The PNG map's width and height in pixels, and the scale from page units to them. */
void fl_map_png_size(const FlMap *map, int *width, int *height, double *scale);
/* The map's title: the style's, or the theatre's name in the labels' language. Borrowed from
 * the map. */
const char *fl_map_title(const FlMap *map);
/* "Situation au 7 décembre 2024" in the map's language. Newly allocated; g_free(). */
char *fl_map_date_line(const FlMap *map, const GDate *date);
/* Draws the map of date, a date of plan, on cr (a page of fl_map_page_size()), with the plan's
 * situation, legend and layout; a PNG-sized image surface gets the plan's pictures when it has
 * them. Fails with FL_RENDER_ERROR_DRAW when the plan lacks date, when it has neither labels
 * nor (for this surface) pictures, or when drawing fails. */
gboolean fl_map_draw(const FlMap *map, const FlPlan *plan, cairo_t *cr,
                     const GPtrArray *reports, const GDate *date, GError **error);
/* A deck's title page on cr: the title, the dates from first to last, the reports (a GPtrArray
 * of FlReport*, may be NULL) and the credits. */
void fl_map_draw_title_page(const FlMap *map, cairo_t *cr, const GPtrArray *reports,
                            const GDate *first, const GDate *last);
/* One line of text (a date over a small map) in the map's font, width wide at x, y. */
void fl_map_draw_caption(const FlMap *map, cairo_t *cr, const char *text, double x, double y,
                         double width);
/* Sets a PDF surface's title, subject (may be NULL), creator and both dates (the day iso_date,
 * so that the same input gives the same file). */
void fl_pdf_set_metadata(cairo_surface_t *surface, const char *title, const char *subject,
                         const char *iso_date);

G_END_DECLS

#endif
