// Agency names as plans write them: resolved through each agency's name and aliases
// (lower case, collapsed whitespace, '&' ≈ 'and', straight quotes), several to a cell
// (separated by ';', line breaks or commas — the longest known name wins, so a name that
// itself contains a comma is still found). Unknown names get the nearest known one.
import { closest, distance } from 'fastest-levenshtein';

export function normalizeAgency(name: string): string {
  return name
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b\u2032`]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/&/g, ' and ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,.;:-]+|[\s,.;:-]+$/g, '')
    .trim();
}

export interface AgencyRef {
  /** The agency's canonical name (its key in the import plan). */
  name: string;
}

export class AgencyIndex {
  private byKey = new Map<string, string>();
  private display = new Map<string, string>();

  /** Adds an agency name and its aliases. Returns the keys that already belonged to another agency. */
  add(name: string, aliases: string[] = []): { key: string; owner: string; text: string }[] {
    const clashes: { key: string; owner: string; text: string }[] = [];
    for (const text of [name, ...aliases]) {
      const key = normalizeAgency(text);
      if (!key) continue;
      const owner = this.byKey.get(key);
      if (owner !== undefined && owner !== name) {
        clashes.push({ key, owner, text });
        continue;
      }
      this.byKey.set(key, name);
      if (!this.display.has(key)) this.display.set(key, text.trim());
    }
    return clashes;
  }

  has(name: string): boolean {
    return this.byKey.has(normalizeAgency(name));
  }

  /** The canonical name for one agency as written, if known. */
  resolveOne(text: string): string | undefined {
    return this.byKey.get(normalizeAgency(text));
  }

  /** The nearest known name or alias to an unknown one (for "did you mean"). */
  suggest(text: string): string | undefined {
    const key = normalizeAgency(text);
    const keys = [...this.byKey.keys()];
    if (keys.length === 0 || !key) return undefined;
    // A known name that contains the text (or is contained in it) is a better hint than edit distance.
    const within = keys.filter((k) => k.length >= 3 && (key.includes(k) || k.includes(key))).sort((a, b) => b.length - a.length)[0];
    const near = closest(key, keys);
    const pick = within ?? (distance(key, near) <= Math.max(3, Math.floor(key.length / 3)) ? near : undefined);
    if (!pick) return undefined;
    const canonical = this.byKey.get(pick)!;
    const shown = this.display.get(pick)!;
    return shown === canonical ? canonical : `${shown} (${canonical})`;
  }

  /**
   * Splits a cell naming one or more agencies and resolves each. Returns the canonical
   * names in order (without repeats) and the parts that are not known agencies.
   */
  resolveList(cell: string): { names: string[]; unknown: string[] } {
    const names: string[] = [];
    const unknown: string[] = [];
    const push = (n: string) => {
      if (!names.includes(n)) names.push(n);
    };
    for (const segment of cell.split(/[;\n\r]+/)) {
      const seg = segment.trim();
      if (!seg) continue;
      const whole = this.resolveOne(seg);
      if (whole) {
        push(whole);
        continue;
      }
      const parts = seg.split(',').map((p) => p.trim());
      let i = 0;
      while (i < parts.length) {
        if (!parts[i]) {
          i++;
          continue;
        }
        let matched = false;
        // Longest run of comma-separated parts that is a known agency, starting at i.
        for (let j = parts.length; j > i; j--) {
          const candidate = parts.slice(i, j).join(', ');
          const n = this.resolveOne(candidate);
          if (n) {
            push(n);
            i = j;
            matched = true;
            break;
          }
        }
        if (!matched) {
          // " and " may join two agencies ("MPS and Probation"): only split it when both halves are known.
          const pair = splitAnd(parts[i]!, this);
          if (pair) pair.forEach(push);
          else unknown.push(parts[i]!);
          i++;
        }
      }
    }
    return { names, unknown };
  }
}

function splitAnd(text: string, idx: AgencyIndex): string[] | undefined {
  const bits = text.split(/\s+(?:and|&)\s+/i);
  if (bits.length < 2) return undefined;
  const resolved = bits.map((b) => idx.resolveOne(b));
  return resolved.every((r): r is string => !!r) ? resolved : undefined;
}
