/* basemap.c - the base layers, read once from the theatre's GeoPackage (EPSG:4326) with OGR
 * (through the GIS module), clipped to what the page shows (plus a margin), projected into
 * page units and thinned to what a page can show. Drawing then never touches OGR or PROJ
 * again.
 *
 * Required layers: sea, land, countries (iso_a2), borders (level), rivers (level).
 * Optional: lakes, reservoirs, ceasefire. */
#include "render-internal.h"

#include <math.h>
#include <string.h>

#define CLIP_MARGIN_DEGREES 0.25
#define MIN_STEP 0.3            /* page units between two kept vertices */
#define SIMPLIFY_TOLERANCE 0.1  /* PNG pixels: how far a drawn line may stray from the data */
#define BORDER_TOLERANCE 3.0    /* page units at 1920x1080: border on the theatre's outline */

typedef struct {
  FlLayerId id;
  const char *name;
  gboolean required;
  FlGisAttr attr;   /* FL_GIS_ATTR_COUNTRY: 1 for the theatre's country */
} LayerSpec;

static const LayerSpec layer_specs[FL_N_LAYERS] = {
  {FL_LAYER_SEA, "sea", TRUE, FL_GIS_ATTR_NONE},
  {FL_LAYER_LAND, "land", TRUE, FL_GIS_ATTR_NONE},
  {FL_LAYER_COUNTRIES, "countries", TRUE, FL_GIS_ATTR_COUNTRY},
  {FL_LAYER_LAKES, "lakes", FALSE, FL_GIS_ATTR_NONE},
  {FL_LAYER_RESERVOIRS, "reservoirs", FALSE, FL_GIS_ATTR_NONE},
  {FL_LAYER_RIVERS, "rivers", TRUE, FL_GIS_ATTR_LEVEL},
  {FL_LAYER_BORDERS, "borders", TRUE, FL_GIS_ATTR_LEVEL},
  {FL_LAYER_CEASEFIRE, "ceasefire", FALSE, FL_GIS_ATTR_NONE},
  {FL_LAYER_LOCATOR, "locator", FALSE, FL_GIS_ATTR_COUNTRY},
};

static void
shapes_init(FlShapes *shapes)
{
  shapes->points = g_array_new(FALSE, FALSE, sizeof(FlPagePoint));
  shapes->parts = g_array_new(FALSE, FALSE, sizeof(FlPart));
  shapes->shapes = g_array_new(FALSE, FALSE, sizeof(FlShape));
}

void
fl_shapes_clear(FlShapes *shapes)
{
  if (shapes->points)
    g_array_unref(shapes->points);
  if (shapes->parts)
    g_array_unref(shapes->parts);
  if (shapes->shapes)
    g_array_unref(shapes->shapes);
  memset(shapes, 0, sizeof *shapes);
}

/* Squared distance from p to the segment a-b. */
static double
segment_distance2(FlPagePoint p, FlPagePoint a, FlPagePoint b)
{
  double dx = b.x - a.x, dy = b.y - a.y, length2 = dx * dx + dy * dy;
  double t = length2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2 : 0;
  t = CLAMP(t, 0, 1);
  double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
  return ex * ex + ey * ey;
}

/* Douglas-Peucker: keeps the points of pts[0..n) without which the line would stray more than
 * tolerance from them, the ends always; returns how many are left at the start of pts. */
