// Shared setup for the Teams end-to-end tests: a real migrated database with the fixture
// register, the real core, the Teams adapter over HTTP and the connector double that knows the
// Teams members (the member look-up answers their emails).
import { createCore } from '../../src/core/create-core.js';
import type { CoreApi } from '../../src/core/api.js';
import { createLogger, MemoryLogStream } from '../../src/log/logger.js';
import { bindChat } from '../../src/register/partnerships.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { buildFixture, NOW, type Fixture } from '../support/fixtures.js';
import { cardOf, cardText, fixture, startHarness, type ActivityJson, type Harness } from './harness.js';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** Teams users of the fixture people: channel account id, AAD object id, email. */
export const USERS = {
  alex: { id: '29:1a2b3c4d-alex', aadObjectId: '6d3b1e0c-0000-4000-8000-00000000a1e4', name: 'Alex Wilber', email: 'alexw@example.com' },
  megan: { id: '29:1a2b3c4d-megan', aadObjectId: '6d3b1e0c-0000-4000-8000-0000000e6a11', name: 'Megan Bowen', email: 'meganb@example.com' },
  adele: { id: '29:1a2b3c4d-adele', aadObjectId: '6d3b1e0c-0000-4000-8000-00000000ade1', name: 'Adele Vance', email: 'adelev@example.com' },
  olu: { id: '29:1a2b3c4d-olu', aadObjectId: '6d3b1e0c-0000-4000-8000-000000000010', name: 'Olu Ade', userPrincipalName: 'olu.ade@example.com' },
} as const;
export type UserKey = keyof typeof USERS;

export interface E2E {
  db: TestDatabase;
  fx: Fixture;
  core: CoreApi;
  h: Harness;
  logs: MemoryLogStream;
  now: Date;
  /** A personal-chat message from `who`; returns the HTTP status and the reply card's text. */
  say(who: UserKey, text: string): Promise<{ status: number; text: string; card: any; call: any }>;
  /** An activity from a fixture file, sent by `who` (its personal chat unless the fixture is a channel one). */
  activity(name: string, who: UserKey, patch?: (a: ActivityJson) => void): ActivityJson;
  close(): Promise<void>;
}

export async function startE2E(opts: { extraActions?: number } = {}): Promise<E2E> {
  const db = await createTestDatabase();
  const fx = await buildFixture(db, opts);
  const bound = await bindChat(db.prisma, fx.partnership.name, 'teams', TENANT);
  if (!bound.ok) throw new Error(bound.error.message);
  const logs = new MemoryLogStream();
  const logger = createLogger({ level: 'debug', destination: logs });
  const core = createCore({ db, logger });
  const now = NOW;
  const h = await startHarness({ config: { appType: 'MultiTenant' }, core, logger, clock: () => now });
  for (const u of Object.values(USERS)) h.connector.addMember({ ...u });
  let seq = 0;
  const activity = (name: string, who: UserKey, patch: (a: ActivityJson) => void = () => {}) =>
    fixture(name, h.connector.serviceUrl, (a) => {
      const u = USERS[who];
      a.from = { id: u.id, name: u.name, aadObjectId: u.aadObjectId };
      if (a.conversation.conversationType === 'personal') a.conversation.id = `a:personal-${who}`;
      seq += 1;
      if (typeof a.id === 'string' && !a.id.startsWith('f:')) a.id = `${a.id}${seq}`;
      patch(a);
    });
  return {
    db, fx, core, h, logs, now,
    activity,
    async say(who, text) {
      const before = h.connector.sent.length;
      const res = await h.post(activity('message-personal', who, (a) => (a.text = text)));
      const call = h.connector.sent.slice(before).at(-1);
      const card = cardOf(call);
      return { status: res.status, text: card ? cardText(card) : '', card, call };
    },
    async close() {
      await h.close();
      await db.drop();
    },
  };
}
