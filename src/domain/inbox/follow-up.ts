// An agent's "follow up in N days if no reply" (support follow-ups): what may be chosen, the
// scheduled job's key and payload, when a due follow-up is stopped instead of sent, and the next step.
import * as v from 'valibot';
import type { DeliveryReason } from '../vocabulary.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;
export const FOLLOW_UP_MIN_DAYS = 1;
export const FOLLOW_UP_MAX_DAYS = 7;
/** A customer who did not answer two follow-ups is not written to a third time. */
export const MAX_FOLLOW_UPS = 2;
export const FOLLOW_UP_TEMPLATE = 'follow_up';

export interface FollowUpChoice {
  /** Days of silence before each follow-up. */
  days: number;
  /** How many follow-ups at most (1 or 2). */
  count: number;
}

const PayloadSchema = v.object({
  conversationId: v.string(),
  agentId: v.string(),
  /** The agent's reply that asked for the follow-ups; every step's key is made from it. */
  replyMessageId: v.string(),
  step: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_FOLLOW_UPS)),
  count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_FOLLOW_UPS)),
  days: v.pipe(v.number(), v.integer(), v.minValue(FOLLOW_UP_MIN_DAYS), v.maxValue(FOLLOW_UP_MAX_DAYS)),
  /** The message whose silence is awaited: the agent's reply, then the first follow-up. */
  afterMessageId: v.string(),
  afterAt: v.number(),
  /** When this step was scheduled: a close by an agent after it stops the follow-up. */
  scheduledAt: v.number(),
});

export type FollowUpPayload = v.InferOutput<typeof PayloadSchema>;

/** The payload of a stored agent_follow_up job, or null when it is not one (a hand-edited row, an older shape). */
export function readFollowUpPayload(payload: unknown): FollowUpPayload | null {
  const parsed = v.safeParse(PayloadSchema, payload);
  return parsed.success ? parsed.output : null;
}

/** Scheduling is idempotent per conversation, reply and step (scheduled_jobs.key). */
export function followUpKey(conversationId: string, replyMessageId: string, step: number): string {
  return `follow_up:${conversationId}:${replyMessageId}:${step}`;
}

/** The keys of every follow-up of one conversation lie in [from, to): ':' + 1 is ';', and ids hold neither. */
export function followUpKeyRange(conversationId: string): { from: string; to: string } {
  return { from: `follow_up:${conversationId}:`, to: `follow_up:${conversationId};` };
}

/** The id of a job's decision of one kind: a follow-up is scheduled, sent or stopped once. */
export function followUpDecisionId(jobId: string, kind: 'scheduled' | 'sent' | 'stopped'): string {
  return `${jobId}.${kind}`;
}

/** The first step of a chain an agent asked for with their reply. */
export function firstFollowUp(
  choice: FollowUpChoice,
  reply: { conversationId: string; agentId: string; messageId: string; at: number },
  now: number,
): { payload: FollowUpPayload; runAt: number } {
  const payload: FollowUpPayload = {
    conversationId: reply.conversationId,
    agentId: reply.agentId,
    replyMessageId: reply.messageId,
    step: 1,
    count: Math.min(choice.count, MAX_FOLLOW_UPS),
    days: choice.days,
    afterMessageId: reply.messageId,
    afterAt: reply.at,
    scheduledAt: now,
  };
  return { payload, runAt: reply.at + choice.days * DAY_MS };
}

/** The step after a sent follow-up, due as many days after it, or null when that was the last one. */
export function nextFollowUp(
  sent: FollowUpPayload,
  followUp: { messageId: string; at: number },
): { payload: FollowUpPayload; runAt: number } | null {
  if (sent.step >= sent.count || sent.step >= MAX_FOLLOW_UPS) return null;
  const payload = { ...sent, step: sent.step + 1, afterMessageId: followUp.messageId, afterAt: followUp.at, scheduledAt: followUp.at };
  return { payload, runAt: followUp.at + sent.days * DAY_MS };
}

/** What happened in the conversation since the awaited message, as the handler finds it when the follow-up is due. */
export interface FollowUpFacts {
  conversationFound: boolean;
  /** A person wrote in the conversation (not an auto-reply). */
  personWrote: boolean;
  /** An agent sent another email in the conversation. */
  agentWrote: boolean;
  /** An agent closed the conversation after the follow-up was scheduled. */
  closed: boolean;
  /** The contact's address is suppressed for support mail (bounced, complained, erased). */
  suppressed: boolean;
}

export interface FollowUpStop {
  reason: DeliveryReason;
  detail: string;
}

/** Why a due follow-up is not sent, or null when it goes out. */
export function followUpStop(facts: FollowUpFacts): FollowUpStop | null {
  if (!facts.conversationFound) return { reason: 'ContactGone', detail: 'the conversation no longer exists' };
  if (facts.personWrote) return { reason: 'Replied', detail: 'the customer replied' };
  if (facts.agentWrote) return { reason: 'AgentAnswered', detail: 'an agent wrote again' };
  if (facts.closed) return { reason: 'ConversationClosed', detail: 'an agent closed the conversation' };
  if (facts.suppressed) return { reason: 'Suppressed', detail: 'the address is suppressed' };
  return null;
}
