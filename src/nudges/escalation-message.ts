// An escalation reads differently from a reminder (SPEC §10): what is wrong and for how long,
// who was chased and when, whether the lead snoozed the reminders (until when, why), the latest
// note and the mitigation — and the decisions the chair (or the SRO) can take, as buttons.
import { formatDayShort } from '../calendar/zone.js';
import type { Block, Button } from '../message/model.js';
import type { EscalationFacts, NudgeSubject, PlannedNudge } from './types.js';

const MAX_NOTE = 300;
const truncate = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1).trimEnd()}…`);

/** The decisions on an escalation. The SRO gets no "Raise to the SRO". */
export function escalationButtons(ref: string, rung: EscalationFacts['rung']): Button[] {
  return [
    { label: 'Chase the lead', action: { kind: 'escalation', ref, step: 'chase' }, style: 'primary' },
    { label: 'Agree a new date…', action: { kind: 'escalation', ref, step: 'new_date' } },
    ...(rung === 'chair' ? [{ label: 'Raise to the SRO', action: { kind: 'escalation' as const, ref, step: 'raise' as const }, style: 'danger' as const }] : []),
    { label: 'Add a note…', action: { kind: 'add_note', ref } },
  ];
}

const days = (ds: string[]) => ds.map((d) => formatDayShort(d)).join(', ');

/** The lines of an escalated action: why, the ladder so far, the chasing, the notes. */
export function escalationLines(s: Extract<NudgeSubject, { type: 'action' }>, e: EscalationFacts, n: PlannedNudge): string[] {
  const lines: string[] = [];
  const what = n.reason.replace(/^escalation(?: to the SRO)?: /, '');
  lines.push(e.rung === 'chair'
    ? `Escalated to you as chair${s.subgroup ? ` of ${s.subgroup}` : ''}: ${what}.`
    : `Escalated to the SRO and admins: ${what}.`);
  if (e.chair) {
    const chairs = e.chair.names.join(', ') || 'the chair';
    const why = e.chair.why === 'raised' ? `${chairs} raised it to the SRO` : e.chair.why === 'no_action' ? `no action by the chair since` : 'still unresolved since';
    lines.push(`Chair: ${chairs}, told on ${formatDayShort(e.chair.day)} — ${why}${e.chair.why === 'raised' ? '' : ` ${formatDayShort(e.chair.day)}`}.`);
  }
  const meta = [s.dueDate ? `Due ${formatDayShort(s.dueDate)}` : 'No due date', `Lead: ${s.leadAgency ?? 'none recorded'}`].join(' · ');
  lines.push(meta);
  const d = e.details;
  lines.push(d?.chased.length
    ? `Chased: ${d.chased.map((c) => `${c.name} (${days(c.days)})`).join('; ')}.`
    : 'Chased: no reminder about it reached the lead in the last 4 months.');
  if (e.snoozedUntil) {
    const by = d?.snooze?.by ? ` by ${d.snooze.by}` : '';
    const why = d?.snooze?.note ? ` — “${truncate(d.snooze.note, 120)}”` : '';
    lines.push(`The lead's reminders were snoozed${by} until ${formatDayShort(e.snoozedUntil.toISOString().slice(0, 10))}${why}. Escalations are never snoozed.`);
  }
  if (d?.latestNote) lines.push(`Latest note (${d.latestNote.by ?? 'someone'}, ${formatDayShort(d.latestNote.day)}): ${truncate(d.latestNote.text, MAX_NOTE)}`);
  else lines.push('Latest note: none yet.');
  if (e.cause !== 'overdue') lines.push(d?.mitigation ? `Mitigation: ${truncate(d.mitigation, MAX_NOTE)}` : 'Mitigation: none given.');
  return lines;
}

/** A heading line before the escalations of a daily message, so they never read as a reminder. */
export function escalationIntro(count: number): Block {
  return {
    type: 'text',
    style: 'strong',
    text: count === 1 ? 'Escalated to you — the lead has been reminded and this is still unresolved:' : `Escalated to you — the leads have been reminded and these ${count} are still unresolved:`,
  };
}
