import { and, eq, gt, sql } from 'drizzle-orm';
import { loginAttempts } from '../../db/schema.ts';
import type { Db } from './db.ts';

/**
 * Counts one attempt against `key` unless it already has `limit` in the current window (a new
 * window starts when the old one ran out). One conditional upsert, so concurrent sign-ins cannot
 * all read "under the limit" before any of them is counted. False when the limit is reached.
 */
export async function reserveAttempt(db: Db, key: string, limit: number, now: number, windowStart: number): Promise<boolean> {
  const inWindow = sql`${loginAttempts.windowStart} >= ${windowStart}`;
  const counted = await db
    .insert(loginAttempts)
    .values({ key, windowStart: now, failures: 1 })
    .onConflictDoUpdate({
      target: loginAttempts.key,
      set: {
        failures: sql`case when ${inWindow} then ${loginAttempts.failures} + 1 else 1 end`,
        windowStart: sql`case when ${inWindow} then ${loginAttempts.windowStart} else ${now} end`,
      },
      setWhere: sql`not (${inWindow}) or ${loginAttempts.failures} < ${limit}`,
    })
    .returning({ failures: loginAttempts.failures });
  return counted.length > 0;
}

/** Gives back an attempt reserved by reserveAttempt that turned out not to be a failure. */
export async function releaseAttempt(db: Db, key: string): Promise<void> {
  await db
    .update(loginAttempts)
    .set({ failures: sql`${loginAttempts.failures} - 1` })
    .where(and(eq(loginAttempts.key, key), gt(loginAttempts.failures, 0)));
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.key, key));
}
