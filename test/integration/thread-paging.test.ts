// A long thread is read a page at a time: the API returns the newest `limit` messages (oldest first) and a cursor
// for the page before; the inbox thread page shows the newest 30 with a "show earlier" control that loads the page
// before in place (/inbox/c/:id/earlier) or, without the script, opens the thread with more (?show=N).
import { describe, expect, it } from 'vitest';
import { contacts, conversations, messages } from '../../db/schema.ts';
import { THREAD_PAGE_SIZE } from '../../src/services/conversations.ts';
import { useApiContext } from '../support/contexts.ts';
import { pageRequest, pageSession } from '../support/inbox-pages.ts';
import type { TestContext } from '../support/test-deps.ts';

const { t, api } = useApiContext();

const CONVERSATION = 'cnv_01PAGING000000000000000000';

/** A conversation of `count` messages a minute apart, where messages 40..49 share one moment (ties across pages). */
async function longThread(ctx: TestContext, count: number): Promise<string[]> {
  const now = ctx.clock.now();
  await ctx.deps.db.insert(contacts).values({ id: 'con_01PAGING', email: 'long@example.com', createdAt: now, updatedAt: now });
  const at = (i: number) => now - (count - (i >= 40 && i < 50 ? 40 : i)) * 60_000;
  await ctx.deps.db.insert(conversations).values({
    id: CONVERSATION,
    contactId: 'con_01PAGING',
    subject: 'A long story',
    status: 'open',
    lastMessageAt: now,
    messageCount: count,
    createdAt: at(0),
    updatedAt: now,
  });
  const rows = Array.from({ length: count }, (_, i) => ({
    id: `msg_01PAGING${String(i).padStart(16, '0')}`,
    conversationId: CONVERSATION,
    direction: i % 2 ? ('out' as const) : ('in' as const),
    author: i % 2 ? ('agent' as const) : ('contact' as const),
    subject: 'A long story',
    text: `Message number ${i}`,
    replyText: `Message number ${i}`,
    status: i % 2 ? ('delivered' as const) : ('received' as const),
    createdAt: at(i),
  }));
  await ctx.deps.db.insert(messages).values(rows);
  return rows.map((r) => r.id);
}

interface ThreadJson {
  messages: { id: string; created_at: string }[];
  earlier_cursor: string | null;
}

const shownIds = (html: string) => [...html.matchAll(/<article class="message[^"]*" id="(msg_[0-9A-Z]+)"/g)].map((m) => m[1]);

describe('thread paging', () => {
  it('the API gives the newest page, oldest first, and a cursor through every earlier page without gaps or repeats', async () => {
    const ids = await longThread(t, 75);
    const first = await api.json<ThreadJson>('GET', `/api/v1/conversations/${CONVERSATION}?limit=20`);
    expect(first.status).toBe(200);
    expect(first.body.messages.map((m) => m.id)).toEqual(ids.slice(55));
    expect(first.body.earlier_cursor).toEqual(expect.any(String));
    const seen = [...first.body.messages.map((m) => m.id)];
    let cursor = first.body.earlier_cursor;
    while (cursor) {
      const page = await api.json<ThreadJson>('GET', `/api/v1/conversations/${CONVERSATION}?limit=20&cursor=${cursor}`);
      expect(page.status).toBe(200);
      seen.unshift(...page.body.messages.map((m) => m.id));
      cursor = page.body.earlier_cursor;
    }
    expect(seen).toEqual(ids);
    // Without a limit: a page of 200, so every message of this thread, as before paging.
    const plain = await api.json<ThreadJson>('GET', `/api/v1/conversations/${CONVERSATION}`);
    expect(plain.body.messages.map((m) => m.id)).toEqual(ids);
    expect(plain.body.earlier_cursor).toBeNull();
  });

  it('refuses a cursor or limit that is not one, naming the parameter', async () => {
    await longThread(t, 3);
    const bad = await api.json<{ error: { issues: { field: string }[] } }>('GET', `/api/v1/conversations/${CONVERSATION}?cursor=nonsense`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0]!.field).toBe('cursor');
    const zero = await api.json<{ error: { issues: { field: string }[] } }>('GET', `/api/v1/conversations/${CONVERSATION}?limit=0`);
    expect(zero.status).toBe(400);
    expect(zero.body.error.issues[0]!.field).toBe('limit');
  });

  it('the thread page shows the newest page; "show earlier" loads each earlier page, then says where the conversation starts', async () => {
    const ids = await longThread(t, 75);
    const agent = await pageSession(t, 'agent');
    const page = await pageRequest(t, agent, 'GET', `/inbox/c/${CONVERSATION}`);
    expect(page.status).toBe(200);
    expect(shownIds(page.text)).toEqual(ids.slice(75 - THREAD_PAGE_SIZE));
    expect(page.text).toContain('Show earlier messages');
    expect(page.text).toContain('<script src="/static/thread-paging.js" defer=""></script>');
    expect(page.text).toContain(`href="/inbox/c/${CONVERSATION}?show=60"`);
    let next = /data-earlier="([^"]+)"/.exec(page.text)![1]!.replaceAll('&amp;', '&');
    const loaded: string[][] = [];
    let last = '';
    while (next) {
      const earlier = await pageRequest(t, agent, 'GET', next);
      expect(earlier.status).toBe(200);
      loaded.push(shownIds(earlier.text) as string[]);
      last = earlier.text;
      next = (/data-next="([^"]+)"/.exec(earlier.text)?.[1] ?? '').replaceAll('&amp;', '&');
    }
    expect(loaded.map((p) => p.length)).toEqual([30, 15]);
    expect([...loaded[1]!, ...loaded[0]!]).toEqual(ids.slice(0, 45));
    expect(last).toContain('15 earlier messages shown. The conversation starts here.');
  });

  it('without the script, ?show=N opens the thread with the newest N, and a bad N is refused by name', async () => {
    const ids = await longThread(t, 75);
    const agent = await pageSession(t, 'agent');
    const all = await pageRequest(t, agent, 'GET', `/inbox/c/${CONVERSATION}?show=90`);
    expect(shownIds(all.text)).toEqual(ids);
    expect(all.text).not.toContain('Show earlier messages');
    const bad = await pageRequest(t, agent, 'GET', `/inbox/c/${CONVERSATION}?show=lots`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('show');
  });

  it('earlier pages are behind the session like the rest of the inbox', async () => {
    await longThread(t, 40);
    const agent = await pageSession(t, 'agent');
    const page = await pageRequest(t, agent, 'GET', `/inbox/c/${CONVERSATION}`);
    const next = /data-earlier="([^"]+)"/.exec(page.text)![1]!.replaceAll('&amp;', '&');
    const anonymous = await pageRequest(t, null, 'GET', next);
    expect(anonymous.status).not.toBe(200);
    expect(shownIds(anonymous.text)).toEqual([]);
  });
});
