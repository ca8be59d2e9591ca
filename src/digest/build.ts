// The digest (SPEC §5, §10) as one pure function of a snapshot: headline RAG counts and % complete;
// off-track and blocked actions first, each with its mitigation; what changed since the last
// digest, with the notes; overdue; due in the next 14 days; quiet; contracts expiring within 12
// months; and for the admins failed notifications and unreachable people. Every action is its own
// `item` (src/digest/items.ts). Lists are cut with "and N more" so the message fits Slack
// (50 blocks, 3,000 chars per text block) and Teams (28 KB card): at most `maxBlocks` blocks.
import type { Block, Message } from '../message/model.js';
import { addDays, daysBetween, type IsoDate } from '../calendar/working-days.js';
import { formatDayLong, formatDayShort, localDate } from '../calendar/zone.js';
import { ROUTE_LABEL, STAGE_LABEL, STATUS_INFO, type ActionStatus } from '../register/status.js';
import { stageLabelOn } from '../contracts/regimes.js';
import { item, latestNoteLine, metaLine, mitigationLine, overdueDays, plural, renderSection, statusDays, truncate, type Section } from './items.js';
import type { DigestAction, DigestSnapshot, DigestUpdate } from './snapshot.js';

export { DIGEST_TITLE_CHARS } from './items.js';

export interface DigestOptions {
  maxBlocks?: number;
  /** Most entries shown in one list before "and N more". */
  maxPerSection?: number;
  /** Days ahead for "due soon" (SPEC: 14). */
  dueWithinDays?: number;
  /** The title says which: the scheduled weekly digest, the one before a meeting, or one asked for. Default on_demand. */
  occasion?: 'weekly' | 'meeting' | 'on_demand';
  /** The meeting a pre-meeting digest is for. */
  meetingDate?: IsoDate;
}

export const DIGEST_MAX_BLOCKS = 45;
export const DIGEST_MAX_TEXT_CHARS = 2900;

const RED: ReadonlySet<ActionStatus> = new Set(['off_track', 'blocked']);
const RED_AMBER: ReadonlySet<ActionStatus> = new Set(['at_risk', 'off_track', 'blocked']);
const byDue = (x: DigestAction, y: DigestAction) => (x.dueDate ?? '9999').localeCompare(y.dueDate ?? '9999') || x.ref.localeCompare(y.ref);

export function digestTitle(scope: string, today: IsoDate, opts: Pick<DigestOptions, 'occasion' | 'meetingDate'>): string {
  const day = formatDayLong(today, true);
  switch (opts.occasion ?? 'on_demand') {
    case 'weekly': return `${scope} — weekly digest, ${day}`;
    case 'meeting': return `${scope} — digest for the meeting${opts.meetingDate ? ` on ${formatDayLong(opts.meetingDate, true)}` : ''}`;
    case 'on_demand': return `${scope} — digest as of ${day}`;
  }
}

/** What happened to one action since the last digest: its first and last status and the notes. */
function changesByAction(updates: DigestUpdate[]) {
  const out = new Map<string, { first: ActionStatus | null; last: ActionStatus | null; note?: DigestUpdate; count: number }>();
  for (const u of updates) {
    const e = out.get(u.actionId) ?? { first: null, last: null, count: 0 };
    if (u.newStatus) {
      if (e.first === null && e.last === null) e.first = u.oldStatus ?? u.newStatus;
      e.last = u.newStatus;
    }
    if (u.note && u.note.trim()) e.note = u;
    e.count++;
    out.set(u.actionId, e);
  }
  return out;
}

