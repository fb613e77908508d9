// Tracked events: looked up by idempotency key, written set-wise together with the contacts they upsert.
import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { contacts, events } from '../../db/schema.ts';
import type { Db } from './db.ts';
import type { NewContact } from './contacts.ts';

export type EventRow = typeof events.$inferSelect;
export type NewEvent = typeof events.$inferInsert;
/**
 * An event to write with its contact: by id when it was read, by address when it is created in the same
 * batch (then the id is the one that address has when the batch runs).
 */
export type NewContactEvent = Omit<NewEvent, 'contactId'> & { contact: { id: string } | { email: string } };

/** Rows per multi-row statement: well under SQLite's bound-parameter limit for both tables. */
const CHUNK_ROWS = 250;

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) out.push(rows.slice(i, i + CHUNK_ROWS));
  return out;
}

export async function getEventsByIdempotencyKeys(db: Db, keys: string[]): Promise<EventRow[]> {
  if (keys.length === 0) return [];
  const found: EventRow[] = [];
  for (const part of chunks(keys)) found.push(...(await db.select().from(events).where(inArray(events.idempotencyKey, part))));
  return found;
}

/** An event's contact as SQL: its id, or the id its address has when the batch runs (created by the same batch). */
export function eventContactId(db: Db, contact: NewContactEvent['contact']): SQL {
  return 'id' in contact
    ? sql`${contact.id}`
    : sql`(${db.select({ id: contacts.id }).from(contacts).where(eq(contacts.email, contact.email))})`;
}

/**
 * In one atomic batch: contacts inserted or, when their email exists, updated to the row given
 * (name, locale, timezone, attributes as already merged by the caller), then the events, each tied
 * to the contact its address has then (so a new contact another writer created meanwhile is found,
 * not duplicated). An event whose idempotency key another writer stored meanwhile is skipped. `after`: statements
 * that go last in the same batch (the events' topic choices).
 * Returns the contact id of each event inserted, by event id.
 */
export async function writeContactsAndEvents(
  db: Db,
  contactRows: NewContact[],
  eventRows: NewContactEvent[],
  after: BatchItem<'sqlite'>[] = [],
): Promise<Map<string, string | null>> {
  const writes: BatchItem<'sqlite'>[] = [
    ...chunks(contactRows).map((part) =>
      db
        .insert(contacts)
        .values(part)
        .onConflictDoUpdate({
          target: contacts.email,
          set: {
            name: sql`excluded.name`,
            locale: sql`excluded.locale`,
            timezone: sql`excluded.timezone`,
            attributes: sql`excluded.attributes`,
            updatedAt: sql`excluded.updated_at`,
          },
        }),
    ),
    ...chunks(eventRows).map((part) =>
      db
        .insert(events)
        .values(
          part.map(({ contact, ...row }) => ({
            ...row,
            contactId: eventContactId(db, contact),
          })),
        )
        .onConflictDoNothing({ target: events.idempotencyKey })
        .returning({ id: events.id, contactId: events.contactId }),
    ),
  ];
  const eventWrites = chunks(eventRows).length;
  const [first, ...rest] = [...writes, ...after];
  if (!first) return new Map();
  const results = await db.batch([first, ...rest]);
  const inserted = results.slice(writes.length - eventWrites, writes.length) as { id: string; contactId: string | null }[][];
  return new Map(inserted.flatMap((rows) => rows.map((row) => [row.id, row.contactId] as const)));
}
