// The hot paths' prebuilt inserts write what drizzle's own insert writes, and build once per set of columns.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { conversations, messages } from '../../db/schema.ts';
import { markInboundQuery } from '../../src/store/inbound-emails.ts';
import { recordInboundInConversationQuery, recordInboundInConversationStatement } from '../../src/store/inbound-pipeline.ts';
import { insertConversationStatement, insertMessageStatement, markInboundStatement, writeBatch } from '../../src/store/row-statements.ts';
import type { NewMessage } from '../../src/store/messages.ts';
import { createTestContext, type TestContext } from '../support/test-deps.ts';

let t: TestContext;
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(() => {
  vi.restoreAllMocks();
  t.cleanup();
});

const conversation = {
  id: 'cnv_rs',
  contactId: 'ct_rs',
  subject: 'Order',
  normalizedSubject: 'order',
  lastMessageAt: 1,
  createdAt: 1,
  updatedAt: 1,
};
const message = (id: string, extra: Partial<NewMessage> = {}): NewMessage & { id: string } => ({
  id,
  conversationId: 'cnv_rs',
  kind: 'email',
  direction: 'in',
  author: 'contact',
  fromAddress: 'kund@example.se',
  toAddresses: ['support@acme.example', 'b@example.com'],
  ccAddresses: [],
  subject: 'Hej',
  text: 'Hej!\n\n"citat" – å',
  html: undefined,
  status: 'received',
  category: 'support',
  createdAt: 1_700_000_000_000,
  ...extra,
});

describe('row statements', () => {
  it('write the SQL and arguments drizzle writes, undefined columns left to their defaults', () => {
    for (const row of [message('msg_1'), message('msg_2', { headers: { 'X-A': '1' }, html: '<p>x</p>', replyText: null })]) {
      const drizzle = t.deps.db.insert(messages).values(row).toSQL();
      expect(insertMessageStatement(t.deps.db, row)).toEqual({ sql: drizzle.sql, args: drizzle.params });
    }
    const drizzle = t.deps.db.insert(conversations).values(conversation).toSQL();
    expect(insertConversationStatement(t.deps.db, conversation)).toEqual({ sql: drizzle.sql, args: drizzle.params });
  });

  it('build an insert once per set of columns given', () => {
    const insert = vi.spyOn(t.deps.db, 'insert');
    for (let i = 0; i < 4; i++) insertMessageStatement(t.deps.db, message(`msg_a${i}`, { threadRule: 'new' }));
    insertMessageStatement(t.deps.db, message('msg_b', { threadRule: 'new', flag: 'x' }));
    expect(insert).toHaveBeenCalledTimes(2);
  });

  it('store rows that read back as drizzle stored them, in one batch with drizzle queries', async () => {
    await t.client.execute(
      "insert into contacts (id, email, marketing_consent, created_at, updated_at) values ('ct_rs', 'kund@example.se', 'unknown', 1, 1)",
    );
    await writeBatch(t.deps.db, [
      insertConversationStatement(t.deps.db, conversation),
      insertMessageStatement(t.deps.db, message('msg_rs', { headers: { 'X-A': '1' } })),
      t.deps.db.insert(messages).values(message('msg_drizzle', { headers: { 'X-A': '1' } })),
    ]);
    const [ours, theirs] = await Promise.all(
      ['msg_rs', 'msg_drizzle'].map((id) => t.deps.db.query.messages.findFirst({ where: (m, { eq }) => eq(m.id, id) })),
    );
    expect(ours).toEqual({ ...theirs, id: 'msg_rs' });
    expect(ours?.toAddresses).toEqual(['support@acme.example', 'b@example.com']);
  });

  it.each([
    ['nothing else', null, null, null],
    ['a flag', 'outsider', null, null],
    ['a link', null, { conversationId: 'cnv_x', reason: 'outsider' }, null],
    ['waiting', null, null, { waitingSince: 5, firstResponseDueAt: null, preview: 'Hej' }],
    ['all', 'outsider', { conversationId: 'cnv_x', reason: 'outsider' }, { waitingSince: 5, firstResponseDueAt: 9, preview: 'Hej' }],
  ])('update a conversation for an inbound message as drizzle does (%s)', (_what, flag, link, waiting) => {
    // Twice: the first call builds the variant, the second fills what the first built.
    for (const now of [1_700_000_000_000, 1_700_000_000_001]) {
      const change = { now, flag, link, waiting };
      const drizzle = recordInboundInConversationQuery(t.deps.db, `cnv_${now}`, change).toSQL();
      expect(recordInboundInConversationStatement(t.deps.db, `cnv_${now}`, change)).toEqual({ sql: drizzle.sql, args: drizzle.params });
    }
  });

  it('mark an inbound row as drizzle does, per set of columns', () => {
    for (const patch of [
      { status: 'processed' as const, error: null, attempts: 1, messageId: 'msg_1', processedAt: 5 },
      { status: 'processed' as const, error: null, attempts: 2, messageId: null, processedAt: 6 },
      { status: 'failed' as const, error: 'x' },
    ]) {
      const drizzle = markInboundQuery(t.deps.db, 'inb_1', patch).toSQL();
      expect(markInboundStatement(t.deps.db, 'inb_1', patch)).toEqual({ sql: drizzle.sql, args: drizzle.params });
    }
  });
});
