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
