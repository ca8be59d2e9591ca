// One status palette for console, Slack, Teams, XLSX and HTML: ongoing is not complete's blue,
// and every status text a card or page shows reads at 4.5:1 or better on white.
import { describe, expect, it } from 'vitest';
import { contrast, STATUS_PALETTE, TEAMS_LIGHT_TEXT } from '../src/message/palette.js';
import { ACTION_STATUSES, STATUS_INFO } from '../src/register/status.js';
import { statusChip } from '../adapters/console/render-text.js';
import { STATUS_EMOJI } from '../adapters/slack/render.js';
import { renderCard, statusText } from '../adapters/teams/render.js';

const WHITE = '#ffffff';

describe('status palette', () => {
  it('computes WCAG contrast (black on white is 21:1; Teams yellow on white fails)', () => {
    expect(contrast('#000000', WHITE)).toBeCloseTo(21, 5);
    expect(contrast(TEAMS_LIGHT_TEXT.Warning, WHITE)).toBeLessThan(1.6);
    expect(contrast(TEAMS_LIGHT_TEXT.Good, WHITE)).toBeLessThan(2.2);
  });

  it('draws every status word at ≥ 4.5:1 on white, and on its own fill', () => {
    for (const s of ACTION_STATUSES) {
      const p = STATUS_PALETTE[s];
      expect(contrast(p.ink, WHITE), `${s} ink`).toBeGreaterThanOrEqual(4.5);
      expect(contrast(p.ink, p.fill), `${s} ink on fill`).toBeGreaterThanOrEqual(4.5);
      expect(contrast('#000000', p.fill), `${s} black on fill`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('keeps ongoing apart from complete on every surface', () => {
    const [o, c] = [STATUS_PALETTE.ongoing, STATUS_PALETTE.complete];
    expect(o.name).not.toBe(c.name);
    expect(o.ink).not.toBe(c.ink);
    expect(o.fill).not.toBe(c.fill);
    expect(o.swatch).not.toBe(c.swatch);
    expect(STATUS_EMOJI.ongoing).not.toBe(STATUS_EMOJI.complete);
    expect(statusChip('ongoing')).toBe('[TEAL] Ongoing');
    expect(statusChip('complete')).toBe('[BLUE] Complete');
    expect(statusText('ongoing')).not.toEqual(statusText('complete'));
  });

  it('uses only Teams colours whose text reads at ≥ 4.5:1 on white in a rendered card', () => {
    const card = renderCard({
      summary: 'all statuses',
      blocks: [
        { type: 'rag', counts: Object.fromEntries(ACTION_STATUSES.map((s) => [s, 1])), percentComplete: 12 },
        ...ACTION_STATUSES.map((s, i) => ({ type: 'item' as const, ref: `TRS-0${i}`, title: STATUS_INFO[s].label, status: s })),
      ],
    }).card;
    const colours = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (o.type === 'TextBlock') colours.add(String(o.color ?? 'Default'));
        Object.values(o).forEach(walk);
      }
    };
    walk(card);
    expect([...colours].sort()).toEqual(['Accent', 'Attention', 'Default']);
    for (const c of colours) expect(contrast(TEAMS_LIGHT_TEXT[c as keyof typeof TEAMS_LIGHT_TEXT], WHITE), c).toBeGreaterThanOrEqual(4.5);
  });
});
