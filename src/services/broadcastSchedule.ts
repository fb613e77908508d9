// Scheduling a broadcast, and pausing, resuming or cancelling it. Scheduling runs the pre-flight first:
// errors block, warnings need acknowledge_warnings. Each change of state commits in one batch that holds
// only in the state it starts from (store/broadcasts.ts whileStatusQuery), so two requests at once cannot
// both win, and a wrong state answers 409 naming the state.
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { BroadcastStatus } from '../domain/vocabulary.ts';
import { cancelPlannedQuery, releasedSince, takeBackUnsentQueries } from '../store/broadcast-recipients.ts';
import { type BroadcastRow, commitIfStatus, whileStatusQuery } from '../store/broadcasts.ts';
import { insertScheduledJobsQuery } from '../store/scheduled-jobs.ts';
import { preflightBroadcast } from './broadcastPreflight.ts';
import { getBroadcast } from './broadcasts.ts';
import { broadcastRunJob } from './jobs/broadcastRun.ts';

export interface ScheduleInput {
  /** When to send (ms); with localTime, the moment from which each recipient's next local time counts. Default now. */
  at?: number | undefined;
  /** "09:00": each recipient at the next such time in their own zone. */
  localTime?: string | undefined;
  /** The zone of contacts without one (default UTC). */
  defaultTimezone?: string | undefined;
  perMinute?: number | undefined;
  acknowledgeWarnings?: boolean | undefined;
}

/** A send time this far in the past is taken as now (clocks differ a little); further back it is refused. */
const PAST_TOLERANCE_MS = 5 * 60_000;

const conflict = (broadcast: BroadcastRow, action: string, allowed: readonly BroadcastStatus[]) =>
  new AppError('Conflict', `broadcast ${broadcast.id} is ${broadcast.status}; only a ${allowed.join(' or ')} broadcast can be ${action}`);

export async function scheduleBroadcast(deps: Deps, id: string, input: ScheduleInput): Promise<BroadcastRow> {
  const draft = await getBroadcast(deps, id);
  if (draft.status !== 'draft') throw conflict(draft, 'scheduled', ['draft']);
  const now = deps.clock.now();
  if (input.at !== undefined && input.at < now - PAST_TOLERANCE_MS) {
    throw new AppError('ValidationFailed', 'at: the time is in the past', [
      { field: 'at', message: `expected a time after ${new Date(now).toISOString()}` },
    ]);
  }
  const { errors, warnings } = await preflightBroadcast(deps, id);
  if (errors.length > 0) {
    throw new AppError(
      'PreflightFailed',
      `pre-flight found ${errors.length} error${errors.length === 1 ? '' : 's'}; fix them before scheduling`,
      [],
      { errors, warnings },
    );
  }
  if (warnings.length > 0 && !input.acknowledgeWarnings) {
    throw new AppError(
      'WarningsNotAcknowledged',
      `pre-flight found ${warnings.length} warning${warnings.length === 1 ? '' : 's'}; send acknowledge_warnings: true to schedule anyway`,
      [{ field: 'acknowledge_warnings', message: 'expected true, having read the warnings' }],
      { warnings },
    );
  }
  const sendAt = Math.max(input.at ?? now, now);
  const job = broadcastRunJob(deps, id, sendAt, now);
  const committed = await commitIfStatus(deps.db, [
    whileStatusQuery(deps.db, id, {
      from: ['draft'],
      to: 'scheduled',
      patch: {
        sendAt,
        localTime: input.localTime ?? null,
        defaultTimezone: input.defaultTimezone ?? null,
        perMinute: input.perMinute ?? null,
        runJobId: job.id,
        planCursor: null,
        plannedAt: null,
        scheduledAt: now,
        acknowledgedWarnings: [...new Set(warnings.map((w) => w.code))],
        updatedAt: now,
      },
    }),
    insertScheduledJobsQuery(deps.db, [job]),
  ]);
  const broadcast = await getBroadcast(deps, id);
  if (!committed) throw conflict(broadcast, 'scheduled', ['draft']);
  deps.log.info('broadcast: scheduled', {
    broadcastId: id,
    sendAt,
    localTime: input.localTime ?? null,
    perMinute: input.perMinute ?? null,
  });
  return broadcast;
}

const PAUSABLE = ['scheduled', 'sending'] as const;
const CANCELLABLE = ['scheduled', 'sending', 'paused'] as const;

/** Stops handing recipients over; what the outbox holds and no sender has claimed yet is taken back. */
export async function pauseBroadcast(deps: Deps, id: string): Promise<BroadcastRow> {
  const now = deps.clock.now();
  const committed = await commitIfStatus(deps.db, [
    whileStatusQuery(deps.db, id, { from: PAUSABLE, to: 'paused', patch: { runJobId: null, updatedAt: now } }),
    ...takeBackUnsentQueries(deps.db, id, 'planned', now),
  ]);
  const broadcast = await getBroadcast(deps, id);
  if (!committed) throw conflict(broadcast, 'paused', PAUSABLE);
  return broadcast;
}

/** Goes on where it stopped, under a new run (recipients whose due time passed meanwhile are due at once). */
export async function resumeBroadcast(deps: Deps, id: string): Promise<BroadcastRow> {
  const now = deps.clock.now();
  const job = broadcastRunJob(deps, id, now, now);
  const to: BroadcastStatus = (await releasedSince(deps.db, id, 0)) > 0 ? 'sending' : 'scheduled';
  const committed = await commitIfStatus(deps.db, [
    whileStatusQuery(deps.db, id, { from: ['paused'], to, patch: { runJobId: job.id, updatedAt: now } }),
    insertScheduledJobsQuery(deps.db, [job]),
  ]);
  const broadcast = await getBroadcast(deps, id);
  if (!committed) throw conflict(broadcast, 'resumed', ['paused']);
  return broadcast;
}

/** Final: nobody not yet handed to a sender gets it. */
export async function cancelBroadcast(deps: Deps, id: string): Promise<BroadcastRow> {
  const now = deps.clock.now();
  const committed = await commitIfStatus(deps.db, [
    whileStatusQuery(deps.db, id, { from: CANCELLABLE, to: 'cancelled', patch: { runJobId: null, finishedAt: now, updatedAt: now } }),
    ...takeBackUnsentQueries(deps.db, id, 'cancelled', now),
    cancelPlannedQuery(deps.db, id, now),
  ]);
  const broadcast = await getBroadcast(deps, id);
  if (!committed) throw conflict(broadcast, 'cancelled', CANCELLABLE);
  return broadcast;
}
