// The inbox's contact list: contacts filtered by a text query (name or address), a locale, a topic
// they get, and a segment's rule (rules-sql.ts), newest first, keyset-paginated on (created_at, id).
import type { Rule } from '../domain/rules/ast.ts';
import { type ContactRow, getContactsByIds } from './contacts.ts';
import type { Db } from './db.ts';
import { compileRule, type SqlParam } from './rules-sql.ts';

export interface ContactDirectoryQuery {
  /** Part of the name or address; matched case-insensitively for Latin letters. */
  text?: string | undefined;
  /** A language ("sv" also matches "sv-SE") or a full tag. */
  locale?: string | undefined;
  /** A topic key: only contacts who get it (their own choice, else the topic's default). */
  topic?: string | undefined;
  rule?: Rule | undefined;
  now: number;
  limit: number;
  /** The last (created_at, id) of the previous page. */
  before?: { createdAt: number; id: string } | undefined;
}

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listContactDirectory(db: Db, query: ContactDirectoryQuery): Promise<ContactRow[]> {
  const where: string[] = [];
  const args: SqlParam[] = [];
  if (query.text) {
    where.push("(contacts.email LIKE ? ESCAPE '\\' OR lower(coalesce(contacts.name, '')) LIKE ? ESCAPE '\\')");
    args.push(likePattern(query.text), likePattern(query.text));
  }
  if (query.locale) {
    where.push('(lower(contacts.locale) = ? OR lower(contacts.locale) LIKE ?)');
    args.push(query.locale.toLowerCase(), `${query.locale.toLowerCase()}-%`);
  }
  if (query.topic) {
    where.push(`EXISTS (SELECT 1 FROM topics t
      LEFT JOIN topic_subscriptions s ON s.topic_id = t.id AND s.contact_id = contacts.id
      WHERE t.key = ? AND coalesce(s.status, CASE WHEN t.default_subscribed THEN 'subscribed' ELSE 'unsubscribed' END) = 'subscribed')`);
    args.push(query.topic);
  }
  if (query.rule) {
    const compiled = compileRule(query.rule, query.now);
    where.push(`(${compiled.sql})`);
    args.push(...compiled.params);
  }
  if (query.before) {
    where.push('(contacts.created_at < ? OR (contacts.created_at = ? AND contacts.id < ?))');
    args.push(query.before.createdAt, query.before.createdAt, query.before.id);
  }
  const sql = `SELECT contacts.id AS id FROM contacts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY contacts.created_at DESC, contacts.id DESC LIMIT ?`;
  const result = await db.$client.execute({ sql, args: [...args, query.limit] });
  const ids = result.rows.map((row) => String(row.id));
  const byId = new Map((await getContactsByIds(db, ids)).map((c) => [c.id, c]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}
