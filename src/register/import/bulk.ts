// Bulk inserts for large imports: one INSERT … SELECT FROM json_populate_recordset per table.
// Prisma's createMany builds a parameter per cell and is slow for thousands of rows
// (~2.5 s for 2,000 actions); this is one parameter and one statement, on PGlite and PostgreSQL.
import crypto from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client.js';

type Tx = Prisma.TransactionClient;
type Row = Record<string, unknown>;

const TABLES = new Set(['Action', 'ActionPartner', 'ActionDeputy', 'StatusUpdate', 'DueDateChange']);

/**
 * Inserts rows (Prisma field names = column names) into `table`. Rows without an `id` get a
 * UUID when the table has one; columns missing from every row take their defaults.
 */
// Chunks of 1,000 rows: each chunk's JSON is built on the bot's event loop, so a 20,000-row
// import pauses requests for a few milliseconds at a time rather than for whole seconds.
export async function bulkInsert(tx: Tx, table: 'Action' | 'ActionPartner' | 'ActionDeputy' | 'StatusUpdate' | 'DueDateChange', rows: Row[], chunk = 1000): Promise<void> {
  if (!TABLES.has(table)) throw new Error(`bulkInsert: table ${table} not allowed`);
  if (rows.length === 0) return;
  const withIds = table === 'ActionPartner' || table === 'ActionDeputy' ? rows : rows.map((r) => ('id' in r ? r : { id: crypto.randomUUID(), ...r }));
  const seen = new Set<string>();
  for (const r of withIds) for (const k in r) seen.add(k);
  const columns = [...seen];
  for (const c of columns) if (!/^[A-Za-z]+$/.test(c)) throw new Error(`bulkInsert: bad column ${c}`);
  const list = columns.map((c) => `"${c}"`).join(', ');
  for (let i = 0; i < withIds.length; i += chunk) {
    const json = JSON.stringify(withIds.slice(i, i + chunk), (_k, v) => (v === undefined ? null : v));
    await tx.$executeRawUnsafe(`INSERT INTO "${table}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${table}", $1::json)`, json);
  }
}
