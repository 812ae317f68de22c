/* when.c - stage 3: when an event happened, from the time words of its sentence.
 *
 * A time word binds within the clause of its trigger; relative days count from the report
 * date, "the same day" from the date the report named last; vague spans bound the date
 * instead of pinning a day; a year before the report's is history, and so are the sentences
 * after one that dates an event in it, while they name no time of their own. */
#include "events-internal.h"

/* Resolves a time expression against the report date, or for "the same day" against
 * last_date, the date the report named last (when valid). */
void
fl_time_resolve(const Hit *hit, const GDate *report_date, const GDate *last_date, GDate *date,
                FlPrecision *precision)
{
  const Rule *rule = hit->rule;
  *date = *report_date;
  switch (rule->kind) {
  case RULE_SPAN:
    /* on or before the report date ("since", "this week"), or the Sunday that ended last week */
    if (rule->value < 0)
      g_date_subtract_days(date, g_date_get_weekday(report_date));
    *precision = FL_PRECISION_BOUND;
    return;
  case RULE_SAME_DAY:
    if (g_date_valid(last_date))
      *date = *last_date;
    if (rule->value < 0)
      g_date_subtract_days(date, (guint)-rule->value);
    else
      g_date_add_days(date, (guint)rule->value);
    *precision = FL_PRECISION_DAY;
    return;
  case RULE_WEEKDAY: {
    /* the last such weekday on or before the report date */
    gint back = ((gint)g_date_get_weekday(report_date) - rule->value + 7) % 7;
    g_date_subtract_days(date, (guint)back);
    *precision = FL_PRECISION_DAY;
    return;
  }
  case RULE_DAY:
  case RULE_PART_OF_DAY:
  case RULE_WEEK:
  case RULE_DAYS_AGO: {
    gint64 offset = rule->value;
    if (rule->kind == RULE_DAYS_AGO)
      offset *= MIN(hit->number, 3660);
    if (offset < 0)
      g_date_subtract_days(date, (guint)-offset);
    else
      g_date_add_days(date, (guint)offset);
    *precision = rule->kind == RULE_WEEK || (rule->kind == RULE_DAYS_AGO && ABS(rule->value) >= 7)
                     ? FL_PRECISION_WEEK
                 : rule->kind == RULE_PART_OF_DAY ? FL_PRECISION_PART_OF_DAY
                                                  : FL_PRECISION_DAY;
    return;
  }
  case RULE_DAY_OF_MONTH: {
    /* that day of the report's month, or of the month before when that is later */
    GDateYear year = g_date_get_year(report_date);
    GDateMonth month = g_date_get_month(report_date);
    for (guint back = 0; back < 2; back++) {
      if (g_date_valid_dmy((GDateDay)hit->number, month, year)) {
        g_date_set_dmy(date, (GDateDay)hit->number, month, year);
        if (g_date_compare(date, report_date) <= 0) {
          *precision = FL_PRECISION_DAY;
          return;
        }
      }
      year = month == G_DATE_JANUARY ? year - 1 : year;
      month = month == G_DATE_JANUARY ? G_DATE_DECEMBER : (GDateMonth)(month - 1);
    }
    *date = *report_date;  /* "le 31" of a month that has none: the report's day */
    *precision = FL_PRECISION_REPORT;
    return;
  }
  case RULE_MONTH: {
    /* that day of that month, in the report's year or, when that is after the report, the
     * year before; a day the month does not have is ignored */
    GDateYear year = g_date_get_year(report_date);
    if (hit->number == 0) {  /* "in August": by the month's last day, or the report's */
      if ((GDateMonth)rule->value > g_date_get_month(report_date))
        year--;
      g_date_set_dmy(date, g_date_get_days_in_month((GDateMonth)rule->value, year),
                     (GDateMonth)rule->value, year);
      if (g_date_compare(date, report_date) > 0)
        *date = *report_date;
      *precision = FL_PRECISION_BOUND;
      return;
    }
    if (!g_date_valid_dmy((GDateDay)hit->number, (GDateMonth)rule->value, year))
      return;
    g_date_set_dmy(date, (GDateDay)hit->number, (GDateMonth)rule->value, year);
    if (g_date_compare(date, report_date) > 0 &&
        g_date_valid_dmy((GDateDay)hit->number, (GDateMonth)rule->value, year - 1))
      g_date_set_dmy(date, (GDateDay)hit->number, (GDateMonth)rule->value, year - 1);
    *precision = FL_PRECISION_DAY;
    return;
  }
  default:
    g_return_if_reached();  /* only time rules have a date */
  }
}


/* How far (in words) from its place or verb a time word may stand: a bounded search, however
 * long the sentence. */
#define TIME_REACH 40

/* How many words ("le 27") may stand between "depuis", "since" and the date it opens. */
#define SINCE_GAP 2

/* Whether a day is named right beside the part of a day hits[h] ("overnight Saturday",
 * "Saturday overnight"): the day says which. */
