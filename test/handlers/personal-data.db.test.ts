// Every way text enters through chat goes through the personal-data guard (SPEC §10 "Personal
// data"): a typed update, a contract note, a redate reason, the "Add note…" button/modal (its
// submission arrives as a button with a note) and a reply in a nudge's thread. Each is refused
// with what looked personal and how to say it anonymously, and nothing is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApi } from '../../src/core/api.js';
import type { Message } from '../../src/message/model.js';
import type { TestDatabase } from '../support/db.js';
import { ctxFor, openHandlerFixture, textOf, type Fixture } from '../support/fixtures.js';

let db: TestDatabase;
let fx: Fixture;
let core: CoreApi;

beforeAll(async () => {
  ({ db, fx, core } = await openHandlerFixture());
});
afterAll(async () => db?.drop());

const stored = async () => ({
  updates: await db.prisma.statusUpdate.count(),
  contractUpdates: await db.prisma.contractUpdate.count(),
  redates: await db.prisma.dueDateChange.count(),
});

function expectRefused(m: Message | null, what: RegExp) {
  expect(m?.meta?.error).toBe('personal_data');
  const text = textOf(m!);
  expect(text).toMatch(what);
  expect(text).toContain('Say it without identifying anyone');
}

describe('the personal-data guard on every way in', () => {
  it('a typed update', async () => {
    const before = await stored();
    const m = await core.commands.text(await ctxFor(db, fx, 'alex'), 'update TRS-07 on track — client john smith (DOB 12-Mar-1985) re-engaged');
    expectRefused(m, /a date of birth|the name of a service user/);
    expect(await stored()).toEqual(before);
  });

  it('a contract note', async () => {
    const before = await stored();
    const m = await core.commands.text(await ctxFor(db, fx, 'carl'), 'contract C-01 options appraisal — SU Mary Jones gave feedback');
    expectRefused(m, /the name of a service user \("SU Mary/);
    expect(await stored()).toEqual(before);
  });

  it('a redate reason', async () => {
    const before = await stored();
    const m = await core.commands.text(await ctxFor(db, fx, 'alex'), 'redate TRS-07 31/03/2027 waiting on NHS 943\u200B476\u200B5919 records');
    expectRefused(m, /an NHS number/);
    expect(await stored()).toEqual(before);
  });

  it('the Add note button and modal', async () => {
    const before = await stored();
    const m = await core.commands.button(await ctxFor(db, fx, 'priya'), { kind: 'add_note', ref: 'TRS-07' }, { note: "client's mobile 07700 900123" });
    expectRefused(m, /a personal phone number/);
    expect(await stored()).toEqual(before);
  });

  it('a reply in a nudge thread', async () => {
    await db.prisma.sentMessage.create({
      data: { partnershipId: fx.partnership.id, platform: 'slack', channelId: 'D-ALEX', messageId: 'pd-1', actionRefs: ['TRS-01'], contractRefs: [] },
    });
    const before = await stored();
    const m = await core.commands.threadReply(await ctxFor(db, fx, 'alex'), { platform: 'slack', channelId: 'D-ALEX', messageId: 'pd-1' }, 'on track — lives at 14 Cable Street, London E1 6QL');
    expectRefused(m, /a home address/);
    expect(await stored()).toEqual(before);
  });

  it('innocent notes still go through', async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'alex'), 'update TRS-07 on track — Patient Advice and Liaison Service briefed; PO 4010232137 raised');
    expect(m.meta?.error).toBeUndefined();
  });
});
