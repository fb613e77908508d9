// Rows read as one JSON value (src/store/json-rows.ts) are the rows drizzle reads column by column: every column kind
// of messages (text, enum text, JSON arrays and objects, integers, nulls), and text JSON must escape.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { agents, attachments, contacts, conversations, messages, settings } from '../../db/schema.ts';
import { jsonRow } from '../../src/store/json-rows.ts';
import { listConversationMessagesBefore } from '../../src/store/messages.ts';
import { useTestContext } from '../support/contexts.ts';

describe('rows as JSON', () => {
  const t = useTestContext();

  it('a thread page reads each message exactly as a select of its columns does', async () => {
    const now = t.clock.now();
    const db = t.deps.db;
    await db.insert(contacts).values({ id: 'con_01JSON', email: 'json@example.com', createdAt: now, updatedAt: now });
    await db.insert(conversations).values({
      id: 'cnv_01JSON',
      contactId: 'con_01JSON',
      subject: 'Tricky text',
      status: 'open',
      lastMessageAt: now,
      createdAt: now,
      updatedAt: now,
    });
    await db.insert(messages).values([
      {
        id: 'msg_01JSON_FULL',
        conversationId: 'cnv_01JSON',
        contactId: 'con_01JSON',
        direction: 'in',
        author: 'contact',
        messageIdHeader: 'a@b.example',
        inReplyTo: 'x@y.example',
        references: 'x@y.example z@w.example',
        fromAddress: 'json@example.com',
        fromName: 'Jöns "JSON" \\ Søn',
        toAddresses: ['support@acme.example', 'b@acme.example'],
        ccAddresses: ['c@acme.example'],
        subject: 'Quotes " and \\ backslashes, tabs\t, 退款, שלום, emoji 🎉',
        headers: { 'Message-ID': '<a@b.example>', 'X-Nested': '{"not":"parsed"}' },
        text: 'line one\nline two\r\n\u2028separator',
        html: '<p dir="auto">שלום</p>',
        replyText: 'line one',
        quotedText: '> earlier',
        signature: '-- \nSig',
        status: 'received',
        statusReason: 'none',
        providerId: 're_123',
        template: 'welcome',
        locale: 'sv',
        category: 'support',
        threadRule: 'reply_token',
        flag: 'outsider',
        classification: 'message',
        inboundEmailId: 'inb_01JSON',
        idempotencyKey: 'key-json',
        createdAt: now - 1000,
        sentAt: now - 900,
        deliveredAt: 9_007_199_254_740_991,
      },
      { id: 'msg_01JSON_BARE', conversationId: 'cnv_01JSON', direction: 'out', author: 'agent', status: 'sent', createdAt: now },
    ]);
    const asColumns = await db.select().from(messages).where(eq(messages.conversationId, 'cnv_01JSON'));
    const page = await listConversationMessagesBefore(db, 'cnv_01JSON', { limit: 10 });
    expect(page).toEqual([asColumns[1], asColumns[0]]);
    expect(page[1]!.headers).toEqual({ 'Message-ID': '<a@b.example>', 'X-Nested': '{"not":"parsed"}' });
    expect(page[0]!.headers).toBeNull();
  });

  it('refuses a table with a column kind whose JSON value would differ (booleans, blobs)', () => {
    expect(() => jsonRow(settings)).not.toThrow();
    expect(() => jsonRow(conversations)).not.toThrow();
    expect(() => jsonRow(agents)).toThrow(/active is SQLiteBoolean, not supported/);
    expect(() => jsonRow(attachments)).toThrow(/column content is SQLiteBlob\w*, not supported/);
  });
});
