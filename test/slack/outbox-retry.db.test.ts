// The outbox sending through the Slack ChatPort: a 429 from Slack delays the DM until exactly
// Retry-After, then it goes out; nothing is lost and nothing is sent twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSenderClient, createSlackPort } from '../../adapters/slack/port.js';
import { silentLogger } from '../../src/log/logger.js';
import { createDispatcher } from '../../src/outbox/dispatcher.js';
import { enqueue } from '../../src/outbox/enqueue.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createFakeClock } from '../support/fake-clock.js';
import { createOutboxFixture } from '../support/outbox-fixture.js';
import { startSlackApiDouble, type SlackApiDouble } from '../doubles/slack-api.js';

let db: TestDatabase;
let api: SlackApiDouble;
beforeAll(async () => {
  db = await createTestDatabase();
  api = await startSlackApiDouble();
});
afterAll(async () => {
  await api.close();
  await db.drop();
});

describe('outbox → Slack', () => {
  it('429 with Retry-After: 30 → retried 30 s later, then delivered once with blocks', async () => {
    const fx = await createOutboxFixture(db, 'Slack Retry CDP', 1);
    const person = fx.people[0]!;
    const identity = await db.prisma.chatIdentity.findFirstOrThrow({ where: { personId: person.id, platform: 'slack' } });
    api.addUser({ id: identity.externalId, name: 'p0', email: person.email });
    const clock = createFakeClock('2026-11-23T09:30:00Z');
    await enqueue(db.prisma, [{
      partnershipId: fx.partnershipId, kind: 'nudges', dedupeKey: 'slack-retry-1',
      recipient: { kind: 'person', personId: person.id },
      message: { summary: 'TRS-07 is due in 3 days', blocks: [{ type: 'item', ref: 'TRS-07', title: 'Launch <!channel>', status: 'on_track' }] },
      about: { actionRefs: ['TRS-07'] },
    }], clock.now());
    const port = createSlackPort({ client: createSenderClient(api.token, api.apiUrl), logger: silentLogger() });
    const d = createDispatcher({ db, ports: [port], logger: silentLogger(), clock: () => clock.now(), settings: { sleep: (ms) => clock.sleep(ms), random: () => 0.5 } });

    api.inject('chat.postMessage', { status: 429, retryAfter: 30 });
    const first = await d.runOnce();
    expect(first.outcomes.map((o) => o.result)).toEqual(['retry']);
    const row = await db.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: 'slack-retry-1' } });
    expect(row.state).toBe('pending');
    expect(row.nextAttemptAt.getTime() - clock.now().getTime()).toBeGreaterThanOrEqual(30_000 - 1000);
    expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(new Date('2026-11-23T09:30:30Z').getTime() + 1000);

    clock.set(row.nextAttemptAt);
    const second = await d.runOnce();
    expect(second.outcomes.map((o) => o.result)).toEqual(['sent']);
    const sent = await db.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: 'slack-retry-1' } });
    expect(sent.state).toBe('sent');
    const posts = api.callsTo('chat.postMessage');
    expect(posts).toHaveLength(2); // the rate-limited one and the delivery
    expect(posts[1]!.args.blocks[0].text.text).toContain('Launch &lt;!channel&gt;');
    expect((await d.runOnce()).claimed).toBe(0);
    expect(api.callsTo('chat.postMessage')).toHaveLength(2);
  });
});
