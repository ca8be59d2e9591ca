// Buttons and thread replies call the same use cases as typed commands; retried presses are harmless.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/create-core.js';
import type { CoreApi } from '../../src/core/api.js';
import { silentLogger } from '../../src/log/logger.js';
import { LIST_REFS_CAP, attachList } from '../../src/message/list.js';
import type { Block, Message } from '../../src/message/model.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { openHandlerFixture, buildFixture, ctxFor, textOf, type Fixture } from '../support/fixtures.js';

let db: TestDatabase;
let fx: Fixture;
let core: CoreApi;

beforeAll(async () => {
  ({ db, fx, core } = await openHandlerFixture());
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
    expect(textOf(m!)).toContain('Carl Jones set C-02 route to PSR most suitable provider (was Undecided) and stage to Route decided');
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

// A press on one item of a multi-item message (nudge, mine, due, overdue, home) answers with the
// whole list again — the pressed item updated, a who-did-what line on top — so the other items
// and their buttons stay in the person's DM or card. Its own database: the presses above change
// the same actions.
describe('buttons in a list', () => {
  let ldb: TestDatabase;
  let lfx: Fixture;
  let lcore: CoreApi;
  beforeAll(async () => {
    ldb = await createTestDatabase();
    lfx = await buildFixture(ldb);
    lcore = createCore({ db: ldb, logger: silentLogger() });
  });
  afterAll(async () => ldb?.drop());

  type Item = Extract<Block, { type: 'item' }>;
  const itemsOf = (m: Message) => m.blocks.filter((b): b is Item => b.type === 'item');
  const buttonFor = (m: Message, ref: string, label: string) => itemsOf(m).find((i) => i.ref === ref)!.buttons!.find((b) => b.label === label)!.action;
  const updates = () => ldb.prisma.statusUpdate.count();

  it('a press on one item of a 3-item `mine` list returns all 3, the pressed one updated, under a who-did-what line', async () => {
    const ctx = await ctxFor(ldb, lfx, 'alex');
    const mine = await lcore.commands.text(ctx, 'mine');
    expect(itemsOf(mine).map((i) => i.ref)).toEqual(['TRS-01', 'TRS-07', 'TRS-02']);
    const press = buttonFor(mine, 'TRS-07', 'On track');
    expect(press).toMatchObject({ kind: 'set_status', ref: 'TRS-07', list: ['TRS-01', 'TRS-07', 'TRS-02'], view: 'mine' });

    const m = await lcore.commands.button(ctx, press);
    expect(m.meta?.error).toBeUndefined();
    expect(m.blocks[0]).toEqual({ type: 'heading', text: 'Your open actions' });
    expect(m.blocks[1]).toEqual({ type: 'text', text: 'Alex Wilber set TRS-07 to On track (was At risk) · 10:00' });
    const items = itemsOf(m);
    expect(items.map((i) => [i.ref, i.status])).toEqual([['TRS-01', 'on_track'], ['TRS-07', 'on_track'], ['TRS-02', 'not_started']]);
    // Same buttons, still tagged with the list: the next press re-renders it again.
    expect(items.every((i) => i.buttons?.length === 5)).toBe(true);
    expect(buttonFor(m, 'TRS-02', 'At risk')).toEqual({ kind: 'set_status', ref: 'TRS-02', status: 'at_risk', list: ['TRS-01', 'TRS-07', 'TRS-02'], view: 'mine' });
    expect(m.meta?.changedRefs).toEqual(['TRS-07']);
    const rows = await ldb.prisma.statusUpdate.findMany({ where: { actionId: lfx.actions['TRS-07'] } });
    expect(rows).toHaveLength(1);

    // Pressed again (a retry): nothing recorded, and the list is still all there.
    const again = await lcore.commands.button(ctx, press);
    expect(again.blocks[1]).toEqual({ type: 'text', text: 'TRS-07 is already On track — nothing changed · 10:00' });
    expect(itemsOf(again)).toHaveLength(3);
    expect(await ldb.prisma.statusUpdate.count({ where: { actionId: lfx.actions['TRS-07'] } })).toBe(1);
  });

  it('a press on a daily nudge keeps it recognisable; an item completed by the press stays, marked Complete', async () => {
    const ctx = await ctxFor(ldb, lfx, 'alex');
    const where = { list: ['TRS-01', 'TRS-07', 'TRS-02'], view: 'nudge' as const, day: '2026-11-23' };
    const m = await lcore.commands.button(ctx, { kind: 'set_status', ref: 'TRS-02', status: 'complete', ...where });
    expect(m.blocks[0]).toEqual({ type: 'heading', text: 'Your CDP actions — Monday 23 November' });
    expect(textOf(m)).toContain('Alex Wilber set TRS-02 to Complete (was Not started)');
    expect(itemsOf(m).map((i) => [i.ref, i.status])).toEqual([['TRS-01', 'on_track'], ['TRS-07', 'on_track'], ['TRS-02', 'complete']]);
    expect(buttonFor(m, 'TRS-01', 'Done')).toEqual({ kind: 'set_status', ref: 'TRS-01', status: 'complete', ...where });
    expect(m.blocks.at(-1)).toEqual({ type: 'context', text: 'Reply with e.g. `TRS-01 on track — pathway launched` (in Slack, in this message\'s thread), or use the buttons.' });
  });

  it('a saved note and "Mark all on track" from a list re-render it with its heading', async () => {
    const ctx = await ctxFor(ldb, lfx, 'alex');
    const where = { list: ['TRS-01', 'TRS-07', 'TRS-02'], view: 'overdue' as const };
    const note = await lcore.commands.button(ctx, { kind: 'add_note', ref: 'TRS-01', ...where }, { note: 'trainer booked for December' });
    expect(note.blocks[0]).toEqual({ type: 'heading', text: 'Overdue' });
    expect(textOf(note)).toContain('Alex Wilber added a note to TRS-01 · 10:00');
    expect(textOf(note)).toContain('Note: trainer booked for December');
    expect(itemsOf(note)).toHaveLength(3);

    await ldb.prisma.action.update({ where: { id: lfx.actions['TRS-07']! }, data: { status: 'at_risk' } });
    await ldb.prisma.action.update({ where: { id: lfx.actions['TRS-01']! }, data: { status: 'off_track' } });
    const mine = await lcore.commands.text(ctx, 'mine');
    const markAll = mine.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []))[0]!.action;
    expect(markAll).toMatchObject({ kind: 'all_on_track', refs: ['TRS-01', 'TRS-07'], list: ['TRS-01', 'TRS-07'], view: 'mine' });
    const all = await lcore.commands.button(ctx, markAll);
    expect(all.blocks[0]).toEqual({ type: 'heading', text: 'Your open actions' });
    expect(textOf(all)).toContain('Alex Wilber marked 2 actions on track: TRS-01, TRS-07 · 10:00');
    expect(itemsOf(all).map((i) => [i.ref, i.status])).toEqual([['TRS-01', 'on_track'], ['TRS-07', 'on_track']]);
  });

  it('a contract stage button in the `contracts` list re-renders the contracts', async () => {
    const ctx = await ctxFor(ldb, lfx, 'carl');
    const list = await lcore.commands.text(ctx, 'contracts 12m');
    const press = buttonFor(list, 'C-01', 'Options appraisal');
    expect(press).toMatchObject({ kind: 'contract_stage', list: ['C-02', 'C-01'], view: 'contracts' });
    const m = await lcore.commands.button(ctx, press);
    expect(textOf(m)).toContain('Carl Jones set C-01 stage to Options appraisal (was Not started)');
    expect(itemsOf(m).map((i) => [i.ref, i.stage])).toEqual([['C-02', 'options_appraisal'], ['C-01', 'options_appraisal']]);
  });

  it('refusals come back as refusals (the adapters show them beside the list) and change nothing', async () => {
    const where = { list: ['TRS-01', 'TRS-07', 'TRS-02'], view: 'nudge' as const, day: '2026-11-23' };
    const before = await updates();
    const no = await lcore.commands.button(await ctxFor(ldb, lfx, 'olu'), { kind: 'set_status', ref: 'TRS-07', status: 'off_track', ...where });
    expect(no.meta?.error).toBe('forbidden');
    expect(itemsOf(no)).toHaveLength(0);
    const pd = await lcore.commands.button(await ctxFor(ldb, lfx, 'alex'), { kind: 'add_note', ref: 'TRS-07', ...where }, { note: 'Client John Smith NHS 943 476 5919 missed his appointment' });
    expect(pd.meta?.error).toBeTruthy();
    expect(await updates()).toBe(before);
  });

  it('a list longer than 40 refs is not put on the buttons (a press then answers about its one item)', () => {
    const item = (n: number): Block => ({ type: 'item', ref: `GEN-${n}`, title: 't', buttons: [{ label: 'On track', action: { kind: 'set_status', ref: `GEN-${n}`, status: 'on_track' } }] });
    const long = Array.from({ length: LIST_REFS_CAP + 1 }, (_, i) => item(i));
    expect(attachList(long, 'mine')).toEqual(long);
    const short = attachList(long.slice(0, 3), 'mine');
    expect(itemsOf({ summary: '', blocks: short })[2]!.buttons![0]!.action).toEqual({ kind: 'set_status', ref: 'GEN-2', status: 'on_track', list: ['GEN-0', 'GEN-1', 'GEN-2'], view: 'mine' });
    expect(JSON.stringify(itemsOf({ summary: '', blocks: attachList(long.slice(0, LIST_REFS_CAP), 'mine') })[0]!.buttons![0]!.action).length).toBeLessThan(2000);
  });
});

describe('a forged list on a button', () => {
  it('is never queried with implausible refs; the press still works', async () => {
    const ctx = await ctxFor(db, fx, 'adele');
    const m = await core.commands.button(ctx, { kind: 'set_status', ref: 'BSC-02', status: 'at_risk', list: ['BSC-02', 'TRS-\u0000', 'x'.repeat(500)], view: 'mine' });
    expect(m.meta?.error).toBeUndefined();
    expect(m.blocks.filter((b) => b.type === 'item').map((b) => b.type === 'item' && b.ref)).toEqual(['BSC-02']);
  });
});
