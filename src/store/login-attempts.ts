import { eq, sql } from 'drizzle-orm';
import { loginAttempts } from '../../db/schema.ts';
import type { Db } from './db.ts';

export async function getFailures(db: Db, key: string, windowStart: number): Promise<number> {
  const rows = await db.select().from(loginAttempts).where(eq(loginAttempts.key, key)).limit(1);
  const row = rows[0];
  return row && row.windowStart >= windowStart ? row.failures : 0;
}

/** Counts a failure in the current window (a new window starts when the old one ran out). */
export async function recordFailure(db: Db, key: string, now: number, windowStart: number): Promise<void> {
  await db
    .insert(loginAttempts)
    .values({ key, windowStart: now, failures: 1 })
    .onConflictDoUpdate({
      target: loginAttempts.key,
      set: {
        failures: sql`case when ${loginAttempts.windowStart} >= ${windowStart} then ${loginAttempts.failures} + 1 else 1 end`,
        windowStart: sql`case when ${loginAttempts.windowStart} >= ${windowStart} then ${loginAttempts.windowStart} else ${now} end`,
      },
    });
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.key, key));
}
