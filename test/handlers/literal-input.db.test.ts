// Small ones from issue 11: `find %` and `find _` search for those characters (not SQL
// wildcards); `redate … 99999` is not read as an Excel serial; an impossible time is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApi } from '../../src/core/api.js';
import type { TestDatabase } from '../support/db.js';
import { ctxFor, openHandlerFixture, textOf, type Fixture } from '../support/fixtures.js';

let db: TestDatabase;
let fx: Fixture;
let core: CoreApi;

beforeAll(async () => {
  ({ db, fx, core } = await openHandlerFixture());
  await db.prisma.action.update({ where: { id: fx.actions['TRS-07']! }, data: { title: 'Reach 50% of hostels with naloxone' } });
  await db.prisma.action.update({ where: { id: fx.actions['TRS-02']! }, data: { title: 'Publish the snake_case data dictionary' } });
});
afterAll(async () => db?.drop());

const refsOf = (text: string) => [...text.matchAll(/\b(TRS|BSC)-\d\d\b/g)].map((m) => m[0]);

describe('find', () => {
  it('"%" finds only the action with a percent sign', async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'alex'), 'find %');
    expect(new Set(refsOf(textOf(m)))).toEqual(new Set(['TRS-07']));
  });

  it('"_" finds only the action with an underscore', async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'alex'), 'find _');
    expect(new Set(refsOf(textOf(m)))).toEqual(new Set(['TRS-02']));
  });

  it('"50%" still finds it, and a backslash is literal too', async () => {
    expect(refsOf(textOf(await core.commands.text(await ctxFor(db, fx, 'alex'), 'find 50%')))).toContain('TRS-07');
    expect(textOf(await core.commands.text(await ctxFor(db, fx, 'alex'), 'find \\'))).toContain('No actions match');
  });
});

describe('redate', () => {
  it('"99999" is not a date (no Excel serials in chat), and nothing changes', async () => {
    const before = await db.prisma.dueDateChange.count();
    const m = await core.commands.text(await ctxFor(db, fx, 'alex'), 'redate TRS-07 99999 waiting for funding');
    expect(m.meta?.error).toBe('bad_date');
    expect(await db.prisma.dueDateChange.count()).toBe(before);
  });

  it('"2027-03-31T25:99" is refused', async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'alex'), 'redate TRS-07 2027-03-31T25:99 waiting for funding');
    expect(m.meta?.error).toBe('bad_date');
    expect(textOf(m)).toContain('2027-03-31T25:99');
  });
});
