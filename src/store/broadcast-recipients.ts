// A broadcast's recipients (broadcast_recipients): planned once per broadcast and contact, handed to the
// outbox when due, skipped with a reason, or cancelled; their counts are the broadcast's progress.
import { and, asc, count, eq, gt, inArray, min, sql } from 'drizzle-orm';
import { broadcastRecipients, conversations, messages, outbox } from '../../db/schema.ts';
import type { RecipientCount } from '../domain/broadcasts/progress.ts';
import type { BroadcastRecipientStatus, DeliveryReason } from '../domain/vocabulary.ts';
import { CONTACT_COLUMNS, type ContactRow, contactFromColumns } from './contacts.ts';
import type { Db } from './db.ts';
import { chunks, placeholders, type Statement } from './statements.ts';

export type RecipientRow = typeof broadcastRecipients.$inferSelect;
export type NewRecipient = typeof broadcastRecipients.$inferInsert;

const RECIPIENT_COLUMNS = 'broadcast_id, contact_id, status, due_at, first_due_at, reason, detail, updated_at';

/**
 * New planned recipients as raw multi-row inserts (store/statements.ts: drizzle's building of 1,000-row inserts cost
 * more than SQLite's work) for commitIfStatus; a contact planned before is left as it is.
 */
export function insertRecipientsStatements(rows: NewRecipient[]): Statement[] {
  return chunks(rows, 500).map((part) => ({
    sql: `insert into broadcast_recipients (${RECIPIENT_COLUMNS}) values ${placeholders(part.length, 8)} on conflict do nothing`,
    args: part.flatMap((r) => [
      r.broadcastId,
      r.contactId,
      r.status,
      r.dueAt,
      r.firstDueAt,
      r.reason ?? null,
      r.detail ?? null,
      r.updatedAt ?? 0,
    ]),
  }));
}

/** A due recipient, with its contact (undefined when the contact is gone). */
export interface DueRecipient {
  contactId: string;
  firstDueAt: number;
  contact: ContactRow | undefined;
}

const DUE_SQL = `select r.contact_id, r.first_due_at, ${CONTACT_COLUMNS.map((c) => `c.${c}`).join(', ')}
  from broadcast_recipients r left join contacts c on c.id = r.contact_id
  where r.broadcast_id = ? and r.status = 'planned' and r.due_at <= ? order by r.due_at, r.contact_id limit ?`;

/** Planned recipients due by `now`, earliest first, with their contacts: one raw read (drizzle's mapping of two cost more). */
export async function dueRecipients(db: Db, broadcastId: string, now: number, limit: number): Promise<DueRecipient[]> {
  const result = await db.$client.execute({ sql: DUE_SQL, args: [broadcastId, now, limit] });
  return result.rows.map((row) => ({
    contactId: row[0] as string,
    firstDueAt: Number(row[1]),
    contact: row[2] === null ? undefined : contactFromColumns(row, 2),
  }));
}

/** The earliest due time of a planned recipient, or null when none is planned. */
export async function nextDueAt(db: Db, broadcastId: string): Promise<number | null> {
  const [row] = await db
    .select({ at: min(broadcastRecipients.dueAt) })
    .from(broadcastRecipients)
    .where(and(eq(broadcastRecipients.broadcastId, broadcastId), eq(broadcastRecipients.status, 'planned')));
  return row?.at ?? null;
}

/** How many recipients were handed to the outbox after `since` (the throttle's last minute). */
export async function releasedSince(db: Db, broadcastId: string, since: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(broadcastRecipients)
    .where(and(eq(broadcastRecipients.broadcastId, broadcastId), gt(broadcastRecipients.releasedAt, since)));
  return row?.n ?? 0;
}

/** How many of the broadcast's messages still wait in the outbox (queued, not yet accepted or given up). */
export async function countInOutbox(db: Db, broadcastId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(broadcastRecipients)
    .innerJoin(messages, eq(messages.id, broadcastRecipients.messageId))
    .where(and(eq(broadcastRecipients.broadcastId, broadcastId), eq(broadcastRecipients.status, 'queued'), eq(messages.status, 'queued')));
  return row?.n ?? 0;
}

/** What becomes of a due recipient: handed to the outbox with its message, skipped, or held (planned, due later). */
export type RecipientChange =
  | { contactId: string; status: 'queued'; messageId: string }
  | { contactId: string; status: 'skipped'; reason: DeliveryReason; detail: string }
  | { contactId: string; status: 'planned'; until: number; reason: DeliveryReason; detail: string };

/**
 * A chunk of due recipients marked (queued, skipped or held), as one raw statement for commitIfStatus: the changes are
 * materialized first, so each recipient is found by its key. Joined to json_each directly, or with `contact_id in (…)`,
 * the planner took the due index and read every planned recipient of the broadcast, once per statement of each chunk.
 */
