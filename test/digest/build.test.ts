import { describe, expect, it } from 'vitest';
import { buildDigest, DIGEST_MAX_BLOCKS, type DigestSnapshot } from '../../src/digest/index.js';
import type { DigestAction } from '../../src/digest/snapshot.js';
import type { Block } from '../../src/message/model.js';
import { DEFAULT_SETTINGS } from '../../src/settings/index.js';
import { addDays } from '../../src/calendar/working-days.js';
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
  id: ref, ref, title: `Title of ${ref}`, status: 'on_track', dueDate: null, leadAgency: 'LBTH Substance Misuse', lastUpdateAt: recent, createdAt: recent, ...over,
});
const texts = (blocks: Block[]) => blocks.map((b) => ('text' in b ? b.text : '')).join('\n');

describe('digest content', () => {
  const actions = [
    act('TRS-01', { status: 'complete' }),
    act('TRS-02', { status: 'at_risk', dueDate: '2026-11-10' }),
    act('TRS-03', { dueDate: '2026-11-30' }),
    act('TRS-04', { status: 'off_track', lastUpdateAt: new Date('2026-10-01T10:00:00Z') }),
    act('TRS-05', { status: 'cancelled' }),
    act('TRS-06', { status: 'ongoing', dueDate: '2026-01-01', lastUpdateAt: null, createdAt: new Date('2026-09-01T10:00:00Z') }),
  ];
  const msg = buildDigest(snapshot(actions, {
    updates: [
      { actionId: 'TRS-01', ref: 'TRS-01', oldStatus: 'on_track', newStatus: 'complete', at: new Date('2026-11-18T10:00:00Z') },
      { actionId: 'TRS-02', ref: 'TRS-02', oldStatus: 'on_track', newStatus: 'at_risk', at: new Date('2026-11-19T10:00:00Z') },
      { actionId: 'TRS-03', ref: 'TRS-03', oldStatus: null, newStatus: null, at: new Date('2026-11-19T11:00:00Z') },
    ],
    contracts: [{ ref: 'C-01', service: 'Adult treatment', provider: 'Reset', expiryDate: '2027-03-31', extensionNoticeDate: '2026-12-31', stage: 'options_appraisal', route: 'undecided' }],
  }));
  const all = texts(msg.blocks);

  it('heads with the subgroup and the date, then RAG counts and % complete', () => {
    expect(msg.blocks[0]).toEqual({ type: 'heading', text: 'Treatment & Recovery — weekly digest, Monday 23 November 2026' });
    expect(msg.blocks[1]).toEqual({ type: 'rag', counts: { complete: 1, at_risk: 1, on_track: 1, off_track: 1, cancelled: 1, ongoing: 1 }, percentComplete: 20 });
    expect(msg.summary).toBe('Treatment & Recovery digest: 6 actions, 20% complete, 1 overdue, 1 due in 14 days');
  });

  it('says what changed since the last digest, from the history', () => {
    expect(all).toContain('Since the last digest (16 Nov 2026)');
    expect(all).toContain('Completed: TRS-01');
    expect(all).toContain('Newly at risk or off track: TRS-02 (at risk)');
    expect(all).toContain('3 updates on 3 actions');
  });

  it('lists overdue, due soon, quiet and expiring contracts', () => {
    expect(all).toContain('Overdue (1)\nTRS-02 Title of TRS-02 — Lead: LBTH Substance Misuse — 13 days overdue (due 10 Nov 2026)');
    expect(all).toContain('Due in the next 14 days (1)\nTRS-03 Title of TRS-03 — Lead: LBTH Substance Misuse — due 30 Nov 2026 (in 7 days)');
    expect(all).toContain('Quiet for 28+ days (2)\nTRS-06 Title of TRS-06 — Lead: LBTH Substance Misuse — no update since added 1 Sep 2026\nTRS-04 Title of TRS-04 — Lead: LBTH Substance Misuse — no update for 53 days');
    expect(all).toContain('C-01 Adult treatment (Reset) — expires 31 Mar 2027 (extension notice by 31 Dec 2026) — stage: Options appraisal · route: Undecided');
    expect(all).not.toContain('could not be delivered');
  });

  it('says so when nothing needs attention', () => {
    const quiet = buildDigest(snapshot([act('TRS-01')]));
    expect(texts(quiet.blocks)).toContain('Nothing overdue, due soon or quiet.');
    expect(texts(quiet.blocks)).toContain('No updates');
  });

  it('adds failed notifications and unreachable people to the partnership-wide digest', () => {
    const wide = buildDigest(snapshot(actions, {
      subgroup: null,
      failedNotifications: [{ kind: 'nudge', recipient: 'Alex Wilber', lastError: 'channel_not_found', attempts: 8, createdAt: recent }],
      unreachable: [{ name: 'Sam Patel', platform: 'slack', since: new Date('2026-11-02T10:00:00Z'), reason: 'user not in workspace' }],
    }));
    expect(wide.blocks[0]).toEqual({ type: 'heading', text: 'Tower Hamlets (partnership-wide) — weekly digest, Monday 23 November 2026' });
    const t = texts(wide.blocks);
    expect(t).toContain('Notifications that could not be delivered (1)\nnudge to Alex Wilber — 8 attempts — channel_not_found');
    expect(t).toContain('People the bot cannot reach (1)\nSam Patel (slack) since 2 Nov 2026 — user not in workspace');
  });
});

