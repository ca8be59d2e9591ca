// Email configuration (SMTP_URL, MAIL_FROM, PUBLIC_URL, LINK_SECRET), local-mode .eml files,
// rendering (escaping, links per button), SMTP reply classification and link tokens.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { classifySmtpError } from '../../adapters/email/failures.js';
import { buttonUrl, renderEmail } from '../../adapters/email/render.js';
import { fileTransport } from '../../adapters/email/transport.js';
import { describeConfig, loadConfig } from '../../src/config/config.js';
import { csrfMatches, csrfToken, parseToken, signLink, tokenMatches } from '../../src/links/token.js';
import { statusButtons } from '../../src/message/buttons.js';

const SLACK = { SLACK_SIGNING_SECRET: 'x', SLACK_BOT_TOKEN: 'xoxb-1' };

describe('email configuration', () => {
  it('local mode without SMTP_URL writes mail to files; links default to the local server', () => {
    const c = loadConfig({}, '/srv');
    expect(c.ok && c.value.email).toEqual({ from: 'CDP bot <cdp-bot@localhost>' });
    expect(c.ok && describeConfig(c.value).email).toMatchObject({ smtp: 'files in /srv/data/mail' });
  });

  it('with chat credentials and no SMTP_URL, email is off', () => {
    const c = loadConfig({ ...SLACK });
    expect(c.ok && c.value.email).toBeUndefined();
  });

  it('SMTP_URL outside local mode needs MAIL_FROM and PUBLIC_URL, each refusal naming the variable', () => {
    const base = { ...SLACK, SMTP_URL: 'smtp://bot:pw@relay.council.gov.uk:587' };
    expect(loadConfig(base)).toMatchObject({ ok: false, error: { variable: 'MAIL_FROM' } });
    expect(loadConfig({ ...base, MAIL_FROM: 'cdp@council.gov.uk' })).toMatchObject({ ok: false, error: { variable: 'PUBLIC_URL' } });
    const c = loadConfig({ ...base, MAIL_FROM: 'cdp@council.gov.uk', PUBLIC_URL: 'https://cdp.council.gov.uk/' });
    expect(c.ok && c.value.email).toEqual({ smtpUrl: base.SMTP_URL, from: 'cdp@council.gov.uk', publicUrl: 'https://cdp.council.gov.uk' });
    expect(c.ok && JSON.stringify(describeConfig(c.value))).not.toContain(':pw@');
  });

  it('refuses a wrong scheme, a bad PUBLIC_URL and a short LINK_SECRET with what would be accepted', () => {
    expect(loadConfig({ SMTP_URL: 'http://relay:25' })).toMatchObject({ ok: false, error: { variable: 'SMTP_URL', message: expect.stringContaining('smtp://') } });
    expect(loadConfig({ PUBLIC_URL: 'cdp.council.gov.uk' })).toMatchObject({ ok: false, error: { variable: 'PUBLIC_URL' } });
    expect(loadConfig({ LINK_SECRET: 'short' })).toMatchObject({ ok: false, error: { variable: 'LINK_SECRET', message: expect.stringContaining('32') } });
    expect(loadConfig({ LINK_SECRET: 'k'.repeat(32) })).toMatchObject({ ok: true, value: { linkSecret: 'k'.repeat(32) } });
  });
});

