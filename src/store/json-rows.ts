// Rows as one JSON value each (json_object), decoded by one JSON.parse: for reads of many wide rows, where the
// client's per-value work (the libSQL client defines two properties per column and row, drizzle maps each value) cost
// more than SQLite's. bench/inbox.ts at 100k messages: a thread page of 31 messages, 1.8 ms CPU as columns, 0.9 ms as
// JSON; a list page of 50 conversations, 1.6 ms against 0.7 ms (both prepared).
import { type Column, getTableColumns, type SQL, sql, type Table } from 'drizzle-orm';

/** Column kinds whose JSON value is the row's value as drizzle returns it (numbers, strings, parsed JSON, null). */
const SUPPORTED = new Set(['SQLiteText', 'SQLiteTextJson', 'SQLiteInteger', 'SQLiteReal']);

export interface JsonRow<T> {
  /** `json_object('key', column, …)`, JSON columns embedded as JSON (json(...)), not as their text. */
  select: SQL<string>;
  decode(text: string): T;
}

type Decoded<C extends Record<string, Column>> = {
  [K in keyof C]: C[K]['_']['notNull'] extends true ? C[K]['_']['data'] : C[K]['_']['data'] | null;
};

/** The columns of a selection (keys as the result's properties) as one JSON object. */
export function jsonColumns<C extends Record<string, Column>>(columns: C): JsonRow<Decoded<C>> {
  const parts = Object.entries(columns).map(([key, column]) => {
    if (!SUPPORTED.has(column.columnType)) throw new Error(`jsonRow: column ${column.name} is ${column.columnType}, not supported`);
    if (!/^\w+$/.test(key)) throw new Error(`jsonRow: key ${key} is not an identifier`);
    // Keys are the code's own property names, written inline rather than as one bound parameter each.
    return sql`${sql.raw(`'${key}'`)}, ${column.columnType === 'SQLiteTextJson' ? sql`json(${column})` : sql`${column}`}`;
  });
  return {
    select: sql<string>`json_object(${sql.join(parts, sql`, `)})`,
    decode: (text) => JSON.parse(text) as Decoded<C>,
  };
}

/** A table's whole row as one JSON object. */
export function jsonRow<T extends Table>(table: T): JsonRow<T['$inferSelect']> {
  return jsonColumns(getTableColumns(table)) as JsonRow<T['$inferSelect']>;
}
