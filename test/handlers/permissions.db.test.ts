// Who may change what (SPEC §3), through the same entry point the adapters use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApi } from '../../src/core/api.js';
import type { TestDatabase } from '../support/db.js';
import { openHandlerFixture, ctxFor, textOf, type Fixture } from '../support/fixtures.js';

let db: TestDatabase;
let fx: Fixture;
let core: CoreApi;

beforeAll(async () => {
  ({ db, fx, core } = await openHandlerFixture());
});
afterAll(async () => db?.drop());

const historyCount = (ref: string) => db.prisma.statusUpdate.count({ where: { actionId: fx.actions[ref] } });

describe('action updates', () => {
  it('the lead agency may update, and the change lands in the history with who and via', async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'alex'), 'update TRS-07 on track pathway launched');
    expect(m.meta?.error).toBeUndefined();
    expect(textOf(m)).toContain('Alex Wilber set TRS-07 to On track (was At risk)');
    const rows = await db.prisma.statusUpdate.findMany({ where: { actionId: fx.actions['TRS-07'] }, include: { person: true } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ oldStatus: 'at_risk', newStatus: 'on_track', note: 'pathway launched', via: 'slack' });
    expect(rows[0]!.person?.name).toBe('Alex Wilber');
  });

  it('a partner agency may update', async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'priya'), 'update TRS-07 amber custody data late');
    expect(textOf(m)).toContain('Priya Patel set TRS-07 to At risk');
  });

  it("the subgroup's chair may update", async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'megan', { platform: 'teams' }), 'update TRS-01 chased at the subgroup meeting');
    expect(textOf(m)).toContain('Megan Bowen added a note to TRS-01');
    const last = await db.prisma.statusUpdate.findFirst({ where: { actionId: fx.actions['TRS-01'] }, orderBy: { createdAt: 'desc' } });
    expect(last).toMatchObject({ via: 'teams', oldStatus: null, newStatus: null, note: 'chased at the subgroup meeting' });
  });

  it('an admin may update anything', async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'adele'), 'update BSC-02 red operation postponed');
    expect(textOf(m)).toContain('Adele Vance set BSC-02 to Off track');
  });

  it("someone from another agency is refused with the names of who can, and nothing changes", async () => {
    const before = await historyCount('TRS-07');
    const m = await core.commands.text(await ctxFor(db, fx, 'olu'), 'update TRS-07 done');
    expect(m.meta?.error).toBe('forbidden');
    const t = textOf(m);
    expect(t).toContain("You can't update TRS-07");
    expect(t).toContain('LBTH Substance Misuse Service (lead)');
    expect(t).toContain('Metropolitan Police Service (partner)');
    expect(t).toContain('the Treatment & Recovery chair (Megan Bowen)');
    expect(t).toContain('an admin (Adele Vance)');
    expect(await historyCount('TRS-07')).toBe(before);
    const a = await db.prisma.action.findUniqueOrThrow({ where: { id: fx.actions['TRS-07'] } });
    expect(a.status).not.toBe('complete');
  });

  it("a chair of another subgroup is refused on an action outside it", async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'megan'), 'update BSC-02 green');
    expect(m.meta?.error).toBe('forbidden');
    expect(textOf(m)).toContain('the Supply chair (none registered yet)');
  });

  it('everyone linked may read any action', async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'olu'), 'show TRS-07');
    expect(m.meta?.error).toBeUndefined();
    expect(textOf(m)).toContain('Launch the prison release pathway');
    // …but gets no buttons for what they may not change.
    expect(m.blocks.some((b) => b.type === 'buttons')).toBe(false);
  });
});

