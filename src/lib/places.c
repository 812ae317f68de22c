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
 * The keys form a trie of words whose edges (state, word) -> state are one open-addressing
 * hash table. Text is walked from each word start along its words, one hash and one probe per
 * word whatever the size of the gazetteer; the longest name ending at a word end wins, so
 * "Deir ez-Zor" beats "Deir", and a name never matches inside a longer word ("Hamas").
 *
 * Where no name matches, a capitalised word group may still be a transliteration variant of a
 * place of the theatre: its consonant skeleton (articles dropped, vowels and y/w dropped, q read
 * as k, doubled letters once, words kept apart: Al-Ksayr, Qousseir and Al-Qusayr are all "ksr",
 * Ain al-Arab is "n-rb") is compared with the skeletons of the theatre's own places. This
 * approximate match is flagged FL_MATCH_APPROXIMATE and needs all of:
 *   - the whole group: capitalised words (articles between them allowed) joined by spaces,
 *     hyphens or apostrophes, none of them a word of the report languages; a part of a longer
 *     group is never the place ("Jabal" in "Qubtan al-Jabal", "Human" in "Human Rights");
 *   - no word of the languages (lang/<lang>-words.tsv: common words, nationalities: "Russian",
 *     "Aujourd'hui") and no phrase of the actors or not-places in it;
 *   - at least MIN_APPROX_LETTERS letters, MIN_APPROX_SKELETON consonants, and a skeleton that
 *     only one place has;
 *   - evidence that a place is meant: a cue just before it ("in", "near", "pres de", "ville
 *     de"), a cue word just after it ("region", "village"), a place named next to it in a
 *     list ("Quneitra, X et Deraa": a comma or a list word between the two, the other name
 *     matched in any way), or a long skeleton (MIN_APPROX_UNCUED consonants: "Maaret
 *     al-Noomane"), which a word group rarely shares with a place by chance.
 * A theatre place whose name, as written, is a common word of the languages is only taken
 * with a capital, as places outside the theatre are ("homs" is Homs, a lowercase common word
 * that is a village's name is not).
 *
 * A name several places share is resolved by a score (see place_score and resolve): places of
 * the theatre first, then kind, then population, plus a bonus for being near the places named
 * around it in the same report; the others are kept as alternatives.
 *
 * Phrases that contain place words but are not places (people, groups, media: "Hayat Tahrir
 * al-Sham", "Bachar al-Assad") are skipped whole: the theatre's actors and its not-places list.
 * Reports are read in windows (report-internal.h) of 64 KiB cut at line or sentence ends, with
 * a little context on each side for the places named around an ambiguous name, so memory does
 * not grow with the report. */
#include <frontline/places.h>

#include "places-internal.h"
#include "report-internal.h"
#include "words-internal.h"

#include <math.h>
#include <string.h>

G_DEFINE_QUARK(fl-places-error-quark, fl_places_error)

#define MAX_NAME_WORDS 6
#define MIN_KEY_CHARS 3
#define MIN_APPROX_LETTERS 5
#define MIN_APPROX_SKELETON 3
#define MIN_APPROX_UNCUED 5      /* consonants of an approximate match that needs no cue */
#define BOUNDARY '\x01'          /* between two words of a key; folded text never has it */
#define PROXIMITY_WEIGHT 3.0     /* score bonus of a candidate at the other places */
#define PROXIMITY_RANGE_KM 500.0 /* the bonus falls to 0 at this distance */
#define CONTEXT_MENTIONS 4       /* unambiguous mentions looked at on each side */
#define EARTH_RADIUS_KM 6371.0
#define FILTER_MIN_EDGES 4
#define FILTER_BITS_PER_EDGE 16

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

/* The names form a trie of words: state 0 is the start, and an edge leads from a state by
 * one folded word to the next state. The edges live in one open-addressing hash table, so
 * following a word costs one hash of its letters and one probe, whatever the number of names.
 * The word's bytes are in the arena, compared on a hit. */
typedef struct {
  guint32 from, to;   /* states; to == 0 marks an empty slot */
  guint32 word;       /* offset of the word's bytes in the arena */
  guint16 len;        /* bytes of the word */
  guint16 check;      /* the top 16 bits of the hash, to skip most comparisons */
} Edge;

typedef struct {
  guint32 value;      /* 1 + index of the entry list of the name ending here, or 0 */
  guint32 n_out;      /* edges leaving this state */
  guint64 next_words; /* a bit per word leaving this state (word_bit), to skip most probes */
  guint32 filter;     /* for a state with many edges: offset of its Bloom filter in filters */
  guint32 filter_mask;/* its size in bits - 1, 0 for none */
} State;

struct FlGazetteer {
  const FlTheatre *theatre;
  Edge *edges;
  guint32 mask;              /* edge table size - 1, a power of two less one */
  guint n_edges;
  GArray *states;            /* of State */
  GString *arena;            /* the words of the edges */
  guint64 *filters;          /* Bloom filters of the words leaving the states of many edges */
  guint32 *list_start;       /* entry list k is entries[list_start[k] .. list_start[k + 1]) */
  guint32 *list_theatre;     /* per list: how many of its places are in the theatre, or
                              * NOT_A_PLACE when it names something that is no place */
  NameEntry *entries;
  guint n_lists;
  GHashTable *skeletons;     /* consonant skeleton -> place index + 1, or NOT_A_PLACE if shared */
  FlWords *words;            /* the words of the report languages */
  guint max_words;
  guint64 al_hash;           /* word_hash of "al" */
  double *score;             /* per place: how likely a bare name means it */
  double (*unit)[3];         /* per place: its position as a unit vector, for distances */
};

/* The hash of a word: 8 bytes at a time, multiplied and folded. */
static inline guint64
word_hash(const char *word, gsize len)
{
  const guint64 k = 0x9E3779B97F4A7C15ull;
  guint64 h = len * k;
  gsize i = 0;
  for (; i + 8 <= len; i += 8) {
    guint64 chunk;
    memcpy(&chunk, word + i, 8);
    h = (h ^ chunk) * k;
    h ^= h >> 29;
  }
  if (i < len) {  /* the last bytes, shifted in one by one (no call, no partial store) */
    guint64 chunk = 0;
    for (guint shift = 0; i < len; i++, shift += 8)
      chunk |= (guint64)(guchar)word[i] << shift;
    h = (h ^ chunk) * k;
    h ^= h >> 29;
  }
  h *= k;
  return h ^ (h >> 32);
}

/* The hash of an edge: its word's hash mixed with the state it leaves. */
static inline guint64
edge_hash(guint32 from, guint64 word)
{
  guint64 h = (word ^ ((guint64)from * 0xC2B2AE3D27D4EB4Full)) * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 31);
}

/* The bit of a word in a state's next_words signature. */
static inline guint64
word_bit(guint64 word)
{
  return 1ull << (word >> 58);
}

/* The state reached from state from by word (whose word_hash is hash), or 0. */
static inline guint32
edge_find(const FlGazetteer *gazetteer, guint32 from, const char *word, gsize len, guint64 hash)
{
  guint64 h = edge_hash(from, hash);
  guint16 check = (guint16)(h >> 48);
  for (guint32 i = (guint32)h & gazetteer->mask;; i = (i + 1) & gazetteer->mask) {
    const Edge *e = &gazetteer->edges[i];
    if (e->to == 0)
      return 0;
    if (e->from == from && e->check == check && e->len == len &&
        memcmp(gazetteer->arena->str + e->word, word, len) == 0)
      return e->to;
  }
}

static void
edges_insert(Edge *edges, guint32 mask, const Edge *edge, guint64 h)
{
  guint32 i = (guint32)h & mask;
  while (edges[i].to != 0)
    i = (i + 1) & mask;
  edges[i] = *edge;
}

/* The state reached from from by word, made if need be. */
static guint32
edge_add(FlGazetteer *gazetteer, guint32 from, const char *word, gsize len)
{
  guint64 hash = word_hash(word, len);
  guint32 to = edge_find(gazetteer, from, word, len, hash);
  if (to != 0)
    return to;
  if (2 * (gazetteer->n_edges + 1) > gazetteer->mask + 1) {  /* keep the table half empty */
    guint32 mask = 2 * gazetteer->mask + 1;
    Edge *edges = g_new0(Edge, (gsize)mask + 1);
    for (guint32 i = 0; i <= gazetteer->mask; i++) {
      const Edge *e = &gazetteer->edges[i];
      if (e->to != 0)
        edges_insert(edges, mask, e,
                     edge_hash(e->from, word_hash(gazetteer->arena->str + e->word, e->len)));
    }
    g_free(gazetteer->edges);
    gazetteer->edges = edges;
    gazetteer->mask = mask;
  }
  guint64 h = edge_hash(from, hash);
  State state = {0};
  Edge edge = {from, gazetteer->states->len, (guint32)gazetteer->arena->len, (guint16)len,
               (guint16)(h >> 48)};
  g_array_append_val(gazetteer->states, state);
  g_string_append_len(gazetteer->arena, word, (gssize)len);
  edges_insert(gazetteer->edges, gazetteer->mask, &edge, h);
  gazetteer->n_edges++;
  State *source = &g_array_index(gazetteer->states, State, from);
  source->n_out++;
  source->next_words |= word_bit(hash);
  return edge.to;
}

/* Whether word (by its hash) may leave state s: its signature bit, and for a state of many
 * edges its Bloom filter bit, both cached with the state. */
static inline gboolean
may_leave(const FlGazetteer *gazetteer, const State *s, guint64 hash)
{
  if (!(s->next_words & word_bit(hash)))
    return FALSE;
  if (s->filter_mask == 0)
    return TRUE;
  guint64 bit = (hash >> 16) & s->filter_mask;
  return (gazetteer->filters[s->filter + bit / 64] >> (bit % 64)) & 1;
}

/* Gives every state of more than FILTER_MIN_EDGES edges a Bloom filter of about
 * FILTER_BITS_PER_EDGE bits per edge (one hash: about 6% false positives), so that a common
 * word that starts many names ("la", "de", "san") costs no probe for most words after it. */
static void
build_filters(FlGazetteer *gazetteer)
{
  State *states = (State *)gazetteer->states->data;
  gsize words = 0;
  for (guint s = 1; s < gazetteer->states->len; s++) {  /* the start is probed anyway */
    if (states[s].n_out <= FILTER_MIN_EDGES)
      continue;
    guint32 bits = 64;
    while (bits < FILTER_BITS_PER_EDGE * states[s].n_out && bits < (1u << 24))
      bits *= 2;
    states[s].filter = (guint32)words;
    states[s].filter_mask = bits - 1;
    words += bits / 64;
  }
  gazetteer->filters = g_new0(guint64, MAX(words, 1));
  for (guint32 i = 0; i <= gazetteer->mask; i++) {
    const Edge *e = &gazetteer->edges[i];
    const State *from = &states[e->from];
    if (e->to == 0 || from->filter_mask == 0)
      continue;
    guint64 bit = (word_hash(gazetteer->arena->str + e->word, e->len) >> 16) & from->filter_mask;
    gazetteer->filters[from->filter + bit / 64] |= 1ull << (bit % 64);
  }
}

/* ---- building ---- */

/* The places named by each state while the index is built: linked lists in one array. */
typedef struct {
  guint place;
  FlMatchKind match;
  guint32 next;  /* 1 + index of the next link, or 0 */
} Link;

typedef struct {
  GArray *links;  /* of Link */
  GArray *head;   /* per state: 1 + index of its first link, or 0 */
} Builder;

/* Adds a key: its words separated by BOUNDARY. */
static void
add_key(FlGazetteer *gazetteer, Builder *builder, const char *key, gsize len, guint place,
        FlMatchKind match)
{
  gsize chars = 0;
  for (gsize i = 0; i < len; i++)
    if (key[i] != BOUNDARY && ((guchar)key[i] & 0xC0) != 0x80)
      chars++;
  if (chars < MIN_KEY_CHARS || len > G_MAXUINT16)
    return;
  guint32 state = 0;
  for (gsize start = 0; start < len;) {
    const char *end = memchr(key + start, BOUNDARY, len - start);
    gsize word_len = end ? (gsize)(end - key) - start : len - start;
    state = edge_add(gazetteer, state, key + start, word_len);
    start += word_len + 1;
  }
  if (builder->head->len < gazetteer->states->len)
    g_array_set_size(builder->head, gazetteer->states->len);
  guint32 last = 0;  /* 1 + index of the last link of the state, or 0 */
  for (guint32 link = g_array_index(builder->head, guint32, state); link != 0;
       link = g_array_index(builder->links, Link, link - 1).next) {
    Link *l = &g_array_index(builder->links, Link, link - 1);
    if (l->place == place) {  /* a place once per name, with its best match */
      l->match = MIN(l->match, match);
      return;
    }
    last = link;
  }
  Link added = {place, match, 0};
  g_array_append_val(builder->links, added);
  if (last == 0)
    g_array_index(builder->head, guint32, state) = builder->links->len;
  else
    g_array_index(builder->links, Link, last - 1).next = builder->links->len;
}

/* The skeleton of words[first .. first + count), articles dropped, the words kept apart by
 * '-'; the number of letters of the words kept goes to *letters, of consonants to
 * *consonants. */
static void
build_skeleton(GString *skeleton, const char *folded, const Word *words, guint first,
               guint count, gsize *letters, gsize *consonants)
{
  g_string_truncate(skeleton, 0);
  *letters = 0;
  *consonants = 0;
  for (guint i = first; i < first + count; i++) {
    if (words[i].article && i + 1 < first + count)
      continue;
    if (*letters > 0)
      g_string_append_c(skeleton, '-');
    gsize before = skeleton->len;
    fl_text_skeleton(folded + words[i].folded, words[i].folded_len, skeleton);
    *consonants += skeleton->len - before;
    *letters += words[i].folded_len;
  }
}

static void add_skeleton(FlGazetteer *gazetteer, const char *folded, const Word *words,
                         guint n_words, guint place);

/* Adds the keys of a name: every way of keeping or closing up its word boundaries, with its
 * articles as written and read as "al"; and, with skeleton, its consonant skeleton. */
static void
add_name(FlGazetteer *gazetteer, Builder *builder, const char *name, guint place,
         FlMatchKind match, gboolean skeleton)
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
        add_key(gazetteer, builder, key->str, key->len, place, match);
      }
    if (skeleton)
      add_skeleton(gazetteer, folded->str, words, n, place);
  }
  g_array_unref(array);
  g_string_free(key, TRUE);
  g_string_free(folded, TRUE);
}

