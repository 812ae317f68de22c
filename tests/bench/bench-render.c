/* bench-render.c - what a map costs: preparation once, then each date.
 *
 * usage: bench-render THEATRE_DIR RUNS DATE... -- REPORT...
 *
 * Runs the pipeline over the reports, then prints in milliseconds: fl_map_new() (projection,
 * base layers, zones) and the zones' share of it (fl_zones_new()), fl_plan_new() of the dates
 * as one series (situations, labels, the PNG pictures), and for each date
 * the mean over RUNS of: the date's situation (states, front line, arrows), drawing the zones,
 * the front line and the arrows, the whole fl_map_draw() on a 1920x1080 image, and
 * fl_map_render() to a PNG file (the drawing plus the PNG encoding and the file). */
#include <frontline/frontline.h>

#include "render-internal.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

static double
now_ms(void)
{
  return (double)g_get_monotonic_time() / 1000.0;
}

int
main(int argc, char **argv)
{
  int separator = 3;
  while (separator < argc && !g_str_equal(argv[separator], "--"))
    separator++;
  if (argc < 5 || separator >= argc - 1) {
    fprintf(stderr, "usage: bench-render THEATRE_DIR RUNS DATE... -- REPORT...\n");
    return 2;
  }
  int runs = MAX(atoi(argv[2]), 1);
  FlPipelineOptions options = {.theatre_dir = argv[1],
                               .reports = (const char *const *)argv + separator + 1,
                               .n_reports = (guint)(argc - separator - 1)};
  GError *error = NULL;
  FlPipeline *pipeline = fl_pipeline_run(&options, &error);
  if (!pipeline) {
    fprintf(stderr, "bench-render: %s\n", error->message);
    return 1;
  }

  double start = now_ms();
  FlMap *map = fl_map_new(pipeline->theatre, NULL, &error);
  double map_ms = now_ms() - start;
  if (!map) {
    fprintf(stderr, "bench-render: %s\n", error->message);
    return 1;
  }
  double zones_ms = 0;
  for (int r = 0; r < runs; r++) {
    start = now_ms();
    fl_zones_free(fl_zones_new(map, NULL));
    zones_ms += now_ms() - start;
  }
  printf("fl_map_new %.1f ms, of which the zones' preparation %.1f ms\n", map_ms, zones_ms / runs);

  /* the dates as one series, as batch plans them */
  GArray *series = g_array_new(FALSE, FALSE, sizeof(GDate));
  for (int i = 3; i < separator; i++) {
    GDate date;
    if (fl_date_parse_iso(argv[i], &date, NULL))
      g_array_append_val(series, date);
  }
  start = now_ms();
  FlPlan *plan = fl_plan_new(map, pipeline->control, (const GDate *)series->data, series->len,
                             FL_PLAN_ALL, &error);
  if (!plan) {
    fprintf(stderr, "bench-render: %s\n", error->message);
    return 1;
  }
  printf("fl_plan_new of %u dates %.1f ms\n", series->len, now_ms() - start);
  g_array_unref(series);

  char *dir = g_dir_make_tmp("bench-render-XXXXXX", NULL);
  char *png = g_build_filename(dir, "map.png", NULL);
  cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1920, 1080);
  printf("%-10s %12s %18s %14s %14s %7s\n", "date", "situation", "zones+front+arrows",
         "fl_map_draw", "fl_map_render", "arrows");
  for (int i = 3; i < separator; i++) {
    GDate date;
    if (!fl_date_parse_iso(argv[i], &date, &error)) {
      fprintf(stderr, "bench-render: %s\n", error->message);
      return 2;
    }
    double situation_ms = 0, layers_ms = 0, draw_ms = 0, render_ms = 0;
    guint arrows = 0;
    for (int r = 0; r < runs; r++) {
      cairo_t *cr = cairo_create(surface);
      start = now_ms();
      FlSituation *situation = fl_situation_new(map, pipeline->control, &date, NULL, NULL);
      situation_ms += now_ms() - start;
      start = now_ms();
      fl_zones_draw(cr, map, situation);
      fl_front_draw(cr, map, situation);
      fl_arrows_draw(cr, map, situation);
      layers_ms += now_ms() - start;
      arrows = situation->arrows->len;
      fl_situation_free(situation);
      start = now_ms();
      fl_map_draw(map, plan, cr, pipeline->reports, &date, NULL);
      draw_ms += now_ms() - start;
      cairo_destroy(cr);
      start = now_ms();
      fl_map_render(map, plan, pipeline->reports, &date, png, NULL);
      render_ms += now_ms() - start;
    }
    printf("%-10s %9.2f ms %15.2f ms %11.2f ms %11.2f ms %7u\n", argv[i], situation_ms / runs,
           layers_ms / runs, draw_ms / runs, render_ms / runs, arrows);
  }
  cairo_surface_destroy(surface);
  g_remove(png);
  g_rmdir(dir);
  g_free(png);
  g_free(dir);
  fl_plan_free(plan);
  fl_map_free(map);
  fl_pipeline_free(pipeline);
  return 0;
}