static guint
simplify(FlPagePoint *pts, guint n, double tolerance)
{
  if (n < 3 || tolerance <= 0)
    return n;
  gboolean *keep = g_new0(gboolean, n);
  GArray *stack = g_array_new(FALSE, FALSE, sizeof(guint));
  guint span[2] = {0, n - 1}, kept = 0;

  keep[0] = keep[n - 1] = TRUE;
  g_array_append_vals(stack, span, 2);
  while (stack->len > 0) {
    guint last = g_array_index(stack, guint, stack->len - 1);
    guint first = g_array_index(stack, guint, stack->len - 2);
    double farthest = -1;
    guint at = first;
    g_array_set_size(stack, stack->len - 2);
    for (guint i = first + 1; i < last; i++) {
      double d = segment_distance2(pts[i], pts[first], pts[last]);
      if (d > farthest)
        farthest = d, at = i;
    }
    if (at > first && farthest > tolerance * tolerance) {
      keep[at] = TRUE;
      guint spans[4] = {first, at, at, last};
      g_array_append_vals(stack, spans, 4);
    }
  }
  for (guint i = 0; i < n; i++)
    if (keep[i])
      pts[kept++] = pts[i];
  g_array_unref(stack);
  g_free(keep);
  return kept;
}

/* Appends one run of projected points (page units, NAN where PROJ failed), dropping those PROJ
 * could not project and vertices closer than MIN_STEP to the last kept one, then those without
 * which the line strays less than tolerance (a tenth of a PNG pixel: the drawing does not
 * change, and the layers drawn, the zones and the cache hold less than half the points). */
static void
add_run(FlShapes *shapes, const FlPagePoint *xy, guint n, gboolean ring, double tolerance)
{
  FlPart part = {shapes->points->len, 0};
  FlPagePoint *out;

  g_array_set_size(shapes->points, part.first + n);   /* room for all, cut to those kept */
  out = &g_array_index(shapes->points, FlPagePoint, part.first);
  for (guint i = 0; i < n; i++) {
    FlPagePoint p = xy[i];
    if (isnan(p.x))
      continue;
    if (part.n > 0 && i < n - 1 &&
        fabs(p.x - out[part.n - 1].x) + fabs(p.y - out[part.n - 1].y) < MIN_STEP)
      continue;
    out[part.n++] = p;
  }
  part.n = simplify(out, part.n, tolerance);
  g_array_set_size(shapes->points, part.first + part.n);
  if (part.n >= (ring ? 3u : 2u))
    g_array_append_val(shapes->parts, part);
  else
    g_array_set_size(shapes->points, part.first);
}

/* The features read in lon/lat, projected into page units (through grid when not NULL) as
 * shapes. */
static void
add_features(FlShapes *shapes, const FlProjection *projection, const FlProjectionGrid *grid,
             FlGisFeatures *features, double tolerance)
{
  double *xy = (double *)features->points->data;
  const FlPagePoint *page = (const FlPagePoint *)xy;

  if (grid)
    fl_projection_grid_apply(grid, projection, xy, features->points->len / 2);
  else
    fl_projection_apply(projection, xy, features->points->len / 2);
  for (guint f = 0; f < features->features->len; f++) {
    const FlGisFeature *feature = &g_array_index(features->features, FlGisFeature, f);
    FlShape shape = {shapes->parts->len, 0, feature->attr};
    for (guint r = 0; r < feature->n_runs; r++) {
      const FlGisRun *run = &g_array_index(features->runs, FlGisRun, feature->first_run + r);
      add_run(shapes, page + run->first, run->n, run->ring, tolerance);
    }
    shape.n_parts = shapes->parts->len - shape.first_part;
    if (shape.n_parts > 0)
      g_array_append_val(shapes->shapes, shape);
  }
}

/* How far a layer's lines may stray from the data, in page units: SIMPLIFY_TOLERANCE PNG
 * pixels where the layer is drawn. The locator map draws its layer inset_view.width wide into
 * at most [inset] width page units, so there the same pixels are that many times wider. */
static double
layer_tolerance(const FlMap *map, int layer)
{
  double tolerance = SIMPLIFY_TOLERANCE / map->png_scale;
  double drawn = fl_style_number(map->style, FL_STYLE_INSET_WIDTH) * map->unit;

  if (layer == FL_LAYER_LOCATOR && drawn > 0 && map->inset_view.width > drawn)
    tolerance *= map->inset_view.width / drawn;
  return tolerance;
}

