/* ground.c - what the map of a date shows beyond its place marks, as GIS layers in lon/lat:
 * each faction's zones, the front line between factions and the advance arrows.
 *
 * Nothing is worked out anew: the zones are the faces the map fills (zones.c), the front line
 * is the one it strokes, the arrows are the curves it draws (arrows.c), all in page units,
 * brought back to lon/lat through the map's projection (PROJ's inverse, project.c).
 *
 *   zones   the faces of the sites a faction holds, and apart those of the sites where it is
 *           contested or besieged, each set united: the faces tile the settled area edge to
 *           edge, so a coverage union dissolves every inner edge and a faction's ground is a
 *           few polygons. Brought back to lon/lat, made valid where the way back bent a ring
 *           onto itself. Not simplified further: the faces are cut from base layers already
 *           simplified to a tenth of a pixel (~80 m), the zones of a date have ~3,600 points
 *           in all, and a simplification of 50 m would save 8% of them while opening gaps and
 *           overlaps between neighbours, whose zones now share their edges point for point.
 *   front   the map's front line (merged lines), cut where the pair of factions it parts
 *           changes (allies' ground meets the same enemy), each run oriented so that the first
 *           faction of the theatre's order lies on its left, looking along it north up; one
 *           multilinestring per pair. The sides of each segment are the factions whose zones
 *           hold a point just off it, as the map's zones give them.
 *   arrows  one line per axis of advance: the arrow's curve from its tail to its head, the
 *           arrow as drawn, whose ends stop short of the places' dots, with the place it
 *           started from, the latest it took and the days of its first and latest captures.
 *
 * The faces, the front line and the situation belong to the zones' GEOS context; what is made
 * here is made in it and destroyed before returning. */
#include "ground.h"

#include "render-internal.h"

#include <math.h>

#define SIDE_OFFSET 0.05   /* page units: a front segment's sides are looked at this far off,
                            * as zones.c looks at the sides of its pieces */

static const FlGisColumn zone_columns[] = {
  {"faction", FALSE}, {"faction_label", FALSE}, {"color", FALSE}, {"status", FALSE},
  {"date", TRUE},
};
/* not "left" and "right": SQL keywords, which a query would have to quote */
static const FlGisColumn front_columns[] = {
  {"left_faction", FALSE}, {"right_faction", FALSE}, {"date", TRUE},
};
static const FlGisColumn arrow_columns[] = {
  {"faction", FALSE},      {"faction_label", FALSE}, {"color", FALSE},
  {"from_place", FALSE},   {"to_place", FALSE},      {"first_capture", TRUE},
  {"last_capture", TRUE},  {"confidence", FALSE},    {"date", TRUE},
};

/* What every layer of one date is made with. */
typedef struct {
  const FlMap *map;
  const FlSituation *situation;
  GEOSContextHandle_t geos;   /* the zones' */
  GEOSWKBWriter *writer;
  char date[11];              /* ISO */
} Ground;

void
fl_ground_faction_values(const FlTheatre *theatre, gint faction, char **values)
{
  const FlFaction *holder = faction >= 0 ? theatre->factions->pdata[faction] : NULL;

  values[0] = g_strdup(holder ? holder->id : "");
  values[1] = g_strdup(holder ? fl_faction_label(holder, theatre->languages[0]) : "");
  values[2] = holder ? g_strdup_printf("#%06x", holder->color) : g_strdup("");
}

static void
destroy_geometry(Ground *ground, GEOSGeometry *geometry)
{
  if (geometry)
    GEOSGeom_destroy_r(ground->geos, geometry);
}

/* GEOSGeom_transformXY's callback: a page point back to lon/lat. */
static int
page_to_lonlat(double *x, double *y, void *user_data)
{
  const FlProjection *projection = user_data;
  double xy[2] = {*x, *y};

  fl_projection_invert(projection, xy, 1);
  if (isnan(xy[0]) || isnan(xy[1]))
    return 0;
  *x = xy[0];
  *y = xy[1];
  return 1;
}

/* A valid areal geometry of geometry (taken): itself when valid, else remade valid with its
 * structure kept (rings that touch or cross themselves untangled, collapsed parts dropped). */
static GEOSGeometry *
made_valid(Ground *ground, GEOSGeometry *geometry)
{
  GEOSContextHandle_t geos = ground->geos;
  GEOSMakeValidParams *params;
  GEOSGeometry *valid;

  if (GEOSisValid_r(geos, geometry) == 1)
    return geometry;
  params = GEOSMakeValidParams_create_r(geos);
  GEOSMakeValidParams_setMethod_r(geos, params, GEOS_MAKE_VALID_STRUCTURE);
  GEOSMakeValidParams_setKeepCollapsed_r(geos, params, 0);
  valid = GEOSMakeValidWithParams_r(geos, geometry, params);
  GEOSMakeValidParams_destroy_r(geos, params);
  destroy_geometry(ground, geometry);
  return valid;
}

