// The signed-link pages, server-rendered: no JavaScript, one form per item (a note box and a
// submit button per status or stage), labels on every control, visible focus, 44 px targets,
// colours at 4.5:1 or better, one column on a phone. All text is escaped (esc).
import type { LinkSession } from '../core/api.js';
import type { Block, Button, Message } from '../message/model.js';
import { STAGE_LABEL, STATUS_INFO, type ActionStatus, type ContractStage } from '../register/status.js';
import { blocksHtml, BUTTON_COLOURS, chip, esc, INK, LINK, MUTED, STATUS_COLOURS } from './html.js';

type Item = Extract<Block, { type: 'item' }>;

export interface Preselect {
  ref: string;
  status?: ActionStatus;
  stage?: ContractStage;
}

export interface PageInput {
  session: LinkSession;
  csrf: string;
  /** The path the forms post to (the link itself). */
  action: string;
  /** The core's reply to a press, shown at the top. */
  result?: Message;
  /** From the email's button: the status or stage the person chose there, awaiting one click. */
  preselect?: Preselect;
  /** A note to put back in its box after a refusal (so nothing typed is lost). */
  keepNote?: { ref: string; note: string };
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f3f2f1;color:${INK};font:16px/1.5 "Segoe UI",Helvetica,Arial,sans-serif}
header{background:${INK};color:#fff;padding:12px 16px;font-weight:bold}
main{max-width:720px;margin:0 auto;padding:16px}
h1{font-size:24px;line-height:1.25;margin:8px 0}
h2{font-size:19px;line-height:1.3;margin:0 0 4px}
.muted{color:${MUTED}}
.card{background:#fff;border:1px solid #b1b4b6;border-left-width:6px;padding:12px 16px;margin:16px 0}
.lines{margin:4px 0 8px;color:${MUTED};font-size:15px}
label{display:block;font-weight:bold;margin:8px 0 4px}
textarea{width:100%;min-height:88px;padding:8px;font:inherit;color:${INK};border:2px solid ${INK};border-radius:0}
fieldset{border:0;margin:8px 0 0;padding:0}
legend{font-weight:bold;margin-bottom:4px}
.buttons{display:flex;flex-wrap:wrap;gap:8px}
button{min-height:44px;padding:8px 14px;font:inherit;font-weight:bold;border:2px solid ${LINK};border-radius:4px;background:#fff;color:${LINK};cursor:pointer}
button.primary{background:${BUTTON_COLOURS.primary.bg};border-color:${BUTTON_COLOURS.primary.bg};color:#fff}
button.danger{background:${BUTTON_COLOURS.danger.bg};border-color:${BUTTON_COLOURS.danger.bg};color:#fff}
button:focus-visible,textarea:focus-visible,a:focus-visible{outline:3px solid #ffdd00;outline-offset:0;box-shadow:0 0 0 6px ${INK}}
.banner{background:#fff;border:4px solid ${BUTTON_COLOURS.primary.bg};padding:12px 16px;margin:16px 0}
.banner.error{border-color:${BUTTON_COLOURS.danger.bg}}
.confirm{border:4px solid ${LINK};background:#fff;padding:12px 16px;margin:16px 0}
.hint{font-size:14px;color:${MUTED};font-weight:normal;margin:0 0 4px}
footer{max-width:720px;margin:0 auto;padding:8px 16px 32px;font-size:14px;color:${MUTED}}
a{color:${LINK}}
@media (max-width:480px){main{padding:8px}.card{padding:10px 12px}button{flex:1 1 45%}}
`;

export function layout(title: string, body: string, partnershipName?: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title><style>${CSS}</style></head>
<body><header>cdp-bot${partnershipName ? ` · ${esc(partnershipName)}` : ''}</header>
<main id="main">${body}</main></body></html>`;
}

const slug = (ref: string) => ref.replace(/[^A-Za-z0-9-]/g, '_');

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`;
}

function submit(b: Button, primary = false): string {
  const a = b.action;
  const cls = primary ? 'primary' : (b.style ?? '');
  if (a.kind === 'set_status') return `<button type="submit" name="status" value="${esc(a.status)}"${cls ? ` class="${cls}"` : ''}>${esc(b.label)}</button>`;
  if (a.kind === 'contract_stage') return `<button type="submit" name="stage" value="${esc(a.stage)}"${cls ? ` class="${cls}"` : ''}>${esc(b.label)}</button>`;
  // "Off track…" / "Blocked…" (a status that needs its reason): the note box above carries the reason.
  if (a.kind === 'add_note' && a.status) return `<button type="submit" name="status" value="${esc(a.status)}"${cls ? ` class="${cls}"` : ''}>${esc(b.label.replace(/…$/, ''))} (with the reason above)</button>`;
  if (a.kind === 'add_note') return `<button type="submit" name="save" value="note">Save note only</button>`;
  return '';
}

function itemForm(item: Item, input: PageInput, opts: { buttons: Button[]; idPrefix: string; legend: string }): string {
  const id = `${opts.idPrefix}-${slug(item.ref)}`;
  const kept = input.keepNote?.ref === item.ref ? input.keepNote.note : '';
  return `<form method="post" action="${esc(input.action)}">
${hidden('csrf', input.csrf)}${hidden('ref', item.ref)}
<label for="${id}">Note for ${esc(item.ref)} <span class="hint">(optional; for off track or blocked, say what is being done. No service users’ personal data.)</span></label>
<textarea id="${id}" name="note" maxlength="2000" rows="3">${esc(kept)}</textarea>
<fieldset><legend>${esc(opts.legend)}</legend><div class="buttons">${opts.buttons.map((b) => submit(b)).join('')}</div></fieldset>
</form>`;
}

function itemCard(item: Item, input: PageInput): string {
  const border = item.status ? STATUS_COLOURS[item.status].bg : MUTED;
  const usable = (item.buttons ?? []).filter((b) => ['set_status', 'contract_stage', 'add_note'].includes(b.action.kind));
  // A note alone is always possible where the person may update the item (contracts have no "Add note" button).
  if (usable.length && !usable.some((b) => b.action.kind === 'add_note')) usable.push({ label: 'Save note only', action: { kind: 'add_note', ref: item.ref } });
  const form = usable.length
    ? itemForm(item, input, { buttons: usable, idPrefix: 'note', legend: item.stage ? 'Record the stage' : 'Set the status' })
    : '<p class="muted">You can read this item but not update it.</p>';
  return `<section class="card" id="item-${esc(item.ref)}" style="border-left-color:${border}" aria-labelledby="h-${slug(item.ref)}">
<h2 id="h-${slug(item.ref)}">${esc(item.ref)} · ${esc(item.title)}</h2>
<div>${chip(item)}</div>
<div class="lines">${(item.lines ?? []).map((l) => `<div>${esc(l)}</div>`).join('')}</div>
${form}</section>`;
}

function confirmPanel(items: Item[], input: PageInput): string {
  const p = input.preselect;
  if (!p) return '';
  const item = items.find((i) => i.ref === p.ref);
  const button = item?.buttons?.find((b) =>
    (b.action.kind === 'set_status' && b.action.status === p.status) || (b.action.kind === 'contract_stage' && b.action.stage === p.stage));
  if (!item || !button) return '';
  const what = p.status ? STATUS_INFO[p.status].label : STAGE_LABEL[p.stage!];
  return `<section class="confirm" aria-labelledby="confirm-h">
<h2 id="confirm-h">Set ${esc(item.ref)} to ${esc(what)}?</h2>
<p>You chose this in the email. Press the button to record it${item.status ? `; it is ${esc(STATUS_INFO[item.status].label)} now` : ''}.</p>
${itemForm(item, input, { buttons: [{ ...button, style: 'primary' }], idPrefix: 'confirm-note', legend: 'Confirm' })}
</section>`;
}

function banner(result: Message): string {
  const error = Boolean(result.meta?.error);
  const body = blocksHtml(result.blocks.filter((b) => b.type !== 'item'), { buttons: () => '' });
  return `<div class="banner${error ? ' error' : ''}" role="${error ? 'alert' : 'status'}" tabindex="-1" id="result">
<p style="margin:0 0 4px;font-weight:bold">${error ? 'Not saved' : 'Saved'}</p>
<table role="presentation" style="border-collapse:collapse">${body}</table></div>`;
}

export function linkPageHtml(input: PageInput): string {
  const { session } = input;
  const items = session.page.blocks.filter((b): b is Item => b.type === 'item');
  const notes = session.page.blocks.filter((b) => b.type === 'context') as Extract<Block, { type: 'context' }>[];
  const until = new Intl.DateTimeFormat('en-GB', { timeZone: session.partnership.timezone, day: 'numeric', month: 'long', year: 'numeric' }).format(session.expiresAt);
  const body = `<h1>Update your CDP ${items.length === 1 ? 'item' : 'items'}</h1>
<p class="muted">For ${esc(session.person.name)}. Updates are recorded in the register's history as made by you, via email. This link works until ${esc(until)}.</p>
${input.result ? banner(input.result) : ''}
${confirmPanel(items, input)}
${items.map((i) => itemCard(i, input)).join('\n')}
${notes.map((n) => `<p class="muted">${esc(n.text)}</p>`).join('')}`;
  return layout(`Update your CDP items — ${session.partnership.name}`, body, session.partnership.name);
}

/** A refusal page: what was wrong and what to do instead (tampered, expired, revoked, CSRF, rate). */
export function refusalHtml(title: string, message: string, hint?: string): string {
  return layout(title, `<h1>${esc(title)}</h1><p>${esc(message)}</p>${hint ? `<p class="muted">${esc(hint)}</p>` : ''}`);
}
