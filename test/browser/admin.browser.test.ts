// The admin pages in headless Chromium: the CSV import's progress and per-row errors, the contact page
// (edit, topic unsubscribe), a template preview, and the dev outbox's "Reply as the customer" into the inbox.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/processes.ts';
import { BROWSER_ADMIN, BROWSER_API_KEY as API_KEY, type InboxBrowser, startInboxBrowser } from '../support/inbox-browser.ts';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');

let inbox: InboxBrowser;
let ana: Page;

async function apiSend<T>(method: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${inbox.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
  return (await res.json()) as T;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  inbox = await startInboxBrowser();
  ana = await inbox.newAgentPage(BROWSER_ADMIN);
  await apiSend('POST', '/api/v1/topics', { key: 'news', name: 'News', names: { sv: 'Nyheter' }, default_subscribed: true });
}, 150_000);

afterAll(async () => {
  await inbox?.stop();
});

describe('the admin pages, in Chromium', () => {
  it('imports a CSV with a progress bar and shows the one bad row by line and column', async () => {
    const rows = Array.from({ length: 1499 }, (_, i) => `imported${i}@example.com,Imported ${i},yes`);
    rows.splice(1000, 0, 'not-an-address,Broken Row,yes');
    const csv = `email,name,topic:news\n${rows.join('\n')}\n`;
    await ana.goto(`${inbox.base}/inbox/contacts`);
    await ana.setInputFiles('#contact-import input[type=file]', { name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await ana.click('#contact-import button[type=submit]');
    await ana.waitForSelector('.import-errors');
    expect(await ana.getAttribute('#import-progress', 'hidden')).toBeNull();
    expect(await ana.$eval('#import-progress', (el) => (el as HTMLProgressElement).value)).toBe(100);
    expect(await ana.textContent('#import-status')).toContain('1500 rows, 1499 new, 0 updated, 1 with problems');
    const cells = await ana.$$eval('.import-errors tbody td', (tds) => tds.map((td) => td.textContent));
    expect(cells[0]).toBe('1002');
    expect(cells[1]).toBe('email');
    expect(cells[2]).toContain('expected an email address');
    await screenshot(ana, 'admin-contact-import-1280');

    await ana.click('#import-status a');
    await ana.waitForSelector('.contact-table');
    await ana.fill('input[name=q]', 'imported1498');
    await ana.click('.contact-filters button[type=submit]');
    expect(await ana.textContent('.contact-table tbody')).toContain('imported1498@example.com');
  });

  it('edits a contact, names a bad field, and unsubscribes them from a topic as the agent', async () => {
    await ana.goto(`${inbox.base}/inbox/search?q=Lindqvist`);
    await ana.click('.search-results .contacts a.muted');
    await ana.waitForURL(/\/inbox\/contacts\/con_/);
    await ana.fill('input[name=timezone]', 'Mars/Olympus');
    await ana.click('.contact-form button[type=submit]');
    expect(await ana.textContent('.problems')).toContain('Time zone: expected a time zone');
    expect(await ana.getAttribute('input[name=timezone]', 'aria-describedby')).toBe('problem-timezone');
    await ana.fill('input[name=timezone]', 'Europe/Stockholm');
    const names = async () => ana.$$eval('.attribute-row input[name$=".name"]', (els) => els.map((e) => (e as HTMLInputElement).value));
    const before = await names();
    const spare = before.indexOf('');
    await ana.fill(`input[name="attributes[${spare}].name"]`, 'favourite_colour');
    await ana.fill(`input[name="attributes[${spare}].value"]`, 'green');
    await ana.click('.contact-form button[type=submit]');
    await ana.waitForSelector('.notice');
    expect((await names()).filter(Boolean)).toEqual([...before.filter(Boolean), 'favourite_colour']);

    const topic = ana.locator('.topic-list li[data-topic=news]');
    expect(await topic.locator('.topic-state').textContent()).toContain('subscribed');
    await topic.locator('button').click();
    await ana.waitForSelector('.topic-list li[data-topic=news] .topic-state.unsubscribed');
    const me = (await ana.textContent('.topbar .me'))!.trim();
    expect(await ana.textContent('.consent-log li:first-child')).toContain(`news: — → unsubscribed (agent ${me})`);
    await screenshot(ana, 'admin-contact-page-1280');
    const phone = await inbox.newAgentPage({ ...BROWSER_ADMIN, width: 390 });
    await phone.goto(ana.url());
    const wide = await phone.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > 392)
        .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`)
        .slice(0, 8),
    );
    expect(wide).toEqual([]);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone, 'admin-contact-page-390');
  });

  it('previews a template for a contact, the HTML sandboxed', async () => {
    await ana.goto(`${inbox.base}/inbox/templates`);
    await ana.click('a[href="/inbox/templates/welcome?locale=sv"]');
    await ana.fill('input[name=contact]', 'lindqvist');
    await ana.click('.template-preview-form button[type=submit]');
    await ana.click('.template-matches a');
    await ana.waitForSelector('.preview-subject');
    expect(await ana.textContent('.preview-subject')).toContain('Astrid');
    expect(await ana.getAttribute('iframe.preview-frame', 'sandbox')).toBe('');
    const frame = ana.frameLocator('iframe.preview-frame');
    expect(await frame.locator('body').textContent()).toContain('Astrid');
    await screenshot(ana, 'admin-template-preview-1280');
  });

  it('replies as the customer from the dev outbox, and the reply is in the inbox', async () => {
    const sent = await apiSend<{ conversation_id: string }>('POST', '/api/v1/messages', {
      to: 'outbox.tester@example.com',
      subject: 'Your booking is confirmed',
      text: 'See you on Friday.',
    });
    await ana.goto(`${inbox.base}/inbox/outbox`);
    await expect
      .poll(
        async () => {
          await ana.reload();
          return ana.textContent('.outbox-list');
        },
        { timeout: 15_000 },
      )
      .toContain('Your booking is confirmed');
    const entry = ana.locator('.outbox-entry', { hasText: 'Your booking is confirmed' }).first();
    await entry.locator('summary').click();
    await entry.locator('textarea[name=text]').fill('Can we make it Saturday instead?');
    await entry.locator('button[type=submit]').click();
    await ana.click('a.replied-conversation');
    await ana.waitForURL(`${inbox.base}/inbox/c/${sent.conversation_id}`);
    expect(await ana.textContent('.messages')).toContain('Can we make it Saturday instead?');
    await ana.goto(`${inbox.base}/inbox?status=open&view=all`);
    expect(await ana.textContent('.conversations')).toContain('Your booking is confirmed');
  });
});
