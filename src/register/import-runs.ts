// A line per `cdp import` run (files, outcome, duration): the operations metrics read it, and it
// answers "when was the plan last imported, and did it go in?".
import path from 'node:path';
import type { Database } from '../db/client.js';

export async function recordImportRun(
  db: Pick<Database, 'prisma'>,
  run: { files: string[]; outcome: 'imported' | 'dry_run' | 'refused'; durationMs: number; partnershipName?: string | undefined },
): Promise<void> {
  const partnership = run.partnershipName
    ? await db.prisma.partnership.findFirst({ where: { name: { equals: run.partnershipName, mode: 'insensitive' } }, select: { id: true } })
    : null;
  await db.prisma.importRun.create({
    data: {
      files: run.files.map((f) => path.basename(f)),
      outcome: run.outcome,
      durationMs: Math.round(run.durationMs),
      ...(partnership ? { partnershipId: partnership.id } : {}),
    },
  });
}
