// Child process for test/data-dir-permissions.test.ts: opens the embedded database in the
// DATA_DIR given as argv[2] (worker thread when argv[3] is "worker"), migrates it, writes a
// row and closes — run under `umask 000` by the test.
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';

const db = await openDatabase({ dataDir: process.argv[2]!, worker: process.argv[3] === 'worker' });
await migrate(db);
await db.prisma.partnership.create({ data: { name: `Permissions ${Date.now()}`, planYear: '2026-27' } });
await db.close();
