// Buttons and thread replies call the same use cases as typed commands; retried presses are harmless.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/create-core.js';
import type { CoreApi } from '../../src/core/api.js';
import { silentLogger } from '../../src/log/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { buildFixture, ctxFor, textOf, type Fixture } from '../support/fixtures.js';

let db: TestDatabase;
let fx: Fixture;
let core: CoreApi;

beforeAll(async () => {
  db = await createTestDatabase();
  fx = await buildFixture(db);
  core = createCore({ db, logger: silentLogger() });
});
afterAll(async () => db?.drop());

const history = (ref: string) => db.prisma.statusUpdate.findMany({ where: { actionId: fx.actions[ref] }, orderBy: { createdAt: 'asc' } });

describe('status buttons', () => {
  it('set the status, name who did it, and a second press records nothing', async () => {
    const ctx = await ctxFor(db, fx, 'alex', { platform: 'teams' });
    const first = await core.commands.button(ctx, { kind: 'set_status', ref: 'TRS-07', status: 'on_track' });
    expect(textOf(first)).toContain('Alex Wilber set TRS-07 to On track');
    const item = first.blocks.find((b) => b.type === 'item');
    expect(item && item.type === 'item' && item.status).toBe('on_track');
    const again = await core.commands.button(ctx, { kind: 'set_status', ref: 'TRS-07', status: 'on_track' });
    expect(textOf(again)).toContain('already On track');
    const rows = await history('TRS-07');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ via: 'teams', newStatus: 'on_track' });
  });

  it('retried concurrently (a client retrying a slow card action) still records one change', async () => {
    const ctx = await ctxFor(db, fx, 'alex');
    await Promise.all(Array.from({ length: 5 }, () => core.commands.button(ctx, { kind: 'set_status', ref: 'TRS-02', status: 'at_risk' })));
    const rows = (await history('TRS-02')).filter((r) => r.newStatus === 'at_risk');
    expect(rows).toHaveLength(1);
  });

  it('refuse someone who may not update, naming who can', async () => {
    const m = await core.commands.button(await ctxFor(db, fx, 'olu'), { kind: 'set_status', ref: 'TRS-01', status: 'complete' });
    expect(m.meta?.error).toBe('forbidden');
    expect(textOf(m)).toContain('LBTH Substance Misuse Service (lead)');
  });

  it('tell unlinked people how to get linked', async () => {
    const m = await core.commands.button(await ctxFor(db, fx, null), { kind: 'set_status', ref: 'TRS-01', status: 'complete' });
    expect(m.meta?.error).toBe('not_linked');
  });
});

describe('add note', () => {
  it('without a note asks for one; with a note records it', async () => {
    const ctx = await ctxFor(db, fx, 'priya');
    const ask = await core.commands.button(ctx, { kind: 'add_note', ref: 'TRS-07' });
    expect(ask.meta?.error).toBe('needs_note');
    expect(textOf(ask)).toContain("What's the latest on TRS-07?");
    const m = await core.commands.button(ctx, { kind: 'add_note', ref: 'TRS-07' }, { note: 'custody data now flowing' });
    expect(textOf(m)).toContain('Priya Patel added a note to TRS-07');
    const rows = await history('TRS-07');
    expect(rows[rows.length - 1]).toMatchObject({ note: 'custody data now flowing', oldStatus: null, newStatus: null });
  });
});

describe('mark all on track', () => {
  it('updates each action the person may update and reports the refused ones', async () => {
    const ctx = await ctxFor(db, fx, 'priya');
    const m = await core.commands.button(ctx, { kind: 'all_on_track', refs: ['TRS-07', 'BSC-02', 'TRS-01', 'NOPE-1'] });
    const t = textOf(m);
    expect(t).toContain('Already on track: TRS-07, BSC-02.');
    expect(t).toContain("Not changed — you can't update TRS-01");
    expect(t).toContain('Not found: NOPE-1');
    const megan = await ctxFor(db, fx, 'megan');
    const m2 = await core.commands.button(megan, { kind: 'all_on_track', refs: ['TRS-01', 'TRS-02'] });
    expect(textOf(m2)).toContain('Megan Bowen marked 1 action on track: TRS-02.');
    expect(textOf(m2)).toContain('Already on track: TRS-01.');
  });
});

