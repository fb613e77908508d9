// Issue 14, "a flag cannot be cleared": someone who was never addressed in a conversation writes to its reply address
// (reply+TOKEN@…); their mail starts its own conversation, flagged, and an agent clears the flag from the thread.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ADMIN, type InboxBrowser, startInboxBrowser } from '../support/inbox-browser.ts';
import { answerAndReadReplyAddress, outsiderWrites } from './outsider.ts';

let inbox: InboxBrowser;
let ana: Page;

beforeAll(async () => {
  inbox = await startInboxBrowser();
  ana = await inbox.newAgentPage(BROWSER_ADMIN);
}, 150_000);

afterAll(async () => {
  await inbox?.stop();
});

describe('a reply address used by someone not in the conversation', () => {
  it('flags their conversation, and the flag clears from the thread', async () => {
    const erik = await inbox.inbound('swedish-question.eml', { 'erik-0001': 'erik-flag-0001' });
    const replyAddress = await answerAndReadReplyAddress(inbox, ana, erik.conversation_id);
    const mallory = await outsiderWrites(inbox, replyAddress, 'mallory-0001');
    expect(mallory.conversation_id).not.toBe(erik.conversation_id);
    await ana.goto(`${inbox.base}/inbox/c/${mallory.conversation_id}`);
    const head = ana.locator('.thread-head');
    expect(await head.textContent()).toContain('mallory@example.net used the reply address of conversation');
    await ana.click('.thread-head button:has-text("Clear flag")');
    await ana.waitForSelector('.thread-head button:has-text("Clear flag")', { state: 'detached' });
    expect(await head.textContent()).not.toContain('used the reply address');
    expect(await ana.locator('.badge.flag').count()).toBe(0);
    const after = await inbox.api<{ flag: string | null }>(`/api/v1/conversations/${mallory.conversation_id}`);
    expect(after.flag).toBeNull();
  });
});
