// Inbox search: conversations whose messages match, and contacts (with their conversations).
import type { Deps } from '../deps.ts';
import { searchTerms, snippetParts, type SnippetPart } from '../domain/inbox/search-query.ts';
import { conversationsOfContacts, searchContacts, searchMessages, type ContactHit } from '../store/search.ts';

export interface ConversationHit {
  conversationId: string;
  /** The subject, matched terms marked. */
  subject: SnippetPart[];
  contactName: string | null;
  contactEmail: string;
  status: string;
  lastMessageAt: number;
  /** Where the text matched; the conversation's preview when only the subject or the contact did. */
  snippet: SnippetPart[];
}

export interface ContactResult extends ContactHit {
  /** Their latest conversation, where a click on the contact goes; null when they have none. */
  latestConversationId: string | null;
}

export interface SearchResult {
  terms: string[];
  conversations: ConversationHit[];
  contacts: ContactResult[];
}

const WHOLE_SUBJECT = 1000;

export async function searchInbox(deps: Deps, query: string, limit = 50): Promise<SearchResult> {
  const terms = searchTerms(query);
  const [matches, contacts] = await Promise.all([searchMessages(deps.db, terms, limit), searchContacts(deps.db, terms, 20)]);
  const seen = new Set<string>();
  const conversations: ConversationHit[] = [];
  for (const m of matches) {
    if (seen.has(m.conversationId) || conversations.length >= limit) continue;
    seen.add(m.conversationId);
    const inBody = terms.some((t) => m.body.toLowerCase().includes(t));
    conversations.push({
      conversationId: m.conversationId,
      subject: snippetParts(m.subject, terms, WHOLE_SUBJECT),
      contactName: m.contactName,
      contactEmail: m.contactEmail,
      status: m.status,
      lastMessageAt: m.lastMessageAt,
      snippet: inBody ? snippetParts(m.body, terms) : [],
    });
  }
  // A contact found by name or address brings their conversations, even where no message says the name.
  const ofContacts = await conversationsOfContacts(
    deps.db,
    contacts.map((c) => c.id),
    limit,
  );
  for (const c of ofContacts) {
    if (seen.has(c.conversationId) || conversations.length >= limit) continue;
    seen.add(c.conversationId);
    conversations.push({
      conversationId: c.conversationId,
      subject: snippetParts(c.subject, terms, WHOLE_SUBJECT),
      contactName: c.contactName,
      contactEmail: c.contactEmail,
      status: c.status,
      lastMessageAt: c.lastMessageAt,
      snippet: [{ text: c.preview, match: false }],
    });
  }
  return {
    terms,
    conversations,
    contacts: contacts.map((contact) => ({
      ...contact,
      latestConversationId: ofContacts.find((c) => c.contactId === contact.id)?.conversationId ?? null,
    })),
  };
}
