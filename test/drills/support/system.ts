// The whole bot in one process for the HTTP drills, wired as src/app/start.ts wires it: a real
// database with the fixture register, the real core, the Slack adapter (Web API double) and the
// Teams adapter (connector double; optionally with Microsoft credentials and a local key set)
// mounted on the one server of src/server.ts. Requests arrive over real HTTP on 127.0.0.1.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectionManager, type AuthConfiguration, type AuthProvider } from '@microsoft/agents-hosting';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { createSlackAdapter } from '../../../adapters/slack/app.js';
import { createTeamsAdapter } from '../../../adapters/teams/app.js';
import type { CoreApi } from '../../../src/core/api.js';
import { createCore } from '../../../src/core/create-core.js';
import { createLogger, MemoryLogStream } from '../../../src/log/logger.js';
import { bindChat } from '../../../src/register/partnerships.js';
import { startServer } from '../../../src/server.js';
import { BotConnectorDouble } from '../../doubles/bot-connector.js';
import { startSlackApiDouble, type SlackApiDouble } from '../../doubles/slack-api.js';
import { slackSender, type SlackSender } from '../../slack/support/requests.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { buildFixture, NOW, type Fixture } from '../../support/fixtures.js';

export const SLACK_TEAM = 'T0DRILL';
export const SIGNING_SECRET = 'drill-signing-secret-5c1e';
export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const APP_ID = '3a9e2b6c-7d1f-4c8a-9e0b-5f6a7b8c9d0e';

export const SLACK_USERS = {
  alex: { id: 'U0ALEX', name: 'alexw', email: 'alexw@example.com' },
  priya: { id: 'U0PRIYA', name: 'priya', email: 'priya.patel@example.com' },
  megan: { id: 'U0MEGAN', name: 'meganb', email: 'meganb@example.com' },
  adele: { id: 'U0ADELE', name: 'adelev', email: 'adelev@example.com' },
} as const;
export const TEAMS_USERS = {
  alex: { id: '29:drill-alex', aadObjectId: 'aa000000-0000-4000-8000-00000000a1e4', name: 'Alex Wilber', email: 'alexw@example.com' },
  priya: { id: '29:drill-priya', aadObjectId: 'aa000000-0000-4000-8000-0000000a1a11', name: 'Priya Patel', email: 'priya.patel@example.com' },
  megan: { id: '29:drill-megan', aadObjectId: 'aa000000-0000-4000-8000-0000000e6a11', name: 'Megan Bowen', email: 'meganb@example.com' },
  adele: { id: '29:drill-adele', aadObjectId: 'aa000000-0000-4000-8000-00000000ade1', name: 'Adele Vance', email: 'adelev@example.com' },
} as const;
export type DrillUser = keyof typeof SLACK_USERS;

