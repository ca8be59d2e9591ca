// Messages between the import worker (worker.ts) and the bot (read-off-thread.ts).
import type { DomainError } from '../../result.js';
import type { ImportLimits } from './limits.js';
import type { SourceRow } from './read-table.js';
import type { Problem } from './types.js';

export interface WorkerInput {
  files: string[];
  limits: ImportLimits;
  /** ISO instant: "today" for the date-of-birth rule. */
  now: string;
}

export type ToParent =
  | { type: 'sheet'; source: string; sheetName?: string }
  | { type: 'rows'; rows: SourceRow[] }
  | { type: 'done' }
  | { type: 'failed'; error: DomainError & { problems?: Problem[] } }
  | { type: 'crashed'; message: string };
