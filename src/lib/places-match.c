/* places-match.c - stage 2: finding the names of the index (places.c) in folded text: the
 * walk of the trie from each word, the approximate (skeleton) match and the evidence it needs,
 * the choice among homonyms, and the reading of a report in windows. The rules are in
 * places.c's header comment. */
#include <frontline/places.h>

#include "places-index.h"
#include "places-internal.h"
#include "report-internal.h"

#include <math.h>
#include <string.h>

/* ---- matching ---- */

/* The walk of the names starting at one word. */
typedef struct {
  const FlGazetteer *gazetteer;
  const char *folded;
  const Word *words;
  guint n_words, first;
  guint best_words;    /* the longest name found: its words, its entry list + 1 */
  guint32 best_value;
} Walk;

static void walk_word(Walk *walk, guint j, guint32 state);

/* Whether a name may go on from word j to word j + 1: only across a space, a hyphen or an
 * apostrophe, never across punctuation ("Homs. Al-Bab" is two names). */
static gboolean
joined_to_next(const Word *words, guint j)
{
  gunichar c = words[j].separator;
  return words[j + 1].start - words[j].end <= 4 &&
         (g_unichar_isspace(c) || g_unichar_type(c) == G_UNICODE_DASH_PUNCTUATION ||
          c == '\'' || c == 0x2019 || c == 0x2018);
}

/* At the end of word j, in state: a name may end here, or go on with the next word. */
static void
walk_after(Walk *walk, guint j, guint32 state)
{
  guint count = j + 1 - walk->first;
  const State *s = &g_array_index(walk->gazetteer->states, State, state);
  if (s->value && count > walk->best_words) {
    walk->best_words = count;
    walk->best_value = s->value;
  }
  if (s->n_out > 0 && j + 1 < walk->n_words && count < walk->gazetteer->max_words &&
      joined_to_next(walk->words, j))
    walk_word(walk, j + 1, state);
}

/* Follows word j from state; an article both as written and as the form all are read as. */
static void
walk_word(Walk *walk, guint j, guint32 state)
{
  const FlGazetteer *gazetteer = walk->gazetteer;
  const Word *w = &walk->words[j];
  const char *letters = walk->folded + w->folded;
  const State *s = &g_array_index(gazetteer->states, State, state);
  guint64 hash = word_hash(letters, w->folded_len);
  if (may_leave(gazetteer, s, hash)) {
    guint32 written = edge_find(gazetteer, state, letters, w->folded_len, hash);
    if (written)  /* first, so that of two names of the same length the one as written wins */
      walk_after(walk, j, written);
  }
  const char *form = gazetteer->matcher->article_form;
  if (w->article &&
      !(strlen(form) == w->folded_len && memcmp(letters, form, w->folded_len) == 0) &&
      may_leave(gazetteer, s, gazetteer->form_hash)) {
    guint32 as_form = edge_find(gazetteer, state, form, strlen(form), gazetteer->form_hash);
    if (as_form)
      walk_after(walk, j, as_form);
  }
}

/* The FlWordKind bits of words[first .. first + count) read as a phrase of the languages. */
static guint
phrase_kind(const FlGazetteer *gazetteer, const char *folded, const Word *words, guint first,
            guint count, GString *phrase)
{
  g_string_truncate(phrase, 0);
  for (guint i = first; i < first + count; i++) {
    if (i > first)
      g_string_append_c(phrase, ' ');
    g_string_append_len(phrase, folded + words[i].folded, (gssize)words[i].folded_len);
  }
  return fl_words_kind(gazetteer->words, phrase->str, phrase->len);
}

/* Whether words[i] belongs to a capitalised word group that may be a name: an article, or a
 * capitalised word of two letters or more; never a word or cue of the languages ("The",
 * "Human", "Russian", "In"). */
static gboolean
group_word(const FlGazetteer *gazetteer, const char *folded, const Word *words, guint i,
           GString *phrase)
{
  if (!words[i].article && !(words[i].capital && words[i].folded_len >= 2))
    return FALSE;
  return phrase_kind(gazetteer, folded, words, i, 1, phrase) == 0;
}

