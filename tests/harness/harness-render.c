/* harness-render.c - what the render tests share. */
#include "harness-render.h"

gboolean
fl_test_render_one(const FlMap *map, const FlPipeline *run, const GDate *when, const char *path,
                   GError **error)
{
  FlPlan *plan = fl_plan_new(map, run->control, when, 1, FL_PLAN_ALL, error);
  gboolean ok = plan && fl_map_render(map, plan, run->reports, when, path, error);

  fl_plan_free(plan);
  return ok;
}