/* Lays the lists of places of the states out back to back, in the order they were added, and
 * counts the places of each that are in the theatre. */
static void
build_lists(FlGazetteer *gazetteer, Builder *builder, const FlTheatre *theatre)
{
  GArray *starts = g_array_new(FALSE, FALSE, sizeof(guint32));
  GArray *in_theatre = g_array_new(FALSE, FALSE, sizeof(guint32));
  GArray *entries = g_array_new(FALSE, FALSE, sizeof(NameEntry));
  for (guint s = 0; s < builder->head->len; s++) {
    guint32 link = g_array_index(builder->head, guint32, s);
    if (link == 0)
      continue;
    guint32 start = entries->len, count = 0;
    g_array_append_val(starts, start);
    g_array_index(gazetteer->states, State, s).value = starts->len;
    for (; link != 0; link = g_array_index(builder->links, Link, link - 1).next) {
      const Link *l = &g_array_index(builder->links, Link, link - 1);
      NameEntry entry = {l->place, l->match};
      g_array_append_val(entries, entry);
      if (count != NOT_A_PLACE)
        count = l->place == NOT_A_PLACE ? NOT_A_PLACE
                : ((const FlPlace *)theatre->places->pdata[l->place])->in_theatre ? count + 1
                                                                                 : count;
    }
    g_array_append_val(in_theatre, count);
  }
  gazetteer->n_lists = starts->len;
  guint32 end = entries->len;
  g_array_append_val(starts, end);
  gazetteer->list_start = (guint32 *)g_array_free(starts, FALSE);
  gazetteer->list_theatre = (guint32 *)g_array_free(in_theatre, FALSE);
  gazetteer->entries = (NameEntry *)g_array_free(entries, FALSE);
}