/* Reads one layer into the map, projected through grid when not NULL. */
static gboolean
read_layer(FlMap *map, const FlGis *gis, FlGisDataset *dataset, const LayerSpec *spec,
           const double bounds[4], const FlProjectionGrid *grid, GError **error)
{
  FlGisFeatures features;
  gboolean ok;

  shapes_init(&map->layers[spec->id]);
  fl_gis_features_init(&features);
  g_autofree char *countries = g_strjoinv(";", map->theatre->countries);
  ok = gis->read_layer(dataset, spec->name, spec->attr, countries, bounds, &features, error);
  if (ok)
    add_features(&map->layers[spec->id], &map->projection, grid, &features,
                 layer_tolerance(map, spec->id));
  fl_gis_features_clear(&features);
  return ok;
}

/* The page rectangle the data covers: the largest upright rectangle inside the projected
 * coverage box {west, south, east, north} (parallels curve), cut to the page. */
static void
compute_frame(FlMap *map, const double coverage[4])
{
  double left = 0, top = 0, right = map->width, bottom = map->height;
  double west = coverage[0], south = coverage[1], east = coverage[2], north = coverage[3];

  map->frame = (FlRect){0, 0, map->width, map->height};
  for (int i = 0; i <= 32; i++) {
    double lon = west + (east - west) * i / 32, lat = south + (north - south) * i / 32;
    FlPagePoint t = fl_projection_point(&map->projection, lon, north);
    FlPagePoint s = fl_projection_point(&map->projection, lon, south);
    FlPagePoint w = fl_projection_point(&map->projection, west, lat);
    FlPagePoint e = fl_projection_point(&map->projection, east, lat);
    if (isnan(t.x) || isnan(s.x) || isnan(w.x) || isnan(e.x))
      return;
    top = MAX(top, t.y), bottom = MIN(bottom, s.y);
    left = MAX(left, w.x), right = MIN(right, e.x);
  }
  if (right - left > map->width / 4.0 && bottom - top > map->height / 4.0)
    map->frame =
        (FlRect){floor(left), floor(top), ceil(right) - floor(left), ceil(bottom) - floor(top)};
}

/* Frames the map: when the data (the sea and land layers' extents) does not cover the whole
 * page, the map is shifted so that the covered part sits in the middle of the page. */
static void
frame_map(FlMap *map, const FlGis *gis, FlGisDataset *dataset)
{
  double a[4], b[4], coverage[4], dx, dy;

  map->frame = (FlRect){0, 0, map->width, map->height};
  if (!gis->layer_extent(dataset, "sea", a) || !gis->layer_extent(dataset, "land", b))
    return;
  coverage[0] = MIN(a[0], b[0]), coverage[1] = MIN(a[1], b[1]);
  coverage[2] = MAX(a[2], b[2]), coverage[3] = MAX(a[3], b[3]);
  compute_frame(map, coverage);
  dx = (map->width - (2 * map->frame.x + map->frame.width)) / 2;
  dy = (map->height - (2 * map->frame.y + map->frame.height)) / 2;
  if (fabs(dx) < 1 && fabs(dy) < 1)
    return;
  map->projection.x0 -= dx / map->projection.scale;
  map->projection.y0 += dy / map->projection.scale;
  compute_frame(map, coverage);
}

/* The theatre country's outline in page units, its segments filed in a grid of square cells
 * so that a point meets only the few segments near it: classifying the base map's border
 * vertices costs one cell lookup each, where GEOS's distance to the whole outline cost about a
 * third of a map's run time. */
typedef struct {
  double cell;                /* side of a cell, page units */
  GHashTable *cells;          /* cell key -> GArray of segment indices */
  GArray *segments;           /* FlPagePoint pairs: a0, b0, a1, b1... */
} OutlineGrid;

