// Connector errors → the ChatPort's typed failures (SPEC §8: Teams retry 429, 412, 502, 504).
import type { SendFailure } from '../../src/chat/port.js';

interface HttpLikeError {
  name?: string;
  message?: string;
  response?: { status?: number; headers?: Headers | Record<string, string>; data?: unknown };
  cause?: { code?: string; message?: string };
  code?: string;
}

const header = (headers: Headers | Record<string, string> | undefined, name: string): string | undefined => {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const rec = headers as Record<string, string>;
  return rec[name] ?? rec[name.toLowerCase()];
};

/** Retry-After in seconds or an HTTP date → milliseconds (at least 1 s). */
export function retryAfterMs(value: string | undefined, now: Date, fallbackMs = 5_000): number {
  if (!value) return fallbackMs;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(1_000, Math.round(secs * 1000));
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(1_000, at - now.getTime()) : fallbackMs;
}

export const NOT_INSTALLED =
  'the person has not installed the app or has removed it (Teams answered {status}): install cdp-bot for them (Teams admin centre) or ask them to open the bot once';

export function classifySendError(error: unknown, now: Date): SendFailure {
  const e = (error ?? {}) as HttpLikeError;
  const status = e.response?.status;
  const body = e.response?.data ? JSON.stringify(e.response.data).slice(0, 200) : '';
  if (status === 403 || status === 404) {
    return { kind: 'unreachable', detail: NOT_INSTALLED.replace('{status}', String(status)) + (body ? ` — ${body}` : '') };
  }
  if (status === 401) return { kind: 'transient', detail: `the Bot Framework connector refused the bot's token (401) ${body}`.trim() };
  if (status === 429) {
    return { kind: 'rate_limited', retryAfterMs: retryAfterMs(header(e.response?.headers, 'retry-after'), now), detail: 'Teams answered 429 Too Many Requests' };
  }
  if (status !== undefined) return { kind: 'transient', detail: `Teams answered ${status} ${body}`.trim() };
  const code = e.cause?.code ?? e.code;
  // No answer at all (timeout, dropped connection): the message may have gone out.
  return { kind: 'transient', detail: `${code ?? e.name ?? 'error'}: ${e.cause?.message ?? e.message ?? String(error)}`.slice(0, 300), maybeSent: true };
}
