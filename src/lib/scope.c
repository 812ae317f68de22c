/* scope.c - how the words around a place bear on it: its scope (region, vicinity, part), the
 * lists that share a verb, future and modal clauses, fronted places, the main verb after a
 * relative clause of the place. Used by events.c. */
#include "events-internal.h"

#include <string.h>

static Scope
scope_of_kind(RuleKind kind)
{
  return kind == RULE_REGION ? SCOPE_REGION : kind == RULE_VICINITY ? SCOPE_VICINITY : SCOPE_PART;
}

/* The scope of a place for its trigger, before or after it. A locator before the name says
 * nothing of the place ("vers Homs en s'emparant de villages") unless a relative clause makes
 * the place the trigger's object ("au sud d'Alep, que les rebelles ont prise") or the trigger
 * after it is a hold, which describes the place ("la route vers Homs, encore aux mains de").
 * How many words may stand between a scope phrase and the name: "la majeure partie du centre
 * d'Alep" before it, "Aleppo's western countryside" after it. */
#define SCOPE_GAP 2
/* How many words before a region may say it whole: "l'ensemble de la province d'Idlib". */
#define WHOLE_GAP 6

Scope
fl_scope_of(const Hit *hits, const Sentence *sentence, const Target *target, guint next_place,
            const Hit *trigger)
{
  gboolean before = trigger->first < target->word;
  gboolean hold = trigger->rule->kind == RULE_HOLD;
  gboolean loss = trigger->rule->kind == RULE_LOSS;
  Scope scope = SCOPE_PLACE;
  gboolean whole = FALSE;   /* "la totalité de la province d'Idlib": the seat with it */
  gboolean region = FALSE;  /* "la province d'Idlib": not the seat */
  guint h = fl_hits_first_from(hits, sentence->first_hit, sentence->end_hit, target->word);
  guint after = fl_hits_first_from(hits, h, sentence->end_hit, target->end);
  gboolean relative = after < sentence->end_hit && hits[after].rule->kind == RULE_CLAUSE &&
                      hits[after].first == target->end;
  guint limit = target->word;  /* where the chain of scope phrases before the name starts */
  for (guint k = h; k > sentence->first_hit; k--) {  /* written before the name */
    const Hit *hit = &hits[k - 1];
    guint end = hit->end;
    if (end + SCOPE_GAP < limit && !(region && end + WHOLE_GAP >= target->word))
      break;
    RuleKind kind = hit->rule->kind;
    if (kind == RULE_LIST && hit->rule->value == 1 && end == target->word)
      break;  /* "villages around Hama, including Souran": Souran's own words start there */
    if (kind == RULE_REGION || kind == RULE_VICINITY || kind == RULE_PART || kind == RULE_WHOLE)
      limit = MIN(limit, hit->first);  /* "most of the provincial capital of Aleppo" */
    if (kind == RULE_TOWARD && hit->rule->value == 1 && loss)
      continue;  /* "withdrew its troops from Deir ez-Zor": where they left */
    if (kind == RULE_TOWARD && (before || (!relative && !hold)))
      return SCOPE_NOTHING;
    whole |= kind == RULE_WHOLE;
    if ((kind == RULE_REGION || kind == RULE_VICINITY || kind == RULE_PART) &&
        (hit->rule->value == 0 || hit->rule->value == 4 ||
         (hit->rule->value == 2 && end == target->word))) {
      if (kind == RULE_REGION)
        region = TRUE;
      else
        scope = MIN(scope, scope_of_kind(kind));
    }
  }
  for (guint k = fl_hits_first_from(hits, h, sentence->end_hit, target->end);
       k < sentence->end_hit && hits[k].first <= target->end + SCOPE_GAP &&
       hits[k].first < next_place;  /* "Palmyra in Homs province": Homs's province */
       k++) {
    RuleKind kind = hits[k].rule->kind;
    if (kind == RULE_LIST || kind == RULE_CLAUSE || is_trigger(kind))
      break;  /* "Deir Ezzor and its airport", "the city, vacated positions": another thing */
    if ((kind == RULE_REGION || kind == RULE_VICINITY || kind == RULE_PART) &&
        (hits[k].rule->value == 1 || hits[k].rule->value == 3)) {
      if (kind == RULE_REGION)
        region = TRUE;
      else
        scope = MIN(scope, scope_of_kind(kind));
    }
  }
  /* a region said whole ("la totalité de la province", "le chef-lieu de la province d'Alep")
   * is its seat: what else is said of it stands */
  return region && !whole ? SCOPE_REGION : scope;
}

