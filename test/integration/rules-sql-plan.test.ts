// The compiled SQL must let SQLite use the indexes it can: contact columns by their indexes,
// behaviour as one uncorrelated subquery per rule whose ids are looked up by primary key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRule } from '../../src/domain/rules/parse.ts';
import { countAndSampleStatement } from '../../src/store/contacts-matching.ts';
import { compileRule } from '../../src/store/rules-sql.ts';
import { createTestContext, type TestContext } from '../support/test-deps.ts';

const NOW = Date.parse('2026-11-23T09:00:00Z');
let t: TestContext;

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.cleanup());

async function plan(input: unknown): Promise<string> {
  const parsed = parseRule(input, { allowEvent: false });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const { sql, params } = compileRule(parsed.rule, NOW);
  const rows = await t.client.execute({ sql: `EXPLAIN QUERY PLAN SELECT count(*) FROM contacts WHERE (${sql})`, args: params });
  return rows.rows.map((r) => String(r.detail)).join(' | ');
}

describe('query plans of compiled rules', () => {
  it.each([
    ['contact.created_at after now - P30D', 'SEARCH contacts USING COVERING INDEX contacts_created_idx (created_at>?)'],
    [
      { all: ['contact.created_at after now - P30D', 'attributes.city = "Göteborg"'] },
      'SEARCH contacts USING INDEX contacts_created_idx (created_at>?)',
    ],
    ['contact.email = "ana@example.se"', 'SEARCH contacts USING COVERING INDEX contacts_email_unique (email=?)'],
    // Behaviour runs as one uncorrelated subquery; its contact ids drive lookups by primary key.
    [
      { event: 'order_placed', count: '>= 2', within: 'P30D' },
      'SEARCH ev USING COVERING INDEX events_name_time_idx (name=? AND occurred_at>? AND occurred_at<?)',
    ],
    [{ event: 'order_placed' }, 'SEARCH contacts USING COVERING INDEX sqlite_autoindex_contacts_1 (id=?) | LIST SUBQUERY 1'],
    [{ last_message: { category: 'marketing', within: 'P7D' } }, 'SEARCH cv USING INDEX sqlite_autoindex_conversations_1 (id=?)'],
    [{ replied: { within: 'P30D' } }, 'SEARCH contacts USING COVERING INDEX sqlite_autoindex_contacts_1 (id=?) | LIST SUBQUERY 1'],
    [{ topic: 'newsletter' }, 'SEARCH ts USING INDEX topic_subscriptions_topic_idx (topic_id=?)'],
    // Event counts read one name's events (in the window) from events_name_time_idx alone; mail in a window is
    // read through messages_email_time_idx (coalesce(sent_at, created_at)), not by scanning messages.
    [{ event: 'page_viewed' }, 'SEARCH ev USING COVERING INDEX events_name_time_idx (name=?)'],
    [{ last_message: { category: 'marketing', within: 'P7D' } }, 'SEARCH m USING INDEX messages_email_time_idx (<expr>>? AND <expr><?)'],
    [{ replied: { within: 'P30D' } }, 'SEARCH m USING INDEX messages_email_time_idx (<expr>>? AND <expr><?)'],
  ])('%j', async (input, step) => {
    expect(await plan(input)).toContain(step);
  });
});

describe('the query plan of a segment preview', () => {
  it('runs the rule once for the count and the sample (its behaviour subqueries appear once)', async () => {
    const parsed = parseRule(
      { all: ['attributes.city = "Göteborg"', { event: 'order_placed', within: 'P30D' }, { not: { last_message: { within: 'P7D' } } }] },
      { allowEvent: false },
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const statement = countAndSampleStatement(parsed.rule, NOW, 10);
    const rows = await t.client.execute({ sql: `EXPLAIN QUERY PLAN ${statement.sql}`, args: statement.args });
    const steps = rows.rows.map((r) => String(r.detail));
    expect(steps).toContain('MATERIALIZE matched');
    expect(steps.filter((s) => s.startsWith('SEARCH ev '))).toHaveLength(1);
    expect(steps.filter((s) => s.startsWith('SEARCH m '))).toHaveLength(1);
    expect(steps.filter((s) => /^SCAN (m|ev)\b/.test(s))).toEqual([]);
  });
});
