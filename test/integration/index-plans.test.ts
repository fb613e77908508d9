import { describe, expect, it } from 'vitest';
import { contacts, conversations, messages } from '../../db/schema.ts';
import { compileRule } from '../../src/store/rules-sql.ts';
import { parseRule } from '../../src/domain/rules/parse.ts';
import { getContactsByEmails, getContactsByIds } from '../../src/store/contacts.ts';
import { listConversationRows, wakeSnoozedConversations } from '../../src/store/conversations.ts';
import { createDb, type Db } from '../../src/store/db.ts';
import { loadDeliveryHistory } from '../../src/store/delivery-history.ts';
import { inboxVersion, listInboxRows } from '../../src/store/inbox.ts';
import {
  findMessageByIdempotencyKey,
  findMessageByInboundId,
  findMessagesByIdempotencyKeys,
  findMessageByProviderId,
  listConversationMessagesBefore,
} from '../../src/store/messages.ts';
import { findByMessageIds, findConversationsBySubject, findLatestOutboundTo } from '../../src/store/threading.ts';
import { useTestContext } from '../support/contexts.ts';
import { recordingClient } from '../support/recording-client.ts';
import type { TestContext } from '../support/test-deps.ts';

async function plansOf(t: TestContext, run: (db: Db) => Promise<unknown>): Promise<string> {
  const { client, statements } = recordingClient(t.client);
  const db = createDb(client);
  await run(db);
  const lines: string[] = [];
  for (const s of statements) {
    const plan = await t.client.execute({ sql: `EXPLAIN QUERY PLAN ${s.sql}`, args: s.args });
    lines.push(...plan.rows.map((r) => String(r.detail)));
  }
  return lines.join(' | ');
}

async function seed(t: TestContext): Promise<void> {
  const now = t.clock.now();
  await t.deps.db.insert(contacts).values({ id: 'con_01IDX', email: 'idx@example.com', createdAt: now, updatedAt: now });
  await t.deps.db.insert(conversations).values({
    id: 'cnv_01IDX',
    contactId: 'con_01IDX',
    subject: 'Order',
    normalizedSubject: 'order',
    status: 'open',
    lastMessageAt: now,
    createdAt: now,
    updatedAt: now,
  });
  await t.deps.db.insert(messages).values({
    id: 'msg_01IDX',
    conversationId: 'cnv_01IDX',
    direction: 'out',
    author: 'agent',
    status: 'sent',
    providerId: 're_1',
    messageIdHeader: 'a@b',
    toAddresses: ['idx@example.com'],
    createdAt: now,
  });
}

const AGENT = { kind: 'agent' as const, agentId: 'agt_01IDX' };

describe('index plans', () => {
  const t = useTestContext();

  it.each([
    ['conversations_status_waiting_idx', (db: Db) => listInboxRows(db, { status: 'open', assignee: { kind: 'all' }, limit: 50 })],
    ['conversations_status_recent_idx', (db: Db) => listInboxRows(db, { status: 'closed', assignee: { kind: 'all' }, limit: 50 })],
    ['conversations_assignee_status_waiting_idx', (db: Db) => listInboxRows(db, { status: 'open', assignee: AGENT, limit: 50 })],
    ['conversations_assignee_status_recent_idx', (db: Db) => listInboxRows(db, { status: 'closed', assignee: AGENT, limit: 50 })],
    ['conversations_updated_idx', (db: Db) => inboxVersion(db)],
    ['conversations_contact_idx', (db: Db) => listConversationRows(db, { limit: 11, contactId: 'con_01IDX' })],
    ['conversations_contact_subject_idx', (db: Db) => findConversationsBySubject(db, 'con_01IDX', 'order')],
    ['conversations_snoozed_idx', (db: Db) => wakeSnoozedConversations(db, Date.now())],
    ['conversations_recent_idx', (db: Db) => listConversationRows(db, { limit: 50 })],
    ['sqlite_autoindex_contacts_1', (db: Db) => getContactsByIds(db, ['con_01IDX', 'con_02IDX'])],
    ['contacts_email_unique', (db: Db) => getContactsByEmails(db, ['idx@example.com', 'other@example.com'])],
    ['messages_message_id_header_unique', (db: Db) => findByMessageIds(db, ['a@b'])],
    ['messages_idempotency_key_unique', (db: Db) => findMessageByIdempotencyKey(db, 'key-1')],
    ['messages_idempotency_key_unique', (db: Db) => findMessagesByIdempotencyKeys(db, ['key-1', 'key-2'])],
    ['messages_conversation_idx', (db: Db) => listConversationMessagesBefore(db, 'cnv_01IDX', { limit: 31 })],
    ['messages_provider_id_idx', (db: Db) => findMessageByProviderId(db, 're_1')],
    ['messages_inbound_email_idx', (db: Db) => findMessageByInboundId(db, 'inb_01IDX')],
  ])('%s serves a store query', async (index, run) => {
    await seed(t);
    expect(await plansOf(t, run)).toMatch(new RegExp(`USING (COVERING )?INDEX ${index}\\b`));
  });

  it.each([
    ['the newest page', undefined],
    ['a "show earlier" page', { createdAt: 1_700_000_000_000, id: 'msg_01IDX' }],
  ])("a thread's page (%s) reads messages in the index's order, without sorting the whole thread", async (_, before) => {
    await seed(t);
    const plan = await plansOf(t, (db) => listConversationMessagesBefore(db, 'cnv_01IDX', { limit: 31, before }));
    expect(plan).toMatch(/USING INDEX messages_conversation_idx \(conversation_id=\?/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });

  it('the dropped indexes are gone, and made again no query filtering on their columns would use them', async () => {
    await seed(t);
    const indexes = await t.client.execute("select name from sqlite_master where type = 'index'");
    const names = indexes.rows.map((r) => String(r.name));
    expect(names).not.toContain('conversations_linked_idx');
    expect(names).not.toContain('messages_status_idx');
    await t.client.execute('CREATE INDEX conversations_linked_idx ON conversations (linked_conversation_id)');
    await t.client.execute('CREATE INDEX messages_status_idx ON messages (status, created_at)');
    const now = t.clock.now();
    const plans = await plansOf(t, async (db) => {
      // The queries of src/store that filter messages on status, or read conversations beside a link.
      await loadDeliveryHistory(db, 'con_01IDX', {
        topic: null,
        sendsSince: now - 86_400_000,
        sendCategories: null,
        waiting: true,
        source: null,
      });
      await findLatestOutboundTo(db, 'idx@example.com', now - 86_400_000);
      await listConversationRows(db, { limit: 11, contactId: 'con_01IDX' });
      const parsed = parseRule({ last_message: { category: 'marketing', within: 'P7D' } }, { allowEvent: false });
      if (!parsed.ok) throw new Error('rule');
      const { sql, params } = compileRule(parsed.rule, now);
      await db.$client.execute({ sql: `SELECT count(*) FROM contacts WHERE (${sql})`, args: params });
    });
    expect(plans.length).toBeGreaterThan(0);
    expect(plans).not.toMatch(/conversations_linked_idx|messages_status_idx/);
  });
});
