// runScheduled: the periodic tick (Cron Trigger on Workers, an interval on Node and Deno).
import type { Deps } from '../deps.ts';
import { wakeSnoozedConversations } from '../store/conversations.ts';
import { deleteExpiredSessions } from '../store/sessions.ts';
import { closeAutoAnswered } from './closeAutoAnswered.ts';
import { deliverOutbox, type DeliveryReport } from './deliverOutbox.ts';
import { retryStaleInbound, type InboundRetryReport } from './retryStaleInbound.ts';

export interface ScheduledReport {
  wokenConversations: number;
  /** Conversations the autoresponder answered that were closed after 3 days without a reply. */
  autoAnsweredClosed: number;
  delivery: DeliveryReport;
  inbound: InboundRetryReport;
}

export async function runScheduled(deps: Deps): Promise<ScheduledReport> {
  const wokenConversations = await wakeSnoozedConversations(deps.db, deps.clock.now());
  if (wokenConversations > 0) deps.log.info('scheduler: woke snoozed conversations', { count: wokenConversations });
  const autoAnsweredClosed = await closeAutoAnswered(deps);
  const delivery = await deliverOutbox(deps);
  await deleteExpiredSessions(deps.db, deps.clock.now());
  // Last: processing may throw when the database fails, and the other jobs need not wait for it.
  const inbound = await retryStaleInbound(deps);
  return { wokenConversations, autoAnsweredClosed, delivery, inbound };
}
