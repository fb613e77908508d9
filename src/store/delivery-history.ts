// What the delivery rules need to know about a contact (DeliveryHistory), loaded for one contact or,
// for broadcasts and bulk sends, for many at once with one query per kind of fact.
import { and, eq, gt, inArray, isNotNull, min, sql } from 'drizzle-orm';
import { contacts, conversations, deliveryDecisions } from '../../db/schema.ts';
import type { DeliveryHistory, DeliveryRequest } from '../domain/delivery/types.ts';
import { suppressionKeysNow } from '../domain/people/suppression.ts';
import type { MessageCategory, SuppressionReason } from '../domain/vocabulary.ts';
import type { Db } from './db.ts';
import { findSuppressions } from './suppressions.ts';
import { inJsonList } from './statements.ts';
import { outOfTopic } from './topics.ts';

/** The contact fields the rules read. */
export type DeliveryContact = Pick<typeof contacts.$inferSelect, 'id' | 'email' | 'timezone' | 'marketingConsent'> &
  Partial<Pick<typeof contacts.$inferSelect, 'marketingFrequency'>>;

/** What to load: the choice for a topic, sends since `sendsSince`, and one source's own sends since `source.since`. */
export interface HistoryScope {
  topic: string | null;
  sendsSince: number;
  /** The categories whose sends the caps count (null: all); an empty list loads none. */
  sendCategories: MessageCategory[] | null;
  /** Whether to look for a conversation waiting for the business (only automated sends are held for one). */
  waiting: boolean;
  /** null: no per-source limit applies (or no source, as for API sends), so no source's sends are loaded. */
  source: (Pick<DeliveryRequest, 'source' | 'sourceName'> & { since: number }) | null;
}

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/**
 * The contacts' outbound mail that went or is going out (queued, sent or delivered) at its send time (or when
 * queued): the mail of their conversations, found from the contacts by conversations_contact_idx, and bulk and
 * broadcast mail in no conversation yet, by messages_unthreaded_contact_idx. The indexes are named: without them the
 * planner read every sent message by messages_status_idx (or every unthreaded one) for each chunk of contacts.
 */
export function sendsQueries(ids: readonly string[], since: number, categories: readonly MessageCategory[] | null) {
  const sent = sql`m.direction = 'out' and m.kind = 'email' and m.status in ('queued', 'sent', 'delivered')
    ${categories ? sql`and m.category in (${list(categories)})` : sql``} and coalesce(m.sent_at, m.created_at) >= ${since}`;
  return {
    threaded: sql`select c.contact_id as contactId, m.category as category, coalesce(m.sent_at, m.created_at) as at
      from conversations c indexed by conversations_contact_idx
      join messages m indexed by messages_conversation_idx on m.conversation_id = c.id
      where c.contact_id in ${inJsonList(ids)} and ${sent}`,
    unthreaded: sql`select m.contact_id as contactId, m.category as category, coalesce(m.sent_at, m.created_at) as at
      from messages m indexed by messages_unthreaded_contact_idx
      where m.contact_id in ${inJsonList(ids)} and m.conversation_id is null and ${sent}`,
  };
}

async function sendsByContact(
  db: Db,
  ids: string[],
  since: number,
  categories: MessageCategory[] | null,
): Promise<Map<string, DeliveryHistory['sentAt']>> {
  if (categories?.length === 0) return new Map();
  const queries = sendsQueries(ids, since, categories);
  type Row = { contactId: string; category: MessageCategory; at: number };
  const [threaded, unthreaded] = await Promise.all([db.all<Row>(queries.threaded), db.all<Row>(queries.unthreaded)]);
  const out = new Map<string, DeliveryHistory['sentAt']>();
  for (const r of [...threaded, ...unthreaded]) {
    out.set(r.contactId, [...(out.get(r.contactId) ?? []), { category: r.category, at: Number(r.at) }]);
  }
  return out;
}

