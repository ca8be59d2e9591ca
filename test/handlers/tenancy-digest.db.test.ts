// Tenancy (which partnership a workspace/tenant is), identity by email, channel binding and
// on-demand digests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/create-core.js';
import type { CoreApi } from '../../src/core/api.js';
import { silentLogger } from '../../src/log/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { openHandlerFixture, ctxFor, textOf, type Fixture } from '../support/fixtures.js';

let db: TestDatabase;
let fx: Fixture;
let core: CoreApi;
let kicks = 0;

beforeAll(async () => {
  ({ db, fx, core } = await openHandlerFixture({ kickOutbox: () => { kicks++; } }));
});
afterAll(async () => db?.drop());

describe('tenancy', () => {
  it('refuses an unknown workspace or tenant, naming the bind command', async () => {
    const s = await core.tenancy.resolve('slack', 'T123');
    expect(s.ok).toBe(false);
    if (!s.ok) expect(s.error.message).toBe('This Slack workspace (T123) is not connected to a partnership. An admin can connect it with: cdp partnerships bind <partnership> slack T123');
    const t = await core.tenancy.resolve('teams', 'tenant-1');
    if (!t.ok) expect(t.error.message).toContain('cdp partnerships bind <partnership> teams tenant-1');
    expect(t.ok).toBe(false);
  });

  it('resolves a bound workspace to its partnership', async () => {
    await db.prisma.chatBinding.create({ data: { partnershipId: fx.other.id, platform: 'slack', externalId: 'T-OTHER' } });
    const r = await core.tenancy.resolve('slack', 'T-OTHER');
    expect(r.ok && r.value.name).toBe('Otherton CDP');
  });

  it('does not auto-bind when several partnerships exist', async () => {
    expect(await core.tenancy.autoBind('teams', 'tenant-1')).toBe('skipped');
  });

  it('local Teams mode accepts no tenant when several partnerships exist', async () => {
    core.tenancy.setLocalTeamsMode(true);
    expect((await core.tenancy.resolve('teams', 'any-tenant')).ok).toBe(false);
    core.tenancy.setLocalTeamsMode(false);
  });
});

describe('one-partnership install', () => {
  it('auto-binds once, then refuses other tenants; local Teams mode accepts any tenant until one is bound', async () => {
    const one = await createTestDatabase();
    try {
      const p = await one.prisma.partnership.create({ data: { name: 'Solo CDP', planYear: '2026-27' } });
      const c = createCore({ db: one, logger: silentLogger() });
      c.tenancy.setLocalTeamsMode(true);
      const any = await c.tenancy.resolve('teams', 'playground-tenant');
      expect(any.ok && any.value.id).toBe(p.id);
      expect(await c.tenancy.autoBind('slack', 'T-SOLO')).toBe('bound');
      expect(await c.tenancy.autoBind('slack', 'T-SOLO')).toBe('already_bound');
      expect(await c.tenancy.autoBind('slack', 'T-SECOND')).toBe('skipped');
      expect((await c.tenancy.resolve('slack', 'T-SOLO')).ok).toBe(true);
      expect((await c.tenancy.resolve('slack', 'T-SECOND')).ok).toBe(false);
      expect(await c.tenancy.autoBind('teams', 'tenant-solo')).toBe('bound');
      // Once a Teams tenant is bound, local mode no longer accepts others.
      expect((await c.tenancy.resolve('teams', 'playground-tenant')).ok).toBe(false);
      expect((await c.tenancy.resolve('teams', 'tenant-solo')).ok).toBe(true);
    } finally {
      await one.drop();
    }
  });
});

describe('identity', () => {
  it('links by email on first contact (case-insensitive), then by stored identity without a look-up', async () => {
    let lookups = 0;
    const user = { platform: 'teams' as const, userId: 'aad-alex', lookupEmail: async () => { lookups++; return 'AlexW@Example.com'; } };
    const first = await core.identity.resolve(fx.partnership, user);
    expect(first?.name).toBe('Alex Wilber');
    expect(first?.agencies.map((a) => a.name)).toEqual(['LBTH Substance Misuse Service']);
    const second = await core.identity.resolve(fx.partnership, user);
    expect(second?.id).toBe(fx.people.alex);
    expect(lookups).toBe(1);
    expect(await db.prisma.chatIdentity.count({ where: { personId: fx.people.alex, platform: 'teams', externalId: 'aad-alex' } })).toBe(1);
  });

  it('returns null for an unknown email or no look-up', async () => {
    expect(await core.identity.resolve(fx.partnership, { platform: 'slack', userId: 'U-NEW', lookupEmail: async () => 'nobody@example.com' })).toBeNull();
    expect(await core.identity.resolve(fx.partnership, { platform: 'slack', userId: 'U-NEW2' })).toBeNull();
  });
});

