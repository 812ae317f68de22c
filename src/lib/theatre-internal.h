/* theatre-internal.h - a theatre's tables read one at a time, from files or from memory.
 * fl_theatre_load() reads a folder through these; the fuzzers and tests feed them bytes. */
#ifndef FL_THEATRE_INTERNAL_H
#define FL_THEATRE_INTERNAL_H

#include <frontline/theatre.h>

#include "tsv-internal.h"

typedef enum {
  FL_THEATRE_TABLE_PLACES,      /* places.tsv, places-extra.tsv */
  FL_THEATRE_TABLE_FACTIONS,    /* factions.tsv (successors resolved within the table) */
  FL_THEATRE_TABLE_ALIASES,     /* aliases.tsv: needs the places */
  FL_THEATRE_TABLE_ACTORS,      /* actors.tsv: needs the factions */
  FL_THEATRE_TABLE_NOT_PLACES,  /* not-places.tsv */
  FL_THEATRE_TABLE_ROADS,       /* roads.tsv: needs the places */
  FL_THEATRE_TABLE_ZONES,       /* baseline-zones.tsv: needs the places and factions; before the
                                 * baseline (its occupied areas take places out of the
                                 * theatre) */
  FL_THEATRE_TABLE_BASELINE,    /* baseline.tsv: needs the places and factions; no place table
                                 * may be read after it */
  FL_THEATRE_TABLE_MATCHER,     /* [files] matcher (../lang/match-arabic.tsv): replaces the
                                 * theatre's matcher rules */
  FL_THEATRE_TABLE_PLACE_OVERLAY, /* --places: after the place tables, before the baseline */
  FL_THEATRE_TABLE_ALIAS_OVERLAY, /* --aliases: after the aliases */
} FlTheatreTable;

/* theatre-ground.c */
/* Reads [control] of theatre.ini (ini, read from ini_path; NULL: sets the defaults) into the
 * theatre: infer_reach_km, infer_advance_km, stale_reach_km. */
gboolean fl_control_settings_read(FlTheatre *theatre, GKeyFile *ini, const char *ini_path,
                                  GError **error);
/* Sets ground to the defaults of [ground]. */
void fl_ground_init(FlGround *ground);
/* Reads the [ground] section of theatre.ini (ini, read from ini_path) into ground: missing keys
 * keep their value; an unknown key or a bad value fails with FL_THEATRE_ERROR_VALUE naming
 * ini_path and the key. */
gboolean fl_ground_read(FlGround *ground, GKeyFile *ini, const char *ini_path, GError **error);
/* Reads the settings of theatre.ini (loaded into ini): [theatre], the control stage's and
 * [ground]; FL_THEATRE_ERROR naming ini_path and the key on a bad value. */
gboolean fl_theatre_read_settings(FlTheatre *theatre, GKeyFile *ini, const char *ini_path,
                                  GError **error);
/* Reads [credits] of theatre.ini into theatre->credits, in the file's order;
 * FL_THEATRE_ERROR_VALUE naming the key of a value that is not UTF-8 or a bad escape. */
gboolean fl_theatre_read_credits(FlTheatre *theatre, GKeyFile *ini, const char *ini_path,
                                 GError **error);
/* Loads theatre.ini at ini_path into ini: a small regular file (a FIFO or a device is refused,
 * not waited on), FL_THEATRE_ERROR_IO naming it otherwise. */
gboolean fl_theatre_ini_load(GKeyFile *ini, const char *ini_path, GError **error);
/* The value of key in group, or NULL with an error naming ini_path, the group and the key when
 * it cannot be read (not UTF-8, a bad escape). Newly allocated. */
char *fl_theatre_ini_value(GKeyFile *ini, const char *ini_path, const char *group,
                           const char *key, GError **error);
/* Reads baseline-zones.tsv (contents as fl_theatre_read_table() takes them) into
 * theatre->areas, then takes the places of its occupied areas out of the theatre. */
gboolean fl_theatre_read_zones(FlTheatre *theatre, const char *path, const char *contents,
                               gsize len, GError **error);
/* Frees an FlArea. */
void fl_area_free(gpointer area);

/* theatre-ini.c */
/* Whether text is a whole finite number from min to max, read into value. */
gboolean fl_theatre_parse_double(const char *text, double min, double max, double *value);
/* The string of group/key in ini (read from ini_path), newly allocated; NULL when it is
 * missing, an error naming ini_path and the key when required. */
char *fl_theatre_ini_string(GKeyFile *ini, const char *ini_path, const char *group,
                            const char *key, gboolean required, GError **error);
