// The SQL of `samtal blobs migrate`: rows that still hold their bytes in the database (kept
// before the blob store), read one at a time, and the update that points a row at its blob and
// empties the old column, only if the row was not moved meanwhile.
import { Buffer } from 'node:buffer';
import { and, asc, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import { attachments, inboundEmails } from '../../db/schema.ts';
import type { BlobRef } from './blob-store.ts';
import type { Db } from './db.ts';

export const BLOB_TABLES = ['inbound_emails', 'attachments'] as const;
export type BlobTable = (typeof BLOB_TABLES)[number];

/** The next rows (by id, after `afterId`) whose bytes are still in the database. */
export async function listUnmovedBlobRows(db: Db, table: BlobTable, afterId: string, limit: number): Promise<string[]> {
  const rows =
    table === 'inbound_emails'
      ? await db
          .select({ id: inboundEmails.id })
          .from(inboundEmails)
          .where(and(isNull(inboundEmails.rawKey), gt(inboundEmails.id, afterId)))
          .orderBy(asc(inboundEmails.id))
          .limit(limit)
      : await db
          .select({ id: attachments.id })
          .from(attachments)
          .where(and(isNull(attachments.contentKey), isNotNull(attachments.content), gt(attachments.id, afterId)))
          .orderBy(asc(attachments.id))
          .limit(limit);
  return rows.map((r) => r.id);
}

export async function countUnmovedBlobRows(db: Db, table: BlobTable): Promise<number> {
  return table === 'inbound_emails'
    ? db.$count(inboundEmails, isNull(inboundEmails.rawKey))
    : db.$count(attachments, and(isNull(attachments.contentKey), isNotNull(attachments.content)));
}

/** The bytes a row still holds (null when it was moved meanwhile). */
export async function readUnmovedBytes(db: Db, table: BlobTable, id: string): Promise<Uint8Array | null> {
  const rows =
    table === 'inbound_emails'
      ? await db
          .select({ bytes: inboundEmails.raw })
          .from(inboundEmails)
          .where(and(eq(inboundEmails.id, id), isNull(inboundEmails.rawKey)))
      : await db
          .select({ bytes: attachments.content })
          .from(attachments)
          .where(and(eq(attachments.id, id), isNull(attachments.contentKey)));
  const bytes = rows[0]?.bytes;
  return bytes ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
}

/** Points the row at its blob and empties the old column, unless it was moved by someone else. */
export function markBlobMovedQuery(db: Db, table: BlobTable, id: string, blob: BlobRef) {
  return table === 'inbound_emails'
    ? db
        .update(inboundEmails)
        .set({ rawKey: blob.key, rawSha256: blob.sha256, raw: Buffer.alloc(0) })
        .where(and(eq(inboundEmails.id, id), isNull(inboundEmails.rawKey), eq(sql`length(${inboundEmails.raw})`, blob.size)))
    : db
        .update(attachments)
        .set({ contentKey: blob.key, contentSha256: blob.sha256, content: null })
        .where(and(eq(attachments.id, id), isNull(attachments.contentKey), eq(sql`length(${attachments.content})`, blob.size)));
}
