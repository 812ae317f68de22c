/* places.c - stage 2: finding place names in report text.
 *
 * Names and text are folded the same way: lowercase, diacritics removed (NFD, base letter
 * kept), every character that is not a letter or digit a separator. A name is a sequence of
 * folded words; its keys are that sequence with each word boundary either kept or closed up,
 * so "Deir ez-Zor", "Deir Ezzor" and "Deirezzor" all reach it, but a boundary the name does not
 * have is never invented ("a lep" is not "Alep"). An Arabic article word (al, el, ar, ez...
 * joined by a hyphen or capitalised) is also read as "al", in names and in text, so "Deir
 * el-Zor" meets "Deir ez-Zor".
 *
 * The keys live in one trie over folded bytes, with a boundary symbol between words, laid out
 * breadth first so the children of a node are contiguous (found with memchr) and the root is a
 * direct table. Text is walked from each word start along its words, so the cost per word is a
 * few node steps whatever the size of the gazetteer; the longest name ending at a word end
 * wins, so "Deir ez-Zor" beats "Deir", and a name never matches inside a longer word ("Hamas").
 *
 * Where no name matches, a capitalised word group may still be a transliteration variant of a
 * place of the theatre: its consonant skeleton (articles dropped, vowels and y/w dropped, q read
 * as k, doubled letters once: Al-Ksayr, Qousseir and Al-Qusayr are all "ksr") is compared with
 * the skeletons of the theatre's own places. This approximate match needs at least
 * MIN_APPROX_LETTERS letters and MIN_APPROX_SKELETON consonants, and a skeleton that only one
 * place has; it is flagged FL_MATCH_APPROXIMATE.
 *
 * A name several places share is resolved by a score (see place_score and resolve): places of
 * the theatre first, then kind, then population, plus a bonus for being near the places named
 * around it in the same report; the others are kept as alternatives.
 *
 * Phrases that contain place words but are not places (people, groups, media: "Hayat Tahrir
 * al-Sham", "Bachar al-Assad") are skipped whole: the theatre's actors and its not-places list.
 * Long reports are read in pieces of PIECE_BYTES cut at line or sentence ends, so memory does
 * not grow with the report. */
#include <frontline/places.h>

#include "places-internal.h"

#include <math.h>
#include <string.h>

G_DEFINE_QUARK(fl-places-error-quark, fl_places_error)

#define MAX_NAME_WORDS 6
#define MIN_KEY_CHARS 3
#define MIN_APPROX_LETTERS 5
#define MIN_APPROX_SKELETON 3
#define BOUNDARY '\x01'          /* between two words of a key; folded text never has it */
#define PIECE_BYTES (1u << 20)   /* text split at a time */
#define PROXIMITY_WEIGHT 3.0     /* score bonus of a candidate at the other places */
#define PROXIMITY_RANGE_KM 500.0 /* the bonus falls to 0 at this distance */
#define CONTEXT_MENTIONS 4       /* unambiguous mentions looked at on each side */

static const char *const match_names[] = {"exact", "alias", "approximate"};

const char *
fl_match_kind_name(FlMatchKind match)
{
  return (guint)match < G_N_ELEMENTS(match_names) ? match_names[match] : "?";
}

/* One way of writing one place. */
typedef struct {
  guint place;
  FlMatchKind match;
} NameEntry;

/* The place of a phrase that is no place (an actor, a person, a group). */
#define NOT_A_PLACE G_MAXUINT

/* A trie node. Its children are nodes first_child .. first_child + n_children - 1, their
 * bytes in labels[] at the same indices, sorted. Node 0 is the root. */
typedef struct {
  guint32 first_child;
  guint32 value;        /* 1 + index of the key's entry list, or 0 */
  guint16 n_children;
} TrieNode;

