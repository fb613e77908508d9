// A broadcast's run (job type broadcast_run, one per scheduled broadcast): plans its segment in chunks and
// hands due recipients to the outbox (services/broadcastPlanning.ts), then comes back when there is more to
// do: at once while planning, in a minute when throttled, else at the next due time. It ends when the
// broadcast is sent, or when the broadcast is no longer this job's (paused, cancelled, or resumed under a
// newer job). The run's own writes are guarded by the broadcast's state, not by this claim: two runs of one
// job at once (a lease that ran out) plan and hand over each recipient once all the same.
import type { Deps } from '../../deps.ts';
import { findBroadcastById } from '../../store/broadcasts.ts';
import { finishScheduledJobQuery, rescheduleScheduledJobQuery } from '../../store/scheduled-jobs.ts';
import { RUNNING, runBroadcast } from '../broadcastPlanning.ts';
import type { JobHandler } from './types.ts';

export interface BroadcastRunPayload {
  broadcastId: string;
}

export function broadcastRunJob(deps: Deps, broadcastId: string, runAt: number, now: number) {
  const payload: BroadcastRunPayload = { broadcastId };
  return { id: deps.ids.next('sjb'), type: 'broadcast_run' as const, payload: { ...payload }, runAt, createdAt: now, updatedAt: now };
}

export const runBroadcastJob: JobHandler = async (deps, job, token) => {
  const broadcastId = typeof job.payload.broadcastId === 'string' ? job.payload.broadcastId : '';
  const broadcast = await findBroadcastById(deps.db, broadcastId);
  if (!broadcast || broadcast.runJobId !== job.id || !RUNNING.includes(broadcast.status)) {
    const status = broadcast?.status === 'sent' ? 'done' : 'cancelled';
    await finishScheduledJobQuery(deps.db, { id: job.id, token, status, now: deps.clock.now() });
    return;
  }
  const outcome = await runBroadcast(deps, broadcast, job.id);
  const now = deps.clock.now();
  if (outcome.nextRunAt === null) await finishScheduledJobQuery(deps.db, { id: job.id, token, status: 'done', now });
  else await rescheduleScheduledJobQuery(deps.db, { id: job.id, token, runAt: outcome.nextRunAt, now });
};
