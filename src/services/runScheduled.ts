// runScheduled: the periodic tick (Cron Trigger on Workers, an interval on Node and Deno).
import type { Deps } from '../deps.ts';
import { wakeSnoozedConversations } from '../store/conversations.ts';
import { deleteExpiredSessions } from '../store/sessions.ts';
import { deliverOutbox, type DeliveryReport } from './deliverOutbox.ts';
import { type DueWorkReport, runDueWork } from './runDueWork.ts';
import { type DateScanReport, scanDateTriggers } from './scanDateTriggers.ts';
import { scheduleUnprocessedEvents } from './scheduleTriggers.ts';
import { retryStaleInbound, type InboundRetryReport } from './retryStaleInbound.ts';

export interface ScheduledReport {
  wokenConversations: number;
  delivery: DeliveryReport;
  inbound: InboundRetryReport;
  /** Trigger work: events whose scheduling a failed request left undone, date triggers scanned, due jobs run. */
  triggers: { recoveredEvents: number; dates: DateScanReport; jobs: DueWorkReport };
}

export async function runScheduled(deps: Deps): Promise<ScheduledReport> {
  const wokenConversations = await wakeSnoozedConversations(deps.db, deps.clock.now());
  if (wokenConversations > 0) deps.log.info('scheduler: woke snoozed conversations', { count: wokenConversations });
  // Before the outbox: what due jobs queue goes out in the same tick.
  const triggers = {
    recoveredEvents: await scheduleUnprocessedEvents(deps),
    dates: await scanDateTriggers(deps),
    jobs: await runDueWork(deps),
  };
  const delivery = await deliverOutbox(deps);
  await deleteExpiredSessions(deps.db, deps.clock.now());
  // Last: processing may throw when the database fails, and the other jobs need not wait for it.
  const inbound = await retryStaleInbound(deps);
  return { wokenConversations, delivery, inbound, triggers };
}
