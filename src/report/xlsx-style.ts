// Cell formats shared by every workbook the bot writes (`cdp export`, the board pack): UK dates
// as real date cells shown dd/mm/yyyy, money as numbers shown in pounds, status cells filled
// from the one status palette (src/message/palette.ts).
import type ExcelJS from 'exceljs';
import { argb, OVERDUE_COLOURS, STATUS_PALETTE } from '../message/palette.js';
import { STATUS_INFO, type ActionStatus } from '../register/status.js';

export const UK_DATE_FORMAT = 'dd/mm/yyyy';
export const GBP_FORMAT = '"£"#,##0.00';
export const PERCENT_FORMAT = '0%';

/** Writes the status label into `cell`, filled and coloured as the palette says. */
export function statusCell(cell: ExcelJS.Cell, status: ActionStatus): void {
  const p = STATUS_PALETTE[status];
  cell.value = STATUS_INFO[status].label;
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(p.fill) } };
  cell.font = { ...(cell.font ?? {}), color: { argb: argb(p.ink) }, bold: true };
}

/** Marks a cell as overdue (red fill, dark red text). */
export function overdueCell(cell: ExcelJS.Cell): void {
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(OVERDUE_COLOURS.fill) } };
  cell.font = { ...(cell.font ?? {}), color: { argb: argb(OVERDUE_COLOURS.ink) }, bold: true };
}
