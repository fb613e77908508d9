// Claiming due jobs must not slow down as the queue grows: the claim's UPDATE finds its rows by id from the
// subquery's short list; only the subquery reads the due index (and stops after `limit` rows).
import { describe, expect, it } from 'vitest';
import { claimDueScheduledJobsQuery } from '../../src/store/scheduled-jobs.ts';
import { useTestContext } from '../support/contexts.ts';

const t = useTestContext();

describe('the claim query plan', () => {
  it('updates by primary key and reads the due index only in the subquery', async () => {
    const { sql, params } = claimDueScheduledJobsQuery(t.deps.db, { now: t.clock.now(), limit: 1000, token: 'A', leaseMs: 60_000 }).toSQL();
    const plan = await t.client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: params as (string | number)[] });
    const steps = plan.rows.map((r) => String(r.detail));
    expect(steps[0]).toBe('SEARCH scheduled_jobs USING INDEX sqlite_autoindex_scheduled_jobs_1 (id=?)');
    expect(steps.filter((s) => s.includes('scheduled_jobs_due_idx'))).toHaveLength(1);
  });
});
