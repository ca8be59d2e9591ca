// Dates of birth: a date in any common format ("12/03/1985", "12-Mar-1985", "12 mar 85",
// "June 3rd, 1994", "1985-03-12", "19850312", a bare year) written right after "DOB",
// "d.o.b.", "date of birth", "birth date" or "b.", or after "born" when the date is at least
// ten years back (so "the scheme was born 01/04/2022" and "born 2025 babies" pass). A meeting
// date with no such word is never a date of birth.
import { excerpt } from './normalise.js';
import type { PersonalDataFinding } from './types.js';

const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const ORD = '(?:st|nd|rd|th)?';
// Each alternative captures the year as typed in a group named y1…y6.
const DATE = [
  String.raw`\d{1,2}\s?[\/.\-]\s?\d{1,2}\s?[\/.\-]\s?(?<y1>\d{4}|\d{2})(?!\d)`,
  String.raw`(?<y2>\d{4})\s?[\-\/.]\s?\d{1,2}\s?[\-\/.]\s?\d{1,2}(?!\d)`,
  String.raw`\d{1,2}${ORD}[\s\-]+(?:of\s+)?(?:${MONTHS})\.?,?[\s\-]+(?<y3>\d{4}|\d{2})(?!\d)`,
  String.raw`(?:${MONTHS})\.?\s+\d{1,2}${ORD},?\s+(?<y4>\d{4})(?!\d)`,
  String.raw`(?<y5>(?:19|20)\d{2})(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)`,
  String.raw`(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?<y6>(?:19|20)\d{2})(?!\d)`,
  String.raw`(?:${MONTHS})\.?[\s\-]+(?<y7>(?:19|20)\d{2})(?!\d)`,
  String.raw`(?<y8>(?:19|20)\d{2})(?![\d\/.\-])`,
].map((s) => `(?:${s})`).join('|');

const DOB_WORD = String.raw`(?:\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth\b|\bbirth\s?date\b|(?<![a-z])b\.(?=\s*\d))`;
const BORN_WORD = String.raw`\bborn\b(?!-)`;
// Between the word and the date: punctuation and at most a little glue ("is", "of", "on", "in").
const GLUE = String.raw`[\s:.,;=\-–—(]*(?:(?:is|was|of|on|in)\s+)?`;
const DOB_DATE = new RegExp(`${DOB_WORD}${GLUE}(?:${DATE})`, 'gi');
const BORN_DATE = new RegExp(`${BORN_WORD}${GLUE}(?:${DATE})`, 'gi');

function yearOf(m: RegExpMatchArray): number | undefined {
  const g = m.groups ?? {};
  const y = Object.values(g).find((v) => v !== undefined);
  if (y === undefined) return undefined;
  const n = Number(y);
  return y.length === 2 ? undefined : n;
}

const finding = (m: RegExpMatchArray): PersonalDataFinding => ({
  kind: 'date_of_birth',
  what: 'a date of birth',
  excerpt: excerpt(m[0]),
  instead: 'give an age band instead of the date, e.g. "a man in his 30s" or "under 18"',
});

// Cheap test first: most text has none of the words.
const ANY_WORD = /d\.?\s?o\.?\s?b|birth|born|(?<![a-z])b\./i;

export function findDateOfBirth(text: string, now?: Date): PersonalDataFinding | undefined {
  if (!ANY_WORD.test(text)) return undefined;
  for (const m of text.matchAll(DOB_DATE)) return finding(m);
  const limitYear = now ? now.getUTCFullYear() - 10 : undefined;
  for (const m of text.matchAll(BORN_DATE)) {
    const y = yearOf(m);
    // A two-digit year next to "born" is a birth date; a four-digit one must be ten years back.
    if (limitYear === undefined || y === undefined || y <= limitYear) return finding(m);
  }
  return undefined;
}
