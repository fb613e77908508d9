// Topics people can choose (topics) and each contact's own choices (topic_subscriptions).
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { topicSubscriptions, topics } from '../../db/schema.ts';
import type { TopicSubscriptionState } from '../domain/vocabulary.ts';
import type { Db } from './db.ts';

export type TopicRow = typeof topics.$inferSelect;
export type NewTopic = typeof topics.$inferInsert;

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

export async function listTopicRows(db: Db): Promise<TopicRow[]> {
  return db.select().from(topics).orderBy(asc(topics.key));
}

export async function findTopicByKey(db: Db, key: string): Promise<TopicRow | undefined> {
  return (await db.select().from(topics).where(eq(topics.key, key)).limit(1))[0];
}

/** Inserts the topic unless its key is taken; whether it was written. */
export async function insertTopic(db: Db, row: NewTopic): Promise<boolean> {
  return (await db.insert(topics).values(row).onConflictDoNothing().returning({ id: topics.id })).length === 1;
}

export async function updateTopicRow(
  db: Db,
  id: string,
  patch: Partial<Pick<TopicRow, 'name' | 'description' | 'names' | 'descriptions' | 'defaultSubscribed'>>,
): Promise<void> {
  if (Object.keys(patch).length) await db.update(topics).set(patch).where(eq(topics.id, id));
}

export async function deleteTopicRow(db: Db, id: string): Promise<void> {
  await db.delete(topics).where(eq(topics.id, id));
}

export interface TopicChoice {
  topic: TopicRow;
  /** The contact's own choice; null when they never made one (the topic's default applies). */
  status: TopicSubscriptionState | null;
}

/** Every topic with this contact's own choice, by key. */
export async function topicChoicesOf(db: Db, contactId: string): Promise<TopicChoice[]> {
  const rows = await db
    .select({ topic: topics, status: topicSubscriptions.status })
    .from(topics)
    .leftJoin(topicSubscriptions, and(eq(topicSubscriptions.topicId, topics.id), eq(topicSubscriptions.contactId, contactId)))
    .orderBy(asc(topics.key));
  return rows.map((r) => ({ topic: r.topic, status: r.status ?? null }));
}

/** Sets the contact's choice for topics, as one statement for the caller's db.batch. */
export function upsertTopicChoicesQuery(
  db: Db,
  rows: { contactId: string; topicId: string; status: TopicSubscriptionState; source: string; updatedAt: number }[],
) {
  return db
    .insert(topicSubscriptions)
    .values(rows)
    .onConflictDoUpdate({
      target: [topicSubscriptions.contactId, topicSubscriptions.topicId],
      set: { status: sql`excluded.status`, source: sql`excluded.source`, updatedAt: sql`excluded.updated_at` },
    });
}

/** The contacts' own topic choices (contacts without one have no row). */
export async function topicSubscriptionsOf(db: Db, contactIds: string[]) {
  if (contactIds.length === 0) return [];
  return db
    .select({ contactId: topicSubscriptions.contactId, topicId: topicSubscriptions.topicId, status: topicSubscriptions.status })
    .from(topicSubscriptions)
    .where(inArray(topicSubscriptions.contactId, [...new Set(contactIds)]));
}

/**
 * A contact's choice for a topic as a statement for a tracked event's batch: `contactId` is an SQL expression (the
 * contact may be created by the same batch), and nothing is written unless the event `eventId` was stored by it.
 */
export function upsertTopicChoiceForEventQuery(
  db: Db,
  p: { contactId: SQL; eventId: string; topicId: string; status: TopicSubscriptionState; source: string; updatedAt: number },
) {
  return db.run(sql`
    INSERT INTO topic_subscriptions (contact_id, topic_id, status, source, updated_at)
    SELECT ${p.contactId}, ${p.topicId}, ${p.status}, ${p.source}, ${p.updatedAt}
    WHERE EXISTS (SELECT 1 FROM events WHERE id = ${p.eventId})
    ON CONFLICT (contact_id, topic_id) DO UPDATE SET status = excluded.status, source = excluded.source, updated_at = excluded.updated_at`);
}

/** The own topic choices of many contacts (an import chunk): contact id → topic id → state. */
export async function topicChoicesOfMany(db: Db, contactIds: string[]): Promise<Map<string, Map<string, TopicSubscriptionState>>> {
  const out = new Map<string, Map<string, TopicSubscriptionState>>();
  for (const r of await topicSubscriptionsOf(db, contactIds)) {
    if (!out.has(r.contactId)) out.set(r.contactId, new Map());
    out.get(r.contactId)!.set(r.topicId, r.status);
  }
  return out;
}
