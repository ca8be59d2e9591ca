// The typed commands end to end on a real database: lists, show, find, mistyped refs, redate,
// snooze, contracts, whoami and the replies to bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/create-core.js';
import type { CoreApi } from '../../src/core/api.js';
import { silentLogger } from '../../src/log/logger.js';
import type { Block } from '../../src/message/model.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { openHandlerFixture, buildFixture, ctxFor, NOW, textOf, type Fixture } from '../support/fixtures.js';

let db: TestDatabase;
let fx: Fixture;
let core: CoreApi;
const changes: { refs: string[]; personIds: string[] }[] = [];

beforeAll(async () => {
  ({ db, fx, core } = await openHandlerFixture({ onChange: (e) => changes.push(e) }));
});
afterAll(async () => db?.drop());

const items = (blocks: Block[]) => blocks.filter((b): b is Extract<Block, { type: 'item' }> => b.type === 'item');

describe('mine', () => {
  it("lists my agencies' open actions, soonest due first, overdue marked, with status buttons and Mark all on track", async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'alex'), 'mine');
    expect(m.ephemeral).toBe(true);
    const list = items(m.blocks);
    expect(list.map((i) => i.ref)).toEqual(['TRS-01', 'TRS-07', 'TRS-02']);
    expect(list[0]!.lines?.join(' ')).toContain('Overdue by 12 days');
    expect(list[1]!.lines?.join(' ')).toContain('Due in 9 days');
    expect(list[0]!.buttons?.map((b) => b.label)).toEqual(['On track', 'At risk', 'Off track', 'Done', 'Add note…']);
    const last = m.blocks[m.blocks.length - 1]!;
    expect(last.type === 'buttons' && last.buttons[0]!.label).toBe('Mark all on track');
  });

  it('a partner sees actions their agency partners on', async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'priya'), 'mine');
    expect(items(m.blocks).map((i) => i.ref)).toEqual(['TRS-07', 'BSC-02']);
  });

  it('caps long lists at 20 with "and N more"', async () => {
    const big = await createTestDatabase();
    try {
      const bfx = await buildFixture(big, { extraActions: 120 });
      const bcore = createCore({ db: big, logger: silentLogger() });
      const m = await bcore.commands.text(await ctxFor(big, bfx, 'alex'), 'mine');
      expect(items(m.blocks)).toHaveLength(20);
      expect(textOf(m)).toMatch(/and \d+ more — use `due` or `find`/);
    } finally {
      await big.drop();
    }
  });
});

describe('show', () => {
  it('shows the action with hierarchy, people, due date and the last 5 updates', async () => {
    const ctx = await ctxFor(db, fx, 'alex');
    for (let i = 1; i <= 6; i++) await core.commands.text({ ...ctx, now: new Date(NOW.getTime() + i * 60_000) }, `update TRS-02 progress note ${i}`);
    const m = await core.commands.text(ctx, 'show trs-02');
    const t = textOf(m);
    expect(t).toContain('TRS-02 · Peer recovery network');
    expect(t).toContain('Deliver a world-class treatment and recovery system');
    expect(t).toContain('Treatment & Recovery');
    expect(t).toContain('progress note 6');
    expect(t).toContain('progress note 2');
    expect(t).not.toContain('progress note 1');
    expect(t).toContain('Alex Wilber via Slack');
  });

  it('shows a contract with stage buttons for its commissioner', async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'carl'), 'show c-1');
    const t = textOf(m);
    expect(t).toContain('C-01 · Adult drug and alcohol treatment');
    expect(t).toContain('Change Grow Live');
    expect(t).toContain('Carl Jones, Public Health');
    expect(t).toContain('30 Sep 2027');
    const buttons = m.blocks.find((b) => b.type === 'buttons');
    expect(buttons && buttons.type === 'buttons' && buttons.buttons.map((b) => b.label)).toContain('Options appraisal');
  });

  it('a mistyped ref gets "did you mean"', async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'alex'), 'show TRS-70');
    expect(m.meta?.error).toBe('not_found');
    expect(textOf(m)).toContain('No action TRS-70. Did you mean TRS-07?');
    const b = await core.commands.button(await ctxFor(db, fx, 'alex'), { kind: 'show', ref: 'TRS-7X' });
    expect(textOf(b)).toContain('No action TRS-7X. Did you mean TRS-07?');
    const swapped = await core.commands.text(await ctxFor(db, fx, 'alex'), 'update TSR-07 done');
    expect(textOf(swapped)).toContain('Did you mean TRS-07?');
  });

  it('never suggests refs of another partnership', async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'alex'), 'show OTH-98');
    expect(textOf(m)).not.toContain('OTH-99');
  });
});

