// Local mode (Teams with authentication off) only with no chat credentials of any kind; then the
// server listens on 127.0.0.1 unless HOST says otherwise, and the banner says which doors are open.
import { describe, expect, it } from 'vitest';
import { startBanner } from '../../src/app/banner.js';
import { loadConfig, type Config } from '../../src/config/config.js';

const load = (env: Record<string, string>): Config => {
  const r = loadConfig(env, '/tmp');
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const SLACK = { SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' };
const MS = { MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw' };

describe('configuration: trust boundaries', () => {
  it('is local mode only without any chat credential, and then listens on loopback', () => {
    const local = load({});
    expect({ local: local.localMode, teams: local.teamsMode, host: local.host }).toEqual({ local: true, teams: 'local', host: '127.0.0.1' });
    expect(load({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    for (const env of [SLACK, MS, { ...SLACK, ...MS }, { MICROSOFT_APP_TENANT_ID: 'tenant' }]) {
      const c = load(env);
      expect({ env, local: c.localMode, host: c.host }).toEqual({ env, local: false, host: '0.0.0.0' });
    }
    expect(load(SLACK).teamsMode).toBe('off');
    expect(load(MS).teamsMode).toBe('authenticated');
    expect(load({ MICROSOFT_APP_TENANT_ID: 'tenant' }).teamsMode).toBe('off');
  });

  it('says in the banner which doors are open, never "production credentials" while one is unauthenticated', () => {
    const text = (c: Config, team?: string) => startBanner(c, 3978, team).join('\n');
    expect(text(load({}))).toMatch(/127\.0\.0\.1:3978 \(this machine only\) — LOCAL MODE[\s\S]*authentication OFF[\s\S]*only loopback serviceUrls/);
    expect(text(load(SLACK), 'T1')).toMatch(/Slack only: every request authenticated; Teams off[\s\S]*Teams: +off: \/api\/messages refuses every request/);
    expect(text(load({ ...SLACK, ...MS }), 'T1')).toMatch(/Slack and Microsoft: every request authenticated[\s\S]*JWT required/);
    for (const c of [load({}), load(SLACK), load(MS)]) expect(text(c)).not.toMatch(/production credentials/);
  });
});
