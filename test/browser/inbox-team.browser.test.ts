// The inbox as a team uses it, in headless Chromium: two agents on one conversation, drafts that
// survive a new session, counts and previews that stay true, search that finds contacts, pages
// that fit a phone, times in the agent's own time zone.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/processes.ts';
import { BROWSER_ADMIN, type InboxBrowser, inviteAgent, signInPage, startInboxBrowser } from '../support/inbox-browser.ts';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const BO = { email: 'bo.berg@acme.example', name: 'Bo Berg', password: 'another long password 42' };

let inbox: InboxBrowser;
let ana: Page;

interface ConversationJson {
  id: string;
  status: string;
  snoozed_until: string | null;
  flag: string | null;
}

/** WCAG contrast ratio of an element's text against the first opaque background behind it. */
async function contrastOf(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (el) => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    };
    let bg: Element | null = el;
    while (bg && (rgb(getComputedStyle(bg).backgroundColor)[3] ?? 1) === 0) bg = bg.parentElement;
    const fore = luminance(rgb(getComputedStyle(el).color));
    const back = luminance(rgb(bg ? getComputedStyle(bg).backgroundColor : 'rgb(255,255,255)'));
    return (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05);
  });
}

function customer(name: string, id: string, text?: string): Record<string, string> {
  const first = name.split(' ')[0]!;
  return {
    'erik-0001': id,
    'Erik Johansson <erik.johansson': `${name} <${name.toLowerCase().replace(' ', '.')}`,
    Erik: first,
    ...(text ? { 'Hur lång tid tar leveransen till Göteborg? Jag behöver paketet före fredag.': text } : {}),
  };
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  inbox = await startInboxBrowser();
  ana = await inbox.newAgentPage(BROWSER_ADMIN);
}, 150_000);

afterAll(async () => {
  await inbox?.stop();
});

