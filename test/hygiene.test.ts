// Note hygiene (SPEC §8): control characters, the 2,000-character cap, and the refusal of
// service users' personal data (NHS numbers by checksum, dates of birth, named clients).
import { describe, expect, it } from 'vitest';
import { cleanNote, containsPersonalData, isValidNhsNumber, NOTE_LIMIT } from '../src/commands/hygiene.js';

const now = new Date('2026-11-22T12:00:00Z');
const cleaned = (text: string) => {
  const r = cleanNote(text, { now });
  if (!r.ok) throw new Error(`expected "${text}" to pass, got ${r.error.message}`);
  return r.value;
};
const refused = (text: string) => {
  const r = cleanNote(text, { now });
  if (r.ok) throw new Error(`expected "${text}" to be refused, got "${r.value}"`);
  expect(r.error.message).toBeTruthy();
  expect(r.error.hint).toBeTruthy();
  return r.error;
};

describe('cleaning', () => {
  it('strips control characters but keeps newlines and tabs; normalises CRLF; trims', () => {
    expect(cleaned('  a\u0000b\u0007c\u001b[31md\u007f\u0085 ')).toBe('abc[31md');
    expect(cleaned('line 1\r\nline 2\rline 3\n\tindented')).toBe('line 1\nline 2\nline 3\n\tindented');
    expect(cleaned('abc\u202Eevil\u2066x')).toBe('abcevilx');
  });

  it('keeps unicode, emoji and right-to-left text', () => {
    expect(cleaned('Café ✅ 👩🏽‍⚕️ تم الإطلاق')).toBe('Café ✅ 👩🏽‍⚕️ تم الإطلاق');
  });

  it('removes unpaired surrogates (they cannot be stored)', () => {
    expect(cleaned('a\uD800b\uDC00c')).toBe('abc');
  });

  it('allows exactly 2,000 characters and refuses 2,001 with the length and the limit', () => {
    expect(cleaned('x'.repeat(NOTE_LIMIT))).toHaveLength(2000);
    const e = refused('x'.repeat(2001));
    expect(e.code).toBe('too_long');
    expect(e.message).toContain('2,001 characters');
    expect(e.message).toContain('at most 2,000');
  });

  it('counts characters as people do (an emoji is one)', () => {
    expect(cleaned('😀'.repeat(2000))).toHaveLength(4000);
    expect(refused('😀'.repeat(2001)).code).toBe('too_long');
  });

  it('measures the length after cleaning', () => {
    expect(cleaned(`  ${'x'.repeat(2000)}\u0000\u0000  `)).toHaveLength(2000);
  });

  it('empty is fine (the caller decides whether a note is needed)', () => {
    expect(cleaned('   \u0000 ')).toBe('');
  });
});

describe('NHS numbers', () => {
  it.each(['9434765919', '943 476 5919', '943-476-5919', '4010232137'])('valid %s is refused', (n) => {
    const e = refused(`Referred, NHS ${n}, to treatment`);
    expect(e.code).toBe('personal_data');
    expect(e.message).toContain('NHS number');
    expect(e.message).toContain('actions, not about the people');
  });

  it.each([
    ['9434765918', 'wrong check digit'],
    ['943 476 5910', 'wrong check digit'],
    ['0207 946 0958', 'a London phone number'],
    ['1234567890', 'check digit would be 10'],
    ['0000000000', 'all zeros'],
    ['94347659190', '11 digits'],
  ])('%s passes (%s)', (n) => {
    expect(cleaned(`call ${n} for details`)).toContain(n);
  });

  it('checksum', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('943476591')).toBe(false);
  });
});

describe('dates of birth', () => {
  it.each([
    'DOB 12/03/1985',
    'dob: 12-03-85',
    'd.o.b. 1 April 1990',
    'D.O.B 01.04.1990',
    'date of birth 3rd March 1979',
    'born 12/03/1985, referred to RESET',
    'born on 5 June 1992',
    'born in 1988',
    'DOB 1985',
  ])('"%s" is refused', (text) => {
    const e = refused(text);
    expect(e.code).toBe('personal_data');
    expect(e.message).toContain('date of birth');
  });

  it.each([
    'launched 12/03/2026 with partners',
    'pathway born out of the 2025 review',
    'the scheme was born 01/04/2022',
    'DOB checks added to the referral form',
    'meeting on 3 March 2026',
  ])('"%s" passes', (text) => {
    expect(cleaned(text)).toBe(text);
  });
});

describe('named service users', () => {
  it.each([
    'client John Smith engaged well',
    'service user Mary attended',
    'Service users: Ahmed and Ben',
    'patient Mr Khan discharged',
    'client J. Smith re-referred',
    'the client named Sarah did not attend',
  ])('"%s" is refused', (text) => {
    const e = refused(text);
    expect(e.code).toBe('personal_data');
    expect(e.message).toContain('name of a service user');
  });

  it.each([
    'client feedback was positive',
    'Client Services team restructured',
    'service user involvement forum set up',
    'Service User Voice group meets monthly',
    'patient safety review completed',
    'client A and client B case studies anonymised',
    'clients referred: 14',
    'residents Tower Hamlets wide survey',
  ])('"%s" passes', (text) => {
    expect(cleaned(text)).toBe(text);
  });
});

describe('contact details', () => {
  it('a mobile number is a personal phone number (NHS checksum aside)', () => {
    const e = refused('call 07700 900123 for details');
    expect(e.message).toContain('a personal phone number');
    expect(e.hint).toContain('duty line or switchboard');
  });
});

describe('containsPersonalData', () => {
  it('says what it found', () => {
    expect(containsPersonalData('NHS 943 476 5919')).toMatchObject({ kind: 'nhs_number' });
    expect(containsPersonalData('DOB 12/03/1985')).toMatchObject({ kind: 'date_of_birth' });
    expect(containsPersonalData('client John')).toMatchObject({ kind: 'named_service_user' });
    expect(containsPersonalData('all good')).toBeUndefined();
  });
});
