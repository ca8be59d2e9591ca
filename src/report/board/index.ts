// `cdp report board` and chat `report`: load the register, build the board pack (pure), render
// it as XLSX, HTML (with SVG charts) or PDF (that HTML printed by Chromium), and record the run
// so the next pack's "changes since the last board" starts where this one ended.
import type { PrismaClient } from '../../generated/prisma/client.js';
import { domainError, err, ok, type Result } from '../../result.js';
import { renderBoardCharts } from './charts.js';
import { loadBoardData } from './data.js';
import { boardPackHtml } from './html.js';
import { buildBoardPack, type BoardPack } from './pack.js';
import { htmlToPdf } from './pdf.js';
import { BOARD_EXTRA_SECTIONS, buildExtraSections, type BoardSectionBuilder } from './sections.js';
import { boardPackXlsx } from './xlsx.js';

export { buildBoardPack, financialQuarter, isOverdue, type BoardPack } from './pack.js';
export { loadBoardData } from './data.js';
export { BOARD_EXTRA_SECTIONS, type BoardSection, type BoardSectionBuilder } from './sections.js';
export { boardSummaryMessage } from './message.js';

export const BOARD_FORMATS = ['xlsx', 'html', 'pdf'] as const;
export type BoardFormat = (typeof BOARD_FORMATS)[number];

export const BOARD_MIME: Record<BoardFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
};

export interface BoardReportArgs {
  partnershipId: string;
  now: Date;
  /** Start of "changes since the last board"; default: the previous recorded run, else 3 months back. */
  since?: Date;
  format: BoardFormat;
  /** Who asked (recorded with the run). */
  personId?: string;
  /**
   * The run is recorded under this kind: "board" (default; the next pack's changes count from
   * it) or "chat" (a summary asked for in chat: recorded, but does not move "since the last board").
   */
  kind?: 'board' | 'chat';
  chromiumPath?: string;
  sections?: readonly BoardSectionBuilder[];
}

export interface BoardReportOutput {
  pack: BoardPack;
  format: BoardFormat;
  bytes: Buffer;
  filename: string;
  mimeType: string;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'partnership';

export function boardFileName(pack: BoardPack, format: BoardFormat): string {
  return `board-pack-${slug(pack.data.partnership.name)}-${pack.data.today}.${format}`;
}

export async function makeBoardReport(prisma: PrismaClient, args: BoardReportArgs): Promise<Result<BoardReportOutput>> {
  if (!BOARD_FORMATS.includes(args.format)) {
    return err(domainError('bad_format', `Unknown format "${String(args.format)}".`, 'Use --format xlsx, html or pdf.'));
  }
  if (args.since && args.since.getTime() > args.now.getTime()) {
    return err(domainError('bad_since', 'The --since date is after today.', 'Give the date of the last board meeting, e.g. --since 14/01/2027.'));
  }
  const data = await loadBoardData(prisma, { partnershipId: args.partnershipId, now: args.now, ...(args.since ? { since: args.since } : {}) });
  const pack = buildBoardPack(data);
  const extra = await buildExtraSections({ prisma, partnershipId: args.partnershipId, now: args.now, pack }, args.sections ?? BOARD_EXTRA_SECTIONS);
  let bytes: Buffer;
  if (args.format === 'xlsx') {
    bytes = await boardPackXlsx(pack, extra);
  } else {
    const html = boardPackHtml(pack, await renderBoardCharts(pack), extra);
    if (args.format === 'html') bytes = Buffer.from(html, 'utf8');
    else {
      const pdf = await htmlToPdf(html, args.chromiumPath ? { chromiumPath: args.chromiumPath } : {});
      if (!pdf.ok) return pdf;
      bytes = pdf.value;
    }
  }
  await prisma.reportRun.create({
    data: { partnershipId: args.partnershipId, kind: args.kind ?? 'board', format: args.format, since: data.since, until: args.now, personId: args.personId ?? null },
  });
  return ok({ pack, format: args.format, bytes, filename: boardFileName(pack, args.format), mimeType: BOARD_MIME[args.format] });
}
