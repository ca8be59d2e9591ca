// cdp subgroups list · cdp subgroups bind <subgroup> <slack|teams> <channel-id>
// · cdp subgroups unbind <subgroup> · cdp subgroups set <subgroup> <key> <value>
// Subgroups get their weekly digest in the channel they are bound to.
import type { Command } from 'commander';
import type { Prisma } from '../../generated/prisma/client.js';
import { registerChanged } from '../../core/resolution-cache.js';
import type { Platform } from '../../generated/prisma/enums.js';
import { findPartnership } from '../../register/partnerships.js';
import { readSettings, readSubgroupSettings, updateSubgroupSettings } from '../../settings/index.js';
import { CliError, type CliContext, type Runtime } from '../context.js';

const PARTNERSHIP_OPT = ['--partnership <name>', 'which partnership (needed when there are several)'] as const;

export function register(program: Command, ctx: CliContext): void {
  const sg = program.command('subgroups').description('list subgroups, bind them to a Slack or Teams channel for their digest');
  sg.command('list')
    .description('each subgroup with its chairs, bound channel and digest schedule')
    .option(...PARTNERSHIP_OPT)
    .action(async (opts: { partnership?: string }) => {
      await ctx.withRuntime(async (rt) => {
        const p = await partnership(rt, opts.partnership);
        const settings = readSettings(p.settings);
        const rows = await rt.db.prisma.subgroup.findMany({
          where: { partnershipId: p.id },
          orderBy: { name: 'asc' },
          include: { chairs: { include: { person: { select: { name: true } } } }, _count: { select: { actions: true } } },
        });
        if (!rows.length) {
          rt.io.out(`${p.name} has no subgroups yet (they come with the plan: cdp import FILE, or cdp demo).`);
          return;
        }
        rt.io.out(`Subgroups of ${p.name}:`);
        for (const r of rows) {
          const s = readSubgroupSettings(r.settings);
          const chairs = r.chairs.map((c) => c.person.name).join(', ') || 'no chair registered';
          const channel = r.channelPlatform && r.channelId ? `${r.channelPlatform} ${r.channelId}` : 'not bound';
          const weekly = s.weekly ? `weekly ${cap(s.day ?? settings.digestDay)} ${s.time ?? settings.digestTime}` : 'weekly off';
          const meetings = s.daysBeforeMeeting !== undefined && s.meetingDates.length ? `; ${s.daysBeforeMeeting} working day(s) before meetings ${s.meetingDates.join(', ')}` : '';
          rt.io.out(`  ${r.name} — ${r._count.actions} actions · chair: ${chairs} · channel: ${channel} · digest: ${weekly}${meetings}`);
        }
        if (rows.some((r) => !r.channelId)) rt.io.out('Bind one with: cdp subgroups bind "<subgroup>" slack <channel-id>   (or teams <conversation-id>)');
      });
    });

  sg.command('bind')
    .description('post this subgroup\'s digest in a Slack channel (id like C0123ABCD) or Teams channel (conversation id)')
    .argument('<subgroup>', 'subgroup name (or a unique part of it)')
    .argument('<platform>', 'slack or teams')
    .argument('<channel-id>', 'Slack channel id (C…/G…) or Teams conversation id (19:…@thread.tacv2)')
    .option(...PARTNERSHIP_OPT)
    .action(async (name: string, platformArg: string, channelId: string, opts: { partnership?: string }) => {
      const platform = platformArg.trim().toLowerCase();
      if (platform !== 'slack' && platform !== 'teams') {
        throw new CliError(`"${platformArg}" is not a platform: use slack or teams. Example: cdp subgroups bind "Treatment & Recovery" slack C0123ABCD`, 2);
      }
      const id = channelId.trim();
      const problem = channelIdProblem(platform, id);
      if (problem) throw new CliError(problem, 2);
      await ctx.withRuntime(async (rt) => {
        const p = await partnership(rt, opts.partnership);
        const s = await findSubgroup(rt, p.id, name);
        await rt.db.prisma.subgroup.update({ where: { id: s.id }, data: { channelPlatform: platform, channelId: id } });
        // A channel re-bound after it was unreachable gets a fresh chance.
        await rt.db.prisma.conversation.updateMany({
          where: { partnershipId: p.id, platform, externalId: id },
          data: { unreachableSince: null, unreachableReason: null },
        });
        registerChanged();
        const was = s.channelPlatform && s.channelId ? ` (was ${s.channelPlatform} ${s.channelId})` : '';
        rt.io.out(`${s.name} is bound to ${platform} ${id}${was}: its digest is posted there.`);
        if (platform === 'slack') rt.io.out('Invite the bot to that channel in Slack (/invite @cdp-bot) so it can post.');
        else rt.io.out('Add the bot to that Teams channel: it remembers the conversation when it is added or mentioned there.');
      });
    });

  sg.command('unbind')
    .description('stop posting this subgroup\'s digest in a channel')
    .argument('<subgroup>', 'subgroup name (or a unique part of it)')
    .option(...PARTNERSHIP_OPT)
    .action(async (name: string, opts: { partnership?: string }) => {
      await ctx.withRuntime(async (rt) => {
        const p = await partnership(rt, opts.partnership);
        const s = await findSubgroup(rt, p.id, name);
        await rt.db.prisma.subgroup.update({ where: { id: s.id }, data: { channelPlatform: null, channelId: null } });
        rt.io.out(`${s.name} is no longer bound to a channel.`);
      });
    });

  sg.command('set')
    .description('a subgroup\'s digest schedule: day, time, weekly on|off, meetingDates, daysBeforeMeeting')
    .argument('<subgroup>', 'subgroup name (or a unique part of it)')
    .argument('<key>', 'day | time | weekly | meetingDates | daysBeforeMeeting')
    .argument('<value...>', 'e.g. monday · 09:00 · off · 2026-12-10,2027-01-14 · 2')
    .option(...PARTNERSHIP_OPT)
    .action(async (name: string, key: string, valueParts: string[], opts: { partnership?: string }) => {
      await ctx.withRuntime(async (rt) => {
        const p = await partnership(rt, opts.partnership);
        const s = await findSubgroup(rt, p.id, name);
        const next = updateSubgroupSettings(readSubgroupSettings(s.settings), key, valueParts.join(' '));
        if (!next.ok) throw new CliError(`${next.error.message}${next.error.hint ? `\n${next.error.hint}` : ''}`, 2);
        await rt.db.prisma.subgroup.update({ where: { id: s.id }, data: { settings: next.value as unknown as Prisma.InputJsonValue } });
        rt.io.out(`${s.name}: ${key} set. Digest settings now ${JSON.stringify(next.value)}.`);
      });
    });
}

