// Input hygiene for free text that gets stored (notes, reasons) — SPEC §8.
//
// cleanNote(text) → Result<string>:
//   1. normalises line endings (CRLF / CR → LF), removes control characters except newline
//      and tab, removes bidi override/isolate characters and unpaired surrogates;
//   2. trims;
//   3. refuses text over NOTE_LIMIT (2,000) characters, saying the length — it never cuts;
//   4. refuses text that looks like a service user's personal data (a valid NHS number, a date
//      of birth, "client"/"service user"/"patient" followed by a name), with a reason, BEFORE
//      anything is stored: the register is about actions, not about people.
// Pure: the only clock is the optional `now` (used by the "born <date>" rule).
import { err, ok, type DomainError, type Result } from '../result.js';

export const NOTE_LIMIT = 2000;

// C0 controls except \t (09) and \n (0A); DEL and C1 controls.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// Bidi embeddings/overrides/isolates (used to disguise text); the BOM / zero-width no-break space.
const BIDI = /[\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes characters that must never be stored or echoed: control chars (keeps \n, \t), bidi overrides, lone surrogates. */
export function stripControl(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(BIDI, '')
    .replace(LONE_SURROGATE, '');
}

/** Length in characters as a person counts them (code points, so an emoji is one). */
export const charCount = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

const fmt = (n: number) => n.toLocaleString('en-GB');

export interface HygieneOptions {
  /** Today, for the "born <date>" rule (dates at least 10 years back). Without it every date near "born" counts. */
  now?: Date;
  /** What the text is, for messages: "note" (default) or "reason". */
  what?: string;
}

/** Cleans a note for storing, or refuses it with a reason (too long, personal data). */
export function cleanNote(text: string, opts: HygieneOptions = {}): Result<string> {
  const what = opts.what ?? 'note';
  const cleaned = stripControl(text).trim();
  const length = charCount(cleaned);
  if (length > NOTE_LIMIT) {
    return err({
      code: 'too_long',
      message: `Your ${what} is ${fmt(length)} characters long; a ${what} can be at most ${fmt(NOTE_LIMIT)} characters. Nothing was saved.`,
      hint: `Shorten it (by ${fmt(length - NOTE_LIMIT)} characters or more), or split it over two updates.`,
    });
  }
  const pd = containsPersonalData(cleaned, opts);
  if (pd) {
    return err({
      code: 'personal_data',
      message: `Your ${what} was not saved: it seems to contain ${pd.what} ("${pd.excerpt}"). The register is about actions, not about the people services help, so it must not hold service users' personal data.`,
      hint: `Describe the action's progress without identifying anyone, e.g. "3 referrals made this month".`,
    });
  }
  return ok(cleaned);
}

export interface PersonalDataFinding {
  kind: 'nhs_number' | 'date_of_birth' | 'named_service_user';
  /** Plain words for the message: "an NHS number". */
  what: string;
  /** The part of the text that matched (shortened). */
  excerpt: string;
}

/** Finds what looks like a service user's personal data; undefined when none. */
export function containsPersonalData(text: string, opts: HygieneOptions = {}): PersonalDataFinding | undefined {
  // Bound the work on pathological input: cleanNote refuses long text before getting here.
  const t = text.length > 20_000 ? text.slice(0, 20_000) : text;
  return findNhsNumber(t) ?? findDateOfBirth(t, opts.now) ?? findNamedServiceUser(t);
}

const excerpt = (s: string) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 40 ? `${one.slice(0, 39)}…` : one;
};

// ---- NHS numbers --------------------------------------------------------------------------

/** Modulus 11 check of a 10-digit NHS number. */
export function isValidNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  if (/^(\d)\1{9}$/.test(digits)) return false; // 0000000000 etc. pass the checksum but are not numbers anyone has
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10) return false;
  return check === Number(digits[9]);
}

// 10 digits, either contiguous or grouped 3-3-4 with single spaces/dashes; not part of a longer number.
const NHS_CANDIDATE = /(?<![\d])(\d{3})([ \-]?)(\d{3})\2(\d{4})(?![\d])/g;

function findNhsNumber(text: string): PersonalDataFinding | undefined {
  for (const m of text.matchAll(NHS_CANDIDATE)) {
    const digits = `${m[1]}${m[3]}${m[4]}`;
    if (isValidNhsNumber(digits)) return { kind: 'nhs_number', what: 'an NHS number', excerpt: excerpt(m[0]) };
  }
  return undefined;
}

// ---- dates of birth -------------------------------------------------------------------------

const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
// Dates people write: 12/03/1985, 12-3-85, 12.03.1985, 1985-03-12, 12 March 1985, 12th Mar 85, March 12, 1985.
const DATE_SOURCES = [
  String.raw`\b\d{1,2}[\/.\-]\d{1,2}[\/.\-](\d{4}|\d{2})\b`,
  String.raw`\b(\d{4})-\d{1,2}-\d{1,2}\b`,
  String.raw`\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:${MONTHS})\.?,?\s+(\d{4}|\d{2})\b`,
  String.raw`\b(?:${MONTHS})\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(\d{4})\b`,
];
const DATE_RE = new RegExp(DATE_SOURCES.map((s) => `(?:${s})`).join('|'), 'gi');
const DOB_WORDS = /\b(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|birth\s*date)/gi;
const BORN_WORD = /\bborn\b/gi;
/** How far (in characters) a date may be from "DOB"/"born" to count as a date of birth. */
const NEAR = 40;

/** The year group of a DATE_RE match, as typed ("1985" or "85"). */
const yearText = (m: RegExpMatchArray): string | undefined => m.slice(1).find((g) => g !== undefined);

