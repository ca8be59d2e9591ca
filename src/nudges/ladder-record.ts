// Which ladder rungs a sweep put on their way: an escalation counts as reached once the message
// of at least one of its recipients was enqueued. Its history line names who was told and why.
import type { NudgeState } from './state.js';
import type { PersonBatch } from './batch.js';
import type { PlannedNudge } from './types.js';
import type { RungReached } from '../register/escalations.js';

export function rungsEnqueued(state: NudgeState, planned: PlannedNudge[], enqueued: PersonBatch[]): RungReached[] {
  const sentTo = new Set(enqueued.map((b) => `${b.partnershipId}|${b.personId}|${b.localDate}`));
  const out: RungReached[] = [];
  for (const n of planned) {
    if (!n.escalation || n.subject.type !== 'action') continue;
    const reached = n.personIds.filter((pid) => sentTo.has(`${n.partnershipId}|${pid}|${n.localDate}`));
    if (!reached.length) continue;
    const ps = state.partnerships.find((p) => p.id === n.partnershipId);
    const names = reached.map((id) => ps?.people[id]?.name ?? 'someone').join(', ');
    const to = n.escalation.rung === 'chair' ? `the chair${n.subject.subgroup ? ` of ${n.subject.subgroup}` : ''}` : 'the SRO and admins';
    const why = n.reason.replace(/^escalation(?: to the SRO)?: /, '');
    const snooze = n.escalation.snoozedUntil ? ' (the lead\'s reminders are snoozed; escalations are not)' : '';
    out.push({
      partnershipId: n.partnershipId, actionId: n.subject.id, rung: n.escalation.rung, episode: n.escalation.episode, day: n.localDate, personIds: reached,
      note: `Escalated to ${to} (${names}): ${why}${snooze}.`,
    });
  }
  return out;
}
