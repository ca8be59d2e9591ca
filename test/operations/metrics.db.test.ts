// GET /metrics over real HTTP on the demo plan: the outbox backlog after a reminder run, sends
// timed once they go out, job and import figures, and who may read it (token or loopback).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsolePort } from '../../adapters/console/port.js';
import { isLoopback, metricsRouter } from '../../src/http/metrics-route.js';
import { runReminders } from '../../src/jobs/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { createDispatcher } from '../../src/outbox/dispatcher.js';
import { recordImportRun } from '../../src/register/import-runs.js';
import { instrumentPort } from '../../src/telemetry/instrument.js';
import { createTelemetry, type Telemetry } from '../../src/telemetry/metrics.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { loadDemo } from '../support/demo.js';

let db: TestDatabase;
let telemetry: Telemetry;
const servers: http.Server[] = [];
const at = new Date('2026-11-23T09:30:00Z');

async function serve(token?: string): Promise<string> {
  const app = express();
  app.use(metricsRouter(telemetry, { ...(token ? { token } : {}), logger: silentLogger() }));
  const server = http.createServer(app);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}

/** The value of one sample line, e.g. sample(text, 'cdp_outbox_notifications{state="pending"') summed over label sets. */
function sum(text: string, prefix: string): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

beforeAll(async () => {
  db = await createTestDatabase();
  await loadDemo(db, new Date('2026-11-22T12:00:00Z'));
  telemetry = createTelemetry(db, { defaultMetrics: false });
});
afterAll(async () => {
  for (const s of servers) s.close();
  await db?.drop();
});

describe('GET /metrics', () => {
  it('shows the reminder run waiting in the outbox, then sent, with send latency', async () => {
    const url = await serve();
    const empty = await (await fetch(url)).text();
    expect(sum(empty, 'cdp_outbox_notifications{')).toBe(0);

    const report = await runReminders(db, { now: at, dryRun: false });
    expect(report.enqueuedKeys.length).toBeGreaterThan(5);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const before = await res.text();
    expect(sum(before, 'cdp_outbox_notifications{state="pending"')).toBe(report.enqueuedKeys.length);
    expect(before).toMatch(/^cdp_outbox_oldest_pending_seconds \d/m);

    const port = instrumentPort(createConsolePort(() => {}), telemetry);
    const dispatcher = createDispatcher({ db, ports: [port], logger: silentLogger(), clock: () => at });
    await dispatcher.drain({ onlyKeys: report.enqueuedKeys });
    await dispatcher.stop();
    const after = await (await fetch(url)).text();
    expect(sum(after, 'cdp_outbox_notifications{state="pending"')).toBe(0);
    expect(sum(after, 'cdp_outbox_notifications{state="sent",platform="console"')).toBe(report.enqueuedKeys.length);
    expect(sum(after, 'cdp_outbox_send_duration_seconds_count{platform="console",outcome="sent"}')).toBe(report.enqueuedKeys.length);
    expect(after).toMatch(/^cdp_outbox_oldest_pending_seconds 0$/m);
  });

  it('shows when each job last ran and how imports went', async () => {
    await db.prisma.jobClaim.create({
      data: { partnershipId: (await db.prisma.partnership.findFirstOrThrow()).id, job: 'reminders', period: '2026-11-23', instance: 't', finishedAt: at },
    });
    await recordImportRun(db, { files: ['/tmp/plan.xlsx'], outcome: 'imported', durationMs: 1250 });
    await recordImportRun(db, { files: ['/tmp/bad.csv'], outcome: 'refused', durationMs: 40 });
    const text = await (await fetch(await serve())).text();
    expect(text).toContain(`cdp_scheduler_last_run_timestamp_seconds{job="reminders"} ${at.getTime() / 1000}`);
    expect(text).toContain('cdp_import_runs{outcome="imported"} 1');
    expect(text).toContain('cdp_import_runs{outcome="refused"} 1');
    expect(text).toMatch(/^cdp_import_last_duration_seconds 0\.04$/m);
  });

  it('with METRICS_TOKEN set, needs the bearer token; nothing is shown without it', async () => {
    const url = await serve('s3cret-token-0123456789');
    const none = await fetch(url);
    expect(none.status).toBe(401);
    expect(await none.text()).toContain('Authorization: Bearer <METRICS_TOKEN>');
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const ok = await fetch(url, { headers: { authorization: 'Bearer s3cret-token-0123456789' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('cdp_outbox_notifications');
  });

  it('without a token, only loopback addresses are answered', () => {
    for (const a of ['127.0.0.1', '127.4.5.6', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a)).toBe(true);
    for (const a of ['10.0.0.5', '192.168.1.2', '::ffff:10.1.1.1', 'fe80::1', '8.8.8.8', undefined]) expect(isLoopback(a)).toBe(false);
  });
});
