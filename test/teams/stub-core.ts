// A recording CoreApi for transport-level tests (auth, port) that do not need the register.
// End-to-end behaviour is tested against the real core in teams-e2e.db.test.ts.
import { unusedLinks } from '../support/unused-links.js';
import type { CoreApi, PartnershipInfo } from '../../src/core/api.js';
import { message } from '../../src/message/model.js';
import { err, ok } from '../../src/result.js';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

export function recordingCore() {
  const partnership: PartnershipInfo = { id: 'p1', name: 'Tower Hamlets CDP', timezone: 'Europe/London' };
  const calls = { texts: [] as string[], remembered: [] as unknown[], lookups: [] as (string | undefined)[] };
  const core: CoreApi = {
    tenancy: {
      resolve: async (_platform, tenantId) =>
        tenantId === TENANT ? ok(partnership) : err({ code: 'unknown_tenant', message: `Teams tenant ${tenantId} is bound to no partnership`, hint: 'cdp partnerships bind <partnership> teams <tenant-id>' }),
      autoBind: async () => 'skipped',
      setLocalTeamsMode: () => {},
    },
    identity: {
      profileChanged: async () => ({ personId: null }),
      resolve: async (_p, user) => {
        calls.lookups.push(await user.lookupEmail?.());
        return null;
      },
    },
    commands: {
      text: async (_ctx, text) => {
        calls.texts.push(text);
        return message(`you said: ${text}`);
      },
      button: async (_ctx, action) => message(`pressed ${action.kind}`),
      threadReply: async () => null,
      home: async () => message('home'),
    },
    links: unusedLinks,
    homes: { forPeople: async () => [] },
    conversations: {
      rememberRoster: async () => ({ linked: 0, unknown: 0 }),
      remember: async (_id, conv) => {
        calls.remembered.push(conv);
      },
    },
  };
  return { core, calls, partnership };
}
