/* map-words.c - the map's words in its language: the furniture's words, month names and the
 * date lines ("Situation au 7 décembre 2024"), read from map-<lang>.tsv in the theatre's
 * lexicon folder (gazetteer/README.md, "Map words") when a map is made, over the English file;
 * theatre.ini's [words] replaces any of them. */
#include "draw-internal.h"
#include "tsv-internal.h"

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

/* A word of the map: its key in the files, where it goes, the {...} its text may hold and
 * whether a language may lack it (then it has none, not the English one). */
typedef struct {
  const char *key;
  gsize offset;
  const char *fields;   /* "day month year": the names of its {...}, all required */
  gboolean optional;
} WordKey;

#define WORD(key, field, fields) {key, offsetof(Words, field), fields, FALSE}
#define MONTH(n) {"month_" #n, offsetof(Words, months) + (n - 1) * sizeof(char *), "", FALSE}
#define SHORT_MONTH(n)                                                                         \
  {"month_short_" #n, offsetof(Words, short_months) + (n - 1) * sizeof(char *), "", FALSE}

static const WordKey word_keys[] = {
    MONTH(1), MONTH(2), MONTH(3), MONTH(4), MONTH(5), MONTH(6), MONTH(7), MONTH(8), MONTH(9),
    MONTH(10), MONTH(11), MONTH(12), SHORT_MONTH(1), SHORT_MONTH(2), SHORT_MONTH(3),
    SHORT_MONTH(4), SHORT_MONTH(5), SHORT_MONTH(6), SHORT_MONTH(7), SHORT_MONTH(8),
    SHORT_MONTH(9), SHORT_MONTH(10), SHORT_MONTH(11), SHORT_MONTH(12),
    WORD("date_line", date_format, "day month year"),
    {"first_day", offsetof(Words, first_day), "", TRUE},
    WORD("legend", legend, ""),
    WORD("contested", contested, ""),
    WORD("besieged", besieged, ""),
    WORD("abandoned", abandoned, ""),
    WORD("claimed", claimed, ""),
    WORD("control_unknown", nobody, ""),
    WORD("reports", reports, ""),
    WORD("contested_ground", contested_ground, ""),
    WORD("front_line", front, ""),
    WORD("advance", advance, "days"),
    WORD("changed_since", changed, "date"),
    WORD("road", road, ""),
    WORD("open_ground", open_ground, ""),
    WORD("occupied", occupied, ""),
    WORD("deconfliction", deconfliction, ""),
    WORD("inferred", inferred, ""),
    WORD("stale", stale, ""),
    WORD("known_on", known_on, "date"),
    WORD("latest_report", latest, "time"),
    WORD("more_reports", more_reports, "count"),
};

#define CREDIT_PREFIX "credit:"

static char **
word_slot(Words *words, const WordKey *key)
{
  return (char **)((char *)words + key->offset);
}

static const WordKey *
word_key(const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS(word_keys); i++)
    if (g_str_equal(word_keys[i].key, name))
      return &word_keys[i];
  return NULL;
}

/* NULL when text holds exactly the {...} of key, each once; else what is wrong, newly
 * allocated. */
static char *
fields_problem(const WordKey *key, const char *text)
{
  g_auto(GStrv) wanted = g_strsplit(key->fields, " ", -1);
  guint found = 0, n_wanted = *key->fields ? g_strv_length(wanted) : 0;
  g_autoptr(GString) list = g_string_new(NULL);

  for (guint i = 0; i < n_wanted; i++)
    g_string_append_printf(list, "%s{%s}", i == 0 ? "" : i + 1 < n_wanted ? ", " : " and ",
                           wanted[i]);
  for (const char *open = strchr(text, '{'); open; open = strchr(open + 1, '{')) {
    const char *close = strchr(open, '}');
    g_autofree char *name = close ? g_strndup(open + 1, close - open - 1) : g_strdup(open + 1);
    if (!close || !n_wanted || !g_strv_contains((const char *const *)wanted, name))
      return g_strdup_printf("'{%s%s' is not a field of this word (%s)", name, close ? "}" : "",
                             n_wanted ? list->str : "it has none");
    found++;
  }
  if (found != n_wanted)
    return g_strdup_printf("it must hold %s, each once", list->str);
  return NULL;
}