describe('digest size limits', () => {
  const many: DigestAction[] = Array.from({ length: 500 }, (_, i) => {
    const ref = `TRS-${String(i + 1).padStart(3, '0')}`;
    const kind = i % 3;
    return act(ref, {
      title: `${'A very long action title about commissioning and partnership working '.repeat(6)}${ref}`,
      leadAgency: 'Metropolitan Police Service and London Borough of Tower Hamlets Community Safety Partnership',
      status: (['on_track', 'at_risk', 'off_track'] as const)[i % 3],
      dueDate: kind === 0 ? addDays('2026-11-23', -(i % 60) - 1) : kind === 1 ? addDays('2026-11-23', i % 14) : null,
      lastUpdateAt: kind === 2 ? new Date('2026-09-01T10:00:00Z') : recent,
    });
  });
  const contracts = Array.from({ length: 60 }, (_, i) => ({
    ref: `C-${i + 1}`, service: 'Service '.repeat(40), provider: 'Provider '.repeat(20), expiryDate: '2027-06-30', extensionNoticeDate: null, stage: 'not_started' as const, route: 'undecided' as const,
  }));
  const updates = many.map((a, i) => ({ actionId: a.id, ref: a.ref, oldStatus: 'not_started' as const, newStatus: i % 2 ? ('at_risk' as const) : ('complete' as const), at: recent }));
  const failedNotifications = Array.from({ length: 80 }, (_, i) => ({ kind: 'nudge', recipient: `Person ${i}`, lastError: 'x'.repeat(900), attempts: 8, createdAt: recent }));
  const unreachable = Array.from({ length: 80 }, (_, i) => ({ name: `Person ${i}`, platform: 'teams', since: recent, reason: 'y'.repeat(900) }));

  for (const wide of [false, true]) {
    it(`a 500-action ${wide ? 'partnership-wide' : 'subgroup'} digest stays inside Slack and Teams limits`, () => {
      const msg = buildDigest(snapshot(many, { contracts, updates, ...(wide ? { subgroup: null, failedNotifications, unreachable } : {}) }));
      expect(msg.blocks.length).toBeLessThanOrEqual(DIGEST_MAX_BLOCKS);
      for (const b of msg.blocks) if ('text' in b) expect(b.text.length).toBeLessThanOrEqual(3000);
      expect(Buffer.byteLength(JSON.stringify(msg))).toBeLessThan(24_000);
      const t = texts(msg.blocks);
      expect(t).toMatch(/Overdue \(167\)/);
      expect(t).toMatch(/and 157 more/);
      expect(t).toContain('…');
      expect(t).toMatch(/Newly at risk or off track: (TRS-\d+ \([a-z ]+\), ){19}TRS-\d+ \([a-z ]+\) and 313 more/);
      if (wide) expect(t).toContain('People the bot cannot reach (80)');
      process.stdout.write(`[digest, 500 actions${wide ? ', partnership-wide' : ''}] ${msg.blocks.length} blocks, ${Buffer.byteLength(JSON.stringify(msg))} bytes as JSON\n`);
    });
  }

  it('leaves out whole sections, saying so, under a tight block budget', () => {
    const msg = buildDigest(snapshot(many, { contracts }), { maxBlocks: 12 });
    expect(msg.blocks.length).toBeLessThanOrEqual(12);
    expect(texts(msg.blocks)).toContain('left out to fit the message');
  });
});
