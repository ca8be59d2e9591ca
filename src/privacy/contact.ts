// Personal contact details: email addresses at personal mail providers (gmail, hotmail,
// icloud, btinternet …) or called someone's own, and phone numbers that reach a person — any
// UK mobile (07…, +44 7…), and a landline next to "home", "mum", "his", "client" … A work
// address (…@towerhamlets.gov.uk, …@nhs.net), a switchboard, helpline or freephone number passes.
import { before, excerpt } from './normalise.js';
import type { PersonalDataFinding } from './types.js';

const EMAIL = /[A-Za-z0-9._%+\-]+@((?:[A-Za-z0-9\-]+\.)+[A-Za-z]{2,})/g;
const PERSONAL_DOMAINS = new Set([
  'gmail.com', 'googlemail.com', 'hotmail.com', 'hotmail.co.uk', 'outlook.com', 'outlook.co.uk', 'live.com', 'live.co.uk',
  'msn.com', 'yahoo.com', 'yahoo.co.uk', 'ymail.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'aol.co.uk',
  'btinternet.com', 'btopenworld.com', 'sky.com', 'virginmedia.com', 'ntlworld.com', 'blueyonder.co.uk', 'talktalk.net',
  'tiscali.co.uk', 'protonmail.com', 'proton.me', 'pm.me', 'gmx.com', 'gmx.co.uk', 'mail.com', 'zoho.com', 'yandex.com',
  'hushmail.com', 'tutanota.com', 'fastmail.com',
]);
const PERSONAL_CONTEXT = /\b(?:personal|private|home|his|her|their|mum'?s|mother'?s|dad'?s|father'?s|sister'?s|brother'?s|partner'?s|client'?s|patient'?s|su'?s|yp'?s|young\s+person'?s|service\s+user'?s)\b/i;

export function findPersonalEmail(text: string): PersonalDataFinding | undefined {
  for (const m of text.matchAll(EMAIL)) {
    const domain = (m[1] ?? '').toLowerCase();
    if (!PERSONAL_DOMAINS.has(domain) && !PERSONAL_CONTEXT.test(before(text, m.index ?? 0, 30))) continue;
    return {
      kind: 'personal_email',
      what: 'a personal email address',
      excerpt: excerpt(m[0]),
      instead: 'say "contacted by email" and keep the address in the case record',
    };
  }
  return undefined;
}

// A phone number as typed: optional +44/0044/(0), then digits with single spaces, dashes, dots or brackets.
const PHONE = /(?<![\d+])(?:\+\s?44|0044)?\s?\(?\d(?:[\s\-.()]{0,2}\d){8,11}(?![\d])/g;
const PHONE_CONTEXT = /\b(?:home|landline|mobile|mob|mum|mother|dad|father|sister|brother|partner|his|her|their|client|patient|su|yp|young\s+person|service\s+user|ring|text)\b/i;

/** The digits of a UK number in national form (0…), or undefined. */
function nationalDigits(raw: string): string | undefined {
  let d = raw.replace(/[^\d+]/g, '');
  if (d.startsWith('+44')) d = `0${d.slice(3)}`;
  else if (d.startsWith('0044')) d = `0${d.slice(4)}`;
  d = d.replace(/^00?(?=7\d{9}$)/, '0').replace(/\+/g, '');
  // "+44 (0)7700 900123"
  if (/^00\d{10}$/.test(d)) d = d.slice(1);
  return /^0\d{9,10}$/.test(d) ? d : undefined;
}

export function findPersonalPhone(text: string): PersonalDataFinding | undefined {
  for (const m of text.matchAll(PHONE)) {
    const d = nationalDigits(m[0]);
    if (!d) continue;
    const mobile = /^07\d{9}$/.test(d);
    const landline = /^0[12]\d{8,9}$/.test(d);
    if (!mobile && !(landline && PHONE_CONTEXT.test(before(text, m.index ?? 0, 30)))) continue;
    return {
      kind: 'personal_phone',
      what: 'a personal phone number',
      excerpt: excerpt(m[0].trim()),
      instead: 'say "contacted by phone"; if a number is needed, give the service\'s duty line or switchboard',
    };
  }
  return undefined;
}