/* The event kind a trigger makes of a place in a scope, or -1 for none: nothing said of a
 * place's region (province, countryside) is said of the place; a capture or entry in its
 * outskirts is a siege of it, a capture of part of it an entry; a place left out of a loss
 * ("withdrew from the province except X") stays the loser's. */
gint
fl_scoped_kind(FlEventKind kind, Scope scope)
{
  switch (scope) {
  case SCOPE_PLACE: return (gint)kind;
  case SCOPE_REGION:
    return -1;
  case SCOPE_VICINITY:
    if (kind == FL_EVENT_CAPTURE || kind == FL_EVENT_ENTRY || kind == FL_EVENT_SIEGE)
      return FL_EVENT_SIEGE;
    return kind == FL_EVENT_HOLD ? FL_EVENT_HOLD : -1;
  case SCOPE_PART:
    return kind == FL_EVENT_CAPTURE ? FL_EVENT_ENTRY : kind == FL_EVENT_LOSS ? -1 : (gint)kind;
  case SCOPE_EXCEPTED: return kind == FL_EVENT_LOSS ? FL_EVENT_HOLD : -1;
  case SCOPE_NOTHING: return -1;
  }
  return -1;
}

/* How many words a list may put between two of its places ("A, B et C", "A ainsi que de B"). */
#define LIST_GAP 3

/* Whether the words between two targets join them in a list: nothing but a comma, list words
 * ("et", "and") and genitives ("de", "of"), and a comma or a list word among them. */
gboolean
fl_listed_together(const char *text, const Word *words, const Hit *hits,
                   const Sentence *sentence, guint prev_end, guint next)
{
  if (next < prev_end || next - prev_end > LIST_GAP)
    return FALSE;
  gboolean joined = memchr(text + words[prev_end - 1].end, ',',
                           words[next].start - words[prev_end - 1].end) != NULL;
  /* every word between is a list word, a "de", "of", or a name the theatre does not know
   * between commas ("Mayadin, Quriyah, Albu Kamal") */
  guint covered = prev_end;
  for (guint k = fl_hits_first_from(hits, sentence->first_hit, sentence->end_hit, prev_end);
       k <= sentence->end_hit; k++) {
    guint at = k < sentence->end_hit && hits[k].first < next ? hits[k].first : next;
    for (; covered < at; covered++)
      if (!(words[covered].capital && joined))
        return FALSE;
    if (at == next)
      break;
    RuleKind kind = hits[k].rule->kind;
    gboolean scope_after = (kind == RULE_REGION || kind == RULE_VICINITY || kind == RULE_PART) &&
                           (hits[k].rule->value == 1 || hits[k].rule->value == 3);
                           /* "Deir ez-Zor city centre, Mayadin" */
    if (kind != RULE_LIST && kind != RULE_GENITIVE && !scope_after)
      return FALSE;
    covered = hits[k].end;
    joined |= kind == RULE_LIST;
  }
  return joined;
}

/* How many words a loose list may put between two places: "Aleppo Thursday and the city of
 * Hama earlier this week". */
#define LOOSE_LIST_GAP 6

/* Whether a place takes the verb of the place before it across more words than a list allows:
 * every word between them is a list word ("and", "et", one at least), a genitive, a time word
 * or a reference phrase ("the city of"): "Aleppo Thursday and the city of Hama". */
