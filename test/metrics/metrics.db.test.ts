// Performance management end to end on a real database: the framework seeded per partnership,
// figures recorded in chat (owner and admins; bad input refused, nothing stored; corrections
// appended), file imports all-or-nothing with line numbers, the owner's nudge on its day, the
// digest's metrics section and the quarterly report read back from its workbook.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApi } from '../../src/core/api.js';
import { buildDigestMessage } from '../../src/digest/index.js';
import { runReminders } from '../../src/jobs/index.js';
import { importMetrics } from '../../src/metrics/import.js';
import { parsePeriod } from '../../src/metrics/period.js';
import { findMetric, linkMetric, listMetrics } from '../../src/metrics/store.js';
import { loadQuarterReport, renderQuarterReport } from '../../src/report/quarter/index.js';
import type { TestDatabase } from '../support/db.js';
import { ctxFor, NOW, openHandlerFixture, textOf, type Fixture } from '../support/fixtures.js';

let db: TestDatabase;
let fx: Fixture;
let core: CoreApi;
let dir: string;

beforeAll(async () => {
  ({ db, fx, core } = await openHandlerFixture());
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cdp-metrics-'));
});
afterAll(async () => {
  await db?.drop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

const say = async (who: Parameters<typeof ctxFor>[2], text: string, now = NOW) => core.commands.text(await ctxFor(db, fx, who, { now }), text);
const valuesOf = async (code: string) => {
  const m = await findMetric(db.prisma, fx.partnership.id, code);
  if (!m.ok) throw new Error(m.error.message);
  return db.prisma.metricValue.findMany({ where: { metricId: m.value.id }, orderBy: { createdAt: 'asc' } });
};
const setOwner = async (code: string, personId: string) => {
  await db.prisma.metric.update({ where: { partnershipId_code: { partnershipId: fx.partnership.id, code } }, data: { ownerId: personId } });
};
const write = async (name: string, text: string) => {
  const f = path.join(dir, name);
  await fs.writeFile(f, text);
  return f;
};

describe('the framework as seed data', () => {
  it('every partnership gets the 33 adopted metrics (11 headline), once, and only its own', async () => {
    const mine = await listMetrics(db.prisma, fx.partnership.id);
    expect(mine).toHaveLength(33);
    expect(mine.filter((m) => m.headline)).toHaveLength(11);
    expect(mine.map((m) => m.code)).not.toContain('SO1.X1');
    const io22 = mine.find((m) => m.code === 'IO2.2')!;
    expect([io22.unit, io22.direction, io22.frequency]).toEqual(['percent', 'higher', 'quarterly']);
    expect(await listMetrics(db.prisma, fx.partnership.id)).toHaveLength(33);
    expect(await listMetrics(db.prisma, fx.other.id)).toHaveLength(33);
    expect(await db.prisma.metric.count()).toBe(66);
  });
});

describe('chat: metric <id> <period> <value>', () => {
  it("the owner records a figure; a second one for the period corrects it and both rows stay", async () => {
    await setOwner('IO2.2', fx.people.megan);
    const first = await say('megan', 'metric io2.2 Q1 2026/27 44');
    expect(first.summary).toBe('IO2.2 Q1 2026/27 recorded as 44%.');
    const again = await say('megan', 'metric IO2.2 Q1 2026/27 44');
    expect(again.summary).toContain('is already 44% — nothing changed');
    const fix = await say('megan', 'metric IO2.2 "Q1 26/27" 45.5');
    expect(fix.summary).toContain('recorded as 45.5% (corrects 44%; both stay in the history)');
    const rows = await valuesOf('IO2.2');
    expect(rows.map((r) => Number(r.value))).toEqual([44, 45.5]);
    expect(rows.every((r) => r.via === 'slack' && r.personId === fx.people.megan)).toBe(true);
  });

  it('refuses others, naming the owner and the admins; an admin may record', async () => {
    const refused = await say('alex', 'metric IO2.2 Q2 2026/27 47');
    expect(refused.meta?.error).toBe('forbidden');
    expect(refused.summary).toContain('recorded by its owner (Megan Bowen) or an admin (Adele Vance)');
    expect((await say('adele', 'metric IO2.2 Q2 2026/27 47')).summary).toBe('IO2.2 Q2 2026/27 recorded as 47%.');
  });

  it.each([
    ['metric IO2.2 Q2 2026/27 lots', 'is not a number'],
    ['metric IO2.2 Q9 2026/27 47', 'quarters are Q1 to Q4'],
    ['metric IO2.2 Q4 2026/27 47', 'is in the future (it covers Jan–Mar 2027)'],
    ['metric IO2.2 Q2 2026/27 147', 'is a percentage, so its value is between 0 and 100'],
    ['metric SO3.1 Q2 2026/27 50', 'record it for a financial year'],
  ])('%s → "%s", nothing stored', async (text, says) => {
    const before = await db.prisma.metricValue.count();
    const m = await say('adele', text);
    expect(m.meta?.error).toBeDefined();
    expect(textOf(m)).toContain(says);
    expect(await db.prisma.metricValue.count()).toBe(before);
  });

  it('an unknown id gets "did you mean"; a missing value the right form', async () => {
    expect((await say('adele', 'metric IO22')).summary).toContain('Did you mean IO2.2?');
    expect(textOf(await say('adele', 'metric IO2.2 47'))).toContain('needs both a period and a value');
  });

  it('`metrics` lists the latest figure and trend; `metric <id>` the figures, target and linked actions', async () => {
    await linkMetric(db.prisma, (await db.prisma.metric.findFirstOrThrow({ where: { partnershipId: fx.partnership.id, code: 'IO2.2' } })).id, { actionIds: [fx.actions['TRS-07']!] });
    const list = textOf(await say('alex', 'metrics'));
    expect(list).toContain('IO2.2 Continuity of care');
    expect(list).toContain('47% in Q2 2026/27 ↑');
    expect(list).toContain('No figure yet: IO2.1, IO2.3, IO2.4');
    const one = textOf(await say('alex', 'metric IO2.2'));
    expect(one).toContain('Q1 2026/27: 45.5% — corrected');
    expect(one).toContain('TRS-07 Launch the prison release pathway — At risk');
    expect(one).toContain('↑ improving');
  });
});

describe('cdp metrics import', () => {
  it('a file with bad rows is refused whole, every bad row listed by line', async () => {
    const before = await db.prisma.metricValue.count();
    const file = await write('bad.csv', [
      'Quarterly figures for the board', '',
      'Metric ID,Period,Value,Target,Name,Direction',
      'IO1.1,Q2 2026/27,9,8,,',
      'IO1.1,Q2 2026/27,10,,,',
      'IO2.2,Q2 2026/27,n/a,,,',
      'XX-9,Q2 2026/27,3,,,',
      'LOC-1,Q2 2026/27,3,,Naloxone kits,sideways',
      'NEW-1,Q2 2026/27,3,,Peer mentors trained,higher',
    ].join('\n'));
    const r = await importMetrics(db, { file, partnershipId: fx.partnership.id, partnershipName: fx.partnership.name, today: '2026-11-22', now: NOW, via: 'import' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toContain('4 bad rows: nothing was imported.');
    expect(r.error.message).toContain('line 5, column period: IO1.1 Q2 2026/27 is also on line 4');
    expect(r.error.message).toContain('line 6, column value: "n/a" is not a number');
    expect(r.error.message).toContain('line 7, column id: there is no metric XX-9');
    expect(r.error.message).toContain('line 8, column id: the local KPI LOC-1 needs a direction');
    expect(await db.prisma.metricValue.count()).toBe(before);
    expect(await db.prisma.metric.count({ where: { code: 'NEW-1' } })).toBe(0);
  });

  it('a good file records values and targets, adds a local KPI, and changes nothing the second time', async () => {
    const file = await write('good.csv', [
      'id,period,value,target,source,name,direction,unit',
      'IO1.1,Q1 2026/27,7,8,MPS MI,,,',
      'IO1.1,Q2 2026/27,11,8,MPS MI,,,',
      'IO1.1,Q3 2026/27,,9,,,,',
      'NEW-1,Q2 2026/27,14,20,,Peer mentors trained,higher,count',
    ].join('\n'));
    const args = { file, partnershipId: fx.partnership.id, partnershipName: fx.partnership.name, today: '2026-11-22', now: NOW, via: 'import' as const };
    const r = await importMetrics(db, args);
    expect(r.ok && [r.value.valuesAdded, r.value.targetsAdded, r.value.localMetricsAdded]).toEqual([3, 4, ['NEW-1']]);
    const again = await importMetrics(db, args);
    expect(again.ok && [again.value.valuesAdded, again.value.targetsAdded, again.value.unchanged]).toEqual([0, 0, 4]);
    const local = await findMetric(db.prisma, fx.partnership.id, 'new-1');
    expect(local.ok && [local.value.level, local.value.direction, local.value.isFramework]).toEqual(['local', 'higher', false]);
  });
});

describe("the owner's nudge", () => {
  // Q2 2026/27 ends Wed 30 Sep 2026; 10 working days later is Wed 14 Oct.
  const dueDay = new Date('2026-10-14T09:30:00Z');
  const dayBefore = new Date('2026-10-13T09:30:00Z');
  const metricLines = (r: Awaited<ReturnType<typeof runReminders>>, personId: string) =>
    r.people.filter((p) => p.personId === personId).flatMap((p) => p.lines).filter((l) => l.kind === 'metric_due');

  it('asks the owner for the quarter on its day, in the one daily message, and not the day before', async () => {
    await setOwner('IO3.1', fx.people.alex);
    expect(metricLines(await runReminders(db, { now: dayBefore, dryRun: true, partnershipIds: [fx.partnership.id] }), fx.people.alex)).toEqual([]);
    const r = await runReminders(db, { now: dueDay, dryRun: true, partnershipIds: [fx.partnership.id] });
    expect(metricLines(r, fx.people.alex)).toEqual([{ ref: 'IO3.1', kind: 'metric_due', reason: expect.stringContaining('the Q2 2026/27 figure (Jul–Sep 2026) is due') }]);
    expect(r.people.filter((p) => p.personId === fx.people.alex)).toHaveLength(1);
  });

  it('is not sent when the figure is already in, and honours the setting', async () => {
    // IO2.2 (Megan) has Q2 2026/27 recorded above.
    expect(metricLines(await runReminders(db, { now: dueDay, dryRun: true, partnershipIds: [fx.partnership.id] }), fx.people.megan)).toEqual([]);
    await db.prisma.partnership.update({ where: { id: fx.partnership.id }, data: { settings: { metricDueWorkingDays: 5 } } });
    const early = await runReminders(db, { now: new Date('2026-10-07T09:30:00Z'), dryRun: true, partnershipIds: [fx.partnership.id] });
    expect(metricLines(early, fx.people.alex).map((l) => l.ref)).toEqual(['IO3.1']);
    await db.prisma.partnership.update({ where: { id: fx.partnership.id }, data: { settings: {} } });
  });

  it('goes through the outbox once: a second run that day enqueues nothing new', async () => {
    const first = await runReminders(db, { now: dueDay, partnershipIds: [fx.partnership.id] });
    const alex = first.people.find((p) => p.personId === fx.people.alex)!;
    expect(alex.status).toBe('enqueued');
    const row = await db.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: alex.dedupeKey } });
    expect(JSON.stringify(row.payload)).toContain('metric IO3.1 Q2 2026/27');
    const second = await runReminders(db, { now: new Date(dueDay.getTime() + 3_600_000), partnershipIds: [fx.partnership.id] });
    expect(second.people.find((p) => p.personId === fx.people.alex)?.status ?? 'already_sent_today').toBe('already_sent_today');
  });
});

describe('digest and quarterly report', () => {
  it("the treatment subgroup's digest shows its pillar's metrics; the supply one shows supply's", async () => {
    const treatment = textOf(await buildDigestMessage(db, { partnershipId: fx.partnership.id, subgroupId: fx.subgroups.treatment, now: NOW }));
    expect(treatment).toContain('Outcome metrics');
    expect(treatment).toMatch(/IO2\.2\nContinuity of care.*\n47% in Q2 2026\/27 ↑ improving/);
    expect(treatment).not.toContain('IO1.1');
    const supply = textOf(await buildDigestMessage(db, { partnershipId: fx.partnership.id, subgroupId: fx.subgroups.supply, now: NOW }));
    expect(supply).toMatch(/IO1\.1\nCounty lines closed.*\n11 in Q2 2026\/27 ↑ improving · target 8 \(on target\)/);
  });

  it('the quarter report workbook holds the summary, the exceptions and the metrics with RAG', async () => {
    const q = parsePeriod('Q2 2026/27');
    if (!q.ok) throw new Error(q.error);
    const report = await loadQuarterReport(db.prisma, fx.partnership.id, q.value, NOW);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderQuarterReport(report, 'xlsx')) as unknown as ArrayBuffer);
    const rows = (name: string) => {
      const out: unknown[][] = [];
      wb.getWorksheet(name)!.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
      return out;
    };
    const summary = rows('Summary');
    expect(String(summary[0]![0])).toBe('Testshire CDP — quarterly performance report, Q2 2026/27 (Jul–Sep 2026)');
    expect(summary[1]![1]).toEqual(new Date('2026-09-30T00:00:00Z'));
    const total = summary.find((r) => r[0] === 'All actions')!;
    expect(total[1]).toBe(5);
    const exceptions = rows('Exceptions');
    expect(exceptions[0]).toEqual(['Ref', 'Action', 'Status', 'Pillar', 'Subgroup', 'Lead', 'Due', 'Latest note (mitigation)', 'Note date']);
    expect(exceptions[1]!.slice(0, 3)).toEqual(['TRS-07', 'Launch the prison release pathway', 'At risk']);
    const metrics = rows('Metrics');
    const head = metrics.find((r) => r[0] === 'Id')!;
    expect(head.slice(5, 9)).toEqual(['Q3 2025/26', 'Q4 2025/26', 'Q1 2026/27', 'Q2 2026/27']);
    const io11 = metrics.find((r) => r[0] === 'IO1.1')!;
    expect(io11.slice(5, 13)).toEqual([undefined, undefined, 7, 11, 11, 'Q2 2026/27', 8, 'Green (on target)']);
    const io22 = metrics.find((r) => r[0] === 'IO2.2')!;
    expect(io22[13]).toBe('↑ improving');
    const html = (await renderQuarterReport(report, 'html')).toString('utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('Exceptions (1)');
  });
});
