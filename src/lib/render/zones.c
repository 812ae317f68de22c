/* zones.c - the ground each faction holds on a date, and the front line between holders:
 * the ground prepared once per map (zones-internal.h lists the other files).
 *
 * Zones are derived from the places' states, nothing else: every theatre place (settlement or
 * site) stands for the ground around it, and that ground goes to the place's holder.
 *
 * Prepared once per map by fl_zones_new(), whatever the date:
 *   ground   the theatre's country, off lakes and reservoirs;
 *   sites    the theatre places with a page point, one per distinct point;
 *   settled  the ground within reach of a site (a disc whose radius grows with the place's rank
 *            and population, see fl_theatre_reach_km()), the gaps between reaches narrower than
 *            2 x [zones] smooth km closed: what anyone can hold at all; the rest (open
 *            desert) is no one's;
 *   faces    the settled area cut by the sites' Voronoi cells and by the widest rivers, each
 *            face the ground of one site: its fl_zones_owner() (the nearest site on the same
 *            bank);
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
#include "zones-internal.h"

#include <math.h>
#include <string.h>

/* Geometry. */
#define DISC_SIDES 32             /* sides of a reach's disc */
#define SAME_POINT 0.01           /* page units: places closer than this are one site */
#define OWNER_CANDIDATES 8        /* sites tried, nearest first, for a point across a river */

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

/* The site whose ground p is: the nearest site on p's side of the rivers that part the ground
 * (the base map's rivers of the theatre's [ground] barrier_levels, by default the widest: the
 * way from p to the site crosses them an even number of times, meanders included), or the
 * nearest site when none of the OWNER_CANDIDATES nearest is.
 *
 * A wide river is where fronts settle: both sides of a war hold a bank, and analysts draw the
 * line along the water. Plain nearness would hand each bank's strip to whichever village on
 * the other bank is nearer, and draw a saw-tooth front across the river wherever the villages
 * of the two banks alternate. Narrower rivers flow through towns and are crossed by every
 * holder's ground, unless the theatre names their level too. */
guint
fl_zones_owner(const FlZones *zones, FlPagePoint p)
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

/* The ground zones may cover: the theatre's country (the frame when the countries layer has
 * none), off the lakes and reservoirs. (The country's polygon and the coastline come from
 * different sources, but cutting it to the land changes less than a pixel and costs more than
 * everything else here.) */
static GEOSGeometry *
theatre_ground(GEOSContextHandle_t geos, const FlMap *map)
{
  GEOSGeometry *ground = fl_geos_layer_area(geos, &map->layers[FL_LAYER_COUNTRIES], 1, NULL);
  double box[4];

  if (!ground)
    ground = GEOSGeom_createRectangle_r(geos, map->frame.x, map->frame.y,
                                        map->frame.x + map->frame.width,
                                        map->frame.y + map->frame.height);
  if (!ground || !GEOSGeom_getXMin_r(geos, ground, &box[0]) ||
      !GEOSGeom_getYMin_r(geos, ground, &box[1]) || !GEOSGeom_getXMax_r(geos, ground, &box[2]) ||
      !GEOSGeom_getYMax_r(geos, ground, &box[3]))
    return ground;
  if (!fl_geos_overlay(geos, &ground,
               fl_geos_union(geos, fl_geos_layer_area(geos, &map->layers[FL_LAYER_LAKES], -1, box),
                        fl_geos_layer_area(geos, &map->layers[FL_LAYER_RESERVOIRS], -1, box)),
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
    double radius = (fl_theatre_reach_km(map->theatre, place) + close_km) * px_per_km;
    GEOSGeometry *grown_disc = disc(geos, zones->site_xy[s], radius);
    if (grown_disc)
      g_ptr_array_add(discs, grown_disc);
  }
  all = fl_geos_collect(geos, GEOS_GEOMETRYCOLLECTION, discs);
  grown = all ? GEOSUnaryUnion_r(geos, all) : NULL;
  settled = grown ? GEOSBuffer_r(geos, grown, -close_km * px_per_km, DISC_SIDES / 4) : NULL;
  if (settled &&
      !fl_geos_overlay(geos, &settled, GEOSGeom_clone_r(geos, ground), GEOSIntersection_r)) {
    GEOSGeom_destroy_r(geos, settled);
    settled = NULL;
  }
  for (GEOSGeometry **g = (GEOSGeometry *[]){all, grown}, **end = g + 2; g < end; g++)
    if (*g)
      GEOSGeom_destroy_r(geos, *g);
  fl_geos_destroy_all(geos, discs);
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
      g_ptr_array_add(lines, fl_geos_segment(geos, a, b));
    }
    g_free(xy);
  }
}

/* The rivers that part the ground (see fl_zones_owner()) whose box meets box: into
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

/* The owners of the two sides of the segment from a to b, looked at FL_ZONES_SIDE_OFFSET off
 * its middle; FALSE when a side is outside the settled area. */
