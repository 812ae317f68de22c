/* regions.c - each faction's ground on a date as connected regions, with their areas: how
 * the zones read (one region per front, or islands), as `frontline regions` prints it.
 *
 * A faction's ground is the faces its sites hold, contested or not, as the map fills them;
 * the faces tile the ground edge to edge, so their coverage union is the faction's ground,
 * and each of its polygons is a region. Areas are in km² at the scale of the map's centre
 * (px_per_km: the theatre's projection is conformal, so a region far from the centre is off
 * by the square of the scale's change, a few per cent over a country). */
#include "zones-internal.h"

#include <math.h>

static gint
compare_regions(gconstpointer a, gconstpointer b)
{
  const FlRegion *x = a, *y = b;

  if (x->faction != y->faction)
    return x->faction < y->faction ? -1 : 1;
  return x->area_km2 > y->area_km2 ? -1 : x->area_km2 < y->area_km2;
}

/* Whether place a speaks before place b for a region: rank of its kind, then population. */
static gboolean
more_important(const FlPlace *a, const FlPlace *b)
{
  gboolean a_seat = a->kind <= FL_PLACE_SUBDISTRICT_SEAT;
  gboolean b_seat = b->kind <= FL_PLACE_SUBDISTRICT_SEAT;

  if (a_seat && b_seat && a->kind != b->kind)
    return a->kind < b->kind;
  if (a_seat != b_seat)
    return a_seat;
  return a->population > b->population;
}

/* Adds the regions of one faction's ground (a polygon or multipolygon) to regions. */
static void
add_regions(const FlMap *map, const FlSituation *situation, gint faction,
            const GEOSGeometry *ground, GArray *regions)
{
  GEOSContextHandle_t geos = situation->zones->geos;
  double px_per_km = map->projection.px_per_km;

  for (int i = 0; i < GEOSGetNumGeometries_r(geos, ground); i++) {
    const GEOSGeometry *polygon = GEOSGetGeometryN_r(geos, ground, i);
    const GEOSPreparedGeometry *prepared = GEOSPrepare_r(geos, polygon);
    FlRegion region = {faction, 0, -1, 0};
    GEOSArea_r(geos, polygon, &region.area_km2);
    region.area_km2 /= px_per_km * px_per_km;
    for (guint p = 0; prepared && p < map->theatre->places->len; p++) {
      const FlPlace *place = map->theatre->places->pdata[p];
      FlPagePoint xy = map->place_xy[p];
      if (!place->in_theatre || isnan(xy.x) || isnan(xy.y) ||
          situation->states[p].faction != faction)
        continue;
      GEOSGeometry *point = GEOSGeom_createPointFromXY_r(geos, xy.x, xy.y);
      if (GEOSPreparedIntersects_r(geos, prepared, point) == 1) {
        region.n_places++;
        if (region.main_place < 0 ||
            more_important(place, map->theatre->places->pdata[region.main_place]))
          region.main_place = (gint)p;
      }
      GEOSGeom_destroy_r(geos, point);
    }
    if (prepared)
      GEOSPreparedGeom_destroy_r(geos, prepared);
    g_array_append_val(regions, region);
  }
}

GArray *
fl_situation_regions(const FlMap *map, const FlSituation *situation, GError **error)
{
  const FlZones *zones = situation->zones;
  GArray *regions = g_array_new(FALSE, FALSE, sizeof(FlRegion));

  for (guint f = 0; zones && f < situation->n_factions; f++) {
    GPtrArray *faces = g_ptr_array_new();
    for (guint i = 0; i < zones->faces->len; i++)
      if (situation->site_holder[g_array_index(zones->face_site, guint, i)] == (gint)f)
        g_ptr_array_add(faces, GEOSGeom_clone_r(zones->geos, zones->faces->pdata[i]));
    if (faces->len == 0) {
      g_ptr_array_unref(faces);
      continue;
    }
    GEOSGeometry *all = fl_geos_collect(zones->geos, GEOS_MULTIPOLYGON, faces);
    GEOSGeometry *ground = all ? GEOSCoverageUnion_r(zones->geos, all) : NULL;
    fl_geos_destroy_all(zones->geos, faces);
    if (all)
      GEOSGeom_destroy_r(zones->geos, all);
    if (!ground) {
      g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW,
                  "the ground of '%s' could not be united: %s",
                  ((const FlFaction *)map->theatre->factions->pdata[f])->id,
                  zones->geos_message[0] ? zones->geos_message : "GEOS failed");
      g_array_unref(regions);
      return NULL;
    }
    add_regions(map, situation, (gint)f, ground, regions);
    GEOSGeom_destroy_r(zones->geos, ground);
  }
  g_array_sort(regions, compare_regions);
  return regions;
}

GArray *
fl_map_regions(const FlMap *map, const FlPlan *plan, const GDate *date, GError **error)
{
  const FlSituation *situation = fl_plan_situation(plan, date);
  char iso[11] = "";

  if (!situation) {
    if (date && g_date_valid(date))
      fl_date_format_iso(date, iso);
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW,
                "no regions of %s: the plan lacks that date", *iso ? iso : "an invalid date");
    return NULL;
  }
  return fl_situation_regions(map, situation, error);
}

gboolean
fl_map_write_regions(const FlMap *map, const FlPlan *plan, const GDate *date, GString *out,
                     GError **error)
{
  GArray *regions = fl_map_regions(map, plan, date, error);
  char iso[11];

  if (!regions)
    return FALSE;
  g_date_strftime(iso, sizeof iso, "%Y-%m-%d", date);
  g_string_append(out, "date\tfaction\tarea_km2\tplaces\tmain_place\n");
  for (guint i = 0; i < regions->len; i++) {
    const FlRegion *region = &g_array_index(regions, FlRegion, i);
    const FlFaction *faction = map->theatre->factions->pdata[region->faction];
    const FlPlace *place =
      region->main_place >= 0 ? map->theatre->places->pdata[region->main_place] : NULL;
    g_string_append_printf(out, "%s\t%s\t%.0f\t%u\t%s\n", iso, faction->id, region->area_km2,
                           region->n_places, place ? place->id : "");
  }
  g_array_unref(regions);
  return TRUE;
}
