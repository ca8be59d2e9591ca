// A status (or contract stage / route) at the start of free text, and the note after it.
//
// THE RULE for "update <ref> <rest>" (also used for replies to reminders):
//   - The status, if any, is the FIRST word(s) of the rest, matched longest first
//     ("on track", "at-risk", "business as usual", "green", "done").
//   - It must be followed by the end of the text or a separator: whitespace, "-", ":", "—", "–",
//     ",", ";" or ". ". "greenwich pilot" is not "green".
//   - Everyday words that are synonyms only by accident ("late", "ok", "good", "started",
//     "new", "behind", "delivered", …: WEAK below) count as a status only when they are the
//     whole rest or are followed by a dash, colon, comma, semicolon or full stop
//     ("late - supplier let us down"). "late delivery of kit" is a note.
//   - Single letters (g, a, r) count only when they are the whole rest ("update TRS-07 a").
//   - A rest that starts with a quote is all note: update TRS-07 "on track is the aim".
//   - Anything else is the note ("waiting on funding" → note only).
import {
  ACTION_STATUSES, CONTRACT_STAGES, ROUTE_LABEL, parseRoute as parseRouteRaw, parseStage as parseStageRaw, parseStatus as parseStatusRaw,
  type ActionStatus, type ContractRoute,
} from '../../register/status.js';

// The vocabulary lookups are plain objects: "constructor" or "__proto__" would find Object's own
// properties. Only values that really are statuses/stages/routes count.
const only = <T>(allowed: readonly T[], fn: (s: string) => T | undefined) => (s: string): T | undefined => {
  const v = fn(s);
  return v !== undefined && allowed.includes(v) ? v : undefined;
};
export const parseStatus = only(ACTION_STATUSES, parseStatusRaw);
export const parseStage = only(CONTRACT_STAGES, parseStageRaw);
export const parseRoute = only(Object.keys(ROUTE_LABEL) as ContractRoute[], parseRouteRaw);
import { startsQuoted, unquote } from './text.js';

/** Synonyms that are ordinary words at the start of a sentence: a status only when set apart. */
const WEAK = new Set([
  'late', 'ok', 'good', 'new', 'started', 'behind', 'risk', 'planned', 'progressing', 'slipping', 'stuck', 'paused',
  'continuous', 'finished', 'closed', 'achieved', 'delivered', 'dropped', 'withdrawn', 'stopped', 'to do', 'todo',
  'not begun', 'in progress',
]);

const MAX_PHRASE_WORDS = 4;
// A word inside a phrase: letters/digits; words are joined by spaces, "-" or "_".
const WORD = /[\p{L}\p{N}]+/uy;
const JOIN = /[\s_\-]+/y;
// What may follow a phrase (after it: end, or these).
const STRONG_AFTER = /^(?:$|\s*[:;,—–]|\s+-|-+\s|\.(?:\s|$)|\s)/;
const WEAK_AFTER = /^(?:$|\s*[:;,—–]|\s*-+(?:\s|$)|\.(?:\s|$))/;
// The separator to drop between the phrase and the note.
const SEPARATOR = /^\s*(?:[:;,—–]|-+|\.)?\s*/;

/** The ends of the first 1..4 words of s, joined as a phrase would be ("at-risk" = two words). */
function phraseEnds(s: string): number[] {
  const ends: number[] = [];
  let pos = 0;
  for (let i = 0; i < MAX_PHRASE_WORDS; i++) {
    WORD.lastIndex = pos;
    const w = WORD.exec(s);
    if (!w) break;
    pos = WORD.lastIndex;
    ends.push(pos);
    JOIN.lastIndex = pos;
    const j = JOIN.exec(s);
    if (!j) break;
    pos = JOIN.lastIndex;
  }
  return ends;
}

export interface Leading<T> {
  value: T;
  /** The phrase as typed. */
  phrase: string;
  /** The text after the phrase and its separator (not trimmed of quotes). */
  rest: string;
}

/** The longest leading phrase that parseFn accepts, honouring the separator rules above. */
export function leadingPhrase<T>(text: string, parseFn: (s: string) => T | undefined, weak: ReadonlySet<string> = new Set()): Leading<T> | undefined {
  const s = text.trimStart();
  const ends = phraseEnds(s);
  for (let k = ends.length - 1; k >= 0; k--) {
    const end = ends[k]!;
    const phrase = s.slice(0, end);
    const value = parseFn(phrase);
    if (value === undefined) continue;
    const after = s.slice(end);
    const key = phrase.toLowerCase().replace(/[\s_\-]+/g, ' ');
    const isWhole = after.trim() === '';
    if (key.length <= 1 && !isWhole) continue;
    const rule = weak.has(key) ? WEAK_AFTER : STRONG_AFTER;
    if (!rule.test(after)) continue;
    return { value, phrase, rest: after.replace(SEPARATOR, '') };
  }
  return undefined;
}

/** Status and note from the text of an update (or a reply to a reminder). Note '' → undefined. */
export function parseStatusAndNote(text: string): { status?: ActionStatus; note?: string } {
  const t = text.trim();
  if (t === '') return {};
  if (startsQuoted(t)) {
    const note = unquote(t);
    return note ? { note } : {};
  }
  const lead = leadingPhrase(t, parseStatus, WEAK);
  if (!lead) return { note: unquote(t) };
  const note = unquote(lead.rest);
  return note ? { status: lead.value, note } : { status: lead.value };
}
