// One row changed by one writer at a time: an interactive transaction that locks the row
// (SELECT … FOR UPDATE) and hands its version to the change, which updates "where version = v".
// A change that finds the version moved returns 'conflict' and the whole transaction is retried,
// as are serialization failures and deadlocks — so concurrent updates are never lost.
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';

type Tx = Prisma.TransactionClient;
const TABLES = { Action: '"Action"', Contract: '"Contract"' } as const;

export async function withLockedRow<T>(
  prisma: PrismaClient,
  table: keyof typeof TABLES,
  id: string,
  change: (tx: Tx, version: number) => Promise<T | 'conflict'>,
  attempts = 20,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const out = await prisma.$transaction(
        async (tx) => {
          const rows = await tx.$queryRawUnsafe<{ version: number }[]>(`SELECT version FROM ${TABLES[table]} WHERE id = $1 FOR UPDATE`, id);
          const row = rows[0];
          if (!row) throw new Error(`${table} ${id} not found`);
          const r = await change(tx, Number(row.version));
          if (r === 'conflict') throw new VersionConflict();
          return r;
        },
        { maxWait: 60_000, timeout: 60_000 },
      );
      return out;
    } catch (e) {
      if (attempt >= attempts || !retryable(e)) throw e;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
    }
  }
}

class VersionConflict extends Error {
  constructor() {
    super('version conflict');
  }
}

function retryable(e: unknown): boolean {
  if (e instanceof VersionConflict) return true;
  const s = String((e as { code?: string })?.code ?? '') + ' ' + String((e as Error)?.message ?? '');
  return /P2034|40001|40P01|deadlock|could not serialize|write conflict/i.test(s);
}