/* Records the skeleton of a name of a theatre place (its words, articles marked), or marks it
 * shared. */
static void
add_skeleton(FlGazetteer *gazetteer, const char *folded, const Word *words, guint n_words,
             guint place)
{
  GString *skeleton = g_string_new(NULL);
  gsize letters = 0, consonants = 0;
  build_skeleton(skeleton, folded, words, 0, n_words, &letters, &consonants);
  if (letters >= MIN_APPROX_LETTERS && consonants >= MIN_APPROX_SKELETON) {
    gpointer previous = g_hash_table_lookup(gazetteer->skeletons, skeleton->str);
    if (previous == NULL)
      g_hash_table_insert(gazetteer->skeletons, g_strdup(skeleton->str),
                          GUINT_TO_POINTER(place + 1));
    else if (GPOINTER_TO_UINT(previous) != place + 1)
      g_hash_table_replace(gazetteer->skeletons, g_strdup(skeleton->str),
                           GUINT_TO_POINTER(NOT_A_PLACE));
  }
  g_string_free(skeleton, TRUE);
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
  Builder builder = {g_array_new(FALSE, FALSE, sizeof(Link)),
                     g_array_new(FALSE, TRUE, sizeof(guint32))};
  State start = {0};
  gazetteer->theatre = theatre;
  gazetteer->words = fl_words_load(theatre, error);
  if (gazetteer->words == NULL) {
    g_free(gazetteer);
    g_array_unref(builder.links);
    g_array_unref(builder.head);
    return NULL;
  }
  gazetteer->mask = 1023;
  gazetteer->edges = g_new0(Edge, gazetteer->mask + 1);
  gazetteer->states = g_array_new(FALSE, FALSE, sizeof(State));
  g_array_append_val(gazetteer->states, start);
  gazetteer->arena = g_string_new(NULL);
  gazetteer->al_hash = word_hash("al", 2);
  gazetteer->skeletons = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  gazetteer->score = g_new(double, theatre->places->len);
  gazetteer->unit = g_malloc_n(theatre->places->len, sizeof *gazetteer->unit);
  for (guint i = 0; i < theatre->places->len; i++) {
    const FlPlace *place = theatre->places->pdata[i];
    double lat = place->lat * G_PI / 180.0, lon = place->lon * G_PI / 180.0;
    gazetteer->unit[i][0] = cos(lat) * cos(lon);
    gazetteer->unit[i][1] = cos(lat) * sin(lon);
    gazetteer->unit[i][2] = sin(lat);
    const char *names[] = {place->name, place->name_fr, place->name_en, place->name_ar};
    for (guint n = 0; n < G_N_ELEMENTS(names); n++)
      if (names[n] && *names[n] && (n == 0 || !g_str_equal(names[n], place->name)))
        add_name(gazetteer, &builder, names[n], i, FL_MATCH_EXACT, place->in_theatre);
    gazetteer->score[i] = place_score(place);
  }
  for (guint i = 0; i < theatre->aliases->len; i++) {
    const FlAlias *alias = theatre->aliases->pdata[i];
    add_name(gazetteer, &builder, alias->alias, alias->place, FL_MATCH_ALIAS,
             ((const FlPlace *)theatre->places->pdata[alias->place])->in_theatre);
  }
  /* phrases that are no place: curated ones, and the actors' names (stems excepted) */
  for (guint i = 0; i < theatre->not_places->len; i++)
    add_name(gazetteer, &builder, theatre->not_places->pdata[i], NOT_A_PLACE, FL_MATCH_EXACT,
             FALSE);
  for (guint i = 0; i < theatre->actors->len; i++) {
    const FlActor *actor = theatre->actors->pdata[i];
    if (strchr(actor->name, '*') == NULL)
      add_name(gazetteer, &builder, actor->name, NOT_A_PLACE, FL_MATCH_EXACT, FALSE);
  }
  gboolean empty = builder.links->len == 0;
  build_lists(gazetteer, &builder, theatre);
  build_filters(gazetteer);
  g_array_unref(builder.links);
  g_array_unref(builder.head);
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
  g_free(gazetteer->edges);
  g_array_unref(gazetteer->states);
  g_string_free(gazetteer->arena, TRUE);
  g_free(gazetteer->filters);
  g_free(gazetteer->list_start);
  g_free(gazetteer->list_theatre);
  g_free(gazetteer->entries);
  g_hash_table_unref(gazetteer->skeletons);
  g_free(gazetteer->score);
  g_free(gazetteer->unit);
  fl_words_free(gazetteer->words);
  g_free(gazetteer);
}

