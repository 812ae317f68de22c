/* legend.c - the legend's model: what one map, or any map of a series, shows, so that the
 * legend lists it (furniture.c draws it). */
#include "draw-internal.h"

FlLegend *
fl_legend_new(const FlMap *map)
{
  FlLegend *legend = g_new0(FlLegend, 1);
  guint n = map->theatre->factions->len;

  legend->faction = g_new0(gboolean, MAX(n, 1));
  legend->zoned = g_new0(gboolean, MAX(n, 1));
  return legend;
}

void
fl_legend_free(FlLegend *legend)
{
  if (!legend)
    return;
  g_free(legend->faction);
  g_free(legend->zoned);
  g_free(legend);
}

/* Whether place i is drawn as a mark of the control (not a foreign dot, in the frame). */
static gboolean
control_mark(const FlMap *map, guint i)
{
  Rank rank = fl_place_rank(map->theatre->places->pdata[i]);

  return rank != RANK_NONE && rank != RANK_FOREIGN_CAPITAL && rank != RANK_FOREIGN_CITY &&
         fl_on_frame(map, map->place_xy[i]);
}

void
fl_legend_add(FlLegend *legend, const FlMap *map, const FlSituation *situation)
{
  guint n_factions = map->theatre->factions->len;
  gboolean contested = FALSE;

  gboolean places = fl_draw_shown(map, FL_STYLE_LAYERS_PLACES),
           zones = fl_draw_shown(map, FL_STYLE_LAYERS_ZONES);

  for (guint i = 0; places && i < map->theatre->places->len; i++) {
    const FlPlaceState *state = &situation->states[i];
    if (!control_mark(map, i))
      continue;
    if (state->faction >= 0 && (guint)state->faction < n_factions)
      legend->faction[state->faction] = TRUE;
    else
      legend->nobody = TRUE;
    legend->status[state->status] = TRUE;
    legend->claimed |= state->confidence == FL_CONFIDENCE_CLAIMED;
    if (state->faction >= 0 && state->status != FL_STATUS_ABANDONED) {
      legend->inferred |= situation->bases[i] == FL_BASIS_INFERRED;
      legend->stale |= situation->bases[i] == FL_BASIS_STALE;
    }
    legend->changes |= situation->changed[i] && fl_draw_shown(map, FL_STYLE_LAYERS_CHANGES);
  }
  for (guint f = 0; zones && f < n_factions; f++)
    legend->zoned[f] |= fl_situation_faction_zoned(situation, (gint)f, NULL);
  legend->contested_ground |=
      zones && fl_situation_faction_zoned(situation, -1, &contested) && contested;
  if (zones && situation->zones) {
    gboolean occupied, deconfliction;
    fl_zones_outside(situation->zones, &occupied, &deconfliction);
    legend->open |= fl_situation_open_zoned(situation);
    legend->occupied |= occupied;
    legend->deconfliction |= deconfliction;
  }
  legend->front |= fl_draw_shown(map, FL_STYLE_LAYERS_FRONT) && situation->front != NULL;
  legend->arrows |=
      fl_draw_shown(map, FL_STYLE_LAYERS_ARROWS) && situation->arrows && situation->arrows->len > 0;
  legend->roads |= fl_draw_shown(map, FL_STYLE_LAYERS_ROADS) && map->theatre->roads->len > 0;
}

guint
fl_legend_rows(const FlMap *map, const FlLegend *legend)
{
  guint rows = 1 + legend->nobody + legend->claimed + legend->inferred + legend->stale +
               legend->contested_ground + legend->front + legend->arrows + legend->changes +
               legend->roads + legend->open + legend->occupied + legend->deconfliction;

  for (guint i = 0; i < map->theatre->factions->len; i++)
    rows += legend->faction[i] || legend->zoned[i];
  for (int s = FL_STATUS_CONTESTED; s <= FL_STATUS_ABANDONED; s++)
    rows += legend->status[s];
  return rows;
}

char *
fl_legend_key(const FlMap *map, const FlLegend *legend)
{
  GString *key = g_string_new(NULL);

  for (guint i = 0; legend && i < map->theatre->factions->len; i++)
    g_string_append_printf(key, "%d%d", legend->faction[i], legend->zoned[i]);
  if (legend)
    g_string_append_printf(key, ";%d%d%d%d;%d%d%d%d%d%d%d%d%d%d%d%d%d", legend->status[0],
                           legend->status[1], legend->status[2], legend->status[3],
                           legend->claimed, legend->nobody, legend->contested_ground,
                           legend->front, legend->arrows, legend->changes, legend->roads,
                           legend->inferred, legend->stale, legend->open, legend->occupied,
                           legend->deconfliction, 0);
  return g_string_free(key, FALSE);
}
