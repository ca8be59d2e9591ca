// The console's text rendering of the message model, its ChatPort, and the scripted chat's
// button presses (numbers) — against a recording CoreApi double (the end-to-end run on the real
// database is test/console-chat.db.test.ts).
import { describe, expect, it } from 'vitest';
import { runChat } from '../adapters/console/chat.js';
import { createConsolePort } from '../adapters/console/port.js';
import { renderText, safeText, statusChip } from '../adapters/console/render-text.js';
import { bufferedIO } from '../src/cli/io.js';
import { helpText } from '../src/commands/help.js';
import type { CoreApi, PartnershipInfo, PersonContext } from '../src/core/api.js';
import { message, type ButtonAction, type Message } from '../src/message/model.js';

const mineReply: Message = message('2 open actions', [
  { type: 'heading', text: 'Your open actions' },
  { type: 'fields', fields: [{ label: 'Agency', value: 'Metropolitan Police Service' }, { label: 'Due soon', value: '1' }] },
  {
    type: 'item',
    ref: 'TRS-07',
    title: 'Launch the naloxone pathway',
    status: 'at_risk',
    lines: ['Due 31 Dec 2026 · Lead: MPS'],
    buttons: [
      { label: 'On track', action: { kind: 'set_status', ref: 'TRS-07', status: 'on_track' } },
      { label: 'At risk', action: { kind: 'set_status', ref: 'TRS-07', status: 'at_risk' } },
      { label: 'Add note', action: { kind: 'add_note', ref: 'TRS-07' } },
    ],
  },
  { type: 'item', ref: 'C-01', title: 'Needle exchange supplies', stage: 'options_appraisal' },
  { type: 'divider' },
  { type: 'buttons', buttons: [{ label: 'Mark all on track', action: { kind: 'all_on_track', refs: ['TRS-07'] } }] },
  { type: 'context', text: 'and 3 more' },
  { type: 'rag', counts: { on_track: 5, at_risk: 2, complete: 1 }, percentComplete: 12.5 },
]);

describe('renderText', () => {
  it('renders chips, aligned fields and numbered buttons, returning their actions in order', () => {
    const { text, choices } = renderText(mineReply);
    expect(text).toContain('Your open actions\n=================');
    expect(text).toContain('Agency:   Metropolitan Police Service');
    expect(text).toContain('Due soon: 1');
    expect(text).toContain('TRS-07  [AMBER] At risk  Launch the naloxone pathway');
    expect(text).toContain('    Due 31 Dec 2026 · Lead: MPS');
    expect(text).toContain('[1] On track  [2] At risk  [3] Add note');
    expect(text).toContain('C-01  [Options appraisal]  Needle exchange supplies');
    expect(text).toContain('[4] Mark all on track');
    expect(text).toContain('[GREEN] On track 5  [AMBER] At risk 2  [BLUE] Complete 1  —  13% complete');
    expect(choices).toEqual<ButtonAction[]>([
      { kind: 'set_status', ref: 'TRS-07', status: 'on_track' },
      { kind: 'set_status', ref: 'TRS-07', status: 'at_risk' },
      { kind: 'add_note', ref: 'TRS-07' },
      { kind: 'all_on_track', refs: ['TRS-07'] },
    ]);
  });

  it('without numbering, buttons are labels and there are no choices', () => {
    const { text, choices } = renderText(mineReply, { numberButtons: false });
    expect(text).toContain('[On track]  [At risk]  [Add note]');
    expect(choices).toEqual([]);
  });

  it('removes terminal escape sequences and control characters from user text', () => {
    const m = message('x', [{ type: 'text', text: 'note \u001b[2J\u001b]0;pwned\u0007cleared\u0000 ok\r\nnext' }]);
    expect(renderText(m).text).toBe('note cleared ok\nnext');
    expect(safeText('a\u202Eb')).toBe('ab');
  });

  it('status chips', () => {
    expect(statusChip('at_risk')).toBe('[AMBER] At risk');
    expect(statusChip('off_track')).toBe('[RED] Off track');
    expect(statusChip('not_started')).toBe('[GREY] Not started');
  });

  it('renders the help message', () => {
    const { text } = renderText(helpText());
    expect(text).toContain('update <ref> [status] [note]');
    expect(text).toContain('e.g. update TRS-07 at risk waiting on funding');
    expect(renderText(helpText('update')).text).toContain('Examples:');
  });
});

describe('console ChatPort', () => {
  it('prints DMs and channel posts, always reachable, ids counting up', async () => {
    const out: string[] = [];
    const port = createConsolePort((t) => out.push(t));
    const person = { personId: 'p1', partnershipId: 'x', name: 'Alex W', email: 'alexw@example.com', identities: [], conversations: [] };
    expect(port.platform).toBe('console');
    expect(port.canReach(person)).toBe(true);
    const a = await port.sendDirect(person, mineReply);
    const b = await port.postToChannel({ partnershipId: 'x', platform: 'console', channelId: 'c1', label: '#treatment' }, message('Weekly digest'));
    expect(a).toMatchObject({ ok: true, ref: { platform: 'console', messageId: '1' } });
    expect(b).toMatchObject({ ok: true, ref: { messageId: '2', channelId: 'c1' } });
    expect(out[0]).toContain('DM to Alex W <alexw@example.com>');
    expect(out[0]).toContain('[On track]');
    expect(out[1]).toContain('post in #treatment');
    expect(out[1]).toContain('Weekly digest');
    if (a.ok) expect(await port.update(a.ref, message('Updated'))).toEqual({ ok: true, ref: a.ref });
    expect(out[2]).toContain('Updated');
  });
});

