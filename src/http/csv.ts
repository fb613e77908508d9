// Answering rows as CSV when the client asks for it (`Accept: text/csv`); JSON otherwise.
import { stringify } from 'csv-stringify/sync';
import type { Context } from 'hono';

export const wantsCsv = (c: Context): boolean => (c.req.header('accept') ?? '').includes('text/csv');

/** The rows as CSV with a header line; `filename` makes it a download. */
export function csvResponse(c: Context, rows: object[], columns: readonly string[], filename?: string): Response {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  if (filename) c.header('Content-Disposition', `attachment; filename="${filename}"`);
  return c.body(stringify(rows as Record<string, unknown>[], { header: true, columns: [...columns] }));
}