/* Whether a cue of the languages stands just before words[first] ("in", "pres de") or just
 * after words[end - 1] ("region"), in the same sentence. */
static gboolean
cued(const FlGazetteer *gazetteer, const char *folded, const Word *words, guint n_words,
     guint first, guint end, GString *phrase)
{
  for (guint count = 1; count <= FL_WORDS_MAX_PHRASE && count <= first; count++) {
    if (!joined_to_next(words, first - count))
      break;
    if (phrase_kind(gazetteer, folded, words, first - count, count, phrase) & FL_WORD_CUE)
      return TRUE;
  }
  return end < n_words && joined_to_next(words, end - 1) &&
         (phrase_kind(gazetteer, folded, words, end, 1, phrase) & FL_WORD_CUE_AFTER);
}

/* The approximate match of the capitalised word group starting at words[i] (see the top of
 * the file): the number of words, 0 for none; the place goes to *place and whether a cue
 * stands around it to *has_cue. */
static guint
match_approximate(const FlGazetteer *gazetteer, const char *folded, const Word *words,
                  guint n_words, guint i, GString *skeleton, GString *phrase, guint *place,
                  gboolean *has_cue)
{
  guint content = words[i].article && i + 1 < n_words && joined_to_next(words, i) ? i + 1 : i;
  if (!words[content].capital || words[content].folded_len < 3 || words[content].article ||
      g_hash_table_size(gazetteer->skeletons) == 0 ||
      !group_word(gazetteer, folded, words, i, phrase) ||
      (content > i && !group_word(gazetteer, folded, words, content, phrase)))
    return 0;
  /* the whole group or nothing: a part of a longer name is not the place */
  if (i > 0 && joined_to_next(words, i - 1) && group_word(gazetteer, folded, words, i - 1, phrase))
    return 0;
  guint end = content + 1;
  while (end < n_words && end - i <= gazetteer->max_words && joined_to_next(words, end - 1) &&
         group_word(gazetteer, folded, words, end, phrase))
    end++;
  if (end - i > gazetteer->max_words || words[end - 1].article)
    return 0;
  gsize letters, consonants;
  fl_places_build_skeleton(gazetteer, skeleton, folded, words, i, end - i, &letters,
                           &consonants);
  if (letters < MIN_APPROX_LETTERS || consonants < MIN_APPROX_SKELETON)
    return 0;
  guint found = GPOINTER_TO_UINT(g_hash_table_lookup(gazetteer->skeletons, skeleton->str));
  if (found == 0 || found == NOT_A_PLACE)
    return 0;
  *place = found - 1;
  *has_cue = consonants >= MIN_APPROX_UNCUED ||
             cued(gazetteer, folded, words, n_words, i, end, phrase);
  return end - i;
}

/* A mention before its place is chosen: its entry list (G_MAXUINT for an approximate match,
 * whose mention->place is then set), whether it was written with a capital, and how many of
 * the list's places it may be. */
typedef struct {
  guint list;
  gboolean capital;
  guint allowed;
  guint first_word, n_words;  /* the words of the mention */
  gboolean evidence;          /* FALSE for an approximate match without a cue, yet */
} Found;

/* Whether the entry may be meant by a name written so: a place outside the theatre only with a
 * capital letter, since many of their names are also words ("Les", "Villé", "Nice"). */
static gboolean
entry_allowed(const FlGazetteer *gazetteer, const NameEntry *entry, gboolean capital)
{
  return capital ||
         ((const FlPlace *)gazetteer->theatre->places->pdata[entry->place])->in_theatre;
}

/* Whether the mentions a and b (a before b) are names of one list: next to each other with a
 * comma between them, or a list word ("and", "et") alone. */
static gboolean
listed_together(const FlGazetteer *gazetteer, const char *folded, const Word *words,
                const Found *a, const Found *b, GString *phrase)
{
  guint last = a->first_word + a->n_words - 1;
  if (b->first_word == last + 1)
    return words[last].separator == ',';
  return b->first_word == last + 2 &&
         (words[last].separator == ',' || joined_to_next(words, last)) &&
         joined_to_next(words, last + 1) &&
         (phrase_kind(gazetteer, folded, words, last + 1, 1, phrase) & FL_WORD_LIST);
}

