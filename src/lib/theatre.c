/* theatre.c - loading a theatre folder: description, places, factions, actors, baseline. */
#include <frontline/theatre.h>

#include "theatre-internal.h"
#include "tsv-internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *
nonempty(const char *a, const char *b)
{
  return a && *a ? a : b;
}

/* The name of lang in pairs {lang, name, ..., NULL}, else fallback. */
static const char *
by_pair(char *const *pairs, const char *lang, const char *fallback)
{
  for (guint i = 0; pairs && pairs[i] && pairs[i + 1]; i += 2)
    if (g_strcmp0(pairs[i], lang) == 0)
      return nonempty(pairs[i + 1], fallback);
  return fallback;
}

const char *
fl_place_label(const FlPlace *place, const char *lang)
{
  return by_pair(place->names, lang, place->name);
}

const char *
fl_faction_label(const FlFaction *faction, const char *lang)
{
  const char *en = by_pair(faction->labels, "en", faction->id);
  return by_pair(faction->labels, lang, en);
}

const char *
fl_theatre_name(const FlTheatre *theatre, const char *lang)
{
  const char *en = by_pair(theatre->names, "en", theatre->id);
  return by_pair(theatre->names, lang, en);
}

gboolean
fl_theatre_has_language(const FlTheatre *theatre, const char *lang)
{
  return lang && g_strv_contains((const char *const *)theatre->languages, lang);
}

gboolean
fl_theatre_check_labels_language(const FlTheatre *theatre, const char *lang, GError **error)
{
  for (const char *one = lang; one && *one; one = strchr(one, '+')) {
    one += *one == '+';
    g_autofree char *language = g_strndup(one, strcspn(one, "+"));
    if (!fl_theatre_has_language(theatre, language)) {
      g_autofree char *list = g_strjoinv(", ", theatre->languages);
      g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_OPTION,
                  "--lang %s: the theatre's languages are %s (theatre.ini [theatre] languages)",
                  language, list);
      return FALSE;
    }
  }
  return TRUE;
}

char *
fl_theatre_labels_language(const FlTheatre *theatre, const char *lang)
{
  if (lang == NULL || *lang == '\0')
    lang = theatre->languages && theatre->languages[0] ? theatre->languages[0] : "en";
  return g_strndup(lang, strcspn(lang, "+"));
}

static void
faction_free(gpointer data)
{
  FlFaction *faction = data;
  g_free(faction->id);
  g_strfreev(faction->labels);
  g_free(faction->allies);
  g_strfreev(faction->areas);
  g_free(faction);
}

static void
actor_free(gpointer data)
{
  FlActor *actor = data;
  g_free(actor->lang);
  g_free(actor->name);
  g_free(actor);
}

static gboolean
parse_color(const char *text, guint32 *color)
{
  if (text[0] != '#' || strlen(text) != 7)
    return FALSE;
  for (int i = 1; i < 7; i++)
    if (!g_ascii_isxdigit(text[i]))
      return FALSE;
  *color = (guint32)strtoul(text + 1, NULL, 16);
  return TRUE;
}

static gboolean
parse_optional_date(const FlTsv *tsv, const char *text, GDate *date, GError **error)
{
  GError *local = NULL;
  g_date_clear(date, 1);
  if (*text == '\0')
    return TRUE;
  if (!fl_date_parse_iso(text, date, &local)) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE, "%s", local->message);
    g_error_free(local);
    return FALSE;
  }
  return TRUE;
}

/* A table to read: the file at path, or, when contents is set, len bytes in memory that path
 * names in messages. */
typedef struct {
  const char *path;
  const char *contents;
  gsize len;
} Source;

/* Reads one TSV table of the theatre, calling row for each row. */
static gboolean
load_tsv(const Source *source, const char *const *columns, FlTsvRowFunc row,
         gpointer user_data, GError **error)
{
  return fl_tsv_load_data(source->path, source->contents, source->len, FL_THEATRE_ERROR,
                          FL_THEATRE_ERROR_IO, FL_THEATRE_ERROR_SYNTAX, columns, row, user_data,
                          error);
}

