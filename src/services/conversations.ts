// Conversation read use cases for the API (and, later, the inbox).
import type { Deps } from '../deps.ts';
import { decodeCursor, encodeCursor } from '../domain/cursor.ts';
import { AppError } from '../domain/errors.ts';
import { listAttachmentMeta, type AttachmentMeta } from '../store/attachments.ts';
import { getContactById, type ContactRow } from '../store/contacts.ts';
import { getConversationById, listConversationRows, type ConversationRow } from '../store/conversations.ts';
import { listConversationMessages, type MessageRow } from '../store/messages.ts';

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

export interface ConversationThread {
  conversation: ConversationRow;
  contact: ContactRow;
  messages: MessageRow[];
  attachments: AttachmentMeta[];
}

export async function getConversationThread(deps: Deps, id: string): Promise<ConversationThread> {
  const conversation = await getConversationById(deps.db, id);
  if (!conversation) throw new AppError('NotFound', `no conversation with id ${id}`);
  const [contact, messages] = await Promise.all([getContactById(deps.db, conversation.contactId), listConversationMessages(deps.db, id)]);
  const attachments = await listAttachmentMeta(
    deps.db,
    messages.map((m) => m.id),
  );
  return { conversation, contact: contact!, messages, attachments };
}
