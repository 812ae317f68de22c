/* situation.c - the zones of one date: each site's ground given to its place's holder (and the
 * ground of a zone where no place stands to the zone's faction), the front line between
 * holders, what covers a point of the page. */
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
  guint n_units = zones ? zones->n_units : 0;

  situation->zones = zones;
  situation->theatre = map->theatre;
  situation->n_factions = map->theatre->factions->len;
  situation->states = g_new0(FlPlaceState, MAX(n_places, 1));
  situation->site_holder = g_new(gint, MAX(n_units, 1));
  situation->site_contested = g_new0(gboolean, MAX(n_units, 1));
  situation->changed = g_new0(gboolean, MAX(n_places, 1));
  for (guint p = 0; p < n_places; p++)
    fl_control_state_at(control, p, date, &situation->states[p]);
  situation->bases = fl_control_bases(control, date);
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
  /* a site's open ground is its holder's, or when no one holds it, that of the nearest site
   * of its zone someone holds */
  for (guint s = 0; zones && s < n_sites; s++) {
    guint from = s;
    for (guint k = 0; k < FL_ZONES_NEXT && situation->site_holder[from] < 0; k++)
      if (zones->site_next[FL_ZONES_NEXT * s + k] != FL_ZONES_NONE)
        from = zones->site_next[FL_ZONES_NEXT * s + k];
    situation->site_holder[n_sites + s] = situation->site_holder[from];
    situation->site_contested[n_sites + s] = situation->site_contested[from];
  }
  /* a zone where no place stands keeps its faction, or the faction's successor */
  for (guint u = 2 * n_sites; u < n_units; u++) {
    const FlArea *area = map->theatre->areas->pdata[u - 2 * n_sites];
    situation->site_holder[u] =
      area->faction >= 0 ? fl_theatre_faction_on(map->theatre, area->faction, date) : -1;
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
  g_free(situation->bases);
  g_free(situation);
}

gint
fl_situation_zone_at(const FlSituation *situation, FlPagePoint p, gboolean *contested)
{
  const FlZones *zones = situation->zones;
  GEOSGeometry *point;
  gint face = -1;

  if (!zones)
    return -1;
  point = GEOSGeom_createPointFromXY_r(zones->geos, p.x, p.y);
  for (guint i = 0; i < zones->faces->len && face < 0; i++) {
    const double *box = zones->face_box + 4 * i;
    if (p.x >= box[0] && p.y >= box[1] && p.x <= box[2] && p.y <= box[3] &&
        GEOSContains_r(zones->geos, zones->faces->pdata[i], point) == 1)
      face = (gint)i;
  }
  GEOSGeom_destroy_r(zones->geos, point);
  if (face < 0)
    return -1;
  guint unit = g_array_index(zones->face_site, guint, face);
  if (contested)
    *contested = situation->site_contested[unit];
  return situation->site_holder[unit];
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
  for (guint s = 0; situation->zones && s < situation->zones->n_units; s++) {
    if (!situation->zones->site_has_ground[s] ||
        (faction >= 0 ? situation->site_holder[s] != faction : situation->site_holder[s] < 0))
      continue;
    zoned = TRUE;
    if (contested)
      *contested |= situation->site_contested[s];
  }
  return zoned;
}

gboolean
fl_situation_open_zoned(const FlSituation *situation)
{
  const FlZones *zones = situation->zones;

  for (guint u = zones ? zones->n_sites : 0; zones && u < zones->n_units; u++)
    if (zones->site_has_ground[u] && situation->site_holder[u] >= 0)
      return TRUE;
  return FALSE;
}