static gboolean
place_row(const FlTsv *tsv, const gint *col, gpointer user_data, GError **error)
{
  FlTheatre *theatre = user_data;
  const char *id = fl_tsv_cell(tsv, col[0]);   /* fl_place_columns begins with "id" */
  gint previous = fl_theatre_find_place(theatre, id);
  if (previous >= 0) {
    const FlPlace *first = theatre->places->pdata[previous];
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_DUPLICATE, "duplicate place id '%s' (first at %s)",
                 id, first->file);
    return FALSE;
  }
  FlPlace *p = fl_place_parse(theatre, tsv, col, error);
  if (p == NULL)
    return FALSE;
  g_ptr_array_add(theatre->places, p);
  g_hash_table_insert(theatre->place_index, p->id, GUINT_TO_POINTER(theatre->places->len));
  return TRUE;
}

static gboolean
load_places(FlTheatre *theatre, const Source *source, GError **error)
{
  return load_tsv(source, fl_place_columns, place_row, theatre, error);
}

enum { F_ID, F_COLOR, F_VALID_FROM, F_VALID_TO };


/* A successor or an ally named in factions.tsv, resolved once every faction is read (it may
 * come later). */
typedef struct {
  guint faction;
  char *successor;   /* the id as written */
  char *where;       /* "path:line" */
  gboolean ally;     /* an ally, not the successor */
} SuccessorRef;

static void
successor_ref_clear(gpointer data)
{
  SuccessorRef *ref = data;
  g_free(ref->successor);
  g_free(ref->where);
}

typedef struct {
  FlTheatre *theatre;
  GArray *successors;  /* SuccessorRef */
} FactionLoad;

static gboolean
faction_row(const FlTsv *tsv, const gint *col, gpointer user_data, GError **error)
{
  FactionLoad *load = user_data;
  FlTheatre *theatre = load->theatre;
  const char *id = fl_tsv_cell(tsv, col[F_ID]);
  FlFaction faction = {0};
  if (!fl_theatre_valid_id(id)) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_SYNTAX,
                 "faction id '%s' must be lowercase ASCII letters, digits and hyphens", id);
    return FALSE;
  }
  if (fl_theatre_find_faction(theatre, id) >= 0) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_DUPLICATE, "duplicate faction id '%s'", id);
    return FALSE;
  }
  if (!parse_color(fl_tsv_cell(tsv, col[F_COLOR]), &faction.color)) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE, "colour '%s' is not #RRGGBB",
                 fl_tsv_cell(tsv, col[F_COLOR]));
    return FALSE;
  }
  /* print_color (optional column): the faction's colour on paper, apart in grayscale */
  const char *print_color = fl_tsv_cell(tsv, fl_tsv_column(tsv, "print_color"));
  faction.print_color = faction.color;
  if (*print_color && !parse_color(print_color, &faction.print_color)) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE, "print_color '%s' is not #RRGGBB",
                 print_color);
    return FALSE;
  }
  if (!parse_optional_date(tsv, fl_tsv_cell(tsv, col[F_VALID_FROM]), &faction.valid_from, error) ||
      !parse_optional_date(tsv, fl_tsv_cell(tsv, col[F_VALID_TO]), &faction.valid_to, error))
    return FALSE;
  if (g_date_valid(&faction.valid_from) && g_date_valid(&faction.valid_to) &&
      g_date_compare(&faction.valid_from, &faction.valid_to) > 0) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE, "valid_from %s is after valid_to %s",
                 fl_tsv_cell(tsv, col[F_VALID_FROM]), fl_tsv_cell(tsv, col[F_VALID_TO]));
    return FALSE;
  }
  const char *successor = fl_tsv_cell(tsv, fl_tsv_column(tsv, "successor"));
  if (*successor && !g_date_valid(&faction.valid_to)) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE,
                 "successor '%s' given but no valid_to: a faction is succeeded when it ends",
                 successor);
    return FALSE;
  }
  FlFaction *f = g_new(FlFaction, 1);
  *f = faction;
  f->successor = -1;
  if (*successor) {
    SuccessorRef ref = {theatre->factions->len, g_strdup(successor),
                        g_strdup_printf("%s:%u", tsv->path, tsv->line), FALSE};
    g_array_append_val(load->successors, ref);
  }
  /* allies: ids separated by ';' (optional column) */
  char **allies = g_strsplit(fl_tsv_cell(tsv, fl_tsv_column(tsv, "allies")), ";", -1);
  for (char **ally = allies; *ally; ally++) {
    g_strstrip(*ally);
    if (!**ally)
      continue;
    SuccessorRef ref = {theatre->factions->len, g_strdup(*ally),
                        g_strdup_printf("%s:%u", tsv->path, tsv->line), TRUE};
    g_array_append_val(load->successors, ref);
  }
  g_strfreev(allies);
  f->areas = g_strsplit(fl_tsv_cell(tsv, fl_tsv_column(tsv, "areas")), ";", -1);
  for (char **area = f->areas; *area; area++)
    g_strstrip(*area);
  f->id = g_strdup(id);
  f->labels = fl_theatre_language_pairs(tsv, "label_");   /* label_fr, label_en, label_uk... */
  g_ptr_array_add(theatre->factions, f);
  g_hash_table_insert(theatre->faction_index, f->id, GUINT_TO_POINTER(theatre->factions->len));
  return TRUE;
}

