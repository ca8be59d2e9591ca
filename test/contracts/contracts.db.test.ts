// The commissioner's journey on a real database: the reply grammar records route and stage by
// regime, a notice works out the standstill end, an award starts a new contract period (the
// old one kept), an extension uses an option (refused when none is left), ambiguous replies
// change nothing; actions tracking a contract are nudged once, and `run contracts` agrees
// with `run reminders` on the same morning.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeButtonAction } from '../../adapters/slack/listeners/actions/index.js';
import type { CoreApi } from '../../src/core/api.js';
import { runContracts, runReminders } from '../../src/jobs/index.js';
import { loadNudgeState, planNudges } from '../../src/nudges/index.js';
import type { Block } from '../../src/message/model.js';
import { importFile } from '../../src/register/import/index.js';
import type { TestDatabase } from '../support/db.js';
import { ctxFor, openHandlerFixture, textOf, type Fixture } from '../support/fixtures.js';

let db: TestDatabase;
let fx: Fixture;
let core: CoreApi;

beforeAll(async () => {
  ({ db, fx, core } = await openHandlerFixture());
});
afterAll(async () => db?.drop());

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const iso = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;
const contract = (ref: string) => db.prisma.contract.findFirstOrThrow({ where: { partnershipId: fx.partnership.id, ref }, include: { periods: { orderBy: { endDate: 'asc' } } } });
const say = async (who: 'adele' | 'carl', text: string) => core.commands.text(await ctxFor(db, fx, who), text);
const buttonsOf = (blocks: Block[]) => blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : b.type === 'item' ? b.buttons ?? [] : []));

describe('the reply grammar on a contract', () => {
  it('"route decided — direct award C" records the route and the stage', async () => {
    const m = await say('adele', 'C-02 route decided — direct award C');
    expect(m.summary).toBe('Adele Vance set C-02 route to PSR direct award C (was Undecided) and stage to Route decided (was Options appraisal).');
    const c = await contract('C-02');
    expect([c.route, c.stage]).toEqual(['direct_award_c', 'route_decided']);
    const [h] = await db.prisma.contractUpdate.findMany({ where: { contractId: c.id }, orderBy: { createdAt: 'desc' } });
    expect([h!.oldRoute, h!.newRoute, h!.newStage]).toEqual(['undecided', 'direct_award_c', 'route_decided']);
    expect(buttonsOf(m.blocks).map((b) => b.label)).toEqual(['Intention to award published', 'Standstill']);
  });

  it('"notice published DATE" works out the PSR standstill end (from the day after, working days)', async () => {
    const m = await say('adele', 'contract C-02 notice published 17/11/2026');
    const c = await contract('C-02');
    expect([c.stage, iso(c.noticeDate), iso(c.standstillEnd)]).toEqual(['notice_published', '2026-11-17', '2026-11-27']);
    expect(textOf(m)).toContain('Intention to award published 17 Nov 2026; standstill ends 27 Nov 2026 (8 working days from the day after the notice (PSR reg 12))');
    expect(textOf(m)).toContain('Next: award after the standstill ends on 27 Nov 2026');
  });

  it('an award starts a new contract period and keeps the old one in the history', async () => {
    const m = await say('adele', 'contract C-02 awarded to Compass for 2 years from 01/04/2027');
    const c = await contract('C-02');
    expect([c.stage, c.provider, iso(c.startDate), iso(c.expiryDate), c.termRenewed]).toEqual(['awarded', 'Compass', '2027-04-01', '2029-03-31', true]);
    expect(c.periods.map((p) => [p.kind, p.provider, iso(p.startDate), iso(p.endDate)])).toEqual([
      ['original', 'Compass', null, '2027-03-31'],
      ['award', 'Compass', '2027-04-01', '2029-03-31'],
    ]);
    expect(textOf(m)).toContain('New term (awarded): 1 Apr 2027 – 31 Mar 2029 · Compass');
    // Still listed while the current term runs, with the new term.
    const list = textOf(await say('adele', 'contracts 6m'));
    expect(list).toContain('Current term ends 31 Mar 2027');
    expect(list).toContain('Next: mobilise the new contract: the new term starts 1 Apr 2027');
  });

  it('an extension sets the new end and uses an option; refused with the reason when none is left', async () => {
    const before = await contract('C-01');
    const none = await say('carl', 'contract C-01 extended until 30/09/2028');
    expect(none.summary).toBe("C-01 can't be extended to 30 Sep 2028: it has no extension options recorded (import the contract with an extension_options column, e.g. \"1+1 years\", if it has any). Nothing was changed.");
    expect((await contract('C-01')).version).toBe(before.version);

    await db.prisma.contract.update({ where: { id: before.id }, data: { extensionOptions: '1 year' } });
    const ok = await say('carl', 'contract C-01 extended until 30/09/2028');
    const c = await contract('C-01');
    expect([c.stage, c.route, iso(c.expiryDate), c.extensionOptionsUsed]).toEqual(['extended', 'extension', '2028-09-30', 1]);
    expect(c.periods.map((p) => p.kind)).toEqual(['original', 'extension']);
    expect(textOf(ok)).toContain('Extended from 30 Sep 2027 to 30 Sep 2028, using 1 extension option (0 left)');

    const again = await say('carl', 'contract C-01 extended until 30/09/2029');
    expect(again.summary).toBe("C-01 can't be extended to 30 Sep 2029: its extension options (1 year) are all used. Nothing was changed.");
    expect(iso((await contract('C-01')).expiryDate)).toBe('2028-09-30');
  });

  it('ambiguous replies get a question and change nothing; the route buttons then record it', async () => {
    await db.prisma.contract.update({ where: { partnershipId_ref: { partnershipId: fx.partnership.id, ref: 'C-01' } }, data: { route: 'undecided', stage: 'not_started' } });
    const before = await contract('C-01');
    const q = await say('carl', 'contract C-01 notice published');
    expect(q.summary).toMatch(/^Which route is C-01 on\?/);
    const direct = await say('carl', 'contract C-01 direct award');
    expect(direct.summary).toMatch(/^Which direct award\?/);
    expect((await contract('C-01')).version).toBe(before.version);
    const choice = buttonsOf(q.blocks).find((b) => b.label === 'Procurement Act open procedure')!;
    await core.commands.button(await ctxFor(db, fx, 'carl'), choice.action);
    expect(await contract('C-01')).toMatchObject({ route: 'pa_open', stage: 'route_decided' });
  });
});

