// The digest (SPEC §5) as one pure function of a snapshot: headline RAG counts and % complete,
// what changed since the last digest, overdue, due in the next 14 days, quiet, contracts
// expiring within 12 months, and for the admins failed notifications and unreachable people.
// Long lists are cut with "and N more" so the message fits Slack (50 blocks, 3,000 chars per
// text block) and Teams (28 KB card): at most `maxBlocks` blocks, `maxPerSection` lines a list.
import type { Block, Message } from '../message/model.js';
import { addDays, daysBetween, type IsoDate } from '../calendar/working-days.js';
import { formatDayLong, formatDayShort, localDate } from '../calendar/zone.js';
import { ACTION_STATUSES, ROUTE_LABEL, STAGE_LABEL, STATUS_INFO, type ActionStatus } from '../register/status.js';
import type { DigestAction, DigestSnapshot } from './snapshot.js';
import { metricsSection } from './metrics-section.js';

export interface DigestOptions {
  maxBlocks?: number;
  maxPerSection?: number;
  /** Days ahead for "due soon" (SPEC: 14). */
  dueWithinDays?: number;
  /** "weekly" (default) or "meeting" changes the heading's wording. */
  occasion?: 'weekly' | 'meeting' | 'on_demand';
}

export const DIGEST_MAX_BLOCKS = 45;
export const DIGEST_MAX_TEXT_CHARS = 2900;
export const DIGEST_TITLE_CHARS = 150;

