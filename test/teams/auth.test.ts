// With Microsoft credentials configured: every request needs a valid Bot Framework JWT (RS256,
// checked against the authority's key set, served here on 127.0.0.1), outbound calls carry the
// bot's token, and token failures are answered with a clear error and a log line.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectionManager, type AuthConfiguration, type AuthProvider } from '@microsoft/agents-hosting';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, MemoryLogStream } from '../../src/log/logger.js';
import { fixture, startHarness, type Harness } from './harness.js';
import { recordingCore, TENANT } from './stub-core.js';

const APP_ID = '8f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

async function keySet() {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  const server = http.createServer((req, res) => {
    if (req.url?.endsWith('/discovery/v2.0/keys')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const authority = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${TENANT}`;
  return { privateKey, authority, server };
}

describe('Teams transport with credentials', () => {
  let h: Harness;
  let keys: Awaited<ReturnType<typeof keySet>>;
  let other: Awaited<ReturnType<typeof generateKeyPair>>;
  const logs = new MemoryLogStream();
  let failTokens = false;
  const sign = (key: CryptoKey | import('crypto').KeyObject, claims: Record<string, unknown> = {}) =>
    new SignJWT({ serviceurl: h.connector.serviceUrl, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key-1' })
      .setIssuer(`${keys.authority}/v2.0`)
      .setAudience(APP_ID)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key);

  beforeAll(async () => {
    keys = await keySet();
    other = await generateKeyPair('RS256');
    const { core } = recordingCore();
    h = await startHarness({
      config: { appId: APP_ID, appPassword: 'not-a-real-secret', tenantId: TENANT, appType: 'SingleTenant' },
      core,
      logger: createLogger({ level: 'debug', destination: logs }),
      auth: { authorityEndpoint: keys.authority },
    });
    // Outbound token provider: no Entra here, so hand out a fixed token (or fail on demand).
    const provider = (cfg: AuthConfiguration) =>
      ({
        connectionSettings: cfg,
        getAccessToken: async () => {
          if (failTokens) throw new Error('AADSTS7000215: Invalid client secret provided.');
          return 'outbound-test-token';
        },
      }) as unknown as AuthProvider;
    h.teams.adapter!.connectionManager = new ConnectionManager(provider, new Map([['serviceConnection', {}]]), [{ serviceUrl: '*', connection: 'serviceConnection' }]);
  });
  afterAll(async () => {
    await h.close();
    keys.server.close();
  });

  it('refuses a request with no token (401) and logs it', async () => {
    const res = await h.post(fixture('message-personal', h.connector.serviceUrl));
    expect(res.status).toBe(401);
    expect(h.connector.calls).toHaveLength(0);
    expect(logs.find((l) => l.event === 'teams.unauthorized')).toBeTruthy();
  });

  it('refuses a token signed with another key, a wrong audience, or a malformed header (401)', async () => {
    const forged = await sign(other.privateKey);
    expect((await h.post(fixture('message-personal', h.connector.serviceUrl), { authorization: `Bearer ${forged}` })).status).toBe(401);
    const wrongAud = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'test-key-1' }).setIssuer(`${keys.authority}/v2.0`).setAudience('someone-else').setExpirationTime('10m').sign(keys.privateKey);
    expect((await h.post(fixture('message-personal', h.connector.serviceUrl), { authorization: `Bearer ${wrongAud}` })).status).toBe(401);
    expect((await h.post(fixture('message-personal', h.connector.serviceUrl), { authorization: 'Basic abc' })).status).toBe(401);
    expect(h.connector.calls).toHaveLength(0);
  });

  it('accepts a valid token and answers with the bot token on the outbound call', async () => {
    const token = await sign(keys.privateKey);
    const res = await h.post(fixture('message-personal', h.connector.serviceUrl), { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    const reply = h.connector.sent.at(-1)!;
    expect(reply.authorization).toBe('Bearer outbound-test-token');
    expect(reply.conversationId).toBe('a:1Xx9PersonalAlexConversationId');
  });

  it('answers 500 with a clear log line when the outbound token cannot be had, without crashing', async () => {
    failTokens = true;
    try {
      const token = await sign(keys.privateKey);
      const res = await h.post(fixture('message-personal', h.connector.serviceUrl), { authorization: `Bearer ${token}` });
      expect(res.status).toBe(500);
      expect(res.body.error).toMatch(/authenticate to Teams/);
      const line = logs.find((l) => l.event === 'teams.outbound_token_failed');
      expect(String(line?.msg)).toMatch(/MICROSOFT_APP_ID/);
    } finally {
      failTokens = false;
    }
  });

  it('never logs the app password', () => {
    expect(JSON.stringify(logs.lines)).not.toContain('not-a-real-secret');
  });
});