describe('update', () => {
  it('refuses a note with personal data, and changes nothing', async () => {
    const before = await db.prisma.statusUpdate.count();
    const m = await core.commands.text(await ctxFor(db, fx, 'alex'), 'update TRS-07 on track client John Smith engaged, NHS 943 476 5919');
    expect(m.meta?.error).toBeDefined();
    expect(textOf(m)).toContain('not saved');
    expect(await db.prisma.statusUpdate.count()).toBe(before);
  });

  it('maintains statusSince and lastUpdateAt from ctx.now and tells the home views', async () => {
    const at = new Date('2026-11-23T09:15:00Z');
    changes.length = 0;
    await core.commands.text(await ctxFor(db, fx, 'alex', { now: at }), 'update TRS-01 at risk trainer off sick');
    const a = await db.prisma.action.findUniqueOrThrow({ where: { id: fx.actions['TRS-01'] } });
    expect(a.status).toBe('at_risk');
    expect(a.statusSince.toISOString()).toBe(at.toISOString());
    expect(a.lastUpdateAt?.toISOString()).toBe(at.toISOString());
    expect(changes).toHaveLength(1);
    expect(changes[0]!.refs).toEqual(['TRS-01']);
    expect(changes[0]!.personIds).toContain(fx.people.alex);
  });
});

describe('due and overdue', () => {
  it('due lists the window, overdue what is late', async () => {
    const ctx = await ctxFor(db, fx, 'alex');
    const due = await core.commands.text(ctx, 'due 2w');
    expect(items(due.blocks).map((i) => i.ref)).toEqual(['TRS-07']);
    const overdue = await core.commands.text(ctx, 'overdue');
    expect(items(overdue.blocks).map((i) => i.ref)).toEqual(['TRS-01']);
    const far = await core.commands.text(await ctxFor(db, fx, 'priya'), 'due 26w');
    expect(items(far.blocks).map((i) => i.ref)).toEqual(['TRS-07', 'BSC-02']);
  });
});

describe('redate', () => {
  it('moves the due date, keeps the original, counts the move and writes the history', async () => {
    const ctx = await ctxFor(db, fx, 'alex');
    const m = await core.commands.text(ctx, 'redate TRS-07 31/03/2027 waiting for custody data sharing agreement');
    expect(textOf(m)).toContain("Alex Wilber moved TRS-07's due date from 1 Dec 2026 to 31 Mar 2027");
    await core.commands.text(ctx, 'redate TRS-07 30/04/2027 agreement signed late');
    const a = await db.prisma.action.findUniqueOrThrow({ where: { id: fx.actions['TRS-07'] } });
    expect(a.originalDueDate?.toISOString().slice(0, 10)).toBe('2026-12-01');
    expect(a.dueDate?.toISOString().slice(0, 10)).toBe('2027-04-30');
    expect(a.dueMoves).toBe(2);
    const changesRows = await db.prisma.dueDateChange.findMany({ where: { actionId: a.id }, orderBy: { createdAt: 'asc' } });
    expect(changesRows.map((c) => c.reason)).toEqual(['waiting for custody data sharing agreement', 'agreement signed late']);
    const notes = (await db.prisma.statusUpdate.findMany({ where: { actionId: a.id } })).map((r) => r.note);
    expect(notes).toContain('Due date moved from 1 Dec 2026 to 31 Mar 2027: waiting for custody data sharing agreement');
    const show = await core.commands.text(ctx, 'show TRS-07');
    expect(textOf(show)).toContain('30 Apr 2027 (originally 1 Dec 2026; moved 2 times)');
  });

  it('refuses a date in the past and someone who may not update', async () => {
    const past = await core.commands.text(await ctxFor(db, fx, 'alex'), 'redate TRS-02 01/01/2026 oops');
    expect(past.meta?.error).toBe('bad_date');
    const refused = await core.commands.text(await ctxFor(db, fx, 'olu'), 'redate TRS-02 01/01/2027 not mine');
    expect(refused.meta?.error).toBe('forbidden');
    const a = await db.prisma.action.findUniqueOrThrow({ where: { id: fx.actions['TRS-02'] } });
    expect(a.dueMoves).toBe(0);
  });
});

