// The backup file: gzip'd JSON lines, portable between the embedded database and PostgreSQL.
//   {"format":"cdp-backup","version":1,"createdAt":…,"migrations":[…],"tables":[{name,columns,rows}…]}
//   then, table by table in that order, one line per row (the row as JSON, as row_to_json gives it).
export const BACKUP_FORMAT = 'cdp-backup';
export const BACKUP_VERSION = 1;

export interface TableInfo {
  name: string;
  columns: string[];
  rows: number;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** Where it came from: "pglite" or "postgres". */
  source: string;
  /** The migrations applied to the database it came from, in order. */
  migrations: string[];
  tables: TableInfo[];
}

/** Double-quoted SQL identifier (table and column names come from the catalogue, but quote anyway). */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The application's tables, parents before children (foreign keys), migrations bookkeeping left out. */
export const TABLES_SQL = `
  select c.relname as name,
         array(select a.attname::text from pg_attribute a
                where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped order by a.attnum) as columns,
         array(select distinct f.relname::text from pg_constraint k join pg_class f on f.oid = k.confrelid
                where k.conrelid = c.oid and k.contype = 'f' and k.confrelid <> c.oid) as parents
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where n.nspname = current_schema() and c.relkind = 'r' and c.relname <> '_cdp_migrations'
   order by c.relname`;

export function parentsFirst(tables: { name: string; parents: string[] }[]): string[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string, path: Set<string>) => {
    if (seen.has(name) || path.has(name)) return;
    path.add(name);
    for (const p of byName.get(name)?.parents ?? []) if (byName.has(p)) visit(p, path);
    seen.add(name);
    out.push(name);
  };
  for (const t of tables) visit(t.name, new Set());
  return out;
}
