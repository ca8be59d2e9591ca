// PDF by printing the board pack's HTML with headless Chromium (playwright-core), A4 with the
// page's own @page margins and backgrounds (status colours). Where no Chromium is installed
// the caller gets a Result saying so and what to do instead; nothing is written.
import fs from 'node:fs';
import { domainError, err, ok, type Result } from '../../result.js';

/** Where Debian, Ubuntu and the usual images put Chromium or Chrome. */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function findChromium(candidates: readonly string[] = CHROMIUM_CANDIDATES): string | undefined {
  return candidates.find((p) => fs.existsSync(p));
}

const NO_PDF_HINT = 'Install Chromium (Debian/Ubuntu: apt-get install chromium), or make the HTML version and print it to PDF from any browser: cdp report board --format html --out board-pack.html';

export async function htmlToPdf(html: string, opts: { chromiumPath?: string; candidates?: readonly string[] } = {}): Promise<Result<Buffer>> {
  const candidates = opts.candidates ?? CHROMIUM_CANDIDATES;
  const executablePath = opts.chromiumPath ?? findChromium(candidates);
  if (!executablePath) return err(domainError('no_chromium', `A PDF needs Chromium, and none was found (looked in ${candidates.join(', ') || 'no places'}).`, NO_PDF_HINT));
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return err(domainError('no_playwright', 'A PDF needs the playwright-core package, which is not installed.', `npm install playwright-core; or: ${NO_PDF_HINT}`));
  }
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    // The page is self-contained: nothing is fetched.
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    return ok(Buffer.from(pdf));
  } catch (e) {
    return err(domainError('pdf_failed', `Chromium could not print the board pack: ${(e as Error).message}`, NO_PDF_HINT));
  } finally {
    await browser.close();
  }
}
