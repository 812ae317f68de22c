/* events.c - stage 3: events from sentences, by rules that are data.
 *
 * A lexicon row is (kind, phrase, value). Phrases are folded like report text; a word of a
 * phrase ending in '*' matches any word it begins. For every place mention of the theatre in a
 * sentence, the event trigger nearest before it in the sentence (capture, loss, siege, hold)
 * owns it; failing one, the nearest trigger after it (a relative clause: "Alep, que les
 * rebelles ont capturée"). The actor is the nearest actor before the trigger, or for a passive
 * trigger the nearest after it. Factuality comes from markers in the sentence; the date from
 * the time expression nearest the place, resolved against the report date. */
#include <frontline/events.h>

#include "events-internal.h"
#include "places-internal.h"
#include "report-internal.h"
#include "tsv-internal.h"

#include <stdlib.h>
#include <string.h>



static const char *const kind_names[] = {"capture", "loss", "siege", "hold", "entry"};
static const char *const factuality_names[] = {"confirmed", "claimed", "hedged",
                                               "denied",    "negated", "unverified"};
static const char *const precision_names[] = {"day", "part-of-day", "week", "report", "bound"};

const char *
fl_event_kind_name(FlEventKind kind)
{
  return (guint)kind < G_N_ELEMENTS(kind_names) ? kind_names[kind] : "?";
}

const char *
fl_factuality_name(FlFactuality factuality)
{
  return (guint)factuality < G_N_ELEMENTS(factuality_names) ? factuality_names[factuality] : "?";
}

const char *
fl_precision_name(FlPrecision precision)
{
  return (guint)precision < G_N_ELEMENTS(precision_names) ? precision_names[precision] : "?";
}

/* The sentences of a report, from the sentence number of every word and the hits (both in
 * word order). */
static Sentence *
sentence_ranges(const guint *sentence_of, guint n_words, const GArray *hits, guint *n_sentences)
{
  guint n = n_words ? sentence_of[n_words - 1] + 1 : 0;
  Sentence *sentences = g_new0(Sentence, n + 1);
  for (guint i = n_words; i > 0; i--)
    sentences[sentence_of[i - 1]].first_word = i - 1;
  for (guint i = 0; i < n_words; i++)
    sentences[sentence_of[i]].end_word = i + 1;
  for (guint h = hits->len; h > 0; h--)
    sentences[g_array_index(hits, Hit, h - 1).sentence].first_hit = h - 1;
  for (guint h = 0; h < hits->len; h++)
    sentences[g_array_index(hits, Hit, h).sentence].end_hit = h + 1;
  *n_sentences = n;
  return sentences;
}

/* The longest evidence kept: a longer sentence is cut at a word and ends with "…". */
#define EVIDENCE_MAX 600

/* The sentence as written, trimmed, through its end punctuation, at most EVIDENCE_MAX bytes,
 * into evidence. */
static void
sentence_evidence(const char *text, gsize text_len, const Word *words, const Sentence *sentence,
                  GString *evidence)
{
  gsize start = words[sentence->first_word].start;
  gsize end = words[sentence->end_word - 1].end;
  while (end < text_len && text[end] != '\n' && text[end] != '.' && text[end] != '!' &&
         text[end] != '?')
    end++;
  if (end < text_len && text[end] != '\n')
    end++;
  while (start < end && g_ascii_isspace(text[start]))
    start++;
  while (end > start && g_ascii_isspace(text[end - 1]))
    end--;
  g_string_truncate(evidence, 0);
  if (end - start <= EVIDENCE_MAX) {
    g_string_append_len(evidence, text + start, (gssize)(end - start));
    return;
  }
  /* the last space in the budget, when it keeps at least half; else a character boundary */
  gsize cut = start + EVIDENCE_MAX - 3, space = cut;
  while (space > start + EVIDENCE_MAX / 2 && text[space] != ' ')
    space--;
  if (text[space] == ' ')
    cut = space;
  while (cut > start && ((guchar)text[cut] & 0xC0) == 0x80)
    cut--;
  while (cut > start && g_ascii_isspace(text[cut - 1]))
    cut--;
  g_string_append_len(evidence, text + start, (gssize)(cut - start));
  g_string_append(evidence, "…");
}

/* How many words after a reference a place may follow and make it "la ville de Homs". */
#define REFERENCE_NAMED 3
/* How many more words the seat of a province may take: "le chef-lieu de la province d'Alep". */
#define SEAT_NAMED 4

/* How many places a plural reference ("these areas", "ces localités") may stand for. */
#define PLURAL_MAX 8

/* The targets of a report: its mentions of theatre places, and its references ("la ville",
 * "ses murs") to a place named before them (fl_reference_antecedent), unless a place follows
 * at once ("la ville de Homs"), in word order. A plural reference ("these areas") stands for
 * every place of the last list of places, in the same or the previous sentence; a place after
 * "après"/"after" and a comma is no target. */

/* The seat of the governorate of a theatre place: the place itself when it is one (or the
 * capital), else the region seat (or capital) of its admin1, or -1. */
static gint
seat_of(const FlTheatre *theatre, guint place)
{
  const FlPlace *it = theatre->places->pdata[place];
  if (it->kind == FL_PLACE_CAPITAL || it->kind == FL_PLACE_REGION_SEAT)
    return (gint)place;
  for (guint p = 0; p < theatre->places->len; p++) {
    const FlPlace *other = theatre->places->pdata[p];
    if (other->in_theatre && g_str_equal(other->admin1, it->admin1) &&
        (other->kind == FL_PLACE_CAPITAL || other->kind == FL_PLACE_REGION_SEAT))
      return (gint)p;
  }
  return -1;
}

