// Issue 14, "optional desktop notification for a new customer message in my conversations": nothing is asked until the
// agent clicks the switch; then a new customer message in a conversation assigned to them shows one notification,
// and one in somebody else's conversation none. The browser's Notification is a recording stand-in (headless Chromium
// shows none): the page's own script decides when to notify and with what words.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ADMIN, type InboxBrowser, startInboxBrowser } from '../support/inbox-browser.ts';

let inbox: InboxBrowser;
let ana: Page;

/** Records every notification; the permission the agent gives is kept across reloads, as a browser keeps it. */
function recordNotifications() {
  const w = window as unknown as { __notes: { title: string; tag?: string }[]; Notification: unknown };
  w.__notes = JSON.parse(sessionStorage.getItem('test:notes') ?? '[]');
  class RecordingNotification {
    onclick: unknown = null;
    constructor(title: string, options?: { tag?: string }) {
      w.__notes.push({ title, ...(options?.tag ? { tag: options.tag } : {}) });
      sessionStorage.setItem('test:notes', JSON.stringify(w.__notes));
    }
    static get permission() {
      return localStorage.getItem('test:permission') ?? 'default';
    }
    static requestPermission() {
      localStorage.setItem('test:permission', 'granted');
      return Promise.resolve('granted');
    }
  }
  w.Notification = RecordingNotification;
}

const notes = () => ana.evaluate(() => (window as unknown as { __notes: { title: string; tag?: string }[] }).__notes);

function nils(messageId: string): Record<string, string> {
  return { 'erik-0001': messageId, 'Erik Johansson <erik.johansson': 'Nils Notis <nils.notis', Erik: 'Nils' };
}

beforeAll(async () => {
  inbox = await startInboxBrowser();
  ana = await inbox.newAgentPage();
  await ana.context().addInitScript(recordNotifications);
  await ana.goto(`${inbox.base}/login`);
  await ana.fill('input[name=email]', BROWSER_ADMIN.email);
  await ana.fill('input[name=password]', BROWSER_ADMIN.password);
  await ana.click('button[type=submit]');
  await ana.waitForURL(`${inbox.base}/inbox`);
}, 150_000);

afterAll(async () => {
  await inbox?.stop();
});

describe('desktop notifications', () => {
  it('are off until asked for, then announce a new customer message in my conversation, not in others', async () => {
    const mine = await inbox.inbound('swedish-question.eml', nils('nils-notify-0001'));
    const other = await inbox.inbound('swedish-question.eml', {
      'erik-0001': 'olga-notify-0001',
      'Erik Johansson <erik.johansson': 'Olga Annan <olga.annan',
      'Fråga om leveransen': 'Fråga om fakturan',
    });
    await ana.goto(`${inbox.base}/inbox/c/${mine.conversation_id}`);
    await ana.click('text=Assign to me');
    await ana.waitForSelector('text=Assign to me', { state: 'detached' });

    await ana.goto(`${inbox.base}/inbox?status=open&view=all`);
    const switcher = ana.locator('.notifications-enable');
    expect(await switcher.textContent()).toBe('Enable desktop notifications');
    expect(await ana.evaluate(() => Notification.permission)).toBe('default');
    await switcher.click();
    await expect.poll(() => switcher.textContent()).toBe('Desktop notifications are on');
    expect(await switcher.isDisabled()).toBe(true);
    // What was already there when the agent switched them on is not announced.
    expect(await notes()).toEqual([]);

    // Nils writes again in his conversation (the same subject joins it); Olga writes again in hers, nobody's.
    const again = await inbox.inbound('swedish-question.eml', nils('nils-notify-0002'));
    expect(again.conversation_id).toBe(mine.conversation_id);
    await inbox.inbound('swedish-question.eml', {
      'erik-0001': 'olga-notify-0002',
      'Erik Johansson <erik.johansson': 'Olga Annan <olga.annan',
      'Fråga om leveransen': 'Fråga om fakturan',
    });
    await ana.reload();
    await expect.poll(notes).toEqual([{ title: 'New message: Fråga om leveransen till Göteborg', tag: mine.conversation_id }]);
    expect((await notes()).some((n) => n.tag === other.conversation_id)).toBe(false);
  });
});
