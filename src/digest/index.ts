// The subgroup digest (SPEC §5): load a snapshot, build the message (pure), and the slots the
// scheduler posts on.
import type { Database } from '../db/client.js';
import type { Message } from '../message/model.js';
import { buildDigest, type DigestOptions } from './build.js';
import { loadDigestSnapshot } from './snapshot.js';

export { buildDigest, DIGEST_MAX_BLOCKS, type DigestOptions } from './build.js';
export { loadDigestSnapshot, type DigestSnapshot, type LoadDigestArgs } from './snapshot.js';
export { digestDueSlots, previousDigestTime, lastWeeklySlot, type DigestSlot, type SubgroupScheduleInput } from './schedule.js';

/** The digest for a subgroup (or the partnership-wide one with subgroupId null) at `now`. */
export async function buildDigestMessage(
  db: Database,
  args: { partnershipId: string; subgroupId: string | null; now: Date; since?: Date },
  opts: DigestOptions = {},
): Promise<Message> {
  return buildDigest(await loadDigestSnapshot(db, args), opts);
}