static double chord(const FlGazetteer *gazetteer, guint a, guint b);
static double arc_km(double chord_length);

/* Whether an approximate mention (ma) and a listed neighbour (fb, mb: exact, any place its
 * name may mean, or approximate) are near enough to be named in one list (LIST_NEAR_KM):
 * "Mayadin, Quriyah, Albu Kamal" does not make "Quriyah" a village 400 km away. */
static gboolean
near(const FlGazetteer *gazetteer, const FlMention *ma, const Found *fb, const FlMention *mb)
{
  if (fb->list == G_MAXUINT)
    return arc_km(chord(gazetteer, ma->place, mb->place)) <= LIST_NEAR_KM;
  for (guint32 e = gazetteer->list_start[fb->list]; e < gazetteer->list_start[fb->list + 1]; e++)
    if (arc_km(chord(gazetteer, ma->place, gazetteer->entries[e].place)) <= LIST_NEAR_KM)
      return TRUE;
  return FALSE;
}

/* Drops the approximate mentions from index first on that have neither a cue (nor a long
 * skeleton) nor a place listed with them, near it. */
static void
drop_unsupported(const FlGazetteer *gazetteer, const char *folded, const Word *words,
                 GArray *mentions, GArray *found, guint first, GString *phrase)
{
  Found *f = (Found *)found->data;
  FlMention *m = (FlMention *)mentions->data;
  guint kept = first;
  for (guint k = first; k < found->len; k++) {
    gboolean keep = f[k].evidence ||
                    (k > first && near(gazetteer, &m[k], &f[k - 1], &m[k - 1]) &&
                     listed_together(gazetteer, folded, words, &f[k - 1], &f[k], phrase)) ||
                    (k + 1 < found->len && near(gazetteer, &m[k], &f[k + 1], &m[k + 1]) &&
                     listed_together(gazetteer, folded, words, &f[k], &f[k + 1], phrase));
    if (!keep)
      continue;
    m[kept] = m[k];
    f[kept++] = f[k];
  }
  g_array_set_size(mentions, kept);
  g_array_set_size(found, kept);
}

/* Appends the mentions among words to mentions, and what resolve() needs to found. */
static void
find_mentions(const FlGazetteer *gazetteer, const char *folded, GArray *array,
              GArray *mentions, GArray *found, GString *scratch, GString *phrase)
{
  fl_places_mark_articles(gazetteer, folded, array);
  const Word *words = (const Word *)array->data;
  Walk walk = {gazetteer, folded, words, array->len, 0, 0, 0};
  guint first = found->len;
  gboolean unsupported = FALSE;  /* an approximate match waits for a listed place */

  for (guint i = 0; i < array->len;) {
    walk.first = i;
    walk.best_words = 0;
    walk.best_value = 0;
    walk_word(&walk, i, 0);
    guint matched = walk.best_words;
    Found candidate = {G_MAXUINT, FALSE, 1, i, 0, TRUE};
    FlMention mention = {0};
    if (matched) {
      candidate.list = walk.best_value - 1;
      guint32 in_theatre = gazetteer->list_theatre[candidate.list];
      if (in_theatre == NOT_A_PLACE) {
        i += matched;  /* a person, a group: none of its words is a place */
        continue;
      }
      for (guint w = i; w < i + matched; w++)
        candidate.capital |= words[w].capital;
      candidate.allowed = candidate.capital ? gazetteer->list_start[candidate.list + 1] -
                                                  gazetteer->list_start[candidate.list]
                                            : in_theatre;
      /* a name that is a common word is a place only with a capital */
      if (candidate.allowed == 0 ||
          (!candidate.capital &&
           (phrase_kind(gazetteer, folded, words, i, matched, phrase) & FL_WORD_OF_LANGUAGE)))
        matched = 0;
    }
    if (!matched) {
      gboolean has_cue = FALSE;
      matched = match_approximate(gazetteer, folded, words, array->len, i, scratch, phrase,
                                  &mention.place, &has_cue);
      if (!matched) {
        i++;
        continue;
      }
      candidate = (Found){G_MAXUINT, TRUE, 1, i, 0, has_cue};
      unsupported |= !has_cue;
      mention.match = FL_MATCH_APPROXIMATE;
    }
    candidate.n_words = matched;
    mention.offset = words[i].start;
    mention.length = words[i + matched - 1].end - words[i].start;
    mention.line = words[i].line;
    mention.column = words[i].column;
    g_array_append_val(mentions, mention);
    g_array_append_val(found, candidate);
    i += matched;
  }
  if (unsupported)
    drop_unsupported(gazetteer, folded, words, mentions, found, first, phrase);
}

