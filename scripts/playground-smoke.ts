// Drives the real Microsoft 365 Agents Playground (a Teams client that runs offline) against a
// running cdp-bot: types a command in the personal chat, waits for the card, presses a status
// button, waits for the card to update, and reports the round-trip times. Screenshots go to
// build/playground/.
//
// Usage (bot already running with no Microsoft credentials, e.g. `npm start` after `npx cdp demo`):
//   node bin/run-ts.js scripts/playground-smoke.ts [--bot http://127.0.0.1:3978/api/messages]
//        [--port 56150] [--command mine] [--button "On track"] [--then-run "npx cdp run reminders"]
//
// Needs Chromium (Debian: apt-get install -y chromium → /usr/bin/chromium, or CHROMIUM_PATH).
// The Playground is started here unless something already listens on --port; it is stopped
// with SIGINT afterwards (it ignores SIGTERM). Its UI API is undocumented: pinned to 0.2.28.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';

interface Options {
  bot: string;
  port: number;
  command: string;
  button: string;
  thenRun?: string;
  shots: string;
  timeoutMs: number;
}

function parseArgs(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    bot: get('bot') ?? 'http://127.0.0.1:3978/api/messages',
    port: Number(get('port') ?? 56150),
    command: get('command') ?? 'mine',
    button: get('button') ?? 'On track',
    ...(get('then-run') ? { thenRun: get('then-run')! } : {}),
    shots: path.resolve(get('screenshots') ?? 'build/playground'),
    timeoutMs: Number(get('timeout') ?? 20_000),
  };
}

const listening = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host, port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

async function startPlayground(o: Options): Promise<ChildProcess | undefined> {
  if (await listening('127.0.0.1', o.port)) {
    log(`Agents Playground already listening on ${o.port}: using it`);
    return undefined;
  }
  const require = createRequire(import.meta.url);
  const cli = path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
  const child = spawn(process.execPath, [cli, '-e', o.bot, '-c', 'msteams', '--dt', '-p', String(o.port)], {
    env: { ...process.env, APPLICATION_INSIGHTS_NO_STATSBEAT: 'true', TEAMSAPPTESTER_BROWSER: 'none' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the Agents Playground did not start within 30 s')), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('Listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`the Agents Playground exited (${code})`)));
  });
  log(`Agents Playground started on http://127.0.0.1:${o.port} (pid ${child.pid}) → bot ${o.bot}`);
  return child;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function count(page: Page, locator: ReturnType<Page['getByRole']> | ReturnType<Page['getByText']>): Promise<number> {
  await page.waitForTimeout(0);
  return locator.count();
}

/** Waits until `locator` matches more elements than `before`; returns the elapsed ms. */
async function waitForMore(page: Page, locator: ReturnType<Page['getByText']>, before: number, timeoutMs: number, what: string): Promise<number> {
  const t0 = performance.now();
  while ((await locator.count()) <= before) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await page.waitForTimeout(25);
  }
  return Math.round(performance.now() - t0);
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const botUrl = new URL(o.bot);
  if (!(await listening(botUrl.hostname, Number(botUrl.port || 80)))) {
    throw new Error(`no bot answers at ${o.bot}: start it first (npx cdp demo && npm start, with no MICROSOFT_APP_ID set)`);
  }
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  fs.mkdirSync(o.shots, { recursive: true });

  const playground = await startPlayground(o);
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const results: Record<string, number> = {};
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(`http://127.0.0.1:${o.port}/`, { waitUntil: 'networkidle' });
    const box = page.getByRole('textbox').first();
    await box.waitFor({ timeout: o.timeoutMs });
    const buttons = page.getByRole('button', { name: o.button, exact: true });
    // The pressed card comes back with the line saying who changed what ("Alex Wilber set TRS-07 to On track …").
    const updated = page.getByText(/ set [A-Z]+-\d+ to /);

    // 1. The command and its card.
    const before = await count(page, buttons);
    await box.click();
    await box.pressSequentially(o.command);
    await page.keyboard.press('Enter');
    results[`"${o.command}" → card with "${o.button}"`] = await waitForMore(page, buttons, before, o.timeoutMs, `a card with a "${o.button}" button`);
    await page.screenshot({ path: path.join(o.shots, '1-command.png') });

    // 2. Press the button; the card is replaced with the updated state.
    const updatedBefore = await updated.count();
    await buttons.last().click();
    results[`"${o.button}" pressed → card updated`] = await waitForMore(page, updated, updatedBefore, o.timeoutMs, 'the updated card ("… set REF to …")');
    await page.screenshot({ path: path.join(o.shots, '2-updated.png') });

    // 3. Optionally a proactive message (e.g. a reminder run) appears in the chat.
    if (o.thenRun) {
      const messagesBefore = await page.getByText(/Test Bot|cdp-bot/).count();
      const t0 = performance.now();
      await new Promise<void>((resolve, reject) => {
        const c = spawn(o.thenRun!, { shell: true, stdio: 'inherit' });
        c.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`"${o.thenRun}" exited with ${code}`))));
      });
      await waitForMore(page, page.getByText(/Test Bot|cdp-bot/), messagesBefore, o.timeoutMs, 'a proactive message in the chat');
      results[`"${o.thenRun}" → message in the chat`] = Math.round(performance.now() - t0);
      await page.screenshot({ path: path.join(o.shots, '3-proactive.png') });
    }
  } finally {
    await browser.close();
    if (playground?.pid) {
      process.kill(playground.pid, 'SIGINT');
      await new Promise((resolve) => playground.once('exit', resolve));
    }
  }
  log('\nRound trips through the Microsoft 365 Agents Playground (ms):');
  for (const [what, ms] of Object.entries(results)) log(`  ${String(ms).padStart(6)}  ${what}`);
  log(`Screenshots: ${path.relative(process.cwd(), o.shots)}/`);
}

main().catch((error: unknown) => {
  process.stderr.write(`playground-smoke failed: ${(error as Error).message}\n`);
  process.exit(1);
});
