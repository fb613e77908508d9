// Saved replies: the FAQ entries as a library for the composer, found by words or tag and rendered
// (Liquid) for this conversation's contact in their locale, ready to edit before sending.
import type { Deps } from '../deps.ts';
import { answerLocale } from '../domain/autoresponder/answer.ts';
import { AppError } from '../domain/errors.ts';
import { findSavedReplies } from '../domain/inbox/saved-replies.ts';
import { errorFields } from '../log.ts';
import { getContactById, type ContactRow } from '../store/contacts.ts';
import type { ConversationRow } from '../store/conversations.ts';
import { listFaqEntries, type FaqEntryRow } from '../store/faqs.ts';
import { requireConversation } from './conversationActions.ts';
import { answerForContact } from './faqs.ts';

export interface SavedReply {
  id: string;
  tags: string[];
  /** An example question in the answer's locale (else the entry's id): what the entry answers. */
  title: string;
  locale: string | null;
  /** The answer rendered for this contact; null with `error` when it cannot be rendered. */
  text: string | null;
  error: string | null;
}

function titleOf(entry: FaqEntryRow, locale: string | null): string {
  const questions = (locale && entry.questions[locale]) || Object.values(entry.questions)[0] || [];
  return questions[0] ?? entry.id;
}

function rendered(deps: Deps, entry: FaqEntryRow, contact: ContactRow, conversation: ConversationRow): SavedReply {
  const base = { id: entry.id, tags: entry.tags, title: titleOf(entry, answerLocale(entry.answers, [contact.locale])) };
  try {
    const answer = answerForContact(entry, contact, { id: conversation.id, subject: conversation.subject }, [contact.locale]);
    return { ...base, locale: answer?.locale ?? null, text: answer?.text ?? null, error: answer ? null : 'no answer in any locale' };
  } catch (error) {
    deps.log.warn('saved replies: an answer could not be rendered', { faqId: entry.id, ...errorFields(error) });
    return { ...base, locale: null, text: null, error: error instanceof Error ? error.message : String(error) };
  }
}

async function scope(deps: Deps, conversationId: string) {
  const conversation = await requireConversation(deps, conversationId);
  const contact = await getContactById(deps.db, conversation.contactId);
  if (!contact) throw new AppError('NotFound', `conversation ${conversationId} has no contact`);
  return { conversation, contact };
}

/** The saved replies that fit `query` (words, `#tag`), rendered for the conversation's contact; best first. */
export async function searchSavedReplies(deps: Deps, conversationId: string, query: string, limit = 12): Promise<SavedReply[]> {
  const [{ conversation, contact }, entries] = await Promise.all([
    scope(deps, conversationId),
    listFaqEntries(deps.db, { enabledOnly: true }),
  ]);
  return findSavedReplies(entries, query.slice(0, 200), limit).map((entry) => rendered(deps, entry, contact, conversation));
}

/** One saved reply rendered for the conversation (the composer's text when chosen without the script). */
export async function savedReplyFor(deps: Deps, conversationId: string, faqId: string): Promise<SavedReply> {
  const [{ conversation, contact }, entries] = await Promise.all([
    scope(deps, conversationId),
    listFaqEntries(deps.db, { enabledOnly: true }),
  ]);
  const entry = entries.find((e) => e.id === faqId);
  if (!entry)
    throw new AppError('NotFound', `no enabled saved reply ${faqId}`, [{ field: 'reply', message: 'expected an enabled FAQ entry' }]);
  return rendered(deps, entry, contact, conversation);
}
