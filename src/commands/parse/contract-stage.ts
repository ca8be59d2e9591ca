// The one reply grammar for contracts (SPEC §10): what follows `contract <ref>` (or a bare
// `C-05 …` reply to a check-in). Pure.
//
//   route decided — direct award C      stage Route decided AND route PSR direct award C
//   route decided most suitable provider
//   open procedure | route competitive   a route alone (the handler marks the route decided)
//   notice published 12/01/2027          the notice date (default today) → the standstill end
//   awarded to PHS group until 17/02/2030
//   awarded to PHS group for 3 years from 18/02/2027  (also "3 year contract from …")
//   extended until 16/08/2028 | extended by 1 year
//   <stage> [— note]
//
// Anything that could mean two things is answered with a question and changes nothing:
// "direct award" without A, B, C or "PA"; "extended" without the new end; an award whose term
// cannot be read.
import { parseUkDate } from '../../calendar/uk-date.js';
import type { ContractRoute, ContractStage } from '../../register/status.js';
import { leadingPhrase, parseRoute, parseStage } from './leading.js';
import { startsQuoted, unquote } from './text.js';

/** A new term: an end date, or a length in months; the start defaults to the day after the current end. */
export interface TermSpec {
  start?: Date;
  end?: Date;
  months?: number;
}

export interface ContractChange {
  stage?: ContractStage;
  route?: ContractRoute;
  note?: string;
  /** "notice published 12/01/2027": the day the notice was published. */
  noticeDate?: Date;
  /** "awarded to X until …": the new provider and term. */
  award?: { provider?: string; term?: TermSpec; annualValue?: string };
  /** "extended until …": the new end. */
  extension?: TermSpec;
}

export type ContractTextResult =
  | { ok: true; change: ContractChange }
  | { ok: false; question: string; examples: string[] };

const SEP = /^\s*(?:[:;,—–]|-+|\.)?\s*/;
const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, a: 1, an: 1 };

/** The longest run of 1–5 leading words that is a UK date, and the text after it. */
export function leadingDate(text: string): { date: Date; rest: string } | undefined {
  const ws = [...text.matchAll(/\S+/g)];
  for (let n = Math.min(5, ws.length); n >= 1; n--) {
    const last = ws[n - 1]!;
    const end = last.index! + last[0].length;
    const d = parseUkDate(text.slice(0, end).replace(/[,;:.]$/, ''));
    if (d.ok && d.value) return { date: d.value, rest: text.slice(end) };
  }
  return undefined;
}

/** "3 years", "18 months", "three-year", "1 yr" at the start: a length in months. */
function leadingLength(text: string): { months: number; rest: string } | undefined {
  const m = /^(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|an?)[\s-]*(years?|yrs?|months?|mths?)\b(?:\s+contract\b)?/i.exec(text);
  if (!m) return undefined;
  const n = /^\d/.test(m[1]!) ? Number(m[1]) : NUMBER_WORDS[m[1]!.toLowerCase()]!;
  if (n < 1) return undefined;
  return { months: /^y/i.test(m[2]!) ? n * 12 : n, rest: text.slice(m[0].length) };
}

/** A term in any order: until/to DATE, for/by N years, from/starting DATE, "3 year contract from DATE". */
function readTerm(text: string, allowBy: boolean): { term: TermSpec; rest: string } {
  const term: TermSpec = {};
  let rest = text.trimStart();
  for (let i = 0; i < 4 && rest; i++) {
    let m: RegExpExecArray | null;
    if (!term.end && (m = /^(?:until|till|to|ending|ends|up to)\s+/i.exec(rest))) {
      const d = leadingDate(rest.slice(m[0].length));
      if (d) { term.end = d.date; rest = d.rest.trimStart(); continue; }
    }
    if (!term.start && (m = /^(?:from|starting|starts|beginning)\s+(?:on\s+)?/i.exec(rest))) {
      const d = leadingDate(rest.slice(m[0].length));
      if (d) { term.start = d.date; rest = d.rest.trimStart(); continue; }
    }
    if (term.months === undefined && (m = new RegExp(`^(?:for${allowBy ? '|by' : ''}|of)?\\s*`, 'i').exec(rest))) {
      const l = leadingLength(rest.slice(m[0].length));
      if (l) { term.months = l.months; rest = l.rest.trimStart(); continue; }
    }
    break;
  }
  return { term, rest };
}

/** "£120,000 a year", "£1.2m pa": an annual value as a decimal string. */
function readValue(text: string): { value?: string; rest: string } {
  const m = /^(?:at|worth|value)?\s*£\s?([\d,]+(?:\.\d{1,2})?)\s*(k|m)?\b\s*(?:a year|per year|per annum|pa|p\.a\.|annually|a yr)?/i.exec(text.trimStart());
  if (!m) return { rest: text };
  const base = Number(m[1]!.replace(/,/g, '')) * (m[2]?.toLowerCase() === 'm' ? 1_000_000 : m[2]?.toLowerCase() === 'k' ? 1000 : 1);
  return { value: base.toFixed(2), rest: text.trimStart().slice(m[0].length) };
}

