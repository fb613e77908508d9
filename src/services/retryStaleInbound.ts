// retryStaleInbound: inbound mail that was kept but never processed to the end (the process
// died, or the database failed mid-way) is processed again by the scheduler. Each try is
// counted before it starts, so a message that crashes every time ends as `failed` (kept,
// listed for re-processing by hand) instead of being retried forever.
import type { Deps } from '../deps.ts';
import { claimInboundAttempt, listStaleReceived, markInbound } from '../store/inbound-emails.ts';
import { processSafely } from './receiveEmail.ts';

/** Younger messages may still be in the hands of the request that received them. */
export const STALE_RECEIVED_MS = 5 * 60 * 1000;
export const INBOUND_RETRY_BATCH = 20;
export const MAX_INBOUND_ATTEMPTS = 5;

export interface InboundRetryReport {
  /** Messages processed again this tick (whatever the outcome). */
  retried: number;
  processed: number;
  /** Messages given up on: marked failed after MAX_INBOUND_ATTEMPTS tries. */
  gaveUp: number;
}

export async function retryStaleInbound(deps: Deps): Promise<InboundRetryReport> {
  const report: InboundRetryReport = { retried: 0, processed: 0, gaveUp: 0 };
  const stale = await listStaleReceived(deps.db, deps.clock.now() - STALE_RECEIVED_MS, INBOUND_RETRY_BATCH);
  for (const row of stale) {
    if (row.attempts >= MAX_INBOUND_ATTEMPTS) {
      const error = `gave up after ${row.attempts} processing attempts; re-process it by hand`;
      await markInbound(deps.db, row.id, { status: 'failed', error, processedAt: deps.clock.now() });
      deps.log.error('inbound: retries exhausted; marked failed', { inboundEmailId: row.id, attempts: row.attempts });
      report.gaveUp++;
      continue;
    }
    if (!(await claimInboundAttempt(deps.db, row.id, row.attempts))) continue;
    const outcome = await processSafely(deps, row.id);
    report.retried++;
    if (outcome.status === 'processed') report.processed++;
  }
  if (stale.length > 0) deps.log.info('scheduler: retried stale inbound mail', { ...report });
  return report;
}
