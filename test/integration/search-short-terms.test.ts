// Search terms too short for the trigram index (1- and 2-character Chinese, short Hebrew words) use the word index,
// which the scheduler tick writes: they find the right conversation, become searchable within one tick, and the
// query reads the index instead of scanning every message.
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/store/db.ts';
import { searchMessages } from '../../src/store/search.ts';
import { indexPendingMessagesBatch } from '../../src/store/search-index.ts';
import { indexWordsBatch, MESSAGE_WORDS } from '../../src/store/search-words.ts';
import { runScheduled } from '../../src/services/runScheduled.ts';
import { searchInbox } from '../../src/services/searchInbox.ts';
import { useTestContext } from '../support/contexts.ts';
import { deliver } from '../support/inbound-helpers.ts';
import type { Client, InStatement } from '@libsql/client';

const t = useTestContext();
let sequence = 0;

async function customerWrites(from: string, subject: string, body: string): Promise<string> {
  sequence++;
  const raw = [
    `From: ${from}`,
    'To: support@acme.example',
    `Subject: =?UTF-8?B?${Buffer.from(subject, 'utf8').toString('base64')}?=`,
    `Message-ID: <short-terms-${sequence}@example.org>`,
    'Date: Mon, 23 Nov 2026 08:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    body,
    '',
  ].join('\r\n');
  const answer = await deliver(t, new TextEncoder().encode(raw) as Uint8Array<ArrayBuffer>);
  return answer.conversation_id!;
}

async function found(query: string): Promise<string[]> {
  return (await searchInbox(t.deps, query)).conversations.map((c) => c.conversationId);
}

describe('short search terms', () => {
  it('a 1- and a 2-character Chinese term and a 2-letter Hebrew word find the right conversation', async () => {
    const refund = await customerWrites('li@example.cn', '订单 4711', '你好，我想申请退款，谢谢。');
    const delivery = await customerWrites('wang@example.tw', '包裹', '我的包裹還沒到，請問什麼時候送達？');
    const hebrew = await customerWrites('noa@example.co.il', 'שאלה', 'אם אפשר, שלחו שוב את החשבונית של ההזמנה');
    const greeting = await customerWrites('dan@example.co.il', 'תודה', 'שלום וברכה');
    await runScheduled(t.deps);

    expect(await found('退款')).toEqual([refund]);
    expect(await found('退')).toEqual([refund]);
    expect(await found('包裹')).toEqual([delivery]);
    expect(await found('還')).toEqual([delivery]);
    expect(await found('אם')).toEqual([hebrew]);
    // A short word matches whole words: של (of) is not found inside שלום (hello).
    expect(await found('של')).toEqual([hebrew]);
    expect(await found('שלום')).toEqual([greeting]);
    // Both kinds of term in one query: the trigram index for the long one, the word index for the short one.
    expect(await found('退款 申请退款')).toEqual([refund]);
    expect(await found('退款 החשבונית')).toEqual([]);
    // The word index matches characters in order, not anywhere in the text.
    expect(await found('款退')).toEqual([]);
    // A snippet marks where the short term matched.
    const [hit] = (await searchInbox(t.deps, '退款')).conversations;
    expect(hit!.snippet).toContainEqual({ text: '退款', match: true });
  });

  it('a new message is searchable by a short term after one scheduler tick', async () => {
    await customerWrites('li@example.cn', '你好', '已经收到了');
    await runScheduled(t.deps);
    const later = await customerWrites('zhao@example.cn', '问题', '发票在哪里');
    const report = await runScheduled(t.deps);
    expect(report.searchWords.messages).toBe(1);
    expect(await found('发票')).toEqual([later]);
  });

  it('a message whose text changed is found by its new text after the next tick, not by the old', async () => {
    const id = await customerWrites('li@example.cn', '你好', '我要退款');
    await runScheduled(t.deps);
    await t.client.execute({ sql: "update messages set reply_text = '我要换货', text = '我要换货' where conversation_id = ?", args: [id] });
    await runScheduled(t.deps);
    expect(await found('换货')).toEqual([id]);
    expect(await found('退款')).toEqual([]);
  });

  it('indexes existing rows in batches from the high-water mark until none are left', async () => {
    const first = await customerWrites('li@example.cn', '一', '第一个问题');
    await customerWrites('wang@example.cn', '二', '第二个问题');
    await customerWrites('zhao@example.cn', '三', '第三个问题');
    await indexPendingMessagesBatch(t.deps.db, 100); // the trigram index the word index follows
    const batches = [];
    for (let n = await indexWordsBatch(t.deps.db, MESSAGE_WORDS, 2, 0); n > 0; n = await indexWordsBatch(t.deps.db, MESSAGE_WORDS, 2, 0))
      batches.push(n);
    expect(batches).toEqual([2, 1]);
    expect(await found('第一')).toEqual([first]);
    expect(await found('问题')).toHaveLength(3);
  });

  it('a contact is found by a 1-character name', async () => {
    await customerWrites('=?UTF-8?B?5p2O5piO?= <ming@example.cn>', '你好', '谢谢');
    await runScheduled(t.deps);
    expect((await searchInbox(t.deps, '李')).contacts.map((c) => c.email)).toEqual(['ming@example.cn']);
  });
});

describe('the short-term query plan', () => {
  function recording(client: Client): { client: Client; statements: InStatement[] } {
    const statements: InStatement[] = [];
    const proxy = new Proxy(client, {
      get(target, key, receiver) {
        if (key === 'execute')
          return (st: InStatement) => {
            statements.push(st);
            return target.execute(st);
          };
        return Reflect.get(target, key, receiver);
      },
    });
    return { client: proxy, statements };
  }

  it('reads the word index (an FTS5 match) and never scans the messages’ text', async () => {
    const rec = recording(t.client);
    await searchMessages(createDb(rec.client), ['退款'], 50);
    expect(rec.statements).toHaveLength(1);
    const st = rec.statements[0]!;
    const { sql, args } = typeof st === 'string' ? { sql: st, args: [] } : st;
    const plan = await t.client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: args as never });
    const steps = plan.rows.map((r) => String(r.detail));
    // FTS5 reports a MATCH constraint as "M" in its index string; a full scan has none. The first virtual table read
    // (inside the subquery that picks each conversation's newest match) is the word index's match.
    expect(steps.find((s) => s.includes('VIRTUAL TABLE'))).toMatch(/^SCAN messages_words_fts VIRTUAL TABLE INDEX \d+:M/);
    expect(steps.some((s) => /^SCAN messages_fts VIRTUAL TABLE INDEX \d+:$/.test(s))).toBe(false);
  });
});
