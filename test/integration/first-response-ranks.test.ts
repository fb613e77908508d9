// The first-response report over a long range reads the median and 90th percentile at their rank from the
// reply-time indexes (conversation_facts_response_*_idx) instead of from every reply time. Both ways must give the
// same report, exactly: checked on a seeded data set with ties, unanswered conversations, a reply without an agent,
// and ranges that cut weeks in two.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { firstResponseReport } from '../../src/services/reports.ts';
import { firstResponseRanksQuery } from '../../src/store/reports.ts';
import { useTestContext } from '../support/contexts.ts';

const t = useTestContext();
const MINUTE = 60_000;
const DAY = 86_400_000;
const START = Date.parse('2026-09-02T10:00:00Z'); // a Wednesday

/** A small deterministic generator (LCG), so the data set is the same on every run. */
function generator(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return Math.floor((state / 2 ** 31) * n); // the high bits: an LCG's low bits repeat with a short period
  };
}

/** 600 conversations over ten weeks: three agents and a reply without one, a fifth unanswered, many equal times. */
async function seed() {
  const next = generator(7);
  await t.client.execute({
    sql: "INSERT INTO contacts (id, email, created_at, updated_at) VALUES ('con_1', 'ana@example.com', ?, ?)",
    args: [START, START],
  });
  const agents = ['agt_a', 'agt_b', 'agt_c', null];
  const statements: { sql: string; args: (string | number | null)[] }[] = [];
  for (let i = 0; i < 600; i++) {
    const id = `cnv_${String(i).padStart(4, '0')}`;
    const first = START + next(70 * DAY);
    statements.push({
      sql: 'INSERT INTO conversations (id, contact_id, created_at, updated_at, last_message_at) VALUES (?, ?, ?, ?, ?)',
      args: [id, 'con_1', first, first, first],
    });
    const answered = next(5) > 0;
    // Whole minutes mostly (ties), sometimes any ms, from a minute to three days.
    const response = next(3) === 0 ? next(3 * DAY) : (1 + next(600)) * MINUTE;
    statements.push({
      sql: 'UPDATE conversation_facts SET first_customer_at = ?, first_reply_at = ?, first_reply_agent_id = ? WHERE conversation_id = ?',
      args: [first, answered ? first + response : null, answered ? agents[next(agents.length)]! : null, id],
    });
  }
  await t.client.batch(statements, 'write');
  t.clock.set(START + 71 * DAY);
}

describe('first response over a long range', () => {
  it('gives the same report at rank as from every reply time, by week and by agent, for whole and cut ranges', async () => {
    await seed();
    const ranges = [
      { from: START - DAY, to: START + 80 * DAY },
      { from: START + 3 * DAY + 5 * 3_600_000, to: START + 40 * DAY + 7 * 3_600_000 },
      { from: START + 10 * DAY, to: START + 10 * DAY + 1 },
    ];
    for (const range of ranges) {
      for (const group of ['week', 'agent'] as const) {
        const everyTime = await firstResponseReport(t.deps, range, group, { rankedAbove: Number.POSITIVE_INFINITY });
        const atRank = await firstResponseReport(t.deps, range, group, { rankedAbove: 0 });
        expect(atRank).toEqual(everyTime);
      }
    }
    const whole = await firstResponseReport(t.deps, ranges[0]!, 'agent', { rankedAbove: 0 });
    expect(whole.total).toMatchObject({ conversations: 600, answered: expect.any(Number) });
    expect(whole.rows.map((r) => r.group)).toEqual(['(unanswered)', 'agt_a', 'agt_b', 'agt_c']);
    expect(whole.total!.median_minutes).not.toBeNull();
  });

  it('reads each rank by walking a reply-time index in order, not by sorting', async () => {
    const range = { from: 0, to: DAY };
    const query = firstResponseRanksQuery(range, [
      { group: 'week', key: 20_000, rank: 3 },
      { group: 'agent', key: 'agt_a', rank: 3 },
      { group: 'all', key: null, rank: 3 },
    ]);
    const steps = (await t.deps.db.all<{ detail: string }>(sql`explain query plan ${query}`)).map((r) => r.detail);
    expect(steps).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^SEARCH conversation_facts USING (COVERING )?INDEX conversation_facts_response_week_idx \(first_customer_week=\?\)/,
        ),
        expect.stringMatching(
          /^SEARCH conversation_facts USING (COVERING )?INDEX conversation_facts_response_agent_idx \(first_reply_agent_id=\?\)/,
        ),
        expect.stringMatching(/^SCAN conversation_facts USING (COVERING )?INDEX conversation_facts_response_idx/),
      ]),
    );
    expect(steps.filter((s) => s.includes('TEMP B-TREE'))).toEqual([]);
  });
});
