// The register import (SPEC §7, issue 2): the real Tower Hamlets files, idempotent re-import,
// edited re-import, every bad-input case (refused whole, nothing written), heading synonyms,
// title rows, multi-agency cells, every date form, XLSX with real date cells, dry run.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatImportReport, importFile } from '../src/register/import/index.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';

const SEED = path.resolve('prisma/seed');
const AGENCIES = path.join(SEED, 'tower-hamlets-agencies.csv');
const ACTIONS = path.join(SEED, 'tower-hamlets-2024-25-actions.csv');
const CONTRACTS = path.join(SEED, 'tower-hamlets-2024-25-contracts.csv');
const FIX = path.resolve('test/fixtures/import');
const now = new Date('2026-11-22T10:00:00Z');

let db: TestDatabase;
let tmp: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cdp-import-'));
});
afterAll(async () => {
  await db?.drop();
  await fs.rm(tmp, { recursive: true, force: true });
});

async function totals() {
  const p = db.prisma;
  const [partnerships, actions, agencies, contracts, updates, people] = await Promise.all([
    p.partnership.count(), p.action.count(), p.agency.count(), p.contract.count(), p.statusUpdate.count(), p.person.count(),
  ]);
  return { partnerships, actions, agencies, contracts, updates, people };
}

async function write(name: string, text: string): Promise<string> {
  const f = path.join(tmp, name);
  await fs.writeFile(f, text);
  return f;
}

async function pid(name: string) {
  return (await db.prisma.partnership.findUniqueOrThrow({ where: { name } })).id;
}

