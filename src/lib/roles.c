/* roles.c - stage 3: who did what a sentence says, and how sure it is.
 *
 * The agent of a trigger is found by its role, not its distance: the subject before an active
 * verb (an actor after "against", "from", "anti-", "la chute de" or followed at once by another
 * actor is a target or a modifier, never the agent), the actor after a passive one, the one
 * after "par"/"by" for a noun, the sentence's subject for a participle ("after capturing"),
 * the actor a pronoun stands for. Factuality comes from the sentence's markers, the claimant
 * from the actor next to its first claim marker. */
#include "events-internal.h"

/* How far (in words) a negation reaches forward to the trigger it negates. */
#define NEGATION_REACH 3

/* How many words (an article) may stand between "par"/"by" and the actor. */
#define AGENT_GAP 1


enum { MARK_CLAIM = 1, MARK_HEDGE = 2, MARK_DENY = 4, MARK_UNVERIFIED = 8 };

/* How many words (an article, an adjective) may stand between "against", "from", "anti" and
 * the actor it takes out of the running. */
#define NOT_AGENT_GAP 2

/* How many words (an article) may stand between a region phrase and a side's country named as
 * its place: "dans l'est de l'Ukraine". */
#define REGION_ACTOR_GAP 1

/* Whether the actor hits[h] is a target or a modifier, never an agent: it follows a not-agent
 * marker ("against the YPG"), or another actor follows it at once ("the US-backed YPG", "the
 * opposition Syrian National Army": the last names the agent), or it is the place of a region
 * phrase ("dans l'est de l'Ukraine"). */
static gboolean
name_not_agent(const Hit *hits, guint n_hits, guint h)
{
  if (h + 1 < n_hits && hits[h + 1].rule->kind == RULE_ACTOR &&
      hits[h + 1].first == hits[h].end &&
      hits[h + 1].rule->value != hits[h].rule->value)
    return TRUE;
  if (h == 0 || hits[h - 1].sentence != hits[h].sentence)
    return FALSE;
  /* a side's country as a region's place: "dans l'est de l'Ukraine" (not an adjective before
   * a side: "northern factions" act) */
  const Rule *before = hits[h - 1].rule;
  if (before->kind == RULE_REGION && before->value == 0)
    return hits[h].first - hits[h - 1].end <= REGION_ACTOR_GAP;
  /* after "against", "from", or a noun of a gain: "la chute d'Assad", "the fall of the regime" */
  if (before->kind != RULE_NOT_AGENT && !(is_trigger(before->kind) && before->value == 1))
    return FALSE;
  return hits[h].first - hits[h - 1].end <= NOT_AGENT_GAP;
}

/* How many names of one side in a row ("the Kurdish-led SDF") are read as one. */
#define NAME_RUN 4

/* Whether the actor hits[h] is a target or a modifier (name_not_agent), it or the first of the
 * names of its side just before it: "from the Kurdish-led SDF" is the source, SDF too. */
static gboolean
hit_not_agent(const Hit *hits, guint n_hits, guint h)
{
  guint first = h;
  for (guint steps = 0; first > 0 && steps < NAME_RUN; first--, steps++) {
    const Hit *before = &hits[first - 1];
    if (before->sentence != hits[h].sentence || before->rule->kind != RULE_ACTOR ||
        before->rule->value != hits[h].rule->value || before->end + 1 < hits[first].first)
      break;
  }
  return name_not_agent(hits, n_hits, h) || (first != h && name_not_agent(hits, n_hits, first));
}

