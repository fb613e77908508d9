import { and, asc, eq, gt, or, sql, type SQL } from 'drizzle-orm';
import { contacts, conversations } from '../../db/schema.ts';
import type { Db } from './db.ts';
import { inJsonList } from './statements.ts';

export type ContactRow = typeof contacts.$inferSelect;
export type NewContact = typeof contacts.$inferInsert;

/** The contacts columns in ContactRow's order, for raw reads that map rows with contactFromColumns. */
export const CONTACT_COLUMNS = [
  'id',
  'email',
  'name',
  'locale',
  'timezone',
  'attributes',
  'marketing_consent',
  'consent_source',
  'consent_updated_at',
  'marketing_frequency',
  'created_at',
  'updated_at',
] as const;

/** A contact from a raw row whose values start at `at` in CONTACT_COLUMNS' order (as drizzle's select maps it). */
export function contactFromColumns(values: ArrayLike<unknown>, at = 0): ContactRow {
  const v = (i: number) => values[at + i];
  const attributes = v(5);
  return {
    id: v(0) as string,
    email: v(1) as string,
    name: v(2) as string | null,
    locale: v(3) as string | null,
    timezone: v(4) as string | null,
    attributes: typeof attributes === 'string' ? (JSON.parse(attributes) as Record<string, unknown>) : {},
    marketingConsent: v(6) as ContactRow['marketingConsent'],
    consentSource: v(7) as string | null,
    consentUpdatedAt: v(8) === null ? null : Number(v(8)),
    marketingFrequency: v(9) as ContactRow['marketingFrequency'],
    createdAt: Number(v(10)),
    updatedAt: Number(v(11)),
  };
}

export async function insertContact(db: Db, row: NewContact): Promise<void> {
  await db.insert(contacts).values(row);
}

export async function getContactById(db: Db, id: string): Promise<ContactRow | undefined> {
  const rows = await db.select().from(contacts).where(eq(contacts.id, id)).limit(1);
  return rows[0];
}

export async function getContactByEmail(db: Db, email: string): Promise<ContactRow | undefined> {
  const rows = await db.select().from(contacts).where(eq(contacts.email, email)).limit(1);
  return rows[0];
}

/** Inserts the contact, or returns the one that already has this email (concurrency-safe). */
export async function insertContactIfAbsent(db: Db, row: NewContact): Promise<{ contact: ContactRow; created: boolean }> {
  const inserted = await db.insert(contacts).values(row).onConflictDoNothing({ target: contacts.email }).returning();
  if (inserted[0]) return { contact: inserted[0], created: true };
  return { contact: (await getContactByEmail(db, row.email))!, created: false };
}

export async function updateContactRow(db: Db, id: string, patch: Partial<NewContact>): Promise<ContactRow | undefined> {
  const rows = await db.update(contacts).set(patch).where(eq(contacts.id, id)).returning();
  return rows[0];
}

/** The same update as one statement for the caller's db.batch. */
export function updateContactQuery(db: Db, id: string, patch: Partial<NewContact>) {
  return db.update(contacts).set(patch).where(eq(contacts.id, id));
}

export async function deleteContactRow(db: Db, id: string): Promise<boolean> {
  const rows = await db.delete(contacts).where(eq(contacts.id, id)).returning({ id: contacts.id });
  return rows.length > 0;
}

export interface ContactListQuery {
  limit: number;
  after?: { createdAt: number; id: string } | undefined;
  attributes?: Record<string, string> | undefined;
  consent?: ContactRow['marketingConsent'] | undefined;
  email?: string | undefined;
}

/** Oldest first, keyset-paginated on (created_at, id). */
export async function listContactRows(db: Db, query: ContactListQuery): Promise<ContactRow[]> {
  const conditions: SQL[] = [];
  if (query.after) {
    conditions.push(
      or(
        gt(contacts.createdAt, query.after.createdAt),
        and(eq(contacts.createdAt, query.after.createdAt), gt(contacts.id, query.after.id)),
      )!,
    );
  }
  for (const [name, value] of Object.entries(query.attributes ?? {})) {
    const path = `$."${name.replace(/"/g, '')}"`;
    const wanted = value === 'true' ? '1' : value === 'false' ? '0' : value;
    conditions.push(sql`cast(json_extract(${contacts.attributes}, ${path}) as text) = ${wanted}`);
  }
  if (query.consent) conditions.push(eq(contacts.marketingConsent, query.consent));
  if (query.email) conditions.push(eq(contacts.email, query.email));
  return db
    .select()
    .from(contacts)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(contacts.createdAt), asc(contacts.id))
    .limit(query.limit);
}

export async function getContactForConversation(db: Db, conversationId: string): Promise<ContactRow | undefined> {
  const rows = await db
    .select({ contact: contacts })
    .from(contacts)
    .innerJoin(conversations, eq(conversations.contactId, contacts.id))
    .where(eq(conversations.id, conversationId))
    .limit(1);
  return rows[0]?.contact;
}

/** Whom a message went to: its contact_id (a message in no conversation yet), else its conversation's contact. */
export async function getContactOfMessage(
  db: Db,
  message: { contactId: string | null; conversationId: string | null },
): Promise<ContactRow | undefined> {
  if (message.contactId) return (await getContactsByIds(db, [message.contactId]))[0];
  return message.conversationId ? getContactForConversation(db, message.conversationId) : undefined;
}

export async function getContactsByEmails(db: Db, emails: string[]): Promise<ContactRow[]> {
  if (emails.length === 0) return [];
  return db
    .select()
    .from(contacts)
    .where(sql`${contacts.email} in ${inJsonList(emails)}`);
}

/** Many contacts by id (a bulk chunk's thousand): the ids bound as one JSON list (statements.ts, inJsonList). */
export async function getContactsByIds(db: Db, ids: string[]): Promise<ContactRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(contacts)
    .where(sql`${contacts.id} in ${inJsonList(ids)}`);
}

/** Creates bare contacts for addresses not known yet (consent unknown); returns all of them. */
export async function ensureContactsByEmail(db: Db, emails: string[], newId: () => string, now: number): Promise<Map<string, ContactRow>> {
  const known = new Map((await getContactsByEmails(db, emails)).map((c) => [c.email, c]));
  const missing = [...new Set(emails.filter((e) => !known.has(e)))];
  if (missing.length) {
    await db
      .insert(contacts)
      .values(
        missing.map((email) => ({
          id: newId(),
          email,
          attributes: {},
          marketingConsent: 'unknown' as const,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .onConflictDoNothing({ target: contacts.email });
    for (const c of await getContactsByEmails(db, missing)) known.set(c.email, c);
  }
  return known;
}

/** The time zone of each contact (those that exist), for planning many at once without reading whole rows. */
export async function getContactZones(db: Db, ids: string[]): Promise<{ id: string; timezone: string | null }[]> {
  if (ids.length === 0) return [];
  return db.all<{ id: string; timezone: string | null }>(sql`select id, timezone from contacts where id in ${inJsonList(ids)}`);
}