/* Resolves the successors noted while reading the factions: each must be a known faction, and
 * no chain may loop. */
static gboolean
resolve_successors(FlTheatre *theatre, const GArray *refs, GError **error)
{
  gboolean ok = TRUE;
  for (guint i = 0; i < refs->len && ok; i++) {
    const SuccessorRef *ref = &g_array_index(refs, SuccessorRef, i);
    const char *what = ref->ally ? "ally" : "successor";
    gint other = fl_theatre_find_faction(theatre, ref->successor);
    if (other < 0 || (guint)other == ref->faction) {
      g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_REFERENCE, "%s: %s %s '%s'",
                  ref->where, other < 0 ? "unknown" : "a faction cannot be its own", what,
                  ref->successor);
      ok = FALSE;
      break;
    }
    if (!ref->ally) {
      ((FlFaction *)theatre->factions->pdata[ref->faction])->successor = other;
      continue;
    }
    /* an alliance binds both sides */
    for (int side = 0; side < 2; side++) {
      FlFaction *f = theatre->factions->pdata[side ? (guint)other : ref->faction];
      gint with = side ? (gint)ref->faction : other;
      gboolean known = FALSE;
      for (guint a = 0; a < f->n_allies; a++)
        known |= f->allies[a] == with;
      if (!known) {
        f->allies = g_renew(gint, f->allies, f->n_allies + 1);
        f->allies[f->n_allies++] = with;
      }
    }
  }
  for (guint f = 0; f < theatre->factions->len && ok; f++) {
    gint at = (gint)f;
    for (guint steps = 0; at >= 0; steps++) {
      if (steps > theatre->factions->len) {
        g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_REFERENCE,
                    "factions: the successors of '%s' form a loop",
                    ((FlFaction *)theatre->factions->pdata[f])->id);
        ok = FALSE;
        break;
      }
      at = ((FlFaction *)theatre->factions->pdata[at])->successor;
    }
  }
  return ok;
}

static gboolean
load_factions(FlTheatre *theatre, const Source *source, GError **error)
{
  /* and a label_<lang> column per language, any of them optional */
  static const char *const columns[] = {"id", "color", "valid_from", "valid_to", NULL};
  FactionLoad load = {theatre, g_array_new(FALSE, FALSE, sizeof(SuccessorRef))};
  g_array_set_clear_func(load.successors, successor_ref_clear);
  gboolean ok = load_tsv(source, columns, faction_row, &load, error) &&
                resolve_successors(theatre, load.successors, error);
  g_array_unref(load.successors);
  return ok;
}

