// Every inbox page (test/browser/pages.ts) in headless Chromium, in English, Hebrew (right to left, mirrored) and Chinese:
// at 1280 and 390 px axe-core finds no serious or critical violation and nothing scrolls sideways; screenshots of
// the main views go to test-artifacts/. The Hebrew is chosen on /inbox/me, whose time zone comes from the browser's suggestion.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/processes.ts';
import { BROWSER_ADMIN as ADMIN, type InboxBrowser, signInPage, startInboxBrowser } from '../support/inbox-browser.ts';
import { INBOX_PAGES, type InboxPageSpec } from './pages.ts';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const AXE = join(REPO_ROOT, 'node_modules/axe-core/axe.min.js');
const WIDTHS = [1280, 390];

let inbox: InboxBrowser;
let ids: Record<string, string>;
const contexts: BrowserContext[] = [];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** A context of its own; the CSP is bypassed only so that axe-core can be injected. */
async function newPage(locale: string, width = 1280): Promise<Page> {
  const context = await inbox.browser.newContext({
    viewport: { width, height: 900 },
    locale,
    timezoneId: 'Asia/Jerusalem',
    bypassCSP: true,
  });
  contexts.push(context);
  return context.newPage();
}

function pathOf(spec: InboxPageSpec): string {
  return spec.path.replace(/:(conversation|contact|faq)\b/g, (_, name: string) => encodeURIComponent(ids[name] ?? name));
}

async function open(page: Page, spec: InboxPageSpec): Promise<void> {
  const response = await page.goto(`${inbox.base}${pathOf(spec)}`);
  expect(response?.status(), spec.name).toBe(spec.status ?? 200);
  await page.waitForLoadState('load');
}

/** Serious and critical axe-core violations, one line each: rule, impact, where. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return (violations as Violation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  inbox = await startInboxBrowser();
  const faqs = await inbox.api<{ data: { id: string }[] }>('/api/v1/faqs');
  const contacts = await inbox.api<{ data: { id: string; email: string }[] }>('/api/v1/contacts?limit=50');
  const erik = await inbox.inbound('swedish-question.eml');
  ids = { faq: faqs.data[0]!.id, conversation: erik.conversation_id, contact: contacts.data[0]!.id };
  // The thread shown is the demo's Hebrew one when there is one: it tests the mirrored layout with user text in it.
  const page = await newPage('en-US');
  await signInPage(page, inbox.base, ADMIN.email, ADMIN.password);
  await page.goto(`${inbox.base}/inbox?status=open&view=all`);
  const noa = await page.$('.conversation:has-text("נועה") > a');
  const href = noa ? await noa.getAttribute('href') : null;
  if (href) ids.conversation = href.split('/').pop()!;
  await page.context().close();
}, 150_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await inbox?.stop();
});

async function checkEveryPage(locale: string, lang: string, signedIn: Page | null): Promise<void> {
  const problems: string[] = [];
  for (const spec of INBOX_PAGES) {
    const page = spec.signedOut || !signedIn ? await newPage(locale) : signedIn;
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await open(page, spec);
      expect(await page.getAttribute('html', 'lang'), spec.name).toBe(lang);
      expect(await page.getAttribute('html', 'dir'), spec.name).toBe(lang === 'he' ? 'rtl' : 'ltr');
      // Nothing is wider than the window: no sideways scrolling, at 390 px either.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) {
        // Name the element reaching furthest out, so the failure says what to fix.
        const widest = await page.evaluate(() => {
          let best = { where: '', reach: 0 };
          const clipped = (el: Element) => {
            for (let up = el.parentElement; up && up !== document.body; up = up.parentElement)
              if (getComputedStyle(up).overflowX !== 'visible') return true;
            return false;
          };
          for (const el of document.querySelectorAll('body *')) {
            if (clipped(el)) continue;
            const box = el.getBoundingClientRect();
            const reach = Math.max(box.right - document.documentElement.clientWidth, -box.left);
            if (reach > best.reach) best = { where: `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`, reach };
          }
          return best.where;
        });
        problems.push(`${lang} ${spec.name} at ${width} px: scrolls sideways by ${overflow} px (${widest})`);
      }
      if (spec.screenshot) await shot(page, `${lang}-${spec.name}-${width}`);
      problems.push(...(await seriousViolations(page)).map((p) => `${lang} ${spec.name} at ${width} px: ${p}`));
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  expect(problems).toEqual([]);
}

describe('every inbox page, in English, Hebrew and Chinese', () => {
  it('English: axe-core finds no serious or critical violation; screenshots at 1280 and 390 px', async () => {
    const page = await newPage('en-US');
    await signInPage(page, inbox.base, ADMIN.email, ADMIN.password);
    await checkEveryPage('en-US', 'en', page);
  }, 600_000);

  it('an agent chooses Hebrew and the browser’s zone on /inbox/me; every page is then right to left and passes axe-core', async () => {
    const page = await newPage('en-US');
    await signInPage(page, inbox.base, ADMIN.email, ADMIN.password);
    await page.click('a.me');
    await page.waitForURL(`${inbox.base}/inbox/me`);
    // The browser's zone is offered; one click puts it into the field.
    await page.click('button[data-browser-zone]');
    expect(await page.inputValue('#me-zone')).toBe('Asia/Jerusalem');
    await page.selectOption('#me-locale', 'he');
    await page.fill('#me-signature', 'Ana · Acme');
    await page.click('.settings-form button[type=submit]');
    await page.waitForURL(`${inbox.base}/inbox/me?saved=1`);
    expect(await page.textContent('[role=status]')).toContain('ההגדרות שלך נשמרו');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');

    // A mistake is refused in Hebrew, the field named, the typed text kept.
    await page.fill('#me-zone', 'Mars/Olympus');
    await page.click('.settings-form button[type=submit]');
    expect(await page.textContent('#me-zone-error')).toContain('Mars/Olympus');
    expect(await page.getAttribute('#me-zone', 'aria-invalid')).toBe('true');

    await checkEveryPage('he-IL', 'he', page);

    // Mirrored: the brand starts the top bar on the right, the customer's message starts on the right.
    await page.goto(`${inbox.base}/inbox/c/${ids.conversation}`);
    const brand = (await page.locator('.brand').boundingBox())!;
    const search = (await page.locator('.topbar .search').boundingBox())!;
    expect(brand.x).toBeGreaterThan(search.x);
    const customer = (await page.locator('.message.customer').first().boundingBox())!;
    const messages = (await page.locator('.messages').boundingBox())!;
    expect(customer.x + customer.width).toBeGreaterThan(messages.x + messages.width - 2);
    // Times are in Hebrew, in the chosen zone.
    expect(await page.textContent('.message time')).toMatch(/לפני/);
  }, 600_000);

  it('Chinese (the browser’s language, no choice saved): every page passes axe-core, Chinese screenshots at 1280 and 390 px', async () => {
    const page = await newPage('zh-CN');
    await signInPage(page, inbox.base, ADMIN.email, ADMIN.password);
    await page.goto(`${inbox.base}/inbox/me`);
    await page.selectOption('#me-locale', '');
    await page.click('.settings-form button[type=submit]');
    await page.waitForURL(`${inbox.base}/inbox/me?saved=1`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh');
    await checkEveryPage('zh-CN', 'zh', page);
  }, 600_000);
});