const truncate = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1).trimEnd()}…`);
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
const RED_AMBER: ReadonlySet<ActionStatus> = new Set(['at_risk', 'off_track', 'blocked']);

function actionLine(a: DigestAction, tail: string): string {
  return `${a.ref} ${truncate(a.title, DIGEST_TITLE_CHARS)} — Lead: ${truncate(a.leadAgency ?? 'none recorded', 60)} — ${tail}`;
}

/** A list as header + one text block (≤ 2,900 chars, ≤ max lines) + "and N more". */
function listSection(title: string, lines: string[], max: number): Block[] {
  if (!lines.length) return [];
  const kept: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (kept.length >= max || size + line.length + 1 > DIGEST_MAX_TEXT_CHARS) break;
    kept.push(line);
    size += line.length + 1;
  }
  const blocks: Block[] = [{ type: 'text', text: `${title} (${lines.length})`, style: 'strong' }, { type: 'text', text: kept.join('\n') }];
  if (lines.length > kept.length) blocks.push({ type: 'context', text: `and ${lines.length - kept.length} more` });
  return blocks;
}

function refList(refs: string[], max = 20): string {
  const shown = refs.slice(0, max).join(', ');
  return refs.length > max ? `${shown} and ${refs.length - max} more` : shown;
}

export function buildDigest(snap: DigestSnapshot, opts: DigestOptions = {}): Message {
  const maxBlocks = opts.maxBlocks ?? DIGEST_MAX_BLOCKS;
  const maxPer = opts.maxPerSection ?? 10;
  const dueWithin = opts.dueWithinDays ?? 14;
  const { today, actions } = snap;
  const tz = snap.partnership.timezone;
  const quietDays = snap.partnership.settings.quietDays;
  const scopeName = snap.subgroup ? snap.subgroup.name : `${snap.partnership.name} (partnership-wide)`;
  const occasion = opts.occasion === 'meeting' ? 'pre-meeting digest' : opts.occasion === 'on_demand' ? 'digest' : 'weekly digest';

  // Headline counts.
  const counts: Partial<Record<ActionStatus, number>> = {};
  for (const a of actions) counts[a.status] = (counts[a.status] ?? 0) + 1;
  const countable = actions.length - (counts.cancelled ?? 0);
  const percentComplete = countable > 0 ? Math.round((100 * (counts.complete ?? 0)) / countable) : 0;

  const open = actions.filter((a) => STATUS_INFO[a.status].open);
  const dated = open.filter((a) => a.status !== 'ongoing' && a.dueDate);
  const overdue = dated.filter((a) => a.dueDate! < today).sort((x, y) => x.dueDate!.localeCompare(y.dueDate!) || x.ref.localeCompare(y.ref));
  const horizon = addDays(today, dueWithin);
  const dueSoon = dated.filter((a) => a.dueDate! >= today && a.dueDate! <= horizon).sort((x, y) => x.dueDate!.localeCompare(y.dueDate!) || x.ref.localeCompare(y.ref));
  const quiet = open
    .map((a) => ({ a, last: localDate(a.lastUpdateAt ?? a.createdAt, tz), never: !a.lastUpdateAt }))
    .filter((q) => daysBetween(q.last, today) >= quietDays)
    .sort((x, y) => x.last.localeCompare(y.last) || x.a.ref.localeCompare(y.a.ref));

  // Since last digest, from the history.
  const byAction = new Map<string, { first: ActionStatus | null; last: ActionStatus | null; ref: string }>();
  for (const u of snap.updates) {
    const e = byAction.get(u.actionId);
    if (!u.newStatus) continue;
    if (e) e.last = u.newStatus;
    else byAction.set(u.actionId, { first: u.oldStatus, last: u.newStatus, ref: u.ref });
  }
  const current = new Map(actions.map((a) => [a.id, a.status]));
  const completed: string[] = [];
  const worse: string[] = [];
  for (const [id, e] of byAction) {
    const now = current.get(id) ?? e.last;
    if (now === 'complete' && e.first !== 'complete') completed.push(e.ref);
    else if (now && RED_AMBER.has(now) && !(e.first && RED_AMBER.has(e.first))) worse.push(`${e.ref} (${STATUS_INFO[now].label.toLowerCase()})`);
  }
  const sinceDay = formatDayShort(localDate(snap.since, tz));
  const changed: string[] = [];
  if (completed.length) changed.push(`Completed: ${refList(completed)}`);
  if (worse.length) changed.push(`Newly at risk or off track: ${refList(worse)}`);
  const touched = new Set(snap.updates.map((u) => u.actionId)).size;
  changed.push(snap.updates.length ? `${plural(snap.updates.length, 'update')} on ${plural(touched, 'action')}` : 'No updates');

  const blocks: Block[] = [
    { type: 'heading', text: `${scopeName} — ${occasion}, ${formatDayLong(today, true)}` },
    { type: 'rag', counts, percentComplete },
    {
      type: 'fields',
      fields: [
        { label: 'Actions', value: `${actions.length} (${percentComplete}% complete)` },
        { label: 'Overdue', value: String(overdue.length) },
        { label: `Due in ${dueWithin} days`, value: String(dueSoon.length) },
        { label: `Quiet ${quietDays}+ days`, value: String(quiet.length) },
      ],
    },
    { type: 'text', text: `Since the last digest (${sinceDay})`, style: 'strong' },
    { type: 'text', text: changed.join('\n') },
  ];

  const sections: Block[][] = [
    listSection('Overdue', overdue.map((a) => actionLine(a, `${plural(daysBetween(a.dueDate!, today), 'day')} overdue (due ${formatDayShort(a.dueDate!)})`)), maxPer),
    listSection(`Due in the next ${dueWithin} days`, dueSoon.map((a) => actionLine(a, `due ${formatDayShort(a.dueDate!)}${a.dueDate === today ? ' (today)' : ` (in ${plural(daysBetween(today, a.dueDate!), 'day')})`}`)), maxPer),
    listSection(`Quiet for ${quietDays}+ days`, quiet.map((q) => actionLine(q.a, q.never ? `no update since added ${formatDayShort(q.last)}` : `no update for ${plural(daysBetween(q.last, today), 'day')}`)), maxPer),
    listSection('Contracts expiring within 12 months', snap.contracts.map((c) => {
      const notice = c.extensionNoticeDate && c.extensionNoticeDate < c.expiryDate ? ` (extension notice by ${formatDayShort(c.extensionNoticeDate)})` : '';
      return `${c.ref} ${truncate(c.service, DIGEST_TITLE_CHARS)}${c.provider ? ` (${truncate(c.provider, 60)})` : ''} — expires ${formatDayShort(c.expiryDate)}${notice} — stage: ${STAGE_LABEL[c.stage]} · route: ${ROUTE_LABEL[c.route]}`;
    }), maxPer),
    metricsSection(snap.metrics),
  ];
  if (snap.failedNotifications) {
    sections.push(listSection('Notifications that could not be delivered', snap.failedNotifications.map((n) =>
      `${n.kind} to ${truncate(n.recipient, 60)} — ${plural(n.attempts, 'attempt')} — ${truncate(n.lastError ?? 'no error recorded', 200)}`), maxPer));
  }
  if (snap.unreachable) {
    sections.push(listSection('People the bot cannot reach', snap.unreachable.map((u) =>
      `${truncate(u.name, 80)} (${u.platform}) since ${formatDayShort(localDate(u.since, tz))}${u.reason ? ` — ${truncate(u.reason, 200)}` : ''}`), maxPer));
  }

  let cut = 0;
  for (const section of sections) {
    if (!section.length) continue;
    if (blocks.length + section.length + 2 > maxBlocks) { cut++; continue; }
    blocks.push({ type: 'divider' }, ...section);
  }
  if (!overdue.length && !dueSoon.length && !quiet.length) blocks.push({ type: 'text', text: 'Nothing overdue, due soon or quiet.', style: 'muted' });
  if (cut) blocks.push({ type: 'context', text: `${plural(cut, 'section')} left out to fit the message: ask for \`digest\` to see more.` });
  if (blocks.length > maxBlocks) blocks.splice(maxBlocks);

  const summary = `${scopeName} digest: ${actions.length} actions, ${percentComplete}% complete, ${overdue.length} overdue, ${dueSoon.length} due in ${dueWithin} days`;
  return { summary, blocks, ephemeral: false };
}
