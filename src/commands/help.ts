// Help text: the command list (one example each) and the detailed usage of one command.
// USAGE is also what the parser quotes in its errors ("the right form, with an example").
import { message, type Block, type Message } from '../message/model.js';
import { commandFor, COMMAND_NAMES, nearestCommand } from './parse/vocabulary.js';
import type { CommandName } from './types.js';

export interface Usage {
  /** The form, e.g. "update <ref> <status> [note]". */
  usage: string;
  /** One typical example, e.g. "update TRS-07 at risk waiting on funding". */
  example: string;
  /** What it does, one line. */
  summary: string;
}

export const USAGE: Record<CommandName, Usage> = {
  help: { usage: 'help [command]', example: 'help update', summary: 'lists the commands, or explains one' },
  mine: { usage: 'mine', example: 'mine', summary: 'open actions your agencies lead or partner on, soonest due first' },
  show: { usage: 'show <ref>', example: 'show TRS-07', summary: 'one action (or contract) with its latest updates' },
  update: {
    usage: 'update <ref> [status] [note]',
    example: 'update TRS-07 at risk waiting on funding',
    summary: 'records a status and/or a note on an action',
  },
  due: { usage: 'due [window]', example: 'due 4w', summary: "your agencies' actions due in the next 14 days (or the window you give)" },
  overdue: { usage: 'overdue', example: 'overdue', summary: "your agencies' actions past their due date" },
  digest: {
    usage: 'digest [subgroup] [post]',
    example: 'digest treatment and recovery',
    summary: 'a subgroup digest, shown to you only; chairs add "post" to post it in the channel',
  },
  contracts: { usage: 'contracts [window]', example: 'contracts 6m', summary: 'contracts expiring in the next 12 months (or the window you give)' },
  contract: {
    usage: 'contract <ref> <stage or route> [details] [— note]',
    example: 'contract C-01 route decided — direct award C',
    summary: "records a contract's route, stage, notice, award or extension (commissioners, admins)",
  },
  redate: {
    usage: 'redate <ref> <date> <reason>',
    example: 'redate TRS-07 31/03/2026 funding confirmed late',
    summary: 'moves a due date, keeping the original and your reason',
  },
  snooze: { usage: 'snooze <ref> [days]', example: 'snooze TRS-07 7d', summary: 'pauses reminders for an action (at most 30 days; 7 if you give none)' },
  find: { usage: 'find <words>', example: 'find naloxone', summary: 'searches actions by words in their title or notes' },
  whoami: { usage: 'whoami', example: 'whoami', summary: 'who I think you are: your agencies and roles, or how to get linked' },
  report: {
    usage: 'report',
    example: 'report',
    summary: 'the board summary: RAG by pillar and the exceptions, with the board pack (chairs, admins, SRO)',
  },
  bind: {
    usage: 'bind <subgroup>',
    example: 'bind treatment and recovery',
    summary: "makes this channel the subgroup's channel for digests (admins)",
  },
};