static GArray *
find_targets(const FlTheatre *theatre, const GArray *mentions, const char *text,
             const Word *words, guint n_words, const guint *sentence_of,
             const Sentence *sentences, const GArray *hit_array, const GArray *references)
{
  GArray *targets = g_array_new(FALSE, FALSE, sizeof(Target));
  const Hit *hits = (const Hit *)hit_array->data;
  guint w = 0, r = 0;
  gint last_place = -1;
  guint last_sentence = 0;
  gint topic = -1;  /* the last place named as a city: "la ville de Homs", "the city of Hama" */
  guint topic_sentence = 0;
  gint province = -1;  /* the last place named as a province: "dans la province de Homs" */
  guint province_sentence = 0;
  guint group[PLURAL_MAX], n_group = 0, group_sentence = 0;  /* the last list of places */
  guint chain[PLURAL_MAX], n_chain = 0, chain_end = 0;       /* the list being read */
  gint capital = -1;  /* the theatre's capital, for "la capitale", "the capital" */
  for (guint p = 0; p < theatre->places->len && capital < 0; p++) {
    const FlPlace *place = theatre->places->pdata[p];
    if (place->in_theatre && place->kind == FL_PLACE_CAPITAL)
      capital = (gint)p;
  }
  for (guint m = 0; m <= mentions->len; m++) {
    Target mention = {0, n_words, n_words};
    if (m < mentions->len) {
      const FlMention *fm = &g_array_index(mentions, FlMention, m);
      while (w < n_words && words[w].start < fm->offset)
        w++;
      mention.place = fm->place;
      mention.word = w;
      mention.end = w;
      while (mention.end < n_words && words[mention.end].start < fm->offset + fm->length)
        mention.end++;
    }
    /* the references before this mention */
    for (; r < references->len && g_array_index(references, Hit, r).first < mention.word; r++) {
      const Hit *ref = &g_array_index(references, Hit, r);
      guint end = ref->end;
      gboolean named = FALSE;
      for (guint m2 = m; m2 < mentions->len && !named; m2++) {
        const FlMention *next = &g_array_index(mentions, FlMention, m2);
        guint limit = end;  /* REFERENCE_NAMED words on, within the sentence */
        guint reach = REFERENCE_NAMED + (ref->rule->value == 3 ? SEAT_NAMED : 0);
        while (limit < n_words && limit < end + reach &&
               sentence_of[limit] == ref->sentence)
          limit++;
        if (next->offset >= (limit < n_words ? words[limit].start : G_MAXSIZE))
          break;
        named = ((const FlPlace *)theatre->places->pdata[next->place])->in_theatre;
        if (named && ref->rule->value == 0) {
          topic = (gint)next->place;  /* "la ville de Homs": the story's city */
          topic_sentence = ref->sentence;
        }
      }
      /* "le chef-lieu": of the province named in its sentence, else of the last place's */
      gint of = province >= 0 && ref->sentence == province_sentence ? province
                : ref->sentence <= last_sentence + 1                ? last_place
                                                                     : -1;
      gint seat = !named && ref->rule->value == 3 && of >= 0 ? seat_of(theatre, (guint)of) : -1;
      if (seat >= 0) {
        Target target = {(guint)seat, end - 1, end};  /* "le chef-lieu": its province's seat */
        g_array_append_val(targets, target);
        last_place = seat;  /* "... du chef-lieu. ... la ville": the seat */
        last_sentence = ref->sentence;
      } else if (!named && ref->rule->value == 2 && capital >= 0) {
        Target target = {(guint)capital, end - 1, end};  /* "la capitale": the theatre's */
        g_array_append_val(targets, target);
      } else if (!named && ref->rule->value == 1 && n_group &&
                 ref->sentence <= group_sentence + 1) {
        for (guint k = 0; k < n_group; k++) {  /* "these areas": every place of the last list */
          Target target = {group[k], end - 1, end};
          g_array_append_val(targets, target);
        }
      } else if (!named && (ref->rule->value == 0 || ref->rule->value == 4) &&
                 (of = fl_reference_antecedent(ref, last_place, last_sentence, topic,
                                               topic_sentence)) >= 0) {
        Target target = {(guint)of, end - 1, end};  /* its last word: "captured it" */
        g_array_append_val(targets, target);
        last_place = of;  /* "Homs ... ses murs ... la ville": one chain */
        last_sentence = ref->sentence;
        if (of == topic)
          topic_sentence = ref->sentence;
      }
    }
    if (m == mentions->len || mention.word >= n_words)
      break;
    if (!((const FlPlace *)theatre->places->pdata[mention.place])->in_theatre)
      continue;
    guint after_name = fl_hits_first_from(hits, 0, hit_array->len, mention.end);
    if (after_name < hit_array->len && hits[after_name].first == mention.end &&
        hits[after_name].rule->kind == RULE_ACTOR &&
        strspn(text + words[mention.end - 1].end, " -") ==
            words[mention.end].start - words[mention.end - 1].end) {
      /* "the Damascus government", "Aleppo rebels": a name of a side, no target, but "the
       * Deir ez-Zor Military Council ... deployed in the city" names the city */
      last_place = (gint)mention.place;
      last_sentence = sentence_of[mention.word];
      continue;
    }
    guint before = fl_hits_first_from(hits, 0, hit_array->len, mention.word);
    if (before > 1 && hits[before - 1].rule->kind == RULE_GENITIVE &&
        hits[before - 1].end == mention.word && hits[before - 2].rule->kind == RULE_CIVILIAN &&
        hits[before - 2].end == hits[before - 1].first) {
      /* "residents of Rastan said", "selon des habitants de Rastane": people, not a target */
      last_place = (gint)mention.place;
      last_sentence = sentence_of[mention.word];
      continue;
    }
    if (before > 0 && hits[before - 1].rule->kind == RULE_CLAUSE &&
        hits[before - 1].rule->value == 1 &&
        hits[before - 1].end == mention.word &&
        mention.end < n_words && memchr(text + words[mention.end - 1].end, ',',
                                        words[mention.end].start - words[mention.end - 1].end))
      continue;  /* "Après Alep, ...": a time of the story, not its place */
    /* a list: "Mayadin, Quriyah, Albu Kamal and other areas ... these areas" */
    if (!(n_chain && sentence_of[chain_end - 1] == sentence_of[mention.word] &&
          fl_listed_together(text, words, hits, &sentences[sentence_of[mention.word]],
                             chain_end, mention.word)))
      n_chain = 0;
    if (n_chain < PLURAL_MAX)
      chain[n_chain++] = mention.place;
    chain_end = mention.end;
    if (n_chain >= 2) {
      memcpy(group, chain, n_chain * sizeof *chain);
      n_group = n_chain;
      group_sentence = sentence_of[mention.word];
    }
    g_array_append_val(targets, mention);
    last_place = (gint)mention.place;
    last_sentence = sentence_of[mention.word];
    if (last_place == topic)
      topic_sentence = last_sentence;  /* "the city of Hama ... entered Hama ... the city" */
    for (guint k = before; k > 0 && hits[k - 1].end + 2 >= mention.word; k--)
      if (hits[k - 1].rule->kind == RULE_REGION && hits[k - 1].rule->value != 1) {
        province = last_place;  /* "province (stratégique) de Homs" */
        province_sentence = last_sentence;
        break;
      }
  }
  return targets;
}

