// Command words and their aliases, and "did you mean" for mistyped ones.
import { distance } from 'fastest-levenshtein';
import type { CommandName } from '../types.js';

export const COMMAND_NAMES: readonly CommandName[] = [
  'help', 'mine', 'show', 'update', 'due', 'overdue', 'digest', 'contracts', 'contract', 'redate', 'snooze', 'find', 'whoami', 'bind', 'report',
];

/** Words people type for each command (lower case). The canonical name is always accepted. */
const ALIASES: Record<string, CommandName> = {
  help: 'help', '?': 'help', h: 'help', commands: 'help', usage: 'help',
  mine: 'mine', my: 'mine', list: 'mine',
  show: 'show', view: 'show', open: 'show', details: 'show', info: 'show',
  update: 'update', upd: 'update', status: 'update', set: 'update',
  due: 'due', upcoming: 'due', soon: 'due',
  overdue: 'overdue', late: 'overdue',
  digest: 'digest', summary: 'digest',
  report: 'report', board: 'report',
  contracts: 'contracts',
  contract: 'contract',
  redate: 'redate', reschedule: 'redate', move: 'redate', 're-date': 'redate',
  snooze: 'snooze', pause: 'snooze', mute: 'snooze',
  find: 'find', search: 'find', lookup: 'find',
  whoami: 'whoami', me: 'whoami',
  bind: 'bind',
};

/** The command a word stands for (case-insensitive), if any. */
export function commandFor(word: string): CommandName | undefined {
  const w = word.toLowerCase();
  return Object.hasOwn(ALIASES, w) ? ALIASES[w] : undefined; // never Object's own "__proto__", "constructor"…
}

/**
 * The nearest command to a mistyped word: edit distance ≤ 2 and at most half the word's length
 * ("udpate" → update, "mien" → mine, but "foo" is not "due"), or a unique prefix of 3+ letters.
 */
export function nearestCommand(word: string): CommandName | undefined {
  const w = word.toLowerCase();
  if (w.length === 0 || w.length > 40) return undefined;
  const prefixed = COMMAND_NAMES.filter((c) => w.length >= 3 && c.startsWith(w));
  if (prefixed.length === 1) return prefixed[0];
  let best: { name: CommandName; d: number } | undefined;
  for (const [alias, name] of Object.entries(ALIASES)) {
    if (alias.length < 3) continue;
    const d = distance(w, alias);
    if (d <= 2 && d <= w.length / 2 && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}
