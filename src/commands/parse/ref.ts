// Action and contract references: TRS-07, trs-07, TRS07, "TRS 07", C-01, c1.
// Normalised to upper-case letters, a dash, and the digits as typed (TRS07 → TRS-07, c1 → C-1).
// The handler matches the result against the register (and suggests the nearest ref).
import type { Word } from './text.js';

const REF_RE = /^([A-Za-z]{1,8})[-_.\u2010-\u2013]?(\d{1,5})$/;

/** The normalised ref for one token, or undefined when it is not shaped like one. */
export function normaliseRef(token: string): string | undefined {
  const t = token.replace(/[.,;:!?)]+$/, '');
  const m = REF_RE.exec(t);
  if (!m) return undefined;
  return `${m[1]!.toUpperCase()}-${m[2]}`;
}

/** A ref at word i: one token ("TRS-07") or two ("TRS 07"). Returns the ref and the last word used. */
export function takeRef(ws: Word[], i: number): { ref: string; last: Word } | undefined {
  const w = ws[i];
  if (!w) return undefined;
  const one = normaliseRef(w.text);
  if (one) return { ref: one, last: w };
  const next = ws[i + 1];
  if (next && /^[A-Za-z]{1,8}$/.test(w.text) && /^\d{1,5}[.,;:]?$/.test(next.text)) {
    return { ref: `${w.text.toUpperCase()}-${next.text.replace(/[.,;:]$/, '')}`, last: next };
  }
  return undefined;
}
