// Home addresses: a house or flat number and a street, followed within the same line by a full
// UK postcode ("14 Cable Street, London E1 6QL", "Flat 3, 22 Roman Road, E2 0HU"). A venue's
// address (hub, clinic, offices, pharmacy, town hall …) is not a person's home and passes, and
// so does a postcode area alone ("the E1, E2 and E3 postcodes").
import { before, excerpt } from './normalise.js';
import type { PersonalDataFinding } from './types.js';

const POSTCODE = String.raw`\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}\b`;
const STREET = String.raw`(?:street|st|road|rd|lane|ln|avenue|ave|close|cl|way|drive|dr|court|ct|place|pl|gardens|gdns|crescent|cres|grove|gr|terrace|tce|walk|square|sq|hill|row|mews|park|house|estate|green|parade|rise|view|buildings|path|yard|wharf|quay|common|broadway|high\s+street|passage)`;
// "[Flat 3,] 22[a] Some Name Street[, Town], E1 6QL" — up to 60 characters between the street and the postcode.
const ADDRESS = new RegExp(
  String.raw`(?:\bflat\s+\d+[a-z]?,?\s+)?(?:\bno\.?\s*)?\b\d{1,4}[a-z]?,?\s+(?:[A-Za-z'’\-]+\s+){0,3}${STREET}\b[^\n]{0,60}?${POSTCODE}`,
  'gi',
);
const VENUE = /\b(?:hub|centre|center|clinic|venue|office|offices|pharmacy|boots|surgery|practice|library|town\s+hall|church|mosque|temple|hall|site|premises|hq|headquarters|station|hospital|school|college|cafe|café|shop|store|drop-in|service|unit|depot)\b/i;

const ANY_POSTCODE = new RegExp(POSTCODE, 'i');

export function findHomeAddress(text: string): PersonalDataFinding | undefined {
  if (!ANY_POSTCODE.test(text)) return undefined;
  for (const m of text.matchAll(ADDRESS)) {
    const idx = m.index ?? 0;
    if (VENUE.test(before(text, idx, 50))) continue;
    return {
      kind: 'home_address',
      what: 'a home address',
      excerpt: excerpt(m[0]),
      instead: 'name the area instead of the address, e.g. "in Bow" or "in E3"',
    };
  }
  return undefined;
}
