/* draw-internal.h - what the drawing files of the render stage share (draw-common.c,
 * map-words.c, labels.c, furniture-room.c, furniture.c, legend.c, draw-layers.c, items.c,
 * pictures.c, draw.c, deck.c): the render context, the map's words, the ranks of the places'
 * dots, and the functions one file calls in another. */
#ifndef FL_DRAW_INTERNAL_H
#define FL_DRAW_INTERNAL_H

#include "render-internal.h"
#include "svg.h"

G_BEGIN_DECLS

#define PAD 16.0          /* furniture distance from the page edges */
#define CHANGED_RING 3.6  /* the mark of a place that changed hands, beyond its dot */

#define RGB(c) ((c) >> 16 & 0xff) / 255.0, ((c) >> 8 & 0xff) / 255.0, ((c) & 0xff) / 255.0

/* Words of the furniture, read from the language's map words file (map-words.c). Month names
 * are here too because g_date_strftime() follows the C library's locale, which a library must
 * not set. Every text is owned by the struct; texts with {...} are filled by fl_words_fill(). */
struct MapWords {
  char *months[12];
  char *short_months[12];      /* for the arrows' dates */
  char *date_format;           /* {day} {month} {year} */
  char *first_day;             /* "1er" in French; NULL: the number */
  char *legend, *contested, *besieged, *abandoned, *claimed, *nobody, *reports;
  char *contested_ground, *front;
  char *advance;               /* {days}: the number of days */
  char *changed;               /* {date}: a day and month ("6 décembre") */
  char *road;
  char *open_ground, *occupied, *deconfliction;
  char *inferred, *stale;      /* marks of inferred and stale states */
  char *known_on;              /* {date}: "as known on 5 December" */
  char *latest;                /* {time}: "latest report 14:30" */
  char *more_reports;          /* {count}: "+ 12 more reports" */
  GPtrArray *credit_words;     /* pairs: a phrase of the credits and its translation */
};
typedef struct MapWords Words;

/* The render context. */
typedef struct {
  const FlMap *map;
  const FlPlan *plan;        /* NULL for a deck's title page */
  const FlLayout *layout;    /* the plan's */
  cairo_t *cr;
  const FlControl *control;
  const GPtrArray *reports;
  const GDate *date;
  const Words *words;
  double u;                  /* map->unit */
  GError *error;             /* the first failure; later layers do nothing */
  const FlSituation *situation;  /* zones, front line, arrows, changes of the date */
  const FlLegend *legend;    /* what the legend lists */
} Draw;

typedef enum {
  RANK_CAPITAL,
  RANK_REGION_SEAT,
  RANK_FOREIGN_CAPITAL,
  RANK_DISTRICT,
  RANK_OTHER,
  RANK_FOREIGN_CITY,
  RANK_NONE,           /* not a dot: countries, regions, rivers */
} Rank;

#define SHIELD_SIZE 10.5
#define SHIELD_PAD 3.0

#define LEGEND_SIZE 13.0
#define LEGEND_ROW 21.0
#define CREDIT_SIZE 10.5

/* draw-common.c */
/* A render context on cr with nothing drawn yet, with plan's layout and legend (plan, reports
 * and date may be NULL for what does not depend on them). */
Draw fl_draw_context(const FlMap *map, const FlPlan *plan, cairo_t *cr, const GPtrArray *reports,
                     const GDate *date);
/* Clips what follows to the map's frame. */
void fl_draw_clip_to_frame(Draw *d);
void fl_draw_check(Draw *d, const char *what);
/* Draws what follows on layer: on an SVG page, in its group (svg.h); elsewhere nothing
 * changes. */
void fl_draw_layer(Draw *d, FlSvgLayerId layer);
void fl_draw_set_color(cairo_t *cr, guint32 color, double alpha);
/* The colour of a style key, its alpha times opacity. */
void fl_draw_style_color(cairo_t *cr, const FlMap *map, FlStyleKey key, double opacity);
/* The colour of a style key as 0xRRGGBB. */
guint32 fl_draw_style_rgb(const FlMap *map, FlStyleKey key);
double fl_draw_style_number(const FlMap *map, FlStyleKey key);
/* Whether the style shows a layer (a key of [layers]). Switching one off leaves everything
 * else where it was: labels and furniture are laid out the same. */
gboolean fl_draw_shown(const FlMap *map, FlStyleKey layer);
/* A layout of text in the map's font (the context's). Caller owns it: g_object_unref(). */
PangoLayout *fl_text_layout(PangoContext *pango, const char *text, double size,
                            PangoWeight weight, PangoStyle style);
void fl_layout_size(PangoLayout *layout, double *width, double *height);
/* Shows a layout at the current point and clears the path, so that no later path starts with
 * a line from here. */
void fl_show_layout(cairo_t *cr, PangoLayout *layout);
/* The images of a picture's text, shared by two recordings of it (pictures.c). */
typedef struct FlTextImages FlTextImages;
FlTextImages *fl_text_images_new(void);
/* Makes the next recording take the images in order from the first. */
void fl_text_images_rewind(FlTextImages *images);
void fl_text_images_free(FlTextImages *images);
/* Marks a recording surface whose text fl_show_layout() shows as images of its glyphs (drawn
 * on raster pages at the whole pixels they fall on, kept in images, or taken from there): Cairo
 * 1.16 loses glyphs when two threads draw text at once, so a recording that a thread other than
 * the one that made the text replays holds none. images is borrowed. */
void fl_draw_text_as_images(cairo_surface_t *recording, FlTextImages *images);
/* Text with a halo: the outline stroked wide in the halo colour, then the glyphs (kept as
 * text in PDF; live text over a stroked copy on an SVG page). */
