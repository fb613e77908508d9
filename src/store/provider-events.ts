import { and, eq, sql } from 'drizzle-orm';
import { providerEvents } from '../../db/schema.ts';
import type { Db } from './db.ts';

export type ProviderEventRow = typeof providerEvents.$inferSelect;

/**
 * Keeps a delivery of an event: the first one inserts the row, a later one (a retry) counts
 * an attempt and returns the row as kept, so the caller can see whether it was processed.
 */
export async function keepProviderEvent(
  db: Db,
  row: Pick<ProviderEventRow, 'id' | 'provider' | 'providerEventId' | 'type' | 'providerMessageId' | 'payload' | 'receivedAt'>,
): Promise<ProviderEventRow> {
  const kept = await db
    .insert(providerEvents)
    .values({ ...row, attempts: 1 })
    .onConflictDoUpdate({
      target: [providerEvents.provider, providerEvents.providerEventId],
      set: { attempts: sql`${providerEvents.attempts} + 1` },
    })
    .returning();
  return kept[0]!;
}

export async function getProviderEvent(db: Db, provider: string, providerEventId: string): Promise<ProviderEventRow | undefined> {
  const rows = await db
    .select()
    .from(providerEvents)
    .where(and(eq(providerEvents.provider, provider), eq(providerEvents.providerEventId, providerEventId)))
    .limit(1);
  return rows[0];
}

export async function markProviderEventProcessed(db: Db, id: string, processedAt: number): Promise<void> {
  await db.update(providerEvents).set({ processedAt, error: null }).where(eq(providerEvents.id, id));
}

export async function recordProviderEventError(db: Db, id: string, error: string): Promise<void> {
  await db
    .update(providerEvents)
    .set({ error: error.slice(0, 2000) })
    .where(eq(providerEvents.id, id));
}