gboolean
fl_listed_loosely(const Hit *hits, const Sentence *sentence, const GArray *references,
                  guint prev_end, guint next)
{
  if (next < prev_end || next - prev_end > LOOSE_LIST_GAP)
    return FALSE;
  gboolean joined = FALSE;
  guint8 covered[LOOSE_LIST_GAP] = {0};  /* each word between: a list, time or place word */
  for (guint k = fl_hits_first_from(hits, sentence->first_hit, sentence->end_hit, prev_end);
       k < sentence->end_hit && hits[k].first < next; k++) {
    RuleKind kind = hits[k].rule->kind;
    if (kind != RULE_LIST && kind != RULE_GENITIVE && !is_time(kind))
      return FALSE;  /* a verb, a side, a clause, "toward": not a list */
    joined |= kind == RULE_LIST;
    for (guint i = hits[k].first; i < hits[k].end && i < next; i++)
      covered[i - prev_end] = 1;
  }
  const Hit *refs = (const Hit *)references->data;
  for (guint k = fl_hits_first_from(refs, 0, references->len, prev_end);
       k < references->len && refs[k].first < next; k++)  /* "the city of" */
    for (guint i = refs[k].first; i < refs[k].end && i < next; i++)
      covered[i - prev_end] = 1;
  for (guint i = prev_end; i < next; i++)
    if (!covered[i - prev_end])
      return FALSE;  /* "took Homs and targeted Damascus": a word of its own */
  return joined;
}

/* How many words before its verb a future or modal word may stand. */
#define FUTURE_REACH 12

/* Whether a future or modal word ("will", "sera", "could", "if") stands in the trigger's clause
 * before it or between it and the place, or a repetition ("à plusieurs reprises", value 2)
 * anywhere in the clause near it: what the clause says is no event of the story. */
gboolean
fl_is_future(const Hit *hits, const Sentence *sentence, const guint *clause_of,
             const Hit *trigger, guint place_word)
{
  guint clause = clause_of[trigger->first];
  guint end = MAX(trigger->first, place_word);
  for (guint k = (guint)(trigger - hits) + 1; k > sentence->first_hit; k--) {
    const Hit *hit = &hits[k - 1];
    if (clause_of[hit->first] != clause || hit->first + FUTURE_REACH < trigger->first)
      break;  /* a bounded look back, however long the clause */
    if (hit->rule->kind == RULE_FUTURE &&
        (hit->rule->value != 1 || hit->end == trigger->first))
      return TRUE;
  }
  for (guint k = (guint)(trigger - hits) + 1;
       k < sentence->end_hit && hits[k].first < MAX(end, trigger->end + FUTURE_REACH); k++)
    if (hits[k].rule->kind == RULE_FUTURE && clause_of[hits[k].first] == clause &&
        (hits[k].rule->value == 2 || (hits[k].rule->value == 0 && hits[k].first < end)))
      return TRUE;  /* value 2 ("à plusieurs reprises"): after the verb too */
  return FALSE;
}

/* How many words may open a sentence before a fronted place: a preposition ("In Suwayda,", "À
 * Soueida,"); "La ville de Deraa, foyer de ..." is a subject. */
#define LOCATIVE_REACH 1

/* Whether the target is a fronted place ("In Suwayda, local factions seized the prison"): a
 * preposition or more before it open the sentence, and a comma follows it. What the sentence
 * then says happened in the place, not to it. */
gboolean
fl_fronted_locative(const char *text, const Word *words, const Hit *hits,
                    const Sentence *sentence, const Target *target)
{
  if (target->word == sentence->first_word || target->word > sentence->first_word + LOCATIVE_REACH)
    return FALSE;
  for (guint k = sentence->first_hit; k < sentence->end_hit && hits[k].first < target->word; k++)
    if (is_trigger(hits[k].rule->kind) || hits[k].rule->kind == RULE_ACTOR ||
        hits[k].rule->kind == RULE_PRONOUN)
      return FALSE;  /* "Rebels seized Saraqib, ...": the place is an object */
  gsize after = words[target->end - 1].end;
  while (text[after] == ' ')
    after++;
  return text[after] == ',';
}

/* How many words may stand between the place before an exception and the place it leaves out:
 * "Idlib province, with the exception of the cities of Khan Shaykhun". */
#define EXCEPT_SPAN 10
/* How many words may stand between the exception and the name: "sauf les villes de". */
#define EXCEPT_GAP 3

gboolean
fl_excepted(const Hit *hits, const Sentence *sentence, guint prev_end, guint next)
{
  if (next < prev_end || next - prev_end > EXCEPT_SPAN)
    return FALSE;
  gboolean except = FALSE;
  for (guint k = fl_hits_first_from(hits, sentence->first_hit, sentence->end_hit, prev_end);
       k < sentence->end_hit && hits[k].first < next; k++) {
    RuleKind kind = hits[k].rule->kind;
    if (is_trigger(kind) || kind == RULE_ACTOR || kind == RULE_PRONOUN)
      return FALSE;  /* a verb or a side of its own: another statement */
    if (kind == RULE_EXCEPT)
      except = hits[k].end + EXCEPT_GAP >= next;
  }
  return except;
}

