// End to end: the console chat scripted through stdin, on the demo partnership in a real
// database, through the real core (issue 3, "Done when").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChat } from '../adapters/console/chat.js';
import { CliError, type CliContext, type Runtime } from '../src/cli/context.js';
import { bufferedIO } from '../src/cli/io.js';
import { createCore } from '../src/core/create-core.js';
import type { CoreApi, PartnershipInfo } from '../src/core/api.js';
import { silentLogger } from '../src/log/logger.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';
import { loadDemo } from './support/demo.js';

const now = new Date('2026-11-22T10:00:00Z');

let db: TestDatabase;
let core: CoreApi;
let partnership: PartnershipInfo;
/** A person of TRS-07's lead agency, and one from an agency with no part in TRS-07 (not admin, not its chair). */
let lead: { email: string; name: string };
let outsider: { email: string; name: string };
let leadAgencyName: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await loadDemo(db, now);
  core = createCore({ db, logger: silentLogger() });
  const action = await db.prisma.action.findFirstOrThrow({ where: { ref: 'TRS-07' }, include: { partners: true, partnership: true, leadAgency: true } });
  leadAgencyName = action.leadAgency?.name ?? '';
  partnership = { id: action.partnership.id, name: action.partnership.name, timezone: action.partnership.timezone };
  const onAction = [action.leadAgencyId, ...action.partners.map((p) => p.agencyId)].filter((x): x is string => !!x);
  const people = await db.prisma.person.findMany({
    where: { partnershipId: partnership.id },
    include: { agencies: true, roles: true },
    orderBy: { email: 'asc' },
  });
  const leadPerson = people.find((p) => p.agencies.some((a) => a.agencyId === action.leadAgencyId));
  const outsiderPerson = people.find(
    (p) =>
      p.agencies.length > 0 &&
      p.agencies.every((a) => !onAction.includes(a.agencyId)) &&
      !p.roles.some((r) => r.role === 'admin' || (r.role === 'chair' && r.subgroupId === action.subgroupId)),
  );
  if (!leadPerson || !outsiderPerson) throw new Error('the demo needs a person of TRS-07’s lead agency and one from an unrelated agency');
  lead = leadPerson;
  outsider = outsiderPerson;
});

afterAll(async () => {
  await db?.drop();
});

async function chat(email: string, script: string) {
  const io = bufferedIO({ cwd: process.cwd(), stdin: script });
  const outcome = await runChat({ core, partnership, personEmail: email, io, now: () => now });
  return { outcome, out: io.stdout(), err: io.stderr() };
}

