// The Slack transport over real HTTP: signature checks, ack-then-respond, interactivity, events.
// The core here is a small stand-in behind the CoreApi port (the end-to-end tests with the real
// core and database are in slack-e2e.db.test.ts); it records what the adapter asked of it.
import { unusedLinks } from '../support/unused-links.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleSlashCommand } from '../../adapters/slack/listeners/commands/index.js';
import { decodeButtonAction } from '../../adapters/slack/listeners/actions/index.js';
import { THREAD_HINT } from '../../adapters/slack/listeners/events/index.js';
import { createDedupe } from '../../adapters/slack/dedupe.js';
import type { CommandContext, CoreApi, PartnershipInfo } from '../../src/core/api.js';
import { silentLogger } from '../../src/log/logger.js';
import { errorMessage, message, type ButtonAction } from '../../src/message/model.js';
import { err, ok } from '../../src/result.js';
import { WebClient } from '@slack/web-api';
import { eventually, fixture } from './support/requests.js';
import { startSlackHarness, type SlackHarness } from './support/server.js';

const PARTNERSHIP: PartnershipInfo = { id: 'ps1', name: 'Tower Hamlets CDP', timezone: 'Europe/London' };
const seen: { text: string[]; buttons: { action: ButtonAction; note?: string; ctx: CommandContext }[]; threads: string[]; homes: number } = { text: [], buttons: [], threads: [], homes: 0 };

const core: CoreApi = {
  tenancy: {
    resolve: async (_p, tenant) =>
      tenant === 'T0CDPTEST' ? ok(PARTNERSHIP) : err({ code: 'unknown_tenant', message: `This Slack workspace (${tenant}) is not linked to a partnership.`, hint: `An admin can link it with: cdp partnerships bind "Tower Hamlets CDP" slack ${tenant}` }),
    autoBind: async () => 'skipped',
    setLocalTeamsMode: () => {},
  },
  identity: {
    profileChanged: async () => ({ personId: null }),
    resolve: async (_p, user) => {
      const email = await user.lookupEmail?.();
      return email === 'alexw@example.com' ? { id: 'p-alex', name: 'Alex Wilber', email, agencies: [], isAdmin: false, isCommissioner: false, chairOf: [] } : null;
    },
  },
  commands: {
    text: async (ctx, text) => {
      seen.text.push(text);
      if (text === 'boom') throw new Error('database on fire');
      return message(`${ctx.person?.name ?? 'unlinked'} asked: ${text}`);
    },
    button: async (ctx, action, input) => {
      seen.buttons.push({ action, ctx, ...(input?.note !== undefined ? { note: input.note } : {}) });
      if (input?.note?.includes('NHS')) return errorMessage('That note looks like it contains an NHS number.', 'Notes are about the action, not about people.', 'personal_data');
      return message(`${ctx.person?.name} set ${'ref' in action ? action.ref : '?'}`, [], { meta: { changedRefs: ['TRS-07'] } });
    },
    threadReply: async (_ctx, thread, text) => {
      seen.threads.push(`${thread.messageId}:${text}`);
      return text.startsWith('on track') ? message(`TRS-07 on track, noted`) : null;
    },
    home: async () => {
      seen.homes++;
      return message('Your actions', [{ type: 'heading', text: 'Your open actions' }, { type: 'item', ref: 'TRS-07', title: 'Launch', status: 'on_track' }]);
    },
  },
  links: unusedLinks,
  homes: { forPeople: async () => [] },
  conversations: { remember: async () => {}, rememberRoster: async () => ({ linked: 0, unknown: 0 }) },
};

let h: SlackHarness;
const TEAM = 'T0CDPTEST';
beforeAll(async () => {
  h = await startSlackHarness({ core, api: { teamId: TEAM, users: [{ id: 'U0ALEX', name: 'alexw', email: 'alexw@example.com' }, { id: 'U0NEW', name: 'newbie', email: 'new@example.com' }] } });
});
afterAll(() => h.close());
beforeEach(() => {
  h.api.reset();
  seen.text = []; seen.buttons = []; seen.threads = []; seen.homes = 0;
});

