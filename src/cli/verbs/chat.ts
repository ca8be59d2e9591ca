// cdp chat --as EMAIL [--partnership NAME] [--at DATETIME]: talk to the bot in the terminal,
// with the same commands and handlers as Slack and Teams (adapters/console/chat.ts).
// Scripted when stdin is not a terminal: printf 'mine\nshow TRS-07\n' | cdp chat --as alexw@example.com
import { Option, type Command } from 'commander';
import { runChat } from '../../../adapters/console/chat.js';
import { createCore } from '../../core/create-core.js';
import { findPartnership } from '../../register/partnerships.js';
import { parseAt } from '../at.js';
import { CliError, type CliContext } from '../context.js';

interface ChatOptions {
  as?: string;
  partnership?: string;
  at?: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('chat')
    .description('chat with the bot in the terminal as a person of the partnership (reads commands from stdin when piped)')
    .addOption(new Option('--as <email>', 'the email of the person you are (a person of the partnership)').env('CDP_AS'))
    .option('--partnership <name>', 'which partnership (needed when there are several)')
    .option('--at <datetime>', 'pretend it is this time: 2026-11-23T09:00 (partnership local time), 2026-11-23T09:00Z, or a date (09:30 local)')
    .action(async (opts: ChatOptions) => {
      await ctx.withRuntime(async (rt) => {
        const found = await findPartnership(rt.db.prisma, opts.partnership);
        if (!found.ok) throw new CliError(`${found.error.message}${found.error.hint ? `\n${found.error.hint}` : ''}`);
        const p = found.value;
        // Read like `cdp run --at`: without a zone, the partnership's local time.
        const at = opts.at === undefined ? undefined : parseAt(opts.at, p.timezone);
        const email = opts.as?.trim();
        if (!email) {
          const people = await rt.db.prisma.person.findMany({ where: { partnershipId: p.id }, orderBy: { email: 'asc' }, take: 3, select: { email: true } });
          const examples = people.length ? people.map((x) => `  cdp chat --as ${x.email}`).join('\n') : '  (no people yet: load the demo with `cdp demo` or run `cdp people import FILE`)';
          throw new CliError(`Say who you are: --as EMAIL (or set CDP_AS). For example:\n${examples}`, 2);
        }
        const core = createCore({ db: rt.db, logger: rt.logger });
        const outcome = await runChat({
          core,
          partnership: { id: p.id, name: p.name, timezone: p.timezone },
          personEmail: email,
          io: rt.io,
          now: at ? () => at : () => rt.now(),
        });
        if (outcome.exitCode !== 0) throw new CliError(outcome.error ?? 'The chat ended with an error.', outcome.exitCode);
      });
    });
}
