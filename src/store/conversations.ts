import { and, desc, eq, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { contacts, conversations } from '../../db/schema.ts';
import type { ContactRow } from './contacts.ts';
import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';

export type ConversationRow = typeof conversations.$inferSelect;
export type NewConversation = typeof conversations.$inferInsert;

/**
 * The thread page's look-ups as drizzle prepared queries, built once per database: building a 25-column select cost
 * more CPU than running it (bench/inbox.ts: 0.5 ms against 0.2 ms prepared, per look-up).
 */
function build(db: Db) {
  return {
    byId: db
      .select()
      .from(conversations)
      .where(eq(conversations.id, sql.placeholder('id')))
      .limit(1)
      .prepare(),
    withContact: db
      .select({ conversation: conversations, contact: contacts })
      .from(conversations)
      .innerJoin(contacts, eq(contacts.id, conversations.contactId))
      .where(eq(conversations.id, sql.placeholder('id')))
      .limit(1)
      .prepare(),
  };
}

const prepared = perDatabase(build);

export async function insertConversation(db: Db, row: NewConversation): Promise<void> {
  await db.insert(conversations).values(row);
}

/** One multi-row insert, as a statement for the caller's db.batch. */
export function insertConversationsQuery(db: Db, rows: NewConversation[]) {
  return db.insert(conversations).values(rows);
}

/** A message was added to the conversation: the patch, and one more in its message count (a statement for db.batch). */
export function conversationGainedMessageQuery(db: Db, id: string, patch: Partial<NewConversation>) {
  return db
    .update(conversations)
    .set({ ...patch, messageCount: sql`${conversations.messageCount} + 1` })
    .where(eq(conversations.id, id));
}

/** Snoozed conversations whose time has come go back to open; returns how many. */
export async function wakeSnoozedConversations(db: Db, now: number): Promise<number> {
  const woken = await db
    .update(conversations)
    .set({ status: 'open', snoozedUntil: null, updatedAt: now })
    .where(and(eq(conversations.status, 'snoozed'), lte(conversations.snoozedUntil, now)))
    .returning({ id: conversations.id });
  return woken.length;
}

export async function getConversationById(db: Db, id: string): Promise<ConversationRow | undefined> {
  const [row] = await prepared(db).byId.all({ id });
  return row;
}

/** A conversation and its contact, in one statement (the thread page). */
export async function getConversationWithContact(
  db: Db,
  id: string,
): Promise<{ conversation: ConversationRow; contact: ContactRow } | undefined> {
  const [row] = await prepared(db).withContact.all({ id });
  return row;
}

export interface ConversationListQuery {
  limit: number;
  status?: ConversationRow['status'] | undefined;
  contactId?: string | undefined;
  /** Keyset: continue after this (last_message_at, id), newest first. */
  before?: { lastMessageAt: number; id: string } | undefined;
}

/** Newest activity first, keyset-paginated on (last_message_at, id). */
export async function listConversationRows(db: Db, query: ConversationListQuery): Promise<ConversationRow[]> {
  const conditions: SQL[] = [];
  if (query.status) conditions.push(eq(conversations.status, query.status));
  if (query.contactId) conditions.push(eq(conversations.contactId, query.contactId));
  if (query.before) {
    conditions.push(
      or(
        lt(conversations.lastMessageAt, query.before.lastMessageAt),
        and(eq(conversations.lastMessageAt, query.before.lastMessageAt), lt(conversations.id, query.before.id)),
      )!,
    );
  }
  return db
    .select()
    .from(conversations)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
    .limit(query.limit);
}

/**
 * A change to a conversation. A change of status keeps closed_at true (the time it was closed,
 * null while not closed) unless the patch sets closed_at itself.
 */
export async function updateConversation(db: Db, id: string, patch: Partial<typeof conversations.$inferInsert>): Promise<void> {
  const keepsClosedAt = patch.status === undefined || 'closedAt' in patch;
  const closing = keepsClosedAt ? {} : { closedAt: patch.status === 'closed' ? (patch.updatedAt ?? null) : null };
  await db
    .update(conversations)
    .set({ ...patch, ...closing })
    .where(eq(conversations.id, id));
}

/** Several conversations changed in a way the list shows (tags): their updated_at moves, so pages polling see it. */
export function touchConversationsQuery(db: Db, ids: string[], now: number) {
  return db.update(conversations).set({ updatedAt: now }).where(inArray(conversations.id, ids));
}

/**
 * One change to many conversations (a bulk action), as a statement for db.batch; returns the ids changed.
 * A change of status sets closed_at as updateConversation does.
 */
export function updateConversationsQuery(db: Db, ids: string[], patch: Partial<NewConversation>) {
  const closing = patch.status === undefined ? {} : { closedAt: patch.status === 'closed' ? (patch.updatedAt ?? null) : null };
  return db
    .update(conversations)
    .set({ ...patch, ...closing })
    .where(inArray(conversations.id, ids))
    .returning({ id: conversations.id });
}

/**
 * The conversation a message written without one (a bulk or broadcast send) gets when it is first
 * answered: its id comes from the message's, so two replies processed at once make one conversation,
 * not two. Returns it as stored (made now or by the other reply).
 */
export async function createConversationForMessage(
  db: Db,
  messageId: string,
  row: NewConversation & { id: string },
): Promise<ConversationRow | undefined> {
  // The message becomes searchable and its report fact moves with it (triggers of the bulk_without_conversation migration).
  await db.batch([
    db.insert(conversations).values(row).onConflictDoNothing({ target: conversations.id }),
    db.run(sql`update messages set conversation_id = ${row.id} where id = ${messageId} and conversation_id is null`),
  ]);
  return getConversationById(db, row.id);
}

/** The id of the conversation made for a message on its first reply (see createConversationForMessage). */
export function conversationIdForMessage(messageId: string): string {
  return `cnv_${messageId.slice(messageId.indexOf('_') + 1)}`;
}
