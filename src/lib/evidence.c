/* evidence.c - stage 3: the sentences events quote, one copy of each.
 *
 * An extraction keeps every event's sentence in a store: an event that quotes a sentence already
 * quoted (another place of the same sentence, a repeat, a wire story that many reports copy)
 * takes a reference to that copy. A sentence is freed with its last event and leaves the store
 * then, so the store holds only what live events quote. Sentences are found by a hash of their
 * bytes, taken once and kept in the table beside them: an open-addressing table (linear probing,
 * at most half full; a removal shifts back the entries after it), so that neither a look-up nor
 * a removal hashes a sentence again or reads the sentences it probes past, and the table does
 * not shrink and grow again as events come and go. */
#include "events-internal.h"

#include <string.h>

/* One sentence; FlEvent.evidence points at its text. */
typedef struct {
  FlEvidenceStore *store;  /* a reference on it */
  guint hash;
  guint refs;
  gsize len;
  char text[];
} Quote;

/* A slot of the table. */
typedef struct {
  guint hash;
  Quote *quote;  /* NULL: empty */
} Slot;

struct FlEvidenceStore {
  guint refs;      /* the extraction's, and one per quote */
  guint used;
  guint mask;      /* slots - 1: a power of two, at most half of them used */
  Slot *slots;
};

enum { FIRST_SLOTS = 1024 };

#define MIX_A G_GUINT64_CONSTANT(0xFF51AFD7ED558CCD)
#define MIX_B G_GUINT64_CONSTANT(0xC4CEB9FE1A85EC53)

static guint64
rotate(guint64 value, int bits)
{
  return (value << bits) | (value >> (64 - bits));
}

/* The hash of len bytes: 16 at a time in two lanes, each multiplied and rotated, then folded. */
static guint
quote_hash(const char *bytes, gsize len)
{
  guint64 a = G_GUINT64_CONSTANT(0x9E3779B97F4A7C15) ^ len;
  guint64 b = G_GUINT64_CONSTANT(0x2545F4914F6CDD1D);
  gsize i = 0;
  for (; i + 16 <= len; i += 16) {
    guint64 x, y;
    memcpy(&x, bytes + i, 8);
    memcpy(&y, bytes + i + 8, 8);
    a = rotate((a ^ x) * MIX_A, 31);
    b = rotate((b ^ y) * MIX_B, 29);
  }
  guint64 tail[2] = {0, 0};
  memcpy(tail, bytes + i, len - i);
  a = (a ^ tail[0] ^ rotate(b, 17)) * MIX_A;
  a ^= (tail[1] ^ b) * MIX_B;
  a ^= a >> 32;
  return (guint)(a ^ (a >> 16));
}

static Quote *
quote_of(char *text)
{
  return (Quote *)(gpointer)(text - G_STRUCT_OFFSET(Quote, text));
}

FlEvidenceStore *
fl_evidence_store_new(void)
{
  FlEvidenceStore *store = g_new0(FlEvidenceStore, 1);
  store->refs = 1;
  store->mask = FIRST_SLOTS - 1;
  store->slots = g_new0(Slot, FIRST_SLOTS);
  return store;
}

void
fl_evidence_store_unref(FlEvidenceStore *store)
{
  if (store == NULL || --store->refs > 0)
    return;
  g_free(store->slots);
  g_free(store);
}

/* Twice the slots, each quote put again by its hash. */
static void
store_grow(FlEvidenceStore *store)
{
  guint old_slots = store->mask + 1;
  Slot *old = store->slots;
  store->mask = old_slots * 2 - 1;
  store->slots = g_new0(Slot, old_slots * 2);
  for (guint i = 0; i < old_slots; i++)
    if (old[i].quote) {
      guint k = old[i].hash & store->mask;
      while (store->slots[k].quote)
        k = (k + 1) & store->mask;
      store->slots[k] = old[i];
    }
  g_free(old);
}

char *
fl_evidence_intern(FlEvidenceStore *store, const char *text, gsize len)
{
  guint hash = quote_hash(text, len);
  guint k = hash & store->mask;
  for (Quote *quote; (quote = store->slots[k].quote) != NULL; k = (k + 1) & store->mask)
    if (store->slots[k].hash == hash && quote->len == len &&
        memcmp(quote->text, text, len) == 0) {
      quote->refs++;
      return quote->text;
    }
  Quote *quote = g_malloc(sizeof(Quote) + len + 1);
  *quote = (Quote){store, hash, 1, len};
  memcpy(quote->text, text, len);
  quote->text[len] = '\0';
  store->refs++;
  store->slots[k] = (Slot){hash, quote};
  if (++store->used * 2 > store->mask + 1)
    store_grow(store);
  return quote->text;
}

char *
fl_evidence_acquire(char *evidence)
{
  quote_of(evidence)->refs++;
  return evidence;
}

void
fl_evidence_release(char *evidence)
{
  Quote *quote = quote_of(evidence);
  if (--quote->refs > 0)
    return;
  FlEvidenceStore *store = quote->store;
  Slot *slots = store->slots;
  guint i = quote->hash & store->mask;
  while (slots[i].quote != quote)
    i = (i + 1) & store->mask;
  /* the entries after the hole that would no longer be found move back into it */
  for (guint j = (i + 1) & store->mask; slots[j].quote; j = (j + 1) & store->mask) {
    guint home = slots[j].hash & store->mask;
    gboolean reachable = i <= j ? (home > i && home <= j) : (home > i || home <= j);
    if (!reachable) {
      slots[i] = slots[j];
      i = j;
    }
  }
  slots[i] = (Slot){0, NULL};
  store->used--;
  g_free(quote);
  fl_evidence_store_unref(store);
}