/* The straight-line (chord) distance between two places on a sphere of radius 1, from their
 * unit vectors; arc_km() turns it into kilometres along the surface. */
static double
chord(const FlGazetteer *gazetteer, guint a, guint b)
{
  const double *p = gazetteer->unit[a], *q = gazetteer->unit[b];
  double dx = p[0] - q[0], dy = p[1] - q[1], dz = p[2] - q[2];
  return sqrt(dx * dx + dy * dy + dz * dz);
}

static double
arc_km(double chord_length)
{
  return 2 * EARTH_RADIUS_KM * asin(MIN(1.0, chord_length / 2));
}

/* Chooses the place of every mention. A name that may mean one place is that place. A name
 * several places share gets, for each candidate, its place_score plus PROXIMITY_WEIGHT * (1 - d
 * / PROXIMITY_RANGE_KM) (not below 0), d the distance to the nearest place among the
 * CONTEXT_MENTIONS unambiguous mentions on each side of it in the text, and 0 when the candidate
 * itself has an unambiguous mention anywhere in the text (window): a place named by another of
 * its names counts for it, never for its namesake near it. The best score wins (ties: first
 * listed), the others become alternatives, best first. */
static void
resolve(const FlGazetteer *gazetteer, GArray *mentions, const GArray *found)
{
  FlMention *m = (FlMention *)mentions->data;
  const Found *f = (const Found *)found->data;
  GArray *sure = g_array_new(FALSE, FALSE, sizeof(guint));  /* mentions of one place */

  for (guint i = 0; i < mentions->len; i++) {
    if (f[i].allowed != 1)
      continue;
    if (f[i].list != G_MAXUINT) {
      for (guint32 e = gazetteer->list_start[f[i].list]; e < gazetteer->list_start[f[i].list + 1];
           e++)
        if (entry_allowed(gazetteer, &gazetteer->entries[e], f[i].capital)) {
          m[i].place = gazetteer->entries[e].place;
          m[i].match = gazetteer->entries[e].match;
        }
    }
    g_array_append_val(sure, i);
  }
  const guint *sure_at = (const guint *)sure->data;
  guint next_sure = 0;  /* the first unambiguous mention after the current one */
  GHashTable *named = NULL;  /* the places of the unambiguous mentions, made when needed */
  for (guint i = 0; i < mentions->len; i++) {
    while (next_sure < sure->len && sure_at[next_sure] <= i)
      next_sure++;
    if (f[i].allowed == 1)
      continue;
    if (named == NULL) {
      named = g_hash_table_new(NULL, NULL);
      for (guint s = 0; s < sure->len; s++)
        g_hash_table_add(named, GUINT_TO_POINTER(m[sure_at[s]].place));
    }
    /* the candidates with their scores, best first */
    guint n = MIN(f[i].allowed, FL_MENTION_MAX_ALTERNATIVES + 1);
    struct {
      guint place;
      FlMatchKind match;
      double score;
    } best[FL_MENTION_MAX_ALTERNATIVES + 1] = {{0}};
    guint kept = 0;
    guint lo = next_sure > CONTEXT_MENTIONS ? next_sure - CONTEXT_MENTIONS : 0;
    guint hi = MIN(sure->len, next_sure + CONTEXT_MENTIONS);
    for (guint32 e = gazetteer->list_start[f[i].list]; e < gazetteer->list_start[f[i].list + 1];
         e++) {
      const NameEntry *entry = &gazetteer->entries[e];
      if (!entry_allowed(gazetteer, entry, f[i].capital))
        continue;
      double score = gazetteer->score[entry->place];
      /* as a chord: 0 when the candidate itself is named elsewhere in the text, which is the
       * best evidence that the name means it */
      double nearest = named != NULL && g_hash_table_contains(named, GUINT_TO_POINTER(entry->place))
                           ? 0.0
                           : G_MAXDOUBLE;
      for (guint s = lo; s < hi; s++)
        nearest = MIN(nearest, chord(gazetteer, entry->place, m[sure_at[s]].place));
      if (nearest < 2.0 && arc_km(nearest) < PROXIMITY_RANGE_KM)
        score += PROXIMITY_WEIGHT * (1.0 - arc_km(nearest) / PROXIMITY_RANGE_KM);
      /* insert in order, dropping the worst beyond n */
      guint at = kept;
      while (at > 0 && score > best[at - 1].score)
        at--;
      if (at >= n)
        continue;
      if (kept < n)
        kept++;
      memmove(&best[at + 1], &best[at], (kept - 1 - at) * sizeof best[0]);
      best[at].place = entry->place;
      best[at].match = entry->match;
      best[at].score = score;
    }
    m[i].place = best[0].place;
    m[i].match = best[0].match;
    m[i].n_alternatives = kept - 1;
    for (guint k = 1; k < kept; k++)
      m[i].alternatives[k - 1] = best[k].place;
  }
  if (named)
    g_hash_table_unref(named);
  g_array_unref(sure);
}

