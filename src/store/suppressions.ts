import { inArray } from 'drizzle-orm';
import { suppressions } from '../../db/schema.ts';
import type { Db } from './db.ts';

export type SuppressionRow = typeof suppressions.$inferSelect;

/** The first suppression found among the given keys (plain address and its erased-hash form). */
export async function findSuppression(db: Db, keys: string[]): Promise<SuppressionRow | undefined> {
  const rows = await db.select().from(suppressions).where(inArray(suppressions.email, keys)).limit(1);
  return rows[0];
}

export async function addSuppression(db: Db, row: typeof suppressions.$inferInsert): Promise<void> {
  await addSuppressionQuery(db, row);
}

export async function findSuppressions(db: Db, keys: string[]): Promise<Map<string, SuppressionRow>> {
  if (keys.length === 0) return new Map();
  const rows = await db.select().from(suppressions).where(inArray(suppressions.email, keys));
  return new Map(rows.map((r) => [r.email, r]));
}

/** The insert as a query, to run inside a caller's batch; an address already suppressed keeps its first reason. */
export function addSuppressionQuery(db: Db, row: typeof suppressions.$inferInsert) {
  return db.insert(suppressions).values(row).onConflictDoNothing({ target: suppressions.email });
}
