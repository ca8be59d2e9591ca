// Runs `cdp` verbs through commander against a test database, as the CLI would: output lines
// joined, a CliError's message and exit code instead of a throw.
import { Command } from 'commander';
import { CliError, type CliContext, type CliIO, type Runtime } from '../../src/cli/context.js';
import type { VerbModule } from '../../src/cli/program.js';
import type { Database } from '../../src/db/client.js';

export async function runVerbs(db: Database, verbs: VerbModule[], args: string[], opts: { now: Date; cwd?: string }): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => out.push(t), readStdin: async () => undefined, isTTY: false, cwd: opts.cwd ?? process.cwd() };
  const ctx: CliContext = { io, withRuntime: (fn) => fn({ db, io, now: () => opts.now } as unknown as Runtime) };
  const program = new Command('cdp').exitOverride();
  for (const v of verbs) v.register(program, ctx);
  try {
    await program.parseAsync(args, { from: 'user' });
    return { code: 0, out: out.join('\n') };
  } catch (e) {
    if (e instanceof CliError) return { code: e.exitCode, out: e.message };
    throw e;
  }
}
