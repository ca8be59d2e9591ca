import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { cut, escapeMrkdwn, LIMITS, renderBlocks, renderHomeView } from '../../adapters/slack/render.js';
import type { Block, Message } from '../../src/message/model.js';

/** Every text a Slack client would parse as mrkdwn in the rendered blocks. */
function mrkdwnTexts(blocks: KnownBlock[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.type === 'section') {
      if (b.text?.type === 'mrkdwn') out.push(b.text.text);
      for (const f of b.fields ?? []) if (f.type === 'mrkdwn') out.push(f.text);
    }
    if (b.type === 'context') for (const e of b.elements) if ('text' in e && e.type === 'mrkdwn') out.push(e.text);
  }
  return out;
}

const evil = 'Hi <!channel> <@U123> <http://evil.example|click me> & <!here>';

describe('escaping', () => {
  it('escapes &, < and > so mentions and links are shown as text', () => {
    expect(escapeMrkdwn(evil)).toBe('Hi &lt;!channel&gt; &lt;@U123&gt; &lt;http://evil.example|click me&gt; &amp; &lt;!here&gt;');
  });

  it('leaves no raw < or > from user text in any mrkdwn field of any block type', () => {
    const m: Message = {
      summary: evil,
      blocks: [
        { type: 'heading', text: evil },
        { type: 'text', text: evil },
        { type: 'text', text: evil, style: 'strong' },
        { type: 'text', text: evil, style: 'muted' },
        { type: 'fields', fields: [{ label: evil, value: evil }] },
        { type: 'item', ref: 'TRS-07', title: evil, status: 'at_risk', lines: [evil], buttons: [{ label: evil, action: { kind: 'show', ref: 'TRS-07' } }] },
        { type: 'context', text: evil },
      ],
    };
    const { text, blocks } = renderBlocks(m);
    expect(text).not.toMatch(/[<>]/);
    for (const t of mrkdwnTexts(blocks)) {
      expect(t).not.toMatch(/[<>]/);
      expect(t).toContain('&lt;!channel&gt;');
    }
  });

  it('does not cut an entity in half', () => {
    expect(cut('abc&amp;def', 6)).toBe('abc…');
  });
});

