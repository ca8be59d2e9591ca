// A local Bot Framework connector (the Teams "serviceUrl") over real HTTP on 127.0.0.1, shaped
// like the documented Bot Framework REST API (v3):
//   POST v3/conversations/{id}/activities               send to conversation
//   POST v3/conversations/{id}/activities/{replyToId}   reply to activity
//   PUT  v3/conversations/{id}/activities/{activityId}  update activity
//   POST v3/conversations                               create (personal) conversation
//   GET  v3/conversations/{id}/members/{userId}         member with email / userPrincipalName
//   GET  v3/conversations/{teamId}/pagedmembers         a team's roster, `pageSize` a page, with continuationToken
// Records every call and can inject failures (403/404/429/412/502…) for the next matching calls.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  path: string;
  conversationId?: string;
  activityId?: string;
  authorization?: string;
  body: Record<string, unknown> | undefined;
}

export interface Member {
  id: string;
  aadObjectId?: string;
  name?: string;
  email?: string;
  userPrincipalName?: string;
}

interface Fault {
  status: number;
  headers?: Record<string, string>;
  match?: (call: ConnectorCall) => boolean;
  times: number;
}

export class BotConnectorDouble {
  readonly calls: ConnectorCall[] = [];
  private readonly members = new Map<string, Member>();
  private readonly rosters = new Map<string, Member[]>();
  private readonly faults: Fault[] = [];
  private server?: http.Server;
  private seq = 0;
  url = '';

  /** The serviceUrl to put in activities (ends with a slash, like Teams'). */
  get serviceUrl(): string {
    return `${this.url}/`;
  }

  addMember(member: Member): void {
    this.members.set(member.id, member);
    if (member.aadObjectId) this.members.set(member.aadObjectId, member);
  }

  /** A team's members, as GET …/{teamId}/pagedmembers answers them. */
  setRoster(teamId: string, members: Member[]): void {
    this.rosters.set(teamId, members);
  }

  /** The personal conversations the bot asked to create (POST v3/conversations bodies). */
  get created(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'POST' && c.path.replace(/\/$/, '') === '/v3/conversations');
  }

  /** The next `times` calls that match (default: any) get `status`. */
  fail(status: number, opts: { times?: number; headers?: Record<string, string>; match?: (c: ConnectorCall) => boolean } = {}): void {
    this.faults.push({ status, times: opts.times ?? 1, ...(opts.headers ? { headers: opts.headers } : {}), ...(opts.match ? { match: opts.match } : {}) });
  }

  /** Messages posted (sent or replied), newest last. */
  get sent(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'POST' && c.path.includes('/activities'));
  }

  get updates(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'PUT');
  }

  reset(): void {
    this.calls.length = 0;
    this.faults.length = 0;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> | undefined;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    } catch {
      return send(res, 400, { error: { code: 'BadSyntax', message: 'invalid JSON' } });
    }
    const path = decodeURI((req.url ?? '/').split('?')[0]!);
    const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
    const m = /^\/v3\/conversations(?:\/([^/]+)(?:\/(activities|members|pagedmembers)(?:\/([^/]+))?)?)?\/?$/.exec(path);
    const call: ConnectorCall = {
      method: req.method ?? 'GET',
      path,
      ...(m?.[1] ? { conversationId: m[1] } : {}),
      ...(m?.[3] ? { activityId: m[3] } : {}),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      body,
    };
    this.calls.push(call);
    const fault = this.faults.find((f) => f.times > 0 && (!f.match || f.match(call)));
    if (fault) {
      fault.times -= 1;
      return send(res, fault.status, { error: { code: faultCode(fault.status), message: `injected ${fault.status}` } }, fault.headers);
    }
    if (!m) return send(res, 404, { error: { code: 'NotFound', message: `no route ${req.method} ${path}` } });
    const [, conversationId, kind, itemId] = m;
    if (req.method === 'POST' && !conversationId) {
      this.seq += 1;
      return send(res, 201, { id: `a:personal-${this.seq}`, activityId: `act-${this.seq}`, serviceUrl: this.serviceUrl });
    }
    if (kind === 'activities' && req.method === 'POST') {
      this.seq += 1;
      return send(res, 201, { id: `act-${this.seq}` });
    }
    if (kind === 'activities' && req.method === 'PUT' && itemId) return send(res, 200, { id: itemId });
    if (kind === 'pagedmembers' && req.method === 'GET' && conversationId) {
      const roster = this.rosters.get(conversationId);
      if (!roster) return send(res, 404, { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } });
      const size = Math.max(1, Math.min(500, Number(query.get('pageSize') ?? 100) || 100));
      const from = Number(query.get('continuationToken') ?? 0) || 0;
      const page = roster.slice(from, from + size).map((mb) => ({ ...mb, tenantId: 'tenant', userRole: 'user' }));
      return send(res, 200, { members: page, ...(from + size < roster.length ? { continuationToken: String(from + size) } : {}) });
    }
    if (kind === 'members' && req.method === 'GET' && itemId) {
      const member = this.members.get(itemId);
      if (!member) return send(res, 404, { error: { code: 'MemberNotFoundInConversation', message: 'The member was not found in the conversation.' } });
      return send(res, 200, { ...member, givenName: member.name?.split(' ')[0], surname: member.name?.split(' ').slice(1).join(' '), tenantId: 'tenant', userRole: 'user' });
    }
    return send(res, 405, { error: { code: 'MethodNotAllowed', message: `${req.method} ${path}` } });
  }
}

const faultCode = (status: number) =>
  ({ 403: 'BotDisabledByAdmin', 404: 'ConversationNotFound', 412: 'PreconditionFailed', 429: 'TooManyRequests', 502: 'BadGateway', 504: 'GatewayTimeout' })[status] ?? 'Error';

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
