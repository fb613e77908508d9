// The trigger counts (GET /api/v1/triggers) and the automation report count the 'scheduled' decisions jobs record
// (scheduled_jobs.payload.scheduled) from scheduled_jobs_decision_idx, whose columns are generated from the payload:
// no payload is parsed per job. The counts agree with the decisions read one by one (listDeliveryDecisions), for
// trigger sends, agent follow-ups, jobs from before the note (their stored row) and stored decisions.
import { describe, expect, it } from 'vitest';
import { deliveryDecisions, scheduledJobs } from '../../db/schema.ts';
import type { DeliveryReason } from '../../src/domain/vocabulary.ts';
import {
  countDeliveryDecisions,
  countDeliveryDecisionsStatement,
  decisionsSelect,
  listDeliveryDecisions,
} from '../../src/store/delivery-decisions.ts';
import { automationCounts, automationCountsStatement } from '../../src/store/reports.ts';
import type { Statement } from '../../src/store/statements.ts';
import { useTestContext } from '../support/contexts.ts';

const t = useTestContext();
const HOUR = 3_600_000;

const note = (reason: DeliveryReason | null) => ({ at: 0, reason, detail: 'due', template: 'welcome', category: 'marketing' });

/** Jobs with and without a note, of two triggers and a follow-up, and stored decisions, over six hours. */
async function seed() {
  const start = t.clock.now();
  const jobs: (typeof scheduledJobs.$inferInsert)[] = [];
  const reasons: (DeliveryReason | null)[] = [null, 'QuietHours', null, 'SendWindow'];
  for (let i = 0; i < 24; i++) {
    const trigger = i % 3 === 0 ? 'nudge' : 'welcome';
    const legacy = i % 7 === 0;
    jobs.push({
      id: t.deps.ids.next('sjb'),
      type: 'trigger_send',
      payload: { trigger, step: i % 2, ...(legacy ? {} : { scheduled: note(reasons[i % 4]!) }) },
      runAt: start,
      createdAt: start + i * (HOUR / 4),
    });
  }
  jobs.push({
    id: t.deps.ids.next('sjb'),
    type: 'agent_follow_up',
    payload: { conversationId: 'cnv_1', step: 1, scheduled: note(null) },
    runAt: start,
    createdAt: start + HOUR,
  });
  await t.deps.db.insert(scheduledJobs).values(jobs);
  const stored = (sourceName: string, decision: 'scheduled' | 'sent' | 'skipped', reason: DeliveryReason | null, at: number) => ({
    id: t.deps.ids.next('dcs'),
    source: 'trigger' as const,
    sourceName,
    decision,
    reason,
    createdAt: at,
  });
  await t.deps.db
    .insert(deliveryDecisions)
    .values([
      stored('nudge', 'scheduled', null, start),
      stored('welcome', 'sent', null, start + HOUR),
      stored('welcome', 'skipped', 'DailyCap', start + 2 * HOUR),
      stored('welcome', 'skipped', 'DailyCap', start + 5 * HOUR),
      { ...stored('spring', 'sent', null, start + 3 * HOUR), source: 'broadcast' as const },
    ]);
  return start;
}

/** The counts worked out from the decisions read one by one. */
async function countedOneByOne(filter: (d: { source: string; createdAt: number }) => boolean) {
  const counts = new Map<string, number>();
  for (const d of await listDeliveryDecisions(t.deps.db)) {
    if (!filter(d)) continue;
    const key = JSON.stringify([d.source, d.sourceName, d.decision, d.reason]);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => [...(JSON.parse(key) as unknown[]), n]).sort();
}

async function planOf(statement: Statement): Promise<string[]> {
  const plan = await t.client.execute({ sql: `EXPLAIN QUERY PLAN ${statement.sql}`, args: statement.args });
  return plan.rows.map((r) => String(r.detail));
}

/** How many row columns a statement reads from `table` itself (not from one of its indexes), from its bytecode. */
async function tableColumnReads(statement: Statement, table: string): Promise<number> {
  const root = await t.client.execute({ sql: "SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name = ?", args: [table] });
  const program = (await t.client.execute({ sql: `EXPLAIN ${statement.sql}`, args: statement.args })).rows;
  const cursors = new Set(program.filter((op) => op.opcode === 'OpenRead' && op.p2 === root.rows[0]!.rootpage).map((op) => op.p1));
  return program.filter((op) => op.opcode === 'Column' && cursors.has(op.p1)).length;
}

describe('decision counts', () => {
  it('per trigger agree with the decisions one by one, jobs from before the note and stored rows included', async () => {
    await seed();
    const counts = (await countDeliveryDecisions(t.deps.db, 'trigger')).map((c) => [
      'trigger',
      c.sourceName,
      c.decision,
      c.reason,
      c.count,
    ]);
    expect(counts.sort()).toEqual(await countedOneByOne((d) => d.source === 'trigger'));
    expect(counts.length).toBeGreaterThan(4);
    expect(await countDeliveryDecisions(t.deps.db, 'agent_follow_up', 'cnv_1')).toEqual([
      { sourceName: 'cnv_1', decision: 'scheduled', reason: null, count: 1 },
    ]);
  });

  it('in the automation report agree with the decisions one by one within the range', async () => {
    const start = await seed();
    for (const range of [
      { from: start, to: start + 6 * HOUR },
      { from: start + HOUR, to: start + 2 * HOUR + 1 },
    ]) {
      const rows = (await automationCounts(t.deps.db, range)).map((r) => [r.source, r.sourceName, r.decision, r.reason, r.n]);
      expect(rows.sort()).toEqual(await countedOneByOne((d) => d.createdAt >= range.from && d.createdAt < range.to));
    }
  });

  it('read the indexes only, in index order: no scan of scheduled_jobs or delivery_decisions rows, no sort of them', async () => {
    const triggers = await planOf(countDeliveryDecisionsStatement('trigger'));
    expect(triggers).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SEARCH delivery_decisions USING COVERING INDEX delivery_decisions_source_idx \(source=\?\)/),
        expect.stringMatching(/^SEARCH j USING INDEX scheduled_jobs_decision_idx \(type=\?\)/),
      ]),
    );
    const automation = await planOf(automationCountsStatement({ from: 0, to: 1 }));
    expect(automation).toEqual(
      expect.arrayContaining([
        'SCAN delivery_decisions USING COVERING INDEX delivery_decisions_source_idx',
        'SCAN j USING INDEX scheduled_jobs_decision_idx',
      ]),
    );
    expect([...triggers, ...automation].filter((step) => /^SCAN (j|delivery_decisions)$/.test(step))).toEqual([]);
    // Each table is grouped in its index order; only the outer sum over a few groups sorts.
    for (const plan of [triggers, automation]) expect(plan.filter((step) => step.startsWith('USE TEMP B-TREE'))).toHaveLength(1);
    for (const statement of [countDeliveryDecisionsStatement('trigger'), automationCountsStatement({ from: 0, to: 1 })]) {
      expect(await tableColumnReads(statement, 'scheduled_jobs')).toBe(0);
      expect(await tableColumnReads(statement, 'delivery_decisions')).toBe(0);
    }
    // The check itself: reading every column (detail, template ...) does read the rows.
    const everything = decisionsSelect({ created: { from: 0, to: 1 } });
    expect(await tableColumnReads(everything, 'scheduled_jobs')).toBeGreaterThan(0);
    expect(await tableColumnReads(everything, 'delivery_decisions')).toBeGreaterThan(0);
  });
});
