// A local test double of the Slack Web API over real HTTP on 127.0.0.1.
// Speaks the documented wire format: POST https://slack.com/api/<method>, form-encoded (objects
// such as `blocks` and `view` as JSON strings) or JSON, `Authorization: Bearer xoxb-…`, answers
// `{ ok: true, … }` / `{ ok: false, error }` with HTTP 200, and 429 + `Retry-After` (seconds).
// It also serves response_url endpoints (POST /response/<id>, JSON) and the file upload flow of
// files.uploadV2: files.getUploadURLExternal → POST the bytes to the upload_url it returned →
// files.completeUploadExternal (channel_id, initial_comment). Every call is recorded; finished
// uploads are in `uploads` with their bytes. Posted messages are kept per channel with their
// `metadata`, and read back (newest first, with metadata only when include_all_metadata is true)
// by conversations.history, like Slack's.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  /** Parsed arguments: form fields with JSON values (blocks, view) decoded. */
  args: Record<string, any>;
  token: string | undefined;
  at: number;
}

export interface StoredMessage {
  ts: string;
  text?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface SlackUser {
  id: string;
  name: string;
  realName?: string;
  email?: string;
  teamId?: string;
  isBot?: boolean;
  deleted?: boolean;
}

export type Injection =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 }
  | { error: string };

export interface SlackUpload {
  fileId: string;
  filename: string;
  title?: string;
  /** The declared length (files.getUploadURLExternal) and the bytes posted to the upload URL. */
  length: number;
  bytes?: Buffer;
  channelId?: string;
  initialComment?: string;
  completed: boolean;
}

export interface SlackApiDouble {
  /** Base for SLACK_API_URL, e.g. http://127.0.0.1:43210/api/ */
  apiUrl: string;
  /** Base for response_url values, e.g. http://127.0.0.1:43210/response/ */
  responseUrlBase: string;
  teamId: string;
  botUserId: string;
  botId: string;
  token: string;
  calls: RecordedCall[];
  /** Files uploaded through files.uploadV2's three steps (completed ones have `completed: true`). */
  uploads: SlackUpload[];
  /** Calls of one method (response_url posts are recorded as method 'response_url'). */
  callsTo(method: string): RecordedCall[];
  addUser(user: SlackUser): void;
  /** Changes a user's profile (e.g. a new email, deactivated): users.info answers the new one. */
  updateUser(id: string, patch: Partial<SlackUser> & { deleted?: boolean }): void;
  /** The users.info `user` object as Slack sends it in a `user_change` event. */
  userObject(id: string): Record<string, any>;
  /** Messages posted to a channel (DMs: D…), oldest first, with their metadata. */
  messagesIn(channel: string): StoredMessage[];
  /** The next `times` calls of `method` fail as given. */
  inject(method: string, injection: Injection, times?: number): void;
  /** A fresh response_url for a payload. */
  newResponseUrl(): string;
  reset(): void;
  close(): Promise<void>;
}

export interface SlackApiDoubleOptions {
  teamId?: string;
  botUserId?: string;
  botId?: string;
  token?: string;
  users?: SlackUser[];
}

function parseBody(raw: string, contentType: string | undefined): Record<string, any> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, any>;
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if (/^[[{]/.test(v)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        /* a plain string that starts with a bracket */
      }
    }
    out[k] = v;
  }
  return out;
}

/** The file's bytes from an upload body: raw, or the file part of multipart/form-data. */
function fileBytes(body: Buffer, contentType: string | undefined): Buffer {
  const boundary = /multipart\/form-data;\s*boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (!boundary) return body;
  const sep = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let at = body.indexOf(sep);
  while (at >= 0) {
    const next = body.indexOf(sep, at + sep.length);
    if (next < 0) break;
    const part = body.subarray(at + sep.length + 2, next - 2); // after CRLF, before CRLF--boundary
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0 && /filename=/i.test(part.subarray(0, split).toString('utf8'))) return part.subarray(split + 4);
    at = next;
  }
  return body;
}

