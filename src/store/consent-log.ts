// The consent log: every change of a contact's marketing choice, topics or frequency, with time and source.
import { asc, eq } from 'drizzle-orm';
import { consentLog } from '../../db/schema.ts';
import type { Db } from './db.ts';

export type ConsentLogRow = typeof consentLog.$inferSelect;
export type NewConsentLogEntry = typeof consentLog.$inferInsert;

/** The entries as one statement for the caller's db.batch (written with the change they record). */
export function insertConsentLogQuery(db: Db, rows: NewConsentLogEntry[]) {
  return db.insert(consentLog).values(rows);
}

export async function consentLogOf(db: Db, contactId: string): Promise<ConsentLogRow[]> {
  return db.select().from(consentLog).where(eq(consentLog.contactId, contactId)).orderBy(asc(consentLog.createdAt), asc(consentLog.id));
}