char *
fl_gazetteer_describe(const FlGazetteer *gazetteer)
{
  gsize bytes = (gsize)(gazetteer->mask + 1) * sizeof(Edge) +
                gazetteer->states->len * sizeof(State) + gazetteer->arena->len +
                (gazetteer->n_lists + 1) * sizeof(guint32) +
                gazetteer->list_start[gazetteer->n_lists] * sizeof(NameEntry);
  return g_strdup_printf("%u names, %u words in a table of %u (%.0f%% full), %.1f MB",
                         gazetteer->n_lists, gazetteer->n_edges, gazetteer->mask + 1,
                         100.0 * gazetteer->n_edges / (gazetteer->mask + 1),
                         bytes / 1048576.0);
}

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

/* Follows word j from state; an article both as written and as "al". */
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
  if (w->article && !(w->folded_len == 2 && memcmp(letters, "al", 2) == 0) &&
      may_leave(gazetteer, s, gazetteer->al_hash)) {
    guint32 al = edge_find(gazetteer, state, "al", 2, gazetteer->al_hash);
    if (al)
      walk_after(walk, j, al);
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
  build_skeleton(skeleton, folded, words, i, end - i, &letters, &consonants);
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

/* Drops the approximate mentions from index first on that have neither a cue (nor a long
 * skeleton) nor a place listed with them. */
static void
drop_unsupported(const FlGazetteer *gazetteer, const char *folded, const Word *words,
                 GArray *mentions, GArray *found, guint first, GString *phrase)
{
  Found *f = (Found *)found->data;
  FlMention *m = (FlMention *)mentions->data;
  guint kept = first;
  for (guint k = first; k < found->len; k++) {
    gboolean keep = f[k].evidence ||
                    (k > first &&
                     listed_together(gazetteer, folded, words, &f[k - 1], &f[k], phrase)) ||
                    (k + 1 < found->len &&
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
find_mentions(const FlGazetteer *gazetteer, const char *folded, const GArray *array,
              GArray *mentions, GArray *found, GString *scratch, GString *phrase)
{
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
fl_places_find_in_words(const FlGazetteer *gazetteer, const GString *folded, const GArray *words)
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
