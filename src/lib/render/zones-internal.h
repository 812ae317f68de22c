/* zones-internal.h - the prepared zones (struct FlZones) and what their files share.
 *
 *   zones-geometry.c  GEOS helpers: collections, overlays, segments, a base layer as an area
 *   zones-areas.c     the theatre's baseline zones on the page while the ground is prepared
 *   zones-settled.c   the zones' first steps while the base map is read: sites, settled area
 *   zones.c           the ground, prepared once per map: sites, settled and open ground,
 *                     faces, pieces
 *   zones-cache.c     the prepared zones kept in the cache and read back
 *   situation.c       one date: each site's holder, the front line, what covers a point
 *   regions.c         one date: each faction's ground as connected regions, with their areas
 *   zones-draw.c      the zones and the front line on the page, and their legend samples
 *
 * Each file calls only the files listed above it. */
#ifndef FL_ZONES_INTERNAL_H
#define FL_ZONES_INTERNAL_H

#include "render-internal.h"

G_BEGIN_DECLS

/* Where a face or a side of a line belongs to no unit (outside the ground, or no one's). */
#define FL_ZONES_NONE G_MAXUINT

/* A few consecutive points of a barrier river and their box. */
typedef struct {
  guint first, n;
  double x0, y0, x1, y1;
} FlRun;

#define FL_RUN_POINTS 17   /* 16 segments per run */

/* The ground's units: each site's settled ground (unit s, 0 to n_sites - 1), each site's open
 * ground (n_sites + s), then the ground of each theatre area no place stands in
 * (2 * n_sites + area), which keeps the area's faction. A date gives each unit a holder
 * (FlSituation.site_holder). */
#define FL_ZONES_NEXT 4   /* the sites a site's open ground passes to when no one holds it */
struct FlZones {
  GEOSContextHandle_t geos;   /* owned; every geometry below belongs to it */
  char geos_message[200];     /* the last GEOS error */
  guint n_sites;
  FlPagePoint *site_xy;       /* per site */
  guint *site_place;          /* per site: the place that speaks for it (the most important) */
  guint *site_next;           /* per site, FL_ZONES_NEXT sites of its zone, nearest first (or
                               * FL_ZONES_NONE): the first held has its open ground when no one
                               * holds it */
  guint n_units;              /* 2 * n_sites + the theatre's areas */
  gboolean *site_has_ground;  /* per unit: whether it has a face */
  GPtrArray *faces;           /* GEOSGeometry* polygons, normalized */
  GArray *face_site;          /* guint per face: its unit */
  double *face_box;           /* per face: its box x0, y0, x1, y1 (a point's face is looked up) */
  GPtrArray *pieces;          /* GEOSGeometry* lines between the faces of two units */
  GArray *piece_sites;        /* guint, two per piece: the units on either side */
  GEOSGeometry *occupied;     /* the ground of the occupied areas, or NULL */
  GPtrArray *outlines;        /* GEOSGeometry*: each deconfliction zone's edge on the ground */
  GArray *marks;              /* FlAreaMark: the areas drawn apart */
  /* while the zones are prepared (fl_zones_new), NULL otherwise */
  GArray *barrier_points;     /* FlPagePoint: the rivers that part the ground */
  GArray *barrier_runs;       /* FlRun: short runs of barrier_points with their boxes */
};

/* zones-geometry.c */
/* The GEOS error handler: keeps message in zones->geos_message (user_data is the zones). */
void fl_zones_keep_geos_message(const char *message, void *user_data);
/* Destroys every geometry of geometries, then the array (either may be NULL). */
void fl_geos_destroy_all(GEOSContextHandle_t geos, GPtrArray *geometries);
/* A collection of the geometries (a GPtrArray, emptied: the collection owns them now). */
GEOSGeometry *fl_geos_collect(GEOSContextHandle_t geos, int type, GPtrArray *geometries);
/* Adds every polygon (line) of a geometry, whatever its nesting, to polygons (lines), cloned. */
void fl_geos_add_polygons(GEOSContextHandle_t geos, const GEOSGeometry *geometry,
                          GPtrArray *polygons);
void fl_geos_add_lines(GEOSContextHandle_t geos, const GEOSGeometry *geometry, GPtrArray *lines);
/* The polygons of a geometry as one multipolygon, without the lines and points an overlay may
 * leave along edges. Destroys geometry; NULL when it is NULL. */
