/* frontline/theatre.h - a theatre: the data that makes a map of one conflict.
 *
 * A theatre is a folder: theatre.ini (name, extent, projection, languages, period, file names),
 * places.tsv + places-extra.tsv (places with coordinates), aliases.tsv, factions.tsv,
 * actors.tsv, not-places.tsv (people and groups whose names contain place words), baseline.tsv
 * (control on the baseline date) and a base map GeoPackage.
 * Nothing about a theatre is in the code. */
#ifndef FRONTLINE_THEATRE_H
#define FRONTLINE_THEATRE_H

#include <frontline/base.h>

G_BEGIN_DECLS

#define FL_THEATRE_ERROR (fl_theatre_error_quark())
GQuark fl_theatre_error_quark(void);
typedef enum {
  FL_THEATRE_ERROR_IO,        /* a file is missing or unreadable */
  FL_THEATRE_ERROR_SYNTAX,    /* a malformed row or key (file:line says where) */
  FL_THEATRE_ERROR_VALUE,     /* a bad value: coordinates out of range, bad colour, bad date */
  FL_THEATRE_ERROR_DUPLICATE, /* an id defined twice */
  FL_THEATRE_ERROR_REFERENCE, /* an unknown place or faction id */
  FL_THEATRE_ERROR_OPTION,    /* an option of 'theatre new', or a --lang the theatre does not
                               * list (the message names it) */
} FlTheatreError;

typedef enum {
  FL_PLACE_CAPITAL,
  FL_PLACE_REGION_SEAT,      /* the seat of a first-level division ("governorate-seat" before) */
  FL_PLACE_DISTRICT_SEAT,
  FL_PLACE_SUBDISTRICT_SEAT,
  FL_PLACE_TOWN,
  FL_PLACE_FOREIGN_CAPITAL,
  FL_PLACE_FOREIGN_CITY,
  FL_PLACE_COUNTRY,
  FL_PLACE_REGION,
  FL_PLACE_RIVER,
  FL_PLACE_SITE,        /* a border crossing, a base, an airport */
  FL_PLACE_SEA,         /* a sea, named where it has room */
} FlPlaceKind;

/* The token used in places.tsv for a kind ("region-seat"). Static. */
const char *fl_place_kind_name(FlPlaceKind kind);

typedef struct {
  char *id;             /* stable ASCII slug: "aleppo", "deir-ez-zor" */
  char *name;           /* default label */
  char **names;         /* owned, NULL-terminated pairs: a language, then the place's name in it
                         * ({"fr", "Alep", "en", "Aleppo", ...}), one per non-empty name_<lang>
                         * column of places.tsv, in the file's order */
  double lat, lon;      /* WGS 84 degrees */
  FlPlaceKind kind;
  char *admin1;         /* governorate or region */
  gint64 population;
  char country[3];      /* ISO 3166-1 alpha-2 */
  gboolean in_theatre;  /* country is the theatre's and kind is a settlement or site */
  char *file;           /* file and line it was defined at, for messages ("places.tsv:12") */
} FlPlace;

/* The label of a place in a language ("fr", "en", "ar", "uk"...), falling back to name.
 * Borrowed. */
const char *fl_place_label(const FlPlace *place, const char *lang);

typedef struct {
  char *id;             /* "government", "rebels", "sdf"... */
  char **labels;        /* owned, NULL-terminated pairs: a language, then the faction's label in it
                         * ({"fr", "Rebelles", "en", "Rebels"}), one per non-empty label_<lang>
                         * column of factions.tsv */
  guint32 color;        /* 0xRRGGBB */
  guint32 print_color;  /* 0xRRGGBB for print and grayscale (column "print_color"), else color */
  GDate valid_from, valid_to;   /* cleared (invalid) when open */
  gint successor;       /* the faction that takes over its places and its name after valid_to
                         * (factions.tsv column "successor"), or -1 */
  gint *allies;         /* owned: the factions it is allied with (column "allies", ids split
                         * by ';'; an alliance binds both sides), n_allies of them */
  guint n_allies;
  char **areas;         /* owned (NULL-terminated, maybe empty): the regions (places' admin1)
                         * where the names of a broader ally stand for this faction (column
                         * "areas", split by ';': "the rebels" in Daraa are the southern
                         * factions) */
} FlFaction;

