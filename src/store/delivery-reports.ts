// The writes of a delivery report (a bounce or a complaint), as statements for one db.batch.
import { eq } from 'drizzle-orm';
import { contacts, messages } from '../../db/schema.ts';
import type { Db } from './db.ts';

export function markMessageBouncedQuery(db: Db, messageId: string, statusReason: string) {
  return db.update(messages).set({ status: 'bounced', statusReason }).where(eq(messages.id, messageId));
}

/** The contact with this (normalized) address, if there is one, no longer receives marketing. */
export function unsubscribeAfterComplaintQuery(db: Db, email: string, now: number) {
  return db
    .update(contacts)
    .set({ marketingConsent: 'unsubscribed', consentSource: 'spam complaint', consentUpdatedAt: now, updatedAt: now })
    .where(eq(contacts.email, email));
}
