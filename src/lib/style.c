/* style.c - style files: one table declares every key (section, name, type, default, range,
 * doc); loading, --set, the getters and the commented default style all read it.
 *
 * The file format is read line by line here rather than with GKeyFile, so that every error
 * (a syntax error, an unknown key, a key set twice, a bad value) names its line. */
#include <frontline/style.h>

#include <pango/pangocairo.h>

#include <math.h>
#include <string.h>

G_DEFINE_QUARK(fl-style-error-quark, fl_style_error)

typedef struct {
  const char *section, *name;
  FlStyleType type;
  const char *default_value;   /* as written in a style file */
  double min, max;             /* numbers */
  const char *choices;         /* choices: "a|b|c" */
  const char *doc;             /* one line */
} KeyInfo;

#define COLOR(section, name, value, doc)                                                           \
  { section, name, FL_STYLE_TYPE_COLOR, value, 0, 0, NULL, doc }
#define NUMBER(section, name, value, min, max, doc) \
  {section, name, FL_STYLE_TYPE_NUMBER, value, min, max, NULL, doc}
#define BOOLEAN(section, name, value, doc) \
  {section, name, FL_STYLE_TYPE_BOOLEAN, value, 0, 0, NULL, doc}
#define CHOICE(section, name, value, choices, doc) \
  {section, name, FL_STYLE_TYPE_CHOICE, value, 0, 0, choices, doc}
#define TEXT(section, name, value, doc) {section, name, FL_STYLE_TYPE_TEXT, value, 0, 0, NULL, doc}
#define LANGUAGE(section, name, value, doc) \
  {section, name, FL_STYLE_TYPE_LANGUAGE, value, 0, 0, NULL, doc}

/* Every key, once. The defaults are the light look of styles/default.ini. Sizes are pixels of a
 * 1920x1080 page. Keys of one section stay together: the written style follows this order. */
