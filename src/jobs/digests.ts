// The digest job: every digest slot due now (src/digest/schedule.ts) becomes outbox rows.
// A subgroup with a bound channel gets its digest posted there; one without a binding is
// reported with the command that binds it; the partnership-wide digest goes to each admin
// as a DM. Dedupe keys `digest:<slot period>` (channel) and `digest:<slot period>:<adminId>`
// (DM) make a re-run, a second instance or a catch-up enqueue nothing twice.
import type { Database } from '../db/client.js';
import { buildDigestMessage, digestDueSlots, type DigestSlot } from '../digest/index.js';
import { enqueue, type NewNotification } from '../outbox/enqueue.js';
import { readSettings } from '../settings/index.js';
import type { DigestJobReport, DigestReportEntry } from './report.js';

export interface DigestJobArgs {
  now: Date;
  partnershipIds?: string[];
  dryRun?: boolean;
  /** Only these slot periods (the scheduler runs the slots it claimed). */
  periods?: string[];
}

export const DIGEST_KIND = 'digest';
export const ADMIN_DIGEST_KIND = 'admin_digest';

export const digestKey = (slot: Pick<DigestSlot, 'period'>, adminId?: string) => `digest:${slot.period}${adminId ? `:${adminId}` : ''}`;

/** The due slots per partnership at `now` (what the scheduler claims). */
export async function dueDigestSlots(db: Database, args: { now: Date; partnershipIds?: string[] }) {
  const partnerships = await db.prisma.partnership.findMany({
    where: args.partnershipIds ? { id: { in: args.partnershipIds } } : {},
    select: { id: true, name: true, timezone: true, settings: true, subgroups: { select: { id: true, name: true, settings: true, channelPlatform: true, channelId: true }, orderBy: { name: 'asc' } } },
    orderBy: { name: 'asc' },
  });
  return partnerships.map((p) => {
    const settings = readSettings(p.settings);
    return { partnership: p, settings, slots: digestDueSlots(settings, p.subgroups, args.now, p.timezone) };
  });
}

export async function runDigests(db: Database, args: DigestJobArgs): Promise<DigestJobReport> {
  const { now } = args;
  const report: DigestJobReport = { job: 'digests', now, dryRun: !!args.dryRun, notDue: [], entries: [], enqueuedKeys: [] };
  const due = await dueDigestSlots(db, args);
  for (const { partnership: p, settings, slots: allSlots } of due) {
    const slots = args.periods ? allSlots.filter((s) => args.periods!.includes(s.period)) : allSlots;
    if (!slots.length) {
      if (!args.periods) report.notDue.push({ partnership: p.name, weekly: `${cap(settings.digestDay)} ${settings.digestTime} ${p.timezone}` });
      continue;
    }
    const admins = await db.prisma.person.findMany({
      where: { partnershipId: p.id, roles: { some: { role: 'admin' } } },
      select: { id: true, name: true, email: true },
      orderBy: { name: 'asc' },
    });
    const subgroups = new Map(p.subgroups.map((s) => [s.id, s]));
    const wanted: { slot: DigestSlot; entry: DigestReportEntry; item?: Omit<NewNotification, 'message'> }[] = [];

    for (const slot of slots) {
      const base = { partnershipId: p.id, partnership: p.name, subgroupId: slot.subgroupId, kind: slot.kind, period: slot.period };
      if (slot.subgroupId === null) {
        if (!admins.length) {
          wanted.push({ slot, entry: { ...base, subgroup: 'partnership-wide', to: { kind: 'none', hint: 'nobody has the admin role' }, status: 'no_admins' } });
        }
        for (const a of admins) {
          const dedupeKey = digestKey(slot, a.id);
          wanted.push({
            slot,
            entry: { ...base, subgroup: 'partnership-wide', to: { kind: 'person', personId: a.id, name: a.name, email: a.email }, dedupeKey, status: 'would_send' },
            item: { partnershipId: p.id, kind: ADMIN_DIGEST_KIND, dedupeKey, recipient: { kind: 'person', personId: a.id }, notBefore: slot.at },
          });
        }
        continue;
      }
      const sg = subgroups.get(slot.subgroupId);
      if (!sg) continue;
      if (!sg.channelPlatform || !sg.channelId) {
        const hint = `not bound: bind it with \`cdp subgroups bind "${sg.name}" slack|teams <channel-id>\``;
        wanted.push({ slot, entry: { ...base, subgroup: sg.name, to: { kind: 'none', hint }, status: 'not_bound' } });
        continue;
      }
      const dedupeKey = digestKey(slot);
      wanted.push({
        slot,
        entry: { ...base, subgroup: sg.name, to: { kind: 'channel', platform: sg.channelPlatform, channelId: sg.channelId }, dedupeKey, status: 'would_send' },
        item: {
          partnershipId: p.id,
          kind: DIGEST_KIND,
          dedupeKey,
          recipient: { kind: 'channel', platform: sg.channelPlatform, channelId: sg.channelId, subgroupId: sg.id },
          notBefore: slot.at,
        },
      });
    }

    // Build each digest once per slot (admins share one), and not at all when already sent.
    const keys = wanted.flatMap((w) => (w.item ? [w.item.dedupeKey] : []));
    const rows = keys.length ? await db.prisma.notification.findMany({ where: { dedupeKey: { in: keys } }, select: { dedupeKey: true, state: true } }) : [];
    const existing = new Set(rows.map((r) => r.dedupeKey));
    const pending = new Set(rows.filter((r) => r.state === 'pending').map((r) => r.dedupeKey));
    const built = new Map<string, Awaited<ReturnType<typeof buildDigestMessage>>>();
    const items: NewNotification[] = [];
    for (const w of wanted) {
      if (!w.item) {
        report.entries.push(w.entry);
        continue;
      }
      if (existing.has(w.item.dedupeKey)) {
        report.entries.push({ ...w.entry, status: pending.has(w.item.dedupeKey) ? 'already_queued' : 'already_sent' });
        continue;
      }
      let msg = built.get(w.slot.period);
      if (!msg) {
        msg = await buildDigestMessage(
          db,
          { partnershipId: p.id, subgroupId: w.slot.subgroupId, now },
          { occasion: w.slot.kind === 'meeting' ? 'meeting' : 'weekly', ...(w.slot.meetingDate ? { meetingDate: w.slot.meetingDate } : {}) },
        );
        built.set(w.slot.period, msg);
      }
      items.push({ ...w.item, message: { ...msg, ephemeral: false } });
      report.entries.push({ ...w.entry, summary: msg.summary });
    }
    if (!args.dryRun && items.length) {
      const created = new Set((await enqueue(db.prisma, items, now)).keys);
      for (const e of report.entries) {
        if (e.partnershipId !== p.id || e.status !== 'would_send' || !e.dedupeKey) continue;
        e.status = created.has(e.dedupeKey) ? 'enqueued' : 'already_sent';
        if (e.status === 'enqueued') report.enqueuedKeys.push(e.dedupeKey);
      }
    }
  }
  return report;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