const command = (text: string, over: Record<string, string> = {}) => {
  const responseUrl = h.api.newResponseUrl();
  return { responseUrl, fields: fixture('slash-command', { team_id: TEAM, user_id: 'U0ALEX', channel_id: 'C0TREAT', channel_name: 'treatment', text, response_url: responseUrl, ...over }) };
};
const responses = (url: string) => h.api.callsTo('response_url').filter((c) => url.endsWith(`/${c.args.id}`));

describe('start', () => {
  it('verified the token once with auth.test and learnt the team and bot user', () => {
    expect(h.adapter.teamId).toBe(TEAM);
    expect(h.adapter.botUserId).toBe('U0CDPBOT');
  });
});

describe('slash command /cdp', () => {
  it('is acknowledged with an empty 200, then answered ephemerally through response_url', async () => {
    const { responseUrl, fields } = command('mine');
    const res = await h.slack.command(fields);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const [reply] = await eventually(() => responses(responseUrl).length > 0 && responses(responseUrl), 'reply on response_url');
    expect(reply!.args).toMatchObject({ response_type: 'ephemeral', text: 'Alex Wilber asked: mine' });
    expect(reply!.args.blocks[0].text.text).toBe('Alex Wilber asked: mine');
    expect(h.api.callsTo('users.info')[0]!.args).toMatchObject({ user: 'U0ALEX' });
  });

  it('refuses a bad signature with 401 and never reaches the core', async () => {
    const { fields } = command('mine');
    const res = await h.slack.command(fields, { signature: 'v0=' + '0'.repeat(64) });
    expect(res.status).toBe(401);
    expect(seen.text).toEqual([]);
  });

  it('refuses a timestamp older than 5 minutes with 401', async () => {
    const { fields } = command('mine');
    const res = await h.slack.command(fields, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
    expect(seen.text).toEqual([]);
  });

  it('answers an unknown workspace with the refusal naming `cdp partnerships bind`', async () => {
    const { responseUrl, fields } = command('mine', { team_id: 'T0STRANGER' });
    expect((await h.slack.command(fields)).status).toBe(200);
    const [reply] = await eventually(() => responses(responseUrl).length > 0 && responses(responseUrl), 'refusal');
    expect(reply!.args.text).toContain('not linked to a partnership');
    expect(JSON.stringify(reply!.args.blocks)).toContain('cdp partnerships bind');
    expect(seen.text).toEqual([]);
  });

  it('passes the unlinked user to the core as such', async () => {
    const { responseUrl, fields } = command('whoami', { user_id: 'U0NEW' });
    await h.slack.command(fields);
    const [reply] = await eventually(() => responses(responseUrl).length > 0 && responses(responseUrl), 'reply');
    expect(reply!.args.text).toBe('unlinked asked: whoami');
  });

  it('when the core fails, says so instead of going silent', async () => {
    const { responseUrl, fields } = command('boom');
    await h.slack.command(fields);
    const [reply] = await eventually(() => responses(responseUrl).length > 0 && responses(responseUrl), 'failure reply');
    expect(reply!.args.text).toContain('something went wrong on my side and nothing was changed');
  });

  it('handler, called directly: context for a DM carries isDirect and the channel', async () => {
    const got: unknown[] = [];
    const deps = { core, logger: silentLogger(), clock: () => new Date('2026-11-22T10:00:00Z'), client: new WebClient(h.api.token, { slackApiUrl: h.api.apiUrl }), botUserId: 'U0CDPBOT', dedupe: createDedupe() };
    let ctxSeen: CommandContext | undefined;
    await handleSlashCommand({ ...deps, core: { ...core, commands: { ...core.commands, text: async (ctx, t) => { ctxSeen = ctx; return message(t); } } } },
      fixture('slash-command', { team_id: TEAM, user_id: 'U0ALEX', channel_id: 'D0ALEX', channel_name: 'directmessage', text: 'mine' }) as never,
      async (m) => void got.push(m));
    expect(ctxSeen?.chat).toEqual({ platform: 'slack', userId: 'U0ALEX', channelId: 'D0ALEX', channelName: 'directmessage', isDirect: true });
    expect(ctxSeen?.via).toBe('slack');
    expect(ctxSeen?.now.toISOString()).toBe('2026-11-22T10:00:00.000Z');
    expect(got).toHaveLength(1);
  });
});

describe('url_verification', () => {
  it('echoes the challenge', async () => {
    const body = fixture('url-verification');
    const res = await h.slack.event(body);
    expect(res.status).toBe(200);
    expect(res.json?.challenge ?? res.text).toBe(body.challenge);
  });
});

const click = (action: ButtonAction, over: Record<string, unknown> = {}) => {
  const responseUrl = h.api.newResponseUrl();
  const base = fixture('block-actions');
  return {
    responseUrl,
    payload: fixture('block-actions', {
      team: { id: TEAM }, user: { id: 'U0ALEX', team_id: TEAM }, response_url: responseUrl,
      actions: [{ ...base.actions[0], action_id: `cdp:${action.kind}:0`, value: JSON.stringify(action), action_ts: String(Math.random()) }],
      ...over,
    }),
  };
};

describe('buttons', () => {
  it('decodes only well-formed button values', () => {
    expect(decodeButtonAction('{"kind":"set_status","ref":"TRS-07","status":"on_track"}')).toEqual({ kind: 'set_status', ref: 'TRS-07', status: 'on_track' });
    expect(decodeButtonAction('{"kind":"set_status","ref":"TRS-07","status":"purple"}')).toBeUndefined();
    expect(decodeButtonAction('{"kind":"all_on_track","refs":["A-1","<!channel>"]}')).toBeUndefined();
    expect(decodeButtonAction('not json')).toBeUndefined();
  });

  it('a click goes to the core and replaces the original message; a retried delivery does nothing twice', async () => {
    const { responseUrl, payload } = click({ kind: 'set_status', ref: 'TRS-07', status: 'on_track' });
    expect((await h.slack.interaction(payload)).status).toBe(200);
    expect((await h.slack.interaction(payload)).status).toBe(200);
    const [reply] = await eventually(() => responses(responseUrl).length > 0 && responses(responseUrl), 'replacement');
    expect(reply!.args).toMatchObject({ replace_original: true, text: 'Alex Wilber set TRS-07' });
    await eventually(() => h.api.callsTo('views.publish').length > 0, 'home refreshed after a change');
    expect(seen.buttons).toHaveLength(1);
    expect(seen.buttons[0]!.ctx.chat?.channelId).toBe('D0CDPDM01');
  });

  it('"Add note…" opens a modal with the trigger and remembers where the button was', async () => {
    const { responseUrl, payload } = click({ kind: 'add_note', ref: 'TRS-07' });
    await h.slack.interaction(payload);
    const [open] = await eventually(() => h.api.callsTo('views.open').length > 0 && h.api.callsTo('views.open'), 'views.open');
    expect(open!.args.trigger_id).toBe(payload.trigger_id);
    expect(open!.args.view.callback_id).toBe('cdp:add_note');
    expect(open!.args.view.blocks[0].element).toMatchObject({ type: 'plain_text_input', multiline: true, max_length: 2000 });
    expect(JSON.parse(open!.args.view.private_metadata)).toEqual({ ref: 'TRS-07', channelId: 'D0CDPDM01', ts: '1548261231.000200', responseUrl });
    expect(seen.buttons).toEqual([]);
  });
});

describe('note modal submission', () => {
  const submit = (note: string, meta: object) =>
    fixture('view-submission', {
      team: { id: TEAM }, user: { id: 'U0ALEX', team_id: TEAM },
      view: { id: `V${Math.random()}`, private_metadata: JSON.stringify(meta), state: { values: { note: { note: { type: 'plain_text_input', value: note } } } } },
    });

  it('a refused note comes back inline on the input (response_action: errors) and nothing is replaced', async () => {
    const responseUrl = h.api.newResponseUrl();
    const res = await h.slack.interaction(submit('NHS 943 476 5919 seen', { ref: 'TRS-07', responseUrl }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ response_action: 'errors', errors: { note: expect.stringContaining('NHS number') } });
    expect(responses(responseUrl)).toEqual([]);
  });

  it('an accepted note closes the modal and replaces the original message', async () => {
    const responseUrl = h.api.newResponseUrl();
    const res = await h.slack.interaction(submit('pathway launched', { ref: 'TRS-07', responseUrl }));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const [reply] = await eventually(() => responses(responseUrl).length > 0 && responses(responseUrl), 'replacement');
    expect(reply!.args.replace_original).toBe(true);
    expect(seen.buttons[0]).toMatchObject({ action: { kind: 'add_note', ref: 'TRS-07' }, note: 'pathway launched' });
  });

  it('an empty note is refused inline', async () => {
    const res = await h.slack.interaction(submit('   ', { ref: 'TRS-07' }));
    expect(res.json?.response_action).toBe('errors');
    expect(seen.buttons).toEqual([]);
  });
});

describe('events', () => {
  const dm = (event: Record<string, unknown>) => fixture('message-im-thread', { team_id: TEAM, event_id: `Ev${Math.random()}`, event: { user: 'U0ALEX', channel: 'D0ALEX', team: TEAM, ts: String(Date.now() / 1000), ...event } });

  it('a reply in a reminder thread goes to the core and is confirmed in the thread', async () => {
    await h.slack.event(dm({ text: 'on track pathway launched', thread_ts: '1795000000.000001' }));
    const [post] = await eventually(() => h.api.callsTo('chat.postMessage').length > 0 && h.api.callsTo('chat.postMessage'), 'confirmation');
    expect(post!.args).toMatchObject({ channel: 'D0ALEX', thread_ts: '1795000000.000001', text: 'TRS-07 on track, noted' });
    expect(seen.threads).toEqual(['1795000000.000001:on track pathway launched']);
  });

  it('a reply the core cannot place gets a short hint in the thread', async () => {
    await h.slack.event(dm({ text: 'hello?', thread_ts: '1795000000.000002' }));
    const [post] = await eventually(() => h.api.callsTo('chat.postMessage').length > 0 && h.api.callsTo('chat.postMessage'), 'hint');
    expect(post!.args).toMatchObject({ thread_ts: '1795000000.000002', text: THREAD_HINT });
  });

  it('ignores bot messages and message subtypes', async () => {
    await h.slack.event(dm({ text: 'on track', thread_ts: '1795000000.000003', bot_id: 'B0OTHER' }));
    await h.slack.event(dm({ text: 'on track', thread_ts: '1795000000.000003', subtype: 'message_changed' }));
    await h.slack.event(dm({ text: 'mine', thread_ts: undefined })); // a top-level DM is a command: proves the events above were processed first
    await eventually(() => h.api.callsTo('chat.postMessage').length > 0, 'answer to the top-level DM');
    expect(seen.threads).toEqual([]);
    expect(seen.text).toEqual(['mine']);
  });

  it('app_home_opened publishes the Home tab', async () => {
    await h.slack.event(fixture('app-home-opened', { team_id: TEAM, event_id: `Ev${Math.random()}`, event: { user: 'U0ALEX' } }));
    const [pub] = await eventually(() => h.api.callsTo('views.publish').length > 0 && h.api.callsTo('views.publish'), 'views.publish');
    expect(pub!.args.user_id).toBe('U0ALEX');
    expect(pub!.args.view.type).toBe('home');
    expect(pub!.args.view.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Your open actions' } });
  });
});
