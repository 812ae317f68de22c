/* zones.c - the ground each faction holds on a date, and the front line between holders.
 *
 * Zones are derived from the places' states, nothing else: every theatre place (settlement or
 * site) stands for the ground around it, and that ground goes to the place's holder.
 *
 * Prepared once per map by fl_zones_new(), whatever the date:
 *   ground   the theatre's country, off lakes and reservoirs;
 *   sites    the theatre places with a page point, one per distinct point;
 *   settled  the ground within reach of a site (a disc whose radius grows with the place's rank
 *            and population, see reach_km()), the gaps between reaches narrower than 2 x [zones] smooth km
 *            closed: what anyone can hold at all; the rest (open desert) is no one's;
 *   faces    the settled area cut by the sites' Voronoi cells and by the widest rivers, each
 *            face the ground of one site: its owner() (the nearest site on the same bank);
 *   pieces   the lines between faces of two different sites, each knowing both.
 * Per date, fl_situation_new() gives each site's faces to its place's holder (contested or
 * besieged places' faces apart), and the front line is the pieces between sites of two
 * different factions, merged into lines. Abandoned places and places of no known holder are no
 * one's: their faces stay empty, and no front runs along them. A zone is drawn as one Cairo
 * path of its faction's faces, filled with the non-zero rule (faces are normalized, so they all
 * turn the same way): that fill is the union, seamless, without a polygon union per date, so a
 * date costs a few milliseconds of drawing and next to nothing of geometry.
 *
 * Geometry is in page units, not projected metres: the base layers (the country outline
 * included) are already held in page units, the page is the projected plane scaled uniformly
 * (one scale, px_per_km, in the theatre's conformal projection), so Voronoi cells and discs
 * are the same shapes either way, and page units are what Cairo draws and what the tests
 * check against fl_map_project(). Distances given in km are converted with px_per_km. */
#include "render-internal.h"

#include <math.h>
#include <string.h>

#define RGB(c) ((c) >> 16 & 0xff) / 255.0, ((c) >> 8 & 0xff) / 255.0, ((c) & 0xff) / 255.0

/* Drawing: sizes in pixels of a 1920x1080 page, multiplied by map->unit. */
#define CONTESTED_OPACITY 0.10    /* contested or besieged ground: a faint fill... */
#define HATCH_OPACITY 0.65        /* ...hatched in the holder's colour */
#define HATCH_SPACING 5.5
#define HATCH_WIDTH 1.2
#define FRONT_HALO_WIDTH 1.6      /* white on each side of the line */
#define FRONT_HALO_OPACITY 0.75

/* Geometry. */
#define REACH_POPULATION 100000   /* above this, a place's reach grows with its population */
#define DISC_SIDES 32             /* sides of a reach's disc */
#define SAME_POINT 0.01           /* page units: places closer than this are one site */
#define BARRIER_LEVEL 1           /* rivers of this WDBII level part the ground (see owner()) */
#define OWNER_CANDIDATES 8        /* sites tried, nearest first, for a point across a river */
#define SIDE_OFFSET 0.05          /* page units: the sides of a line are looked at this far off */

/* How far a place's hold reaches, in km: the settled area is the ground within this distance
 * of some place, and each place's Voronoi cell is cut to it.
 *
 * A place is held with its fields and the roads out to its neighbours, not with the empty land
 * beyond them. In settled country the neighbours' cells bound a cell long before the reach
 * does (places there are 5-20 km apart), so the reach only bites where places are far apart: a
 * desert or a steppe, which then stays no one's on the map instead of being "held" by whoever
 * has the nearest village 100 km away. An analyst does not colour the desert east of Palmyra
 * for one side because its nearest towns are that side's; a Voronoi diagram alone would.
 *
 * The radius follows what a place commands: an administrative seat holds roughly its unit (a
 * sub-district seat a belt of 15-20 km, a district or governorate seat more, a capital most), a
 * plain town less, a site (a crossing, a base, an airport) only its surroundings. It grows
 * slowly with the population beyond REACH_POPULATION (by a log: a city of two million holds a
 * wider belt of suburbs and checkpoints than a town of a hundred thousand, not twenty times
 * wider), at most by half. The closing ([zones] smooth) then joins neighbouring reaches that almost touch, so a
 * string of villages 40-50 km apart along a valley reads as one area, as analysts draw it,
 * while a 100 km stretch of desert road stays open. */
static double
reach_km(const FlPlace *place)
{
  static const double by_kind[] = {
    [FL_PLACE_CAPITAL] = 40,         [FL_PLACE_GOVERNORATE_SEAT] = 35,
    [FL_PLACE_DISTRICT_SEAT] = 25,   [FL_PLACE_SUBDISTRICT_SEAT] = 18,
    [FL_PLACE_TOWN] = 12,            [FL_PLACE_SITE] = 8,
  };
  double km = (guint)place->kind < G_N_ELEMENTS(by_kind) ? by_kind[place->kind] : 0;

  if (km <= 0)
    km = 8;
  if (place->population > REACH_POPULATION)
    km *= MIN(1 + 0.12 * log2((double)place->population / REACH_POPULATION), 1.5);
  return km;
}

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
  GArray *barrier_runs;       /* Run: short runs of barrier_points with their boxes */
  GPtrArray *faces;           /* GEOSGeometry* polygons, normalized */
  GArray *face_site;          /* guint per face */
  GPtrArray *pieces;          /* GEOSGeometry* lines between the faces of two sites */
  GArray *piece_sites;        /* guint, two per piece: the sites on either side */
};