describe('nudges: one per morning for an action and its contract; both jobs agree', () => {
  // Wed 30 Dec 2026, 09:31 London (fresh fixture): C-01's 9-month check-in (to Carl) falls today,
  // and TRS-01 (due 10 Nov, lead agency: Alex) gets its weekly overdue reminder.
  const MORNING = new Date('2026-12-30T09:31:00Z');
  let jdb: TestDatabase;
  let jfx: Fixture;
  beforeAll(async () => {
    ({ db: jdb, fx: jfx } = await openHandlerFixture());
  });
  afterAll(async () => jdb?.drop());

  const args = () => ({ now: MORNING, dryRun: true, partnershipIds: [jfx.partnership.id] });
  const lines = (r: Awaited<ReturnType<typeof runReminders>>) => r.people.flatMap((p) => p.lines.map((l) => `${p.name}: ${l.ref} ${l.kind}`)).sort();
  const pair = (r: Awaited<ReturnType<typeof runReminders>>) => lines(r).filter((l) => /TRS-01|C-01/.test(l));

  it('not linked: the action and the contract are two nudges', async () => {
    // TRS-01 is long overdue, so the ladder also escalates it to its subgroup's chair (issue 12).
    expect(pair(await runReminders(jdb, args()))).toEqual(['Adele Vance: C-01 contract_escalation', 'Alex Wilber: TRS-01 overdue', 'Carl Jones: C-01 contract_checkin', 'Megan Bowen: TRS-01 escalation']);
  });

  it('TRS-01 tracking C-01: one nudge, through the contract; run contracts lists the same contract lines as run reminders', async () => {
    await jdb.prisma.contract.update({ where: { id: jfx.contracts['C-01'] }, data: { actionId: jfx.actions['TRS-01'] } });
    const reminders = await runReminders(jdb, args());
    const contracts = await runContracts(jdb, args());
    expect(pair(reminders)).toEqual(['Adele Vance: C-01 contract_escalation', 'Carl Jones: C-01 contract_checkin']);
    const contractLines = (r: typeof reminders) => lines(r).filter((l) => / C-\d+ /.test(l));
    expect(contractLines(contracts)).toEqual(contractLines(reminders));
    expect(contractLines(contracts).length).toBeGreaterThan(0);
  });

  it('sent by the daily batch (saying which action it tracks), the contract lines are not sent again by run contracts', async () => {
    const sent = await runReminders(jdb, { now: MORNING, partnershipIds: [jfx.partnership.id] });
    const carl = await jdb.prisma.notification.findFirstOrThrow({ where: { dedupeKey: { in: sent.enqueuedKeys }, personId: jfx.people.carl } });
    expect(JSON.stringify(carl.payload)).toContain('Tracks action TRS-01');
    expect((await runContracts(jdb, { now: MORNING, partnershipIds: [jfx.partnership.id] })).enqueuedKeys).toEqual([]);
  });

  it('C-01 is not asked about once awarded', async () => {
    await jdb.prisma.contract.update({ where: { id: jfx.contracts['C-01'] }, data: { route: 'direct_award_c', stage: 'awarded', lastUpdateAt: new Date('2026-12-15T10:00:00Z') } });
    const state = await loadNudgeState(jdb, { now: MORNING, partnershipIds: [jfx.partnership.id] });
    expect(planNudges(state, MORNING).filter((n) => /TRS-01|C-01/.test(n.subject.ref))).toEqual([]);
  });
});

