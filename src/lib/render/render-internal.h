/* render-internal.h - the private structs shared by the render stage's files.
 *
 * The stage has two objects. A map (struct FlMap) is the date-independent base: projection,
 * base layers, place points, zones' geometry, fonts; fl_map_new() makes it (or reads it from
 * the cache) and nothing changes it after. A plan (struct FlPlan) is everything that depends on
 * the dates drawn: each date's situation, the series' legend, the arrow heads, the labels'
 * layout (FlLayout: labels, shields, area labels, the furniture's room, what the layout fixed)
 * and the pictures of a PNG page; fl_plan_new() makes it whole, drawing only reads it. Every
 * draw, render and regions call takes both, so output never depends on call history.
 *
 *   gis.c      the module of every GDAL/OGR and PROJ call (gis-module.c), opened when needed
 *   project.c  PROJ: lon/lat -> projected metres -> page units, and the fit of the extent
 *   basemap.c  OGR: base layers read once, clipped, projected into page-unit arrays
 *   zones.c    GEOS: the ground each faction holds on a date and the front line between them
 *              (with zones-geometry.c, zones-areas.c, zones-cache.c, situation.c, regions.c,
 *              zones-draw.c: see zones-internal.h)
 *   arrows.c   the recent advances, as curved arrows from the ground held to the places taken
 *   plan.c     a series of dates planned as one: situations, one legend, the arrow heads, then
 *              the layout and the pictures (from the cache, or made by the files below)
 *   labels.c   the labels' layout, in the furniture's room left free (furniture-room.c)
 *   pictures.c the layers that do not change with the date, drawn once per plan for PNG pages
 *   draw.c     Cairo/Pango: the list of layers, with a sticky error; the files it draws with
 *              (map-words.c, draw-common.c, furniture.c, legend.c, draw-layers.c, items.c,
 *              deck.c) share draw-internal.h with labels.c, furniture-room.c and pictures.c
 *   svg.c      SVG pages: a group per layer and live text (svg-text.c; see svg.h)
 *   raster.c   page-sized pictures kept compact
 *   cache.c    what a map prepares, and the pictures of its last PNG plan, kept between runs
 *              (FlMapOptions.cache_dir)
 *   png.c      PNG files from Cairo's pixels
 *   vector-output.c  PDF and SVG files written the fast way: Cairo's deflate level and number
 *              printing (stream.h)
 *   render.c   the public API: options, map lifetime, surfaces, atomic output
 *   quarks.c   the error domains, in a file that calls no other
 *
 * fl_map_render() touches neither OGR nor PROJ, and of GEOS nothing: the plan holds each
 * date's front line. */
#ifndef FL_RENDER_INTERNAL_H
#define FL_RENDER_INTERNAL_H

#include <frontline/render.h>

#include <cairo.h>
#include <geos_c.h>
#include <pango/pangocairo.h>

#include "gis.h"

G_BEGIN_DECLS

/* A point on the page: x to the right, y down, in pixels (PNG) or points (SVG, PDF). */
typedef struct {
  double x, y;
} FlPagePoint;

typedef struct {
  double x, y, width, height;
} FlRect;

/* One run of points of a shape: a polygon ring or a line. */
typedef struct {
  guint first, n;   /* into FlShapes.points */
} FlPart;

/* One feature: its parts and one integer attribute (a level, or 1 for the theatre's country). */
typedef struct {
  guint first_part, n_parts;  /* into FlShapes.parts */
  gint attr;
} FlShape;

/* A base layer held in page units. Owns its three arrays; fl_shapes_clear() frees them. */
typedef struct {
  GArray *points;   /* FlPagePoint */
  GArray *parts;    /* FlPart */
  GArray *shapes;   /* FlShape */
} FlShapes;

typedef enum {
  FL_LAYER_SEA,
  FL_LAYER_LAND,
  FL_LAYER_COUNTRIES,    /* attr: 1 for the theatre's country, else 0 */
  FL_LAYER_LAKES,
  FL_LAYER_RESERVOIRS,
  FL_LAYER_RIVERS,       /* attr: WDBII level */
  FL_LAYER_BORDERS,      /* attr: 1 where the line is the theatre country's border, else 0 */
  FL_LAYER_CEASEFIRE,
  FL_LAYER_LOCATOR,      /* countries of the locator map's wide ground; attr as COUNTRIES */
  FL_N_LAYERS
} FlLayerId;

