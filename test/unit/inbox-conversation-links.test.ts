// The list of a contact's conversations that the thread's side panel and the contact page share.
import { describe, expect, it } from 'vitest';
import { ConversationLinks } from '../../src/http/inbox/conversation-links.tsx';
import { uiFor } from '../../src/http/inbox/i18n/catalog.ts';
import type { PageContext } from '../../src/http/inbox/layout.tsx';

const NOW = Date.parse('2026-12-01T12:00:00Z');

function page(locale: 'en' | 'sv'): PageContext {
  return { ...uiFor(locale, 'Europe/Stockholm'), agent: {} as PageContext['agent'], csrf: 'x' };
}

async function render(locale: 'en' | 'sv', conversations: Parameters<typeof ConversationLinks>[0]['conversations']) {
  const html = ConversationLinks({ page: page(locale), conversations, empty: 'none here', class: 'other', now: NOW });
  return String(await html?.toString());
}

describe('a contact’s conversations as links', () => {
  it('links each conversation with its status in words and how long ago it was active, the exact time in its title', async () => {
    const html = await render('sv', [
      { id: 'cnv_1', subject: 'Leverans', status: 'closed', lastMessageAt: NOW - 2 * 86_400_000 },
      { id: 'cnv 2', subject: '', status: 'open', lastMessageAt: NOW - 3_600_000 },
    ]);
    expect(html).toContain('<ul class="other">');
    expect(html).toContain('<a href="/inbox/c/cnv_1" dir="auto">Leverans</a>');
    expect(html).toContain('href="/inbox/c/cnv%202"');
    expect(html).toMatch(/Stängda, <time datetime="2026-11-29T12:00:00.000Z" title="[^"]+">för\s2\sd\ssedan<\/time>/);
    expect(html).not.toMatch(/\bclosed\b/);
  });

  it('says so when there are none', async () => {
    expect(await render('en', [])).toBe('<p class="muted">none here</p>');
  });
});