describe('contract stage buttons', () => {
  it('record the stage once; a repeat changes nothing', async () => {
    const ctx = await ctxFor(db, fx, 'carl');
    const m = await core.commands.button(ctx, { kind: 'contract_stage', ref: 'C-01', stage: 'options_appraisal' });
    expect(textOf(m)).toContain('Carl Jones set C-01 stage to Options appraisal');
    const again = await core.commands.button(ctx, { kind: 'contract_stage', ref: 'C-01', stage: 'options_appraisal' });
    expect(textOf(again)).toContain('already at Options appraisal');
    expect(await db.prisma.contractUpdate.count({ where: { contractId: fx.contracts['C-01'] } })).toBe(1);
  });
});

describe('thread replies', () => {
  async function sent(messageId: string, actionRefs: string[], contractRefs: string[] = []) {
    await db.prisma.sentMessage.create({
      data: { partnershipId: fx.partnership.id, platform: 'slack', channelId: 'D-ALEX', messageId, actionRefs, contractRefs },
    });
    return { platform: 'slack' as const, channelId: 'D-ALEX', messageId };
  }

  it('to a one-action reminder: status and note for that action', async () => {
    const thread = await sent('1700000000.000100', ['TRS-01']);
    const m = await core.commands.threadReply(await ctxFor(db, fx, 'alex'), thread, 'off track — pathway launch delayed to January');
    expect(textOf(m!)).toContain('Alex Wilber set TRS-01 to Off track');
    const rows = await history('TRS-01');
    expect(rows[rows.length - 1]).toMatchObject({ newStatus: 'off_track', note: 'pathway launch delayed to January' });
    const done = await core.commands.threadReply(await ctxFor(db, fx, 'alex'), thread, 'done');
    expect(textOf(done!)).toContain('to Complete');
    const note = await core.commands.threadReply(await ctxFor(db, fx, 'alex'), thread, 'just a note: trainer booked');
    expect(textOf(note!)).toContain('added a note to TRS-01');
    const before = await db.prisma.statusUpdate.count();
    const other = await core.commands.threadReply(await ctxFor(db, fx, 'alex'), thread, 'TRS-02 done');
    expect(other!.meta?.error).toBe('which_ref');
    expect(textOf(other!)).toContain('This message is about TRS-01, not TRS-02');
    expect(await db.prisma.statusUpdate.count()).toBe(before);
  });

  it('to a several-action reminder: needs the ref, and never guesses', async () => {
    const thread = await sent('1700000000.000200', ['TRS-07', 'TRS-02']);
    const before = await db.prisma.statusUpdate.count();
    const vague = await core.commands.threadReply(await ctxFor(db, fx, 'alex'), thread, 'on track — all good');
    expect(vague!.meta?.error).toBe('which_ref');
    expect(textOf(vague!)).toContain('TRS-07, TRS-02');
    expect(await db.prisma.statusUpdate.count()).toBe(before);
    const named = await core.commands.threadReply(await ctxFor(db, fx, 'alex'), thread, 'trs-02 at risk — volunteers hard to recruit');
    expect(textOf(named!)).toContain('Alex Wilber set TRS-02 to');
    const rows = await history('TRS-02');
    expect(rows[rows.length - 1]).toMatchObject({ note: 'volunteers hard to recruit' });
  });

  it('to a contract check-in: records the stage', async () => {
    const thread = await sent('1700000000.000300', [], ['C-02']);
    const m = await core.commands.threadReply(await ctxFor(db, fx, 'carl'), thread, 'route decided — most suitable provider agreed at board');
    expect(textOf(m!)).toContain('Carl Jones set C-02 stage to Route decided');
  });

  it('to an unknown thread: null (not ours to answer)', async () => {
    const m = await core.commands.threadReply(await ctxFor(db, fx, 'alex'), { platform: 'slack', channelId: 'D-ALEX', messageId: 'nope' }, 'done');
    expect(m).toBeNull();
  });
});

describe('home', () => {
  it('shows the open actions with buttons, or how to get linked', async () => {
    const m = await core.commands.home(await ctxFor(db, fx, 'alex'));
    expect(m.blocks[0]).toEqual({ type: 'heading', text: 'Testshire CDP: your actions' });
    expect(m.blocks.some((b) => b.type === 'item' && b.buttons?.length)).toBe(true);
    const unlinked = await core.commands.home(await ctxFor(db, fx, null));
    expect(unlinked.meta?.error).toBe('not_linked');
  });
});