/* The WKB of geometry (page units; taken) in lon/lat, valid when areal. NULL with error set
 * (naming what) when GEOS fails or a point does not project back; an empty GBytes when
 * nothing is left. */
static GBytes *
lonlat_wkb(Ground *ground, GEOSGeometry *geometry, const char *what, GError **error)
{
  GEOSContextHandle_t geos = ground->geos;
  const FlProjection *projection = &ground->map->projection;
  GEOSGeometry *lonlat = NULL;
  GBytes *bytes = NULL;
  gboolean areal;

  if (!geometry) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW,
                "%s on %s could not be worked out: GEOS failed", what, ground->date);
    return NULL;
  }
  areal = GEOSGeomTypeId_r(geos, geometry) == GEOS_POLYGON ||
          GEOSGeomTypeId_r(geos, geometry) == GEOS_MULTIPOLYGON;
  lonlat = GEOSGeom_transformXY_r(geos, geometry, page_to_lonlat, (void *)projection);
  destroy_geometry(ground, geometry);
  if (!lonlat) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_PROJECTION,
                "%s on %s cannot be brought back to lon/lat with \"%s\"", what, ground->date,
                projection->definition);
    return NULL;
  }
  if (areal && !(lonlat = made_valid(ground, lonlat))) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW,
                "%s on %s could not be made valid: GEOS failed", what, ground->date);
    return NULL;
  }
  if (GEOSisEmpty_r(geos, lonlat) == 1) {
    bytes = g_bytes_new(NULL, 0);
  } else {
    size_t size = 0;
    unsigned char *wkb = GEOSWKBWriter_write_r(geos, ground->writer, lonlat, &size);
    if (wkb)
      bytes = g_bytes_new(wkb, size);
    else
      g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW,
                  "%s on %s could not be written as WKB: GEOS failed", what, ground->date);
    GEOSFree_r(geos, wkb);
  }
  destroy_geometry(ground, lonlat);
  return bytes;
}

/* Adds a feature of values (n_columns of the layer, taken) and geometry (page units, taken)
 * to layer; a geometry that comes to nothing adds nothing. */
static gboolean
add_feature(Ground *ground, FlGisLayer *layer, char **values, GEOSGeometry *geometry,
            const char *what, GError **error)
{
  GBytes *wkb = lonlat_wkb(ground, geometry, what, error);

  if (wkb && g_bytes_get_size(wkb) > 0) {
    fl_gis_layer_add(layer, values, NULL, wkb);
    return TRUE;
  }
  for (guint c = 0; c < layer->n_columns; c++)
    g_free(values[c]);
  if (wkb)
    g_bytes_unref(wkb);
  return wkb != NULL;
}

/* ---- zones ---- */

/* The union of the faces of the sites faction holds, contested or not, or NULL when there is
 * none (*failed tells GEOS failed). */
static GEOSGeometry *
holding(Ground *ground, gint faction, gboolean contested, gboolean *failed)
{
  GEOSContextHandle_t geos = ground->geos;
  const GPtrArray *faces;
  const GArray *face_site;
  GPtrArray *mine = g_ptr_array_new();
  GEOSGeometry *all = NULL, *united = NULL;

  fl_zones_faces(ground->situation->zones, &faces, &face_site);
  for (guint i = 0; i < faces->len; i++) {
    guint site = g_array_index(face_site, guint, i);
    if (ground->situation->site_holder[site] == faction &&
        ground->situation->site_contested[site] == contested)
      g_ptr_array_add(mine, GEOSGeom_clone_r(geos, faces->pdata[i]));
  }
  *failed = FALSE;
  if (mine->len > 0) {
    /* the collection takes the clones */
    all = GEOSGeom_createCollection_r(geos, GEOS_MULTIPOLYGON, (GEOSGeometry **)mine->pdata,
                                      mine->len);
    united = all ? GEOSCoverageUnion_r(geos, all) : NULL;
    if (all && !united)   /* not a clean coverage after all: the overlay union */
      united = GEOSUnaryUnion_r(geos, all);
    *failed = united == NULL;
    if (!all)
      for (guint i = 0; i < mine->len; i++)
        destroy_geometry(ground, mine->pdata[i]);
    destroy_geometry(ground, all);
  }
  g_ptr_array_unref(mine);
  return united;
}

