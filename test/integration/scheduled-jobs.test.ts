// Scheduled jobs at the store level and the runner: idempotent scheduling by key, claims with a lease
// and an owner token, compare-and-set writes, and the runner's retry of a handler that throws.
// Two clients on one database file stand for two processes.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { scheduledJobs } from '../../db/schema.ts';
import { JOB_LEASE_MS, MAX_JOB_ATTEMPTS, runClaimedJobs, runDueWork, runQueuedJobs, claimDueWork } from '../../src/services/runDueWork.ts';
import type { JobHandler } from '../../src/services/jobs/types.ts';
import type { Db } from '../../src/store/db.ts';
import {
  claimDueScheduledJobs,
  finishScheduledJobQuery,
  insertScheduledJobs,
  rescheduleScheduledJobQuery,
  type NewScheduledJob,
} from '../../src/store/scheduled-jobs.ts';
import { useSecondConnection, useTestContext } from '../support/contexts.ts';

const LEASE = 60_000;
const t = useTestContext();
const other = useSecondConnection(t);

const job = (n: number, over: Partial<NewScheduledJob> = {}): NewScheduledJob => ({
  id: t.deps.ids.next('sjb'),
  type: 'trigger_send',
  payload: { n },
  runAt: t.clock.now(),
  key: `k${n}`,
  createdAt: t.clock.now(),
  ...over,
});
const claim = (db: Db, token: string, limit = 100) => claimDueScheduledJobs(db, { now: t.clock.now(), limit, token, leaseMs: LEASE });
const row = async (id: string) => (await t.deps.db.select().from(scheduledJobs).where(eq(scheduledJobs.id, id)))[0]!;

describe('scheduled jobs store', () => {
  it('schedules one job per key, however often asked', async () => {
    const first = job(1);
    expect(await insertScheduledJobs(t.deps.db, [first, job(2)])).toEqual(new Set([first.id, expect.any(String)]));
    const again = job(1);
    expect(await insertScheduledJobs(t.deps.db, [again])).toEqual(new Set());
    expect((await t.deps.db.select().from(scheduledJobs)).length).toBe(2);
  });

  it('claims only due jobs, gives each to one runner until its lease ends, and ignores a lost claim', async () => {
    const due = job(1);
    await insertScheduledJobs(t.deps.db, [due, job(2, { runAt: t.clock.now() + 1000 })]);
    expect((await claim(t.deps.db, 'A')).map((j) => j.id)).toEqual([due.id]);
    expect(await claim(other.db(), 'B')).toEqual([]);
    t.clock.advance(LEASE);
    const taken = await claim(other.db(), 'B');
    expect(taken.map((j) => [j.id, j.claimedBy])).toEqual([
      [due.id, 'B'],
      [expect.any(String), 'B'],
    ]);
    const now = t.clock.now();
    expect(await finishScheduledJobQuery(t.deps.db, { id: due.id, token: 'A', status: 'done', now })).toEqual([]);
    expect(await rescheduleScheduledJobQuery(t.deps.db, { id: due.id, token: 'A', runAt: now + 5, now })).toEqual([]);
    expect(await row(due.id)).toMatchObject({ status: 'pending', claimedBy: 'B' });
    expect(await finishScheduledJobQuery(other.db(), { id: due.id, token: 'B', status: 'done', now })).toEqual([{ id: due.id }]);
    expect(await row(due.id)).toMatchObject({ status: 'done', leaseUntil: null });
  });

  it('two runners claiming at once share the due jobs without overlap', async () => {
    await insertScheduledJobs(
      t.deps.db,
      Array.from({ length: 10 }, (_, i) => job(i)),
    );
    const [a, b] = await Promise.all([claim(t.deps.db, 'A', 6), claim(other.db(), 'B', 6)]);
    const ids = [...a, ...b].map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(10);
  });

  it('a rescheduled job is claimable again only when its new time comes', async () => {
    const held = job(1);
    await insertScheduledJobs(t.deps.db, [held]);
    await claim(t.deps.db, 'A');
    await rescheduleScheduledJobQuery(t.deps.db, { id: held.id, token: 'A', runAt: t.clock.now() + 3_600_000, now: t.clock.now() });
    expect(await claim(other.db(), 'B')).toEqual([]);
    t.clock.advance(3_600_000);
    expect((await claim(other.db(), 'B')).map((j) => j.id)).toEqual([held.id]);
  });
});

describe('runDueWork', () => {
  it('runs each due job once by its type and leaves later ones alone', async () => {
    await insertScheduledJobs(t.deps.db, [job(1), job(2), job(3, { runAt: t.clock.now() + 10 })]);
    const ran: unknown[] = [];
    const done: JobHandler = async (deps, j, token) => {
      ran.push(j.payload.n);
      await finishScheduledJobQuery(deps.db, { id: j.id, token, status: 'done', now: deps.clock.now() });
    };
    const claimed = await claimDueWork(t.deps);
    expect(await runClaimedJobs(t.deps, claimed, { trigger_send: done, agent_follow_up: done, broadcast_run: done })).toEqual({
      claimed: 2,
      ran: 2,
      errors: 0,
    });
    expect(ran.sort()).toEqual([1, 2]);
    expect(await runDueWork(t.deps)).toEqual({ claimed: 0, ran: 0, errors: 0 });
  });

  it('retries a handler that throws with backoff, and gives up after MAX_JOB_ATTEMPTS', async () => {
    const failing = job(1);
    await insertScheduledJobs(t.deps.db, [failing]);
    const boom: JobHandler = async () => {
      throw new Error('renderer exploded');
    };
    for (let attempt = 1; attempt <= MAX_JOB_ATTEMPTS; attempt++) {
      const claimed = await claimDueWork(t.deps);
      expect(claimed.jobs.map((j) => j.id)).toEqual([failing.id]);
      await runClaimedJobs(t.deps, claimed, { trigger_send: boom, agent_follow_up: boom, broadcast_run: boom });
      const after = await row(failing.id);
      expect(after.lastError).toBe('renderer exploded');
      if (attempt < MAX_JOB_ATTEMPTS) {
        expect(after).toMatchObject({ status: 'pending', attempts: attempt, claimedBy: null });
        expect(after.runAt).toBeGreaterThan(t.clock.now());
        t.clock.advance(after.runAt - t.clock.now());
      } else {
        expect(after.status).toBe('failed');
      }
    }
  });

  it('a queue consumer runs only jobs whose claim still holds', async () => {
    const a = job(1);
    await insertScheduledJobs(t.deps.db, [a]);
    const claimed = await claimDueWork(t.deps);
    t.clock.advance(JOB_LEASE_MS);
    // The message came after the lease ran out: another runner may own the job by now.
    expect((await runQueuedJobs(t.deps, claimed.token, [a.id])).claimed).toBe(0);
  });
});