static void
keep_geos_message(const char *message, void *user_data)
{
  FlZones *zones = user_data;

  g_strlcpy(zones->geos_message, message, sizeof zones->geos_message);
}

static void
destroy_all(GEOSContextHandle_t geos, GPtrArray *geometries)
{
  for (guint i = 0; geometries && i < geometries->len; i++)
    GEOSGeom_destroy_r(geos, geometries->pdata[i]);
  if (geometries)
    g_ptr_array_unref(geometries);
}

/* A collection of the geometries (a GPtrArray, emptied: the collection owns them now). */
static GEOSGeometry *
collect(GEOSContextHandle_t geos, int type, GPtrArray *geometries)
{
  GEOSGeometry *collection = GEOSGeom_createCollection_r(geos, type,
                                                         (GEOSGeometry **)geometries->pdata,
                                                         geometries->len);

  if (collection)
    g_ptr_array_set_size(geometries, 0);
  return collection;
}

/* Adds every polygon of a geometry, whatever its nesting, to polygons (cloned). */
static void
add_polygons(GEOSContextHandle_t geos, const GEOSGeometry *geometry, GPtrArray *polygons)
{
  int type = GEOSGeomTypeId_r(geos, geometry);

  if (type == GEOS_POLYGON) {
    g_ptr_array_add(polygons, GEOSGeom_clone_r(geos, geometry));
    return;
  }
  if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION)
    for (int i = 0; i < GEOSGetNumGeometries_r(geos, geometry); i++)
      add_polygons(geos, GEOSGetGeometryN_r(geos, geometry, i), polygons);
}

/* Adds every line of a geometry, whatever its nesting, to lines (cloned). */
static void
add_lines(GEOSContextHandle_t geos, const GEOSGeometry *geometry, GPtrArray *lines)
{
  int type = GEOSGeomTypeId_r(geos, geometry);

  if (type == GEOS_LINESTRING) {
    g_ptr_array_add(lines, GEOSGeom_clone_r(geos, geometry));
    return;
  }
  if (type == GEOS_MULTILINESTRING || type == GEOS_GEOMETRYCOLLECTION)
    for (int i = 0; i < GEOSGetNumGeometries_r(geos, geometry); i++)
      add_lines(geos, GEOSGetGeometryN_r(geos, geometry, i), lines);
}

/* The polygons of a geometry as one multipolygon, without the lines and points an overlay may
 * leave along edges. Destroys geometry. */
static GEOSGeometry *
only_polygons(GEOSContextHandle_t geos, GEOSGeometry *geometry)
{
  GPtrArray *polygons = g_ptr_array_new();
  GEOSGeometry *multipolygon;

  if (!geometry) {
    g_ptr_array_unref(polygons);
    return NULL;
  }
  add_polygons(geos, geometry, polygons);
  GEOSGeom_destroy_r(geos, geometry);
  multipolygon = collect(geos, GEOS_MULTIPOLYGON, polygons);
  destroy_all(geos, polygons);
  return multipolygon;
}

/* A line from a to b. */
static GEOSGeometry *
segment(GEOSContextHandle_t geos, FlPagePoint a, FlPagePoint b)
{
  GEOSCoordSequence *seq = GEOSCoordSeq_create_r(geos, 2, 2);

  GEOSCoordSeq_setXY_r(geos, seq, 0, a.x, a.y);
  GEOSCoordSeq_setXY_r(geos, seq, 1, b.x, b.y);
  return GEOSGeom_createLineString_r(geos, seq);
}

/* A few consecutive points of a barrier river and their box. */
typedef struct {
  guint first, n;
  double x0, y0, x1, y1;
} Run;

#define RUN_POINTS 17   /* 16 segments per run */

