// The core's side of signed email links: issue one for a person and a message's refs, open a
// token (the page's items as they are now), press (a status, stage or note through the same
// use cases as chat buttons, recorded "via email"), and the CSRF tokens of the page's forms.
import type { CommandContext, LinkSession, LinksApi } from '../core/api.js';
import type { HandlerDeps, LinkedContext } from '../commands/handlers/common.js';
import { linkPage, linkPress } from '../commands/handlers/link-page.js';
import { loadPersonContext } from '../register/people.js';
import { domainError, err, ok, type Result } from '../result.js';
import { checkLink, issueLink, linkSecret, touchLink } from './store.js';
import { csrfMatches, csrfToken, type LinkScope } from './token.js';

export function createLinksApi(deps: HandlerDeps, configuredSecret: string | undefined): LinksApi {
  const prisma = deps.db.prisma;
  let secret: Promise<string> | undefined;
  const key = () => (secret ??= linkSecret(prisma, configuredSecret).catch((e: unknown) => {
    secret = undefined;
    throw e;
  }));

  async function session(scope: LinkScope, now: Date): Promise<Result<{ ctx: LinkedContext; scope: LinkScope }>> {
    const [partnership, person] = await Promise.all([
      prisma.partnership.findUnique({ where: { id: scope.partnershipId }, select: { id: true, name: true, timezone: true } }),
      loadPersonContext(prisma, scope.partnershipId, scope.personId),
    ]);
    if (!partnership || !person) return err(domainError('link_invalid', 'This link is for someone who is no longer in the register.', 'Ask the partnership coordinator; nothing was changed.'));
    const ctx: CommandContext & LinkedContext = { partnership, person, via: 'email', now };
    return ok({ ctx, scope });
  }

  async function view(s: { ctx: LinkedContext; scope: LinkScope }): Promise<LinkSession> {
    return {
      linkId: s.scope.id,
      partnership: s.ctx.partnership,
      person: { id: s.ctx.person.id, name: s.ctx.person.name },
      expiresAt: s.scope.expiresAt,
      page: await linkPage(deps, s.ctx, s.scope),
    };
  }

  async function opened(token: string, now: Date) {
    const checked = await checkLink(prisma, await key(), token, now);
    if (!checked.ok) return checked;
    return session(checked.value, now);
  }

  return {
    async issue(input) {
      const issued = await issueLink(prisma, await key(), input);
      const partnership = await prisma.partnership.findUniqueOrThrow({ where: { id: input.partnershipId }, select: { name: true, timezone: true } });
      return { ...issued, partnership };
    },
    async open(token, now) {
      const s = await opened(token, now);
      return s.ok ? ok(await view(s.value)) : s;
    },
    async press(token, press, now) {
      const s = await opened(token, now);
      if (!s.ok) return s;
      const result = await linkPress(deps, s.value.ctx, s.value.scope, press);
      await touchLink(prisma, s.value.scope.id, now);
      return ok({ result, session: await view(s.value) });
    },
    async csrfToken(linkId, nonce) {
      return csrfToken(await key(), linkId, nonce);
    },
    async csrfMatches(linkId, nonce, token) {
      return csrfMatches(await key(), linkId, nonce, token);
    },
  };
}