describe('the Tower Hamlets plan', () => {
  it('imports 156 actions, 41 agencies, 5 contracts, 40 objectives, 11 priorities', async () => {
    const t0 = performance.now();
    const r = await importFile(db, { partnershipName: 'Tower Hamlets', files: [AGENCIES, ACTIONS, CONTRACTS], now });
    const ms = performance.now() - t0;
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    console.log(`[measure] import of the 156-row Tower Hamlets plan (+41 agencies, 5 contracts) on ${db.kind}: ${Math.round(ms)} ms`);
    expect(r.value.createdPartnership).toBe(true);
    expect(r.value.counts.actions.created).toBe(156);
    const id = r.value.partnershipId;
    const p = db.prisma;
    expect(await p.action.count({ where: { partnershipId: id } })).toBe(156);
    expect(await p.agency.count({ where: { partnershipId: id } })).toBe(41);
    expect(await p.contract.count({ where: { partnershipId: id } })).toBe(5);
    expect(await p.objective.count({ where: { partnershipId: id } })).toBe(40);
    expect(await p.priority.count({ where: { partnershipId: id } })).toBe(11);
    expect(await p.pillar.count({ where: { partnershipId: id } })).toBe(3);
    const pillars = await p.pillar.findMany({ where: { partnershipId: id }, orderBy: { position: 'asc' }, include: { subgroups: { include: { subgroup: true } } } });
    expect(pillars.map((x) => x.code)).toEqual(['BSC', 'TRS', 'GSD']);
    expect(pillars.map((x) => x.subgroups[0]?.subgroup.name)).toEqual(pillars.map((x) => x.name));

    const trs07 = await p.action.findFirstOrThrow({ where: { partnershipId: id, ref: 'TRS-07' }, include: { leadAgency: true, partners: { include: { agency: true }, orderBy: { position: 'asc' } }, subgroup: true } });
    expect(trs07.leadAgency?.name).toBe('London Borough of Tower Hamlets Substance Misuse services');
    expect(trs07.partners.map((x) => x.agency.name)).toEqual(['London Borough of Tower Hamlets Criminal Justice Substance Misuse', 'RESET']);
    expect(trs07.subgroup?.name).toBe('Deliver a world-class treatment and recovery system');
    expect(trs07.dueDate).toBeNull();

    const c01 = await p.contract.findFirstOrThrow({ where: { partnershipId: id, ref: 'C-01' }, include: { action: true, commissionerAgency: true, subgroup: true } });
    expect(c01.action?.ref).toBe('TRS-46');
    expect(c01.expiryDate.toISOString().slice(0, 10)).toBe('2024-11-14');
    expect(c01.commissionerAgency?.name).toBe('London Borough of Tower Hamlets Substance Misuse commissioning');
    expect(c01.subgroup?.name).toMatch(/treatment/);
  });

  it('re-importing the same files changes nothing', async () => {
    const before = await totals();
    const r = await importFile(db, { partnershipName: 'tower hamlets', files: [AGENCIES, ACTIONS, CONTRACTS], now });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.changes).toEqual([]);
    expect(r.value.counts.actions).toEqual({ created: 0, updated: 0, unchanged: 156 });
    expect(formatImportReport(r.value)).toContain('No changes');
    expect(await totals()).toEqual(before);
  });

  it('an edited file changes only the edited rows, and says what changed', async () => {
    const text = await fs.readFile(ACTIONS, 'utf8');
    const edited = text
      .replace('Implement weekly structured treatment checks,', 'Implement weekly structured treatment checks and audits,')
      .replace(/^(BSC-01,(?:[^,]*,){6})/m, '$1Q3 2026/27')
      .replace('Retain Somali-speaking recovery worker to deliver targeted support,Turning Point,', 'Retain Somali-speaking recovery worker to deliver targeted support,MPS,');
    expect(edited).not.toBe(text);
    const f = await write('edited-actions.csv', edited);
    const r = await importFile(db, { partnershipName: 'Tower Hamlets', file: f, now });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    const changed = r.value.changes.filter((c) => c.change === 'updated');
    expect(changed.map((c) => c.key).sort()).toEqual(['BSC-01', 'BSC-07', 'TRS-07']);
    expect(changed.find((c) => c.key === 'TRS-07')!.fields.map((x) => x.field)).toEqual(['title']);
    expect(changed.find((c) => c.key === 'BSC-01')!.fields).toEqual([{ field: 'due date', from: 'no date', to: '31 Dec 2026' }]);
    expect(changed.find((c) => c.key === 'BSC-07')!.fields).toEqual([{ field: 'lead agency', from: 'Turning Point', to: 'Metropolitan Police Service' }]);
    expect(r.value.counts.actions).toEqual({ created: 0, updated: 3, unchanged: 153 });
    const report = formatImportReport(r.value);
    expect(report).toContain('TRS-07: title');
    expect(report).toContain('BSC-01: due date "no date" → "31 Dec 2026"');

    const id = await pid('Tower Hamlets');
    const bsc01 = await db.prisma.action.findFirstOrThrow({ where: { partnershipId: id, ref: 'BSC-01' } });
    expect(bsc01.originalDueDate?.toISOString().slice(0, 10)).toBe('2026-12-31');
    expect(bsc01.dueMoves).toBe(0);

    // Moving the date again keeps the original and records the move.
    const moved = await write('moved.csv', edited.replace(/^(BSC-01,(?:[^,]*,){6})Q3 2026\/27/m, '$131/03/2027'));
    const r2 = await importFile(db, { partnershipName: 'Tower Hamlets', file: moved, now });
    expect(r2.ok).toBe(true);
    const after = await db.prisma.action.findFirstOrThrow({ where: { partnershipId: id, ref: 'BSC-01' }, include: { dueChanges: true } });
    expect(after.dueDate?.toISOString().slice(0, 10)).toBe('2027-03-31');
    expect(after.originalDueDate?.toISOString().slice(0, 10)).toBe('2026-12-31');
    expect(after.dueMoves).toBe(1);
    expect(after.dueChanges).toHaveLength(1);
    expect(after.dueChanges[0]).toMatchObject({ reason: 'import of moved.csv' });
  });

  it('a dry run reports the changes and writes nothing', async () => {
    const before = await totals();
    const text = await fs.readFile(ACTIONS, 'utf8');
    const f = await write('dry.csv', text.replace('Implement weekly structured treatment checks,', 'Something else,'));
    const r = await importFile(db, { partnershipName: 'Tower Hamlets', file: f, now, dryRun: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.dryRun).toBe(true);
    expect(r.value.changes.some((c) => c.key === 'TRS-07' && c.change === 'updated')).toBe(true);
    expect(formatImportReport(r.value)).toMatch(/Dry run.*nothing was written/);
    expect(await totals()).toEqual(before);
    const fresh = await importFile(db, { partnershipName: 'Dry Partnership', files: [AGENCIES, ACTIONS], now, dryRun: true });
    expect(fresh.ok).toBe(true);
    expect(await totals()).toEqual(before);
  });
});

