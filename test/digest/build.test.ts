import { describe, expect, it } from 'vitest';
import { buildDigest, DIGEST_MAX_BLOCKS, type DigestSnapshot } from '../../src/digest/index.js';
import type { DigestAction } from '../../src/digest/snapshot.js';
import type { Block } from '../../src/message/model.js';
import { DEFAULT_SETTINGS } from '../../src/settings/index.js';
import { addDays } from '../../src/calendar/working-days.js';
import { renderBlocks } from '../../adapters/slack/render.js';
import { messageActivity } from '../../adapters/teams/render.js';
import { at } from '../nudges/fixture.js';

const NOW = at('2026-11-23', '09:00');
const SINCE = at('2026-11-16', '09:00');

function snapshot(actions: DigestAction[], extra: Partial<DigestSnapshot> = {}): DigestSnapshot {
  return {
    partnership: { id: 'p1', name: 'Tower Hamlets', timezone: 'Europe/London', settings: DEFAULT_SETTINGS },
    subgroup: { id: 'tr', name: 'Treatment & Recovery' },
    now: NOW, today: '2026-11-23', since: SINCE, actions, updates: [], contracts: [], ...extra,
  };
}

const recent = new Date('2026-11-20T10:00:00Z');
const act = (ref: string, over: Partial<DigestAction> = {}): DigestAction => ({
  id: ref, ref, title: `Title of ${ref}`, status: 'on_track', dueDate: null,
  leadAgency: 'London Borough of Tower Hamlets Substance Misuse services', leadShort: 'LBTH Substance Misuse',
  lastUpdateAt: recent, createdAt: recent, statusSince: new Date('2026-11-01T10:00:00Z'), latestNote: null, ...over,
});
const items = (blocks: Block[]) => blocks.filter((b): b is Extract<Block, { type: 'item' }> => b.type === 'item');
/** The section (strong text) an item first sits under. */
function sectionOf(blocks: Block[], ref: string): string | undefined {
  let title: string | undefined;
  for (const b of blocks) {
    if (b.type === 'text' && b.style === 'strong') title = b.text;
    if (b.type === 'item' && b.ref === ref) return title;
  }
  return undefined;
}
/** The items under the section whose title starts with `prefix`. */
function section(blocks: Block[], prefix: string) {
  let title = '';
  return items(blocks.filter((b) => {
    if (b.type === 'text' && b.style === 'strong') title = b.text;
    return title.startsWith(prefix);
  }));
}

const REF = /\b(?:[A-Z]{2,4}-\d{2,3}|C-\d+)\b/g;
/** Every text string in a JSON value (Slack blocks or an Adaptive Card). */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => k !== 'data' && k !== 'value' && strings(x, out));
  return out;
}
const distinctRefs = (s: string) => new Set(s.match(REF) ?? []).size;

