// Agents' presence on a conversation (who has it open, who is typing), kept in the database so
// every isolate and host sees the same: one upsert and one read per poll.
import { and, asc, eq, gte, lt, ne } from 'drizzle-orm';
import { agentPresence, agents } from '../../db/schema.ts';
import type { Db } from './db.ts';
import type { PresenceState } from '../domain/vocabulary.ts';

export interface PresenceRow {
  agentId: string;
  name: string;
  state: PresenceState;
  seenAt: number;
}

export async function upsertPresence(db: Db, row: { conversationId: string; agentId: string; state: PresenceState; seenAt: number }) {
  await db
    .insert(agentPresence)
    .values(row)
    .onConflictDoUpdate({
      target: [agentPresence.conversationId, agentPresence.agentId],
      set: { state: row.state, seenAt: row.seenAt },
    });
}

/** The other agents seen on the conversation since `since`, by name. */
export async function listPresence(db: Db, conversationId: string, exceptAgentId: string, since: number): Promise<PresenceRow[]> {
  return db
    .select({ agentId: agentPresence.agentId, name: agents.name, state: agentPresence.state, seenAt: agentPresence.seenAt })
    .from(agentPresence)
    .innerJoin(agents, eq(agents.id, agentPresence.agentId))
    .where(
      and(eq(agentPresence.conversationId, conversationId), ne(agentPresence.agentId, exceptAgentId), gte(agentPresence.seenAt, since)),
    )
    .orderBy(asc(agents.name));
}

/** Rows nobody refreshed since `before`: the agent closed the page. */
export async function deleteStalePresence(db: Db, conversationId: string, before: number): Promise<void> {
  await db.delete(agentPresence).where(and(eq(agentPresence.conversationId, conversationId), lt(agentPresence.seenAt, before)));
}
