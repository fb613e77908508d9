// A table's whole row as one JSON value (json_object), decoded by one JSON.parse: for reads of many wide rows, where
// the client's per-value work (the libSQL client defines two properties per column and row, drizzle maps each value)
// cost more than SQLite's. bench/inbox.ts: a thread page of 31 messages, 1.8 ms CPU as columns, 0.8 ms as JSON.
import { getTableColumns, type SQL, sql, type Table } from 'drizzle-orm';

/** Column kinds whose JSON value is the row's value as drizzle returns it (numbers, strings, parsed JSON, null). */
const SUPPORTED = new Set(['SQLiteText', 'SQLiteTextJson', 'SQLiteInteger', 'SQLiteReal']);

export interface JsonRow<T> {
  /** `json_object('key', "column", …)`, JSON columns embedded as JSON (json(...)), not as their text. */
  select: SQL<string>;
  decode(text: string): T;
}

export function jsonRow<T extends Table>(table: T): JsonRow<T['$inferSelect']> {
  const parts = Object.entries(getTableColumns(table)).map(([key, column]) => {
    if (!SUPPORTED.has(column.columnType)) throw new Error(`jsonRow: column ${column.name} is ${column.columnType}, not supported`);
    const name = sql.identifier(column.name);
    // Keys are the schema's own property names (identifiers), written inline rather than as 30 bound parameters.
    return sql`${sql.raw(`'${key}'`)}, ${column.columnType === 'SQLiteTextJson' ? sql`json(${table}.${name})` : sql`${table}.${name}`}`;
  });
  return {
    select: sql<string>`json_object(${sql.join(parts, sql`, `)})`,
    decode: (text) => JSON.parse(text) as T['$inferSelect'],
  };
}
