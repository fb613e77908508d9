// What agents do to a conversation besides replying: assign, change status, snooze, notes, clear a flag.
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { previewLine } from '../domain/inbox/preview.ts';
import { getAgentById, type AgentRow } from '../store/agents.ts';
import { getConversationById, updateConversation, type ConversationRow } from '../store/conversations.ts';
import { insertMessage } from '../store/messages.ts';
import type { SettableConversationStatus } from '../domain/vocabulary.ts';

export async function requireConversation(deps: Deps, id: string): Promise<ConversationRow> {
  const conversation = await getConversationById(deps.db, id);
  if (!conversation) throw new AppError('NotFound', `no conversation with id ${id}`);
  return conversation;
}

export async function assignConversation(deps: Deps, id: string, assigneeId: string | null): Promise<void> {
  await requireConversation(deps, id);
  if (assigneeId) {
    const agent = await getAgentById(deps.db, assigneeId);
    if (!agent?.active)
      throw new AppError('ValidationFailed', 'no such active agent', [{ field: 'assignee_id', message: 'expected an active agent' }]);
  }
  await updateConversation(deps.db, id, { assigneeId, updatedAt: deps.clock.now() });
}

export async function setConversationStatus(deps: Deps, id: string, status: SettableConversationStatus): Promise<void> {
  await requireConversation(deps, id);
  const now = deps.clock.now();
  // Closing or parking a conversation means nobody is waiting for a human any more.
  const waiting = status === 'open' ? {} : { waitingSince: null, firstResponseDueAt: null };
  await updateConversation(deps.db, id, { status, snoozedUntil: null, ...waiting, updatedAt: now });
}

/** An agent has looked at a flagged conversation and found it fine; the link to the other one stays. */
export async function clearConversationFlag(deps: Deps, agent: AgentRow, id: string): Promise<void> {
  const conversation = await requireConversation(deps, id);
  if (conversation.flag === null) return;
  await updateConversation(deps.db, id, { flag: null, updatedAt: deps.clock.now() });
  deps.log.info('inbox: flag cleared', { conversationId: id, agentId: agent.id });
}

export async function snoozeConversation(deps: Deps, id: string, until: number): Promise<void> {
  await requireConversation(deps, id);
  const now = deps.clock.now();
  if (!Number.isFinite(until) || until <= now) {
    throw new AppError('ValidationFailed', 'snooze time is in the past', [{ field: 'until', message: 'expected a time in the future' }]);
  }
  await updateConversation(deps.db, id, { status: 'snoozed', snoozedUntil: until, updatedAt: now });
}

export async function addNote(deps: Deps, agent: AgentRow, id: string, text: string): Promise<string> {
  const conversation = await requireConversation(deps, id);
  const body = text.trim();
  if (!body) throw new AppError('ValidationFailed', 'empty note', [{ field: 'text', message: 'expected some text' }]);
  const now = deps.clock.now();
  const messageId = deps.ids.next('msg');
  await insertMessage(deps.db, {
    id: messageId,
    conversationId: conversation.id,
    kind: 'note',
    direction: 'out',
    author: 'agent',
    authorAgentId: agent.id,
    fromName: agent.name,
    subject: conversation.subject,
    text: body,
    replyText: body,
    status: 'received',
    category: 'support',
    createdAt: now,
  });
  await updateConversation(deps.db, id, { updatedAt: now, messageCount: conversation.messageCount + 1 });
  deps.log.info('inbox: note added', { conversationId: id, agentId: agent.id, preview: previewLine(body, 0) });
  return messageId;
}