GArray *
fl_places_find_in_words(const FlGazetteer *gazetteer, const GString *folded, GArray *words)
{
  GArray *mentions = g_array_new(FALSE, FALSE, sizeof(FlMention));
  GArray *found = g_array_new(FALSE, FALSE, sizeof(Found));
  GString *scratch = g_string_new(NULL), *phrase = g_string_new(NULL);
  find_mentions(gazetteer, folded->str, words, mentions, found, scratch, phrase);
  resolve(gazetteer, mentions, found);
  g_string_free(phrase, TRUE);
  g_string_free(scratch, TRUE);
  g_array_unref(found);
  return mentions;
}

/* What fl_places_scan passes from window to window. */
typedef struct {
  const FlGazetteer *gazetteer;
  FlMentionFunc found;
  gpointer user_data;
  GString *folded, *scratch, *phrase;
  GArray *words, *mentions, *candidates;
} Scan;

static gboolean
scan_window(const FlWindow *window, gpointer user_data, GError **error)
{
  Scan *scan = user_data;
  TextPos pos = {0, window->line, window->column};
  (void)error;
  g_string_truncate(scan->folded, 0);
  g_array_set_size(scan->words, 0);
  g_array_set_size(scan->mentions, 0);
  g_array_set_size(scan->candidates, 0);
  fl_text_split_range(window->text, window->len, &pos, scan->folded, scan->words);
  find_mentions(scan->gazetteer, scan->folded->str, scan->words, scan->mentions,
                scan->candidates, scan->scratch, scan->phrase);
  resolve(scan->gazetteer, scan->mentions, scan->candidates);
  for (guint m = 0; m < scan->mentions->len; m++) {
    FlMention *mention = &g_array_index(scan->mentions, FlMention, m);
    if (mention->offset < window->own_start || mention->offset >= window->own_end)
      continue;  /* context: another window's */
    const char *surface = window->text + mention->offset;
    mention->offset += window->offset;
    scan->found(mention, surface, scan->user_data);
  }
  return TRUE;
}

gboolean
fl_places_scan(const FlGazetteer *gazetteer, const FlReport *report, FlMentionFunc found,
               gpointer user_data, GError **error)
{
  Scan scan = {gazetteer, found, user_data, g_string_new(NULL), g_string_new(NULL),
               g_string_new(NULL), g_array_new(FALSE, FALSE, sizeof(Word)),
               g_array_new(FALSE, FALSE, sizeof(FlMention)),
               g_array_new(FALSE, FALSE, sizeof(Found))};
  gboolean ok = fl_report_windows(report, scan_window, &scan, error);
  g_array_unref(scan.candidates);
  g_array_unref(scan.mentions);
  g_array_unref(scan.words);
  g_string_free(scan.phrase, TRUE);
  g_string_free(scan.scratch, TRUE);
  g_string_free(scan.folded, TRUE);
  return ok;
}