const hasTerm = (t: TermSpec) => t.end !== undefined || t.months !== undefined;
const noteOf = (rest: string): string | undefined => unquote(rest.replace(SEP, '')) || undefined;

const DIRECT_AWARD_QUESTION = (ref: string): ContractTextResult => ({
  ok: false,
  question: 'Which direct award? Under the Provider Selection Regime it is A, B or C; under the Procurement Act it is "PA direct award". Nothing was changed.',
  examples: [`contract ${ref} route decided — direct award C`, `contract ${ref} route decided — PA direct award`],
});

/** Reads the text after `contract <ref>`. `ref` is only used in the examples of a question. */
export function parseContractText(text: string, ref: string): ContractTextResult | undefined {
  let rest = text.trim();
  if (!rest || startsQuoted(rest)) return undefined;
  if (/^(?:route(?:\s+decided)?\s*[:\-—–]?\s*)?direct\s+award\b(?!\s*[-:]?\s*[abc]\b)/i.test(rest)) return DIRECT_AWARD_QUESTION(ref);
  const change: ContractChange = {};
  const kw = /^(route|via|stage)(?!\s+decided\b)\s*[:\-]?\s+/i.exec(rest);
  const kind = kw?.[1]!.toLowerCase();
  const body = kw ? rest.slice(kw[0].length) : rest;
  const st = kind === 'route' || kind === 'via' ? undefined : leadingPhrase(body, parseStage);
  const rt = kind === 'stage' ? undefined : leadingPhrase(body, parseRoute);
  // Longest phrase wins; on a tie the stage ("extension" → the stage extended).
  // Whether a separator follows the stage ("awarded — signed by cabinet" is a note, not a term).
  let separated = false;
  if (st && (!rt || st.phrase.length >= rt.phrase.length)) {
    change.stage = st.value;
    rest = st.rest;
    separated = /^\s*(?:[—–:;,]|-+\s)/.test(body.trimStart().slice(st.phrase.length));
  } else if (rt) {
    change.route = rt.value;
    rest = rt.rest;
    const after = /^stage\s*[:\-]?\s+/i.exec(rest);
    const st2 = after ? leadingPhrase(rest.slice(after[0].length), parseStage) : undefined;
    if (st2) { change.stage = st2.value; rest = st2.rest; }
  } else {
    return undefined;
  }

  switch (change.stage) {
    case 'route_decided': {
      if (/^direct\s+award\b(?!\s*[-:]?\s*[abc]\b)/i.test(rest)) return DIRECT_AWARD_QUESTION(ref);
      const r = change.route ? undefined : leadingPhrase(rest, parseRoute);
      if (r) { change.route = r.value; rest = r.rest; }
      break;
    }
    case 'notice_published':
    case 'market_notice': {
      const on = /^(?:on\s+)/i.exec(rest);
      const d = leadingDate(on ? rest.slice(on[0].length) : rest);
      if (d) { change.noticeDate = d.date; rest = d.rest; }
      break;
    }
    case 'awarded': {
      if (separated) break;
      let provider: string | undefined;
      const to = /^to\s+/i.exec(rest);
      if (to && !leadingDate(rest.slice(to[0].length))) {
        const tail = rest.slice(to[0].length);
        const stop = /\s+(?=(?:until|till|up to|ending|for|from|starting|at|worth)\s|to\s+\d|\d{1,2}[\s-]*(?:years?|yrs?|months?|mths?)\b|(?:one|two|three|four|five|six|seven|eight|nine|ten)[\s-]+(?:years?|months?)\b|£)|\s*(?:[;:—–]|\s-\s|,)/i.exec(tail);
        provider = (stop ? tail.slice(0, stop.index) : tail).trim();
        rest = stop ? tail.slice(stop.index) : '';
      }
      const t = readTerm(rest, false);
      const v = readValue(t.rest);
      rest = v.rest;
      const tail = rest.trim();
      if (tail && !/^[—–:;,.-]/.test(tail)) {
        return {
          ok: false,
          question: `I could not read the new term in "${tail.slice(0, 60)}". Say who it was awarded to and until when (or for how long from when). Nothing was changed.`,
          examples: [`contract ${ref} awarded to PHS group until 17/02/2030`, `contract ${ref} awarded to PHS group for 3 years from 18/02/2027`],
        };
      }
      const award = { ...(provider ? { provider } : {}), ...(hasTerm(t.term) || t.term.start ? { term: t.term } : {}), ...(v.value ? { annualValue: v.value } : {}) };
      if (Object.keys(award).length) change.award = award;
      break;
    }
    case 'extended': {
      const t = readTerm(rest, true);
      if (!hasTerm(t.term)) {
        return {
          ok: false,
          question: 'Until when is it extended? An extension records the new end date and uses up an extension option; if extending is only the decision so far, record the route. Nothing was changed.',
          examples: [`contract ${ref} extended until 31/03/2028`, `contract ${ref} extended by 1 year`, `contract ${ref} route decided — extension`],
        };
      }
      change.extension = t.term;
      rest = t.rest;
      break;
    }
    default:
      break;
  }
  const note = noteOf(rest);
  if (note) change.note = note;
  return { ok: true, change };
}
