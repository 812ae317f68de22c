/* control-apply.c - stage 4: what one observation does to a place's state, by its kind: a
 * capture, a loss, a siege or an entry, a hold (the rules of control.c's header comment). */
#include "control-internal.h"

/* The effect of an observation once its kind has said whether it changed the state: a state it
 * does not change is kept as it was ("agrees"). */
static FlEffect
settle(const FlPlaceState *before, FlPlaceState *after, Verdict *verdict, gboolean changed)
{
  if (!changed) {
    *after = *before;
    if (verdict->reason == FL_REASON_NONE)
      *verdict = VERDICT(FL_REASON_AGREES);
    return FL_EFFECT_NO_CHANGE;
  }
  return FL_EFFECT_APPLIED;
}

/* A capture by a named side: it holds the place, unless a more specific ally holds it, or it
 * would lower a confirmed state; an ally at the place's gates takes it in its name. */
static FlEffect
apply_capture(const FlTheatre *theatre, const FlPlaceState *before, const FlEvent *event,
              gboolean ally, FlPlaceState *after, Verdict *verdict)
{
  if (event->faction < 0) {
    *after = *before;
    return FL_EFFECT_NO_ACTOR;
  }
  if (ally && !fl_control_broader_ally(theatre, before->faction, event->faction)) {
    /* "rebels took Daraa" while their ally south holds it: the same side, less precise */
    *verdict = (Verdict){FL_REASON_ALLY_HOLDS, NULL, before->faction, 0};
    *after = *before;
    return FL_EFFECT_NO_CHANGE;
  }
  if (event->faction == before->faction && before->status == FL_STATUS_HELD &&
      after->confidence == FL_CONFIDENCE_CLAIMED &&
      before->confidence != FL_CONFIDENCE_CLAIMED) {
    /* a claimed capture by the holder never lowers what is known better */
    *verdict = VERDICT(FL_REASON_KEEPS_CONFIRMED);
    *after = *before;
    return FL_EFFECT_NO_CHANGE;
  }
  if (ally)  /* south taking what "rebels" hold names who holds it */
    *verdict = (Verdict){FL_REASON_ALLY_NAMED, NULL, before->faction, 0};
  after->faction = event->faction;
  const FlEvent *pressing = before->evidence;  /* the siege or entry the place is under */
  if (!ally && pressing && pressing != event && pressing->faction >= 0 &&
      (before->status == FL_STATUS_BESIEGED || before->status == FL_STATUS_CONTESTED) &&
      (pressing->kind == FL_EVENT_SIEGE || pressing->kind == FL_EVENT_ENTRY) &&
      pressing->faction != event->faction &&
      fl_control_broader_ally(theatre, event->faction, pressing->faction)) {
    /* "the US-backed SFA attacked Palmyra" then "rebels took Palmyra": the ally at its gates
     * took it; the broader name says the same side less precisely */
    *verdict = (Verdict){FL_REASON_PRESSING_ALLY, pressing, pressing->faction, 0};
    after->faction = pressing->faction;
  }
  after->status = FL_STATUS_HELD;
  gboolean changed = before->faction != event->faction || before->status != FL_STATUS_HELD ||
                     before->confidence != after->confidence;
  return settle(before, after, verdict, changed);
}

/* A loss: by the holder, or by nobody named, the place is abandoned, or goes to the side that
 * had entered it. */
static FlEffect
apply_loss(const FlPlaceState *before, const FlEvent *event, FlPlaceState *after,
           Verdict *verdict)
{
  /* a loss by the holder, or by nobody named ("officials left Latakia", "the town was
   * evacuated": whoever held it left); or a confirmation of the loss that left the place
   * abandoned */
  gboolean changed = (event->faction >= 0 && event->faction == before->faction) ||
            (event->faction < 0 && before->faction >= 0) ||
            (before->status == FL_STATUS_ABANDONED && before->evidence &&
             before->evidence->kind == FL_EVENT_LOSS &&
             before->evidence->faction == event->faction &&
             before->confidence == FL_CONFIDENCE_CLAIMED &&
             after->confidence == FL_CONFIDENCE_CONFIRMED);
  after->faction = -1;
  after->status = FL_STATUS_ABANDONED;
  if (changed && before->status == FL_STATUS_CONTESTED && before->evidence &&
      before->evidence->kind == FL_EVENT_ENTRY && before->evidence->faction >= 0 &&
      before->evidence->faction != before->faction) {
    /* "rebels entered Aleppo ... the army withdrew": the side inside holds it */
    *verdict = (Verdict){FL_REASON_ENTRANT_HOLDS, before->evidence, before->evidence->faction, 0};
    after->faction = before->evidence->faction;
    after->status = FL_STATUS_HELD;
    after->confidence = FL_CONFIDENCE_INFERRED;
  }
  return settle(before, after, verdict, changed);
}