static gboolean
side_owners(const FlZones *zones, FlPagePoint a, FlPagePoint b, guint sites[2])
{
  GEOSContextHandle_t geos = zones->geos;
  double length = hypot(b.x - a.x, b.y - a.y);

  if (length <= 0)
    return FALSE;
  for (int k = 0; k < 2; k++) {
    double sign = k ? -FL_ZONES_SIDE_OFFSET : FL_ZONES_SIDE_OFFSET;
    FlPagePoint side = {(a.x + b.x) / 2 + sign * (a.y - b.y) / length,
                        (a.y + b.y) / 2 + sign * (b.x - a.x) / length};
    GEOSGeometry *point = GEOSGeom_createPointFromXY_r(geos, side.x, side.y);
    gboolean inside = GEOSPreparedContains_r(geos, zones->settled_prepared, point) == 1;
    GEOSGeom_destroy_r(geos, point);
    if (!inside)
      return FALSE;
    sites[k] = fl_zones_owner(zones, side);
  }
  return TRUE;
}

/* Adds to the pieces the runs of a noded line (points first to last of xy) whose sides have
 * the same two different owners. */
static void
add_piece(FlZones *zones, const double *xy, guint first, guint last, const guint sites[2])
{
  GEOSCoordSequence *seq =
    GEOSCoordSeq_copyFromBuffer_r(zones->geos, xy + 2 * first, last - first + 1, FALSE, FALSE);
  GEOSGeometry *piece = seq ? GEOSGeom_createLineString_r(zones->geos, seq) : NULL;

  if (!piece)
    return;
  g_ptr_array_add(zones->pieces, piece);
  g_array_append_vals(zones->piece_sites, sites, 2);
}

/* The pieces of a noded line: where its two sides are settled and have different owners. Along
 * a river that parts the ground the owners may change between two nodes (the nearest place on
 * each bank changes), so each segment is looked at, and a run of segments with the same owners
 * is one piece. */
static void
add_pieces(FlZones *zones, const GEOSGeometry *line)
{
  const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(zones->geos, line);
  unsigned int n = 0;
  guint first = 0, run[2] = {0, 0}, sites[2];
  gboolean in_run = FALSE;

  GEOSCoordSeq_getSize_r(zones->geos, seq, &n);
  double *xy = g_new(double, 2 * MAX(n, 1));
  GEOSCoordSeq_copyToBuffer_r(zones->geos, seq, xy, 0, 0);
  for (guint i = 0; i + 1 < n; i++) {
    FlPagePoint a = {xy[2 * i], xy[2 * i + 1]}, b = {xy[2 * i + 2], xy[2 * i + 3]};
    gboolean apart = side_owners(zones, a, b, sites) && sites[0] != sites[1];
    if (in_run && apart && sites[0] == run[0] && sites[1] == run[1])
      continue;
    if (in_run)
      add_piece(zones, xy, first, i, run);
    in_run = apart, first = i, run[0] = sites[0], run[1] = sites[1];
  }
  if (in_run)
    add_piece(zones, xy, first, n - 1, run);
  g_free(xy);
}

/* The cells' sides, the settled area's outline and the rivers that part the ground, noded
 * together: polygonized, they make the faces, each inside the settled area going to the
 * fl_zones_owner() of a point inside it (a face lies in one cell and on one bank, so every
 * point of it has that owner); the noded lines inside the settled area whose two sides have
 * different owners are the pieces. */
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
  linework = lines->pdata[lines->len - 1]
               ? fl_geos_collect(geos, GEOS_GEOMETRYCOLLECTION, lines) : NULL;
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
      guint site = fl_zones_owner(zones, p);
      GEOSNormalize_r(geos, kept);
      g_ptr_array_add(zones->faces, kept);
      g_array_append_val(zones->face_site, site);
      zones->site_has_ground[site] = TRUE;
    }
    if (inside)
      GEOSGeom_destroy_r(geos, inside);
  }
  if (ok)
    fl_geos_add_lines(geos, noded, noded_lines);
  for (guint i = 0; i < noded_lines->len; i++)
    add_pieces(zones, noded_lines->pdata[i]);
  fl_geos_destroy_all(geos, noded_lines);
  for (GEOSGeometry **g = (GEOSGeometry *[]){linework, noded, polygons}, **end = g + 3; g < end;
       g++)
    if (*g)
      GEOSGeom_destroy_r(geos, *g);
  fl_geos_destroy_all(geos, lines);
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
  GEOSContext_setErrorMessageHandler_r(geos, fl_zones_keep_geos_message, zones);
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
    GEOSGeom_getXMin_r(geos, zones->settled, &box[0]);
    GEOSGeom_getYMin_r(geos, zones->settled, &box[1]);
    GEOSGeom_getXMax_r(geos, zones->settled, &box[2]);
    GEOSGeom_getYMax_r(geos, zones->settled, &box[3]);
    zones->barrier_points = g_array_new(FALSE, FALSE, sizeof(FlPagePoint));
    zones->barrier_runs = g_array_new(FALSE, FALSE, sizeof(FlRun));
    zones->barriers = barrier_lines(zones, &map->layers[FL_LAYER_RIVERS],
                                    map->theatre->ground.barrier_levels, box);
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
  fl_geos_destroy_all(zones->geos, zones->faces);
  fl_geos_destroy_all(zones->geos, zones->pieces);
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