static const KeyInfo key_table[FL_STYLE_N_KEYS] = {
  [FL_STYLE_PAGE_TRANSPARENT] = BOOLEAN("page", "transparent", "false",
    "no page background, for slides: a PNG keeps an alpha channel; as --transparent"),
  [FL_STYLE_LAYERS_SEA] = BOOLEAN("layers", "sea", "true", "the sea"),
  [FL_STYLE_LAYERS_LAND] = BOOLEAN("layers", "land", "true", "land outside the theatre's country"),
  [FL_STYLE_LAYERS_THEATRE] = BOOLEAN("layers", "theatre", "true",
    "the theatre's country in its own colour"),
  [FL_STYLE_LAYERS_LAKES] = BOOLEAN("layers", "lakes", "true", "lakes and reservoirs"),
  [FL_STYLE_LAYERS_RIVERS] = BOOLEAN("layers", "rivers", "true", "rivers"),
  [FL_STYLE_LAYERS_BORDERS] = BOOLEAN("layers", "borders", "true",
    "national borders, the theatre country's border and ceasefire lines"),
  [FL_STYLE_LAYERS_ZONES] = BOOLEAN("layers", "zones", "true",
    "the zones of control, with their legend swatches"),
  [FL_STYLE_LAYERS_FRONT] = BOOLEAN("layers", "front", "true",
    "the front line, with its legend row"),
  [FL_STYLE_LAYERS_ARROWS] = BOOLEAN("layers", "arrows", "true",
    "arrows of advances, with their legend row"),
  [FL_STYLE_LAYERS_PLACES] = BOOLEAN("layers", "places", "true",
    "the place marks, with the legend rows of factions and statuses"),
  [FL_STYLE_LAYERS_LABELS] = BOOLEAN("layers", "labels", "true", "the places' names"),
  [FL_STYLE_LAYERS_COUNTRY_NAMES] = BOOLEAN("layers", "country_names", "true",
    "names of the neighbouring countries"),
  [FL_STYLE_LAYERS_TITLE] = BOOLEAN("layers", "title", "true", "the title and the date line"),
  [FL_STYLE_LAYERS_LEGEND] = BOOLEAN("layers", "legend", "true", "the legend"),
  [FL_STYLE_LAYERS_SCALE] = BOOLEAN("layers", "scale", "true", "the scale bar"),
  [FL_STYLE_LAYERS_CREDITS] = BOOLEAN("layers", "credits", "true",
    "the credits: data sources and the reports used"),
  [FL_STYLE_LAYERS_ROADS] = BOOLEAN("layers", "roads", "true",
    "the main roads and their shields (theatre's roads.tsv)"),
  [FL_STYLE_LAYERS_CHANGES] = BOOLEAN("layers", "changes", "true",
    "the marks of the places that changed hands ([changes])"),
  [FL_STYLE_LAYERS_INSET] = BOOLEAN("layers", "inset", "true", "the locator map ([inset])"),
  [FL_STYLE_COLORS_PAGE] = COLOR("colors", "page", "#e9e8e3", "the page around the map's frame"),
  [FL_STYLE_COLORS_SEA] = COLOR("colors", "sea", "#c9dcea", "the sea"),
  [FL_STYLE_COLORS_LAND] = COLOR("colors", "land", "#e6e3dc", "land outside the theatre's country"),
  [FL_STYLE_COLORS_THEATRE] = COLOR("colors", "theatre", "#f8f5ec", "the theatre's country"),
  [FL_STYLE_COLORS_WATER] = COLOR("colors", "water", "#b7d0e4", "lakes and reservoirs"),
  [FL_STYLE_COLORS_RIVER] = COLOR("colors", "river", "#86acd0", "rivers"),
  [FL_STYLE_COLORS_RIVER_NAME] = COLOR("colors", "river_name", "#3d6e9e", "names of rivers"),
  [FL_STYLE_COLORS_SEA_NAME] = COLOR("colors", "sea_name", "#5581ad", "names of seas"),
  [FL_STYLE_COLORS_ROAD] = COLOR("colors", "road", "#a07c4c",
    "main roads (schematic, through the towns they serve) and their shields' outline"),
  [FL_STYLE_COLORS_BORDER] = COLOR("colors", "border", "#7a7874", "national borders"),
  [FL_STYLE_COLORS_THEATRE_BORDER] = COLOR("colors", "theatre_border", "#55524c",
    "the border of the theatre's country"),
  [FL_STYLE_COLORS_CEASEFIRE] = COLOR("colors", "ceasefire", "#55524c",
    "ceasefire lines (dashed)"),
  [FL_STYLE_COLORS_FRAME] = COLOR("colors", "frame", "#55524c", "the outline of the map's frame"),
  [FL_STYLE_COLORS_INK] = COLOR("colors", "ink", "#1d1d1b",
    "text, outlines of the place marks, the scale bar"),
  [FL_STYLE_COLORS_DATE] = COLOR("colors", "date", "#3c3a36", "the date line under the title"),
  [FL_STYLE_COLORS_CREDITS] = COLOR("colors", "credits", "#4a4843", "the credits' text"),
  [FL_STYLE_COLORS_FOREIGN] = COLOR("colors", "foreign", "#77756f",
    "labels of places outside the theatre"),
  [FL_STYLE_COLORS_COUNTRY_NAME] = COLOR("colors", "country_name", "#9b978f",
    "names of the neighbouring countries"),
  [FL_STYLE_COLORS_FOREIGN_DOT] = COLOR("colors", "foreign_dot", "#a9a6a0",
    "dots of places outside the theatre"),
  [FL_STYLE_COLORS_FOREIGN_DOT_OUTLINE] = COLOR("colors", "foreign_dot_outline", "#6f6c66",
    "the outline of the dots of places outside the theatre"),
  [FL_STYLE_COLORS_NOBODY] = COLOR("colors", "nobody", "#ffffff",
    "places no faction holds, and abandoned places"),
  [FL_STYLE_COLORS_NOBODY_OUTLINE] = COLOR("colors", "nobody_outline", "#8a8a8a",
    "the outline of places no faction holds"),
  [FL_STYLE_COLORS_LEGEND_MARK] = COLOR("colors", "legend_mark", "#bdbab3",
    "the marks of the legend's status rows (contested, besieged...)"),
  [FL_STYLE_COLORS_FACTIONS] = CHOICE("colors", "factions", "color", "color|print_color",
    "the factions' colours: a column of the theatre's factions.tsv ([factions] wins)"),
  [FL_STYLE_HALO_COLOR] = COLOR("halo", "color", "#ffffff",
    "the halo around labels, and the light half of the scale bar"),
  [FL_STYLE_HALO_OPACITY] = NUMBER("halo", "opacity", "0.9", 0, 1, "the halo's opacity"),
  [FL_STYLE_HALO_WIDTH] = NUMBER("halo", "width", "3.2", 0, 20,
    "the halo's line width around place labels"),
  [FL_STYLE_PANEL_COLOR] = COLOR("panel", "color", "#ffffff",
    "the panels of the title, the legend and the credits"),
  [FL_STYLE_PANEL_OPACITY] = NUMBER("panel", "opacity", "0.86", 0, 1,
    "the title and legend panels' opacity"),
  [FL_STYLE_PANEL_OUTLINE] = COLOR("panel", "outline", "#8d8a84", "the panels' outline"),
  [FL_STYLE_PANEL_CREDITS_OPACITY] = NUMBER("panel", "credits_opacity", "0.88", 0, 1,
    "the credits band's opacity"),
  [FL_STYLE_LABELS_LANGUAGE] = LANGUAGE("labels", "language", "fr",
    "the language of labels and furniture; with two, labels show both names; as --lang"),
  [FL_STYLE_LABELS_FONT] = TEXT("labels", "font", "Noto Sans, Noto Sans Arabic",
    "font families, in the order Pango tries them"),
  [FL_STYLE_LABELS_CAPITAL] = NUMBER("labels", "capital", "18", 1, 100,
    "text size of the capital's label (bold)"),
  [FL_STYLE_LABELS_REGION_SEAT] = NUMBER("labels", "region_seat", "16", 1, 100,
    "text size of region seats (seats of first-level divisions: governorates, oblasts)"),
  [FL_STYLE_LABELS_FOREIGN_CAPITAL] = NUMBER("labels", "foreign_capital", "13", 1, 100,
    "text size of foreign capitals (italic)"),
  [FL_STYLE_LABELS_DISTRICT] = NUMBER("labels", "district", "13", 1, 100,
    "text size of district seats"),
  [FL_STYLE_LABELS_OTHER] = NUMBER("labels", "other", "11.5", 1, 100,
    "text size of the other places"),
  [FL_STYLE_LABELS_COUNTRY] = NUMBER("labels", "country", "15", 1, 100,
    "text size of neighbouring countries' names"),
  [FL_STYLE_DOTS_CAPITAL] = NUMBER("dots", "capital", "7", 0, 50, "dot radius of the capital"),
  [FL_STYLE_DOTS_REGION_SEAT] = NUMBER("dots", "region_seat", "5.5", 0, 50,
    "dot radius of region seats"),
  [FL_STYLE_DOTS_FOREIGN_CAPITAL] = NUMBER("dots", "foreign_capital", "3.6", 0, 50,
    "dot radius of foreign capitals"),
  [FL_STYLE_DOTS_DISTRICT] = NUMBER("dots", "district", "4.2", 0, 50,
    "dot radius of district seats"),
  [FL_STYLE_DOTS_OTHER] = NUMBER("dots", "other", "3.1", 0, 50, "dot radius of the other places"),
  [FL_STYLE_DOTS_FOREIGN_CITY] = NUMBER("dots", "foreign_city", "2.4", 0, 50,
    "dot radius of foreign cities"),
  [FL_STYLE_TITLE_TEXT] = TEXT("title", "text", "",
    "the title; empty: the theatre's name in the label language; as --title"),
  [FL_STYLE_TITLE_SUBTITLE] = TEXT("title", "subtitle", "",
    "a line under the date line; empty: none"),
  [FL_STYLE_TITLE_SIZE] = NUMBER("title", "size", "30", 1, 200, "text size of the title (bold)"),
  [FL_STYLE_TITLE_DATE_SIZE] = NUMBER("title", "date_size", "18", 1, 200,
    "text size of the date line and the subtitle"),
  [FL_STYLE_ZONES_OPACITY] = NUMBER("zones", "opacity", "0.4", 0, 1,
    "opacity of the zones of control, filled in the factions' colours"),
  [FL_STYLE_ZONES_SMOOTH] = NUMBER("zones", "smooth", "10", 0, 100,
    "gaps between the places' reaches narrower than twice this many km are closed, which also "
    "rounds the zones' outlines (0: none)"),
  [FL_STYLE_ZONES_OPEN] = NUMBER("zones", "open", "0.5", 0, 1,
    "open ground (beyond every place's reach: desert, steppe), which goes with the places of its "
    "baseline zone, is filled at this share of the opacity (1: as settled ground)"),
  [FL_STYLE_ZONES_OUTSIDE] = COLOR("zones", "outside", "#6f6a60",
    "areas an outside power holds or keeps (baseline-zones.tsv: occupied, deconfliction): the "
    "occupied ground's tint and hatch, a deconfliction zone's dashed edge, their names"),
  [FL_STYLE_FRONT_COLOR] = COLOR("front", "color", "#1d1d1b", "the front line"),
  [FL_STYLE_FRONT_WIDTH] = NUMBER("front", "width", "2.6", 0, 50, "the front line's width"),
  [FL_STYLE_ARROWS_COLOR] = COLOR("arrows", "color", "#1d1d1b", "arrows of advances"),
  [FL_STYLE_ARROWS_WIDTH] = NUMBER("arrows", "width", "3", 0, 50, "the arrows' line width"),
  [FL_STYLE_ARROWS_DAYS] = NUMBER("arrows", "days", "14", 1, 366,
    "arrows show the captures of this many days up to the map's date whose taker still holds "
    "the place"),
  [FL_STYLE_ARROWS_AXIS_KM] = NUMBER("arrows", "axis_km", "150", 0, 1000,
    "a capture continues an axis (one arrow through successive captures) when it lies at most "
    "this many km beyond the axis's last capture (0: every capture has its own arrow)"),
  [FL_STYLE_ARROWS_AXIS_TURN] = NUMBER("arrows", "axis_turn", "50", 0, 89,
    "...on a bearing within this many degrees of the axis's last leg between two captures (of "
    "the leg from its start to its first capture: 1.5 times that, under 90)..."),
  [FL_STYLE_ARROWS_AXIS_DAYS] = NUMBER("arrows", "axis_days", "7", 0, 366,
    "...and at most this many days after that capture"),
  [FL_STYLE_CHANGES_DAYS] = NUMBER("changes", "days", "1", 0, 366,
    "a single map marks the places that changed hands in this many days up to its date (0: "
    "none); a series marks those that changed since its previous date"),
  [FL_STYLE_CHANGES_COLOR] = COLOR("changes", "color", "#d500f9",
    "the disc under the marks of the places that changed hands"),
  [FL_STYLE_INSET_WIDTH] = NUMBER("inset", "width", "250", 0, 1000,
    "the locator map's width (0: no locator map); it needs the base map's 'locator' layer"),
  [FL_STYLE_INSET_ZOOM] = NUMBER("inset", "zoom", "4.5", 1.5, 50,
    "how many times wider than the map the locator map's ground is"),
  [FL_STYLE_INSET_COLOR] = COLOR("inset", "color", "#c8102e",
    "the outline of the map's extent in the locator map"),
};

