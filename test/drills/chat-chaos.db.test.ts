// Drill: the Slack Web API fails half of all calls — 25 % HTTP 5xx, 25 % 429 with Retry-After
// of 1–30 s — while the outbox sends 150 DMs (conversations.open + chat.postMessage each) and
// 50 channel posts through the real Slack ChatPort and dispatcher to the Web API double.
// Everything is delivered, each message accepted by Slack exactly once, with the partnership's
// default retry settings. Time is simulated (the dispatcher's clock and sleeps), HTTP is real.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSenderClient, createSlackPort } from '../../adapters/slack/port.js';
import { silentLogger } from '../../src/log/logger.js';
import { createDispatcher } from '../../src/outbox/dispatcher.js';
import { enqueue, type NewNotification } from '../../src/outbox/enqueue.js';
import { startSlackApiDouble, type SlackApiDouble } from '../doubles/slack-api.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createFakeClock } from '../support/fake-clock.js';
import { runUntilQuiet } from '../support/outbox-fixture.js';
import { startChaosProxy, type ChaosProxy } from './support/chaos-slack.js';

const PEOPLE = 150;
const CHANNELS = 50;
let db: TestDatabase;
let api: SlackApiDouble;
let chaos: ChaosProxy;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startSlackApiDouble();
  chaos = await startChaosProxy(api, { failRate: 0.25, rateLimitRate: 0.25, retryAfter: [1, 30], seed: Number(process.env.DRILL_CHAOS_SEED ?? 20261122) });
});
afterAll(async () => {
  await chaos?.close();
  await api?.close();
  await db?.drop();
});

async function createPeople(n: number) {
  const p = await db.prisma.partnership.create({ data: { name: 'Chaos CDP', planYear: '2026-27' } });
  const people: { id: string; name: string }[] = [];
  for (let i = 0; i < n; i++) {
    const person = await db.prisma.person.create({ data: { partnershipId: p.id, name: `Person ${i}`, email: `p${i}@chaos.example` } });
    await db.prisma.chatIdentity.create({ data: { partnershipId: p.id, personId: person.id, platform: 'slack', externalId: `U0CHAOS${i}` } });
    api.addUser({ id: `U0CHAOS${i}`, name: `person${i}` });
    people.push(person);
  }
  return { partnershipId: p.id, people };
}

describe('drill: chat API failing 50 % of calls', () => {
  it(`${PEOPLE} DMs and ${CHANNELS} channel posts: all delivered, each once`, async () => {
    // Fixed Slack user ids and texts: the chaos decisions (per method, key and n-th call) are the same every run.
    const fx = await createPeople(PEOPLE);
    const clock = createFakeClock('2026-11-23T09:30:00Z');
    const items: NewNotification[] = [
      ...fx.people.map((p, i) => ({
        partnershipId: fx.partnershipId, kind: 'nudges', dedupeKey: `drill-chaos:dm:${i}`,
        recipient: { kind: 'person' as const, personId: p.id },
        message: { summary: `Drill nudge ${i} for ${p.name}`, blocks: [{ type: 'text' as const, text: `Drill nudge ${i}` }] },
      })),
      ...Array.from({ length: CHANNELS }, (_, i) => ({
        partnershipId: fx.partnershipId, kind: 'digest', dedupeKey: `drill-chaos:ch:${i}`,
        recipient: { kind: 'channel' as const, platform: 'slack' as const, channelId: `C0CHAOS${i}` },
        message: { summary: `Drill digest ${i}`, blocks: [{ type: 'text' as const, text: `Drill digest ${i}` }] },
      })),
    ];
    expect((await enqueue(db.prisma, items, clock.now())).created).toBe(items.length);

    const port = createSlackPort({ client: createSenderClient(api.token, chaos.apiUrl), logger: silentLogger() });
    const dispatcher = createDispatcher({ db, ports: [port], logger: silentLogger(), clock: clock.now, settings: { sleep: clock.sleep } });
    const start = clock.now().getTime();
    await runUntilQuiet(db, dispatcher, clock, fx.partnershipId);

    const rows = await db.prisma.notification.findMany({ where: { partnershipId: fx.partnershipId } });
    const failed = rows.filter((r) => r.state !== 'sent');
    const posts = chaos.postsPerMessage();
    const attempts = rows.map((r) => r.attempts);
    process.stdout.write(
      `[drill chaos] ${items.length} messages; ${chaos.stats.calls} API calls: ${chaos.stats.failed5xx} 5xx, ${chaos.stats.rateLimited} 429; ` +
        `sent ${rows.length - failed.length}, failed ${failed.length}; attempts max ${Math.max(...attempts)}; ` +
        `accepted posts per message max ${Math.max(...posts.values())}; simulated time ${Math.round((clock.now().getTime() - start) / 60_000)} min\n`,
    );
    expect(failed.map((r) => `${r.dedupeKey}: ${r.lastError}`)).toEqual([]);
    expect(posts.size).toBe(items.length);
    expect([...posts.values()].every((n) => n === 1)).toBe(true);
    expect(chaos.stats.failed5xx).toBeGreaterThan(0);
    expect(chaos.stats.rateLimited).toBeGreaterThan(0);
  }, 60_000);
});
