// A digest fan-out under start(), as `cdp start` runs it, in real time and with the default
// Slack pacing (10 workspaces of 2 channels, well inside each workspace's burst of 20): every
// channel's first post goes out at once; a channel's second post goes out
// when its window opens (a second after Slack answered the first), not a poll round later; a
// 429 with Retry-After: 1 s moves that channel's posts by exactly the Retry-After. The claim of
// the next row, its sendingAt mark and the previous row's "sent" record happen while the channel
// waits, so none of them delays the send.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatPort, SendResult } from '../../src/chat/port.js';
import { silentLogger } from '../../src/log/logger.js';
import { message } from '../../src/message/model.js';
import { createDispatcher } from '../../src/outbox/dispatcher.js';
import { enqueue, type NewNotification } from '../../src/outbox/enqueue.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

/** How late a send may be against its window (a busy test machine running other test files), well under a poll round (2 s). */
const LATE_MS = 700;
const CHANNELS = 20;

interface Call { channel: string; summary: string; sentAt: number; answeredAt: number; ok: boolean }

describe('dispatcher start(): a channel’s next message goes out when its window opens', () => {
  it('first posts at once, each second post one second after the first was answered, a 429 delaying only its channel by its Retry-After', async () => {
    const partnerships = await Promise.all(
      Array.from({ length: CHANNELS / 2 }, (_, i) => db.prisma.partnership.create({ data: { name: `Window CDP ${i}`, planYear: '2026-27' } })),
    );
    const channels = Array.from({ length: CHANNELS }, (_, i) => `CW${String(i).padStart(3, '0')}`);
    const limited = channels[7]!;
    const items: NewNotification[] = channels.flatMap((channelId, i) =>
      [0, 1].map((k) => ({
        partnershipId: partnerships[i % partnerships.length]!.id, kind: 'digest', dedupeKey: `window:${channelId}:${k}`,
        recipient: { kind: 'channel' as const, platform: 'slack' as const, channelId }, message: message(`${channelId} #${k}`),
      })),
    );
    await enqueue(db.prisma, items, new Date());

    const calls: Call[] = [];
    let refused = false;
    const answer = async (channel: string, summary: string): Promise<SendResult> => {
      const sentAt = Date.now();
      await new Promise((r) => setTimeout(r, 5)); // the platform's round trip
      const ok = !(channel === limited && !refused);
      refused = refused || channel === limited;
      calls.push({ channel, summary, sentAt, answeredAt: Date.now(), ok });
      return ok
        ? { ok: true, ref: { platform: 'slack', channelId: channel, messageId: `${sentAt}.${calls.length}` } }
        : { ok: false, failure: { kind: 'rate_limited', retryAfterMs: 1000 } };
    };
    const port: ChatPort = {
      platform: 'slack',
      canReach: () => true,
      sendDirect: async () => ({ ok: false, failure: { kind: 'unreachable', detail: 'n/a' } }),
      postToChannel: (c, m) => answer(c.channelId, m.summary),
      update: async (ref) => ({ ok: true, ref }),
    };

    const d = createDispatcher({ db, ports: [port], logger: silentLogger(), clock: () => new Date() });
    const start = Date.now();
    d.start();
    while (calls.filter((c) => c.ok).length < items.length && Date.now() - start < 15_000) await new Promise((r) => setTimeout(r, 20));
    await d.stop();

    // Everything once, in order per channel.
    const sent = calls.filter((c) => c.ok);
    expect(sent.map((c) => c.summary).sort()).toEqual(items.map((i) => i.message.summary).sort());
    for (const ch of channels) expect(sent.filter((c) => c.channel === ch).map((c) => c.summary)).toEqual([`${ch} #0`, `${ch} #1`]);

    // The first posts go out together: a fan-out, not one channel after another.
    const firsts = calls.filter((c) => c.summary.endsWith('#0') && c.channel !== limited);
    expect(Math.max(...firsts.map((c) => c.sentAt)) - start).toBeLessThan(1000);

    // Each channel's next post goes out when its window opens: a second after the previous
    // answer (never sooner), and not later than a busy machine explains.
    for (const ch of channels) {
      const [a, b, c] = calls.filter((x) => x.channel === ch);
      const windows = ch === limited ? [[a!, b!], [b!, c!]] : [[a!, b!]];
      for (const [prev, next] of windows) {
        expect(next!.sentAt - prev!.answeredAt, `${ch}: ${next!.summary}`).toBeGreaterThanOrEqual(1000);
        expect(next!.sentAt - prev!.answeredAt, `${ch}: ${next!.summary}`).toBeLessThan(1000 + LATE_MS);
      }
    }

    // Each row was marked as being sent before the platform was asked, and recorded sent.
    const rows = await db.prisma.notification.findMany({ where: { dedupeKey: { startsWith: 'window:' } } });
    expect(rows.every((r) => r.state === 'sent')).toBe(true);
    for (const r of rows) {
      const call = sent.find((c) => c.summary === (r.payload as { message: { summary: string } }).message.summary)!;
      expect(r.sendingAt!.getTime()).toBeLessThanOrEqual(call.sentAt);
    }
  }, 30_000);
});