#define FACTIONS_SECTION "factions"

typedef union {
  guint32 color;
  double number;
  gboolean boolean;
  char *text;   /* text and choice; owned */
} Value;

typedef struct {
  char *id;
  guint32 color;   /* 0xRRGGBB */
  char *origin;    /* "file:line" or an option, for messages */
} FactionColor;

struct FlStyle {
  Value values[FL_STYLE_N_KEYS];
  char *origins[FL_STYLE_N_KEYS];  /* where each key was set ("file:line", "--set"), or NULL */
  GPtrArray *factions;   /* FactionColor*, in the order they were set */
};

static gboolean
has_text(FlStyleKey key)
{
  return key_table[key].type == FL_STYLE_TYPE_TEXT || key_table[key].type == FL_STYLE_TYPE_CHOICE ||
         key_table[key].type == FL_STYLE_TYPE_LANGUAGE;
}

static void
faction_color_free(gpointer data)
{
  FactionColor *faction = data;

  g_free(faction->id);
  g_free(faction->origin);
  g_free(faction);
}

/* ---- values ---- */

static gboolean
parse_color(const char *text, gboolean with_alpha, guint32 *color)
{
  gsize len = strlen(text);
  guint32 value = 0;

  if (text[0] != '#' || (len != 7 && !(with_alpha && len == 9)))
    return FALSE;
  for (gsize i = 1; i < len; i++) {
    if (!g_ascii_isxdigit(text[i]))
      return FALSE;
    value = value << 4 | (guint32)g_ascii_xdigit_value(text[i]);
  }
  *color = len == 7 ? value << 8 | 0xff : value;
  return TRUE;
}