/* What the extraction of one report carries from window to window. */
typedef struct {
  const FlTheatre *theatre;
  const FlGazetteer *gazetteer;
  const Language *language;
  const FlReport *report;
  guint report_index;
  guint max_reach;        /* words before a place where a trigger reaching it may start */
  GDate last_date;        /* the date the report named last, for "the same day" */
  const guint8 *history;  /* per sentence of the window: it goes on telling a past year */
  const Hit *resolved;    /* the time word of the window resolved last, its date, precision */
  GDate resolved_date;
  FlPrecision resolved_precision;
  GPtrArray *events;
  GHashTable *repeats;    /* the report's events so far, each by its event_key: FlEvent* -> its
                           * index in events */
  FlEvidenceStore *quotes; /* the sentences the events quote */
} Extraction;

static void
event_free(gpointer data)
{
  FlEvent *event = data;
  if (event == NULL)
    return;
  if (event->evidence)
    fl_evidence_release(event->evidence);
  g_free(event);
}

/* The identity of an event within its report: place, kind, faction, date, and whether it is
 * a fact (confirmed or claimed) or which other factuality it has. */
static gint64
event_key(const FlEvent *event)
{
  gint64 fact = event->factuality <= FL_FACT_CLAIMED ? 0 : (gint64)event->factuality;
  return ((gint64)event->place << 40) | ((gint64)event->kind << 36) |
         ((gint64)(event->faction + 1) << 28) |
         ((gint64)g_date_get_julian(&event->event_date) << 4) | fact;
}

static guint
event_key_hash(gconstpointer event)
{
  guint64 key = (guint64)event_key(event);
  return (guint)(key ^ (key >> 32));
}

static gboolean
event_key_equal(gconstpointer a, gconstpointer b)
{
  return event_key(a) == event_key(b);
}

/* Adds an event of the report being read, or merges it with the one the report already told:
 * a report that repeats that rebels took Homs (title, lead, body) says it once. Of the events
 * with the same event_key, the first confirmed one is kept (else the first), at the place of
 * the first. So a report keeps one event per thing it says, however long it goes on. */
static void
keep_event(Extraction *x, FlEvent *event)
{
  gpointer told, index;
  if (!g_hash_table_lookup_extended(x->repeats, event, &told, &index)) {
    g_hash_table_insert(x->repeats, event, GUINT_TO_POINTER(x->events->len));
    g_ptr_array_add(x->events, event);
    return;
  }
  if (event->factuality < ((const FlEvent *)told)->factuality) {  /* confirmed over claimed */
    x->events->pdata[GPOINTER_TO_UINT(index)] = event;
    g_hash_table_replace(x->repeats, event, index);
    event_free(told);
  } else {
    event_free(event);
  }
}

/* Gives the events of one sentence their evidence and keeps them (keep_event). The evidence is
 * interned (evidence.c): every event that quotes the same sentence, in this report or another (a
 * wire story that many outlets copy), shares one copy of it. */
static void
add_events(Extraction *x, GPtrArray *pending, const FlWindow *window, const Word *words,
           const Sentence *sentence, GString *evidence)
{
  sentence_evidence(window->text, window->len, words, sentence, evidence);
  char *shared = fl_evidence_intern(x->quotes, evidence->str, evidence->len);
  for (guint i = 0; i < pending->len; i++) {
    FlEvent *event = pending->pdata[i];
    event->evidence = fl_evidence_acquire(shared);
    keep_event(x, event);
  }
  fl_evidence_release(shared);
  g_ptr_array_set_size(pending, 0);
}

/* An event made in the sentence being read: its place, kind and faction. */
typedef struct {
  guint place;
  FlEventKind kind;
  gint faction;
} Made;

/* How many of the sentence's last events are looked at for a repeat: a bounded number of steps
 * (the report's repeats are merged anyway, keep_event). */
#define MADE_LOOK_BACK 16

/* Whether the sentence already has this event: one row per event, however many words of the
 * sentence say it ("sont entrés dans Alep et contrôlent", "Homs ... sur ses murs"). */
static gboolean
already_made(const GArray *made, guint place, FlEventKind kind, gint faction)
{
  for (guint k = made->len, seen = 0; k > 0 && seen < MADE_LOOK_BACK; k--, seen++) {
    const Made *m = &g_array_index(made, Made, k - 1);
    if (m->place == place && m->kind == kind && m->faction == faction)
      return TRUE;
  }
  return FALSE;
}

/* The clause number of every word (g_free): a clause starts with a sentence, at a clause word
 * ("while", "alors que") and after ';', ':', '(', ')' or a dash between words; a clause opened
 * by an anterior word ("après avoir pris Alep, les rebelles...") or a later one ("before
 * taking Homs, rebels...") ends at its comma. */
