// No English left in the inbox of a Swedish, Hebrew or Chinese agent: every inbox page (test/browser/pages.ts), a
// flagged thread and a broadcast refused for a bad audience rule are opened in headless Chromium in each language,
// and every text and accessible name the page shows is checked against the English catalog (a text that is an English
// message which the agent's language words differently) and against English-only words the server sends (service
// messages). Customer content, names and addresses (inside <bdi>, dir="auto", code and form fields, or isolated
// whole by FSI/PDI) are exempt.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_DECISIONS, DELIVERY_REASONS, DELIVERY_SOURCES, MESSAGE_CATEGORIES } from '../../src/domain/vocabulary.ts';
import { en } from '../../src/http/inbox/i18n/en.ts';
import { CATALOGS, type InboxLocale } from '../../src/http/inbox/i18n/catalog.ts';
import { BROWSER_ADMIN, type InboxBrowser, startInboxBrowser } from '../support/inbox-browser.ts';
import { answerAndReadReplyAddress, outsiderWrites } from './outsider.ts';
import { INBOX_PAGES, type InboxPageSpec } from './pages.ts';

let inbox: InboxBrowser;
let ids: Record<string, string>;

/** Words only the server's English writes (service messages, stored flags); never in a catalog text of another language. */
const ENGLISH_ONLY = [
  /\bexpected\b/,
  /\bno page at\b/,
  /\bwithout being addressed\b/,
  /\breused by different content\b/,
  /\bdoes not read\b/,
  /\bwith (?:the )?id\b/,
];

/** The product's own values shown raw instead of in words (a mail category, a decision, a reason code such as QuietHours). */
const ENGLISH_CODES = [
  new RegExp(`^(?:${[...MESSAGE_CATEGORIES, ...DELIVERY_DECISIONS, ...DELIVERY_SOURCES, ...DELIVERY_REASONS].join('|')})$`),
];

function leaves(catalog: object): Map<string, string> {
  const out = new Map<string, string>();
  for (const [area, messages] of Object.entries(catalog)) {
    for (const [key, text] of Object.entries(messages as Record<string, string>)) out.set(`${area}.${key}`, text);
  }
  return out;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The English messages the agent's language says otherwise: exact texts, and messages with values as patterns. */
function englishMatchers(locale: InboxLocale): { exact: Map<string, string>; patterns: [RegExp, string][]; ownTexts: Set<string> } {
  const own = leaves(CATALOGS[locale]);
  const ownTexts = new Set(own.values());
  const exact = new Map<string, string>();
  const patterns: [RegExp, string][] = [];
  for (const [key, english] of leaves(en)) {
    if (own.get(key) === english || ownTexts.has(english)) continue;
    if (!/[A-Za-z]{3}/.test(english)) continue;
    if (!/\{\w+\}/.test(english)) {
      exact.set(english.trim(), key);
      continue;
    }
    const fixed = english.replace(/\{\w+\}/g, '');
    if (fixed.replace(/[^A-Za-z]/g, '').length < 8) continue;
    patterns.push([
      new RegExp(
        `^${english
          .split(/\{\w+\}/)
          .map(escapeRegExp)
          .join('.+?')}$`,
        's',
      ),
      key,
    ]);
  }
  return { exact, patterns, ownTexts };
}

/**
 * What the page shows or names: `texts`, each element's own text (and titles, labels, placeholders) with quoted parts
 * (<bdi>, isolated text) left out, for the catalog check; `whole`, the same with those parts in, for the server's
 * English (a service message or a stored flag is quoted in a <bdi>). Content (dir="auto", code, form fields) is out of both.
 */
async function shownTexts(page: Page): Promise<{ texts: string[]; whole: string[] }> {
  return page.evaluate(() => {
    const content = '[dir=auto], code, pre, textarea, script, style';
    const quoted = 'bdi';
    // Text isolated whole (FSI … PDI) is a name or other content the page quotes, like <bdi>.
    const isolated = (s: string) => /^\s*\u2068[\s\S]*\u2069\s*$/.test(s);
    const norm = (s: string) =>
      s
        .replace(/[\u2068\u2069\u200e\u200f]/g, '')
        .replace(/\s+/g, ' ')
        .trim();
    const texts: string[] = [];
    const whole: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (el.closest(content)) continue;
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && norm(n.textContent ?? '') !== '');
      if (own) {
        const all = el.cloneNode(true) as Element;
        for (const inner of all.querySelectorAll(content)) inner.replaceWith('X');
        whole.push(norm(all.textContent ?? ''));
        if (!el.closest(quoted) && !isolated(el.textContent ?? '')) {
          for (const inner of all.querySelectorAll(quoted)) inner.replaceWith('X');
          texts.push(norm(all.textContent ?? ''));
          for (const n of el.childNodes)
            if (n.nodeType === Node.TEXT_NODE && !isolated(n.textContent ?? '')) texts.push(norm(n.textContent ?? ''));
        }
      }
      for (const name of ['title', 'aria-label', 'placeholder', 'alt']) {
        const value = el.getAttribute(name);
        if (value) whole.push(norm(value));
        if (value && !isolated(value)) texts.push(norm(value));
      }
      if (el instanceof HTMLInputElement && (el.type === 'submit' || el.type === 'button')) texts.push(norm(el.value));
    }
    const unique = (list: string[]) => [...new Set(list)].filter((t) => t !== '');
    return { texts: unique(texts), whole: unique(whole) };
  });
}