/* The path of a file (folder: a folder) that [files] key of theatre.ini names (value as
 * written): the theatre folder joined with value unless value is absolute. NULL with
 * FL_THEATRE_ERROR_IO naming ini_path, the key, its value and the path looked at when there is
 * no such file or folder. Newly allocated. */
char *fl_theatre_files_path(const FlTheatre *theatre, const char *ini_path, const char *key,
                            const char *value, gboolean folder, GError **error);
/* Reads [theatre] (id, name_<lang>, country, extent, projection, languages, baseline_date,
 * period) and [credits] of theatre.ini into theatre; errors name ini_path and the key. */
gboolean fl_theatre_read_description(FlTheatre *theatre, GKeyFile *ini, const char *ini_path,
                                     GError **error);

/* theatre-places.c: the rows of place and alias tables, one at a time */
/* Whether id is lowercase ASCII letters, digits and hyphens (a place's or faction's id). */
gboolean fl_theatre_valid_id(const char *id);
/* The non-empty cells of the current row's columns named prefix<lang> ("name_", "label_") as
 * pairs {lang, text, ..., NULL}. Newly allocated: g_strfreev(). */
char **fl_theatre_language_pairs(const FlTsv *tsv, const char *prefix);
/* The index of the place of id into *index, or FALSE with FL_THEATRE_ERROR_REFERENCE naming
 * the row's file:line. */
gboolean fl_theatre_lookup_place(const FlTheatre *theatre, const FlTsv *tsv, const char *id,
                                 guint *index, GError **error);
/* The columns every place table has (places.tsv), NULL-terminated; a name_<lang> column per
 * language is optional. */
extern const char *const fl_place_columns[];
/* The place of the current row of a place table (col: the indexes of fl_place_columns),
 * checked as places.tsv's rows are (id, coordinates, kind, population, country, a name), but
 * neither looked up in nor added to theatre. NULL with FL_THEATRE_ERROR naming file:line. Free
 * with fl_place_free(). */
FlPlace *fl_place_parse(const FlTheatre *theatre, const FlTsv *tsv, const gint *col,
                        GError **error);
void fl_place_free(gpointer place);
/* The columns every alias table has (aliases.tsv), NULL-terminated. */
extern const char *const fl_alias_columns[];
/* The alias of the current row of an alias table (col: the indexes of fl_alias_columns): a
 * known place id and an alias. NULL with FL_THEATRE_ERROR naming file:line. Free with
 * fl_alias_free(). */
FlAlias *fl_alias_parse(const FlTheatre *theatre, const FlTsv *tsv, const gint *col,
                        GError **error);
void fl_alias_free(gpointer alias);

/* theatre-overlay.c */
/* Reads a place overlay (--places; contents as fl_theatre_read_table() takes them): each row,
 * checked as places.tsv's, replaces the place of its id (at its index) or adds one; an id twice
 * in the file is an error. */
gboolean fl_theatre_overlay_places(FlTheatre *theatre, const char *path, const char *contents,
                                   gsize len, GError **error);
/* Reads an alias overlay (--aliases): its rows, checked as aliases.tsv's, replace every alias
 * read before that is spelled the same once folded, and are added. */
gboolean fl_theatre_overlay_aliases(FlTheatre *theatre, const char *path, const char *contents,
                                    gsize len, GError **error);
/* Gives each place from index first on (the places the overlays added) that the baseline left
 * without a holder the faction of its baseline zone, as scripts/build-baseline.py gives the
 * theatre's own places theirs. */
void fl_theatre_overlay_baseline(FlTheatre *theatre, guint first);

/* An empty theatre of folder dir and country (ISO 3166-1 alpha-2): no description (extent,
 * period, projection unset), no language, no table. Caller frees with fl_theatre_free(). */
FlTheatre *fl_theatre_new(const char *dir, const char *country);

/* Reads one table into theatre from len bytes of contents (not necessarily NUL-terminated),
 * as fl_theatre_load() reads the file; path names the table in messages ("places.tsv:12: ...").
 * On error (FL_THEATRE_ERROR) the rows before the bad one stay in the theatre, which can only
 * be freed. */
gboolean fl_theatre_read_table(FlTheatre *theatre, FlTheatreTable table, const char *path,
                               const char *contents, gsize len, GError **error);

/* theatre-matcher.c */
/* Sets matcher to the defaults: no articles, the vowels dropped, no rewrites. */
void fl_matcher_init(FlMatcher *matcher);
void fl_matcher_clear(FlMatcher *matcher);
/* Reads a matcher table (contents as fl_theatre_read_table() takes them) into matcher,
 * replacing its rules; FL_THEATRE_ERROR naming path and line on a bad row. */
gboolean fl_matcher_read(FlMatcher *matcher, const char *path, const char *contents, gsize len,
                         GError **error);

#endif
