// The dev transport's mailbox (see src/mail/dev-outbox.ts): what would have been sent.
import { desc, eq } from 'drizzle-orm';
import { devOutbox } from '../../db/schema.ts';
import type { Db } from './db.ts';

export type DevOutboxRow = typeof devOutbox.$inferSelect;

export async function insertDevOutboxEntry(db: Db, row: typeof devOutbox.$inferInsert): Promise<void> {
  await db.insert(devOutbox).values(row);
}

/** Newest first. */
export async function listDevOutboxRows(db: Db, limit: number): Promise<DevOutboxRow[]> {
  return db.select().from(devOutbox).orderBy(desc(devOutbox.createdAt), desc(devOutbox.id)).limit(limit);
}

export async function findDevOutboxRow(db: Db, id: string): Promise<DevOutboxRow | null> {
  const rows = await db.select().from(devOutbox).where(eq(devOutbox.id, id)).limit(1);
  return rows[0] ?? null;
}
