// The core the adapters and the CLI talk to: tenancy, identity, commands (text, buttons, thread
// replies, home) and conversations, over one Database. No chat SDK, no process.env, no clock.
import type { Database } from '../db/client.js';
import { Prisma } from '../generated/prisma/client.js';
import type { Logger } from '../log/logger.js';
import { handleText } from '../commands/handle.js';
import { handleButton } from '../commands/handlers/buttons.js';
import type { ChangeEvent, HandlerDeps } from '../commands/handlers/common.js';
import { handleHome } from '../commands/handlers/home.js';
import { handleThreadReply } from '../commands/handlers/thread-reply.js';
import { errorMessage, type Message } from '../message/model.js';
import { domainError, err } from '../result.js';
import type { CommandContext, CoreApi } from './api.js';
import { loadPersonContext } from '../register/people.js';
import { createIdentity } from './identity.js';
import { createTenancy } from './tenancy.js';
import { createLinksApi } from '../links/api.js';
import { rememberRoster } from './roster.js';
import { resolutionCache } from './resolution-cache.js';

const UNAVAILABLE =
  'The register is unavailable right now (its database is not answering), so nothing was changed. Please try again in a minute.';

export interface CoreOptions {
  db: Database;
  logger: Logger;
  /** Called after a change (refs changed, people whose views may need refreshing, e.g. Slack App Home). */
  onChange?: (e: ChangeEvent) => void;
  /** Asks the outbox to look for work now (after `digest … post`). */
  kickOutbox?: () => void;
  /** LINK_SECRET; undefined → a secret generated once and kept in the database. */
  linkSecret?: string;
  /** How long a resolved workspace, chat link or person is reused (resolution-cache.ts); tests shorten it. */
  resolutionTtlMs?: number;
}

export function createCore(opts: CoreOptions): CoreApi {
  const { db, logger } = opts;
  const ttl = opts.resolutionTtlMs !== undefined ? { ttlMs: opts.resolutionTtlMs } : {};
  const tenancy = createTenancy(db, ttl);
  const identity = createIdentity(db, logger, ttl);
  /** What each conversation was last remembered as: a message in the same conversation writes nothing new. */
  const remembered = resolutionCache<{ as: string }>({ max: 10_000, ...ttl });
  const deps: HandlerDeps = { db, logger, onChange: opts.onChange, kickOutbox: opts.kickOutbox, lookedUpEmail: identity.lookedUpEmail };

  /** A bug in a handler becomes a logged error and a polite reply, never a crashed adapter. */
  async function guarded<T extends Message | null>(what: string, ctx: CommandContext, fn: () => Promise<T>): Promise<T | Message> {
    const started = performance.now();
    try {
      const m = await fn();
      logger.debug({ what, partnershipId: ctx.partnership.id, ms: Math.round(performance.now() - started) }, 'command handled');
      return m;
    } catch (e) {
      if (isDatabaseUnavailable(e)) {
        logger.warn({ err: e, what, partnershipId: ctx.partnership.id }, 'database unavailable');
        return errorMessage(UNAVAILABLE, undefined, 'unavailable');
      }
      logger.error({ err: e, what, partnershipId: ctx.partnership.id, personId: ctx.person?.id }, 'command failed');
      return errorMessage('Sorry — something went wrong on my side and nothing was changed. Please try again in a minute.', undefined, 'internal');
    }
  }

  const text = (ctx: CommandContext, t: string): Promise<Message> => guarded('text', ctx, () => handleText(deps, ctx, t));

  return {
    tenancy: {
      // The first thing every chat request asks: a database outage is answered here, plainly.
      async resolve(platform, tenantId) {
        try {
          return await tenancy.resolve(platform, tenantId);
        } catch (e) {
          if (!isDatabaseUnavailable(e)) throw e;
          logger.warn({ err: e, platform }, 'database unavailable');
          return err(domainError('unavailable', UNAVAILABLE));
        }
      },
      autoBind: tenancy.autoBind,
      setLocalTeamsMode: tenancy.setLocalTeamsMode,
    },
    identity: { resolve: identity.resolve, profileChanged: identity.profileChanged },
    commands: {
      text,
      button: (ctx, action, input): Promise<Message> => guarded(`button:${action.kind}`, ctx, () => handleButton(deps, ctx, action, input)),
      threadReply: (ctx, thread, t) => guarded('thread_reply', ctx, () => handleThreadReply(deps, ctx, thread, t, text)),
      home: (ctx): Promise<Message> => guarded('home', ctx, () => handleHome(deps, ctx)),
    },
    homes: {
      async forPeople(partnershipId, personIds, platform, now) {
        if (!personIds.length) return [];
        const partnership = await db.prisma.partnership.findUnique({ where: { id: partnershipId }, select: { id: true, name: true, timezone: true } });
        if (!partnership) return [];
        const accounts = await db.prisma.chatIdentity.findMany({
          where: { partnershipId, platform, personId: { in: personIds } },
          select: { personId: true, externalId: true },
        });
        const out: { userId: string; message: Message }[] = [];
        for (const a of accounts) {
          const person = await loadPersonContext(db.prisma, partnershipId, a.personId);
          if (!person) continue;
          const ctx: CommandContext = { partnership, person, via: platform, now };
          out.push({ userId: a.externalId, message: await guarded('home', ctx, () => handleHome(deps, ctx)) });
        }
        return out;
      },
    },
    links: createLinksApi(deps, opts.linkSecret),
    conversations: {
      rememberRoster: (partnershipId, members, base) => rememberRoster(db, logger, partnershipId, members, base),
      async remember(partnershipId, conv) {
        const key = `${partnershipId}\u0000${conv.platform}\u0000${conv.externalId}`;
        const as = JSON.stringify([conv.kind, conv.personId ?? null, conv.reference ?? null]);
        if (remembered.get(key)?.as === as) return;
        const stamp = remembered.stamp();
        const reference = conv.reference === undefined ? undefined : conv.reference === null ? Prisma.DbNull : (conv.reference as Prisma.InputJsonValue);
        await db.prisma.conversation.upsert({
          where: { partnershipId_platform_externalId: { partnershipId, platform: conv.platform, externalId: conv.externalId } },
          create: {
            partnershipId, platform: conv.platform, kind: conv.kind, externalId: conv.externalId,
            personId: conv.personId ?? null, reference: reference ?? Prisma.DbNull,
          },
          update: {
            kind: conv.kind,
            ...(conv.personId ? { personId: conv.personId } : {}),
            ...(reference !== undefined ? { reference } : {}),
            unreachableSince: null,
            unreachableReason: null,
          },
        });
        remembered.set(key, { as }, stamp);
      },
    },
  };
}

/** Connection-level failures (database down or restarting), as opposed to bugs. */
function isDatabaseUnavailable(e: unknown): boolean {
  const seen = new Set<unknown>();
  for (let cur: unknown = e; cur && typeof cur === 'object' && !seen.has(cur); cur = (cur as { cause?: unknown }).cause) {
    seen.add(cur);
    const { code, message } = cur as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|57P0[1-3]|08\d{3}|P1001|P1002|P1017)$/.test(code)) return true;
    if (typeof message === 'string' && /ECONNREFUSED|Connection terminated|connection (?:is )?closed|terminating connection|the database system is (?:starting up|shutting down)|Can't reach database/i.test(message)) {
      return true;
    }
  }
  return false;
}
