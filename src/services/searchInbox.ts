import type { Deps } from '../deps.ts';
import { searchTerms, snippetParts, type SnippetPart } from '../domain/inbox/search-query.ts';
import { searchContacts, searchMessages, type ContactHit } from '../store/search.ts';

export interface ConversationHit {
  conversationId: string;
  subject: string;
  contactName: string | null;
  contactEmail: string;
  status: string;
  lastMessageAt: number;
  snippet: SnippetPart[];
}

export interface SearchResult {
  terms: string[];
  conversations: ConversationHit[];
  contacts: ContactHit[];
}

export async function searchInbox(deps: Deps, query: string, limit = 50): Promise<SearchResult> {
  const terms = searchTerms(query);
  const [matches, contacts] = await Promise.all([searchMessages(deps.db, terms, limit * 4), searchContacts(deps.db, terms, 20)]);
  const seen = new Set<string>();
  const conversations: ConversationHit[] = [];
  for (const m of matches) {
    if (seen.has(m.conversationId) || conversations.length >= limit) continue;
    seen.add(m.conversationId);
    const inBody = terms.some((t) => m.body.toLowerCase().includes(t));
    conversations.push({
      conversationId: m.conversationId,
      subject: m.subject,
      contactName: m.contactName,
      contactEmail: m.contactEmail,
      status: m.status,
      lastMessageAt: m.lastMessageAt,
      snippet: snippetParts(inBody ? m.body : m.subject, terms),
    });
  }
  return { terms, conversations, contacts };
}