static guint *
number_clauses(const char *text, const Word *words, guint n_words, const guint *sentence_of,
               const Hit *hits, guint n_hits)
{
  guint *clause_of = g_new(guint, n_words + 1);
  guint clause = 0, h = 0;
  gboolean anterior = FALSE;  /* in a clause opened by "après avoir": its comma closes it, and
                               * so does the next comma a relative set off by one ("Balakliia,
                               * which Russia took in March, was retaken") */
  for (guint i = 0; i < n_words; i++) {
    gboolean starts = i > 0 && sentence_of[i] != sentence_of[i - 1];
    for (gsize b = i > 0 ? words[i - 1].end : 0; i > 0 && b < words[i].start && !starts; b++)
      starts = text[b] == ';' || text[b] == ':' || text[b] == '(' || text[b] == ')' ||
               (anterior && text[b] == ',') ||
               ((guchar)text[b] == 0xE2 && (guchar)text[b + 1] == 0x80 &&
                ((guchar)text[b + 2] == 0x94 /* — */ || (guchar)text[b + 2] == 0x93 /* – */));
    if (starts)
      anterior = FALSE;
    while (h < n_hits && hits[h].first < i)
      h++;
    for (guint k = h; k < n_hits && hits[k].first == i; k++)
      if (hits[k].rule->kind == RULE_CLAUSE) {
        starts = TRUE;
        anterior = hits[k].rule->value == 1 || hits[k].rule->value == 3 ||
                   (hits[k].rule->value == 2 && i > 0 &&
                    memchr(text + words[i - 1].end, ',', words[i].start - words[i - 1].end));
      }
    clause += starts;
    clause_of[i] = clause;
  }
  return clause_of;
}

/* The trigger that governs the target: the nearest before it in the sentence, unless another
 * place stands between them; else the nearest after it. */
/* Whether hits[h] is a noun of a gain whose object is a side, not a place: "la chute du
 * régime", "the fall of Assad". */
static gboolean
of_a_side(const Hit *hits, const Sentence *sentence, guint h)
{
  return hits[h].rule->value == 1 && h + 1 < sentence->end_hit &&
         hits[h + 1].rule->kind == RULE_ACTOR &&
         hits[h + 1].first <= hits[h].end + 1;
}

/* Whether a rule kind says how much of a place is meant ("la majeure partie de", "province
 * de", "la totalité de"): such words stand between a verb and its place without weakening the
 * link, up to SCOPE_REACH of them. */
#define SCOPE_REACH 8

static gboolean
is_scope_phrase(RuleKind kind)
{
  return kind == RULE_REGION || kind == RULE_VICINITY || kind == RULE_PART || kind == RULE_WHOLE;
}

/* How far (in words) a verb reaches a place set after its object by a comma ("ont pris des
 * dizaines de villages et deux grandes villes du pays, Alep et Hama"). */
#define APPOSITION_REACH 22

/* The verb whose object a place apposed to it names (the place follows a comma or a colon):
 * the nearest trigger within APPOSITION_REACH words before word w with nothing between them
 * but the words of its object (no other verb, side, clause or claim). NULL when none. */
static const Hit *
apposition_trigger(const Hit *hits, const Sentence *sentence, guint from, guint w)
{
  const Hit *trigger = NULL;
  for (guint h = from; h < sentence->end_hit && hits[h].first < w; h++) {
    RuleKind kind = hits[h].rule->kind;
    if (is_trigger(kind))
      trigger = w - hits[h].first <= APPOSITION_REACH ? &hits[h] : NULL;
    else if (trigger && (kind == RULE_ACTOR || kind == RULE_PRONOUN || kind == RULE_CLAUSE ||
                         kind == RULE_CIVILIAN || kind == RULE_CLAIM || kind == RULE_TOWARD))
      trigger = NULL;
  }
  return trigger;
}