static double
orientation(FlPagePoint a, FlPagePoint b, FlPagePoint c)
{
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

/* How many times the segment from a to b crosses the barrier rivers (a vertex on the segment's
 * line counts on one side only, so a crossing at a vertex counts once). */
static guint
crossings(const FlZones *zones, FlPagePoint a, FlPagePoint b)
{
  double x0 = MIN(a.x, b.x), y0 = MIN(a.y, b.y), x1 = MAX(a.x, b.x), y1 = MAX(a.y, b.y);
  const FlPagePoint *pts = (const FlPagePoint *)zones->barrier_points->data;
  guint count = 0;

  for (guint r = 0; r < zones->barrier_runs->len; r++) {
    const Run *run = &g_array_index(zones->barrier_runs, Run, r);
    if (run->x1 < x0 || run->y1 < y0 || run->x0 > x1 || run->y0 > y1)
      continue;
    for (guint i = run->first; i + 1 < run->first + run->n; i++) {
      gboolean c_side = orientation(a, b, pts[i]) >= 0, d_side = orientation(a, b, pts[i + 1]) >= 0;
      if (c_side == d_side)
        continue;
      double oa = orientation(pts[i], pts[i + 1], a), ob = orientation(pts[i], pts[i + 1], b);
      if ((oa > 0 && ob < 0) || (oa < 0 && ob > 0))
        count++;
    }
  }
  return count;
}

/* The site whose ground p is: the nearest site on p's side of the widest rivers (the base
 * map's rivers of WDBII level BARRIER_LEVEL: the way from p to the site crosses them an even
 * number of times, meanders included), or the nearest site when none of the OWNER_CANDIDATES
 * nearest is.
 *
 * A wide river is where fronts settle: both sides of a war hold a bank, and analysts draw the
 * line along the water. Plain nearness would hand each bank's strip to whichever village on
 * the other bank is nearer, and draw a saw-tooth front across the river wherever the villages
 * of the two banks alternate. Narrower rivers flow through towns and are crossed by every
 * holder's ground. */
static guint
owner(const FlZones *zones, FlPagePoint p)
{
  guint best[OWNER_CANDIDATES], n = 0;
  double distance[OWNER_CANDIDATES];   /* squared */

  for (guint s = 0; s < zones->n_sites; s++) {
    double dx = zones->site_xy[s].x - p.x, dy = zones->site_xy[s].y - p.y, d = dx * dx + dy * dy;
    guint at = n < OWNER_CANDIDATES ? n++ : OWNER_CANDIDATES;
    while (at > 0 && distance[at - 1] > d) {
      if (at < OWNER_CANDIDATES)
        best[at] = best[at - 1], distance[at] = distance[at - 1];
      at--;
    }
    if (at < OWNER_CANDIDATES)
      best[at] = s, distance[at] = d;
  }
  if (n == 0)
    return 0;
  for (guint i = 0; zones->barrier_runs && i < n; i++)
    if (crossings(zones, p, zones->site_xy[best[i]]) % 2 == 0)
      return best[i];
  return best[0];
}

/* ---- the ground ---- */

/* The rings of a base layer's shapes (those with attr, or all when attr is -1) as one area,
 * united as Cairo fills them (non-zero winding); only the rings whose box meets box (page units
 * {x0, y0, x1, y1}) when box is given. NULL when there is none. */
static GEOSGeometry *
layer_area(GEOSContextHandle_t geos, const FlShapes *shapes, gint attr, const double *box)
{
  GPtrArray *polygons = g_ptr_array_new();
  GEOSGeometry *all, *area = NULL;

  for (guint s = 0; shapes->shapes && s < shapes->shapes->len; s++) {
    const FlShape *shape = &g_array_index(shapes->shapes, FlShape, s);
    for (guint p = 0; (attr < 0 || shape->attr == attr) && p < shape->n_parts; p++) {
      const FlPart *part = &g_array_index(shapes->parts, FlPart, shape->first_part + p);
      const FlPagePoint *pts = &g_array_index(shapes->points, FlPagePoint, part->first);
      double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;
      for (guint i = 0; i < part->n; i++)
        x0 = MIN(x0, pts[i].x), y0 = MIN(y0, pts[i].y), x1 = MAX(x1, pts[i].x), y1 = MAX(y1, pts[i].y);
      if (part->n < 3 || (box && (x1 < box[0] || y1 < box[1] || x0 > box[2] || y0 > box[3])))
        continue;
      GEOSCoordSequence *seq = GEOSCoordSeq_create_r(geos, part->n + 1, 2);
      for (guint i = 0; i <= part->n; i++)
        GEOSCoordSeq_setXY_r(geos, seq, i, pts[i % part->n].x, pts[i % part->n].y);
      GEOSGeometry *ring = GEOSGeom_createLinearRing_r(geos, seq);
      GEOSGeometry *polygon = ring ? GEOSGeom_createPolygon_r(geos, ring, NULL, 0) : NULL;
      if (polygon && box && (x0 < box[0] || y0 < box[1] || x1 > box[2] || y1 > box[3])) {
        GEOSGeometry *clipped = GEOSClipByRect_r(geos, polygon, box[0], box[1], box[2], box[3]);
        GEOSGeom_destroy_r(geos, polygon);
        polygon = clipped;
      }
      GEOSGeometry *valid = polygon ? only_polygons(geos, GEOSMakeValid_r(geos, polygon)) : NULL;
      if (polygon)
        GEOSGeom_destroy_r(geos, polygon);
      if (valid)
        g_ptr_array_add(polygons, valid);
    }
  }
  if (polygons->len > 0) {
    all = collect(geos, GEOS_GEOMETRYCOLLECTION, polygons);
    area = all ? only_polygons(geos, GEOSUnaryUnion_r(geos, all)) : NULL;
    if (all)
      GEOSGeom_destroy_r(geos, all);
  }
  destroy_all(geos, polygons);
  return area;
}

/* The union of two areas (either may be NULL); takes both. */
static GEOSGeometry *
union_of(GEOSContextHandle_t geos, GEOSGeometry *a, GEOSGeometry *b)
{
  GEOSGeometry *both;

  if (!a || !b)
    return a ? a : b;
  both = only_polygons(geos, GEOSUnion_r(geos, a, b));
  GEOSGeom_destroy_r(geos, a);
  GEOSGeom_destroy_r(geos, b);
  return both;
}

/* Replaces *area by the overlay of it with other (GEOSIntersection_r, GEOSDifference_r), keeping
 * only polygons; destroys other. FALSE when GEOS fails. */
static gboolean
overlay(GEOSContextHandle_t geos, GEOSGeometry **area, GEOSGeometry *other,
        GEOSGeometry *(*operation)(GEOSContextHandle_t, const GEOSGeometry *, const GEOSGeometry *))
{
  GEOSGeometry *result;

  if (!other)
    return TRUE;
  result = only_polygons(geos, operation(geos, *area, other));
  GEOSGeom_destroy_r(geos, other);
  if (!result)
    return FALSE;
  GEOSGeom_destroy_r(geos, *area);
  *area = result;
  return TRUE;
}

/* The ground zones may cover: the theatre's country (the frame when the countries layer has
 * none), off the lakes and reservoirs. (The country's polygon and the coastline come from
 * different sources, but cutting it to the land changes less than a pixel and costs more than
 * everything else here.) */
static GEOSGeometry *
theatre_ground(GEOSContextHandle_t geos, const FlMap *map)
{
  GEOSGeometry *ground = layer_area(geos, &map->layers[FL_LAYER_COUNTRIES], 1, NULL);
  double box[4];

  if (!ground)
    ground = GEOSGeom_createRectangle_r(geos, map->frame.x, map->frame.y,
                                        map->frame.x + map->frame.width,
                                        map->frame.y + map->frame.height);
  if (!ground || !GEOSGeom_getXMin_r(geos, ground, &box[0]) ||
      !GEOSGeom_getYMin_r(geos, ground, &box[1]) || !GEOSGeom_getXMax_r(geos, ground, &box[2]) ||
      !GEOSGeom_getYMax_r(geos, ground, &box[3]))
    return ground;
  if (!overlay(geos, &ground,
               union_of(geos, layer_area(geos, &map->layers[FL_LAYER_LAKES], -1, box),
                        layer_area(geos, &map->layers[FL_LAYER_RESERVOIRS], -1, box)),
               GEOSDifference_r)) {
    GEOSGeom_destroy_r(geos, ground);
    return NULL;
  }
  return ground;
}

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
      if (fabs(zones->site_xy[s].x - xy.x) < SAME_POINT && fabs(zones->site_xy[s].y - xy.y) < SAME_POINT)
        break;
    if (s == zones->n_sites) {
      zones->site_xy[s] = xy;
      zones->site_place[s] = p;
      zones->n_sites++;
    } else {
      const FlPlace *other = places->pdata[zones->site_place[s]];
      if (reach_km(place) > reach_km(other) ||
          (reach_km(place) == reach_km(other) && place->population > other->population))
        zones->site_place[s] = p;
    }
  }
}

