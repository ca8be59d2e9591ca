// The `cdp` command tree. Each verb lives in ./verbs/<verb>.ts and exports register(program, ctx).
import { Command, CommanderError } from 'commander';
import type { CliContext } from './context.js';
import { DataDirNotPrivate } from '../db/permissions.js';
import { CliError } from './context.js';
import * as backupVerb from './verbs/backup.js';
import * as chatVerb from './verbs/chat.js';
import * as demoVerb from './verbs/demo.js';
import * as exportVerb from './verbs/export.js';
import * as importVerb from './verbs/import.js';
import * as migrateVerb from './verbs/migrate.js';
import * as partnershipsVerb from './verbs/partnerships.js';
import * as reportVerb from './verbs/report.js';
import * as peopleVerb from './verbs/people.js';
import * as runVerb from './verbs/run.js';
import * as settingsVerb from './verbs/settings.js';
import * as subgroupsVerb from './verbs/subgroups.js';
import * as startVerb from './verbs/start.js';
import * as yearVerb from './verbs/year.js';

export interface VerbModule {
  register(program: Command, ctx: CliContext): void;
}

/** Verbs that can run inside a running `cdp start` on the embedded database. */
export const VERBS: Record<string, VerbModule> = {
  chat: chatVerb,
  import: importVerb,
  export: exportVerb,
  demo: demoVerb,
  people: peopleVerb,
  run: runVerb,
  settings: settingsVerb,
  subgroups: subgroupsVerb,
  partnerships: partnershipsVerb,
  report: reportVerb,
  migrate: migrateVerb,
  year: yearVerb,
  // backup runs inside a running bot; restore refuses there (it needs an empty database).
  backup: backupVerb,
};

export function buildProgram(ctx: CliContext, opts: { includeStart?: boolean } = {}): Command {
  const program = new Command('cdp')
    .description('cdp-bot: the Combating Drugs Partnership delivery-plan bot (Slack, Teams, console)')
    .showHelpAfterError('(run `cdp --help` for the list of commands)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.out(s.replace(/\n$/, '')),
      writeErr: (s) => ctx.io.err(s.replace(/\n$/, '')),
    });
  if (opts.includeStart !== false) startVerb.register(program, ctx);
  for (const verb of Object.values(VERBS)) verb.register(program, ctx);
  return program;
}

/** Parses and runs argv; returns the exit code. Never throws for user errors. */
export async function runProgram(ctx: CliContext, argv: string[], opts: { includeStart?: boolean } = {}): Promise<number> {
  const program = buildProgram(ctx, opts);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof CliError || e instanceof DataDirNotPrivate) {
      ctx.io.err(e.message);
      return e.exitCode;
    }
    throw e;
  }
}