static gpointer
cell_key(gint64 ix, gint64 iy)
{
  return GSIZE_TO_POINTER((gsize)((guint64)(ix & 0xffffffff) << 32 | (guint64)(iy & 0xffffffff)));
}

/* The page's cells and OFF_PAGE_CELLS more on each side are all the grid holds. */
#define OFF_PAGE_CELLS 64

/* The cells of the range lo..hi (page units) grown by tolerance, kept to the page's cells and
 * a band around it (*first > *last when none): far off the page nothing is drawn, so nothing
 * needs classifying, and a base map zoomed far in (a tiny --bbox) has segments thousands of
 * pages long, whose every cell made the grid grow with the square of the zoom. */
static void
cell_range(double lo, double hi, double tolerance, double cell, double page, gint64 *first,
           gint64 *last)
{
  double band = OFF_PAGE_CELLS * cell;
  double low = MAX(lo - tolerance, -band), high = MIN(hi + tolerance, page + band);
  *first = (gint64)floor(low / cell);
  *last = high < low ? *first - 1 : (gint64)floor(high / cell);
}

static void
outline_grid_init(OutlineGrid *grid, const FlShapes *countries, double tolerance, double width,
                  double height)
{
  grid->cell = MAX(tolerance * 4, 1.0);
  grid->cells = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                      (GDestroyNotify)g_array_unref);
  grid->segments = g_array_new(FALSE, FALSE, sizeof(FlPagePoint));
  for (guint s = 0; s < countries->shapes->len; s++) {
    const FlShape *shape = &g_array_index(countries->shapes, FlShape, s);
    for (guint p = 0; shape->attr == 1 && p < shape->n_parts; p++) {
      const FlPart *part = &g_array_index(countries->parts, FlPart, shape->first_part + p);
      const FlPagePoint *pts = &g_array_index(countries->points, FlPagePoint, part->first);
      for (guint i = 0; i + 1 < part->n; i++) {
        guint index = grid->segments->len / 2;
        g_array_append_vals(grid->segments, &pts[i], 2);
        /* every cell of the page the segment's box, grown by the tolerance, touches */
        gint64 x0, x1, y0, y1;
        cell_range(MIN(pts[i].x, pts[i + 1].x), MAX(pts[i].x, pts[i + 1].x), tolerance,
                   grid->cell, width, &x0, &x1);
        cell_range(MIN(pts[i].y, pts[i + 1].y), MAX(pts[i].y, pts[i + 1].y), tolerance,
                   grid->cell, height, &y0, &y1);
        for (gint64 ix = x0; ix <= x1; ix++)
          for (gint64 iy = y0; iy <= y1; iy++) {
            GArray *list = g_hash_table_lookup(grid->cells, cell_key(ix, iy));
            if (list == NULL) {
              list = g_array_new(FALSE, FALSE, sizeof(guint));
              g_hash_table_insert(grid->cells, cell_key(ix, iy), list);
            }
            g_array_append_val(list, index);
          }
      }
    }
  }
}

static void
outline_grid_clear(OutlineGrid *grid)
{
  g_hash_table_unref(grid->cells);
  g_array_unref(grid->segments);
}

static gboolean
near_outline(const OutlineGrid *grid, FlPagePoint p, double tolerance)
{
  GArray *list = g_hash_table_lookup(grid->cells, cell_key((gint64)floor(p.x / grid->cell),
                                                           (gint64)floor(p.y / grid->cell)));
  const FlPagePoint *segments = (const FlPagePoint *)grid->segments->data;
  for (guint i = 0; list && i < list->len; i++) {
    guint s = g_array_index(list, guint, i);
    if (segment_distance2(p, segments[2 * s], segments[2 * s + 1]) <= tolerance * tolerance)
      return TRUE;
  }
  return FALSE;
}

/* Cuts the border lines (national ones, level 1) into runs on and off the theatre country's
 * outline, one shape per run with attr 1 (on) or 0 (off). */