static gboolean
add_zones(Ground *ground, FlGisLayer *layer, GError **error)
{
  const FlTheatre *theatre = ground->map->theatre;

  for (guint f = 0; f < theatre->factions->len; f++) {
    for (int contested = 0; contested < 2; contested++) {
      const FlFaction *faction = theatre->factions->pdata[f];
      gboolean failed;
      GEOSGeometry *zone = holding(ground, (gint)f, contested, &failed);
      g_autofree char *what = g_strdup_printf("the zone of '%s'", faction->id);
      char *values[G_N_ELEMENTS(zone_columns)];
      if (failed) {
        g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_DRAW,
                    "%s on %s could not be united: GEOS failed", what, ground->date);
        return FALSE;
      }
      if (!zone)
        continue;
      fl_ground_faction_values(theatre, (gint)f, values);
      values[3] = g_strdup(contested ? "contested" : "held");
      values[4] = g_strdup(ground->date);
      if (!add_feature(ground, layer, values, zone, what, error))
        return FALSE;
    }
  }
  return TRUE;
}

/* ---- front ---- */

/* The factions whose zones lie on the left and on the right of the way from a to b, as seen
 * on the map (page y grows downwards), or -1. */
static void
segment_sides(const FlSituation *situation, FlPagePoint a, FlPagePoint b, gint sides[2])
{
  double length = hypot(b.x - a.x, b.y - a.y);
  FlPagePoint middle = {(a.x + b.x) / 2, (a.y + b.y) / 2};
  FlPagePoint left = {(b.y - a.y) / length, (a.x - b.x) / length};

  sides[0] = sides[1] = -1;
  if (!(length > 0))
    return;
  sides[0] = fl_situation_zone_at(situation, (FlPagePoint){middle.x + SIDE_OFFSET * left.x,
                                                           middle.y + SIDE_OFFSET * left.y},
                                  NULL);
  sides[1] = fl_situation_zone_at(situation, (FlPagePoint){middle.x - SIDE_OFFSET * left.x,
                                                           middle.y - SIDE_OFFSET * left.y},
                                  NULL);
}

/* A line through points first to last of xy (interleaved), or last to first when reversed. */
static GEOSGeometry *
line_of(GEOSContextHandle_t geos, const double *xy, guint first, guint last, gboolean reversed)
{
  guint n = last - first + 1;
  GEOSCoordSequence *seq = GEOSCoordSeq_create_r(geos, n, 2);

  for (guint i = 0; i < n; i++) {
    guint at = reversed ? last - i : first + i;
    GEOSCoordSeq_setXY_r(geos, seq, i, xy[2 * at], xy[2 * at + 1]);
  }
  return GEOSGeom_createLineString_r(geos, seq);
}

/* Cuts one line of the front into runs of segments that part the same pair of factions, and
 * adds each, the pair's first faction on its left, to by_pair (a GPtrArray per pair, indexed
 * left * n_factions + right). A segment whose sides are not two factions (a sliver the
 * offset misses) goes with the run before it, or after it at the start. */
static void
cut_by_pair(Ground *ground, const GEOSGeometry *line, GPtrArray **by_pair)
{
  GEOSContextHandle_t geos = ground->geos;
  const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(geos, line);
  guint n_factions = ground->situation->n_factions;
  unsigned int n = 0;

  GEOSCoordSeq_getSize_r(geos, seq, &n);
  if (n < 2)
    return;
  double *xy = g_new(double, 2 * n);
  gint *pair = g_new(gint, n - 1);   /* per segment: left * n_factions + right, or -1 */
  gint known = -1;
  GEOSCoordSeq_copyToBuffer_r(geos, seq, xy, 0, 0);
  for (guint i = 0; i + 1 < n; i++) {
    gint sides[2];
    segment_sides(ground->situation, (FlPagePoint){xy[2 * i], xy[2 * i + 1]},
                  (FlPagePoint){xy[2 * i + 2], xy[2 * i + 3]}, sides);
    pair[i] = sides[0] >= 0 && sides[1] >= 0 && sides[0] != sides[1]
                ? sides[0] * (gint)n_factions + sides[1] : -1;
    if (known < 0)
      known = pair[i];
  }
  for (guint i = 0; known >= 0 && i + 1 < n; i++)
    known = pair[i] = pair[i] >= 0 ? pair[i] : known;
  for (guint first = 0, last; known >= 0 && first + 1 < n; first = last) {
    for (last = first + 1; last + 1 < n && pair[last] == pair[first]; last++)
      ;
    guint left = (guint)pair[first] / n_factions, right = (guint)pair[first] % n_factions;
    gboolean reversed = left > right;
    guint key = reversed ? right * n_factions + left : (guint)pair[first];
    if (!by_pair[key])
      by_pair[key] = g_ptr_array_new();
    g_ptr_array_add(by_pair[key], line_of(geos, xy, first, last, reversed));
  }
  g_free(pair);
  g_free(xy);
}