/* A choice key's words as "fr, en, ar". Newly allocated; g_free(). */
static char *
choice_list(const KeyInfo *info)
{
  g_auto(GStrv) choices = g_strsplit(info->choices, "|", -1);

  return g_strjoinv(", ", choices);
}

static gboolean
is_choice(const KeyInfo *info, const char *text)
{
  g_auto(GStrv) choices = g_strsplit(info->choices, "|", -1);

  return *text && g_strv_contains((const char *const *)choices, text);
}

/* Whether text is a language code of two or three lowercase letters, or two joined by '+'. */
static gboolean
is_language(const char *text)
{
  for (int part = 0; part < 2; part++) {
    int n = 0;
    while (g_ascii_islower(text[n]))
      n++;
    if (n < 2 || n > 3)
      return FALSE;
    text += n;
    if (*text == '\0')
      return TRUE;
    if (*text++ != '+' || part == 1)
      return FALSE;
  }
  return FALSE;
}

/* Parses text into *value as info's type; FALSE with a message (no prefix) when it is not. */
static gboolean
parse_value(const KeyInfo *info, const char *text, Value *value, char **problem)
{
  g_autofree char *list = NULL;
  char *end = NULL;
  double number;

  switch (info->type) {
  case FL_STYLE_TYPE_COLOR:
    if (parse_color(text, TRUE, &value->color))
      return TRUE;
    *problem = g_strdup_printf("'%s' is not a colour (#rrggbb or #rrggbbaa)", text);
    return FALSE;
  case FL_STYLE_TYPE_NUMBER:
    number = g_ascii_strtod(text, &end);
    if (!*text || *end || !isfinite(number)) {
      *problem = g_strdup_printf("'%s' is not a number", text);
      return FALSE;
    }
    if (number < info->min || number > info->max) {
      *problem = g_strdup_printf("%s is out of range (%g to %g)", text, info->min, info->max);
      return FALSE;
    }
    value->number = number;
    return TRUE;
  case FL_STYLE_TYPE_BOOLEAN:
    if (g_str_equal(text, "true") || g_str_equal(text, "false")) {
      value->boolean = g_str_equal(text, "true");
      return TRUE;
    }
    *problem = g_strdup_printf("'%s' is not true or false", text);
    return FALSE;
  case FL_STYLE_TYPE_CHOICE:
    if (is_choice(info, text)) {
      value->text = g_strdup(text);
      return TRUE;
    }
    list = choice_list(info);
    *problem = g_strdup_printf("'%s' is not one of %s", text, list);
    return FALSE;
  case FL_STYLE_TYPE_LANGUAGE:
    if (is_language(text)) {
      value->text = g_strdup(text);
      return TRUE;
    }
    *problem = g_strdup_printf("'%s' is not a language code (fr, en, uk...) or two joined by "
                               "'+' (fr+ar)",
                               text);
    return FALSE;
  case FL_STYLE_TYPE_TEXT:
  default:
    if (!g_utf8_validate(text, -1, NULL)) {
      *problem = g_strdup("the text is not UTF-8");
      return FALSE;
    }
    value->text = g_strdup(text);
    return TRUE;
  }
}

