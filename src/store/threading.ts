// Look-ups for threading inbound mail.
import { and, desc, eq, gte, inArray, isNull, or, sql } from 'drizzle-orm';
import { conversations, messages } from '../../db/schema.ts';
import type { MessageDirection } from '../domain/vocabulary.ts';
import type { ConversationRow } from './conversations.ts';
import type { Db } from './db.ts';

export interface ReferencedMessage {
  /** Null for a bulk or broadcast message nobody answered yet (threadUnthreadedMessage gives it one). */
  conversationId: string | null;
  messageId: string;
  messageIdHeader: string;
  direction: MessageDirection;
  fromAddress: string | null;
  toAddresses: string[];
  ccAddresses: string[];
}

/** The stored message among these Message-IDs that comes last in the list (the direct parent), with whom it addressed. */
export async function findByMessageIds(db: Db, ids: string[]): Promise<ReferencedMessage | undefined> {
  if (ids.length === 0) return undefined;
  const rows = await db
    .select({
      conversationId: messages.conversationId,
      messageId: messages.id,
      messageIdHeader: messages.messageIdHeader,
      direction: messages.direction,
      fromAddress: messages.fromAddress,
      toAddresses: messages.toAddresses,
      ccAddresses: messages.ccAddresses,
    })
    .from(messages)
    .where(inArray(messages.messageIdHeader, ids))
    .orderBy(desc(messages.createdAt))
    .limit(ids.length);
  // Prefer the id that comes last in the header (the direct parent).
  for (const id of [...ids].reverse()) {
    const row = rows.find((r) => r.messageIdHeader === id);
    if (row) return { ...row, messageIdHeader: id };
  }
  return undefined;
}

/** The contact's conversations with this normalized subject, latest activity first (a few: the rule takes the first it may join). */
export async function findConversationsBySubject(
  db: Db,
  contactId: string,
  normalizedSubject: string,
  limit = 5,
): Promise<ConversationRow[]> {
  if (!normalizedSubject) return [];
  return db
    .select()
    .from(conversations)
    .where(and(eq(conversations.contactId, contactId), eq(conversations.normalizedSubject, normalizedSubject)))
    .orderBy(desc(conversations.lastMessageAt))
    .limit(limit);
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
export async function findLatestOutboundTo(
  db: Db,
  address: string,
  since: number,
): Promise<{ messageId: string; conversationId: string | null } | undefined> {
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