static gboolean
add_front(Ground *ground, FlGisLayer *layer, GError **error)
{
  GEOSContextHandle_t geos = ground->geos;
  const GEOSGeometry *front = ground->situation->front;
  guint n_factions = ground->situation->n_factions;
  GPtrArray **by_pair = g_new0(GPtrArray *, MAX(n_factions * n_factions, 1));
  int n_lines = front ? GEOSGetNumGeometries_r(geos, front) : 0;
  gboolean ok = TRUE;

  for (int i = 0; i < n_lines; i++)
    cut_by_pair(ground, GEOSGetGeometryN_r(geos, front, i), by_pair);
  for (guint key = 0; key < n_factions * n_factions; key++) {
    if (!by_pair[key])
      continue;
    GEOSGeometry *lines = ok ? GEOSGeom_createCollection_r(geos, GEOS_MULTILINESTRING,
                                                           (GEOSGeometry **)by_pair[key]->pdata,
                                                           by_pair[key]->len)
                             : NULL;
    if (!lines)
      for (guint i = 0; i < by_pair[key]->len; i++)
        destroy_geometry(ground, by_pair[key]->pdata[i]);
    g_ptr_array_unref(by_pair[key]);
    if (!ok)
      continue;
    const FlFaction *left = ground->map->theatre->factions->pdata[key / n_factions];
    const FlFaction *right = ground->map->theatre->factions->pdata[key % n_factions];
    g_autofree char *what = g_strdup_printf("the front between '%s' and '%s'", left->id,
                                            right->id);
    char *values[] = {g_strdup(left->id), g_strdup(right->id), g_strdup(ground->date)};
    ok = add_feature(ground, layer, values, lines, what, error);
  }
  g_free(by_pair);
  return ok;
}

/* ---- arrows ---- */

static gboolean
add_arrows(Ground *ground, FlGisLayer *layer, GError **error)
{
  const FlTheatre *theatre = ground->map->theatre;
  const GArray *arrows = ground->situation->arrows;

  for (guint i = 0; arrows && i < arrows->len; i++) {
    const FlArrow *arrow = &g_array_index(arrows, FlArrow, i);
    const FlPlace *from = theatre->places->pdata[arrow->origin];
    const FlPlace *to = theatre->places->pdata[arrow->target];
    GEOSCoordSequence *seq = GEOSCoordSeq_create_r(ground->geos, FL_ARROW_POINTS, 2);
    char first[11], last[11];
    char *values[G_N_ELEMENTS(arrow_columns)];
    for (guint k = 0; k < FL_ARROW_POINTS; k++)
      GEOSCoordSeq_setXY_r(ground->geos, seq, k, arrow->points[k].x, arrow->points[k].y);
    g_autofree char *what = g_strdup_printf("the arrow to '%s'", to->id);
    fl_ground_faction_values(theatre, arrow->faction, values);
    values[3] = g_strdup(from->id);
    values[4] = g_strdup(to->id);
    values[5] = g_strdup(fl_date_format_iso(&arrow->first, first));
    values[6] = g_strdup(fl_date_format_iso(&arrow->date, last));
    values[7] = g_strdup(fl_confidence_name(arrow->confidence));
    values[8] = g_strdup(ground->date);
    if (!add_feature(ground, layer, values, GEOSGeom_createLineString_r(ground->geos, seq), what,
                     error))
      return FALSE;
  }
  return TRUE;
}

gboolean
fl_ground_layers(const FlMap *map, const FlControl *control, const GDate *date,
                 FlGisLayer *zones, FlGisLayer *front, FlGisLayer *arrows, GError **error)
{
  Ground ground = {map, NULL, NULL, NULL, ""};
  const GPtrArray *faces;
  const GArray *face_site;
  FlSituation *situation;
  gboolean ok;

  if (zones)
    fl_gis_layer_init(zones, "zones", FL_GIS_POLYGONS, zone_columns,
                      G_N_ELEMENTS(zone_columns));
  if (front)
    fl_gis_layer_init(front, "front", FL_GIS_LINES, front_columns,
                      G_N_ELEMENTS(front_columns));
  if (arrows)
    fl_gis_layer_init(arrows, "arrows", FL_GIS_LINES, arrow_columns,
                      G_N_ELEMENTS(arrow_columns));
  situation = fl_situation_new(map, control, date, NULL, error);
  if (!situation)
    return FALSE;
  fl_date_format_iso(date, ground.date);
  ground.situation = situation;
  ground.geos = fl_zones_faces(situation->zones, &faces, &face_site);
  ground.writer = GEOSWKBWriter_create_r(ground.geos);
  ok = (!zones || add_zones(&ground, zones, error)) &&
       (!front || add_front(&ground, front, error)) &&
       (!arrows || add_arrows(&ground, arrows, error));
  GEOSWKBWriter_destroy_r(ground.geos, ground.writer);
  fl_situation_free(situation);
  return ok;
}
