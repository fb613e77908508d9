// Saved segments (segments): CRUD only; what a segment selects is contacts-matching.ts's job.
import { asc, eq } from 'drizzle-orm';
import { segments } from '../../db/schema.ts';
import type { Db } from './db.ts';

export type SegmentRow = typeof segments.$inferSelect;
export type NewSegment = typeof segments.$inferInsert;

export async function listSegmentRows(db: Db): Promise<SegmentRow[]> {
  return db.select().from(segments).orderBy(asc(segments.name));
}

export async function findSegmentById(db: Db, id: string): Promise<SegmentRow | undefined> {
  return (await db.select().from(segments).where(eq(segments.id, id)).limit(1))[0];
}

export async function findSegmentByName(db: Db, name: string): Promise<SegmentRow | undefined> {
  return (await db.select().from(segments).where(eq(segments.name, name)).limit(1))[0];
}

/** Inserts the segment unless its name is taken; whether it was written. */
export async function insertSegment(db: Db, row: NewSegment): Promise<boolean> {
  const written = await db.insert(segments).values(row).onConflictDoNothing().returning({ id: segments.id });
  return written.length === 1;
}

export async function updateSegmentRow(
  db: Db,
  id: string,
  patch: Partial<Pick<SegmentRow, 'name' | 'description' | 'rule'>> & { updatedAt: number },
): Promise<void> {
  await db.update(segments).set(patch).where(eq(segments.id, id));
}

export async function deleteSegmentRow(db: Db, id: string): Promise<boolean> {
  return (await db.delete(segments).where(eq(segments.id, id)).returning({ id: segments.id })).length === 1;
}
