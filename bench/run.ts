// `npm run bench`: generates a synthetic register (50 partnerships × 400 actions, agencies,
// people, contracts, history) on PGlite and on PostgreSQL (when one answers at 127.0.0.1:5432;
// required with CI=true), measures each item of issue 7 with its baseline in the same run, and
// prints ONE table on stdout (progress on stderr). Temp dirs, databases and child processes
// are cleaned up. `npm run bench -- --only sweep,digest` runs a subset
// (sweep, digest, commands, slack, teams, fanout, import, startup, import-live); `--pglite` skips PostgreSQL.
import os from 'node:os';
import { benchSlack } from './chat-slack.js';
import { benchTeams, BENCH_TENANT } from './chat-teams.js';
import { benchCommands } from './commands.js';
import { benchDigest } from './digest.js';
import { gc } from './support/gc.js';
import { benchFanout } from './fanout.js';
import { benchImportExport } from './import-export.js';
import { benchImportLive } from './import-live.js';
import { benchStartup } from './startup.js';
import { benchSweep } from './sweep.js';
import { dropLeftovers, openBenchDb, PG_ADMIN_URL, postgresAvailable } from './support/db.js';
import { generateRegister } from './support/generate.js';
import { startPlatform, type Platform } from './support/platform-client.js';
import { addRow, ms, notices, progress, renderTable, rows, type DbKind } from './support/report.js';

/** A Monday after 09:30 London: reminders and the weekly digest are due. */
const NOW = new Date('2026-11-23T10:00:00Z');
const ALL = ['sweep', 'digest', 'commands', 'slack', 'teams', 'fanout', 'import', 'startup', 'import-live'] as const;
type Part = (typeof ALL)[number];

const onlyArg = process.argv.find((a) => a.startsWith('--only'));
const onlyValue = onlyArg?.includes('=') ? onlyArg.split('=')[1] : onlyArg ? process.argv[process.argv.indexOf(onlyArg) + 1] : undefined;
const parts = new Set<Part>(onlyValue ? (onlyValue.split(',') as Part[]) : ALL);
for (const p of parts) if (!ALL.includes(p)) throw new Error(`unknown part "${p}": use ${ALL.join(', ')}`);

async function main(): Promise<void> {
  const started = performance.now();
  progress(`cdp-bot bench on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const kinds: DbKind[] = ['pglite'];
  if (!process.argv.includes('--pglite')) {
    if (await postgresAvailable()) kinds.push('postgres');
    else if (process.env.CI === 'true') throw new Error(`CI=true and no PostgreSQL answers at ${PG_ADMIN_URL}`);
    else notices.push(`no PostgreSQL answers at ${PG_ADMIN_URL}: PostgreSQL rows skipped (they run in CI).`);
  }
  const needsRegister = [...parts].some((p) => p !== 'startup' && p !== 'import-live');
  for (const kind of needsRegister ? kinds : []) {
    progress(`== ${kind}: generating 50 partnerships × 400 actions`);
    // PGlite as `cdp start` runs it: in a worker thread behind its socket.
    const db = await openBenchDb(kind, { worker: kind === 'pglite' });
    try {
      const g = await generateRegister(db, { prefix: 'b', partnerships: 50, actionsPerPartnership: 400, now: NOW, slackTeamId: 'T0CDPTEST', teamsTenantId: BENCH_TENANT });
      addRow({
        measure: '0 Generate register (bulk SQL)',
        db: kind,
        value: ms(g.ms),
        baseline: `${g.rows.actions} actions, ${g.rows.statusUpdates} updates, ${g.rows.people} people, ${g.rows.contracts} contracts`,
        target: '',
        met: null,
      });
      if (parts.has('slack') || parts.has('teams') || parts.has('fanout')) {
        // Slack's and Teams' side (doubles + clients) in a process of its own.
        const platform: Platform = await startPlatform(g.emailOf(0, 0));
        gc(); // the previous database pass's garbage is not the bot's to collect
        progress(`  heap before the round trips: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB used, RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
        try {
          if (parts.has('slack')) {
            progress(`  Slack round trips on ${kind}`);
            await benchSlack({ db, platform });
          }
          if (parts.has('teams')) {
            progress(`  Teams round trips on ${kind}`);
            await benchTeams({ db, platform });
          }
          if (parts.has('fanout')) await benchFanout(db, platform, g.partnershipIds, NOW);
        } finally {
          await platform.close();
        }
      }
      // After the round trips: the sweeps at 50,000 actions leave this process's heap large, and the
      // bot under test shares the process (its GC pauses would be the harness's, not the bot's).
      if (parts.has('commands')) await benchCommands(db, NOW);
      if (parts.has('sweep')) await benchSweep(kind, { db, partnershipIds: g.partnershipIds }, NOW);
      if (parts.has('digest')) {
        progress(`  digest on ${kind}`);
        await benchDigest(db, NOW);
      }
      if (parts.has('import')) {
        progress(`  import/export on ${kind}`);
        await benchImportExport(db, NOW);
      }
    } finally {
      await db.drop();
    }
  }
  if (parts.has('startup')) {
    progress('== start-up');
    await benchStartup(kinds);
  }
  if (parts.has('import-live')) {
    progress('== a 20,000-row import while the bot serves requests');
    await benchImportLive();
  }
  const order = (m: string) => Number(m.split(' ')[0]);
  const sorted = rows.map((r, i) => ({ r, i })).sort((a, b) => order(a.r.measure) - order(b.r.measure) || a.i - b.i).map((x) => x.r);
  process.stdout.write(`\ncdp-bot bench — ${new Date().toISOString().slice(0, 16)}Z, ${os.cpus().length} CPUs, Node ${process.version}, load average at end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, total ${ms(performance.now() - started)}\n\n${renderTable(sorted)}\n`);
}

process.once('SIGINT', () => {
  void dropLeftovers().finally(() => process.exit(130));
});

let exitCode = 0;
try {
  await main();
} catch (e) {
  exitCode = 1;
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  if (rows.length) process.stdout.write(`\nPartial results:\n\n${renderTable(rows)}\n`);
} finally {
  await dropLeftovers();
}
process.exit(exitCode);