struct FlGazetteer {
  const FlTheatre *theatre;
  TrieNode *nodes;
  guint8 *labels;
  guint n_nodes;
  guint32 root_child[256];   /* the root's children by byte, 0 for none */
  guint32 *list_start;       /* entry list k is entries[list_start[k] .. list_start[k + 1]) */
  NameEntry *entries;
  guint n_lists;
  GHashTable *skeletons;     /* consonant skeleton -> place index + 1, or NOT_A_PLACE if shared */
  guint max_words;
  double *score;             /* per place: how likely a bare name means it */
};

/* ---- building ---- */

/* A key while the index is built: its bytes in the arena, the place it names. */
typedef struct {
  guint32 key;  /* offset in the arena */
  guint32 seq;  /* order of addition, so sorting is deterministic */
  guint place;
  FlMatchKind match;
} KeyEntry;

typedef struct {
  GString *arena;   /* NUL-terminated keys back to back */
  GArray *keys;     /* of KeyEntry */
} Builder;

static void
add_key(Builder *builder, const char *key, gsize len, guint place, FlMatchKind match)
{
  gsize chars = 0;
  for (gsize i = 0; i < len; i++)
    if (key[i] != BOUNDARY && ((guchar)key[i] & 0xC0) != 0x80)
      chars++;
  if (chars < MIN_KEY_CHARS)
    return;
  KeyEntry entry = {(guint32)builder->arena->len, builder->keys->len, place, match};
  g_string_append_len(builder->arena, key, (gssize)len);
  g_string_append_c(builder->arena, '\0');
  g_array_append_val(builder->keys, entry);
}

/* Adds the keys of a name: every way of keeping or closing up its word boundaries, with its
 * articles as written and read as "al". */
static void
add_name(FlGazetteer *gazetteer, Builder *builder, const char *name, guint place,
         FlMatchKind match)
{
  GString *folded = g_string_new(NULL);
  GString *key = g_string_new(NULL);
  GArray *array = fl_text_split_words(name, strlen(name), 1, folded);
  Word *words = (Word *)array->data;
  guint n = array->len;
  /* in a name, every article word followed by another word is an article */
  gboolean has_article = FALSE;
  for (guint i = 0; i + 1 < n; i++) {
    words[i].article = fl_text_is_article(folded->str + words[i].folded, words[i].folded_len);
    has_article |= words[i].article;
  }
  if (n > 0 && n <= MAX_NAME_WORDS) {
    gazetteer->max_words = MAX(gazetteer->max_words, n);
    for (int normalise = 0; normalise <= has_article; normalise++)
      for (guint joined = 0; joined < 1u << (n - 1); joined++) {
        g_string_truncate(key, 0);
        for (guint i = 0; i < n; i++) {
          if (i > 0 && !(joined & (1u << (i - 1))))
            g_string_append_c(key, BOUNDARY);
          if (normalise && words[i].article)
            g_string_append(key, "al");
          else
            g_string_append_len(key, folded->str + words[i].folded, (gssize)words[i].folded_len);
        }
        add_key(builder, key->str, key->len, place, match);
      }
  }
  g_array_unref(array);
  g_string_free(key, TRUE);
  g_string_free(folded, TRUE);
}

