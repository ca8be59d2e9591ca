// Export (SPEC §7): the board pack in CSV and XLSX, and the round trip — an export re-imports
// to the same register (no changes), and into an empty partnership gives the same register.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError, type CliContext, type CliIO, type Runtime } from '../src/cli/context.js';
import * as exportVerb from '../src/cli/verbs/export.js';
import * as importVerb from '../src/cli/verbs/import.js';
import { ACTION_HEADINGS, buildExportTables, contractsCsvPath, exportRegister, tableToCsv } from '../src/register/export.js';
import { importFile } from '../src/register/import/index.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';
import { loadDemo } from './support/demo.js';

const now = new Date('2026-11-22T10:00:00Z');
let db: TestDatabase;
let tmp: string;
let demoId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cdp-export-'));
  demoId = (await loadDemo(db, now)).partnershipId;
});
afterAll(async () => {
  await db?.drop();
  await fs.rm(tmp, { recursive: true, force: true });
});

/** The register as the board sees it, without the columns a fresh import cannot know (history). */
async function comparable(partnershipId: string) {
  const t = await buildExportTables(db.prisma, partnershipId);
  const keep = ['Ref', 'Pillar', 'Priority', 'Objective', 'Action', 'Lead agency', 'Lead officer', 'Deputies', 'Partner agencies', 'Due', 'Status', 'Last update', 'Notes', 'Subgroup'].map((h) => ACTION_HEADINGS.indexOf(h));
  const contracts = t.contracts.rows.map((r) => r.slice(0, 13));
  return { actions: tableToCsv({ ...t.actions, rows: t.actions.rows.map((r) => keep.map((i) => r[i]!)) }), contracts: JSON.stringify(contracts), agencies: JSON.stringify(t.agencies.rows) };
}

