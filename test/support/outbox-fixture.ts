// A small partnership for outbox/scheduler/job tests: people and subgroups bound to channels.
import type { Database } from '../../src/db/client.js';
import type { Dispatcher } from '../../src/outbox/dispatcher.js';
import type { FakeClock } from './fake-clock.js';

export interface OutboxFixture {
  partnershipId: string;
  people: { id: string; name: string; email: string }[];
}

export async function createOutboxFixture(db: Database, name: string, people = 3): Promise<OutboxFixture> {
  const p = await db.prisma.partnership.create({ data: { name, planYear: '2026-27' } });
  const out: OutboxFixture['people'] = [];
  for (let i = 0; i < people; i++) {
    const person = await db.prisma.person.create({
      data: { partnershipId: p.id, name: `Person ${i}`, email: `p${i}@${name.toLowerCase().replace(/\W+/g, '')}.example` },
    });
    await db.prisma.chatIdentity.create({ data: { partnershipId: p.id, personId: person.id, platform: 'slack', externalId: `U${i}${p.id.slice(0, 6)}` } });
    out.push({ id: person.id, name: person.name, email: person.email });
  }
  return { partnershipId: p.id, people: out };
}

/** Runs dispatcher rounds, moving the fake clock to the next due row whenever none is due, until nothing is pending. */
export async function runUntilQuiet(db: Database, d: Dispatcher, clock: FakeClock, partnershipId?: string, maxRounds = 5000) {
  for (let i = 0; i < maxRounds; i++) {
    const r = await d.runOnce();
    if (r.claimed > 0) continue;
    const scope = { state: 'pending' as const, ...(partnershipId ? { partnershipId } : {}) };
    if ((await db.prisma.notification.count({ where: scope })) === 0) return i;
    // Rows due now but not claimed wait behind an older row of their recipient: move to the next due time.
    const next = await db.prisma.notification.findFirst({
      where: { ...scope, nextAttemptAt: { gt: clock.now() } },
      orderBy: { nextAttemptAt: 'asc' },
    });
    if (!next) throw new Error('outbox stuck: pending rows due but none claimable');
    clock.set(next.nextAttemptAt);
  }
  throw new Error('outbox did not settle');
}
