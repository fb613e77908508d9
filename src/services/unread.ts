// Unread state per agent: opening a conversation reads it up to the customer's latest message;
// "mark unread" makes it unread again for that agent only; counts and the newest unread for the
// tab title and desktop notifications.
import type { Deps } from '../deps.ts';
import type { AgentRow } from '../store/agents.ts';
import { latestUnread, markRead, markUnreadQuery } from '../store/conversation-reads.ts';
import { getConversationById, touchConversationsQuery } from '../store/conversations.ts';
import { requireConversation } from './conversationActions.ts';

/** The agent opened the conversation: read up to its latest customer message. */
export async function markConversationRead(deps: Deps, agent: AgentRow, conversationId: string): Promise<void> {
  const conversation = await getConversationById(deps.db, conversationId);
  if (!conversation?.lastCustomerMessageAt) return;
  await markRead(deps.db, agent.id, conversationId, conversation.lastCustomerMessageAt, deps.clock.now());
}

export async function markConversationUnread(deps: Deps, agent: AgentRow, conversationId: string): Promise<void> {
  await requireConversation(deps, conversationId);
  const now = deps.clock.now();
  await deps.db.batch([markUnreadQuery(deps.db, agent.id, [conversationId], now), touchConversationsQuery(deps.db, [conversationId], now)]);
}

export interface UnreadNotice {
  conversationId: string;
  subject: string;
  at: number;
}

/** The newest unread customer messages in the agent's own open conversations (for desktop notifications). */
export async function unreadInMyConversations(deps: Deps, agent: AgentRow, limit = 10): Promise<UnreadNotice[]> {
  const rows = await latestUnread(deps.db, agent.id, { status: 'open', assignee: { kind: 'agent', agentId: agent.id } }, limit);
  return rows.map((r) => ({ conversationId: r.id, subject: r.subject, at: r.lastCustomerMessageAt }));
}