describe('digest content', () => {
  const actions = [
    act('TRS-01', { status: 'complete' }),
    act('TRS-02', { status: 'at_risk', dueDate: '2026-11-10', latestNote: { text: 'Waiting on the ICB to confirm funding', at: new Date('2026-11-19T10:00:00Z') } }),
    act('TRS-03', { dueDate: '2026-11-30' }),
    act('TRS-04', { status: 'off_track', dueDate: '2026-10-31', lastUpdateAt: new Date('2026-10-01T10:00:00Z'), statusSince: new Date('2026-10-01T10:00:00Z'), latestNote: { text: 'Recruiting a second outreach worker; interim cover from RESET', at: new Date('2026-10-01T10:00:00Z') } }),
    act('TRS-05', { status: 'cancelled' }),
    act('TRS-06', { status: 'ongoing', dueDate: '2026-01-01', lastUpdateAt: null, createdAt: new Date('2026-09-01T10:00:00Z') }),
    act('TRS-07', { status: 'blocked', leadShort: null, leadAgency: 'Turning Point', statusSince: new Date('2026-11-18T10:00:00Z') }),
  ];
  const msg = buildDigest(snapshot(actions, {
    updates: [
      { actionId: 'TRS-01', ref: 'TRS-01', oldStatus: 'on_track', newStatus: 'complete', at: new Date('2026-11-18T10:00:00Z'), note: 'Pathway launched at the Royal London', personName: 'Alex Wilber' },
      { actionId: 'TRS-02', ref: 'TRS-02', oldStatus: 'on_track', newStatus: 'at_risk', at: new Date('2026-11-19T10:00:00Z'), note: 'Waiting on the ICB to confirm funding', personName: 'Sam Patel' },
      { actionId: 'TRS-03', ref: 'TRS-03', oldStatus: null, newStatus: null, at: new Date('2026-11-19T11:00:00Z'), note: 'Venue booked', personName: 'Sam Patel' },
    ],
    contracts: [{ ref: 'C-01', service: 'Adult treatment', provider: 'Reset', expiryDate: '2027-03-31', extensionNoticeDate: '2026-12-31', stage: 'options_appraisal', route: 'undecided' }],
  }), { occasion: 'weekly' });

  it('heads with the subgroup and the date, then RAG counts and % complete', () => {
    expect(msg.blocks[0]).toEqual({ type: 'heading', text: 'Treatment & Recovery — weekly digest, Monday 23 November 2026' });
    expect(msg.blocks[1]).toEqual({ type: 'rag', counts: { complete: 1, at_risk: 1, on_track: 1, off_track: 1, cancelled: 1, ongoing: 1, blocked: 1 }, percentComplete: 17 });
    expect(msg.summary).toBe('Treatment & Recovery digest: 7 actions, 17% complete, 2 off track or blocked, 2 overdue, 1 due in 14 days');
  });

  it('puts off-track and blocked actions first, each with its mitigation, lead short name and days', () => {
    const first = items(msg.blocks)[0]!;
    expect(first).toMatchObject({ ref: 'TRS-04', status: 'off_track' });
    expect(first.lines).toEqual([
      'Lead: LBTH Substance Misuse · off track for 53 days · 23 days overdue (due 31 Oct 2026)',
      'Mitigation: Recruiting a second outreach worker; interim cover from RESET',
    ]);
    const blocked = items(msg.blocks)[1]!;
    expect(blocked).toMatchObject({ ref: 'TRS-07', status: 'blocked' });
    expect(blocked.lines).toEqual(['Lead: Turning Point · blocked for 5 days', 'No mitigation recorded']);
    expect(sectionOf(msg.blocks, 'TRS-04')).toBe('Off track and blocked (2)');
  });

  it('lists each change since the last digest with who and the note', () => {
    expect(sectionOf(msg.blocks, 'TRS-02')).toBe('Since the last digest on 16 Nov 2026 (3)');
    const changed = section(msg.blocks, 'Since');
    expect(changed.map((b) => b.ref)).toEqual(['TRS-02', 'TRS-01', 'TRS-03']);
    expect(changed[0]!.lines).toContain('On track → At risk by Sam Patel: “Waiting on the ICB to confirm funding”');
    expect(changed[1]!.lines).toContain('On track → Complete by Alex Wilber: “Pathway launched at the Royal London”');
    expect(changed[2]!.lines).toContain('Note added by Sam Patel: “Venue booked”');
    expect(msg.blocks).toContainEqual({ type: 'context', text: '3 updates on 3 actions · 1 completed · 1 newly at risk, off track or blocked' });
  });

  it('lists overdue, due soon, quiet and expiring contracts, one element each', () => {
    const overdue = section(msg.blocks, 'Overdue (1)');
    expect(overdue.map((b) => b.ref)).toEqual(['TRS-02']);
    expect(overdue[0]!.lines).toEqual(['Lead: LBTH Substance Misuse · 13 days overdue (due 10 Nov 2026)', 'Latest: Waiting on the ICB to confirm funding']);
    expect(msg.blocks).toContainEqual({ type: 'context', text: '1 more overdue action is listed under Off track and blocked.' });
    expect(section(msg.blocks, 'Due in the next 14 days (1)').map((b) => b.lines![0])).toEqual(['Lead: LBTH Substance Misuse · due 30 Nov 2026 (in 7 days)']);
    expect(section(msg.blocks, 'Quiet for 28+ days (1)').map((b) => [b.ref, ...b.lines!])).toEqual([['TRS-06', 'Lead: LBTH Substance Misuse · no update since added 1 Sep 2026']]);
    expect(items(msg.blocks).find((b) => b.ref === 'C-01')).toEqual({
      type: 'item', ref: 'C-01', title: 'Adult treatment', stage: 'options_appraisal',
      lines: ['Reset · expires 31 Mar 2027 (in 128 days) · extension notice by 31 Dec 2026', 'Route: Undecided · stage: Options appraisal'],
    });
  });

  it('is titled by occasion: weekly, before a meeting, or asked for', () => {
    const snap = snapshot([act('TRS-01')]);
    expect(buildDigest(snap).blocks[0]).toEqual({ type: 'heading', text: 'Treatment & Recovery — digest as of Monday 23 November 2026' });
    expect(buildDigest(snap, { occasion: 'meeting', meetingDate: '2026-11-25' }).blocks[0]).toEqual({ type: 'heading', text: 'Treatment & Recovery — digest for the meeting on Wednesday 25 November 2026' });
  });

  it('says so when nothing needs attention', () => {
    const calm = buildDigest(snapshot([act('TRS-01')]));
    expect(calm.blocks).toContainEqual({ type: 'text', text: 'Nothing off track, overdue, due soon or quiet.', style: 'muted' });
    expect(calm.blocks).toContainEqual({ type: 'context', text: 'No updates since the last digest (16 Nov 2026).' });
  });

  it('adds failed notifications and unreachable people to the partnership-wide digest', () => {
    const wide = buildDigest(snapshot(actions, {
      subgroup: null,
      failedNotifications: [{ kind: 'nudge', recipient: 'Alex Wilber', lastError: 'channel_not_found', attempts: 8, createdAt: recent }],
      unreachable: [{ name: 'Sam Patel', platform: 'slack', since: new Date('2026-11-02T10:00:00Z'), reason: 'user not in workspace' }],
    }), { occasion: 'weekly' });
    expect(wide.blocks[0]).toEqual({ type: 'heading', text: 'Tower Hamlets (partnership-wide) — weekly digest, Monday 23 November 2026' });
    expect(wide.blocks).toContainEqual({ type: 'context', text: 'nudge to Alex Wilber — 8 attempts — channel_not_found' });
    expect(wide.blocks).toContainEqual({ type: 'context', text: 'Sam Patel (slack) since 2 Nov 2026 — user not in workspace' });
  });

  it('renders in Slack and Teams with no text element naming more than one action', () => {
    const slack = renderBlocks(msg).blocks;
    for (const s of strings(slack)) expect(distinctRefs(s), s).toBeLessThanOrEqual(1);
    // One Slack section per action, its ref in bold.
    for (const ref of ['TRS-04', 'TRS-07', 'TRS-02', 'C-01']) expect(slack.some((b) => b.type === 'section' && b.text?.text.startsWith(`*${ref}*`))).toBe(true);
    const card = messageActivity(msg);
    for (const s of strings(card)) expect(distinctRefs(s), s).toBeLessThanOrEqual(1);
    const refTexts = strings(card).filter((s) => /^(TRS-0[1-7]|C-01)$/.test(s));
    expect(refTexts.length).toBe(items(msg.blocks).length);
  });
});

