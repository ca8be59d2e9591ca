// Opens an HTML page in headless Chromium (playwright-core, /usr/bin/chromium) at A4 width and
// reports what a reader would notice: console errors, failed requests, horizontal overflow at
// A4 width on screen and in print; optionally screenshots page 1 and the whole page.
import fs from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../src/report/board/pdf.js';

/** A4 at 96 dpi: 210 mm × 297 mm. */
export const A4_PX = { width: 794, height: 1123 };

export interface PageInspection {
  consoleErrors: string[];
  requests: string[];
  /** scrollWidth − clientWidth of the document, screen and print media (0 = no overflow). */
  overflowScreen: number;
  overflowPrint: number;
  /** Elements wider than the page, e.g. "table.wide 820px". */
  wideElements: string[];
  svgCount: number;
  screenshots: string[];
}

export const chromiumPath = () => findChromium();

export async function inspectHtml(html: string, opts: { screenshotDir?: string; name?: string } = {}): Promise<PageInspection> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium found (apt-get install chromium)');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: A4_PX });
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('request', (r) => { if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url()); });
    await page.setContent(html, { waitUntil: 'load' });
    const measure = () => page.evaluate(() => {
      const doc = document.documentElement;
      const limit = doc.clientWidth;
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > limit + 1)
        .slice(0, 10)
        .map((el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className}` : ''} ${Math.round(el.getBoundingClientRect().right)}px`);
      return { overflow: doc.scrollWidth - doc.clientWidth, wide, svgs: document.querySelectorAll('svg').length };
    });
    const screen = await measure();
    const screenshots: string[] = [];
    if (opts.screenshotDir) {
      await fs.mkdir(opts.screenshotDir, { recursive: true });
      const base = path.join(opts.screenshotDir, opts.name ?? 'page');
      await page.screenshot({ path: `${base}-page1.png`, clip: { x: 0, y: 0, ...A4_PX } });
      await page.screenshot({ path: `${base}-full.png`, fullPage: true });
      screenshots.push(`${base}-page1.png`, `${base}-full.png`);
    }
    await page.emulateMedia({ media: 'print' });
    // Print width: A4 less the @page side margins (12 mm each) ≈ 703 px.
    await page.setViewportSize({ width: 703, height: A4_PX.height });
    const print = await measure();
    return {
      consoleErrors, requests, overflowScreen: screen.overflow, overflowPrint: print.overflow,
      wideElements: [...screen.wide, ...print.wide], svgCount: screen.svgs, screenshots,
    };
  } finally {
    await browser.close();
  }
}
