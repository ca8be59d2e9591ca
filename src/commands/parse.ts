// The command language (SPEC §3): text → Command, or a ParseError that says what was wrong
// and shows the right form with an example. Pure: no I/O, no clock (the optional `now` only
// sharpens the date-of-birth check on notes).
//
// Shape: [/cdp | cdp] <command word> <arguments>. Command words are case-insensitive and have
// aliases (src/commands/parse/vocabulary.ts). Notes and reasons go through cleanNote (control
// characters stripped, 2,000-character cap, service-user personal data refused) here, so a
// Command never carries text that must not be stored. The status-then-note rule for `update`
// is documented in src/commands/parse/leading.ts.
import { ACCEPTED_DATE_FORMS, parseUkDate } from '../calendar/uk-date.js';
import { USAGE } from './help.js';
import { cleanNote } from './hygiene.js';
import { DURATION_LIMIT_TEXT, parseDuration, snoozeDays, type DurationKind } from './parse/duration.js';
import { parseContractText } from './parse/contract-stage.js';
import { parseStatusAndNote } from './parse/leading.js';
import { normaliseRef, takeRef } from './parse/ref.js';
import { restAfter, shown, unquote, words, type Word } from './parse/text.js';
import { commandFor, nearestCommand } from './parse/vocabulary.js';
import type { Command, CommandName, ParseError, ParseResult } from './types.js';

export { parseStatusAndNote } from './parse/leading.js';
export { normaliseRef } from './parse/ref.js';

/** Longest input looked at; longer text is refused before any work (a note is at most 2,000). */
export const MAX_INPUT = 10_000;

export interface ParseOptions {
  /** Today, passed to the personal-data check on notes ("born 12/03/1985"). */
  now?: Date;
}

const okCmd = (command: Command): ParseResult => ({ ok: true, command });

const hintFor = (c: CommandName) => `Type: ${USAGE[c].usage} — for example: ${USAGE[c].example}`;

function fail(code: ParseError['code'], message: string, command?: CommandName, extra: Partial<ParseError> = {}): ParseResult {
  const hint = command ? hintFor(command) : GENERAL_HINT;
  return { ok: false, error: { code, message, hint, ...(command ? { command } : {}), ...extra } };
}

const GENERAL_HINT = 'Try: mine · show TRS-07 · update TRS-07 on track pathway launched · due 2w · help';

/** Removes a leading "/cdp", "cdp", "@cdp" or "cdp:" (any case). */
function stripPrefix(s: string): string {
  return s.replace(/^(?:\/|@)?cdp(?:-bot)?(?:[:,]|\s+|$)/i, '').trim();
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function parse(text: string, opts: ParseOptions = {}): ParseResult {
  if (typeof text !== 'string') return fail('empty', 'There was no command in your message.');
  if (text.length > MAX_INPUT) {
    return fail('too_long', `Your message is ${text.length.toLocaleString('en-GB')} characters long; commands are at most ${MAX_INPUT.toLocaleString('en-GB')} and notes at most 2,000 characters. Nothing was changed.`);
  }
  // Control characters never reach the command words (notes are cleaned again by cleanNote).
  // A lone UTF-16 surrogate (possible in Teams' JSON) becomes U+FFFD: it is not text a database can store.
  const s = stripPrefix(
    text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '').replace(LONE_SURROGATE, '\uFFFD').trim(),
  );
  if (s === '') return fail('empty', 'There was no command in your message.', 'help', { hint: GENERAL_HINT });
  const ws = words(s);
  const first = ws[0]!;
  let word = first.text.replace(/[:,.!]+$/, '');
  let argsFrom: Word | undefined = first;
  // "who am i" → whoami
  if (/^who$/i.test(word) && /^am$/i.test(ws[1]?.text ?? '') && /^i\??$/i.test(ws[2]?.text ?? '')) {
    word = 'whoami';
    argsFrom = ws[2];
  }
  let name = commandFor(word);
  if (!name) return unknownCommand(s, ws, word, opts);
  // "contracts C-01 awarded" is a contract update; "contract" alone or with a window lists contracts.
  const afterWord = ws.slice(ws.indexOf(argsFrom!) + 1);
  if (name === 'contracts' && afterWord[0] && takeRef(afterWord, 0) && !parseDuration(restAfter(s, argsFrom), 'contracts').ok) name = 'contract';
  else if (name === 'contract' && (!afterWord[0] || (!takeRef(afterWord, 0) && parseDuration(restAfter(s, argsFrom), 'contracts').ok))) name = 'contracts';
  return parseArgs(name, s, afterWord, restAfter(s, argsFrom), opts);
}

