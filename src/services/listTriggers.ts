// The triggers as defined (triggers/NAME.yaml) with what they did, counted from their stored decisions
// (GET /api/v1/triggers).
import type { Deps } from '../deps.ts';
import type { TriggerDefinition } from '../domain/triggers/definition.ts';
import { countDeliveryDecisions } from '../store/delivery-decisions.ts';

export interface TriggerCounts {
  /** Sends scheduled (first messages and follow-ups). */
  fired: number;
  sent: number;
  held: number;
  /** By reason (DeliveryReason). */
  skipped: Record<string, number>;
  stopped: Record<string, number>;
  failed: number;
}

export interface TriggerWithCounts {
  definition: TriggerDefinition;
  counts: TriggerCounts;
}

const emptyCounts = (): TriggerCounts => ({ fired: 0, sent: 0, held: 0, skipped: {}, stopped: {}, failed: 0 });

export async function listTriggers(deps: Deps): Promise<TriggerWithCounts[]> {
  const counts = new Map<string, TriggerCounts>();
  for (const row of await countDeliveryDecisions(deps.db, 'trigger')) {
    const c = counts.get(row.sourceName) ?? emptyCounts();
    counts.set(row.sourceName, c);
    if (row.decision === 'scheduled') c.fired += row.count;
    else if (row.decision === 'sent') c.sent += row.count;
    else if (row.decision === 'held') c.held += row.count;
    else if (row.decision === 'failed') c.failed += row.count;
    else {
      const byReason = row.decision === 'skipped' ? c.skipped : c.stopped;
      const reason = row.reason ?? 'unspecified';
      byReason[reason] = (byReason[reason] ?? 0) + row.count;
    }
  }
  return deps.triggers.all().map((definition) => ({ definition, counts: counts.get(definition.name) ?? emptyCounts() }));
}
