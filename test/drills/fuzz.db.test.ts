// Drill: 10,000 random command strings through the parser and the handlers (the core's
// commands.text, as every adapter calls it), from a linked lead, an admin and an unlinked
// user. No crash, and every reply is a helpful message: a non-empty summary, no internal-error
// fallback, no stack trace, no "undefined"/"[object Object]"/"NaN" the person did not type.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext, CoreApi } from '../../src/core/api.js';
import { createCore } from '../../src/core/create-core.js';
import { createLogger, MemoryLogStream } from '../../src/log/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { buildFixture, ctxFor, textOf, type Fixture } from '../support/fixtures.js';
import { commandGenerator, LEAKS } from './support/random-commands.js';

// About 8 s on PGlite; DRILL_FUZZ_N overrides the count.
const N = Number(process.env.DRILL_FUZZ_N ?? 10_000);
let db: TestDatabase;
let fx: Fixture;
let core: CoreApi;
const logs = new MemoryLogStream();
let ctxs: CommandContext[];

beforeAll(async () => {
  db = await createTestDatabase();
  fx = await buildFixture(db);
  core = createCore({ db, logger: createLogger({ level: 'warn', destination: logs }) });
  ctxs = [
    await ctxFor(db, fx, 'alex'),
    await ctxFor(db, fx, 'adele', { channelId: 'C0FUZZ', channelName: 'cdp-treatment' }),
    await ctxFor(db, fx, null),
    await ctxFor(db, fx, 'megan', { platform: 'teams' }),
  ];
});
afterAll(async () => db?.drop());

describe('drill: random command strings', () => {
  it(`${N} strings: every reply helpful, none internal, nothing leaked`, async () => {
    const gen = commandGenerator(20261122);
    const bad: { input: string; why: string; reply: string }[] = [];
    const codes = new Map<string, number>();
    for (let i = 0; i < N; i++) {
      const input = gen.next();
      const ctx = ctxs[i % ctxs.length]!;
      let reply;
      try {
        reply = await core.commands.text(ctx, input);
      } catch (e) {
        bad.push({ input, why: `threw ${(e as Error).message}`, reply: '' });
        continue;
      }
      const code = reply.meta?.error ?? 'ok';
      codes.set(code, (codes.get(code) ?? 0) + 1);
      const all = textOf(reply);
      const why =
        typeof reply.summary !== 'string' || reply.summary.trim() === '' ? 'empty summary'
        : reply.blocks.length === 0 ? 'no blocks'
        : code === 'internal' ? 'internal error fallback'
        : LEAKS.find((re) => re.test(all) && !re.test(input))?.toString();
      if (why) bad.push({ input, why, reply: all.slice(0, 300) });
    }
    // The figures for the drill report.
    process.stdout.write(`[drill fuzz] ${N} commands; replies by error code: ${JSON.stringify(Object.fromEntries([...codes].sort((a, b) => b[1] - a[1])))}\n`);
    if (bad.length) process.stdout.write(`[drill fuzz] ${bad.length} bad replies; first: ${JSON.stringify(bad.filter((b) => !b.why.includes("internal")).concat(bad.slice(0, 2)), null, 1)}\n`);
    expect(bad.slice(0, 10)).toEqual([]);
    expect(logs.lines.filter((l) => l.msg === 'command failed')).toEqual([]);
  }, 300_000);
});