static const Hit *
trigger_of(const Extraction *x, const Hit *hits, const Sentence *sentence, const GArray *targets,
           guint t, gboolean locative, gboolean apposed)
{
  const Target *target = &g_array_index(targets, Target, t);
  guint w = target->word;
  const Hit *trigger = NULL;
  guint from = fl_hits_first_from(hits, sentence->first_hit, sentence->end_hit,
                                  w > x->max_reach ? w - x->max_reach : 0);
  guint scope_words = 0;  /* words of scope phrases before the place: "du chef-lieu de la
                           * province de" does not put Alep out of the verb's reach */
  for (guint h = from; h < sentence->end_hit && hits[h].first < w; h++)
    if (is_scope_phrase(hits[h].rule->kind) && hits[h].end <= w)
      scope_words += hits[h].end - hits[h].first;
  scope_words = MIN(scope_words, SCOPE_REACH);
  for (guint h = from; h < sentence->end_hit && hits[h].first < w; h++) {
    if (is_scope_phrase(hits[h].rule->kind) && hits[h].end <= w)
      scope_words -= MIN(scope_words, hits[h].end - hits[h].first);
    if (is_trigger(hits[h].rule->kind) && !of_a_side(hits, sentence, h) &&
        w - hits[h].first <= TRIGGER_REACH + (hits[h].end - hits[h].first) + scope_words)
      trigger = &hits[h];
  }
  if (trigger == NULL && apposed)
    trigger = apposition_trigger(hits, sentence, from, w);
  if (trigger && !(t > 0 && g_array_index(targets, Target, t - 1).word > trigger->first))
    return trigger;  /* unless another place stands between them: the trigger is its */
  /* a trigger after the place ("Hama est tombée", "Alep, que les rebelles ont capturée"),
   * unless it has a subject of its own between them ("Trois jours après Saraqeb, les insurgés ont
   * pris Hama") that no clause word ("que", "which") makes a relative clause of the place, or
   * a place of its own after it */
  guint after = fl_hits_first_from(hits, sentence->first_hit, sentence->end_hit, target->end);
  gboolean clause = after < sentence->end_hit && hits[after].rule->kind == RULE_CLAUSE &&
                    hits[after].first == target->end;
  gboolean relative = locative || clause;
  gboolean object = FALSE;  /* the relative clause has a subject: the place is its object */
  for (guint h = fl_hits_first_from(hits, sentence->first_hit, sentence->end_hit, w);
       h < sentence->end_hit && hits[h].first <= target->end + TRIGGER_REACH; h++) {
    if (hits[h].first == w && !is_trigger(hits[h].rule->kind))
      continue;  /* a verb may start on a reference's last word: "l'ont prise" */
    if ((hits[h].rule->kind == RULE_ACTOR || hits[h].rule->kind == RULE_PRONOUN) && !relative)
      return NULL;
    object = object || (clause && hits[h].rule->kind == RULE_ACTOR);
    gboolean passive = hits[h].rule->value == 2 ||
                       (h + 1 < sentence->end_hit && hits[h + 1].rule->kind == RULE_AGENT &&
                        hits[h + 1].first == hits[h].end);
    if (!is_trigger(hits[h].rule->kind) || of_a_side(hits, sentence, h) ||
        (hits[h].rule->kind == RULE_HOLD && !passive && !object))
      continue;  /* "The city ... holds deep importance": an active hold holds what follows;
                  * "Homs, held by the army", "Homs, which the army still holds" */
    const Target *next = t + 1 < targets->len ? &g_array_index(targets, Target, t + 1) : NULL;
    guint before_next = next ? fl_hits_first_from(hits, sentence->first_hit, sentence->end_hit,
                                                  next->word)
                             : 0;
    const Hit *toward = next && before_next > sentence->first_hit &&
                                hits[before_next - 1].rule->kind == RULE_TOWARD &&
                                hits[before_next - 1].end + 1 >= next->word
                            ? &hits[before_next - 1]
                            : NULL;
    gboolean directed = toward && !(toward->rule->value == 1 &&
                                    hits[h].rule->kind == RULE_LOSS);  /* "troops from X" */
    if (next && !directed && next->word > hits[h].first && next->word < sentence->end_word &&
        next->word - hits[h].first <= TRIGGER_REACH + (hits[h].end - hits[h].first))
      return NULL;  /* its object is the place after it, not one it comes from or goes to */
    return &hits[h];
  }
  return NULL;
}

/* How far (in words) from its verb a hedge is looked for: a bounded search, however long the
 * sentence. */
#define HEDGE_REACH 40

/* Whether a hedge stands in the trigger's clause, within HEDGE_REACH words of it. */
static gboolean
hedged_in_clause(const Hit *hits, const Sentence *sentence, const guint *clause_of,
                 const Hit *trigger)
{
  guint from = trigger->first > HEDGE_REACH ? trigger->first - HEDGE_REACH : 0;
  for (guint k = fl_hits_first_from(hits, sentence->first_hit, sentence->end_hit, from);
       k < sentence->end_hit && hits[k].first <= trigger->first + HEDGE_REACH; k++)
    if (hits[k].rule->kind == RULE_HEDGE && clause_of[hits[k].first] == clause_of[trigger->first])
      return TRUE;
  return FALSE;
}

/* Whether a hedge stands before the trigger in its sentence, within HEDGE_REACH words. */
static gboolean
hedged_before(const Hit *hits, const Sentence *sentence, const Hit *trigger)
{
  guint from = trigger->first > HEDGE_REACH ? trigger->first - HEDGE_REACH : 0;
  for (guint k = fl_hits_first_from(hits, sentence->first_hit, sentence->end_hit, from);
       k < sentence->end_hit && hits[k].first < trigger->first; k++)
    if (hits[k].rule->kind == RULE_HEDGE)
      return TRUE;
  return FALSE;
}

/* Makes the event of one target and its trigger, or NULL when there is none (a non-combatant
 * subject, a future or modal clause, history of an earlier year, a scope that says nothing). */
