import type { DrillResult } from './support.js';
export async function twoBotsForAWeek(_log: (s: string) => void): Promise<DrillResult> {
  return { drill: 'two-bots', result: 'SKIP', figures: 'not written yet' };
}
