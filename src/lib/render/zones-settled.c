/* zones-settled.c - the zones' first steps, made while the base map is read (see zones.c for
 * what they are): the sites, one per distinct page point of the theatre's places, and the
 * settled area, the ground within reach of a site, in a thread of its own. Both need the place
 * points only. */
#include "zones-internal.h"

#include <math.h>
#include <string.h>

#define DISC_SIDES 32             /* sides of a reach's disc */
#define SAME_POINT 0.01           /* page units: places closer than this are one site */

/* ---- sites ---- */

/* One site per distinct page point of a theatre place; the most important place (widest reach,
 * then largest population) speaks for a site shared by several. */
static void
find_sites(FlZones *zones, const FlMap *map)
{
  const GPtrArray *places = map->theatre->places;

  zones->site_xy = g_new(FlPagePoint, MAX(places->len, 1));
  zones->site_place = g_new(guint, MAX(places->len, 1));
  for (guint p = 0; p < places->len; p++) {
    const FlPlace *place = places->pdata[p];
    FlPagePoint xy = map->place_xy[p];
    guint s;
    if (!place->in_theatre || isnan(xy.x) || isnan(xy.y))
      continue;
    for (s = 0; s < zones->n_sites; s++)
      if (fabs(zones->site_xy[s].x - xy.x) < SAME_POINT &&
          fabs(zones->site_xy[s].y - xy.y) < SAME_POINT)
        break;
    if (s == zones->n_sites) {
      zones->site_xy[s] = xy;
      zones->site_place[s] = p;
      zones->n_sites++;
    } else {
      const FlPlace *other = places->pdata[zones->site_place[s]];
      double reach = fl_theatre_reach_km(map->theatre, place);
      double other_reach = fl_theatre_reach_km(map->theatre, other);
      if (reach > other_reach || (reach == other_reach && place->population > other->population))
        zones->site_place[s] = p;
    }
  }
}

/* ---- the settled area ---- */

/* A regular polygon of DISC_SIDES sides round centre, its vertices at radius (its sides stay
 * within 0.5% of the radius from the circle). */
static GEOSGeometry *
disc(GEOSContextHandle_t geos, FlPagePoint centre, double radius)
{
  GEOSCoordSequence *seq = GEOSCoordSeq_create_r(geos, DISC_SIDES + 1, 2);
  GEOSGeometry *ring;

  for (int i = 0; i <= DISC_SIDES; i++) {
    double angle = 2 * G_PI * (i % DISC_SIDES) / DISC_SIDES;
    GEOSCoordSeq_setXY_r(geos, seq, i, centre.x + radius * cos(angle),
                         centre.y + radius * sin(angle));
  }
  ring = GEOSGeom_createLinearRing_r(geos, seq);
  return ring ? GEOSGeom_createPolygon_r(geos, ring, NULL, 0) : NULL;
}

/* Whether site s's disc lies inside another's, which then covers it in the union: a third of
 * the sites' discs (villages round a town) need not be united. A disc's polygon lies within
 * radius of its centre, and holds every point within radius x cos(pi / DISC_SIDES) of it. */
static gboolean
within_another(const FlZones *zones, const double *radius, guint s)
{
  for (guint t = 0; t < zones->n_sites; t++) {
    FlPagePoint a = zones->site_xy[s], b = zones->site_xy[t];
    if (t != s && radius[t] > radius[s] &&
        hypot(a.x - b.x, a.y - b.y) + radius[s] <= radius[t] * cos(G_PI / DISC_SIDES))
      return TRUE;
  }
  return FALSE;
}

/* The settled area: what lies within reach of a site, with the gaps narrower than twice
 * close_km ([zones] smooth) closed, which also rounds the outline (a closing: grown by
 * close_km, then shrunk by as much; growing a union of discs is growing each disc, so the discs
 * are made grown). Not cut to the ground: the faces are cut by both edges, which cross where
 * the settled area meets the border instead of running along each other there. */
