/* zones-cache.c - the prepared zones kept in the cache (cache.c) and read back: sites,
 * settled area, barrier rivers, faces and pieces, geometries as WKB. */
#include "zones-internal.h"

#include <math.h>

/* The zones as a GVariant of ZONES_TYPE: sites (points, places, whether each has ground), the
 * settled area, the barrier rivers' runs, the faces and the pieces with their sites (geometries
 * as WKB, which keeps every coordinate exactly). */
#define ZONES_TYPE "(a(dd)auayaya(dd)a(uudddd)aayauaayau)"

G_STATIC_ASSERT(sizeof(FlPagePoint) == 16 && sizeof(FlRun) == 40);

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
  GEOSWKBWriter *writer = GEOSWKBWriter_create_r(zones->geos);
  GArray *empty = g_array_new(FALSE, FALSE, 1);
  const GArray *points = zones->barrier_points ? zones->barrier_points : empty;
  const GArray *runs = zones->barrier_runs ? zones->barrier_runs : empty;
  guint8 *has_ground = g_new(guint8, MAX(zones->n_sites, 1));
  GVariant *saved;

  for (guint s = 0; s < zones->n_sites; s++)
    has_ground[s] = zones->site_has_ground[s] ? 1 : 0;
  GVariant *children[] = {
    fixed_variant("(dd)", zones->site_xy, zones->n_sites, sizeof(FlPagePoint)),
    fixed_variant("u", zones->site_place, zones->n_sites, sizeof(guint)),
    fixed_variant("y", has_ground, zones->n_sites, 1),
    wkb_variant(zones->geos, writer, zones->settled),
    fixed_variant("(dd)", points->data, points->len, sizeof(FlPagePoint)),
    fixed_variant("(uudddd)", runs->data, runs->len, sizeof(FlRun)),
    wkb_list_variant(zones->geos, writer, zones->faces),
    fixed_variant("u", zones->face_site->data, zones->face_site->len, sizeof(guint)),
    wkb_list_variant(zones->geos, writer, zones->pieces),
    fixed_variant("u", zones->piece_sites->data, zones->piece_sites->len, sizeof(guint)),
  };
  saved = g_variant_new_tuple(children, G_N_ELEMENTS(children));
  g_free(has_ground);
  g_array_unref(empty);
  GEOSWKBWriter_destroy_r(zones->geos, writer);
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

/* Reads a list of WKB geometries of the given type into geometries; FALSE at the first that
 * is not one. */
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
    if (GEOSGeomTypeId_r(geos, geometry) != type)
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

FlZones *
fl_zones_restore(const FlMap *map, GVariant *saved)
{
  FlZones *zones = g_new0(FlZones, 1);
  GEOSContextHandle_t geos = GEOS_init_r();
  GEOSWKBReader *reader = GEOSWKBReader_create_r(geos);
  g_autoptr(GVariant) settled = NULL, faces = NULL, pieces = NULL;
  GArray *site_xy = NULL, *site_place = NULL, *has_ground = NULL;
  gboolean ok;

  zones->geos = geos;
  GEOSContext_setErrorMessageHandler_r(geos, fl_zones_keep_geos_message, zones);
  GEOSContext_setNoticeMessageHandler_r(geos, NULL, NULL);
  zones->faces = g_ptr_array_new();
  zones->pieces = g_ptr_array_new();
  ok = g_variant_is_of_type(saved, G_VARIANT_TYPE(ZONES_TYPE));
  if (ok) {
    site_xy = fixed_child(saved, 0, sizeof(FlPagePoint));
    site_place = fixed_child(saved, 1, sizeof(guint));
    has_ground = fixed_child(saved, 2, 1);
    settled = g_variant_get_child_value(saved, 3);
    zones->barrier_points = fixed_child(saved, 4, sizeof(FlPagePoint));
    zones->barrier_runs = fixed_child(saved, 5, sizeof(FlRun));
    faces = g_variant_get_child_value(saved, 6);
    zones->face_site = fixed_child(saved, 7, sizeof(guint));
    pieces = g_variant_get_child_value(saved, 8);
    zones->piece_sites = fixed_child(saved, 9, sizeof(guint));
    ok = site_xy && site_place && has_ground && zones->barrier_points && zones->barrier_runs &&
         zones->face_site && zones->piece_sites;
  }
  /* every count and index in range, every point finite: a cache is read, never trusted */
  ok = ok && site_place->len == site_xy->len && has_ground->len == site_xy->len &&
       indices_below(site_place, map->theatre->places->len) &&
       indices_below(zones->face_site, site_xy->len) &&
       indices_below(zones->piece_sites, site_xy->len) &&
       zones->piece_sites->len % 2 == 0 && points_finite(site_xy) &&
       points_finite(zones->barrier_points);
  for (guint r = 0; ok && r < zones->barrier_runs->len; r++) {
    const FlRun *run = &g_array_index(zones->barrier_runs, FlRun, r);
    ok = run->first <= zones->barrier_points->len &&
         run->n <= zones->barrier_points->len - run->first;
  }
  ok = ok && geometries_from_wkb(geos, reader, faces, GEOS_POLYGON, zones->faces) &&
       geometries_from_wkb(geos, reader, pieces, GEOS_LINESTRING, zones->pieces) &&
       zones->faces->len == zones->face_site->len &&
       2 * zones->pieces->len == zones->piece_sites->len;
  if (ok) {
    zones->n_sites = site_xy->len;
    zones->site_xy = (FlPagePoint *)g_array_free(g_steal_pointer(&site_xy), FALSE);
    zones->site_place = (guint *)g_array_free(g_steal_pointer(&site_place), FALSE);
    zones->site_has_ground = g_new0(gboolean, MAX(zones->n_sites, 1));
    for (guint s = 0; s < zones->n_sites; s++)
      zones->site_has_ground[s] = g_array_index(has_ground, guint8, s) != 0;
    zones->settled = geometry_from_wkb(geos, reader, settled);
    zones->settled_prepared = zones->settled ? GEOSPrepare_r(geos, zones->settled) : NULL;
    ok = !zones->settled || zones->settled_prepared;
  }
  if (site_xy)
    g_array_unref(site_xy);
  if (site_place)
    g_array_unref(site_place);
  if (has_ground)
    g_array_unref(has_ground);
  GEOSWKBReader_destroy_r(geos, reader);
  if (!ok) {
    if (!zones->face_site)
      zones->face_site = g_array_new(FALSE, FALSE, sizeof(guint));
    if (!zones->piece_sites)
      zones->piece_sites = g_array_new(FALSE, FALSE, sizeof(guint));
    fl_zones_free(zones);
    return NULL;
  }
  return zones;
}