describe('blocks', () => {
  it('renders an item: bold ref, title, status chip with emoji, meta lines and buttons with JSON values', () => {
    const { blocks } = renderBlocks({
      summary: 'TRS-07',
      blocks: [{
        type: 'item', ref: 'TRS-07', title: 'Launch the pathway', status: 'on_track', lines: ['Due 31 Dec 2025 · Lead: LBTH'],
        buttons: [
          { label: 'On track', action: { kind: 'set_status', ref: 'TRS-07', status: 'on_track' }, style: 'primary' },
          { label: 'Off track', action: { kind: 'set_status', ref: 'TRS-07', status: 'off_track' }, style: 'danger' },
          { label: 'Add note…', action: { kind: 'add_note', ref: 'TRS-07' } },
        ],
      }],
    });
    expect(blocks).toHaveLength(2);
    const [section, actions] = blocks as [any, any];
    expect(section.text.text).toBe('*TRS-07*  Launch the pathway\n🟢 On track\nDue 31 Dec 2025 · Lead: LBTH');
    expect(actions.type).toBe('actions');
    expect(actions.elements.map((e: any) => e.action_id)).toEqual(['cdp:set_status:0', 'cdp:set_status:1', 'cdp:add_note:2']);
    expect(JSON.parse(actions.elements[1].value)).toEqual({ kind: 'set_status', ref: 'TRS-07', status: 'off_track' });
    expect(actions.elements[0].style).toBe('primary');
  });

  it('uses a distinct emoji and label for every status', () => {
    const statuses = ['on_track', 'at_risk', 'off_track', 'blocked', 'not_started', 'complete', 'ongoing', 'cancelled'] as const;
    const lines = statuses.map((s) => (renderBlocks({ summary: s, blocks: [{ type: 'item', ref: 'A-1', title: 't', status: s }] }).blocks[0] as any).text.text.split('\n')[1]);
    expect(lines).toEqual(['🟢 On track', '🟠 At risk', '🔴 Off track', '⛔ Blocked', '⚪ Not started', '✅ Complete', '🔄 Ongoing', '✖️ Cancelled']);
    expect(new Set(lines.map((l) => l.split(' ')[0])).size).toBe(statuses.length);
  });

  it('renders the RAG headline with counts and % complete', () => {
    const { blocks } = renderBlocks({ summary: 'd', blocks: [{ type: 'rag', counts: { on_track: 5, at_risk: 2, complete: 3 }, percentComplete: 30 }] });
    expect((blocks[0] as any).text.text).toBe('🟢 *5* On track  ·  🟠 *2* At risk  ·  ✅ *3* Complete  —  *30%* complete');
  });

  it('splits more than 10 fields over several sections and caps each field at 2,000 chars', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `F${i}`, value: 'x'.repeat(i === 0 ? 5000 : 3) }));
    const { blocks } = renderBlocks({ summary: 'f', blocks: [{ type: 'fields', fields }] });
    expect(blocks.map((b: any) => b.fields.length)).toEqual([10, 10, 3]);
    expect((blocks[0] as any).fields[0].text.length).toBeLessThanOrEqual(LIMITS.fieldText);
  });

  it('splits a long paragraph into sections of at most 3,000 chars, losing nothing', () => {
    const para = Array.from({ length: 400 }, (_, i) => `line ${i} ${'word '.repeat(5)}`).join('\n');
    const { blocks } = renderBlocks({ summary: 'p', blocks: [{ type: 'text', text: para }] });
    expect(blocks.length).toBeGreaterThan(1);
    for (const b of blocks as any[]) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.text);
    expect((blocks as any[]).map((b) => b.text.text).join('\n')).toBe(para);
  });

  it('cuts a long header to 150 chars and button text to 75', () => {
    const { blocks } = renderBlocks({
      summary: 'h',
      blocks: [{ type: 'heading', text: 'H'.repeat(400) }, { type: 'buttons', buttons: [{ label: 'B'.repeat(200), action: { kind: 'show', ref: 'X-1' } }] }],
    });
    expect((blocks[0] as any).text.text.length).toBe(LIMITS.header);
    expect((blocks[1] as any).elements[0].text.text.length).toBe(LIMITS.buttonText);
  });

  it('leaves out a button whose action would not fit in the 2,000-char value', () => {
    const refs = Array.from({ length: 400 }, (_, i) => `TRS-${i}`);
    const { blocks } = renderBlocks({ summary: 'x', blocks: [{ type: 'buttons', buttons: [{ label: 'All on track', action: { kind: 'all_on_track', refs } }, { label: 'Mine', action: { kind: 'show', ref: 'X-1' } }] }] });
    expect((blocks[0] as any).elements.map((e: any) => e.text.text)).toEqual(['Mine']);
  });
});

describe('limits on a 500-item message', () => {
  const items: Block[] = Array.from({ length: 500 }, (_, i) => ({
    type: 'item',
    ref: `TRS-${String(i).padStart(3, '0')}`,
    title: `Action number ${i} <!channel>`,
    status: 'at_risk',
    lines: ['Due 31 Mar 2025 · Lead: MPS'],
    buttons: [
      { label: 'On track', action: { kind: 'set_status', ref: `TRS-${i}`, status: 'on_track' } },
      { label: 'Add note…', action: { kind: 'add_note', ref: `TRS-${i}` } },
    ],
  }));
  const message: Message = { summary: '500 actions', blocks: [{ type: 'heading', text: 'Your actions' }, ...items] };

  it('stays within 50 blocks and says how many were left out', () => {
    const { blocks } = renderBlocks(message);
    expect(blocks.length).toBeLessThanOrEqual(50);
    const last = blocks[blocks.length - 1] as any;
    expect(last.type).toBe('context');
    // heading + 24 items of 2 blocks = 49, one line for the rest
    expect(last.elements[0].text).toMatch(/^…and 476 more actions/);
    const ids = (blocks as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements.map((e: any) => e.action_id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps the Home tab within 100 blocks', () => {
    const view = renderHomeView(message);
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect((view.blocks.at(-1) as any).elements[0].text).toMatch(/^…and 451 more actions/);
  });

  it('does not add a "more" line when everything fits', () => {
    const { blocks } = renderBlocks({ summary: 's', blocks: items.slice(0, 3) });
    expect(blocks).toHaveLength(6);
  });
});
