/* frontline/style.h - how a map looks: the layers it shows, colours, sizes, fonts, label
 * language, title.
 *
 * A style file is `[section]` + `key = value` lines; `#` or `;` starts a comment line. Every key
 * is declared once in a table (style.c) with its type, default and a one-line doc, and
 * `frontline style --defaults` prints that table as a commented style file. A style starts from
 * the defaults; a file and `--set section.key=value` change single keys. Types:
 *
 *   colour    #rrggbb or #rrggbbaa (aa: opacity, ff opaque)
 *   number    a decimal number within the key's range
 *   boolean   true or false
 *   choice    one of a fixed list of words (labels.size)
 *   language  a language code, or two joined by '+' (labels.language: fr, en, uk, fr+ar); a
 *             map checks it against its theatre's languages
 *   text      any UTF-8 text (a font family list, a title)
 *
 * [layers] switches each part of the map on or off (all on by default); switching one off
 * leaves the others where they were (labels and furniture keep their places), and the legend
 * lists only what is shown.
 *
 * The section [factions] is open: `faction_id = #rrggbb` gives a faction another colour than
 * its theatre's factions.tsv; the ids are checked against a theatre by
 * fl_style_check_factions() (fl_map_new() does it). */
#ifndef FRONTLINE_STYLE_H
#define FRONTLINE_STYLE_H

#include <frontline/theatre.h>

G_BEGIN_DECLS

#define FL_STYLE_ERROR (fl_style_error_quark())
GQuark fl_style_error_quark(void);
typedef enum {
  FL_STYLE_ERROR_IO,       /* the style file is missing or unreadable, or no style has the name */
  FL_STYLE_ERROR_SYNTAX,   /* a line that is no [section], key = value or comment; not UTF-8 */
  FL_STYLE_ERROR_KEY,      /* an unknown section or key, a key set twice, an unknown faction */
  FL_STYLE_ERROR_VALUE,    /* a value of the wrong type or out of the key's range */
} FlStyleError;

typedef enum {
  FL_STYLE_TYPE_COLOR,
  FL_STYLE_TYPE_NUMBER,
  FL_STYLE_TYPE_BOOLEAN,
  FL_STYLE_TYPE_CHOICE,
  FL_STYLE_TYPE_TEXT,
  FL_STYLE_TYPE_LANGUAGE,
} FlStyleType;

/* The keys, named FL_STYLE_<SECTION>_<KEY>. Their types, defaults and docs are in style.c's
 * table (and in `frontline style --defaults`). Sizes and widths are pixels of a 1920x1080 page
 * and scale with the page like the rest of the map. */
typedef enum {
  FL_STYLE_PAGE_TRANSPARENT,
  FL_STYLE_LAYERS_SEA,
  FL_STYLE_LAYERS_LAND,
  FL_STYLE_LAYERS_THEATRE,
  FL_STYLE_LAYERS_LAKES,
  FL_STYLE_LAYERS_RIVERS,
  FL_STYLE_LAYERS_BORDERS,
  FL_STYLE_LAYERS_ZONES,
  FL_STYLE_LAYERS_FRONT,
  FL_STYLE_LAYERS_ARROWS,
  FL_STYLE_LAYERS_PLACES,
  FL_STYLE_LAYERS_LABELS,
  FL_STYLE_LAYERS_COUNTRY_NAMES,
  FL_STYLE_LAYERS_TITLE,
  FL_STYLE_LAYERS_LEGEND,
  FL_STYLE_LAYERS_SCALE,
  FL_STYLE_LAYERS_CREDITS,
  FL_STYLE_LAYERS_ROADS,
  FL_STYLE_LAYERS_CHANGES,
  FL_STYLE_LAYERS_INSET,
  FL_STYLE_COLORS_PAGE,
  FL_STYLE_COLORS_SEA,
  FL_STYLE_COLORS_LAND,
  FL_STYLE_COLORS_THEATRE,
  FL_STYLE_COLORS_WATER,
  FL_STYLE_COLORS_RIVER,
  FL_STYLE_COLORS_RIVER_NAME,
  FL_STYLE_COLORS_SEA_NAME,
  FL_STYLE_COLORS_ROAD,
  FL_STYLE_COLORS_BORDER,
  FL_STYLE_COLORS_THEATRE_BORDER,
  FL_STYLE_COLORS_CEASEFIRE,
  FL_STYLE_COLORS_FRAME,
  FL_STYLE_COLORS_INK,
  FL_STYLE_COLORS_DATE,
  FL_STYLE_COLORS_CREDITS,
  FL_STYLE_COLORS_FOREIGN,
  FL_STYLE_COLORS_COUNTRY_NAME,
  FL_STYLE_COLORS_FOREIGN_DOT,
  FL_STYLE_COLORS_FOREIGN_DOT_OUTLINE,
  FL_STYLE_COLORS_NOBODY,
  FL_STYLE_COLORS_NOBODY_OUTLINE,
  FL_STYLE_COLORS_LEGEND_MARK,
  FL_STYLE_COLORS_FACTIONS,
  FL_STYLE_HALO_COLOR,
  FL_STYLE_HALO_OPACITY,
  FL_STYLE_HALO_WIDTH,
  FL_STYLE_PANEL_COLOR,
  FL_STYLE_PANEL_OPACITY,
  FL_STYLE_PANEL_OUTLINE,
  FL_STYLE_PANEL_CREDITS_OPACITY,
  FL_STYLE_LABELS_LANGUAGE,
  FL_STYLE_LABELS_FONT,
  FL_STYLE_LABELS_CAPITAL,
  FL_STYLE_LABELS_REGION_SEAT,
  FL_STYLE_LABELS_FOREIGN_CAPITAL,
  FL_STYLE_LABELS_DISTRICT,
  FL_STYLE_LABELS_OTHER,
  FL_STYLE_LABELS_COUNTRY,
  FL_STYLE_DOTS_CAPITAL,
  FL_STYLE_DOTS_REGION_SEAT,
  FL_STYLE_DOTS_FOREIGN_CAPITAL,
  FL_STYLE_DOTS_DISTRICT,
  FL_STYLE_DOTS_OTHER,
  FL_STYLE_DOTS_FOREIGN_CITY,
  FL_STYLE_TITLE_TEXT,
  FL_STYLE_TITLE_SUBTITLE,
  FL_STYLE_TITLE_SIZE,
  FL_STYLE_TITLE_DATE_SIZE,
  FL_STYLE_ZONES_OPACITY,
  FL_STYLE_ZONES_SMOOTH,
  FL_STYLE_ZONES_OPEN,
  FL_STYLE_ZONES_OUTSIDE,
  FL_STYLE_FRONT_COLOR,
  FL_STYLE_FRONT_WIDTH,
  FL_STYLE_ARROWS_COLOR,
  FL_STYLE_ARROWS_WIDTH,
  FL_STYLE_ARROWS_DAYS,
  FL_STYLE_ARROWS_AXIS_KM,
  FL_STYLE_ARROWS_AXIS_TURN,
  FL_STYLE_ARROWS_AXIS_DAYS,
  FL_STYLE_CHANGES_DAYS,
  FL_STYLE_CHANGES_COLOR,
  FL_STYLE_INSET_WIDTH,
  FL_STYLE_INSET_ZOOM,
  FL_STYLE_INSET_COLOR,
  FL_STYLE_N_KEYS
} FlStyleKey;