/* The label of a faction in a language, falling back to English then id. Borrowed. */
const char *fl_faction_label(const FlFaction *faction, const char *lang);

/* An actor name of a language that stands for a faction ("régime" -> government). */
typedef struct {
  char *lang;           /* "fr", "en", or "*" for all */
  char *name;           /* as written in text */
  guint faction;        /* index into theatre->factions */
} FlActor;

/* A main road, drawn schematically through the theatre's places along it (roads.tsv). */
typedef struct {
  char *ref;            /* its number, shown in a shield: "M5" */
  char *name_fr, *name_en, *name_ar;   /* "" when unknown */
  guint *places;        /* owned: indexes into theatre->places, in order along the road */
  guint n_places;       /* at least 2 */
} FlRoad;

/* An alias: another name of a place. */
typedef struct {
  guint place;          /* index into theatre->places */
  char *alias;
  char *lang;           /* "fr", "en", "ar", "*" */
} FlAlias;

/* The defaults of [control] infer_reach_km and infer_advance_km (README "How control is
 * decided"). */
#define FL_INFER_REACH_KM 15.0
#define FL_INFER_ADVANCE_KM 150.0
/* The default of [control] stale_reach_km. */
#define FL_STALE_REACH_KM 25.0

/* What an area of baseline-zones.tsv is (column "kind"). */
typedef enum {
  FL_AREA_CONTROL,        /* "control" (or empty): its faction held it on the baseline date */
  FL_AREA_DECONFLICTION,  /* "deconfliction": a zone an outside power keeps for its faction (the
                           * 55 km round al-Tanf): only its own places hold its ground, and the
                           * map draws it whole, outlined and named */
  FL_AREA_OCCUPIED,       /* "occupied": held by a power that is none of the theatre's factions
                           * (the Golan): no faction's ground and no front along it; its places
                           * are out of the theatre (FlPlace.in_theatre); the map draws it
                           * apart, named */
} FlAreaKind;

/* A polygon of baseline-zones.tsv: the ground a faction held on the baseline date, or an area
 * of another kind. A point belongs to the smallest area that contains it. */
typedef struct {
  char *name;           /* "Idlib pocket and western Aleppo countryside" */
  FlAreaKind kind;
  gint faction;         /* index into theatre->factions; -1 for an occupied area */
  char *label_fr, *label_en, *label_ar;   /* its name on the map, "" when it has none there */
  double *points;       /* lon, lat pairs of every ring, the exterior first, each closed */
  guint *ring_ends;     /* per ring, the index of the point after its last */
  guint n_rings;
  double size;          /* square degrees: the smallest area containing a point wins */
  char *file;           /* "baseline-zones.tsv:12", for messages */
} FlArea;

/* The label of an area in a language, falling back to English, then French, then "". */
const char *fl_area_label(const FlArea *area, const char *lang);

/* How a theatre's places hold the ground on the map ([ground] of theatre.ini; gazetteer/README.md
 * says the defaults). */
typedef struct {
  double reach_km[FL_PLACE_SITE + 1];  /* per kind of settlement or site: how far (km) a place
                                        * of that kind holds the ground around it; 0 for the
                                        * kinds that are neither */
  double city_population;   /* above this many people a place's reach grows... */
  double city_growth;       /* ...by this share of it per doubling of the population... */
  double city_growth_max;   /* ...up to this factor */
  guint32 barrier_levels;   /* the rivers that part the ground: bit 1 << level for each WDBII
                             * level of the base map's rivers layer (1 to 10) */
} FlGround;

/* How the approximate match reads the place names of a theatre's script ([files] matcher, a
 * TSV of kind, text, as; gazetteer/README.md): the articles of its names and the one form
 * they are all read as ("el-Bab" is "al-Bab"), the letters a consonant skeleton drops, and
 * spellings read as one ("tch" as "ch", "q" as "k"), longest first. */
