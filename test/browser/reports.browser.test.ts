// The reports and settings pages in headless Chromium (demo data): the charts are there with their figures, a CSV
// download works, the settings save, and axe-core finds nothing serious at 1280 px and 390 px.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ADMIN, type InboxBrowser, startInboxBrowser } from '../support/inbox-browser.ts';
import { REPO_ROOT } from '../support/processes.ts';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let inbox: InboxBrowser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  inbox = await startInboxBrowser();
}, 120_000);
afterAll(async () => inbox?.stop());

/** Serious and critical axe-core violations on the page (axe is evaluated over the debugging protocol, not as a page script). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } })
      .axe;
    return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes})`);
}

describe('reports page', () => {
  it('shows the charts with their figures and downloads a CSV', async () => {
    const page = await inbox.newAgentPage(BROWSER_ADMIN);
    await page.click('nav >> text=Reports');
    await page.waitForURL(/\/inbox\/reports/);
    // The demo's conversations are recent: the default range (the last 28 days) has them.
    const charts = page.locator('figure.chart svg[role=img]');
    expect(await charts.count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.locator('#chart-conversations svg title').first().textContent()).toContain('opened and closed');
    expect(await page.locator('#chart-conversations table tbody tr').count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'reports-1280.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a.csv-link[href*="/csv/conversations"]')]);
    expect(download.suggestedFilename()).toMatch(/^conversations-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.split('\n')[0]).toBe('group,opened,closed');
    expect(text.trim().split('\n').length).toBeGreaterThan(1);

    // A range form: a range with nothing in it says so.
    await page.fill('input[name=from]', '2020-01-01');
    await page.fill('input[name=to]', '2020-01-31');
    await page.click('.range-form button[type=submit]');
    await page.waitForURL(/from=2020-01-01/);
    expect(await page.locator('figure.chart').count()).toBe(0);
    expect(await page.locator('text=Nothing in this range yet.').count()).toBeGreaterThan(0);
  }, 120_000);

  it('fits a phone', async () => {
    const page = await inbox.newAgentPage({ ...BROWSER_ADMIN, width: 390 });
    await page.goto(`${inbox.base}/inbox/reports`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'reports-390.png'), fullPage: true });
  }, 120_000);
});

describe('settings page', () => {
  it('saves, shows a bad field beside its input, and keeps what was typed', async () => {
    const page = await inbox.newAgentPage(BROWSER_ADMIN);
    await page.getByRole('button', { name: 'Admin' }).click();
    await page.click('nav >> text=Settings');
    await page.waitForURL(/\/inbox\/settings/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.fill('#sender_name', 'Acme Help');
    await page.fill('#target_hours', 'soon');
    await page.click('button:has-text("Save settings")');
    await expect.poll(() => page.locator('#target_hours-error').textContent()).toContain('a number of hours from 0.5 to 720');
    expect(await page.inputValue('#sender_name')).toBe('Acme Help');
    expect(await page.getAttribute('#target_hours', 'aria-invalid')).toBe('true');

    await page.fill('#target_hours', '8');
    await page.check('#business_hours');
    await page.fill('#time_zone', 'Europe/Stockholm');
    await page.click('button:has-text("Save settings")');
    await page.waitForURL(/saved=1/);
    expect(await page.locator('[role=status]').textContent()).toContain('Settings saved.');
    expect(await page.inputValue('#sender_name')).toBe('Acme Help');
    expect(await page.inputValue('#target_hours')).toBe('8');
    expect(await page.isChecked('#business_hours')).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'settings-1280.png'), fullPage: true });
  }, 120_000);
});
