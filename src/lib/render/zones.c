/* zones.c - the ground each faction holds on a date, and the front line between holders:
 * the ground prepared once per map (zones-internal.h lists the other files).
 *
 * Zones are derived from the places' states and the theatre's baseline zones: every theatre
 * place (settlement or site) stands for the ground around it, and that ground goes to the
 * place's holder; the ground far from every place goes with the places of its baseline zone.
 *
 * Prepared once per map by fl_zones_start() and fl_zones_new(), whatever the date:
 *   ground   the theatre's country, off lakes, reservoirs and occupied areas (areas of kind
 *            occupied of baseline-zones.tsv: the Golan; drawn apart, held by no faction);
 *   sites    the theatre places with a page point, one per distinct point;
 *   settled  the ground within reach of a site (a disc whose radius grows with the place's rank
 *            and population, see fl_theatre_reach_km()), the gaps between reaches narrower than
 *            2 x [zones] smooth km closed: the ground the places themselves hold;
 *   open     the rest of the ground (desert, steppe), in the baseline zone that holds it (the
 *            smallest, as for the places on the baseline date);
 *   faces    the ground cut by its edge, the sites' Voronoi cells, the rivers that part the
 *            ground ([ground] barrier_levels), the settled area's edge and the baseline zones'
 *            edges; each face is the ground of one unit (owner()): a site's settled ground, a
 *            site's open ground, or a zone where no place stands; a face under SLIVER_KM2 goes
 *            to its longest neighbour's unit;
 *   pieces   the edges between faces of two different units, each knowing both.
 *
 * Who holds what:
 *   - settled ground: the nearest site on the same bank of the rivers that part the ground,
 *     then that site's holder. A deconfliction zone (al-Tanf's 55 km) is fenced: only its own
 *     sites hold ground inside it, and they hold none outside. An abandoned place's settled
 *     ground is no one's, as its dot says.
 *   - open ground: the nearest site of its own baseline zone on the same bank (failing one, of
 *     any zone on that bank; failing one, of its zone on any bank), then that site's holder;
 *     when no one holds that site (abandoned, unknown), the holder of the nearest site of the
 *     zone someone holds (FL_ZONES_NEXT tried). So the open ground changes hands with the towns
 *     of its zone around it: the desert round Palmyra follows Palmyra, a captured town takes
 *     its share of the desert, never the desert of another zone, and a captured town is no
 *     disc in an empty desert. A zone where no place stands keeps its faction (its successor
 *     once it ends). Open ground in no zone (a theatre without baseline zones) is no one's.
 * This is the baseline drawn where no town stands: on the baseline date each zone's open
 * ground is its faction's, because its towns are; afterwards it moves with them, town by town.
 * The map draws open ground lighter ([zones] open): who holds a desert is inferred from the
 * towns around it, not reported.
 *
 * Per date, fl_situation_new() gives each unit's faces to its holder (contested or besieged
 * places' faces apart), and the front line is the pieces between units of two different
 * factions that are not allies, merged into lines; no front runs along no one's ground. The
 * faces tile the ground edge to edge (one polygonized linework) and the pieces are the very
 * edges between faces, so a front runs exactly where two zones drawn meet: no gap, no stub. A
 * zone is drawn as one Cairo path of its faction's faces, filled with the non-zero rule (faces
 * are normalized, so they all turn the same way): that fill is the union, seamless, without a
 * polygon union per date, so a date costs a few milliseconds of drawing and next to nothing of
 * geometry.
 *
 * Geometry is in page units, not projected metres: the base layers (the country outline
 * included) are already held in page units, the page is the projected plane scaled uniformly
 * (one scale, px_per_km, in the theatre's conformal projection), so Voronoi cells and discs
 * are the same shapes either way, and page units are what Cairo draws and what the tests
 * check against fl_map_project(). Distances given in km are converted with px_per_km. */
#include "zones-internal.h"

#include <math.h>
#include <string.h>

#define OWNER_CANDIDATES 8        /* sites tried, nearest first, for a point across a river */
#define SLIVER_KM2 1.0            /* a face smaller than this goes to its longest neighbour */

/* What the zones are prepared with, beside the zones themselves. */
typedef struct {
  const FlMap *map;
  FlAreaShapes areas;         /* the theatre's baseline zones on the page */
  gint *site_area;            /* per site: the area it stands in, or -1 */
  gint *site_fence;           /* per site: the deconfliction zone it stands in, or -1 */
  GEOSGeometry *ground;       /* the ground zones may cover */
  const GEOSPreparedGeometry *ground_prepared;
  GEOSGeometry *settled;      /* the settled area */
  const GEOSPreparedGeometry *settled_prepared;
  GEOSGeometry *barriers;     /* the rivers that part the ground, or NULL */
  double box[4];              /* the box of what faces cover: x0, y0, x1, y1 */
} Prep;

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
    const FlRun *run = &g_array_index(zones->barrier_runs, FlRun, r);
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

