// cdp people import <file> | cdp people list: the people of a partnership, their agencies,
// roles (admin, commissioner, chair: <subgroup>) and linked chat accounts.
import path from 'node:path';
import type { Command } from 'commander';
import { formatImportReport } from '../../register/import/index.js';
import { findPartnership } from '../../register/partnerships.js';
import { importPeople, listPeople } from '../../register/people-import.js';
import { CHANNELS, parseChannel, revokePersonLinks, setPreferredChannel } from '../../register/people-channel.js';
import { CliError, type CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  const people = program.command('people').description('import and list the people of a partnership');
  people
    .command('import')
    .description('import people from CSV or XLSX (name, email, agency, roles: admin; commissioner; chair: <subgroup>)')
    .argument('<file>', 'CSV or XLSX file')
    .option('--partnership <name>', 'which partnership (needed when there are several)')
    .option('--dry-run', 'show what would change and write nothing')
    .action(async (file: string, opts: { partnership?: string; dryRun?: boolean }) => {
      await ctx.withRuntime(async (rt) => {
        const found = await findPartnership(rt.db.prisma, opts.partnership);
        if (!found.ok) throw new CliError(`${found.error.message}${found.error.hint ? `\n${found.error.hint}` : ''}`);
        const r = await importPeople(rt.db, { file: path.resolve(rt.io.cwd, file), partnershipName: found.value.name, dryRun: !!opts.dryRun, now: rt.now() });
        if (!r.ok) throw new CliError(`${r.error.message}${r.error.hint ? `\n${r.error.hint}` : ''}`);
        rt.io.out(formatImportReport(r.value));
      });
    });
  people
    .command('set')
    .description(`set a person's preferred channel: cdp people set EMAIL channel ${CHANNELS.join('|')}|auto`)
    .argument('<email>', 'the person, by email')
    .argument('<field>', 'what to set: channel')
    .argument('<value>', `${CHANNELS.join(', ')}, or auto (the first that reaches them: chat, then email)`)
    .option('--partnership <name>', 'which partnership (needed when there are several)')
    .action(async (email: string, field: string, value: string, opts: { partnership?: string }) => {
      if (field.trim().toLowerCase() !== 'channel') throw new CliError(`"${field}" cannot be set here. Example: cdp people set ${email} channel email`, 2);
      const channel = parseChannel(value);
      if (!channel.ok) throw new CliError(`${channel.error.message}\n${channel.error.hint}`, 2);
      await ctx.withRuntime(async (rt) => {
        const found = await findPartnership(rt.db.prisma, opts.partnership);
        if (!found.ok) throw new CliError(`${found.error.message}${found.error.hint ? `\n${found.error.hint}` : ''}`);
        const r = await setPreferredChannel(rt.db.prisma, found.value.id, email, channel.value);
        if (!r.ok) throw new CliError(`${r.error.message}${r.error.hint ? `\n${r.error.hint}` : ''}`);
        rt.io.out(`${r.value.name}: reminders now go ${channel.value ? `by ${channel.value} first (then any other channel that reaches them)` : 'through the first channel that reaches them (chat, then email)'}; was ${r.value.was ?? 'auto'}.`);
      });
    });
  people
    .command('revoke-links')
    .description('withdraw every signed link in the emails sent to a person (e.g. a forwarded email, a lost phone)')
    .argument('<email>', 'the person, by email')
    .option('--partnership <name>', 'which partnership (needed when there are several)')
    .action(async (email: string, opts: { partnership?: string }) => {
      await ctx.withRuntime(async (rt) => {
        const found = await findPartnership(rt.db.prisma, opts.partnership);
        if (!found.ok) throw new CliError(`${found.error.message}${found.error.hint ? `\n${found.error.hint}` : ''}`);
        const r = await revokePersonLinks(rt.db.prisma, found.value.id, email, rt.now());
        if (!r.ok) throw new CliError(`${r.error.message}${r.error.hint ? `\n${r.error.hint}` : ''}`);
        rt.io.out(`${r.value.name}: ${r.value.revoked} link(s) withdrawn; they now open a "withdrawn" page. Their next email carries a new link.`);
      });
    });
  people
    .command('list')
    .description('list people: name, email, agencies, roles, linked chat accounts')
    .option('--partnership <name>', 'which partnership (needed when there are several)')
    .action(async (opts: { partnership?: string }) => {
      await ctx.withRuntime(async (rt) => {
        const found = await findPartnership(rt.db.prisma, opts.partnership);
        if (!found.ok) throw new CliError(`${found.error.message}${found.error.hint ? `\n${found.error.hint}` : ''}`);
        const list = await listPeople(rt.db.prisma, found.value.id);
        if (list.length === 0) {
          rt.io.out(`"${found.value.name}" has no people yet: cdp people import FILE (or cdp demo).`);
          return;
        }
        rt.io.out(table(
          ['Name', 'Email', 'Agencies', 'Roles', 'Chat accounts', 'Channel'],
          list.map((p) => [p.name, p.email, p.agencies.join('; '), p.roles.join('; '), p.chatAccounts.join(', ') || '(not linked)', p.preferredChannel ?? 'auto']),
        ));
        rt.io.out(`${list.length} people in "${found.value.name}".`);
      });
    });
}

/** A plain-text table with columns padded (long cells cut at 50 characters). */
export function table(headings: string[], rows: string[][]): string {
  const cut = (s: string) => (s.length > 50 ? `${s.slice(0, 49)}…` : s);
  const all = [headings, ...rows].map((r) => r.map(cut));
  const widths = headings.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(all[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}