gboolean
fl_theatre_allied(const FlTheatre *theatre, gint a, gint b)
{
  if (a < 0 || b < 0 || (guint)a >= theatre->factions->len || (guint)b >= theatre->factions->len)
    return FALSE;
  const FlFaction *f = theatre->factions->pdata[a];
  for (guint i = 0; i < f->n_allies; i++)
    if (f->allies[i] == b)
      return TRUE;
  return FALSE;
}

gint
fl_theatre_faction_on(const FlTheatre *theatre, gint faction, const GDate *date)
{
  for (guint steps = 0; faction >= 0 && steps <= theatre->factions->len; steps++) {
    const FlFaction *f = theatre->factions->pdata[faction];
    if (!g_date_valid(&f->valid_to) || g_date_compare(date, &f->valid_to) <= 0)
      return faction;
    faction = f->successor;
  }
  return faction;
}

/* Whether the faction exists on date (between its valid_from and valid_to, when set). */
static gboolean
faction_exists(const FlFaction *f, const GDate *date)
{
  return (!g_date_valid(&f->valid_from) || g_date_compare(&f->valid_from, date) <= 0) &&
         (!g_date_valid(&f->valid_to) || g_date_compare(date, &f->valid_to) <= 0);
}

gint
fl_theatre_faction_at(const FlTheatre *theatre, gint faction, const FlPlace *place,
                      const GDate *date)
{
  faction = fl_theatre_faction_on(theatre, faction, date);
  if (faction < 0 || place == NULL || place->admin1 == NULL || !*place->admin1)
    return faction;
  const FlFaction *broad = theatre->factions->pdata[faction];
  for (guint i = 0; i < broad->n_allies; i++) {
    const FlFaction *ally = theatre->factions->pdata[broad->allies[i]];
    if (ally->n_allies >= broad->n_allies || !faction_exists(ally, date))
      continue;
    for (char **area = ally->areas; area && *area; area++)
      if (**area && g_str_equal(*area, place->admin1))
        return broad->allies[i];
  }
  return faction;
}

/* Resolves a faction id cell, failing with REFERENCE naming file:line. */
static gboolean
lookup_faction(const FlTheatre *theatre, const FlTsv *tsv, const char *id, guint *index,
               GError **error)
{
  gint found = fl_theatre_find_faction(theatre, id);
  if (found < 0) {
    g_autofree char *ids = fl_theatre_faction_ids(theatre);
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_REFERENCE,
                 "unknown faction '%s' (factions.tsv has %s)", id, ids);
    return FALSE;
  }
  *index = (guint)found;
  return TRUE;
}

static gboolean
actor_row(const FlTsv *tsv, const gint *col, gpointer user_data, GError **error)
{
  FlTheatre *theatre = user_data;
  guint faction;
  if (*fl_tsv_cell(tsv, col[1]) == '\0') {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE, "empty actor name");
    return FALSE;
  }
  if (!lookup_faction(theatre, tsv, fl_tsv_cell(tsv, col[2]), &faction, error))
    return FALSE;
  FlActor *actor = g_new(FlActor, 1);
  actor->lang = g_strdup(fl_tsv_cell(tsv, col[0]));
  actor->name = g_strdup(fl_tsv_cell(tsv, col[1]));
  actor->faction = faction;
  g_ptr_array_add(theatre->actors, actor);
  return TRUE;
}

static gboolean
load_actors(FlTheatre *theatre, const Source *source, GError **error)
{
  static const char *const columns[] = {"lang", "actor", "faction", NULL};
  return load_tsv(source, columns, actor_row, theatre, error);
}

static gboolean
alias_row(const FlTsv *tsv, const gint *col, gpointer user_data, GError **error)
{
  FlTheatre *theatre = user_data;
  FlAlias *alias = fl_alias_parse(theatre, tsv, col, error);
  if (alias)
    g_ptr_array_add(theatre->aliases, alias);
  return alias != NULL;
}