describe('export', () => {
  it('writes every action with its plan place, lead, partners, due, status and latest update as CSV', async () => {
    const out = path.join(tmp, 'board.csv');
    const r = await exportRegister(db.prisma, demoId, { format: 'csv', out });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.files).toEqual([out, contractsCsvPath(out)]);
    expect(contractsCsvPath(out)).toBe(path.join(tmp, 'board-contracts.csv'));
    const rows = parse(await fs.readFile(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(156);
    expect(Object.keys(rows[0]!)).toEqual(ACTION_HEADINGS);
    const trs07 = rows.find((x) => x.Ref === 'TRS-07')!;
    expect(trs07).toMatchObject({
      Pillar: 'Deliver a world-class treatment and recovery system',
      Objective: 'Meet continuity of care targets by increasing number of prison release clients accessing treatment',
      'Lead agency': 'London Borough of Tower Hamlets Substance Misuse services',
      'Partner agencies': 'London Borough of Tower Hamlets Criminal Justice Substance Misuse; RESET',
      Status: 'At risk',
    });
    expect(trs07.Due).toMatch(/^2026-(11|12)-\d\d$/);
    expect(trs07['Last update']).toMatch(/^\[demo\] /);
    expect(trs07['Last update date']).toMatch(/^2026-\d\d-\d\d$/);
    const contracts = parse(await fs.readFile(contractsCsvPath(out), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(contracts.map((c) => c.Ref)).toEqual(['C-01', 'C-02', 'C-03', 'C-04', 'C-05']);
    expect(contracts[0]).toMatchObject({ Service: 'Needle exchange supplies', Provider: 'Orion', Action: 'TRS-46', Route: 'PSR direct award C', Stage: 'Awarded' });
  });

  it('without --out gives the actions CSV as text; XLSX needs --out', async () => {
    const r = await exportRegister(db.prisma, demoId, {});
    expect(r.ok && r.value.text?.split('\n')[0]).toBe(ACTION_HEADINGS.join(','));
    const x = await exportRegister(db.prisma, demoId, { format: 'xlsx' });
    expect(x.ok).toBe(false);
    if (!x.ok) expect(x.error.message).toMatch(/XLSX export needs a file/);
  });

  it('CSV round trip: re-importing the export changes nothing', async () => {
    const out = path.join(tmp, 'again.csv');
    const r = await exportRegister(db.prisma, demoId, { out });
    expect(r.ok).toBe(true);
    const back = await importFile(db, { partnershipName: 'Tower Hamlets', files: [out, contractsCsvPath(out)], now });
    expect(back.ok, back.ok ? '' : back.error.message).toBe(true);
    if (!back.ok) return;
    expect(back.value.changes).toEqual([]);
    expect(back.value.counts.actions.unchanged).toBe(156);
    expect(back.value.counts.contracts.unchanged).toBe(5);
  });

  it('XLSX round trip: sheets Actions, Contracts, Agencies with real dates; same register in the same and in a fresh partnership', async () => {
    const out = path.join(tmp, 'board.xlsx');
    const r = await exportRegister(db.prisma, demoId, { out });
    expect(r.ok).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Actions', 'Contracts', 'Agencies', 'People']);
    const actions = wb.getWorksheet('Actions')!;
    expect(actions.rowCount).toBe(157);
    const dueCol = ACTION_HEADINGS.indexOf('Due') + 1;
    const dates: unknown[] = [];
    actions.eachRow((row, n) => { if (n > 1 && row.getCell(dueCol).value) dates.push(row.getCell(dueCol).value); });
    expect(dates.length).toBeGreaterThan(100);
    expect(dates.every((d) => d instanceof Date)).toBe(true);

    const same = await importFile(db, { partnershipName: 'Tower Hamlets', file: out, now });
    expect(same.ok, same.ok ? '' : same.error.message).toBe(true);
    if (same.ok) expect(same.value.changes).toEqual([]);

    const fresh = await importFile(db, { partnershipName: 'Round Trip', file: out, now });
    expect(fresh.ok, fresh.ok ? '' : fresh.error.message).toBe(true);
    if (!fresh.ok) return;
    expect(fresh.value.counts.agencies.created).toBe(41);
    expect(fresh.value.counts.actions.created).toBe(156);
    expect(fresh.value.counts.contracts.created).toBe(5);
    const a = await comparable(demoId);
    const b = await comparable(fresh.value.partnershipId);
    expect(b.actions).toBe(a.actions);
    expect(b.contracts).toBe(a.contracts);
    expect(b.agencies).toBe(a.agencies);
  });
});

describe('cdp import / cdp export verbs', () => {
  const run = async (args: string[]) => {
    const out: string[] = [];
    const errs: string[] = [];
    const io: CliIO = { out: (t) => out.push(t), err: (t) => errs.push(t), readStdin: async () => undefined, isTTY: false, cwd: tmp };
    const ctx: CliContext = { io, withRuntime: (fn) => fn({ db, io, now: () => now } as unknown as Runtime) };
    const program = new Command('cdp').exitOverride();
    importVerb.register(program, ctx);
    exportVerb.register(program, ctx);
    try {
      await program.parseAsync(args, { from: 'user' });
      return { code: 0, out: out.join('\n'), err: errs.join('\n') };
    } catch (e) {
      if (e instanceof CliError) return { code: e.exitCode, out: out.join('\n'), err: e.message };
      throw e;
    }
  };

  it('export to stdout, to a file (paths relative to the working directory), and re-import with --dry-run', async () => {
    const stdout = await run(['export', '--partnership', 'Tower Hamlets']);
    expect(stdout.code).toBe(0);
    expect(stdout.out.split('\n')).toHaveLength(157);
    const file = await run(['export', '--partnership', 'Tower Hamlets', '--format', 'xlsx', '--out', 'pack.xlsx']);
    expect(file.out).toMatch(/Exported 156 actions and 5 contracts of "Tower Hamlets" to .*pack.xlsx/);
    const dry = await run(['import', 'pack.xlsx', '--partnership', 'Tower Hamlets', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/Dry run for "Tower Hamlets": nothing was written/);
    expect(dry.out).toMatch(/No changes/);
    const xlsxNoOut = await run(['export', '--partnership', 'Tower Hamlets', '--format', 'xlsx']);
    expect(xlsxNoOut).toMatchObject({ code: 1, err: expect.stringMatching(/needs a file/) });
  });

  it('a refused import exits 1 with every bad row listed', async () => {
    const r = await run(['import', path.resolve('test/fixtures/import/bad-date.csv'), '--partnership', 'Tower Hamlets']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Nothing was imported: 2 rows have problems/);
    expect(r.err).toMatch(/line 3, column due/);
  });
});
