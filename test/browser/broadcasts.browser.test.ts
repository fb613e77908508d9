// A broadcast in a real headless Chromium against the Node host (its scheduler ticking every second, mail
// to the dev outbox): an admin writes a draft, runs the pre-flight, sends a test to their own address,
// schedules it, and watches the progress bar (fed by the NDJSON progress stream) reach done.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ADMIN, BROWSER_API_KEY, type InboxBrowser, startInboxBrowser } from '../support/inbox-browser.ts';
import { REPO_ROOT } from '../support/processes.ts';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
let inbox: InboxBrowser;
let page: Page;

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${inbox.base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BROWSER_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

interface OutboxList {
  data: { to: string[]; subject: string }[];
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  inbox = await startInboxBrowser({ SCHEDULER_INTERVAL_SECONDS: '1', QUIET_HOURS: 'off' });
  page = await inbox.newAgentPage({ email: BROWSER_ADMIN.email, password: BROWSER_ADMIN.password });
}, 150_000);

afterAll(async () => {
  await inbox?.stop();
});

describe('broadcasts in Chromium', () => {
  it('draft → pre-flight → test send → schedule → progress to done', async () => {
    for (const email of ['lena@example.se', 'omar@example.com']) {
      const res = await post('/api/v1/contacts', {
        email,
        name: 'Kim',
        consent: { marketing: 'subscribed' },
        attributes: { winter_list: 'yes' },
      });
      expect(res.status).toBe(201);
    }
    await page.getByRole('button', { name: 'Admin' }).click();
    await page.click('nav a[href="/inbox/broadcasts"]');
    await page.waitForURL(`${inbox.base}/inbox/broadcasts`);
    await page.fill('.broadcast-form input[name=name]', 'Winter opening hours');
    await page.fill('.broadcast-form input[name=subject]', 'Our winter opening hours');
    await page.fill(
      '.broadcast-form textarea[name=text]',
      'They are here: https://shop.example.com/hours\n\nUnsubscribe: {{ unsubscribe_url }}\n',
    );
    await page.fill('.broadcast-form input[name=rule]', 'attributes.winter_list = "yes"');
    await page.click('.broadcast-form button[type=submit]');
    await page.waitForURL(/\/inbox\/broadcasts\/brd_/);
    const id = page.url().split('/').pop()!;
    expect(await page.textContent('[data-broadcast-status]')).toContain('draft');

    await page.click('.preflight button[type=submit]');
    await page.waitForSelector('.preflight p:has-text("Checked")');
    // The host's PUBLIC_URL is http://localhost…: its unsubscribe links are not https, a warning to acknowledge.
    expect(await page.locator('.findings.errors').count()).toBe(0);
    expect(await page.locator('.findings.warnings tr[data-code=InsecureLink]').count()).toBeGreaterThan(0);
    expect(await page.textContent('.findings.warnings')).toContain('localhost');

    await page.click('.test-send button[type=submit]');
    await page.waitForSelector('.test-send .notice');
    await expect
      .poll(async () => ((await inbox.api<OutboxList>('/api/v1/dev/outbox')).data ?? []).map((m) => `${m.to[0]} ${m.subject}`), {
        timeout: 15_000,
      })
      .toEqual([`${BROWSER_ADMIN.email} [Test] Our winter opening hours`]);
    await page.screenshot({ path: join(ARTIFACTS, 'broadcast-draft.png'), fullPage: true });

    await page.fill('.schedule-form input[name=per_minute]', '100');
    await page.click('.schedule-form button[type=submit]');
    await page.waitForSelector('.broadcast .error');
    expect(await page.textContent('.broadcast .error')).toContain('read the warnings');
    await page.check('.schedule-form input[name=acknowledge_warnings]');
    await page.fill('.schedule-form input[name=per_minute]', '100');
    await page.click('.schedule-form button[type=submit]');
    await page.waitForSelector('.broadcast-progress');
    await page.waitForSelector('.broadcast-progress[data-done=true]', { timeout: 30_000 });
    expect(await page.textContent('[data-count=sent]')).toBe('2');
    expect(await page.getAttribute('.broadcast-progress', 'data-status')).toBe('sent');
    expect(await page.textContent('.progress-text')).toBe('2 of 2 handled');
    expect(await page.isVisible('.broadcast-actions')).toBe(false);
    expect(await page.evaluate(() => (document.querySelector('progress') as HTMLProgressElement).value)).toBe(2);
    await page.screenshot({ path: join(ARTIFACTS, 'broadcast-progress.png'), fullPage: true });

    const outbox = (await inbox.api<OutboxList>('/api/v1/dev/outbox')).data.map((m) => m.to[0]).sort();
    expect(outbox).toEqual([BROWSER_ADMIN.email, 'lena@example.se', 'omar@example.com'].sort());
    const progress = await inbox.api<{ status: string; sent: number; done: boolean }>(`/api/v1/broadcasts/${id}/progress`);
    expect(progress).toMatchObject({ status: 'sent', sent: 2, done: true });

    await page.goto(`${inbox.base}/inbox/broadcasts`);
    expect(await page.textContent(`tr[data-broadcast="${id}"]`)).toContain('sent');
  }, 120_000);
});
