/* zones-cache.c - the prepared zones kept in the cache (cache.c) and read back: sites, units,
 * faces and pieces, the occupied ground and the marks of the areas drawn apart; geometries as
 * WKB, which keeps every coordinate exactly. */
#include "zones-internal.h"

#include <math.h>

/* The zones as a GVariant of ZONES_TYPE: the sites (points, places, the sites their open
 * ground passes to), the number of units and whether each has ground, the faces with their
 * units, the pieces with their units, the occupied ground (empty: none), the deconfliction
 * zones' edges, the marks (area, label point, label width). */
#define ZONES_TYPE "(a(dd)auauuayaayauaayauayaaya(uddd))"

G_STATIC_ASSERT(sizeof(FlPagePoint) == 16 && sizeof(FlAreaMark) == 32);

static GVariant *
wkb_variant(GEOSContextHandle_t geos, GEOSWKBWriter *writer, const GEOSGeometry *geometry)
{
  size_t size = 0;
  unsigned char *wkb = geometry ? GEOSWKBWriter_write_r(geos, writer, geometry, &size) : NULL;
  GVariant *bytes = g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, wkb, wkb ? size : 0, 1);

  if (wkb)
    GEOSFree_r(geos, wkb);
  return bytes;
}

static GVariant *
wkb_list_variant(GEOSContextHandle_t geos, GEOSWKBWriter *writer, const GPtrArray *geometries)
{
  GVariantBuilder list;

  g_variant_builder_init(&list, G_VARIANT_TYPE("aay"));
  for (guint i = 0; i < geometries->len; i++)
    g_variant_builder_add_value(&list, wkb_variant(geos, writer, geometries->pdata[i]));
  return g_variant_builder_end(&list);
}

static GVariant *
fixed_variant(const char *element_type, gconstpointer items, gsize n, gsize size)
{
  return g_variant_new_fixed_array(G_VARIANT_TYPE(element_type), n ? items : NULL, n, size);
}

GVariant *
fl_zones_save(const FlZones *zones)
{
  GEOSContextHandle_t geos = zones->geos;
  GEOSWKBWriter *writer = GEOSWKBWriter_create_r(geos);
  guint8 *has_ground = g_new(guint8, MAX(zones->n_units, 1));
  GVariant *saved;

  for (guint u = 0; u < zones->n_units; u++)
    has_ground[u] = zones->site_has_ground[u] ? 1 : 0;
  GVariant *children[] = {
    fixed_variant("(dd)", zones->site_xy, zones->n_sites, sizeof(FlPagePoint)),
    fixed_variant("u", zones->site_place, zones->n_sites, sizeof(guint)),
    fixed_variant("u", zones->site_next, FL_ZONES_NEXT * zones->n_sites, sizeof(guint)),
    g_variant_new_uint32(zones->n_units),
    fixed_variant("y", has_ground, zones->n_units, 1),
    wkb_list_variant(geos, writer, zones->faces),
    fixed_variant("u", zones->face_site->data, zones->face_site->len, sizeof(guint)),
    wkb_list_variant(geos, writer, zones->pieces),
    fixed_variant("u", zones->piece_sites->data, zones->piece_sites->len, sizeof(guint)),
    wkb_variant(geos, writer, zones->occupied),
    wkb_list_variant(geos, writer, zones->outlines),
    fixed_variant("(uddd)", zones->marks->data, zones->marks->len, sizeof(FlAreaMark)),
  };
  saved = g_variant_new_tuple(children, G_N_ELEMENTS(children));
  g_free(has_ground);
  GEOSWKBWriter_destroy_r(geos, writer);
  return saved;
}

/* The items of a fixed-size array child of a tuple, copied into a new GArray; NULL when the
 * child is not an array of such items. */
static GArray *
fixed_child(GVariant *tuple, gsize index, gsize size)
{
  g_autoptr(GVariant) child = g_variant_get_child_value(tuple, index);
  gsize n = 0;
  gconstpointer items = g_variant_get_fixed_array(child, &n, size);
  GArray *array = g_array_sized_new(FALSE, FALSE, (guint)size, (guint)MIN(n, G_MAXUINT));

  if (n > G_MAXUINT / 2) {
    g_array_unref(array);
    return NULL;
  }
  if (n)
    g_array_append_vals(array, items, (guint)n);
  return array;
}

/* A geometry from WKB bytes; NULL when there are none or they are not WKB. */
static GEOSGeometry *
geometry_from_wkb(GEOSContextHandle_t geos, GEOSWKBReader *reader, GVariant *bytes)
{
  gsize size = 0;
  const guchar *wkb = g_variant_get_fixed_array(bytes, &size, 1);

  return size ? GEOSWKBReader_read_r(geos, reader, wkb, size) : NULL;
}

/* Reads a list of WKB geometries of the given type (any when type is -1) into geometries;
 * FALSE at the first that is not one. */
static gboolean
geometries_from_wkb(GEOSContextHandle_t geos, GEOSWKBReader *reader, GVariant *list, int type,
                    GPtrArray *geometries)
{
  gsize n = g_variant_n_children(list);

  for (gsize i = 0; i < n; i++) {
    g_autoptr(GVariant) bytes = g_variant_get_child_value(list, i);
    GEOSGeometry *geometry = geometry_from_wkb(geos, reader, bytes);
    if (!geometry)
      return FALSE;
    g_ptr_array_add(geometries, geometry);
    if (type >= 0 && GEOSGeomTypeId_r(geos, geometry) != type)
      return FALSE;
  }
  return TRUE;
}

/* Whether every index in indices (guint) is below limit. */
static gboolean
indices_below(const GArray *indices, guint limit)
{
  for (guint i = 0; i < indices->len; i++)
    if (g_array_index(indices, guint, i) >= limit)
      return FALSE;
  return TRUE;
}

