// A trigger start is one scheduled_jobs row: its 'scheduled' decision is recorded in the job (payload.scheduled),
// not as a delivery_decisions row beside it, and every read of decisions (the contact's activity, the trigger
// counts, the automation report, the inbox panel) still shows it. Jobs from before keep their stored row, counted
// once. A job key another request takes between the read and the write makes the batch plan again.
import { eq } from 'drizzle-orm';
import type { Client } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { deliveryDecisions, scheduledJobs } from '../../db/schema.ts';
import { jobKey } from '../../src/domain/triggers/plan.ts';
import { automationReport } from '../../src/services/reports.ts';
import { trackEvents } from '../../src/services/trackEvents.ts';
import { createDb } from '../../src/store/db.ts';
import { insertDeliveryDecisionsQuery, listDeliveryDecisionsForContact } from '../../src/store/delivery-decisions.ts';
import { useApiContext } from '../support/contexts.ts';
import { consentingContact, decisionsOf, track } from '../support/trigger-helpers.ts';

const { t, api } = useApiContext();

const order = (id: string, n: number) => ({
  name: 'order_placed',
  contact: { email: 'ana@example.com', timezone: 'Europe/Stockholm' },
  properties: { order_id: id, order_number: id, total: 10 },
  idempotency_key: `order-${id}-${n}`,
});

const countsOf = async (name: string) => {
  const res = await api.json('GET', '/api/v1/triggers');
  return res.body.data.find((d: { name: string }) => d.name === name).counts;
};

describe("a trigger start's 'scheduled' decision", () => {
  it('is recorded in its job, not as a delivery_decisions row, and read back by activity, counts, report and panel', async () => {
    const contactId = await consentingContact(api, 'ana@example.com', 'Europe/Stockholm');
    const [event] = await track(api, [order('A-1', 1)]);
    const confirmation = event.scheduled.find((s: { trigger: string }) => s.trigger === 'order_confirmation');

    expect(await t.deps.db.select().from(deliveryDecisions)).toEqual([]);
    const [job] = await t.deps.db.select().from(scheduledJobs).where(eq(scheduledJobs.id, confirmation.job_id));
    expect(job!.payload.scheduled).toEqual({
      at: Date.parse(confirmation.due_at),
      reason: null,
      detail: confirmation.detail,
      template: 'order_confirmation',
      category: 'transactional',
    });

    const activity = await api.json('GET', `/api/v1/contacts/${contactId}/activity`);
    expect(activity.body.data.filter((i: { type: string }) => i.type === 'decision')).toEqual([
      expect.objectContaining({ decision: 'scheduled', trigger: 'order_confirmation', job_id: confirmation.job_id, step: 0 }),
      expect.objectContaining({ decision: 'scheduled', trigger: 'replenishment_reminder', reason: null, category: 'marketing' }),
    ]);
    expect((await countsOf('order_confirmation')).fired).toBe(1);
    const report = await automationReport(t.deps, { to: t.clock.now() + 1 });
    expect(report.rows).toEqual([
      { source: 'trigger', name: 'order_confirmation', decision: 'scheduled', reason: null, count: 1 },
      { source: 'trigger', name: 'replenishment_reminder', decision: 'scheduled', reason: null, count: 1 },
    ]);
    const panel = await listDeliveryDecisionsForContact(t.deps.db, contactId);
    expect(panel.map((d) => [d.sourceName, d.decision, d.jobId])).toEqual([
      ['replenishment_reminder', 'scheduled', expect.stringMatching(/^sjb_/)],
      ['order_confirmation', 'scheduled', confirmation.job_id],
    ]);
  });

  it('of a job from before the note is its stored row, counted once beside the new ones', async () => {
    const contactId = await consentingContact(api, 'ana@example.com', 'Europe/Stockholm');
    const now = t.clock.now();
    const legacyJob = t.deps.ids.next('sjb');
    await t.deps.db.batch([
      t.deps.db.insert(scheduledJobs).values({
        id: legacyJob,
        type: 'trigger_send',
        payload: { trigger: 'order_confirmation', step: 0, baseKey: 'old', event: null, startedAt: now, firstDueAt: now },
        runAt: now,
        contactId,
        key: 'old',
        createdAt: now,
        updatedAt: now,
      }),
      insertDeliveryDecisionsQuery(t.deps.db, [
        {
          id: t.deps.ids.next('dcs'),
          contactId,
          jobId: legacyJob,
          source: 'trigger',
          sourceName: 'order_confirmation',
          decision: 'scheduled',
          at: now,
          createdAt: now,
        },
      ]),
    ]);
    await track(api, [order('A-2', 1)]);
    expect((await countsOf('order_confirmation')).fired).toBe(2);
    const scheduled = (await decisionsOf(t, 'order_confirmation')).filter((d) => d.decision === 'scheduled');
    expect(scheduled.map((d) => d.jobId)).toEqual([legacyJob, expect.not.stringMatching(legacyJob)]);
  });
});

describe('a job key taken between the read and the write', () => {
  it('fails the batch, which is planned again: the start is refused as a Duplicate of that job, the event kept', async () => {
    const contactId = await consentingContact(api, 'ana@example.com', 'Europe/Stockholm');
    const key = jobKey('order_confirmation', contactId, 'A-3');
    const intruder = t.deps.ids.next('sjb');
    let raced = false;
    // The first batch that inserts jobs finds the key taken by another request that wrote just before it.
    const client = new Proxy(t.deps.db.$client, {
      get(target, prop, receiver) {
        if (prop !== 'batch') {
          const value = Reflect.get(target, prop, receiver) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        }
        return async (statements: { sql: string }[], mode: 'write') => {
          if (!raced && statements.some((s) => s.sql.startsWith('INSERT INTO scheduled_jobs'))) {
            raced = true;
            await target.execute({
              sql: `INSERT INTO scheduled_jobs (id, type, payload, run_at, contact_id, key, created_at, updated_at)
                    VALUES (?, 'trigger_send', '{"trigger":"order_confirmation","step":0}', ?, ?, ?, ?, ?)`,
              args: [intruder, t.clock.now(), contactId, key, t.clock.now(), t.clock.now()],
            });
          }
          return target.batch(statements, mode);
        };
      },
    }) as Client;
    const deps = { ...t.deps, db: createDb(client) };

    const [tracked] = await trackEvents(deps, [order('A-3', 1)], (_, f) => f);
    expect(raced).toBe(true);
    expect(tracked!.scheduled).toEqual([
      expect.objectContaining({ trigger: 'order_confirmation', status: 'refused', reason: 'Duplicate', jobId: intruder }),
      expect.objectContaining({ trigger: 'replenishment_reminder', status: 'scheduled' }),
    ]);
    const jobs = await t.deps.db.select().from(scheduledJobs);
    expect(jobs.map((j) => j.key).sort()).toEqual([key, jobKey('replenishment_reminder', contactId, tracked!.id)].sort());
    expect((await decisionsOf(t, 'order_confirmation')).map((d) => [d.decision, d.reason, d.jobId])).toEqual([
      ['skipped', 'Duplicate', intruder],
    ]);
  });
});
