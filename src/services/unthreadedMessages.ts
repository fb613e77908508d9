// Messages written without a conversation (bulk and broadcast sends: store/messages.ts,
// insertPlannedMessagesStatements) get one when someone answers them, by reply token or by
// In-Reply-To/References: the conversation the reply then joins, with the sent message in it.
import type { Deps } from '../deps.ts';
import { previewLine } from '../domain/inbox/preview.ts';
import {
  conversationIdForMessage,
  createConversationForMessage,
  type ConversationRow,
  getConversationById,
} from '../store/conversations.ts';
import { getMessageById, type MessageRow } from '../store/messages.ts';
import { newConversationRow } from './sendMessage.ts';

type Answered = Pick<MessageRow, 'id' | 'conversationId' | 'contactId' | 'subject' | 'text' | 'category' | 'createdAt'>;

/** The message's conversation, made now if it has none yet; undefined if it has neither a conversation nor a contact. */
export async function conversationOfMessage(deps: Deps, message: Answered): Promise<ConversationRow | undefined> {
  if (message.conversationId) return getConversationById(deps.db, message.conversationId);
  if (!message.contactId) return undefined;
  const id = conversationIdForMessage(message.id);
  const row = newConversationRow(message.contactId, id, message, previewLine(message.text), message.createdAt);
  return createConversationForMessage(deps.db, message.id, { ...row, updatedAt: deps.clock.now() });
}

/** The conversation a verified reply token names: a conversation id, or a message id (a bulk send's token), whose conversation it is. */
export async function conversationNamedByToken(deps: Deps, id: string): Promise<ConversationRow | undefined> {
  if (!id.startsWith('msg_')) return getConversationById(deps.db, id);
  const message = await getMessageById(deps.db, id);
  return message?.direction === 'out' ? conversationOfMessage(deps, message) : undefined;
}

/** The conversation of a message found by its Message-ID (made now for an unanswered bulk send). */
export async function conversationOfReferenced(deps: Deps, referenced: { messageId: string; conversationId: string | null }) {
  if (referenced.conversationId) return getConversationById(deps.db, referenced.conversationId);
  const message = await getMessageById(deps.db, referenced.messageId);
  return message ? conversationOfMessage(deps, message) : undefined;
}
