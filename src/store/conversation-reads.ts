// How far each agent has read each conversation (conversation_reads). Unread for an agent: a customer
// message arrived after the agent last opened the conversation, or the agent never opened it.
import { and, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import { conversationReads, conversations } from '../../db/schema.ts';
import type { Db } from './db.ts';
import { listFilterCondition, type ListFilter } from './inbox.ts';

/** The agent has read the conversation up to `readUpTo` (the customer's latest message time on screen). */
export async function markRead(db: Db, agentId: string, conversationId: string, readUpTo: number, now: number): Promise<void> {
  await db
    .insert(conversationReads)
    .values({ agentId, conversationId, readUpTo, updatedAt: now })
    .onConflictDoUpdate({
      target: [conversationReads.agentId, conversationReads.conversationId],
      set: { readUpTo: sql`max(${conversationReads.readUpTo}, excluded.read_up_to)`, updatedAt: now },
    });
}

/** "Mark unread": the conversations count as never read by this agent again. One statement. */
export function markUnreadQuery(db: Db, agentId: string, conversationIds: string[], now: number) {
  return db
    .insert(conversationReads)
    .values(conversationIds.map((conversationId) => ({ agentId, conversationId, readUpTo: 0, updatedAt: now })))
    .onConflictDoUpdate({ target: [conversationReads.agentId, conversationReads.conversationId], set: { readUpTo: 0, updatedAt: now } });
}

/** The condition "unread for this agent" on the conversations table. */
export function unreadBy(agentId: string): SQL {
  return and(
    isNotNull(conversations.lastCustomerMessageAt),
    sql`not exists (select 1 from ${conversationReads} where ${conversationReads.conversationId} = ${conversations.id}
      and ${conversationReads.agentId} = ${agentId} and ${conversationReads.readUpTo} >= ${conversations.lastCustomerMessageAt})`,
  )!;
}

/** Which of these conversations are unread for the agent. */
export async function unreadAmong(db: Db, agentId: string, conversationIds: string[]): Promise<Set<string>> {
  if (conversationIds.length === 0) return new Set();
  const rows = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(inArray(conversations.id, conversationIds), unreadBy(agentId)));
  return new Set(rows.map((r) => r.id));
}

/** How many conversations the filter shows are unread for the agent (counting stops at `cap`). */
export async function countUnread(db: Db, agentId: string, filter: ListFilter, cap: number): Promise<number> {
  const where = and(listFilterCondition(filter), unreadBy(agentId));
  const rows = await db.all<{ n: number }>(sql`select count(*) as n from (select 1 from ${conversations} where ${where} limit ${cap})`);
  return Number(rows[0]?.n ?? 0);
}

/** The agent's unread conversations the filter shows, newest customer message first (for notifications). */
export async function latestUnread(
  db: Db,
  agentId: string,
  filter: ListFilter,
  limit: number,
): Promise<{ id: string; subject: string; lastCustomerMessageAt: number }[]> {
  const rows = await db
    .select({ id: conversations.id, subject: conversations.subject, lastCustomerMessageAt: conversations.lastCustomerMessageAt })
    .from(conversations)
    .where(and(listFilterCondition(filter), unreadBy(agentId)))
    .orderBy(sql`${conversations.lastCustomerMessageAt} desc`)
    .limit(limit);
  return rows.map((r) => ({ ...r, lastCustomerMessageAt: r.lastCustomerMessageAt ?? 0 }));
}
