// Prometheus metrics (GET /metrics): what an operator watches — the outbox's backlog and
// failures, send and command latency, when each scheduled job last ran, imports. Counts that
// live in the database (outbox rows, job runs, imports) are read at scrape time, so every
// instance reports the same truth; latencies are measured in this process.
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/client.js';
import { readDatabaseStats } from './database-stats.js';

export interface Telemetry {
  registry: Registry;
  /** One chat send through a ChatPort. */
  observeSend(platform: string, outcome: 'sent' | 'rate_limited' | 'unreachable' | 'transient' | 'error', seconds: number): void;
  /** One command handled by the core. */
  observeCommand(command: string, platform: string, seconds: number): void;
  /** The Prometheus text exposition of every metric. */
  render(): Promise<{ contentType: string; body: string }>;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createTelemetry(db: Pick<Database, 'prisma'>, opts: { defaultMetrics?: boolean } = {}): Telemetry {
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'cdp_' });

  const send = new Histogram({
    name: 'cdp_outbox_send_duration_seconds',
    help: 'Time to hand one notification to a chat platform, by platform and outcome',
    labelNames: ['platform', 'outcome'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const command = new Histogram({
    name: 'cdp_command_duration_seconds',
    help: 'Time the core took to answer a command, by command and platform',
    labelNames: ['command', 'platform'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });

  // Read from the database once per scrape and shared by the gauges below.
  let stats: ReturnType<typeof readDatabaseStats> | undefined;
  const fresh = () => (stats ??= readDatabaseStats(db.prisma));

  new Gauge({
    name: 'cdp_outbox_notifications',
    help: 'Outbox rows by state (pending, sent, failed), platform and kind',
    labelNames: ['state', 'platform', 'kind'],
    registers: [registry],
    async collect() {
      const s = await fresh();
      this.reset();
      for (const r of s.outbox) this.set({ state: r.state, platform: r.platform, kind: r.kind }, r.count);
    },
  });
  new Gauge({
    name: 'cdp_outbox_oldest_pending_seconds',
    help: 'Age of the oldest pending outbox row that is due now (0 when none)',
    registers: [registry],
    async collect() {
      this.set((await fresh()).oldestPendingSeconds);
    },
  });
  new Gauge({
    name: 'cdp_scheduler_last_run_timestamp_seconds',
    help: 'When each scheduled job last finished (Unix time), any partnership',
    labelNames: ['job'],
    registers: [registry],
    async collect() {
      const s = await fresh();
      this.reset();
      for (const j of s.jobs) this.set({ job: j.job }, j.lastFinished.getTime() / 1000);
    },
  });
  new Gauge({
    name: 'cdp_import_runs',
    help: 'Imports run (cdp import), by outcome (imported, dry_run, refused)',
    labelNames: ['outcome'],
    registers: [registry],
    async collect() {
      const s = await fresh();
      this.reset();
      for (const r of s.imports) this.set({ outcome: r.outcome }, r.count);
    },
  });
  new Gauge({
    name: 'cdp_import_last_duration_seconds',
    help: 'How long the latest import took',
    registers: [registry],
    async collect() {
      this.set((await fresh()).lastImportSeconds);
    },
  });

  return {
    registry,
    observeSend: (platform, outcome, seconds) => send.observe({ platform, outcome }, seconds),
    observeCommand: (cmd, platform, seconds) => command.observe({ command: cmd, platform }, seconds),
    async render() {
      stats = undefined;
      try {
        return { contentType: registry.contentType, body: await registry.metrics() };
      } finally {
        stats = undefined;
      }
    },
  };
}
