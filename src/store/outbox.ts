// The outbox: one job per outgoing message, claimed by a sender with a lease and an owner
// token. Every write after the claim is a compare-and-set on that token, so a sender whose
// claim expired and was taken over changes nothing. Each statement here is atomic, which is
// what keeps two senders (two processes, two Workers) from holding the same job.
import type { InStatement } from '@libsql/client';
import { and, eq, inArray, isNotNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { messages, outbox, outboxBatches } from '../../db/schema.ts';
import type { Db } from './db.ts';

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxJob = typeof outbox.$inferInsert;
export type OutboxBatchRow = typeof outboxBatches.$inferSelect;

/** One multi-row insert of new jobs, as a statement for the caller's db.batch. */
export function insertOutboxJobsQuery(db: Db, rows: NewOutboxJob[]) {
  return db.insert(outbox).values(rows);
}

const claimable = (now: number) =>
  or(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)), and(eq(outbox.status, 'sending'), lte(outbox.lockedUntil, now)));

/**
 * Claims up to `limit` due jobs for the sender `token` until `now + leaseMs`: pending ones
 * whose time has come, and ones whose claim expired (a crashed or stalled sender). A provider
 * batch is claimed whole, whatever the limit, since it is only ever retried whole.
 */
export async function claimDueJobs(db: Db, p: { now: number; limit: number; token: string; leaseMs: number }): Promise<OutboxRow[]> {
  const due = db.select({ id: outbox.id }).from(outbox).where(claimable(p.now)).orderBy(outbox.nextAttemptAt, outbox.id).limit(p.limit);
  const dueBatches = db
    .select({ key: outbox.batchKey })
    .from(outbox)
    .where(and(inArray(outbox.id, due), isNotNull(outbox.batchKey)));
  return db
    .update(outbox)
    .set({ status: 'sending', claimToken: p.token, lockedUntil: p.now + p.leaseMs, updatedAt: p.now })
    .where(and(claimable(p.now), or(inArray(outbox.id, due), inArray(outbox.batchKey, dueBatches))))
    .returning();
}

const ownedBy = (jobIds: string[], token: string) => and(inArray(outbox.id, jobIds), eq(outbox.claimToken, token));

/** The jobs are all still claimed by `token`, with a lease lasting at least until `until`. */
function allHeld(jobIds: string[], token: string, until: number): SQL {
  const held = and(ownedBy(jobIds, token), eq(outbox.status, 'sending'), sql`${outbox.lockedUntil} >= ${until}`);
  return and(held, sql`(select count(*) from ${outbox} where ${held}) = ${jobIds.length}`)!;
}

/**
 * Records that a provider call is about to start for these jobs, all or none: only if the
 * sender still holds every one with a lease lasting until `leaseNeededUntil`. With `batch`, the
 * jobs become that batch's members, in the given order, for good. Returns false when the call
 * must not start.
 */
export async function startAttempt(
  db: Db,
  p: { jobIds: string[]; token: string; now: number; leaseNeededUntil: number; batchKey?: string },
): Promise<boolean> {
  const membership = p.batchKey
    ? {
        batchKey: p.batchKey,
        batchPosition: sql`case ${outbox.id} ${sql.join(
          p.jobIds.map((id, i) => sql`when ${id} then ${i}`),
          sql` `,
        )} end`,
      }
    : {};
  const started = await db
    .update(outbox)
    .set({
      attempts: sql`${outbox.attempts} + 1`,
      firstAttemptAt: sql`coalesce(${outbox.firstAttemptAt}, ${p.now})`,
      updatedAt: p.now,
      ...membership,
    })
    .where(allHeld(p.jobIds, p.token, p.leaseNeededUntil))
    .returning({ id: outbox.id });
  return started.length === p.jobIds.length;
}

const messagesOf = (jobIds: string[], token: string) =>
  inArray(messages.id, sql`(select ${outbox.messageId} from ${outbox} where ${ownedBy(jobIds, token)})`);

/** Writes the jobs' new state and gives up the claim, for the jobs the sender still holds. */
const closeJobs = (db: Db, token: string, jobIds: string[], patch: Partial<typeof outbox.$inferInsert>) =>
  db
    .update(outbox)
    .set({ ...patch, lockedUntil: null, claimToken: null })
    .where(ownedBy(jobIds, token))
    .returning({ id: outbox.id });

