/* situation.c - the zones of one date: each site's ground given to its place's holder, the
 * front line between holders, what covers a point of the page. */
#include "zones-internal.h"

/* The front line: the pieces between sites of two different holders, merged into lines. */
static gboolean
compute_front(FlSituation *situation)
{
  const FlZones *zones = situation->zones;
  GPtrArray *front = g_ptr_array_new();
  GEOSGeometry *lines;

  for (guint i = 0; i < zones->pieces->len; i++) {
    const guint *sites = &g_array_index(zones->piece_sites, guint, 2 * i);
    gint a = situation->site_holder[sites[0]], b = situation->site_holder[sites[1]];
    if (a >= 0 && b >= 0 && a != b && !fl_theatre_allied(situation->theatre, a, b))
      g_ptr_array_add(front, GEOSGeom_clone_r(zones->geos, zones->pieces->pdata[i]));
  }
  if (front->len == 0) {
    g_ptr_array_unref(front);
    return TRUE;
  }
  lines = fl_geos_collect(zones->geos, GEOS_MULTILINESTRING, front);
  fl_geos_destroy_all(zones->geos, front);
  situation->front = lines ? GEOSLineMerge_r(zones->geos, lines) : NULL;
  if (lines)
    GEOSGeom_destroy_r(zones->geos, lines);
  return situation->front != NULL;
}

FlSituation *
fl_situation_new(const FlMap *map, const FlControl *control, const GDate *date,
                 const GDate *since, GError **error)
{
  FlSituation *situation = g_new0(FlSituation, 1);
  const FlZones *zones = map->zones;
  guint n_places = map->theatre->places->len, n_sites = zones ? zones->n_sites : 0;

  situation->zones = zones;
  situation->theatre = map->theatre;
  situation->n_factions = map->theatre->factions->len;
  situation->states = g_new0(FlPlaceState, MAX(n_places, 1));
  situation->site_holder = g_new(gint, MAX(n_sites, 1));
  situation->site_contested = g_new0(gboolean, MAX(n_sites, 1));
  situation->changed = g_new0(gboolean, MAX(n_places, 1));
  for (guint p = 0; p < n_places; p++)
    fl_control_state_at(control, p, date, &situation->states[p]);
  if (since && g_date_valid(since) && g_date_compare(since, date) < 0) {
    situation->since = *since;
    for (guint p = 0; p < n_places; p++) {
      const FlPlaceState *now = &situation->states[p];
      FlPlaceState then;
      fl_control_state_at(control, p, since, &then);
      /* a faction's places passing to its successor change no hands on the ground */
      situation->changed[p] = then.faction != now->faction &&
                              now->confidence != FL_CONFIDENCE_INFERRED;
    }
  } else {
    g_date_clear(&situation->since, 1);
  }
  for (guint s = 0; s < n_sites; s++) {
    const FlPlaceState *state = &situation->states[zones->site_place[s]];
    gboolean held = state->faction >= 0 && (guint)state->faction < situation->n_factions &&
                    state->status != FL_STATUS_ABANDONED;
    situation->site_holder[s] = held ? state->faction : -1;
    situation->site_contested[s] = state->status == FL_STATUS_CONTESTED ||
                                   state->status == FL_STATUS_BESIEGED;
  }
  if (zones && !compute_front(situation)) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW,
                "the front line of %d-%02d-%02d could not be computed: %s",
                g_date_get_year(date), g_date_get_month(date), g_date_get_day(date),
                zones->geos_message[0] ? zones->geos_message : "GEOS failed");
    fl_situation_free(situation);
    return NULL;
  }
  situation->arrows = fl_arrows_new(map, control, date, situation->states);
  return situation;
}

void
fl_situation_free(FlSituation *situation)
{
  if (!situation)
    return;
  if (situation->front)
    GEOSGeom_destroy_r(situation->zones->geos, situation->front);
  if (situation->arrows)
    g_array_unref(situation->arrows);
  g_free(situation->site_holder);
  g_free(situation->site_contested);
  g_free(situation->changed);
  g_free(situation->states);
  g_free(situation);
}

gint
fl_situation_zone_at(const FlSituation *situation, FlPagePoint p, gboolean *contested)
{
  const FlZones *zones = situation->zones;
  GEOSGeometry *point;
  gboolean settled;
  guint site;

  if (!zones || !zones->settled_prepared)
    return -1;
  point = GEOSGeom_createPointFromXY_r(zones->geos, p.x, p.y);
  settled = GEOSPreparedContains_r(zones->geos, zones->settled_prepared, point) == 1;
  GEOSGeom_destroy_r(zones->geos, point);
  if (!settled)
    return -1;
  site = fl_zones_owner(zones, p);
  if (contested)
    *contested = situation->site_contested[site];
  return situation->site_holder[site];
}

gboolean
fl_situation_front_crosses(const FlSituation *situation, FlPagePoint a, FlPagePoint b)
{
  GEOSContextHandle_t geos;
  GEOSGeometry *line;
  gboolean crosses;

  if (!situation->zones || !situation->front)
    return FALSE;
  geos = situation->zones->geos;
  line = fl_geos_segment(geos, a, b);
  crosses = GEOSIntersects_r(geos, line, situation->front) == 1;
  GEOSGeom_destroy_r(geos, line);
  return crosses;
}

gboolean
fl_situation_faction_zoned(const FlSituation *situation, gint faction, gboolean *contested)
{
  gboolean zoned = FALSE;

  if (contested)
    *contested = FALSE;
  for (guint s = 0; situation->zones && s < situation->zones->n_sites; s++) {
    if (!situation->zones->site_has_ground[s] ||
        (faction >= 0 ? situation->site_holder[s] != faction : situation->site_holder[s] < 0))
      continue;
    zoned = TRUE;
    if (contested)
      *contested |= situation->site_contested[s];
  }
  return zoned;
}
