// The signed-link pages on the bot's one HTTP server:
//   GET  /e/<token>   the link's items as they are now (never changes anything); ?ref=&status=
//                     (or &stage=) from an email button shows that choice awaiting one click
//   POST /e/<token>   a status, stage and/or note, with the page's CSRF token; the change goes
//                     through the core (recorded "via email") and the page comes back updated.
// A tampered, expired or revoked link, a missing CSRF token or too many requests get a plain
// 4xx page and change nothing. The token is in the URL, so pages are never cached or referred.
import crypto from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { CoreApi } from '../core/api.js';
import type { Logger } from '../log/logger.js';
import { ACTION_STATUSES, CONTRACT_STAGES, type ActionStatus, type ContractStage } from '../register/status.js';
import { linkPageHtml, refusalHtml, type Preselect } from './page.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';

export interface WebOptions {
  core: Pick<CoreApi, 'links'>;
  logger: Logger;
  clock: () => Date;
  /** Requests per link: default 30 a minute, 15 at once. */
  limiter?: RateLimiter;
}

const COOKIE = 'cdp_csrf';
const STATUS_OF_CODE: Record<string, number> = { link_invalid: 403, link_expired: 410, link_revoked: 410 };
const TITLE_OF_CODE: Record<string, string> = { link_invalid: 'This link is not valid', link_expired: 'This link has expired', link_revoked: 'This link has been withdrawn' };

function headers(res: Response): void {
  res.set({
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'X-Robots-Tag': 'noindex',
  });
}

function cookieNonce(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === COOKIE && v && /^[A-Za-z0-9_-]{16,64}$/.test(v)) return v;
  }
  return undefined;
}

const pick = <T extends string>(list: readonly T[], v: unknown): T | undefined =>
  typeof v === 'string' && (list as readonly string[]).includes(v) ? (v as T) : undefined;

export function createWebRouter(opts: WebOptions): Router {
  const { core, logger, clock } = opts;
  const limiter = opts.limiter ?? createRateLimiter({ perMinute: 30, burst: 15 });
  const router = express.Router();

  const refuse = (res: Response, status: number, title: string, message: string, hint?: string) => {
    headers(res);
    res.status(status).type('html').send(refusalHtml(title, message, hint));
  };

  /** Rate limit (per link), then the token's own checks. */
  const limited = (req: Request, res: Response): boolean => {
    const wait = limiter.take(String(req.params.token).split('.')[0] ?? '', clock().getTime());
    if (wait === 0) return false;
    res.set('Retry-After', String(Math.ceil(wait / 1000)));
    refuse(res, 429, 'Too many requests', 'This link has been used many times in a short while, so it is paused for a moment. Nothing was changed.', `Try again in ${Math.ceil(wait / 1000)} seconds.`);
    return true;
  };

  /** The browser's CSRF nonce: an existing cookie, else a new one set now (SameSite=Strict, HttpOnly). */
  const nonceFor = (req: Request, res: Response): string => {
    const have = cookieNonce(req);
    if (have) return have;
    const nonce = crypto.randomBytes(18).toString('base64url');
    res.cookie(COOKIE, nonce, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/e/', maxAge: 14 * 86_400_000 });
    return nonce;
  };

  router.get('/e/:token', async (req, res, next) => {
    try {
      if (limited(req, res)) return;
      const token = String(req.params.token);
      const opened = await core.links.open(token, clock());
      if (!opened.ok) return refuse(res, STATUS_OF_CODE[opened.error.code] ?? 400, TITLE_OF_CODE[opened.error.code] ?? 'This link cannot be used', opened.error.message, opened.error.hint);
      const csrf = await core.links.csrfToken(opened.value.linkId, nonceFor(req, res));
      const ref = typeof req.query.ref === 'string' ? req.query.ref.toUpperCase() : undefined;
      const status = pick(ACTION_STATUSES, req.query.status);
      const stage = pick(CONTRACT_STAGES, req.query.stage);
      const preselect: Preselect | undefined = ref && (status || stage) ? { ref, ...(status ? { status } : {}), ...(stage ? { stage } : {}) } : undefined;
      headers(res);
      res.type('html').send(linkPageHtml({ session: opened.value, csrf, action: `/e/${token}`, ...(preselect ? { preselect } : {}) }));
    } catch (e) {
      next(e);
    }
  });

  router.post('/e/:token', express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }), async (req, res, next) => {
    try {
      if (limited(req, res)) return;
      const token = String(req.params.token);
      const now = clock();
      const opened = await core.links.open(token, now);
      if (!opened.ok) return refuse(res, STATUS_OF_CODE[opened.error.code] ?? 400, TITLE_OF_CODE[opened.error.code] ?? 'This link cannot be used', opened.error.message, opened.error.hint);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const nonce = cookieNonce(req);
      const csrf = typeof body.csrf === 'string' ? body.csrf : '';
      if (!nonce || !csrf || !(await core.links.csrfMatches(opened.value.linkId, nonce, csrf))) {
        logger.warn({ event: 'web.csrf_refused', linkId: opened.value.linkId, hasCookie: Boolean(nonce) }, 'link page form refused: CSRF token missing or wrong');
        return refuse(res, 403, 'This form has expired', 'The form was not sent from this link’s page in this browser (its security token did not match), so nothing was changed.', 'Open the link from your email again and use the buttons on that page.');
      }
      const status = pick<ActionStatus>(ACTION_STATUSES, body.status);
      const stage = pick<ContractStage>(CONTRACT_STAGES, body.stage);
      if ((body.status !== undefined && !status) || (body.stage !== undefined && !stage)) {
        return refuse(res, 400, 'Not a status', `“${String(body.status ?? body.stage).slice(0, 40)}” is not a status or stage this page offers; nothing was changed.`, 'Use the buttons on the page.');
      }
      const ref = typeof body.ref === 'string' ? body.ref.slice(0, 40) : '';
      const note = typeof body.note === 'string' ? body.note : undefined;
      const pressed = await core.links.press(token, { ref, ...(status ? { status } : {}), ...(stage ? { stage } : {}), ...(note !== undefined ? { note } : {}) }, now);
      if (!pressed.ok) return refuse(res, STATUS_OF_CODE[pressed.error.code] ?? 400, TITLE_OF_CODE[pressed.error.code] ?? 'This link cannot be used', pressed.error.message, pressed.error.hint);
      const { result, session } = pressed.value;
      const failed = Boolean(result.meta?.error);
      logger.info({ event: 'web.link_press', linkId: session.linkId, ref, status, stage, error: result.meta?.error }, 'link page update');
      headers(res);
      res.status(failed ? 422 : 200).type('html').send(
        linkPageHtml({ session, csrf, action: `/e/${token}`, result, ...(failed && note ? { keepNote: { ref: ref.toUpperCase(), note } } : {}) }),
      );
    } catch (e) {
      next(e);
    }
  });

  // Body-parser refusals and bugs on these routes get a page, never a stack trace.
  router.use('/e', (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large') return refuse(res, 413, 'Too long', 'That note is too long to send (at most 2,000 characters); nothing was changed.', 'Shorten it and try again.');
    if (type === 'parameters.too.many' || type === 'entity.parse.failed' || type === 'encoding.unsupported') {
      return refuse(res, 400, 'Not understood', 'The form could not be read; nothing was changed.', 'Use the buttons on the page.');
    }
    logger.error({ err }, 'link page failed');
    return refuse(res, 500, 'Something went wrong', 'Sorry — something went wrong on our side and nothing was changed.', 'Please try again in a minute.');
  });
  return router;
}
