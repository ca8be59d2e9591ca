// The composition root of `cdp start`: database, core, chat adapters, outbox, scheduler, HTTP
// server and the local admin socket. The only module in src/ that imports adapters.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createConsolePort } from '../../adapters/console/port.js';
import { createEmailAdapter } from '../../adapters/email/app.js';
import { createTeamsAdapter } from '../../adapters/teams/app.js';
import type { ChatPort } from '../chat/port.js';
import { CliError, type CliIO, type Runtime } from '../cli/context.js';
import { bufferedIO } from '../cli/io.js';
import { serveAdminSocket } from '../cli/remote.js';
import { busyError } from '../cli/runtime.js';
import { describeConfig, type Config } from '../config/config.js';
import { createCore } from '../core/create-core.js';
import { openDatabase, type Database } from '../db/client.js';
import { acquireLock } from '../db/lock.js';
import { migrate } from '../db/migrate.js';
import type { Logger } from '../log/logger.js';
import { createDispatcher } from '../outbox/dispatcher.js';
import { loadDemoPlan } from '../register/demo.js';
import { createScheduler } from '../schedule/scheduler.js';
import { metricsRouter } from '../http/metrics-route.js';
import { startServer } from '../server.js';
import { instrumentCore, instrumentPort } from '../telemetry/instrument.js';
import { createTelemetry } from '../telemetry/metrics.js';
import { createWebRouter } from '../web/router.js';
import { startBanner } from './banner.js';
import { isNewDataDir, prepareDataDir } from './prepare-data.js';

export interface StartOptions {
  config: Config;
  logger: Logger;
  io: CliIO;
  /** Runs a CLI verb for another process (wired by the start verb to runProgram). */
  runVerb: (argv: string[], rt: Runtime) => Promise<number>;
  clock?: () => Date;
}

export interface RunningBot {
  port: number;
  db: Database;
  /** Resolves when the bot has shut down (SIGTERM/SIGINT or stop()). */
  stopped: Promise<void>;
  stop(): Promise<void>;
}