/* The k (at most) nearest sites to p into best, nearest first, of the sites whose site_key is
 * key (all when site_key is NULL) but skip; returns how many there are. */
static guint
nearest_sites(const FlZones *zones, FlPagePoint p, const gint *site_key, gint key, guint skip,
              guint *best, guint k)
{
  double distance[MAX(OWNER_CANDIDATES, FL_ZONES_NEXT)];   /* squared */
  guint n = 0;

  g_assert(k <= G_N_ELEMENTS(distance));
  for (guint s = 0; s < zones->n_sites; s++) {
    if (s == skip || (site_key && site_key[s] != key))
      continue;
    double dx = zones->site_xy[s].x - p.x, dy = zones->site_xy[s].y - p.y, d = dx * dx + dy * dy;
    guint at = n < k ? n++ : k;
    while (at > 0 && distance[at - 1] > d) {
      if (at < k)
        best[at] = best[at - 1], distance[at] = distance[at - 1];
      at--;
    }
    if (at < k)
      best[at] = s, distance[at] = d;
  }
  return n;
}

/* The nearest site to p on p's side of the rivers that part the ground (the base map's rivers
 * of the theatre's [ground] barrier_levels: the way from p to the site crosses them an even
 * number of times, meanders included), of the sites whose site_key is key (all when site_key
 * is NULL); when none of the OWNER_CANDIDATES nearest such sites is on p's side, the nearest
 * of them, or FL_ZONES_NONE when same_bank; FL_ZONES_NONE when no site is.
 *
 * A wide river is where fronts settle: both sides of a war hold a bank, and analysts draw the
 * line along the water. Plain nearness would hand each bank's strip to whichever village on
 * the other bank is nearer, and draw a saw-tooth front across the river wherever the villages
 * of the two banks alternate. Narrower rivers flow through towns and are crossed by every
 * holder's ground, unless the theatre names their level too. */
static guint
nearest_site(const FlZones *zones, FlPagePoint p, const gint *site_key, gint key,
             gboolean same_bank)
{
  guint best[OWNER_CANDIDATES];
  guint n = nearest_sites(zones, p, site_key, key, FL_ZONES_NONE, best, OWNER_CANDIDATES);

  if (n == 0)
    return FL_ZONES_NONE;
  if (!zones->barrier_runs || zones->barrier_runs->len == 0)
    return best[0];
  for (guint i = 0; i < n; i++)
    if (crossings(zones, p, zones->site_xy[best[i]]) % 2 == 0)
      return best[i];
  return same_bank ? FL_ZONES_NONE : best[0];
}

/* The deconfliction zone area is, or -1. */
static gint
fence_of(const Prep *prep, gint area)
{
  return area >= 0 && ((const FlArea *)prep->map->theatre->areas->pdata[area])->kind ==
                        FL_AREA_DECONFLICTION ? area : -1;
}

/* The unit whose ground p is (see the file's comment), FL_ZONES_NONE when p is no one's or off
 * the ground. Open ground goes to the nearest site of its zone on its bank; failing one, to the
 * nearest site on its bank (a strip between a zone's edge drawn by hand and the river it
 * follows takes its bank's side, not a sliver of the other bank's); failing one, to the
 * nearest site of its zone; failing one, to the zone itself. */
static guint
owner(const FlZones *zones, const Prep *prep, FlPagePoint p)
{
  GEOSContextHandle_t geos = zones->geos;
  GEOSGeometry *point = GEOSGeom_createPointFromXY_r(geos, p.x, p.y);
  gboolean on_ground = GEOSPreparedContains_r(geos, prep->ground_prepared, point) == 1;
  gboolean settled =
    on_ground && GEOSPreparedContains_r(geos, prep->settled_prepared, point) == 1;
  gint area;
  guint site = FL_ZONES_NONE;

  GEOSGeom_destroy_r(geos, point);
  if (!on_ground)
    return FL_ZONES_NONE;
  area = fl_area_shapes_at(&prep->areas, geos, p);
  if (settled && (site = nearest_site(zones, p, prep->site_fence, fence_of(prep, area), FALSE)) !=
                   FL_ZONES_NONE)
    return site;
  if (area < 0)
    return FL_ZONES_NONE;
  if ((site = nearest_site(zones, p, prep->site_area, area, TRUE)) == FL_ZONES_NONE &&
      (site = nearest_site(zones, p, prep->site_fence, fence_of(prep, area), TRUE)) ==
        FL_ZONES_NONE &&
      (site = nearest_site(zones, p, prep->site_area, area, FALSE)) == FL_ZONES_NONE)
    return 2 * zones->n_sites + (guint)area;
  return zones->n_sites + site;
}