/* The projection and the fit of the theatre's extent into the page. */
typedef struct {
  char *definition;      /* owned: the PROJ string or CRS name */
  const FlGis *gis;      /* the GIS module, once to_map is made */
  FlGisProjection *to_map;  /* owned: lon/lat degrees -> projected metres; made on first use */
  gboolean refused;      /* to_map could not be made */
  GMutex lock;           /* guards to_map and its use: a const map projects from any thread */
  double scale;          /* page units per projected metre */
  double x0, y0;         /* page = ((x - x0) * scale, (y0 - y) * scale) */
  double px_per_km;      /* page units per kilometre on the ground at the extent's centre */
} FlProjection;

/* The date-independent part of the zones (zones.c): the country cut into each theatre place's
 * ground (Voronoi cells parted by the rivers the theatre names, settled and open ground apart)
 * and the ground of the baseline zones where no place stands, and the lines between them; the
 * occupied ground and the deconfliction zones drawn apart. Opaque. */
typedef struct FlZones FlZones;
/* The zones' first steps, made while the base map is read (zones.c). Opaque. */
typedef struct FlZonesStart FlZonesStart;

/* An area the map draws apart (zones-draw.c, draw.c): an occupied area, a deconfliction
 * zone, and where its name goes. */
typedef struct {
  guint area;                 /* index into theatre->areas */
  FlPagePoint label_at;       /* the centre of its name, in its ground; NAN when it has none */
  double label_width;         /* page units: how wide its ground is round label_at */
} FlAreaMark;

/* A label placed once for every date. */
typedef struct {
  guint place;           /* index into theatre->places */
  PangoLayout *layout;   /* owned */
  double x, y;           /* top-left of the layout on the page */
  double angle;          /* radians, about the layout's centre: a river's name follows it */
  gboolean leader;       /* set away from its dot: a thin line joins them */
  FlPagePoint leader_from, leader_to;
} FlLabel;

/* cache.c: where a map's prepared parts are kept, and the digests of what they are made
 * from. */
typedef struct {
  char *path;            /* owned: the cache file of the map */
  char *plan_path;       /* owned: the cache file of its last plan's pictures and layout */
  char *labels_path;     /* owned: that of its last plan's labels laid out for a full page */
  char *definition;      /* owned: the projection */
  guint8 base[32];       /* SHA-256 of what the projection's fit, frame and layers depend on */
  guint8 zones[32];      /* of what the place points and zones depend on (base included) */
} FlCacheKey;

/* A page-sized picture kept compact (raster.c). */
typedef struct FlRaster FlRaster;

/* The layers that do not change with the date, drawn once as page-sized pictures for PNG
 * maps: under the zones (page, sea, land, water), over them (rivers, borders, roads), the labels
 * with the scale bar and the locator map, and the legend (the plan's, the same on every date). */
typedef enum {
  FL_CACHE_UNDER,
  FL_CACHE_OVER,
  FL_CACHE_LABELS,
  FL_CACHE_LEGEND,
  FL_N_CACHES
} FlCacheId;

typedef struct FlLegend FlLegend;
typedef struct MapWords MapWords;

struct FlMap {
  const FlTheatre *theatre;   /* borrowed: outlives the map */
  int width, height;          /* the page in page units: pixels or points (FlMapOptions.unit) */
  int png_width, png_height;  /* the page in PNG pixels */
  double png_scale;           /* PNG pixels per page unit */
  double unit;                /* size of one "pixel at 1920x1080" on this page */
  FlStyle *style;             /* owned */
  guint32 *faction_colors;    /* owned, per faction: 0xRRGGBB, the style's or the theatre's */
  char *lang;                 /* owned: the language of labels and furniture ("fr") */
  char *other_lang;           /* owned: a second label language ("ar" of "fr+ar"), or NULL */
  char *title;                /* owned */
  FlProjection projection;
  FlRect frame;               /* the part of the page the base map covers */
  FlShapes layers[FL_N_LAYERS];
  FlPagePoint *place_xy;      /* owned, per place; NAN when it could not be projected */
  PangoContext *pango;        /* owned; fixed font options so every format lays out alike */
  GDate known_on;             /* the reports known on this day only, or invalid (cleared) */
  FlRect inset_view;          /* the ground it shows, in page units of the map */
  FlZones *zones;             /* owned */
  FlZonesStart *zones_start;  /* owned: the zones' first steps until fl_zones_new() takes them */
  FlCacheKey *cache_key;      /* owned: where the map is kept (FlMapOptions.cache_dir), or NULL */
  MapWords *words;            /* owned: the furniture's words in lang (map-words.c) */
  GPtrArray *warnings;        /* owned: notes for the user (char *), see fl_map_warnings() */
  /* the pictures under and over the zones (FlMapOptions.png), drawn by base_thread, which
   * fl_map_base_picture() joins */
  GThread *base_thread;
  GMutex base_lock;
  FlRaster *base_pictures[2];
  cairo_surface_t *page;      /* owned, or NULL: the page they were drawn on, which the plan's
                               * pictures draw on next and a PNG page takes (8 MB of fresh
                               * memory cost a cold map 2 ms of page faults each time) */
};

