// Someone never addressed in a conversation writes to its reply address: the steps the flag tests share.
import type { Page } from 'playwright-core';
import type { InboxBrowser } from '../support/inbox-browser.ts';

/** An agent answers the conversation in the browser; the reply address its mail carries, once the dev outbox has it. */
export async function answerAndReadReplyAddress(inbox: InboxBrowser, agent: Page, conversationId: string): Promise<string> {
  await agent.goto(`${inbox.base}/inbox/c/${conversationId}`);
  await agent.fill('#reply-text', 'Hej Erik, paketet kommer på torsdag.');
  await agent.click('.composer button[type=submit]');
  await agent.waitForURL(/\/inbox\/c\//);
  // The reply goes out in the background: ask the dev outbox until it has it.
  for (let tries = 0; tries < 60; tries++) {
    const outbox = JSON.stringify(await inbox.api<unknown>('/api/v1/dev/outbox'));
    const address = /reply\+[^@\s"<>]+@reply\.acme\.example/.exec(outbox)?.[0];
    if (address) return address;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the reply never reached the dev outbox');
}

/** Mallory, never addressed, writes to that reply address (Erik's question, under her own Message-ID). */
export function outsiderWrites(inbox: InboxBrowser, replyAddress: string, messageId: string) {
  return inbox.inbound('swedish-question.eml', {
    'erik-0001': messageId,
    'Erik Johansson <erik.johansson@example.se>': 'Mallory <mallory@example.net>',
    'To: support@reply.acme.example': `To: ${replyAddress}`,
  });
}