/* ---- the ground ---- */

/* The ground zones may cover: the theatre's country (the frame when the countries layer has
 * none), off the lakes and reservoirs. (The country's polygon and the coastline come from
 * different sources, but cutting it to the land changes less than a pixel and costs more than
 * everything else here.) */
static GEOSGeometry *
theatre_ground(GEOSContextHandle_t geos, const FlMap *map)
{
  GEOSGeometry *ground =
    fl_geos_layer_area(geos, &map->layers[FL_LAYER_COUNTRIES], 1, NULL, NULL);
  const GEOSPreparedGeometry *country;
  GEOSGeometry *water;
  double box[4];

  if (!ground)
    ground = GEOSGeom_createRectangle_r(geos, map->frame.x, map->frame.y,
                                        map->frame.x + map->frame.width,
                                        map->frame.y + map->frame.height);
  if (!ground || !GEOSGeom_getXMin_r(geos, ground, &box[0]) ||
      !GEOSGeom_getYMin_r(geos, ground, &box[1]) || !GEOSGeom_getXMax_r(geos, ground, &box[2]) ||
      !GEOSGeom_getYMax_r(geos, ground, &box[3]))
    return ground;
  /* the water that meets the country: the lakes and reservoirs round it in its box are left
   * out before they are united and taken away (half of cutting the ground) */
  country = GEOSPrepare_r(geos, ground);
  water = fl_geos_union(
    geos, fl_geos_layer_area(geos, &map->layers[FL_LAYER_LAKES], -1, box, country),
    fl_geos_layer_area(geos, &map->layers[FL_LAYER_RESERVOIRS], -1, box, country));
  if (country)
    GEOSPreparedGeom_destroy_r(geos, country);
  if (!fl_geos_overlay(geos, &ground, water, GEOSDifference_r)) {
    GEOSGeom_destroy_r(geos, ground);
    return NULL;
  }
  return ground;
}

/* ---- sites ---- */

/* Each site's area and deconfliction zone; the sites of its zone its open ground passes to
 * when no one holds it, nearest first. */
static void
sites_areas(FlZones *zones, Prep *prep)
{
  guint n = zones->n_sites;

  prep->site_area = g_new(gint, MAX(n, 1));
  prep->site_fence = g_new(gint, MAX(n, 1));
  for (guint s = 0; s < n; s++) {
    prep->site_area[s] = fl_area_shapes_at(&prep->areas, zones->geos, zones->site_xy[s]);
    prep->site_fence[s] = fence_of(prep, prep->site_area[s]);
  }
  for (guint s = 0; s < n; s++)
    if (prep->site_area[s] >= 0)
      nearest_sites(zones, zones->site_xy[s], prep->site_area, prep->site_area[s], s,
                    zones->site_next + FL_ZONES_NEXT * s, FL_ZONES_NEXT);
}

/* The sites as one multipoint. */
static GEOSGeometry *
sites_multipoint(const FlZones *zones)
{
  GPtrArray *points = g_ptr_array_new();
  GEOSGeometry *multipoint;

  for (guint s = 0; s < zones->n_sites; s++)
    g_ptr_array_add(points, GEOSGeom_createPointFromXY_r(zones->geos, zones->site_xy[s].x,
                                                         zones->site_xy[s].y));
  multipoint = fl_geos_collect(zones->geos, GEOS_MULTIPOINT, points);
  fl_geos_destroy_all(zones->geos, points);
  return multipoint;
}

/* ---- faces and pieces ---- */

/* A segment of the linework, its ends in a fixed order, as a hash key. */
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

/* The key of the segment from a to b, its ends in a fixed order. */
static EdgeKey
edge_key(FlPagePoint a, FlPagePoint b)
{
  gboolean forward = a.x < b.x || (a.x == b.x && a.y < b.y);

  return forward ? (EdgeKey){a.x, a.y, b.x, b.y} : (EdgeKey){b.x, b.y, a.x, a.y};
}

/* The rivers that part the ground (see nearest_site()) whose box meets box: into
 * barrier_points and barrier_runs, and as one multilinestring (NULL when there is none). */
