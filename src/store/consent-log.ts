// The consent log: every change of a contact's marketing choice, topics or frequency, with time and source.
import { asc, eq, type SQL, sql } from 'drizzle-orm';
import { consentLog } from '../../db/schema.ts';
import type { Db } from './db.ts';

export type ConsentLogRow = typeof consentLog.$inferSelect;
export type NewConsentLogEntry = typeof consentLog.$inferInsert;

/** The entries as one statement for the caller's db.batch (written with the change they record). */
export function insertConsentLogQuery(db: Db, rows: NewConsentLogEntry[]) {
  return db.insert(consentLog).values(rows);
}

/** An entry as a statement for a tracked event's batch (see upsertTopicChoiceForEventQuery): written only with the event. */
export function insertConsentLogForEventQuery(
  db: Db,
  p: { contactId: SQL; eventId: string; entry: Omit<NewConsentLogEntry, 'contactId'> & { id: string } },
) {
  const e = p.entry;
  return db.run(sql`
    INSERT INTO consent_log (id, contact_id, subject, topic, value, previous, source, created_at)
    SELECT ${e.id}, ${p.contactId}, ${e.subject}, ${e.topic ?? null}, ${e.value}, ${e.previous ?? null}, ${e.source}, ${e.createdAt ?? 0}
    WHERE EXISTS (SELECT 1 FROM events WHERE id = ${p.eventId})`);
}

export async function consentLogOf(db: Db, contactId: string): Promise<ConsentLogRow[]> {
  return db.select().from(consentLog).where(eq(consentLog.contactId, contactId)).orderBy(asc(consentLog.createdAt), asc(consentLog.id));
}
