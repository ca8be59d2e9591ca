// Message → HTML, shared by the email adapter (adapters/email) and the signed-link pages
// (src/web): tables and inline styles only, so Outlook, Gmail and phones show the same thing.
// Status chips keep the cards' colours, each with text at 4.5:1 contrast or better. Buttons are
// drawn by the caller (links in an email, form buttons on the page). All text is escaped here.
import type { Block, Button } from '../message/model.js';
import { STAGE_LABEL, STATUS_INFO, type ActionStatus } from '../register/status.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values; control characters are dropped. */
export const esc = (s: string): string =>
  s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g, '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export const FONT = "font-family:Segoe UI,Helvetica,Arial,sans-serif";
export const INK = '#0b0c0c';
export const MUTED = '#505a5f';
export const LINK = '#1d4f91';

/** Background and text colour of each status chip (white on dark, or ink on amber: all ≥ 4.5:1). */
export const STATUS_COLOURS: Record<ActionStatus, { bg: string; fg: string }> = {
  not_started: { bg: '#505a5f', fg: '#ffffff' },
  on_track: { bg: '#00703c', fg: '#ffffff' },
  at_risk: { bg: '#ffbf47', fg: INK },
  off_track: { bg: '#b10e1e', fg: '#ffffff' },
  blocked: { bg: '#6b1019', fg: '#ffffff' },
  ongoing: { bg: '#005a5e', fg: '#ffffff' },
  complete: { bg: '#1d4f91', fg: '#ffffff' },
  cancelled: { bg: '#383f43', fg: '#ffffff' },
};

/** Button colours by style, like the cards: primary green, danger red, others outlined. */
export const BUTTON_COLOURS = {
  primary: { bg: '#00703c', fg: '#ffffff', border: '#00703c' },
  danger: { bg: '#b10e1e', fg: '#ffffff', border: '#b10e1e' },
  normal: { bg: '#ffffff', fg: LINK, border: LINK },
} as const;

export const buttonColours = (b: Button) => BUTTON_COLOURS[b.style ?? 'normal'];

export function chip(block: Extract<Block, { type: 'item' }>): string {
  if (block.status) {
    const c = STATUS_COLOURS[block.status];
    return `<span style="display:inline-block;background:${c.bg};color:${c.fg};padding:2px 8px;border-radius:3px;font-size:13px;font-weight:bold;white-space:nowrap">${esc(STATUS_INFO[block.status].label)}</span>`;
  }
  if (block.stage) {
    return `<span style="display:inline-block;background:#ffffff;color:${INK};border:1px solid ${MUTED};padding:1px 7px;border-radius:3px;font-size:13px;font-weight:bold;white-space:nowrap">${esc(STAGE_LABEL[block.stage])}</span>`;
  }
  return '';
}

const paragraphs = (text: string) => esc(text).replace(/\n/g, '<br>');

export interface BlockHtmlOptions {
  /** The buttons of an item (with its ref) or of a buttons block; '' to leave them out. */
  buttons(buttons: Button[], item?: Extract<Block, { type: 'item' }>): string;
  /** An id for an item's wrapper, so links can point at it (#item-TRS-07). */
  itemId?: (ref: string) => string;
}

/** One table row per block (the caller wraps them in a table of its chosen width). */
export function blocksHtml(blocks: Block[], o: BlockHtmlOptions): string {
  return blocks.map((b) => `<tr><td style="padding:6px 0;${FONT};color:${INK}">${blockHtml(b, o)}</td></tr>`).join('\n');
}

function blockHtml(block: Block, o: BlockHtmlOptions): string {
  switch (block.type) {
    case 'heading':
      return `<h2 style="margin:8px 0 4px;font-size:20px;line-height:1.3;${FONT};color:${INK}">${esc(block.text)}</h2>`;
    case 'text': {
      const style = block.style === 'strong' ? 'font-weight:bold;' : block.style === 'muted' ? `color:${MUTED};` : '';
      return `<p style="margin:0;font-size:15px;line-height:1.5;${style}">${paragraphs(block.text)}</p>`;
    }
    case 'fields':
      return `<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse">${block.fields
        .map((f) => `<tr><td style="padding:2px 12px 2px 0;font-size:14px;color:${MUTED};vertical-align:top;white-space:nowrap">${esc(f.label)}</td><td style="padding:2px 0;font-size:14px">${paragraphs(f.value)}</td></tr>`)
        .join('')}</table>`;
    case 'item': {
      const id = o.itemId ? ` id="${esc(o.itemId(block.ref))}"` : '';
      const lines = (block.lines ?? []).map((l) => `<div style="font-size:14px;color:${MUTED};line-height:1.4">${esc(l)}</div>`).join('');
      const buttons = block.buttons?.length ? o.buttons(block.buttons, block) : '';
      return `<table role="presentation"${id} width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;border:1px solid #b1b4b6;border-left:5px solid ${block.status ? STATUS_COLOURS[block.status].bg : MUTED}">
<tr><td style="padding:10px 12px;${FONT};color:${INK}">
<div style="font-size:15px;line-height:1.4;margin-bottom:4px"><strong>${esc(block.ref)}</strong> ${chip(block)}</div>
<div style="font-size:15px;line-height:1.4;margin-bottom:4px">${esc(block.title)}</div>${lines}${buttons ? `<div style="margin-top:8px">${buttons}</div>` : ''}
</td></tr></table>`;
    }
    case 'buttons':
      return block.buttons.length ? o.buttons(block.buttons) : '';
    case 'divider':
      return '<hr style="border:0;border-top:1px solid #b1b4b6;margin:4px 0">';
    case 'context':
      return `<p style="margin:0;font-size:13px;line-height:1.4;color:${MUTED}">${paragraphs(block.text)}</p>`;
    case 'rag': {
      const cells = (Object.keys(STATUS_INFO) as ActionStatus[])
        .filter((s) => (block.counts[s] ?? 0) > 0)
        .map((s) => `<td style="padding:4px 8px;background:${STATUS_COLOURS[s].bg};color:${STATUS_COLOURS[s].fg};font-size:13px;font-weight:bold">${esc(STATUS_INFO[s].label)}: ${block.counts[s]}</td>`)
        .join('<td style="width:4px"></td>');
      return `<table role="presentation" cellpadding="0" cellspacing="0"><tr>${cells || '<td>No actions</td>'}</tr></table><p style="margin:4px 0 0;font-size:13px;color:${MUTED}">${Math.round(block.percentComplete)}% complete</p>`;
    }
  }
}
