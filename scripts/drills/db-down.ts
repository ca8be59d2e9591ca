import type { DrillResult } from './support.js';
export async function dbDown(_log: (s: string) => void): Promise<DrillResult> {
  return { drill: 'db-down', result: 'SKIP', figures: 'not written yet' };
}