static void
split_border_part(FlShapes *out, const FlShapes *in, const FlPart *part, const gboolean *on)
{
  guint start = 0;

  for (guint i = 1; i <= part->n; i++) {
    if (i < part->n && on[i] == on[start])
      continue;
    guint end = MIN(i, part->n - 1);   /* runs share their end vertex */
    if (end > start) {
      FlShape shape = {out->parts->len, 1, on[start] ? 1 : 0};
      FlPart run = {out->points->len, end - start + 1};
      g_array_append_vals(out->points, &g_array_index(in->points, FlPagePoint, part->first + start),
                          run.n);
      g_array_append_val(out->parts, run);
      g_array_append_val(out->shapes, shape);
    }
    start = end;
  }
}

static void
classify_borders(FlMap *map)
{
  FlShapes *in = &map->layers[FL_LAYER_BORDERS];
  double tolerance = BORDER_TOLERANCE * map->unit;
  OutlineGrid grid;
  FlShapes out;

  shapes_init(&out);
  outline_grid_init(&grid, &map->layers[FL_LAYER_COUNTRIES], tolerance, map->width,
                    map->height);
  for (guint s = 0; s < in->shapes->len; s++) {
    const FlShape *shape = &g_array_index(in->shapes, FlShape, s);
    for (guint p = 0; shape->attr <= 1 && p < shape->n_parts; p++) {
      const FlPart *part = &g_array_index(in->parts, FlPart, shape->first_part + p);
      gboolean *on = g_new0(gboolean, part->n);
      for (guint i = 0; i < part->n; i++)
        on[i] = near_outline(&grid, g_array_index(in->points, FlPagePoint, part->first + i),
                             tolerance);
      split_border_part(&out, in, part, on);
      g_free(on);
    }
  }
  outline_grid_clear(&grid);
  fl_shapes_clear(in);
  *in = out;
}

/* The ground of the locator map: the frame's centre, [inset] zoom times as wide and high. */
void
fl_basemap_inset_view(FlMap *map)
{
  double zoom = fl_style_number(map->style, FL_STYLE_INSET_ZOOM);
  const FlRect *f = &map->frame;

  if (fl_style_number(map->style, FL_STYLE_INSET_WIDTH) <= 0) {
    map->inset_view = (FlRect){0, 0, 0, 0};
    return;
  }
  map->inset_view = (FlRect){f->x + f->width / 2 - zoom * f->width / 2,
                             f->y + f->height / 2 - zoom * f->height / 2, zoom * f->width,
                             zoom * f->height};
}

/* Fails naming the first required layer that is missing. */
static gboolean
find_layers(const FlGis *gis, FlGisDataset *dataset, const char *path,
            gboolean present[FL_N_LAYERS], GError **error)
{
  for (int i = 0; i < FL_N_LAYERS; i++) {
    present[i] = gis->dataset_has_layer(dataset, layer_specs[i].name);
    if (!present[i] && layer_specs[i].required) {
      g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_BASEMAP,
                  "%s: the base map has no layer \"%s\"", path, layer_specs[i].name);
      return FALSE;
    }
  }
  return TRUE;
}

/* The two layers that take longest (a quarter of the base map each): a thread of its own reads
 * them, with a connection of its own to the GeoPackage, while the others are read. */
static gboolean
read_in_thread(int layer)
{
  return layer == FL_LAYER_SEA || layer == FL_LAYER_RIVERS;
}

typedef struct {
  FlMap *map;
  const FlGis *gis;
  FlGisDataset *dataset;      /* NULL: the thread opens its own */
  const gboolean *present;
  const double *bounds;       /* the page's lon/lat box and a margin */
  const FlProjectionGrid *grid;
  gboolean in_thread;         /* which layers: those read_in_thread() gives, or the others */
  GError *error;
} LayerJob;

/* Reads the layers of job: each into the map (a layer of its own), or an empty one when the
 * GeoPackage lacks it or the locator map is off. */
