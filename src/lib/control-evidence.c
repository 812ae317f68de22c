/* control-evidence.c - weighing the evidence: how much an observation weighs, which
 * observations are copies of one wire story, which dates are retrospective, and how many
 * independent reports support a side on a day (README "How control is decided").
 *
 * Copies: the evidence sentence is folded into words (case, diacritics and punctuation
 * dropped) and hashed by runs of SHINGLE words; of every WINDOW consecutive runs the smallest
 * hash is kept (winnowing), so two sentences that share a run of SHINGLE + WINDOW - 1 words
 * (10) always share a kept hash, and a sentence keeps about a third of its runs. A sentence
 * shorter than that is one hash of all its words: it is a copy only when it is the same text.
 * Two observations of one place, of one kind and faction, from different reports, that share a
 * hash are copies of one story; the one from the earliest report counts. */
#include "control-internal.h"

#include <stdlib.h>

enum { SHINGLE = 6, WINDOW = 5 };

int
fl_control_weight(const FlEvent *event)
{
  if (event->factuality == FL_FACT_CONFIRMED)
    return 3;
  if (event->factuality != FL_FACT_CLAIMED)
    return 0;
  if (event->claimant < 0 || event->faction < 0)
    return 2;
  /* a loss is the loser's admission, or its opponent's gain; any other kind is the named
   * faction's gain */
  gboolean own_gain = event->kind == FL_EVENT_LOSS ? event->claimant != event->faction
                                                   : event->claimant == event->faction;
  return own_gain ? 1 : 3;
}

gboolean
fl_control_broader_ally(const FlTheatre *theatre, gint broad, gint specific)
{
  if (broad == specific || !fl_theatre_allied(theatre, broad, specific))
    return FALSE;
  return ((const FlFaction *)theatre->factions->pdata[broad])->n_allies >
         ((const FlFaction *)theatre->factions->pdata[specific])->n_allies;
}

gboolean
fl_control_retrospective(const FlEvent *event)
{
  if (event->precision == FL_PRECISION_BOUND)
    return TRUE;
  return g_date_valid(&event->report_date) &&
         g_date_days_between(&event->event_date, &event->report_date) > 1;
}

/* ---- copies ---- */

#define FNV_OFFSET G_GUINT64_CONSTANT(14695981039346656037)
#define FNV_PRIME G_GUINT64_CONSTANT(1099511628211)

static guint64
mix(guint64 hash, guint64 value)
{
  for (int i = 0; i < 8; i++, value >>= 8)
    hash = (hash ^ (value & 0xff)) * FNV_PRIME;
  return hash;
}

/* The hashes of the folded words of text. */
static GArray *
fold_words(const char *text)
{
  GArray *words = g_array_new(FALSE, FALSE, sizeof(guint64));
  guint64 word = FNV_OFFSET;
  gboolean in_word = FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char_validated(p, -1);
    if (c == (gunichar)-1 || c == (gunichar)-2)
      break;
    if (g_unichar_isalnum(c)) {
      gunichar base[4];
      if (g_unichar_fully_decompose(c, FALSE, base, G_N_ELEMENTS(base)) > 0)
        c = base[0];
      word = mix(word, g_unichar_tolower(c));
      in_word = TRUE;
    } else if (in_word) {
      g_array_append_val(words, word);
      word = FNV_OFFSET;
      in_word = FALSE;
    }
  }
  if (in_word)
    g_array_append_val(words, word);
  return words;
}

/* The kept hashes of text, each mixed with the observation's kind and faction. */
static GArray *
fingerprints(const FlEvent *event)
{
  GArray *words = fold_words(event->evidence);
  GArray *kept = g_array_new(FALSE, FALSE, sizeof(guint64));
  guint64 salt = mix(mix(FNV_OFFSET, event->kind), (guint64)(event->faction + 1));
  const guint64 *w = (const guint64 *)words->data;
  if (words->len > 0 && words->len < SHINGLE + WINDOW - 1) {
    guint64 whole = mix(salt, 0x5748); /* a whole short sentence */
    for (guint i = 0; i < words->len; i++)
      whole = mix(whole, w[i]);
    g_array_append_val(kept, whole);
  } else if (words->len > 0) {
    guint n = words->len - SHINGLE + 1;
    guint64 *runs = g_new(guint64, n);
    for (guint i = 0; i < n; i++) {
      runs[i] = salt;
      for (guint k = 0; k < SHINGLE; k++)
        runs[i] = mix(runs[i], w[i + k]);
    }
    gint last = -1;
    for (guint i = 0; i + WINDOW <= n; i++) {
      guint best = i;
      for (guint k = 1; k < WINDOW; k++)
        if (runs[i + k] <= runs[best])
          best = i + k;
      if ((gint)best != last) {
        g_array_append_val(kept, runs[best]);
        last = (gint)best;
      }
    }
    g_free(runs);
  }
  g_array_unref(words);
  return kept;
}