static GEOSGeometry *
barrier_lines(FlZones *zones, const FlShapes *rivers, guint32 levels, const double box[4])
{
  GEOSContextHandle_t geos = zones->geos;
  GPtrArray *lines = g_ptr_array_new();
  GEOSGeometry *barriers = NULL;

  for (guint s = 0; rivers->shapes && s < rivers->shapes->len; s++) {
    const FlShape *shape = &g_array_index(rivers->shapes, FlShape, s);
    gboolean barrier = shape->attr >= 0 && shape->attr < 32 && (levels >> shape->attr & 1);
    for (guint p = 0; barrier && p < shape->n_parts; p++) {
      const FlPart *part = &g_array_index(rivers->parts, FlPart, shape->first_part + p);
      const FlPagePoint *pts = &g_array_index(rivers->points, FlPagePoint, part->first);
      double x0, y0, x1, y1;
      fl_geos_points_box(pts, part->n, &x0, &y0, &x1, &y1);
      if (part->n < 2 || x1 < box[0] || y1 < box[1] || x0 > box[2] || y0 > box[3])
        continue;
      for (guint first = 0; first + 1 < part->n; first += FL_RUN_POINTS - 1) {
        FlRun run = {zones->barrier_points->len, MIN(FL_RUN_POINTS, part->n - first), HUGE_VAL,
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
    barriers = fl_geos_collect(geos, GEOS_MULTILINESTRING, lines);
  fl_geos_destroy_all(geos, lines);
  return barriers;
}

/* The sides of the Voronoi cells of sites (a multipoint) whose box meets prep->box, each once
 * (a side of two cells is a Voronoi edge; seen holds those added), added to lines. FALSE when
 * GEOS fails. */
static gboolean
add_cell_sides(FlZones *zones, const Prep *prep, const GEOSGeometry *sites, GHashTable *seen,
               GPtrArray *lines)
{
  GEOSContextHandle_t geos = zones->geos;
  const FlRect *frame = &prep->map->frame;
  const double *box = prep->box;
  /* the cells reach well past the page, so that every cell of the page is whole */
  GEOSGeometry *envelope =
    GEOSGeom_createRectangle_r(geos, frame->x - frame->width, frame->y - frame->height,
                               frame->x + 2 * frame->width, frame->y + 2 * frame->height);
  GEOSGeometry *cells = envelope ? GEOSVoronoiDiagram_r(geos, sites, envelope, 0, 0) : NULL;

  for (int c = 0; cells && c < GEOSGetNumGeometries_r(geos, cells); c++) {
    const GEOSGeometry *cell = GEOSGetGeometryN_r(geos, cells, c);
    guint n;
    double *xy = fl_geos_coords(geos, GEOSGetExteriorRing_r(geos, cell), &n);
    for (guint i = 0; i + 1 < n; i++) {
      FlPagePoint a = {xy[2 * i], xy[2 * i + 1]}, b = {xy[2 * i + 2], xy[2 * i + 3]};
      EdgeKey key = edge_key(a, b);
      if (MAX(a.x, b.x) < box[0] || MAX(a.y, b.y) < box[1] || MIN(a.x, b.x) > box[2] ||
          MIN(a.y, b.y) > box[3] || g_hash_table_contains(seen, &key))
        continue;
      g_hash_table_add(seen, g_memdup2(&key, sizeof key));
      g_ptr_array_add(lines, fl_geos_segment(geos, a, b));
    }
    g_free(xy);
  }
  for (GEOSGeometry **g = (GEOSGeometry *[]){envelope, cells}, **end = g + 2; g < end; g++)
    if (*g)
      GEOSGeom_destroy_r(geos, *g);
  return cells != NULL;
}

/* Whether the settled area holds p. */
static gboolean
settled_at(const FlZones *zones, const Prep *prep, FlPagePoint p)
{
  GEOSGeometry *point = GEOSGeom_createPointFromXY_r(zones->geos, p.x, p.y);
  gboolean inside = GEOSPreparedContains_r(zones->geos, prep->settled_prepared, point) == 1;

  GEOSGeom_destroy_r(zones->geos, point);
  return inside;
}

/* Adds to lines the run of points first to last of xy (x, y pairs), when it is a line. */
static void
add_run(GEOSContextHandle_t geos, const double *xy, guint first, guint last, GPtrArray *lines)
{
  if (last > first)
    g_ptr_array_add(lines, GEOSGeom_createLineString_r(
                             geos, GEOSCoordSeq_copyFromBuffer_r(geos, xy + 2 * first,
                                                                 last - first + 1, FALSE, FALSE)));
}

/* Adds to lines the runs of a zone's edge (a line or lines) that bound open ground: the
 * segments the settled area holds whole (both ends and the middle) are left out, since
 * settled ground does not follow the zones (but a deconfliction zone's, kept whole when
 * fence). A zone's edge drawn by hand along a river that also parts the ground would
 * otherwise be noded at each of its crossings with the river, all along the valley. */
static void
add_open_runs(FlZones *zones, const Prep *prep, const GEOSGeometry *edge, gboolean fence,
              GPtrArray *lines)
{
  GEOSContextHandle_t geos = zones->geos;
  GPtrArray *parts = g_ptr_array_new();

  fl_geos_add_lines(geos, edge, parts);
  for (guint l = 0; l < parts->len; l++) {
    guint n;
    double *xy = fl_geos_coords(geos, parts->pdata[l], &n);
    gboolean inside_before =
      n > 0 && !fence && settled_at(zones, prep, (FlPagePoint){xy[0], xy[1]});
    guint first = 0;
    for (guint i = 0; i + 1 < n; i++) {
      FlPagePoint a = {xy[2 * i], xy[2 * i + 1]}, b = {xy[2 * i + 2], xy[2 * i + 3]};
      gboolean inside_after = !fence && settled_at(zones, prep, b);
      gboolean held = inside_before && inside_after &&
                      settled_at(zones, prep, (FlPagePoint){(a.x + b.x) / 2, (a.y + b.y) / 2});
      inside_before = inside_after;
      if (!held)
        continue;
      add_run(geos, xy, first, i, lines);
      first = i + 1;
    }
    if (n > 0)
      add_run(geos, xy, first, n - 1, lines);
    g_free(xy);
  }
  fl_geos_destroy_all(geos, parts);
}

/* The lines that cut the ground into faces: the ground's edge, the sites' Voronoi cells, the
 * rivers that part the ground, the settled area's edge and the baseline zones' edges. NULL
 * when GEOS fails.
 *
 * The open ground of a site's cell in another zone than the site's goes to the zone's place
 * nearest the face (owner()): the cells of each zone's own places are not drawn again, which
 * would double the lines to node for pieces of desert at the zones' edges. */
static GPtrArray *
linework(FlZones *zones, const Prep *prep)
{
  GEOSContextHandle_t geos = zones->geos;
  GHashTable *seen = g_hash_table_new_full(edge_hash, edge_equal, g_free, NULL);
  GPtrArray *lines = g_ptr_array_new();
  GEOSGeometry *sites = sites_multipoint(zones);
  gboolean ok = sites && add_cell_sides(zones, prep, sites, seen, lines);

  if (sites)
    GEOSGeom_destroy_r(geos, sites);
  if (prep->barriers)
    g_ptr_array_add(lines, GEOSGeom_clone_r(geos, prep->barriers));
  g_ptr_array_add(lines, GEOSBoundary_r(geos, prep->settled));
  g_ptr_array_add(lines, GEOSBoundary_r(geos, prep->ground));
  for (guint a = 0; a < prep->areas.n; a++) {
    if (!prep->areas.shape[a])
      continue;
    GEOSGeometry *edge = GEOSBoundary_r(geos, prep->areas.shape[a]);
    GEOSGeometry *clipped = edge ? GEOSClipByRect_r(geos, edge, prep->box[0], prep->box[1],
                                                    prep->box[2], prep->box[3])
                                 : NULL;
    ok = ok && clipped;
    if (clipped)
      add_open_runs(zones, prep, clipped, fence_of(prep, (gint)a) >= 0, lines);
    for (GEOSGeometry **g = (GEOSGeometry *[]){edge, clipped}, **end = g + 2; g < end; g++)
      if (*g)
        GEOSGeom_destroy_r(geos, *g);
  }
  for (guint i = 0; i < lines->len; i++)
    ok = ok && lines->pdata[i];
  g_hash_table_unref(seen);
  if (!ok) {
    fl_geos_destroy_all(geos, lines);
    return NULL;
  }
  return lines;
}

/* Each face of the polygonized lines, on the ground and someone's, with its unit. */
static void
keep_faces(FlZones *zones, const Prep *prep, const GEOSGeometry *polygons)
{
  GEOSContextHandle_t geos = zones->geos;

  for (int i = 0; i < GEOSGetNumGeometries_r(geos, polygons); i++) {
    const GEOSGeometry *face = GEOSGetGeometryN_r(geos, polygons, i);
    GEOSGeometry *inside = GEOSPointOnSurface_r(geos, face);
    FlPagePoint p = {NAN, NAN};
    guint unit = FL_ZONES_NONE;
    if (inside && GEOSGeomGetX_r(geos, inside, &p.x) && GEOSGeomGetY_r(geos, inside, &p.y))
      unit = owner(zones, prep, p);
    if (inside)
      GEOSGeom_destroy_r(geos, inside);
    if (unit == FL_ZONES_NONE)
      continue;
    GEOSGeometry *kept = GEOSGeom_clone_r(geos, face);
    GEOSNormalize_r(geos, kept);
    g_ptr_array_add(zones->faces, kept);
    g_array_append_val(zones->face_site, unit);
    zones->site_has_ground[unit] = TRUE;
  }
}

/* The faces on either side of an edge of the linework. */
typedef struct {
  gint face[2];
} EdgeFaces;

/* Notes face f on each side of every segment of ring in sides. */
static void
note_ring(GEOSContextHandle_t geos, const GEOSGeometry *ring, gint f, GHashTable *sides)
{
  guint n;
  double *xy = fl_geos_coords(geos, ring, &n);

  for (guint i = 0; i + 1 < n; i++) {
    EdgeKey key = edge_key((FlPagePoint){xy[2 * i], xy[2 * i + 1]},
                           (FlPagePoint){xy[2 * i + 2], xy[2 * i + 3]});
    EdgeFaces *faces = g_hash_table_lookup(sides, &key);
    if (!faces) {
      faces = g_new(EdgeFaces, 1);
      *faces = (EdgeFaces){{f, -1}};
      g_hash_table_insert(sides, g_memdup2(&key, sizeof key), faces);
    } else if (faces->face[0] != f) {
      faces->face[1] = f;
    }
  }
  g_free(xy);
}

/* How long an edge a face shares with another. */
typedef struct {
  gint face;
  double length;
} Shared;

/* The face that shares the longest edge with face f (its largest neighbour's unit takes a
 * sliver), or -1 when it has no neighbour. */
static gint
longest_neighbour(const FlZones *zones, guint f, GHashTable *sides)
{
  GEOSContextHandle_t geos = zones->geos;
  GArray *shared = g_array_new(FALSE, FALSE, sizeof(Shared));
  gint best = -1;
  double best_length = 0;
  guint n;
  double *xy = fl_geos_coords(geos, GEOSGetExteriorRing_r(geos, zones->faces->pdata[f]), &n);

  for (guint i = 0; i + 1 < n; i++) {
    FlPagePoint a = {xy[2 * i], xy[2 * i + 1]}, b = {xy[2 * i + 2], xy[2 * i + 3]};
    EdgeKey key = edge_key(a, b);
    const EdgeFaces *faces = g_hash_table_lookup(sides, &key);
    gint other = !faces ? -1 : faces->face[0] == (gint)f ? faces->face[1] : faces->face[0];
    if (other < 0)
      continue;
    guint k = 0;
    while (k < shared->len && g_array_index(shared, Shared, k).face != other)
      k++;
    if (k == shared->len)
      g_array_append_val(shared, ((Shared){other, 0}));
    Shared *with = &g_array_index(shared, Shared, k);
    with->length += hypot(b.x - a.x, b.y - a.y);
    if (with->length > best_length)
      best = other, best_length = with->length;
  }
  g_free(xy);
  g_array_unref(shared);
  return best;
}

/* Gives the faces smaller than SLIVER_KM2 to the unit of their longest neighbour: the strip
 * between a zone's edge drawn by hand and the river or border it follows, split off by the
 * two lines' crossings, is no ground of its own. */
static void
merge_slivers(FlZones *zones, const FlMap *map, GHashTable *sides)
{
  double least = SLIVER_KM2 * map->projection.px_per_km * map->projection.px_per_km;

  for (guint f = 0; f < zones->faces->len; f++) {
    double area = 0;
    gint other;
    if (GEOSArea_r(zones->geos, zones->faces->pdata[f], &area) && area < least &&
        (other = longest_neighbour(zones, f, sides)) >= 0)
      g_array_index(zones->face_site, guint, f) = g_array_index(zones->face_site, guint, other);
  }
  memset(zones->site_has_ground, 0, zones->n_units * sizeof(gboolean));
  for (guint f = 0; f < zones->faces->len; f++)
    zones->site_has_ground[g_array_index(zones->face_site, guint, f)] = TRUE;
}

/* The pieces: the edges of the noded linework between faces of two different units. The faces
 * were polygonized from these very edges, so each edge has one face on each side, and the
 * owners of its sides are its faces' units: the front runs where the zones drawn meet. Slivers
 * are merged first. */
static void
find_pieces(FlZones *zones, const FlMap *map, const GEOSGeometry *noded)
{
  GEOSContextHandle_t geos = zones->geos;
  GHashTable *sides = g_hash_table_new_full(edge_hash, edge_equal, g_free, g_free);
  GPtrArray *edges = g_ptr_array_new();

  for (guint f = 0; f < zones->faces->len; f++) {
    const GEOSGeometry *face = zones->faces->pdata[f];
    note_ring(geos, GEOSGetExteriorRing_r(geos, face), (gint)f, sides);
    for (int r = 0; r < GEOSGetNumInteriorRings_r(geos, face); r++)
      note_ring(geos, GEOSGetInteriorRingN_r(geos, face, r), (gint)f, sides);
  }
  merge_slivers(zones, map, sides);
  fl_geos_add_lines(geos, noded, edges);
  for (guint i = 0; i < edges->len; i++) {
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(geos, edges->pdata[i]);
    FlPagePoint a, b;
    GEOSCoordSeq_getXY_r(geos, seq, 0, &a.x, &a.y);
    GEOSCoordSeq_getXY_r(geos, seq, 1, &b.x, &b.y);
    EdgeKey key = edge_key(a, b);
    const EdgeFaces *faces = g_hash_table_lookup(sides, &key);
    if (!faces || faces->face[1] < 0)
      continue;
    guint units[2] = {g_array_index(zones->face_site, guint, faces->face[0]),
                      g_array_index(zones->face_site, guint, faces->face[1])};
    if (units[0] == units[1])
      continue;
    g_ptr_array_add(zones->pieces, g_steal_pointer(&edges->pdata[i]));
    g_array_append_vals(zones->piece_sites, units, 2);
  }
  for (guint i = 0; i < edges->len; i++)
    if (edges->pdata[i])
      GEOSGeom_destroy_r(geos, edges->pdata[i]);
  g_ptr_array_unref(edges);
  g_hash_table_unref(sides);
}

/* The faces and the pieces, from the linework noded and polygonized. FALSE when GEOS fails. */
static gboolean
faces_and_pieces(FlZones *zones, const Prep *prep)
{
  GEOSContextHandle_t geos = zones->geos;
  GPtrArray *lines = linework(zones, prep);
  GEOSGeometry *all = lines ? fl_geos_collect(geos, GEOS_GEOMETRYCOLLECTION, lines) : NULL;
  GEOSGeometry *noded = all ? GEOSUnaryUnion_r(geos, all) : NULL;
  GEOSGeometry *polygons =
    noded ? GEOSPolygonize_r(geos, (const GEOSGeometry *const[]){noded}, 1) : NULL;

  if (polygons) {
    keep_faces(zones, prep, polygons);
    find_pieces(zones, prep->map, noded);
  }
  for (GEOSGeometry **g = (GEOSGeometry *[]){all, noded, polygons}, **end = g + 3; g < end; g++)
    if (*g)
      GEOSGeom_destroy_r(geos, *g);
  if (lines)
    fl_geos_destroy_all(geos, lines);
  return polygons != NULL;
}

/* ---- the zones ---- */

/* The box of geometry into box; FALSE when it has none. */
static gboolean
geometry_box(GEOSContextHandle_t geos, const GEOSGeometry *geometry, double box[4])
{
  return geometry && GEOSisEmpty_r(geos, geometry) == 0 &&
         GEOSGeom_getXMin_r(geos, geometry, &box[0]) &&
         GEOSGeom_getYMin_r(geos, geometry, &box[1]) &&
         GEOSGeom_getXMax_r(geos, geometry, &box[2]) &&
         GEOSGeom_getYMax_r(geos, geometry, &box[3]);
}

/* The ground, off the occupied areas (kept in zones->occupied); the settled area, from start.
 * FALSE when GEOS fails. */
static gboolean
prepare_ground(FlZones *zones, Prep *prep, FlZonesStart *start)
{
  GEOSContextHandle_t geos = zones->geos;
  const FlMap *map = prep->map;
  GEOSGeometry *occupied =
    fl_area_shapes_union(&prep->areas, geos, map->theatre, FL_AREA_OCCUPIED);
  gboolean ok;

  prep->ground = theatre_ground(geos, map);
  ok = prep->ground != NULL;
  if (ok && occupied) {
    zones->occupied = fl_geos_only_polygons(geos, GEOSIntersection_r(geos, prep->ground, occupied));
    ok = zones->occupied &&
         fl_geos_overlay(geos, &prep->ground, g_steal_pointer(&occupied), GEOSDifference_r);
  }
  if (occupied)
    GEOSGeom_destroy_r(geos, occupied);
  prep->settled = fl_zones_start_settled(start);
  prep->ground_prepared = ok && prep->ground ? GEOSPrepare_r(geos, prep->ground) : NULL;
  prep->settled_prepared = prep->settled ? GEOSPrepare_r(geos, prep->settled) : NULL;
  return prep->ground_prepared && prep->settled_prepared &&
         geometry_box(geos, prep->ground, prep->box);
}

static void
prep_clear(Prep *prep, GEOSContextHandle_t geos)
{
  fl_area_shapes_clear(&prep->areas, geos);
  if (prep->settled_prepared)
    GEOSPreparedGeom_destroy_r(geos, prep->settled_prepared);
  if (prep->ground_prepared)
    GEOSPreparedGeom_destroy_r(geos, prep->ground_prepared);
  for (GEOSGeometry **g = (GEOSGeometry *[]){prep->ground, prep->settled, prep->barriers},
                    **end = g + 3;
       g < end; g++)
    if (*g)
      GEOSGeom_destroy_r(geos, *g);
  g_free(prep->site_area);
  g_free(prep->site_fence);
}

FlZones *
fl_zones_new(const FlMap *map, FlZonesStart *start, GError **error)
{
  FlZones *zones;
  GEOSContextHandle_t geos;
  Prep prep = {.map = map};
  gboolean ok = FALSE;

  if (!start)
    start = fl_zones_start(map);
  zones = fl_zones_start_zones(start);
  geos = zones->geos;
  zones->n_units = 2 * zones->n_sites + map->theatre->areas->len;
  zones->site_has_ground = g_new0(gboolean, MAX(zones->n_units, 1));
  zones->site_next = g_new(guint, FL_ZONES_NEXT * MAX(zones->n_sites, 1));
  for (guint i = 0; i < FL_ZONES_NEXT * zones->n_sites; i++)
    zones->site_next[i] = FL_ZONES_NONE;
  if (zones->n_sites < 2) {   /* no diagram: one site or none holds nothing drawable */
    ok = TRUE;
    goto out;
  }
  if (!fl_area_shapes_init(&prep.areas, zones, map) || !prepare_ground(zones, &prep, start))
    goto out;
  sites_areas(zones, &prep);
  zones->barrier_points = g_array_new(FALSE, FALSE, sizeof(FlPagePoint));
  zones->barrier_runs = g_array_new(FALSE, FALSE, sizeof(FlRun));
  prep.barriers = barrier_lines(zones, &map->layers[FL_LAYER_RIVERS],
                                map->theatre->ground.barrier_levels, prep.box);
  ok = faces_and_pieces(zones, &prep);
  if (ok)
    fl_area_shapes_mark(&prep.areas, zones, map, prep.ground, zones->occupied);
out:
  fl_zones_start_end(start);   /* its settled area, when the zones failed before taking it */
  prep_clear(&prep, geos);
  for (GArray **a = (GArray *[]){zones->barrier_points, zones->barrier_runs}, **end = a + 2;
       a < end; a++)
    if (*a)
      g_array_unref(*a);
  zones->barrier_points = zones->barrier_runs = NULL;
  fl_zones_box_faces(zones);
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
fl_zones_start_free(FlZonesStart *start)
{
  if (start)
    fl_zones_free(fl_zones_start_end(start));
}

void
fl_zones_free(FlZones *zones)
{
  if (!zones)
    return;
  fl_geos_destroy_all(zones->geos, zones->faces);
  fl_geos_destroy_all(zones->geos, zones->pieces);
  fl_geos_destroy_all(zones->geos, zones->outlines);
  for (GArray **a = (GArray *[]){zones->face_site, zones->piece_sites, zones->marks,
                                 zones->barrier_points, zones->barrier_runs},
              **end = a + 5;
       a < end; a++)
    if (*a)
      g_array_unref(*a);
  if (zones->occupied)
    GEOSGeom_destroy_r(zones->geos, zones->occupied);
  g_free(zones->face_box);
  g_free(zones->site_has_ground);
  g_free(zones->site_xy);
  g_free(zones->site_place);
  g_free(zones->site_next);
  GEOS_finish_r(zones->geos);
  g_free(zones);
}

const GArray *
fl_zones_marks(const FlZones *zones)
{
  return zones->marks;
}

void
fl_zones_outside(const FlZones *zones, gboolean *occupied, gboolean *deconfliction)
{
  *occupied = zones->occupied != NULL;
  *deconfliction = zones->outlines->len > 0;
}

GEOSContextHandle_t
fl_zones_faces(const FlZones *zones, const GPtrArray **faces, const GArray **face_site)
{
  *faces = zones->faces;
  *face_site = zones->face_site;
  return zones->geos;
}