describe('unlinked people', () => {
  it('are told how to get linked, naming the admins', async () => {
    const m = await core.commands.text(await ctxFor(db, fx, null), 'update TRS-07 done');
    expect(m.meta?.error).toBe('not_linked');
    const t = textOf(m);
    expect(t).toContain('not linked to anyone in Testshire CDP');
    expect(t).toContain('cdp people import');
    expect(t).toContain('Adele Vance');
  });

  it('can still ask for help and whoami', async () => {
    const help = await core.commands.text(await ctxFor(db, fx, null), 'help');
    expect(help.meta?.error).toBeUndefined();
    expect(textOf(help)).toContain('mine');
    const who = await core.commands.text(await ctxFor(db, fx, null), 'whoami');
    expect(textOf(who)).toContain('not linked');
  });

  it('name the email the chat platform gave, once identity has looked it up', async () => {
    const partnership = fx.partnership;
    const person = await core.identity.resolve(partnership, { platform: 'slack', userId: 'U-STRANGER', lookupEmail: async () => 'New.Person@Example.com' });
    expect(person).toBeNull();
    const m = await core.commands.text(await ctxFor(db, fx, null, { userId: 'U-STRANGER' }), 'mine');
    expect(textOf(m)).toContain('new.person@example.com');
  });
});

describe('contracts', () => {
  it('the named commissioner may record a stage', async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'carl'), 'contract C-01 options appraisal paper to board in March');
    expect(textOf(m)).toContain('Carl Jones set C-01 stage to Options appraisal (was Not started)');
    const rows = await db.prisma.contractUpdate.findMany({ where: { contractId: fx.contracts['C-01'] } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ oldStage: 'not_started', newStage: 'options_appraisal', note: 'paper to board in March', via: 'slack' });
  });

  it('a commissioner of the commissioning agency may update a contract with no named commissioner', async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'carl'), 'contract C-02 msp');
    expect(textOf(m)).toContain('route to PSR most suitable provider');
  });

  it('an admin may update a contract', async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'adele'), 'contract C-02 notice published');
    expect(textOf(m)).toContain('Adele Vance set C-02 stage to Intention to award published');
  });

  it('an action lead is refused, with the commissioner and admins named', async () => {
    const m = await core.commands.text(await ctxFor(db, fx, 'alex'), 'contract C-01 awarded');
    expect(m.meta?.error).toBe('forbidden');
    const t = textOf(m);
    expect(t).toContain("You can't update C-01");
    expect(t).toContain('its commissioner (Carl Jones');
    expect(t).toContain('an admin (Adele Vance)');
    const c = await db.prisma.contract.findUniqueOrThrow({ where: { id: fx.contracts['C-01'] } });
    expect(c.stage).toBe('options_appraisal');
  });
});

describe('another partnership', () => {
  it("its actions are invisible: show, update, find and buttons don't reach them", async () => {
    const ctx = await ctxFor(db, fx, 'alex');
    const show = await core.commands.text(ctx, 'show OTH-99');
    expect(show.meta?.error).toBe('not_found');
    expect(textOf(show)).not.toContain('Otherton');
    const find = await core.commands.text(ctx, 'find Otherton');
    expect(textOf(find)).toContain('No actions match');
    const btn = await core.commands.button(ctx, { kind: 'set_status', ref: 'OTH-99', status: 'complete' });
    expect(btn.meta?.error).toBe('not_found');
    // Same ref in both partnerships: each sees only its own.
    const mine = await core.commands.text(ctx, 'show TRS-07');
    expect(textOf(mine)).toContain('Launch the prison release pathway');
    expect(textOf(mine)).not.toContain('Otherton secret pathway');
  });

  it("its admin cannot touch this partnership's actions", async () => {
    const zed = await ctxFor(db, fx, 'zed');
    const m = await core.commands.text(zed, 'show TRS-07');
    expect(textOf(m)).toContain('Otherton secret pathway');
    const u = await core.commands.text(zed, 'update TRS-07 done');
    expect(u.meta?.error).toBeUndefined();
    const ours = await db.prisma.action.findUniqueOrThrow({ where: { id: fx.actions['TRS-07'] } });
    expect(ours.status).not.toBe('complete');
    const theirs = await db.prisma.action.findUniqueOrThrow({ where: { id: fx.actions['other:TRS-07'] } });
    expect(theirs.status).toBe('complete');
  });

  it('identity links only to people of the resolved partnership', async () => {
    const p = await core.identity.resolve(fx.partnership, { platform: 'slack', userId: 'U-ZED', lookupEmail: async () => 'zed@otherton.example' });
    expect(p).toBeNull();
  });
});
