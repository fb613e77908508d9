// Look-ups for threading inbound mail.
import { and, desc, eq, gte, inArray, isNull, or, sql } from 'drizzle-orm';
import { conversations, messages } from '../../db/schema.ts';
import type { Db } from './db.ts';

/** The conversation of the newest stored message among these Message-IDs, and that message. */
export async function findByMessageIds(db: Db, ids: string[]): Promise<{ conversationId: string; messageId: string; messageIdHeader: string } | undefined> {
  if (ids.length === 0) return undefined;
  const rows = await db
    .select({ conversationId: messages.conversationId, messageId: messages.id, messageIdHeader: messages.messageIdHeader })
    .from(messages)
    .where(inArray(messages.messageIdHeader, ids))
    .orderBy(desc(messages.createdAt))
    .limit(ids.length);
  // Prefer the id that comes last in the header (the direct parent).
  for (const id of [...ids].reverse()) {
    const row = rows.find((r) => r.messageIdHeader === id);
    if (row) return { conversationId: row.conversationId, messageId: row.messageId, messageIdHeader: id };
  }
  return undefined;
}

export async function findRecentConversationBySubject(db: Db, contactId: string, normalizedSubject: string, since: number): Promise<string | undefined> {
  if (!normalizedSubject) return undefined;
  const rows = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.contactId, contactId), eq(conversations.normalizedSubject, normalizedSubject), gte(conversations.lastMessageAt, since)))
    .orderBy(desc(conversations.lastMessageAt))
    .limit(1);
  return rows[0]?.id;
}

/**
 * Whether the address wrote, or was written to, in this conversation. Messages that were
 * themselves flagged (an outsider using a token) do not make their sender a participant.
 */
export async function isParticipant(db: Db, conversationId: string, address: string): Promise<boolean> {
  const rows = await db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        isNull(messages.flag),
        or(
          sql`lower(${messages.fromAddress}) = ${address}`,
          sql`exists (select 1 from json_each(${messages.toAddresses}) where lower(value) = ${address})`,
          sql`exists (select 1 from json_each(${messages.ccAddresses}) where lower(value) = ${address})`,
        ),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** The latest outbound message to this address since a time: where a bounce without ids belongs. */
export async function findLatestOutboundTo(db: Db, address: string, since: number): Promise<{ messageId: string; conversationId: string } | undefined> {
  const rows = await db
    .select({ messageId: messages.id, conversationId: messages.conversationId })
    .from(messages)
    .where(
      and(
        eq(messages.direction, 'out'),
        gte(messages.createdAt, since),
        sql`exists (select 1 from json_each(${messages.toAddresses}) where lower(value) = ${address})`,
      ),
    )
    .orderBy(desc(messages.createdAt))
    .limit(1);
  return rows[0];
}
