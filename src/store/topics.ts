import { and, eq, inArray } from 'drizzle-orm';
import { topicSubscriptions, topics } from '../../db/schema.ts';
import type { Db } from './db.ts';

/** Contacts (of those given) who unsubscribed from a topic. */
export async function unsubscribedFromTopic(db: Db, contactIds: string[], topic: string): Promise<Set<string>> {
  if (contactIds.length === 0) return new Set();
  const rows = await db
    .select({ contactId: topicSubscriptions.contactId })
    .from(topicSubscriptions)
    .innerJoin(topics, eq(topics.id, topicSubscriptions.topicId))
    .where(and(inArray(topicSubscriptions.contactId, contactIds), eq(topics.key, topic), eq(topicSubscriptions.status, 'unsubscribed')));
  return new Set(rows.map((r) => r.contactId));
}

/**
 * Which of the contacts are out of a topic: their own choice, else the topic's default. A topic that
 * is not defined in the topics table has nothing to opt out of, so nobody is out of it.
 */
export async function outOfTopic(db: Db, contactIds: string[], topic: string): Promise<Set<string>> {
  if (contactIds.length === 0) return new Set();
  const rows = await db
    .select({ defaultSubscribed: topics.defaultSubscribed, contactId: topicSubscriptions.contactId, status: topicSubscriptions.status })
    .from(topics)
    .leftJoin(topicSubscriptions, and(eq(topicSubscriptions.topicId, topics.id), inArray(topicSubscriptions.contactId, contactIds)))
    .where(eq(topics.key, topic));
  if (rows.length === 0) return new Set();
  const chosen = new Map(rows.flatMap((r) => (r.contactId && r.status ? [[r.contactId, r.status] as const] : [])));
  return new Set(
    contactIds.filter((id) => (chosen.get(id) ?? (rows[0]!.defaultSubscribed ? 'subscribed' : 'unsubscribed')) === 'unsubscribed'),
  );
}
