// `cdp people import` / `cdp people list` (issue 3 item 7): name, email, agency, roles with
// the register import's all-or-nothing, line-numbered errors; re-import changes nothing.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError, type CliContext, type CliIO, type Runtime } from '../src/cli/context.js';
import * as peopleVerb from '../src/cli/verbs/people.js';
import { importFile } from '../src/register/import/index.js';
import { importPeople, listPeople } from '../src/register/people-import.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';

const now = new Date('2026-11-22T10:00:00Z');
const FIX = path.resolve('test/fixtures/import');
const SEED = path.resolve('prisma/seed');
let db: TestDatabase;
let pid: string;
let tmp: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cdp-people-'));
  const r = await importFile(db, {
    partnershipName: 'Tower Hamlets',
    files: [path.join(SEED, 'tower-hamlets-agencies.csv'), path.join(SEED, 'tower-hamlets-2024-25-actions.csv')],
    now,
  });
  if (!r.ok) throw new Error(r.error.message);
  pid = r.value.partnershipId;
});
afterAll(async () => {
  await db?.drop();
  await fs.rm(tmp, { recursive: true, force: true });
});

async function run(args: string[]) {
  const out: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => out.push(t), readStdin: async () => undefined, isTTY: false, cwd: process.cwd() };
  const ctx: CliContext = { io, withRuntime: (fn) => fn({ db, io, now: () => now } as unknown as Runtime) };
  const program = new Command('cdp').exitOverride();
  peopleVerb.register(program, ctx);
  try {
    await program.parseAsync(args, { from: 'user' });
    return { code: 0, out: out.join('\n') };
  } catch (e) {
    if (e instanceof CliError) return { code: e.exitCode, out: e.message };
    throw e;
  }
}

describe('people import', () => {
  it('imports people with agencies (by alias) and roles, emails lower-cased', async () => {
    const r = await importPeople(db, { file: path.join(FIX, 'people.csv'), now });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    expect(r.value.counts.people).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const people = await listPeople(db.prisma, pid);
    expect(people).toEqual([
      { name: 'Jo Bloggs', email: 'jo.bloggs@example.org', agencies: ['Metropolitan Police Service'], roles: ['admin'], chatAccounts: [], preferredChannel: null },
      { name: 'Sam Smith', email: 'sam@example.org', agencies: ['RESET', 'Turning Point'], roles: ['chair: Deliver a world-class treatment and recovery system', 'commissioner'], chatAccounts: [], preferredChannel: null },
    ]);
  });

  it('re-importing the same file changes nothing; an edited one reports the changes', async () => {
    const again = await importPeople(db, { file: path.join(FIX, 'people.csv'), now });
    expect(again.ok && again.value.changes).toEqual([]);
    const text = (await fs.readFile(path.join(FIX, 'people.csv'), 'utf8')).replace('Jo Bloggs,Jo.Bloggs@Example.org,MPS,admin', 'Jo Bloggs-Smith,jo.bloggs@example.org,Probation,admin; chair: break drug supply chains');
    const f = path.join(tmp, 'people-2.csv');
    await fs.writeFile(f, text);
    const r = await importPeople(db, { file: f, now });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.changes).toEqual([{ kind: 'person', key: 'jo.bloggs@example.org', change: 'updated', fields: [
      { field: 'name', from: 'Jo Bloggs', to: 'Jo Bloggs-Smith' },
      { field: 'agencies', from: 'Metropolitan Police Service', to: 'Probation Service' },
      { field: 'roles', from: 'admin', to: 'admin; chair: Break drug supply chains' },
    ] }]);
  });

  it('refuses a file with bad rows whole, every problem listed by line and column', async () => {
    const before = await db.prisma.person.count();
    const r = await importPeople(db, { file: path.join(FIX, 'people-bad.csv'), now });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(/line 2, column email: "not-an-email" is not an email address/);
    expect(r.error.message).toMatch(/line 3, column agency: unknown agency "Nobody Agency"/);
    expect(r.error.message).toMatch(/line 3, column roles: no subgroup "astronomy"; subgroups: /);
    expect(r.error.message).toMatch(/line 4, column email: sam@example.org is listed twice \(also on line 3\)/);
    expect(r.error.message).toMatch(/line 4, column roles: "emperor" is not a role; accepted: admin, commissioner, chair: <subgroup>/);
    expect(await db.prisma.person.count()).toBe(before);
  });

  it('refuses a file that is not a people file, naming the columns it needs', async () => {
    const r = await importPeople(db, { file: path.join(SEED, 'tower-hamlets-agencies.csv'), now });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/a people file needs columns "name", "email"/);
  });

  it('reads XLSX people files', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('People');
    ws.addRow(['Team contacts']);
    ws.addRow(['Full name', 'E-mail', 'Organisation', 'Role']);
    ws.addRow(['Kim Lee', 'kim.lee@example.org', 'ELFT', 'commissioner']);
    const f = path.join(tmp, 'people.xlsx');
    await wb.xlsx.writeFile(f);
    const r = await importPeople(db, { file: f, now });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    const kim = (await listPeople(db.prisma, pid)).find((p) => p.email === 'kim.lee@example.org');
    expect(kim).toMatchObject({ agencies: ['East London Foundation Trust'], roles: ['commissioner'] });
  });

  it('cdp people list shows a table; cdp people import reports errors with exit code 1', async () => {
    const list = await run(['people', 'list']);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/Name\s+Email\s+Agencies\s+Roles\s+Chat accounts/);
    expect(list.out).toMatch(/Kim Lee\s+kim.lee@example.org\s+East London Foundation Trust\s+commissioner\s+\(not linked\)/);
    const bad = await run(['people', 'import', path.join(FIX, 'people-bad.csv')]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/Nothing was imported/);
  });
});
