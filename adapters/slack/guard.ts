// The door of POST /slack/events, in front of Bolt (which re-checks the signature after us):
// - a body over the limit → 413; headers missing, a timestamp more than 5 minutes off in EITHER
//   direction (Bolt only refuses old ones) or a wrong signature → 401;
// - a request seen before (same signature: an exact replay, since Slack signs each delivery and
//   each retry afresh) is acknowledged (200, empty) and NOT processed again: a replayed command,
//   event or button press is processed once, and a proxy that re-sent a request sees no error;
// - a signed body that is not a JSON object (`null`, malformed JSON, a form whose `payload` is
//   not an object) → 400.
// Every refusal is one warn line, never a stack trace. The replay memory is bounded (count, age).
import crypto from 'node:crypto';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { LRUCache } from 'lru-cache';
import { BODY_LIMIT_BYTES } from '../../src/http/errors.js';
import type { Logger } from '../../src/log/logger.js';

/** Slack's documented window: requests more than 5 minutes off are refused. */
export const MAX_SKEW_SECONDS = 5 * 60;

export interface GuardOptions {
  signingSecret: string;
  logger: Logger;
  /** Wall-clock milliseconds (Slack's timestamps are real time, whatever the bot's clock says). */
  nowMs?: () => number;
  /** Most signatures remembered for replay detection (default 50,000). */
  maxRemembered?: number;
}

type Verdict = { ok: true } | { ok: false; status: 400 | 401; reason: string };

function verify(secret: string, raw: string, signature: string | undefined, timestamp: string | undefined, nowSec: number): Verdict {
  if (!signature || !timestamp) return { ok: false, status: 401, reason: 'the x-slack-signature and x-slack-request-timestamp headers are required' };
  const ts = Number(timestamp);
  if (!Number.isInteger(ts)) return { ok: false, status: 401, reason: 'the request timestamp is not a number of seconds' };
  if (Math.abs(nowSec - ts) > MAX_SKEW_SECONDS) {
    return { ok: false, status: 401, reason: `the request timestamp is ${Math.round((ts - nowSec) / 60)} min from now; at most 5 min either way is accepted` };
  }
  const expected = Buffer.from(`v0=${crypto.createHmac('sha256', secret).update(`v0:${ts}:${raw}`).digest('hex')}`);
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { ok: false, status: 401, reason: 'the signature does not match the body' };
  return { ok: true };
}

/** A signed body must be an object: JSON (events) or a form (commands; `payload` JSON for interactions). */
function bodyShape(raw: string, contentType: string | undefined): Verdict {
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  try {
    if (contentType?.startsWith('application/x-www-form-urlencoded')) {
      const payload = new URLSearchParams(raw).get('payload');
      if (payload !== null && !isObject(JSON.parse(payload))) return { ok: false, status: 400, reason: 'the form field "payload" is not a JSON object' };
      return { ok: true };
    }
    return isObject(JSON.parse(raw)) ? { ok: true } : { ok: false, status: 400, reason: 'the body is not a JSON object' };
  } catch {
    return { ok: false, status: 400, reason: 'the body is not valid JSON' };
  }
}

export function slackRequestGuard(opts: GuardOptions): RequestHandler[] {
  const nowMs = opts.nowMs ?? Date.now;
  // Older than the 5-minute window a request is refused anyway: remembering 11 minutes is enough.
  const seen = new LRUCache<string, true>({ max: opts.maxRemembered ?? 50_000, ttl: (2 * MAX_SKEW_SECONDS + 60) * 1000, perf: { now: nowMs } });
  const refuse = (res: Response, status: 400 | 401, reason: string, req: Request) => {
    opts.logger.warn({ event: 'slack.request_refused', status, reason, retry: req.headers['x-slack-retry-num'] }, `Slack request refused: ${reason}`);
    res.status(status).json({ error: `Slack request refused: ${reason}` });
  };
  const check = (req: Request, res: Response, next: NextFunction) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const text = raw.toString('utf8');
    const signature = req.header('x-slack-signature');
    const verdict = verify(opts.signingSecret, text, signature, req.header('x-slack-request-timestamp'), Math.floor(nowMs() / 1000));
    if (!verdict.ok) return refuse(res, verdict.status, verdict.reason, req);
    if (seen.has(signature!)) {
      opts.logger.warn({ event: 'slack.replay_ignored', retry: req.headers['x-slack-retry-num'] }, 'Slack request ignored: this exact request (same signature) was already received and processed');
      res.status(200).end();
      return;
    }
    seen.set(signature!, true);
    const shape = bodyShape(text, req.header('content-type'));
    if (!shape.ok) return refuse(res, shape.status, shape.reason, req);
    // Bolt reads the body from here instead of the (already consumed) stream.
    (req as Request & { rawBody?: Buffer }).rawBody = raw;
    next();
  };
  // Any content type is read as bytes (the signature covers the exact bytes); errors → src/http/errors.ts.
  return [express.raw({ type: () => true, limit: BODY_LIMIT_BYTES }), check];
}
