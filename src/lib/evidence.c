/* evidence.c - stage 3: the sentences events quote, one copy of each.
 *
 * An extraction keeps every event's sentence in a store: an event that quotes a sentence already
 * quoted (another place of the same sentence, a repeat, a wire story that many reports copy)
 * takes a reference to that copy. A sentence is freed with its last event and leaves the store
 * then, so the store holds only what live events quote. Sentences are found by a hash of their
 * bytes taken once (8 bytes a step) and kept with them, in an open-addressing table (linear
 * probing; a removal shifts back the entries after it), so neither a look-up nor a removal
 * hashes a sentence again, and the table does not shrink and grow again as events come and go. */
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

struct FlEvidenceStore {
  guint refs;      /* the extraction's, and one per quote */
  guint used;
  guint mask;      /* slots - 1, slots a power of two */
  Quote **slots;   /* NULL: empty */
};

enum { FIRST_SLOTS = 256 };

/* The hash of len bytes: 8 at a time, multiplied and folded. */
static guint
quote_hash(const char *bytes, gsize len)
{
  guint64 hash = G_GUINT64_CONSTANT(0x9E3779B97F4A7C15) ^ len;
  gsize i = 0;
  for (; i + 8 <= len; i += 8) {
    guint64 word;
    memcpy(&word, bytes + i, 8);
    hash = (hash ^ word) * G_GUINT64_CONSTANT(0xFF51AFD7ED558CCD);
    hash ^= hash >> 29;
  }
  guint64 tail = 0;
  memcpy(&tail, bytes + i, len - i);
  hash = (hash ^ tail) * G_GUINT64_CONSTANT(0xC4CEB9FE1A85EC53);
  return (guint)(hash ^ (hash >> 32));
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
  store->slots = g_new0(Quote *, FIRST_SLOTS);
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
  Quote **old = store->slots;
  store->mask = old_slots * 2 - 1;
  store->slots = g_new0(Quote *, old_slots * 2);
  for (guint i = 0; i < old_slots; i++)
    if (old[i]) {
      guint k = old[i]->hash & store->mask;
      while (store->slots[k])
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
  for (Quote *quote; (quote = store->slots[k]) != NULL; k = (k + 1) & store->mask)
    if (quote->hash == hash && quote->len == len && memcmp(quote->text, text, len) == 0) {
      quote->refs++;
      return quote->text;
    }
  Quote *quote = g_malloc(sizeof(Quote) + len + 1);
  *quote = (Quote){store, hash, 1, len};
  memcpy(quote->text, text, len);
  quote->text[len] = '\0';
  store->refs++;
  store->slots[k] = quote;
  if (++store->used * 4 > (store->mask + 1) * 3)  /* at most three quarters full */
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
  guint i = quote->hash & store->mask;
  while (store->slots[i] != quote)
    i = (i + 1) & store->mask;
  /* the entries after the hole that would no longer be found move back into it */
  for (guint j = (i + 1) & store->mask; store->slots[j]; j = (j + 1) & store->mask) {
    guint home = store->slots[j]->hash & store->mask;
    gboolean reachable = i <= j ? (home > i && home <= j) : (home > i || home <= j);
    if (!reachable) {
      store->slots[i] = store->slots[j];
      i = j;
    }
  }
  store->slots[i] = NULL;
  store->used--;
  g_free(quote);
  fl_evidence_store_unref(store);
}
