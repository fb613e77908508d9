// Contacts a rule selects, for segment previews and broadcasts: the compiled rule
// (rules-sql.ts) run as one query. Ordered by id, keyset-paginated with `after`.
import type { Rule } from '../domain/rules/ast.ts';
import type { Db } from './db.ts';
import { compileRule, type CompileOptions } from './rules-sql.ts';

export async function countContactsMatching(db: Db, rule: Rule, now: number, options: CompileOptions = {}): Promise<number> {
  const { sql, params } = compileRule(rule, now, options);
  const result = await db.$client.execute({ sql: `SELECT count(*) AS n FROM contacts WHERE (${sql})`, args: params });
  return Number(result.rows[0]?.n ?? 0);
}

export interface MatchPage {
  limit: number;
  /** The last id of the previous page. */
  after?: string | undefined;
}

export async function selectContactIdsMatching(
  db: Db,
  rule: Rule,
  now: number,
  page: MatchPage,
  options: CompileOptions = {},
): Promise<string[]> {
  const { sql, params } = compileRule(rule, now, options);
  const after = page.after === undefined ? '' : 'contacts.id > ? AND ';
  const args = page.after === undefined ? [...params, page.limit] : [page.after, ...params, page.limit];
  const query = `SELECT contacts.id AS id FROM contacts WHERE ${after}(${sql}) ORDER BY contacts.id LIMIT ?`;
  const result = await db.$client.execute({ sql: query, args });
  return result.rows.map((row) => String(row.id));
}

/** Which of the given contacts the rule selects (one query for a chunk of recipients). */
export async function selectContactIdsMatchingAmong(db: Db, rule: Rule, now: number, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { sql, params } = compileRule(rule, now);
  const marks = ids.map(() => '?').join(', ');
  const query = `SELECT contacts.id AS id FROM contacts WHERE contacts.id IN (${marks}) AND (${sql})`;
  const result = await db.$client.execute({ sql: query, args: [...ids, ...params] });
  return new Set(result.rows.map((row) => String(row.id)));
}
