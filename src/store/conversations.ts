import { and, eq, lte } from 'drizzle-orm';
import { conversations } from '../../db/schema.ts';
import type { Db } from './db.ts';

export type ConversationRow = typeof conversations.$inferSelect;

export async function insertConversation(db: Db, row: typeof conversations.$inferInsert): Promise<void> {
  await db.insert(conversations).values(row);
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
  const rows = await db.select().from(conversations).where(eq(conversations.id, id)).limit(1);
  return rows[0];
}