describe('the inbox for a team, in Chromium', () => {
  it('answers a browser with an HTML 404 and a favicon; the API keeps JSON', async () => {
    const missing = await ana.goto(`${inbox.base}/no-such-page`);
    expect(missing!.status()).toBe(404);
    expect(missing!.headers()['content-type']).toContain('text/html');
    expect(await ana.textContent('h1')).toContain('404');
    expect(await ana.getAttribute('a[href="/inbox"]', 'href')).toBe('/inbox');
    const icon = await ana.goto(`${inbox.base}/favicon.ico`);
    expect(icon!.status()).toBe(200);
    expect(icon!.headers()['content-type']).toMatch(/^image\//);
    const api = await fetch(`${inbox.base}/api/v1/no-such-thing`, { headers: { accept: 'text/html' } });
    expect(api.headers.get('content-type')).toContain('application/json');
  });

  it('previews what the customer says, not their greeting', async () => {
    await inbox.inbound('swedish-question.eml');
    await ana.goto(`${inbox.base}/inbox?status=open&view=all`);
    const preview = (who: string) => ana.locator('.conversation', { hasText: who }).locator('.preview').textContent();
    expect(await preview('Erik')).toBe('Hur lång tid tar leveransen till Göteborg? Jag behöver paketet före fredag.');
    expect(await preview('Astrid')).toContain('Kan ni skicka till min jobbadress');
  });

  it('keeps the tab counts true when the list refreshes in place', async () => {
    await ana.goto(`${inbox.base}/inbox?status=open&view=all`);
    const openCount = async () => Number(await ana.locator('.tabs a', { hasText: 'Open' }).locator('.count').textContent());
    const before = await openCount();
    await inbox.inbound('swedish-question.eml', customer('Greta Holm', 'greta-0001'));
    await expect.poll(() => ana.textContent('#list'), { timeout: 20_000, interval: 500 }).toContain('Greta');
    expect(await openCount()).toBe(before + 1);
  });

  it('fits the agents page into 390 px, names its role select, and invites an agent', async () => {
    await ana.setViewportSize({ width: 390, height: 844 });
    const url = await inviteAgent(ana, inbox.base, BO);
    await ana.screenshot({ path: join(ARTIFACTS, 'agents-390.png'), fullPage: true });
    const overflow = await ana.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await ana.setViewportSize({ width: 1280, height: 900 });

    const bo = await inbox.newAgentPage();
    await bo.goto(url);
    await bo.fill('input[name=password]', BO.password);
    await bo.click('button[type=submit]');
    await bo.waitForURL(/\/login/);
    await bo.context().close();
  });

  it('shows agent replies under the agent who wrote them, with readable times in the agent’s time zone', async () => {
    const tokyo = await inbox.newAgentPage({ ...BROWSER_ADMIN, timezoneId: 'Asia/Tokyo' });
    await tokyo.goto(`${inbox.base}/inbox?status=pending&view=all`);
    await tokyo.click('.conversation:has-text("James")');
    await tokyo.waitForSelector('.message.agent');
    expect(await tokyo.textContent('.message.agent .author')).toBe('Admin');
    expect(await contrastOf(tokyo, '.message.agent time')).toBeGreaterThanOrEqual(4.5);
    const stamp = await tokyo.$eval('.message.agent time', (t) => ({
      datetime: t.getAttribute('datetime')!,
      title: (t as HTMLElement).title,
    }));
    // The page's language (the inbox's English writes dates the en-GB way), the browser's zone.
    const expected = new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Asia/Tokyo',
    }).format(new Date(stamp.datetime));
    expect(stamp.title).toContain(expected);

    // Snooze to 09:00 in Tokyo: 00:00 UTC.
    const url = new URL(tokyo.url());
    const id = url.pathname.split('/').pop()!;
    await tokyo.fill('input[name=until_local]', '2030-01-15T09:00');
    await tokyo.click('form.snooze-until button[type=submit]');
    await tokyo.waitForURL(/\/inbox$/);
    const conversation = await inbox.api<ConversationJson>(`/api/v1/conversations/${id}`);
    expect(conversation.status).toBe('snoozed');
    expect(conversation.snoozed_until).toBe('2030-01-15T00:00:00.000Z');
    await tokyo.goto(url.toString());
    expect(await tokyo.textContent('.snoozed-until')).toContain('15 Jan 2030, 09:00');
    await tokyo.context().close();
  });

  it('searches contacts: their conversations are found, they are links, and the query stays in the box', async () => {
    await ana.goto(`${inbox.base}/inbox/search?q=Lindqvist`);
    expect(await ana.inputValue('.topbar .search input')).toBe('Lindqvist');
    expect(await ana.textContent('.search-results')).not.toContain('No conversation matches');
    expect(await ana.textContent('.search-results .conversations')).toContain('SE-10442');
    const contact = ana.locator('.search-results .contacts a', { hasText: 'Astrid Lindqvist' });
    await contact.click();
    await ana.waitForURL(/\/inbox\/c\//);
    expect(await ana.textContent('.contact-panel')).toContain('astrid.lindqvist@example.se');

    // A match in the subject alone is shown once, marked in the subject.
    await ana.goto(`${inbox.base}/inbox/search?q=bekr%C3%A4ftad`);
    const row = ana.locator('.search-results .conversation', { hasText: 'SE-10442' });
    const text = (await row.textContent())!;
    expect(text.split('bekräftad').length - 1).toBe(1);
    expect(await row.locator('.subject mark').textContent()).toBe('bekräftad');
  });

  it('quotes a Hebrew query the right way round', async () => {
    await ana.goto(`${inbox.base}/inbox/search?q=${encodeURIComponent('מספר מעקב')}`);
    const x = await ana.$eval('.search-results h1', (h1) => {
      const left = (needle: string) => {
        const walker = document.createTreeWalker(h1, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent!.indexOf(needle);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + needle.length);
          return range.getBoundingClientRect().left;
        }
        return Number.NaN;
      };
      return { open: left('“'), query: left('מספר'), close: left('”') };
    });
    expect(x.open).toBeLessThan(x.query);
    expect(x.query).toBeLessThan(x.close);
  });

  it('clears a flag from the thread, including the flag on its message', async () => {
    await inbox.inbound('swedish-question.eml', customer('Olle Dahl', 'olle-0001'));
    const reused = await inbox.inbound('swedish-question.eml', customer('Olle Dahl', 'olle-0001', 'Ett helt annat brev.'));
    await ana.goto(`${inbox.base}/inbox/c/${reused.conversation_id}`);
    expect(await ana.textContent('.thread-head')).toContain('Message-ID reused');
    await ana.click('.thread-head button:has-text("Clear flag")');
    await ana.waitForSelector('.thread-head button:has-text("Clear flag")', { state: 'detached' });
    expect(await ana.textContent('.thread-head')).not.toContain('Message-ID reused');
    expect(await ana.locator('.badge.flag').count()).toBe(0);
    expect((await inbox.api<ConversationJson>(`/api/v1/conversations/${reused.conversation_id}`)).flag).toBeNull();
  });

  it('keeps a draft per conversation until it is sent, and sends it after the session changed', async () => {
    const { conversation_id } = await inbox.inbound('swedish-question.eml', customer('Sara Ek', 'sara-0001'));
    const thread = `${inbox.base}/inbox/c/${conversation_id}`;
    await ana.goto(thread);
    await ana.fill('#reply-text', 'Hej Sara! Paketet kommer i morgon.');
    await ana.goto(`${inbox.base}/inbox`);
    await ana.goto(thread);
    expect(await ana.inputValue('#reply-text')).toBe('Hej Sara! Paketet kommer i morgon.');

    // In another tab the agent signs out: sending now must not lose the text.
    const other = await ana.context().newPage();
    await other.goto(`${inbox.base}/inbox`);
    await other.click('text=Sign out');
    await other.waitForURL(/\/login/);
    await ana.click('.composer button[type=submit]');
    await expect.poll(() => ana.textContent('.composer [role=alert]')).toContain('signed out');
    expect(await ana.inputValue('#reply-text')).toBe('Hej Sara! Paketet kommer i morgon.');

    // Signed in again there (a new session and CSRF token), the old tab sends.
    await signInPage(other, inbox.base, BROWSER_ADMIN.email, BROWSER_ADMIN.password);
    await other.close();
    await ana.click('.composer button[type=submit]');
    await ana.waitForSelector('.message.agent:has-text("Paketet kommer i morgon")');
    expect(await ana.inputValue('#reply-text')).toBe('');
    await ana.goto(thread);
    expect(await ana.inputValue('#reply-text')).toBe('');
  });

  it('shows who else is viewing and typing, and holds the second agent’s reply', async () => {
    const { conversation_id } = await inbox.inbound('swedish-question.eml', customer('Tove Lund', 'tove-0001'));
    const thread = `${inbox.base}/inbox/c/${conversation_id}`;
    const bo = await inbox.newAgentPage(BO);
    await bo.goto(thread);
    await ana.goto(thread);
    await expect.poll(() => bo.textContent('.presence'), { timeout: 20_000, interval: 500 }).toContain('Admin is viewing');
    await expect.poll(() => ana.textContent('.presence'), { timeout: 20_000, interval: 500 }).toContain('Bo Berg is viewing');

    await bo.fill('#reply-text', 'Hej Tove! Jag kollar.');
    await expect.poll(() => ana.textContent('.presence'), { timeout: 20_000, interval: 500 }).toContain('Bo Berg is typing');
    await ana.fill('#reply-text', 'Hej Tove! Paketet går i dag.');
    await ana.click('.composer button[type=submit]');
    await ana.waitForSelector('.message.agent');

    await bo.click('.composer button[type=submit]');
    await bo.waitForSelector('.warning');
    expect(await bo.textContent('.warning')).toMatch(/Admin answered \d+ sec ago/);
    expect(await bo.textContent('.message.new')).toContain('Paketet går i dag');
    expect(await bo.inputValue('#reply-text')).toBe('Hej Tove! Jag kollar.');
    await bo.screenshot({ path: join(ARTIFACTS, 'thread-reply-held-for-agent.png'), fullPage: true });
    const outbox = await inbox.api<{ data: { to: string[]; text: string }[] }>('/api/v1/dev/outbox');
    expect(outbox.data.filter((m) => m.to[0] === 'tove.lund@example.se')).toHaveLength(1);

    await bo.check('input[name=force]');
    await bo.click('.composer button[type=submit]');
    await bo.waitForSelector('.message.agent:has-text("Jag kollar")');
    await bo.context().close();
    // Presence is polled every 5 s by each page: several rounds before everyone has seen everyone.
  }, 60_000);

  it('works from the keyboard: j/k, Enter, r, n, a, s, /, ?, e', async () => {
    const { conversation_id } = await inbox.inbound('swedish-question.eml', customer('Ulla Berg', 'ulla-0001'));
    await ana.goto(`${inbox.base}/inbox?status=open&view=all`);
    const focusedRow = () => ana.evaluate(() => document.activeElement?.closest('.conversation')?.getAttribute('data-id') ?? null);
    const ids = await ana.$$eval('#list .conversation', (rows) => rows.map((r) => r.getAttribute('data-id')));
    expect(ids.length).toBeGreaterThanOrEqual(2);
    await ana.keyboard.press('j');
    expect(await focusedRow()).toBe(ids[0]);
    await ana.keyboard.press('j');
    expect(await focusedRow()).toBe(ids[1]);
    await ana.keyboard.press('k');
    expect(await focusedRow()).toBe(ids[0]);
    for (let i = 0; i < ids.length && (await focusedRow()) !== conversation_id; i++) await ana.keyboard.press('j');
    expect(await focusedRow()).toBe(conversation_id);
    await ana.keyboard.press('Enter');
    await ana.waitForURL(new RegExp(`/inbox/c/${conversation_id}$`));

    const focusedId = () => ana.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('name') || null);
    await ana.keyboard.press('r');
    expect(await focusedId()).toBe('reply-text');
    expect(await ana.inputValue('#reply-text')).toBe('');
    await ana.keyboard.press('Escape');
    await ana.keyboard.press('n');
    expect(await focusedId()).toBe('note-text');
    await ana.keyboard.press('Escape');
    await ana.keyboard.press('s');
    expect(await focusedId()).toBe('for');
    await ana.evaluate(() => (document.activeElement as HTMLElement).blur());
    await ana.keyboard.press('/');
    expect(await focusedId()).toBe('q');
    expect(await ana.inputValue('.topbar .search input')).toBe('');
    await ana.keyboard.press('Escape');

    await ana.keyboard.press('?');
    expect(await ana.isVisible('dialog#shortcuts')).toBe(true);
    expect(await ana.textContent('dialog#shortcuts')).toContain('assign to me');
    await ana.keyboard.press('?');
    expect(await ana.isVisible('dialog#shortcuts')).toBe(false);

    await ana.keyboard.press('a');
    await ana.waitForSelector('text=Assign to me', { state: 'detached' });
    await ana.keyboard.press('e');
    await ana.waitForURL(/\/inbox$/);
    expect((await inbox.api<ConversationJson>(`/api/v1/conversations/${conversation_id}`)).status).toBe('closed');
  });
});