GEOSGeometry *fl_geos_only_polygons(GEOSContextHandle_t geos, GEOSGeometry *geometry);
/* The points of a line or ring as x, y pairs, *n of them. Newly allocated; g_free(). */
double *fl_geos_coords(GEOSContextHandle_t geos, const GEOSGeometry *line, guint *n);
/* The box of n points. */
void fl_geos_points_box(const FlPagePoint *pts, guint n, double *x0, double *y0, double *x1,
                        double *y1);
/* A line from a to b. */
GEOSGeometry *fl_geos_segment(GEOSContextHandle_t geos, FlPagePoint a, FlPagePoint b);
/* The union of two areas (either may be NULL); takes both. */
GEOSGeometry *fl_geos_union(GEOSContextHandle_t geos, GEOSGeometry *a, GEOSGeometry *b);
/* Replaces *area by the overlay of it with other (GEOSIntersection_r, GEOSDifference_r),
 * keeping only polygons; destroys other (may be NULL: nothing to do). FALSE when GEOS fails. */
gboolean fl_geos_overlay(GEOSContextHandle_t geos, GEOSGeometry **area, GEOSGeometry *other,
                         GEOSGeometry *(*operation)(GEOSContextHandle_t, const GEOSGeometry *,
                                                    const GEOSGeometry *));
/* The rings of a base layer's shapes (those with attr, or all when attr is -1) as one area,
 * united as Cairo fills them (non-zero winding); only the rings whose box meets box (page
 * units {x0, y0, x1, y1}) when box is given, and that meet meets when it is given. NULL when
 * there is none. */
GEOSGeometry *fl_geos_layer_area(GEOSContextHandle_t geos, const FlShapes *shapes, gint attr,
                                 const double *box, const GEOSPreparedGeometry *meets);
/* An empty set of zones with its GEOS context, which fl_zones_free() frees. */
FlZones *fl_zones_alloc(void);

/* Whether unit is open ground (beyond every place's reach). */
#define FL_ZONES_OPEN(zones, unit) ((unit) >= (zones)->n_sites)

/* The faces' boxes, again (zones->face_box). */
void fl_zones_box_faces(FlZones *zones);

/* zones-areas.c */
/* The theatre's areas on the page while the zones are prepared. */
typedef struct {
  guint n;                               /* theatre->areas->len */
  GEOSGeometry **shape;                  /* per area: its polygon in page units, or NULL */
  const GEOSPreparedGeometry **prepared; /* per area, or NULL */
  guint *order;                          /* the areas, smallest first (the first holding a
                                          * point is its area) */
} FlAreaShapes;

/* Projects the theatre's areas of map into shapes (in zones' GEOS context). FALSE when GEOS
 * fails. Clear with fl_area_shapes_clear(), also on failure. */
gboolean fl_area_shapes_init(FlAreaShapes *shapes, const FlZones *zones, const FlMap *map);
void fl_area_shapes_clear(FlAreaShapes *shapes, GEOSContextHandle_t geos);
/* The area whose ground page point p is (the smallest holding it), or -1. */
gint fl_area_shapes_at(const FlAreaShapes *shapes, GEOSContextHandle_t geos, FlPagePoint p);
/* The union of the areas of kind (a new geometry), or NULL when there is none. */
GEOSGeometry *fl_area_shapes_union(const FlAreaShapes *shapes, GEOSContextHandle_t geos,
                                   const FlTheatre *theatre, FlAreaKind kind);
/* The marks of the areas drawn apart, in zones->outlines and zones->marks: each deconfliction
 * zone's edge on ground, and where each such area's label goes (occupied areas on
 * occupied_ground, the ground before them was taken out). */
void fl_area_shapes_mark(const FlAreaShapes *shapes, FlZones *zones, const FlMap *map,
                         const GEOSGeometry *ground, const GEOSGeometry *occupied_ground);

/* zones-settled.c (fl_zones_start() in render-internal.h) */
/* The zones start prepares, its sites found: start's until fl_zones_start_end(). */
FlZones *fl_zones_start_zones(const FlZonesStart *start);
/* The settled area start made (owned by the caller), its thread joined, or made now when none
 * could start; NULL when GEOS failed, its message kept in start's zones. */
GEOSGeometry *fl_zones_start_settled(FlZonesStart *start);
/* Ends start (its thread joined); its zones, sites found, go to the caller. */
FlZones *fl_zones_start_end(FlZonesStart *start);

G_END_DECLS

#endif
