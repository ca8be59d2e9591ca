// Reading a status reply right (SPEC §10 "Reading people right"), shared by `update`, thread
// replies and Teams replies without a ref:
//   - the status and note come from ./leading.ts (a status word counts only at the start);
//   - a first word that looks like a misspelt status ("ambr", "gren", "compelte", "on trak")
//     is answered with "did you mean …?" and nothing is saved;
//   - off track, blocked and cancelled need a reason (the mitigation, or why it was dropped);
//     at risk is accepted without one, and the reply asks for it (REASON_ASKED).
import { distance } from 'fastest-levenshtein';
import { STATUS_INFO, STATUS_PHRASES, type ActionStatus } from '../../register/status.js';
import { parseStatus, parseStatusAndNote, phraseEnds, WEAK, WEAK_AFTER } from './leading.js';
import { shown, startsQuoted } from './text.js';

/** Statuses that are refused without a note saying why (and what is being done about it). */
export const REASON_REQUIRED: ReadonlySet<ActionStatus> = new Set(['off_track', 'blocked', 'cancelled']);
/** Statuses accepted without a note, whose reply asks for one. */
export const REASON_ASKED: ReadonlySet<ActionStatus> = new Set(['at_risk']);

/** Real words that sit one letter away from a status word: never "did you mean". */
const REAL_WORDS = new Set([
  'greet', 'greed', 'greek', 'greens', 'ember', 'umber', 'compete', 'competed', 'blocker', 'blockers', 'clocked', 'locked',
  'outgoing', 'finishes', 'delays', 'relayed', 'decayed', 'achieve', 'deliver', 'delivers', 'started', 'startled', 'on trial',
]);

/** Status phrases worth a fuzzy match: five letters or more ("done", "late", "blue" have too many neighbours). */
const FUZZY_PHRASES = STATUS_PHRASES.filter((p) => p.replace(/ /g, '').length >= 5 && !['yellow', 'notstarted', 'ontrack', 'offtrack', 'atrisk'].includes(p));

/** Levenshtein distance, counting one swap of neighbouring letters ("compelte") as one edit. */
function editDistance(a: string, b: string): number {
  const d = distance(a, b);
  if (d !== 2 || a.length !== b.length) return d;
  const diff = [...a].map((c, i) => (c === b[i] ? -1 : i)).filter((i) => i >= 0);
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!] ? 1 : d;
}

/** The status phrase a misspelt first word (or two) stands for, if it looks like one. */
export function misspeltStatus(text: string): { typed: string; meant: string; status: ActionStatus } | undefined {
  const t = text.trimStart();
  if (!t || startsQuoted(t) || parseStatusAndNote(t).status) return undefined;
  const ends = phraseEnds(t);
  for (let k = Math.min(ends.length, 3) - 1; k >= 0; k--) {
    const typed = t.slice(0, ends[k]);
    const key = typed.toLowerCase().replace(/[\s_\-]+/g, ' ');
    if (key.replace(/ /g, '').length < 4 || REAL_WORDS.has(key) || parseStatus(typed)) continue;
    const words = key.split(' ').length;
    for (const meant of FUZZY_PHRASES) {
      if (meant.split(' ').length !== words || editDistance(key, meant) !== 1) continue;
      // A misspelt everyday word ("finshed") counts only when set apart, like the word itself.
      if (WEAK.has(meant) && !WEAK_AFTER.test(t.slice(ends[k]))) continue;
      const status = parseStatusAndNote(meant).status;
      if (status) return { typed, meant, status };
    }
  }
  return undefined;
}

export type StatusReading =
  | { ok: true; status?: ActionStatus; note?: string }
  | { ok: false; code: 'bad_status' | 'needs_reason'; message: string; hint: string; suggestion?: string };

const label = (s: ActionStatus) => STATUS_INFO[s].label;

/** What a reason-needing status asks for, e.g. for the note input's placeholder. */
export function reasonQuestion(status: ActionStatus): string {
  return status === 'cancelled' ? 'Why is it being cancelled, and who agreed?' : 'Why, and what is being done about it (the mitigation)?';
}

/** Reads "<status> [note]" or "<note>" for `ref`: a status and/or note, or what is wrong with it. */
export function readStatusText(text: string, ref: string): StatusReading {
  const typo = misspeltStatus(text);
  if (typo) {
    const rest = text.trimStart().slice(typo.typed.length).replace(/^\s*(?:[:;,—–]|-+|\.)?\s*/, '');
    const suggestion = `update ${ref} ${typo.meant}${rest ? ` ${shown(rest, 60)}` : ''}`;
    return {
      ok: false,
      code: 'bad_status',
      message: `"${shown(typo.typed, 20)}" is not a status I know. Did you mean "${typo.meant}" (${label(typo.status)})? Nothing was saved.`,
      hint: `Type: ${suggestion} — or put a note in quotes: update ${ref} "${shown(text, 40)}"`,
      suggestion,
    };
  }
  const { status, note } = parseStatusAndNote(text);
  if (status && REASON_REQUIRED.has(status) && !note) {
    return {
      ok: false,
      code: 'needs_reason',
      message: `${label(status)} needs a reason: ${reasonQuestion(status).toLowerCase()} Nothing was saved.`,
      hint: `For example: update ${ref} ${status === 'cancelled' ? 'cancelled - merged into TRS-08, agreed at the board' : `${status === 'blocked' ? 'blocked' : 'off track'} - waiting on the funding decision; interim cover from the outreach team`}`,
    };
  }
  return { ok: true, ...(status ? { status } : {}), ...(note ? { note } : {}) };
}
