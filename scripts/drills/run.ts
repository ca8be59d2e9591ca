// The reliability drills that are too slow or too destructive for `npm test` (issue 7):
//   node bin/run-ts.js scripts/drills/run.ts [--only a,b] [--skip-db-down] [--no-quick]
// Needs PostgreSQL on 127.0.0.1:5432 (CDP_TEST_PG_URL to change). The db-down drill STOPS that
// server for 30 s (pg_ctlcluster) and always starts it again: do not run it while other test
// suites use the server. Prints a summary table: drill, result, figures; exit code 1 on a FAIL.
import { dbDown } from './db-down.js';
import { killDuringReminderRun, killDuringSend } from './kill9.js';
import { killDuringTeamsSend } from './kill9-teams.js';
import { quickDrills } from './quick.js';
import { printTable, postgresUp, type DrillResult } from './support.js';
import { twoBotsForAWeek } from './two-bots.js';

const DRILLS: Record<string, (log: (s: string) => void) => Promise<DrillResult | DrillResult[]>> = {
  quick: quickDrills,
  'kill-run': killDuringReminderRun,
  'kill-send': killDuringSend,
  'kill-send-teams': killDuringTeamsSend,
  'two-bots': twoBotsForAWeek,
  'db-down': dbDown,
};

function usage(): never {
  process.stdout.write(`usage: npm run drills -- [--only ${Object.keys(DRILLS).join(',')}] [--skip-db-down] [--no-quick]\n`);
  process.exit(2);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) usage();
  const onlyAt = args.indexOf('--only');
  let names = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').split(',').filter(Boolean) : Object.keys(DRILLS);
  if (names.some((n) => !DRILLS[n])) usage();
  if (args.includes('--skip-db-down')) names = names.filter((n) => n !== 'db-down');
  if (args.includes('--no-quick')) names = names.filter((n) => n !== 'quick');

  const results: DrillResult[] = [];
  const pgUp = await postgresUp();
  for (const name of names) {
    if (!pgUp && name !== 'quick') {
      results.push({ drill: name, result: 'SKIP', figures: 'no PostgreSQL at 127.0.0.1:5432 (start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)' });
      continue;
    }
    const started = Date.now();
    process.stdout.write(`\n== ${name}\n`);
    try {
      const r = await DRILLS[name]!((s) => process.stdout.write(`${s}\n`));
      for (const x of Array.isArray(r) ? r : [r]) {
        results.push(x);
        process.stdout.write(`  ${x.result}: ${x.figures}\n`);
      }
    } catch (e) {
      results.push({ drill: name, result: 'FAIL', figures: 'the drill itself failed', findings: [(e as Error).stack ?? String(e)] });
      process.stdout.write(`  drill error: ${(e as Error).stack ?? String(e)}\n`);
    }
    process.stdout.write(`  (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  }
  process.stdout.write(`\n${printTable(results)}\n`);
  return results.some((r) => r.result === 'FAIL') ? 1 : 0;
}

process.exitCode = await main();
