/* places.c - stage 2: finding place names in report text. This file builds the name index
 * (places-index.h); places-match.c finds the names in text with it.
 *
 * Names and text are folded the same way: lowercase, diacritics removed (NFD, base letter
 * kept), every character that is not a letter or digit a separator. A name is a sequence of
 * folded words; its keys are that sequence with each word boundary either kept or closed up,
 * so "Deir ez-Zor", "Deir Ezzor" and "Deirezzor" all reach it, but a boundary the name does not
 * have is never invented ("a lep" is not "Alep"). An article word of the theatre's matcher
 * rules ([files] matcher; Syria: al, el, ar, ez... joined by a hyphen or capitalised) is also
 * read as its one form ("al"), in names and in text, so "Deir el-Zor" meets "Deir ez-Zor".
 *
 * The keys form a trie of words whose edges (state, word) -> state are one open-addressing
 * hash table. Text is walked from each word start along its words, one hash and one probe per
 * word whatever the size of the gazetteer; the longest name ending at a word end wins, so
 * "Deir ez-Zor" beats "Deir", and a name never matches inside a longer word ("Hamas").
 *
 * Where no name matches, a capitalised word group may still be a transliteration variant of a
 * place of the theatre: its consonant skeleton (articles dropped, the matcher's rewrites made
 * and its letters dropped, doubled letters once, words kept apart; Syria drops the vowels and
 * y/w and reads q as k: Al-Ksayr, Qousseir and Al-Qusayr are all "ksr", Ain al-Arab is "n-rb")
 * is compared with the skeletons of the theatre's own places. This
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
 *     matched in any way, one of its places within LIST_NEAR_KM), or a long skeleton
 *     (MIN_APPROX_UNCUED consonants: "Maaret al-Noomane"), which a word group rarely shares
 *     with a place by chance.
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

#include "places-index.h"
#include "places-internal.h"
#include "report-internal.h"
#include "words-internal.h"

#include <math.h>
#include <string.h>



static const char *const match_names[] = {"exact", "alias", "approximate"};

const char *
fl_match_kind_name(FlMatchKind match)
{
  return (guint)match < G_N_ELEMENTS(match_names) ? match_names[match] : "?";
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

/* Whether the folded word is an article of the theatre's names, given its word_hash. */
static gboolean
is_article_hashed(const FlGazetteer *gazetteer, const char *folded, gsize len, guint64 hash)
{
  for (guint a = 0; a < gazetteer->n_articles; a++)
    if (gazetteer->article_hashes[a] == hash) {
      const char *article = gazetteer->matcher->articles[a];
      if (strlen(article) == len && memcmp(article, folded, len) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
fl_places_is_article(const FlGazetteer *gazetteer, const char *folded, gsize len)
{
  if (len == 0 || len > gazetteer->max_article)  /* most words: no look at the list */
    return FALSE;
  return is_article_hashed(gazetteer, folded, len, word_hash(folded, len));
}

void
fl_places_mark_articles(const FlGazetteer *gazetteer, const char *folded, GArray *array)
{
  Word *words = (Word *)array->data;
  const char *form = gazetteer->matcher->article_form;
  for (guint i = 0; i < array->len; i++) {
    Word *word = &words[i];
    const char *letters = folded + word->folded;
    word->article = 0;
    if (word->separator == 0 || word->folded_len == 0 ||
        word->folded_len > gazetteer->max_article ||
        !gazetteer->article_first[(guchar)letters[0]])  /* most words: no look at the list */
      continue;
    guint64 hash = word_hash(letters, word->folded_len);
    word->article = is_article_hashed(gazetteer, letters, word->folded_len, hash) &&
                    (word->separator == '-' || word->capital ||
                     (hash == gazetteer->form_hash && gazetteer->form_len == word->folded_len &&
                      memcmp(letters, form, word->folded_len) == 0));
  }
}

/* Appends the consonant skeleton of a folded word to skeleton: the matcher's rewrites made
 * ("tch" read as "ch", "q" as "k"), its dropped letters (vowels, glides) and every non-ASCII
 * letter dropped, a letter equal to the one before it dropped (across words too). */
static void
skeleton_of(const FlGazetteer *gazetteer, const char *folded, gsize len, GString *skeleton)
{
  char *const *rewrites = gazetteer->matcher->rewrites;
  for (gsize i = 0; i < len;) {
    const char *as = NULL;
    gsize taken = 1;
    for (char *const *r = rewrites; *r; r += 2) {
      gsize n = strlen(r[0]);
      if (n <= len - i && memcmp(folded + i, r[0], n) == 0) {
        as = r[1];
        taken = n;
        break;
      }
    }
    const char *out = as ? as : folded + i;
    gsize n_out = as ? strlen(as) : 1;
    for (gsize k = 0; k < n_out; k++) {
      guchar c = (guchar)out[k];
      if (c >= 0x80 || gazetteer->drops[c] ||
          (skeleton->len > 0 && skeleton->str[skeleton->len - 1] == (char)c))
        continue;
      g_string_append_c(skeleton, (char)c);
    }
    i += taken;
  }
}

void
fl_places_build_skeleton(const FlGazetteer *gazetteer, GString *skeleton, const char *folded,
                         const Word *words, guint first, guint count, gsize *letters,
                         gsize *consonants)
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
    skeleton_of(gazetteer, folded + words[i].folded, words[i].folded_len, skeleton);
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
    words[i].article =
        fl_places_is_article(gazetteer, folded->str + words[i].folded, words[i].folded_len);
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
            g_string_append(key, gazetteer->matcher->article_form);
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
  fl_places_build_skeleton(gazetteer, skeleton, folded, words, 0, n_words, &letters,
                           &consonants);
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
      [FL_PLACE_CAPITAL] = 6, [FL_PLACE_REGION_SEAT] = 5, [FL_PLACE_DISTRICT_SEAT] = 4,
      [FL_PLACE_SUBDISTRICT_SEAT] = 3, [FL_PLACE_TOWN] = 2, [FL_PLACE_FOREIGN_CAPITAL] = 4,
      [FL_PLACE_FOREIGN_CITY] = 2, [FL_PLACE_COUNTRY] = 7, [FL_PLACE_REGION] = 3,
      [FL_PLACE_RIVER] = 3, [FL_PLACE_SITE] = 1, [FL_PLACE_SEA] = 3,
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
  gazetteer->matcher = &theatre->matcher;
  gazetteer->n_articles = g_strv_length(theatre->matcher.articles);
  gazetteer->article_hashes = g_new(guint64, MAX(gazetteer->n_articles, 1));
  for (guint a = 0; a < gazetteer->n_articles; a++) {
    gsize len = strlen(theatre->matcher.articles[a]);
    gazetteer->max_article = MAX(gazetteer->max_article, (guint)len);
    gazetteer->article_hashes[a] = word_hash(theatre->matcher.articles[a], len);
    gazetteer->article_first[(guchar)theatre->matcher.articles[a][0]] = 1;
  }
  if (theatre->matcher.article_form) {
    gazetteer->form_len = (guint)strlen(theatre->matcher.article_form);
    gazetteer->form_hash = word_hash(theatre->matcher.article_form, gazetteer->form_len);
  }
  for (const char *d = theatre->matcher.drops; *d; d++)
    gazetteer->drops[(guchar)*d] = 1;
  gazetteer->skeletons = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  gazetteer->score = g_new(double, theatre->places->len);
  gazetteer->unit = g_malloc_n(theatre->places->len, sizeof *gazetteer->unit);
  for (guint i = 0; i < theatre->places->len; i++) {
    const FlPlace *place = theatre->places->pdata[i];
    double lat = place->lat * G_PI / 180.0, lon = place->lon * G_PI / 180.0;
    gazetteer->unit[i][0] = cos(lat) * cos(lon);
    gazetteer->unit[i][1] = cos(lat) * sin(lon);
    gazetteer->unit[i][2] = sin(lat);
    add_name(gazetteer, &builder, place->name, i, FL_MATCH_EXACT, place->in_theatre);
    for (guint n = 1; place->names && place->names[n - 1] && place->names[n]; n += 2)
      if (!g_str_equal(place->names[n], place->name))   /* every language's name */
        add_name(gazetteer, &builder, place->names[n], i, FL_MATCH_EXACT, place->in_theatre);
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
  g_free(gazetteer->article_hashes);
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