describe('rendering and sending an email', () => {
  const link = { url: 'https://cdp.example/e/abc.123.def', expiresAt: new Date('2026-12-06T09:30:00Z') };
  const msg = {
    summary: 'CDP Monday 23 November: 1 action needs an update',
    blocks: [
      { type: 'heading' as const, text: 'Your CDP actions' },
      { type: 'item' as const, ref: 'TRS-07', title: '<script>alert(1)</script> & "pathway"', status: 'off_track' as const, lines: ['Due 1 Dec 2026'], buttons: statusButtons('TRS-07') },
      { type: 'context' as const, text: 'Reply with e.g. `TRS-07 on track` (in Slack, in this message\'s thread), or use the buttons.' },
    ],
  };

  it('escapes user text, links each button to the page with its choice, and leaves out chat-only hints', () => {
    const r = renderEmail(msg, { recipientName: 'Alex <Wilber>', link, partnershipName: 'Testshire CDP' });
    expect(r.html).not.toContain('<script>');
    expect(r.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;pathway&quot;');
    expect(r.html).toContain('Hello Alex &lt;Wilber&gt;');
    expect(r.html).toContain('background:#b10e1e'); // off track red chip
    expect(buttonUrl(link, { kind: 'set_status', ref: 'TRS-07', status: 'complete' })).toBe('https://cdp.example/e/abc.123.def?ref=TRS-07&status=complete#item-TRS-07');
    expect(r.html).toContain('href="https://cdp.example/e/abc.123.def?ref=TRS-07&amp;status=on_track#item-TRS-07"');
    expect(r.text).toContain('https://cdp.example/e/abc.123.def');
    expect(r.text).not.toMatch(/\[On track\]|thread/);
    expect(r.subject).toBe(msg.summary);
  });

  it('local mode writes a private .eml file a mail client can open', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-mail-'));
    const t = fileTransport(path.join(dir, 'mail'), () => new Date('2026-11-23T09:30:00Z'));
    const r = renderEmail(msg, { recipientName: 'Alex', link });
    const sent = await t.send({ from: 'cdp@localhost', to: { name: 'Alex', address: 'alexw@example.com' }, ...r });
    expect(sent.file).toMatch(/mail\/2026-11-23T09-30-00-000Z-001-alexw_example_com\.eml$/);
    expect(fs.statSync(sent.file!).mode & 0o777).toBe(0o600);
    const parsed = await simpleParser(fs.readFileSync(sent.file!));
    expect(parsed.subject).toBe(msg.summary);
    expect(parsed.text).toContain(link.url);
    expect(String(parsed.html)).toContain('TRS-07');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('classifies SMTP replies: 4xx transient, 5xx to the recipient unreachable, login and sender refusals transient', () => {
    expect(classifySmtpError({ code: 'EENVELOPE', responseCode: 451, response: '451 4.3.0 try later', command: 'RCPT TO' }, 'a@x.uk').kind).toBe('transient');
    expect(classifySmtpError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 no such user', command: 'RCPT TO' }, 'a@x.uk')).toMatchObject({ kind: 'unreachable', detail: expect.stringContaining('a@x.uk') });
    expect(classifySmtpError({ code: 'EMESSAGE', responseCode: 554, response: '554 rejected', command: 'DATA' }, 'a@x.uk').kind).toBe('unreachable');
    expect(classifySmtpError({ code: 'EAUTH', responseCode: 535, response: '535 bad login', command: 'AUTH PLAIN' }, 'a@x.uk')).toMatchObject({ kind: 'transient', detail: expect.stringContaining('SMTP_URL') });
    expect(classifySmtpError({ code: 'EENVELOPE', responseCode: 550, response: '550 not allowed', command: 'MAIL FROM' }, 'a@x.uk')).toMatchObject({ kind: 'transient', detail: expect.stringContaining('MAIL_FROM') });
    expect(classifySmtpError({ code: 'ECONNECTION', message: 'connect ECONNREFUSED' }, 'a@x.uk').kind).toBe('transient');
  });
});

describe('link tokens', () => {
  const scope = { id: 'AbCdEfGhIjKlMnOpQrStUv', partnershipId: 'p1', personId: 'alex', actionRefs: ['TRS-07', 'TRS-01'], contractRefs: [], expiresAt: new Date('2026-12-07T09:30:00Z') };
  it('match only the secret, person, refs and expiry they were signed for', () => {
    const token = signLink('s'.repeat(32), scope);
    const parsed = parseToken(token)!;
    expect(tokenMatches('s'.repeat(32), parsed, scope)).toBe(true);
    expect(tokenMatches('t'.repeat(32), parsed, scope)).toBe(false);
    expect(tokenMatches('s'.repeat(32), parsed, { ...scope, personId: 'priya' })).toBe(false);
    expect(tokenMatches('s'.repeat(32), parsed, { ...scope, actionRefs: ['TRS-07', 'TRS-01', 'BSC-02'] })).toBe(false);
    expect(tokenMatches('s'.repeat(32), parsed, { ...scope, expiresAt: new Date('2026-12-08T09:30:00Z') })).toBe(false);
    expect(parseToken(`${token}x`)).toBeUndefined();
    expect(parseToken('../../etc/passwd')).toBeUndefined();
  });
  it('CSRF tokens are bound to the link and the browser nonce', () => {
    const t = csrfToken('s'.repeat(32), 'link1', 'nonce1');
    expect(csrfMatches('s'.repeat(32), 'link1', 'nonce1', t)).toBe(true);
    expect(csrfMatches('s'.repeat(32), 'link2', 'nonce1', t)).toBe(false);
    expect(csrfMatches('s'.repeat(32), 'link1', 'nonce2', t)).toBe(false);
    expect(csrfMatches('s'.repeat(32), 'link1', 'nonce1', 'short')).toBe(false);
  });
});
