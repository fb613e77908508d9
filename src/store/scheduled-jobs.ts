// Scheduled work (scheduled_jobs): trigger sends, follow-ups, held sends. A runner claims due jobs
// with an owner token and a lease; every later write is a compare-and-set on that token, so a runner
// whose lease ran out (and whose job another runner took over) changes nothing. A job's `key` makes
// scheduling idempotent: the same trigger, contact and dedupe value schedule one job, ever.
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { scheduledJobs } from '../../db/schema.ts';
import type { ScheduledJobStatus } from '../domain/vocabulary.ts';
import type { Db } from './db.ts';
import { chunks, placeholders, type Statement } from './statements.ts';

export type ScheduledJobRow = typeof scheduledJobs.$inferSelect;
export type NewScheduledJob = typeof scheduledJobs.$inferInsert;

/** New jobs as one statement for the caller's db.batch; a job whose key exists already is left out. */
export function insertScheduledJobsQuery(db: Db, rows: NewScheduledJob[]) {
  return db.insert(scheduledJobs).values(rows).onConflictDoNothing({ target: scheduledJobs.key }).returning({ id: scheduledJobs.id });
}

/**
 * New jobs as raw multi-row INSERTs, for write batches of many rows (drizzle's builders would cost more than
 * SQLite's work). `skip`: a job whose key exists is left out and each statement returns the ids written;
 * `fail`: such a key fails the statement and so its whole batch (see isKeyTakenError).
 */
export function insertScheduledJobsStatements(rows: (NewScheduledJob & { id: string })[], onTakenKey: 'skip' | 'fail'): Statement[] {
  const tail = onTakenKey === 'skip' ? ' ON CONFLICT (key) DO NOTHING RETURNING id' : '';
  return chunks(rows).map((part) => ({
    sql:
      'INSERT INTO scheduled_jobs (id, type, payload, run_at, contact_id, key, created_at, updated_at) ' +
      `VALUES ${placeholders(part.length, 8)}${tail}`,
    args: part.flatMap((j) => [
      j.id,
      j.type,
      JSON.stringify(j.payload),
      j.runAt,
      j.contactId ?? null,
      j.key ?? null,
      j.createdAt ?? 0,
      j.updatedAt ?? 0,
    ]),
  }));
}

/** Whether a write failed because a job's key was taken (by another request since this one read the keys). */
export function isKeyTakenError(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed: scheduled_jobs\.key/.test(error.message);
}

/** Inserts the jobs; returns the ids actually written (a job whose key was taken is not). */
export async function insertScheduledJobs(db: Db, rows: NewScheduledJob[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const written = await insertScheduledJobsQuery(db, rows);
  return new Set(written.map((r) => r.id));
}

const claimable = (now: number) =>
  and(
    eq(scheduledJobs.status, 'pending'),
    lte(scheduledJobs.runAt, now),
    or(isNull(scheduledJobs.leaseUntil), lte(scheduledJobs.leaseUntil, now)),
  );

/**
 * The claim test again for the outer UPDATE, with its columns kept from index use (unary +): the UPDATE must find
 * its rows by id from the subquery's list; let it use the due index and it visits every due job, which grows
 * with the queue.
 */
const stillClaimable = (now: number) =>
  sql`(+${scheduledJobs.status} = 'pending' AND +${scheduledJobs.runAt} <= ${now}
    AND (${scheduledJobs.leaseUntil} IS NULL OR ${scheduledJobs.leaseUntil} <= ${now}))`;

/** The claim as a query (its plan is tested): up to `limit` due jobs, earliest first, for `token` until `now + leaseMs`. */
export function claimDueScheduledJobsQuery(db: Db, p: { now: number; limit: number; token: string; leaseMs: number }) {
  const due = db
    .select({ id: scheduledJobs.id })
    .from(scheduledJobs)
    .where(claimable(p.now))
    .orderBy(asc(scheduledJobs.runAt))
    .limit(p.limit);
  return db
    .update(scheduledJobs)
    .set({ claimedBy: p.token, leaseUntil: p.now + p.leaseMs, updatedAt: p.now })
    .where(and(inArray(scheduledJobs.id, due), stillClaimable(p.now)))
    .returning();
}

/** Claims up to `limit` due jobs (earliest first) for `token` until `now + leaseMs`. Two runners never hold one job. */
export async function claimDueScheduledJobs(
  db: Db,
  p: { now: number; limit: number; token: string; leaseMs: number },
): Promise<ScheduledJobRow[]> {
  return claimDueScheduledJobsQuery(db, p);
}

/** The jobs among `ids` still held by `token` with a lease that has not run out (a queue consumer's view of its claim). */
export async function getHeldScheduledJobs(db: Db, ids: string[], token: string, now: number): Promise<ScheduledJobRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(scheduledJobs)
    .where(
      and(
        inArray(scheduledJobs.id, ids),
        eq(scheduledJobs.claimedBy, token),
        eq(scheduledJobs.status, 'pending'),
        sql`${scheduledJobs.leaseUntil} > ${now}`,
      ),
    );
}

const heldBy = (id: string, token: string) =>
  and(eq(scheduledJobs.id, id), eq(scheduledJobs.claimedBy, token), eq(scheduledJobs.status, 'pending'));

/** Ends a held job (done, cancelled or failed), as a statement for db.batch; it changes nothing unless `token` still holds it. */
export function finishScheduledJobQuery(
  db: Db,
  p: { id: string; token: string; status: Exclude<ScheduledJobStatus, 'pending'>; now: number; error?: string },
) {
  return db
    .update(scheduledJobs)
    .set({ status: p.status, leaseUntil: null, updatedAt: p.now, ...(p.error !== undefined ? { lastError: p.error } : {}) })
    .where(heldBy(p.id, p.token))
    .returning({ id: scheduledJobs.id });
}

/** Gives a held job a new due time and lets go of it (a held send, a retry after an error), as a statement for db.batch. */
export function rescheduleScheduledJobQuery(
  db: Db,
  p: { id: string; token: string; runAt: number; now: number; error?: string; countAttempt?: boolean },
) {
  return db
    .update(scheduledJobs)
    .set({
      runAt: p.runAt,
      claimedBy: null,
      leaseUntil: null,
      updatedAt: p.now,
      ...(p.countAttempt ? { attempts: sql`${scheduledJobs.attempts} + 1` } : {}),
      ...(p.error !== undefined ? { lastError: p.error } : {}),
    })
    .where(heldBy(p.id, p.token))
    .returning({ id: scheduledJobs.id });
}

/** Lets go of held jobs without running them (a runner out of time), so the next tick may claim them at once. */
export async function releaseScheduledJobs(db: Db, ids: string[], token: string, now: number): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(scheduledJobs)
    .set({ claimedBy: null, leaseUntil: null, updatedAt: now })
    .where(and(inArray(scheduledJobs.id, ids), eq(scheduledJobs.claimedBy, token), eq(scheduledJobs.status, 'pending')));
}

/** How many jobs wait, per status (for /health-like views and the bench). */
export async function countScheduledJobs(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .select({ status: scheduledJobs.status, n: sql<number>`count(*)` })
    .from(scheduledJobs)
    .groupBy(scheduledJobs.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
