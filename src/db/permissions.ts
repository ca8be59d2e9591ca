// The embedded database's files are private (SPEC §10 "Trust boundaries"): DATA_DIR is 0700
// and everything in it 0700 (folders) or 0600 (files), whatever the umask the bot was started
// with. At start the whole tree is checked and fixed; the process umask is set to 077 so the
// files PGlite creates later (new tables, WAL segments) are private too. When something cannot
// be fixed (owned by another user, read-only mount) the bot refuses to start and says how to fix it.
import fs from 'node:fs';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

export class DataDirNotPrivate extends Error {
  readonly exitCode = 1;
  constructor(readonly dataDir: string, readonly problems: string[]) {
    super(
      `DATA_DIR ${dataDir} must be private to this user (folders 0700, files 0600) and could not be made so:\n` +
        `${problems.slice(0, 10).map((p) => `  ${p}`).join('\n')}${problems.length > 10 ? `\n  … and ${problems.length - 10} more` : ''}\n` +
        `Fix it as the owner of the files, then start again:  chown -R "$(id -u)" '${dataDir}' && chmod -R go-rwx '${dataDir}'`,
    );
  }
}

export interface PrivateTreeReport {
  /** Paths whose mode was changed. */
  fixed: number;
  checked: number;
}

type Chmod = (p: string, mode: number) => void;

/**
 * Makes `dir` (created when missing) and everything under it private; throws DataDirNotPrivate
 * listing what could not be fixed. Symbolic links are not followed.
 */
export function makePrivate(dir: string, chmod: Chmod = fs.chmodSync): PrivateTreeReport {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const report: PrivateTreeReport = { fixed: 0, checked: 0 };
  const problems: string[] = [];
  const fix = (p: string, st: fs.Stats, want: number) => {
    report.checked++;
    if ((st.mode & 0o777) === want) return;
    try {
      chmod(p, want);
      report.fixed++;
    } catch (e) {
      problems.push(`${p}: mode ${(st.mode & 0o777).toString(8)}, owner uid ${st.uid}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  };
  const walk = (p: string) => {
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink()) return;
    if (st.isDirectory()) {
      fix(p, st, 0o700);
      for (const name of fs.readdirSync(p)) walk(path.join(p, name));
    } else {
      fix(p, st, 0o600);
    }
  };
  walk(dir);
  if (problems.length > 0) throw new DataDirNotPrivate(dir, problems);
  return report;
}

/** New files of this process are private from now on (umask 077). Not possible on a worker thread: the tree is re-checked instead. */
export function privateUmask(): void {
  if (!isMainThread) return;
  process.umask(0o077);
}