static gpointer
read_layers(gpointer data)
{
  LayerJob *job = data;
  FlMap *map = job->map;
  FlGisDataset *dataset =
      job->dataset ? job->dataset
                   : job->gis->dataset_open(map->theatre->basemap_path, &job->error);

  for (int i = 0; dataset && !job->error && i < FL_N_LAYERS; i++) {
    double inset_bounds[4];
    FlProjectionGrid *inset_grid = NULL;
    if (read_in_thread(i) != job->in_thread)
      continue;
    if (!job->present[i] || (i == FL_LAYER_LOCATOR && map->inset_view.width <= 0)) {
      shapes_init(&map->layers[i]);
      continue;
    }
    if (i == FL_LAYER_LOCATOR) {   /* over the locator map's ground, with a grid of its own */
      fl_projection_lonlat_bounds(&map->projection, &map->inset_view, inset_bounds);
      inset_grid = fl_projection_grid_new(&map->projection, inset_bounds);
    }
    read_layer(map, job->gis, dataset, &layer_specs[i],
               i == FL_LAYER_LOCATOR ? inset_bounds : job->bounds,
               i == FL_LAYER_LOCATOR ? inset_grid : job->grid, &job->error);
    fl_projection_grid_free(inset_grid);
  }
  if (dataset && dataset != job->dataset)
    job->gis->dataset_close(dataset);
  return NULL;
}

/* A base map open for reading, the map framed on it. */
struct FlBasemap {
  const FlGis *gis;
  FlGisDataset *dataset;
  gboolean present[FL_N_LAYERS];
};

static void
basemap_close(FlBasemap *base)
{
  if (!base)
    return;
  if (base->dataset)
    base->gis->dataset_close(base->dataset);
  g_free(base);
}

FlBasemap *
fl_basemap_open(FlMap *map, GError **error)
{
  const char *path = map->theatre->basemap_path;
  FlBasemap *base = g_new0(FlBasemap, 1);

  if (!path || !g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_BASEMAP,
                "%s: no such base map file", path ? path : "(none)");
    g_free(base);
    return NULL;
  }
  base->gis = fl_gis_get(FL_RENDER_ERROR, FL_RENDER_ERROR_BASEMAP, error);
  base->dataset = base->gis ? base->gis->dataset_open(path, error) : NULL;
  if (!base->dataset || !find_layers(base->gis, base->dataset, path, base->present, error)) {
    basemap_close(base);
    return NULL;
  }
  frame_map(map, base->gis, base->dataset);
  fl_basemap_inset_view(map);
  return base;
}

gboolean
fl_basemap_read(FlMap *map, FlBasemap *base, GError **error)
{
  FlProjectionGrid *grid;
  double bounds[4];

  fl_projection_lonlat_bounds(&map->projection, &map->frame, bounds);
  bounds[0] -= CLIP_MARGIN_DEGREES, bounds[1] -= CLIP_MARGIN_DEGREES;
  bounds[2] += CLIP_MARGIN_DEGREES, bounds[3] += CLIP_MARGIN_DEGREES;
  grid = fl_projection_grid_new(&map->projection, bounds);   /* NULL: PROJ point by point */
  LayerJob here = {map, base->gis, base->dataset, base->present, bounds, grid, FALSE, NULL};
  LayerJob there = {map, base->gis, NULL, base->present, bounds, grid, TRUE, NULL};
  GThread *thread = g_thread_try_new("layers", read_layers, &there, NULL);
  read_layers(&here);
  if (thread)
    g_thread_join(thread);
  else   /* none could start: read here */
    read_layers(&there);
  fl_projection_grid_free(grid);
  basemap_close(base);
  if (here.error || there.error) {   /* this thread's first */
    GError **first = here.error ? &here.error : &there.error;
    g_propagate_error(error, *first);
    *first = NULL;
    g_clear_error(&there.error);
    return FALSE;
  }
  classify_borders(map);
  return TRUE;
}
