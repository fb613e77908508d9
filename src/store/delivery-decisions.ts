// Every decision about an automated send, stored with its reason: written by the trigger engine and
// broadcasts (inside their own batches), read for a contact's activity and for per-source counts.
import { and, count, desc, eq, lt, or } from 'drizzle-orm';
import { deliveryDecisions } from '../../db/schema.ts';
import type { DeliveryDecisionKind, DeliveryReason, DeliverySource } from '../domain/vocabulary.ts';
import type { Db } from './db.ts';

export type DeliveryDecisionRow = typeof deliveryDecisions.$inferSelect;
export type NewDeliveryDecision = typeof deliveryDecisions.$inferInsert;

/** One multi-row insert, as a statement for the caller's db.batch. */
export function insertDeliveryDecisionsQuery(db: Db, rows: NewDeliveryDecision[]) {
  return db.insert(deliveryDecisions).values(rows);
}

/** A contact's decisions, newest first; `before` pages on from a row's (createdAt, id). */
export async function listDeliveryDecisionsForContact(
  db: Db,
  contactId: string,
  options: { limit?: number; before?: { createdAt: number; id: string } } = {},
): Promise<DeliveryDecisionRow[]> {
  const before = options.before;
  return db
    .select()
    .from(deliveryDecisions)
    .where(
      and(
        eq(deliveryDecisions.contactId, contactId),
        before
          ? or(
              lt(deliveryDecisions.createdAt, before.createdAt),
              and(eq(deliveryDecisions.createdAt, before.createdAt), lt(deliveryDecisions.id, before.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(deliveryDecisions.createdAt), desc(deliveryDecisions.id))
    .limit(options.limit ?? 100);
}

export interface DecisionCount {
  sourceName: string;
  decision: DeliveryDecisionKind;
  reason: DeliveryReason | null;
  count: number;
}

/** How many decisions each source (e.g. every trigger) got, per decision and reason; one source when `sourceName` is given. */
export async function countDeliveryDecisions(db: Db, source: DeliverySource, sourceName?: string): Promise<DecisionCount[]> {
  return db
    .select({
      sourceName: deliveryDecisions.sourceName,
      decision: deliveryDecisions.decision,
      reason: deliveryDecisions.reason,
      count: count(),
    })
    .from(deliveryDecisions)
    .where(and(eq(deliveryDecisions.source, source), sourceName === undefined ? undefined : eq(deliveryDecisions.sourceName, sourceName)))
    .groupBy(deliveryDecisions.sourceName, deliveryDecisions.decision, deliveryDecisions.reason)
    .orderBy(deliveryDecisions.sourceName, deliveryDecisions.decision, deliveryDecisions.reason);
}
