// A chaos proxy in front of the Slack Web API double: it fails a share of calls with HTTP 5xx
// or 429 + Retry-After BEFORE they reach the double (so the double records only calls that
// Slack would have acted on), and can delay answers AFTER the double accepted a call (so a
// killed sender leaves sends "in flight": delivered at Slack, never recorded as sent).
// Decisions are per (method, recipient/message key, n-th call for that key): deterministic for
// a seed whatever order parallel sends arrive in — or random when `random` is passed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { seeded } from '../../support/flaky-port.js';
import type { SlackApiDouble } from '../../doubles/slack-api.js';

export interface ChaosOptions {
  /** Share of calls answered 500/502/503 (0..1). */
  failRate?: number;
  /** Share of calls answered 429 with Retry-After (0..1). */
  rateLimitRate?: number;
  /** Retry-After seconds: a value, or a range picked per call. */
  retryAfter?: number | [number, number];
  /** Delay (ms) between the double accepting a call and the answer going back. */
  delayMs?: number;
  /** Methods the chaos applies to (default: every method but auth.test). */
  methods?: string[];
  seed?: number;
  /** A random source instead of the deterministic per-key decision. */
  random?: () => number;
}

export interface ChaosProxy {
  /** Point SLACK_API_URL here. */
  apiUrl: string;
  stats: { calls: number; failed5xx: number; rateLimited: number; forwarded: number };
  /** chat.postMessage calls the double ACCEPTED, per message (channel + text). */
  postsPerMessage(): Map<string, number>;
  set(o: Partial<ChaosOptions>): void;
  close(): Promise<void>;
}

function hash(s: string, seed: number): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return seeded(h >>> 0)();
}

export async function startChaosProxy(double: SlackApiDouble, initial: ChaosOptions = {}): Promise<ChaosProxy> {
  let o: ChaosOptions = { ...initial };
  const seen = new Map<string, number>();
  const stats = { calls: 0, failed5xx: 0, rateLimited: 0, forwarded: 0 };
  const target = new URL(double.apiUrl);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handle(req, res, Buffer.concat(chunks)));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) {
    stats.calls++;
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
    const args = new URLSearchParams(body.toString('utf8'));
    const key = `${method}|${args.get('channel') ?? args.get('users') ?? args.get('email') ?? ''}|${args.get('text') ?? ''}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const applies = method !== 'auth.test' && (!o.methods || o.methods.includes(method));
    const r = o.random ? o.random() : hash(`${key}#${n}`, o.seed ?? 7);
    if (applies && r < (o.failRate ?? 0)) {
      stats.failed5xx++;
      res.writeHead([500, 502, 503][n % 3]!, { 'content-type': 'text/plain' }).end('upstream error');
      return;
    }
    if (applies && r < (o.failRate ?? 0) + (o.rateLimitRate ?? 0)) {
      stats.rateLimited++;
      const ra = o.retryAfter ?? 1;
      const secs = Array.isArray(ra) ? ra[0] + Math.floor(hash(`${key}#${n}#ra`, 3) * (ra[1] - ra[0] + 1)) : ra;
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(secs) }).end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    stats.forwarded++;
    let status = 502;
    let text = '';
    try {
      const fwd = await fetch(`${target.origin}${req.url}`, {
        method: 'POST',
        headers: { 'content-type': String(req.headers['content-type'] ?? 'application/x-www-form-urlencoded'), ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) },
        body: new Uint8Array(body),
      });
      status = fwd.status;
      text = await fwd.text();
    } catch {
      /* the double is gone */
    }
    if (applies && o.delayMs) await new Promise((r) => setTimeout(r, o.delayMs));
    if (!res.destroyed) res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(text);
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    stats,
    postsPerMessage() {
      const m = new Map<string, number>();
      for (const c of double.callsTo('chat.postMessage')) {
        const k = `${c.args.channel}|${c.args.text}`;
        m.set(k, (m.get(k) ?? 0) + 1);
      }
      return m;
    },
    set(p) {
      o = { ...o, ...p };
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
