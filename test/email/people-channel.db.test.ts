// `cdp people set EMAIL channel email|teams|slack|auto` and `cdp people revoke-links EMAIL`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as peopleVerb from '../../src/cli/verbs/people.js';
import type { CoreApi } from '../../src/core/api.js';
import { cliRunner } from '../support/cli.js';
import type { TestDatabase } from '../support/db.js';
import { NOW, openHandlerFixture, type Fixture } from '../support/fixtures.js';

let db: TestDatabase;
let fx: Fixture;
let core: CoreApi;

const cdp = (...argv: string[]) => cliRunner(db, [peopleVerb], () => NOW)(...argv);

beforeAll(async () => {
  ({ db, fx, core } = await openHandlerFixture());
});
afterAll(async () => db?.drop());

describe('cdp people set … channel', () => {
  it('sets and clears a preferred channel', async () => {
    const r = await cdp('people', 'set', 'AlexW@example.com', 'channel', 'email', '--partnership', 'Testshire CDP');
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain('Alex Wilber: reminders now go by email first');
    expect((await db.prisma.person.findUniqueOrThrow({ where: { id: fx.people.alex } })).preferredChannel).toBe('email');
    expect((await cdp('people', 'list', '--partnership', 'Testshire CDP')).out).toMatch(/Alex Wilber .*\(not linked\)\s+email\n/);
    expect((await cdp('people', 'set', 'alexw@example.com', 'channel', 'auto', '--partnership', 'Testshire CDP')).out).toContain('was email');
    expect((await db.prisma.person.findUniqueOrThrow({ where: { id: fx.people.alex } })).preferredChannel).toBeNull();
  });

  it('refuses an unknown channel, field or person, saying what would be accepted, and changes nothing', async () => {
    const bad = await cdp('people', 'set', 'alexw@example.com', 'channel', 'fax', '--partnership', 'Testshire CDP');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Use one of: email, teams, slack, or auto');
    expect((await cdp('people', 'set', 'alexw@example.com', 'phone', 'email')).err).toContain('Example: cdp people set alexw@example.com channel email');
    expect((await cdp('people', 'set', 'nobody@example.com', 'channel', 'email', '--partnership', 'Testshire CDP')).err).toContain('cdp people list');
    expect((await db.prisma.person.findUniqueOrThrow({ where: { id: fx.people.alex } })).preferredChannel).toBeNull();
  });
});

describe('cdp people revoke-links', () => {
  it('withdraws the person’s current links: they then open a “withdrawn” refusal', async () => {
    const { token } = await core.links.issue({ partnershipId: fx.partnership.id, personId: fx.people.alex, actionRefs: ['TRS-07'], contractRefs: [], now: NOW });
    expect((await core.links.open(token, NOW)).ok).toBe(true);
    const r = await cdp('people', 'revoke-links', 'alexw@example.com', '--partnership', 'Testshire CDP');
    expect(r.out).toContain('Alex Wilber: 1 link(s) withdrawn');
    expect(await core.links.open(token, NOW)).toMatchObject({ ok: false, error: { code: 'link_revoked' } });
  });
});
