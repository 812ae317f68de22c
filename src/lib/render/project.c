/* project.c - from WGS 84 lon/lat to the theatre's projection (PROJ, through the GIS module),
 * and from there to the page.
 *
 * The theatre's extent (densely sampled along its edges, since parallels curve in a conic
 * projection) is fitted into the page with a margin, keeping the aspect and centred. */
#include "render-internal.h"

#include <math.h>
#include <string.h>

#define EDGE_SAMPLES 64
#define MARGIN_FRACTION 0.03   /* of the page's smaller side, on every side of the extent */

/* WGS 84 ellipsoid, for the length of a kilometre in latitude at the centre. */
#define WGS84_A 6378137.0
#define WGS84_E2 0.00669437999014

/* The transformation, made on first use (a map restored from the cache has none until a
 * point is projected). NULL when the GIS module cannot be loaded or refuses the definition. */
static FlGisProjection *
transformation(const FlProjection *projection, GError **error)
{
  FlProjection *mutable = (FlProjection *)projection;   /* only the lazy member changes */
  FlGisProjection *made;

  g_mutex_lock(&mutable->lock);
  if (!mutable->to_map && !mutable->refused) {
    mutable->gis = fl_gis_get(FL_RENDER_ERROR, FL_RENDER_ERROR_PROJECTION, error);
    mutable->to_map =
        mutable->gis ? mutable->gis->projection_new(mutable->definition, error) : NULL;
    mutable->refused = mutable->to_map == NULL;
  } else if (!mutable->to_map) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_PROJECTION,
                "projection \"%s\" cannot be used", mutable->definition);
  }
  made = mutable->to_map;
  g_mutex_unlock(&mutable->lock);
  return made;
}

/* The projected bounding box of the extent; FALSE when no edge point projects. */
static gboolean
extent_bounds(const FlProjection *projection, const double extent[4], double bounds[4])
{
  double xy[4 * EDGE_SAMPLES * 2];
  double west = extent[0], south = extent[1], east = extent[2], north = extent[3];
  gsize n = 0;

  for (int i = 0; i < EDGE_SAMPLES; i++) {
    double f = (double)i / (EDGE_SAMPLES - 1);
    double lon = west + f * (east - west);
    double lat = south + f * (north - south);
    double edge[4][2] = {{lon, south}, {lon, north}, {west, lat}, {east, lat}};
    for (int e = 0; e < 4; e++, n++) {
      xy[2 * n] = edge[e][0];
      xy[2 * n + 1] = edge[e][1];
    }
  }
  projection->gis->projection_apply(projection->to_map, TRUE, xy, n);
  bounds[0] = bounds[1] = HUGE_VAL;
  bounds[2] = bounds[3] = -HUGE_VAL;
  for (gsize i = 0; i < n; i++) {
    double x = xy[2 * i], y = xy[2 * i + 1];
    if (!isfinite(x) || !isfinite(y) || x == HUGE_VAL || y == HUGE_VAL)
      continue;
    bounds[0] = MIN(bounds[0], x);
    bounds[1] = MIN(bounds[1], y);
    bounds[2] = MAX(bounds[2], x);
    bounds[3] = MAX(bounds[3], y);
  }
  return bounds[0] < bounds[2] && bounds[1] < bounds[3];
}

static void
fit_page(FlProjection *projection, const double bounds[4], int width, int height)
{
  double margin = MARGIN_FRACTION * MIN(width, height);
  double sx = (width - 2 * margin) / (bounds[2] - bounds[0]);
  double sy = (height - 2 * margin) / (bounds[3] - bounds[1]);

  projection->scale = MIN(sx, sy);
  projection->x0 = (bounds[0] + bounds[2]) / 2 - width / 2.0 / projection->scale;
  projection->y0 = (bounds[1] + bounds[3]) / 2 + height / 2.0 / projection->scale;
}

/* Page units per kilometre northwards at the extent's centre (the projection is assumed
 * conformal, so this holds in every direction there). */
static double
kilometre_on_page(const FlProjection *projection, const double extent[4])
{
  double lon = (extent[0] + extent[2]) / 2;
  double lat = (extent[1] + extent[3]) / 2;
  double s = sin(lat * G_PI / 180);
  double meridian_radius = WGS84_A * (1 - WGS84_E2) / pow(1 - WGS84_E2 * s * s, 1.5);
  double dlat = 1000.0 / meridian_radius * 180 / G_PI;
  FlPagePoint a = fl_projection_point(projection, lon, lat);
  FlPagePoint b = fl_projection_point(projection, lon, lat + dlat);

  return hypot(b.x - a.x, b.y - a.y);
}

