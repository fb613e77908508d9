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
