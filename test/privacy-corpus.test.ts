// The personal-data guard, measured (SPEC §10 "Personal data"): a labelled corpus of realistic
// notes in test/fixtures/personal-data/ — leaks.jsonl (service users' personal data) and
// innocent.jsonl (service names, purchase orders, meeting dates, work contacts …). Prints
// recall and the false-positive rate; fails under 95% recall or over 3% false positives.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanNote } from '../src/commands/hygiene.js';
import { containsPersonalData } from '../src/privacy/guard.js';

interface Labelled {
  kind: string;
  text: string;
}
const DIR = path.join(import.meta.dirname, 'fixtures/personal-data');
const load = (f: string): Labelled[] =>
  fs.readFileSync(path.join(DIR, f), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Labelled);
const leaks = load('leaks.jsonl');
const innocent = load('innocent.jsonl');
const now = new Date('2026-11-22T12:00:00Z');
const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)}%`;

describe('personal-data guard on the labelled corpus', () => {
  it('has at least 200 notes, about half of them leaks', () => {
    expect(leaks.length + innocent.length).toBeGreaterThanOrEqual(200);
    expect(leaks.length).toBeGreaterThanOrEqual(100);
    expect(innocent.length).toBeGreaterThanOrEqual(100);
  });

  it('catches at least 95% of leaks with at most 3% false positives', () => {
    const missed = leaks.filter((n) => !containsPersonalData(n.text, { now }));
    const flagged = innocent.filter((n) => containsPersonalData(n.text, { now }));
    const recall = (leaks.length - missed.length) / leaks.length;
    const fpRate = flagged.length / innocent.length;
    const byKind = [...new Set(leaks.map((l) => l.kind))]
      .map((k) => `${k} ${leaks.filter((l) => l.kind === k && !missed.includes(l)).length}/${leaks.filter((l) => l.kind === k).length}`)
      .join(', ');
    const lines = [
      `personal-data guard: recall ${pct(leaks.length - missed.length, leaks.length)} (${leaks.length - missed.length}/${leaks.length}; ${byKind}),` +
        ` false positives ${pct(flagged.length, innocent.length)} (${flagged.length}/${innocent.length})`,
      ...missed.map((n) => `  missed [${n.kind}]: ${JSON.stringify(n.text)}`),
      ...flagged.map((n) => `  false positive [${n.kind}]: ${JSON.stringify(n.text)} → ${containsPersonalData(n.text, { now })?.what}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    expect(recall, lines.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(fpRate, lines.join('\n')).toBeLessThanOrEqual(0.03);
  });

  it('every refusal names what looked personal and how to say it anonymously', () => {
    for (const n of leaks) {
      const r = cleanNote(n.text, { now });
      if (r.ok) continue; // counted as a miss above
      expect(r.error.code).toBe('personal_data');
      expect(r.error.message).toMatch(/seems to contain (an NHS number|a date of birth|the name of a service user|a home address|a personal email address|a personal phone number) \("/);
      expect(r.error.hint).toMatch(/^Say it without identifying anyone: .+e\.g\.|^Say it without identifying anyone: (say|leave|name|give)/);
    }
  });
});
