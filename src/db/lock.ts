// One process per embedded database (PGlite allows one connection). `cdp start` holds the lock
// and serves a local admin socket so that other `cdp` commands run inside the server process;
// any other holder makes a second process stop with a clear message.
import fs from 'node:fs';
import path from 'node:path';

export interface LockInfo {
  pid: number;
  /** What the holder is doing, e.g. "cdp start" or "cdp import plan.csv". */
  command: string;
  startedAt: string;
  /** Unix socket of the running server's admin endpoint (only for `cdp start`). */
  socketPath?: string;
}

export type AcquireResult = { acquired: true; release: () => void; update: (info: Partial<LockInfo>) => void } | { acquired: false; holder: LockInfo };

export const lockPath = (dataDir: string) => path.join(dataDir, 'cdp.lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(dataDir: string): LockInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(lockPath(dataDir), 'utf8')) as LockInfo;
    return alive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

export function acquireLock(dataDir: string, command: string): AcquireResult {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 }); // private (db/permissions.ts)
  const file = lockPath(dataDir);
  for (let attempt = 0; attempt < 3; attempt++) {
    const info: LockInfo = { pid: process.pid, command, startedAt: new Date().toISOString() };
    try {
      fs.writeFileSync(file, JSON.stringify(info), { flag: 'wx', mode: 0o600 });
      let current = info;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const onDisk = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
          if (onDisk.pid === process.pid) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return {
        acquired: true,
        release,
        update(extra) {
          current = { ...current, ...extra };
          fs.writeFileSync(file, JSON.stringify(current), { mode: 0o600 });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readLock(dataDir);
      if (holder && holder.pid !== process.pid) return { acquired: false, holder };
      // Stale lock (holder died, e.g. kill -9): remove it and try again.
      try {
        fs.unlinkSync(file);
      } catch {
        /* raced with another process */
      }
    }
  }
  const holder = readLock(dataDir);
  return { acquired: false, holder: holder ?? { pid: -1, command: 'unknown', startedAt: '' } };
}