static gboolean
load_aliases(FlTheatre *theatre, const Source *source, GError **error)
{
  return load_tsv(source, fl_alias_columns, alias_row, theatre, error);
}

static gboolean
not_place_row(const FlTsv *tsv, const gint *col, gpointer user_data, GError **error)
{
  FlTheatre *theatre = user_data;
  if (*fl_tsv_cell(tsv, col[0]) == '\0') {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE, "empty phrase");
    return FALSE;
  }
  g_ptr_array_add(theatre->not_places, g_strdup(fl_tsv_cell(tsv, col[0])));
  return TRUE;
}

static gboolean
load_not_places(FlTheatre *theatre, const Source *source, GError **error)
{
  static const char *const columns[] = {"phrase", NULL};
  return load_tsv(source, columns, not_place_row, theatre, error);
}

static void
road_free(gpointer data)
{
  FlRoad *road = data;
  g_free(road->ref);
  g_free(road->name_fr);
  g_free(road->name_en);
  g_free(road->name_ar);
  g_free(road->places);
  g_free(road);
}

enum { R_REF, R_NAME_FR, R_NAME_EN, R_NAME_AR, R_PLACES };

/* A road: its places, ids split by ';', must be known and at least two. */
static gboolean
road_row(const FlTsv *tsv, const gint *col, gpointer user_data, GError **error)
{
  FlTheatre *theatre = user_data;
  const char *ref = fl_tsv_cell(tsv, col[R_REF]);
  g_auto(GStrv) ids = g_strsplit(fl_tsv_cell(tsv, col[R_PLACES]), ";", -1);
  GArray *places = g_array_new(FALSE, FALSE, sizeof(guint));

  if (!*ref) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE, "empty road ref");
    g_array_unref(places);
    return FALSE;
  }
  for (char **id = ids; *id; id++) {
    g_strstrip(*id);
    if (!**id)
      continue;
    gint place = fl_theatre_find_place(theatre, *id);
    if (place < 0) {
      fl_tsv_error(tsv, error, FL_THEATRE_ERROR_REFERENCE, "road %s: unknown place id '%s'", ref,
                   *id);
      g_array_unref(places);
      return FALSE;
    }
    guint index = (guint)place;
    g_array_append_val(places, index);
  }
  if (places->len < 2) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE, "road %s: fewer than two places", ref);
    g_array_unref(places);
    return FALSE;
  }
  FlRoad *road = g_new0(FlRoad, 1);
  road->ref = g_strdup(ref);
  road->name_fr = g_strdup(fl_tsv_cell(tsv, col[R_NAME_FR]));
  road->name_en = g_strdup(fl_tsv_cell(tsv, col[R_NAME_EN]));
  road->name_ar = g_strdup(fl_tsv_cell(tsv, col[R_NAME_AR]));
  road->n_places = places->len;
  road->places = (guint *)g_array_free(places, FALSE);
  g_ptr_array_add(theatre->roads, road);
  return TRUE;
}

static gboolean
load_roads(FlTheatre *theatre, const Source *source, GError **error)
{
  static const char *const columns[] = {"ref", "name_fr", "name_en", "name_ar", "places", NULL};
  return load_tsv(source, columns, road_row, theatre, error);
}

static gboolean
load_place_overlay(FlTheatre *theatre, const Source *source, GError **error)
{
  return fl_theatre_overlay_places(theatre, source->path, source->contents, source->len, error);
}

static gboolean
load_alias_overlay(FlTheatre *theatre, const Source *source, GError **error)
{
  return fl_theatre_overlay_aliases(theatre, source->path, source->contents, source->len, error);
}

static gboolean
load_zones(FlTheatre *theatre, const Source *source, GError **error)
{
  return fl_theatre_read_zones(theatre, source->path, source->contents, source->len, error);
}