static GEOSGeometry *
sites_multipoint(const FlZones *zones)
{
  GPtrArray *points = g_ptr_array_new();
  GEOSGeometry *multipoint;

  for (guint s = 0; s < zones->n_sites; s++)
    g_ptr_array_add(points, GEOSGeom_createPointFromXY_r(zones->geos, zones->site_xy[s].x,
                                                         zones->site_xy[s].y));
  multipoint = collect(zones->geos, GEOS_MULTIPOINT, points);
  destroy_all(zones->geos, points);
  return multipoint;
}

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

/* The settled area: the ground within reach of a site, with the gaps narrower than twice
 * close_km ([zones] smooth) closed, which also rounds the outline (a closing: grown by
 * close_km, then shrunk by as much; growing a union of discs is growing each disc, so the discs
 * are made grown), cut to the ground. */
static GEOSGeometry *
settled_area(const FlZones *zones, const FlMap *map, const GEOSGeometry *ground)
{
  GEOSContextHandle_t geos = zones->geos;
  double px_per_km = map->projection.px_per_km;
  double close_km = fl_style_number(map->style, FL_STYLE_ZONES_SMOOTH);
  GPtrArray *discs = g_ptr_array_new();
  GEOSGeometry *all = NULL, *grown = NULL, *settled = NULL;

  for (guint s = 0; s < zones->n_sites; s++) {
    const FlPlace *place = map->theatre->places->pdata[zones->site_place[s]];
    GEOSGeometry *grown_disc = disc(geos, zones->site_xy[s],
                                    (reach_km(place) + close_km) * px_per_km);
    if (grown_disc)
      g_ptr_array_add(discs, grown_disc);
  }
  all = collect(geos, GEOS_GEOMETRYCOLLECTION, discs);
  grown = all ? GEOSUnaryUnion_r(geos, all) : NULL;
  settled = grown ? GEOSBuffer_r(geos, grown, -close_km * px_per_km, DISC_SIDES / 4) : NULL;
  if (settled && !overlay(geos, &settled, GEOSGeom_clone_r(geos, ground), GEOSIntersection_r)) {
    GEOSGeom_destroy_r(geos, settled);
    settled = NULL;
  }
  for (GEOSGeometry **g = (GEOSGeometry *[]){all, grown}, **end = g + 2; g < end; g++)
    if (*g)
      GEOSGeom_destroy_r(geos, *g);
  destroy_all(geos, discs);
  return settled;
}

/* ---- faces and pieces ---- */

/* A Voronoi edge, its ends in a fixed order, as a hash key. */
typedef struct {
  double x0, y0, x1, y1;
} EdgeKey;