/* A siege or an entry: besieged or contested, the holder kept; an abandoned place goes to the
 * side at its gates or inside it. */
static FlEffect
apply_presence(const FlPlaceState *before, const FlEvent *event, gboolean ally,
               FlPlaceState *after, Verdict *verdict)
{
  /* at the gates, or in the place but not master of it: besieged or contested, the holder
   * kept; an ally of the holder neither besieges nor contests it */
  if (ally) {
    *verdict = (Verdict){FL_REASON_ALLY_PRESENT, NULL, before->faction, 0};
    *after = *before;
    return FL_EFFECT_NO_CHANGE;
  }
  if (before->faction < 0 && before->status == FL_STATUS_ABANDONED && event->faction >= 0) {
    /* "the army evacuated Palmyra ... the SFA attacked Palmyra": nobody held it, the side at
     * its gates or inside it moves in */
    *verdict = (Verdict){FL_REASON_ENTRANT_HOLDS, event, event->faction, 0};
    after->faction = event->faction;
    after->status = FL_STATUS_HELD;
    after->confidence = FL_CONFIDENCE_INFERRED;
    return settle(before, after, verdict, TRUE);
  }
  after->status = event->kind == FL_EVENT_SIEGE ? FL_STATUS_BESIEGED : FL_STATUS_CONTESTED;
  gboolean changed = before->faction >= 0 && event->faction != before->faction &&
            before->status != after->status;
  after->confidence = before->confidence;
  return settle(before, after, verdict, changed);
}

/* The state after event, from state before, what the event did and why. denial is the denial
 * that cancels it, or NULL. */
FlEffect
fl_control_apply(const FlTheatre *theatre, const FlPlaceState *before, const FlEvent *event,
                 const FlEvent *denial, FlPlaceState *after, Verdict *verdict)
{
  *verdict = VERDICT(FL_REASON_NONE);
  *after = *before;
  after->since = event->event_date;
  after->evidence = event;
  after->note = NULL;
  if (denial) {
    *verdict = (Verdict){FL_REASON_DENIED, denial, -1, 0};
    if (event->kind != FL_EVENT_CAPTURE || event->faction < 0 ||
        event->faction == before->faction || before->faction < 0 ||
        before->status == FL_STATUS_CONTESTED) {
      *after = *before;
      return FL_EFFECT_CANCELLED;
    }
    after->status = FL_STATUS_CONTESTED;
    return FL_EFFECT_CANCELLED;
  }
  int w = fl_control_weight(event);
  if (w == 0) {
    *after = *before;
    return FL_EFFECT_NOT_FACTUAL;
  }
  if (w == 3 && event->factuality == FL_FACT_CLAIMED && event->kind != FL_EVENT_LOSS &&
      event->claimant != before->faction)
    w = 2;  /* "the SDF says rebels took Nabk": an admission only from the side that loses */
  after->confidence = fl_control_confidence_of(w);
  gboolean ally = before->faction >= 0 && event->faction >= 0 &&
                  event->faction != before->faction &&
                  fl_theatre_allied(theatre, event->faction, before->faction);
  switch (event->kind) {
  case FL_EVENT_CAPTURE: return apply_capture(theatre, before, event, ally, after, verdict);
  case FL_EVENT_LOSS: return apply_loss(before, event, after, verdict);
  case FL_EVENT_SIEGE:
  case FL_EVENT_ENTRY: return apply_presence(before, event, ally, after, verdict);
  case FL_EVENT_HOLD: {
    gboolean changed = event->faction >= 0 && event->faction == before->faction &&
                       before->status != FL_STATUS_HELD;
    after->status = FL_STATUS_HELD;
    return settle(before, after, verdict, changed);
  }
  }
  return settle(before, after, verdict, FALSE);
}