describe('digest size limits', () => {
  const many: DigestAction[] = Array.from({ length: 500 }, (_, i) => {
    const ref = `TRS-${String(i + 1).padStart(3, '0')}`;
    const kind = i % 3;
    return act(ref, {
      title: `${'A very long action title about commissioning and partnership working '.repeat(6)}${ref}`,
      leadAgency: 'Metropolitan Police Service and London Borough of Tower Hamlets Community Safety Partnership',
      leadShort: null,
      status: (['on_track', 'at_risk', 'off_track', 'blocked', 'on_track'] as const)[i % 5],
      dueDate: kind === 0 ? addDays('2026-11-23', -(i % 60) - 1) : kind === 1 ? addDays('2026-11-23', i % 14) : null,
      lastUpdateAt: kind === 2 ? new Date('2026-09-01T10:00:00Z') : recent,
      latestNote: { text: 'n'.repeat(1900), at: recent },
    });
  });
  const contracts = Array.from({ length: 60 }, (_, i) => ({
    ref: `C-${i + 1}`, service: 'Service '.repeat(40), provider: 'Provider '.repeat(20), expiryDate: '2027-06-30', extensionNoticeDate: null, stage: 'not_started' as const, route: 'undecided' as const,
  }));
  const updates = many.map((a, i) => ({ actionId: a.id, ref: a.ref, oldStatus: 'not_started' as const, newStatus: i % 2 ? ('at_risk' as const) : ('complete' as const), at: recent, note: 'u'.repeat(1900), personName: 'P'.repeat(200) }));
  const failedNotifications = Array.from({ length: 80 }, (_, i) => ({ kind: 'nudge', recipient: `Person ${i}`, lastError: 'x'.repeat(900), attempts: 8, createdAt: recent }));
  const unreachable = Array.from({ length: 80 }, (_, i) => ({ name: `Person ${i}`, platform: 'teams', since: recent, reason: 'y'.repeat(900) }));

  for (const wide of [false, true]) {
    it(`a 500-action ${wide ? 'partnership-wide' : 'subgroup'} digest stays inside Slack's 50 blocks / 3,000 chars and Teams' 28 KB`, () => {
      const msg = buildDigest(snapshot(many, { contracts, updates, ...(wide ? { subgroup: null, failedNotifications, unreachable } : {}) }));
      expect(msg.blocks.length).toBeLessThanOrEqual(DIGEST_MAX_BLOCKS);
      const slack = renderBlocks(msg);
      expect(slack.blocks.length).toBeLessThanOrEqual(50);
      for (const s of strings(slack.blocks)) expect(s.length).toBeLessThanOrEqual(3000);
      const activity = messageActivity(msg);
      const bytes = Buffer.byteLength(JSON.stringify(activity));
      expect(bytes).toBeLessThan(28 * 1024);
      const t = msg.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
      expect(t).toMatch(/Off track and blocked \(200\)/);
      expect(t).toMatch(/and \d+ more/);
      if (wide) expect(t).toContain('People the bot cannot reach (80)');
      // Every list is there, each cut.
      for (const title of ['Off track and blocked', 'Since the last digest', 'Overdue', 'Due in the next 14 days', 'Quiet for 28+ days', 'Contracts expiring']) expect(t).toContain(title);
      process.stdout.write(`[digest, 500 actions${wide ? ', partnership-wide' : ''}] ${msg.blocks.length} blocks; Slack ${slack.blocks.length} blocks; Teams activity ${bytes} bytes\n`);
    });
  }

  it('leaves out whole lists, saying so, under a tight block budget', () => {
    const msg = buildDigest(snapshot(many, { contracts }), { maxBlocks: 12 });
    expect(msg.blocks.length).toBeLessThanOrEqual(12);
    expect(msg.blocks.map((b) => ('text' in b ? b.text : '')).join('\n')).toContain('left out to fit the message');
  });
});