static guint
edge_hash(gconstpointer key)
{
  const guint32 *words = key;
  guint hash = 2166136261u;

  for (gsize i = 0; i < sizeof(EdgeKey) / sizeof(guint32); i++)
    hash = (hash ^ words[i]) * 16777619u;
  return hash;
}

static gboolean
edge_equal(gconstpointer a, gconstpointer b)
{
  return memcmp(a, b, sizeof(EdgeKey)) == 0;
}

/* The sides of the Voronoi cells whose box meets box, each once (a side of two cells is a
 * Voronoi edge), added to lines. */
static void
add_cell_sides(FlZones *zones, const GEOSGeometry *cells, const double box[4], GHashTable *seen,
               GPtrArray *lines)
{
  GEOSContextHandle_t geos = zones->geos;

  for (int c = 0; c < GEOSGetNumGeometries_r(geos, cells); c++) {
    const GEOSGeometry *cell = GEOSGetGeometryN_r(geos, cells, c);
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(geos, GEOSGetExteriorRing_r(geos, cell));
    unsigned int n = 0;
    GEOSCoordSeq_getSize_r(geos, seq, &n);
    double *xy = g_new(double, 2 * MAX(n, 1));
    GEOSCoordSeq_copyToBuffer_r(geos, seq, xy, 0, 0);
    for (unsigned int i = 0; i + 1 < n; i++) {
      FlPagePoint a = {xy[2 * i], xy[2 * i + 1]}, b = {xy[2 * i + 2], xy[2 * i + 3]};
      gboolean forward = a.x < b.x || (a.x == b.x && a.y < b.y);
      EdgeKey key = forward ? (EdgeKey){a.x, a.y, b.x, b.y} : (EdgeKey){b.x, b.y, a.x, a.y};
      if (MAX(a.x, b.x) < box[0] || MAX(a.y, b.y) < box[1] || MIN(a.x, b.x) > box[2] ||
          MIN(a.y, b.y) > box[3] || g_hash_table_contains(seen, &key))
        continue;
      g_hash_table_add(seen, g_memdup2(&key, sizeof key));
      g_ptr_array_add(lines, segment(geos, a, b));
    }
    g_free(xy);
  }
}

/* The rivers that part the ground (see owner()) whose box meets box: into barrier_points and
 * barrier_runs, and as one multilinestring (NULL when there is none). */
static GEOSGeometry *
barrier_lines(FlZones *zones, const FlShapes *rivers, const double box[4])
{
  GEOSContextHandle_t geos = zones->geos;
  GPtrArray *lines = g_ptr_array_new();
  GEOSGeometry *barriers = NULL;

  for (guint s = 0; rivers->shapes && s < rivers->shapes->len; s++) {
    const FlShape *shape = &g_array_index(rivers->shapes, FlShape, s);
    for (guint p = 0; shape->attr == BARRIER_LEVEL && p < shape->n_parts; p++) {
      const FlPart *part = &g_array_index(rivers->parts, FlPart, shape->first_part + p);
      const FlPagePoint *pts = &g_array_index(rivers->points, FlPagePoint, part->first);
      double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;
      for (guint i = 0; i < part->n; i++)
        x0 = MIN(x0, pts[i].x), y0 = MIN(y0, pts[i].y), x1 = MAX(x1, pts[i].x), y1 = MAX(y1, pts[i].y);
      if (part->n < 2 || x1 < box[0] || y1 < box[1] || x0 > box[2] || y0 > box[3])
        continue;
      for (guint first = 0; first + 1 < part->n; first += RUN_POINTS - 1) {
        Run run = {zones->barrier_points->len, MIN(RUN_POINTS, part->n - first), HUGE_VAL,
                   HUGE_VAL, -HUGE_VAL, -HUGE_VAL};
        g_array_append_vals(zones->barrier_points, pts + first, run.n);
        for (guint i = first; i < first + run.n; i++)
          run.x0 = MIN(run.x0, pts[i].x), run.y0 = MIN(run.y0, pts[i].y),
          run.x1 = MAX(run.x1, pts[i].x), run.y1 = MAX(run.y1, pts[i].y);
        g_array_append_val(zones->barrier_runs, run);
      }
      GEOSCoordSequence *seq = GEOSCoordSeq_copyFromBuffer_r(geos, &pts->x, part->n, FALSE, FALSE);
      g_ptr_array_add(lines, GEOSGeom_createLineString_r(geos, seq));
    }
  }
  if (lines->len > 0)
    barriers = collect(geos, GEOS_MULTILINESTRING, lines);
  destroy_all(geos, lines);
  return barriers;
}

/* The cells' sides, the settled area's outline and the rivers that part the ground, noded
 * together: polygonized, they make the faces, each inside the settled area going to the owner()
 * of a point inside it (a face lies in one cell and on one bank, so every point of it has that
 * owner); the noded lines inside the settled area whose two sides have different owners are
 * the pieces. */
