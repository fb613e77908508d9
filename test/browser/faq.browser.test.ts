// The FAQ in a real headless Chromium against the Node host: a customer's question is handed to a
// person with a suggestion; one click puts the entry's answer into the composer, the agent sends it;
// and an admin edits the entry with its preview.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, freePort, startProcess, waitForHttp, type RunningProcess } from '../support/processes.ts';

const ADMIN = { email: 'ana@acme.example', password: 'correct horse battery staple' };
const INBOUND_SECRET = 'browser-test-inbound-secret';
const API_KEY = 'browser-test-api-key-0123456789abcdef';
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');

let dir: string;
let host: RunningProcess;
let base: string;
let browser: Browser;
let page: Page;

async function call(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

const QUESTION = [
  'From: Erik Johansson <erik.johansson@example.se>',
  'To: support@reply.acme.example',
  'Subject: Öppettider',
  'Message-ID: <erik-faq-1@mail.example.se>',
  'Date: Mon, 23 Nov 2026 09:00:00 +0000',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hej! När har ni öppet på lördagar?',
  '',
].join('\r\n');

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'samtal-faq-browser-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  host = startProcess('npx', ['tsx', 'src/runtime/node.ts'], {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `file:${join(dir, 'samtal.db')}`,
    SAMTAL_ADMIN_EMAIL: ADMIN.email,
    SAMTAL_ADMIN_PASSWORD: ADMIN.password,
    SAMTAL_API_KEY: API_KEY,
    INBOUND_SECRET,
    SECRET_KEY: 'browser-test-secret-key-0123456789abcdef',
    MAIL_FROM: 'Acme Support <support@acme.example>',
    INBOUND_DOMAIN: 'reply.acme.example',
    FAQ_MODE: 'suggest',
    LOG_LEVEL: 'warn',
  });
  await waitForHttp(`${base}/health`, host, 90_000);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })).newPage();
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('FAQ in Chromium', () => {
  it('suggestion → insert → send: the entry answer, rendered for the customer, goes out as the agent reply', async () => {
    const created = await call('POST', '/api/v1/faqs', {
      id: 'opening-hours',
      questions: { sv: ['När har ni öppet?', 'Har ni öppet på lördagar?'], en: ['When are you open?'] },
      answers: { sv: 'Hej {{ contact.first_name }}! Vi har öppet lördagar 10–14.', en: 'We are open Saturdays 10–14.' },
    });
    expect(created.status).toBe(201);
    const res = await fetch(`${base}/inbound/mime?from=erik.johansson%40example.se&to=support%40reply.acme.example`, {
      method: 'POST',
      body: QUESTION,
      headers: { authorization: `Bearer ${INBOUND_SECRET}` },
    });
    const { conversation_id } = (await res.json()) as { conversation_id: string };

    await page.goto(`${base}/login`);
    await page.fill('input[name=email]', ADMIN.email);
    await page.fill('input[name=password]', ADMIN.password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/inbox`);
    await page.goto(`${base}/inbox/c/${conversation_id}`);
    expect(await page.textContent('.faq-decision')).toContain('Handed to a person');
    expect(await page.textContent('.faq-suggestions')).toContain('opening-hours');
    expect(await page.inputValue('#reply-text')).toBe('');
    await page.screenshot({ path: join(ARTIFACTS, 'faq-suggestion.png'), fullPage: true });

    await page.click('.faq-decision a.insert-faq');
    await expect.poll(() => page.inputValue('#reply-text')).toBe('Hej Erik! Vi har öppet lördagar 10–14.');
    await page.fill('#reply-text', `${await page.inputValue('#reply-text')}\nVälkommen!`);
    await page.click('.composer button[type=submit]');
    await page.waitForSelector('.message.agent');
    const outbox = (await (await call('GET', '/api/v1/dev/outbox')).json()) as { data: { to: string[]; text: string }[] };
    await expect
      .poll(async () => ((await (await call('GET', '/api/v1/dev/outbox')).json()) as typeof outbox).data.map((m) => m.text))
      .toEqual([expect.stringContaining('Hej Erik! Vi har öppet lördagar 10–14.\nVälkommen!')]);
  });

  it('an admin edits an entry and sees the preview rendered for a sample contact', async () => {
    await page.goto(`${base}/inbox/faqs`);
    await page.click('a:has-text("opening-hours")');
    expect(await page.textContent('.preview[data-locale=sv]')).toBe('Hej Anna! Vi har öppet lördagar 10–14.');
    await page.fill('textarea[name="answer.sv"]', 'Hej {{ contact.first_name }}! Lördagar 9–15.');
    await page.click('.faq-form button[type=submit]');
    await expect.poll(() => page.textContent('.preview[data-locale=sv]')).toBe('Hej Anna! Lördagar 9–15.');
    await page.screenshot({ path: join(ARTIFACTS, 'faq-edit.png'), fullPage: true });
  });
});
