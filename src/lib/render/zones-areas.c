/* zones-areas.c - the theatre's areas (baseline-zones.tsv) on the page, while the zones are
 * prepared: their polygons in page units, the area a point is in (the smallest that holds it,
 * as the theatre decides in lon/lat), and the marks of the areas drawn apart (occupied areas,
 * deconfliction zones: an edge and a label). */
#include "zones-internal.h"

#include <math.h>
#include <string.h>

#define DENSIFY_DEGREES 0.05   /* an area's edges are straight in lon/lat: points this close */
#define LABEL_TOLERANCE 0.5    /* page units: how close the widest circle of an area is found */

/* One ring of area as a page-unit ring, its edges densified so that it keeps its shape in the
 * projection; NULL when a point does not project. */
static GEOSGeometry *
page_ring(GEOSContextHandle_t geos, const FlMap *map, const FlArea *area, guint r)
{
  guint first = r ? area->ring_ends[r - 1] : 0, last = area->ring_ends[r];
  GArray *xy = g_array_new(FALSE, FALSE, sizeof(double));
  GEOSGeometry *ring = NULL;
  gboolean finite = TRUE;

  for (guint i = first; i + 1 < last; i++) {
    const double *p = area->points + 2 * i;   /* the edge from p[0..1] to p[2..3] */
    guint steps = MAX(1, (guint)ceil(MAX(fabs(p[2] - p[0]), fabs(p[3] - p[1])) / DENSIFY_DEGREES));
    for (guint k = 0; k < steps; k++) {
      double t = (double)k / steps;
      double lonlat[2] = {p[0] + t * (p[2] - p[0]), p[1] + t * (p[3] - p[1])};
      g_array_append_vals(xy, lonlat, 2);
    }
  }
  g_array_append_vals(xy, area->points + 2 * (last - 1), 2);   /* closes the ring */
  fl_projection_apply(&map->projection, (double *)xy->data, xy->len / 2);
  for (guint i = 0; i < xy->len; i++)
    finite &= isfinite(g_array_index(xy, double, i));
  if (finite && xy->len >= 8) {
    GEOSCoordSequence *seq = GEOSCoordSeq_copyFromBuffer_r(
      geos, (const double *)xy->data, xy->len / 2, FALSE, FALSE);
    ring = seq ? GEOSGeom_createLinearRing_r(geos, seq) : NULL;
  }
  g_array_unref(xy);
  return ring;
}

/* An area's polygon in page units, made valid; NULL when it cannot be made. */
static GEOSGeometry *
page_polygon(GEOSContextHandle_t geos, const FlMap *map, const FlArea *area)
{
  GEOSGeometry *shell = area->n_rings ? page_ring(geos, map, area, 0) : NULL;
  GEOSGeometry **holes = g_new0(GEOSGeometry *, MAX(area->n_rings, 1));
  guint n_holes = 0;
  GEOSGeometry *polygon = NULL;

  for (guint r = 1; shell && r < area->n_rings; r++)
    if ((holes[n_holes] = page_ring(geos, map, area, r)))
      n_holes++;
  if (shell)
    polygon = GEOSGeom_createPolygon_r(geos, shell, holes, n_holes);
  else
    for (guint h = 0; h < n_holes; h++)
      GEOSGeom_destroy_r(geos, holes[h]);
  g_free(holes);
  if (!polygon)
    return NULL;
  GEOSGeometry *valid = fl_geos_only_polygons(geos, GEOSMakeValid_r(geos, polygon));
  GEOSGeom_destroy_r(geos, polygon);
  return valid;
}

/* Smaller areas first; of equal sizes, the first in the file. */
static gint
compare_sizes(gconstpointer a, gconstpointer b, gpointer user_data)
{
  const FlTheatre *theatre = user_data;
  guint x = *(const guint *)a, y = *(const guint *)b;
  double sx = ((const FlArea *)theatre->areas->pdata[x])->size;
  double sy = ((const FlArea *)theatre->areas->pdata[y])->size;

  if (sx != sy)
    return sx < sy ? -1 : 1;
  return x < y ? -1 : x > y;
}

gboolean
fl_area_shapes_init(FlAreaShapes *shapes, const FlZones *zones, const FlMap *map)
{
  const GPtrArray *areas = map->theatre->areas;

  shapes->n = areas->len;
  shapes->shape = g_new0(GEOSGeometry *, MAX(shapes->n, 1));
  shapes->prepared = g_new0(const GEOSPreparedGeometry *, MAX(shapes->n, 1));
  GArray *order = g_array_sized_new(FALSE, FALSE, sizeof(guint), shapes->n);
  for (guint a = 0; a < shapes->n; a++)
    g_array_append_val(order, a);
  g_array_sort_with_data(order, compare_sizes, (gpointer)map->theatre);
  shapes->order = (guint *)g_array_free(order, FALSE);
  for (guint a = 0; a < shapes->n; a++) {
    shapes->shape[a] = page_polygon(zones->geos, map, areas->pdata[a]);
    if (shapes->shape[a] && !(shapes->prepared[a] = GEOSPrepare_r(zones->geos, shapes->shape[a])))
      return FALSE;
  }
  return TRUE;
}