export function markRecipientsStatement(p: { broadcastId: string; changes: RecipientChange[]; now: number }): Statement {
  const rows = p.changes.map((c) =>
    c.status === 'queued'
      ? [c.contactId, c.status, null, null, null, c.messageId]
      : [c.contactId, c.status, c.status === 'planned' ? c.until : null, c.reason, c.detail, null],
  );
  return {
    sql: `with c (contact_id, status, due_at, reason, detail, message_id) as materialized (
        select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5 from json_each(?))
      update broadcast_recipients as r set status = c.status, due_at = coalesce(c.due_at, r.due_at), reason = c.reason,
        detail = c.detail, message_id = coalesce(c.message_id, r.message_id),
        released_at = iif(c.status = 'queued', ?, r.released_at), updated_at = ?
      from c where r.broadcast_id = ? and r.contact_id = c.contact_id and r.status = 'planned'`,
    args: [JSON.stringify(rows), p.now, p.now, p.broadcastId],
  };
}

/** Recipients per state, reason and message status: the broadcast's progress in one query. */
export async function countRecipients(db: Db, broadcastId: string): Promise<RecipientCount[]> {
  const rows = await db
    .select({
      status: broadcastRecipients.status,
      reason: broadcastRecipients.reason,
      messageStatus: messages.status,
      n: count(),
    })
    .from(broadcastRecipients)
    .leftJoin(messages, eq(messages.id, broadcastRecipients.messageId))
    .where(eq(broadcastRecipients.broadcastId, broadcastId))
    .groupBy(broadcastRecipients.status, broadcastRecipients.reason, messages.status);
  return rows.map((r) => ({ ...r, messageStatus: r.messageStatus ?? null }));
}

export function listRecipients(db: Db, broadcastId: string): Promise<RecipientRow[]> {
  return db
    .select()
    .from(broadcastRecipients)
    .where(eq(broadcastRecipients.broadcastId, broadcastId))
    .orderBy(asc(broadcastRecipients.contactId));
}

/**
 * Takes back what the broadcast handed to the outbox and no sender has claimed yet (pause, cancel): those
 * messages, their outbox jobs and any (one-message) conversations of theirs (broadcast mail queued before 0017 had
 * one; now it has none until answered) are removed, and their recipients
 * become `then` (planned again, or cancelled). Statements for the batch that changes the broadcast's status:
 * one transaction, so a sender either claimed a job before (it is left to go out) or finds nothing.
 * A message already claimed by a sender cannot be stopped here; it goes out (or fails) as the outbox decides.
 */
export function takeBackUnsentQueries(
  db: Db,
  broadcastId: string,
  then: Extract<BroadcastRecipientStatus, 'planned' | 'cancelled'>,
  now: number,
) {
  const marker = `taken back: broadcast ${broadcastId} stopped before this was sent`;
  const unclaimed = db
    .select({ id: messages.id })
    .from(broadcastRecipients)
    .innerJoin(messages, eq(messages.id, broadcastRecipients.messageId))
    .innerJoin(outbox, eq(outbox.messageId, messages.id))
    .where(
      and(
        eq(broadcastRecipients.broadcastId, broadcastId),
        eq(broadcastRecipients.status, 'queued'),
        eq(messages.status, 'queued'),
        eq(outbox.status, 'pending'),
        eq(outbox.attempts, 0),
      ),
    );
  const marked = db
    .select({ id: messages.id })
    .from(broadcastRecipients)
    .innerJoin(messages, eq(messages.id, broadcastRecipients.messageId))
    .where(
      and(
        eq(broadcastRecipients.broadcastId, broadcastId),
        eq(broadcastRecipients.status, 'queued'),
        eq(messages.status, 'skipped'),
        eq(messages.statusReason, marker),
      ),
    );
  const markedConversations = db.select({ id: messages.conversationId }).from(messages).where(inArray(messages.id, marked));
  return [
    db.update(messages).set({ status: 'skipped', statusReason: marker }).where(inArray(messages.id, unclaimed)),
    db.delete(outbox).where(inArray(outbox.messageId, marked)),
    // With foreign keys on this removes the messages too; the next statement covers a connection without them.
    db.delete(conversations).where(inArray(conversations.id, markedConversations)),
    db.delete(messages).where(inArray(messages.id, marked)),
    db
      .update(broadcastRecipients)
      .set({ status: then, messageId: null, releasedAt: null, updatedAt: now })
      .where(
        and(
          eq(broadcastRecipients.broadcastId, broadcastId),
          eq(broadcastRecipients.status, 'queued'),
          sql`not exists (select 1 from ${messages} where ${messages.id} = ${broadcastRecipients.messageId})`,
        ),
      ),
  ] as const;
}

/** Every planned recipient cancelled, as a statement for db.batch. */
export function cancelPlannedQuery(db: Db, broadcastId: string, now: number) {
  return db
    .update(broadcastRecipients)
    .set({ status: 'cancelled', updatedAt: now })
    .where(and(eq(broadcastRecipients.broadcastId, broadcastId), eq(broadcastRecipients.status, 'planned')));
}
