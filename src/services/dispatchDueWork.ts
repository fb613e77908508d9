// dispatchDueWork: the Workers way of running scheduled jobs. The Cron Trigger claims due jobs (with a
// lease and an owner token, as runDueWork does) and hands each claim to a queue in messages of job ids
// plus the claim's token; the queue's consumer runs them with runQueuedJobs. A message that arrives
// after the lease ran out runs nothing: the job was claimable again, and its new claimer runs it.
import * as v from 'valibot';
import type { Deps } from '../deps.ts';
import { chunk } from '../domain/chunk.ts';
import { releaseScheduledJobs } from '../store/scheduled-jobs.ts';
import { claimDueWork, JOB_BATCH_SIZE } from './runDueWork.ts';

/** A queue message: jobs of one claim. */
export interface JobMessage {
  token: string;
  jobIds: string[];
}

/**
 * Job ids per message: a consumer invocation takes a few messages (max_batch_size in wrangler.toml),
 * so this bounds the work (renders, writes) of one invocation. A message stays far below the Queues
 * limit of 128 KB (an id is 38 characters).
 */
export const JOBS_PER_MESSAGE = 25;
/** Cloudflare Queues take at most 100 messages (and 256 KB) per sendBatch. */
export const MESSAGES_PER_SEND = 100;
/** Claims per Cron tick (of JOB_BATCH_SIZE jobs each); what is left waits for the next minute. */
export const DISPATCH_MAX_CLAIMS = 10;

export type SendJobMessages = (messages: JobMessage[]) => Promise<unknown>;

export interface DispatchReport {
  claimed: number;
  messages: number;
  /** Jobs let go of because the queue refused them (claimable again at once). */
  released: number;
}

const JobMessageSchema = v.object({
  token: v.pipe(v.string(), v.nonEmpty()),
  jobIds: v.pipe(v.array(v.string()), v.maxLength(JOBS_PER_MESSAGE)),
});

/** A queue message's body, or null when it is not one of ours. */
export function readJobMessage(body: unknown): JobMessage | null {
  const parsed = v.safeParse(JobMessageSchema, body);
  return parsed.success ? parsed.output : null;
}

/** Claims due jobs, claim after claim, and sends them to the queue; stops when none is due, the budget is spent or the queue fails. */
export async function dispatchDueWork(deps: Deps, send: SendJobMessages, maxClaims = DISPATCH_MAX_CLAIMS): Promise<DispatchReport> {
  const report: DispatchReport = { claimed: 0, messages: 0, released: 0 };
  for (let i = 0; i < maxClaims; i++) {
    const claim = await claimDueWork(deps);
    if (claim.jobs.length === 0) break;
    report.claimed += claim.jobs.length;
    const messages = chunk(
      claim.jobs.map((j) => j.id),
      JOBS_PER_MESSAGE,
    ).map((jobIds) => ({ token: claim.token, jobIds }));
    for (const [n, group] of chunk(messages, MESSAGES_PER_SEND).entries()) {
      try {
        await send(group);
        report.messages += group.length;
      } catch (error) {
        // What was not sent is let go of, so the next tick claims it at once rather than after the lease.
        const unsent = messages.slice(n * MESSAGES_PER_SEND).flatMap((m) => m.jobIds);
        await releaseScheduledJobs(deps.db, unsent, claim.token, deps.clock.now());
        report.released += unsent.length;
        deps.log.error('scheduler: the job queue refused a batch; released for the next tick', {
          released: unsent.length,
          error: error instanceof Error ? error.message : String(error),
        });
        return report;
      }
    }
    if (claim.jobs.length < JOB_BATCH_SIZE) break;
  }
  if (report.claimed > 0) deps.log.info('scheduler: due jobs sent to the queue', { ...report });
  return report;
}
