// The personal-data guard (SPEC §8, §10 "Personal data"): the register is about actions, not
// about the people services help. Every way text enters (chat, buttons, modals, thread
// replies, email pages, import cells) asks `containsPersonalData` before anything is stored.
// Measured against the labelled corpus in test/fixtures/personal-data/ (test/privacy-corpus.test.ts).
import { findHomeAddress } from './address.js';
import { findPersonalEmail, findPersonalPhone } from './contact.js';
import { findDateOfBirth } from './date-of-birth.js';
import { findServiceUserName } from './names.js';
import { findNhsNumber } from './nhs-number.js';
import { normaliseForGuard } from './normalise.js';
import type { GuardOptions, PersonalDataFinding } from './types.js';

export type { GuardOptions, PersonalDataFinding, PersonalDataKind } from './types.js';
export { isValidNhsNumber } from './nhs-number.js';
export { normaliseForGuard } from './normalise.js';
export { warmUpTagger } from './tagger.js';

/** Finds what looks like a service user's personal data; undefined when none. */
export function containsPersonalData(text: string, opts: GuardOptions = {}): PersonalDataFinding | undefined {
  // Bound the work on pathological input: notes are capped at 2,000 characters before getting here.
  const t = normaliseForGuard(text.length > 20_000 ? text.slice(0, 20_000) : text);
  // Numbers, dates, postcodes and phones all need a digit; emails an @ (imports check every cell).
  const digits = /\d/.test(t);
  return (
    (digits ? findNhsNumber(t) ?? findDateOfBirth(t, opts.now) ?? findHomeAddress(t) ?? findPersonalPhone(t) : undefined) ??
    (t.includes('@') ? findPersonalEmail(t) : undefined) ??
    findServiceUserName(t)
  );
}

/** The refusal's two sentences: what looked personal, and how to say it anonymously. */
export function describeFinding(f: PersonalDataFinding, what = 'note'): { message: string; hint: string } {
  return {
    message: `Your ${what} was not saved: it seems to contain ${f.what} ("${f.excerpt}"). The register is about actions, not about the people services help, so it must not hold service users' personal data.`,
    hint: `Say it without identifying anyone: ${f.instead}.`,
  };
}
