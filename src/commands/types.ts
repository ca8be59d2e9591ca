// The command language (SPEC §3) as types. parse(text) → Command | ParseError (src/commands/parse.ts).
import type { ActionStatus } from '../register/status.js';
import type { ContractChange } from './parse/contract-stage.js';

/** A window such as 14d, 4w or 12m. */
export interface Duration {
  amount: number;
  unit: 'd' | 'w' | 'm';
}

export type Command =
  | { name: 'help'; topic?: string }
  | { name: 'mine' }
  | { name: 'show'; ref: string }
  | { name: 'update'; ref: string; status?: ActionStatus; note?: string }
  | { name: 'due'; window: Duration }
  | { name: 'overdue' }
  | { name: 'digest'; subgroup?: string; post: boolean }
  | { name: 'contracts'; window: Duration }
  /** The contract reply grammar (src/commands/parse/contract-stage.ts): stage, route, notice date, award, extension. */
  | ({ name: 'contract'; ref: string } & ContractChange)
  /** date: the new due date at 00:00 UTC of that calendar day. */
  | { name: 'redate'; ref: string; date: Date; reason: string }
  | { name: 'snooze'; ref: string; days: number }
  | { name: 'find'; words: string }
  | { name: 'whoami' }
  /** The board summary (chairs, admins, SRO); in Slack with the board pack's XLSX. */
  | { name: 'report' }
  /** Bind the current channel to a subgroup for digests (admins; Slack and Teams). */
  | { name: 'bind'; subgroup: string };

export type CommandName = Command['name'];

export interface ParseError {
  code: 'empty' | 'unknown_command' | 'bad_arguments' | 'bad_ref' | 'bad_status' | 'bad_duration' | 'bad_date' | 'too_long' | 'bad_stage' | 'personal_data';
  message: string;
  /** The command whose usage applies (for unknown commands: the nearest one, if any). */
  command?: CommandName;
  /** "did you mean …" suggestion. */
  suggestion?: string;
  /** The right form, with an example. */
  hint: string;
}

export type ParseResult = { ok: true; command: Command } | { ok: false; error: ParseError };
