// The signed-link page on the bot's HTTP server, driven in headless Chromium: one click sets a
// status (recorded "via email" in the history), a note is saved (and one with an NHS number is
// refused, keeping the text), the email's preselected status needs one click, keyboard only works,
// a phone-sized screen does not scroll sideways. Tampered, expired and revoked links get a 4xx page;
// a POST without the page's CSRF token, or over the per-link rate, changes nothing; GET never does.
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApi } from '../../src/core/api.js';
import { silentLogger } from '../../src/log/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { createWebRouter } from '../../src/web/router.js';
import { NOW, openHandlerFixture, type Fixture } from '../support/fixtures.js';
import type { TestDatabase } from '../support/db.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let db: TestDatabase;
let fx: Fixture;
let core: CoreApi;
let server: RunningServer;
let base: string;
let browser: Browser;
let now = NOW;

const history = (ref: string) =>
  db.prisma.statusUpdate.findMany({ where: { actionId: fx.actions[ref]! }, orderBy: { createdAt: 'asc' } });
const link = async (refs = ['TRS-07', 'TRS-01'], at = now) =>
  (await core.links.issue({ partnershipId: fx.partnership.id, personId: fx.people.alex, actionRefs: refs, contractRefs: [], now: at })).token;

beforeAll(async () => {
  ({ db, fx, core } = await openHandlerFixture());
  server = await startServer({
    port: 0, host: '127.0.0.1', logger: silentLogger(), ready: async () => true, banner: ['test'],
    web: createWebRouter({ core, logger: silentLogger(), clock: () => now }),
  });
  base = `http://127.0.0.1:${server.port}`;
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db?.drop();
});