function channelIdProblem(platform: Platform, id: string): string | undefined {
  if (platform === 'slack' && !/^[CGD][A-Z0-9]{6,}$/.test(id)) {
    return `"${id}" does not look like a Slack channel id (C…, G… or D…, capitals and digits, e.g. C0123ABCD). In Slack: channel name → View channel details → the id at the bottom.`;
  }
  if (platform === 'teams' && (id.length < 3 || /\s/.test(id))) {
    return `"${id}" does not look like a Teams conversation id (e.g. 19:abc123@thread.tacv2).`;
  }
  return undefined;
}

async function findSubgroup(rt: Runtime, partnershipId: string, name: string) {
  const all = await rt.db.prisma.subgroup.findMany({ where: { partnershipId }, orderBy: { name: 'asc' } });
  const q = name.trim().toLowerCase();
  const exact = all.find((s) => s.name.toLowerCase() === q);
  if (exact) return exact;
  const partial = all.filter((s) => s.name.toLowerCase().includes(q));
  if (partial.length === 1) return partial[0]!;
  const names = all.map((s) => `"${s.name}"`).join(', ') || '(none)';
  if (partial.length > 1) throw new CliError(`"${name}" matches several subgroups: ${partial.map((s) => `"${s.name}"`).join(', ')}. Say which one.`, 2);
  throw new CliError(`There is no subgroup "${name}". Subgroups: ${names}.`, 2);
}

async function partnership(rt: Runtime, name?: string) {
  const found = await findPartnership(rt.db.prisma, name);
  if (!found.ok) throw new CliError(`${found.error.message}${found.error.hint ? `\n${found.error.hint}` : ''}`);
  return found.value;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