export function buildDigest(snap: DigestSnapshot, opts: DigestOptions = {}): Message {
  const maxBlocks = opts.maxBlocks ?? DIGEST_MAX_BLOCKS;
  const maxPer = opts.maxPerSection ?? 10;
  const dueWithin = opts.dueWithinDays ?? 14;
  const { today, actions } = snap;
  const tz = snap.partnership.timezone;
  const quietDays = snap.partnership.settings.quietDays;
  const scopeName = snap.subgroup ? snap.subgroup.name : `${snap.partnership.name} (partnership-wide)`;

  const counts: Partial<Record<ActionStatus, number>> = {};
  for (const a of actions) counts[a.status] = (counts[a.status] ?? 0) + 1;
  const countable = actions.length - (counts.cancelled ?? 0);
  const percentComplete = countable > 0 ? Math.round((100 * (counts.complete ?? 0)) / countable) : 0;

  const open = actions.filter((a) => STATUS_INFO[a.status].open);
  const red = open.filter((a) => RED.has(a.status)).sort((x, y) => (x.status === y.status ? byDue(x, y) : x.status === 'off_track' ? -1 : 1));
  const shownRed = new Set(red.map((a) => a.id));
  const dated = open.filter((a) => a.status !== 'ongoing' && a.dueDate);
  const overdueAll = dated.filter((a) => a.dueDate! < today).sort(byDue);
  const overdue = overdueAll.filter((a) => !shownRed.has(a.id));
  const horizon = addDays(today, dueWithin);
  const dueSoon = dated.filter((a) => a.dueDate! >= today && a.dueDate! <= horizon && !shownRed.has(a.id)).sort(byDue);
  const quiet = open
    .filter((a) => !shownRed.has(a.id))
    .map((a) => ({ a, last: localDate(a.lastUpdateAt ?? a.createdAt, tz), never: !a.lastUpdateAt }))
    .filter((q) => daysBetween(q.last, today) >= quietDays)
    .sort((x, y) => x.last.localeCompare(y.last) || x.a.ref.localeCompare(y.a.ref));

  // Since the last digest: each action that changed, worse first, then completed, then the rest.
  const changes = changesByAction(snap.updates);
  const byId = new Map(actions.map((a) => [a.id, a]));
  const rank = (first: ActionStatus | null, now: ActionStatus) =>
    RED_AMBER.has(now) && !(first && RED_AMBER.has(first)) ? 0 : now === 'complete' && first !== 'complete' ? 1 : 2;
  const changed = [...changes.entries()]
    .flatMap(([id, c]) => (byId.has(id) ? [{ a: byId.get(id)!, ...c }] : []))
    .map((c) => ({ ...c, rank: rank(c.first, c.a.status) }))
    .sort((x, y) => x.rank - y.rank || x.a.ref.localeCompare(y.a.ref));
  const completedN = changed.filter((c) => c.rank === 1).length;
  const worseN = changed.filter((c) => c.rank === 0).length;
  const changeLine = (c: (typeof changed)[number]) => {
    const moved = c.first && c.first !== c.a.status ? `${STATUS_INFO[c.first].label} → ${STATUS_INFO[c.a.status].label}` : c.count > 1 ? plural(c.count, 'update') : 'Note added';
    const who = c.note?.personName ? ` by ${c.note.personName}` : '';
    const note = c.note?.note ? `: “${truncate(c.note.note.replace(/\s+/g, ' ').trim(), 200)}”` : '';
    return `${moved}${who}${note}`;
  };

  const sinceDay = formatDayShort(localDate(snap.since, tz));
  const touched = changes.size;
  const summaryParts = snap.updates.length
    ? [`${plural(snap.updates.length, 'update')} on ${plural(touched, 'action')}`, ...(completedN ? [`${completedN} completed`] : []), ...(worseN ? [`${worseN} newly at risk, off track or blocked`] : [])]
    : ['No updates'];

  const blocks: Block[] = [
    { type: 'heading', text: digestTitle(scopeName, today, opts) },
    { type: 'rag', counts, percentComplete },
    {
      type: 'fields',
      fields: [
        { label: 'Actions', value: `${actions.length} (${percentComplete}% complete)` },
        { label: 'Off track or blocked', value: String(red.length) },
        { label: 'Overdue', value: String(overdueAll.length) },
        { label: `Due in ${dueWithin} days`, value: String(dueSoon.length) },
        { label: `Quiet ${quietDays}+ days`, value: String(quiet.length) },
      ],
    },
  ];

  const redOverdue = red.filter((a) => overdueDays(a, today)).length;
  const sections: Section[] = [
    {
      title: 'Off track and blocked',
      entries: red.map((a) => item(a, [metaLine(a, [statusDays(a, tz, today), overdueDays(a, today)].filter(Boolean).join(' · ')), mitigationLine(a)])),
    },
    {
      title: `Since the last digest on ${sinceDay}`,
      entries: changed.map((c) => item(c.a, [metaLine(c.a, ''), changeLine(c)])),
      note: summaryParts.join(' · '),
    },
    {
      title: 'Overdue',
      entries: overdue.map((a) => item(a, [metaLine(a, overdueDays(a, today)), ...latestNoteLine(a)])),
      more: 'type overdue to see yours',
      ...(redOverdue ? { note: `${plural(redOverdue, 'more overdue action')} ${redOverdue === 1 ? 'is' : 'are'} listed under Off track and blocked.` } : {}),
    },
    {
      title: `Due in the next ${dueWithin} days`,
      entries: dueSoon.map((a) => item(a, [metaLine(a, `due ${formatDayShort(a.dueDate!)}${a.dueDate === today ? ' (today)' : ` (in ${plural(daysBetween(today, a.dueDate!), 'day')})`}`), ...latestNoteLine(a)])),
      more: 'type due 14d to see yours',
    },
    {
      title: `Quiet for ${quietDays}+ days`,
      entries: quiet.map((q) => item(q.a, [metaLine(q.a, q.never ? `no update since added ${formatDayShort(q.last)}` : `no update for ${plural(daysBetween(q.last, today), 'day')}`), ...latestNoteLine(q.a)])),
    },
    {
      title: 'Contracts expiring within 12 months',
      entries: snap.contracts.map((c): Block => {
        const notice = c.extensionNoticeDate && c.extensionNoticeDate < c.expiryDate ? ` · extension notice by ${formatDayShort(c.extensionNoticeDate)}` : '';
        return {
          type: 'item', ref: c.ref, title: truncate(c.service, 90), stage: c.stage,
          lines: [`${c.provider ? `${truncate(c.provider, 40)} · ` : ''}expires ${formatDayShort(c.expiryDate)} (in ${plural(daysBetween(today, c.expiryDate), 'day')})${notice}`, `Route: ${ROUTE_LABEL[c.route]} · stage: ${stageLabelOn(c.route, c.stage, STAGE_LABEL)}`],
        };
      }),
      more: 'type contracts 12m to see them all',
    },
  ];
  if (snap.failedNotifications?.length) {
    const f = snap.failedNotifications;
    sections.push({ title: 'Notifications that could not be delivered', entries: f.map((n): Block => ({ type: 'context', text: `${n.kind} to ${truncate(n.recipient, 60)} — ${plural(n.attempts, 'attempt')} — ${truncate(n.lastError ?? 'no error recorded', 200)}` })) });
  }
  if (snap.unreachable?.length) {
    const u = snap.unreachable;
    sections.push({ title: 'People the bot cannot reach', entries: u.map((x): Block => ({ type: 'context', text: `${truncate(x.name, 80)} (${x.platform}) since ${formatDayShort(localDate(x.since, tz))}${x.reason ? ` — ${truncate(x.reason, 200)}` : ''}` })) });
  }

  if (snap.identityChanges?.length) {
    sections.push({ title: 'Chat accounts moved or unlinked (email changes)', entries: snap.identityChanges.map((x): Block => ({ type: 'context', text: `${formatDayShort(localDate(x.at, tz))}: ${truncate(x.summary, 300)}` })) });
  }

  // Every list is shown, each cut to fit: the longest list gives up an entry until all fit.
  // Off track and blocked (first) counts half as long, so it keeps about twice the room.
  const lists = sections.filter((s) => s.entries.length);
  const weight = (i: number) => (lists[i] === sections[0] ? 0.5 : 1);
  const shown = lists.map((s) => Math.min(s.entries.length, maxPer));
  const size = (i: number) => 2 + (lists[i]!.note ? 1 : 0) + shown[i]! + (shown[i]! < lists[i]!.entries.length ? 1 : 0);
  const available = maxBlocks - blocks.length - 2;
  const total = () => shown.reduce((n, _, i) => n + size(i), 0);
  while (total() > available) {
    const widest = shown.reduce((best, n, i) => (n * weight(i) >= shown[best]! * weight(best) ? i : best), 0);
    if (shown[widest]! <= 1) break;
    shown[widest]!--;
  }
  let dropped = 0;
  let used = 0;
  lists.forEach((s, i) => {
    if (used + size(i) > available) { dropped++; return; }
    used += size(i);
    blocks.push({ type: 'divider' }, ...renderSection(s, size(i) - 1));
  });
  if (!red.length && !overdueAll.length && !dueSoon.length && !quiet.length) blocks.push({ type: 'text', text: 'Nothing off track, overdue, due soon or quiet.', style: 'muted' });
  if (!snap.updates.length) blocks.push({ type: 'context', text: `No updates since the last digest (${sinceDay}).` });
  if (dropped) blocks.push({ type: 'context', text: `${plural(dropped, 'list')} left out to fit the message: ask for the digest of one subgroup to see more.` });
  if (blocks.length > maxBlocks) blocks.splice(maxBlocks);

  const summary = `${scopeName} digest: ${actions.length} actions, ${percentComplete}% complete, ${red.length} off track or blocked, ${overdueAll.length} overdue, ${dueSoon.length} due in ${dueWithin} days`;
  return { summary, blocks, ephemeral: false };
}
