// Support follow-ups an agent asks for with a reply ("follow up in N days if no reply", at most 2):
// scheduling them, cancelling them (by a customer's reply, another agent reply, or by hand), and what
// the thread page shows of them. Sending a due one is jobs/agentFollowUp.ts.
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { type FollowUpChoice, type FollowUpPayload, firstFollowUp, followUpKey, FOLLOW_UP_TEMPLATE } from '../domain/inbox/follow-up.ts';
import type { ScheduledNote } from '../domain/delivery/types.ts';
import type { DeliveryReason } from '../domain/vocabulary.ts';
import type { AgentRow } from '../store/agents.ts';
import { cancelConversationFollowUpsQueries, getConversationFollowUp, listConversationFollowUps } from '../store/follow-ups.ts';
import { insertScheduledJobsQuery } from '../store/scheduled-jobs.ts';

/** A follow-up step's job, which records its "scheduled" decision (payload.scheduled), as a statement for the caller's db.batch. */
export function scheduleFollowUpQueries(deps: Deps, p: { contactId: string; payload: FollowUpPayload; runAt: number; now: number }) {
  const { payload } = p;
  const scheduled: ScheduledNote = {
    at: p.runAt,
    reason: null,
    detail: `follow-up ${payload.step} of ${payload.count} if no reply within ${payload.days} day(s)`,
    template: FOLLOW_UP_TEMPLATE,
    category: 'support',
  };
  return [
    insertScheduledJobsQuery(deps.db, [
      {
        id: deps.ids.next('sjb'),
        type: 'agent_follow_up',
        payload: { ...payload, scheduled },
        runAt: p.runAt,
        contactId: p.contactId,
        key: followUpKey(payload.conversationId, payload.replyMessageId, payload.step),
        createdAt: p.now,
        updatedAt: p.now,
      },
    ]),
  ] as const;
}

/** The first follow-up of a reply an agent just sent, as statements for the caller's db.batch. */
export function scheduleFirstFollowUpQueries(
  deps: Deps,
  choice: FollowUpChoice,
  reply: { conversationId: string; contactId: string; agentId: string; messageId: string; at: number },
) {
  const now = deps.clock.now();
  const { payload, runAt } = firstFollowUp(choice, reply, now);
  return scheduleFollowUpQueries(deps, { contactId: reply.contactId, payload, runAt, now });
}

const STOP_DETAIL: Partial<Record<DeliveryReason, string>> = {
  Replied: 'the customer replied',
  AgentAnswered: 'an agent wrote again',
  CancelledByAgent: 'cancelled by an agent',
};

/** Every pending follow-up of the conversation stops, for `reason` (statements for the caller's db.batch). */
export function stopFollowUpsQueries(deps: Deps, conversationId: string, reason: DeliveryReason) {
  return cancelConversationFollowUpsQueries(deps.db, {
    conversationId,
    reason,
    detail: STOP_DETAIL[reason] ?? reason,
    now: deps.clock.now(),
  });
}

/** The cancel button on the thread page. */
export async function cancelFollowUp(deps: Deps, agent: AgentRow, conversationId: string, jobId: string): Promise<void> {
  const job = await getConversationFollowUp(deps.db, conversationId, jobId);
  if (!job) throw new AppError('NotFound', `no follow-up ${jobId} in conversation ${conversationId}`);
  if (job.status !== 'pending') return;
  const [decisions, cancel] = cancelConversationFollowUpsQueries(deps.db, {
    conversationId,
    reason: 'CancelledByAgent',
    detail: `cancelled by ${agent.name}`,
    now: deps.clock.now(),
    jobId,
  });
  await deps.db.batch([decisions, cancel]);
  deps.log.info('follow-up: cancelled by an agent', { conversationId, jobId, agentId: agent.id });
}

export type FollowUpState = 'scheduled' | 'sent' | 'stopped' | 'failed';

/** A follow-up as the thread page shows it. */
export interface FollowUpView {
  jobId: string;
  step: number;
  count: number;
  state: FollowUpState;
  /** When it is (or was) due. */
  runAt: number;
  /** When it was sent or stopped. */
  decidedAt: number | null;
  reason: DeliveryReason | null;
  detail: string | null;
  messageId: string | null;
}

/** The conversation's follow-ups, newest first. */
export async function listFollowUps(deps: Deps, conversationId: string): Promise<FollowUpView[]> {
  const rows = await listConversationFollowUps(deps.db, conversationId);
  return rows.map(({ job, decisions }) => {
    const last = decisions.filter((d) => d.decision !== 'scheduled').at(-1);
    const payload = job.payload as Partial<FollowUpPayload>;
    const state: FollowUpState =
      job.status === 'pending' ? 'scheduled' : job.status === 'done' ? 'sent' : job.status === 'failed' ? 'failed' : 'stopped';
    return {
      jobId: job.id,
      step: Number(payload.step ?? 1),
      count: Number(payload.count ?? 1),
      state,
      runAt: job.runAt,
      decidedAt: job.status === 'pending' ? null : (last?.createdAt ?? job.updatedAt),
      reason: last?.reason ?? null,
      detail: last?.detail ?? job.lastError ?? null,
      messageId: last?.messageId ?? null,
    };
  });
}