typedef struct {
  Words *words;
  GHashTable *seen;     /* the keys of this file */
} Reading;

static gboolean
word_row(const FlTsv *tsv, const gint *col, gpointer user_data, GError **error)
{
  Reading *reading = user_data;
  const char *name = fl_tsv_cell(tsv, col[0]), *text = fl_tsv_cell(tsv, col[1]);

  if (!*text) {
    fl_tsv_error(tsv, error, FL_RENDER_ERROR_WORDS, "'%s' has no text", name);
    return FALSE;
  }
  if (!g_hash_table_add(reading->seen, g_strdup(name))) {
    fl_tsv_error(tsv, error, FL_RENDER_ERROR_WORDS, "'%s' is given twice", name);
    return FALSE;
  }
  if (g_str_has_prefix(name, CREDIT_PREFIX) && name[strlen(CREDIT_PREFIX)]) {
    g_ptr_array_add(reading->words->credit_words, g_strdup(name + strlen(CREDIT_PREFIX)));
    g_ptr_array_add(reading->words->credit_words, g_strdup(text));
    return TRUE;
  }
  const WordKey *key = word_key(name);
  if (!key) {
    fl_tsv_error(tsv, error, FL_RENDER_ERROR_WORDS,
                 "unknown key '%s' (gazetteer/README.md lists the keys)", name);
    return FALSE;
  }
  g_autofree char *problem = fields_problem(key, text);
  if (problem) {
    fl_tsv_error(tsv, error, FL_RENDER_ERROR_WORDS, "'%s': %s", name, problem);
    return FALSE;
  }
  char **slot = word_slot(reading->words, key);
  g_free(*slot);
  *slot = g_strdup(text);
  return TRUE;
}

/* Reads the map words file of lang over words; its keys go to seen. */
static gboolean
read_file(Words *words, const char *dir, const char *lang, GHashTable *seen, GError **error)
{
  static const char *const columns[] = {"key", "text", NULL};
  g_autofree char *file = g_strconcat("map-", lang, ".tsv", NULL);
  g_autofree char *path = g_build_filename(dir, file, NULL);
  Reading reading = {words, seen};

  /* a language's credit phrases replace the English ones (English has none to translate) */
  g_ptr_array_set_size(words->credit_words, 0);
  return fl_tsv_load(path, FL_RENDER_ERROR, FL_RENDER_ERROR_WORDS, FL_RENDER_ERROR_WORDS,
                     columns, word_row, &reading, error);
}

/* theatre.ini's [words] of the map's language, and those for every language. */
static gboolean
theatre_words(FlMap *map, GError **error)
{
  char *const *triples = map->theatre->words;

  for (guint i = 0; triples && triples[i]; i += 3) {
    const char *name = triples[i], *lang = triples[i + 1], *text = triples[i + 2];
    const WordKey *key = word_key(name);
    g_autofree char *problem = key ? fields_problem(key, text) : NULL;
    if (!key || problem) {
      g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_WORDS,
                  "%s" G_DIR_SEPARATOR_S "theatre.ini: [words] %s%s%s%s: %s", map->theatre->dir,
                  name, *lang ? "[" : "", lang, *lang ? "]" : "",
                  key ? problem : "unknown key (gazetteer/README.md lists the keys)");
      return FALSE;
    }
    if (*lang && !g_str_equal(lang, map->lang))
      continue;
    char **slot = word_slot(map->words, key);
    g_free(*slot);
    *slot = g_strdup(text);
  }
  return TRUE;
}

