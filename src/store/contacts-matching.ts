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

/**
 * The statement of countAndSampleContactsMatching (exported for its query-plan test): the rule runs once, into a
 * materialized list of ids that gives both the count and the first ids.
 */
export function countAndSampleStatement(rule: Rule, now: number, sampleSize: number) {
  const { sql, params } = compileRule(rule, now);
  return {
    sql: `WITH matched AS MATERIALIZED (SELECT contacts.id AS id FROM contacts WHERE (${sql}))
      SELECT (SELECT count(*) FROM matched) AS n,
        (SELECT json_group_array(id) FROM (SELECT id FROM matched ORDER BY id LIMIT ?)) AS sample`,
    args: [...params, sampleSize],
  };
}

/** How many contacts the rule selects, and the first `sampleSize` of their ids (by id), running the rule once. */
export async function countAndSampleContactsMatching(
  db: Db,
  rule: Rule,
  now: number,
  sampleSize: number,
): Promise<{ count: number; ids: string[] }> {
  const result = await db.$client.execute(countAndSampleStatement(rule, now, sampleSize));
  const row = result.rows[0];
  return { count: Number(row?.n ?? 0), ids: JSON.parse(String(row?.sample ?? '[]')) as string[] };
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