static FlEvent *
make_event(Extraction *x, const HitIndex *index, const Sentence *sentences, guint sentence_number,
           const guint *clause_of, const guint8 *clause_has_trigger, const Target *target,
           const Hit *trigger, Scope scope)
{
  const Hit *hits = index->hits;
  const Sentence *sentence = &sentences[sentence_number];
  FlEventKind trigger_kind = trigger->rule->kind == RULE_PASSIVE_CAPTURE
                                 ? FL_EVENT_CAPTURE
                                 : (FlEventKind)trigger->rule->kind;
  gint kind = fl_scoped_kind(trigger_kind, scope);
  if (kind < 0 || fl_is_future(hits, sentence, clause_of, trigger, target->word))
    return NULL;
  gboolean civilian;
  const Hit *actor = fl_event_actor(index, sentences, sentence, (guint)(trigger - hits),
                                    target->word, &civilian);
  if (civilian)
    return NULL;  /* people fleeing a town are not a side losing it */
  const Hit *when =
      fl_time_of(index, sentence, clause_of, clause_has_trigger, target->word, trigger->first);
  if (when && when->rule->kind == RULE_YEAR) {
    if (when->number < (gint)g_date_get_year(&x->report->date))
      return NULL;  /* "en 2016": history before the theatre's time */
    when = NULL;    /* this year: no day */
  }
  if (when == NULL && x->history[sentence_number])
    return NULL;
  FlEvent *event = g_new0(FlEvent, 1);
  event->place = target->place;
  event->faction = actor ? actor->rule->value : -1;
  event->claimant = -1;
  event->kind = (FlEventKind)kind;
  event->factuality = fl_event_factuality(index, sentence, sentence_number, trigger->first);
  if (event->factuality == FL_FACT_HEDGED &&
      !hedged_in_clause(hits, sentence, clause_of, trigger) &&
      !hedged_before(hits, sentence, trigger))
    /* "Après avoir pris Alep, les rebelles seraient entrés dans Homs": the hedge is Homs's;
     * "ce qui peut indiquer qu'il a quitté la ville": the hedge governs what follows it */
    event->factuality = index->first_claim[sentence_number] >= 0
                            ? FL_FACT_CLAIMED
                            : FL_FACT_CONFIRMED;
  event->event_date = x->report->date;
  event->precision = FL_PRECISION_REPORT;  /* no time word: the report's own day */
  if (when && when == x->resolved) {  /* "... ces villes la veille": one date for each place */
    event->event_date = x->resolved_date;
    event->precision = x->resolved_precision;
  } else if (when) {
    fl_time_resolve(when, &x->report->date, &x->last_date, &event->event_date, &event->precision);
    gboolean month = when->rule->kind == RULE_MONTH && when->number == 0;
    if (month && g_date_compare(&event->event_date, &x->theatre->baseline_date) < 0) {
      g_free(event);  /* "which the army had taken in August": history before the baseline */
      return NULL;
    }
    if (when->rule->kind != RULE_SPAN && !month)
      x->last_date = event->event_date;
    x->resolved = when;
    x->resolved_date = event->event_date;
    x->resolved_precision = event->precision;
  }
  const Hit *opener = trigger > hits ? trigger - 1 : NULL;
  if (opener && opener->rule->kind == RULE_CLAUSE && opener->end == trigger->first &&
      (opener->rule->value == 1 ||
       (opener->rule->value == 3 && event->precision == FL_PRECISION_REPORT)))
    event->precision = FL_PRECISION_BOUND;  /* "après avoir pris Alep, ... le 8": before it;
                                             * "before taking Homs": by the report's date */
  /* a denied claim has its claimant too: "les insurgés revendiquent la prise de Rastane,
   * démentie par Damas" */
  if (event->factuality == FL_FACT_CLAIMED || event->factuality == FL_FACT_DENIED) {
    const Hit *claimant = fl_event_claimant(index, sentence, sentence_number);
    if (claimant && event->factuality == FL_FACT_CLAIMED)
      event->claimant =
          fl_theatre_faction_on(x->theatre, claimant->rule->value, &event->event_date);
    /* "the southern command announced the capture of Nawa": who announces a noun's
     * gain made it; who admits it ("l'armée a reconnu la chute de Hama") lost the place */
    if (claimant && actor == NULL && kind == FL_EVENT_CAPTURE &&
        (trigger->rule->value == 1 || trigger->first > target->word)) {  /* or a passive:
                                                   * "Kupiansk was retaken, Kyiv said" */
      event->faction = claimant->rule->value;
      if (hits[index->first_claim[sentence_number]].rule->value == 1)
        event->kind = FL_EVENT_LOSS;
    }
    /* "Moscou a annoncé le retrait de ses troupes de Lyman": who announces a withdrawal
     * made it; "Kupiansk was lost, Russian officials admitted": who admits a loss */
    if (claimant && actor == NULL && kind == FL_EVENT_LOSS &&
        (trigger->rule->value == 1 || (trigger->first > target->word &&
                                       hits[index->first_claim[sentence_number]].rule->value == 1)))
      event->faction = claimant->rule->value;
  }
  /* a name stands for the faction that bears it on the event's date and at its place ("the
   * government" after the old one ended means its successor; "the rebels" in Daraa, the
   * southern factions) */
  event->faction = fl_theatre_faction_at(x->theatre, event->faction,
                                         x->theatre->places->pdata[target->place],
                                         &event->event_date);
  event->report = x->report_index;
  event->report_date = x->report->date;
  return event;
}

/* The trigger of every target (g_free; NULL where none): its own (trigger_of), or the one its
 * list shares: "ont pris A, B et C" forwards, "A, B and C were evacuated" backwards, the
 * places of one plural reference, a loose list ("Aleppo Thursday and the city of Hama"), the
 * places left out of what is said of the place before ("la province, sauf Khan Cheikhoun"),
 * which *excepted (g_free, a flag per target) marks. */
static const Hit **
triggers_of(const Extraction *x, const FlWindow *window, const Word *words, const Hit *hits,
            const Sentence *sentences, const guint *sentence_of, const GArray *targets,
            const GArray *references, guint8 **excepted_out)
{
  const Hit **trigger_at = g_new0(const Hit *, targets->len + 1);
  guint8 *excepted = g_new0(guint8, targets->len + 1);
  *excepted_out = excepted;
  for (guint t = 0; t < targets->len; t++) {
    const Target *target = &g_array_index(targets, Target, t);
    const Target *before = t > 0 ? &g_array_index(targets, Target, t - 1) : NULL;
    const Sentence *sentence = &sentences[sentence_of[target->word]];
    gboolean same = before && sentence_of[before->word] == sentence_of[target->word];
    if (before && before->word == target->word)  /* "these areas": the places of one word */
      trigger_at[t] = trigger_at[t - 1];
    else if (same && trigger_at[t - 1] && trigger_at[t - 1]->first < before->word &&
             fl_listed_together(window->text, words, hits, sentence, before->end, target->word)) {
      trigger_at[t] = trigger_at[t - 1];
      excepted[t] = excepted[t - 1];  /* "except Khan Shaykhun and Kafr Nabl" */
    } else if (same && trigger_at[t - 1] &&
               fl_excepted(hits, sentence, before->end, target->word)) {
      trigger_at[t] = trigger_at[t - 1];  /* "the whole province except Khan Shaykhun" */
      excepted[t] = 1;
    } else
      trigger_at[t] = trigger_of(x, hits, sentence, targets, t,
                                 fl_fronted_locative(window->text, words, hits, sentence, target),
                                 fl_apposed(window->text, words, sentence, target));
    if (!trigger_at[t] && before && trigger_at[t - 1] &&
        trigger_at[t - 1]->first < before->word &&
        sentence_of[before->word] == sentence_of[target->word] &&
        fl_listed_loosely(hits, sentence, references, before->end, target->word))
      trigger_at[t] = trigger_at[t - 1];  /* "Aleppo Thursday and the city of Hama" */
  }
  for (guint t = targets->len; t > 1; t--) {
    const Target *target = &g_array_index(targets, Target, t - 1);
    const Target *before = &g_array_index(targets, Target, t - 2);
    if (trigger_at[t - 1] && trigger_at[t - 1]->first > target->word && !trigger_at[t - 2] &&
        sentence_of[before->word] == sentence_of[target->word] &&
        fl_listed_together(window->text, words, hits, &sentences[sentence_of[target->word]],
                           before->end, target->word))
      trigger_at[t - 2] = trigger_at[t - 1];
  }

  return trigger_at;
}

