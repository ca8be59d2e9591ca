// cdp start: run the bot (HTTP server, chat adapters, outbox, scheduler) until SIGTERM/SIGINT.
import type { Command } from 'commander';
import { CliError, type CliContext } from '../context.js';
import { portProblem } from '../port-probe.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description('run the bot: Slack and Teams endpoints, reminders, digests (loads the demo into an empty embedded database)')
    .action(async () => {
      const { startBot } = await import('../../app/start.js');
      const { runProgram } = await import('../program.js');
      const { config, logger } = ctx.startDeps!();
      // Before the data directory is opened or migrated: a busy port is said plainly.
      const busy = await portProblem(config.port, config.host);
      if (busy) throw new CliError(busy, 1);
      const bot = await startBot({
        config,
        logger,
        io: ctx.io,
        runVerb: (argv, rt) => runProgram({ io: rt.io, withRuntime: (fn) => fn(rt) }, argv, { includeStart: false }),
      });
      await bot.stopped;
    });
}