describe('snooze', () => {
  it('snoozes up to 30 days and refuses more', async () => {
    const ctx = await ctxFor(db, fx, 'alex');
    const m = await core.commands.text(ctx, 'snooze TRS-02 7d');
    expect(textOf(m)).toContain('snoozed reminders for TRS-02 until 29 Nov 2026');
    const a = await db.prisma.action.findUniqueOrThrow({ where: { id: fx.actions['TRS-02'] } });
    expect(a.snoozedUntil?.toISOString().slice(0, 10)).toBe('2026-11-29');
    const again = await core.commands.text(ctx, 'snooze TRS-02 7d');
    expect(textOf(again)).toContain('already snoozed');
    const tooLong = await core.commands.button(ctx, { kind: 'snooze', ref: 'TRS-02', days: 45 });
    expect(tooLong.meta?.error).toBe('bad_duration');
    expect(textOf(tooLong)).toContain('1 to 30 days');
    // An update does not end the snooze.
    await core.commands.text(ctx, 'update TRS-02 on track');
    const after = await db.prisma.action.findUniqueOrThrow({ where: { id: fx.actions['TRS-02'] } });
    expect(after.snoozedUntil?.toISOString().slice(0, 10)).toBe('2026-11-29');
  });
});

describe('find, contracts, whoami, bad input', () => {
  it('find searches ref, title, objective and notes case-insensitively', async () => {
    const ctx = await ctxFor(db, fx, 'olu');
    expect(items((await core.commands.text(ctx, 'find NALOXONE')).blocks).map((i) => i.ref)).toEqual(['TRS-01']);
    expect(items((await core.commands.text(ctx, 'find mopac')).blocks).map((i) => i.ref)).toEqual(['TRS-01']);
    expect(items((await core.commands.text(ctx, 'find county lines')).blocks).map((i) => i.ref)).toEqual(['BSC-02', 'BSC-05']);
  });

  it('contracts lists those expiring in the window with stage and next decision', async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'carl'), 'contracts 12m');
    expect(items(m.blocks).map((i) => i.ref)).toEqual(['C-02', 'C-01']);
    expect(textOf(m)).toContain('Next: decide the route — the route is usually decided 13–15 months before expiry');
    const short = await core.commands.text(await ctxFor(db, fx, 'carl'), 'contracts 6m');
    expect(items(short.blocks).map((i) => i.ref)).toEqual(['C-02']);
  });

  it('whoami shows person, agencies, roles and linked accounts', async () => {
    await core.identity.resolve(fx.partnership, { platform: 'slack', userId: 'U-ADELE', lookupEmail: async () => 'ADELEV@example.com' });
    const m = await core.commands.text(await ctxFor(db, fx, 'adele'), 'whoami');
    const t = textOf(m);
    expect(t).toContain('Adele Vance');
    expect(t).toContain('Public Health');
    expect(t).toContain('Admin');
    expect(t).toContain('Commissioner');
    expect(t).toContain('Slack U-ADELE');
  });

  it('an unknown command gets what was wrong, the hint and the help', async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'alex'), 'minee');
    expect(m.meta?.error).toBe('unknown_command');
    const t = textOf(m);
    expect(t).toContain('Did you mean "mine"?');
    expect(t).toContain('What you can ask me');
  });
});