describe('cdp chat, scripted', () => {
  it('mine, update, show: the update is in the history', async () => {
    const { outcome, out } = await chat(lead.email, 'mine\nupdate TRS-07 at-risk waiting on funding\nshow TRS-07\n');
    expect(outcome.exitCode).toBe(0);
    expect(out).toContain('> mine');
    expect(out).toContain('> update TRS-07 at-risk waiting on funding');
    const show = out.slice(out.indexOf('> show TRS-07'));
    expect(show).toContain('TRS-07');
    expect(show).toContain('waiting on funding');
    expect(show).toContain('[AMBER] At risk');
    expect(show).toContain(lead.name);

    const rows = await db.prisma.statusUpdate.findMany({ where: { action: { ref: 'TRS-07', partnershipId: partnership.id } }, include: { person: true } });
    const row = rows.find((r) => r.note === 'waiting on funding');
    expect(row).toMatchObject({ via: 'console' });
    expect(row?.person?.email).toBe(lead.email);
    // newStatus is recorded when the status changed (the demo may already have TRS-07 at risk).
    expect(row?.newStatus ?? 'at_risk').toBe('at_risk');
    expect((await db.prisma.action.findFirstOrThrow({ where: { ref: 'TRS-07', partnershipId: partnership.id } })).status).toBe('at_risk');
  });

  it('a person from an agency not on TRS-07 is refused with the names of who may update it; nothing changes', async () => {
    const before = await db.prisma.statusUpdate.count({ where: { action: { ref: 'TRS-07' } } });
    const { out } = await chat(outsider.email, 'update TRS-07 green all fine\n');
    const reply = out.slice(out.indexOf('> update TRS-07'));
    expect(reply).toMatch(/can(not|'t)|may|only/i);
    // The refusal names who may: the lead agency (and partners, the subgroup chair, admins).
    expect(reply).toContain(leadAgencyName);
    expect(await db.prisma.statusUpdate.count({ where: { action: { ref: 'TRS-07' } } })).toBe(before);
  });

  it('typing a number presses a button of the previous reply', async () => {
    const { out } = await chat(lead.email, 'show TRS-07\n1\n');
    expect(out).toMatch(/\[1\] /);
    expect(out).toContain('> 1');
  });

  it('pressing a button of a list shows the whole list again; a refused press keeps the list\'s numbers', async () => {
    const mine = await core.commands.text({ partnership, person: await core.identity.resolve(partnership, { platform: 'console', userId: lead.email, lookupEmail: async () => lead.email }), via: 'console', now }, 'mine');
    const refs = mine.blocks.flatMap((b) => (b.type === 'item' ? [b.ref] : []));
    expect(refs.length).toBeGreaterThanOrEqual(2);
    const before = await db.prisma.statusUpdate.count();
    // [5] is the first item's "Add note…": a note with an NHS number is refused; [2] ("At risk") still works.
    const { outcome, out } = await chat(lead.email, 'mine\n5\nClient John Smith NHS 943 476 5919 missed\n2\n');
    expect(outcome.exitCode).toBe(0);
    const refusal = out.slice(out.indexOf('note> Client'), out.indexOf('> 2'));
    expect(refusal).toMatch(/NHS number|personal/i);
    const pressed = out.slice(out.indexOf('> 2'));
    expect(pressed).toContain('Your open actions');
    expect(pressed).toMatch(new RegExp(`${lead.name} set ${refs[0]} to At risk|${refs[0]} is already At risk`));
    for (const ref of refs.slice(0, 20)) expect(pressed).toContain(ref);
    expect(await db.prisma.statusUpdate.count()).toBeLessThanOrEqual(before + 1);
  });

  it('bad input gets a clear error and the chat goes on', async () => {
    const { outcome, out } = await chat(lead.email, 'udpate TRS-07 green\nupdate TRS-07 green client John Smith engaged\nwhoami\n');
    expect(outcome.exitCode).toBe(0);
    expect(out).toContain('Did you mean "update"?');
    expect(out).toContain('service user');
    expect(out).toContain(lead.name);
  });

  it('an email that is not a person of the partnership is told how to get linked; exit code 1', async () => {
    const { outcome, out } = await chat('nobody@example.invalid', 'mine\n');
    expect(outcome.exitCode).toBe(1);
    expect(outcome.error).toContain('nobody@example.invalid');
    expect(out.trim().length).toBeGreaterThan(0);
    expect(out).not.toContain('> mine');
  });
});

describe('the cdp chat verb', () => {
  async function runVerb(args: string[], stdin: string) {
    const { Command } = await import('commander');
    const { register } = await import('../src/cli/verbs/chat.js');
    const io = bufferedIO({ cwd: process.cwd(), stdin });
    const ctx: CliContext = {
      io,
      withRuntime: (fn) => fn({ config: {} as Runtime['config'], logger: silentLogger(), db, io, now: () => now }),
    };
    const program = new Command('cdp').exitOverride();
    register(program, ctx);
    let error: unknown;
    try {
      await program.parseAsync(['chat', ...args], { from: 'user' });
    } catch (e) {
      error = e;
    }
    return { out: io.stdout(), error: error as CliError | undefined };
  }

  it('without --as (and no CDP_AS) says how, with three example emails of the partnership', async () => {
    const saved = process.env.CDP_AS;
    delete process.env.CDP_AS;
    try {
      const { error } = await runVerb([], 'mine\n');
      expect(error).toBeInstanceOf(CliError);
      expect(error?.message).toContain('--as EMAIL');
      expect(error?.message.match(/cdp chat --as \S+@\S+/g)).toHaveLength(3);
    } finally {
      if (saved !== undefined) process.env.CDP_AS = saved;
    }
  });

  it('--as runs the script', async () => {
    const { out, error } = await runVerb(['--as', lead.email], 'whoami\n');
    expect(error).toBeUndefined();
    expect(out).toContain('> whoami');
    expect(out).toContain(lead.name);
  });

  it('an unknown --partnership lists the partnerships', async () => {
    const { error } = await runVerb(['--as', lead.email, '--partnership', 'Nowhere'], 'mine\n');
    expect(error?.message).toContain('There is no partnership "Nowhere"');
    expect(error?.message).toContain(partnership.name);
  });

  it('an email that is not a person exits with code 1', async () => {
    const { error } = await runVerb(['--as', 'nobody@example.invalid'], 'mine\n');
    expect(error?.exitCode).toBe(1);
    expect(error?.message).toContain('nobody@example.invalid is not a person');
  });
});
