// Full-text search over messages and contacts (FTS5, trigram; see db/migrations/0001_search.sql).
import { desc, eq, inArray, sql } from 'drizzle-orm';
import { contacts, conversations } from '../../db/schema.ts';
import type { Db } from './db.ts';

export interface ContactHit {
  id: string;
  name: string | null;
  email: string;
}

/** Phrases of 3+ characters use the trigram index; shorter ones (2-character Chinese words) scan. */
function searchCondition(terms: string[], column: 'messages_fts' | 'contacts_fts') {
  const indexed = terms.filter((t) => [...t].length >= 3);
  const short = terms.filter((t) => [...t].length < 3);
  const parts = [];
  if (indexed.length) parts.push(sql`${sql.raw(column)} match ${indexed.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ')}`);
  for (const term of short) {
    const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(
      column === 'messages_fts'
        ? sql`(messages_fts.subject like ${like} escape '\\' or messages_fts.body like ${like} escape '\\')`
        : sql`(contacts_fts.name like ${like} escape '\\' or contacts_fts.email like ${like} escape '\\')`,
    );
  }
  return sql.join(parts, sql` and `);
}

export interface MessageMatch {
  conversationId: string;
  messageId: string;
  subject: string;
  body: string;
  contactName: string | null;
  contactEmail: string;
  status: string;
  lastMessageAt: number;
}

/**
 * Newest matches first, several per conversation. Ordering by the index's own rowid lets
 * FTS5 stop after `limit` hits instead of ranking every match in a million messages.
 */
export async function searchMessages(db: Db, terms: string[], limit: number): Promise<MessageMatch[]> {
  if (terms.length === 0) return [];
  return db.all<MessageMatch>(sql`
    select messages_fts.conversation_id as conversationId, messages_fts.message_id as messageId, c.subject as subject,
      messages_fts.body as body, k.name as contactName, k.email as contactEmail, c.status as status, c.last_message_at as lastMessageAt
    from messages_fts
    join conversations c on c.id = messages_fts.conversation_id
    join contacts k on k.id = c.contact_id
    where ${searchCondition(terms, 'messages_fts')}
    order by messages_fts.rowid desc
    limit ${limit}`);
}

export async function searchContacts(db: Db, terms: string[], limit: number): Promise<ContactHit[]> {
  if (terms.length === 0) return [];
  return db.all<ContactHit>(sql`
    select k.id as id, k.name as name, k.email as email
    from contacts_fts join contacts k on k.id = contacts_fts.contact_id
    where ${searchCondition(terms, 'contacts_fts')}
    order by contacts_fts.rowid desc limit ${limit}`);
}

export interface ContactConversation {
  conversationId: string;
  contactId: string;
  subject: string;
  preview: string;
  contactName: string | null;
  contactEmail: string;
  status: string;
  lastMessageAt: number;
}

/** The latest conversations of the contacts a search found, newest first. */
export async function conversationsOfContacts(db: Db, contactIds: string[], limit: number): Promise<ContactConversation[]> {
  if (contactIds.length === 0) return [];
  return db
    .select({
      conversationId: conversations.id,
      contactId: conversations.contactId,
      subject: conversations.subject,
      preview: conversations.preview,
      contactName: contacts.name,
      contactEmail: contacts.email,
      status: conversations.status,
      lastMessageAt: conversations.lastMessageAt,
    })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(inArray(conversations.contactId, contactIds))
    .orderBy(desc(conversations.lastMessageAt))
    .limit(limit);
}
