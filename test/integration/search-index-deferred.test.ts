// Messages are indexed for search by the scheduler in batches, not in the request that stores them: the insert only
// queues the message, the next tick writes the trigram and word indexes, and a change to a queued message is indexed
// with its new text. (One FTS5 segment per batch instead of one per inbound message.)
import { describe, expect, it } from 'vitest';
import { indexSearchWords } from '../../src/services/indexSearchWords.ts';
import { runScheduled } from '../../src/services/runScheduled.ts';
import { searchInbox } from '../../src/services/searchInbox.ts';
import { useTestContext } from '../support/contexts.ts';
import { deliver } from '../support/inbound-helpers.ts';

const t = useTestContext();
let sequence = 0;

async function customerWrites(subject: string, body: string): Promise<string> {
  sequence++;
  const raw = [
    'From: Lina Berg <lina@example.se>',
    'To: support@acme.example',
    `Subject: ${subject}`,
    `Message-ID: <deferred-${sequence}@example.org>`,
    'Date: Mon, 23 Nov 2026 08:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
  return (await deliver(t, new TextEncoder().encode(raw) as Uint8Array<ArrayBuffer>)).conversation_id!;
}

const found = async (query: string) => (await searchInbox(t.deps, query)).conversations.map((c) => c.conversationId);
const count = async (table: string) => Number((await t.client.execute(`select count(*) as n from ${table}`)).rows[0]!.n);

describe('deferred search indexing', () => {
  it('a new message is queued, not indexed, and is found by long and short terms after one tick', async () => {
    const id = await customerWrites('Fakturan saknas', 'Hej, jag har inte fått fakturan för beställning 4711. 谢谢');
    expect(await count('messages_fts')).toBe(0);
    expect(await count('messages_fts_pending')).toBe(1);
    expect(await found('fakturan')).toEqual([]);

    const report = await runScheduled(t.deps);
    expect(report.searchWords).toMatchObject({ trigram: 1, messages: 1 });
    expect(await count('messages_fts_pending')).toBe(0);
    expect(await found('fakturan')).toEqual([id]);
    expect(await found('4711')).toEqual([id]);
    expect(await found('谢')).toEqual([id]);
  });

  it('a queued message that changes is indexed with its new text; an indexed one that changes too', async () => {
    const id = await customerWrites('Retur', 'Jag vill returnera skorna');
    await t.client.execute({
      sql: "update messages set reply_text = 'Jag vill byta jackan', text = 'Jag vill byta jackan' where conversation_id = ?",
      args: [id],
    });
    await indexSearchWords(t.deps);
    expect(await found('jackan')).toEqual([id]);
    expect(await found('skorna')).toEqual([]);

    await t.client.execute({
      sql: "update messages set reply_text = 'Jag vill byta mössan', text = 'Jag vill byta mössan' where conversation_id = ?",
      args: [id],
    });
    expect(await found('mössan')).toEqual([id]);
    expect(await found('jackan')).toEqual([]);
  });

  it('a deleted message leaves the queue', async () => {
    const id = await customerWrites('Hej', 'En fråga om leveransen');
    await t.client.execute({ sql: 'delete from messages where conversation_id = ?', args: [id] });
    expect(await count('messages_fts_pending')).toBe(0);
    expect((await indexSearchWords(t.deps)).trigram).toBe(0);
  });

  it('a backlog is indexed until none is left', async () => {
    for (let i = 0; i < 7; i++) await customerWrites(`Order ${1000 + i}`, `Beställning nummer ${1000 + i} har inte kommit`);
    expect(await count('messages_fts_pending')).toBe(7);
    await indexSearchWords(t.deps);
    expect(await count('messages_fts')).toBe(7);
    expect(await found('1003')).toHaveLength(1);
  });
});