function parseArgs(name: CommandName, s: string, args: Word[], rest: string, opts: ParseOptions): ParseResult {
  switch (name) {
    case 'help': {
      const topic = rest.replace(/^\/?cdp\s+/i, '').trim();
      return okCmd(topic ? { name: 'help', topic: shown(topic, 40) } : { name: 'help' });
    }
    case 'mine':
    case 'overdue':
    case 'whoami':
    case 'report':
      if (rest !== '') {
        return fail('bad_arguments', `"${name}" takes nothing after it, but you typed "${shown(rest)}".`, name);
      }
      return okCmd({ name });
    case 'show': {
      const r = refAt(args, 0, 'show');
      if (!r.ok) return r.result;
      const extra = restAfter(s, r.last);
      if (extra) return fail('bad_arguments', `"show" takes one ref, but you also typed "${shown(extra)}".`, 'show');
      return okCmd({ name: 'show', ref: r.ref });
    }
    case 'update':
      return parseUpdate(s, args, opts);
    case 'due':
    case 'contracts': {
      const d = parseDuration(rest, name);
      if (!d.ok) return durationError(name, rest, d.problem);
      return okCmd({ name, window: d.duration });
    }
    case 'digest': {
      const post = /(?:^|\s)post$/i.test(rest);
      const subgroup = (post ? rest.slice(0, -4) : rest).trim();
      return okCmd(subgroup ? { name: 'digest', subgroup: shown(subgroup, 100), post } : { name: 'digest', post });
    }
    case 'contract':
      return parseContract(s, args, opts);
    case 'redate':
      return parseRedate(s, args, opts);
    case 'snooze': {
      const r = refAt(args, 0, 'snooze');
      if (!r.ok) return r.result;
      const lengthText = restAfter(s, r.last);
      const d = parseDuration(lengthText, 'snooze');
      if (!d.ok) return durationError('snooze', lengthText, d.problem);
      return okCmd({ name: 'snooze', ref: r.ref, days: snoozeDays(d.duration) });
    }
    case 'find': {
      const q = unquote(rest).replace(/\s+/g, ' ').trim();
      if (!q) return fail('bad_arguments', '"find" needs the words to look for.', 'find');
      if (q.length > 200) return fail('bad_arguments', `Search words are at most 200 characters (you typed ${q.length}).`, 'find');
      return okCmd({ name: 'find', words: q });
    }
    case 'bind': {
      const sub = unquote(rest).replace(/\s+/g, ' ').trim();
      if (!sub) return fail('bad_arguments', '"bind" needs the name of the subgroup this channel is for.', 'bind');
      return okCmd({ name: 'bind', subgroup: shown(sub, 100) });
    }
  }
}

type RefAt = { ok: true; ref: string; last: Word } | { ok: false; result: ParseResult };

function refAt(args: Word[], i: number, command: CommandName): RefAt {
  const w = args[i];
  if (!w) return { ok: false, result: fail('bad_arguments', `"${command}" needs a ref, such as TRS-07 or C-01.`, command) };
  const r = takeRef(args, i);
  if (!r) {
    return {
      ok: false,
      result: fail('bad_ref', `"${shown(w.text, 30)}" is not a ref: refs look like TRS-07 or C-01 (letters, a dash, a number).`, command),
    };
  }
  return { ok: true, ref: r.ref, last: r.last };
}

function durationError(command: DurationKind, given: string, problem: string): ParseResult {
  const examples: Record<DurationKind, string> = { due: '14d, 2w, 4w, 3m', contracts: '6m, 12m, 18 months', snooze: '3d, 7d, 2w' };
  return fail('bad_duration', `"${shown(given, 30)}" ${problem}.`, command, {
    hint: `${hintFor(command)}. Lengths: ${examples[command]} (at most ${DURATION_LIMIT_TEXT[command]}).`,
  });
}

/** Runs cleanNote on a note or reason; a refusal becomes a ParseError for `command`. */
function clean(note: string, command: CommandName, opts: ParseOptions, what = 'note'): { ok: true; note: string } | { ok: false; result: ParseResult } {
  const c = cleanNote(note, { now: opts.now, what });
  if (c.ok) return { ok: true, note: c.value };
  const code: ParseError['code'] = c.error.code === 'too_long' ? 'too_long' : 'personal_data';
  return { ok: false, result: fail(code, c.error.message, command, { hint: c.error.hint ?? hintFor(command) }) };
}

function parseUpdate(s: string, args: Word[], opts: ParseOptions): ParseResult {
  const r = refAt(args, 0, 'update');
  if (!r.ok) return r.result;
  const rest = restAfter(s, r.last);
  if (!rest) {
    return fail('bad_arguments', `"update ${r.ref}" needs a status, a note, or both.`, 'update', {
      hint: `Type: update ${r.ref} <status> [note] — for example: update ${r.ref} on track pathway launched, or update ${r.ref} waiting on funding`,
    });
  }
  const { status, note } = parseStatusAndNote(rest);
  if (note === undefined) return okCmd({ name: 'update', ref: r.ref, ...(status ? { status } : {}) });
  const c = clean(note, 'update', opts);
  if (!c.ok) return c.result;
  if (!status && !c.note) return fail('bad_arguments', `"update ${r.ref}" needs a status, a note, or both.`, 'update');
  return okCmd({ name: 'update', ref: r.ref, ...(status ? { status } : {}), ...(c.note ? { note: c.note } : {}) });
}

