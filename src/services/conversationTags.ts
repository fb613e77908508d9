// Tags on conversations: add and remove (normalised, validated per field), and suggestions of the tags in use.
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { MAX_TAGS_PER_CONVERSATION, normalizeTag } from '../domain/inbox/tags.ts';
import { addTagsQuery, removeTags, tagsInUse, tagsOfConversations } from '../store/conversation-tags.ts';
import { touchConversationsQuery } from '../store/conversations.ts';
import { requireConversation } from './conversationActions.ts';

/** The tags as stored, or a ValidationFailed naming each bad one (`tags.0`, …; `field` for a single one). */
export function normalizeTags(raw: string[], field = 'tags'): string[] {
  const tags: string[] = [];
  const issues = raw.flatMap((text, i) => {
    const result = normalizeTag(text);
    if (!result.ok) return [{ field: raw.length === 1 && field !== 'tags' ? field : `${field}.${i}`, message: result.message }];
    if (!tags.includes(result.tag)) tags.push(result.tag);
    return [];
  });
  if (issues.length) throw new AppError('ValidationFailed', `invalid tag: ${issues[0]!.message}`, issues);
  if (tags.length === 0) throw new AppError('ValidationFailed', 'no tag given', [{ field, message: 'expected at least one tag' }]);
  return tags;
}

export async function conversationTags(deps: Deps, conversationId: string): Promise<string[]> {
  return (await tagsOfConversations(deps.db, [conversationId])).get(conversationId) ?? [];
}

/** Adds tags to a conversation; returns all its tags. */
export async function addConversationTags(deps: Deps, conversationId: string, raw: string[], field = 'tags'): Promise<string[]> {
  await requireConversation(deps, conversationId);
  const tags = normalizeTags(raw, field);
  const current = await conversationTags(deps, conversationId);
  const after = new Set([...current, ...tags]);
  if (after.size > MAX_TAGS_PER_CONVERSATION) {
    throw new AppError('ValidationFailed', `a conversation can carry at most ${MAX_TAGS_PER_CONVERSATION} tags`, [
      { field, message: `expected at most ${MAX_TAGS_PER_CONVERSATION} tags in all (it has ${current.length})` },
    ]);
  }
  const now = deps.clock.now();
  await deps.db.batch([addTagsQuery(deps.db, [conversationId], tags, now), touchConversationsQuery(deps.db, [conversationId], now)]);
  return conversationTags(deps, conversationId);
}

/** Removes tags (ones it does not carry are no error); returns the tags left. */
export async function removeConversationTags(deps: Deps, conversationId: string, raw: string[], field = 'tags'): Promise<string[]> {
  await requireConversation(deps, conversationId);
  await removeTags(deps.db, conversationId, normalizeTags(raw, field));
  await touchConversationsQuery(deps.db, [conversationId], deps.clock.now());
  return conversationTags(deps, conversationId);
}

/** Tags in use that start like `prefix` (normalised the same way), most used first. */
export async function suggestTags(deps: Deps, prefix: string, limit = 20): Promise<string[]> {
  const normalized = prefix.trim() ? normalizeTag(prefix) : null;
  if (normalized && !normalized.ok) return [];
  return (await tagsInUse(deps.db, { prefix: normalized?.tag ?? '', limit })).map((t) => t.tag);
}
