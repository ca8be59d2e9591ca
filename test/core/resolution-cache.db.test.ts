// The resolution cache (issue 18): every chat request resolves its workspace/tenant, the
// account's link and the person's agencies and roles; these are reused for a short while, and a
// change made in this process (an import, a binding, an identity move) applies at the very next
// request. A change made by another process (the CLI on PostgreSQL) applies within the TTL.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatUser } from '../../src/core/api.js';
import { createCore } from '../../src/core/create-core.js';
import { silentLogger } from '../../src/log/logger.js';
import { bindChat } from '../../src/register/partnerships.js';
import { importPeople } from '../../src/register/people-import.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { buildFixture, NOW, textOf, type Fixture } from '../support/fixtures.js';

let db: TestDatabase;
let fx: Fixture;
let tmp: string;
beforeAll(async () => {
  db = await createTestDatabase();
  fx = await buildFixture(db);
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cdp-resolution-'));
  await bindChat(db.prisma, fx.partnership.name, 'teams', 'tenant-one');
});
afterAll(async () => {
  await db?.drop();
  await fs.rm(tmp, { recursive: true, force: true });
});

const teamsUser = (userId: string, email: string): ChatUser => ({ platform: 'teams', userId, now: NOW, lookupEmail: async () => email });

/** A Teams "mine" as the adapter runs it: tenant → partnership, account → person, the command. */
async function mine(core: ReturnType<typeof createCore>, tenant: string, user: ChatUser): Promise<string> {
  const p = await core.tenancy.resolve('teams', tenant);
  if (!p.ok) return p.error.message;
  const person = await core.identity.resolve(p.value, user);
  return textOf(await core.commands.text({ partnership: p.value, person, via: 'teams', now: NOW }, 'mine'));
}

describe('resolution cache', () => {
  it('a people import in this process applies at the next request', async () => {
    const core = createCore({ db, logger: silentLogger() });
    const priya = teamsUser('aad-priya', 'priya.patel@example.com');
    expect(await mine(core, 'tenant-one', priya)).toContain('for Metropolitan Police Service');
    expect(await mine(core, 'tenant-one', priya)).toContain('BSC-02'); // answered from the cache the second time
    const file = path.join(tmp, 'people.csv');
    await fs.writeFile(file, 'name,email,agency,roles\nPriya Patel,priya.patel@example.com,Probation Service,\n');
    const r = await importPeople(db, { partnershipName: fx.partnership.name, file, now: NOW });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    const after = await mine(core, 'tenant-one', priya);
    expect(after).toContain('for Probation Service');
    expect(after).not.toContain('for Metropolitan Police Service');
  });

  it('an account unlinked by a profile change is nobody at its next request', async () => {
    const core = createCore({ db, logger: silentLogger() });
    const olu = teamsUser('aad-olu', 'olu.ade@example.com');
    expect(await mine(core, 'tenant-one', olu)).toContain('Probation Service');
    await core.identity.profileChanged(fx.partnership, { platform: 'teams', userId: 'aad-olu', email: 'olu@personal.example', now: NOW });
    expect(await mine(core, 'tenant-one', { ...olu, lookupEmail: async () => 'olu@personal.example' })).toMatch(/not linked/);
  });

  it('a tenant refused once is served as soon as it is bound (refusals are not kept)', async () => {
    const core = createCore({ db, logger: silentLogger() });
    const alex = teamsUser('aad-alex', 'alexw@example.com');
    expect(await mine(core, 'tenant-two', alex)).toMatch(/not connected to a partnership/);
    const bound = await bindChat(db.prisma, fx.partnership.name, 'teams', 'tenant-two');
    expect(bound.ok).toBe(true);
    expect(await mine(core, 'tenant-two', alex)).toContain('for LBTH Substance Misuse Service');
  });

  it('a change made by another process is seen once the entries expire', async () => {
    const core = createCore({ db, logger: silentLogger(), resolutionTtlMs: 300 });
    const carl = teamsUser('aad-carl', 'carl.jones@example.com');
    expect(await mine(core, 'tenant-one', carl)).toContain('Public Health');
    // As `cdp people import` on PostgreSQL from another process would: no word reaches this one.
    const ph = await db.prisma.agency.findFirstOrThrow({ where: { partnershipId: fx.partnership.id, name: 'Public Health' } });
    const mps = await db.prisma.agency.findFirstOrThrow({ where: { partnershipId: fx.partnership.id, name: 'Metropolitan Police Service' } });
    await db.prisma.personAgency.updateMany({ where: { personId: fx.people.carl, agencyId: ph.id }, data: { agencyId: mps.id } });
    await new Promise((r) => setTimeout(r, 350));
    expect(await mine(core, 'tenant-one', carl)).toContain('for Metropolitan Police Service');
  });
});