static GEOSGeometry *
settled_area(GEOSContextHandle_t geos, const FlZones *zones, const FlMap *map)
{
  double px_per_km = map->projection.px_per_km;
  double close_km = fl_style_number(map->style, FL_STYLE_ZONES_SMOOTH);
  GPtrArray *discs = g_ptr_array_new();
  GEOSGeometry *all = NULL, *grown = NULL, *settled = NULL;
  double *radius = g_new(double, MAX(zones->n_sites, 1));

  for (guint s = 0; s < zones->n_sites; s++) {
    const FlPlace *place = map->theatre->places->pdata[zones->site_place[s]];
    radius[s] = (fl_theatre_reach_km(map->theatre, place) + close_km) * px_per_km;
  }
  for (guint s = 0; s < zones->n_sites; s++) {
    GEOSGeometry *grown_disc = within_another(zones, radius, s)
                                   ? NULL : disc(geos, zones->site_xy[s], radius[s]);
    if (grown_disc)
      g_ptr_array_add(discs, grown_disc);
  }
  g_free(radius);
  all = fl_geos_collect(geos, GEOS_GEOMETRYCOLLECTION, discs);
  grown = all ? GEOSUnaryUnion_r(geos, all) : NULL;
  settled = grown ? GEOSBuffer_r(geos, grown, -close_km * px_per_km, DISC_SIDES / 4) : NULL;
  for (GEOSGeometry **g = (GEOSGeometry *[]){all, grown}, **end = g + 2; g < end; g++)
    if (*g)
      GEOSGeom_destroy_r(geos, *g);
  fl_geos_destroy_all(geos, discs);
  return settled;
}

/* The settled area, made in a thread of its own (with a GEOS context of its own: a context is
 * not shared between threads, a geometry may pass from one to another) while the base map is
 * read and the ground is cut: the union of the discs is a third of the zones' time. It needs
 * the sites only, so fl_zones_start() starts it once the place points are on the page. */
typedef struct {
  const FlZones *zones;
  const FlMap *map;
  GEOSGeometry *settled;
  char message[200];      /* GEOS's last error */
} SettledJob;

struct FlZonesStart {
  FlZones *zones;         /* its sites found */
  SettledJob job;
  GThread *thread;        /* making job.settled, or NULL */
  gboolean pending;       /* the job is still to be made or joined */
};

static void
keep_job_message(const char *message, void *job)
{
  g_strlcpy(((SettledJob *)job)->message, message, sizeof ((SettledJob *)job)->message);
}

static gpointer
settled_job(gpointer data)
{
  SettledJob *job = data;
  GEOSContextHandle_t geos = GEOS_init_r();

  GEOSContext_setErrorMessageHandler_r(geos, keep_job_message, job);
  GEOSContext_setNoticeMessageHandler_r(geos, NULL, NULL);
  job->settled = settled_area(geos, job->zones, job->map);
  GEOS_finish_r(geos);
  return NULL;
}

FlZonesStart *
fl_zones_start(const FlMap *map)
{
  FlZonesStart *start = g_new0(FlZonesStart, 1);

  start->zones = fl_zones_alloc();
  find_sites(start->zones, map);
  start->job = (SettledJob){.zones = start->zones, .map = map};
  start->pending = start->zones->n_sites >= 2;   /* else no diagram: nothing to settle */
  if (start->pending)
    start->thread = g_thread_try_new("settled", settled_job, &start->job, NULL);
  return start;
}

FlZones *
fl_zones_start_zones(const FlZonesStart *start)
{
  return start->zones;
}

GEOSGeometry *
fl_zones_start_settled(FlZonesStart *start)
{
  if (start->thread)
    g_thread_join(g_steal_pointer(&start->thread));
  else if (start->pending)
    settled_job(&start->job);
  start->pending = FALSE;
  if (!start->job.settled && !start->zones->geos_message[0])
    g_strlcpy(start->zones->geos_message, start->job.message,
              sizeof start->zones->geos_message);
  return g_steal_pointer(&start->job.settled);
}

FlZones *
fl_zones_start_end(FlZonesStart *start)
{
  FlZones *zones = start->zones;
  GEOSGeometry *settled = start->pending ? fl_zones_start_settled(start) : NULL;

  if (settled)
    GEOSGeom_destroy_r(zones->geos, settled);
  g_free(start);
  return zones;
}