describe('scripted chat: numbers press buttons', () => {
  const partnership: PartnershipInfo = { id: 'p', name: 'Tower Hamlets', timezone: 'Europe/London' };
  const alex: PersonContext = { id: 'a', name: 'Alex W', email: 'alexw@example.com', agencies: [{ id: 'mps', name: 'MPS' }], isAdmin: false, isCommissioner: false, chairOf: [] };

  function recordingCore(person: PersonContext | null) {
    const calls: string[] = [];
    const core = {
      identity: {
        resolve: async (_p: PartnershipInfo, user: { platform: string; userId: string; lookupEmail?: () => Promise<string | undefined> }) => {
          calls.push(`resolve ${user.platform} ${user.userId} ${await user.lookupEmail?.()}`);
          return person;
        },
      },
      commands: {
        text: async (ctx: { via: string; person: PersonContext | null }, text: string) => {
          calls.push(`text ${ctx.via} ${text}`);
          return text === 'mine' ? mineReply : text === 'whoami' ? message('You are not linked yet: ask an admin to add you with cdp people import.') : message(`echo ${text}`);
        },
        button: async (_ctx: unknown, action: ButtonAction, input?: { note?: string }) => {
          calls.push(`button ${JSON.stringify(action)}${input?.note ? ` note=${input.note}` : ''}`);
          return message('Saved.');
        },
      },
    } as unknown as CoreApi;
    return { core, calls };
  }

  it('echoes each command, prints each reply, presses numbered buttons and takes the next line as a note', async () => {
    const { core, calls } = recordingCore(alex);
    const io = bufferedIO({ cwd: '/', stdin: 'mine\n\n# a comment\n2\nmine\n3\nwaiting on funding\nshow TRS-07\n' });
    const outcome = await runChat({ core, partnership, personEmail: 'AlexW@example.com', io, now: () => new Date('2026-11-22T10:00:00Z') });
    expect(outcome.exitCode).toBe(0);
    expect(calls).toEqual([
      'resolve console alexw@example.com alexw@example.com',
      'text console mine',
      'button {"kind":"set_status","ref":"TRS-07","status":"at_risk"}',
      'text console mine',
      'button {"kind":"add_note","ref":"TRS-07"} note=waiting on funding',
      'text console show TRS-07',
    ]);
    const out = io.stdout();
    expect(out).toContain('> mine\nYour open actions');
    expect(out).toContain('> 2\nSaved.');
    expect(out).toContain('> 3\nnote> waiting on funding\nSaved.');
    expect(out).toContain('> show TRS-07\necho show TRS-07');
  });

  it('an email that is not a person of the partnership gets the whoami reply and exit code 1', async () => {
    const { core, calls } = recordingCore(null);
    const io = bufferedIO({ cwd: '/', stdin: 'mine\n' });
    const outcome = await runChat({ core, partnership, personEmail: 'nobody@example.com', io, now: () => new Date() });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.error).toContain('nobody@example.com is not a person of Tower Hamlets');
    expect(io.stdout()).toContain('You are not linked yet');
    expect(calls).not.toContain('text console mine');
  });
});

describe('interactive chat (a terminal)', () => {
  it('prompts, presses a numbered button, asks for the note, and leaves on quit', async () => {
    const { PassThrough } = await import('node:stream');
    const input = new PassThrough();
    const output = new PassThrough();
    let screen = '';
    output.on('data', (c: Buffer) => (screen += c.toString('utf8')));
    const printed: string[] = [];
    const pressed: string[] = [];
    const core = {
      identity: { resolve: async () => ({ id: 'a', name: 'Alex W', email: 'a@x', agencies: [{ id: 'm', name: 'MPS' }], isAdmin: false, isCommissioner: false, chairOf: [] }) },
      commands: {
        text: async () => mineReply,
        button: async (_c: unknown, action: ButtonAction, inp?: { note?: string }) => {
          pressed.push(`${action.kind}:${inp?.note ?? ''}`);
          return message('Saved.');
        },
      },
    } as unknown as CoreApi;
    const io = { out: (t: string) => void printed.push(t), err: (t: string) => void printed.push(`ERR ${t}`), isTTY: true, readStdin: async () => undefined, input, output };
    const done = runChat({ core, partnership: { id: 'p', name: 'Tower Hamlets', timezone: 'Europe/London' }, personEmail: 'a@x', io, now: () => new Date() });
    // Typed ahead in one go: lines typed while a reply is being prepared are kept.
    input.write('mine\n3\nwaiting on funding\nquit\n');
    expect(await done).toEqual({ exitCode: 0 });
    expect(printed[0]).toContain('cdp chat — Tower Hamlets, as Alex W (MPS)');
    expect(printed.join('\n')).toContain('[3] Add note');
    expect(screen).toContain('cdp> ');
    expect(screen).toContain('Note for TRS-07');
    expect(pressed).toEqual(['add_note:waiting on funding']);
  });
});
