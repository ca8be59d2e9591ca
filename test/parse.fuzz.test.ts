// Property test (SPEC §8, issue "Bad input"): no input crashes the parser or the note cleaner —
// random unicode, control characters, 10 kB lines, quotes, emoji, right-to-left text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanNote } from '../src/commands/hygiene.js';
import { parse } from '../src/commands/parse.js';

const now = new Date('2026-11-22T12:00:00Z');

const PIECES = [
  'update', 'UPDATE', '/cdp', 'cdp', 'show', 'due', 'overdue', 'digest', 'post', 'contracts', 'contract', 'redate', 'snooze',
  'find', 'whoami', 'help', 'bind', 'mine', 'TRS-07', 'trs07', 'C-01', 'c 1', 'green', 'on track', 'at-risk', 'late', 'ok',
  'done', '—', '-', ':', '"', "'", '“', '”', '‘', '’', '14d', '2w', '12m', '400d', '0d', '31/03/2026', '31 March 2026', '31/02/2026',
  'route', 'direct award c', 'awarded', '😀', '👩🏽‍⚕️', 'تم الإطلاق', 'שלום', '\u202E', '\u2066', '\u0000', '\u0007', '\u001b[31m',
  '\r\n', '\n', '\t', '\uD800', '\uDC00', '943 476 5919', 'DOB', 'born', 'client John', '  ', '<!channel>', '<@U123>', '${x}',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf',
];

const tokens = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((a) => a.join(' '));
const glued = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 20 }).map((a) => a.join(''));
const longLine = fc
  .tuple(fc.constantFrom('', 'update TRS-07 green ', 'find ', 'digest ', 'redate TRS-07 31/03/2026 '), fc.constantFrom('a', ' ', '"', '😀', 'x ', '\u0000', 'تم ', '- '), fc.integer({ min: 1_500, max: 12_000 }))
  .map(([head, piece, n]) => head + piece.repeat(Math.ceil(n / piece.length)));
const input = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'binary-ascii', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.tuple(fc.constantFrom('update TRS-07 ', 'redate TRS-07 31/03/2026 ', 'contract C-01 awarded ', ''), fc.string({ unit: 'binary', maxLength: 200 })).map(([a, b]) => a + b),
  tokens,
  glued,
  longLine,
  fc.string({ unit: fc.constantFrom('\uD800', '\uDFFF', 'a', ' ', '"'), maxLength: 50 }),
);

describe('fuzz', () => {
  it('parse never throws; every error has a message and a hint; notes are clean and capped', () => {
    fc.assert(
      fc.property(input, (text) => {
        const r = parse(text, { now });
        if (!r.ok) {
          expect(r.error.message.trim().length).toBeGreaterThan(0);
          expect(r.error.hint.trim().length).toBeGreaterThan(0);
          expect(r.error.message.length).toBeLessThan(600);
          return;
        }
        const c = r.command;
        const stored = c.name === 'update' || c.name === 'contract' ? c.note : c.name === 'redate' ? c.reason : undefined;
        if (stored !== undefined) {
          expect([...stored].length).toBeLessThanOrEqual(2000);
          expect(stored).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
          expect(stored.trim()).toBe(stored);
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it('cleanNote never throws; refusals have a message and a hint; accepted notes are clean', () => {
    fc.assert(
      fc.property(input, (text) => {
        const r = cleanNote(text, { now });
        if (!r.ok) {
          expect(r.error.message.trim().length).toBeGreaterThan(0);
          expect((r.error.hint ?? '').trim().length).toBeGreaterThan(0);
          return;
        }
        expect([...r.value].length).toBeLessThanOrEqual(2000);
        expect(r.value).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\r]/);
        expect(r.value).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        // cleaning is idempotent
        const again = cleanNote(r.value, { now });
        expect(again.ok && again.value).toBe(r.value);
      }),
      { numRuns: 10_000 },
    );
  });
});
