import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import { inboundEmails } from '../../db/schema.ts';
import type { Db } from './db.ts';

export type InboundEmailRow = typeof inboundEmails.$inferSelect;
export type NewInboundEmail = typeof inboundEmails.$inferInsert;

/**
 * Inserts the raw message unless one with the same dedupe key is already kept. Insert and
 * look-up run as one transaction: when this returns, COMMIT has succeeded, so the row is
 * committed, not merely written on this connection.
 */
export async function insertRawInbound(
  db: Db,
  row: NewInboundEmail,
): Promise<{ inserted: true; id: string } | { inserted: false; existingId: string; existingContentHash: string | null }> {
  // One autocommit statement for a new message (nearly all); the kept one is read only after a conflict. Should it be
  // gone by then (its contact erased in between), the key is free again: insert once more.
  const [inserted] = await db
    .insert(inboundEmails)
    .values(row)
    .onConflictDoNothing({ target: inboundEmails.dedupeKey })
    .returning({ id: inboundEmails.id });
  if (inserted) return { inserted: true, id: inserted.id };
  const [existing] = await db
    .select({ id: inboundEmails.id, contentHash: inboundEmails.contentHash })
    .from(inboundEmails)
    .where(eq(inboundEmails.dedupeKey, row.dedupeKey))
    .limit(1);
  if (!existing) return insertRawInbound(db, row);
  return { inserted: false, existingId: existing.id, existingContentHash: existing.contentHash };
}

export async function getInboundEmail(db: Db, id: string): Promise<InboundEmailRow | undefined> {
  const rows = await db.select().from(inboundEmails).where(eq(inboundEmails.id, id)).limit(1);
  return rows[0];
}

export async function listInboundByStatus(
  db: Db,
  statuses: InboundEmailRow['status'][],
  limit: number,
): Promise<Omit<InboundEmailRow, 'raw' | 'rawKey' | 'rawSha256'>[]> {
  const { raw: _raw, ...columns } = inboundEmails;
  return db
    .select({
      id: columns.id,
      rawSize: columns.rawSize,
      dedupeKey: columns.dedupeKey,
      contentHash: columns.contentHash,
      flag: columns.flag,
      envelopeFrom: columns.envelopeFrom,
      envelopeTo: columns.envelopeTo,
      source: columns.source,
      status: columns.status,
      error: columns.error,
      attempts: columns.attempts,
      messageId: columns.messageId,
      receivedAt: columns.receivedAt,
      processedAt: columns.processedAt,
    })
    .from(inboundEmails)
    .where(inArray(inboundEmails.status, statuses))
    .orderBy(asc(inboundEmails.receivedAt))
    .limit(limit);
}

/** Messages still `received` (kept, never processed to the end) since before `receivedBefore`, oldest first. */
export async function listStaleReceived(db: Db, receivedBefore: number, limit: number): Promise<{ id: string; attempts: number }[]> {
  return db
    .select({ id: inboundEmails.id, attempts: inboundEmails.attempts })
    .from(inboundEmails)
    .where(and(eq(inboundEmails.status, 'received'), lt(inboundEmails.receivedAt, receivedBefore)))
    .orderBy(asc(inboundEmails.receivedAt))
    .limit(limit);
}

/**
 * Counts one more processing attempt before it starts, so a message that kills the process
 * is counted too. False when the row changed meanwhile (another run claimed or finished it).
 */
export async function claimInboundAttempt(db: Db, id: string, attempts: number): Promise<boolean> {
  const claimed = await db
    .update(inboundEmails)
    .set({ attempts: attempts + 1 })
    .where(and(eq(inboundEmails.id, id), eq(inboundEmails.status, 'received'), eq(inboundEmails.attempts, attempts)))
    .returning({ id: inboundEmails.id });
  return claimed.length > 0;
}

type InboundPatch = Partial<Pick<InboundEmailRow, 'status' | 'error' | 'messageId' | 'processedAt' | 'attempts'>>;

/** The update as a query, to run inside a caller's batch. */
export function markInboundQuery(db: Db, id: string, patch: InboundPatch) {
  return db.update(inboundEmails).set(patch).where(eq(inboundEmails.id, id));
}

export async function markInbound(db: Db, id: string, patch: InboundPatch): Promise<void> {
  await markInboundQuery(db, id, patch);
}

/** The blobs erased with a contact: raw mail as deleteInboundForContact selects it, and their attachments. */
export async function blobKeysForContact(db: Db, contactId: string, email: string): Promise<string[]> {
  const rows = await db.all<{
    key: string;
  }>(sql`select raw_key as key from inbound_emails where raw_key is not null and (envelope_from = ${email}
    or message_id in (select m.id from messages m join conversations c on c.id = m.conversation_id where c.contact_id = ${contactId}))
    union select a.content_key from attachments a join messages m on m.id = a.message_id join conversations c on c.id = m.conversation_id
    where c.contact_id = ${contactId} and a.content_key is not null`);
  return rows.map((r) => r.key);
}

/** Raw mail from or threaded into this contact's conversations: erased with the contact. */
export async function deleteInboundForContact(db: Db, contactId: string, email: string): Promise<void> {
  await db.run(sql`delete from inbound_emails where envelope_from = ${email}
    or message_id in (select m.id from messages m join conversations c on c.id = m.conversation_id where c.contact_id = ${contactId})`);
}
