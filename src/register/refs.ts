// Ref matching shared by actions and contracts: "trs-7" finds TRS-07; a mistyped ref gets the
// nearest refs of the partnership by edit distance ("Did you mean TRS-07?").
import { distance } from 'fastest-levenshtein';

/** Canonical comparison key: upper case, no separators, numbers without leading zeros (TRS-07 → TRS7). */
export function refKey(ref: string): string {
  const up = ref.trim().toUpperCase().replace(/[\s_\-.]+/g, '');
  return up.replace(/\d+/g, (n) => String(Number(n)));
}

/** The stored ref that means the same as `typed` (case, dashes, leading zeros ignored), if any. */
export function matchRef(typed: string, refs: readonly string[]): string | undefined {
  const up = typed.trim().toUpperCase();
  if (refs.includes(up)) return up;
  const key = refKey(typed);
  return refs.find((r) => refKey(r) === key);
}

/** Up to `max` refs nearest (only the closest ones) to the typed one (edit distance ≤ 2 on the upper-cased text or the key). */
export function suggestRefs(typed: string, refs: readonly string[], max = 3): string[] {
  const up = typed.trim().toUpperCase();
  const key = refKey(typed);
  const scored = refs
    .map((r) => ({ r, d: Math.min(distance(up, r), distance(key, refKey(r))) }))
    .filter((x) => x.d <= 2)
    .sort((a, b) => a.d - b.d || a.r.localeCompare(b.r));
  const best = scored[0]?.d;
  return scored.filter((x) => x.d === best).slice(0, max).map((x) => x.r);
}

/** "Did you mean TRS-07?" / "Did you mean TRS-07 or TRS-01?" / "" */
export function didYouMean(suggestions: string[]): string {
  if (suggestions.length === 0) return '';
  if (suggestions.length === 1) return ` Did you mean ${suggestions[0]}?`;
  return ` Did you mean ${suggestions.slice(0, -1).join(', ')} or ${suggestions[suggestions.length - 1]}?`;
}

/** What a typed ref may look like before we look it up (letters, digits, dash, dot, underscore; 1–40 chars). */
export const PLAUSIBLE_REF = /^[A-Za-z0-9][A-Za-z0-9 _.\-]{0,39}$/;

/** The typed ref as it is safe to show and to query: control characters removed, trimmed, at most 40 characters. */
export function shownRef(ref: string): string {
  const clean = ref.replace(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, '').trim().toUpperCase();
  return clean.length > 40 ? `${clean.slice(0, 39)}…` : clean;
}
