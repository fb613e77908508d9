// runScheduled: the periodic tick (Cron Trigger on Workers, an interval on Node and Deno).
import type { Deps } from '../deps.ts';
import { wakeSnoozedConversations } from '../store/conversations.ts';
import { checkpointWal } from '../store/db.ts';
import { deleteExpiredSessions } from '../store/sessions.ts';
import { closeAutoAnswered } from './closeAutoAnswered.ts';
import { deliverOutbox, type DeliveryReport } from './deliverOutbox.ts';
import type { DispatchReport } from './dispatchDueWork.ts';
import { type DueWorkReport, runDueWork } from './runDueWork.ts';
import { errorFields } from '../log.ts';
import { type DateScanReport, scanDateTriggers } from './scanDateTriggers.ts';
import { scheduleUnprocessedEvents } from './scheduleTriggers.ts';
import { retryStaleInbound, type InboundRetryReport } from './retryStaleInbound.ts';
import { indexSearchWords, type SearchWordsReport } from './indexSearchWords.ts';

export interface ScheduledReport {
  wokenConversations: number;
  /** Conversations the autoresponder answered that were closed after 3 days without a reply. */
  autoAnsweredClosed: number;
  delivery: DeliveryReport;
  inbound: InboundRetryReport;
  /** Trigger work: events whose scheduling a failed request left undone, date triggers scanned, due jobs run. */
  triggers: { recoveredEvents: number; dates: DateScanReport; jobs: DueWorkReport | DispatchReport | null };
  /** Rows written to the word indexes that serve 1- and 2-character search terms. */
  searchWords: SearchWordsReport;
}

export interface ScheduledOptions {
  /** How due jobs run: here (Node, Deno, a Worker without a queue), or claimed and sent to a queue. */
  dueWork?: (deps: Deps) => Promise<DueWorkReport | DispatchReport>;
}

export async function runScheduled(deps: Deps, options: ScheduledOptions = {}): Promise<ScheduledReport> {
  const wokenConversations = await wakeSnoozedConversations(deps.db, deps.clock.now());
  if (wokenConversations > 0) deps.log.info('scheduler: woke snoozed conversations', { count: wokenConversations });
  const autoAnsweredClosed = await closeAutoAnswered(deps);
  // Before the outbox: what due jobs queue goes out in the same tick.
  const triggers = {
    recoveredEvents: await scheduleUnprocessedEvents(deps),
    dates: await scanDateTriggers(deps),
    jobs: await runJobs(deps, options.dueWork ?? runDueWork),
  };
  const delivery = await deliverOutbox(deps);
  await deleteExpiredSessions(deps.db, deps.clock.now());
  const searchWords = await indexSearchWords(deps);
  // Last: processing may throw when the database fails, and the other jobs need not wait for it.
  const inbound = await retryStaleInbound(deps);
  // The tick's writes and the requests' since the last tick, copied back into the database off the request path.
  await checkpointWal(deps.db, deps.config.databaseUrl);
  return { wokenConversations, autoAnsweredClosed, delivery, inbound, triggers, searchWords };
}

async function runJobs(deps: Deps, run: NonNullable<ScheduledOptions['dueWork']>): Promise<DueWorkReport | DispatchReport | null> {
  try {
    return await run(deps);
  } catch (error) {
    // Claims not finished run out and are claimed again; the outbox must not wait for that.
    deps.log.error('scheduler: due work failed this tick', errorFields(error));
    return null;
  }
}
