// cdp partnerships list | cdp partnerships bind <partnership> <slack|teams> <id>: the
// partnerships of this deployment and which Slack workspace / Teams tenant serves each.
import type { Command } from 'commander';
import { bindChat, listPartnerships } from '../../register/partnerships.js';
import { CliError, type CliContext } from '../context.js';
import { table } from './people.js';

export function register(program: Command, ctx: CliContext): void {
  const cmd = program.command('partnerships').description('list partnerships, bind a Slack workspace or Teams tenant to one');
  cmd
    .command('list')
    .description('list partnerships with their plan year, actions and chat bindings')
    .action(async () => {
      await ctx.withRuntime(async (rt) => {
        const list = await listPartnerships(rt.db.prisma);
        if (list.length === 0) {
          rt.io.out('No partnerships yet: load the demo with `cdp demo`, or `cdp import FILE --partnership NAME`.');
          return;
        }
        rt.io.out(table(
          ['Name', 'Plan year', 'Actions', 'Bound to', 'Demo'],
          list.map((p) => [p.name, p.planYear, String(p.actions), p.bindings.map((b) => `${b.platform} ${b.externalId}`).join(', ') || '(none)', p.isDemo ? 'yes' : '']),
        ));
      });
    });
  cmd
    .command('bind')
    .description('bind a Slack workspace (team id) or Teams tenant id to a partnership')
    .argument('<partnership>', 'partnership name')
    .argument('<platform>', 'slack or teams')
    .argument('<id>', 'Slack team id (T…) or Teams tenant id (GUID)')
    .action(async (partnership: string, platform: string, id: string) => {
      const pf = platform.toLowerCase();
      if (pf !== 'slack' && pf !== 'teams') throw new CliError(`"${platform}" is not a platform: use slack or teams, e.g. cdp partnerships bind "Tower Hamlets" slack T0123ABCD`, 2);
      await ctx.withRuntime(async (rt) => {
        const r = await bindChat(rt.db.prisma, partnership, pf, id);
        if (!r.ok) throw new CliError(`${r.error.message}${r.error.hint ? `\n${r.error.hint}` : ''}`);
        rt.io.out(r.value.created
          ? `Bound ${pf === 'slack' ? 'Slack workspace' : 'Teams tenant'} ${id.trim()} to "${r.value.partnership.name}".`
          : `${pf === 'slack' ? 'Slack workspace' : 'Teams tenant'} ${id.trim()} was already bound to "${r.value.partnership.name}": nothing changed.`);
      });
    });
}
