// `cdp run`, `cdp settings`, `cdp subgroups` through commander, on the demo plan in a real
// database, sending through the console port (local mode).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as runVerb from '../../src/cli/verbs/run.js';
import * as settingsVerb from '../../src/cli/verbs/settings.js';
import * as subgroupsVerb from '../../src/cli/verbs/subgroups.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { loadDemo } from '../support/demo.js';
import { cliRunner } from '../support/cli.js';

let db: TestDatabase;
const wallClock = new Date('2026-11-22T12:00:00Z'); // a Sunday

beforeAll(async () => {
  db = await createTestDatabase();
  await loadDemo(db, wallClock);
});
afterAll(async () => db?.drop());

const cdp = (...argv: string[]) => cliRunner(db, [runVerb, settingsVerb, subgroupsVerb], () => wallClock)(...argv);

describe('cdp run', () => {
  it('reminders --dry-run prints one batched nudge per person and sends nothing', async () => {
    const r = await cdp('run', 'reminders', '--at', '2026-11-23', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toContain('reminders at 2026-11-23T09:30:00.000Z (dry run');
    expect(r.out).toMatch(/\[would send\] Alex Wilber <alexw@example.com> — \d+ items?/);
    expect(r.out).toMatch(/messages \(one per person\) would be sent/);
    expect(await db.prisma.notification.count()).toBe(0);
  });

  it('reminders sends through the console, then a second run sends nothing', async () => {
    const r = await cdp('run', 'reminders', '--at', '2026-11-23T09:30');
    expect(r.code).toBe(0);
    const dms = r.out.match(/--- DM to /g) ?? [];
    expect(dms.length).toBeGreaterThan(5);
    expect(r.out).toContain('--- DM to Alex Wilber <alexw@example.com> ---');
    expect(r.out).toMatch(new RegExp(`${dms.length} sent, 0 failed`));
    const again = await cdp('run', 'reminders', '--at', '2026-11-23T11:00');
    expect(again.out).not.toContain('--- DM to');
    expect(again.out).toMatch(/already sent/);
  });

  it('contracts covers the contract lines of the daily batch: sent by reminders above, not asked again', async () => {
    const dry = await cdp('run', 'contracts', '--at', '2026-11-23', '--dry-run');
    expect(dry.out).toContain('nothing new: every nudge due now was already sent');
    const again = await cdp('run', 'contracts', '--at', '2026-11-24');
    expect(again.out).not.toContain('--- DM to Adele Vance');
  });

  it('digests on a Monday 09:00 posts bound subgroups, says how to bind the others, DMs the admins', async () => {
    const bind = await cdp('subgroups', 'bind', 'treatment', 'slack', 'C0TREAT01');
    expect(bind.code).toBe(0);
    expect(bind.out).toMatch(/is bound to slack C0TREAT01/);
    const r = await cdp('run', 'digests', '--at', '2026-11-23T09:00');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--- post in .*C0TREAT01/);
    expect(r.out).toContain('--- DM to Adele Vance <adelev@example.com> ---');
    expect(r.out).toContain('[NOT BOUND]');
    expect(r.out).toContain('cdp subgroups bind "');
  });

  it('refuses a bad job or time with what would be accepted', async () => {
    const bad = await cdp('run', 'remindres');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Jobs: reminders, digests, contracts');
    const badAt = await cdp('run', 'digests', '--at', '2026-13-40');
    expect(badAt.code).toBe(2);
    expect(badAt.err).toContain('--at "2026-13-40" is not a date and time');
  });
});

describe('cdp settings and subgroups', () => {
  it('shows, sets and refuses settings', async () => {
    const show = await cdp('settings', 'show');
    expect(show.out).toContain('sendTime = 09:30 (default)');
    const set = await cdp('settings', 'set', 'send-time', '10:15');
    expect(set.code).toBe(0);
    expect(set.out).toContain('sendTime = 10:15 (default 09:30)');
    expect((await cdp('settings', 'show')).out).toContain('sendTime = 10:15');
    const bad = await cdp('settings', 'set', 'quietDays', 'lots');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Example: cdp settings set quietDays 28');
    const tz = await cdp('settings', 'set', 'timezone', 'Mars/Olympus');
    expect(tz.code).toBe(2);
    expect((await cdp('settings', 'set', 'timezone', 'Europe/Dublin')).out).toContain('timezone = Europe/Dublin');
    await cdp('settings', 'set', 'timezone', 'Europe/London');
    await cdp('settings', 'set', 'sendTime', '09:30');
  });

  it('lists subgroups and refuses a bad binding', async () => {
    const list = await cdp('subgroups', 'list');
    expect(list.out).toMatch(/channel: slack C0TREAT01/);
    expect(list.out).toContain('not bound');
    const badId = await cdp('subgroups', 'bind', 'treatment', 'slack', 'general');
    expect(badId.code).toBe(2);
    expect(badId.err).toContain('does not look like a Slack channel id');
    const badPlatform = await cdp('subgroups', 'bind', 'treatment', 'discord', 'C0123ABCD');
    expect(badPlatform.err).toContain('use slack or teams');
    const unknown = await cdp('subgroups', 'bind', 'nope', 'slack', 'C0123ABCD');
    expect(unknown.err).toContain('There is no subgroup "nope". Subgroups:');
  });
});