static void
collect_mention(const FlMention *mention, const char *surface, gpointer user_data)
{
  (void)surface;
  g_array_append_val((GArray *)user_data, *mention);
}

GArray *
fl_places_find(const FlGazetteer *gazetteer, const FlReport *report, GError **error)
{
  GArray *mentions = g_array_new(FALSE, FALSE, sizeof(FlMention));
  if (!fl_places_scan(gazetteer, report, collect_mention, mentions, error))
    g_clear_pointer(&mentions, g_array_unref);
  return mentions;
}

/* Appends place to places unless it is there. */
static void
add_candidate(GArray *places, guint place)
{
  for (guint i = 0; i < places->len; i++)
    if (g_array_index(places, guint, i) == place)
      return;
  g_array_append_val(places, place);
}

gint
fl_places_resolve(const FlGazetteer *gazetteer, const char *text, GError **error)
{
  const FlTheatre *theatre = gazetteer->theatre;
  g_autofree char *name = g_strstrip(g_strdup(text));
  GArray *candidates = g_array_new(FALSE, FALSE, sizeof(guint));
  GArray *inside = g_array_new(FALSE, FALSE, sizeof(guint));
  gint id = fl_theatre_find_place(theatre, name), found = -1;

  if (id >= 0) {
    add_candidate(candidates, (guint)id);
  } else {
    /* a one-line report of just the name: the mention must cover all of it */
    FlReport report = {.path = (char *)"", .text = name, .text_len = strlen(name),
                       .first_line = 1};
    GArray *mentions = fl_places_find(gazetteer, &report, NULL);  /* in memory: no error */
    for (guint m = 0; m < mentions->len; m++) {
      const FlMention *mention = &g_array_index(mentions, FlMention, m);
      if (mention->offset != 0 || mention->length != report.text_len)
        continue;
      add_candidate(candidates, mention->place);
      for (guint a = 0; a < mention->n_alternatives; a++)
        add_candidate(candidates, mention->alternatives[a]);
    }
    g_array_unref(mentions);
  }
  for (guint i = 0; i < candidates->len; i++) {
    guint place = g_array_index(candidates, guint, i);
    if (((const FlPlace *)theatre->places->pdata[place])->in_theatre)
      g_array_append_val(inside, place);
  }
  if (inside->len == 1) {
    found = (gint)g_array_index(inside, guint, 0);
  } else if (inside->len > 1) {
    GString *list = g_string_new(NULL);
    for (guint i = 0; i < inside->len; i++) {
      const FlPlace *place = theatre->places->pdata[g_array_index(inside, guint, i)];
      g_string_append_printf(list, "%s%s (%s)", i ? ", " : "", place->id, place->admin1);
    }
    g_set_error(error, FL_PLACES_ERROR, FL_PLACES_ERROR_NAME,
                "'%s' names %u places of the theatre: %s; give its id", name, inside->len,
                list->str);
    g_string_free(list, TRUE);
  } else if (candidates->len > 0) {
    const FlPlace *place = theatre->places->pdata[g_array_index(candidates, guint, 0)];
    g_autofree char *which = g_str_equal(name, place->id) ? g_strdup("")
                                                          : g_strdup_printf(" (%s)", place->id);
    g_set_error(error, FL_PLACES_ERROR, FL_PLACES_ERROR_NAME,
                "'%s'%s is outside the theatre (%s, %s): no faction holds it", name, which,
                fl_place_kind_name(place->kind), place->country);
  } else {
    g_set_error(error, FL_PLACES_ERROR, FL_PLACES_ERROR_NAME,
                "no place of the theatre is called '%s' (give an id of places.tsv or a name)",
                name);
  }
  g_array_unref(candidates);
  g_array_unref(inside);
  return found;
}