describe('bad input is refused whole, naming the line and column', () => {
  const refused = async (files: string[], ...expected: (string | RegExp)[]) => {
    const before = await totals();
    const r = await importFile(db, { partnershipName: 'Bad Input', files, now });
    expect(r.ok).toBe(false);
    if (r.ok) return '';
    for (const e of expected) expect(r.error.message).toMatch(e);
    expect(await totals()).toEqual(before);
    return r.error.message;
  };

  it('unknown agency: every one listed, with the nearest known agency', async () => {
    const msg = await refused([AGENCIES, path.join(FIX, 'unknown-agency.csv')],
      /line 3, column lead_agency: unknown agency "Met Polise" — did you mean "Met Police/,
      /line 4, column partner_agencies: unknown agency "Made Up Agency"/);
    expect(msg).toMatch(/Nothing was imported: 2 rows have problems/);
    const typo = await importFile(db, { partnershipName: 'Tower Hamlet', files: [path.join(FIX, 'unknown-agency.csv')], now });
    expect(typo.ok).toBe(false);
    if (!typo.ok) expect(typo.error.message).toMatch(/Note: there is no partnership "Tower Hamlet" yet .* Partnerships: .*"Tower Hamlets"/);
  });
  it('duplicate ref (case-insensitive)', async () => {
    await refused([AGENCIES, path.join(FIX, 'duplicate-ref.csv')], /line 4, column ref: duplicate ref X-01 \(also on line 2\)/);
  });
  it('unparseable and impossible dates, with the accepted forms', async () => {
    await refused([AGENCIES, path.join(FIX, 'bad-date.csv')],
      /line 3, column due: "31\/02\/2025" is not a date \(no such day\); accepted: 31\/03\/2025/,
      /line 4, column due: "sometime soon" is not a date/);
  });
  it('a file with no pillar or objective column is read as a flat tracker, not refused for those columns', async () => {
    const msg = await refused([path.join(FIX, 'missing-column.csv')], /line 2, column Lead: unknown agency "MPS"/);
    expect(msg).not.toMatch(/no "Pillar"|no "Objective"/);
  });
  it('empty file, blank file, heading only', async () => {
    await refused([path.join(FIX, 'empty.csv')], /empty.csv: is empty \(0 bytes\)/);
    await refused([path.join(FIX, 'blank-lines.csv')], /blank-lines.csv: is empty/);
    await refused([AGENCIES, path.join(FIX, 'heading-only.csv')], /heading-only.csv:\n\s+line 1: has a heading row but no rows below it/);
  });
  it('binary junk and files that are not workbooks', async () => {
    await refused([path.join(FIX, 'junk.csv')], /junk.csv: is not a text \(CSV\) file: it contains binary data/);
    await refused([path.join(FIX, 'not-a-workbook.xlsx')], /not-a-workbook.xlsx: is not a valid .xlsx workbook \(it is not a zip file/);
    await refused([path.join(FIX, 'junk.xlsx')], /junk.xlsx: is not a valid .xlsx workbook/);
  });
  it('a 50 MB file is refused before it is read', async () => {
    const big = path.join(tmp, 'huge.csv');
    const fh = await fs.open(big, 'w');
    await fh.truncate(50 * 1024 * 1024);
    await fh.close();
    await refused([big], /huge.csv is 50 MB; the largest file accepted is 10 MB \(IMPORT_MAX_BYTES\)/);
  });
  it('a missing file', async () => {
    await refused([path.join(tmp, 'nope.csv')], /no such file/);
  });
  it('contracts: bad expiry, unknown commissioner, unknown action ref', async () => {
    await refused([AGENCIES, ACTIONS, path.join(FIX, 'contracts-bad.csv')],
      /line 2, column expiry_date: "31\/02\/25" is not a date \(no such day\)/,
      /line 3, column commissioner: unknown agency "Public Health Comissioning" — did you mean/,
      /line 4, column expiry_date: a contract needs an expiry date/,
      /line 4, column notes: no action TRS-99 in the register or this import/);
  });
  it('one bad file among good ones writes nothing at all', async () => {
    await refused([AGENCIES, ACTIONS, path.join(FIX, 'bad-date.csv')], /bad-date.csv:\n\s+line 3, column due/);
  });
});

describe('council spreadsheets', () => {
  it('reads title rows, blank rows, heading synonyms, multi-agency cells and RAG/Progress columns', async () => {
    const r = await importFile(db, { partnershipName: 'Synonyms', files: [AGENCIES, path.join(FIX, 'title-rows.csv')], now });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    expect(r.value.sources[1]).toMatchObject({ kind: 'actions', rows: 4, headingLine: 3 });
    const id = r.value.partnershipId;
    const actions = await db.prisma.action.findMany({
      where: { partnershipId: id }, orderBy: { ref: 'asc' },
      include: { leadAgency: true, partners: { include: { agency: true }, orderBy: { position: 'asc' } }, updates: true },
    });
    const t = Object.fromEntries(actions.map((a) => [a.ref, a]));
    expect(t['T-01']!.leadAgency?.name).toBe('Metropolitan Police Service');
    expect(t['T-01']!.partners.map((p) => p.agency.name)).toEqual(['Probation Service', 'RESET']);
    expect(t['T-02']!.partners.map((p) => p.agency.name)).toEqual(['RESET', 'London Borough of Tower Hamlets Adult Social Care']);
    expect(t['T-03']!.partners.map((p) => p.agency.name)).toEqual(['Turning Point', 'Safe East']);
    expect(t['T-01']!.dueDate?.toISOString().slice(0, 10)).toBe('2025-03-31');
    expect(t['T-02']!.dueDate?.toISOString().slice(0, 10)).toBe('2025-03-31');
    expect(t['T-03']!.dueDate?.toISOString().slice(0, 10)).toBe('2024-12-31');
    expect(t['T-04']!.dueDate).toBeNull();
    expect(t['T-01']!.status).toBe('on_track');
    expect(t['T-02']!.status).toBe('at_risk');
    expect(t['T-03']!.status).toBe('not_started');
    expect(t['T-04']!.status).toBe('complete');
    expect(t['T-02']!.updates).toEqual([expect.objectContaining({ via: 'import', newStatus: 'at_risk', note: 'Waiting on funding' })]);

    // Changing the RAG and the progress text: a StatusUpdate row, reported per field.
    const text = (await fs.readFile(path.join(FIX, 'title-rows.csv'), 'utf8')).replace('amber,Waiting on funding', 'red,Funding refused');
    const f = await write('title-rows-2.csv', text);
    const r2 = await importFile(db, { partnershipName: 'Synonyms', files: [f], now: new Date('2026-11-23T10:00:00Z') });
    expect(r2.ok).toBe(true);
    if (!r2.ok) return;
    expect(r2.value.changes).toEqual([{ kind: 'action', key: 'T-02', change: 'updated', fields: [
      { field: 'status', from: 'At risk', to: 'Off track' },
      { field: 'update', from: 'Waiting on funding', to: 'Funding refused' },
    ] }]);
    const history = await db.prisma.statusUpdate.findMany({ where: { actionId: t['T-02']!.id }, orderBy: { createdAt: 'asc' } });
    expect(history.map((h) => [h.oldStatus, h.newStatus, h.note])).toEqual([[null, 'at_risk', 'Waiting on funding'], ['at_risk', 'off_track', 'Funding refused']]);
  });

  it('reads semicolon-separated CSV (European Excel) with commas and semicolons inside cells', async () => {
    const f = await write('semicolons.csv', ['Ref;Pillar;Objective;Action;Lead;Partners;Due', 'S-01;Break drug supply chains;Victims;"Training, schools and youth";MPS;"RESET; LBTH ASC";31/03/2025', 'S-02;Break drug supply chains;Victims;Outreach;Probation;"Turning Point, Safe East";Q4 2024/25'].join('\r\n'));
    const r = await importFile(db, { partnershipName: 'Semicolons', files: [AGENCIES, f], now });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    const actions = await db.prisma.action.findMany({ where: { partnershipId: r.value.partnershipId }, orderBy: { ref: 'asc' }, include: { partners: { include: { agency: true }, orderBy: { position: 'asc' } } } });
    expect(actions.map((a) => [a.ref, a.title, a.partners.map((p) => p.agency.name).join(' + ')])).toEqual([
      ['S-01', 'Training, schools and youth', 'RESET + London Borough of Tower Hamlets Adult Social Care'],
      ['S-02', 'Outreach', 'Turning Point + Safe East'],
    ]);
  });

  it('fills pillar, priority and objective down from section rows and merged cells', async () => {
    const msg = await importFile(db, { partnershipName: 'Merged', files: [AGENCIES, path.join(FIX, 'merged-cells.csv')], now });
    expect(msg.ok).toBe(false);
    if (!msg.ok) expect(msg.error.message).toMatch(/line 8, column Action: the action text is empty/);
    const fixed = (await fs.readFile(path.join(FIX, 'merged-cells.csv'), 'utf8')).replace('M-05,,,,,RESET', 'M-05,,,,Review KPIs,RESET');
    const r = await importFile(db, { partnershipName: 'Merged', files: [AGENCIES, await write('merged-ok.csv', fixed)], now });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    const actions = await db.prisma.action.findMany({ where: { partnershipId: r.value.partnershipId }, orderBy: { ref: 'asc' }, include: { objective: { include: { priority: { include: { pillar: true } } } } } });
    expect(actions.map((a) => [a.ref, a.objective.priority.pillar.name, a.objective.priority.name, a.objective.name])).toEqual([
      ['M-01', 'Break drug supply chains', 'Exploitation', 'Identify victims'],
      ['M-02', 'Break drug supply chains', 'Exploitation', 'Identify victims'],
      ['M-03', 'Break drug supply chains', 'Exploitation', 'Diversion'],
      ['M-04', 'Deliver a world-class treatment and recovery system', 'Capacity', 'More in treatment'],
      ['M-05', 'Deliver a world-class treatment and recovery system', 'Capacity', 'More in treatment'],
    ]);
  });

  it('reads Excel "Unicode text" (UTF-16, tab-separated) and Windows-1252 CSV', async () => {
    const tsv = 'Ref\tPillar\tObjective\tAction\tLead\nU-01\tBreak drug supply chains\tVictims\tCafé outreach – pilot\tMPS\n';
    const f16 = path.join(tmp, 'unicode.txt');
    await fs.writeFile(f16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]));
    const f1252 = path.join(tmp, 'ansi.csv');
    await fs.writeFile(f1252, Buffer.from('Ref,Pillar,Objective,Action,Lead\nU-02,Break drug supply chains,Victims,Caf\xe9 support,MPS\n', 'latin1'));
    const r = await importFile(db, { partnershipName: 'Encodings', files: [AGENCIES, f16, f1252], now });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    const titles = (await db.prisma.action.findMany({ where: { partnershipId: r.value.partnershipId }, orderBy: { ref: 'asc' } })).map((a) => a.title);
    expect(titles).toEqual(['Café outreach – pilot', 'Café support']);
  });

  it('accepts every date form in a due column', async () => {
    const forms: [string, string | null][] = [
      ['2025-03-31', '2025-03-31'], ['31/03/2025', '2025-03-31'], ['31/03/25', '2025-03-31'], ['1/4/24', '2024-04-01'],
      ['31 March 2025', '2025-03-31'], ['31 Mar 25', '2025-03-31'], ['Mar-25', '2025-03-31'], ['March 2025', '2025-03-31'],
      ['Q1 2024/25', '2024-06-30'], ['Q2 24/25', '2024-09-30'], ['Q3 2024-25', '2024-12-31'], ['Q4 2024/25', '2025-03-31'],
      ['45382', '2024-03-31'], ['Ongoing', null], ['TBC', null],
    ];
    const lines = ['Ref,Pillar,Objective,Action,Lead,Due', ...forms.map(([d], i) => `D-${i + 1},Break drug supply chains,Dates,Date ${i + 1},MPS,"${d}"`)];
    const f = await write('dates.csv', lines.join('\n'));
    const r = await importFile(db, { partnershipName: 'Dates', files: [AGENCIES, f], now });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    const id = await pid('Dates');
    const actions = await db.prisma.action.findMany({ where: { partnershipId: id } });
    for (const [i, [, want]] of forms.entries()) {
      const a = actions.find((x) => x.ref === `D-${i + 1}`)!;
      expect(a.dueDate ? a.dueDate.toISOString().slice(0, 10) : null, forms[i]![0]).toBe(want);
    }
  });

  it('reads an XLSX with a title row, blank rows, real Excel date cells, text dates and multi-agency cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Plan 2024-25');
    ws.addRow(['Tower Hamlets CDP delivery plan']);
    ws.addRow([]);
    ws.addRow([]);
    ws.addRow(['Ref', 'Pillar', 'Priority', 'Objective', 'Action', 'Lead agency', 'Partners', 'Deadline', 'Status']);
    ws.addRow(['X-01', 'Break drug supply chains', 'Exploitation', 'Victims', 'Cuckooing pathway', 'MPS', 'RESET; LBTH ASC', new Date(Date.UTC(2025, 2, 31)), 'Green']);
    ws.addRow([]);
    ws.addRow(['x-02', 'Break drug supply chains', 'Exploitation', 'Victims', 'Women support', 'Met Police', 'Turning Point\nSafe East, Release', '30/06/2025', 'amber']);
    ws.addRow(['X-03', 'Achieve a generational shift in demand', 'Schools', 'PSHE', 'Drug education', 'LBTH Public Health', 'Young Tower Hamlets', 'Q2 2025/26', '']);
    ws.getCell('H5').numFmt = 'dd/mm/yyyy';
    const f = path.join(tmp, 'plan.xlsx');
    await wb.xlsx.writeFile(f);
    const r = await importFile(db, { partnershipName: 'Workbook', files: [AGENCIES, f], now });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    expect(r.value.sources[1]).toMatchObject({ kind: 'actions', rows: 3, headingLine: 4 });
    const id = r.value.partnershipId;
    const actions = await db.prisma.action.findMany({ where: { partnershipId: id }, orderBy: { ref: 'asc' }, include: { partners: { include: { agency: true }, orderBy: { position: 'asc' } }, leadAgency: true } });
    expect(actions.map((a) => a.ref)).toEqual(['X-01', 'X-02', 'X-03']);
    expect(actions.map((a) => a.dueDate?.toISOString().slice(0, 10))).toEqual(['2025-03-31', '2025-06-30', '2025-09-30']);
    expect(actions.map((a) => a.status)).toEqual(['on_track', 'at_risk', 'not_started']);
    expect(actions[1]!.leadAgency?.name).toBe('Metropolitan Police Service');
    expect(actions[1]!.partners.map((p) => p.agency.name)).toEqual(['Turning Point', 'Safe East', 'Release']);
    // The same workbook again: nothing changes.
    const again = await importFile(db, { partnershipName: 'Workbook', files: [f], now });
    expect(again.ok && again.value.changes).toEqual([]);
  });

  it('generates refs from the pillar code when the file has none, stable on re-import', async () => {
    const csv = ['Pillar,Objective,Action,Lead', 'Break drug supply chains,Victims,First thing,MPS', 'Deliver a world-class treatment and recovery system,Capacity,Second thing,RESET', 'Break drug supply chains,Victims,Third thing,MPS'].join('\n');
    const f = await write('norefs.csv', csv);
    const r = await importFile(db, { partnershipName: 'No Refs', files: [AGENCIES, f], now });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.notes.join(' ')).toMatch(/no ref column: 3 refs were generated/);
    const refs = (await db.prisma.action.findMany({ where: { partnershipId: r.value.partnershipId }, orderBy: { ref: 'asc' } })).map((a) => `${a.ref} ${a.title}`);
    expect(refs).toEqual(['BSC-01 First thing', 'BSC-02 Third thing', 'TRS-01 Second thing']);
    const again = await importFile(db, { partnershipName: 'No Refs', files: [f], now });
    expect(again.ok && again.value.changes).toEqual([]);
  });

  it('asks for --partnership when there are several', async () => {
    const r = await importFile(db, { files: [ACTIONS], now });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message + (r.error.hint ?? '')).toMatch(/partnerships.*--partnership NAME/s);
  });
});

