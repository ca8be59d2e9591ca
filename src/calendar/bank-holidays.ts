// Bank holidays in England and Wales, 2024–2030.
//
// Source: generated with the `date-holidays` package (3.37.0), country GB, region ENG,
// holidays of type 'public' or 'bank' only:
//   new Holidays('GB', 'ENG').getHolidays(year).filter(h => h.type === 'public' || h.type === 'bank')
// and checked against GOV.UK's published list (https://www.gov.uk/bank-holidays) for 2024–2026,
// including substitute days (e.g. 28 Dec 2026 for Boxing Day on a Saturday). One-off holidays
// announced later (a coronation, a jubilee) must be added here by hand. Outside the table's years
// the same library is asked at run time (see isBankHoliday), so the bot never silently treats a
// 2031 Christmas as a working day.
import { createRequire } from 'node:module';
import type HolidaysType from 'date-holidays';

// Loaded only for years outside the table (it costs ~28 MB of memory).
const loadHolidays = (): typeof HolidaysType => createRequire(import.meta.url)('date-holidays') as typeof HolidaysType;

export const BANK_HOLIDAYS_SOURCE =
  'date-holidays 3.37.0 (GB, region ENG, public/bank) checked against gov.uk/bank-holidays';

export const BANK_HOLIDAYS_ENGLAND_WALES: Readonly<Record<number, readonly string[]>> = {
  2024: ['2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26'],
  2025: ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26'],
  2026: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-26', '2026-12-28'],
  2027: ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-25', '2027-12-26', '2027-12-27', '2027-12-28'],
  2028: ['2028-01-01', '2028-01-03', '2028-04-14', '2028-04-17', '2028-05-01', '2028-05-29', '2028-08-28', '2028-12-25', '2028-12-26'],
  2029: ['2029-01-01', '2029-03-30', '2029-04-02', '2029-05-07', '2029-05-28', '2029-08-27', '2029-12-25', '2029-12-26'],
  2030: ['2030-01-01', '2030-04-19', '2030-04-22', '2030-05-06', '2030-05-27', '2030-08-26', '2030-12-25', '2030-12-26'],
};

const TABLE = new Set(Object.values(BANK_HOLIDAYS_ENGLAND_WALES).flat());
const computed = new Map<number, Set<string>>();

function holidaysFromLibrary(year: number): Set<string> {
  let set = computed.get(year);
  if (!set) {
    const Holidays = loadHolidays();
    const hd = new Holidays('GB', 'ENG');
    set = new Set(
      hd
        .getHolidays(year)
        .filter((h) => h.type === 'public' || h.type === 'bank')
        .map((h) => h.date.slice(0, 10)),
    );
    computed.set(year, set);
  }
  return set;
}

/** True when the ISO date (YYYY-MM-DD) is a bank holiday in England and Wales. */
export function isBankHoliday(isoDate: string): boolean {
  const year = Number(isoDate.slice(0, 4));
  if (BANK_HOLIDAYS_ENGLAND_WALES[year]) return TABLE.has(isoDate);
  return holidaysFromLibrary(year).has(isoDate);
}