static gboolean
faces_and_pieces(FlZones *zones, const GEOSGeometry *cells, const double box[4])
{
  GEOSContextHandle_t geos = zones->geos;
  GHashTable *seen = g_hash_table_new_full(edge_hash, edge_equal, g_free, NULL);
  GPtrArray *lines = g_ptr_array_new(), *noded_lines = g_ptr_array_new();
  GEOSGeometry *linework = NULL, *noded = NULL, *polygons = NULL;
  const GEOSPreparedGeometry *settled = zones->settled_prepared;
  gboolean ok;

  add_cell_sides(zones, cells, box, seen, lines);
  if (zones->barriers)
    g_ptr_array_add(lines, GEOSGeom_clone_r(geos, zones->barriers));
  g_ptr_array_add(lines, GEOSBoundary_r(geos, zones->settled));
  linework = lines->pdata[lines->len - 1] ? collect(geos, GEOS_GEOMETRYCOLLECTION, lines) : NULL;
  noded = linework ? GEOSUnaryUnion_r(geos, linework) : NULL;
  polygons = noded ? GEOSPolygonize_r(geos, (const GEOSGeometry *const[]){noded}, 1) : NULL;
  ok = polygons != NULL;
  for (int i = 0; ok && i < GEOSGetNumGeometries_r(geos, polygons); i++) {
    const GEOSGeometry *face = GEOSGetGeometryN_r(geos, polygons, i);
    GEOSGeometry *inside = GEOSPointOnSurface_r(geos, face);
    FlPagePoint p = {NAN, NAN};
    if (inside && GEOSGeomGetX_r(geos, inside, &p.x) && GEOSGeomGetY_r(geos, inside, &p.y) &&
        GEOSPreparedIntersects_r(geos, settled, inside) == 1) {
      GEOSGeometry *kept = GEOSGeom_clone_r(geos, face);
      guint site = owner(zones, p);
      GEOSNormalize_r(geos, kept);
      g_ptr_array_add(zones->faces, kept);
      g_array_append_val(zones->face_site, site);
      zones->site_has_ground[site] = TRUE;
    }
    if (inside)
      GEOSGeom_destroy_r(geos, inside);
  }
  if (ok)
    add_lines(geos, noded, noded_lines);
  for (guint i = 0; i < noded_lines->len; i++) {
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(geos, noded_lines->pdata[i]);
    FlPagePoint a, b, side[2];
    guint sites[2];
    gboolean inside = TRUE;
    GEOSCoordSeq_getXY_r(geos, seq, 0, &a.x, &a.y);
    GEOSCoordSeq_getXY_r(geos, seq, 1, &b.x, &b.y);
    double length = hypot(b.x - a.x, b.y - a.y);
    if (length <= 0)
      continue;
    for (int k = 0; k < 2; k++) {
      double sign = k ? -SIDE_OFFSET : SIDE_OFFSET;
      side[k] = (FlPagePoint){(a.x + b.x) / 2 + sign * (a.y - b.y) / length,
                              (a.y + b.y) / 2 + sign * (b.x - a.x) / length};
      GEOSGeometry *point = GEOSGeom_createPointFromXY_r(geos, side[k].x, side[k].y);
      inside &= GEOSPreparedContains_r(geos, settled, point) == 1;
      GEOSGeom_destroy_r(geos, point);
    }
    if (!inside)
      continue;
    sites[0] = owner(zones, side[0]);
    sites[1] = owner(zones, side[1]);
    if (sites[0] != sites[1]) {
      g_ptr_array_add(zones->pieces, noded_lines->pdata[i]);
      g_array_append_vals(zones->piece_sites, sites, 2);
      noded_lines->pdata[i] = NULL;
    }
  }
  for (guint i = 0; i < noded_lines->len; i++)
    if (noded_lines->pdata[i])
      GEOSGeom_destroy_r(geos, noded_lines->pdata[i]);
  g_ptr_array_unref(noded_lines);
  for (GEOSGeometry **g = (GEOSGeometry *[]){linework, noded, polygons}, **end = g + 3; g < end; g++)
    if (*g)
      GEOSGeom_destroy_r(geos, *g);
  destroy_all(geos, lines);
  g_hash_table_unref(seen);
  return ok;
}

