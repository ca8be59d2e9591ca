// File names and files the bot writes on a user's say-so (`cdp export --out`).
import fs from 'node:fs/promises';
import { constants } from 'node:fs';

// C0 and C1 control characters, DEL, bidi controls: never echoed raw (a name could move the
// cursor, recolour the terminal or reorder what is shown).
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** A path as shown in messages: control characters written as \u001b, never raw. */
export const displayPath = (p: string): string => p.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export class SymlinkRefused extends Error {
  constructor(readonly file: string) {
    super(`${displayPath(file)} is a symbolic link: not written through it (it could overwrite another file). Give the path of a plain file, or remove the link.`);
  }
}

/**
 * Writes `data` to `file`, creating or replacing a plain file, never through a symbolic link
 * (checked with lstat, and O_NOFOLLOW closes the gap between the check and the write).
 */
export async function writeFileNoFollow(file: string, data: string | Buffer): Promise<void> {
  const st = await fs.lstat(file).catch(() => undefined);
  if (st?.isSymbolicLink()) throw new SymlinkRefused(file);
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw new SymlinkRefused(file);
    throw e;
  }
  try {
    await fh.writeFile(data);
  } finally {
    await fh.close();
  }
}