/* The events of one window of a report: those of the places in its own part. */
static gboolean
extract_window(const FlWindow *window, gpointer user_data, GError **error)
{
  Extraction *x = user_data;
  GString *folded = g_string_sized_new(window->len + 8);
  GArray *array = g_array_sized_new(FALSE, FALSE, sizeof(Word), (guint)(window->len / 6 + 1));
  TextPos pos = {0, window->line, window->column};
  (void)error;

  fl_text_split_range(window->text, window->len, &pos, folded, array);
  x->resolved = NULL;
  const Word *words = (const Word *)array->data;
  guint *sentence_of = fl_lexicon_number_sentences(x->language, window->text, folded, array);
  GArray *hit_array = fl_lexicon_find_rules(x->language, folded, array, sentence_of, FALSE);
  GArray *references = fl_lexicon_find_rules(x->language, folded, array, sentence_of, TRUE);
  const Hit *hits = (const Hit *)hit_array->data;
  guint n_sentences;
  Sentence *sentences = sentence_ranges(sentence_of, array->len, hit_array, &n_sentences);
  guint *clause_of = number_clauses(window->text, words, array->len, sentence_of, hits,
                                    hit_array->len);

  guint8 *clause_has_trigger = g_new0(guint8, (array->len ? clause_of[array->len - 1] : 0) + 1);
  for (guint h = 0; h < hit_array->len; h++)
    if (is_trigger(hits[h].rule->kind))
      clause_has_trigger[clause_of[hits[h].first]] = 1;
  guint8 *history = fl_time_history(hits, sentences, n_sentences, clause_of,
                                    g_date_get_year(&x->report->date));
  x->history = history;
  GArray *mentions = fl_places_find_in_words(x->gazetteer, folded, array);
  GArray *targets =
      find_targets(x->theatre, mentions, window->text, words, array->len, sentence_of, sentences,
                   hit_array, references);
  HitIndex index;
  fl_hit_index_init(&index, hits, hit_array->len, n_sentences);
  index.words = words;
  index.folded = folded->str;
  GArray *made = g_array_new(FALSE, FALSE, sizeof(Made));  /* in the current sentence */
  guint made_sentence = G_MAXUINT;
  const Sentence *pending_sentence = NULL;
  GPtrArray *pending = g_ptr_array_new();  /* the events of that sentence, without evidence */
  GString *evidence = g_string_new(NULL);
  guint8 *excepted;
  const Hit **trigger_at =
      triggers_of(x, window, words, hits, sentences, sentence_of, targets, references, &excepted);

  for (guint t = 0; t < targets->len; t++) {
    const Target *target = &g_array_index(targets, Target, t);
    guint w = target->word;
    guint sentence_number = sentence_of[w];
    const Sentence *sentence = &sentences[sentence_number];
    const Hit *trigger = trigger_at[t];
    if (words[w].start < window->own_start || words[w].start >= window->own_end)
      continue;  /* in the context: another window's */
    if (trigger == NULL || fl_question(window->text, window->len, words, array->len, sentence))
      continue;  /* "Has Homs fallen?", "Homs va-t-elle tomber ?": a question is no fact */
    if (sentence_number != made_sentence) {
      g_array_set_size(made, 0);
      made_sentence = sentence_number;
    }
    if (sentence != pending_sentence) {
      if (pending->len)
        add_events(x, pending, window, words, pending_sentence, evidence);
      pending_sentence = sentence;
    }
    guint next_place = t + 1 < targets->len ? g_array_index(targets, Target, t + 1).word
                                            : G_MAXUINT;
    Scope scope = excepted[t] ? SCOPE_EXCEPTED
                  : fl_fronted_locative(window->text, words, hits, sentence, target)
                      ? SCOPE_PART
                      : fl_scope_of(hits, sentence, target, next_place, trigger);
    if (scope == SCOPE_PLACE &&
        fl_list_region(window->text, words, hits, sentence, targets, t))
      scope = SCOPE_REGION;  /* "the Aleppo and Idlib fronts" */
    const Hit *main = fl_main_trigger(window->text, words, hits, sentence, target, next_place,
                                      trigger);
    if (main) {  /* "Balakliia, which Russia took in March, was retaken": the main verb's */
      trigger = main;
      scope = fl_scope_of(hits, sentence, target, next_place, main);
    }
    index.no_subject = main != NULL;
    FlEvent *event = make_event(x, &index, sentences, sentence_number, clause_of,
                                clause_has_trigger, target, trigger, scope);
    index.no_subject = FALSE;
    if (event == NULL)
      continue;
    if (already_made(made, event->place, event->kind, event->faction)) {
      g_free(event);
      continue;
    }
    event->line = words[w].line;
    g_ptr_array_add(pending, event);
    Made one = {event->place, event->kind, event->faction};
    g_array_append_val(made, one);
    FlEvent *lost = fl_event_counterpart(x->theatre, &index, sentences, sentence, clause_of,
                                         trigger, target, event);
    if (lost && !already_made(made, lost->place, lost->kind, lost->faction)) {
      g_ptr_array_add(pending, lost);
      Made other = {lost->place, lost->kind, lost->faction};
      g_array_append_val(made, other);
    } else {
      g_free(lost);
    }
  }
  if (pending->len)
    add_events(x, pending, window, words, pending_sentence, evidence);
  g_ptr_array_unref(pending);
  g_string_free(evidence, TRUE);
  g_array_unref(made);
  fl_hit_index_clear(&index);
  g_array_unref(targets);
  g_array_unref(mentions);
  g_free(trigger_at);
  g_free(excepted);
  g_free(clause_has_trigger);
  g_free(history);
  g_free(clause_of);
  g_free(sentences);
  g_array_unref(references);
  g_array_unref(hit_array);
  g_free(sentence_of);
  g_array_unref(array);
  g_string_free(folded, TRUE);
  return TRUE;
}