typedef struct {
  FlTheatre *theatre;
  guint *seen_line;   /* per place: the baseline line that set it, or 0 */
} BaselineLoad;

static gboolean
baseline_row(const FlTsv *tsv, const gint *col, gpointer user_data, GError **error)
{
  BaselineLoad *load = user_data;
  FlTheatre *theatre = load->theatre;
  guint place, faction;
  if (!fl_theatre_lookup_place(theatre, tsv, fl_tsv_cell(tsv, col[0]), &place, error) ||
      !lookup_faction(theatre, tsv, fl_tsv_cell(tsv, col[1]), &faction, error))
    return FALSE;
  if (load->seen_line[place]) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_DUPLICATE,
                 "place '%s' already has a baseline at line %u", fl_tsv_cell(tsv, col[0]),
                 load->seen_line[place]);
    return FALSE;
  }
  const FlPlace *p = theatre->places->pdata[place];
  if (!p->in_theatre) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_REFERENCE,
                 "place '%s' is outside the theatre (%s, %s): it cannot be held by a faction",
                 p->id, p->country, fl_place_kind_name(p->kind));
    return FALSE;
  }
  load->seen_line[place] = tsv->line;
  theatre->baseline[place] = (gint)faction;
  const char *source = fl_tsv_cell(tsv, fl_tsv_column(tsv, "source"));
  if (*source)
    theatre->baseline_source[place] = g_strdup(source);
  return TRUE;
}

static gboolean
load_baseline(FlTheatre *theatre, const Source *source, GError **error)
{
  static const char *const columns[] = {"place_id", "faction", NULL};
  if (theatre->baseline == NULL) {  /* the places are all read: one slot each */
    theatre->baseline = g_new(gint, theatre->places->len);
    for (guint i = 0; i < theatre->places->len; i++)
      theatre->baseline[i] = -1;
    theatre->baseline_source = g_new0(char *, theatre->places->len + 1);
  }
  BaselineLoad load = {theatre, g_new0(guint, theatre->places->len)};
  gboolean ok = load_tsv(source, columns, baseline_row, &load, error);
  g_free(load.seen_line);
  return ok;
}


/* Loads each file of a ';' list in [files] key. */
typedef gboolean (*LoadFunc)(FlTheatre *theatre, const Source *source, GError **error);

static gboolean
load_matcher(FlTheatre *theatre, const Source *source, GError **error)
{
  return fl_matcher_read(&theatre->matcher, source->path, source->contents, source->len, error);
}

static gboolean
load_files(FlTheatre *theatre, GKeyFile *ini, const char *ini_path, const char *key,
           gboolean required, LoadFunc load, GError **error)
{
  g_auto(GStrv) names = g_key_file_get_string_list(ini, "files", key, NULL, NULL);
  if (names == NULL) {
    if (required)
      g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_SYNTAX,
                  "%s: missing key '%s' in [files]", ini_path, key);
    return !required;
  }
  for (guint i = 0; names[i]; i++) {
    g_autofree char *path =
        fl_theatre_files_path(theatre, ini_path, key, g_strstrip(names[i]), FALSE, error);
    if (path == NULL || !load(theatre, &(Source){path, NULL, 0}, error))
      return FALSE;
  }
  return TRUE;
}

