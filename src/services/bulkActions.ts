// Bulk actions from the inbox list: many conversations assigned, closed, tagged or marked unread in
// one request and one transaction (a single db.batch), with how many it changed.
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { getAgentById, type AgentRow } from '../store/agents.ts';
import { addTagsQuery } from '../store/conversation-tags.ts';
import { markUnreadQuery } from '../store/conversation-reads.ts';
import { touchConversationsQuery, updateConversationsQuery } from '../store/conversations.ts';
import { normalizeTags } from './conversationTags.ts';

/** At most this many conversations per request (a list page has 50). */
export const MAX_BULK_CONVERSATIONS = 200;

export const BULK_ACTIONS = ['assign', 'close', 'tag', 'unread'] as const;
export type BulkActionName = (typeof BULK_ACTIONS)[number];

export type BulkAction =
  | { action: 'assign'; assigneeId: string | null }
  | { action: 'close' }
  | { action: 'tag'; tag: string }
  | { action: 'unread' };

export interface BulkResult {
  action: BulkActionName;
  /** How many of the selected conversations exist and were changed. */
  count: number;
  /** The tag as stored, for `tag`; the assignee's name, for `assign`. */
  detail: string | null;
}

function assertSelection(ids: string[]): string[] {
  const unique = [...new Set(ids)];
  if (unique.length === 0) {
    throw new AppError('ValidationFailed', 'no conversation selected', [{ field: 'ids', message: 'expected at least one conversation' }]);
  }
  if (unique.length > MAX_BULK_CONVERSATIONS) {
    throw new AppError('ValidationFailed', `at most ${MAX_BULK_CONVERSATIONS} conversations at once`, [
      { field: 'ids', message: `expected at most ${MAX_BULK_CONVERSATIONS} conversations` },
    ]);
  }
  return unique;
}

async function activeAgent(deps: Deps, id: string): Promise<AgentRow> {
  const agent = await getAgentById(deps.db, id);
  if (!agent?.active)
    throw new AppError('ValidationFailed', 'no such active agent', [{ field: 'assignee', message: 'expected an active agent' }]);
  return agent;
}

export async function bulkAct(deps: Deps, agent: AgentRow, conversationIds: string[], change: BulkAction): Promise<BulkResult> {
  const ids = assertSelection(conversationIds);
  const now = deps.clock.now();
  const { db } = deps;
  switch (change.action) {
    case 'assign': {
      const assignee = change.assigneeId ? await activeAgent(deps, change.assigneeId) : null;
      const [changed] = await db.batch([updateConversationsQuery(db, ids, { assigneeId: assignee?.id ?? null, updatedAt: now })]);
      return { action: 'assign', count: changed.length, detail: assignee?.name ?? null };
    }
    case 'close': {
      const patch = { status: 'closed' as const, snoozedUntil: null, waitingSince: null, firstResponseDueAt: null, updatedAt: now };
      const [changed] = await db.batch([updateConversationsQuery(db, ids, patch)]);
      deps.log.info('inbox: bulk close', { agentId: agent.id, conversations: changed.length });
      return { action: 'close', count: changed.length, detail: null };
    }
    case 'tag': {
      const [tag] = normalizeTags([change.tag], 'tag');
      const touched = updateConversationsQuery(db, ids, { updatedAt: now });
      // Only conversations that exist get the tag: the touch returns them, inside the same batch.
      const [changed] = await db.batch([touched, addTagsQuery(db, ids, [tag!], now)]);
      return { action: 'tag', count: changed.length, detail: tag! };
    }
    case 'unread': {
      const [changed] = await db.batch([touchConversationsQuery(db, ids, now).returning(), markUnreadQuery(db, agent.id, ids, now)]);
      return { action: 'unread', count: changed.length, detail: null };
    }
  }
}