/* ---- the style ---- */

FlStyle *
fl_style_new(void)
{
  FlStyle *style = g_new0(FlStyle, 1);

  for (int key = 0; key < FL_STYLE_N_KEYS; key++) {
    char *problem = NULL;
    /* a bad default is a bug of the table (test-style loads every default) */
    if (!parse_value(&key_table[key], key_table[key].default_value, &style->values[key],
                     &problem))
      g_error("style key %s.%s: bad default: %s", key_table[key].section, key_table[key].name,
              problem);
  }
  style->factions = g_ptr_array_new_with_free_func(faction_color_free);
  return style;
}

FlStyle *
fl_style_copy(const FlStyle *style)
{
  FlStyle *copy = g_new0(FlStyle, 1);

  for (int key = 0; key < FL_STYLE_N_KEYS; key++) {
    copy->values[key] = style->values[key];
    if (has_text(key))
      copy->values[key].text = g_strdup(style->values[key].text);
    copy->origins[key] = g_strdup(style->origins[key]);
  }
  copy->factions = g_ptr_array_new_with_free_func(faction_color_free);
  for (guint i = 0; i < style->factions->len; i++) {
    const FactionColor *faction = style->factions->pdata[i];
    FactionColor *c = g_new(FactionColor, 1);
    *c = (FactionColor){g_strdup(faction->id), faction->color, g_strdup(faction->origin)};
    g_ptr_array_add(copy->factions, c);
  }
  return copy;
}

void
fl_style_free(FlStyle *style)
{
  if (!style)
    return;
  for (int key = 0; key < FL_STYLE_N_KEYS; key++) {
    if (has_text(key))
      g_free(style->values[key].text);
    g_free(style->origins[key]);
  }
  g_ptr_array_unref(style->factions);
  g_free(style);
}

static gboolean
is_section(const char *section)
{
  if (g_str_equal(section, FACTIONS_SECTION))
    return TRUE;
  for (int key = 0; key < FL_STYLE_N_KEYS; key++)
    if (g_str_equal(key_table[key].section, section))
      return TRUE;
  return FALSE;
}

static char *
section_list(void)
{
  GString *list = g_string_new(NULL);

  for (int key = 0; key < FL_STYLE_N_KEYS; key++)
    if (key == 0 || !g_str_equal(key_table[key].section, key_table[key - 1].section))
      g_string_append_printf(list, "%s, ", key_table[key].section);
  g_string_append(list, FACTIONS_SECTION);
  return g_string_free(list, FALSE);
}

static void
unknown_section(const char *section, const char *origin, GError **error)
{
  g_autofree char *list = section_list();

  g_set_error(error, FL_STYLE_ERROR, FL_STYLE_ERROR_KEY, "%s: unknown section [%s] (sections: %s)",
              origin, section, list);
}

/* The key section.name, or -1. A former name of a key ("governorate", now "region_seat") is
 * still read. */
static int
find_key(const char *section, const char *name)
{
  if (g_str_equal(name, "governorate") &&
      (g_str_equal(section, "labels") || g_str_equal(section, "dots")))
    name = "region_seat";
  for (int key = 0; key < FL_STYLE_N_KEYS; key++)
    if (g_str_equal(key_table[key].section, section) && g_str_equal(key_table[key].name, name))
      return key;
  return -1;
}

static gboolean
set_faction(FlStyle *style, const char *id, const char *value, const char *origin, GError **error)
{
  guint32 color;

  if (!parse_color(value, FALSE, &color)) {
    g_set_error(error, FL_STYLE_ERROR, FL_STYLE_ERROR_VALUE,
                "%s: " FACTIONS_SECTION ".%s: '%s' is not a colour (#rrggbb)", origin, id, value);
    return FALSE;
  }
  color >>= 8;   /* 0xRRGGBB, as in the theatre */
  for (guint i = 0; i < style->factions->len; i++) {
    FactionColor *faction = style->factions->pdata[i];
    if (g_str_equal(faction->id, id)) {
      faction->color = color;
      g_free(faction->origin);
      faction->origin = g_strdup(origin);
      return TRUE;
    }
  }
  FactionColor *faction = g_new(FactionColor, 1);
  *faction = (FactionColor){g_strdup(id), color, g_strdup(origin)};
  g_ptr_array_add(style->factions, faction);
  return TRUE;
}

