// The quick drills (test/drills, part of `npm test`) run here too, so the table has every drill:
// vitest over test/drills (verbose reporter), one row per drill file and database, with the
// "[drill …]" figures each drill prints and, for a failure, the first lines of what differed.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT, type DrillResult } from './support.js';

interface Group {
  describe: string;
  project: string;
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  figures: string[];
  why: string[];
}

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
    child.on('exit', () => resolve(parse(out, log)));
  });
}

function parse(out: string, log: (s: string) => void): DrillResult[] {
  const groups = new Map<string, Group>();
  let pending: string[] = [];
  const lines = out.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const fig = /^\[drill [^\]]+\] (\d.*)$/.exec(l);
    if (fig) {
      pending.push(fig[1]!.replace(/; first: \[$/, ''));
      continue;
    }
    const m = /^\s*([✓×↓])\s+\|(\w+)\|\s+test\/drills\/(\S+)\s+>\s+(.*?)(?:\s+\d+ms)?$/u.exec(l);
    if (!m) continue;
    const [, mark, project, file, title] = m;
    const describe = title!.split(' > ')[0]!.replace(/^drill: /, '');
    const key = `${file}|${project}`;
    const g = groups.get(key) ?? { describe, project: project!, file: file!, passed: 0, failed: 0, skipped: 0, figures: [], why: [] };
    groups.set(key, g);
    if (mark === '✓') g.passed++;
    else if (mark === '↓') g.skipped++;
    else {
      g.failed++;
      const arrow = lines[i + 1]?.trim();
      if (arrow?.startsWith('→')) g.why.push(arrow);
    }
    g.figures.push(...pending);
    pending = [];
  }
  // The "+ …" lines of each failure's diff (what was received).
  const failures = out.split(/\n(?= FAIL )/).slice(1);
  for (const f of failures) {
    const m = /^ FAIL\s+\|(\w+)\|\s+test\/drills\/(\S+)/.exec(f);
    const g = m && groups.get(`${m[2]}|${m[1]}`);
    if (!g) continue;
    const plus = f.split('\n').filter((l) => /^\+\s+\S/.test(l) && l.replace(/^\+\s+/, '').trim().length > 12).slice(0, 4).map((l) => l.replace(/^\+\s+/, '').slice(0, 200));
    g.why.push(...plus);
  }
  const results: DrillResult[] = [...groups.values()].map((g) => ({
    drill: `${g.describe} [${g.project}]`,
    result: g.failed ? 'FAIL' : g.passed ? 'PASS' : 'SKIP',
    figures: [`${g.passed}/${g.passed + g.failed + g.skipped} checks passed`, ...g.figures].join('; '),
    ...(g.failed ? { findings: g.why.length ? g.why : ['see `npx vitest run test/drills`'] } : {}),
  }));
  if (!results.length) results.push({ drill: 'quick drills (vitest test/drills)', result: 'FAIL', figures: 'no test results', findings: [out.slice(-1500)] });
  log(`  ${results.length} quick drill groups`);
  return results;
}