describe('the link page in a browser', () => {
  it('shows the items, and one click on a status records it via email and shows the new state', async () => {
    const token = await link();
    const page = await browser.newPage();
    const before = (await history('TRS-07')).length;
    const res = await page.goto(`${base}/e/${token}`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['referrer-policy']).toBe('no-referrer');
    await page.reload(); // GET twice: nothing changes
    expect(await history('TRS-07')).toHaveLength(before);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Update your CDP items');
    const card = page.locator('#item-TRS-07');
    expect(await card.textContent()).toContain('At risk');
    await card.getByRole('button', { name: 'On track', exact: true }).click();
    await page.waitForLoadState();
    const status = page.getByRole('status');
    expect(await status.textContent()).toContain('Alex Wilber set TRS-07 to On track (was At risk)');
    expect(await page.locator('#item-TRS-07').textContent()).toContain('On track');
    const rows = await history('TRS-07');
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ via: 'email', personId: fx.people.alex, oldStatus: 'at_risk', newStatus: 'on_track' });
    await page.close();
  });

  it('saves a note; a note with an NHS number is refused, nothing stored, and the text kept in its box', async () => {
    const token = await link();
    const page = await browser.newPage();
    await page.goto(`${base}/e/${token}`);
    await page.getByLabel(/Note for TRS-01/).fill('Training booked for 14 January with the hostel managers');
    await page.locator('#item-TRS-01').getByRole('button', { name: 'Save note only' }).click();
    expect(await page.getByRole('status').textContent()).toContain('added a note to TRS-01');
    expect((await history('TRS-01')).at(-1)).toMatchObject({ via: 'email', note: 'Training booked for 14 January with the hostel managers' });

    const count = (await history('TRS-01')).length;
    const bad = 'Client John Smith NHS 943 476 5919 missed his appointment';
    await page.getByLabel(/Note for TRS-01/).fill(bad);
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('#item-TRS-01').getByRole('button', { name: 'Off track' }).click()]);
    expect(response.status()).toBe(422);
    expect(await page.getByRole('alert').textContent()).toMatch(/Not saved/);
    expect(await page.getByLabel(/Note for TRS-01/).inputValue()).toBe(bad);
    expect(await history('TRS-01')).toHaveLength(count);
    await page.close();
  });

  it('an email button preselects a status: the page asks for one click, and the keyboard alone can do it', async () => {
    const token = await link(['TRS-02']);
    const page = await browser.newPage();
    await page.goto(`${base}/e/${token}?ref=TRS-02&status=at_risk#item-TRS-02`);
    expect(await history('TRS-02')).toHaveLength(0);
    const confirm = page.getByRole('region', { name: 'Set TRS-02 to At risk?' });
    await confirm.getByLabel(/Note for TRS-02/).focus();
    await page.keyboard.type('Waiting for the venue');
    await page.keyboard.press('Tab'); // to the one button of the panel
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('At risk');
    await page.keyboard.press('Enter');
    await page.waitForLoadState();
    expect(await page.getByRole('status').textContent()).toContain('set TRS-02 to At risk');
    expect((await history('TRS-02')).at(-1)).toMatchObject({ via: 'email', newStatus: 'at_risk', note: 'Waiting for the venue' });
    await page.close();
  });

  it('a contract check-in link records a stage (and a note) in the contract history via email', async () => {
    const { token } = await core.links.issue({ partnershipId: fx.partnership.id, personId: fx.people.carl, actionRefs: [], contractRefs: ['C-01'], now });
    const page = await browser.newPage();
    await page.goto(`${base}/e/${token}`);
    const card = page.locator('#item-C-01');
    await card.getByLabel(/Note for C-01/).fill('Options paper to DMT in January');
    await card.getByRole('button', { name: 'Options appraisal' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('status').textContent()).toContain('Carl Jones set C-01 stage to Options appraisal');
    const rows = await db.prisma.contractUpdate.findMany({ where: { contractId: fx.contracts['C-01']! } });
    expect(rows.at(-1)).toMatchObject({ via: 'email', personId: fx.people.carl, newStage: 'options_appraisal', note: 'Options paper to DMT in January' });
    await page.close();
  });

  it('fits a phone screen without sideways scrolling, with 44 px buttons', async () => {
    const token = await link();
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
    await page.goto(`${base}/e/${token}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const box = await page.locator('#item-TRS-07').getByRole('button', { name: 'On track', exact: true }).boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    await page.close();
  });
});

describe('refusals change nothing', () => {
  it('a tampered link gets 403, an expired one 410, a revoked one 410 — each a readable page', async () => {
    const page = await browser.newPage();
    const token = await link();
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    let res = await page.goto(`${base}/e/${token.slice(0, -1)}${last}`);
    expect(res?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This link is not valid');
    // Another person's id or a later expiry in a genuine token breaks the signature too.
    const [id, exp, mac] = token.split('.');
    res = await page.goto(`${base}/e/${id}.${Number(exp) + 86_400}.${mac}`);
    expect(res?.status()).toBe(403);

    const old = await link(['TRS-07'], new Date(now.getTime() - 15 * 86_400_000));
    res = await page.goto(`${base}/e/${old}`);
    expect(res?.status()).toBe(410);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This link has expired');

    const revoked = await link();
    await db.prisma.signedLink.updateMany({ where: { id: revoked.split('.')[0] }, data: { revokedAt: now } });
    res = await page.goto(`${base}/e/${revoked}`);
    expect(res?.status()).toBe(410);
    expect(await page.textContent('body')).toContain('withdrawn');
    await page.close();
  });

  it('a POST without the page’s CSRF token (or from another browser) is refused with 403', async () => {
    const token = await link(['BSC-02'].concat('TRS-07'));
    const before = (await history('TRS-07')).length;
    const form = (extra: Record<string, string>) => new URLSearchParams({ ref: 'TRS-07', status: 'complete', ...extra }).toString();
    const post = (body: string, cookie?: string) =>
      fetch(`${base}/e/${token}`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) } });
    expect((await post(form({}))).status).toBe(403);
    // A real page's token, but sent without that browser's cookie (a cross-site form post).
    const page = await browser.newPage();
    await page.goto(`${base}/e/${token}`);
    const csrf = await page.locator('input[name=csrf]').first().inputValue();
    expect((await post(form({ csrf }))).status).toBe(403);
    expect((await post(form({ csrf }), 'cdp_csrf=someoneelsesnonce12345')).status).toBe(403);
    expect(await history('TRS-07')).toHaveLength(before);
    // Out of the link's scope: refused even with a valid token and CSRF.
    const cookies = await page.context().cookies();
    const cookie = `cdp_csrf=${cookies.find((c) => c.name === 'cdp_csrf')!.value}`;
    const out = await post(new URLSearchParams({ ref: 'TRS-01', status: 'complete', csrf }).toString(), cookie);
    expect(out.status).toBe(422);
    expect(await out.text()).toContain('not one of the items this link covers');
    expect((await db.prisma.action.findUniqueOrThrow({ where: { id: fx.actions['TRS-01']! } })).status).not.toBe('complete');
    await page.close();
  });

  it('each link is rate-limited: a burst of requests gets 429 with Retry-After', async () => {
    const token = await link();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await fetch(`${base}/e/${token}`)).status);
    expect(statuses.slice(0, 15).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(15).every((s) => s === 429)).toBe(true);
    const limited = await fetch(`${base}/e/${token}`);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another link is not affected.
    expect((await fetch(`${base}/e/${await link()}`)).status).toBe(200);
  });
});
