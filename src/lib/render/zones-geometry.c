/* zones-geometry.c - the GEOS helpers of the zones' files: collections, overlays, segments,
 * a base layer's rings as one area. Every geometry belongs to the caller's GEOS context. */
#include "zones-internal.h"

#include <math.h>


void
fl_zones_keep_geos_message(const char *message, void *user_data)
{
  FlZones *zones = user_data;

  g_strlcpy(zones->geos_message, message, sizeof zones->geos_message);
}

void
fl_geos_destroy_all(GEOSContextHandle_t geos, GPtrArray *geometries)
{
  for (guint i = 0; geometries && i < geometries->len; i++)
    GEOSGeom_destroy_r(geos, geometries->pdata[i]);
  if (geometries)
    g_ptr_array_unref(geometries);
}

/* A collection of the geometries (a GPtrArray, emptied: the collection owns them now). */
GEOSGeometry *
fl_geos_collect(GEOSContextHandle_t geos, int type, GPtrArray *geometries)
{
  GEOSGeometry *collection = GEOSGeom_createCollection_r(geos, type,
                                                         (GEOSGeometry **)geometries->pdata,
                                                         geometries->len);

  if (collection)
    g_ptr_array_set_size(geometries, 0);
  return collection;
}

/* Adds every polygon of a geometry, whatever its nesting, to polygons (cloned). */
void
fl_geos_add_polygons(GEOSContextHandle_t geos, const GEOSGeometry *geometry, GPtrArray *polygons)
{
  int type = GEOSGeomTypeId_r(geos, geometry);

  if (type == GEOS_POLYGON) {
    g_ptr_array_add(polygons, GEOSGeom_clone_r(geos, geometry));
    return;
  }
  if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION)
    for (int i = 0; i < GEOSGetNumGeometries_r(geos, geometry); i++)
      fl_geos_add_polygons(geos, GEOSGetGeometryN_r(geos, geometry, i), polygons);
}

/* Adds every line of a geometry, whatever its nesting, to lines (cloned). */
void
fl_geos_add_lines(GEOSContextHandle_t geos, const GEOSGeometry *geometry, GPtrArray *lines)
{
  int type = GEOSGeomTypeId_r(geos, geometry);

  if (type == GEOS_LINESTRING) {
    g_ptr_array_add(lines, GEOSGeom_clone_r(geos, geometry));
    return;
  }
  if (type == GEOS_MULTILINESTRING || type == GEOS_GEOMETRYCOLLECTION)
    for (int i = 0; i < GEOSGetNumGeometries_r(geos, geometry); i++)
      fl_geos_add_lines(geos, GEOSGetGeometryN_r(geos, geometry, i), lines);
}

/* The polygons of a geometry as one multipolygon, without the lines and points an overlay may
 * leave along edges. Destroys geometry. */
GEOSGeometry *
fl_geos_only_polygons(GEOSContextHandle_t geos, GEOSGeometry *geometry)
{
  GPtrArray *polygons = g_ptr_array_new();
  GEOSGeometry *multipolygon;

  if (!geometry) {
    g_ptr_array_unref(polygons);
    return NULL;
  }
  fl_geos_add_polygons(geos, geometry, polygons);
  GEOSGeom_destroy_r(geos, geometry);
  multipolygon = fl_geos_collect(geos, GEOS_MULTIPOLYGON, polygons);
  fl_geos_destroy_all(geos, polygons);
  return multipolygon;
}

/* The box {x0, y0, x1, y1} of n points. */
void
fl_geos_points_box(const FlPagePoint *pts, guint n, double *x0, double *y0, double *x1,
                   double *y1)
{
  *x0 = *y0 = HUGE_VAL;
  *x1 = *y1 = -HUGE_VAL;
  for (guint i = 0; i < n; i++) {
    *x0 = MIN(*x0, pts[i].x), *y0 = MIN(*y0, pts[i].y);
    *x1 = MAX(*x1, pts[i].x), *y1 = MAX(*y1, pts[i].y);
  }
}

double *
fl_geos_coords(GEOSContextHandle_t geos, const GEOSGeometry *line, guint *n)
{
  const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(geos, line);
  unsigned int size = 0;

  if (seq)
    GEOSCoordSeq_getSize_r(geos, seq, &size);
  double *xy = g_new(double, 2 * MAX(size, 1));
  if (size)
    GEOSCoordSeq_copyToBuffer_r(geos, seq, xy, 0, 0);
  *n = size;
  return xy;
}

/* A line from a to b. */
GEOSGeometry *
fl_geos_segment(GEOSContextHandle_t geos, FlPagePoint a, FlPagePoint b)
{
  GEOSCoordSequence *seq = GEOSCoordSeq_create_r(geos, 2, 2);

  GEOSCoordSeq_setXY_r(geos, seq, 0, a.x, a.y);
  GEOSCoordSeq_setXY_r(geos, seq, 1, b.x, b.y);
  return GEOSGeom_createLineString_r(geos, seq);
}

/* The rings of a base layer's shapes (those with attr, or all when attr is -1) as one area,
 * united as Cairo fills them (non-zero winding); only the rings whose box meets box (page units
 * {x0, y0, x1, y1}) when box is given, and that meet meets when it is given. NULL when there is
 * none. */
