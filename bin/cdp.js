#!/usr/bin/env node
// The `cdp` command. Runs the TypeScript sources through tsx, so a clean clone needs no build.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
