/* places-index.h - the name index of stage 2, shared by its two files: places.c builds it,
 * places-match.c finds names in text with it. */
#ifndef FL_PLACES_INDEX_H
#define FL_PLACES_INDEX_H

#include <frontline/places.h>

#include "text-internal.h"
#include "words-internal.h"

#include <string.h>

#define MAX_NAME_WORDS 6
#define MIN_KEY_CHARS 3
#define MIN_APPROX_LETTERS 5
#define MIN_APPROX_SKELETON 3
#define MIN_APPROX_UNCUED 5      /* consonants of an approximate match that needs no cue */
#define BOUNDARY '\x01'          /* between two words of a key; folded text never has it */
#define PROXIMITY_WEIGHT 3.0     /* score bonus of a candidate at the other places */
#define PROXIMITY_RANGE_KM 500.0 /* the bonus falls to 0 at this distance */
#define LIST_NEAR_KM 100.0       /* a list supports an approximate name of a place this near */
#define CONTEXT_MENTIONS 4       /* unambiguous mentions looked at on each side */
#define EARTH_RADIUS_KM 6371.0
#define FILTER_MIN_EDGES 4
#define FILTER_BITS_PER_EDGE 16

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
  const FlMatcher *matcher;  /* the theatre's: articles, skeleton rules */
  guint max_article;         /* the longest article, in bytes; 0 without articles */
  guint64 *article_hashes;   /* word_hash of each article, n_articles of them */
  guint n_articles;
  guint8 article_first[256]; /* per byte: an article begins with it */
  guint form_len;            /* the length of the form articles are read as */
  guint64 form_hash;         /* word_hash of the form articles are read as ("al") */
  guint8 drops[256];         /* per byte: a letter a skeleton drops */
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

/* Appends to skeleton the consonant skeleton of words[first .. first + count) (articles
 * dropped), by the theatre's matcher rules; *letters and *consonants count them. */
void fl_places_build_skeleton(const FlGazetteer *gazetteer, GString *skeleton,
                              const char *folded, const Word *words, guint first, guint count,
                              gsize *letters, gsize *consonants);

/* Whether the folded word is one of the theatre's articles (its matcher). */
gboolean fl_places_is_article(const FlGazetteer *gazetteer, const char *folded, gsize len);

/* Marks the articles among words (Word.article): an article of the theatre followed by a word,
 * hyphenated to it or capitalised, or the form all are read as ("al") anywhere. */
void fl_places_mark_articles(const FlGazetteer *gazetteer, const char *folded, GArray *words);

#endif
