// "Show earlier" in the inbox thread: the page of messages before a cursor, with what the thread page needs to show
// them (the agents who wrote, the autoresponder's decisions on them).
import type { Deps } from '../deps.ts';
import { listAgentRows, type AgentRow } from '../store/agents.ts';
import { getConversationThread, type ConversationThread } from './conversations.ts';
import { faqThread, type FaqThread } from './faqThread.ts';

export interface EarlierMessages extends ConversationThread {
  agents: AgentRow[];
  faq: FaqThread;
}

export async function earlierMessages(deps: Deps, conversationId: string, before: string): Promise<EarlierMessages> {
  const thread = await getConversationThread(deps, conversationId, { before });
  const [agents, faq] = await Promise.all([listAgentRows(deps.db), faqThread(deps, thread.conversation, thread.contact)]);
  return { ...thread, agents, faq };
}
