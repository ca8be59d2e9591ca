// What a job run did or would do, and how the CLI prints it.
import type { NudgeKind } from '../nudges/index.js';

export interface PersonNudgeReport {
  partnershipId: string;
  partnership: string;
  personId: string;
  name: string;
  email: string;
  localDate: string;
  dedupeKey: string;
  actionRefs: string[];
  contractRefs: string[];
  lines: { ref: string; kind: NudgeKind; reason: string }[];
  /** already_queued: in the outbox, not sent yet (never called "sent" while it is pending). */
  status: 'would_send' | 'enqueued' | 'already_sent_today' | 'already_queued';
}

export interface NudgeJobReport {
  job: 'reminders' | 'contracts';
  now: Date;
  dryRun: boolean;
  partnerships: { id: string; name: string; timezone: string; sendTime: string }[];
  /** Nudges the policies planned (before leaving out those already sent today). */
  planned: number;
  /** (person, nudge) pairs left out because an earlier batch (last 40 days) carried them. */
  alreadySentToday: number;
  people: PersonNudgeReport[];
  /** Dedupe keys of the rows this run put in the outbox. */
  enqueuedKeys: string[];
}

export interface DigestReportEntry {
  partnershipId: string;
  partnership: string;
  /** null: the partnership-wide digest (to each admin). */
  subgroupId: string | null;
  subgroup: string;
  kind: 'weekly' | 'meeting';
  period: string;
  to: { kind: 'channel'; platform: string; channelId: string } | { kind: 'person'; personId: string; name: string; email: string } | { kind: 'none'; hint: string };
  dedupeKey?: string;
  summary?: string;
  status: 'would_send' | 'enqueued' | 'already_sent' | 'already_queued' | 'not_bound' | 'no_admins';
}

export interface DigestJobReport {
  job: 'digests';
  now: Date;
  dryRun: boolean;
  /** Partnerships with no digest due at `now`, and when their weekly digest goes out. */
  notDue: { partnership: string; weekly: string }[];
  entries: DigestReportEntry[];
  enqueuedKeys: string[];
}

export type JobReport = NudgeJobReport | DigestJobReport;

const STATUS_TEXT = {
  would_send: 'would send',
  enqueued: 'queued',
  already_sent: 'already sent — not again',
  already_sent_today: 'already sent today — not again',
  already_queued: 'queued earlier, not sent yet (pending in the outbox) — not queued again',
  not_bound: 'NOT BOUND',
  no_admins: 'no admins',
} as const;

/** Plain-text lines for `cdp run …`. */
export function formatJobReport(r: JobReport): string[] {
  const when = r.now.toISOString();
  if (r.job === 'digests') {
    const out = [`digests at ${when}${r.dryRun ? ' (dry run: nothing is sent)' : ''}`];
    for (const n of r.notDue) out.push(`  ${n.partnership}: no digest due now (weekly: ${n.weekly})`);
    for (const e of r.entries) {
      const to =
        e.to.kind === 'channel' ? `${e.to.platform} channel ${e.to.channelId}` : e.to.kind === 'person' ? `DM ${e.to.name} <${e.to.email}>` : e.to.hint;
      out.push(`  [${STATUS_TEXT[e.status]}] ${e.partnership} · ${e.subgroup} (${e.kind}) → ${to}`);
      if (e.summary && e.status !== 'not_bound') out.push(`      ${e.summary}`);
    }
    if (!r.entries.length && !r.notDue.length) out.push('  no partnerships');
    return out;
  }
  const out = [`${r.job} at ${when}${r.dryRun ? ' (dry run: nothing is sent)' : ''}${r.job === 'contracts' ? ' — contract check-ins only' : ' — daily batch: reminders and contract check-ins'}`];
  for (const p of r.partnerships) out.push(`  ${p.name}: send time ${p.sendTime} ${p.timezone}`);
  if (!r.people.length) {
    out.push(r.planned ? '  nothing new: every nudge due now was already sent' : '  nothing due now (not a working day, before the send time, or no triggers today)');
  }
  for (const p of r.people) {
    const refs = [...p.actionRefs, ...p.contractRefs];
    out.push(`  [${STATUS_TEXT[p.status]}] ${p.name} <${p.email}> — ${refs.length} item${refs.length === 1 ? '' : 's'} (${p.localDate})`);
    for (const l of p.lines) out.push(`      ${l.ref}: ${l.reason} (${l.kind.replace(/_/g, ' ')})`);
  }
  if (r.alreadySentToday) out.push(`  ${r.alreadySentToday} nudge(s) left out: already sent (never the same nudge twice)`);
  const n = r.people.length;
  out.push(`${n} message${n === 1 ? '' : 's'} (one per person)${r.dryRun ? ' would be sent' : ''}.`);
  return out;
}