/* What a legend lists (draw.c): what one map, or any map of a series, shows. */
struct FlLegend {
  gboolean *faction;          /* owned, per faction: some of its places are marked */
  gboolean *zoned;            /* owned, per faction: some of its ground is filled */
  gboolean status[FL_STATUS_ABANDONED + 1];
  gboolean claimed, nobody, contested_ground, front, arrows, changes, roads;
  gboolean inferred, stale;   /* marks of inferred and stale states */
  gboolean open, occupied, deconfliction;   /* open ground, areas drawn apart */
};

/* Where a plan's labels and furniture go (labels.c, furniture-room.c): the same on every date
 * of the plan. */
typedef struct {
  GArray *labels;             /* FlLabel, with owned layouts */
  GArray *shields;            /* FlLabel of the roads' numbers: place is the road's index */
  GArray *area_labels;        /* FlLabel of the names of the areas drawn apart (occupied,
                               * deconfliction): place is the area's index */
  GArray *fixed;              /* FlItem: what the layout fixed (labels, shields, dots,
                               * furniture), or NULL until laid out or restored */
  FlRect title_box, legend_box, scale_box, credits_box;  /* furniture room, free of labels */
  FlRect inset_box;           /* the locator map on the page, or width 0: none */
  double legend_scale;        /* the legend's text and rows: LEGEND_SIZE and LEGEND_ROW times */
  int legend_columns;         /* the legend's columns: 1 or 2 */
} FlLayout;

/* A series of dates planned as one (plan.c): made whole by fl_plan_new(), then only read. */
struct FlPlan {
  const FlMap *map;           /* borrowed: the map it was made for */
  const FlControl *control;   /* borrowed: the control it was made of */
  FlPlanParts parts;          /* what it was asked to prepare */
  GHashTable *situations;     /* owned: julian day -> FlSituation* */
  FlLegend *legend;           /* owned: what any map of the series shows */
  GArray *heads;              /* owned: FlRect, the arrow heads of every date */
  guint8 *story;              /* owned, per place: FlStory on the last date */
  GPtrArray *warnings;        /* owned: notes for the user (char *), see fl_plan_warnings() */
  gboolean labelled;          /* the layout's labels are placed: any surface can be drawn */
  gboolean pictures_cached;   /* the pictures came from the cache */
  FlLayout layout;
  FlRaster *pictures[FL_N_CACHES];  /* owned, or NULL: none (not asked for, or failed) */
  struct FlPngSeries *png_series;  /* owned, or NULL (a plan of one date): the last PNG drawn */
};

/* One advance (arrows.c): an axis of a faction's captures, a smooth curve from the ground it
 * held before through the places it took, in order, to the latest one. */
#define FL_ARROW_POINTS 65    /* the curve's points, evenly spaced from tail to head */
#define FL_ARROW_STEPS 6      /* the dated steps an arrow carries at most */
typedef struct {
  guint place;                /* the place taken */
  GDate date;                 /* the day it was taken */
  double t;                   /* where its date goes along the curve: 0 tail, 1 head */
} FlArrowStep;
typedef struct {
  gint faction;               /* the faction that advanced */
  guint origin, target;       /* places: where the axis started from, the latest it took */
  GDate first, date;          /* the days of its first and latest captures */
  guint n_captures;           /* the places it took along the axis */
  FlConfidence confidence;    /* of the latest capture: claimed ones have a dashed outline */
                              /* (a claimed capture continues only claimed ones) */
  guint n_steps;
  FlArrowStep steps[FL_ARROW_STEPS];   /* the main steps, whose dates are shown */
  FlPagePoint points[FL_ARROW_POINTS]; /* the curve as drawn: it stops short of the dots */
} FlArrow;

