// manifest/slack/manifest.yml: the YAML must equal the typed object below (tsc checks that object
// against @slack/web-api's manifest type), and its URLs, events and scopes must match what the
// adapter's code actually registers and calls.
import fs from 'node:fs';
import path from 'node:path';
import type { AppsManifestValidateArguments } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMAND } from '../../adapters/slack/listeners/commands/index.js';

type SlackManifest = NonNullable<AppsManifestValidateArguments['manifest']>;

const URL_ = 'https://YOUR-HOST/slack/events';
/** The manifest, typed: a field of the wrong type or an unknown scope/event fails `tsc`. */
export const expected: SlackManifest = {
  _metadata: { major_version: 1, minor_version: 1 },
  display_information: {
    name: 'CDP Bot',
    description: "Keeps your Combating Drugs Partnership's delivery plan moving.",
    long_description:
      "CDP Bot owns the partnership's action register. It reminds the agencies that lead actions when they are due, overdue or quiet, asks commissioners about contracts nearing expiry, takes status updates by slash command, button or a reply to a reminder, and posts a weekly digest to each subgroup's channel. Type /cdp help to start. The register is about actions, not about the people services help: never put names or NHS numbers of service users in it.",
    background_color: '#1d4f91',
  },
  features: {
    app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
    bot_user: { display_name: 'cdp-bot', always_online: true },
    slash_commands: [
      {
        command: '/cdp',
        url: URL_,
        description: "Read and update the partnership's action register",
        usage_hint: 'mine | show TRS-07 | update TRS-07 on track pathway launched | help',
        should_escape: false,
      },
    ],
  },
  oauth_config: { scopes: { bot: ['commands', 'chat:write', 'im:write', 'im:history', 'channels:history', 'groups:history', 'users:read', 'users:read.email', 'files:write'] } },
  settings: {
    event_subscriptions: { request_url: URL_, bot_events: ['app_home_opened', 'message.im', 'user_change'] },
    interactivity: { is_enabled: true, request_url: URL_ },
    org_deploy_enabled: false,
    socket_mode_enabled: false,
    token_rotation_enabled: false,
  },
};

const root = path.resolve(import.meta.dirname, '../..');
const manifest = parse(fs.readFileSync(path.join(root, 'manifest/slack/manifest.yml'), 'utf8')) as SlackManifest;

/** Every `.ts` under adapters/slack. */
function sources(dir = path.join(root, 'adapters/slack')): string {
  return fs.readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? fs.readFileSync(path.join(dir, e.name), 'utf8') : ''))
    .join('\n');
}

/** The bot scope each Web API method needs (https://api.slack.com/methods). */
const SCOPES_FOR: Record<string, string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'conversations.open': ['im:write'],
  // After a crash, the outbox reads back DMs and subgroup channels (public or private) for its metadata.
  'conversations.history': ['channels:history', 'groups:history', 'im:history'],
  // users.info returns profile.email only with users:read.email.
  'users.info': ['users:read', 'users:read.email'],
  'users.lookupByEmail': ['users:read.email'],
  'views.open': [],
  'views.publish': [],
  // files.uploadV2 = files.getUploadURLExternal + files.completeUploadExternal.
  'files.uploadV2': ['files:write'],
};

describe('Slack manifest', () => {
  it('is exactly the typed manifest', () => {
    expect(manifest).toEqual(expected);
  });

  it('sends the command, interactivity and events to POST /slack/events', () => {
    const urls = [manifest.features?.slash_commands?.[0]?.url, manifest.settings?.interactivity?.request_url, manifest.settings?.event_subscriptions?.request_url];
    for (const u of urls) expect(new URL(u!).pathname).toBe('/slack/events');
    expect(manifest.features?.slash_commands?.map((c) => c.command)).toEqual([COMMAND]);
  });

  it('asks for exactly the scopes the code needs', () => {
    const src = sources();
    const called = new Set([...src.matchAll(/client\.(auth|chat|conversations|users|views|files)\.(\w+)\(/g)].map((m) => `${m[1]}.${m[2]}`));
    called.add('auth.test');
    for (const m of called) expect(SCOPES_FOR, `scope table knows ${m}`).toHaveProperty([m]);
    const needed = new Set([...called].flatMap((m) => SCOPES_FOR[m]!));
    needed.add('commands'); // the slash command
    needed.add('im:history'); // the message.im event
    expect(new Set(manifest.oauth_config?.scopes?.bot)).toEqual(needed);
  });

  it('subscribes to the events the code listens to', () => {
    const src = sources();
    const listened = [...src.matchAll(/app\.event\('([\w.]+)'/g)].map((m) => m[1]);
    expect(listened.sort()).toEqual(['app_home_opened', 'message', 'user_change']);
    // `message` arrives only for DMs with the bot: message.im. `user_change` needs users:read.
    expect(manifest.settings?.event_subscriptions?.bot_events?.sort()).toEqual(['app_home_opened', 'message.im', 'user_change']);
  });

  it('has a Home tab and a Messages tab people can write in (thread replies to reminders)', () => {
    expect(manifest.features?.app_home).toEqual({ home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false });
  });
});
