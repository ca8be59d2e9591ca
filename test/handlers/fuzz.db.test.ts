// No input crashes a command: random text (unicode, control characters, 10 kB lines) after every
// command word gets a reply that says what was wrong — never the "something went wrong" fallback.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/create-core.js';
import type { CommandContext, CoreApi } from '../../src/core/api.js';
import { MemoryLogStream, createLogger } from '../../src/log/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { buildFixture, ctxFor, type Fixture } from '../support/fixtures.js';

let db: TestDatabase;
let fx: Fixture;
let core: CoreApi;
let ctx: CommandContext;
const logs = new MemoryLogStream();

beforeAll(async () => {
  db = await createTestDatabase();
  fx = await buildFixture(db);
  core = createCore({ db, logger: createLogger({ level: 'error', destination: logs }) });
  ctx = await ctxFor(db, fx, 'adele', { channelId: 'C-FUZZ' });
});
afterAll(async () => db?.drop());

const PREFIXES = ['', 'update TRS-07 ', 'update ', 'show ', 'redate TRS-07 ', 'snooze TRS-07 ', 'find ', 'contract C-01 ', 'digest ', 'bind ', 'due ', 'contracts ', 'help '];

describe('random input', () => {
  it('never produces an internal error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PREFIXES), fc.string({ unit: 'binary', maxLength: 60 }), async (prefix, rest) => {
        const m = await core.commands.text(ctx, prefix + rest);
        expect(m.meta?.error).not.toBe('internal');
        expect(typeof m.summary).toBe('string');
      }),
      { numRuns: 120 },
    );
    const b = await core.commands.button(ctx, { kind: 'set_status', ref: '\u0000<!channel>', status: 'on_track' });
    expect(b.meta?.error).toBe('not_found');
    expect(logs.lines.filter((l) => l.msg === 'command failed')).toEqual([]);
  }, 120_000);

  it('buttons, thread replies, tenancy and identity survive random input', async () => {
    const thread = { platform: 'slack' as const, channelId: 'D-FUZZ', messageId: 'fuzz.1' };
    await db.prisma.sentMessage.create({ data: { partnershipId: fx.partnership.id, ...thread, actionRefs: ['TRS-02', 'TRS-07'], contractRefs: [] } });
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 40 }), async (s) => {
        for (const m of [
          await core.commands.button(ctx, { kind: 'add_note', ref: 'TRS-02' }, { note: s }),
          await core.commands.button(ctx, { kind: 'all_on_track', refs: [s, 'TRS-02'] }),
          await core.commands.button(ctx, { kind: 'show', ref: s }),
          await core.commands.threadReply(ctx, thread, s),
        ]) {
          expect(m?.meta?.error).not.toBe('internal');
        }
        expect((await core.tenancy.resolve('slack', s)).ok).toBe(false);
        expect(await core.identity.resolve(fx.partnership, { platform: 'slack', userId: s, lookupEmail: async () => s })).toBeNull();
      }),
      { numRuns: 60 },
    );
    expect(logs.lines.filter((l) => l.msg === 'command failed')).toEqual([]);
  }, 120_000);

  it('answers a 10 kB line and a 2,001-character note with a clear refusal', async () => {
    const before = await db.prisma.statusUpdate.count();
    const huge = await core.commands.text(ctx, `update TRS-07 ${'x'.repeat(10_000)}`);
    expect(huge.meta?.error).toBeDefined();
    expect(huge.meta?.error).not.toBe('internal');
    const long = await core.commands.text(ctx, `update TRS-07 ${'y'.repeat(2_001)}`);
    expect(long.summary).toMatch(/2,001|2,000/);
    expect(await db.prisma.statusUpdate.count()).toBe(before);
  });
});