static gint
compare_keys(gconstpointer a, gconstpointer b, gpointer arena)
{
  const KeyEntry *x = a, *y = b;
  int c = strcmp((const char *)arena + x->key, (const char *)arena + y->key);
  return c != 0 ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* Builds the trie and the entry lists from the sorted keys. */
static void
build_trie(FlGazetteer *gazetteer, Builder *builder)
{
  const char *arena = builder->arena->str;
  KeyEntry *keys = (KeyEntry *)builder->keys->data;
  guint n_keys = builder->keys->len;
  g_qsort_with_data(keys, (gint)n_keys, sizeof(KeyEntry), compare_keys, (gpointer)arena);

  /* the distinct keys, each with its list of places (a place once, with its best match) */
  GArray *distinct = g_array_new(FALSE, FALSE, sizeof(const char *));
  GArray *starts = g_array_new(FALSE, FALSE, sizeof(guint32));
  GArray *entries = g_array_new(FALSE, FALSE, sizeof(NameEntry));
  for (guint i = 0; i < n_keys;) {
    const char *key = arena + keys[i].key;
    guint32 start = entries->len;
    g_array_append_val(distinct, key);
    g_array_append_val(starts, start);
    for (; i < n_keys && strcmp(arena + keys[i].key, key) == 0; i++) {
      gboolean seen = FALSE;
      for (guint e = start; e < entries->len && !seen; e++) {
        NameEntry *entry = &g_array_index(entries, NameEntry, e);
        if (entry->place == keys[i].place) {
          entry->match = MIN(entry->match, keys[i].match);
          seen = TRUE;
        }
      }
      if (!seen) {
        NameEntry entry = {keys[i].place, keys[i].match};
        g_array_append_val(entries, entry);
      }
    }
  }
  gazetteer->n_lists = distinct->len;
  guint32 end = entries->len;
  g_array_append_val(starts, end);
  gazetteer->list_start = (guint32 *)g_array_free(starts, FALSE);
  gazetteer->entries = (NameEntry *)g_array_free(entries, FALSE);

  /* breadth first: node i covers the keys [lo, hi) sharing its depth bytes */
  typedef struct {
    guint32 lo, hi, depth;
  } Span;
  const char **sorted = (const char **)distinct->data;
  GArray *nodes = g_array_new(FALSE, TRUE, sizeof(TrieNode));
  GArray *labels = g_array_new(FALSE, TRUE, sizeof(guint8));
  GArray *spans = g_array_new(FALSE, FALSE, sizeof(Span));
  Span root = {0, distinct->len, 0};
  g_array_set_size(nodes, 1);
  g_array_set_size(labels, 1);
  g_array_append_val(spans, root);
  for (guint id = 0; id < nodes->len; id++) {
    Span span = g_array_index(spans, Span, id);
    TrieNode node = {.first_child = nodes->len};
    guint32 lo = span.lo;
    if (lo < span.hi && sorted[lo][span.depth] == '\0')
      node.value = ++lo;  /* list lo (before the increment) + 1 */
    while (lo < span.hi) {
      guchar byte = (guchar)sorted[lo][span.depth];
      guint32 hi = lo + 1;
      while (hi < span.hi && (guchar)sorted[hi][span.depth] == byte)
        hi++;
      TrieNode child = {0};
      Span child_span = {lo, hi, span.depth + 1};
      g_array_append_val(nodes, child);
      g_array_append_val(labels, byte);
      g_array_append_val(spans, child_span);
      node.n_children++;
      lo = hi;
    }
    g_array_index(nodes, TrieNode, id) = node;
  }
  gazetteer->n_nodes = nodes->len;
  gazetteer->nodes = (TrieNode *)g_array_free(nodes, FALSE);
  gazetteer->labels = (guint8 *)g_array_free(labels, FALSE);
  for (guint c = 0; c < gazetteer->nodes[0].n_children; c++) {
    guint32 child = gazetteer->nodes[0].first_child + c;
    gazetteer->root_child[gazetteer->labels[child]] = child;
  }
  g_array_unref(spans);
  g_array_unref(distinct);
}

/* The skeleton of words[first .. first + count), articles dropped; the number of letters of
 * the words kept goes to *letters. */
static void
build_skeleton(GString *skeleton, const char *folded, const Word *words, guint first,
               guint count, gsize *letters)
{
  g_string_truncate(skeleton, 0);
  *letters = 0;
  for (guint i = first; i < first + count; i++) {
    if (words[i].article && i + 1 < first + count)
      continue;
    fl_text_skeleton(folded + words[i].folded, words[i].folded_len, skeleton);
    *letters += words[i].folded_len;
  }
}

/* Records the skeleton of a name of a theatre place, or marks it shared. */
static void
add_skeleton(FlGazetteer *gazetteer, const char *name, guint place)
{
  GString *folded = g_string_new(NULL);
  GString *skeleton = g_string_new(NULL);
  GArray *words = fl_text_split_words(name, strlen(name), 1, folded);
  gsize letters = 0;
  for (guint i = 0; i + 1 < words->len; i++) {
    Word *w = &g_array_index(words, Word, i);
    w->article = fl_text_is_article(folded->str + w->folded, w->folded_len);
  }
  if (words->len > 0 && words->len <= MAX_NAME_WORDS) {
    build_skeleton(skeleton, folded->str, (Word *)words->data, 0, words->len, &letters);
    if (letters >= MIN_APPROX_LETTERS && skeleton->len >= MIN_APPROX_SKELETON) {
      gpointer previous = g_hash_table_lookup(gazetteer->skeletons, skeleton->str);
      if (previous == NULL)
        g_hash_table_insert(gazetteer->skeletons, g_strdup(skeleton->str),
                            GUINT_TO_POINTER(place + 1));
      else if (GPOINTER_TO_UINT(previous) != place + 1)
        g_hash_table_replace(gazetteer->skeletons, g_strdup(skeleton->str),
                             GUINT_TO_POINTER(NOT_A_PLACE));
    }
  }
  g_array_unref(words);
  g_string_free(skeleton, TRUE);
  g_string_free(folded, TRUE);
}

/* How likely a bare name means this place rather than another of the same name: places of the
 * theatre first (+10), then the rank of the kind (country 7, capital 6 ... site 1), then half
 * the decimal logarithm of the population. resolve() adds the proximity bonus. */
static double
place_score(const FlPlace *place)
{
  static const double kind_rank[] = {
      [FL_PLACE_CAPITAL] = 6, [FL_PLACE_GOVERNORATE_SEAT] = 5, [FL_PLACE_DISTRICT_SEAT] = 4,
      [FL_PLACE_SUBDISTRICT_SEAT] = 3, [FL_PLACE_TOWN] = 2, [FL_PLACE_FOREIGN_CAPITAL] = 4,
      [FL_PLACE_FOREIGN_CITY] = 2, [FL_PLACE_COUNTRY] = 7, [FL_PLACE_REGION] = 3,
      [FL_PLACE_RIVER] = 3, [FL_PLACE_SITE] = 1,
  };
  return (place->in_theatre ? 10.0 : 0.0) + kind_rank[place->kind] +
         log10(1.0 + (double)place->population) / 2.0;
}

FlGazetteer *
fl_gazetteer_new(const FlTheatre *theatre, GError **error)
{
  FlGazetteer *gazetteer = g_new0(FlGazetteer, 1);
  Builder builder = {g_string_new(NULL), g_array_new(FALSE, FALSE, sizeof(KeyEntry))};
  gazetteer->theatre = theatre;
  gazetteer->skeletons = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  gazetteer->score = g_new(double, theatre->places->len);
  for (guint i = 0; i < theatre->places->len; i++) {
    const FlPlace *place = theatre->places->pdata[i];
    const char *names[] = {place->name, place->name_fr, place->name_en, place->name_ar};
    for (guint n = 0; n < G_N_ELEMENTS(names); n++)
      if (names[n] && *names[n] && (n == 0 || !g_str_equal(names[n], place->name))) {
        add_name(gazetteer, &builder, names[n], i, FL_MATCH_EXACT);
        if (place->in_theatre)
          add_skeleton(gazetteer, names[n], i);
      }
    gazetteer->score[i] = place_score(place);
  }
  for (guint i = 0; i < theatre->aliases->len; i++) {
    const FlAlias *alias = theatre->aliases->pdata[i];
    add_name(gazetteer, &builder, alias->alias, alias->place, FL_MATCH_ALIAS);
    if (((const FlPlace *)theatre->places->pdata[alias->place])->in_theatre)
      add_skeleton(gazetteer, alias->alias, alias->place);
  }
  /* phrases that are no place: curated ones, and the actors' names (stems excepted) */
  for (guint i = 0; i < theatre->not_places->len; i++)
    add_name(gazetteer, &builder, theatre->not_places->pdata[i], NOT_A_PLACE, FL_MATCH_EXACT);
  for (guint i = 0; i < theatre->actors->len; i++) {
    const FlActor *actor = theatre->actors->pdata[i];
    if (strchr(actor->name, '*') == NULL)
      add_name(gazetteer, &builder, actor->name, NOT_A_PLACE, FL_MATCH_EXACT);
  }
  gboolean empty = builder.keys->len == 0;
  if (!empty)
    build_trie(gazetteer, &builder);
  g_string_free(builder.arena, TRUE);
  g_array_unref(builder.keys);
  if (empty) {
    g_set_error(error, FL_PLACES_ERROR, FL_PLACES_ERROR_EMPTY,
                "%s: the theatre has no place name to look for", theatre->dir);
    fl_gazetteer_free(gazetteer);
    return NULL;
  }
  return gazetteer;
}

void
fl_gazetteer_free(FlGazetteer *gazetteer)
{
  if (gazetteer == NULL)
    return;
  g_free(gazetteer->nodes);
  g_free(gazetteer->labels);
  g_free(gazetteer->list_start);
  g_free(gazetteer->entries);
  g_hash_table_unref(gazetteer->skeletons);
  g_free(gazetteer->score);
  g_free(gazetteer);
}

/* ---- matching ---- */

/* The child of node by byte, or 0. */
static inline guint32
trie_child(const FlGazetteer *gazetteer, guint32 node, guchar byte)
{
  if (node == 0)
    return gazetteer->root_child[byte];
  const TrieNode *t = &gazetteer->nodes[node];
  const guint8 *labels = gazetteer->labels + t->first_child;
  const guint8 *hit = memchr(labels, byte, t->n_children);
  return hit ? t->first_child + (guint32)(hit - labels) : 0;
}

/* The node reached from node by bytes, or 0. */
static inline guint32
trie_walk(const FlGazetteer *gazetteer, guint32 node, const char *bytes, gsize len)
{
  for (gsize i = 0; i < len && (i == 0 || node != 0); i++)
    node = trie_child(gazetteer, node, (guchar)bytes[i]);
  return node;
}

/* The walk of the names starting at one word. */
typedef struct {
  const FlGazetteer *gazetteer;
  const char *folded;
  const Word *words;
  guint n_words, first;
  guint best_words;    /* the longest name found: its words, its entry list + 1 */
  guint32 best_value;
} Walk;

static void walk_word(Walk *walk, guint j, guint32 node);

/* At the end of word j, at node: a name may end here, or go on past a boundary. */
static void
walk_after(Walk *walk, guint j, guint32 node)
{
  guint count = j + 1 - walk->first;
  guint32 value = walk->gazetteer->nodes[node].value;
  if (value && count > walk->best_words) {
    walk->best_words = count;
    walk->best_value = value;
  }
  if (j + 1 < walk->n_words && count < walk->gazetteer->max_words) {
    guint32 next = trie_child(walk->gazetteer, node, BOUNDARY);
    if (next)
      walk_word(walk, j + 1, next);
  }
}

/* Walks word j from node (the root or just past a boundary); an article both as written and
 * as "al". */
static void
walk_word(Walk *walk, guint j, guint32 node)
{
  const Word *w = &walk->words[j];
  const char *letters = walk->folded + w->folded;
  guint32 written = trie_walk(walk->gazetteer, node, letters, w->folded_len);
  if (written)  /* first, so that of two names of the same length the one as written wins */
    walk_after(walk, j, written);
  if (w->article && !(w->folded_len == 2 && memcmp(letters, "al", 2) == 0)) {
    guint32 al = trie_walk(walk->gazetteer, node, "al", 2);
    if (al)
      walk_after(walk, j, al);
  }
}

/* Whether the entry list holds a phrase that is no place. */
static gboolean
is_not_a_place(const FlGazetteer *gazetteer, guint list)
{
  for (guint32 e = gazetteer->list_start[list]; e < gazetteer->list_start[list + 1]; e++)
    if (gazetteer->entries[e].place == NOT_A_PLACE)
      return TRUE;
  return FALSE;
}

/* The longest approximate match at words[i]: the number of words, and the place. */
static guint
match_approximate(const FlGazetteer *gazetteer, const char *folded, const Word *words,
                  guint n_words, guint i, GString *skeleton, guint *place)
{
  guint content = words[i].article && i + 1 < n_words ? i + 1 : i;
  guint longest = 0;
  if (!words[content].capital || words[content].folded_len < 3)
    return 0;
  /* the span: capitalised words (articles between them allowed) of two letters or more */
  while (content - i + longest < gazetteer->max_words && content + longest < n_words) {
    const Word *w = &words[content + longest];
    if (!(w->article || (w->capital && w->folded_len >= 2)))
      break;
    longest++;
  }
  for (guint count = content - i + longest; count > content - i; count--) {
    if (words[i + count - 1].article)
      continue;
    gsize letters;
    build_skeleton(skeleton, folded, words, i, count, &letters);
    if (letters < MIN_APPROX_LETTERS || skeleton->len < MIN_APPROX_SKELETON)
      continue;
    guint found = GPOINTER_TO_UINT(g_hash_table_lookup(gazetteer->skeletons, skeleton->str));
    if (found != 0 && found != NOT_A_PLACE) {
      *place = found - 1;
      return count;
    }
  }
  return 0;
}

/* Appends the mentions among words to mentions, and to lists the index of each one's entry
 * list, or G_MAXUINT for an approximate match (whose mention->place is then set). */
static void
find_mentions(const FlGazetteer *gazetteer, const char *folded, const GArray *array,
              GArray *mentions, GArray *lists, GString *scratch)
{
  const Word *words = (const Word *)array->data;
  Walk walk = {gazetteer, folded, words, array->len, 0, 0, 0};

  for (guint i = 0; i < array->len;) {
    walk.first = i;
    walk.best_words = 0;
    walk.best_value = 0;
    if (gazetteer->root_child[(guchar)folded[words[i].folded]] != 0 || words[i].article)
      walk_word(&walk, i, 0);
    guint matched = walk.best_words;
    guint list = G_MAXUINT;
    FlMention mention = {0};
    if (matched) {
      list = walk.best_value - 1;
      if (is_not_a_place(gazetteer, list)) {
        i += matched;  /* a person, a group: none of its words is a place */
        continue;
      }
    } else {
      matched = match_approximate(gazetteer, folded, words, array->len, i, scratch,
                                  &mention.place);
      if (!matched) {
        i++;
        continue;
      }
      mention.match = FL_MATCH_APPROXIMATE;
    }
    mention.offset = words[i].start;
    mention.length = words[i + matched - 1].end - words[i].start;
    mention.line = words[i].line;
    mention.column = words[i].column;
    g_array_append_val(mentions, mention);
    g_array_append_val(lists, list);
    i += matched;
  }
}

/* Great-circle distance in km. */
static double
distance_km(const FlPlace *a, const FlPlace *b)
{
  double rad = G_PI / 180.0;
  double dlat = (b->lat - a->lat) * rad, dlon = (b->lon - a->lon) * rad;
  double h = sin(dlat / 2) * sin(dlat / 2) +
             cos(a->lat * rad) * cos(b->lat * rad) * sin(dlon / 2) * sin(dlon / 2);
  return 2 * 6371.0 * asin(sqrt(MIN(1.0, h)));
}

/* Chooses the place of every mention. A one-place name is that place. A name several places
 * share gets, for each candidate, its place_score plus PROXIMITY_WEIGHT * (1 - d /
 * PROXIMITY_RANGE_KM) (not below 0), d the distance to the nearest place among the
 * CONTEXT_MENTIONS unambiguous mentions on each side of it in the text; the best score wins
 * (ties: first listed), the others become alternatives, best first. */
static void
resolve(const FlGazetteer *gazetteer, GArray *mentions, const GArray *lists)
{
  const FlTheatre *theatre = gazetteer->theatre;
  FlMention *m = (FlMention *)mentions->data;
  const guint *list = (const guint *)lists->data;
  GArray *sure = g_array_new(FALSE, FALSE, sizeof(guint));  /* mentions of one place */

  for (guint i = 0; i < mentions->len; i++) {
    if (list[i] == G_MAXUINT ||
        gazetteer->list_start[list[i] + 1] - gazetteer->list_start[list[i]] == 1) {
      if (list[i] != G_MAXUINT) {
        const NameEntry *only = &gazetteer->entries[gazetteer->list_start[list[i]]];
        m[i].place = only->place;
        m[i].match = only->match;
      }
      g_array_append_val(sure, i);
    }
  }
  const guint *sure_at = (const guint *)sure->data;
  guint next_sure = 0;  /* the first unambiguous mention after the current one */
  for (guint i = 0; i < mentions->len; i++) {
    while (next_sure < sure->len && sure_at[next_sure] <= i)
      next_sure++;
    if (list[i] == G_MAXUINT)
      continue;
    guint32 first = gazetteer->list_start[list[i]], end = gazetteer->list_start[list[i] + 1];
    if (end - first == 1)
      continue;
    /* the candidates with their scores, best first */
    guint n = MIN(end - first, FL_MENTION_MAX_ALTERNATIVES + 1);
    struct {
      guint place;
      FlMatchKind match;
      double score;
    } best[FL_MENTION_MAX_ALTERNATIVES + 1] = {{0}};
    guint kept = 0;
    for (guint32 e = first; e < end; e++) {
      const NameEntry *entry = &gazetteer->entries[e];
      const FlPlace *candidate = theatre->places->pdata[entry->place];
      double score = gazetteer->score[entry->place];
      double nearest = G_MAXDOUBLE;
      guint lo = next_sure > CONTEXT_MENTIONS ? next_sure - CONTEXT_MENTIONS : 0;
      guint hi = MIN(sure->len, next_sure + CONTEXT_MENTIONS);
      for (guint s = lo; s < hi; s++) {
        guint other = m[sure_at[s]].place;
        if (sure_at[s] != i && other != entry->place)
          nearest = MIN(nearest, distance_km(candidate, theatre->places->pdata[other]));
      }
      if (nearest < PROXIMITY_RANGE_KM)
        score += PROXIMITY_WEIGHT * (1.0 - nearest / PROXIMITY_RANGE_KM);
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
  g_array_unref(sure);
}

GArray *
fl_places_find_in_words(const FlGazetteer *gazetteer, const GString *folded, const GArray *words)
{
  GArray *mentions = g_array_new(FALSE, FALSE, sizeof(FlMention));
  GArray *lists = g_array_new(FALSE, FALSE, sizeof(guint));
  GString *scratch = g_string_new(NULL);
  find_mentions(gazetteer, folded->str, words, mentions, lists, scratch);
  resolve(gazetteer, mentions, lists);
  g_string_free(scratch, TRUE);
  g_array_unref(lists);
  return mentions;
}

GArray *
fl_places_find(const FlGazetteer *gazetteer, const FlReport *report)
{
  GArray *mentions = g_array_new(FALSE, FALSE, sizeof(FlMention));
  GArray *lists = g_array_new(FALSE, FALSE, sizeof(guint));
  GString *scratch = g_string_new(NULL);
  gsize piece = MIN(report->text_len, PIECE_BYTES);
  GString *folded = g_string_sized_new(2 * piece + 8);
  GArray *words = g_array_sized_new(FALSE, FALSE, sizeof(Word), (guint)(piece / 6 + 1));
  TextPos pos = {0, report->first_line, 1};

  while (pos.offset < report->text_len) {
    gsize end = fl_text_piece_end(report->text, report->text_len, pos.offset, PIECE_BYTES);
    g_string_truncate(folded, 0);
    g_array_set_size(words, 0);
    fl_text_split_range(report->text, end, &pos, folded, words);
    find_mentions(gazetteer, folded->str, words, mentions, lists, scratch);
  }
  resolve(gazetteer, mentions, lists);
  g_array_unref(words);
  g_string_free(folded, TRUE);
  g_string_free(scratch, TRUE);
  g_array_unref(lists);
  return mentions;
}
