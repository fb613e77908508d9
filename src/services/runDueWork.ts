// Runs due scheduled jobs: claim a batch with a lease, run each by its type's handler, repeat until
// nothing is due or the tick's budget is spent. Node and Deno call it from the scheduler tick; on
// Workers the Cron Trigger only claims (claimDueWork) and a Queue consumer runs (runClaimedJobs).
import type { Deps } from '../deps.ts';
import { retryDelayMs } from '../domain/outbound/retry.ts';
import type { ScheduledJobType } from '../domain/vocabulary.ts';
import {
  claimDueScheduledJobs,
  finishScheduledJobQuery,
  getHeldScheduledJobs,
  rescheduleScheduledJobQuery,
  type ScheduledJobRow,
} from '../store/scheduled-jobs.ts';
import { JOB_HANDLERS } from './jobs/handlers.ts';
import type { JobHandler } from './jobs/types.ts';

/** Long enough for a batch of renders and writes; a runner that dies is taken over after this. */
export const JOB_LEASE_MS = 5 * 60 * 1000;
export const JOB_BATCH_SIZE = 200;
/** A job that failed this many times is given up (status failed, with its last error). */
export const MAX_JOB_ATTEMPTS = 10;

export interface DueWorkReport {
  claimed: number;
  ran: number;
  errors: number;
}

export interface Claim {
  token: string;
  jobs: ScheduledJobRow[];
}

export async function claimDueWork(deps: Deps, limit = JOB_BATCH_SIZE): Promise<Claim> {
  const token = deps.ids.next('clm');
  const jobs = await claimDueScheduledJobs(deps.db, { now: deps.clock.now(), limit, token, leaseMs: JOB_LEASE_MS });
  return { token, jobs };
}

/** Runs jobs held by `token`; a job whose claim was lost meanwhile is skipped (its new owner runs it). */
export async function runClaimedJobs(
  deps: Deps,
  claim: Claim,
  handlers: Record<ScheduledJobType, JobHandler> = JOB_HANDLERS,
): Promise<DueWorkReport> {
  const report: DueWorkReport = { claimed: claim.jobs.length, ran: 0, errors: 0 };
  for (const job of claim.jobs) {
    try {
      await handlers[job.type](deps, job, claim.token);
      report.ran++;
    } catch (error) {
      report.errors++;
      await recordJobError(deps, job, claim.token, error);
    }
  }
  return report;
}

/** A queue consumer's entry: the jobs named in a message, if the claim that sent them still holds. */
export async function runQueuedJobs(deps: Deps, token: string, jobIds: string[]): Promise<DueWorkReport> {
  const jobs = await getHeldScheduledJobs(deps.db, jobIds, token, deps.clock.now());
  return runClaimedJobs(deps, { token, jobs });
}

async function recordJobError(deps: Deps, job: ScheduledJobRow, token: string, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  const now = deps.clock.now();
  deps.log.error('scheduler: job failed', { jobId: job.id, type: job.type, attempts: job.attempts + 1, error: message });
  try {
    if (job.attempts + 1 >= MAX_JOB_ATTEMPTS) {
      await finishScheduledJobQuery(deps.db, { id: job.id, token, status: 'failed', now, error: message });
    } else {
      const runAt = now + retryDelayMs(job.attempts, Math.random());
      await rescheduleScheduledJobQuery(deps.db, { id: job.id, token, runAt, now, error: message, countAttempt: true });
    }
  } catch (writeError) {
    // The lease runs out and another tick takes the job over: nothing is lost.
    deps.log.error('scheduler: could not record a job failure', { jobId: job.id, error: String(writeError) });
  }
}

/** Claims and runs due jobs, batch after batch, until none is due or `maxBatches` ran. */
export async function runDueWork(deps: Deps, maxBatches = 10): Promise<DueWorkReport> {
  const total: DueWorkReport = { claimed: 0, ran: 0, errors: 0 };
  for (let i = 0; i < maxBatches; i++) {
    const claim = await claimDueWork(deps);
    if (claim.jobs.length === 0) break;
    const report = await runClaimedJobs(deps, claim);
    total.claimed += report.claimed;
    total.ran += report.ran;
    total.errors += report.errors;
    if (claim.jobs.length < JOB_BATCH_SIZE) break;
  }
  return total;
}
