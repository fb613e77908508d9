// A long thread in headless Chromium: the page shows the newest 30 messages; "Show earlier messages" (by keyboard)
// loads the earlier ones above them under the strict CSP, keeps the reader's place, moves focus to the newest
// message it loaded and says what happened; at 390 px nothing scrolls sideways, and axe-core finds no serious or
// critical violation.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/processes.ts';
import { BROWSER_ADMIN, type InboxBrowser, signInPage, startInboxBrowser } from '../support/inbox-browser.ts';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const AXE = join(REPO_ROOT, 'node_modules/axe-core/axe.min.js');
const MESSAGES = 36;
let inbox: InboxBrowser;
let conversationId = '';

/** The n-th message of Lars's thread: the fixture, its Message-ID made unique and answering the first. */
function larsMessage(n: number): Record<string, string> {
  const id = `lars-${String(n).padStart(3, '0')}@mail.example.se`;
  return {
    'Message-ID: <erik-0001@mail.example.se>':
      n === 0 ? `Message-ID: <${id}>` : `Message-ID: <${id}>\nIn-Reply-To: <lars-000@mail.example.se>`,
    'Erik Johansson <erik.johansson': 'Lars Lång <lars.lang',
    'Hur lång tid': `Meddelande ${n}. Hur lång tid`,
  };
}

async function articles(page: Page): Promise<string[]> {
  return page.$$eval('.messages article.message .body', (bodies) =>
    bodies.map((b) => /Meddelande (\d+)/.exec(b.textContent ?? '')?.[1] ?? '?'),
  );
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  inbox = await startInboxBrowser();
  for (let n = 0; n < MESSAGES; n++) {
    const { conversation_id } = await inbox.inbound('swedish-question.eml', larsMessage(n));
    if (n === 0) conversationId = conversation_id;
    else expect(conversation_id).toBe(conversationId);
  }
}, 180_000);

afterAll(async () => {
  await inbox?.stop();
});

describe('thread paging in Chromium', () => {
  it('shows the newest 30; "Show earlier messages" by keyboard loads the rest above them, keeps the place and moves focus', async () => {
    const page = await inbox.newAgentPage(BROWSER_ADMIN);
    const refused: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') refused.push(m.text());
    });
    await page.goto(`${inbox.base}/inbox/c/${conversationId}`);
    const newest = Array.from({ length: 30 }, (_, i) => String(MESSAGES - 30 + i));
    expect(await articles(page)).toEqual(newest);
    const control = page.getByRole('link', { name: 'Show earlier messages' });
    await control.scrollIntoViewIfNeeded();
    const firstShown = page.locator('.messages article.message').first();
    const topBefore = (await firstShown.boundingBox())!.y;

    await control.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => articles(page), { timeout: 15_000 }).toEqual(Array.from({ length: MESSAGES }, (_, i) => String(i)));
    expect(await page.textContent('.thread-earlier .earlier-status')).toBe('6 earlier messages shown. The conversation starts here.');
    expect(await control.count()).toBe(0);
    // The message that was first on screen stays where it was; focus is on the newest one loaded (message 5).
    const sameMessage = page.locator('.messages article.message', { hasText: `Meddelande ${MESSAGES - 30}.` });
    expect(Math.abs((await sameMessage.boundingBox())!.y - topBefore)).toBeLessThan(2);
    expect(await page.evaluate(() => document.activeElement?.querySelector('.body')?.textContent ?? '')).toContain('Meddelande 5.');
    expect(page.url()).toBe(`${inbox.base}/inbox/c/${conversationId}`);
    expect(refused.filter((text) => /Content Security Policy|Refused/.test(text))).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'thread-paging-1280.png'), fullPage: true });
  });

  it('at 390 px the control fits and nothing scrolls sideways; axe-core finds no serious or critical violation', async () => {
    // A context of its own with the CSP bypassed, only so that axe-core can be injected.
    const context = await inbox.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US', bypassCSP: true });
    const page = await context.newPage();
    try {
      await signInPage(page, inbox.base, BROWSER_ADMIN.email, BROWSER_ADMIN.password);
      await page.goto(`${inbox.base}/inbox/c/${conversationId}`);
      const control = page.getByRole('link', { name: 'Show earlier messages' });
      expect(await control.isVisible()).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, 'thread-paging-390.png'), fullPage: true });
      await control.click();
      await expect.poll(async () => (await articles(page)).length, { timeout: 15_000 }).toBe(MESSAGES);
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(context: Element, options: object): Promise<{ violations: unknown[] }> } }).axe;
        return (await axe.run(document.querySelector('.thread')!, { resultTypes: ['violations'] })).violations;
      });
      const serious = (violations as { id: string; impact: string | null; nodes: { target: string[] }[] }[])
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(serious).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
