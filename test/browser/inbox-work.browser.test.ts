// What agents use fifty times a day, in headless Chromium, with replies going to the Resend stand-in:
// tags and the tag filter, bulk close from the keyboard and with shift-click, saved reply → edit →
// send (signed), a reply with files, and unread rows with the count in the tab title.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/processes.ts';
import { BROWSER_ADMIN, type InboxBrowser, startInboxBrowser } from '../support/inbox-browser.ts';
import { type ResendStandIn, startResendStandIn } from '../support/resend-server.ts';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
let inbox: InboxBrowser;
let resend: ResendStandIn;
let ana: Page;

interface SentJson {
  to: string[];
  text: string;
  html?: string;
  attachments?: { filename: string; content: string }[];
}
const sentTo = (address: string) => resend.sent.map((s) => s.email as unknown as SentJson).filter((e) => e.to.includes(address));

function customer(name: string, id: string): Record<string, string> {
  return {
    'erik-0001': id,
    'Erik Johansson <erik.johansson': `${name} <${name.toLowerCase().replace(' ', '.')}`,
    Erik: name.split(' ')[0]!,
  };
}
const address = (name: string) => `${name.toLowerCase().replace(' ', '.')}@example.se`;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  resend = await startResendStandIn({ apiKey: 're_browser_test' });
  inbox = await startInboxBrowser({ RESEND_API_KEY: 're_browser_test', RESEND_BASE_URL: resend.url });
  ana = await inbox.newAgentPage(BROWSER_ADMIN);
}, 150_000);

afterAll(async () => {
  await inbox?.stop();
  await resend?.close();
});

