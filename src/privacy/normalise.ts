// The text the personal-data guard looks at: NFKC (fullwidth digits become 0-9, a no-break
// space a space, ligatures letters), with zero-width and bidi control characters removed, so
// "943\u200B476\u200B5919" or digits pasted from a form read as what a person sees.
// Only for detection: what is stored is the user's text (cleanNote keeps emoji sequences whole).

// Zero-width space/non-joiner/joiner, word joiner, invisible operators, BOM, soft hyphen,
// Mongolian vowel separator; bidi marks, embeddings, overrides and isolates; Arabic letter mark.
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2064\u2066-\u2069\u061C\uFEFF]/g;

/** NFKC, invisible characters removed, every run of spaces/tabs one space. */
export function normaliseForGuard(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').replace(/[ \t\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ');
}

/** A short, one-line quotation of what matched, for the refusal message. */
export function excerpt(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 40 ? `${one.slice(0, 39)}…` : one;
}

/** `count` characters of `text` before `index` (for context words). */
export const before = (text: string, index: number, count: number): string => text.slice(Math.max(0, index - count), index);
/** `count` characters of `text` after `end`. */
export const after = (text: string, end: number, count: number): string => text.slice(end, end + count);
