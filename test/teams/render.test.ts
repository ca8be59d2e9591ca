// The Adaptive Card renderer: structure Teams renders, escaping of user text, the size limit.
import { describe, expect, it } from 'vitest';
import { decodeAction } from '../../adapters/teams/actions.js';
import { escapeText } from '../../adapters/teams/escape.js';
import { CARD_BYTE_BUDGET, renderCard } from '../../adapters/teams/render.js';
import { attachList } from '../../src/message/list.js';
import type { Block, Message } from '../../src/message/model.js';
import { cardText, executeActions } from './harness.js';

const itemBlock = (i: number, title = `Launch the recovery pathway ${i}`): Block => ({
  type: 'item',
  ref: `TRS-${String(i).padStart(3, '0')}`,
  title,
  status: i % 2 ? 'at_risk' : 'on_track',
  lines: [`Due 31 Dec 2026 · Lead: LBTH Substance Misuse`],
  buttons: [
    { label: 'On track', action: { kind: 'set_status', ref: `TRS-${i}`, status: 'on_track' }, style: 'primary' },
    { label: 'At risk', action: { kind: 'set_status', ref: `TRS-${i}`, status: 'at_risk' } },
    { label: 'Off track', action: { kind: 'set_status', ref: `TRS-${i}`, status: 'off_track' }, style: 'danger' },
    { label: 'Done', action: { kind: 'set_status', ref: `TRS-${i}`, status: 'complete' } },
    { label: 'Add note…', action: { kind: 'add_note', ref: `TRS-${i}` } },
  ],
});