describe('import: the "contract" column of an actions file links the action to its contract', () => {
  it('links TRS-02 to C-02; an unknown contract is a problem and nothing is imported', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cdp-contract-link-'));
    const file = path.join(dir, 'actions.csv');
    await fs.writeFile(file, 'Ref,Pillar,Objective,Action,Contract\nTRS-02,Deliver a world-class treatment and recovery system,More people leaving prison engage with treatment,Peer recovery network,C-02\n');
    const r = await importFile(db, { partnershipName: fx.partnership.name, file, now: new Date('2026-11-22T10:00:00Z') });
    expect(r.ok).toBe(true);
    expect((await contract('C-02')).actionId).toBe(fx.actions['TRS-02']);
    await fs.writeFile(file, 'Ref,Pillar,Objective,Action,Contract\nTRS-02,Deliver a world-class treatment and recovery system,More people leaving prison engage with treatment,Peer recovery network,C-99\n');
    const bad = await importFile(db, { partnershipName: fx.partnership.name, file, now: new Date('2026-11-22T10:00:00Z') });
    expect(!bad.ok && bad.error.message).toContain('contract: no contract C-99 in the register or this import');
    await fs.rm(dir, { recursive: true });
  });

  it('a route button survives the Slack round trip; a made-up route does not', () => {
    expect(decodeButtonAction('{"kind":"contract_stage","ref":"C-01","stage":"route_decided","route":"pa_open"}')).toEqual({ kind: 'contract_stage', ref: 'C-01', stage: 'route_decided', route: 'pa_open' });
    expect(decodeButtonAction('{"kind":"contract_stage","ref":"C-01","stage":"route_decided","route":"constructor"}')).toBeUndefined();
  });
});

describe('repeats', () => {
  it('the same notice twice changes nothing the second time', async () => {
    await db.prisma.contract.update({ where: { id: fx.contracts['C-02'] }, data: { route: 'pa_direct_award', stage: 'market_notice' } });
    await say('adele', 'contract C-02 notice published 20/11/2026');
    const c = await contract('C-02');
    expect(iso(c.standstillEnd)).toBe('2026-12-01'); // PA23: Fri 20 Nov is day 1
    const again = await say('adele', 'contract C-02 notice published 20/11/2026');
    expect(again.summary).toMatch(/nothing changed\.$/);
    expect((await contract('C-02')).version).toBe(c.version);
  });
});