export interface DrillSystem {
  db: TestDatabase;
  fx: Fixture;
  core: CoreApi;
  logs: MemoryLogStream;
  base: string;
  slackApi: SlackApiDouble;
  slack: SlackSender;
  connector: BotConnectorDouble;
  /** Signs a Bot Framework token (credentials mode); `key: 'other'` signs with a key the bot does not trust. */
  teamsToken(opts?: { key?: 'trusted' | 'other'; audience?: string; tenant?: string }): Promise<string>;
  /** A personal-chat Teams message from `who`. */
  teamsMessage(who: DrillUser, text: string, patch?: (a: Record<string, any>) => void): Record<string, any>;
  postTeams(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  /** `/cdp <text>` fields from `who` with a fresh response_url. */
  slashCommand(who: DrillUser, text: string, over?: Record<string, string>): { fields: Record<string, string>; responseId: string };
  close(): Promise<void>;
}

let seq = 0;

export async function startDrillSystem(opts: { teamsCredentials?: boolean } = {}): Promise<DrillSystem> {
  const db = await createTestDatabase();
  const fx = await buildFixture(db);
  const logs = new MemoryLogStream();
  const logger = createLogger({ level: 'info', destination: logs });
  const core = createCore({ db, logger: logger.child({ module: 'core' }) });
  const clock = () => NOW;

  const slackApi = await startSlackApiDouble({ teamId: SLACK_TEAM, users: Object.values(SLACK_USERS).map((u) => ({ ...u, realName: u.name })) });
  const slackAdapter = await createSlackAdapter({ config: { signingSecret: SIGNING_SECRET, botToken: slackApi.token, apiUrl: slackApi.apiUrl }, core, logger, clock });
  const slackBound = await bindChat(db.prisma, fx.partnership.name, 'slack', slackAdapter.teamId);
  if (!slackBound.ok) throw new Error(slackBound.error.message);

  const connector = new BotConnectorDouble();
  await connector.start();
  for (const u of Object.values(TEAMS_USERS)) connector.addMember({ ...u });

  let keys: { trusted: CryptoKey; other: CryptoKey; authority: string; server: http.Server } | undefined;
  if (opts.teamsCredentials) {
    const trusted = await generateKeyPair('RS256');
    const other = await generateKeyPair('RS256');
    const jwk: JWK = { ...(await exportJWK(trusted.publicKey)), kid: 'drill-key-1', alg: 'RS256', use: 'sig' };
    const server = http.createServer((req, res) => {
      if (req.url?.endsWith('/discovery/v2.0/keys')) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    keys = { trusted: trusted.privateKey, other: other.privateKey, authority: `http://127.0.0.1:${(server.address() as AddressInfo).port}/${TENANT}`, server };
  }
  const teams = createTeamsAdapter({
    // Slack credentials are set here: Teams is either authenticated or (a test-only composition) local.
    mode: opts.teamsCredentials ? 'authenticated' : 'local',
    config: opts.teamsCredentials ? { appId: APP_ID, appPassword: 'drill-not-a-secret', tenantId: TENANT, appType: 'SingleTenant' } : { appType: 'MultiTenant' },
    core,
    logger,
    clock,
    ...(keys ? { auth: { authorityEndpoint: keys.authority } } : {}),
  });
  if (keys) {
    const provider = (cfg: AuthConfiguration) => ({ connectionSettings: cfg, getAccessToken: async () => 'drill-outbound-token' }) as unknown as AuthProvider;
    teams.adapter!.connectionManager = new ConnectionManager(provider, new Map([['serviceConnection', {}]]), [{ serviceUrl: '*', connection: 'serviceConnection' }]);
  }
  const bound = await bindChat(db.prisma, fx.partnership.name, 'teams', TENANT);
  if (!bound.ok) throw new Error(bound.error.message);

  const server = await startServer({ port: 0, host: '127.0.0.1', logger, ready: () => db.ping(), slack: slackAdapter.router, teams: teams.router, banner: ['drill'] });
  const base = `http://127.0.0.1:${server.port}`;

  const sign = (key: CryptoKey, audience = APP_ID, tenant = TENANT) =>
    new SignJWT({ serviceurl: connector.serviceUrl, tid: tenant })
      .setProtectedHeader({ alg: 'RS256', kid: 'drill-key-1' })
      .setIssuer(`${keys!.authority}/v2.0`)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key);

  return {
    db, fx, core, logs, base, slackApi, connector,
    slack: slackSender(`${base}/slack/events`, SIGNING_SECRET),
    teamsToken: async (o = {}) => sign(o.key === 'other' ? keys!.other : keys!.trusted, o.audience, o.tenant),
    teamsMessage(who, text, patch = () => {}) {
      const u = TEAMS_USERS[who];
      const a: Record<string, any> = {
        channelId: 'msteams', serviceUrl: connector.serviceUrl, type: 'message', id: `drill-${++seq}`, text, textFormat: 'plain', locale: 'en-GB',
        timestamp: NOW.toISOString(),
        recipient: { id: '28:00000000-0000-0000-0000-00000000b07f', name: 'cdp-bot' },
        conversation: { conversationType: 'personal', tenantId: TENANT, id: `a:drill-personal-${who}` },
        channelData: { tenant: { id: TENANT } },
        from: { id: u.id, name: u.name, aadObjectId: u.aadObjectId },
      };
      patch(a);
      return a;
    },
    async postTeams(activity, headers = {}) {
      const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
      return { status: res.status, body: await res.text() };
    },
    slashCommand(who, text, over = {}) {
      const responseUrl = slackApi.newResponseUrl();
      const u = SLACK_USERS[who];
      return {
        responseId: responseUrl.split('/').pop()!,
        fields: {
          token: 'deprecated-verification-token', team_id: SLACK_TEAM, team_domain: 'cdp-drill', channel_id: `D${u.id.slice(1)}`, channel_name: 'directmessage',
          user_id: u.id, user_name: u.name, command: '/cdp', text, api_app_id: 'A0CDP', is_enterprise_install: 'false',
          response_url: responseUrl, trigger_id: `${++seq}.drill.trigger`, ...over,
        },
      };
    },
    async close() {
      server.drain();
      await teams.stop();
      await server.close();
      await slackApi.close();
      await connector.stop();
      keys?.server.close();
      await db.drop();
    },
  };
}

/** Polls until `check` returns a value; a generous ceiling, never a timed assertion. */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, ceilingMs = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() - start > ceilingMs) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
