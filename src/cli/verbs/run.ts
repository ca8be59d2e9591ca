// cdp run <reminders|digests|contracts> [--at ISO-time] [--dry-run] [--partnership NAME]
// One run of a scheduled job as if it were that time. --dry-run prints what would be sent;
// otherwise the rows go into the outbox (dedupe keys: a second run sends nothing new) and
// are dispatched at once through the live chat ports (inside `cdp start`); in a separate process
// they are left in the outbox for the running bot, except in local mode (no chat credentials),
// where the console port prints them.
import type { Command } from 'commander';
import { createConsolePort } from '../../../adapters/console/port.js';
import { DEFAULT_TIMEZONE } from '../../calendar/zone.js';
import { parseAt } from '../at.js';
import { createDispatcher } from '../../outbox/dispatcher.js';
import { findPartnership } from '../../register/partnerships.js';
import { formatJobReport, runContracts, runDigests, runReminders, type JobReport } from '../../jobs/index.js';
import { CliError, type CliContext, type Runtime } from '../context.js';

const JOBS = ['reminders', 'digests', 'contracts'] as const;
type JobName = (typeof JOBS)[number];

interface RunOptions {
  at?: string;
  dryRun?: boolean;
  partnership?: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('run a scheduled job once, as if at --at: reminders (the daily batch, with contract check-ins), contracts (check-ins only), digests')
    .argument('<job>', `one of: ${JOBS.join(', ')}`)
    .option('--at <datetime>', 'pretend it is this time: 2026-11-23T09:30 (local time), 2026-11-23T09:30Z, or a date (09:30 local)')
    .option('--dry-run', 'print what would be sent; change nothing')
    .option('--partnership <name>', 'only this partnership (default: every partnership)')
    .action(async (jobArg: string, opts: RunOptions) => {
      const job = JOBS.find((j) => j === jobArg.trim().toLowerCase());
      if (!job) throw new CliError(`"${jobArg}" is not a job. Jobs: ${JOBS.join(', ')}. Example: cdp run reminders --at 2026-11-23 --dry-run`, 2);
      await ctx.withRuntime((rt) => runJob(rt, job, opts));
    });
}

async function runJob(rt: Runtime, job: JobName, opts: RunOptions): Promise<void> {
  let partnershipIds: string[] | undefined;
  let tz = DEFAULT_TIMEZONE;
  if (opts.partnership !== undefined) {
    const found = await findPartnership(rt.db.prisma, opts.partnership);
    if (!found.ok) throw new CliError(`${found.error.message}${found.error.hint ? `\n${found.error.hint}` : ''}`);
    partnershipIds = [found.value.id];
    tz = found.value.timezone;
  } else {
    const all = await rt.db.prisma.partnership.findMany({ select: { timezone: true } });
    if (all.length === 0) throw new CliError('No partnership is set up yet.\nLoad the demo with `cdp demo`, or import a plan with `cdp import FILE --partnership NAME`.');
    if (all.length === 1) tz = all[0]!.timezone;
  }
  const wall0 = rt.now();
  const at = opts.at === undefined ? wall0 : parseAt(opts.at, tz);
  const args = { now: at, dryRun: !!opts.dryRun, ...(partnershipIds ? { partnershipIds } : {}) };

  const report: JobReport =
    job === 'reminders' ? await runReminders(rt.db, args) : job === 'contracts' ? await runContracts(rt.db, args) : await runDigests(rt.db, args);
  for (const line of formatJobReport(report, tz)) rt.io.out(line);
  if (opts.dryRun || report.enqueuedKeys.length === 0) return;

  if (!rt.ports?.length && !rt.config.localMode) {
    // Chat credentials are configured: only the bot process (cdp start) holds the live Slack/Teams
    // connections. Leave the rows in the outbox for it rather than "sending" them to this terminal.
    rt.io.out(
      `${report.enqueuedKeys.length} message(s) queued in the outbox; the running bot (cdp start) sends them through Slack/Teams within seconds.`,
    );
    return;
  }
  const ports = rt.ports?.length ? rt.ports : [createConsolePort((text) => rt.io.out(text))];
  rt.io.out(`Sending ${report.enqueuedKeys.length} message(s) through ${[...new Set(ports.map((p) => p.platform))].join(', ')}:`);
  // "As if at --at": the dispatcher's clock starts at --at and runs at wall-clock speed.
  const clock = () => new Date(at.getTime() + (rt.now().getTime() - wall0.getTime()));
  const dispatcher = createDispatcher({ db: rt.db, ports, logger: rt.logger, clock });
  const sent = await dispatcher.drain({ onlyKeys: report.enqueuedKeys });
  await dispatcher.stop();
  for (const o of sent.outcomes) {
    if (o.result !== 'sent') rt.io.out(`  ${o.result === 'failed' ? 'FAILED' : 'retry later'}: ${o.to}${o.detail ? ` — ${o.detail}` : ''}`);
  }
  const left = report.enqueuedKeys.length - sent.sent - sent.failed;
  rt.io.out(
    `${sent.sent} sent, ${sent.failed} failed${left > 0 ? `, ${left} still queued (the running bot retries them${rt.kickOutbox ? '' : '; start it with `cdp start`'})` : ''}.`,
  );
  rt.kickOutbox?.();
}

export { parseAt };
