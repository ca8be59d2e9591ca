// Message → an email: subject, a plain-text part and an HTML part that looks like the cards
// (status colours, buttons) and reads well in Outlook: a 600 px table, inline styles, and
// "bulletproof" buttons (a coloured table cell around a link). Every button is a link to the
// signed page; a status button preselects that status there (GET changes nothing: the page
// asks for the one click that records it).
import { renderText } from '../console/render-text.js';
import type { Block, Button, ButtonAction, Message } from '../../src/message/model.js';
import { blocksHtml, buttonColours, esc, FONT, INK, LINK, MUTED } from '../../src/web/html.js';

export interface EmailLink {
  /** The page of the signed link: {PUBLIC_URL}/e/{token}. */
  url: string;
  expiresAt: Date;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface EmailContext {
  recipientName: string;
  partnershipName?: string;
  timeZone?: string;
  link?: EmailLink;
}

/** Chat-only hints ("reply in this message's thread") make no sense in an email. */
const CHAT_ONLY = /^Reply with e\.g\./;

/** Where a button takes the reader: the page, with the item and what it would set. */
export function buttonUrl(link: EmailLink, action: ButtonAction): string | undefined {
  const q = (params: Record<string, string>) => `${link.url}?${new URLSearchParams(params).toString()}`;
  switch (action.kind) {
    case 'set_status':
      return `${q({ ref: action.ref, status: action.status })}#item-${action.ref}`;
    case 'contract_stage':
      return `${q({ ref: action.ref, stage: action.stage })}#item-${action.ref}`;
    case 'add_note':
    case 'show':
      return `${link.url}#item-${action.ref}`;
    default:
      return undefined; // snooze, "Mark all": chat only
  }
}

function emailButtons(link: EmailLink | undefined, buttons: Button[]): string {
  if (!link) return '';
  const cells = buttons
    .map((b) => ({ b, href: buttonUrl(link, b.action) }))
    .filter((x): x is { b: Button; href: string } => x.href !== undefined)
    .map(({ b, href }) => {
      const c = buttonColours(b);
      // One small table per button, inline-block: phones wrap them into rows; Outlook desktop stacks them.
      return `<table role="presentation" cellpadding="0" cellspacing="0" style="display:inline-block;vertical-align:top;margin:0 6px 6px 0"><tr><td bgcolor="${c.bg}" style="background:${c.bg};border:1px solid ${c.border};border-radius:4px"><a href="${esc(href)}" style="display:inline-block;padding:7px 12px;${FONT};font-size:14px;font-weight:bold;color:${c.fg};text-decoration:none;white-space:nowrap">${esc(b.label.replace(/…$/, ''))}</a></td></tr></table>`;
    });
  return cells.join('');
}

const dateOf = (d: Date, timeZone = 'Europe/London') =>
  new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(d);

export function renderEmail(message: Message, ctx: EmailContext): RenderedEmail {
  const blocks: Block[] = message.blocks.filter((b) => !(b.type === 'context' && CHAT_ONLY.test(b.text)));
  const subject = message.summary.replace(/\s+/g, ' ').trim().slice(0, 150) || 'CDP update';
  const until = ctx.link ? dateOf(ctx.link.expiresAt, ctx.timeZone) : '';

  const { text: body } = renderText({ ...message, blocks }, { numberButtons: false });
  // Button rows ("[On track]  [At risk] …") become the one link below.
  const lines = body.split('\n').filter((l) => !/^\s*(?:\[[^\]]+\]\s*)+$/.test(l));
  const textParts = [`Hello ${ctx.recipientName},`, '', ...lines];
  if (ctx.link) {
    textParts.push('', 'Update these in one click, from any device:', ctx.link.url, `(This link is yours alone and works until ${until}.)`);
  }
  textParts.push('', `— cdp-bot${ctx.partnershipName ? `, ${ctx.partnershipName}` : ''}`);

  const action = ctx.link
    ? `<tr><td style="padding:14px 0 4px;${FONT}"><table role="presentation" cellpadding="0" cellspacing="0"><tr><td bgcolor="#00703c" style="background:#00703c;border-radius:4px"><a href="${esc(ctx.link.url)}" style="display:inline-block;padding:10px 18px;${FONT};font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none">Open my update page</a></td></tr></table>
<p style="margin:8px 0 0;font-size:13px;line-height:1.4;color:${MUTED}">This link is yours alone and works until ${esc(until)}. If the buttons do not work, copy this address into your browser:<br><a href="${esc(ctx.link.url)}" style="color:${LINK};word-break:break-all">${esc(ctx.link.url)}</a></p></td></tr>`
    : '';

  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light"><title>${esc(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f2f1">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f2f1"><tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="width:100%;max-width:600px;background:#ffffff;border-collapse:collapse">
<tr><td style="background:${INK};padding:12px 16px;${FONT};font-size:16px;font-weight:bold;color:#ffffff">cdp-bot${ctx.partnershipName ? ` · ${esc(ctx.partnershipName)}` : ''}</td></tr>
<tr><td style="padding:16px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse">
<tr><td style="padding:0 0 6px;${FONT};font-size:15px;color:${INK}">Hello ${esc(ctx.recipientName)},</td></tr>
${blocksHtml(blocks, { buttons: (bs) => emailButtons(ctx.link, bs) })}
${action}
</table></td></tr>
<tr><td style="padding:10px 16px;border-top:1px solid #b1b4b6;${FONT};font-size:12px;color:${MUTED}">You get this because you are named on the partnership's action register. One email a day at most.</td></tr>
</table></td></tr></table>
</body></html>`;
  return { subject, text: textParts.join('\n'), html };
}