/* What a map shows of one date beyond the place marks (situation.c, arrows.c). */
typedef struct {
  const FlZones *zones;       /* borrowed from the map */
  const FlTheatre *theatre;   /* borrowed from the map */
  FlPlaceState *states;       /* per place, on the date */
  FlBasis *bases;             /* per place: what its state rests on (reported, inferred, stale) */
  GDate since;                /* the date changes are counted from, or cleared: none */
  gboolean *changed;          /* per place: its holder differs from the one on since */
  guint n_factions;
  gint *site_holder;          /* per zone site: the faction whose ground it is, or -1 */
  gboolean *site_contested;   /* per zone site: contested or besieged */
  GEOSGeometry *front;        /* the front lines, merged, or NULL */
  GArray *arrows;             /* FlArrow, in capture order */
} FlSituation;

/* project.c */
/* Fits extent {west, south, east, north} (degrees), projected with definition (a PROJ string
 * or CRS name), into a page of width x height. */
gboolean fl_projection_init(FlProjection *projection, const char *definition,
                            const double extent[4], int width, int height, GError **error);
/* The same projection as fl_projection_init() made with these figures: PROJ is not touched
 * until a point is projected. */
void fl_projection_restore(FlProjection *projection, const char *definition, double scale,
                           double x0, double y0, double px_per_km);
void fl_projection_clear(FlProjection *projection);
/* Projects n interleaved lon/lat pairs in place into page units; points PROJ cannot project
 * become NAN. */
void fl_projection_apply(const FlProjection *projection, double *xy, gsize n);
/* Projects n interleaved page points in place back to lon/lat degrees; points PROJ cannot
 * project back become NAN. */
void fl_projection_invert(const FlProjection *projection, double *xy, gsize n);
/* The page point of one lon/lat. */
FlPagePoint fl_projection_point(const FlProjection *projection, double lon, double lat);
/* The lon/lat box {west, south, east, north} of a page rectangle (edges sampled densely). */
void fl_projection_lonlat_bounds(const FlProjection *projection, const FlRect *rect,
                                 double bounds[4]);

/* project-grid.c */
/* Many points of one lon/lat box projected through a grid whose nodes PROJ projects. */
typedef struct FlProjectionGrid FlProjectionGrid;
/* The grid over bounds {west, south, east, north}, or NULL when it would stray from PROJ (by a
 * thousandth of a page unit) or PROJ fails at a node: project point by point then. */
FlProjectionGrid *fl_projection_grid_new(const FlProjection *projection, const double bounds[4]);
/* As fl_projection_apply(), each point inside the grid's box interpolated, any other one
 * projected by PROJ. */
void fl_projection_grid_apply(const FlProjectionGrid *grid, const FlProjection *projection,
                              double *xy, gsize n);
void fl_projection_grid_free(FlProjectionGrid *grid);

/* basemap.c */
/* The theatre's base map, open for reading. */
typedef struct FlBasemap FlBasemap;
/* Opens the theatre's base map and frames the map on what it covers (map->frame, the
 * projection's offset, map->inset_view): the place points may be projected then. NULL, failing
 * with FL_RENDER_ERROR_BASEMAP, when the file or a required layer is missing. */
FlBasemap *fl_basemap_open(FlMap *map, GError **error);
/* Reads base's layers into map (in page units), then closes base. FALSE, failing with
 * FL_RENDER_ERROR_BASEMAP, when a layer cannot be read. */
gboolean fl_basemap_read(FlMap *map, FlBasemap *base, GError **error);
/* Sets map->inset_view, the ground of the locator map, from the frame and the style. */
void fl_basemap_inset_view(FlMap *map);
void fl_shapes_clear(FlShapes *shapes);

/* cache.c */

typedef enum {
  FL_CACHED_NOTHING,
  FL_CACHED_BASE,        /* projection, frame and layers */
  FL_CACHED_ALL,         /* and the place points and zones */
} FlCached;

/* The key of map (page and theatre set) under folder dir, for the projection definition and
 * extent {west, south, east, north}. FALSE when the base map cannot be looked at (the map is
 * then prepared without the cache). Clear with fl_cache_key_clear(). */
