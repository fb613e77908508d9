import { and, eq, inArray, lte, or, sql } from 'drizzle-orm';
import { outbox } from '../../db/schema.ts';
import type { Db } from './db.ts';

export type OutboxRow = typeof outbox.$inferSelect;

/** How long a sender may hold claimed jobs before another run may take them over. */
export const CLAIM_TTL_MS = 2 * 60 * 1000;

/**
 * Claims up to `limit` due jobs for this run: pending ones whose time has come, and
 * 'sending' ones whose claim expired (a crashed run). One UPDATE, so two runs never
 * claim the same job.
 */
export async function claimDueJobs(db: Db, now: number, limit: number): Promise<OutboxRow[]> {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      or(
        and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)),
        and(eq(outbox.status, 'sending'), lte(outbox.lockedUntil, now)),
      ),
    )
    .orderBy(outbox.nextAttemptAt)
    .limit(limit);
  const claim = { status: 'sending' as const, lockedUntil: now + CLAIM_TTL_MS, updatedAt: now };
  const claimed = await db
    .update(outbox)
    .set(claim)
    .where(and(inArray(outbox.id, due), or(eq(outbox.status, 'pending'), lte(outbox.lockedUntil, now))))
    .returning();
  // A provider batch is retried whole: claim the members the limit left out.
  const batchKeys = [...new Set(claimed.map((job) => job.batchKey).filter((key): key is string => key !== null))];
  if (batchKeys.length === 0) return claimed;
  const siblings = await db
    .update(outbox)
    .set(claim)
    .where(and(inArray(outbox.batchKey, batchKeys), eq(outbox.status, 'pending')))
    .returning();
  return [...claimed, ...siblings];
}

export async function assignBatchKey(db: Db, jobIds: string[], batchKey: string | null): Promise<void> {
  await db.update(outbox).set({ batchKey }).where(inArray(outbox.id, jobIds));
}

export async function updateOutboxJob(db: Db, id: string, patch: Partial<typeof outbox.$inferInsert>): Promise<void> {
  await db.update(outbox).set(patch).where(eq(outbox.id, id));
}

export async function countPendingJobs(db: Db): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)` }).from(outbox).where(inArray(outbox.status, ['pending', 'sending']));
  return Number(rows[0]?.n ?? 0);
}
