// The delivery rules' look-ups for a chunk of contacts (bulk sends, broadcasts) read by the contacts' own indexes:
// their cost grows with the contacts' mail, not with all mail ever sent (the planner, left alone, read every sent
// message by messages_status_idx, or every message in no conversation, for each chunk).
import { type SQL, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sendsQueries } from '../../src/store/delivery-history.ts';
import { useTestContext } from '../support/contexts.ts';

const t = useTestContext();
const plan = async (query: SQL) =>
  (await t.deps.db.all<{ detail: string }>(sql`explain query plan ${query}`)).map((r) => r.detail).join(' | ');

describe('delivery history query plans', () => {
  it.each([
    ['marketing only', ['marketing'] as const],
    ['every category', null],
  ])('sends (%s) are read from the contacts by index, threaded and in no conversation', async (_, categories) => {
    const queries = sendsQueries(['cnt_a', 'cnt_b'], 1_700_000_000_000, categories ? [...categories] : null);
    const threaded = await plan(queries.threaded);
    expect(threaded).toContain('SEARCH c USING INDEX conversations_contact_idx (contact_id=?)');
    expect(threaded).toContain('SEARCH m USING INDEX messages_conversation_idx (conversation_id=?)');
    expect(threaded).not.toMatch(/SCAN [cm]\b|messages_status_idx/);
    const unthreaded = await plan(queries.unthreaded);
    expect(unthreaded).toContain('SEARCH m USING INDEX messages_unthreaded_contact_idx (contact_id=?)');
    expect(unthreaded).not.toMatch(/SCAN m\b|messages_status_idx|messages_conversation_idx/);
  });
});
