/* zones-internal.h - the prepared zones (struct FlZones) and what their files share.
 *
 *   zones-geometry.c  GEOS helpers: collections, overlays, segments, a base layer as an area
 *   zones.c           the ground, prepared once per map: sites, settled area, faces, pieces
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

#define FL_ZONES_SIDE_OFFSET 0.05   /* page units: the sides of a line are looked at this far
                                     * off */

/* A few consecutive points of a barrier river and their box. */
typedef struct {
  guint first, n;
  double x0, y0, x1, y1;
} FlRun;

#define FL_RUN_POINTS 17   /* 16 segments per run */

struct FlZones {
  GEOSContextHandle_t geos;   /* owned; every geometry below belongs to it */
  char geos_message[200];     /* the last GEOS error */
  guint n_sites;
  FlPagePoint *site_xy;       /* per site */
  guint *site_place;          /* per site: the place that speaks for it (the most important) */
  gboolean *site_has_ground;  /* per site: whether it has a face */
  GEOSGeometry *settled;      /* the settled area; NULL with fewer than two sites */
  const GEOSPreparedGeometry *settled_prepared;
  GEOSGeometry *barriers;     /* the widest rivers, or NULL */
  GArray *barrier_points;     /* FlPagePoint: the same rivers, for counting crossings */
  GArray *barrier_runs;       /* FlRun: short runs of barrier_points with their boxes */
  GPtrArray *faces;           /* GEOSGeometry* polygons, normalized */
  GArray *face_site;          /* guint per face */
  GPtrArray *pieces;          /* GEOSGeometry* lines between the faces of two sites */
  GArray *piece_sites;        /* guint, two per piece: the sites on either side */
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
 * units {x0, y0, x1, y1}) when box is given. NULL when there is none. */
GEOSGeometry *fl_geos_layer_area(GEOSContextHandle_t geos, const FlShapes *shapes, gint attr,
                                 const double *box);

/* zones.c */
/* The site whose ground p is (see the file's comment). */
guint fl_zones_owner(const FlZones *zones, FlPagePoint p);

G_END_DECLS

#endif