void
fl_hit_index_init(HitIndex *index, const Hit *hits, guint n_hits, guint n_sentences)
{
  index->hits = hits;
  index->n_hits = n_hits;
  index->prev_subject = g_new(gint, n_hits + 1);
  index->prev_actor = g_new(gint, n_hits + 1);
  index->next_actor = g_new(guint, n_hits + 1);
  index->next_agent = g_new(guint, n_hits + 1);
  index->times = g_array_new(FALSE, FALSE, sizeof(guint));
  index->marks = g_new0(guint8, n_sentences + 1);
  index->first_claim = g_new(gint, n_sentences + 1);
  index->first_deny = g_new(gint, n_sentences + 1);
  index->words = NULL;
  index->folded = NULL;
  for (guint s = 0; s <= n_sentences; s++)
    index->first_claim[s] = index->first_deny[s] = -1;
  gint subject = -1, actor = -1;
  gint trigger_sentence = -1;  /* the sentence of the last trigger seen */
  for (guint h = 0; h <= n_hits; h++) {
    index->prev_subject[h] = subject;
    index->prev_actor[h] = actor;
    if (h == n_hits)
      break;
    RuleKind kind = hits[h].rule->kind;
    if (kind == RULE_ACTOR && hit_not_agent(hits, n_hits, h))
      kind = RULE_NOT_AGENT;  /* "against the YPG", "from regime forces": never the agent */
    if (kind == RULE_ACTOR || kind == RULE_CIVILIAN || kind == RULE_PRONOUN)
      subject = (gint)h;
    if (kind == RULE_ACTOR)
      actor = (gint)h;
    if (is_time(kind))
      g_array_append_val(index->times, h);
    guint s = hits[h].sentence;
    if (is_trigger(kind))
      trigger_sentence = (gint)s;
    switch (kind) {
    case RULE_CLAIM:
      index->marks[s] |= MARK_CLAIM;
      if (index->first_claim[s] < 0)
        index->first_claim[s] = (gint)h;
      break;
    case RULE_HEDGE: index->marks[s] |= MARK_HEDGE; break;
    case RULE_DENY:
      if (!(h > 0 && hits[h - 1].sentence == s && hits[h - 1].rule->kind == RULE_LIST &&
            hits[h - 1].end == hits[h].first && trigger_sentence == (gint)s))
      {
        index->marks[s] |= MARK_DENY;  /* not "held Hama and denied any pullout" */
        if (index->first_deny[s] < 0)
          index->first_deny[s] = (gint)h;
      }
      break;
    case RULE_UNVERIFIED: index->marks[s] |= MARK_UNVERIFIED; break;
    default: break;
    }
  }
  index->next_actor[n_hits] = index->next_agent[n_hits] = n_hits;
  for (guint h = n_hits; h > 0; h--) {
    const Hit *hit = &hits[h - 1];
    index->next_actor[h - 1] = hit->rule->kind == RULE_ACTOR && !hit_not_agent(hits, n_hits, h - 1)
                                   ? h - 1
                                   : index->next_actor[h];
    /* "by the rebels"; "par des combattants proturcs": a genitive article, then the actor */
    guint a = h < n_hits && hits[h].rule->kind == RULE_GENITIVE && hits[h].first == hit->end &&
                      h + 1 < n_hits ? h + 1 : h;
    gboolean agent = hit->rule->kind == RULE_AGENT && a < n_hits &&
                     hits[a].rule->kind == RULE_ACTOR && hits[a].sentence == hit->sentence &&
                     hits[a].first - hit->end <= AGENT_GAP + (a - h);
    index->next_agent[h - 1] = agent ? h - 1 : index->next_agent[h];
  }
}

void
fl_hit_index_clear(HitIndex *index)
{
  g_free(index->prev_subject);
  g_free(index->prev_actor);
  g_free(index->next_actor);
  g_free(index->next_agent);
  g_array_unref(index->times);
  g_free(index->marks);
  g_free(index->first_claim);
  g_free(index->first_deny);
}

