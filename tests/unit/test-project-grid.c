/* test-project-grid.c - the interpolation grid the base map is projected through
 * (project-grid.c): within a thousandth of a page unit of PROJ over a theatre's box, PROJ's own
 * answer outside the box and for points PROJ cannot project, as close over a locator map's
 * wide ground, and refused where PROJ fails at a node. */
#include <frontline/frontline.h>

#include "harness.h"
#include "render-internal.h"

#include <math.h>

/* The Syrian theatre's conic projection, and its extent fitted into a 1920 x 1080 page. */
#define CONIC "+proj=lcc +lat_0=34.75 +lon_0=38.5 +lat_1=33 +lat_2=36.5 +datum=WGS84 +units=m"
static const double extent[4] = {35.45, 32.25, 42.45, 37.40};
/* what the base map reads: the page's lon/lat box and a margin */
static const double box[4] = {35.2, 32.0, 42.7, 37.65};

static void
init(FlProjection *projection, const char *definition)
{
  GError *error = NULL;
  g_assert_true(fl_projection_init(projection, definition, extent, 1920, 1080, &error));
  g_assert_no_error(error);
}

/* Projects n points both ways; returns the largest distance between the two answers (NAN
 * counts as equal only to NAN). */
static double
largest_difference(const FlProjection *projection, const FlProjectionGrid *grid,
                   const double *lonlat, gsize n)
{
  double *exact = g_memdup2(lonlat, 2 * n * sizeof(double));
  double *fast = g_memdup2(lonlat, 2 * n * sizeof(double)), largest = 0;

  fl_projection_apply(projection, exact, n);
  fl_projection_grid_apply(grid, projection, fast, n);
  for (gsize i = 0; i < n; i++) {
    if (isnan(exact[2 * i]) || isnan(fast[2 * i])) {
      g_assert_true(isnan(exact[2 * i]) && isnan(fast[2 * i]));
      continue;
    }
    largest = MAX(largest, hypot(fast[2 * i] - exact[2 * i], fast[2 * i + 1] - exact[2 * i + 1]));
  }
  g_free(exact);
  g_free(fast);
  return largest;
}

/* The largest distance from PROJ of the grid over box at n random points of it (seed), and at
 * the box's corners when corners. */
static double
largest_in_box(const double box_[4], guint32 seed, gboolean corners)
{
  FlProjection projection;
  init(&projection, CONIC);
  FlProjectionGrid *grid = fl_projection_grid_new(&projection, box_);
  g_assert_nonnull(grid);
  GRand *rand = g_rand_new_with_seed(seed);
  gsize n = 20000;
  double *lonlat = g_new(double, 2 * n);
  for (gsize i = 0; i < n; i++) {
    lonlat[2 * i] = g_rand_double_range(rand, box_[0], box_[2]);
    lonlat[2 * i + 1] = g_rand_double_range(rand, box_[1], box_[3]);
  }
  for (int c = 0; corners && c < 4; c++) {
    lonlat[2 * c] = box_[c & 1 ? 2 : 0];
    lonlat[2 * c + 1] = box_[c & 2 ? 3 : 1];
  }
  double largest = largest_difference(&projection, grid, lonlat, n);
  g_test_message("largest difference from PROJ: %g page units", largest);
  g_free(lonlat);
  g_rand_free(rand);
  fl_projection_grid_free(grid);
  fl_projection_clear(&projection);
  return largest;
}

/* Over the base map's box, its corners and edges too. */
static void
test_inside(void)
{
  g_assert_cmpfloat(largest_in_box(box, 7, TRUE), <, 1e-3);
}

static void
test_outside(void)
{
  FlProjection projection;
  init(&projection, CONIC);
  FlProjectionGrid *grid = fl_projection_grid_new(&projection, box);
  g_assert_nonnull(grid);
  /* beyond each side, far off, and a point that is no number: PROJ's own answer each time */
  double lonlat[] = {34.0, 35.0, 44.0, 35.0, 38.0, 30.0, 38.0, 39.0,
                     120.0, -60.0, NAN, 35.0, 38.0, NAN};
  g_assert_cmpfloat(largest_difference(&projection, grid, lonlat, G_N_ELEMENTS(lonlat) / 2),
                    ==, 0);
  fl_projection_grid_free(grid);
  fl_projection_clear(&projection);
}

/* A locator map's ground, 49 degrees by 27 round the theatre (its frame 4.5 times and more):
 * the grid holds there too, checked within a thousandth of a page unit at its cells' centres
 * and a little further between them, where the locator map is drawn 35 times smaller. */
static void
test_wide(void)
{
  const double wide[4] = {14.0, 21.0, 63.0, 48.0};
  g_assert_cmpfloat(largest_in_box(wide, 11, FALSE), <, 2e-3);
}

/* An orthographic view of the north pole cannot show the southern hemisphere: a box reaching
 * south of the equator has nodes PROJ cannot project, so no grid. */
static void
test_refused(void)
{
  FlProjection projection;
  init(&projection, "+proj=ortho +lat_0=60 +lon_0=38 +datum=WGS84");
  double across[4] = {30, -40, 46, 40};
  g_assert_null(fl_projection_grid_new(&projection, across));
  fl_projection_clear(&projection);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/project-grid/inside", test_inside);
  g_test_add_func("/project-grid/outside", test_outside);
  g_test_add_func("/project-grid/wide", test_wide);
  g_test_add_func("/project-grid/refused", test_refused);
  return g_test_run();
}