FlZones *
fl_zones_new(const FlMap *map, GError **error)
{
  FlZones *zones = g_new0(FlZones, 1);
  GEOSContextHandle_t geos = GEOS_init_r();
  GEOSGeometry *sites = NULL, *frame = NULL, *cells = NULL, *ground = NULL;
  double box[4] = {0, 0, 0, 0};   /* the settled area's */
  gboolean ok = FALSE;

  zones->geos = geos;
  GEOSContext_setErrorMessageHandler_r(geos, keep_geos_message, zones);
  GEOSContext_setNoticeMessageHandler_r(geos, NULL, NULL);
  zones->faces = g_ptr_array_new();
  zones->face_site = g_array_new(FALSE, FALSE, sizeof(guint));
  zones->pieces = g_ptr_array_new();
  zones->piece_sites = g_array_new(FALSE, FALSE, sizeof(guint));
  find_sites(zones, map);
  zones->site_has_ground = g_new0(gboolean, MAX(zones->n_sites, 1));
  if (zones->n_sites < 2) {   /* no diagram: one site or none holds nothing drawable */
    ok = TRUE;
    goto out;
  }
  ground = theatre_ground(geos, map);
  zones->settled = ground ? settled_area(zones, map, ground) : NULL;
  zones->settled_prepared = zones->settled ? GEOSPrepare_r(geos, zones->settled) : NULL;
  if (zones->settled) {
    GEOSGeom_getXMin_r(geos, zones->settled, &box[0]), GEOSGeom_getYMin_r(geos, zones->settled, &box[1]);
    GEOSGeom_getXMax_r(geos, zones->settled, &box[2]), GEOSGeom_getYMax_r(geos, zones->settled, &box[3]);
    zones->barrier_points = g_array_new(FALSE, FALSE, sizeof(FlPagePoint));
    zones->barrier_runs = g_array_new(FALSE, FALSE, sizeof(Run));
    zones->barriers = barrier_lines(zones, &map->layers[FL_LAYER_RIVERS], box);
  }
  sites = sites_multipoint(zones);
  /* the cells reach well past the page, so that every cell of the page is whole */
  frame = GEOSGeom_createRectangle_r(geos, map->frame.x - map->frame.width,
                                     map->frame.y - map->frame.height,
                                     map->frame.x + 2 * map->frame.width,
                                     map->frame.y + 2 * map->frame.height);
  cells = zones->settled_prepared && sites && frame
            ? GEOSVoronoiDiagram_r(geos, sites, frame, 0, 0) : NULL;
  ok = cells != NULL;
  ok = ok && faces_and_pieces(zones, cells, box);
out:
  for (GEOSGeometry **g = (GEOSGeometry *[]){sites, frame, cells, ground}, **end = g + 4; g < end;
       g++)
    if (*g)
      GEOSGeom_destroy_r(geos, *g);
  if (!ok) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW,
                "the control zones could not be computed: %s",
                zones->geos_message[0] ? zones->geos_message : "GEOS failed");
    fl_zones_free(zones);
    return NULL;
  }
  return zones;
}

void
fl_zones_free(FlZones *zones)
{
  if (!zones)
    return;
  destroy_all(zones->geos, zones->faces);
  destroy_all(zones->geos, zones->pieces);
  g_array_unref(zones->face_site);
  g_array_unref(zones->piece_sites);
  if (zones->settled_prepared)
    GEOSPreparedGeom_destroy_r(zones->geos, zones->settled_prepared);
  if (zones->barrier_points)
    g_array_unref(zones->barrier_points);
  if (zones->barrier_runs)
    g_array_unref(zones->barrier_runs);
  if (zones->barriers)
    GEOSGeom_destroy_r(zones->geos, zones->barriers);
  if (zones->settled)
    GEOSGeom_destroy_r(zones->geos, zones->settled);
  g_free(zones->site_has_ground);
  g_free(zones->site_xy);
  g_free(zones->site_place);
  GEOS_finish_r(zones->geos);
  g_free(zones);
}

/* ---- kept in the cache ---- */

/* The zones as a GVariant of ZONES_TYPE: sites (points, places, whether each has ground), the
 * settled area, the barrier rivers' runs, the faces and the pieces with their sites (geometries
 * as WKB, which keeps every coordinate exactly). */
#define ZONES_TYPE "(a(dd)auayaya(dd)a(uudddd)aayauaayau)"

G_STATIC_ASSERT(sizeof(FlPagePoint) == 16 && sizeof(Run) == 40);

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
    fixed_variant("(uudddd)", runs->data, runs->len, sizeof(Run)),
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
  GEOSContext_setErrorMessageHandler_r(geos, keep_geos_message, zones);
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
    zones->barrier_runs = fixed_child(saved, 5, sizeof(Run));
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
    const Run *run = &g_array_index(zones->barrier_runs, Run, r);
    ok = run->first <= zones->barrier_points->len && run->n <= zones->barrier_points->len - run->first;
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

/* ---- one date ---- */

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
  lines = collect(zones->geos, GEOS_MULTILINESTRING, front);
  destroy_all(zones->geos, front);
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
  site = owner(zones, p);
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
  line = segment(geos, a, b);
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

GEOSContextHandle_t
fl_zones_faces(const FlZones *zones, const GPtrArray **faces, const GArray **face_site)
{
  *faces = zones->faces;
  *face_site = zones->face_site;
  return zones->geos;
}

/* ---- drawing ---- */

/* Appends a geometry's rings and lines to the current path. */
static void
geometry_path(cairo_t *cr, GEOSContextHandle_t geos, const GEOSGeometry *geometry)
{
  int type = GEOSGeomTypeId_r(geos, geometry);

  if (type == GEOS_LINESTRING || type == GEOS_LINEARRING) {
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(geos, geometry);
    unsigned int n = 0;
    GEOSCoordSeq_getSize_r(geos, seq, &n);
    if (n < 2)
      return;
    double *xy = g_new(double, 2 * n);
    GEOSCoordSeq_copyToBuffer_r(geos, seq, xy, 0, 0);
    cairo_move_to(cr, xy[0], xy[1]);
    for (unsigned int i = 1; i < n; i++)
      cairo_line_to(cr, xy[2 * i], xy[2 * i + 1]);
    if (type == GEOS_LINEARRING)
      cairo_close_path(cr);
    g_free(xy);
  } else if (type == GEOS_POLYGON) {
    geometry_path(cr, geos, GEOSGetExteriorRing_r(geos, geometry));
    for (int i = 0; i < GEOSGetNumInteriorRings_r(geos, geometry); i++)
      geometry_path(cr, geos, GEOSGetInteriorRingN_r(geos, geometry, i));
  } else if (type == GEOS_MULTILINESTRING || type == GEOS_MULTIPOLYGON ||
             type == GEOS_GEOMETRYCOLLECTION) {
    for (int i = 0; i < GEOSGetNumGeometries_r(geos, geometry); i++)
      geometry_path(cr, geos, GEOSGetGeometryN_r(geos, geometry, i));
  }
}

