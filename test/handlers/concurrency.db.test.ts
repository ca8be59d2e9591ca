// Concurrent updates to one action: none lost, every one in the history, the last visible.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApi } from '../../src/core/api.js';
import type { TestDatabase } from '../support/db.js';
import { openHandlerFixture, ctxFor, NOW, type Fixture } from '../support/fixtures.js';

let db: TestDatabase;
let fx: Fixture;
let core: CoreApi;

beforeAll(async () => {
  ({ db, fx, core } = await openHandlerFixture());
});
afterAll(async () => db?.drop());

describe('50 concurrent updates to one action', () => {
  it('produce 50 history rows, a version bumped 50 times, and the last write visible', async () => {
    const id = fx.actions['TRS-07']!;
    const before = await db.prisma.action.findUniqueOrThrow({ where: { id } });
    const people = ['alex', 'priya', 'megan', 'adele'] as const;
    const statuses = ['on_track', 'at_risk', 'off_track'] as const;
    const replies = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const ctx = await ctxFor(db, fx, people[i % people.length]!, { now: new Date(NOW.getTime() + i * 1000) });
        return core.commands.text(ctx, `update TRS-07 ${statuses[i % 3]!.replace('_', ' ')} concurrent note ${i}`);
      }),
    );
    expect(replies.filter((r) => r.meta?.error)).toEqual([]);
    const rows = await db.prisma.statusUpdate.findMany({ where: { actionId: id } });
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => r.note)).size).toBe(50);
    const after = await db.prisma.action.findUniqueOrThrow({ where: { id } });
    expect(after.version).toBe(before.version + 50);
    // No write lost: the status-changing rows chain from the old status to the one the action shows
    // (as edges of one path: every status is left as often as it is entered, except the ends).
    const balance = new Map<string, number>();
    const bump = (s: string, n: number) => balance.set(s, (balance.get(s) ?? 0) + n);
    for (const r of rows) if (r.newStatus) { bump(r.oldStatus!, 1); bump(r.newStatus, -1); }
    bump(before.status, -1);
    bump(after.status, 1);
    expect([...balance.values()].every((v) => v === 0)).toBe(true);
    // The action's last update time is that of one of the 50 writes (the last to commit).
    expect(rows.map((r) => r.createdAt.getTime())).toContain(after.lastUpdateAt!.getTime());
  });
});