describe('size', () => {
  it('imports a generated 2,000-row XLSX (timing reported, not asserted)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Actions');
    ws.addRow(['Ref', 'Pillar', 'Priority', 'Objective', 'Action', 'Lead agency', 'Partner agencies', 'Due', 'Status']);
    const pillars = ['Break drug supply chains', 'Deliver a world-class treatment and recovery system', 'Achieve a generational shift in demand'];
    const leads = ['MPS', 'RESET', 'LBTH PH', 'Probation', 'Turning Point'];
    for (let i = 1; i <= 2000; i++) {
      ws.addRow([`G-${String(i).padStart(4, '0')}`, pillars[i % 3], `Priority ${i % 11}`, `Objective ${i % 40}`, `Generated action number ${i}`, leads[i % 5], 'Safe East; Release', new Date(Date.UTC(2026, i % 12, 28)), ['green', 'amber', 'red', ''][i % 4]]);
    }
    const f = path.join(tmp, 'big.xlsx');
    await wb.xlsx.writeFile(f);
    const t0 = performance.now();
    const r = await importFile(db, { partnershipName: 'Big', files: [AGENCIES, f], now });
    const first = performance.now() - t0;
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    const t1 = performance.now();
    const again = await importFile(db, { partnershipName: 'Big', files: [f], now });
    const second = performance.now() - t1;
    expect(again.ok && again.value.counts.actions.unchanged).toBe(2000);
    console.log(`[measure] generated 2,000-row XLSX on ${db.kind}: first import ${Math.round(first)} ms, re-import (no changes) ${Math.round(second)} ms`);
    expect(await db.prisma.action.count({ where: { partnershipId: await pid('Big') } })).toBe(2000);
  }, 120_000);
});