gboolean
fl_projection_init(FlProjection *projection, const char *definition, const double extent[4],
                   int width, int height, GError **error)
{
  double bounds[4];

  memset(projection, 0, sizeof *projection);
  g_mutex_init(&projection->lock);
  projection->definition = g_strdup(definition);
  if (!transformation(projection, error))
    return FALSE;
  if (!extent_bounds(projection, extent, bounds)) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_PROJECTION,
                "the extent %g,%g,%g,%g cannot be projected with \"%s\"", extent[0], extent[1],
                extent[2], extent[3], definition);
    return FALSE;
  }
  fit_page(projection, bounds, width, height);
  projection->px_per_km = kilometre_on_page(projection, extent);
  return TRUE;
}

void
fl_projection_restore(FlProjection *projection, const char *definition, double scale, double x0,
                      double y0, double px_per_km)
{
  memset(projection, 0, sizeof *projection);
  g_mutex_init(&projection->lock);
  projection->definition = g_strdup(definition);
  projection->scale = scale;
  projection->x0 = x0;
  projection->y0 = y0;
  projection->px_per_km = px_per_km;
}

void
fl_projection_clear(FlProjection *projection)
{
  if (projection->to_map)
    projection->gis->projection_free(projection->to_map);
  g_free(projection->definition);
  if (projection->definition || projection->to_map)
    g_mutex_clear(&projection->lock);
  memset(projection, 0, sizeof *projection);
}

/* Projects with PROJ, one thread at a time: a PROJ object is not shared between threads. */
static void
apply(const FlProjection *projection, FlGisProjection *to_map, gboolean forward, double *xy,
      gsize n)
{
  FlProjection *mutable = (FlProjection *)projection;

  g_mutex_lock(&mutable->lock);
  projection->gis->projection_apply(to_map, forward, xy, n);
  g_mutex_unlock(&mutable->lock);
}

void
fl_projection_apply(const FlProjection *projection, double *xy, gsize n)
{
  FlGisProjection *to_map = transformation(projection, NULL);

  if (to_map)
    apply(projection, to_map, TRUE, xy, n);
  for (gsize i = 0; i < n; i++) {
    if (!to_map) {
      xy[2 * i] = xy[2 * i + 1] = NAN;
      continue;
    }
    double *p = xy + 2 * i;
    if (!isfinite(p[0]) || !isfinite(p[1]) || p[0] == HUGE_VAL) {
      p[0] = p[1] = NAN;
      continue;
    }
    p[0] = (p[0] - projection->x0) * projection->scale;
    p[1] = (projection->y0 - p[1]) * projection->scale;
  }
}

void
fl_projection_invert(const FlProjection *projection, double *xy, gsize n)
{
  FlGisProjection *to_map = transformation(projection, NULL);

  for (gsize i = 0; i < n; i++) {
    xy[2 * i] = xy[2 * i] / projection->scale + projection->x0;
    xy[2 * i + 1] = projection->y0 - xy[2 * i + 1] / projection->scale;
  }
  if (to_map)
    apply(projection, to_map, FALSE, xy, n);
  for (gsize i = 0; i < n; i++) {
    double *p = xy + 2 * i;
    if (!to_map || !isfinite(p[0]) || !isfinite(p[1]) || p[0] == HUGE_VAL)
      p[0] = p[1] = NAN;
  }
}

void
fl_projection_lonlat_bounds(const FlProjection *projection, const FlRect *rect, double bounds[4])
{
  double xy[4 * EDGE_SAMPLES * 2];
  gsize n = 0;

  for (int i = 0; i < EDGE_SAMPLES; i++) {
    double f = (double)i / (EDGE_SAMPLES - 1);
    double px[4] = {rect->x + f * rect->width, rect->x + f * rect->width, rect->x,
                    rect->x + rect->width};
    double py[4] = {rect->y, rect->y + rect->height, rect->y + f * rect->height,
                    rect->y + f * rect->height};
    for (int e = 0; e < 4; e++, n++) {
      xy[2 * n] = px[e];
      xy[2 * n + 1] = py[e];
    }
  }
  fl_projection_invert(projection, xy, n);
  bounds[0] = bounds[1] = HUGE_VAL;
  bounds[2] = bounds[3] = -HUGE_VAL;
  for (gsize i = 0; i < n; i++) {
    double lon = xy[2 * i], lat = xy[2 * i + 1];
    if (isnan(lon) || isnan(lat))
      continue;
    bounds[0] = MIN(bounds[0], lon);
    bounds[1] = MIN(bounds[1], lat);
    bounds[2] = MAX(bounds[2], lon);
    bounds[3] = MAX(bounds[3], lat);
  }
}

FlPagePoint
fl_projection_point(const FlProjection *projection, double lon, double lat)
{
  double xy[2] = {lon, lat};

  fl_projection_apply(projection, xy, 1);
  return (FlPagePoint){xy[0], xy[1]};
}