describe('conversations', () => {
  it('remembers where a person can be reached, updating the reference and clearing unreachable', async () => {
    await core.conversations.remember(fx.partnership.id, { platform: 'teams', kind: 'person', externalId: 'a:conv-1', personId: fx.people.alex, reference: { v: 1 } });
    await db.prisma.conversation.updateMany({ where: { externalId: 'a:conv-1' }, data: { unreachableSince: new Date(), unreachableReason: '403' } });
    await core.conversations.remember(fx.partnership.id, { platform: 'teams', kind: 'person', externalId: 'a:conv-1', personId: fx.people.alex, reference: { v: 2 } });
    const rows = await db.prisma.conversation.findMany({ where: { externalId: 'a:conv-1' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ personId: fx.people.alex, kind: 'person', reference: { v: 2 }, unreachableSince: null });
  });
});

describe('bind and digest', () => {
  it('only admins bind, only in a channel; the subgroup name matches loosely', async () => {
    const notAdmin = await core.commands.text(await ctxFor(db, fx, 'megan', { channelId: 'C-TR', channelName: 'treatment' }), 'bind treatment');
    expect(notAdmin.meta?.error).toBe('forbidden');
    expect(textOf(notAdmin)).toContain('Adele Vance');
    const inDm = await core.commands.text(await ctxFor(db, fx, 'adele'), 'bind treatment');
    expect(inDm.meta?.error).toBe('bad_arguments');
    const ok = await core.commands.text(await ctxFor(db, fx, 'adele', { channelId: 'C-TR', channelName: 'treatment-recovery' }), 'bind treatment and recovery');
    expect(textOf(ok)).toContain('Treatment & Recovery digests will be posted in #treatment-recovery');
    const sg = await db.prisma.subgroup.findUniqueOrThrow({ where: { id: fx.subgroups.treatment } });
    expect(sg).toMatchObject({ channelPlatform: 'slack', channelId: 'C-TR' });
    expect(await db.prisma.conversation.count({ where: { partnershipId: fx.partnership.id, externalId: 'C-TR', kind: 'channel' } })).toBe(1);
  });

  it('stores the Teams conversation reference for the channel', async () => {
    const reference = { conversation: { id: '19:abc@thread.tacv2' }, serviceUrl: 'https://smba.example/' };
    await core.commands.text(await ctxFor(db, fx, 'adele', { platform: 'teams', channelId: '19:abc@thread.tacv2', channelReference: reference }), 'bind supply');
    const conv = await db.prisma.conversation.findFirstOrThrow({ where: { externalId: '19:abc@thread.tacv2' } });
    expect(conv.reference).toEqual(reference);
  });

  it('digest shows the subgroup digest to me only', async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'megan'), 'digest');
    expect(m.ephemeral).toBe(true);
    expect(textOf(m)).toContain('Treatment & Recovery');
  });

  it('digest without a subgroup: the one where my agencies lead most actions; others get the partnership-wide digest', async () => {
    const lead = await core.commands.text(await ctxFor(db, fx, 'alex'), 'digest');
    expect(textOf(lead)).toContain('Treatment & Recovery');
    const police = await core.commands.text(await ctxFor(db, fx, 'priya'), 'digest');
    expect(textOf(police)).toContain('Supply');
    const carl = await core.commands.text(await ctxFor(db, fx, 'carl'), 'digest');
    expect(carl.summary).toMatch(/^Testshire CDP/);
  });

  it('digest … post: chairs post through the outbox; others are refused', async () => {
    const refused = await core.commands.text(await ctxFor(db, fx, 'alex'), 'digest treatment post');
    expect(refused.meta?.error).toBe('forbidden');
    expect(textOf(refused)).toContain('Megan Bowen');
    const before = kicks;
    const m = await core.commands.text(await ctxFor(db, fx, 'megan'), 'digest treatment post');
    expect(textOf(m)).toContain('Posted the Treatment & Recovery digest to its channel (C-TR)');
    const n = await db.prisma.notification.findFirstOrThrow({ where: { kind: 'digest', channelId: 'C-TR' } });
    expect(n).toMatchObject({ platform: 'slack', subgroupId: fx.subgroups.treatment, state: 'pending' });
    expect(kicks).toBe(before + 1);
  });

  it('digest … post for a subgroup with no channel says how to bind one', async () => {
    await db.prisma.subgroup.update({ where: { id: fx.subgroups.supply }, data: { channelId: null, channelPlatform: null } });
    const m = await core.commands.text(await ctxFor(db, fx, 'adele'), 'digest supply post');
    expect(m.meta?.error).toBe('no_channel');
    expect(textOf(m)).toContain('/cdp bind Supply');
    expect(textOf(m)).toContain('cdp subgroups bind');
  });
});