gboolean fl_cache_key_init(FlCacheKey *key, const FlMap *map, const char *dir,
                           const char *definition, const double extent[4]);
void fl_cache_key_clear(FlCacheKey *key);
/* Restores into map what the cache holds for key and says what; a missing, stale or damaged
 * file restores nothing. */
FlCached fl_cache_load(FlMap *map, const FlCacheKey *key);
/* Writes map's prepared parts (layers, place points, zones) for key, replacing the file
 * atomically; a failure only means no cache next time. */
void fl_cache_save(const FlMap *map, const FlCacheKey *key);
/* Adds size bytes of data to checksum, after their length, so that two runs of fields never
 * read alike; a string likewise (NULL as ""). */
void fl_digest_bytes(GChecksum *checksum, gconstpointer data, gsize size);
void fl_digest_string(GChecksum *checksum, const char *text);
#define FL_DIGEST_VALUE(checksum, value) fl_digest_bytes((checksum), &(value), sizeof(value))
/* The digest of what the pictures of plan's PNG page and its layout are made from. */
void fl_cache_plan_digest(const FlPlan *plan, guint8 digest[32]);
/* Restores into plan the pictures of its PNG page, its furniture's room and what its layout
 * fixed, when its map's cache holds them for digest (fl_cache_plan_digest()). */
gboolean fl_cache_load_plan(FlPlan *plan, const guint8 digest[32]);
/* Keeps plan's pictures, furniture room and fixed items for digest, replacing the plan file
 * of its map's cache (one plan per map); a failure only means no cache next time. */
void fl_cache_save_plan(const FlPlan *plan, const guint8 digest[32]);
/* Restores into plan's layout its labels laid out, its furniture's room and what it fixed, when
 * its map's cache holds them for digest: a page drawn in full (SVG, PDF) lays out no label. */
gboolean fl_cache_load_labels(FlPlan *plan, const guint8 digest[32]);
/* Keeps plan's labels, furniture room and fixed items for digest, replacing the labels file of
 * its map's cache (one per map); a failure only means no cache next time. */
void fl_cache_save_labels(const FlPlan *plan, const guint8 digest[32]);

/* ---- cache-folder.c: the folder's bound ---- */

/* The default bound of the cache folder, in MiB ($FRONTLINE_CACHE_MAX changes it). */
#define FL_CACHE_MAX_MIB 512u
/* The bound in bytes: $FRONTLINE_CACHE_MAX MiB when it is a positive number, else the default. */
guint64 fl_cache_limit(void);
/* Removes the least recently used cache files of dir until it holds at most fl_cache_limit()
 * bytes; keep (the file just written, may be NULL) stays. */
void fl_cache_trim(const char *dir, const char *keep);
/* Marks the cache file at path as used now (its modification time). */
void fl_cache_touch(const char *path);

/* zones.c */
/* Starts preparing the zones of a map whose place points and frame are set, with what needs
 * nothing else (the sites, the settled area in a thread), while the base layers are read. */
FlZonesStart *fl_zones_start(const FlMap *map);
void fl_zones_start_free(FlZonesStart *start);
/* Prepares the zones of a map whose base layers, place points and frame are set, from start
 * (taken; NULL: started here). Fails with FL_RENDER_ERROR_DRAW when GEOS fails. Caller frees
 * with fl_zones_free(). */
FlZones *fl_zones_new(const FlMap *map, FlZonesStart *start, GError **error);
void fl_zones_free(FlZones *zones);
/* The areas the zones draw apart (GArray of FlAreaMark), borrowed from zones. */
const GArray *fl_zones_marks(const FlZones *zones);
/* Whether the zones draw occupied ground, and deconfliction zones' edges. */
void fl_zones_outside(const FlZones *zones, gboolean *occupied, gboolean *deconfliction);
/* zones-cache.c */
/* The zones as a value for the cache (floating reference), and back: NULL when saved is not
 * zones of this map's theatre (a damaged cache). */
GVariant *fl_zones_save(const FlZones *zones);
FlZones *fl_zones_restore(const FlMap *map, GVariant *saved);
/* situation.c */
/* The states, zones, front line and arrows of date, and the places whose holder changed since
 * since (NULL or not before date: none; a faction's places passing to its successor are no
 * change). Fails with FL_RENDER_ERROR_DRAW when GEOS fails. Caller frees with
 * fl_situation_free(); it borrows the map's zones. */
