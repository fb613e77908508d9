// The compiled SQL must let SQLite use the indexes it can: contact columns by their indexes,
// behaviour as one uncorrelated subquery per rule whose ids are looked up by primary key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRule } from '../../src/domain/rules/parse.ts';
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
    [{ event: 'order_placed', count: '>= 2', within: 'P30D' }, 'SEARCH ev USING INDEX events_contact_idx'],
    [{ event: 'order_placed' }, 'SEARCH contacts USING COVERING INDEX sqlite_autoindex_contacts_1 (id=?) | LIST SUBQUERY 1'],
    [{ last_message: { category: 'marketing', within: 'P7D' } }, 'SEARCH cv USING INDEX sqlite_autoindex_conversations_1 (id=?)'],
    [{ replied: { within: 'P30D' } }, 'SEARCH contacts USING COVERING INDEX sqlite_autoindex_contacts_1 (id=?) | LIST SUBQUERY 1'],
    [{ topic: 'newsletter' }, 'SEARCH ts USING INDEX topic_subscriptions_topic_idx (topic_id=?)'],
  ])('%j', async (input, step) => {
    expect(await plan(input)).toContain(step);
  });
});
