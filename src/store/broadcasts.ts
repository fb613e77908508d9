// Broadcasts (broadcasts): CRUD of drafts, the stored pre-flight result, and changes of status that hold only
// in the state they start from.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { InStatement, InValue } from '@libsql/client';
import { broadcasts } from '../../db/schema.ts';
import type { BroadcastStatus } from '../domain/vocabulary.ts';
import type { Db } from './db.ts';

export type BroadcastRow = typeof broadcasts.$inferSelect;
export type NewBroadcast = typeof broadcasts.$inferInsert;

export async function insertBroadcast(db: Db, row: NewBroadcast): Promise<void> {
  await db.insert(broadcasts).values(row);
}

export async function findBroadcastById(db: Db, id: string): Promise<BroadcastRow | undefined> {
  return (await db.select().from(broadcasts).where(eq(broadcasts.id, id)).limit(1))[0];
}

export async function listBroadcastRows(db: Db): Promise<BroadcastRow[]> {
  return db.select().from(broadcasts).orderBy(desc(broadcasts.createdAt), desc(broadcasts.id));
}

/** Updates a draft; whether it was one (a broadcast past draft is left as it is). */
export async function updateDraftRow(db: Db, id: string, patch: Partial<NewBroadcast> & { updatedAt: number }): Promise<boolean> {
  const written = await db
    .update(broadcasts)
    .set(patch)
    .where(and(eq(broadcasts.id, id), eq(broadcasts.status, 'draft')))
    .returning({ id: broadcasts.id });
  return written.length === 1;
}

export async function deleteDraftRow(db: Db, id: string): Promise<boolean> {
  const deleted = await db
    .delete(broadcasts)
    .where(and(eq(broadcasts.id, id), eq(broadcasts.status, 'draft')))
    .returning({ id: broadcasts.id });
  return deleted.length === 1;
}

/**
 * A change of a broadcast that holds only in the given states (and, with `runJobId`, only for that run), as the
 * first statement of a batch: outside them the status would become NULL, which the column refuses, so the whole
 * batch is rolled back. commitIfStatus tells that apart from other failures.
 */
export function whileStatusQuery(
  db: Db,
  id: string,
  p: { from: readonly BroadcastStatus[]; to?: BroadcastStatus; runJobId?: string; patch?: Partial<NewBroadcast> },
) {
  const inState = sql.join(
    p.from.map((s) => sql`${s}`),
    sql`, `,
  );
  const run = p.runJobId === undefined ? sql`` : sql` and ${broadcasts.runJobId} = ${p.runJobId}`;
  const next = p.to === undefined ? sql`${broadcasts.status}` : sql`${p.to}`;
  return db
    .update(broadcasts)
    .set({ ...p.patch, status: sql`case when ${broadcasts.status} in (${inState})${run} then ${next} end` as unknown as BroadcastStatus })
    .where(eq(broadcasts.id, id));
}

type Statement = Parameters<Db['batch']>[0][number];

function asRawStatement(query: Statement): InStatement {
  const { sql: text, params } = (query as unknown as { toSQL(): { sql: string; params: InValue[] } }).toSQL();
  return { sql: text, args: params };
}

/**
 * Commits the batch, then `raw` (multi-row inserts built as SQL text: store/messages.ts) in the same transaction;
 * false when its whileStatusQuery did not hold (the broadcast was in another state).
 */
export async function commitIfStatus(db: Db, statements: [Statement, ...Statement[]], raw: InStatement[] = []): Promise<boolean> {
  try {
    if (raw.length === 0) await db.batch(statements);
    else await db.$client.batch([...statements.map(asRawStatement), ...raw], 'write');
    return true;
  } catch (error) {
    if (/NOT NULL constraint failed: broadcasts\.status/.test(String((error as { message?: string })?.message ?? error))) return false;
    throw error;
  }
}
