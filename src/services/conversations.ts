// Conversation read use cases for the API (and, later, the inbox).
import type { Deps } from '../deps.ts';
import { decodeCursor, encodeCursor } from '../domain/cursor.ts';
import { AppError } from '../domain/errors.ts';
import { listAttachmentMeta, type AttachmentMeta } from '../store/attachments.ts';
import type { ContactRow } from '../store/contacts.ts';
import { getConversationWithContact, listConversationRows, type ConversationRow } from '../store/conversations.ts';
import { listConversationMessagesBefore, type MessageRow } from '../store/messages.ts';

export interface ConversationPage {
  conversations: ConversationRow[];
  nextCursor: string | null;
}

export async function listConversations(
  deps: Deps,
  query: { limit: number; status?: ConversationRow['status'] | undefined; contactId?: string | undefined; cursor?: string | undefined },
): Promise<ConversationPage> {
  const before = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await listConversationRows(deps.db, {
    limit: query.limit + 1,
    status: query.status,
    contactId: query.contactId,
    before: before ? { lastMessageAt: before.position, id: before.id } : undefined,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { conversations: page, nextCursor: rows.length > query.limit && last ? encodeCursor(last.lastMessageAt, last.id) : null };
}

/** Messages a thread shows at first (the newest), and per "show earlier". */
export const THREAD_PAGE_SIZE = 30;

export interface ConversationThread {
  conversation: ConversationRow;
  contact: ContactRow;
  /** One page of the thread (the newest, unless `before` was given), oldest first. */
  messages: MessageRow[];
  attachments: AttachmentMeta[];
  /** The cursor of the page before this one; null when this page starts the conversation. */
  earlierCursor: string | null;
}

export interface ThreadPageQuery {
  /** Messages per page (THREAD_PAGE_SIZE by default). */
  limit?: number | undefined;
  /** The earlierCursor of a page: the messages before it. */
  before?: string | undefined;
}

/** A conversation with one page of its messages: the newest, or those before a cursor (keyset, newest first). */
export async function getConversationThread(deps: Deps, id: string, page: ThreadPageQuery = {}): Promise<ConversationThread> {
  const limit = page.limit ?? THREAD_PAGE_SIZE;
  const before = page.before ? decodeCursor(page.before) : undefined;
  const found = await getConversationWithContact(deps.db, id);
  if (!found) throw new AppError('NotFound', `no conversation with id ${id}`);
  const { conversation, contact } = found;
  const newestFirst = await listConversationMessagesBefore(deps.db, id, {
    limit: limit + 1,
    before: before && { createdAt: before.position, id: before.id },
  });
  const shown = newestFirst.slice(0, limit);
  const oldest = shown[shown.length - 1];
  const messages = shown.reverse();
  const attachments = messages.length
    ? await listAttachmentMeta(
        deps.db,
        messages.map((m) => m.id),
      )
    : [];
  const earlierCursor = newestFirst.length > limit && oldest ? encodeCursor(oldest.createdAt, oldest.id) : null;
  return { conversation, contact, messages, attachments, earlierCursor };
}
