// NHS numbers: 10 digits with a valid modulus-11 check digit, in any grouping ("943 476 5919",
// "9434 765 919", "943/476/5919"), AND a context that says it is one (the word NHS, or a person:
// patient, client, service user, SU, YP). A valid number after "PO", "invoice", "ref" … is a
// reference number, and a bare 10-digit number with no context is left alone.
import { after, before, excerpt } from './normalise.js';
import type { PersonalDataFinding } from './types.js';

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

// Ten digits, each pair optionally separated by one space, dash, dot or slash; not part of a longer number.
const CANDIDATE = /(?<!\d[ .\-/]?)\d(?:[ .\-/]?\d){9}(?![ .\-/]?\d)/g;
const NHS_WORD = /\bn\.?\s?h\.?\s?s\.?(?![a-z])/i;
const PERSON_WORD = /\b(?:patient|pt|client|service[\s-]?user|su|yp|young\s+person|his|her|their)\b|\breferr|\badmitted|\bdischarged/i;
const REFERENCE_WORD = /\b(?:p\.?o\b\.?|purchase\s+order|order|invoice|inv|requisition|req|contract|tender|ticket|ref|reference|grant(?:\s+agreement)?|cost\s+centre|budget\s+code|call-off|account|acc|sort\s+code|case\s+ref)\b/i;

export function findNhsNumber(text: string): PersonalDataFinding | undefined {
  for (const m of text.matchAll(CANDIDATE)) {
    const digits = m[0].replace(/\D/g, '');
    if (!isValidNhsNumber(digits)) continue;
    const idx = m.index ?? 0;
    const near = `${before(text, idx, 40)} ${after(text, idx + m[0].length, 25)}`;
    const justBefore = before(text, idx, 25);
    const nhs = NHS_WORD.test(before(text, idx, 30));
    if (!nhs && (REFERENCE_WORD.test(justBefore) || !PERSON_WORD.test(near))) continue;
    return {
      kind: 'nhs_number',
      what: 'an NHS number',
      excerpt: excerpt(m[0]),
      instead: 'leave the number out: it belongs in the clinical record, not in the action register (e.g. "referral sent to the hub")',
    };
  }
  return undefined;
}
