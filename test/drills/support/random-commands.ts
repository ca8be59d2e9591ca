// A seeded generator of command strings for the fuzz drill: half built from the command
// vocabulary (real and unknown refs, statuses, dates, durations, notes with markup, control
// characters, SQL, very long words), half raw random text. Deterministic for a seed.
import { seeded } from '../../support/flaky-port.js';

const WORDS = ['help', 'mine', 'show', 'update', 'due', 'overdue', 'digest', 'contracts', 'contract', 'redate', 'snooze', 'find', 'whoami', 'bind', 'cdp', '/cdp', 'UPDATE', 'Show', 'upd', 'shwo', 'halp'];
const REFS = ['TRS-07', 'trs07', 'TRS-01', 'BSC-02', 'BSC-05', 'C-01', 'C-02', 'OTH-99', 'XYZ-1', 'TRS-', '-07', 'TRS-0000000007', 'C-', 'c01', '#TRS-07', '<TRS-07>'];
const STATUSES = ['green', 'amber', 'red', 'on track', 'on_track', 'at-risk', 'off track', 'blocked', 'done', 'complete', 'cancelled', 'delayed', 'ongoing', 'not started', 'GREEN', 'purple', 'rag'];
const STAGES = ['options appraisal', 'procurement', 'extended', 'decommissioned', 'awarded', 'unknown-stage'];
const TIMES = ['7d', '14d', '4w', '12m', '30d', '31d', '0d', '-3d', '99999999d', '1.5w', 'd', '2026-12-31', '31/03/2027', '31/02/2027', 'Q3 2026/27', 'Mar-27', 'tomorrow', '0000-00-00', '9999-99-99', '1e9w'];
const NOTES = [
  'waiting on MOPAC funding', '<!channel> urgent', '*bold* _it_ ~s~ `code`', '<script>alert(1)</script>', "'; drop table \"Action\"; --",
  '%s %d %%', '\\', '{"a":1}', '🙂🚀', 'ünïcödé', '\u200b', '\u0000', '\u0007bell', 'tab\there', 'line\nbreak', '\r\n',
  'a'.repeat(300), 'x'.repeat(2100), '${process.env}', '{{template}}', 'null', 'NULL', '0', '-1', 'Infinity', 'true',
];
const SUBGROUPS = ['treatment', 'supply', 'Treatment & Recovery', 'post', 'nonexistent subgroup'];

export interface CommandGenerator {
  next(): string;
}

export function commandGenerator(seed: number): CommandGenerator {
  const rnd = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (n: number) => Math.floor(rnd() * n);
  const randomChars = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) {
      const r = rnd();
      if (r < 0.6) s += String.fromCharCode(32 + int(95)); // printable ASCII
      else if (r < 0.7) s += String.fromCharCode(int(32)); // control characters
      else if (r < 0.85) s += String.fromCharCode(0x80 + int(0x700)); // Latin, Greek, Cyrillic…
      else if (r < 0.95) s += String.fromCodePoint(0x1f300 + int(0x300)); // emoji
      else s += String.fromCharCode(0xd800 + int(0x800)); // lone surrogates
    }
    return s;
  };
  const token = (): string => {
    const r = rnd();
    if (r < 0.25) return pick(REFS);
    if (r < 0.45) return pick(STATUSES);
    if (r < 0.55) return pick(TIMES);
    if (r < 0.7) return pick(NOTES);
    if (r < 0.75) return pick(STAGES);
    if (r < 0.8) return pick(SUBGROUPS);
    if (r < 0.9) return pick(WORDS);
    return randomChars(1 + int(12));
  };
  return {
    next() {
      const r = rnd();
      if (r < 0.15) return randomChars(int(80)); // pure noise
      if (r < 0.2) return pick(['', ' ', '\n', '\t', '   \u3000 ']);
      const words = [pick(WORDS)];
      const n = int(6);
      for (let i = 0; i < n; i++) words.push(token());
      const sep = rnd() < 0.9 ? ' ' : pick(['  ', '\t', ' \n ', ',', '']);
      return words.join(sep);
    },
  };
}

/** Words a reply must never show a person (the generator never types them, so a reply cannot be echoing an earlier note). */
export const LEAKS = [/\bundefined\b/, /\[object Object\]/, /\bNaN\b/, /\n\s+at .+:\d+:\d+/, /\b(TypeError|ReferenceError|RangeError|SyntaxError|PrismaClient\w*Error)\b/, /\bInvalid `prisma\./];