FlTheatre *
fl_theatre_new(const char *dir, const char *country)
{
  FlTheatre *theatre = g_new0(FlTheatre, 1);
  theatre->dir = g_strdup(dir);
  g_strlcpy(theatre->country, country, sizeof theatre->country);
  theatre->countries = g_new0(char *, 2);
  theatre->countries[0] = g_strdup(country);
  theatre->languages = g_new0(char *, 1);
  theatre->credits = g_new0(char *, 1);
  theatre->words = g_new0(char *, 1);
  theatre->overlays = g_new0(char *, 1);
  fl_control_settings_read(theatre, NULL, NULL, NULL);   /* the defaults */
  fl_ground_init(&theatre->ground);
  fl_matcher_init(&theatre->matcher);
  theatre->places = g_ptr_array_new_with_free_func(fl_place_free);
  theatre->factions = g_ptr_array_new_with_free_func(faction_free);
  theatre->actors = g_ptr_array_new_with_free_func(actor_free);
  theatre->aliases = g_ptr_array_new_with_free_func(fl_alias_free);
  theatre->not_places = g_ptr_array_new_with_free_func(g_free);
  theatre->roads = g_ptr_array_new_with_free_func(road_free);
  theatre->areas = g_ptr_array_new_with_free_func(fl_area_free);
  theatre->place_index = g_hash_table_new(g_str_hash, g_str_equal);
  theatre->faction_index = g_hash_table_new(g_str_hash, g_str_equal);
  return theatre;
}

gboolean
fl_theatre_read_table(FlTheatre *theatre, FlTheatreTable table, const char *path,
                      const char *contents, gsize len, GError **error)
{
  static const LoadFunc loaders[] = {
      [FL_THEATRE_TABLE_PLACES] = load_places,
      [FL_THEATRE_TABLE_FACTIONS] = load_factions,
      [FL_THEATRE_TABLE_ALIASES] = load_aliases,
      [FL_THEATRE_TABLE_ACTORS] = load_actors,
      [FL_THEATRE_TABLE_NOT_PLACES] = load_not_places,
      [FL_THEATRE_TABLE_ROADS] = load_roads,
      [FL_THEATRE_TABLE_ZONES] = load_zones,
      [FL_THEATRE_TABLE_BASELINE] = load_baseline,
      [FL_THEATRE_TABLE_MATCHER] = load_matcher,
      [FL_THEATRE_TABLE_PLACE_OVERLAY] = load_place_overlay,
      [FL_THEATRE_TABLE_ALIAS_OVERLAY] = load_alias_overlay,
  };
  g_return_val_if_fail((guint)table < G_N_ELEMENTS(loaders), FALSE);
  g_return_val_if_fail((table != FL_THEATRE_TABLE_PLACES && table != FL_THEATRE_TABLE_ZONES &&
                        table != FL_THEATRE_TABLE_PLACE_OVERLAY) ||
                         theatre->baseline == NULL,
                       FALSE);
  return loaders[table](theatre, &(Source){path, contents, len}, error);
}

gboolean
fl_theatre_read_settings(FlTheatre *theatre, GKeyFile *ini, const char *ini_path, GError **error)
{
  return fl_theatre_read_description(theatre, ini, ini_path, error) &&
         fl_control_settings_read(theatre, ini, ini_path, error) &&
         fl_ground_read(&theatre->ground, ini, ini_path, error);
}

/* Reads each overlay file of paths (NULL-terminated, or NULL) with load, noting it in
 * theatre->overlays. */
static gboolean
load_overlays(FlTheatre *theatre, const char *const *paths, LoadFunc load, GError **error)
{
  for (guint i = 0; paths && paths[i]; i++) {
    guint n = g_strv_length(theatre->overlays);
    theatre->overlays = g_renew(char *, theatre->overlays, n + 2);
    theatre->overlays[n] = g_strdup(paths[i]);
    theatre->overlays[n + 1] = NULL;
    if (!load(theatre, &(Source){paths[i], NULL, 0}, error))
      return FALSE;
  }
  return TRUE;
}

FlTheatre *
fl_theatre_load(const char *dir, GError **error)
{
  return fl_theatre_load_overlaid(dir, NULL, error);
}