export async function startBot(opts: StartOptions): Promise<RunningBot> {
  const { config, logger, io } = opts;
  const clock = opts.clock ?? (() => new Date());
  // A new embedded database is created and given the demo plan by a child process (prepare-data.ts).
  const preparedNow = !config.databaseUrl && isNewDataDir(config.dataDir);
  if (preparedNow) await prepareDataDir(config.dataDir);
  let release = () => {};
  let updateLock: ((i: { socketPath: string }) => void) | undefined;
  if (!config.databaseUrl) {
    const lock = acquireLock(config.dataDir, 'cdp start');
    if (!lock.acquired) {
      if (lock.holder.command === 'cdp start') {
        throw new CliError(`cdp-bot is already running on ${config.dataDir} (pid ${lock.holder.pid}, since ${lock.holder.startedAt}). Stop it first, or use another DATA_DIR.`);
      }
      throw busyError(config.dataDir, lock.holder);
    }
    release = lock.release;
    updateLock = lock.update;
  }

  // worker: the embedded database does its work on another thread, so acks stay prompt.
  const open = () => openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger, worker: true });
  let db = await open();
  const report = await migrate(db);
  if (report.applied.length) logger.info({ applied: report.applied }, 'database migrated');

  const notices: string[] = [];
  if (preparedNow) {
    const demo = await loadDemoPlan(db, { now: clock() }); // already loaded by the child: its counts
    if (demo.ok) {
      const d = demo.value;
      notices.push(
        `Empty database: loaded the Tower Hamlets plan as DEMO data for ${d.planYear} (${d.actions} actions, ${d.contracts} contracts, ${d.people} people; dates, statuses and people are invented).`,
      );
    }
  } else if ((await db.prisma.partnership.count()) === 0) {
    if (!config.databaseUrl) {
      const demo = await loadDemoPlan(db, { now: clock() });
      if (!demo.ok) throw new CliError(`Could not load the demo plan: ${demo.error.message}`);
      const d = demo.value;
      notices.push(
        `Empty database: loaded the Tower Hamlets plan as DEMO data for ${d.planYear} (${d.actions} actions, ${d.contracts} contracts, ${d.people} people; dates, statuses and people are invented).`,
      );
      // The embedded database keeps the memory a bulk load grew it to: reopen it to start lean.
      await db.close();
      db = await open();
    } else {
      notices.push('No partnership yet: load your plan with `npx cdp import <file>` or try the demo with `npx cdp demo`.');
    }
  }

  let kick = () => {};
  let refreshHomes: (partnershipId: string, personIds: string[]) => void = () => {};
  const telemetry = createTelemetry(db);
  const core = instrumentCore(createCore({
    db,
    logger: logger.child({ module: 'core' }),
    kickOutbox: () => kick(),
    // After a change, the Slack App Home of everyone it concerns is republished.
    onChange: (e) => refreshHomes(e.partnershipId, e.personIds),
    ...(config.linkSecret ? { linkSecret: config.linkSecret } : {}),
  }), telemetry);

  const ports: ChatPort[] = [];
  // Loaded only when configured: Bolt is ~20 MB of memory a Teams-only or local bot never needs.
  const createSlackAdapter = config.slack ? (await import('../../adapters/slack/app.js')).createSlackAdapter : undefined;
  const slack = config.slack && createSlackAdapter ? await createSlackAdapter({ config: config.slack, core, logger: logger.child({ module: 'slack' }), clock }) : undefined;
  if (slack) {
    ports.push(slack.port);
    refreshHomes = (partnershipId, personIds) => void slack.refreshHomes(partnershipId, personIds).catch(() => {});
    const r = await core.tenancy.autoBind('slack', slack.teamId);
    if (r === 'bound') notices.push(`Slack workspace ${slack.teamId} bound to the partnership.`);
  }
  const teams = createTeamsAdapter({ config: config.teams, mode: config.teamsMode, core, logger: logger.child({ module: 'teams' }), clock });
  ports.push(teams.port);
  if (config.teams.tenantId) {
    const r = await core.tenancy.autoBind('teams', config.teams.tenantId);
    if (r === 'bound') notices.push(`Teams tenant ${config.teams.tenantId} bound to the partnership.`);
  }
  if (config.teamsMode === 'local') core.tenancy.setLocalTeamsMode(true);
  // Email reaches whoever no chat can (and whoever prefers it); its links open pages on this server.
  let listeningPort = config.port;
  const email = config.email
    ? createEmailAdapter({
        config: config.email,
        dataDir: config.dataDir,
        core,
        logger: logger.child({ module: 'email' }),
        clock,
        fallbackUrl: () => `http://localhost:${listeningPort}`,
        onFile: (file, to) => io.out(`  email to ${to} written to ${file}`),
      })
    : undefined;
  if (email) ports.push(email.port);
  if (config.localMode) {
    // Local try-out: whoever no chat platform can reach gets their nudges printed here.
    ports.push(createConsolePort((text) => io.out(text)));
  }

  // Every send is timed for /metrics, whoever triggers it (the outbox, or `cdp run` inside the bot).
  ports.splice(0, ports.length, ...ports.map((p) => instrumentPort(p, telemetry)));
  const dispatcher = createDispatcher({ db, ports, logger: logger.child({ module: 'outbox' }), clock });
  kick = () => dispatcher.kick();
  const scheduler = createScheduler({
    db,
    logger: logger.child({ module: 'schedule' }),
    clock,
    instanceId: `${process.pid}-${crypto.randomBytes(3).toString('hex')}`,
    onEnqueued: () => dispatcher.kick(),
  });

  const server = await startServer({
    port: config.port,
    host: config.host,
    logger: logger.child({ module: 'http' }),
    ready: () => db.ping(),
    ...(slack ? { slack: slack.router } : {}),
    teams: teams.router,
    web: createWebRouter({ core, logger: logger.child({ module: 'web' }), clock }),
    metrics: metricsRouter(telemetry, { ...(config.metricsToken ? { token: config.metricsToken } : {}), logger }),
    banner: ['cdp-bot is running.', ...notices],
  });

  listeningPort = server.port;

  // Other `cdp` verbs run in here while we hold the embedded database; one at a time.
  let admin: { close(): Promise<void> } | undefined;
  if (!config.databaseUrl && updateLock) {
    const socketPath = path.join(config.dataDir, 'cdp.sock');
    let queue: Promise<unknown> = Promise.resolve();
    admin = await serveAdminSocket(socketPath, (req) => {
      const run = async () => {
        const bio = bufferedIO({ cwd: req.cwd, ...(req.stdin !== undefined ? { stdin: req.stdin } : {}) });
        const rt: Runtime = { config, logger, db, io: bio, now: clock, ports, kickOutbox: kick, remote: true };
        const exitCode = await opts.runVerb(req.argv, rt);
        return { stdout: bio.stdout(), stderr: bio.stderr(), exitCode };
      };
      const p = queue.then(run, run);
      queue = p.catch(() => {});
      return p;
    });
    updateLock({ socketPath });
  }

  dispatcher.start();
  scheduler.start();

  const lines = [
    ...startBanner(config, server.port, slack?.teamId),
    `  Email:    ${
      !email
        ? 'off (set SMTP_URL, MAIL_FROM and PUBLIC_URL to email people no chat reaches)'
        : email.mailDir
          ? `local mode: mail for people no chat reaches is written to ${email.mailDir}/*.eml (${countMail(email.mailDir)} there now)`
          : `via ${email.describe}`
    }`,
    ...(email ? [`            its links open ${email.publicUrl()}/e/…${email.mailDir ? ' (open an .eml file in a mail client)' : ''}`] : []),
    `  database: ${db.describe()}`,
    ...notices.map((n) => `  ${n}`),
    config.localMode
      ? '  Try it: `npx cdp chat --as alexw@example.com`, or the Agents Playground (README, "Try it in Teams offline").'
      : '',
  ].filter(Boolean);
  for (const l of lines) io.out(l);
  logger.info({ config: describeConfig(config), port: server.port }, 'cdp-bot started');

  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('shutting down: no new work, finishing sends in flight');
      server.drain();
      scheduler.stop();
      await dispatcher.stop();
      await server.close();
      await admin?.close();
      await slack?.stop();
      await teams.stop();
      email?.close();
      await db.close();
      release();
      logger.info('stopped');
      resolveStopped();
    })());
  for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => void stop());
  return { port: server.port, db, stopped, stop };
}

function countMail(dir: string): number {
  try {
    return fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).length;
  } catch {
    return 0;
  }
}
