// `metrics` and `metric <id> [<period> <value>]` (SPEC §10 performance management). The value is
// the last word and the period everything between the id and it ("metric IO2.2 Q2 2026/27 47");
// whether the period and value are good for that metric is checked by the handler, which knows
// the metric's unit and frequency and today's date.
import type { ParseResult } from '../types.js';
import { shown, unquote, words } from './text.js';

const METRIC_ID = /^[A-Za-z][A-Za-z0-9._-]{0,19}$/;

export function parseMetric(rest: string, fail: (message: string) => ParseResult): ParseResult {
  const ws = words(rest);
  if (!ws.length) return fail('"metric" needs a metric id, such as IO2.2 (type "metrics" for the list).');
  const code = ws[0]!.text.replace(/[:,]$/, '');
  if (!METRIC_ID.test(code)) return fail(`"${shown(code, 25)}" is not a metric id: ids look like IO2.2, SO3.1 or a local id such as LOC-NAL.`);
  if (ws.length === 1) return { ok: true, command: { name: 'metric', code: code.toUpperCase() } };
  if (ws.length === 2) {
    return fail(`"metric ${code.toUpperCase()} ${shown(ws[1]!.text, 20)}" needs both a period and a value, e.g. metric ${code.toUpperCase()} Q2 2026/27 47.`);
  }
  const last = ws[ws.length - 1]!;
  const period = unquote(rest.slice(ws[1]!.start, ws[ws.length - 2]!.end));
  return { ok: true, command: { name: 'metric', code: code.toUpperCase(), period: shown(period, 30), value: shown(last.text, 30) } };
}