typedef struct {
  const FlEvent *event;
  guint at;  /* index in the place's list */
} ByReport;

static int
compare_by_report(const void *a, const void *b)
{
  const ByReport *x = a, *y = b;
  if (x->event->report != y->event->report)
    return x->event->report < y->event->report ? -1 : 1;
  return x->at < y->at ? -1 : x->at > y->at;
}

/* Finds the copies: in report order (reports are indexed by publication date), the first
 * report of a story keeps it; later ones are copies of it. */
static void
screen_copies(const GPtrArray *list, FlScreen *screens)
{
  ByReport *order = g_new(ByReport, list->len);
  guint n = 0;
  for (guint i = 0; i < list->len; i++) {
    const FlEvent *event = list->pdata[i];
    if (fl_control_weight(event) > 0 && event->evidence && *event->evidence)
      order[n++] = (ByReport){event, i};
  }
  qsort(order, n, sizeof(ByReport), compare_by_report);
  /* hash -> the first observation that has it (keys are the hashes themselves: on a 32-bit
   * machine they are cut to 32 bits, which only makes a false copy a little likelier) */
  GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
  for (guint i = 0; i < n; i++) {
    const FlEvent *event = order[i].event;
    GArray *kept = fingerprints(event);
    const FlEvent *original = NULL;
    for (guint k = 0; k < kept->len && original == NULL; k++) {
      const FlEvent *first = g_hash_table_lookup(
          seen, GSIZE_TO_POINTER((gsize)g_array_index(kept, guint64, k)));
      if (first && first->report != event->report)
        original = first;
    }
    screens[order[i].at].copy_of = original;
    for (guint k = 0; k < kept->len; k++) {
      gpointer key = GSIZE_TO_POINTER((gsize)g_array_index(kept, guint64, k));
      if (!g_hash_table_contains(seen, key))
        g_hash_table_insert(seen, key, (gpointer)(original ? original : event));
    }
    g_array_unref(kept);
  }
  g_hash_table_unref(seen);
  g_free(order);
}

/* ---- retrospective dates ---- */

