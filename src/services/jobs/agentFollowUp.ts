// An agent's "follow up in N days if no reply", when it is due: stopped if the customer wrote, an agent
// wrote again, an agent closed the conversation or the address is suppressed; else sent in the agent's
// name, threaded into the conversation (template follow_up in the contact's locale). The message, its
// outbox job, the decision and the job's end commit in one batch, and only while this runner holds the job.
import type { Deps } from '../../deps.ts';
import { FOLLOW_UP_TEMPLATE, type FollowUpPayload, followUpStop, nextFollowUp, readFollowUpPayload } from '../../domain/inbox/follow-up.ts';
import { previewLine } from '../../domain/inbox/preview.ts';
import { blocksCategory, suppressionKeys } from '../../domain/people/suppression.ts';
import { getAgentById } from '../../store/agents.ts';
import { getContactById, type ContactRow } from '../../store/contacts.ts';
import { conversationGainedMessageQuery, getConversationById, type ConversationRow } from '../../store/conversations.ts';
import { insertFollowUpDecisionIfHeldQuery, writersSince } from '../../store/follow-ups.ts';
import { insertMessagesQuery, threadMessageIds } from '../../store/messages.ts';
import { insertOutboxJobsQuery } from '../../store/outbox.ts';
import { finishScheduledJobQuery, getHeldScheduledJobs, type ScheduledJobRow } from '../../store/scheduled-jobs.ts';
import { findSuppression } from '../../store/suppressions.ts';
import { replySubject } from '../agentReply.ts';
import { scheduleFollowUpQueries } from '../followUps.ts';
import { composeFor, outboundMessageRow, outboxJob, type SendMessageInput } from '../sendMessage.ts';
import type { JobHandler } from './types.ts';

async function suppressedForSupport(deps: Deps, contact: ContactRow): Promise<boolean> {
  const suppression = await findSuppression(deps.db, await suppressionKeys(contact.email));
  return Boolean(suppression && blocksCategory(suppression.reason, 'support'));
}

export const runAgentFollowUpJob: JobHandler = async (deps, job, token) => {
  const now = deps.clock.now();
  const payload = readFollowUpPayload(job.payload);
  if (!payload) {
    await finishScheduledJobQuery(deps.db, { id: job.id, token, status: 'failed', now, error: 'not a follow-up payload' });
    return;
  }
  const conversation = await getConversationById(deps.db, payload.conversationId);
  const contact = conversation ? await getContactById(deps.db, conversation.contactId) : undefined;
  const writers = conversation
    ? await writersSince(deps.db, conversation.id, payload.afterMessageId, payload.afterAt)
    : { personWrote: false, agentWrote: false };
  const stop = followUpStop({
    conversationFound: Boolean(conversation && contact),
    ...writers,
    closed: conversation?.status === 'closed' && (conversation.closedAt ?? 0) > payload.scheduledAt,
    suppressed: contact ? await suppressedForSupport(deps, contact) : false,
  });
  if (stop || !conversation || !contact) {
    const reason = stop?.reason ?? 'ContactGone';
    const decision = { job, token, conversationId: payload.conversationId, step: payload.step, now };
    await whileHeld(deps, job, token, [
      insertFollowUpDecisionIfHeldQuery(deps.db, { ...decision, kind: 'stopped', reason, ...(stop ? { detail: stop.detail } : {}) }),
      finishScheduledJobQuery(deps.db, { id: job.id, token, status: 'cancelled', now }),
    ]);
    deps.log.info('follow-up: stopped', { jobId: job.id, conversationId: payload.conversationId, reason });
    return;
  }
  await send(deps, job, token, { payload, conversation, contact, now });
};

type Statement = Parameters<Deps['db']['batch']>[0][number];

/**
 * Commits the batch (whose first statement is a decision written only while the job is held); false when
 * the job was cancelled (the customer replied) or taken over meanwhile: the other outcome stands.
 */
async function whileHeld(deps: Deps, job: ScheduledJobRow, token: string, statements: [Statement, ...Statement[]]): Promise<boolean> {
  try {
    await deps.db.batch(statements);
    return true;
  } catch (error) {
    if ((await getHeldScheduledJobs(deps.db, [job.id], token, deps.clock.now())).length > 0) throw error;
    deps.log.info('follow-up: the claim was lost before it ended; left to the other outcome', { jobId: job.id });
    return false;
  }
}

async function send(
  deps: Deps,
  job: ScheduledJobRow,
  token: string,
  p: { payload: FollowUpPayload; conversation: ConversationRow; contact: ContactRow; now: number },
): Promise<void> {
  const { payload, conversation, contact, now } = p;
  const agent = await getAgentById(deps.db, payload.agentId);
  const input: SendMessageInput = {
    contactId: contact.id,
    conversationId: conversation.id,
    template: FOLLOW_UP_TEMPLATE,
    data: { subject_of_request: conversation.subject || undefined, sender_name: agent?.name },
    category: 'support',
    author: 'agent',
    agentId: payload.agentId,
    fromName: agent?.name,
    idempotencyKey: job.id,
  };
  const { composed, links } = await composeFor(deps, input, contact);
  // The template's own subject would start a new thread in most mail clients: keep the conversation's.
  const subject = conversation.subject ? replySubject(conversation.subject) : composed.subject;
  const thread = await threadMessageIds(deps.db, conversation.id);
  const message = await outboundMessageRow(deps, {
    input,
    contact,
    composed: { ...composed, subject },
    links,
    conversationId: conversation.id,
    thread,
    now,
    status: 'queued',
  });
  const next = nextFollowUp(payload, { messageId: message.id, at: now });
  const decision = { job, token, conversationId: conversation.id, step: payload.step, now };
  const written = await whileHeld(deps, job, token, [
    insertFollowUpDecisionIfHeldQuery(deps.db, { ...decision, kind: 'sent', messageId: message.id }),
    conversationGainedMessageQuery(deps.db, conversation.id, {
      lastMessageAt: now,
      lastAgentMessageAt: now,
      preview: previewLine(message.text),
      updatedAt: now,
    }),
    insertMessagesQuery(deps.db, [message]),
    insertOutboxJobsQuery(deps.db, [outboxJob(deps, message.id, now)]),
    finishScheduledJobQuery(deps.db, { id: job.id, token, status: 'done', now }),
    ...(next ? scheduleFollowUpQueries(deps, { contactId: contact.id, payload: next.payload, runAt: next.runAt, now }) : []),
  ]);
  if (!written) return;
  deps.log.info('follow-up: queued', { jobId: job.id, conversationId: conversation.id, messageId: message.id, step: payload.step });
}
