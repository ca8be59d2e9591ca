// The settings a coordinator can change with `cdp settings set <key> <value>`: each key with
// its description, how its value is written, and how a typed string becomes a value.
import type { z } from 'zod';
import { WEEKDAYS } from '../calendar/zone.js';
import { parseStatus } from '../register/status.js';
import { settingsSchema, DEFAULT_SETTINGS, type Settings } from './schema.js';

export interface SettingField {
  /** Dotted path in Settings, e.g. "contractEscalations.noRouteAtMonths". */
  key: string;
  description: string;
  /** What a value looks like, for error messages and help. */
  example: string;
  schema: z.ZodType;
  /** A typed value (CLI text) → the value to validate; a string is returned unchanged when it cannot be read. */
  fromText(text: string): unknown;
}

const stripUnit = (t: string, units: RegExp) => t.trim().toLowerCase().replace(units, '').trim();

function numberFromText(units: RegExp) {
  return (text: string): unknown => {
    const t = stripUnit(text, units);
    return /^\d+$/.test(t) ? Number(t) : text;
  };
}

function listFromText(units: RegExp) {
  return (text: string): unknown => {
    const t = text.trim().toLowerCase();
    if (t === 'none' || t === 'off' || t === '[]') return [];
    const parts = t.replace(/^\[|\]$/g, '').split(/[\s,;]+/).filter(Boolean).map((p) => stripUnit(p, units));
    return parts.every((p) => /^\d+$/.test(p)) ? parts.map(Number) : text;
  };
}

function timeFromText(text: string): unknown {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : text.trim();
}

function dayFromText(text: string): unknown {
  const t = text.trim().toLowerCase();
  return WEEKDAYS.find((d) => t.length >= 3 && d.startsWith(t)) ?? text;
}

/** "in progress=at risk; wip=on track" → { "in progress": "at_risk", wip: "on_track" }; "none" clears. */
function statusWordsFromText(text: string): unknown {
  const t = text.trim();
  if (/^(none|off|\{\})$/i.test(t)) return {};
  const out: Record<string, unknown> = {};
  for (const part of t.split(/[;,\n]+/).map((p) => p.trim()).filter(Boolean)) {
    const m = /^(.+?)\s*(?:=|->|→)\s*(.+)$/.exec(part);
    if (!m) return text;
    const status = parseStatus(m[2]!) ?? m[2]!.trim();
    out[m[1]!.trim().toLowerCase()] = status;
  }
  return out;
}

const DAYS = /\s*(d|day|days)$/;
const MONTHS = /\s*(m|mo|month|months)$/;
const s = settingsSchema.shape;

export const SETTING_FIELDS: readonly SettingField[] = [
  { key: 'dueSoonDays', description: 'days before the due date to remind the lead agency', example: '14,3', schema: s.dueSoonDays, fromText: listFromText(DAYS) },
  { key: 'overdueRepeatDays', description: 'repeat overdue reminders every N days until updated', example: '7', schema: s.overdueRepeatDays, fromText: numberFromText(DAYS) },
  { key: 'escalateOverdueDays', description: 'overdue by N days → escalate to the subgroup chair', example: '14', schema: s.escalateOverdueDays, fromText: numberFromText(DAYS) },
  { key: 'escalateStuckDays', description: 'off track or blocked for N days → escalate to the subgroup chair', example: '14', schema: s.escalateStuckDays, fromText: numberFromText(DAYS) },
  { key: 'quietDays', description: 'no update for N days → ask the lead agency for one', example: '28', schema: s.quietDays, fromText: numberFromText(DAYS) },
  { key: 'contractCheckinMonths', description: 'months before a contract deadline to ask the commissioner', example: '18,12,9,6,3,1', schema: s.contractCheckinMonths, fromText: listFromText(MONTHS) },
  { key: 'contractEscalations.noRouteAtMonths', description: 'route still undecided N months before the deadline → admins', example: '9', schema: s.contractEscalations.shape.noRouteAtMonths, fromText: numberFromText(MONTHS) },
  { key: 'contractEscalations.noAwardAtMonths', description: 'not yet awarded N months before the deadline → admins', example: '6', schema: s.contractEscalations.shape.noAwardAtMonths, fromText: numberFromText(MONTHS) },
  { key: 'sendTime', description: 'local time nudges go out on working days', example: '09:30', schema: s.sendTime, fromText: timeFromText },
  { key: 'digestDay', description: 'day of the weekly subgroup digest', example: 'monday', schema: s.digestDay, fromText: dayFromText },
  { key: 'digestTime', description: 'local time of the weekly subgroup digest', example: '09:00', schema: s.digestTime, fromText: timeFromText },
  { key: 'snoozeMaxDays', description: 'longest snooze anyone may ask for', example: '30', schema: s.snoozeMaxDays, fromText: numberFromText(DAYS) },
  { key: 'importStatuses', description: "this partnership's status words in imported files (read before the built-in ones)", example: '"in progress=at risk; wip=on track"', schema: s.importStatuses, fromText: statusWordsFromText },
  { key: 'outbox.maxAttempts', description: 'delivery attempts before a notification is marked failed', example: '8', schema: s.outbox.shape.maxAttempts, fromText: numberFromText(/$^/) },
];

const squash = (k: string) => k.toLowerCase().replace(/[\s_\-.]+/g, '');

/** Finds a field by its key, forgiving case, dashes and underscores ("send-time", "SEND_TIME"). */
export function findField(key: string): SettingField | undefined {
  const k = squash(key);
  return SETTING_FIELDS.find((f) => squash(f.key) === k || squash(f.key.split('.').pop()!) === k);
}

export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export function withPath<T>(obj: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const base = (obj ?? {}) as Record<string, unknown>;
  return { ...base, [head]: rest.length ? withPath(base[head], rest.join('.'), value) : value } as T;
}

export const defaultOf = (field: SettingField): unknown => getPath(DEFAULT_SETTINGS, field.key);

export type { Settings };