/* The first hit of hits[lo, hi) that starts at word or after, or hi. */
guint
fl_hits_first_from(const Hit *hits, guint lo, guint hi, guint word)
{
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    if (hits[mid].first < word)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* How many words may end a sentence after a claim that attributes all of it ("locals said on
 * Tuesday"). */
#define ATTRIBUTION_TAIL 3

/* How many hits after a trigger a marker of the sentence is looked for in a clause of its
 * own (a bound on the work in a never-ending sentence). */
#define CLAUSE_HITS 48

/* Whether the marker hits[marker] (a claim, a denial) after the trigger word opens a clause of
 * its own: "and" or a clause word followed at once by a subject or the marker ("..., and the
 * rebels announced", "..., while Moscow denied") stands between them. A relative word (clause
 * value 2: "qui", "which") opens one only when relatives do: "..., qui ont annoncé" is its
 * clause's claim, but "..., ce que dément l'armée", "..., which the army denied" deny what
 * went before. */
static gboolean
clause_of_its_own(const Hit *hits, const Sentence *sentence, guint trigger_word, guint marker,
                  gboolean relatives)
{
  if (hits[marker].first <= trigger_word)
    return FALSE;
  guint h = fl_hits_first_from(hits, sentence->first_hit, sentence->end_hit, trigger_word);
  for (guint steps = 0; h < marker && steps < CLAUSE_HITS; h++, steps++)
    if ((hits[h].rule->kind == RULE_LIST ||
         (hits[h].rule->kind == RULE_CLAUSE && (relatives || hits[h].rule->value != 2))) &&
        (hits[h + 1].rule->kind == RULE_ACTOR || hits[h + 1].rule->kind == RULE_PRONOUN ||
         hits[h + 1].rule->kind == RULE_CLAIM || hits[h + 1].rule->kind == RULE_DENY) &&
        hits[h + 1].first <= hits[h].end + 1)
      return TRUE;
  return FALSE;
}

FlFactuality
fl_event_factuality(const HitIndex *index, const Sentence *sentence, guint sentence_number,
              guint trigger_word)
{
  const Hit *hits = index->hits;
  guint8 marks = index->marks[sentence_number];
  gboolean negate = FALSE;
  guint from = trigger_word > NEGATION_REACH ? trigger_word - NEGATION_REACH : 0;
  for (guint h = fl_hits_first_from(hits, sentence->first_hit, sentence->end_hit, from);
       h < sentence->end_hit && hits[h].first < trigger_word; h++)
    negate |= hits[h].rule->kind == RULE_NEGATE;
  /* "Damascus fell, and the rebels announced that...", "tombée aux mains des rebelles, qui
   * ont annoncé...": a claim after "and" or a relative word with a subject of its own is that
   * clause's, not the verb's before it; one that ends the sentence ("..., after the army
   * pulled out, locals said") attributes all of it */
  gint claim = index->first_claim[sentence_number];
  if (claim >= 0 && hits[claim].end + ATTRIBUTION_TAIL < sentence->end_word &&
      clause_of_its_own(hits, sentence, trigger_word, (guint)claim, TRUE))
    marks &= (guint8)~MARK_CLAIM;
  /* "Russian troops left Vovchansk, while Moscow denied any pullout from Kupiansk": the
   * denial is its clause's */
  gint deny = index->first_deny[sentence_number];
  if (deny >= 0 && clause_of_its_own(hits, sentence, trigger_word, (guint)deny, FALSE))
    marks &= (guint8)~MARK_DENY;
  return (marks & MARK_DENY)         ? FL_FACT_DENIED
         : negate                    ? FL_FACT_NEGATED
         : (marks & MARK_UNVERIFIED) ? FL_FACT_UNVERIFIED
         : (marks & MARK_HEDGE)      ? FL_FACT_HEDGED
         : (marks & MARK_CLAIM)      ? FL_FACT_CLAIMED
                                     : FL_FACT_CONFIRMED;
}

/* How many words before a claim marker its claimant may stand ("les rebelles ont affirmé"), and
 * after it ("selon les rebelles"). */
#define CLAIMANT_BEFORE 8
#define CLAIMANT_AFTER 2

/* The actor who makes the sentence's claim: the nearest actor before the first claim marker,
 * else one just after it; only after it for a marker that names its source after it (value 2:
 * "selon", "according to": "rebels took Morek, according to a monitor" is the monitor's word, not
 * the rebels'); NULL when the source is neutral or unnamed ("selon l'OSDH"). */
const Hit *
fl_event_claimant(const HitIndex *index, const Sentence *sentence, guint sentence_number)
{
  const Hit *hits = index->hits;
  gint claim = index->first_claim[sentence_number];
  if (claim < 0)
    return NULL;
  guint h = (guint)claim;
  for (guint b = h; hits[h].rule->value != 2 && b > sentence->first_hit; b--) {
    const Hit *before = &hits[b - 1];
    if (hits[h].first - before->first > CLAIMANT_BEFORE)
      break;
    if (before->rule->kind == RULE_ACTOR && !hit_not_agent(hits, index->n_hits, b - 1))
      return before;  /* not "from the Damascus government, ... said" */
  }
  guint end = hits[h].end;
  for (guint a = h + 1; a < sentence->end_hit && hits[a].first <= end + CLAIMANT_AFTER; a++)
    if (hits[a].rule->kind == RULE_ACTOR && !hit_not_agent(hits, index->n_hits, a))
      return &hits[a];
  return NULL;
}

/* How far (in words) before a possessive "de" a non-combatant head makes the subject one. */
#define POSSESSOR_REACH 6
/* How many words (a title: "président", "général") may stand between a genitive and the
 * actor. */
#define GENITIVE_GAP 2

/* How many sentences back a pronoun ("ils", "these groups") may find its actor. */
#define PRONOUN_REACH 3

/* How many words before an actor may name its head noun ("les groupes opposés au régime"). */
#define HEAD_NOUN_GAP 2
/* How many hits of the sentence before a head noun looks through (a bound on the work). */
#define HEAD_NOUN_HITS 64

/* Whether two folded words are one noun, singular or plural ("groupe", "groupes"). */
static gboolean
same_noun(const char *a, gsize a_len, const char *b, gsize b_len)
{
  if (a_len && (a[a_len - 1] == 's' || a[a_len - 1] == 'x'))
    a_len--;
  if (b_len && (b[b_len - 1] == 's' || b[b_len - 1] == 'x'))
    b_len--;
  return a_len > 2 && a_len == b_len && memcmp(a, b, a_len) == 0;
}

/* Whether the actor hit is named by the noun head ("groupes": "les groupes armés", "les
 * groupes opposés au régime"): the noun is one of its words or of the HEAD_NOUN_GAP before. */
static gboolean
actor_has_noun(const HitIndex *index, const Sentence *sentence, const Hit *actor,
               const char *head, gsize head_len)
{
  guint from = actor->first >= sentence->first_word + HEAD_NOUN_GAP
                   ? actor->first - HEAD_NOUN_GAP
                   : sentence->first_word;
  for (guint w = from; w < actor->end; w++) {
    const Word *word = &index->words[w];
    if (same_noun(index->folded + word->folded, word->folded_len, head, head_len))
      return TRUE;
  }
  return FALSE;
}

/* Whether a sentence has the noun, singular or plural, among its words. */
static gboolean
sentence_has_noun(const HitIndex *index, const Sentence *sentence, const char *noun,
                  gsize noun_len)
{
  for (guint w = sentence->first_word; w < sentence->end_word; w++) {
    const Word *word = &index->words[w];
    if (same_noun(index->folded + word->folded, word->folded_len, noun, noun_len))
      return TRUE;
  }
  return FALSE;
}

/* The actor of the sentence before that a pronoun stands for: the one its head noun names
 * ("ces groupes" after "entre les forces du régime et les groupes armés"), else the first
 * (its subject, as a rule, not "... contre le régime"), but for a head noun only when the
 * sentence has that noun ("Groups hostile to the regime, led by HTS, ..."; "these groups"
 * after "the army said" is not the army); -1 when it names none. */
static gint
actor_of_sentence(const HitIndex *index, const Sentence *before, const Rule *pronoun)
{
  if (pronoun->n_words >= 2 && index->words) {
    const char *head = pronoun->words[pronoun->n_words - 1];
    gsize head_len = pronoun->lens[pronoun->n_words - 1];
    /* any actor, a target too: "ces forces" after "face aux forces du régime" */
    guint end = MIN(before->end_hit, before->first_hit + HEAD_NOUN_HITS);
    for (guint h = before->first_hit; h < end; h++)
      if (index->hits[h].rule->kind == RULE_ACTOR &&
          actor_has_noun(index, before, &index->hits[h], head, head_len))
        return (gint)h;
    if (!sentence_has_noun(index, before, head, head_len))
      return -1;
  }
  guint first = index->next_actor[before->first_hit];
  return first < before->end_hit ? (gint)first : -1;
}

/* The pronoun a sentence opens with, before any actor ("Ils ont pris...", "Ces groupes ont..."),
 * or NULL: it stands for an actor of a sentence before. */
static const Rule *
opening_pronoun(const HitIndex *index, const Sentence *sentence)
{
  guint first = index->next_actor[sentence->first_hit];
  for (guint h = sentence->first_hit; h < sentence->end_hit && h < first; h++)
    if (index->hits[h].rule->kind == RULE_PRONOUN && index->hits[h].rule->value == 0)
      return index->hits[h].rule;
  return NULL;
}

/* The actor a pronoun stands for: the last actor before it in its sentence, else the one of
 * the nearest of the PRONOUN_REACH sentences before that names one (actor_of_sentence). A
 * sentence that opens with a pronoun passes the search on to the one before it, with its head
 * noun when the first has none ("Ces groupes ont pris Alep. Ils ont pris Hama."). */
static const Hit *
pronoun_actor(const HitIndex *index, const Sentence *sentences, const Sentence *sentence,
              guint pronoun)
{
  gint actor = index->prev_actor[pronoun];
  if (actor >= (gint)sentence->first_hit)
    return &index->hits[actor];
  const Rule *named = index->hits[pronoun].rule;
  for (guint back = 0; back < PRONOUN_REACH && sentence > sentences; back++) {
    const Sentence *before = --sentence;
    const Rule *opening = opening_pronoun(index, before);
    if (opening) {
      if (named->n_words < 2)
        named = opening;
      continue;
    }
    gint found = actor_of_sentence(index, before, named);
    if (found >= 0)
      return &index->hits[found];
  }
  return NULL;
}

/* The actor before a trigger: for a passive one the nearest actor after it; otherwise the
 * nearest actor, pronoun or non-combatant before it. An actor after a genitive ("la communauté
 * ... du président Assad", "les troupes d'Assad") is a possessor: a non-combatant up to
 * POSSESSOR_REACH words before the genitive makes the subject non-combatant. */
static const Hit *
find_actor_before(const HitIndex *index, const Sentence *sentences, const Sentence *sentence,
                  guint trigger, gboolean *civilian)
{
  const Hit *hits = index->hits;
  *civilian = FALSE;
  if (hits[trigger].rule->kind == RULE_PASSIVE_CAPTURE || hits[trigger].rule->value == 2) {
    guint actor = index->next_actor[trigger + 1];
    return actor < sentence->end_hit ? &hits[actor] : NULL;
  }
  if (index->no_subject)
    return NULL;
  gint subject = index->prev_subject[trigger];
  if (subject < (gint)sentence->first_hit)
    return NULL;
  const Hit *hit = &hits[subject];
  if (hit->rule->kind == RULE_CIVILIAN) {
    *civilian = TRUE;
    return NULL;
  }
  if (hit->rule->kind == RULE_PRONOUN && hit->rule->value == 1) {
    /* "« Nos forces sont entrées dans Damas », a déclaré HTS": who speaks */
    guint h = (guint)(sentence - sentences);
    return fl_event_claimant(index, sentence, h);
  }
  if (hit->rule->kind == RULE_PRONOUN)
    return pronoun_actor(index, sentences, sentence, (guint)subject);
  /* a genitive just before the actor, or before a title of it ("du président Assad") */
  const Hit *genitive = subject >= 1 ? &hits[subject - 1] : NULL;
  if (genitive && genitive->rule->kind == RULE_GENITIVE &&
      hit->first - genitive->end <= GENITIVE_GAP) {
    for (gint h = subject - 2; h >= (gint)sentence->first_hit; h--) {
      if (genitive->first - hits[h].first > POSSESSOR_REACH)
        break;
      if (hits[h].rule->kind == RULE_CIVILIAN) {
        *civilian = TRUE;
        return NULL;
      }
    }
  }
  return hit;
}

/* How many actors back a participle looks for the subject of the clause it hangs on. */
#define PARTICIPLE_STEPS 4

/* How many words may open a sentence before a fronted trigger whose actor follows it. */
#define FRONTED_REACH 3

/* The actor of a trigger, or NULL; *civilian is set when the subject is non-combatant (no
 * event then). The actor before the trigger, else one named by "par"/"by" after it ("la prise
 * de Rastan par les rebelles"). */
const Hit *
fl_event_actor(const HitIndex *index, const Sentence *sentences, const Sentence *sentence,
           guint trigger, guint place_word, gboolean *civilian)
{
  const Hit *hits = index->hits;
  const Hit *actor = NULL;
  *civilian = FALSE;
  if (hits[trigger].rule->actor_slot >= 0)  /* "under rebel control": the actor in it */
    for (guint h = trigger + 1; h < sentence->end_hit && hits[h].first < hits[trigger].end; h++)
      if (hits[h].rule->kind == RULE_ACTOR)
        return &hits[h];
  /* a noun ("la prise de", "the fall of") has no subject: its agent follows "par"/"by" */
  gboolean nominal = hits[trigger].rule->value == 1;
  /* a participle opening a clause ("days after capturing", "après avoir pris") has the
   * subject of the clause it hangs on: the actor a relative word follows ("les rebelles qui se
   * sont approchés de Hama, après avoir pris Alep"), else the sentence's first actor */
  gboolean participle =
      trigger > sentence->first_hit && hits[trigger - 1].rule->kind == RULE_CLAUSE &&
      hits[trigger - 1].end == hits[trigger].first;
  if (participle) {
    guint steps = 0;  /* a bounded look back, however many actors the sentence names */
    for (gint h = index->prev_actor[trigger]; h >= (gint)sentence->first_hit &&
                                              steps < PARTICIPLE_STEPS;
         h = index->prev_actor[h], steps++) {
      if ((guint)h + 1 < trigger && hits[h + 1].rule->kind == RULE_CLAUSE &&
          hits[h + 1].first == hits[h].end)
        return &hits[h];
    }
    guint first = index->next_actor[sentence->first_hit];
    if (first < trigger)
      return &hits[first];
    guint next = index->next_actor[trigger + 1];  /* "Quelques jours après avoir pris Alep, */
    if (next < sentence->end_hit)                /* les rebelles..." */
      return &hits[next];
  }
  if (!nominal)
    actor = find_actor_before(index, sentences, sentence, trigger, civilian);
  if (actor == NULL && !*civilian && hits[trigger].rule->kind != RULE_PASSIVE_CAPTURE &&
      hits[trigger].rule->value != 2) {
    guint agent = index->next_agent[trigger + 1];
    for (guint h = trigger + 1; h < agent && h < sentence->end_hit; h++)
      if (hits[h].rule->kind == RULE_DENY || hits[h].rule->kind == RULE_CLAIM ||
          is_trigger(hits[h].rule->kind))
        agent = sentence->end_hit;  /* "la prise de Rastane, démentie par Damas": the
                                     * denial's agent, not the capture's */
    if (agent + 1 < sentence->end_hit) {
      /* "by the US-backed YPG": the head, not its modifier */
      guint head = index->next_actor[agent + 1];
      actor = &hits[head < sentence->end_hit ? head : agent + 1];
    }
  }
  /* a fronted clause: "Après avoir pris Alep, les rebelles...", "Having seized Hama, rebels";
   * not a verb after its place ("Kupiansk was captured, Russian officials admitted") */
  if (actor == NULL && !*civilian && !nominal && hits[trigger].first < place_word &&
      hits[trigger].first <= sentence->first_word + FRONTED_REACH) {
    guint next = index->next_actor[trigger + 1];
    if (next < sentence->end_hit)
      actor = &hits[next];
  }
  return actor;
}

/* How many words after the place a capture's source ("from the SDF", "aux forces kurdes") may
 * start. */
#define SOURCE_REACH 4

const Hit *
fl_event_source(const HitIndex *index, const Sentence *sentence, const guint *clause_of,
                const Hit *trigger, guint target_end)
{
  const Hit *hits = index->hits;
  gboolean loss = trigger->rule->kind == RULE_LOSS;
  if (trigger->rule->kind != RULE_CAPTURE && !loss)
    return NULL;
  guint from = MAX(trigger->end, target_end);
  for (guint h = fl_hits_first_from(hits, sentence->first_hit, sentence->end_hit, from);
       h + 1 < sentence->end_hit && hits[h].first <= target_end + SOURCE_REACH; h++) {
    if (clause_of[hits[h].first] != clause_of[trigger->first] || is_trigger(hits[h].rule->kind))
      return NULL;
    if (hits[h].rule->kind == RULE_NOT_AGENT &&
        (hits[h].rule->value == 1 || (loss && hits[h].rule->value == 2)) &&
        hits[h + 1].rule->kind == RULE_ACTOR &&
        hits[h + 1].first - hits[h].end <= NOT_AGENT_GAP) {
      guint a = h + 1;  /* "from the US-backed SDF": the last of the names, the head */
      while (a + 1 < sentence->end_hit && hits[a + 1].rule->kind == RULE_ACTOR &&
             hits[a + 1].first <= hits[a].end + 1)
        a++;
      return &hits[a];
    }
  }
  return NULL;
}

/* How many sentences back a noun reference ("la ville", "the city") finds its place. */
#define NOUN_REACH 3

gint
fl_reference_antecedent(const Hit *ref, gint last_place, guint last_sentence, gint topic,
                        guint topic_sentence)
{
  gboolean topic_near = topic >= 0 && ref->sentence <= topic_sentence + NOUN_REACH;
  if (ref->rule->value == 0 && topic_near && topic_sentence >= last_sentence)
    return topic;
  if (last_place >= 0 && ref->sentence <= last_sentence + 1)
    return last_place;
  return ref->rule->value == 0 && topic_near ? topic : -1;
}

/* The subject before the trigger hits[trigger], leaving aside an actor its phrase names
 * ("Rebels drove the army out of": the rebels), or NULL. */
static const Hit *
event_subject(const HitIndex *index, const Sentence *sentences, const Sentence *sentence,
              guint trigger)
{
  gboolean civilian = FALSE;
  const Hit *subject = find_actor_before(index, sentences, sentence, trigger, &civilian);
  return subject && subject->rule->kind == RULE_ACTOR ? subject : NULL;
}

FlEvent *
fl_event_counterpart(const FlTheatre *theatre, const HitIndex *index, const Sentence *sentences,
                     const Sentence *sentence, const guint *clause_of, const Hit *trigger,
                     const Target *target, const FlEvent *event)
{
  const Hit *other = NULL;
  if (event->kind == FL_EVENT_CAPTURE && event->faction < 0)
    other = fl_event_source(index, sentence, clause_of, trigger, target->end);
  else if (event->kind == FL_EVENT_LOSS && trigger->rule->actor_slot >= 0)
    other = event_subject(index, sentences, sentence, (guint)(trigger - index->hits));
  else if (event->kind == FL_EVENT_LOSS)  /* "lost Hama to the rebels" */
    other = fl_event_source(index, sentence, clause_of, trigger, target->end);
  if (other == NULL)
    return NULL;
  gint faction = fl_theatre_faction_at(theatre, other->rule->value,
                                       theatre->places->pdata[target->place],
                                       &event->event_date);
  if (faction < 0 || faction == event->faction)
    return NULL;
  FlEvent *made = g_memdup2(event, sizeof *event);
  made->kind = event->kind == FL_EVENT_LOSS ? FL_EVENT_CAPTURE : FL_EVENT_LOSS;
  made->faction = faction;
  return made;
}
