import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import { messages } from '../../db/schema.ts';
import type { Db } from './db.ts';

export type MessageRow = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;

export async function insertMessage(db: Db, row: NewMessage): Promise<void> {
  await db.insert(messages).values(row);
}

/** One multi-row insert, as a statement for the caller's db.batch. */
export function insertMessagesQuery(db: Db, rows: NewMessage[]) {
  return db.insert(messages).values(rows);
}

export async function getMessageById(db: Db, id: string): Promise<MessageRow | undefined> {
  const rows = await db.select().from(messages).where(eq(messages.id, id)).limit(1);
  return rows[0];
}

export async function getMessagesByIds(db: Db, ids: string[]): Promise<MessageRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(messages).where(inArray(messages.id, ids));
}

/** The message a provider knows by this id (Resend's email id). */
export async function findMessageByProviderId(db: Db, providerId: string): Promise<MessageRow | undefined> {
  const rows = await db.select().from(messages).where(eq(messages.providerId, providerId)).limit(1);
  return rows[0];
}

export async function findMessageByIdempotencyKey(db: Db, key: string): Promise<MessageRow | undefined> {
  const rows = await db.select().from(messages).where(eq(messages.idempotencyKey, key)).limit(1);
  return rows[0];
}

/** Message-IDs of a conversation's emails (not notes), oldest first: the References chain. */
export async function threadMessageIds(db: Db, conversationId: string): Promise<string[]> {
  const rows = await db
    .select({ id: messages.messageIdHeader })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.kind, 'email'), isNotNull(messages.messageIdHeader)))
    .orderBy(asc(messages.createdAt), asc(messages.id));
  return rows.map((r) => r.id!);
}

export async function updateMessage(db: Db, id: string, patch: Partial<NewMessage>): Promise<void> {
  await db.update(messages).set(patch).where(eq(messages.id, id));
}

/** A conversation's messages and notes, oldest first. */
export async function listConversationMessages(db: Db, conversationId: string): Promise<MessageRow[]> {
  return db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(asc(messages.createdAt), asc(messages.id));
}

/** One page of a conversation's messages and notes, newest first: the latest, or those before `before` (keyset). */
export async function listConversationMessagesBefore(
  db: Db,
  conversationId: string,
  query: { limit: number; before?: { createdAt: number; id: string } | undefined },
): Promise<MessageRow[]> {
  const { before } = query;
  return db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        before ? sql`(${messages.createdAt}, ${messages.id}) < (${before.createdAt}, ${before.id})` : undefined,
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(query.limit);
}

export async function findMessageByInboundId(db: Db, inboundEmailId: string): Promise<MessageRow | undefined> {
  const rows = await db.select().from(messages).where(eq(messages.inboundEmailId, inboundEmailId)).limit(1);
  return rows[0];
}

/** Customer messages (not auto-replies) newer than a given message, oldest first. */
/**
 * What arrived in a conversation after `afterCreatedAt` that an agent must read before their reply
 * goes out: the customer's messages, and replies other agents sent meanwhile.
 */
export async function repliesAfter(db: Db, conversationId: string, afterCreatedAt: number, agentId: string): Promise<MessageRow[]> {
  return db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        gt(messages.createdAt, afterCreatedAt),
        or(
          and(eq(messages.direction, 'in'), eq(messages.classification, 'message')),
          and(
            eq(messages.direction, 'out'),
            eq(messages.kind, 'email'),
            eq(messages.author, 'agent'),
            or(isNull(messages.authorAgentId), ne(messages.authorAgentId, agentId)),
          ),
        ),
      ),
    )
    .orderBy(asc(messages.createdAt));
}

export async function findMessagesByIdempotencyKeys(db: Db, keys: string[]): Promise<Map<string, MessageRow>> {
  if (keys.length === 0) return new Map();
  const rows = await db.select().from(messages).where(inArray(messages.idempotencyKey, keys));
  return new Map(rows.map((m) => [m.idempotencyKey!, m]));
}
