// Regenerates the board pack's screenshots with one command:  npm run report:screenshots
// Loads the demo plan into an in-memory database as of a fixed day, makes the board pack as
// HTML and PDF, opens the HTML in headless Chromium at A4 width and writes to tmp/screenshots/:
//   board-pack-page1.png   page 1 as a board member first sees it (A4 at 96 dpi)
//   board-pack-full.png    the whole pack, every section
//   board-pack.html        the self-contained page
//   board-pack.pdf         the same printed by Chromium
//   board-pack.xlsx        the workbook
// and prints what it measured (overflow at A4 width, console errors, requests).
import fs from 'node:fs/promises';
import path from 'node:path';
import { openDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { loadDemoPlan } from '../src/register/demo.js';
import { makeBoardReport, type BoardFormat } from '../src/report/board/index.js';
import { inspectHtml } from '../test/support/html-page.js';

const NOW = new Date(process.argv[2] ?? '2027-01-11T09:30:00Z');
const OUT = path.resolve('tmp/screenshots');

async function main(): Promise<void> {
  const db = await openDatabase({ memory: true });
  try {
    await migrate(db);
    const demo = await loadDemoPlan(db, { now: NOW });
    if (!demo.ok) throw new Error(demo.error.message);
    await fs.mkdir(OUT, { recursive: true });
    const made: Partial<Record<BoardFormat, Buffer>> = {};
    for (const format of ['xlsx', 'html', 'pdf'] as const) {
      const r = await makeBoardReport(db.prisma, { partnershipId: demo.value.partnershipId, now: NOW, format });
      if (!r.ok) { process.stdout.write(`${format}: ${r.error.message}\n`); continue; }
      made[format] = r.value.bytes;
      await fs.writeFile(path.join(OUT, `board-pack.${format}`), r.value.bytes);
    }
    if (!made.html) throw new Error('no HTML');
    const seen = await inspectHtml(made.html.toString('utf8'), { screenshotDir: OUT, name: 'board-pack' });
    process.stdout.write([
      `as of ${NOW.toISOString()}: wrote ${Object.keys(made).map((f) => `board-pack.${f}`).join(', ')} and ${seen.screenshots.map((s) => path.basename(s)).join(', ')} to ${OUT}`,
      `horizontal overflow at A4 width: screen ${seen.overflowScreen}px, print ${seen.overflowPrint}px${seen.wideElements.length ? ` (${seen.wideElements.join('; ')})` : ''}`,
      `console errors: ${seen.consoleErrors.length}; requests: ${seen.requests.length}; SVG charts: ${seen.svgCount}`,
    ].join('\n') + '\n');
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