FlSituation *fl_situation_new(const FlMap *map, const FlControl *control, const GDate *date,
                              const GDate *since, GError **error);
void fl_situation_free(FlSituation *situation);
/* The faction whose zone covers page point p, or -1; *contested (may be NULL) tells whether p
 * is in its contested or besieged ground. */
gint fl_situation_zone_at(const FlSituation *situation, FlPagePoint p, gboolean *contested);
/* Whether the front line meets the segment from a to b. */
gboolean fl_situation_front_crosses(const FlSituation *situation, FlPagePoint a, FlPagePoint b);
/* Whether faction (any faction when -1) has ground on the map; *contested (may be NULL) tells
 * whether some of it is contested or besieged. */
gboolean fl_situation_faction_zoned(const FlSituation *situation, gint faction,
                                    gboolean *contested);
/* zones.c: the zones' GEOS context, their faces (GEOSGeometry* polygons in page units) and the site
 * of each face (guint, as FlSituation.site_holder counts them), borrowed from the zones. */
GEOSContextHandle_t fl_zones_faces(const FlZones *zones, const GPtrArray **faces,
                                   const GArray **face_site);
/* Whether some open ground (beyond every place's reach) has a holder. */
gboolean fl_situation_open_zoned(const FlSituation *situation);
/* regions.c */
/* The regions of situation's ground (see fl_map_regions()). */
GArray *fl_situation_regions(const FlMap *map, const FlSituation *situation, GError **error);

/* zones-draw.c */
/* The zones (open ground lighter, hatched where contested or besieged) with the occupied
 * ground and the deconfliction zones' edges, under the places; the front line. */
void fl_zones_draw(cairo_t *cr, const FlMap *map, const FlSituation *situation);
void fl_front_draw(cairo_t *cr, const FlMap *map, const FlSituation *situation);
/* Legend samples: a zone swatch, a stretch of front line. */
typedef enum {
  FL_SWATCH_HELD,           /* a faction's ground, in its colour */
  FL_SWATCH_CONTESTED,      /* contested or besieged ground: hatched */
  FL_SWATCH_OPEN,           /* open ground: lighter */
  FL_SWATCH_OCCUPIED,       /* occupied ground, in [zones] outside */
  FL_SWATCH_DECONFLICTION,  /* a deconfliction zone's edge, in [zones] outside */
} FlSwatch;
void fl_zones_draw_swatch(cairo_t *cr, const FlMap *map, double x, double y, double width,
                          double height, guint32 color, FlSwatch swatch);
void fl_front_draw_sample(cairo_t *cr, const FlMap *map, double x0, double x1, double y);

/* arrows.c */
/* A capture, for the grouping into axes: a faction took the place at page point at, coming
 * from page point from (its ground before: NAN when it had none near), claimed or not. */
typedef struct {
  gint faction;
  FlPagePoint from, at;
  GDate date;
  gboolean claimed;
} FlCapture;
/* What makes an axis ([arrows] axis_km, axis_turn, axis_days of the style). */
typedef struct {
  double step;                /* page units: the farthest a next capture is from the last one */
  double turn;                /* degrees: the most its bearing turns from the axis's last leg */
  guint days;                 /* the most days between two successive captures */
} FlAxisRule;
#define FL_NO_AXIS G_MAXUINT
/* Groups captures (n of them, in capture order) into axes (README "The map", Arrows): fills
 * axis[i] with the axis of capture i, numbered in the order they start, or FL_NO_AXIS for a
 * capture that continues no axis and has no start. Returns the number of axes. */
guint fl_arrow_axes(const FlCapture *captures, guint n, const FlAxisRule *rule, guint *axis);
/* The days of captures the arrows show, up to and including the map's date ([arrows] days). */
int fl_arrow_days(const FlMap *map);
/* The arrows of the captures in the days up to date (states: per place on date). Returns a
 * GArray of FlArrow owned by the caller. */
GArray *fl_arrows_new(const FlMap *map, const FlControl *control, const GDate *date,
                      const FlPlaceState *states);
void fl_arrows_draw(cairo_t *cr, const FlMap *map, const FlSituation *situation);
/* A legend sample: an arrow from x0 to x1 at y. */
void fl_arrows_draw_sample(cairo_t *cr, const FlMap *map, double x0, double x1, double y,
                           guint32 color);
/* The point of an arrow's curve at t (0 at the tail, 1 at the head) and, when normal is not
 * NULL, the unit normal to the left of the way there. */
