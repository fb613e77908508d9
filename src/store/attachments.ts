import { asc, eq, inArray } from 'drizzle-orm';
import { attachments } from '../../db/schema.ts';
import type { Db } from './db.ts';

export type AttachmentRow = typeof attachments.$inferSelect;
export type AttachmentMeta = Omit<AttachmentRow, 'content' | 'contentKey' | 'contentSha256'>;

const metaColumns = {
  id: attachments.id,
  messageId: attachments.messageId,
  filename: attachments.filename,
  contentType: attachments.contentType,
  size: attachments.size,
  contentId: attachments.contentId,
  disposition: attachments.disposition,
  skippedReason: attachments.skippedReason,
  createdAt: attachments.createdAt,
};

export async function listAttachmentMeta(db: Db, messageIds: string[]): Promise<AttachmentMeta[]> {
  if (messageIds.length === 0) return [];
  return db
    .select(metaColumns)
    .from(attachments)
    .where(inArray(attachments.messageId, messageIds))
    .orderBy(asc(attachments.createdAt), asc(attachments.id));
}

export async function getAttachment(db: Db, id: string): Promise<AttachmentRow | undefined> {
  const rows = await db.select().from(attachments).where(eq(attachments.id, id)).limit(1);
  return rows[0];
}