/** Marks sent: each job done with its provider id, its message sent. Returns how many the sender still held. */
export async function recordSent(db: Db, token: string, sent: { jobId: string; providerId: string }[], now: number): Promise<number> {
  if (sent.length === 0) return 0;
  const writes = sent.flatMap(({ jobId, providerId }) => [
    db
      .update(messages)
      .set({ status: 'sent', providerId, sentAt: now, statusReason: null })
      .where(messagesOf([jobId], token)),
    closeJobs(db, token, [jobId], { status: 'done', providerId, lastError: null, updatedAt: now }),
  ]);
  const results = await db.batch(writes as [(typeof writes)[number], ...(typeof writes)[number][]]);
  return results.filter((r, i) => i % 2 === 1 && Array.isArray(r) && r.length === 1).length;
}

/** Schedules the same call again at `at` for all the jobs. Returns how many the sender still held. */
export async function recordRetry(
  db: Db,
  token: string,
  jobIds: string[],
  p: { at: number; error: string; reason: string; now: number },
): Promise<number> {
  const [, jobs] = await db.batch([
    db.update(messages).set({ statusReason: p.reason }).where(messagesOf(jobIds, token)),
    closeJobs(db, token, jobIds, { status: 'pending', nextAttemptAt: p.at, lastError: p.error, updatedAt: p.now }),
  ]);
  return jobs.length;
}

/** Gives the jobs up: dead, their messages failed with the reason. Returns how many the sender still held. */
export async function recordFailed(db: Db, token: string, jobIds: string[], reason: string, now: number): Promise<number> {
  const [, jobs] = await db.batch([
    db.update(messages).set({ status: 'failed', statusReason: reason }).where(messagesOf(jobIds, token)),
    closeJobs(db, token, jobIds, { status: 'dead', lastError: reason, updatedAt: now }),
  ]);
  return jobs.length;
}

/** Closes a job that was never sent: its message is no longer queued, or (with a reason) may not be sent. */
export async function recordNotSent(db: Db, token: string, jobId: string, skippedReason: string | null, now: number): Promise<void> {
  const closeJob = closeJobs(db, token, [jobId], { status: 'done', lastError: skippedReason, updatedAt: now });
  if (skippedReason === null) {
    await closeJob;
    return;
  }
  await db.batch([
    db
      .update(messages)
      .set({ status: 'skipped', statusReason: skippedReason })
      .where(messagesOf([jobId], token)),
    closeJob,
  ]);
}

/** Hands jobs back without a call, due at once again (the lease was too short to start one). */
export async function releaseClaim(db: Db, token: string, jobIds: string[], now: number): Promise<void> {
  await closeJobs(db, token, jobIds, { status: 'pending', updatedAt: now });
}

/**
 * Dissolves a batch the provider refused without sending any of it: its members, still
 * claimed, become single sends under their own message ids, whose key window starts anew.
 */
export async function splitBatch(db: Db, token: string, jobIds: string[], now: number): Promise<boolean> {
  const split = await db
    .update(outbox)
    .set({ batchKey: null, batchPosition: null, firstAttemptAt: null, updatedAt: now })
    .where(ownedBy(jobIds, token))
    .returning({ id: outbox.id });
  return split.length === jobIds.length;
}

export async function createBatch(db: Db, batch: OutboxBatchRow): Promise<void> {
  await db.insert(outboxBatches).values(batch);
}

export async function deleteBatch(db: Db, key: string): Promise<void> {
  await db.delete(outboxBatches).where(eq(outboxBatches.key, key));
}

export async function getBatches(db: Db, keys: string[]): Promise<Map<string, OutboxBatchRow>> {
  if (keys.length === 0) return new Map();
  const rows = await db.select().from(outboxBatches).where(inArray(outboxBatches.key, keys));
  return new Map(rows.map((row) => [row.key, row]));
}

const INSERT_JOBS = 'insert into outbox (id, message_id, status, next_attempt_at, created_at, updated_at) values ';
const JOB_ROW = "(?, ?, 'pending', ?, ?, ?)";

/** New pending jobs due at `now`, one multi-row insert for the caller's write batch (see insertPlannedMessagesStatements). */
export function insertDueJobsStatement(jobs: { id: string; messageId: string }[], now: number): InStatement {
  return {
    sql: INSERT_JOBS + jobs.map(() => JOB_ROW).join(', '),
    args: jobs.flatMap((j) => [j.id, j.messageId, now, now, now]),
  };
}