/* Sets section.name from text; errors start with origin. The section must exist. */
static gboolean
set_key(FlStyle *style, const char *section, const char *name, const char *text,
        const char *origin, GError **error)
{
  int key;
  Value value;
  char *problem = NULL;

  if (g_str_equal(section, FACTIONS_SECTION))
    return set_faction(style, name, text, origin, error);
  key = find_key(section, name);
  if (key < 0) {
    g_set_error(error, FL_STYLE_ERROR, FL_STYLE_ERROR_KEY,
                "%s: %s.%s: unknown key ('frontline style --defaults' lists them)", origin,
                section, name);
    return FALSE;
  }
  if (!parse_value(&key_table[key], text, &value, &problem)) {
    g_set_error(error, FL_STYLE_ERROR, FL_STYLE_ERROR_VALUE, "%s: %s.%s: %s", origin, section,
                name, problem);
    g_free(problem);
    return FALSE;
  }
  if (has_text(key))
    g_free(style->values[key].text);
  style->values[key] = value;
  g_free(style->origins[key]);
  style->origins[key] = g_strdup(origin);
  return TRUE;
}

gboolean
fl_style_set(FlStyle *style, const char *name, const char *value, const char *origin,
             GError **error)
{
  const char *dot = strchr(name, '.');
  g_autofree char *section = dot ? g_strndup(name, dot - name) : NULL;
  g_autofree char *stripped = g_strstrip(g_strdup(value));

  if (!dot || dot == name || !dot[1]) {
    g_set_error(error, FL_STYLE_ERROR, FL_STYLE_ERROR_KEY,
                "%s: '%s' is no key: name it section.key, e.g. colors.sea", origin, name);
    return FALSE;
  }
  if (!is_section(section)) {
    unknown_section(section, origin, error);
    return FALSE;
  }
  return set_key(style, section, dot + 1, stripped, origin, error);
}

gboolean
fl_style_assign(FlStyle *style, const char *assignment, const char *origin, GError **error)
{
  const char *equals = strchr(assignment, '=');
  g_autofree char *name = NULL;

  if (!equals) {
    g_set_error(error, FL_STYLE_ERROR, FL_STYLE_ERROR_SYNTAX,
                "%s: '%s' is not section.key=value, e.g. colors.sea=#c9dcea", origin, assignment);
    return FALSE;
  }
  name = g_strstrip(g_strndup(assignment, equals - assignment));
  return fl_style_set(style, name, equals + 1, origin, error);
}

/* ---- files ---- */

/* Reads the lines of text into style; path names the file in messages. */
static gboolean
read_lines(FlStyle *style, const char *path, char *text, GError **error)
{
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  g_autofree char *section = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  guint number = 0;

  for (char **line = lines; *line; line++) {
    char *equals, *name;
    g_autofree char *origin = g_strdup_printf("%s:%u", path, ++number);
    g_strstrip(*line);   /* also drops the \r of CRLF */
    if (!**line || **line == '#' || **line == ';')
      continue;
    if (**line == '[') {
      gsize len = strlen(*line);
      if ((*line)[len - 1] != ']' || len < 3) {
        g_set_error(error, FL_STYLE_ERROR, FL_STYLE_ERROR_SYNTAX,
                    "%s: '%s' is not a [section] line", origin, *line);
        return FALSE;
      }
      g_free(section);
      section = g_strstrip(g_strndup(*line + 1, len - 2));
      if (!is_section(section)) {
        unknown_section(section, origin, error);
        return FALSE;
      }
      continue;
    }
    equals = strchr(*line, '=');
    if (!equals) {
      g_set_error(error, FL_STYLE_ERROR, FL_STYLE_ERROR_SYNTAX,
                  "%s: '%s' is neither [section] nor key = value", origin, *line);
      return FALSE;
    }
    *equals = '\0';
    name = g_strstrip(*line);
    if (!section) {
      g_set_error(error, FL_STYLE_ERROR, FL_STYLE_ERROR_SYNTAX,
                  "%s: key '%s' comes before any [section]", origin, name);
      return FALSE;
    }
    char *full = g_strdup_printf("%s.%s", section, name);
    guint first = GPOINTER_TO_UINT(g_hash_table_lookup(seen, full));
    if (first) {
      g_set_error(error, FL_STYLE_ERROR, FL_STYLE_ERROR_KEY, "%s: %s: set twice (first at line %u)",
                  origin, full, first);
      g_free(full);
      return FALSE;
    }
    g_hash_table_insert(seen, full, GUINT_TO_POINTER(number));
    if (!set_key(style, section, name, g_strstrip(equals + 1), origin, error))
      return FALSE;
  }
  return TRUE;
}

FlStyle *
fl_style_load(const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize len;
  GError *local = NULL;

  if (!fl_file_read_small(path, SMALL_FILE_MAX, &text, &len, &local)) {
    g_set_error(error, FL_STYLE_ERROR, FL_STYLE_ERROR_IO, "%s: cannot read the style: %s", path,
                local->message);
    g_error_free(local);
    return NULL;
  }
  return fl_style_parse(path, text, len, error);
}

