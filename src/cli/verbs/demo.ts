// cdp demo [--partnership NAME] [--reset]: load the Tower Hamlets plan as demo data, moved to
// the current financial year, with people (including the Agents Playground's users).
import type { Command } from 'commander';
import { loadDemoPlan } from '../../register/demo.js';
import { CliError, type CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('load the Tower Hamlets delivery plan as demo data (idempotent; --reset reloads it)')
    .option('--partnership <name>', 'name of the demo partnership', 'Tower Hamlets')
    .option('--reset', 'delete the demo partnership and load it afresh')
    .action(async (opts: { partnership?: string; reset?: boolean }) => {
      await ctx.withRuntime(async (rt) => {
        const r = await loadDemoPlan(rt.db, { partnershipName: opts.partnership, reset: !!opts.reset, now: rt.now() });
        if (!r.ok) throw new CliError(`${r.error.message}${r.error.hint ? `\n${r.error.hint}` : ''}`);
        const d = r.value;
        if (d.alreadyLoaded) {
          rt.io.out(`The demo partnership "${d.partnership}" is already loaded (${d.actions} actions, ${d.contracts} contracts, ${d.people} people): nothing changed. Use --reset to reload it.`);
          return;
        }
        rt.io.out(`Loaded the demo partnership "${d.partnership}" (plan year ${d.planYear}) in ${(d.elapsedMs / 1000).toFixed(1)} s: ${d.actions} actions, ${d.contracts} contracts, ${d.people} people.`);
        rt.io.out('Demo data: dates, statuses and updates are invented (notes start with [demo]); people are fictional (@example.org).');
        rt.io.out('Try: cdp chat --as alexw@example.com   (Alex Wilber, LBTH Substance Misuse services; leads TRS-07)');
        rt.io.out('     cdp chat --as meganb@example.com   (Megan Bowen, chair of the treatment and recovery subgroup)');
        rt.io.out('     cdp chat --as adelev@example.com   (Adele Vance, admin and commissioner)');
      });
    });
}
