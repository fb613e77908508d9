// Raw SQL statements for write batches that carry thousands of values, where drizzle's query building costs
// more than SQLite's work: the statement type, `(?, ?, …)` lists, chunking under the bound-parameter limit,
// and a raw statement as a drizzle query for a batch that mixes both.
import { type SQL, sql } from 'drizzle-orm';
import type { InValue } from '@libsql/client';
import type { Db } from './db.ts';

export type Statement = { sql: string; args: InValue[] };

/** Rows per multi-row statement: at 14 values a row this stays well under SQLite's bound-parameter limit. */
export const CHUNK_ROWS = 250;

export function chunks<T>(rows: T[], size = CHUNK_ROWS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** `(?, ?), (?, ?)` for `rows` rows of `columns` values. */
export function placeholders(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => row).join(', ');
}

/** Bound SQL text as a drizzle query, for db.batch (the `?` in the text take `args` in order). */
export function asDrizzle(db: Db, statement: Statement) {
  const parts = statement.sql.split('?');
  const pieces: SQL[] = [sql.raw(parts[0]!)];
  statement.args.forEach((arg, i) => {
    pieces.push(sql`${arg}`, sql.raw(parts[i + 1]!));
  });
  return db.run(sql.join(pieces));
}

/**
 * `(select value from json_each(?))`: many values as one bound JSON list, for `x in ${inJsonList(ids)}`. Drizzle builds
 * a 500-value `in (?, …)` list slower than SQLite runs the query; SQLite reads the list once into an ephemeral index.
 */
export function inJsonList(values: readonly (string | number)[]): SQL {
  return sql`(select value from json_each(${JSON.stringify(values)}))`;
}