static gboolean
points_finite(const GArray *points)
{
  for (guint i = 0; i < points->len; i++) {
    const FlPagePoint *p = &g_array_index(points, FlPagePoint, i);
    if (!isfinite(p->x) || !isfinite(p->y))
      return FALSE;
  }
  return TRUE;
}

/* Whether every site a site's open ground passes to is a site, or none. */
static gboolean
next_valid(const GArray *site_next, guint n_sites)
{
  for (guint i = 0; i < site_next->len; i++) {
    guint next = g_array_index(site_next, guint, i);
    if (next != FL_ZONES_NONE && next >= n_sites)
      return FALSE;
  }
  return TRUE;
}

/* Whether every mark names an area of theatre and has a finite label point, or none. */
static gboolean
marks_valid(const GArray *marks, const FlTheatre *theatre)
{
  for (guint i = 0; i < marks->len; i++) {
    const FlAreaMark *mark = &g_array_index(marks, FlAreaMark, i);
    gboolean none = isnan(mark->label_at.x) && isnan(mark->label_at.y);
    if (mark->area >= theatre->areas->len || !isfinite(mark->label_width) ||
        (!none && (!isfinite(mark->label_at.x) || !isfinite(mark->label_at.y))))
      return FALSE;
  }
  return TRUE;
}

FlZones *
fl_zones_restore(const FlMap *map, GVariant *saved)
{
  FlZones *zones = fl_zones_alloc();
  GEOSContextHandle_t geos = zones->geos;
  GEOSWKBReader *reader = GEOSWKBReader_create_r(geos);
  g_autoptr(GVariant) n_units = NULL, faces = NULL, pieces = NULL, occupied = NULL;
  g_autoptr(GVariant) outlines = NULL;
  GArray *site_xy = NULL, *site_place = NULL, *site_next = NULL, *has_ground = NULL;
  GArray *face_site = NULL, *piece_sites = NULL, *marks = NULL;
  gboolean ok;

  ok = g_variant_is_of_type(saved, G_VARIANT_TYPE(ZONES_TYPE));
  if (ok) {
    site_xy = fixed_child(saved, 0, sizeof(FlPagePoint));
    site_place = fixed_child(saved, 1, sizeof(guint));
    site_next = fixed_child(saved, 2, sizeof(guint));
    n_units = g_variant_get_child_value(saved, 3);
    has_ground = fixed_child(saved, 4, 1);
    faces = g_variant_get_child_value(saved, 5);
    face_site = fixed_child(saved, 6, sizeof(guint));
    pieces = g_variant_get_child_value(saved, 7);
    piece_sites = fixed_child(saved, 8, sizeof(guint));
    occupied = g_variant_get_child_value(saved, 9);
    outlines = g_variant_get_child_value(saved, 10);
    marks = fixed_child(saved, 11, sizeof(FlAreaMark));
    ok = site_xy && site_place && site_next && has_ground && face_site && piece_sites && marks;
  }
  /* every count and index in range, every point finite: a cache is read, never trusted */
  ok = ok && site_place->len == site_xy->len && site_next->len == FL_ZONES_NEXT * site_xy->len &&
       g_variant_get_uint32(n_units) == 2 * site_xy->len + map->theatre->areas->len &&
       next_valid(site_next, site_xy->len) &&
       has_ground->len == g_variant_get_uint32(n_units) &&
       indices_below(site_place, map->theatre->places->len) &&
       indices_below(face_site, has_ground->len) && indices_below(piece_sites, has_ground->len) &&
       piece_sites->len % 2 == 0 && points_finite(site_xy) && marks_valid(marks, map->theatre);
  ok = ok && geometries_from_wkb(geos, reader, faces, GEOS_POLYGON, zones->faces) &&
       geometries_from_wkb(geos, reader, pieces, GEOS_LINESTRING, zones->pieces) &&
       geometries_from_wkb(geos, reader, outlines, -1, zones->outlines) &&
       zones->faces->len == face_site->len &&
       2 * zones->pieces->len == piece_sites->len;
  if (ok && g_variant_n_children(occupied) > 0) {
    zones->occupied = geometry_from_wkb(geos, reader, occupied);
    ok = zones->occupied != NULL;
  }
  if (ok) {
    zones->n_sites = site_xy->len;
    zones->n_units = has_ground->len;
    zones->site_xy = (FlPagePoint *)g_array_free(g_steal_pointer(&site_xy), FALSE);
    zones->site_place = (guint *)g_array_free(g_steal_pointer(&site_place), FALSE);
    zones->site_next = (guint *)g_array_free(g_steal_pointer(&site_next), FALSE);
    zones->site_has_ground = g_new0(gboolean, MAX(zones->n_units, 1));
    for (guint u = 0; u < zones->n_units; u++)
      zones->site_has_ground[u] = g_array_index(has_ground, guint8, u) != 0;
    g_array_unref(zones->face_site);
    zones->face_site = g_steal_pointer(&face_site);
    g_array_unref(zones->piece_sites);
    zones->piece_sites = g_steal_pointer(&piece_sites);
    g_array_unref(zones->marks);
    zones->marks = g_steal_pointer(&marks);
    fl_zones_box_faces(zones);
  }
  for (GArray **a = (GArray *[]){site_xy, site_place, site_next, has_ground, face_site,
                                 piece_sites, marks},
              **end = a + 7;
       a < end; a++)
    if (*a)
      g_array_unref(*a);
  GEOSWKBReader_destroy_r(geos, reader);
  if (!ok) {
    fl_zones_free(zones);
    return NULL;
  }
  return zones;
}
