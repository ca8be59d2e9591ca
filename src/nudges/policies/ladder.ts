// The corrective-action ladder (SPEC §10): lead (reminders) → subgroup chair (escalation) → SRO
// and admins (second escalation) → the board's exception list. Pure: (partnership, action,
// window) → escalation nudges.
//
// An EPISODE is what is wrong: "overdue:<due date>" (a redate starts a new one) or
// "off_track:<day>" / "blocked:<day>" (the day the status was set). Rungs are level-triggered:
// a rung that is due and not yet reached (no Escalation row for the episode) fires on the next
// send day — so an action first seen already past a rung (imported backlog, a bot that was
// down) is escalated at the next run, and an escalation that could not be sent one day (the
// person's message for the day had gone) goes the next day. Rows are written only for rungs
// actually enqueued (src/jobs/nudges.ts).
// - Chair: overdue escalateOverdueDays (14) or off track/blocked escalateStuckDays (14).
// - SRO and admins: after the chair rung (on a later day), when the chair asked for it ("Raise
//   to the SRO"), or chairGraceDays (7) after the chair escalation with no chair action, or
//   escalateSroDays (28) into the episode and still unresolved chairGraceDays after the chair.
//   Reaching this rung puts the action on the board's exception list (src/register/escalations.ts).
// - A lead's snooze delays the lead's reminders only: escalations fire and say it was snoozed.
import { daysBetween, type IsoDate } from '../../calendar/working-days.js';
import { formatDayShort, localDate } from '../../calendar/zone.js';
import { STATUS_INFO } from '../../register/status.js';
import type { NudgeAction, PartnershipNudgeState } from '../state.js';
import type { EscalationFacts, NudgeSubject, PlannedNudge } from '../types.js';
import { chairsOf, type Recipients } from '../recipients.js';
import type { SendWindow } from '../window.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const uniq = (xs: string[]) => [...new Set(xs)];

interface Episode {
  episode: string;
  cause: EscalationFacts['cause'];
  start: IsoDate;
  chairAfter: number;
}

/** What is wrong with the action today, oldest rule first. */
export function episodesOf(ps: PartnershipNudgeState, a: NudgeAction, today: IsoDate): Episode[] {
  const s = ps.settings;
  const out: Episode[] = [];
  if (a.status !== 'ongoing' && a.dueDate && a.dueDate < today) {
    out.push({ episode: `overdue:${a.dueDate}`, cause: 'overdue', start: a.dueDate, chairAfter: s.escalateOverdueDays });
  }
  if (a.status === 'off_track' || a.status === 'blocked') {
    const since = localDate(a.statusSince, ps.timezone);
    out.push({ episode: `${a.status}:${since}`, cause: a.status, start: since, chairAfter: s.escalateStuckDays });
  }
  return out;
}

/** The SRO(s) and the admins; the admins alone when no SRO is registered (said in the note). */
export function sroAndAdmins(ps: PartnershipNudgeState): Recipients {
  const sros = ps.sroIds ?? [];
  if (sros.length) return { personIds: uniq([...sros, ...ps.adminIds]) };
  return { personIds: uniq(ps.adminIds), note: 'Sent to you as an admin: no SRO is registered with the bot (people import, role "sro").' };
}

function causeText(e: Episode, days: number): string {
  return e.cause === 'overdue'
    ? `overdue by ${plural(days, 'day')} (due ${formatDayShort(e.start)})`
    : `${STATUS_INFO[e.cause].label.toLowerCase()} for ${plural(days, 'day')} (since ${formatDayShort(e.start)})`;
}

export function ladderNudges(ps: PartnershipNudgeState, a: NudgeAction, w: SendWindow, subject: () => NudgeSubject): PlannedNudge[] {
  const s = ps.settings;
  const out: PlannedNudge[] = [];
  const snoozed = a.snoozedUntil && a.snoozedUntil.getTime() > Date.parse(`${w.today}T00:00:00Z`) ? a.snoozedUntil : undefined;
  const rungs = a.ladder ?? [];
  for (const e of episodesOf(ps, a, w.today)) {
    const days = daysBetween(e.start, w.today);
    const reached = (rung: 'chair' | 'sro') => rungs.find((r) => r.rung === rung && r.episode === e.episode);
    const base = { partnershipId: ps.id, localDate: w.today, subject: subject() };
    const chair = reached('chair');
    if (!chair) {
      if (days < e.chairAfter) continue;
      const to = chairsOf(ps, a.subgroupId);
      if (!to.personIds.length) continue;
      out.push({
        ...base, key: `esc:${a.id}:${e.episode}`, kind: 'escalation', personIds: to.personIds,
        reason: `escalation: ${causeText(e, days)}`, ...(to.note ? { recipientNote: to.note } : {}),
        escalation: { rung: 'chair', episode: e.episode, cause: e.cause, days, ...(snoozed ? { snoozedUntil: snoozed } : {}) },
      });
      continue;
    }
    if (reached('sro') || chair.day >= w.today) continue;
    const sinceChair = daysBetween(chair.day, w.today);
    const acted = [chair.actedAt, a.chairActedAt ?? null].some((t) => t && t.getTime() > chair.createdAt.getTime());
    const why: NonNullable<EscalationFacts['chair']>['why'] | undefined = chair.raisedAt
      ? 'raised'
      : sinceChair >= s.chairGraceDays && !acted
        ? 'no_action'
        : sinceChair >= s.chairGraceDays && days >= s.escalateSroDays
          ? 'still_unresolved'
          : undefined;
    if (!why) continue;
    const to = sroAndAdmins(ps);
    if (!to.personIds.length) continue;
    const names = chair.personIds.map((id) => ps.people[id]?.name).filter((n): n is string => !!n);
    out.push({
      ...base, key: `esc-sro:${a.id}:${e.episode}`, kind: 'escalation', personIds: to.personIds,
      reason: `escalation to the SRO: ${causeText(e, days)}`, ...(to.note ? { recipientNote: to.note } : {}),
      escalation: { rung: 'sro', episode: e.episode, cause: e.cause, days, chair: { names, day: chair.day, why }, ...(snoozed ? { snoozedUntil: snoozed } : {}) },
    });
  }
  return out;
}

/** The chair asked the lead for an update ("Chase the lead"): the lead's next daily message says so. */
export function chaseNudges(ps: PartnershipNudgeState, a: NudgeAction, w: SendWindow, leads: () => Recipients, subject: () => NudgeSubject): PlannedNudge[] {
  const out: PlannedNudge[] = [];
  for (const r of a.ladder ?? []) {
    if (!r.chasedAt || (a.lastUpdateAt && a.lastUpdateAt.getTime() > r.chasedAt.getTime())) continue;
    const day = localDate(r.chasedAt, ps.timezone);
    if (day > w.today || daysBetween(day, w.today) > 14) continue;
    const to = leads();
    if (!to.personIds.length) continue;
    const chairs = r.personIds.map((id) => ps.people[id]?.name).filter((n): n is string => !!n);
    out.push({
      key: `chase:${a.id}:${r.episode}:${day}`, kind: 'overdue', partnershipId: ps.id, localDate: w.today, personIds: to.personIds, subject: subject(),
      reason: `the ${r.rung === 'sro' ? 'SRO' : 'chair'}${chairs.length ? ` (${chairs.join(', ')})` : ''} asked on ${formatDayShort(day)} for an update`,
      ...(to.note ? { recipientNote: to.note } : {}),
    });
  }
  return out;
}
