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

/** Suppressions under any of many keys (a bulk chunk's): one raw read, the keys as one JSON list, not thousands of parameters. */
export async function findSuppressions(db: Db, keys: string[]): Promise<Map<string, SuppressionRow>> {
  if (keys.length === 0) return new Map();
  const result = await db.$client.execute({
    sql: 'select email, reason, detail, created_at from suppressions where email in (select value from json_each(?))',
    args: [JSON.stringify(keys)],
  });
  return new Map(
    result.rows.map((r) => {
      const row = {
        email: r[0] as string,
        reason: r[1] as SuppressionRow['reason'],
        detail: r[2] as string | null,
        createdAt: Number(r[3]),
      };
      return [row.email, row];
    }),
  );
}

/** The insert as a query, to run inside a caller's batch; an address already suppressed keeps its first reason. */
export function addSuppressionQuery(db: Db, row: typeof suppressions.$inferInsert) {
  return db.insert(suppressions).values(row).onConflictDoNothing({ target: suppressions.email });
}