typedef struct {
  char **articles;      /* NULL-terminated folded articles ("al", "el", "ez"...) */
  char *article_form;   /* the form every article is read as, or NULL without articles */
  char drops[27];       /* the letters a skeleton drops, NUL-terminated ("aeiouy") */
  char **rewrites;      /* NULL-terminated pairs {from, to, ...}, the longest from first */
} FlMatcher;

typedef struct {
  char *dir;            /* the theatre folder */
  char *id;             /* "syria" */
  char **names;         /* owned, NULL-terminated pairs: a language, then the theatre's name in it
                         * (the name_<lang> keys of [theatre]) */
  char country[3];      /* the theatre's (first) country, ISO 3166-1 alpha-2 */
  char **countries;     /* NULL-terminated: every country of [theatre] country, first one first:
                         * their settlements can be held by a faction */
  double west, south, east, north;   /* map extent, degrees */
  char *projection;     /* a PROJ string or CRS name for maps */
  char **languages;     /* NULL-terminated, e.g. {"fr", "en", "ar"} */
  GDate baseline_date;  /* the day the baseline describes */
  GDate period_first, period_last;   /* the dates this theatre covers */
  char *basemap_path;   /* the GeoPackage: the theatre folder joined with [files] basemap */
  char *lexicon_dir;    /* the folder of the language lexicons ([files] lexicons) */
  char **credits;       /* NULL-terminated data credits, one per source */
  char **words;         /* [words] of theatre.ini: triples {key, lang, text, ..., NULL} replacing
                         * the map's words ("open_ground[uk] = ..."; lang "" for a key with no
                         * [lang]: every language) */
  double infer_reach_km;   /* [control] infer_reach_km: how far off the line of an advance an
                            * unreported place passes to the advancing side; 0: never */
  double infer_advance_km; /* [control] infer_advance_km: the longest advance (from the side's
                            * nearest place to the one it took) that implies the ground between */
  double stale_reach_km;   /* [control] stale_reach_km: a state is stale when a place this near
                            * changed hands after its last report */
  FlGround ground;         /* [ground]: the places' reach, the rivers that part the ground */
  FlMatcher matcher;       /* [files] matcher: how names of the theatre's script are matched */

  GPtrArray *places;    /* FlPlace*, in file order */
  GPtrArray *factions;  /* FlFaction* */
  GPtrArray *actors;    /* FlActor* */
  GPtrArray *aliases;   /* FlAlias* */
  GPtrArray *not_places; /* char*: phrases that contain place words but are no place */
  GPtrArray *roads;     /* FlRoad*: main roads, schematic ([files] roads, optional) */
  GPtrArray *areas;     /* FlArea*: the baseline zones and areas of other kinds, in file order
                         * ([files] baseline_zones, optional) */
  gint *baseline;       /* per place: faction index held on baseline_date, or -1 */
  char **baseline_source; /* per place: the source note of that baseline row, or NULL */
  char **overlays;      /* NULL-terminated: the overlay files read (FlTheatreOverlays), in order */
  GHashTable *place_index;   /* id -> GUINT_TO_POINTER(index + 1) */
  GHashTable *faction_index; /* id -> GUINT_TO_POINTER(index + 1) */
} FlTheatre;

/* The theatre's name in a language ("fr", "en", "ar"...), falling back to English then id.
 * Borrowed. */
const char *fl_theatre_name(const FlTheatre *theatre, const char *lang);

/* Whether the theatre lists language lang ("fr") in [theatre] languages. */
gboolean fl_theatre_has_language(const FlTheatre *theatre, const char *lang);

/* Whether every language of lang ("fr", or a pair "fr+ar" as --lang takes it; NULL: none) is
 * one of the theatre's; else FL_THEATRE_ERROR_OPTION naming the language and the theatre's. */
gboolean fl_theatre_check_labels_language(const FlTheatre *theatre, const char *lang,
                                          GError **error);

/* The language of labels for lang as --lang gives it: its first language ("fr" of "fr+ar"),
 * or, when lang is NULL or empty, the theatre's first (as the maps), else "en". Newly
 * allocated. */
char *fl_theatre_labels_language(const FlTheatre *theatre, const char *lang);

/* Whether country (ISO 3166-1 alpha-2, any case) is one of the theatre's countries. */
gboolean fl_theatre_has_country(const FlTheatre *theatre, const char *country);

