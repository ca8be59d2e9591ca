import net from 'node:net';
import { defineConfig } from 'vitest/config';

// Two projects: every test on embedded PGlite, and the database tests (*.db.test.ts) again on
// a real PostgreSQL at 127.0.0.1:5432. With CI=true PostgreSQL is required; elsewhere, when
// none answers, the postgres project is left out with a notice.
function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 1500 });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
    s.once('timeout', () => { s.destroy(); resolve(false); });
  });
}

export default defineConfig(async () => {
  const pgUp = await portOpen('127.0.0.1', 5432);
  const ci = process.env.CI === 'true';
  if (!pgUp && !ci) {
    process.stdout.write('\n[postgres] no PostgreSQL at 127.0.0.1:5432: PostgreSQL tests skipped here (they run in CI).\n\n');
  }
  const shared = { testTimeout: 30_000, hookTimeout: 60_000 };
  const projects = [
    { test: { ...shared, name: 'pglite', include: ['test/**/*.test.ts'], env: { CDP_TEST_DB: 'pglite' } } },
  ];
  if (pgUp || ci) {
    projects.push({ test: { ...shared, name: 'postgres', include: ['test/**/*.db.test.ts'], env: { CDP_TEST_DB: 'postgres' } } });
  }
  return { test: { ...shared, projects } };
});