/** More detail for `help <command>`: extra lines and examples. */
const DETAILS: Partial<Record<CommandName, { lines: string[]; examples: string[] }>> = {
  update: {
    lines: [
      'Status words: on track (green), at risk (amber, delayed), off track (red, behind), blocked (on hold), ongoing (BAU), complete (done), cancelled, not started.',
      'The status is optional and comes first; the rest is the note. Put the note in quotes if it starts with a status word you do not mean as a status.',
      'Words such as "late", "ok", "good" or "started" count as a status only on their own or followed by a dash or colon ("late - supplier let us down").',
      "Notes are at most 2,000 characters and must not identify service users (no names, NHS numbers or dates of birth).",
    ],
    examples: ['update TRS-07 on track pathway launched', 'update TRS-07 amber', 'update trs-07 waiting on funding', 'update TRS-07 "late" start agreed with MOPAC'],
  },
  due: {
    lines: ['Windows: 14d, 2w, 4w, 3m, "14 days", "3 months". At most 365 days.'],
    examples: ['due', 'due 2w', 'due 30 days'],
  },
  contracts: {
    lines: ['Windows: 6m, 12m, 90d, "18 months". At most 36 months.'],
    examples: ['contracts', 'contracts 18m'],
  },
  contract: {
    lines: [
      'Routes — Provider Selection Regime: direct award A, B or C, most suitable provider, competitive process; Procurement Act: open procedure, competitive flexible, PA direct award; extension; decommission.',
      'Each route has its own stages: options appraisal, route decided, tender published (or transparency / MSP notice), evaluation, notice published, standstill, awarded, mobilising, live — or extended, decommissioned.',
      'A notice works out the standstill: 8 working days from the day after it (PSR: direct award C, most suitable provider, competitive) or from the day of it (Procurement Act). Direct awards A and B have none.',
      'An award records the new term (a new contract period); an extension the new end, using up an extension option. "direct award" alone, or "extended" with no date, is answered with a question.',
    ],
    examples: [
      'contract C-05 route decided — direct award C',
      'contract C-02 notice published 12/01/2027',
      'contract C-02 awarded to PHS group for 3 years from 18/02/2027',
      'contract C-04 extended until 16/08/2028',
      'contract C-02 open procedure',
    ],
  },
  redate: {
    lines: ['Dates are UK style: 31/03/2026, 31 March 2026, 31 Mar 26. The reason is required: boards ask about slippage.'],
    examples: ['redate TRS-07 31/03/2026 funding confirmed late', 'redate BSC-03 30 June 2026 waiting on MOPAC decision'],
  },
  snooze: {
    lines: ['Durations: 3d, 7d, 2w, "10 days". At most 30 days.'],
    examples: ['snooze TRS-07', 'snooze TRS-07 2w'],
  },
  digest: {
    lines: ['Without a subgroup: the subgroup you chair or belong to. Add "post" at the end to post it in the subgroup channel (chairs, admins).'],
    examples: ['digest', 'digest supply', 'digest treatment and recovery post'],
  },
  find: { lines: ['Matches words in action titles, refs and notes.'], examples: ['find naloxone', 'find cuckooing'] },
  show: { lines: ['Refs are case-insensitive: trs-07, TRS07 and TRS-07 are the same.'], examples: ['show TRS-07', 'show c-01'] },
};

/** The command a help topic names (alias or near miss), if any. */
export function helpTopic(topic: string | undefined): CommandName | undefined {
  if (!topic) return undefined;
  const w = topic.trim().replace(/^\/?cdp\s+/i, '').split(/\s+/)[0] ?? '';
  return commandFor(w) ?? nearestCommand(w);
}

/** The general help, or `help <command>`. Unknown topics get the general help with a line saying so. */
export function helpText(topic?: string): Message {
  const name = helpTopic(topic);
  if (name) return commandHelp(name);
  const blocks: Block[] = [{ type: 'heading', text: 'What you can ask me' }];
  if (topic && topic.trim()) {
    const shown = topic.trim().length > 30 ? `${topic.trim().slice(0, 29)}…` : topic.trim();
    blocks.push({ type: 'text', text: `There is no command called "${shown}". These are the commands:`, style: 'muted' });
  }
  for (const c of COMMAND_NAMES) {
    const u = USAGE[c];
    blocks.push({ type: 'text', text: `${u.usage} — ${u.summary}\n  e.g. ${u.example}` });
  }
  blocks.push({
    type: 'context',
    text: 'In Slack start with /cdp (e.g. /cdp mine); in Teams and the console type the words. Refs are case-insensitive. "help <command>" explains one command.',
  });
  return message('Commands: ' + COMMAND_NAMES.join(', '), blocks, { ephemeral: true });
}

function commandHelp(name: CommandName): Message {
  const u = USAGE[name];
  const d = DETAILS[name];
  const blocks: Block[] = [
    { type: 'heading', text: u.usage },
    { type: 'text', text: `${u.summary.charAt(0).toUpperCase()}${u.summary.slice(1)}.` },
  ];
  for (const line of d?.lines ?? []) blocks.push({ type: 'text', text: line });
  const examples = d?.examples ?? [u.example];
  blocks.push({ type: 'fields', fields: [{ label: examples.length > 1 ? 'Examples' : 'Example', value: examples.join('\n') }] });
  blocks.push({ type: 'context', text: 'Type "help" for all commands.' });
  return message(`${u.usage} — ${u.summary}`, blocks, { ephemeral: true });
}
