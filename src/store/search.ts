// Full-text search over messages and contacts (FTS5: trigram, 0001_search.sql; words for short terms, 0010_bigrams.sql).
import { desc, eq, inArray, sql } from 'drizzle-orm';
import { contacts, conversations } from '../../db/schema.ts';
import { wordIndexPhrase } from '../domain/inbox/search-words.ts';
import type { Db } from './db.ts';

export interface ContactHit {
  id: string;
  name: string | null;
  email: string;
}

type Source = 'messages_fts' | 'contacts_fts';
const WORDS: Record<Source, string> = { messages_fts: 'messages_words_fts', contacts_fts: 'contacts_words_fts' };

const quoted = (term: string) => `"${term.replace(/"/g, '""')}"`;

/**
 * Terms of 3+ characters match the trigram index (any substring); shorter ones (2-character Chinese words, short
 * Hebrew words) the word index, where each CJK character is a token and other words are whole. The word index
 * drives the query when there are short terms, the trigram index otherwise; both keep rowid order.
 */
function searchFrom(terms: string[], source: Source) {
  const long = terms.filter((t) => [...t].length >= 3);
  const short = terms.filter((t) => [...t].length < 3);
  const conditions = [];
  if (long.length) conditions.push(sql`${sql.raw(source)} match ${long.map(quoted).join(' AND ')}`);
  if (short.length === 0) return { from: sql.raw(source), where: sql.join(conditions, sql` and `), rowid: sql.raw(`${source}.rowid`) };
  const words = sql.raw(WORDS[source]);
  conditions.unshift(sql`${words} match ${short.map(wordIndexPhrase).join(' AND ')}`);
  return {
    from: sql`${words} join ${sql.raw(source)} on ${sql.raw(source)}.rowid = ${words}.rowid`,
    where: sql.join(conditions, sql` and `),
    rowid: sql`${words}.rowid`,
  };
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
 * The conversations whose messages match, newest match first, each with its newest matching message: up to `limit`
 * conversations among the newest `limit * 4` matches. Ordering by the index's own rowid lets FTS5 stop there instead
 * of ranking every match in a million messages; only the chosen rows' text and conversation are read (one per
 * conversation, not all the matches: reading 200 bodies was most of a search's CPU).
 */
export async function searchMessages(db: Db, terms: string[], limit: number): Promise<MessageMatch[]> {
  if (terms.length === 0) return [];
  const { from, where, rowid } = searchFrom(terms, 'messages_fts');
  return db.all<MessageMatch>(sql`
    select f.conversation_id as conversationId, f.message_id as messageId, c.subject as subject, f.body as body,
      k.name as contactName, k.email as contactEmail, c.status as status, c.last_message_at as lastMessageAt
    from (
      select conversation_id, max(match_rowid) as match_rowid from (
        select ${rowid} as match_rowid, messages_fts.conversation_id as conversation_id
        from ${from} where ${where} order by ${rowid} desc limit ${limit * 4}
      ) group by conversation_id order by match_rowid desc limit ${limit}
    ) newest
    join messages_fts f on f.rowid = newest.match_rowid
    join conversations c on c.id = newest.conversation_id
    join contacts k on k.id = c.contact_id
    order by newest.match_rowid desc`);
}

export async function searchContacts(db: Db, terms: string[], limit: number): Promise<ContactHit[]> {
  if (terms.length === 0) return [];
  const { from, where, rowid } = searchFrom(terms, 'contacts_fts');
  return db.all<ContactHit>(sql`
    select k.id as id, k.name as name, k.email as email
    from ${from} join contacts k on k.id = contacts_fts.contact_id
    where ${where}
    order by ${rowid} desc limit ${limit}`);
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
