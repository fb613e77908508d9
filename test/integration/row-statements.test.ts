// The hot paths' prebuilt inserts write what drizzle's own insert writes, and build once per set of columns.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { conversations, messages } from '../../db/schema.ts';
import { insertConversationStatement, insertMessageStatement, writeBatch } from '../../src/store/row-statements.ts';
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
    await t.client.execute({
      sql: "insert into contacts (id, email, marketing_consent, created_at, updated_at) values ('ct_rs', 'kund@example.se', 'unknown', 1, 1)",
    });
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
});
