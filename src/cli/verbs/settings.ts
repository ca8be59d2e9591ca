// cdp settings show [--partnership NAME] · cdp settings set <key> <value> [--partnership NAME]
// A partnership's reminder thresholds, send time, digest day/time, outbox attempts and time zone.
import type { Command } from 'commander';
import type { Prisma } from '../../generated/prisma/client.js';
import { registerChanged } from '../../core/resolution-cache.js';
import { findPartnership } from '../../register/partnerships.js';
import { SETTING_FIELDS, describeSettings, findField, invalidStoredSettings, readSettings, settingsOverrides, updateSettings, validateTimeZone } from '../../settings/index.js';
import { CliError, type CliContext, type Runtime } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  const settings = program.command('settings').description("show or change a partnership's reminder and digest settings");
  settings
    .command('show')
    .description('list every setting with its value and default')
    .option('--partnership <name>', 'which partnership (needed when there are several)')
    .action(async (opts: { partnership?: string }) => {
      await ctx.withRuntime(async (rt) => {
        const p = await partnership(rt, opts.partnership);
        rt.io.out(`Settings of ${p.name}:`);
        for (const line of describeSettings(readSettings(p.settings), p.timezone)) rt.io.out(`  ${line}`);
        const bad = invalidStoredSettings(p.settings);
        if (bad.length) rt.io.out(`Stored values that are invalid and read as their defaults: ${bad.join(', ')} (set them again).`);
        rt.io.out('Change one with: cdp settings set <key> <value>   e.g. cdp settings set sendTime 09:30');
      });
    });
  settings
    .command('set')
    .description('change one setting, e.g. `cdp settings set dueSoonDays 14,3` or `cdp settings set timezone Europe/London`')
    .argument('<key>', 'the setting (see `cdp settings show`)')
    .argument('<value...>', 'the new value')
    .option('--partnership <name>', 'which partnership (needed when there are several)')
    .action(async (key: string, valueParts: string[], opts: { partnership?: string }) => {
      const value = valueParts.join(' ');
      await ctx.withRuntime(async (rt) => {
        const p = await partnership(rt, opts.partnership);
        if (/^(time ?zone|tz)$/i.test(key.trim())) {
          const tz = validateTimeZone(value);
          if (!tz.ok) throw new CliError(`${tz.error.message}${tz.error.hint ? `\n${tz.error.hint}` : ''}`, 2);
          await rt.db.prisma.partnership.update({ where: { id: p.id }, data: { timezone: tz.value } });
          registerChanged();
          rt.io.out(`${p.name}: timezone = ${tz.value} (was ${p.timezone}).`);
          return;
        }
        const current = readSettings(p.settings);
        const next = updateSettings(current, key, value);
        if (!next.ok) throw new CliError(`${next.error.message}${next.error.hint ? `\n${next.error.hint}` : ''}`, 2);
        // Keep only overrides, merged over whatever else is stored (other keys are left alone).
        const stored = p.settings && typeof p.settings === 'object' && !Array.isArray(p.settings) ? (p.settings as Record<string, unknown>) : {};
        const overrides = settingsOverrides(next.value);
        const merged = { ...stripKnown(stored), ...overrides };
        await rt.db.prisma.partnership.update({ where: { id: p.id }, data: { settings: merged as Prisma.InputJsonValue } });
        registerChanged();
        const field = findField(key);
        const line = describeSettings(next.value).find((l) => field && l.startsWith(`${field.key} =`));
        rt.io.out(`${p.name}: ${line ?? `${key} set`}`);
      });
    });
}

/** Stored keys that are settings (top level of a dotted key) are rewritten from the overrides. */
function stripKnown(stored: Record<string, unknown>): Record<string, unknown> {
  const known = new Set(SETTING_FIELDS.map((f) => f.key.split('.')[0]));
  return Object.fromEntries(Object.entries(stored).filter(([k]) => !known.has(k)));
}

async function partnership(rt: Runtime, name?: string) {
  const found = await findPartnership(rt.db.prisma, name);
  if (!found.ok) throw new CliError(`${found.error.message}${found.error.hint ? `\n${found.error.hint}` : ''}`);
  return found.value;
}
