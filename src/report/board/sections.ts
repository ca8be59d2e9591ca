// Extension point: sections other features add to the board pack, after the contracts.
// A section is a heading, an optional paragraph, an optional server-rendered SVG chart and an
// optional table; the XLSX gets the table as its own sheet, the HTML gets all of it. Every
// builder runs on each `cdp report board`; one that has nothing to show returns null.
//
// METRICS: the performance-management feature (SPEC §10, issue 16) adds its "Metrics" section
// by pushing a builder onto BOARD_EXTRA_SECTIONS (e.g. in src/metrics/board-section.ts,
// imported from src/report/board/index.ts) — nothing else in the board pack needs to change.
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { BoardPack } from './pack.js';

export type SectionCell = string | number | Date | null;

export interface BoardSectionTable {
  headings: string[];
  rows: SectionCell[][];
  /** Column indexes holding dates (XLSX date cells, dd/mm/yyyy) and money (£). */
  dateColumns?: number[];
  moneyColumns?: number[];
}

export interface BoardSection {
  /** Short id, also the XLSX sheet name (≤ 31 chars), e.g. "Metrics". */
  id: string;
  title: string;
  intro?: string;
  /** A chart as an SVG string (see renderSvg in ./charts.ts). */
  svg?: string;
  table?: BoardSectionTable;
}

export interface BoardSectionContext {
  prisma: PrismaClient;
  partnershipId: string;
  now: Date;
  pack: BoardPack;
}

export type BoardSectionBuilder = (ctx: BoardSectionContext) => Promise<BoardSection | null>;

/** Builders of the sections after Contracts, in order. Metrics (issue 16) goes here. */
export const BOARD_EXTRA_SECTIONS: BoardSectionBuilder[] = [];

export async function buildExtraSections(ctx: BoardSectionContext, builders: readonly BoardSectionBuilder[] = BOARD_EXTRA_SECTIONS): Promise<BoardSection[]> {
  const out: BoardSection[] = [];
  for (const build of builders) {
    const s = await build(ctx);
    if (s) out.push(s);
  }
  return out;
}
