// The hot paths' write batches (an inbound message filed, a message sent) without building every statement anew.
// drizzle builds an insert of a wide row (messages: 35 columns) from scratch on every call: ~75 µs of CPU and ~100 KiB
// of short-lived objects per message, a quarter of what an inbound message allocated (docs/benchmarks-history.md, wt-hotpath). Here
// the insert of a row is built once per table and set of given columns, with placeholders, and each row only fills
// them in, through the columns' encoders (JSON, booleans) as drizzle would.
import type { InStatement, InValue } from '@libsql/client';
import { eq, fillPlaceholders, getTableName, type InferInsertModel, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { attachments, conversations, inboundEmails, messages, outbox } from '../../db/schema.ts';
import type { Db } from './db.ts';

interface BuiltQuery {
  sql: string;
  params: unknown[];
}

/** A drizzle query (builds its SQL when asked) or a statement already built. */
export type BatchItem = InStatement | { toSQL(): BuiltQuery };

const prebuilt = new Map<string, BuiltQuery>();

/**
 * A query built once under `key` (its variant: which columns, which clauses) from placeholders named as the keys of
 * `values`, and filled with them on every call.
 */
export function prebuiltStatement(key: string, build: () => { toSQL(): BuiltQuery }, values: Record<string, unknown>): InStatement {
  let query = prebuilt.get(key);
  if (!query) {
    query = build().toSQL();
    prebuilt.set(key, query);
  }
  return { sql: query.sql, args: fillPlaceholders(query.params, values) as InValue[] };
}

const placeholdersFor = (keys: string[]) => Object.fromEntries(keys.map((key) => [key, sql.placeholder(key)]));

/** The insert of one row into `table`, as drizzle's db.insert(table).values(row) writes it. */
function insertRowStatement<Table extends SQLiteTable>(db: Db, table: Table, row: InferInsertModel<Table>): InStatement {
  const values = row as Record<string, unknown>;
  // A column given as undefined is left to its default, as drizzle leaves it.
  const keys = Object.keys(values).filter((key) => values[key] !== undefined);
  return prebuiltStatement(
    `insert ${getTableName(table)}: ${keys.join(',')}`,
    () => db.insert(table).values(placeholdersFor(keys) as InferInsertModel<Table>),
    values,
  );
}

/** update TABLE set (the patch's columns) where ID = id, as drizzle's update(table).set(patch) writes it. */
function updateByIdStatement<Table extends SQLiteTable>(
  db: Db,
  table: Table,
  idColumn: SQLiteColumn,
  id: string,
  patch: Partial<InferInsertModel<Table>>,
): InStatement {
  const values = patch as Record<string, unknown>;
  const keys = Object.keys(values).filter((key) => values[key] !== undefined);
  return prebuiltStatement(
    `update ${getTableName(table)}.${idColumn.name}: ${keys.join(',')}`,
    () =>
      db
        .update(table)
        .set(placeholdersFor(keys) as Partial<InferInsertModel<Table>>)
        .where(eq(idColumn, sql.placeholder('__id'))),
    { ...values, __id: id },
  );
}

export const markInboundStatement = (db: Db, id: string, patch: Partial<typeof inboundEmails.$inferInsert>) =>
  updateByIdStatement(db, inboundEmails, inboundEmails.id, id, patch);

export const insertMessageStatement = (db: Db, row: typeof messages.$inferInsert) => insertRowStatement(db, messages, row);
export const insertConversationStatement = (db: Db, row: typeof conversations.$inferInsert) => insertRowStatement(db, conversations, row);
export const insertAttachmentStatement = (db: Db, row: typeof attachments.$inferInsert) => insertRowStatement(db, attachments, row);
export const insertOutboxJobStatement = (db: Db, row: typeof outbox.$inferInsert) => insertRowStatement(db, outbox, row);

/** Runs the items in one write transaction (drizzle queries built here, once). */
export async function writeBatch(db: Db, items: BatchItem[]): Promise<void> {
  const statements = items.map((item): InStatement => {
    if (typeof item === 'string' || !('toSQL' in item)) return item;
    const { sql: text, params } = item.toSQL();
    return { sql: text, args: params as InValue[] };
  });
  await db.$client.batch(statements, 'write');
}
