// The import limits are configuration (IMPORT_MAX_BYTES, IMPORT_MAX_XLSX_BYTES, IMPORT_MAX_ROWS):
// sizes as people write them, defaults when unset, a clear error naming the variable when wrong.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';

const MB = 1024 * 1024;

describe('import limits in the configuration', () => {
  it('default to 10 MB, 50 MB unpacked and 20,000 rows', () => {
    const c = loadConfig({});
    expect(c.ok && c.value.importLimits).toEqual({ maxBytes: 10 * MB, maxXlsxBytes: 50 * MB, maxRows: 20_000 });
  });

  it('read sizes as 20MB, 512kB or bytes', () => {
    const c = loadConfig({ IMPORT_MAX_BYTES: '20MB', IMPORT_MAX_XLSX_BYTES: '512kB', IMPORT_MAX_ROWS: '50000' });
    expect(c.ok && c.value.importLimits).toEqual({ maxBytes: 20 * MB, maxXlsxBytes: 512 * 1024, maxRows: 50_000 });
    const b = loadConfig({ IMPORT_MAX_BYTES: '123456' });
    expect(b.ok && b.value.importLimits.maxBytes).toBe(123_456);
  });

  it('refuse a size that is not one, naming the variable', () => {
    const c = loadConfig({ IMPORT_MAX_XLSX_BYTES: 'lots' });
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.error.variable).toBe('IMPORT_MAX_XLSX_BYTES');
    expect(c.error.message).toContain('must be a size such as 10MB');
  });
});
