/* harness-render.h - what the render tests share (linked with frontline-render). */
#ifndef FL_TEST_HARNESS_RENDER_H
#define FL_TEST_HARNESS_RENDER_H

#include <frontline/pipeline.h>
#include <frontline/render.h>

/* The map of date when drawn into path (format from its extension), from a plan of that one
 * date with every part (labels and pictures). */
gboolean fl_test_render_one(const FlMap *map, const FlPipeline *run, const GDate *when,
                            const char *path, GError **error);

#endif
