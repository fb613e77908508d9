// The top bar on a phone: every agent's pages in the bar, the eight admin pages behind one "Admin" disclosure button
// (aria-expanded, keyboard: Enter, arrows, Escape), a plain list without JavaScript, and nothing of it for agents.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/processes.ts';
import { BROWSER_ADMIN, type InboxBrowser, inviteAgent, signInPage, startInboxBrowser } from '../support/inbox-browser.ts';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const BO = { email: 'bo.menu@acme.example', name: 'Bo Menu', password: 'another long password 42' };
const ADMIN_PAGES = ['templates', 'outbox', 'faqs', 'broadcasts', 'agents', 'inbound', 'api-keys', 'settings'].map((p) => `/inbox/${p}`);

let inbox: InboxBrowser;
let ana: Page;

beforeAll(async () => {
  inbox = await startInboxBrowser();
  ana = await inbox.newAgentPage({ ...BROWSER_ADMIN, width: 390 });
}, 150_000);

afterAll(async () => {
  await inbox?.stop();
});

/** Boxes of the visible elements matching `selector` that reach outside the window, by their text. */
async function outside(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (elements) =>
    elements
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.left < 0 || box.top < 0 || box.right > document.documentElement.clientWidth;
      })
      .map((el) => el.textContent ?? ''),
  );
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

describe('the admin menu', () => {
  it('folds the admin pages behind one button on a phone and opens, moves and closes by keyboard', async () => {
    await ana.goto(`${inbox.base}/inbox`);
    const toggle = ana.getByRole('button', { name: 'Admin' });
    expect(await toggle.isVisible()).toBe(true);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await ana.isVisible('#admin-links')).toBe(false);
    // The bar holds the brand, the search and five controls: two rows at most on a 390 px phone.
    const bar = (await ana.locator('.topbar').boundingBox())!;
    expect(bar.height).toBeLessThan(120);
    expect(await outside(ana, '.topbar a, .topbar button, .topbar input')).toEqual([]);

    // Keyboard: from the search field, Tab reaches Contacts, Reports, then the button.
    await ana.focus('.topbar input[type=search]');
    for (let i = 0; i < 3; i++) await ana.keyboard.press('Tab');
    expect(await focusedText(ana)).toBe('Admin');
    await ana.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await ana.locator('#admin-links a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(ADMIN_PAGES);
    expect(await outside(ana, '#admin-links a')).toEqual([]);
    await ana.screenshot({ path: join(ARTIFACTS, 'en-admin-menu-390.png') });
    await ana.keyboard.press('ArrowDown');
    expect(await focusedText(ana)).toBe('Templates');
    await ana.keyboard.press('ArrowUp');
    expect(await focusedText(ana)).toBe('Settings');
    await ana.keyboard.press('Escape');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await ana.isVisible('#admin-links')).toBe(false);
    expect(await focusedText(ana)).toBe('Admin');

    // A click outside closes it; a link goes to its page, which the menu marks as the current one.
    await toggle.click();
    await ana.mouse.click(195, 880);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    await ana.getByRole('link', { name: 'API keys' }).click();
    await ana.waitForURL(`${inbox.base}/inbox/api-keys`);
    expect(await ana.getAttribute('#admin-links a[href="/inbox/api-keys"]', 'aria-current')).toBe('page');
  });

  it('opens inside the window in Hebrew, mirrored', async () => {
    await ana.goto(`${inbox.base}/inbox/me`);
    await ana.selectOption('#me-locale', 'he');
    await ana.click('.settings-form button[type=submit]');
    await ana.waitForURL(`${inbox.base}/inbox/me?saved=1`);
    await ana.getByRole('button', { name: 'ניהול' }).click();
    expect(await outside(ana, '#admin-links a')).toEqual([]);
    await ana.screenshot({ path: join(ARTIFACTS, 'he-admin-menu-390.png') });
    await ana.selectOption('#me-locale', 'en');
    await ana.click('.settings-form button[type=submit]');
    await ana.waitForURL(`${inbox.base}/inbox/me?saved=1`);
  });

  it('is a plain list of links without JavaScript', async () => {
    const context = await inbox.browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await signInPage(page, inbox.base, BROWSER_ADMIN.email, BROWSER_ADMIN.password);
    expect(await page.isVisible('.admin-toggle')).toBe(false);
    expect(await page.isVisible('#admin-links')).toBe(true);
    expect(await page.locator('#admin-links a:visible').count()).toBe(ADMIN_PAGES.length);
    expect(await outside(page, '.topbar a')).toEqual([]);
    await context.close();
  });

  it('shows an agent only the pages every agent has', async () => {
    const url = await inviteAgent(ana, inbox.base, BO);
    const bo = await inbox.newAgentPage({ width: 390 });
    await bo.goto(url);
    await bo.fill('input[name=password]', BO.password);
    await bo.click('button[type=submit]');
    await bo.waitForURL(/\/login/);
    await signInPage(bo, inbox.base, BO.email, BO.password);
    expect(await bo.locator('.admin-toggle, #admin-links').count()).toBe(0);
    const nav = await bo.locator('.topbar nav a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(nav).toEqual(['/inbox/contacts', '/inbox/reports', '/inbox/me']);
    for (const path of ADMIN_PAGES) expect(nav).not.toContain(path);
  });
});