export async function startSlackApiDouble(opts: SlackApiDoubleOptions = {}): Promise<SlackApiDouble> {
  const teamId = opts.teamId ?? 'T0CDPTEST';
  const botUserId = opts.botUserId ?? 'U0CDPBOT';
  const botId = opts.botId ?? 'B0CDPBOT';
  const token = opts.token ?? 'xoxb-test-token';
  const users = new Map<string, SlackUser>();
  const channels = new Map<string, StoredMessage[]>();
  for (const u of opts.users ?? []) users.set(u.id, u);
  const calls: RecordedCall[] = [];
  const uploads: SlackUpload[] = [];
  const injections = new Map<string, { injection: Injection; left: number }[]>();
  let tsCounter = 0;
  let responseCounter = 0;
  let base = '';

  const nextTs = () => `${1795000000 + Math.floor(tsCounter / 1000)}.${String(++tsCounter).padStart(6, '0')}`;
  const dmChannel = (userId: string) => `D${userId.replace(/^U/, '')}`;

  const profileOf = (u: SlackUser) => ({
    real_name: u.realName ?? u.name,
    display_name: u.name,
    ...(u.email ? { email: u.email } : {}),
    team: u.teamId ?? teamId,
  });
  const userObject = (u: SlackUser) => ({
    id: u.id,
    team_id: u.teamId ?? teamId,
    name: u.name,
    deleted: Boolean(u.deleted),
    real_name: u.realName ?? u.name,
    tz: 'Europe/London',
    is_bot: Boolean(u.isBot),
    is_app_user: false,
    profile: profileOf(u),
  });

  /** Method handlers, answering like Slack's documented examples. */
  const methods: Record<string, (a: Record<string, any>) => Record<string, any>> = {
    'auth.test': () => ({ url: 'https://cdp-test.slack.com/', team: 'CDP Test', user: 'cdp', team_id: teamId, user_id: botUserId, bot_id: botId, is_enterprise_install: false }),
    'users.info': (a) => {
      const u = users.get(String(a.user));
      return u ? { user: userObject(u) } : { ok: false, error: 'user_not_found' };
    },
    'users.lookupByEmail': (a) => {
      const email = String(a.email ?? '').toLowerCase();
      const u = [...users.values()].find((x) => x.email?.toLowerCase() === email);
      return u ? { user: userObject(u) } : { ok: false, error: 'users_not_found' };
    },
    'conversations.open': (a) => {
      const ids = String(a.users ?? '').split(',').filter(Boolean);
      if (ids.length !== 1 || !users.has(ids[0]!)) return { ok: false, error: 'user_not_found' };
      return { no_op: true, already_open: true, channel: { id: dmChannel(ids[0]!) } };
    },
    'chat.postMessage': (a) => {
      if (!a.channel) return { ok: false, error: 'channel_not_found' };
      if (!a.text && !a.blocks) return { ok: false, error: 'no_text' };
      const ts = nextTs();
      const channel = users.has(String(a.channel)) ? dmChannel(String(a.channel)) : String(a.channel);
      const list = channels.get(channel) ?? [];
      const metadata = a.metadata && typeof a.metadata === 'object' && a.metadata.event_type ? { metadata: a.metadata } : {};
      list.push({ ts, text: a.text, ...metadata });
      channels.set(channel, list);
      return { channel, ts, message: { type: 'message', bot_id: botId, user: botUserId, text: a.text, ts, ...(a.blocks ? { blocks: a.blocks } : {}) } };
    },
    'chat.update': (a) => {
      if (!a.channel || !a.ts) return { ok: false, error: 'message_not_found' };
      return { channel: String(a.channel), ts: String(a.ts), text: a.text, message: { text: a.text, user: botUserId, ...(a.blocks ? { blocks: a.blocks } : {}) } };
    },
    'conversations.history': (a) => {
      const list = channels.get(String(a.channel ?? ''));
      if (!a.channel) return { ok: false, error: 'channel_not_found' };
      const withMeta = a.include_all_metadata === true || a.include_all_metadata === 'true';
      const limit = Math.min(Math.max(Number(a.limit) || 100, 1), 999);
      const newestFirst = [...(list ?? [])].reverse();
      const start = a.cursor ? Number(String(a.cursor).replace('next:', '')) || 0 : 0;
      const page = newestFirst.slice(start, start + limit).map((m) => ({
        type: 'message', user: botUserId, bot_id: botId, ts: m.ts, text: m.text, ...(withMeta && m.metadata ? { metadata: m.metadata } : {}),
      }));
      const more = start + limit < newestFirst.length;
      return { messages: page, has_more: more, ...(more ? { response_metadata: { next_cursor: `next:${start + limit}` } } : {}) };
    },
    'chat.postEphemeral': (a) => (a.channel && a.user ? { message_ts: nextTs() } : { ok: false, error: 'channel_not_found' }),
    'views.open': (a) => {
      if (!a.trigger_id) return { ok: false, error: 'invalid_trigger_id' };
      if (!a.view || typeof a.view !== 'object') return { ok: false, error: 'invalid_arguments' };
      return { view: { id: `V${String(++tsCounter).padStart(8, '0')}`, team_id: teamId, ...a.view, state: { values: {} }, hash: `${Date.now()}.abc`, app_id: 'A0CDP', bot_id: botId } };
    },
    'files.getUploadURLExternal': (a) => {
      const length = Number(a.length);
      if (!a.filename || !Number.isInteger(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
      const fileId = `F${String(++tsCounter).padStart(8, '0')}`;
      uploads.push({ fileId, filename: String(a.filename), length, completed: false });
      return { upload_url: `${base}/upload/${fileId}`, file_id: fileId };
    },
    'files.completeUploadExternal': (a) => {
      const files = Array.isArray(a.files) ? (a.files as { id: string; title?: string }[]) : [];
      if (!files.length) return { ok: false, error: 'invalid_arguments' };
      const found = files.map((f) => uploads.find((u) => u.fileId === f.id));
      if (found.some((u) => !u || !u.bytes)) return { ok: false, error: 'file_not_found' };
      if (a.channel_id !== undefined && !/^[CDG][A-Z0-9]+$/.test(String(a.channel_id))) return { ok: false, error: 'channel_not_found' };
      found.forEach((u, i) => Object.assign(u!, {
        completed: true, title: files[i]!.title, ...(a.channel_id ? { channelId: String(a.channel_id) } : {}), ...(a.initial_comment ? { initialComment: String(a.initial_comment) } : {}),
      }));
      return { files: found.map((u) => ({ id: u!.fileId, title: u!.title ?? u!.filename, name: u!.filename })) };
    },
    'views.publish': (a) => {
      if (!a.user_id) return { ok: false, error: 'invalid_arguments' };
      if (!a.view || a.view.type !== 'home') return { ok: false, error: 'invalid_arguments' };
      if ((a.view.blocks?.length ?? 0) > 100) return { ok: false, error: 'invalid_blocks' };
      return { view: { id: `V${String(++tsCounter).padStart(8, '0')}`, team_id: teamId, ...a.view, hash: `${Date.now()}.home` } };
    },
  };

  const takeInjection = (method: string): Injection | undefined => {
    const list = injections.get(method);
    const first = list?.[0];
    if (!first) return undefined;
    if (--first.left <= 0) list!.shift();
    return first.injection;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/upload/')) {
        // The upload URL files.getUploadURLExternal handed out: the file's bytes, as they are.
        const upload = uploads.find((u) => u.fileId === url.pathname.slice('/upload/'.length));
        calls.push({ method: 'upload', args: { fileId: upload?.fileId, bytes: Buffer.concat(chunks).length }, token: undefined, at: Date.now() });
        if (!upload) { res.writeHead(404).end('no such upload'); return; }
        upload.bytes = fileBytes(Buffer.concat(chunks), req.headers['content-type']);
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${upload.bytes.length}`);
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(body));
      };
      let args: Record<string, any>;
      try {
        args = parseBody(raw, req.headers['content-type']);
      } catch {
        send(200, { ok: false, error: 'invalid_json' });
        return;
      }
      if (url.pathname.startsWith('/response/')) {
        calls.push({ method: 'response_url', args: { ...args, id: url.pathname.slice('/response/'.length) }, token: undefined, at: Date.now() });
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
        return;
      }
      const method = url.pathname.replace(/^\/api\//, '');
      const auth = req.headers.authorization;
      const callToken = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : undefined;
      calls.push({ method, args, token: callToken, at: Date.now() });
      const injected = takeInjection(method);
      if (injected) {
        if ('status' in injected && injected.status === 429) {
          send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(injected.retryAfter) });
        } else if ('status' in injected) {
          res.writeHead(injected.status, { 'content-type': 'text/plain' });
          res.end('upstream error');
        } else {
          send(200, { ok: false, error: injected.error });
        }
        return;
      }
      if (callToken !== token) {
        send(200, { ok: false, error: callToken ? 'invalid_auth' : 'not_authed' });
        return;
      }
      const handler = methods[method];
      if (!handler) {
        send(200, { ok: false, error: 'unknown_method' });
        return;
      }
      const out = handler(args);
      send(200, out.ok === false ? out : { ok: true, ...out });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${base}/api/`,
    responseUrlBase: `${base}/response/`,
    teamId,
    botUserId,
    botId,
    token,
    calls,
    uploads,
    callsTo: (method) => calls.filter((c) => c.method === method),
    addUser: (u) => void users.set(u.id, u),
    updateUser(id, patch) {
      const u = users.get(id);
      if (!u) throw new Error(`no Slack user ${id} in the double`);
      users.set(id, { ...u, ...patch });
    },
    userObject(id) {
      const u = users.get(id);
      if (!u) throw new Error(`no Slack user ${id} in the double`);
      return userObject(u);
    },
    messagesIn: (channel) => [...(channels.get(channel) ?? [])],
    inject(method, injection, times = 1) {
      const list = injections.get(method) ?? [];
      list.push({ injection, left: times });
      injections.set(method, list);
    },
    newResponseUrl: () => `${base}/response/${++responseCounter}`,
    reset() {
      calls.length = 0;
      uploads.length = 0;
      injections.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
