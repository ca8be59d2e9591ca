// Loads the Tower Hamlets demo plan (the real `cdp demo` code) into a test database.
import type { Database } from '../../src/db/client.js';
import { loadDemoPlan } from '../../src/register/demo.js';

export async function loadDemo(db: Database, now: Date): Promise<{ partnershipId: string }> {
  const r = await loadDemoPlan(db, { now });
  if (!r.ok) throw new Error(`demo failed to load: ${r.error.message}`);
  return { partnershipId: r.value.partnershipId };
}
