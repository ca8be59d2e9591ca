// Prisma CLI configuration. With a JS driver adapter the CLI uses the WebAssembly schema
// engine shipped in the package and downloads nothing (see ../shared/ENVIRONMENT.md).
// The CLI is only used for `prisma generate` and `prisma migrate diff`; migrations are
// applied by the app's own runner (src/db/migrate.ts).
import path from 'node:path';
import type { PrismaConfig } from 'prisma';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';

export default {
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  async adapter() {
    // The adapter is typed against an older @prisma/driver-adapter-utils; the runtime contract is the same.
    return new PrismaPGlite(new PGlite()) as never;
  },
} satisfies PrismaConfig;
