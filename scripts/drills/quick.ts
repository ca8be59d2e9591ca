// The quick drills (test/drills, part of `npm test`) run here too, so the table has every drill:
// vitest over test/drills, each drill's "[drill …]" figures line collected.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT, type DrillResult } from './support.js';

export function quickDrills(log: (s: string) => void): Promise<DrillResult[]> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'test/drills', '--reporter=verbose'], {
      cwd: ROOT,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', () => {
      const results: DrillResult[] = [];
      // verbose lines: " ✓ |pglite| test/drills/x.db.test.ts > describe > it 123ms"
      const re = /^\s*([✓×↓])\s+\|(\w+)\|\s+test\/drills\/(\S+)\s+>\s+(.*?)(?:\s+\d+ms)?$/gmu;
      for (const m of out.matchAll(re)) {
        const [, mark, project, file, name] = m;
        const figures = figuresFor(out, file!, project!);
        results.push({
          drill: `${name!.replace(/^drill: /, '')} [${project}]`,
          result: mark === '✓' ? 'PASS' : mark === '×' ? 'FAIL' : 'SKIP',
          figures: figures || file!,
        });
      }
      if (!results.length) results.push({ drill: 'quick drills (vitest test/drills)', result: 'FAIL', figures: 'no test results', findings: [out.slice(-2000)] });
      for (const r of results.filter((x) => x.result === 'FAIL')) r.findings = [failureOf(out, r.drill)];
      log(`  ${results.length} quick drill results`);
      resolve(results);
    });
  });
}

/** The "[drill …]" lines vitest printed for a file (stdout of tests is echoed with the file name). */
function figuresFor(out: string, file: string, project: string): string {
  const blocks = out.split(/\n(?=stdout \|)/);
  const lines: string[] = [];
  for (const b of blocks) {
    if (!b.startsWith('stdout |') || !b.includes(file) || !b.includes(`|${project}|`)) continue;
    for (const l of b.split('\n')) if (/^\[drill [^\]]+\] \d/.test(l)) lines.push(l.replace(/^\[drill [^\]]+\] /, ''));
  }
  return lines.join('; ');
}

function failureOf(out: string, drill: string): string {
  const name = drill.replace(/ \[\w+\]$/, '');
  const at = out.indexOf(`FAIL`, out.indexOf(name));
  const chunk = at >= 0 ? out.slice(at, at + 600) : '';
  return chunk.split('\n').filter((l) => /Error|expected|\+ /.test(l)).slice(0, 4).join(' / ') || 'see vitest output';
}
