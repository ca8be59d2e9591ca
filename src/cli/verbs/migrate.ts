// cdp migrate: apply pending database migrations (also done automatically by every verb and at start).
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('migrate')
    .description('apply pending database migrations (cdp start does this too)')
    .action(async () => {
      await ctx.withRuntime(async (rt) => {
        // withRuntime has already migrated; report the state.
        const rows = await rt.db.withSession((s) =>
          s.query<{ name: string; applied_at: Date }>('select name, applied_at from "_cdp_migrations" order by name'),
        );
        rt.io.out(`Database: ${rt.db.describe()}`);
        for (const r of rows) rt.io.out(`  applied  ${r.name}  (${new Date(r.applied_at).toISOString()})`);
        rt.io.out(`${rows.length} migration(s) applied; the database is up to date.`);
      });
    });
}
