/* test-evidence.c - the store of evidence sentences (evidence.c): one copy of each sentence,
 * found again after any number of others came and went. */
#include "events-internal.h"
#include "harness.h"

#include <string.h>

/* The same bytes give the same copy, NUL-terminated; other bytes another copy. */
static void
test_one_copy(void)
{
  FlEvidenceStore *store = fl_evidence_store_new();
  const char *text = "Les rebelles ont pris Alep. Et la suite";
  char *first = fl_evidence_intern(store, text, 27);
  char *again = fl_evidence_intern(store, "Les rebelles ont pris Alep.", 27);
  char *other = fl_evidence_intern(store, text, strlen(text));
  g_assert_true(first == again);
  g_assert_cmpstr(first, ==, "Les rebelles ont pris Alep.");
  g_assert_true(other != first);
  g_assert_cmpstr(other, ==, text);
  g_assert_true(fl_evidence_acquire(first) == first);
  fl_evidence_release(first);
  fl_evidence_release(first);
  fl_evidence_store_unref(store);  /* the store lives on while a sentence does */
  g_assert_cmpstr(again, ==, "Les rebelles ont pris Alep.");
  fl_evidence_release(again);
  fl_evidence_release(other);
}

/* Thousands of sentences (the table grows many times), released in a random order: every
 * sentence still held is found again, the same copy, after each round of removals. */
static void
test_many_come_and_go(void)
{
  enum { N = 6000 };
  FlEvidenceStore *store = fl_evidence_store_new();
  char **held = g_new0(char *, N);
  GRand *rand = g_rand_new_with_seed(19);
  for (guint i = 0; i < N; i++) {
    g_autofree char *text = g_strdup_printf("sentence %u about place %u.", i, i % 97);
    held[i] = fl_evidence_intern(store, text, strlen(text));
  }
  for (guint i = 0; i < N; i++) {  /* a random order */
    guint j = (guint)g_rand_int_range(rand, (gint32)i, N);
    char *swap = held[i];
    held[i] = held[j];
    held[j] = swap;
  }
  for (guint gone = 0; gone < N; gone += 500) {
    for (guint i = gone; i < gone + 500; i++)
      fl_evidence_release(held[i]);
    for (guint i = gone + 500; i < N; i++) {
      char *found = fl_evidence_intern(store, held[i], strlen(held[i]));
      if (found != held[i])
        g_error("after %u removals, '%s' got another copy", gone + 500, held[i]);
      fl_evidence_release(found);
    }
  }
  g_rand_free(rand);
  g_free(held);
  fl_evidence_store_unref(store);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/evidence/one-copy", test_one_copy);
  g_test_add_func("/evidence/many-come-and-go", test_many_come_and_go);
  return g_test_run();
}
