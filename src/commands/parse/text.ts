// Small text helpers for the parser: words with positions, quotes, safe echoes of user input.
import { stripControl } from '../hygiene.js';

export interface Word {
  text: string;
  start: number;
  end: number;
}

/** The whitespace-separated words of s, with their positions (so the rest can be kept as typed). */
export function words(s: string, limit = 64): Word[] {
  const out: Word[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) && out.length < limit) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** The text after word i (trimmed), as typed. */
export const restAfter = (s: string, w: Word | undefined): string => (w ? s.slice(w.end) : s).trim();

const QUOTE_PAIRS: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’', '«': '»', '„': '“', '”': '”' };

/** Removes one pair of matching quotes around the whole text ("…", '…', “…”); otherwise returns it unchanged. */
export function unquote(s: string): string {
  const t = s.trim();
  if (t.length < 2) return t;
  const close = QUOTE_PAIRS[t[0]!];
  if (close && t.endsWith(close)) return t.slice(1, -1).trim();
  return t;
}

/** True when the text starts with an opening quote. */
export const startsQuoted = (s: string): boolean => /^["'“‘«„”]/.test(s.trim());

/** User input shown back in a message: control characters removed, one line, at most n characters. */
export function shown(s: string, n = 40): string {
  const one = stripControl(s).replace(/\s+/g, ' ').trim();
  const chars = [...one];
  return chars.length > n ? `${chars.slice(0, n - 1).join('')}…` : one;
}
