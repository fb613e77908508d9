// agentReply: an agent answers a conversation from the inbox. It goes out through the
// normal outbound path (threading headers, outbox), signed with the agent's name. If the
// customer wrote again, or another agent answered, while the agent was typing, the reply is
// held so they read it first.
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { FollowUpChoice } from '../domain/inbox/follow-up.ts';
import type { AgentRow } from '../store/agents.ts';
import { updateConversation } from '../store/conversations.ts';
import { repliesAfter, type MessageRow } from '../store/messages.ts';
import { requireConversation } from './conversationActions.ts';
import { scheduleFirstFollowUpQueries, stopFollowUpsQueries } from './followUps.ts';
import { sendMessage } from './sendMessage.ts';
import type { SettableConversationStatus } from '../domain/vocabulary.ts';
import { replyBody } from '../domain/inbox/reply-body.ts';
import { assertReplyFiles, discardReplyAttachments, storeReplyAttachments, type ReplyAttachmentInput } from './replyAttachments.ts';

export class ReplyHeld extends AppError {
  constructor(readonly newMessages: MessageRow[]) {
    super('Conflict', `${newMessages.length} new message(s) arrived while you were typing; read them, then send again`);
  }
}

export interface AgentReplyInput {
  conversationId: string;
  text: string;
  /** created_at of the newest message the agent had on screen. */
  seenUpTo: number;
  /** Send even though newer customer messages or other agents' replies exist (after the agent read them). */
  force?: boolean;
  statusAfter?: SettableConversationStatus;
  /** "Follow up in N days if no reply": scheduled once the reply is queued. */
  followUp?: FollowUpChoice | undefined;
  /** Append the agent's signature (when they have one); the composer's "add signature", ticked by default. */
  addSignature?: boolean | undefined;
  /** Files to send with the reply (at most 10 MiB together). */
  attachments?: ReplyAttachmentInput[] | undefined;
}

export function replySubject(subject: string): string {
  return /^re:/i.test(subject.trim()) ? subject : `Re: ${subject}`;
}

export async function agentReply(deps: Deps, agent: AgentRow, input: AgentReplyInput): Promise<MessageRow> {
  const conversation = await requireConversation(deps, input.conversationId);
  const text = input.text.replace(/\r\n/g, '\n').trim();
  if (!text) throw new AppError('ValidationFailed', 'empty reply', [{ field: 'text', message: 'expected some text' }]);
  assertReplyFiles(input.attachments ?? []);
  if (!input.force) {
    const unseen = await repliesAfter(deps.db, conversation.id, input.seenUpTo, agent.id);
    if (unseen.length) throw new ReplyHeld(unseen);
  }
  const body = replyBody(text, input.addSignature === false ? null : agent.signature);
  const attachments = input.attachments?.length ? await storeReplyAttachments(deps, input.attachments) : [];
  const { message } = await sendMessage(deps, {
    contactId: conversation.contactId,
    conversationId: conversation.id,
    subject: replySubject(conversation.subject),
    text: body.text,
    html: body.html,
    replyText: body.replyText,
    signature: body.signature,
    attachments,
    category: 'support',
    author: 'agent',
    agentId: agent.id,
    fromName: agent.name,
  }).catch(async (error: unknown) => {
    await discardReplyAttachments(deps, attachments);
    throw error;
  });
  await updateConversation(deps.db, conversation.id, {
    status: input.statusAfter ?? 'pending',
    assigneeId: conversation.assigneeId ?? agent.id,
    snoozedUntil: null,
    updatedAt: deps.clock.now(),
  });
  // This answer replaces what earlier follow-ups would have asked; its own are scheduled after it.
  await deps.db.batch([
    ...stopFollowUpsQueries(deps, conversation.id, 'AgentAnswered'),
    ...(input.followUp
      ? scheduleFirstFollowUpQueries(deps, input.followUp, {
          conversationId: conversation.id,
          contactId: conversation.contactId,
          agentId: agent.id,
          messageId: message.id,
          at: message.createdAt,
        })
      : []),
  ]);
  return message;
}
