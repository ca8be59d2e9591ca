// Batching (SPEC §4 "one message per person per day"): all of one person's nudges for a local
// day become ONE message with one dedupe key, whatever mix of reminders, escalations and
// contract check-ins they are.
import type { IsoDate } from '../calendar/working-days.js';
import { atLocalTime } from '../calendar/zone.js';
import type { Message } from '../message/model.js';
import type { NudgeState } from './state.js';
import type { NudgeKind, PlannedNudge } from './types.js';
import { buildNudgeMessage } from './message.js';

export interface PersonBatch {
  partnershipId: string;
  personId: string;
  personName: string;
  personEmail: string;
  localDate: IsoDate;
  /** `batch:<personId>:<local date>` — the outbox row's dedupe key. */
  dedupeKey: string;
  /** The underlying nudges' keys (for audit and per-nudge dedupe). */
  nudgeKeys: string[];
  kinds: NudgeKind[];
  /** Every action/contract the message is about (thread replies resolve refs against these). */
  actionRefs: string[];
  contractRefs: string[];
  /** Not to be sent before this instant: the send time on the local day. */
  notBefore: Date;
  message: Message;
}

const uniq = <T>(xs: T[]) => [...new Set(xs)];

export const batchKey = (personId: string, localDate: IsoDate) => `batch:${personId}:${localDate}`;

/**
 * One batch per (person, local day). People no longer in the state are dropped. `now` is
 * accepted for symmetry with the policies (the day comes from each nudge).
 */
export function batchNudges(planned: PlannedNudge[], state: NudgeState, _now: Date): PersonBatch[] {
  const partnerships = new Map(state.partnerships.map((p) => [p.id, p]));
  const groups = new Map<string, { partnershipId: string; personId: string; localDate: IsoDate; nudges: PlannedNudge[] }>();
  for (const n of planned) {
    for (const personId of new Set(n.personIds)) {
      const id = `${n.partnershipId}|${personId}|${n.localDate}`;
      const g = groups.get(id) ?? { partnershipId: n.partnershipId, personId, localDate: n.localDate, nudges: [] };
      g.nudges.push(n);
      groups.set(id, g);
    }
  }
  const out: PersonBatch[] = [];
  // People told about the same things on the same day (an agency's staff) get the same
  // message: it is built once and shared (messages are plain data, never changed afterwards).
  const messages = new Map<string, Message>();
  for (const g of groups.values()) {
    const ps = partnerships.get(g.partnershipId);
    const person = ps?.people[g.personId];
    if (!ps || !person) continue;
    const same = `${g.localDate}|${g.nudges.map((n) => n.key).join(' ')}`;
    let message = messages.get(same);
    if (!message) messages.set(same, (message = buildNudgeMessage(g.localDate, g.nudges).message));
    out.push({
      partnershipId: g.partnershipId,
      personId: g.personId,
      personName: person.name,
      personEmail: person.email,
      localDate: g.localDate,
      dedupeKey: batchKey(g.personId, g.localDate),
      nudgeKeys: uniq(g.nudges.map((n) => n.key)),
      kinds: uniq(g.nudges.map((n) => n.kind)),
      actionRefs: uniq(g.nudges.filter((n) => n.subject.type === 'action').map((n) => n.subject.ref)),
      contractRefs: uniq(g.nudges.filter((n) => n.subject.type === 'contract').map((n) => n.subject.ref)),
      notBefore: atLocalTime(g.localDate, ps.settings.sendTime, ps.timezone),
      message,
    });
  }
  return out.sort((a, b) => a.partnershipId.localeCompare(b.partnershipId) || a.personName.localeCompare(b.personName) || a.personId.localeCompare(b.personId));
}
