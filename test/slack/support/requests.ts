// Signed Slack requests to a running server, built from the recorded-shape fixtures.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/replay/slack');

export type Json = Record<string, any>;

/** A fixture (without its _comment), deep-merged with overrides (arrays are replaced). */
export function fixture(name: string, overrides: Json = {}): Json {
  const raw = JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as Json;
  delete raw._comment;
  return merge(raw, overrides);
}

function merge(a: Json, b: Json): Json {
  const out: Json = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && a[k] && typeof a[k] === 'object' && !Array.isArray(a[k]) ? merge(a[k], v) : v;
  }
  return out;
}

export function sign(secret: string, body: string, timestamp: number): string {
  return `v0=${crypto.createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SlackSender {
  /** POSTs a raw body with Slack's signature headers; `timestamp`/`signature` override for bad cases. */
  post(body: string, contentType: string, opts?: { timestamp?: number; signature?: string }): Promise<{ status: number; text: string; json?: Json }>;
  command(fields: Json, opts?: { timestamp?: number; signature?: string }): ReturnType<SlackSender['post']>;
  interaction(payload: Json): ReturnType<SlackSender['post']>;
  event(envelope: Json): ReturnType<SlackSender['post']>;
}

export function slackSender(url: string, secret: string): SlackSender {
  const post: SlackSender['post'] = async (body, contentType, opts = {}) => {
    const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': opts.signature ?? sign(secret, body, ts),
      },
      body,
    });
    const text = await res.text();
    let json: Json | undefined;
    try {
      json = text ? (JSON.parse(text) as Json) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, ...(json ? { json } : {}) };
  };
  const form = (fields: Json) => new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();
  return {
    post,
    command: (fields, opts) => post(form(fields), 'application/x-www-form-urlencoded', opts),
    interaction: (payload) => post(form({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded'),
    event: (envelope) => post(JSON.stringify(envelope), 'application/json'),
  };
}

/** Waits until `check` returns a value (polls; no timed assertions, just a generous ceiling). */
export async function eventually<T>(check: () => T | undefined | false, what: string, ceilingMs = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() - start > ceilingMs) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
