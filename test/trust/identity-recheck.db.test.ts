// Identity links re-checked on use at most once a day (SPEC §10): within a day no look-up at all;
// after a day the platform's email is compared again — a changed one moves or removes the link,
// and a leaver (no person has that email any more) stops being anyone. Each change is recorded
// for the admins' digest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApi } from '../../src/core/api.js';
import { createCore } from '../../src/core/create-core.js';
import { RECHECK_AFTER_MS } from '../../src/core/identity.js';
import { silentLogger } from '../../src/log/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { buildFixture, NOW, type Fixture } from '../support/fixtures.js';

let db: TestDatabase;
let fx: Fixture;
let core: CoreApi;
beforeAll(async () => {
  db = await createTestDatabase();
  fx = await buildFixture(db);
  core = createCore({ db, logger: silentLogger() });
});
afterAll(async () => db?.drop());

const at = (ms: number) => new Date(NOW.getTime() + ms);

describe('identity: re-checked on use at most daily', () => {
  it('looks the email up again only after a day, and follows it', async () => {
    let email = 'olu.ade@example.com';
    let lookups = 0;
    const user = (now: Date) => ({ platform: 'teams' as const, userId: 'aad-olu', now, lookupEmail: async () => { lookups++; return email; } });
    expect((await core.identity.resolve(fx.partnership, user(NOW)))?.name).toBe('Olu Ade');
    expect(lookups).toBe(1);
    for (const t of [60_000, 3_600_000, RECHECK_AFTER_MS - 1000]) expect((await core.identity.resolve(fx.partnership, user(at(t))))?.name).toBe('Olu Ade');
    expect(lookups).toBe(1);

    // A day later the tenant reports another person's email: the link moves, and says so.
    email = 'carl.jones@example.com';
    expect((await core.identity.resolve(fx.partnership, user(at(RECHECK_AFTER_MS + 1000))))?.name).toBe('Carl Jones');
    expect(lookups).toBe(2);
    const moved = await db.prisma.identityChange.findFirstOrThrow({ where: { externalId: 'aad-olu', kind: 'relinked' } });
    expect(moved.summary).toMatch(/Teams account aad-olu was linked to Olu Ade <olu.ade@example.com>; at its daily check it now reports carl.jones@example.com, so it was moved to Carl Jones/);
  });

  it("a leaver's account stops working when their email no longer matches a person", async () => {
    let lookups = 0;
    const user = (now: Date) => ({ platform: 'slack' as const, userId: 'U0PRIYA', now, lookupEmail: async () => { lookups++; return 'priya.patel@example.com'; } });
    expect((await core.identity.resolve(fx.partnership, user(NOW)))?.name).toBe('Priya Patel');
    // Priya leaves: the register no longer has her address (her row now has her successor's).
    await db.prisma.person.update({ where: { id: fx.people.priya }, data: { email: 'successor@example.com', name: 'Sam Successor' } });
    expect((await core.identity.resolve(fx.partnership, user(at(RECHECK_AFTER_MS + 1))))).toBeNull();
    expect(lookups).toBe(2);
    expect(await db.prisma.chatIdentity.count({ where: { externalId: 'U0PRIYA' } })).toBe(0);
    const gone = await db.prisma.identityChange.findFirstOrThrow({ where: { externalId: 'U0PRIYA' } });
    expect(gone.kind).toBe('unlinked');
    expect(gone.summary).toMatch(/no person in the register has that email/);
  });

  it('keeps the link when the look-up fails or shows no email (and checks again later)', async () => {
    let answer: () => Promise<string | undefined> = async () => 'meganb@example.com';
    const user = (now: Date) => ({ platform: 'slack' as const, userId: 'U0MEGAN', now, lookupEmail: () => answer() });
    expect((await core.identity.resolve(fx.partnership, user(NOW)))?.name).toBe('Megan Bowen');
    answer = async () => { throw new Error('users.info timed out'); };
    expect((await core.identity.resolve(fx.partnership, user(at(RECHECK_AFTER_MS + 1))))?.name).toBe('Megan Bowen');
    answer = async () => undefined;
    expect((await core.identity.resolve(fx.partnership, user(at(RECHECK_AFTER_MS + 2))))?.name).toBe('Megan Bowen');
    expect(await db.prisma.identityChange.count({ where: { externalId: 'U0MEGAN' } })).toBe(0);
  });
});