void
fl_area_shapes_clear(FlAreaShapes *shapes, GEOSContextHandle_t geos)
{
  for (guint a = 0; a < shapes->n; a++) {
    if (shapes->prepared && shapes->prepared[a])
      GEOSPreparedGeom_destroy_r(geos, shapes->prepared[a]);
    if (shapes->shape && shapes->shape[a])
      GEOSGeom_destroy_r(geos, shapes->shape[a]);
  }
  g_free(shapes->shape);
  g_free(shapes->prepared);
  g_free(shapes->order);
  memset(shapes, 0, sizeof *shapes);
}

gint
fl_area_shapes_at(const FlAreaShapes *shapes, GEOSContextHandle_t geos, FlPagePoint p)
{
  GEOSGeometry *point;
  gint found = -1;

  if (shapes->n == 0)
    return -1;
  point = GEOSGeom_createPointFromXY_r(geos, p.x, p.y);
  for (guint i = 0; i < shapes->n && found < 0; i++) {
    guint a = shapes->order[i];
    if (shapes->prepared[a] && GEOSPreparedContains_r(geos, shapes->prepared[a], point) == 1)
      found = (gint)a;
  }
  GEOSGeom_destroy_r(geos, point);
  return found;
}

GEOSGeometry *
fl_area_shapes_union(const FlAreaShapes *shapes, GEOSContextHandle_t geos,
                     const FlTheatre *theatre, FlAreaKind kind)
{
  GEOSGeometry *all = NULL;

  for (guint a = 0; a < shapes->n; a++)
    if (shapes->shape[a] && ((const FlArea *)theatre->areas->pdata[a])->kind == kind)
      all = fl_geos_union(geos, all, GEOSGeom_clone_r(geos, shapes->shape[a]));
  return all;
}

/* Where area's label goes on its ground: the centre of the widest circle inside it, and that
 * circle's width. */
static void
mark_label(GEOSContextHandle_t geos, const GEOSGeometry *ground, FlAreaMark *mark)
{
  GEOSGeometry *circle = ground && GEOSisEmpty_r(geos, ground) == 0
                           ? GEOSMaximumInscribedCircle_r(geos, ground, LABEL_TOLERANCE)
                           : NULL;
  const GEOSCoordSequence *seq = circle ? GEOSGeom_getCoordSeq_r(geos, circle) : NULL;
  FlPagePoint edge;

  mark->label_at = (FlPagePoint){NAN, NAN};
  mark->label_width = 0;
  if (seq && GEOSCoordSeq_getXY_r(geos, seq, 0, &mark->label_at.x, &mark->label_at.y) &&
      GEOSCoordSeq_getXY_r(geos, seq, 1, &edge.x, &edge.y))
    mark->label_width = 2 * hypot(edge.x - mark->label_at.x, edge.y - mark->label_at.y);
  if (circle)
    GEOSGeom_destroy_r(geos, circle);
}

void
fl_area_shapes_mark(const FlAreaShapes *shapes, FlZones *zones, const FlMap *map,
                    const GEOSGeometry *ground, const GEOSGeometry *occupied_ground)
{
  GEOSContextHandle_t geos = zones->geos;

  for (guint a = 0; a < shapes->n; a++) {
    const FlArea *area = map->theatre->areas->pdata[a];
    FlAreaMark mark;
    GEOSGeometry *own = NULL;
    memset(&mark, 0, sizeof mark);  /* its padding too: the cache keeps the struct's bytes */
    mark.area = a;
    mark.label_at = (FlPagePoint){NAN, NAN};
    if (!shapes->shape[a] || area->kind == FL_AREA_CONTROL)
      continue;
    if (area->kind == FL_AREA_OCCUPIED && occupied_ground)
      own = GEOSIntersection_r(geos, shapes->shape[a], occupied_ground);
    if (area->kind == FL_AREA_DECONFLICTION && ground) {
      own = GEOSIntersection_r(geos, shapes->shape[a], ground);
      /* its edge where it meets other ground, not along the border */
      GEOSGeometry *edge = GEOSBoundary_r(geos, shapes->shape[a]);
      GEOSGeometry *on_ground = edge ? GEOSIntersection_r(geos, edge, ground) : NULL;
      if (on_ground && GEOSisEmpty_r(geos, on_ground) == 0)
        g_ptr_array_add(zones->outlines, g_steal_pointer(&on_ground));
      for (GEOSGeometry **g = (GEOSGeometry *[]){edge, on_ground}, **end = g + 2; g < end; g++)
        if (*g)
          GEOSGeom_destroy_r(geos, *g);
    }
    if (*area->label_fr || *area->label_en || *area->label_ar)
      mark_label(geos, own, &mark);
    if (own)
      GEOSGeom_destroy_r(geos, own);
    g_array_append_val(zones->marks, mark);
  }
}