static gboolean
day_beside(const Hit *hits, const Sentence *sentence, guint h)
{
  for (guint k = h > sentence->first_hit ? h - 1 : h; k <= h + 1 && k < sentence->end_hit; k++) {
    RuleKind kind = hits[k].rule->kind;
    if (k != h && (kind == RULE_WEEKDAY || kind == RULE_MONTH || kind == RULE_DAY) &&
        (hits[k].end == hits[h].first || hits[k].first == hits[h].end))
      return TRUE;
  }
  return FALSE;
}

/* The time word of a place: the nearest in the clause of its trigger, else the nearest in the
 * sentence that is not in another clause with a trigger of its own ("a time word binds within
 * its clause"). */
const Hit *
fl_time_of(const HitIndex *index, const Sentence *sentence, const guint *clause_of,
           const guint8 *clause_has_trigger, guint w, guint trigger_word)
{
  const Hit *hits = index->hits;
  const guint *times = (const guint *)index->times->data;
  /* from the verb when it follows the place: "... et en ont pris le contrôle vendredi" */
  guint from = trigger_word > w ? trigger_word : w;
  guint first = fl_hits_first_from(hits, sentence->first_hit, sentence->end_hit,
                                   from > TIME_REACH ? from - TIME_REACH : 0);
  guint lo = 0, hi = index->times->len;
  while (lo < hi) {  /* the first time hit of the sentence within reach */
    guint mid = lo + (hi - lo) / 2;
    if (times[mid] < first)
      lo = mid + 1;
    else
      hi = mid;
  }
  const Hit *best = NULL;
  guint best_distance = G_MAXUINT;
  gboolean best_in_clause = FALSE;
  for (guint i = lo; i < index->times->len && times[i] < sentence->end_hit &&
                     hits[times[i]].first <= from + TIME_REACH;
       i++) {
    guint at = hits[times[i]].first;
    const Hit *since = times[i] > 0 ? &hits[times[i] - 1] : NULL;
    if (since && since->rule->kind == RULE_SPAN && since->rule->value == 1 &&
        at - since->end <= SINCE_GAP)
      continue;  /* "depuis le 27 novembre": when it began, not when it happened */
    if (hits[times[i]].rule->kind == RULE_PART_OF_DAY && day_beside(hits, sentence, times[i]))
      continue;
    gboolean in_clause = clause_of[at] == clause_of[trigger_word];
    if (!in_clause && clause_has_trigger[clause_of[at]])
      continue;
    guint distance = at > from ? at - from : from - at;
    if (best == NULL || (in_clause && !best_in_clause) ||
        (in_clause == best_in_clause && distance < best_distance)) {
      best = &hits[times[i]];
      best_distance = distance;
      best_in_clause = in_clause;
    }
  }
  return best;
}

/* How many sentences after one dated in a past year ("En juillet 2018, le régime...") still
 * tell that history when they name no time of their own. */
#define HISTORY_REACH 2

/* Whether a trigger of the time word's clause stands within its reach: the year dates an event
 * ("En juillet 2018, le régime a repris Deraa"), not an aside ("le berceau du soulèvement
 * contre le régime en 2011"). */
static gboolean
tells_event(const Hit *hits, const Sentence *sentence, const guint *clause_of, const Hit *time)
{
  for (guint k = fl_hits_first_from(hits, sentence->first_hit, sentence->end_hit,
                                    time->first > TRIGGER_REACH ? time->first - TRIGGER_REACH : 0);
       k < sentence->end_hit && hits[k].first <= time->first + TRIGGER_REACH; k++) {
    guint distance = hits[k].first > time->first ? hits[k].first - time->first
                                                 : time->first - hits[k].first;
    if (is_trigger(hits[k].rule->kind) && distance <= TRIGGER_REACH &&
        clause_of[hits[k].first] == clause_of[time->first])
      return TRUE;
  }
  return FALSE;
}

/* Per sentence: whether it goes on telling a past year, told in one of the HISTORY_REACH
 * sentences before it in a clause with an event ("En juillet 2018, le régime a repris Deraa.
 * Après la reconquête de la ville, ..."; not "le berceau du soulèvement de 2011", nor "depuis
 * 2020") while it names no time of its own. A year of its own is weighed per event. */
guint8 *
fl_time_history(const Hit *hits, const Sentence *sentences, guint n_sentences,
                const guint *clause_of, GDateYear report_year)
{
  guint8 *history = g_new0(guint8, n_sentences + 1);
  gint64 until = -1;
  for (guint s = 0; s < n_sentences; s++) {
    gboolean past = FALSE, time = FALSE;
    for (guint k = sentences[s].first_hit; k < sentences[s].end_hit; k++) {
      RuleKind kind = hits[k].rule->kind;
      const Hit *since = k > 0 ? &hits[k - 1] : NULL;  /* "depuis 2020": not history */
      past |= kind == RULE_YEAR && hits[k].number < (gint)report_year &&
              tells_event(hits, &sentences[s], clause_of, &hits[k]) &&
              !(since && since->rule->kind == RULE_SPAN && since->rule->value == 1 &&
                hits[k].first - since->end <= SINCE_GAP);
      time |= is_time(kind) && kind != RULE_YEAR;
    }
    if (past)
      until = (gint64)s + HISTORY_REACH;
    else if (time)
      until = -1;
    else
      history[s] = (gint64)s <= until;
  }
  return history;
}