/* Appends the faces of the sites faction holds, contested or not, to the current path. */
static void
faces_path(cairo_t *cr, const FlSituation *situation, gint faction, gboolean contested)
{
  const FlZones *zones = situation->zones;

  for (guint i = 0; i < zones->faces->len; i++) {
    guint site = g_array_index(zones->face_site, guint, i);
    if (situation->site_holder[site] == faction && situation->site_contested[site] == contested)
      geometry_path(cr, zones->geos, zones->faces->pdata[i]);
  }
}

/* Diagonal lines over the current clip, every spacing page units. */
static void
hatch(cairo_t *cr, double spacing)
{
  double x1, y1, x2, y2;

  cairo_clip_extents(cr, &x1, &y1, &x2, &y2);
  for (double x = x1 - (y2 - y1); x < x2; x += spacing) {
    cairo_move_to(cr, x, y2);
    cairo_line_to(cr, x + (y2 - y1), y1);
  }
}

void
fl_zones_draw_swatch(cairo_t *cr, const FlMap *map, double x, double y, double width,
                     double height, guint32 color, gboolean contested)
{
  double u = map->unit;

  cairo_save(cr);
  cairo_new_path(cr);
  cairo_rectangle(cr, x, y, width, height);
  cairo_set_source_rgba(cr, RGB(color), contested ? CONTESTED_OPACITY
                                                  : fl_style_number(map->style, FL_STYLE_ZONES_OPACITY));
  cairo_fill_preserve(cr);
  cairo_clip(cr);
  if (contested) {
    hatch(cr, HATCH_SPACING * u);
    cairo_set_source_rgba(cr, RGB(color), HATCH_OPACITY);
    cairo_set_line_width(cr, HATCH_WIDTH * u);
    cairo_stroke(cr);
  }
  cairo_restore(cr);
}

void
fl_zones_draw(cairo_t *cr, const FlMap *map, const FlSituation *situation)
{
  double u = map->unit;

  if (!situation->zones)
    return;
  cairo_save(cr);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
  for (guint f = 0; f < situation->n_factions; f++) {
    guint32 color = map->faction_colors[f];
    gboolean contested;
    if (!fl_situation_faction_zoned(situation, (gint)f, &contested))
      continue;
    cairo_new_path(cr);
    faces_path(cr, situation, (gint)f, FALSE);
    cairo_set_source_rgba(cr, RGB(color), fl_style_number(map->style, FL_STYLE_ZONES_OPACITY));
    cairo_fill(cr);
    if (!contested)
      continue;
    cairo_save(cr);
    faces_path(cr, situation, (gint)f, TRUE);
    cairo_set_source_rgba(cr, RGB(color), CONTESTED_OPACITY);
    cairo_fill_preserve(cr);
    cairo_clip(cr);
    hatch(cr, HATCH_SPACING * u);
    cairo_set_source_rgba(cr, RGB(color), HATCH_OPACITY);
    cairo_set_line_width(cr, HATCH_WIDTH * u);
    cairo_stroke(cr);
    cairo_restore(cr);
  }
  cairo_restore(cr);
}

/* Strokes the current path as the front line ([front] color and width), over a white halo. */
static void
stroke_front(cairo_t *cr, const FlMap *map, double u)
{
  double width = fl_style_number(map->style, FL_STYLE_FRONT_WIDTH);
  guint32 rgba = fl_style_color(map->style, FL_STYLE_FRONT_COLOR);

  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_source_rgba(cr, 1, 1, 1, FRONT_HALO_OPACITY);
  cairo_set_line_width(cr, (width + 2 * FRONT_HALO_WIDTH) * u);
  cairo_stroke_preserve(cr);
  cairo_set_source_rgba(cr, RGB(rgba >> 8), (rgba & 0xff) / 255.0);
  cairo_set_line_width(cr, width * u);
  cairo_stroke(cr);
}

void
fl_front_draw(cairo_t *cr, const FlMap *map, const FlSituation *situation)
{
  if (!situation->zones || !situation->front)
    return;
  cairo_save(cr);
  cairo_new_path(cr);
  geometry_path(cr, situation->zones->geos, situation->front);
  stroke_front(cr, map, map->unit);
  cairo_restore(cr);
}

void
fl_front_draw_sample(cairo_t *cr, const FlMap *map, double x0, double x1, double y)
{
  double u = map->unit;

  cairo_save(cr);
  cairo_new_path(cr);
  cairo_move_to(cr, x0, y + 3 * u);
  cairo_curve_to(cr, x0 + (x1 - x0) / 3, y - 5 * u, x0 + 2 * (x1 - x0) / 3, y + 5 * u, x1, y - 3 * u);
  stroke_front(cr, map, u);
  cairo_restore(cr);
}