gboolean
fl_map_words_load(FlMap *map, GError **error)
{
  const char *dir = map->theatre->lexicon_dir ? map->theatre->lexicon_dir : ".";
  g_autoptr(GHashTable) english = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) own = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  Words *words = g_new0(Words, 1);

  words->credit_words = g_ptr_array_new_with_free_func(g_free);
  map->words = words;
  if (!read_file(words, dir, "en", english, error))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS(word_keys); i++)
    if (!word_keys[i].optional && !*word_slot(words, &word_keys[i])) {
      g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_WORDS,
                  "%s" G_DIR_SEPARATOR_S "map-en.tsv: no '%s': the English words are the "
                  "fallback of every language and must be complete", dir, word_keys[i].key);
      return FALSE;
    }
  if (!g_str_equal(map->lang, "en")) {
    g_autofree char *file = g_strconcat("map-", map->lang, ".tsv", NULL);
    g_autofree char *path = g_build_filename(dir, file, NULL);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
      g_ptr_array_add(map->warnings, g_strdup_printf("%s: no such file: the map's words are "
                                                     "in English",
                                                     path));
      return theatre_words(map, error);
    }
    g_clear_pointer(&words->first_day, g_free);   /* a day's own form is no English word */
    if (!read_file(words, dir, map->lang, own, error))
      return FALSE;
    GString *missing = g_string_new(NULL);
    for (gsize i = 0; i < G_N_ELEMENTS(word_keys); i++)
      if (!word_keys[i].optional && !g_hash_table_contains(own, word_keys[i].key))
        g_string_append_printf(missing, "%s%s", missing->len ? ", " : "", word_keys[i].key);
    if (missing->len)
      g_ptr_array_add(map->warnings,
                      g_strdup_printf("%s" G_DIR_SEPARATOR_S "map-%s.tsv: no %s: the English "
                                      "words are used",
                                      dir, map->lang, missing->str));
    g_string_free(missing, TRUE);
  }
  return theatre_words(map, error);
}

void
fl_map_words_free(MapWords *words)
{
  if (!words)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS(word_keys); i++)
    g_free(*word_slot(words, &word_keys[i]));
  g_ptr_array_unref(words->credit_words);
  g_free(words);
}

char *
fl_map_words_text(const FlMap *map)
{
  GString *text = g_string_new(NULL);

  for (gsize i = 0; i < G_N_ELEMENTS(word_keys); i++) {
    const char *word = *word_slot(map->words, &word_keys[i]);
    g_string_append_printf(text, "%s\t%s\n", word_keys[i].key, word ? word : "");
  }
  for (guint i = 0; i < map->words->credit_words->len; i++)
    g_string_append_printf(text, "%s\n", (char *)map->words->credit_words->pdata[i]);
  return g_string_free(text, FALSE);
}

char *
fl_words_fill(const char *text, ...)
{
  GString *filled = g_string_new(NULL);
  va_list args;

  for (const char *c = text; *c;) {
    const char *close = *c == '{' ? strchr(c, '}') : NULL;
    const char *value = NULL;
    if (close) {
      va_start(args, text);
      for (const char *name = va_arg(args, const char *); name && !value;
           name = va_arg(args, const char *)) {
        const char *candidate = va_arg(args, const char *);
        if (strlen(name) == (gsize)(close - c - 1) && strncmp(name, c + 1, close - c - 1) == 0)
          value = candidate;
      }
      va_end(args);
    }
    if (value) {
      g_string_append(filled, value);
      c = close + 1;
    } else {
      g_string_append_c(filled, *c++);
    }
  }
  return g_string_free(filled, FALSE);
}

/* ---- the date line ---- */

char *
fl_draw_date_line(const FlMap *map, const GDate *date)
{
  const Words *words = map->words;
  int day = g_date_get_day(date);
  g_autofree char *day_text = day == 1 && words->first_day ? g_strdup(words->first_day)
                                                           : g_strdup_printf("%d", day);
  g_autofree char *year = g_strdup_printf("%d", g_date_get_year(date));

  return fl_words_fill(words->date_format, "day", day_text, "month",
                       words->months[g_date_get_month(date) - 1], "year", year, NULL);
}

static char *day_month(const Words *words, const GDate *date);