function englishIn(shown: { texts: string[]; whole: string[] }, locale: InboxLocale): string[] {
  const { exact, patterns, ownTexts } = englishMatchers(locale);
  const found: string[] = [];
  for (const text of shown.texts) {
    if (/@/.test(text) || text === 'Samtal') continue;
    const key = exact.get(text) ?? patterns.find(([pattern]) => pattern.test(text))?.[1];
    if (key) found.push(`${JSON.stringify(text)} (the English of ${key})`);
    else if (!ownTexts.has(text) && ENGLISH_CODES.some((pattern) => pattern.test(text)))
      found.push(`${JSON.stringify(text)} (a value, not words)`);
  }
  for (const text of shown.whole) {
    if (ENGLISH_ONLY.some((pattern) => pattern.test(text))) found.push(`${JSON.stringify(text)} (English from the server)`);
  }
  return [...new Set(found)];
}

function pathOf(spec: InboxPageSpec): string {
  return spec.path.replace(/:(conversation|contact|faq|flagged)\b/g, (_, name: string) => encodeURIComponent(ids[name] ?? name));
}

const SWEPT: InboxPageSpec[] = [...INBOX_PAGES, { name: 'flagged-thread', path: '/inbox/c/:flagged' }];

beforeAll(async () => {
  inbox = await startInboxBrowser();
  const faqs = await inbox.api<{ data: { id: string }[] }>('/api/v1/faqs');
  const contacts = await inbox.api<{ data: { id: string }[] }>('/api/v1/contacts?limit=50');
  const erik = await inbox.inbound('swedish-question.eml', { 'erik-0001': 'erik-sweep-0001' });
  ids = { faq: faqs.data[0]!.id, conversation: erik.conversation_id, contact: contacts.data[0]!.id };
  // A flagged conversation: someone never addressed in Erik's conversation writes to its reply address.
  const ana = await inbox.newAgentPage(BROWSER_ADMIN);
  const mallory = await outsiderWrites(inbox, await answerAndReadReplyAddress(inbox, ana, erik.conversation_id), 'mallory-sweep-0001');
  ids.flagged = mallory.conversation_id;
  await ana.context().close();
}, 150_000);

afterAll(async () => {
  await inbox?.stop();
});

async function sweep(locale: InboxLocale, browserLocale: string): Promise<void> {
  const page = await inbox.newAgentPage(BROWSER_ADMIN);
  await page.goto(`${inbox.base}/inbox/me`);
  await page.selectOption('#me-locale', locale);
  await page.click('.settings-form button[type=submit]');
  await page.waitForURL(`${inbox.base}/inbox/me?saved=1`);
  expect(await page.getAttribute('html', 'lang')).toBe(locale);
  const problems: string[] = [];
  for (const spec of SWEPT) {
    const visitor = spec.signedOut ? await (await inbox.browser.newContext({ locale: browserLocale })).newPage() : page;
    const response = await visitor.goto(`${inbox.base}${pathOf(spec)}`);
    expect(response?.status(), spec.name).toBe(spec.status ?? 200);
    await visitor.waitForLoadState('load');
    problems.push(...englishIn(await shownTexts(visitor), locale).map((p) => `${locale} ${spec.name}: ${p}`));
    if (spec.signedOut) await visitor.context().close();
  }
  // A broadcast refused for a bad audience rule says what is wrong in the agent's language.
  await page.goto(`${inbox.base}/inbox/broadcasts`);
  await page.fill('.broadcast-form input[name=name]', 'Sweep');
  await page.fill('.broadcast-form input[name=subject]', 'Hej');
  await page.fill('.broadcast-form textarea[name=text]', 'Hej!');
  await page.fill('.broadcast-form input[name=rule]', 'attributes.city == "Göteborg"');
  await page.click('.broadcast-form button[type=submit]');
  await page.waitForSelector('[role=alert]');
  expect(await page.textContent('[role=alert]')).toContain('"=="');
  problems.push(...englishIn(await shownTexts(page), locale).map((p) => `${locale} broadcast-rule: ${p}`));
  await page.context().close();
  expect(problems).toEqual([]);
}

describe('no English in the inbox of an agent who reads another language', () => {
  it('Swedish', () => sweep('sv', 'sv-SE'), 300_000);
  it('Hebrew', () => sweep('he', 'he-IL'), 300_000);
  it('Chinese', () => sweep('zh', 'zh-CN'), 300_000);
});
