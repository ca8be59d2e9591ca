// Before a row whose send may already have happened (sendingAt set: a crash, or no answer came
// back) is sent again, the platform is asked where it can be (Slack: the message's metadata
// carries the dedupe key). Teams cannot be asked: the row is sent again, at most one duplicate
// per message in flight. A failed look-up is never taken for "not sent".
import type { ChatPort, MessageRef, SendFailure, SendTarget } from '../chat/port.js';
import type { Logger } from '../log/logger.js';

export type EarlierSend = { kind: 'send' } | { kind: 'found'; ref: MessageRef } | { kind: 'lookup_failed'; failure: SendFailure };

export async function checkEarlierSend(
  port: ChatPort,
  target: SendTarget,
  row: { id: string; kind: string; dedupeKey: string; sendingAt: Date | null },
  logger: Logger,
): Promise<EarlierSend> {
  if (!row.sendingAt) return { kind: 'send' };
  if (!port.findSent) {
    logger.warn({ notificationId: row.id, kind: row.kind, platform: port.platform }, `notification may have been sent before a crash; ${port.platform} cannot be asked, so it is sent again (at most one duplicate)`);
    return { kind: 'send' };
  }
  const found = await port.findSent(target, row.dedupeKey);
  if (!found.ok) return { kind: 'lookup_failed', failure: found.failure };
  if (!found.ref) return { kind: 'send' };
  logger.info({ notificationId: row.id, kind: row.kind, platform: port.platform }, 'notification was already delivered before a crash: recorded, not sent again');
  return { kind: 'found', ref: found.ref };
}
