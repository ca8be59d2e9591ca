// Drill: 100 concurrent status updates to one action from both adapters at once — 50 signed
// Slack slash commands and 50 Teams messages over HTTP to one server. None lost: 100 history
// rows (50 via Slack, 50 via Teams, every note once), the version bumped 100 times, every
// person answered, and the action shows the last write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardOf, cardText } from '../teams/harness.js';
import { eventually, startDrillSystem, type DrillSystem, type DrillUser } from './support/system.js';

let s: DrillSystem;
beforeAll(async () => {
  // Slack and Teams credentials, as a real deployment with both has (Teams without Microsoft credentials is off).
  s = await startDrillSystem({ teamsCredentials: true });
});
afterAll(async () => s?.close());

describe('drill: 100 concurrent updates from Slack and Teams', () => {
  it('none lost', async () => {
    const id = s.fx.actions['TRS-07']!;
    const before = await s.db.prisma.action.findUniqueOrThrow({ where: { id } });
    const statuses = ['on track', 'amber', 'red'];
    const slackWho: DrillUser[] = ['alex', 'priya'];
    const teamsWho: DrillUser[] = ['megan', 'adele'];
    const slack = Array.from({ length: 50 }, (_, i) => s.slashCommand(slackWho[i % 2]!, `update TRS-07 ${statuses[i % 3]} slack note ${i}`));
    const teams = Array.from({ length: 50 }, (_, i) => s.teamsMessage(teamsWho[i % 2]!, `update TRS-07 ${statuses[(i + 1) % 3]} teams note ${i}`));
    const sentBefore = s.connector.sent.length;
    const auth = { authorization: `Bearer ${await s.teamsToken()}` };

    const results = await Promise.all([
      ...slack.map((c) => s.slack.command(c.fields).then((r) => ({ via: 'slack', status: r.status }))),
      ...teams.map((a) => s.postTeams(a, auth).then((r) => ({ via: 'teams', status: r.status }))),
    ]);
    expect(results.filter((r) => r.status !== 200)).toEqual([]);

    // Every Slack command answered on its response_url, every Teams message answered on the connector.
    const slackReplies = await eventually(() => {
      const r = s.slackApi.callsTo('response_url').filter((c) => slack.some((x) => x.responseId === c.args.id));
      return r.length >= 50 && r;
    }, '50 Slack replies');
    const teamsReplies = await eventually(() => s.connector.sent.length - sentBefore >= 50 && s.connector.sent.slice(sentBefore), '50 Teams replies');
    expect(slackReplies).toHaveLength(50);
    expect(teamsReplies).toHaveLength(50);
    const refusals = [
      ...slackReplies.filter((r) => /can't|sorry|wrong|not/i.test(String(r.args.text)) && !/TRS-07/.test(String(r.args.text))).map((r) => r.args.text),
      ...teamsReplies.map((c) => cardText(cardOf(c)) || String(c.body?.text ?? '')).filter((t) => /sorry|went wrong/i.test(t)),
    ];
    if (refusals.length) process.stdout.write(`[drill concurrency] errors logged: ${JSON.stringify(s.logs.lines.filter((l) => Number(l.level) >= 50).map((l) => ({ msg: l.msg, err: String((l.err as { message?: string })?.message ?? l.err).slice(0, 600) })))}\n`);
    if (refusals.length) process.stdout.write(`[drill concurrency] ${refusals.length} of 100 got an error reply\n`);
    expect(refusals).toEqual([]);

    const rows = await s.db.prisma.statusUpdate.findMany({ where: { actionId: id } });
    expect(rows).toHaveLength(100);
    expect(rows.filter((r) => r.via === 'slack')).toHaveLength(50);
    expect(rows.filter((r) => r.via === 'teams')).toHaveLength(50);
    expect(new Set(rows.map((r) => r.note)).size).toBe(100);
    const after = await s.db.prisma.action.findUniqueOrThrow({ where: { id } });
    expect(after.version).toBe(before.version + 100);
    // The last write is visible: the status-changing rows chain from the old status to the shown one.
    const balance = new Map<string, number>();
    const bump = (k: string, n: number) => balance.set(k, (balance.get(k) ?? 0) + n);
    for (const r of rows) if (r.newStatus) { bump(r.oldStatus!, 1); bump(r.newStatus, -1); }
    bump(before.status, -1);
    bump(after.status, 1);
    expect([...balance.values()].every((v) => v === 0)).toBe(true);
    process.stdout.write(`[drill concurrency] 100 updates (50 Slack + 50 Teams, first contact for all 4 users): ${rows.length} history rows, version +${after.version - before.version}, final status ${after.status}\n`);
    expect(s.logs.lines.filter((l) => Number(l.level) >= 50)).toEqual([]);
  }, 60_000);
});
