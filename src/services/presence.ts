// Presence: which other agents have a conversation open, and who is typing. Each open thread
// page reports itself every few seconds; a report older than PRESENCE_TTL_MS means the page is gone.
import type { Deps } from '../deps.ts';
import type { AgentRow } from '../store/agents.ts';
import { deleteStalePresence, listPresence, upsertPresence, type PresenceRow } from '../store/presence.ts';
import type { PresenceState } from '../domain/vocabulary.ts';
import { requireConversation } from './conversationActions.ts';

/** A few missed polls (every 5 s) before an agent counts as gone. */
export const PRESENCE_TTL_MS = 20_000;

export async function reportPresence(deps: Deps, agent: AgentRow, conversationId: string, state: PresenceState): Promise<PresenceRow[]> {
  await requireConversation(deps, conversationId);
  const now = deps.clock.now();
  await upsertPresence(deps.db, { conversationId, agentId: agent.id, state, seenAt: now });
  await deleteStalePresence(deps.db, conversationId, now - PRESENCE_TTL_MS);
  return listPresence(deps.db, conversationId, agent.id, now - PRESENCE_TTL_MS);
}