function nearby(text: string, words: RegExp, index: number, length: number): boolean {
  const from = Math.max(0, index - NEAR);
  const to = Math.min(text.length, index + length + NEAR);
  words.lastIndex = 0;
  const found = words.test(text.slice(from, to));
  words.lastIndex = 0;
  return found;
}

function findDateOfBirth(text: string, now?: Date): PersonalDataFinding | undefined {
  const hasDob = (DOB_WORDS.lastIndex = 0, DOB_WORDS.test(text));
  const hasBorn = (BORN_WORD.lastIndex = 0, BORN_WORD.test(text));
  DOB_WORDS.lastIndex = 0;
  BORN_WORD.lastIndex = 0;
  if (!hasDob && !hasBorn) return undefined;
  const limitYear = now ? now.getUTCFullYear() - 10 : undefined;
  const oldEnough = (y: string | undefined) => {
    if (limitYear === undefined || y === undefined) return true;
    if (y.length === 2) return true; // 12/03/85 next to "born": treat as a birth date
    return Number(y) <= limitYear;
  };
  for (const m of text.matchAll(DATE_RE)) {
    const idx = m.index ?? 0;
    if (hasDob && nearby(text, DOB_WORDS, idx, m[0].length)) {
      return { kind: 'date_of_birth', what: 'a date of birth', excerpt: excerpt(m[0]) };
    }
    if (hasBorn && nearby(text, BORN_WORD, idx, m[0].length) && oldEnough(yearText(m))) {
      return { kind: 'date_of_birth', what: 'a date of birth', excerpt: excerpt(m[0]) };
    }
  }
  // "DOB 1985", "born in 1990": a bare year right after the word.
  const bare = /\b(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|born(?:\s+in)?)[\s:.\-]*(19\d{2}|20\d{2})\b/gi;
  for (const m of text.matchAll(bare)) {
    const y = Number(m[1]);
    const isBorn = /^born/i.test(m[0]);
    if (!isBorn || limitYear === undefined || y <= limitYear) {
      return { kind: 'date_of_birth', what: 'a date of birth', excerpt: excerpt(m[0]) };
    }
  }
  return undefined;
}

// ---- "client John Smith" ------------------------------------------------------------------

// Capitalised words that follow "client"/"patient" without being a person's name.
const NOT_NAMES = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'with', 'in', 'on', 'at', 'for', 'to', 'from', 'of', 'by', 'is', 'was', 'are', 'were',
  'has', 'had', 'have', 'will', 'would', 'can', 'could', 'should', 'may', 'might', 'i', 'we', 'they', 'he', 'she', 'it',
  'this', 'that', 'these', 'those', 'who', 'which', 'not', 'no', 'yes', 'all', 'any', 'each', 'every', 'some', 'also',
  'services', 'service', 'team', 'teams', 'group', 'groups', 'pathway', 'pathways', 'engagement', 'feedback', 'survey',
  'surveys', 'forum', 'forums', 'record', 'records', 'data', 'voice', 'voices', 'involvement', 'experience', 'experiences',
  'journey', 'journeys', 'panel', 'panels', 'council', 'representative', 'representatives', 'rep', 'reps', 'numbers',
  'number', 'satisfaction', 'outcomes', 'outcome', 'care', 'safety', 'support', 'led', 'facing', 'focused', 'centred',
  'centered', 'management', 'system', 'systems', 'database', 'portal', 'charter', 'consultation', 'workshop', 'workshops',
  'meeting', 'meetings', 'champions', 'champion', 'network', 'networks', 'board', 'boards', 'lived', 'peer', 'peers',
  'recovery', 'treatment', 'referrals', 'referral', 'contact', 'contacts', 'list', 'lists', 'cohort', 'cohorts', 'level',
  'levels', 'leaflet', 'leaflets', 'information', 'info', 'app', 'apps', 'registration', 'access', 'flow', 'flows',
  'caseload', 'caseloads', 'group’s', 'first', 'facing', 'advisory', 'reference', 'communications', 'comms', 'focus',
  'journey’s', 'capacity', 'demand', 'assessment', 'assessments', 'plan', 'plans', 'plan’s', 'rights', 'stories',
  'story', 'testimonials', 'testimonial', 'questionnaire', 'questionnaires', 'monitoring', 'reviews', 'review',
]);

// The keyword in any case ("Client", "SERVICE USER"); the name must be capitalised.
const SU_NAME = /\b([Cc](?:lient|LIENT)[sS]?|[Ss](?:ervice|ERVICE)[\s\-]+[Uu](?:ser|SER)[sS]?|[Pp](?:atient|ATIENT)[sS]?|[Rr](?:esident|ESIDENT)[sS]?)\b[\s:,\-–—]*(?:(?:called|named|is|was)\s+)?((?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?([A-Z][a-z'’\-]+|[A-Z]\.\s*[A-Z][a-z'’\-]+)/g;

function findNamedServiceUser(text: string): PersonalDataFinding | undefined {
  for (const m of text.matchAll(SU_NAME)) {
    const title = m[2];
    const word = m[3] ?? '';
    if (!title && NOT_NAMES.has(word.toLowerCase())) continue;
    // "residents" only with a title ("resident Mr Khan"): "residents Tower Hamlets" is a place.
    if (/^resident/i.test(m[1] ?? '') && !title) continue;
    return { kind: 'named_service_user', what: 'the name of a service user', excerpt: excerpt(m[0]) };
  }
  return undefined;
}

/** The same check as a DomainError, for callers that only need the refusal. */
export function personalDataError(text: string, opts: HygieneOptions = {}): DomainError | undefined {
  const r = cleanNote(text, opts);
  return r.ok ? undefined : r.error;
}
