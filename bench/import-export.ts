// 6. Import of a 2,000-row XLSX delivery plan (with a 12-row agencies file, in one import:
// the plan names its agencies) into a new partnership, then the same files again (nothing
// changes), then the board-pack export of that partnership as XLSX and as CSV.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { importFile } from '../src/register/import/index.js';
import { exportRegister } from '../src/register/export.js';
import type { BenchDb } from './support/db.js';
import { addRow, median, ms, timeRuns } from './support/report.js';

export const IMPORT_ROWS = 2000;
const AGENCIES = ['Metropolitan Police', 'Probation Service', 'Council Substance Misuse', 'NHS Trust', 'Turning Point', 'Change Grow Live', 'Public Health', 'Housing Options', 'Youth Justice Service', 'Job Centre Plus', 'Mental Health Trust', 'Recovery Community'];
const PILLARS = ['Break drug supply chains', 'Deliver a world-class treatment and recovery system', 'Achieve a generational shift in demand'];
const VERBS = ['Launch', 'Review', 'Commission', 'Expand', 'Pilot', 'Embed', 'Evaluate', 'Deliver'];
const THINGS = ['the hospital liaison pathway', 'naloxone distribution in hostels', 'drug testing on arrest', 'the prison release pathway', 'school drug education', 'needle exchange outreach', 'county lines disruption', 'peer recovery mentoring'];
const STATUSES = ['green', 'amber', 'red', 'not started', 'complete', 'ongoing', 'blocked'];

/** Writes agencies.xlsx and plan.xlsx (a title row, then headings, then `rows` actions) into dir. */
export async function writeImportFiles(dir: string, rows: number): Promise<{ agencies: string; plan: string }> {
  const agencies = path.join(dir, 'agencies.xlsx');
  const plan = path.join(dir, 'plan.xlsx');
  const wa = new ExcelJS.Workbook();
  const sa = wa.addWorksheet('Agencies');
  sa.addRow(['Name', 'Aliases', 'Kind']);
  AGENCIES.forEach((a, i) => sa.addRow([a, i === 0 ? 'MPS; Met Police' : '', i % 2 ? 'council' : 'nhs']));
  await wa.xlsx.writeFile(agencies);

  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('Delivery plan');
  s.addRow(['Bench CDP delivery plan 2026-27']);
  s.addRow([]);
  s.addRow(['Ref', 'Pillar', 'Priority', 'Objective', 'Action', 'Lead agency', 'Partner agencies', 'Target date', 'RAG', 'Progress update']);
  for (let i = 0; i < rows; i++) {
    const pillar = i % 3;
    const due = new Date(Date.UTC(2026, 3 + (i % 24), 1 + (i % 27)));
    s.addRow([
      `${['BSC', 'TRS', 'GSD'][pillar]}-${String(i + 1).padStart(4, '0')}`,
      PILLARS[pillar],
      `Priority ${pillar * 3 + (i % 3) + 1}`,
      `Objective ${pillar * 6 + (i % 6) + 1}: increase engagement`,
      `${VERBS[i % 8]} ${THINGS[(i * 3) % 8]} (work package ${i + 1})`,
      AGENCIES[i % 12],
      `${AGENCIES[(i + 3) % 12]}; ${AGENCIES[(i + 7) % 12]}`,
      i % 10 === 0 ? 'Ongoing' : due,
      STATUSES[i % 7],
      i % 4 === 0 ? '' : `Update ${i}: provider mobilised, first referrals received`,
    ]);
  }
  await wb.xlsx.writeFile(plan);
  return { agencies, plan };
}

export async function benchImportExport(db: BenchDb, now: Date): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cdp-bench-import-'));
  try {
    const files = await writeImportFiles(dir, IMPORT_ROWS);
    const name = `Bench import ${db.kind}`;
    const t = performance.now();
    const r = await importFile(db, { partnershipName: name, files: [files.agencies, files.plan], now });
    const firstMs = performance.now() - t;
    if (!r.ok) throw new Error(`import refused: ${r.error.message}\n${(r.error.problems ?? []).slice(0, 5).map((p) => JSON.stringify(p)).join('\n')}`);
    const again = await timeRuns(2, async () => {
      const r2 = await importFile(db, { partnershipName: name, files: [files.agencies, files.plan], now });
      if (!r2.ok) throw new Error(`re-import refused: ${r2.error.message}`);
    }, 0);
    const p = await db.prisma.partnership.findUniqueOrThrow({ where: { name } });
    const count = await db.prisma.action.count({ where: { partnershipId: p.id } });
    if (count !== IMPORT_ROWS) throw new Error(`import created ${count} actions, expected ${IMPORT_ROWS}`);
    addRow({
      measure: `6 Import ${IMPORT_ROWS}-row XLSX (new partnership)`,
      db: db.kind,
      value: ms(firstMs),
      baseline: `re-import, no change: ${ms(median(again))}`,
      target: '< 3 s',
      met: firstMs < 3000,
    });
    const xlsx = await timeRuns(3, async () => {
      const e = await exportRegister(db.prisma, p.id, { format: 'xlsx', out: path.join(dir, 'out.xlsx') });
      if (!e.ok) throw new Error(e.error.message);
    }, 1);
    const csv = await timeRuns(3, async () => {
      const e = await exportRegister(db.prisma, p.id, { format: 'csv', out: path.join(dir, 'out.csv') });
      if (!e.ok) throw new Error(e.error.message);
    }, 1);
    addRow({ measure: `6 Export ${IMPORT_ROWS} actions (board pack)`, db: db.kind, value: `XLSX ${ms(median(xlsx))}`, baseline: `CSV ${ms(median(csv))}`, target: '', met: null });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
