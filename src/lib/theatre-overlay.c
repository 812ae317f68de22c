/* theatre-overlay.c - tables that add to or replace a theatre's places and aliases (--places,
 * --aliases), read after the theatre's own so that a user changes a theatre without copying
 * its folder. */
#include <frontline/theatre.h>

#include "text-internal.h"
#include "theatre-internal.h"

#include <string.h>

/* One overlay file being read: the ids it gave (a second row of an id is an error) or the
 * aliases it holds (added once the file is read whole). */
typedef struct {
  FlTheatre *theatre;
  GHashTable *ids;       /* id (borrowed from its place) of each row read */
  GPtrArray *aliases;    /* FlAlias* of the rows read */
} Overlay;

static gboolean
place_row(const FlTsv *tsv, const gint *col, gpointer user_data, GError **error)
{
  Overlay *overlay = user_data;
  FlTheatre *theatre = overlay->theatre;
  FlPlace *place = fl_place_parse(theatre, tsv, col, error);

  if (place == NULL)
    return FALSE;
  gint previous = fl_theatre_find_place(theatre, place->id);
  if (g_hash_table_contains(overlay->ids, place->id)) {
    const FlPlace *first = theatre->places->pdata[previous];
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_DUPLICATE, "duplicate place id '%s' (first at %s)",
                 place->id, first->file);
    fl_place_free(place);
    return FALSE;
  }
  if (previous >= 0) {  /* the theatre's place, replaced where it stands: indexes stay valid */
    g_hash_table_replace(theatre->place_index, place->id, GINT_TO_POINTER(previous + 1));
    fl_place_free(theatre->places->pdata[previous]);
    theatre->places->pdata[previous] = place;
  } else {
    g_ptr_array_add(theatre->places, place);
    g_hash_table_insert(theatre->place_index, place->id,
                        GUINT_TO_POINTER(theatre->places->len));
  }
  g_hash_table_add(overlay->ids, place->id);
  return TRUE;
}

gboolean
fl_theatre_overlay_places(FlTheatre *theatre, const char *path, const char *contents, gsize len,
                          GError **error)
{
  Overlay overlay = {theatre, g_hash_table_new(g_str_hash, g_str_equal), NULL};
  gboolean ok = fl_tsv_load_data(path, contents, len, FL_THEATRE_ERROR, FL_THEATRE_ERROR_IO,
                                 FL_THEATRE_ERROR_SYNTAX, fl_place_columns, place_row, &overlay,
                                 error);
  g_hash_table_unref(overlay.ids);
  return ok;
}

/* An alias as the matcher reads it: its folded words (case, accents and punctuation dropped),
 * one space apart. Newly allocated. */
static char *
alias_key(const char *alias)
{
  GString *folded = g_string_new(NULL), *key = g_string_new(NULL);
  GArray *words = fl_text_split_words(alias, strlen(alias), 1, folded);

  for (guint w = 0; w < words->len; w++) {
    const Word *word = &g_array_index(words, Word, w);
    if (key->len)
      g_string_append_c(key, ' ');
    g_string_append_len(key, folded->str + word->folded, word->folded_len);
  }
  g_array_unref(words);
  g_string_free(folded, TRUE);
  return g_string_free(key, FALSE);
}

static gboolean
alias_row(const FlTsv *tsv, const gint *col, gpointer user_data, GError **error)
{
  Overlay *overlay = user_data;
  FlAlias *alias = fl_alias_parse(overlay->theatre, tsv, col, error);

  if (alias)
    g_ptr_array_add(overlay->aliases, alias);
  return alias != NULL;
}

gboolean
fl_theatre_overlay_aliases(FlTheatre *theatre, const char *path, const char *contents,
                           gsize len, GError **error)
{
  Overlay overlay = {theatre, NULL, g_ptr_array_new_with_free_func(fl_alias_free)};

  if (!fl_tsv_load_data(path, contents, len, FL_THEATRE_ERROR, FL_THEATRE_ERROR_IO,
                        FL_THEATRE_ERROR_SYNTAX, fl_alias_columns, alias_row, &overlay, error)) {
    g_ptr_array_unref(overlay.aliases);
    return FALSE;
  }
  /* the spellings the file gives, then the aliases read before without them, then its own */
  GHashTable *keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint a = 0; a < overlay.aliases->len; a++)
    g_hash_table_add(keys, alias_key(((FlAlias *)overlay.aliases->pdata[a])->alias));
  for (guint a = theatre->aliases->len; a > 0; a--) {
    g_autofree char *key = alias_key(((FlAlias *)theatre->aliases->pdata[a - 1])->alias);
    if (g_hash_table_contains(keys, key))
      g_ptr_array_remove_index(theatre->aliases, a - 1);
  }
  g_ptr_array_extend_and_steal(theatre->aliases, overlay.aliases);
  g_hash_table_unref(keys);
  return TRUE;
}

void
fl_theatre_overlay_baseline(FlTheatre *theatre, guint first)
{
  for (guint p = first; theatre->baseline && p < theatre->places->len; p++) {
    const FlPlace *place = theatre->places->pdata[p];
    if (!place->in_theatre || theatre->baseline[p] >= 0)
      continue;
    gint at = fl_theatre_area_at(theatre, place->lon, place->lat);
    const FlArea *area = at >= 0 ? theatre->areas->pdata[at] : NULL;
    if (area == NULL || area->faction < 0)   /* no zone, or an occupied area */
      continue;
    theatre->baseline[p] = area->faction;
    g_free(theatre->baseline_source[p]);
    theatre->baseline_source[p] = g_strdup_printf("zone: %s", area->name);
  }
}
