// The writes that file one processed inbound message, as statements for the caller's db.batch
// (the message, its attachments, its conversation and the kept raw mail commit together).
import { eq, sql } from 'drizzle-orm';
import { attachments, conversations, messages } from '../../db/schema.ts';
import type { ConversationRow } from './conversations.ts';
import type { Db } from './db.ts';
import type { NewMessage } from './messages.ts';
import { prebuiltStatement } from './row-statements.ts';

export type NewAttachment = typeof attachments.$inferInsert;
export type NewConversation = typeof conversations.$inferInsert;

export function insertMessageQuery(db: Db, row: NewMessage) {
  return db.insert(messages).values(row);
}

export function insertAttachmentQuery(db: Db, row: NewAttachment) {
  return db.insert(attachments).values(row);
}

export function insertConversationQuery(db: Db, row: NewConversation) {
  return db.insert(conversations).values(row);
}

/** One more message in the conversation and nothing else (a delivery report kept as a system message). */
export function countMessageQuery(db: Db, conversationId: string, now: number) {
  return db
    .update(conversations)
    .set({ messageCount: sql`${conversations.messageCount} + 1`, updatedAt: now })
    .where(eq(conversations.id, conversationId));
}

export interface InboundConversationChange {
  now: number;
  /** Set when the message is flagged (an outsider's message joined their own conversation). */
  flag: string | null;
  /** The conversation the outsider tried to reach: linked only when none is linked yet. */
  link: { conversationId: string; reason: string } | null;
  /** A person wrote (not an auto-reply): the conversation reopens and waits for an answer. */
  waiting: Pick<ConversationRow, 'waitingSince' | 'firstResponseDueAt' | 'preview'> | null;
}

/** An inbound message joined an existing conversation. */
export function recordInboundInConversationQuery(db: Db, conversationId: string, change: InboundConversationChange) {
  const { now, flag, link, waiting } = change;
  return db
    .update(conversations)
    .set({
      lastMessageAt: now,
      messageCount: sql`${conversations.messageCount} + 1`,
      updatedAt: now,
      ...(flag ? { flag } : {}),
      ...(link
        ? {
            linkedConversationId: sql`coalesce(${conversations.linkedConversationId}, ${link.conversationId})`,
            linkReason: sql`coalesce(${conversations.linkReason}, ${link.reason})`,
          }
        : {}),
      ...(waiting ? { status: 'open' as const, closedAt: null, snoozedUntil: null, lastCustomerMessageAt: now, ...waiting } : {}),
    })
    .where(eq(conversations.id, conversationId));
}

/** recordInboundInConversationQuery's statement, built once per variant (flag, link, waiting) and filled per message. */
export function recordInboundInConversationStatement(db: Db, conversationId: string, change: InboundConversationChange) {
  const { now, flag, link, waiting } = change;
  const variant = `${flag ? 'flag ' : ''}${link ? 'link ' : ''}${waiting ? 'waiting' : ''}`;
  const p = sql.placeholder;
  return prebuiltStatement(
    `inbound into conversation: ${variant}`,
    () =>
      recordInboundInConversationQuery(db, p('id') as unknown as string, {
        now: p('now') as unknown as number,
        flag: flag ? (p('flag') as unknown as string) : null,
        link: link ? { conversationId: p('linkId') as unknown as string, reason: p('linkReason') as unknown as string } : null,
        waiting: waiting
          ? {
              waitingSince: p('waitingSince') as unknown as number,
              firstResponseDueAt: p('firstResponseDueAt') as unknown as number,
              preview: p('preview') as unknown as string,
            }
          : null,
      }),
    { id: conversationId, now, flag, linkId: link?.conversationId, linkReason: link?.reason, ...waiting },
  );
}