/* "changed hands since 6 December" in the map's language. Newly allocated; g_free(). */
char *
fl_changed_line(const FlMap *map, const GDate *since)
{
  g_autofree char *date = day_month(map->words, since);

  return fl_words_fill(map->words->changed, "date", date, NULL);
}

char *
fl_reports_line(const GPtrArray *reports, const GDate *date)
{
  GString *line = g_string_new(NULL);
  char iso[11];

  for (guint i = 0; reports && i < reports->len; i++) {
    const FlReport *report = reports->pdata[i];
    if (g_date_valid(&report->date) && g_date_compare(&report->date, date) > 0)
      continue;
    g_string_append_printf(line, "%s%s %s", line->len ? ", " : "",
                           report->source ? report->source : report->name,
                           g_date_valid(&report->date) ? fl_date_format_iso(&report->date, iso)
                                                       : "?");
  }
  return g_string_free(line, FALSE);
}

/* "5 décembre" in lang: a day and its month. Newly allocated; g_free(). */
static char *
day_month(const Words *words, const GDate *date)
{
  int day = g_date_get_day(date);

  if (day == 1 && words->first_day)
    return g_strdup_printf("%s %s", words->first_day, words->months[g_date_get_month(date) - 1]);
  return g_strdup_printf("%d %s", day, words->months[g_date_get_month(date) - 1]);
}

char *
fl_known_on_line(const FlMap *map, const GDate *known_on, const GDate *latest_day,
                 gint minute_of_day)
{
  const Words *words = map->words;
  g_autofree char *day = day_month(words, known_on);
  g_autofree char *line = fl_words_fill(words->known_on, "date", day, NULL);

  if (minute_of_day < 0 || !latest_day || !g_date_valid(latest_day))
    return g_steal_pointer(&line);
  g_autofree char *time = g_strdup_printf("%02d:%02d", minute_of_day / 60, minute_of_day % 60);
  g_autofree char *when = NULL;
  if (g_date_compare(latest_day, known_on) == 0) {
    when = g_strdup(time);
  } else {
    g_autofree char *latest = day_month(words, latest_day);
    when = g_strdup_printf("%s %s", latest, time);
  }
  g_autofree char *latest_line = fl_words_fill(words->latest, "time", when, NULL);
  return g_strdup_printf("%s (%s)", line, latest_line);
}

char *
fl_credits_line(const FlMap *map, char *const *credits)
{
  const GPtrArray *pairs = map->words->credit_words;
  char *line = credits ? g_strjoinv(" · ", (char **)credits) : g_strdup("");

  for (guint i = 0; i + 1 < pairs->len; i += 2) {
    g_auto(GStrv) parts = g_strsplit(line, pairs->pdata[i], -1);
    g_free(line);
    line = g_strjoinv(pairs->pdata[i + 1], parts);
  }
  return line;
}

/* One credit without what it gave and with only its licence in brackets: "Coasts, rivers:
 * GSHHG (Wessel & Smith, LGPL)" -> "GSHHG (LGPL)". */
static char *
short_credit(const char *item)
{
  const char *what = strstr(item, ": ");
  const char *source = what ? what + 2 : item;
  const char *open = strchr(source, '(');
  const char *close = open ? strchr(open, ')') : NULL;
  const char *licence = close ? g_strrstr_len(open, close - open, ", ") : NULL;
  if (licence == NULL)
    return g_strdup(source);
  return g_strdup_printf("%.*s(%.*s)%s", (int)(open - source), source,
                         (int)(close - licence - 2), licence + 2, close + 1);
}

char *
fl_credits_short(const char *line)
{
  g_auto(GStrv) credits = g_strsplit(line, " \xC2\xB7 ", -1);  /* " · " */
  for (guint c = 0; credits[c]; c++) {
    g_auto(GStrv) items = g_strsplit(credits[c], "; ", -1);
    for (guint i = 0; items[i]; i++) {
      char *shorter = short_credit(items[i]);
      g_free(items[i]);
      items[i] = shorter;
    }
    g_free(credits[c]);
    credits[c] = g_strjoinv("; ", items);
  }
  return g_strjoinv(" \xC2\xB7 ", credits);
}