void fl_show_with_halo(cairo_t *cr, const FlMap *map, PangoLayout *layout, double x, double y,
                       FlStyleKey color, double halo_width);
Rank fl_place_rank(const FlPlace *place);
double fl_dot_radius(const FlMap *map, Rank rank);
gboolean fl_on_frame(const FlMap *map, FlPagePoint p);
gboolean fl_rect_overlaps(const FlRect *a, const FlRect *b);
/* The box a label at (x, y), w by h, turned by angle about its centre covers. */
FlRect fl_turned_box(double x, double y, double w, double h, double angle);
/* The ink box of a placed label (turned with it). */
FlRect fl_label_box(const FlLabel *label);
void fl_labels_free(GArray *labels);
/* A road's page points: its places that PROJ could project. */
GArray *fl_road_points(const FlMap *map, const FlRoad *road);

/* furniture-room.c */
/* The room of the title, legend, scale bar, locator map and credits (room->*_box) and the
 * legend's size (room->legend_scale, legend_columns), for what legend lists. */
void fl_furniture_reserve(const FlMap *map, const FlLegend *legend, FlLayout *room);

/* furniture.c */
/* The end of the map: the clip is lifted and the frame outlined. */
void fl_draw_frame(Draw *d);
void fl_draw_title(Draw *d);
void fl_draw_legend(Draw *d);
/* A bar of two halves, true at the map's centre (the projection is conformal, so the scale
 * varies slightly away from it). */
void fl_draw_scale_bar(Draw *d);
/* The locator map: the wide ground's countries, the theatre's country picked out, and the map's
 * frame as a rectangle (the same projection, so it is one). */
void fl_draw_inset(Draw *d);
void fl_draw_credits(Draw *d);

/* items.c */
/* What layout fixed, the same on every date: labels, shields, dots, furniture. */
GArray *fl_items_fixed(const FlMap *map, const FlLayout *layout);
/* Everything fixed before the arrows' dates: what the plan's layout fixed and the arrow
 * heads. */
GArray *fl_items_base(const FlPlan *plan, const FlSituation *situation);
/* The dates of each arrow's steps ("27 nov." at its start, "5 déc." at Hama), beside its curve
 * where they cover nothing of items (which grows with each date placed): tried at the step,
 * then a little before and after it, on either side. Returns a GArray of FlLabel (place: the
 * step's place) with owned layouts. */
GArray *fl_arrow_dates(const FlMap *map, const FlSituation *situation, GArray *items);

/* draw-layers.c */
void fl_shapes_path(cairo_t *cr, const FlShapes *shapes, gint attr, gboolean closed);
/* The path of one shape s of shapes on cr (its parts, closed when closed is TRUE). */
void fl_shape_path(cairo_t *cr, const FlShapes *shapes, guint s, gboolean closed);
void fl_draw_background(Draw *d);
void fl_draw_land_and_water(Draw *d);
/* WDBII levels: 1 double-lined, 2-4 permanent major..additional, 5-8 intermittent, 9-10
 * canals (not drawn). */
void fl_draw_rivers(Draw *d);
void fl_draw_borders(Draw *d);
/* Main roads, schematic: a smooth curve through the towns along each (Catmull-Rom), cased. */
void fl_draw_roads(Draw *d);
/* The ground each faction holds, under the rivers, borders and places. */
void fl_draw_zones(Draw *d);
/* The front line and the advances, over the borders and under the places and labels (labels
 * are placed once for every date; their halo keeps them readable over an arrow). */
void fl_draw_front_and_arrows(Draw *d);
/* One place mark: a dot in the faction's colour with a dark outline (dashed when only claimed),
 * a ring around it when contested, teeth when besieged, a hollow dot when abandoned. */
void fl_draw_mark(cairo_t *cr, const FlMap *map, double x, double y, double r, double u,
                  const FlPlaceState *state, FlBasis basis, guint32 color);
/* A place that changed hands: a disc in [changes] color under its mark. */
void fl_draw_changed(cairo_t *cr, const FlMap *map, double x, double y, double r, double u);
guint32 fl_faction_color(const FlMap *map, gint faction);
/* Small places first, so that big ones are drawn over them. */
void fl_draw_places(Draw *d);
void fl_draw_labels(Draw *d);
/* The arrows' dates, in ink over a halo, where they cover nothing else. */
void fl_draw_arrow_dates(Draw *d);

/* legend.c */
/* How many rows the legend has, its title included. */
guint fl_legend_rows(const FlMap *map, const FlLegend *legend);

/* map-words.c */
/* text with each {name} of the NULL-terminated name, value pairs replaced by its value. Newly
 * allocated; g_free(). */
char *fl_words_fill(const char *text, ...) G_GNUC_NULL_TERMINATED;
/* "as known on 5 December, latest report 14:30" in the map's language: the time (minutes after
 * midnight) only when not negative, of the latest report used, published on latest_day. Newly
 * allocated; g_free(). */
char *fl_known_on_line(const FlMap *map, const GDate *known_on, const GDate *latest_day,
                       gint minute_of_day);
/* The theatre's credits in the map's language: their usual English words translated. Newly
 * allocated; g_free(). */
char *fl_credits_line(const FlMap *map, char *const *credits);
/* The credits line with only the sources and their licences, for a page too narrow for it whole:
 * "GSHHG/WDBII/DCW (LGPL); Natural Earth · GeoNames (CC BY 4.0)". Newly allocated. */
char *fl_credits_short(const char *line);
/* "changed hands since 6 December" in the map's language. Newly allocated; g_free(). */
char *fl_changed_line(const FlMap *map, const GDate *since);

G_END_DECLS

#endif