/** When this source's first message (step 0) was sent to each contact: what a trigger's `limit` counts. */
async function sourceSendsByContact(db: Db, ids: string[], scope: HistoryScope): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  const source = scope.source;
  if (!source) return out;
  const rows = await db
    .select({ contactId: deliveryDecisions.contactId, at: deliveryDecisions.createdAt })
    .from(deliveryDecisions)
    .where(
      and(
        inArray(deliveryDecisions.contactId, ids),
        eq(deliveryDecisions.source, source.source),
        eq(deliveryDecisions.sourceName, source.sourceName),
        eq(deliveryDecisions.decision, 'sent'),
        eq(deliveryDecisions.step, 0),
        gt(deliveryDecisions.createdAt, source.since),
      ),
    );
  for (const r of rows) if (r.contactId) out.set(r.contactId, [...(out.get(r.contactId) ?? []), r.at]);
  return out;
}

/** Since when each contact has waited for the business in an open (or snoozed) conversation. */
async function waitingByContact(db: Db, ids: string[]): Promise<Map<string, number>> {
  const rows = await db
    .select({ contactId: conversations.contactId, since: min(conversations.waitingSince) })
    .from(conversations)
    .where(
      and(
        sql`${conversations.contactId} in ${inJsonList(ids)}`,
        inArray(conversations.status, ['open', 'snoozed']),
        isNotNull(conversations.waitingSince),
      ),
    )
    .groupBy(conversations.contactId);
  return new Map(rows.flatMap((r) => (r.since === null ? [] : [[r.contactId, Number(r.since)] as const])));
}

async function suppressionByContact(db: Db, people: DeliveryContact[]): Promise<Map<string, SuppressionReason>> {
  const keys = people.map((c) => suppressionKeysNow(c.email));
  const found = await findSuppressions(db, keys.flat());
  const out = new Map<string, SuppressionReason>();
  people.forEach((c, i) => {
    const hit = keys[i]!.map((k) => found.get(k)).find((s) => s !== undefined);
    if (hit) out.set(c.id, hit.reason);
  });
  return out;
}

/** Histories for many contacts (each given contact gets one), with one query per kind of fact. */
export async function loadDeliveryHistories(db: Db, people: DeliveryContact[], scope: HistoryScope): Promise<Map<string, DeliveryHistory>> {
  const out = new Map<string, DeliveryHistory>();
  if (people.length === 0) return out;
  const ids = people.map((c) => c.id);
  const [suppressed, optedOut, sends, sourceSends, waiting] = await Promise.all([
    suppressionByContact(db, people),
    scope.topic ? outOfTopic(db, ids, scope.topic) : Promise.resolve(new Set<string>()),
    sendsByContact(db, ids, scope.sendsSince, scope.sendCategories),
    sourceSendsByContact(db, ids, scope),
    scope.waiting ? waitingByContact(db, ids) : Promise.resolve(new Map<string, number>()),
  ]);
  for (const c of people) {
    out.set(c.id, {
      email: c.email || null,
      timezone: c.timezone,
      marketingConsent: c.marketingConsent,
      marketingFrequency: c.marketingFrequency ?? 'normal',
      suppression: suppressed.get(c.id) ?? null,
      topicUnsubscribed: optedOut.has(c.id),
      sentAt: sends.get(c.id) ?? [],
      sourceSentAt: sourceSends.get(c.id) ?? [],
      waitingSince: waiting.get(c.id) ?? null,
    });
  }
  return out;
}

/** One contact's history, or null when there is no such contact. */
export async function loadDeliveryHistory(db: Db, contactId: string, scope: HistoryScope): Promise<DeliveryHistory | null> {
  const rows = await db
    .select({
      id: contacts.id,
      email: contacts.email,
      timezone: contacts.timezone,
      marketingConsent: contacts.marketingConsent,
      marketingFrequency: contacts.marketingFrequency,
    })
    .from(contacts)
    .where(eq(contacts.id, contactId))
    .limit(1);
  const contact = rows[0];
  if (!contact) return null;
  return (await loadDeliveryHistories(db, [contact], scope)).get(contact.id)!;
}
