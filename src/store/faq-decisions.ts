// The autoresponder's decisions (faq_decisions): one per person's message it looked at.
import { and, asc, count, desc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import { conversations, faqDecisions, messages, settings } from '../../db/schema.ts';
import type { Db } from './db.ts';
import { FAQ_VERSION_KEY } from './faqs.ts';

export type FaqDecisionRow = typeof faqDecisions.$inferSelect;
export type NewFaqDecision = typeof faqDecisions.$inferInsert;

export function insertFaqDecisionQuery(db: Db, row: NewFaqDecision) {
  return db.insert(faqDecisions).values(row);
}

export async function insertFaqDecision(db: Db, row: NewFaqDecision): Promise<void> {
  await insertFaqDecisionQuery(db, row);
}

export async function listConversationFaqDecisions(db: Db, conversationId: string): Promise<FaqDecisionRow[]> {
  return db
    .select()
    .from(faqDecisions)
    .where(eq(faqDecisions.conversationId, conversationId))
    .orderBy(asc(faqDecisions.createdAt), asc(faqDecisions.id));
}

export async function getFaqDecision(db: Db, id: string): Promise<FaqDecisionRow | undefined> {
  const rows = await db.select().from(faqDecisions).where(eq(faqDecisions.id, id)).limit(1);
  return rows[0];
}

export async function hasAutomaticAnswer(db: Db, conversationId: string): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(faqDecisions)
    .where(and(eq(faqDecisions.conversationId, conversationId), eq(faqDecisions.decision, 'answered')));
  return (row?.n ?? 0) > 0;
}

/** Automatic answers the contact got since `since` (the 24-hour limit). */
export async function countAnswersToContactSince(db: Db, contactId: string, since: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(faqDecisions)
    .where(and(eq(faqDecisions.contactId, contactId), eq(faqDecisions.decision, 'answered'), gt(faqDecisions.createdAt, since)));
  return row?.n ?? 0;
}

export async function markFaqDecisionWrong(db: Db, id: string, agentId: string, now: number): Promise<boolean> {
  const result = await db
    .update(faqDecisions)
    .set({ markedWrongAt: now, markedWrongBy: agentId })
    .where(and(eq(faqDecisions.id, id), isNull(faqDecisions.markedWrongAt)));
  return result.rowsAffected > 0;
}

/**
 * Conversations the autoresponder answered at or before `answeredBy` that are still pending with
 * no message since the answer: the customer did not write again. Closed in one statement each
 * (the status check makes a concurrent reply win), and their decision marked resolved.
 */
export async function closeUnansweredAutoReplies(db: Db, answeredBy: number, now: number, limit = 200): Promise<string[]> {
  const due = await db
    .select({ decisionId: faqDecisions.id, conversationId: faqDecisions.conversationId })
    .from(faqDecisions)
    .innerJoin(conversations, eq(conversations.id, faqDecisions.conversationId))
    .where(
      and(
        eq(faqDecisions.decision, 'answered'),
        isNull(faqDecisions.resolvedAt),
        lte(faqDecisions.createdAt, answeredBy),
        eq(conversations.status, 'pending'),
        lte(conversations.lastMessageAt, faqDecisions.createdAt),
      ),
    )
    .orderBy(desc(faqDecisions.createdAt))
    .limit(limit);
  if (due.length === 0) return [];
  const ids = due.map((d) => d.conversationId);
  await db.batch([
    db
      .update(conversations)
      .set({ status: 'closed', closedAt: now, waitingSince: null, firstResponseDueAt: null, updatedAt: now })
      .where(and(inArray(conversations.id, ids), eq(conversations.status, 'pending'))),
    db
      .update(faqDecisions)
      .set({ resolvedAt: now })
      .where(
        inArray(
          faqDecisions.id,
          due.map((d) => d.decisionId),
        ),
      ),
  ]);
  return ids;
}

/** What the autoresponder reads about a conversation it may answer, in one statement. */
export interface AutoresponderFacts {
  /** The knowledge base's version (FAQ_VERSION_KEY); '0' when none is recorded. */
  faqVersion: string;
  assigneeId: string | null;
  flag: string | null;
  lastAgentMessageAt: number | null;
  /** The email before `messageId` in the conversation, if any. */
  previous: { direction: string; author: string } | null;
  /** The conversation already has an automatic answer. */
  answered: boolean;
}

export async function autoresponderFacts(db: Db, conversationId: string, messageId: string): Promise<AutoresponderFacts | undefined> {
  const [row] = await db.all<{
    version: string | null;
    assignee_id: string | null;
    flag: string | null;
    last_agent_message_at: number | null;
    direction: string | null;
    author: string | null;
    answered: number;
  }>(sql`
    select (select value from ${settings} where key = ${FAQ_VERSION_KEY}) as version,
      c.assignee_id, c.flag, c.last_agent_message_at, p.direction, p.author,
      exists (select 1 from ${faqDecisions} d where d.conversation_id = c.id and d.decision = 'answered') as answered
    from ${conversations} c
    left join (
      select direction, author from ${messages}
      where conversation_id = ${conversationId} and kind = 'email' and id <> ${messageId}
      order by created_at desc, id desc limit 1
    ) p on 1
    where c.id = ${conversationId}`);
  if (!row) return undefined;
  return {
    faqVersion: row.version ?? '0',
    assigneeId: row.assignee_id,
    flag: row.flag,
    lastAgentMessageAt: row.last_agent_message_at,
    previous: row.direction && row.author ? { direction: row.direction, author: row.author } : null,
    answered: Boolean(row.answered),
  };
}
