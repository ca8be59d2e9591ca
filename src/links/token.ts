// Signed links (pure): a token is "<id>.<expires>.<mac>", where mac is HMAC-SHA256 over the link's
// id, expiry, partnership, person and the refs it covers (its scope), keyed by the server secret.
// The scope itself lives in the SignedLink row: changing any of it, or the token, breaks the mac.
import crypto from 'node:crypto';

export interface LinkScope {
  id: string;
  partnershipId: string;
  personId: string;
  actionRefs: string[];
  contractRefs: string[];
  expiresAt: Date;
}

const TOKEN = /^([A-Za-z0-9_-]{16,64})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

export const newLinkId = (): string => crypto.randomBytes(16).toString('base64url');

function mac(secret: string, s: LinkScope, expSeconds: number): string {
  const refs = (xs: string[]) => [...xs].map((r) => r.toUpperCase()).sort().join(',');
  const text = ['cdp-link/v1', s.id, String(expSeconds), s.partnershipId, s.personId, `a:${refs(s.actionRefs)}`, `c:${refs(s.contractRefs)}`].join('|');
  return crypto.createHmac('sha256', secret).update(text).digest('base64url');
}

export function signLink(secret: string, scope: LinkScope): string {
  const exp = Math.floor(scope.expiresAt.getTime() / 1000);
  return `${scope.id}.${exp}.${mac(secret, scope, exp)}`;
}

/** The parts of a well-formed token, or undefined (then nothing else is looked at). */
export function parseToken(token: string): { id: string; expSeconds: number; mac: string } | undefined {
  const m = TOKEN.exec(token);
  return m ? { id: m[1]!, expSeconds: Number(m[2]), mac: m[3]! } : undefined;
}

/** True when the token was signed with `secret` for exactly this scope (timing-safe). */
export function tokenMatches(secret: string, token: { expSeconds: number; mac: string }, scope: LinkScope): boolean {
  if (Math.floor(scope.expiresAt.getTime() / 1000) !== token.expSeconds) return false;
  const want = Buffer.from(mac(secret, scope, token.expSeconds));
  const got = Buffer.from(token.mac);
  return want.length === got.length && crypto.timingSafeEqual(want, got);
}

/** CSRF token for a form on a link's page: bound to the link and the browser's cookie nonce. */
export function csrfToken(secret: string, linkId: string, nonce: string): string {
  return crypto.createHmac('sha256', secret).update(`cdp-csrf/v1|${linkId}|${nonce}`).digest('base64url');
}

export function csrfMatches(secret: string, linkId: string, nonce: string, token: string): boolean {
  const want = Buffer.from(csrfToken(secret, linkId, nonce));
  const got = Buffer.from(token);
  return want.length === got.length && crypto.timingSafeEqual(want, got);
}