FlStyle *
fl_style_parse(const char *path, const char *bytes, gsize len, GError **error)
{
  g_autofree char *text = g_strndup(bytes, len);
  const char *invalid;
  FlStyle *style;

  if (!g_utf8_validate(bytes, len, &invalid)) {  /* a NUL byte is invalid too */
    guint line = 1;
    for (const char *p = bytes; p < invalid; p++)
      line += *p == '\n';
    g_set_error(error, FL_STYLE_ERROR, FL_STYLE_ERROR_SYNTAX, "%s:%u: the style is not UTF-8",
                path, line);
    return NULL;
  }
  style = fl_style_new();
  if (!read_lines(style, path, g_str_has_prefix(text, "\xef\xbb\xbf") ? text + 3 : text, error)) {
    fl_style_free(style);
    return NULL;
  }
  return style;
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *
fl_style_find(const char *name, const char *styles_dir, GError **error)
{
  g_autofree char *file = g_strconcat(name, ".ini", NULL);
  char *path;
  GDir *dir;
  GPtrArray *names;

  if (strchr(name, '/') || g_str_has_suffix(name, ".ini") || g_file_test(name, G_FILE_TEST_EXISTS))
    return g_strdup(name);
  path = styles_dir ? g_build_filename(styles_dir, file, NULL) : NULL;
  if (path && g_file_test(path, G_FILE_TEST_IS_REGULAR))
    return path;
  g_free(path);
  names = g_ptr_array_new_with_free_func(g_free);
  dir = styles_dir ? g_dir_open(styles_dir, 0, NULL) : NULL;
  for (const char *entry; dir && (entry = g_dir_read_name(dir));)
    if (g_str_has_suffix(entry, ".ini"))
      g_ptr_array_add(names, g_strndup(entry, strlen(entry) - 4));
  if (dir)
    g_dir_close(dir);
  g_ptr_array_sort(names, compare_names);
  g_ptr_array_add(names, NULL);
  g_autofree char *list = g_strjoinv(", ", (char **)names->pdata);
  g_set_error(error, FL_STYLE_ERROR, FL_STYLE_ERROR_IO,
              "no style '%s': give a style file, or one of: %s", name,
              *list ? list : "(no styles folder)");
  g_ptr_array_unref(names);
  return NULL;
}

/* ---- getters ---- */

static const Value *
value_of(const FlStyle *style, FlStyleKey key, FlStyleType type)
{
  g_return_val_if_fail(key < FL_STYLE_N_KEYS, NULL);
  g_return_val_if_fail(key_table[key].type == type ||
                       (type == FL_STYLE_TYPE_TEXT && has_text(key)), NULL);
  return &style->values[key];
}

guint32
fl_style_color(const FlStyle *style, FlStyleKey key)
{
  const Value *value = value_of(style, key, FL_STYLE_TYPE_COLOR);
  return value ? value->color : 0x000000ff;
}

double
fl_style_number(const FlStyle *style, FlStyleKey key)
{
  const Value *value = value_of(style, key, FL_STYLE_TYPE_NUMBER);
  return value ? value->number : 0;
}

const char *
fl_style_origin(const FlStyle *style, FlStyleKey key)
{
  g_return_val_if_fail(key < FL_STYLE_N_KEYS, NULL);
  return style->origins[key];
}

gboolean
fl_style_boolean(const FlStyle *style, FlStyleKey key)
{
  const Value *value = value_of(style, key, FL_STYLE_TYPE_BOOLEAN);
  return value ? value->boolean : FALSE;
}

const char *
fl_style_text(const FlStyle *style, FlStyleKey key)
{
  const Value *value = value_of(style, key, FL_STYLE_TYPE_TEXT);
  return value ? value->text : "";
}

gboolean
fl_style_faction_color(const FlStyle *style, const char *faction_id, guint32 *color)
{
  for (guint i = 0; i < style->factions->len; i++) {
    const FactionColor *faction = style->factions->pdata[i];
    if (g_str_equal(faction->id, faction_id)) {
      *color = faction->color;
      return TRUE;
    }
  }
  return FALSE;
}

gboolean
fl_style_check_factions(const FlStyle *style, const FlTheatre *theatre, GError **error)
{
  for (guint i = 0; i < style->factions->len; i++) {
    const FactionColor *faction = style->factions->pdata[i];
    if (fl_theatre_find_faction(theatre, faction->id) >= 0)
      continue;
    GString *ids = g_string_new(NULL);
    for (guint f = 0; f < theatre->factions->len; f++)
      g_string_append_printf(ids, "%s%s", f ? ", " : "",
                             ((const FlFaction *)theatre->factions->pdata[f])->id);
    g_set_error(error, FL_STYLE_ERROR, FL_STYLE_ERROR_KEY,
                "%s: " FACTIONS_SECTION ".%s: theatre '%s' has no such faction (%s)",
                faction->origin, faction->id, theatre->id, ids->str);
    g_string_free(ids, TRUE);
    return FALSE;
  }
  return TRUE;
}

/* Whether a font family of that name is installed (fontconfig's names, or a generic family). */
static gboolean
font_family_installed(PangoFontFamily **installed, int n_installed, const char *name)
{
  static const char *const generic[] = {"sans", "sans-serif", "serif", "monospace",
                                        "system-ui", "cursive", "fantasy", NULL};
  for (guint i = 0; generic[i]; i++)
    if (g_ascii_strcasecmp(name, generic[i]) == 0)
      return TRUE;
  g_autofree char *wanted = g_utf8_casefold(name, -1);
  for (int i = 0; i < n_installed; i++) {
    g_autofree char *family = g_utf8_casefold(pango_font_family_get_name(installed[i]), -1);
    if (g_str_equal(family, wanted))
      return TRUE;
  }
  return FALSE;
}

gboolean
fl_style_check_fonts(const FlStyle *style, GError **error)
{
  const char *fonts = fl_style_text(style, FL_STYLE_LABELS_FONT);
  const char *origin = style->origins[FL_STYLE_LABELS_FONT];
  PangoFontDescription *description = pango_font_description_from_string(fonts);
  const char *families = pango_font_description_get_family(description);
  g_auto(GStrv) names = g_strsplit(families ? families : "", ",", -1);
  PangoFontFamily **installed = NULL;
  int n_installed = 0;
  gboolean ok = TRUE;

  pango_font_map_list_families(pango_cairo_font_map_get_default(), &installed, &n_installed);
  for (guint i = 0; ok && names[i]; i++) {
    const char *name = g_strstrip(names[i]);
    if (*name == '\0' || font_family_installed(installed, n_installed, name))
      continue;
    /* Pango would fall back to another font without a word: other glyphs, other sizes */
    if (origin)
      g_set_error(error, FL_STYLE_ERROR, FL_STYLE_ERROR_VALUE,
                  "%s: labels.font: font family '%s' is not installed (fc-list : family lists "
                  "those that are)",
                  origin, name);
    else
      g_set_error(error, FL_STYLE_ERROR, FL_STYLE_ERROR_VALUE,
                  "labels.font: font family '%s' of the default style is not installed (Debian "
                  "package fonts-noto-core; or give another with --set labels.font=FAMILY)",
                  name);
    ok = FALSE;
  }
  g_free(installed);
  pango_font_description_free(description);
  return ok;
}

/* ---- writing ---- */

static void
write_value(const FlStyle *style, FlStyleKey key, GString *out)
{
  const Value *value = &style->values[key];
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  switch (key_table[key].type) {
  case FL_STYLE_TYPE_COLOR:
    if ((value->color & 0xff) == 0xff)
      g_string_append_printf(out, "#%06x", value->color >> 8);
    else
      g_string_append_printf(out, "#%08x", value->color);
    break;
  case FL_STYLE_TYPE_NUMBER:
    g_string_append(out, g_ascii_formatd(number, sizeof number, "%.10g", value->number));
    break;
  case FL_STYLE_TYPE_BOOLEAN:
    g_string_append(out, value->boolean ? "true" : "false");
    break;
  default:
    g_string_append(out, value->text);
    break;
  }
}

/* What a key takes, after its doc: " (0 to 1)". */
static void
write_range(const KeyInfo *info, GString *out)
{
  g_autofree char *list = NULL;

  switch (info->type) {
  case FL_STYLE_TYPE_NUMBER:
    g_string_append_printf(out, " (%g to %g)", info->min, info->max);
    break;
  case FL_STYLE_TYPE_BOOLEAN:
    g_string_append(out, " (true or false)");
    break;
  case FL_STYLE_TYPE_CHOICE:
    list = choice_list(info);
    g_string_append_printf(out, " (%s)", list);
    break;
  case FL_STYLE_TYPE_LANGUAGE:
    g_string_append(out, " (a language of the theatre: fr, en, ar...; two joined by +: fr+ar)");
    break;
  default:
    break;
  }
}

void
fl_style_write(const FlStyle *style, GString *out)
{
  g_string_append(out,
                  "# A frontline map style: every key, its value and what it does. A style file\n"
                  "# needs only the keys it changes; the others keep these defaults. Colours are\n"
                  "# #rrggbb or #rrggbbaa (aa: opacity); sizes and widths are pixels of a\n"
                  "# 1920x1080 page and scale with the page.\n");
  for (int key = 0; key < FL_STYLE_N_KEYS; key++) {
    const KeyInfo *info = &key_table[key];
    if (key == 0 || !g_str_equal(info->section, key_table[key - 1].section))
      g_string_append_printf(out, "\n[%s]\n", info->section);
    g_string_append_printf(out, "# %s", info->doc);
    write_range(info, out);
    g_string_append_printf(out, "\n%s = ", info->name);
    write_value(style, key, out);
    g_string_append_c(out, '\n');
  }
  g_string_append(out, "\n[" FACTIONS_SECTION "]\n"
                       "# faction_id = #rrggbb: a faction's colour instead of its theatre's\n"
                       "# (factions.tsv), e.g. government = #e0301e\n");
  for (guint i = 0; i < style->factions->len; i++) {
    const FactionColor *faction = style->factions->pdata[i];
    g_string_append_printf(out, "%s = #%06x\n", faction->id, faction->color);
  }
}
