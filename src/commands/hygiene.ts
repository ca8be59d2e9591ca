// Input hygiene for free text that gets stored (notes, reasons) — SPEC §8.
//
// cleanNote(text) → Result<string>:
//   1. normalises line endings (CRLF / CR → LF), removes control characters except newline
//      and tab, removes bidi override/isolate characters and unpaired surrogates;
//   2. trims;
//   3. refuses text over NOTE_LIMIT (2,000) characters, saying the length — it never cuts;
//   4. refuses text that looks like a service user's personal data (src/privacy/guard.ts: NHS
//      numbers, dates of birth, named service users, home addresses, personal emails and
//      phones), saying what looked personal and how to say it anonymously, BEFORE anything is
//      stored: the register is about actions, not about people.
// Pure: the only clock is the optional `now` (used by the "born <date>" rule).
import { containsPersonalData, describeFinding } from '../privacy/guard.js';
import { err, ok, type DomainError, type Result } from '../result.js';

// The guard itself lives in src/privacy/; these names stay importable from here.
export { containsPersonalData, isValidNhsNumber, type PersonalDataFinding } from '../privacy/guard.js';

export const NOTE_LIMIT = 2000;

// C0 controls except \t (09) and \n (0A); DEL and C1 controls.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// Bidi embeddings/overrides/isolates (used to disguise text); the BOM / zero-width no-break space.
const BIDI = /[\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes characters that must never be stored or echoed: control chars (keeps \n, \t), bidi overrides, lone surrogates. */
export function stripControl(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(BIDI, '')
    .replace(LONE_SURROGATE, '');
}

/** Length in characters as a person counts them (code points, so an emoji is one). */
export const charCount = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

const fmt = (n: number) => n.toLocaleString('en-GB');

export interface HygieneOptions {
  /** Today, for the "born <date>" rule (dates at least 10 years back). Without it every date near "born" counts. */
  now?: Date;
  /** What the text is, for messages: "note" (default) or "reason". */
  what?: string;
}

/** Cleans a note for storing, or refuses it with a reason (too long, personal data). */
export function cleanNote(text: string, opts: HygieneOptions = {}): Result<string> {
  const what = opts.what ?? 'note';
  const cleaned = stripControl(text).trim();
  const length = charCount(cleaned);
  if (length > NOTE_LIMIT) {
    return err({
      code: 'too_long',
      message: `Your ${what} is ${fmt(length)} characters long; a ${what} can be at most ${fmt(NOTE_LIMIT)} characters. Nothing was saved.`,
      hint: `Shorten it (by ${fmt(length - NOTE_LIMIT)} characters or more), or split it over two updates.`,
    });
  }
  const pd = containsPersonalData(cleaned, opts);
  if (pd) return err({ code: 'personal_data', ...describeFinding(pd, what) });
  return ok(cleaned);
}

/** The same check as a DomainError, for callers that only need the refusal. */
export function personalDataError(text: string, opts: HygieneOptions = {}): DomainError | undefined {
  const r = cleanNote(text, opts);
  return r.ok ? undefined : r.error;
}