static gint
compare_events(gconstpointer a, gconstpointer b)
{
  const FlEvent *x = *(FlEvent *const *)a, *y = *(FlEvent *const *)b;
  gint by_date = g_date_compare(&x->event_date, &y->event_date);
  if (by_date)
    return by_date;
  if (x->report != y->report)
    return x->report < y->report ? -1 : 1;
  return x->line < y->line ? -1 : x->line > y->line;
}

/* An event's place and day and its index, to find the events of a report that say less. */
typedef struct {
  gint64 key;
  guint index;
} Keyed;

static gint
compare_keyed(gconstpointer a, gconstpointer b)
{
  const Keyed *x = a, *y = b;
  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* Whether the event says less than another of its group (same place and date): an event with
 * no side named, when another names one for the same kind ("With the capture of Homs, ..."
 * after "Rebels took Homs"); a hedged, negated or unverified one, when the same event is told
 * as a fact or a claim (a denial stays: it cancels claims); an entry, when the same side's
 * capture is told too ("entered Homs, then declared it theirs"); a siege, when the same
 * side's entry or capture is. */
static gboolean
says_less(const FlEvent *event, const FlEvent *other)
{
  if (event->faction < 0)
    return other->faction >= 0 && other->kind == event->kind;
  if (other->faction != event->faction)
    return FALSE;
  if (event->kind == other->kind && event->factuality > FL_FACT_CLAIMED &&
      event->factuality != FL_FACT_DENIED && other->factuality <= FL_FACT_CLAIMED)
    return TRUE;  /* "ils auraient encerclé la capitale" after "ils affirment l'encercler" */
  return (event->kind == FL_EVENT_ENTRY && other->kind == FL_EVENT_CAPTURE) ||
         (event->kind == FL_EVENT_SIEGE &&
          (other->kind == FL_EVENT_ENTRY || other->kind == FL_EVENT_CAPTURE));
}

/* Removes the NULL slots of events[first..] (their events are freed or moved). */
static void
compact(GPtrArray *events, guint first)
{
  guint out = first;
  for (guint i = first; i < events->len; i++)
    if (events->pdata[i])
      events->pdata[out++] = events->pdata[i];
  for (guint i = out; i < events->len; i++)
    events->pdata[i] = NULL;  /* shrink without the free function */
  g_ptr_array_set_size(events, out);
}

/* Of a report's events (events[first..], one per event_key: keep_event), an event that says
 * less than another of the report about the same place and day (says_less) goes. Sorting, not
 * hashing: no allocation per event. */
static void
drop_lesser(GPtrArray *events, guint first)
{
  guint n = events->len - first;
  if (n < 2)
    return;
  Keyed *keyed = g_new(Keyed, n);
  for (guint i = 0; i < n; i++) {  /* by place and day */
    const FlEvent *event = events->pdata[first + i];
    keyed[i] = (Keyed){((gint64)event->place << 32) | g_date_get_julian(&event->event_date),
                       first + i};
  }
  qsort(keyed, n, sizeof *keyed, compare_keyed);
  for (guint i = 0, j; i < n; i = j) {
    for (j = i + 1; j < n && keyed[j].key == keyed[i].key; j++)
      ;
    for (guint x = i; x < j; x++)
      for (guint y = i; y < j && events->pdata[keyed[x].index]; y++)
        if (x != y && events->pdata[keyed[y].index] &&
            says_less(events->pdata[keyed[x].index], events->pdata[keyed[y].index])) {
          event_free(events->pdata[keyed[x].index]);
          events->pdata[keyed[x].index] = NULL;
        }
  }
  g_free(keyed);
  compact(events, first);
}

GPtrArray *
fl_events_extract(const FlTheatre *theatre, const FlGazetteer *gazetteer,
                  const FlLexicon *lexicon, const GPtrArray *reports, GError **error)
{
  GPtrArray *events = g_ptr_array_new_with_free_func(event_free);
  GHashTable *repeats = g_hash_table_new(event_key_hash, event_key_equal);
  FlEvidenceStore *quotes = fl_evidence_store_new();
  for (guint r = 0; r < reports->len; r++) {
    const FlReport *report = reports->pdata[r];
    const Language *language = fl_lexicon_language(lexicon, report->lang);
    Extraction extraction = {.theatre = theatre,
                             .gazetteer = gazetteer,
                             .language = language,
                             .report = report,
                             .report_index = r,
                             .max_reach = MAX(TRIGGER_REACH + SCOPE_REACH, APPOSITION_REACH) +
                                          language->max_words,
                             .events = events,
                             .repeats = repeats,
                             .quotes = quotes};
    g_date_clear(&extraction.last_date, 1);
    guint first = events->len;
    if (!fl_report_windows(report, extract_window, &extraction, error)) {
      g_hash_table_unref(repeats);
      fl_evidence_store_unref(quotes);
      g_ptr_array_unref(events);
      return NULL;
    }
    g_hash_table_remove_all(repeats);
    drop_lesser(events, first);
  }
  g_hash_table_unref(repeats);
  fl_evidence_store_unref(quotes);
  g_ptr_array_sort(events, compare_events);
  return events;
}