describe('team work in the inbox, in Chromium', () => {
  it('tags a conversation from the thread, shows the tag in the list and filters by it', async () => {
    const { conversation_id } = await inbox.inbound('swedish-question.eml', customer('Vera Nord', 'vera-0001'));
    await ana.goto(`${inbox.base}/inbox/c/${conversation_id}`);
    await ana.fill('.add-tag input[name=tag]', 'Order Issue');
    await ana.click('.add-tag button[type=submit]');
    await ana.waitForSelector('.thread-tags .tag:has-text("order-issue")');
    await ana.goto(`${inbox.base}/inbox?status=open&view=all`);
    expect(await ana.textContent(`.conversation[data-id="${conversation_id}"] .tags`)).toBe('order-issue');
    await ana.fill('.tag-filter input[name=tag]', 'order issue');
    await ana.click('.tag-filter button[type=submit]');
    await ana.waitForURL(/tag=order\+issue/);
    expect(await ana.$$eval('#list .conversation', (rows) => rows.map((r) => r.getAttribute('data-id')))).toEqual([conversation_id]);
    await ana.screenshot({ path: join(ARTIFACTS, 'list-tag-filter-1280.png'), fullPage: true });
  });

  it('shows unread rows in bold with the count in the tab title, and keeps it true as mail arrives and is read', async () => {
    await ana.goto(`${inbox.base}/inbox?status=open&view=all`);
    const titleCount = async () => Number(/^\((\d+)\) /.exec(await ana.title())?.[1] ?? 0);
    const before = await titleCount();
    expect(before).toBeGreaterThan(0);
    expect(await ana.title()).toMatch(/^\(\d+\) Inbox · Samtal$/);
    const { conversation_id } = await inbox.inbound('swedish-question.eml', customer('Wilma Ek', 'wilma-0001'));
    await expect.poll(titleCount, { timeout: 20_000, interval: 500 }).toBe(before + 1);
    const row = ana.locator(`.conversation[data-id="${conversation_id}"]`);
    expect(await row.getAttribute('class')).toContain('unread');
    expect(await row.locator('.who').evaluate((el) => getComputedStyle(el).fontWeight)).toBe('800');

    await row.locator('a').click();
    await ana.waitForURL(new RegExp(`/inbox/c/${conversation_id}$`));
    await ana.goto(`${inbox.base}/inbox?status=open&view=all`);
    expect(await titleCount()).toBe(before);
    expect(await ana.locator(`.conversation[data-id="${conversation_id}"]`).getAttribute('class')).not.toContain('unread');
  });

  it('closes conversations in bulk: x on the focused row, shift-click for a range, one result line', async () => {
    const ids: string[] = [];
    for (const name of ['Alva Berg', 'Bror Dahl', 'Cleo Falk']) {
      ids.push((await inbox.inbound('swedish-question.eml', customer(name, `${name.split(' ')[0]!.toLowerCase()}-0001`))).conversation_id);
    }
    await ana.goto(`${inbox.base}/inbox?status=open&view=all`);
    const order = await ana.$$eval('#list .conversation', (rows) => rows.map((r) => r.getAttribute('data-id')!));
    const positions = ids.map((id) => order.indexOf(id)).sort((a, b) => a - b);
    expect(positions[2]! - positions[0]!).toBe(2);
    // Keyboard: focus the first of the three and press x.
    await ana.focus(`.conversation[data-id="${order[positions[0]!]}"] > a`);
    await ana.keyboard.press('x');
    expect(await ana.isChecked(`.conversation[data-id="${order[positions[0]!]}"] .row-select`)).toBe(true);
    // Shift-click the last: the one between is selected too.
    await ana.click(`.conversation[data-id="${order[positions[2]!]}"] .row-select`, { modifiers: ['Shift'] });
    expect(await ana.$$eval('#list .row-select:checked', (b) => b.map((x) => (x as HTMLInputElement).value).sort())).toEqual(
      [...ids].sort(),
    );
    expect(await ana.textContent('.bulk-count')).toBe('3 selected');
    await ana.click('.bulk-bar button[value=close]');
    await ana.waitForSelector('.bulk-result');
    expect(await ana.textContent('.bulk-result')).toBe('3 conversations closed');
    for (const id of ids) expect((await inbox.api<{ status: string }>(`/api/v1/conversations/${id}`)).status).toBe('closed');
  });

  it('inserts a saved reply from the keyboard, rendered for the contact, then edits and sends it signed', async () => {
    const { conversation_id } = await inbox.inbound('swedish-question.eml', customer('Greta Holm', 'greta-0002'));
    await ana.goto(`${inbox.base}/inbox/c/${conversation_id}`);
    await ana.keyboard.press('r');
    await ana.keyboard.press('Control+Space');
    await ana.waitForSelector('dialog#saved-replies[open]');
    await ana.keyboard.type('return');
    await ana.waitForSelector('#saved-replies li[aria-selected=true]:has-text("30")');
    await ana.keyboard.press('Enter');
    await ana.waitForSelector('dialog#saved-replies', { state: 'hidden' });
    const inserted = await ana.inputValue('#reply-text');
    expect(inserted).toContain('Greta');
    expect(inserted).toContain('30');
    expect(inserted).not.toContain('{{');
    await ana.focus('#reply-text');
    await ana.keyboard.press('End');
    await ana.keyboard.type(' Hör av dig om något är oklart.');
    await ana.click('.composer button[type=submit]');
    await ana.waitForSelector('.message.agent:has-text("Hör av dig om något är oklart.")');
    expect(await ana.textContent('.message.agent .signature')).toContain('Acme Support');
    await expect.poll(() => sentTo(address('Greta Holm')).length, { timeout: 20_000, interval: 250 }).toBe(1);
    const [mail] = sentTo(address('Greta Holm'));
    expect(mail!.text).toContain('Hör av dig om något är oklart.\n\n-- \nAdmin');
    expect(mail!.html).toContain('Acme Support');
  });

  it('sends a reply with files through Resend and shows them in the thread', async () => {
    const { conversation_id } = await inbox.inbound('swedish-question.eml', customer('Hugo Lind', 'hugo-0001'));
    await ana.goto(`${inbox.base}/inbox/c/${conversation_id}`);
    await ana.fill('#reply-text', 'Här är kvittot och villkoren.');
    await ana.setInputFiles('.composer input[type=file]', [
      { name: 'kvitto-1042.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 kvitto') },
      { name: 'villkor.txt', mimeType: 'text/plain', buffer: Buffer.from('Villkor') },
    ]);
    await ana.uncheck('.composer input[name=add_signature]');
    await ana.click('.composer button[type=submit]');
    await ana.waitForSelector('.message.agent .attachments:has-text("kvitto-1042.pdf")');
    await expect.poll(() => sentTo(address('Hugo Lind')).length, { timeout: 20_000, interval: 250 }).toBe(1);
    const [mail] = sentTo(address('Hugo Lind'));
    expect(mail!.text).toBe('Här är kvittot och villkoren.');
    expect(mail!.attachments!.map((a) => [a.filename, Buffer.from(a.content, 'base64').toString()])).toEqual([
      ['kvitto-1042.pdf', '%PDF-1.4 kvitto'],
      ['villkor.txt', 'Villkor'],
    ]);
    await ana.screenshot({ path: join(ARTIFACTS, 'thread-reply-with-files-1280.png'), fullPage: true });
  });
});