/* The first of captures (FlEvent*, by date) dated after date, or NULL. */
static const FlEvent *
first_after(const GPtrArray *captures, const GDate *date)
{
  guint lo = 0, hi = captures ? captures->len : 0;
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    if (g_date_compare(&((const FlEvent *)captures->pdata[mid])->event_date, date) > 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return captures && lo < captures->len ? captures->pdata[lo] : NULL;
}

/* A retrospective or bound capture that a contemporaneous report of the same side taking the
 * place dates later (and no later than the retrospective report) is dated later. A report
 * that names no day (its own date) bounds the event as much as it dates it: it is not a
 * contemporaneous date. */
static void
screen_retrospective(const FlTheatre *theatre, const GPtrArray *list, FlScreen *screens)
{
  guint n_factions = theatre->factions->len;
  GPtrArray **contemporaneous = g_new0(GPtrArray *, n_factions);  /* captures by faction */
  for (guint i = 0; i < list->len; i++) {
    const FlEvent *event = list->pdata[i];
    if (event->kind == FL_EVENT_CAPTURE && event->faction >= 0 &&
        fl_control_weight(event) > 0 && !fl_control_retrospective(event) &&
        (event->precision == FL_PRECISION_DAY || event->precision == FL_PRECISION_PART_OF_DAY)) {
      if (contemporaneous[event->faction] == NULL)
        contemporaneous[event->faction] = g_ptr_array_new();
      g_ptr_array_add(contemporaneous[event->faction], (gpointer)event);
    }
  }
  for (guint i = 0; i < list->len; i++) {
    const FlEvent *event = list->pdata[i];
    if (event->kind != FL_EVENT_CAPTURE || event->faction < 0 ||
        fl_control_weight(event) == 0 || !fl_control_retrospective(event))
      continue;
    const FlEvent *later = NULL;
    for (guint f = 0; f < n_factions; f++) {
      if ((gint)f != event->faction && !fl_theatre_allied(theatre, event->faction, (gint)f))
        continue;
      const FlEvent *first = first_after(contemporaneous[f], &event->event_date);
      if (first && (!g_date_valid(&event->report_date) ||
                    g_date_compare(&first->event_date, &event->report_date) <= 0) &&
          (later == NULL || g_date_compare(&first->event_date, &later->event_date) < 0))
        later = first;
    }
    screens[i].dated_later = later;
  }
  for (guint f = 0; f < n_factions; f++)
    if (contemporaneous[f])
      g_ptr_array_unref(contemporaneous[f]);
  g_free(contemporaneous);
}

FlScreen *
fl_control_screen(const FlTheatre *theatre, const GPtrArray *list)
{
  FlScreen *screens = g_new0(FlScreen, list->len ? list->len : 1);
  screen_copies(list, screens);
  screen_retrospective(theatre, list, screens);
  return screens;
}

/* ---- support of the sides ---- */

void
fl_support_init(FlSupport *support, const FlTheatre *theatre, const GPtrArray *list,
                const gboolean *counts)
{
  guint n = theatre->factions->len * theatre->factions->len * 4;
  *support = (FlSupport){theatre, list, counts, 0, 0, g_new(gint, 3 * n),
                         g_new0(const FlEvent *, n)};
  for (guint i = 0; i < 3 * n; i++)
    support->memo[i] = -1;
}

void
fl_support_clear(FlSupport *support)
{
  g_free(support->memo);
  g_free(support->example);
}

/* Whether event backs side's holding of the place. */
static gboolean
backs(const FlSupport *support, guint i, gint side, int w)
{
  const FlEvent *event = support->list->pdata[i];
  return support->counts[i] && event->faction >= 0 &&
         (event->kind == FL_EVENT_CAPTURE || event->kind == FL_EVENT_HOLD) &&
         fl_control_weight(event) >= w &&
         (event->faction == side || fl_theatre_allied(support->theatre, event->faction, side));
}

void
fl_support_count(FlSupport *support, guint from, guint end, gint holder, gint challenger,
                 int w, guint *for_holder, guint *for_challenger, guint *for_both,
                 const FlEvent **example)
{
  guint n_factions = support->theatre->factions->len;
  guint at = ((guint)holder * n_factions + (guint)challenger) * 4 + (guint)w;
  if (from != support->from || end != support->end) {
    for (guint i = 0; i < n_factions * n_factions * 4 * 3; i++)
      support->memo[i] = -1;
    support->from = from;
    support->end = end;
  }
  if (support->memo[3 * at] < 0) {
    /* report + 1 -> 1 backs the holder, 2 the challenger, 3 both */
    GHashTable *sides = g_hash_table_new(g_direct_hash, g_direct_equal);
    support->example[at] = NULL;
    for (guint i = from; i < end; i++) {
      guint side =
          (backs(support, i, holder, w) ? 1 : 0) | (backs(support, i, challenger, w) ? 2 : 0);
      if (side == 0)
        continue;
      const FlEvent *event = support->list->pdata[i];
      gpointer key = GUINT_TO_POINTER(event->report + 1);
      g_hash_table_insert(sides, key,
                          GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(sides, key)) |
                                           side));
    }
    gint counts[4] = {0};
    GHashTableIter iter;
    gpointer key, value;
    g_hash_table_iter_init(&iter, sides);
    while (g_hash_table_iter_next(&iter, &key, &value))
      counts[GPOINTER_TO_UINT(value)]++;
    for (guint i = from; i < end && counts[1] > 0 && support->example[at] == NULL; i++) {
      const FlEvent *event = support->list->pdata[i];
      if (backs(support, i, holder, w) &&
          GPOINTER_TO_UINT(g_hash_table_lookup(sides, GUINT_TO_POINTER(event->report + 1))) == 1)
        support->example[at] = event;
    }
    g_hash_table_unref(sides);
    support->memo[3 * at] = counts[1];
    support->memo[3 * at + 1] = counts[2];
    support->memo[3 * at + 2] = counts[3];
  }
  *for_holder = (guint)support->memo[3 * at];
  *for_challenger = (guint)support->memo[3 * at + 1];
  *for_both = (guint)support->memo[3 * at + 2];
  if (example)
    *example = support->example[at];
}