FlPagePoint fl_arrow_point(const FlArrow *arrow, double t, FlPagePoint *normal);
/* The length of an arrow's curve, in page units. */
double fl_arrow_length(const FlArrow *arrow);
/* The box an arrow's head (with its halo) covers on the page. */
FlRect fl_arrow_head_box(const FlMap *map, const FlArrow *arrow);

/* raster.c */
/* The picture in an ARGB32 image surface (its pixels are read, the surface kept by the
 * caller). Caller frees with fl_raster_free(). */
FlRaster *fl_raster_new(cairo_surface_t *image);
/* The rows of top, then those of bottom (of the same width), as one picture; frees both. */
FlRaster *fl_raster_join(FlRaster *top, FlRaster *bottom);
/* Another picture of the same pixels (sharing them). */
FlRaster *fl_raster_copy(const FlRaster *raster);
/* A picture of width x height from the words of fl_raster_words(); NULL when they are not one
 * (a damaged cache). Keeps a reference to words. */
FlRaster *fl_raster_restore(GBytes *words, int width, int height);
/* The picture's words, borrowed: what fl_raster_restore() takes back. */
GBytes *fl_raster_words(const FlRaster *raster);
void fl_raster_free(FlRaster *raster);
/* Paints the picture over target, an RGB24 or ARGB32 image surface of its size, pixel for
 * pixel, or of its width and some of its rows: those from the one the surface's device offset
 * puts at its top (a part of a page, drawn by a thread of its own). */
void fl_raster_paint(const FlRaster *raster, cairo_surface_t *target);

/* A new image surface, as cairo_image_surface_create() makes, whose page-sized pixels come in
 * huge pages where the system has them. */
cairo_surface_t *fl_image_surface_new(cairo_format_t format, int width, int height);
/* A surface over rows first..first + rows of page, an image surface of 4-byte pixels, read as
 * format (ARGB32 or RGB24), which keeps page alive: its device offset puts what is drawn on it
 * where it would go on page (a part of a page that a thread of its own draws). */
cairo_surface_t *fl_image_surface_rows(cairo_surface_t *page, cairo_format_t format, int first,
                                       int rows);

/* png.c */
/* What a series of PNGs keeps of its last one, so that the bands of rows that did not change
 * are not compressed again (see png.c). Owned by a plan of several dates. */
typedef struct FlPngSeries FlPngSeries;

/* A new, empty series memory; free it with fl_png_series_free() (which accepts NULL). */
FlPngSeries *fl_png_series_new(void);
void fl_png_series_free(FlPngSeries *series);
/* A page for the series' next PNG, owned by the caller: the surface of the last one, every
 * pixel cleared, when it has that format and size (a page-sized surface costs about 2,000 page
 * faults anew), else a new one. fl_png_series_keep_page() hands it back for the next (the
 * series takes a reference when it holds none). */
cairo_surface_t *fl_png_series_page(FlPngSeries *series, cairo_format_t format, int width,
                                    int height);
void fl_png_series_keep_page(FlPngSeries *series, cairo_surface_t *page);

/* Writes the image surface (RGB24: an RGB PNG; ARGB32: RGBA) into file with the text chunks of
 * texts, keyword and text pairs ending with NULL; file is flushed. With series (or NULL), the
 * PNG is written in bands and series remembers them for the next. The surface's pixels are
 * spent: an RGB PNG's rows may be packed over them. Fails with FL_RENDER_ERROR_OUTPUT naming
 * path when it cannot be written. */
gboolean fl_png_write(cairo_surface_t *surface, FlPngSeries *series, FILE *file,
                      const char *const *texts, const char *path, GError **error);

/* map-words.c */
/* Reads the map's words in map->lang: map-<lang>.tsv of the theatre's lexicon folder over
 * map-en.tsv, then theatre.ini's [words]. A word missing in the language is the English one and
 * adds a warning to map->warnings; a malformed file or an unknown key fails with
 * FL_RENDER_ERROR_WORDS naming file:line. */
gboolean fl_map_words_load(FlMap *map, GError **error);
void fl_map_words_free(MapWords *words);
/* Every word of the map, one "key<TAB>text" line each (what a cached layout depends on). Newly
 * allocated; g_free(). */