describe('renderCard', () => {
  it('renders a heading, facts, items with coloured status and Action.Execute buttons', () => {
    const msg: Message = {
      summary: '2 open actions',
      blocks: [
        { type: 'heading', text: 'Your open actions' },
        { type: 'fields', fields: [{ label: 'Agency', value: 'LBTH Substance Misuse' }] },
        itemBlock(1),
        { type: 'divider' },
        { type: 'context', text: 'Updated 22 Nov' },
      ],
    };
    const { card, bytes } = renderCard(msg);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5', fallbackText: '2 open actions' });
    const body = card.body as any[];
    expect(body[0]).toMatchObject({ type: 'TextBlock', text: 'Your open actions', weight: 'Bolder' });
    expect(body[1]).toMatchObject({ type: 'FactSet', facts: [{ title: 'Agency', value: 'LBTH Substance Misuse' }] });
    const item = body[2];
    expect(item.type).toBe('Container');
    const columns = item.items[0].columns;
    expect(columns[0].items[0].text).toBe('TRS-001');
    // Amber is not drawn in Teams' "Warning" yellow (1.47:1 on white): the symbol carries the colour.
    expect(columns[2].items[0]).toMatchObject({ text: '🟠 At risk', weight: 'Bolder' });
    expect(columns[2].items[0].color).toBeUndefined();
    expect(body[3]).toMatchObject({ separator: true });
    const actions = executeActions(card);
    expect(actions.map((a) => a.verb)).toEqual(['cdp.set_status', 'cdp.set_status', 'cdp.set_status', 'cdp.set_status', 'cdp.add_note']);
    expect(actions[0]!.data).toEqual({ kind: 'set_status', ref: 'TRS-1', status: 'on_track' });
    // "Add note…" is a ShowCard holding the note input and its own Action.Execute.
    const showCard = item.items.at(-1).actions.at(-1);
    expect(showCard.type).toBe('Action.ShowCard');
    expect(showCard.card.body[0]).toMatchObject({ type: 'Input.Text', id: 'note', maxLength: 2000, isMultiline: true });
    expect(bytes).toBeLessThan(CARD_BYTE_BUDGET);
  });

  it('gives each note input its own id when a card has several, and decodes the note back', () => {
    const { card } = renderCard({ summary: 's', blocks: [itemBlock(1), itemBlock(2)] });
    const notes = executeActions(card).filter((a) => a.verb === 'cdp.add_note');
    expect(notes.map((n) => n.data.noteInput)).toEqual(['note_1', 'note_2']);
    // What Teams sends back: the button's data with the inputs merged in.
    const decoded = decodeAction('cdp.add_note', { ...notes[1]!.data, note_1: '', note_2: 'Pathway launched' });
    expect(decoded).toEqual({ ok: true, action: { kind: 'add_note', ref: 'TRS-2' }, note: 'Pathway launched' });
  });

  it('shows user text literally: no markdown, links or card structure from notes and titles', () => {
    const evil = '[click me](https://evil.example) **URGENT** _x_ <at>everyone</at> # h1 `code` {{DATE(2017-02-14T06:00:00Z)}}';
    const structural = '", "type": "Action.OpenUrl", "url": "https://evil.example';
    const msg: Message = {
      summary: evil,
      blocks: [
        { type: 'text', text: evil },
        { type: 'fields', fields: [{ label: 'Note', value: structural }] },
        { ...(itemBlock(1, `- list\n1. item ${evil}`) as any) },
      ],
    };
    const { card } = renderCard(msg);
    const json = JSON.stringify(card);
    expect(json).not.toContain('Action.OpenUrl"');
    expect(JSON.parse(json)).toEqual(card); // still one well-formed card
    const text = (card.body as any[])[0].text as string;
    expect(text).toContain('\\[click me\\]\\(https://evil.example\\)');
    expect(text).toContain('\\*\\*URGENT\\*\\*');
    expect(text).toContain('\\{\\{DATE');
    expect(text).not.toMatch(/(^|[^\\])\[click/);
    // The fact value is only ever a string value.
    expect((card.body as any[])[1].facts[0].value).toBe(escapeText(structural));
    const title = (card.body as any[])[2].items[0].columns[1].items[0].text as string;
    expect(title.startsWith('\\- list\n1\\. item')).toBe(true);
    // A reader sees exactly what was typed.
    expect(cardText(card)).toContain('[click me](https://evil.example) **URGENT**');
  });

  it('keeps a 500-action digest under 28 KB and says how many more there are', () => {
    const blocks: Block[] = [{ type: 'heading', text: 'Weekly digest' }, { type: 'rag', counts: { on_track: 250, at_risk: 250 }, percentComplete: 12 }];
    for (let i = 1; i <= 500; i++) blocks.push(itemBlock(i));
    blocks.push({ type: 'context', text: 'Sent by cdp-bot' });
    const { card, bytes } = renderCard({ summary: 'Weekly digest: 500 actions', blocks });
    expect(bytes).toBeLessThan(28 * 1024);
    expect(Buffer.byteLength(JSON.stringify(card))).toBe(bytes);
    const containers = (card.body as any[]).filter((b) => b.type === 'Container' && b.items?.[0]?.type === 'ColumnSet' && b.items[0].columns.length === 3);
    expect(containers.length).toBeGreaterThan(5);
    const shown = containers.length;
    expect(cardText(card)).toContain(`… and ${500 - shown} more`);
    expect(cardText(card)).toContain('Sent by cdp-bot');
  });

  it('keeps the list on the buttons of a card that fits, and drops it when that is what lets every item show', () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => itemBlock(i + 1, `Implement weekly structured treatment checks across all hubs and services ${i}`));
    const small = renderCard({ summary: '3 actions', blocks: attachList([{ type: 'heading', text: 'Your open actions' }, ...items(3)], 'mine') }).card;
    const tagged = executeActions(small).filter((a) => a.verb === 'cdp.set_status');
    expect(tagged).toHaveLength(12);
    expect(tagged.every((a) => a.data.list?.length === 3 && a.data.view === 'mine')).toBe(true);
    expect(decodeAction(tagged[0]!.verb, tagged[0]!.data)).toMatchObject({ ok: true, action: { list: ['TRS-001', 'TRS-002', 'TRS-003'], view: 'mine' } });

    const blocks = attachList([{ type: 'heading', text: 'Your open actions' }, ...items(14)], 'mine');
    const budget = 24 * 1024;
    const { card, bytes } = renderCard({ summary: '14 actions', blocks }, { byteBudget: budget });
    expect(bytes).toBeLessThanOrEqual(budget);
    expect(cardText(card)).not.toContain('more');
    expect(executeActions(card).filter((a) => a.verb === 'cdp.set_status')).toHaveLength(14 * 4);
    expect(executeActions(card).some((a) => a.data.list)).toBe(false);
  });

  it('refuses a malformed list on a card button', () => {
    expect(decodeAction('cdp.set_status', { kind: 'set_status', ref: 'TRS-07', status: 'on_track', list: 'TRS-07' })).toMatchObject({ ok: false });
    expect(decodeAction('cdp.set_status', { kind: 'set_status', ref: 'TRS-07', status: 'on_track', list: ['TRS-07'], view: 'everything' })).toMatchObject({ ok: false });
    expect(decodeAction('cdp.set_status', { kind: 'set_status', ref: 'TRS-07', status: 'on_track', list: ['<b>'] })).toMatchObject({ ok: false });
    expect(decodeAction('cdp.set_status', { kind: 'set_status', ref: 'TRS-07', status: 'on_track', list: Array(41).fill('TRS-07') })).toMatchObject({ ok: false });
  });
});