function parseContract(s: string, args: Word[], opts: ParseOptions): ParseResult {
  const r = refAt(args, 0, 'contract');
  if (!r.ok) return r.result;
  const rest = restAfter(s, r.last);
  const stageHint = 'Stages: options appraisal, route decided, tender published, evaluation, notice published, standstill, awarded, mobilising, live, extended, decommissioned. Routes: direct award A/B/C, most suitable provider, competitive process, open procedure, competitive flexible, PA direct award, extension, decommission.';
  if (!rest) {
    return fail('bad_stage', `"contract ${r.ref}" needs a stage or a route.`, 'contract', { hint: `${hintFor('contract')}. ${stageHint}` });
  }
  const read = parseContractText(rest, r.ref);
  if (!read) {
    return fail('bad_stage', `"${shown(rest, 30)}" does not start with a contract stage or route.`, 'contract', { hint: `${hintFor('contract')}. ${stageHint}` });
  }
  if (!read.ok) return fail('bad_stage', read.question, 'contract', { hint: `Say: ${read.examples.join(' — or: ')}` });
  const { note, award, ...change } = read.change;
  let cleaned: string | undefined;
  if (note !== undefined) {
    const c = clean(note, 'contract', opts);
    if (!c.ok) return c.result;
    cleaned = c.note || undefined;
  }
  if (award?.provider !== undefined) {
    const c = clean(award.provider, 'contract', opts, 'provider');
    if (!c.ok) return c.result;
    award.provider = c.note.slice(0, 200) || undefined;
  }
  return okCmd({ name: 'contract', ref: r.ref, ...change, ...(award ? { award } : {}), ...(cleaned ? { note: cleaned } : {}) });
}

function parseRedate(s: string, args: Word[], opts: ParseOptions): ParseResult {
  const r = refAt(args, 0, 'redate');
  if (!r.ok) return r.result;
  const i0 = args.indexOf(r.last) + 1;
  if (!args[i0]) return fail('bad_date', `"redate ${r.ref}" needs the new due date and a reason.`, 'redate');
  // The date is the longest run of 1–4 words that parses as a UK date.
  for (let n = Math.min(4, args.length - i0); n >= 1; n--) {
    const last = args[i0 + n - 1]!;
    const dateText = s.slice(args[i0]!.start, last.end).replace(/[,;:]$/, '');
    const d = parseUkDate(dateText, { excelSerials: false });
    if (!d.ok) continue;
    if (d.value === null) {
      return fail('bad_date', `"${shown(dateText, 20)}" is not a date: redate needs the new due date.`, 'redate');
    }
    const reasonText = restAfter(s, last).replace(/^[-:—–,]\s*/, '');
    if (!unquote(reasonText)) {
      return fail('bad_arguments', `"redate" needs a reason after the date: boards ask why due dates move.`, 'redate', {
        hint: `Type: redate ${r.ref} ${dateText} <reason> — for example: redate ${r.ref} ${dateText} funding confirmed late`,
      });
    }
    const c = clean(unquote(reasonText), 'redate', opts, 'reason');
    if (!c.ok) return c.result;
    if (!c.note) return fail('bad_arguments', `"redate" needs a reason after the date.`, 'redate');
    return okCmd({ name: 'redate', ref: r.ref, date: d.value, reason: c.note });
  }
  const shownDate = shown(args[i0]!.text, 20);
  return fail('bad_date', `"${shownDate}" is not a date I can read.`, 'redate', {
    hint: `${hintFor('redate')}. Dates ${ACCEPTED_DATE_FORMS.replace(/, or Ongoing\/TBC for no date$/, '')}.`,
  });
}

function unknownCommand(s: string, ws: Word[], word: string, opts: ParseOptions): ParseResult {
  // "TRS-07 green" / "TRS-07": a ref where the command should be.
  const asRef = takeRef(ws, 0);
  if (asRef) {
    const rest = restAfter(s, asRef.last);
    // Shorthand, the natural reply to a reminder where there are no threads (Teams personal chat):
    // "TRS-07" shows it; "TRS-07 on track — pathway launched" updates it (a status must lead);
    // "C-01 route decided — direct award C" records a contract stage.
    if (!rest) return parseArgs('show', s, ws, '', opts);
    if (parseStatusAndNote(rest).status) return parseUpdate(s, ws, opts);
    if (parseContractText(rest, asRef.ref)) return parseContract(s, ws, opts);
    const suggestion = rest ? `update ${asRef.ref} ${shown(rest, 60)}` : `show ${asRef.ref}`;
    const command: CommandName = rest ? 'update' : 'show';
    return fail('unknown_command', `Start with a command word. Did you mean "${suggestion}"?`, command, { suggestion });
  }
  const near = nearestCommand(word);
  if (near) {
    return fail('unknown_command', `"${shown(word, 30)}" is not a command I know. Did you mean "${near}"?`, near, { suggestion: near });
  }
  return fail('unknown_command', `"${shown(word, 30)}" is not a command I know.`, undefined, { hint: `${GENERAL_HINT} (type "help" for every command)` });
}

/** For adapters: does this token look like a ref? (normalised, or undefined) */
export const looksLikeRef = (token: string): string | undefined => normaliseRef(token);
