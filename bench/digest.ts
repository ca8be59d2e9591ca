// 4. Digest for a 500-action subgroup: build (pure, from a loaded snapshot) + render as Block
// Kit and as an Adaptive Card; and the whole thing including the snapshot load from the
// database (what `digest` and the weekly job pay). Medians of 20 runs.
import { renderBlocks } from '../adapters/slack/render.js';
import { renderCard } from '../adapters/teams/render.js';
import { buildDigest, loadDigestSnapshot } from '../src/digest/index.js';
import type { BenchDb } from './support/db.js';
import { generateRegister } from './support/generate.js';
import { addRow, median, ms, timeRuns } from './support/report.js';

export async function benchDigest(db: BenchDb, now: Date): Promise<void> {
  // One partnership of 1,500 actions: its subgroup 0 holds 500 of them.
  const g = await generateRegister(db, { prefix: 'dg', partnerships: 1, actionsPerPartnership: 1500, now });
  // 1,500 spread over 3 subgroups gives subgroup 0 504 actions: move 4 to subgroup 1.
  await db.withSession((sql) =>
    sql.query(`UPDATE "Action" SET "subgroupId" = $2 WHERE id IN (SELECT id FROM "Action" WHERE "subgroupId" = $1 ORDER BY ref DESC LIMIT 4)`, [g.subgroupId(0, 0), g.subgroupId(0, 1)]),
  );
  const args = { partnershipId: g.partnershipIds[0]!, subgroupId: g.subgroupId(0, 0), now };
  const snap = await loadDigestSnapshot(db, args);
  if (snap.actions.length !== 500) throw new Error(`digest subgroup has ${snap.actions.length} actions, expected 500`);

  let blocks = 0;
  let bytes = 0;
  const pure = await timeRuns(20, () => {
    const m = buildDigest(snap);
    blocks = renderBlocks(m).blocks.length;
    bytes = renderCard(m).bytes;
  }, 3);
  const slackOnly = await timeRuns(20, () => renderBlocks(buildDigest(snap)), 3);
  const cardOnly = await timeRuns(20, () => renderCard(buildDigest(snap)), 3);
  const full = await timeRuns(20, async () => {
    const m = buildDigest(await loadDigestSnapshot(db, args));
    renderBlocks(m);
    renderCard(m);
  }, 2);
  const load = await timeRuns(20, () => loadDigestSnapshot(db, args), 2);

  addRow({
    measure: '4 Digest build + render (500 actions)',
    db: db.kind,
    value: `${ms(median(pure))} (Block Kit ${ms(median(slackOnly))}, Card ${ms(median(cardOnly))})`,
    baseline: `${blocks} blocks, card ${(bytes / 1024).toFixed(1)} KB`,
    target: '< 20 ms',
    met: median(pure) < 20,
  });
  addRow({
    measure: '4 Digest load + build + render',
    db: db.kind,
    value: ms(median(full)),
    baseline: `snapshot load alone ${ms(median(load))}`,
    target: '< 20 ms',
    met: median(full) < 20,
  });
}
