// One deployment of the whole HTTP server for the trust-boundary tests, configured like
// src/app/start.ts configures it: a Slack-only deployment (Slack credentials, no Microsoft ones:
// Teams 'off'), or local mode (no credentials: Teams with authentication off, loopback only).
// Plus an "attacker" HTTP server that records every request made to it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { createSlackAdapter } from '../../adapters/slack/app.js';
import { createTeamsAdapter, type TeamsAdapter } from '../../adapters/teams/app.js';
import type { TeamsMode } from '../../src/config/config.js';
import type { CoreApi } from '../../src/core/api.js';
import { createCore } from '../../src/core/create-core.js';
import { createLogger, MemoryLogStream } from '../../src/log/logger.js';
import { bindChat } from '../../src/register/partnerships.js';
import { startServer } from '../../src/server.js';
import { BotConnectorDouble } from '../doubles/bot-connector.js';
import { startSlackApiDouble, type SlackApiDouble } from '../doubles/slack-api.js';
import { slackSender, type SlackSender } from '../slack/support/requests.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { buildFixture, NOW, type Fixture } from '../support/fixtures.js';

export const TEAM = 'T0TRUST';
export const SECRET = 'trust-signing-secret-91c2';
export const TENANT = '0a1b2c3d-0000-4000-8000-00000000c0de';
export const SLACK_USERS = {
  alex: { id: 'U0ALEX', name: 'alexw', email: 'alexw@example.com' },
  adele: { id: 'U0ADELE', name: 'adelev', email: 'adelev@example.com' },
} as const;

export interface TrustSystem {
  db: TestDatabase;
  fx: Fixture;
  core: CoreApi;
  logs: MemoryLogStream;
  base: string;
  slackApi?: SlackApiDouble;
  slack?: SlackSender;
  teams: TeamsAdapter;
  connector: BotConnectorDouble;
  /** The register's state a forged request must leave untouched. */
  snapshot(): Promise<unknown>;
  close(): Promise<void>;
}

export async function startTrustSystem(opts: { slack: boolean; teamsMode: TeamsMode; cache?: { maxEntries?: number; maxBytes?: number } }): Promise<TrustSystem> {
  const db = await createTestDatabase();
  const fx = await buildFixture(db);
  const logs = new MemoryLogStream();
  const logger = createLogger({ level: 'info', destination: logs });
  const core = createCore({ db, logger });
  const clock = () => NOW;
  let slackApi: SlackApiDouble | undefined;
  let slackRouter;
  if (opts.slack) {
    slackApi = await startSlackApiDouble({ teamId: TEAM, users: Object.values(SLACK_USERS).map((u) => ({ ...u })) });
    const adapter = await createSlackAdapter({ config: { signingSecret: SECRET, botToken: slackApi.token, apiUrl: slackApi.apiUrl }, core, logger, clock });
    const bound = await bindChat(db.prisma, fx.partnership.name, 'slack', adapter.teamId);
    if (!bound.ok) throw new Error(bound.error.message);
    slackRouter = adapter.router;
  }
  const connector = new BotConnectorDouble();
  await connector.start();
  if (opts.teamsMode === 'local') {
    core.tenancy.setLocalTeamsMode(true);
    const bound = await bindChat(db.prisma, fx.partnership.name, 'teams', TENANT);
    if (!bound.ok) throw new Error(bound.error.message);
  }
  const teams = createTeamsAdapter({ config: { appType: 'MultiTenant' }, mode: opts.teamsMode, core, logger, clock, ...(opts.cache ? { cache: opts.cache } : {}) });
  const server = await startServer({
    port: 0, host: '127.0.0.1', logger, ready: () => db.ping(), teams: teams.router, banner: ['trust'], ...(slackRouter ? { slack: slackRouter } : {}),
  });
  const base = `http://127.0.0.1:${server.port}`;
  return {
    db, fx, core, logs, base, teams, connector,
    ...(slackApi ? { slackApi, slack: slackSender(`${base}/slack/events`, SECRET) } : {}),
    async snapshot() {
      const p = db.prisma;
      const [updates, actions, identities, notifications, conversations, bindings, subgroups] = await Promise.all([
        p.statusUpdate.count(),
        p.action.findMany({ select: { ref: true, version: true, status: true }, orderBy: { id: 'asc' } }),
        p.chatIdentity.count(),
        p.notification.count(),
        p.conversation.count(),
        p.chatBinding.findMany({ select: { platform: true, externalId: true }, orderBy: { externalId: 'asc' } }),
        p.subgroup.findMany({ select: { id: true, channelPlatform: true, channelId: true }, orderBy: { id: 'asc' } }),
      ]);
      return { updates, actions, identities, notifications, conversations, bindings, subgroups };
    },
    async close() {
      server.drain();
      await teams.stop();
      await server.close();
      await slackApi?.close();
      await connector.stop();
      await db.drop();
    },
  };
}

/** A personal-chat Teams message (recorded shape) from Adele, the admin, to `serviceUrl`. */
export function teamsActivity(serviceUrl: string, text: string, patch: (a: Record<string, any>) => void = () => {}): Record<string, any> {
  const a: Record<string, any> = {
    channelId: 'msteams', serviceUrl, type: 'message', id: `trust-${Math.random().toString(36).slice(2)}`, text, textFormat: 'plain', locale: 'en-GB',
    timestamp: NOW.toISOString(),
    recipient: { id: '28:00000000-0000-0000-0000-00000000b07f', name: 'cdp-bot' },
    conversation: { conversationType: 'personal', tenantId: TENANT, id: 'a:trust-personal-adele' },
    channelData: { tenant: { id: TENANT } },
    from: { id: '29:trust-adele', name: 'Adele Vance', aadObjectId: 'aa000000-0000-4000-8000-00000000ade1' },
  };
  patch(a);
  return a;
}

export async function postJson(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, text: await res.text() };
}

/**
 * A server that answers like a Bot Framework connector and tells the bot the member is the
 * admin — what an attacker would run. Records every request it gets.
 */
export async function startAttacker(listenOn = '127.0.0.1'): Promise<{ url: (host?: string) => string; calls: string[]; close(): Promise<void> }> {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: '29:trust-adele', email: 'adelev@example.com', userPrincipalName: 'adelev@example.com' }));
  });
  await new Promise<void>((r) => server.listen(0, listenOn, r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (host = '127.0.0.1') => `http://${host}:${port}/`,
    calls,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** A non-loopback IPv4 address of this machine, if it has one. */
export function externalAddress(): string | undefined {
  for (const list of Object.values(os.networkInterfaces())) for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address;
  return undefined;
}

/** Log lines at warn (40) or above: the refusals must be warn lines without a stack. */
export const warnLines = (logs: MemoryLogStream) => logs.lines.filter((l) => Number(l.level) >= 40);
