#!/usr/bin/env node
// The `cdp` command. Runs the compiled JavaScript in dist/ (built by `npm install`; rebuilt here
// first when a source file is newer, which takes about a second), so no TypeScript compiler is
// loaded at run time. CDP_RUN_TS=1 runs the TypeScript sources through tsx instead.
if (process.env.CDP_RUN_TS === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
} else {
  const { build, isStale } = await import('../scripts/build.mjs');
  if (isStale()) await build({ quiet: true });
  await import('../dist/src/cli/main.js');
}
