// `cdp report quarter`: the quarterly performance report (SPEC §10) as XLSX or HTML.
import fs from 'node:fs/promises';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { trendSvg } from '../../metrics/chart.js';
import type { Period } from '../../metrics/period.js';
import { loadQuarterReport, type QuarterReport } from './data.js';
import { quarterHtml } from './html.js';
import { quarterWorkbook } from './xlsx.js';

export { loadQuarterReport, type QuarterReport } from './data.js';

export type QuarterFormat = 'xlsx' | 'html';

/** The report in the format asked for (HTML with its trend charts). */
export async function renderQuarterReport(r: QuarterReport, format: QuarterFormat): Promise<Buffer> {
  if (format === 'xlsx') return quarterWorkbook(r);
  const chartsSvg = await trendSvg(r.metrics.filter((m) => m.headline || m.rag).map((m) => ({ code: m.code, unit: m.unit, periods: m.periods })));
  return Buffer.from(quarterHtml(r, { chartsSvg }), 'utf8');
}

export async function writeQuarterReport(prisma: PrismaClient, args: { partnershipId: string; quarter: Period; now: Date; format: QuarterFormat; out: string }): Promise<QuarterReport> {
  const report = await loadQuarterReport(prisma, args.partnershipId, args.quarter, args.now);
  await fs.writeFile(args.out, await renderQuarterReport(report, args.format));
  return report;
}
