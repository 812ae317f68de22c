/* ground.h - what the map of a date shows beyond its place marks (each faction's zones, the
 * front line, the advance arrows) as GIS layers in lon/lat, for export.c (ground.c). */
#ifndef FL_GROUND_H
#define FL_GROUND_H

#include <frontline/render.h>

#include "gis.h"

G_BEGIN_DECLS

/* The zones, front line and advance arrows that map draws for date from control, in lon/lat
 * (EPSG:4326), into the layers given (any may be NULL), which this initialises: "zones" (a
 * multipolygon per faction and hold: held or contested), "front" (a multilinestring per pair
 * of factions it parts, the first of the theatre's order on its left) and "arrows" (a line per
 * arrow), each with a "date" column. The caller clears them with fl_gis_layer_clear(), also
 * on failure. Fails with FL_RENDER_ERROR_DRAW when GEOS fails, FL_RENDER_ERROR_PROJECTION when
 * a point does not project back to lon/lat. */
gboolean fl_ground_layers(const FlMap *map, const FlControl *control, const GDate *date,
                          FlGisLayer *zones, FlGisLayer *front, FlGisLayer *arrows,
                          GError **error);

/* The columns of a faction in every exported layer: its id, its label in the theatre's first
 * language and its colour "#rrggbb", or three empty strings for none (faction -1); newly
 * allocated into values[0..2]. */
void fl_ground_faction_values(const FlTheatre *theatre, gint faction, char **values);

G_END_DECLS

#endif