/* Loads the theatre in folder dir. Every error names the file and line. Caller frees with
 * fl_theatre_free(). */
FlTheatre *fl_theatre_load(const char *dir, GError **error);

/* Tables read after a theatre's own, which change it without copying its folder (--places,
 * --aliases). Borrowed. */
typedef struct {
  const char *const *places;   /* NULL-terminated paths, or NULL: tables with the columns of
                                * places.tsv, each row checked as there; a row replaces the
                                * place of its id (every column; it keeps the theatre's baseline
                                * row) or adds a place, whose holder on the baseline date is the
                                * faction of the baseline zone it lies in. A later file wins */
  const char *const *aliases;  /* likewise, tables with the columns of aliases.tsv: a row adds
                                * an alias, replacing every alias read before it that is spelled
                                * the same once folded (case, accents, punctuation) */
} FlTheatreOverlays;

/* Loads the theatre in folder dir with overlays (NULL: none), as fl_theatre_load(). Errors in
 * an overlay name its path and line. */
FlTheatre *fl_theatre_load_overlaid(const char *dir, const FlTheatreOverlays *overlays,
                                    GError **error);
void fl_theatre_free(FlTheatre *theatre);

/* The faction that a name of faction stands for on date: faction itself while it exists,
 * else its successor after its valid_to (followed along the chain), or -1 when it has none. */
gint fl_theatre_faction_on(const FlTheatre *theatre, gint faction, const GDate *date);

/* The faction that a name of faction stands for at place on date: fl_theatre_faction_on(),
 * then, for a faction with allies, the more specific ally (fewer allies) whose areas hold the
 * place's admin1 and that exists on date; else the faction itself. */
gint fl_theatre_faction_at(const FlTheatre *theatre, gint faction, const FlPlace *place,
                           const GDate *date);

/* How far (km) place holds the ground around it: the reach of its kind, grown with its
 * population beyond [ground] city_population. 0 for a place that is no settlement or site. */
double fl_theatre_reach_km(const FlTheatre *theatre, const FlPlace *place);

/* The area of theatre->areas whose ground lon/lat is: the smallest that contains it (of
 * equal sizes, the first in the file), or -1. */
gint fl_theatre_area_at(const FlTheatre *theatre, double lon, double lat);

/* What 'frontline theatre new' is told: the folder to write and what it covers. */
typedef struct {
  const char *dir;          /* the new theatre folder; must not exist */
  const char *countries;    /* --country: "AM,AZ" (ISO 3166-1 alpha-2) */
  const char *extent;       /* --extent: "W,S,E,N" in degrees */
  const char *from, *to;    /* --from, --to: the baseline date and the period's last day */
  const char *languages;    /* --lang: "en,fr" or NULL (English) */
  const char *zones;        /* --zones: GeoJSON/GeoPackage of baseline zones, or NULL */
  gint min_population;      /* --min-population, or -1 for the script's default */
  const char *scripts_dir;  /* the folder of new-theatre.py and the build scripts */
} FlTheatreCreate;

/* Checks options (an error FL_THEATRE_ERROR_OPTION names the option and what is wrong) and
 * returns the command that writes the theatre: scripts/new-theatre.py, which runs the base map,
 * gazetteer and baseline scripts in a temporary folder and renames it to options->dir at the
 * end (gazetteer/README.md, "A new theatre"); it exits 0, 2 for a bad option, 4 when a step
 * fails, 128 + N on signal N. Newly allocated, NULL-terminated: free with g_strfreev(). */
char **fl_theatre_create_command(const FlTheatreCreate *options, GError **error);

/* Index of a place or faction by id, or -1. */
gint fl_theatre_find_place(const FlTheatre *theatre, const char *id);
gint fl_theatre_find_faction(const FlTheatre *theatre, const char *id);
/* The ids of the theatre's factions in file order, ", " between them ("government, rebels"),
 * for messages. Newly allocated. */
char *fl_theatre_faction_ids(const FlTheatre *theatre);
/* Whether factions a and b (indexes) are allies: no front line runs between their zones. */
gboolean fl_theatre_allied(const FlTheatre *theatre, gint a, gint b);

G_END_DECLS

#endif
