// How large an XLSX workbook (a zip file) is once unpacked, read from its central directory
// without inflating anything: the defence against a small file that unpacks to gigabytes. A
// workbook whose directory cannot be read this way (ZIP64, truncated) is refused by the
// caller as not a valid workbook rather than opened.

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

export type ZipSize = { ok: true; unpacked: number; entries: number } | { ok: false; reason: string };

export function unpackedZipSize(bytes: Buffer): ZipSize {
  // The end-of-central-directory record: 22 bytes plus a comment of up to 65,535.
  const from = Math.max(0, bytes.length - 22 - 65_535);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= from; i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: 'its zip directory is missing (the file is cut short or not a zip)' };
  const entries = bytes.readUInt16LE(eocd + 10);
  const dirSize = bytes.readUInt32LE(eocd + 12);
  const dirOffset = bytes.readUInt32LE(eocd + 16);
  if (entries === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    return { ok: false, reason: 'it is a ZIP64 archive, which a spreadsheet never needs' };
  }
  if (dirOffset + dirSize > bytes.length) return { ok: false, reason: 'its zip directory points outside the file' };
  let unpacked = 0;
  let p = dirOffset;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== CENTRAL) return { ok: false, reason: 'its zip directory is damaged' };
    const size = bytes.readUInt32LE(p + 24);
    if (size === 0xffffffff) return { ok: false, reason: 'it is a ZIP64 archive, which a spreadsheet never needs' };
    unpacked += size;
    p += 46 + bytes.readUInt16LE(p + 28) + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  return { ok: true, unpacked, entries };
}
