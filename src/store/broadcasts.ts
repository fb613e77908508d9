// Broadcasts (broadcasts): CRUD of drafts and the stored pre-flight result.
import { and, desc, eq } from 'drizzle-orm';
import { broadcasts } from '../../db/schema.ts';
import type { Db } from './db.ts';

export type BroadcastRow = typeof broadcasts.$inferSelect;
export type NewBroadcast = typeof broadcasts.$inferInsert;

export async function insertBroadcast(db: Db, row: NewBroadcast): Promise<void> {
  await db.insert(broadcasts).values(row);
}

export async function findBroadcastById(db: Db, id: string): Promise<BroadcastRow | undefined> {
  return (await db.select().from(broadcasts).where(eq(broadcasts.id, id)).limit(1))[0];
}

export async function listBroadcastRows(db: Db): Promise<BroadcastRow[]> {
  return db.select().from(broadcasts).orderBy(desc(broadcasts.createdAt), desc(broadcasts.id));
}

/** Updates a draft; whether it was one (a broadcast past draft is left as it is). */
export async function updateDraftRow(db: Db, id: string, patch: Partial<NewBroadcast> & { updatedAt: number }): Promise<boolean> {
  const written = await db
    .update(broadcasts)
    .set(patch)
    .where(and(eq(broadcasts.id, id), eq(broadcasts.status, 'draft')))
    .returning({ id: broadcasts.id });
  return written.length === 1;
}

export async function deleteDraftRow(db: Db, id: string): Promise<boolean> {
  const deleted = await db
    .delete(broadcasts)
    .where(and(eq(broadcasts.id, id), eq(broadcasts.status, 'draft')))
    .returning({ id: broadcasts.id });
  return deleted.length === 1;
}