/* Whether a comma or a colon stands just before the target: "deux villes, Alep et Hama". */
gboolean
fl_apposed(const char *text, const Word *words, const Sentence *sentence, const Target *target)
{
  if (target->word <= sentence->first_word)
    return FALSE;
  gsize from = words[target->word - 1].end, to = words[target->word].start;
  return memchr(text + from, ',', to - from) || memchr(text + from, ':', to - from);
}

/* Whether the sentence asks a question: a '?' between its last word and the next word. */
gboolean
fl_question(const char *text, gsize len, const Word *words, guint n_words,
            const Sentence *sentence)
{
  if (sentence->end_word <= sentence->first_word)
    return FALSE;
  gsize from = words[sentence->end_word - 1].end;
  gsize to = sentence->end_word < n_words ? words[sentence->end_word].start : len;
  return to > from && memchr(text + from, '?', to - from) != NULL;
}

/* Whether a plural region word holds the whole list the target is in: after its last place
 * ("the Aleppo and Idlib fronts", region value 3) or before its first ("les provinces d'Alep et
 * d'Idleb", value 4). */
gboolean
fl_list_region(const char *text, const Word *words, const Hit *hits, const Sentence *sentence,
               const GArray *targets, guint t)
{
  const Target *all = (const Target *)targets->data;
  guint first = t, last = t;
  while (first > 0 && all[first - 1].word >= sentence->first_word &&
         fl_listed_together(text, words, hits, sentence, all[first - 1].end, all[first].word))
    first--;
  while (last + 1 < targets->len && all[last + 1].word < sentence->end_word &&
         fl_listed_together(text, words, hits, sentence, all[last].end, all[last + 1].word))
    last++;
  if (first == last)
    return FALSE;
  guint k = fl_hits_first_from(hits, sentence->first_hit, sentence->end_hit, all[last].end);
  for (; k < sentence->end_hit && hits[k].first <= all[last].end + SCOPE_GAP; k++)
    if (hits[k].rule->kind == RULE_REGION && hits[k].rule->value == 3)
      return TRUE;
  k = fl_hits_first_from(hits, sentence->first_hit, sentence->end_hit,
                         all[first].word > SCOPE_GAP + 3 ? all[first].word - SCOPE_GAP - 3 : 0);
  for (; k < sentence->end_hit && hits[k].first < all[first].word; k++)
    if (hits[k].rule->kind == RULE_REGION && hits[k].rule->value == 4 &&
        hits[k].end + SCOPE_GAP >= all[first].word)
      return TRUE;
  return FALSE;
}

/* The main verb of a place set off by a relative clause ("Balakliia, which Russia seized in
 * March, was retaken on Thursday"), when the place's trigger stands in that clause: the next
 * trigger of the sentence, within reach, after the comma that closes the clause, with no place
 * between; NULL otherwise (the clause's own verb is the place's). */
const Hit *
fl_main_trigger(const char *text, const Word *words, const Hit *hits,
                const Sentence *sentence, const Target *target, guint next_place,
                const Hit *trigger)
{
  guint after = fl_hits_first_from(hits, sentence->first_hit, sentence->end_hit, target->end);
  if (trigger->first < target->end || after >= sentence->end_hit ||
      hits[after].rule->kind != RULE_CLAUSE || hits[after].rule->value != 2 ||
      hits[after].first != target->end ||
      !memchr(text + words[target->end - 1].end, ',',
              words[target->end].start - words[target->end - 1].end))
    return NULL;
  for (guint h = (guint)(trigger - hits) + 1;
       h < sentence->end_hit && hits[h].first <= trigger->end + TRIGGER_REACH; h++) {
    if (hits[h].first >= next_place)
      return NULL;
    if (!is_trigger(hits[h].rule->kind))
      continue;
    return memchr(text + words[trigger->end - 1].end, ',',
                  words[hits[h].first].start - words[trigger->end - 1].end)
               ? &hits[h] : NULL;
  }
  return NULL;
}
