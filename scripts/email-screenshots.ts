// Email reach, end to end, with screenshots (npm run screenshots:email):
//  1. a local SMTP server (smtp-server, with SMTP AUTH) on 127.0.0.1:SMTP_PORT;
//  2. `cdp start` (the real CLI, embedded database with the demo plan in a fresh DATA_DIR) with
//     SMTP_URL pointing at it;
//  3. `cdp run reminders --at <next working day 09:30>` (forwarded to the running bot): people no
//     chat reaches get their reminder by email;
//  4. Alex Wilber's email (or the first one sent) is parsed (mailparser), its HTML part rendered in headless Chromium,
//     its link opened: the page, then one click on "On track", then the same at phone width;
//  5. `cdp chat --as <that person>` shows the action's history says "via email".
// Screenshots: build/email-screenshots/{1-email.png, 2-email-phone.png, 3-page.png,
// 4-page-after-click.png, 5-page-phone.png}. Needs Chromium (/usr/bin/chromium or CHROMIUM_PATH).
// Ports: --port 41700 (bot) and --smtp-port 41701 by default.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { isWorkingDay, addDays } from '../src/calendar/working-days.js';
import { startSmtp } from '../test/support/smtp.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const PORT = Number(arg('port', '41700'));
const SMTP_PORT = Number(arg('smtp-port', '41701'));
const OUT = path.resolve(arg('out', 'build/email-screenshots'));
const DATA_DIR = path.resolve('tmp/email-screenshots-data');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Whose email to show: Alex Wilber's if it is among the first sent (a relay's pacing may defer some). */
const PREFERRED = 'alexw@example.com';

function nextWorkingDay(): string {
  let d = new Date().toISOString().slice(0, 10);
  do d = addDays(d, 1);
  while (!isWorkingDay(d));
  return d;
}

function cdp(args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/cdp.js', ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.stdin.end(stdin ?? '');
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`cdp ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

async function waitFor<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const smtp = await startSmtp({ port: SMTP_PORT });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: process.env.HOME,
    PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR, LOG_LEVEL: 'warn',
    SMTP_URL: smtp.url, MAIL_FROM: 'CDP bot <cdp-bot@council.example>', PUBLIC_URL: `http://127.0.0.1:${PORT}`,
  };
  let bot: ChildProcess | undefined;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    bot = spawn(process.execPath, ['bin/cdp.js', 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let banner = '';
    bot.stdout!.on('data', (c: Buffer) => (banner += c.toString()));
    bot.stderr!.on('data', (c: Buffer) => (banner += c.toString()));
    await waitFor('the bot to listen', () => (/listening on/.test(banner) ? true : undefined), 120_000);
    console.log(banner.split('\n').filter((l) => /listening|Email|local mode/.test(l)).join('\n'));

    const at = `${nextWorkingDay()}T09:30`;
    console.log(await cdp(['run', 'reminders', '--at', at], env));
    await waitFor('the first emails', () => (smtp.received.length ? true : undefined));
    const received = smtp.received.find((r) => r.to.includes(PREFERRED)) ?? smtp.received[0]!;
    const person = received.to[0]!;
    console.log(`${smtp.received.length} emails received by the SMTP server; ${person}: "${received.mail.subject}"`);
    const link = /http:\/\/127\.0\.0\.1:\d+\/e\/[A-Za-z0-9_.-]+/.exec(received.mail.text ?? '')?.[0];
    if (!link) throw new Error('no link in the email text');
    fs.writeFileSync(path.join(OUT, 'email.html'), String(received.mail.html));
    fs.writeFileSync(path.join(OUT, 'email.txt'), received.mail.text ?? '');

    const shot = async (name: string, viewport: { width: number; height: number }, go: (p: import('playwright-core').Page) => Promise<unknown>) => {
      const page = await browser.newPage({ viewport });
      await go(page);
      await page.screenshot({ path: path.join(OUT, name), fullPage: true });
      return page;
    };
    (await shot('1-email.png', { width: 760, height: 900 }, (p) => p.setContent(String(received.mail.html)))).close();
    (await shot('2-email-phone.png', { width: 375, height: 800 }, (p) => p.setContent(String(received.mail.html)))).close();
    const page = await shot('3-page.png', { width: 1000, height: 900 }, (p) => p.goto(link));
    const first = page.locator('section.card').first();
    const ref = (await first.getAttribute('id'))!.replace(/^item-/, '');
    await first.getByRole('button', { name: 'On track', exact: true }).click();
    await page.waitForLoadState();
    const saved = await page.getByRole('status').textContent();
    console.log(`one click on "On track" for ${ref}: ${saved?.replace(/\s+/g, ' ').trim()}`);
    await page.screenshot({ path: path.join(OUT, '4-page-after-click.png'), fullPage: true });
    (await shot('5-page-phone.png', { width: 375, height: 800 }, (p) => p.goto(link))).close();

    const show = await cdp(['chat', '--as', person], env, `show ${ref}\n`);
    const via = show.split('\n').find((l) => /via email/.test(l));
    if (!via) throw new Error(`the history of ${ref} does not show the update via email:\n${show}`);
    console.log(`history of ${ref}: ${via.trim()}`);
    console.log(`screenshots in ${OUT}: ${fs.readdirSync(OUT).filter((f) => f.endsWith('.png')).join(', ')}`);
  } finally {
    await browser.close();
    if (bot && bot.exitCode === null) {
      const exited = new Promise((r) => bot!.once('exit', r));
      bot.kill('SIGTERM');
      await exited;
    }
    await smtp.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
