// The Worker's scheduled work through a Cloudflare Queue (binding JOBS in wrangler.toml): the Cron
// Trigger claims due jobs and sends them to the queue (dispatchDueWork); queue() runs each message's
// jobs while their claim holds, acks what ran and retries a message whose run threw. Without a JOBS
// binding (an older wrangler.toml) the Cron Trigger runs the jobs itself, as Node and Deno do.
import type { MessageBatch, Queue } from '@cloudflare/workers-types';
import type { Deps } from '../deps.ts';
import { errorFields } from '../log.ts';
import { deliverOutbox } from '../services/deliverOutbox.ts';
import { dispatchDueWork, type JobMessage, readJobMessage } from '../services/dispatchDueWork.ts';
import { runQueuedJobs } from '../services/runDueWork.ts';
import { runScheduled } from '../services/runScheduled.ts';

export type JobQueue = Pick<Queue<JobMessage>, 'sendBatch'>;

/** The JOBS binding, if the Worker has one (bindings share env with the string settings). */
export function jobQueueOf(env: object): JobQueue | undefined {
  const binding = (env as { JOBS?: unknown }).JOBS;
  return binding && typeof (binding as JobQueue).sendBatch === 'function' ? (binding as JobQueue) : undefined;
}

/** One Cron tick: the periodic work, with due jobs sent to the queue (or run here without one). */
export async function runCronTick(deps: Deps, queue: JobQueue | undefined): Promise<void> {
  const send = queue
    ? (d: Deps) => dispatchDueWork(d, (messages) => queue.sendBatch(messages.map((body) => ({ body, contentType: 'json' }))))
    : undefined;
  await runScheduled(deps, send ? { dueWork: send } : {});
}

/** The queue() consumer: each message's jobs, acked when run, retried (with the queue's backoff) when the run threw. */
export async function consumeJobMessages(deps: Deps, batch: Pick<MessageBatch<unknown>, 'messages'>): Promise<void> {
  let ran = 0;
  for (const message of batch.messages) {
    const body = readJobMessage(message.body);
    if (!body) {
      deps.log.warn('queue: not a job message; dropped', { id: message.id });
      message.ack();
      continue;
    }
    try {
      const report = await runQueuedJobs(deps, body.token, body.jobIds);
      ran += report.ran;
      message.ack();
    } catch (error) {
      deps.log.error('queue: running jobs failed; the message is retried', { id: message.id, ...errorFields(error) });
      message.retry();
    }
  }
  deps.log.info('queue: ran scheduled jobs', { messages: batch.messages.length, ran });
  // What the jobs queued goes out now rather than at the next Cron tick.
  if (ran > 0) {
    await deliverOutbox(deps).catch((error: unknown) => deps.log.error('queue: outbox delivery failed', errorFields(error)));
  }
}