GEOSGeometry *
fl_geos_layer_area(GEOSContextHandle_t geos, const FlShapes *shapes, gint attr, const double *box,
                   const GEOSPreparedGeometry *meets)
{
  GPtrArray *polygons = g_ptr_array_new();
  GEOSGeometry *all, *area = NULL;

  for (guint s = 0; shapes->shapes && s < shapes->shapes->len; s++) {
    const FlShape *shape = &g_array_index(shapes->shapes, FlShape, s);
    for (guint p = 0; (attr < 0 || shape->attr == attr) && p < shape->n_parts; p++) {
      const FlPart *part = &g_array_index(shapes->parts, FlPart, shape->first_part + p);
      const FlPagePoint *pts = &g_array_index(shapes->points, FlPagePoint, part->first);
      double x0, y0, x1, y1;
      fl_geos_points_box(pts, part->n, &x0, &y0, &x1, &y1);
      if (part->n < 3 || (box && (x1 < box[0] || y1 < box[1] || x0 > box[2] || y0 > box[3])))
        continue;
      GEOSCoordSequence *seq = GEOSCoordSeq_create_r(geos, part->n + 1, 2);
      for (guint i = 0; i <= part->n; i++)
        GEOSCoordSeq_setXY_r(geos, seq, i, pts[i % part->n].x, pts[i % part->n].y);
      GEOSGeometry *ring = GEOSGeom_createLinearRing_r(geos, seq);
      GEOSGeometry *polygon = ring ? GEOSGeom_createPolygon_r(geos, ring, NULL, 0) : NULL;
      if (polygon && meets && GEOSPreparedIntersects_r(geos, meets, polygon) == 0) {
        GEOSGeom_destroy_r(geos, polygon);   /* apart from it (an error keeps the ring) */
        continue;
      }
      if (polygon && box && (x0 < box[0] || y0 < box[1] || x1 > box[2] || y1 > box[3])) {
        GEOSGeometry *clipped = GEOSClipByRect_r(geos, polygon, box[0], box[1], box[2], box[3]);
        GEOSGeom_destroy_r(geos, polygon);
        polygon = clipped;
      }
      GEOSGeometry *valid =
        polygon ? fl_geos_only_polygons(geos, GEOSMakeValid_r(geos, polygon)) : NULL;
      if (polygon)
        GEOSGeom_destroy_r(geos, polygon);
      if (valid)
        g_ptr_array_add(polygons, valid);
    }
  }
  if (polygons->len > 0) {
    all = fl_geos_collect(geos, GEOS_GEOMETRYCOLLECTION, polygons);
    area = all ? fl_geos_only_polygons(geos, GEOSUnaryUnion_r(geos, all)) : NULL;
    if (all)
      GEOSGeom_destroy_r(geos, all);
  }
  fl_geos_destroy_all(geos, polygons);
  return area;
}

/* The union of two areas (either may be NULL); takes both. */
GEOSGeometry *
fl_geos_union(GEOSContextHandle_t geos, GEOSGeometry *a, GEOSGeometry *b)
{
  GEOSGeometry *both;

  if (!a || !b)
    return a ? a : b;
  both = fl_geos_only_polygons(geos, GEOSUnion_r(geos, a, b));
  GEOSGeom_destroy_r(geos, a);
  GEOSGeom_destroy_r(geos, b);
  return both;
}

/* Replaces *area by the overlay of it with other (GEOSIntersection_r, GEOSDifference_r), keeping
 * only polygons; destroys other. FALSE when GEOS fails. */
gboolean
fl_geos_overlay(GEOSContextHandle_t geos, GEOSGeometry **area, GEOSGeometry *other,
        GEOSGeometry *(*operation)(GEOSContextHandle_t, const GEOSGeometry *, const GEOSGeometry *))
{
  GEOSGeometry *result;

  if (!other)
    return TRUE;
  result = fl_geos_only_polygons(geos, operation(geos, *area, other));
  GEOSGeom_destroy_r(geos, other);
  if (!result)
    return FALSE;
  GEOSGeom_destroy_r(geos, *area);
  *area = result;
  return TRUE;
}

FlZones *
fl_zones_alloc(void)
{
  FlZones *zones = g_new0(FlZones, 1);

  zones->geos = GEOS_init_r();
  GEOSContext_setErrorMessageHandler_r(zones->geos, fl_zones_keep_geos_message, zones);
  GEOSContext_setNoticeMessageHandler_r(zones->geos, NULL, NULL);
  zones->faces = g_ptr_array_new();
  zones->face_site = g_array_new(FALSE, FALSE, sizeof(guint));
  zones->pieces = g_ptr_array_new();
  zones->piece_sites = g_array_new(FALSE, FALSE, sizeof(guint));
  zones->outlines = g_ptr_array_new();
  zones->marks = g_array_new(FALSE, FALSE, sizeof(FlAreaMark));
  return zones;
}

void
fl_zones_box_faces(FlZones *zones)
{
  g_free(zones->face_box);
  zones->face_box = g_new0(double, 4 * MAX(zones->faces->len, 1));
  for (guint i = 0; i < zones->faces->len; i++) {
    const GEOSGeometry *face = zones->faces->pdata[i];
    double *box = zones->face_box + 4 * i;
    GEOSGeom_getXMin_r(zones->geos, face, &box[0]);
    GEOSGeom_getYMin_r(zones->geos, face, &box[1]);
    GEOSGeom_getXMax_r(zones->geos, face, &box[2]);
    GEOSGeom_getYMax_r(zones->geos, face, &box[3]);
  }
}