typedef struct FlStyle FlStyle;

/* The default style. Caller frees with fl_style_free(). */
FlStyle *fl_style_new(void);
/* A copy of style. Caller frees with fl_style_free(). */
FlStyle *fl_style_copy(const FlStyle *style);
void fl_style_free(FlStyle *style);

/* The defaults changed by the style file at path. Errors name the file, the line and the key:
 * "styles/x.ini:12: colors.sea: '#zz0000' is not a colour (#rrggbb or #rrggbbaa)". Caller
 * frees with fl_style_free(). */
FlStyle *fl_style_load(const char *path, GError **error);
/* The same from len bytes already in memory (not necessarily NUL-terminated); path names the
 * style in messages. */
FlStyle *fl_style_parse(const char *path, const char *bytes, gsize len, GError **error);

/* The file a --style argument names: name itself when it looks like a path (it has a '/', ends
 * in ".ini" or is an existing file), else styles_dir/NAME.ini. Fails with FL_STYLE_ERROR_IO,
 * listing the styles of styles_dir, when there is no such style. Newly allocated; g_free(). */
char *fl_style_find(const char *name, const char *styles_dir, GError **error);

/* Sets one key, "section.key" (or "factions.ID"), from text as a style file would. origin names
 * where the value comes from in error messages ("--set", "--lang"). */
gboolean fl_style_set(FlStyle *style, const char *name, const char *value, const char *origin,
                      GError **error);
/* Sets one key from "section.key=value" (the form of --set). */
gboolean fl_style_assign(FlStyle *style, const char *assignment, const char *origin,
                         GError **error);

/* A key's value. The key must have the getter's type (a choice reads as text). */
guint32 fl_style_color(const FlStyle *style, FlStyleKey key);     /* 0xRRGGBBAA */
double fl_style_number(const FlStyle *style, FlStyleKey key);
gboolean fl_style_boolean(const FlStyle *style, FlStyleKey key);
const char *fl_style_text(const FlStyle *style, FlStyleKey key);  /* borrowed from style */
/* Where key was set ("style.ini:3", "--set", "--lang"), or NULL when it keeps its default.
 * Borrowed from style. */
const char *fl_style_origin(const FlStyle *style, FlStyleKey key);

/* The colour the style gives faction_id: TRUE with *color (0xRRGGBB) when [factions] sets it. */
gboolean fl_style_faction_color(const FlStyle *style, const char *faction_id, guint32 *color);
/* Fails with FL_STYLE_ERROR_KEY, naming the file and line (or option), at the first [factions]
 * key that is no faction of theatre. */
gboolean fl_style_check_factions(const FlStyle *style, const FlTheatre *theatre, GError **error);

/* Fails with FL_STYLE_ERROR_VALUE, naming where labels.font was set, when a font family it
 * names is not installed (fontconfig): Pango would draw with another font without a word.
 * fl_map_new() does it. */
gboolean fl_style_check_fonts(const FlStyle *style, GError **error);

/* Appends style as a style file: every key with its doc and range as a comment, then the
 * [factions] the style sets. For fl_style_new() this is the commented default style. */
void fl_style_write(const FlStyle *style, GString *out);

G_END_DECLS

#endif
