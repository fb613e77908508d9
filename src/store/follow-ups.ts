// Agents' follow-ups (scheduled_jobs of type agent_follow_up, keyed per conversation, reply and step)
// and their decisions (delivery_decisions, source agent_follow_up, source_name = the conversation; written
// through store/delivery-decisions.ts).
import { and, desc, eq, gt, gte, lt, or } from 'drizzle-orm';
import { messages, scheduledJobs } from '../../db/schema.ts';
import { FOLLOW_UP_TEMPLATE, followUpDecisionId, followUpKeyRange } from '../domain/inbox/follow-up.ts';
import type { DeliveryReason } from '../domain/vocabulary.ts';
import type { Db } from './db.ts';
import { type DeliveryDecisionRow, insertDecisionIfHeldQuery, listDeliveryDecisions, stoppedForJobsQuery } from './delivery-decisions.ts';
import type { ScheduledJobRow } from './scheduled-jobs.ts';

const SOURCE = 'agent_follow_up';

const ofConversation = (conversationId: string) => {
  const range = followUpKeyRange(conversationId);
  // A range on the unique key index: LIKE would not use it.
  return and(eq(scheduledJobs.type, 'agent_follow_up'), gte(scheduledJobs.key, range.from), lt(scheduledJobs.key, range.to));
};

/**
 * A follow-up's "sent" or "stopped" decision, written only while `token` still holds the job (see
 * insertDecisionIfHeldQuery). Put it first in the batch.
 */
export function insertFollowUpDecisionIfHeldQuery(
  db: Db,
  p: {
    job: ScheduledJobRow;
    token: string;
    kind: 'sent' | 'stopped';
    conversationId: string;
    step: number;
    now: number;
    messageId?: string;
    reason?: DeliveryReason;
    detail?: string;
  },
) {
  return insertDecisionIfHeldQuery(db, {
    job: p.job,
    token: p.token,
    decision: {
      id: followUpDecisionId(p.job.id, p.kind),
      contactId: p.job.contactId,
      jobId: p.job.id,
      source: SOURCE,
      sourceName: p.conversationId,
      step: p.step,
      template: FOLLOW_UP_TEMPLATE,
      category: 'support',
      decision: p.kind,
      reason: p.reason ?? null,
      detail: p.detail ?? null,
      messageId: p.messageId ?? null,
      createdAt: p.now,
    },
  });
}

/**
 * Cancels every pending follow-up of a conversation, with a "stopped" decision each, as two statements for
 * the caller's db.batch (decisions first: they are read from the jobs the update then ends). A job a runner
 * holds is cancelled too; that runner's send then fails its claim check and writes nothing.
 */
export function cancelConversationFollowUpsQueries(
  db: Db,
  p: { conversationId: string; reason: DeliveryReason; detail: string; now: number; jobId?: string },
) {
  const pending = and(
    ofConversation(p.conversationId),
    eq(scheduledJobs.status, 'pending'),
    p.jobId ? eq(scheduledJobs.id, p.jobId) : undefined,
  );
  const decisions = stoppedForJobsQuery(
    db,
    { pending, source: SOURCE, sourceName: p.conversationId, template: FOLLOW_UP_TEMPLATE, category: 'support' },
    { reason: p.reason, detail: p.detail, now: p.now },
  );
  const cancel = db
    .update(scheduledJobs)
    .set({ status: 'cancelled', leaseUntil: null, updatedAt: p.now })
    .where(pending)
    .returning({ id: scheduledJobs.id });
  return [decisions, cancel] as const;
}

/** A conversation's follow-ups, newest first, each with its decisions (scheduled, sent, stopped). */
export async function listConversationFollowUps(
  db: Db,
  conversationId: string,
  limit = 10,
): Promise<{ job: ScheduledJobRow; decisions: DeliveryDecisionRow[] }[]> {
  const jobs = await db.select().from(scheduledJobs).where(ofConversation(conversationId)).orderBy(desc(scheduledJobs.runAt)).limit(limit);
  if (jobs.length === 0) return [];
  const decisions = await listDeliveryDecisions(db, {
    source: SOURCE,
    sourceName: conversationId,
    jobIds: jobs.map((j) => j.id),
  });
  return jobs.map((job) => ({ job, decisions: decisions.filter((d) => d.jobId === job.id) }));
}

/** One follow-up job of a conversation. */
export async function getConversationFollowUp(db: Db, conversationId: string, jobId: string): Promise<ScheduledJobRow | undefined> {
  const rows = await db
    .select()
    .from(scheduledJobs)
    .where(and(ofConversation(conversationId), eq(scheduledJobs.id, jobId)))
    .limit(1);
  return rows[0];
}

/**
 * Who wrote in the conversation after the awaited message: a person (an inbound
 * message, not an auto-reply) and an agent (another outbound email by an agent).
 */
export async function writersSince(db: Db, conversationId: string, afterMessageId: string, afterAt: number) {
  const rows = await db
    .select({ direction: messages.direction })
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        eq(messages.kind, 'email'),
        // Ids are time-ordered, so within the awaited message's millisecond a larger id came after it.
        or(gt(messages.createdAt, afterAt), and(eq(messages.createdAt, afterAt), gt(messages.id, afterMessageId))),
        or(
          and(eq(messages.direction, 'in'), eq(messages.classification, 'message')),
          and(eq(messages.direction, 'out'), eq(messages.author, 'agent')),
        ),
      ),
    )
    .groupBy(messages.direction);
  const directions = new Set(rows.map((r) => r.direction));
  return { personWrote: directions.has('in'), agentWrote: directions.has('out') };
}