FlTheatre *
fl_theatre_load_overlaid(const char *dir, const FlTheatreOverlays *overlays, GError **error)
{
  FlTheatre *theatre = fl_theatre_new(dir, "");
  const FlTheatreOverlays none = {NULL, NULL};
  guint n_own_places = 0;
  GKeyFile *ini = g_key_file_new();
  char *ini_path = g_build_filename(dir, "theatre.ini", NULL);
  char *basemap = NULL, *lexicons = NULL;

  if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
    g_set_error(error, FL_THEATRE_ERROR, FL_THEATRE_ERROR_IO, "%s: no such theatre folder", dir);
    goto fail;
  }
  if (!fl_theatre_ini_load(ini, ini_path, error))
    goto fail;
  if (!fl_theatre_read_settings(theatre, ini, ini_path, error))
    goto fail;
  basemap = fl_theatre_ini_string(ini, ini_path, "files", "basemap", TRUE, error);
  if (basemap == NULL)
    goto fail;
  theatre->basemap_path = fl_theatre_files_path(theatre, ini_path, "basemap", basemap, FALSE,
                                                 error);
  if (theatre->basemap_path == NULL)
    goto fail;
  lexicons = fl_theatre_ini_string(ini, ini_path, "files", "lexicons", TRUE, error);
  if (lexicons == NULL)
    goto fail;
  theatre->lexicon_dir = fl_theatre_files_path(theatre, ini_path, "lexicons", lexicons, TRUE,
                                               error);
  if (theatre->lexicon_dir == NULL)
    goto fail;
  if (overlays == NULL)
    overlays = &none;
  if (!load_files(theatre, ini, ini_path, "places", TRUE, load_places, error))
    goto fail;
  n_own_places = theatre->places->len;
  if (!load_overlays(theatre, overlays->places, load_place_overlay, error) ||
      !load_files(theatre, ini, ini_path, "factions", TRUE, load_factions, error) ||
      !load_files(theatre, ini, ini_path, "aliases", FALSE, load_aliases, error) ||
      !load_overlays(theatre, overlays->aliases, load_alias_overlay, error) ||
      !load_files(theatre, ini, ini_path, "actors", FALSE, load_actors, error) ||
      !load_files(theatre, ini, ini_path, "not_places", FALSE, load_not_places, error) ||
      !load_files(theatre, ini, ini_path, "roads", FALSE, load_roads, error) ||
      !load_files(theatre, ini, ini_path, "baseline_zones", FALSE, load_zones, error) ||
      !load_files(theatre, ini, ini_path, "matcher", FALSE, load_matcher, error))
    goto fail;
  if (!load_files(theatre, ini, ini_path, "baseline", TRUE, load_baseline, error))
    goto fail;
  fl_theatre_overlay_baseline(theatre, n_own_places);

  g_key_file_free(ini);
  g_free(ini_path);
  g_free(basemap);
  g_free(lexicons);
  return theatre;

fail:
  g_key_file_free(ini);
  g_free(ini_path);
  g_free(basemap);
  g_free(lexicons);
  fl_theatre_free(theatre);
  return NULL;
}

void
fl_theatre_free(FlTheatre *theatre)
{
  if (theatre == NULL)
    return;
  g_free(theatre->dir);
  g_free(theatre->id);
  g_strfreev(theatre->names);
  g_strfreev(theatre->countries);
  g_free(theatre->projection);
  g_strfreev(theatre->languages);
  g_free(theatre->basemap_path);
  g_strfreev(theatre->credits);
  g_strfreev(theatre->words);
  fl_matcher_clear(&theatre->matcher);
  g_strfreev(theatre->overlays);
  g_hash_table_unref(theatre->place_index);
  g_hash_table_unref(theatre->faction_index);
  g_ptr_array_unref(theatre->factions);
  g_ptr_array_unref(theatre->actors);
  g_ptr_array_unref(theatre->aliases);
  g_ptr_array_unref(theatre->not_places);
  if (theatre->roads)
    g_ptr_array_unref(theatre->roads);
  g_ptr_array_unref(theatre->areas);
  g_free(theatre->baseline);
  for (guint i = 0; theatre->baseline_source && i < theatre->places->len; i++)
    g_free(theatre->baseline_source[i]);
  g_free(theatre->baseline_source);
  g_free(theatre->lexicon_dir);
  g_ptr_array_unref(theatre->places);
  g_free(theatre);
}