char *fl_map_words_text(const FlMap *map);
/* "Situation au 7 décembre 2024" in the map's language. Newly allocated; g_free(). */
char *fl_draw_date_line(const FlMap *map, const GDate *date);
/* "AFP 2024-12-07, Reuters 2024-12-08": the reports published by date (reports may be NULL).
 * Newly allocated; g_free(). */
char *fl_reports_line(const GPtrArray *reports, const GDate *date);

/* draw-common.c */
/* The map's Pango context, with fixed font options. */
void fl_draw_prepare(FlMap *map);

/* labels.c */
/* Reserves the furniture's room for the plan's legend and places the labels clear of the
 * plan's arrow heads: greedily, best place first, each at the first of 8 positions around its
 * dot where it covers no other label, no dot, no furniture and no arrow head; what does not
 * fit is dropped. With furnished, the room is plan->layout's already (restored). */
void fl_labels_lay_out(FlPlan *plan, gboolean furnished);
void fl_layout_clear(FlLayout *layout);
/* What the story of the plan's last date says of each place, whose labels come first. */
typedef enum {
  FL_STORY_NONE,
  FL_STORY_CHANGED,   /* it changed hands after the baseline (inferred too) */
  FL_STORY_TOLD,      /* a report tells of it (fl_control_told) */
} FlStory;
/* Per place, its part in the story of the last of dates (n_dates of them, at least one) in
 * control. Newly allocated (g_free). */
guint8 *fl_labels_story(const FlMap *map, const FlControl *control, const GDate *dates,
                        guint n_dates);
/* An empty legend for map; fl_legend_add() adds what a situation shows. */
FlLegend *fl_legend_new(const FlMap *map);
void fl_legend_add(FlLegend *legend, const FlMap *map, const FlSituation *situation);
void fl_legend_free(FlLegend *legend);
/* What the legend lists, as a string for the cache's digests. Newly allocated; g_free(). */
char *fl_legend_key(const FlMap *map, const FlLegend *legend);

/* pictures.c */
/* Starts drawing map's pictures under and over the zones (FL_CACHE_UNDER, FL_CACHE_OVER) in
 * a thread of its own: they need the base layers and the places' points only. */
void fl_pictures_begin_base(FlMap *map);
/* The map's picture id (FL_CACHE_UNDER or FL_CACHE_OVER) fl_pictures_begin_base() drew,
 * waiting for it; NULL when none was drawn (or drawing failed). Borrowed. */
const FlRaster *fl_map_base_picture(const FlMap *map, FlCacheId id);
/* The page fl_pictures_begin_base() drew on, for a PNG page to be drawn on, once (the
 * caller's: cairo_surface_destroy()), or NULL. Its pixels are as the pictures left them. */
cairo_surface_t *fl_map_take_page(const FlMap *map);
/* Frees what fl_pictures_begin_base() made, waiting for its thread. */
void fl_pictures_end_base(FlMap *map);
/* Draws the layers that do not change with the date as PNG-page pictures into plan->pictures,
 * for its layout (laid out), in two threads. Leaves them all NULL when drawing one fails: every
 * map is then drawn in full, as SVG and PDF are. */
void fl_pictures_draw(FlPlan *plan);
/* Whether plan's legend is the same on every date of it, and so one of its pictures: it has no
 * row of changes, or one date. *changes (when not NULL) is then the situation whose changes it
 * counts, or NULL. */
gboolean fl_pictures_legend(const FlPlan *plan, const FlSituation **changes);

/* What a map shows where, to check the placement (tests): each label's ink, each place's dot,
 * the furniture's room, the arrow heads of situation (may be NULL). */
typedef enum {
  FL_ITEM_LABEL,
  FL_ITEM_MARK,
  FL_ITEM_FURNITURE,
  FL_ITEM_ARROW_HEAD,
  FL_ITEM_ARROW_DATE,   /* an arrow's date, placed per date where it covers nothing */
} FlItemKind;
typedef struct {
  FlItemKind kind;
  gint place;     /* the place of a label, mark or arrow head (its target), or -1 */
  FlRect box;
} FlItem;
/* Returns a GArray of FlItem owned by the caller. */
GArray *fl_draw_items(const FlPlan *plan, const FlSituation *situation);

/* plan.c */
/* The situation of date in plan, or NULL when the plan lacks date. Borrowed from the plan. */
const FlSituation *fl_plan_situation(const FlPlan *plan, const GDate *date);

G_END_DECLS

#endif
