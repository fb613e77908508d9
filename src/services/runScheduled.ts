// runScheduled: the periodic tick (Cron Trigger on Workers, an interval on Node and Deno).
import type { Deps } from '../deps.ts';
import { wakeSnoozedConversations } from '../store/conversations.ts';
import { deleteExpiredSessions } from '../store/sessions.ts';
import { deliverOutbox, type DeliveryReport } from './deliverOutbox.ts';

export interface ScheduledReport {
  wokenConversations: number;
  delivery: DeliveryReport;
}

export async function runScheduled(deps: Deps): Promise<ScheduledReport> {
  const wokenConversations = await wakeSnoozedConversations(deps.db, deps.clock.now());
  if (wokenConversations > 0) deps.log.info('scheduler: woke snoozed conversations', { count: wokenConversations });
  const delivery = await deliverOutbox(deps);
  await deleteExpiredSessions(deps.db, deps.clock.now());
  return { wokenConversations, delivery };
}
