// The Worker's queue path, in Node against a real database and with the injected clock: the Cron tick
// claims due jobs and sends them to the queue within Cloudflare's limits; the consumer runs them while
// their claim holds, acks, and retries a message whose run threw; without a JOBS binding the tick runs
// the jobs itself. test/hosts/worker-queue.test.ts drives the same through wrangler's local queues.
import { createClient } from '@libsql/client';
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { messages, scheduledJobs } from '../../db/schema.ts';
import type { Deps } from '../../src/deps.ts';
import { DAY_MS } from '../../src/domain/inbox/follow-up.ts';
import { consumeJobMessages, jobQueueOf, runCronTick, type JobQueue } from '../../src/runtime/job-queue.ts';
import { agentReply } from '../../src/services/agentReply.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { dispatchDueWork, JOBS_PER_MESSAGE, MESSAGES_PER_SEND, type JobMessage } from '../../src/services/dispatchDueWork.ts';
import { JOB_LEASE_MS } from '../../src/services/runDueWork.ts';
import type { AgentRow } from '../../src/store/agents.ts';
import { createDb } from '../../src/store/db.ts';
import { insertScheduledJobs } from '../../src/store/scheduled-jobs.ts';
import { useTestContext } from '../support/contexts.ts';
import { receive } from '../support/inbound-helpers.ts';

const t = useTestContext();
let agent: AgentRow;

beforeEach(async () => {
  agent = await createAgentWithPassword(t.deps, {
    email: 'ana@acme.example',
    name: 'Ana Berg',
    role: 'agent',
    password: 'a long password',
  });
});

/** A stand-in for the JOBS binding that keeps what was sent; `refuse` makes sendBatch fail. */
function recordingQueue(refuse = false) {
  const calls: { body: JobMessage; contentType?: string }[][] = [];
  const queue: JobQueue = {
    async sendBatch(batch) {
      if (refuse) throw new Error('Queue send failed: queue unavailable');
      calls.push([...batch] as { body: JobMessage }[]);
      return { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } } as never;
    },
  };
  return { queue, calls, bodies: () => calls.flat().map((m) => m.body) };
}

/** Queue messages as the consumer gets them, recording ack() and retry(). */
function delivered(bodies: unknown[]) {
  const outcome: string[] = [];
  const list = bodies.map((body, i) => ({
    id: `m${i}`,
    body,
    ack: () => outcome.push(`ack m${i}`),
    retry: () => outcome.push(`retry m${i}`),
  }));
  return { batch: { messages: list as never }, outcome };
}

async function conversationWithFollowUp(): Promise<string> {
  const raw = new Uint8Array(
    Buffer.from(
      'From: Per <per@example.se>\r\nTo: support@reply.acme.example\r\nSubject: Faktura\r\nMessage-ID: <p1@example.se>\r\n\r\nHej\r\n',
    ),
  ) as Uint8Array<ArrayBuffer>;
  const result = await receive(t, raw, { from: 'per@example.se', to: 'support@reply.acme.example' });
  const id = result.outcome?.status === 'processed' ? result.outcome.conversationId! : '';
  t.clock.advance(60_000);
  await agentReply(t.deps, agent, {
    conversationId: id,
    text: 'Fakturan är skickad.',
    seenUpTo: t.clock.now(),
    followUp: { days: 1, count: 1 },
  });
  return id;
}

const followUpsIn = (conversationId: string) =>
  t.deps.db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.template, 'follow_up')));

describe('the Cron tick sends due jobs to the queue', () => {
  it('in messages of at most 25 ids with the claim token, at most 100 per sendBatch, each job once', async () => {
    const now = t.clock.now();
    const jobs = Array.from({ length: 260 }, (_, i) => ({
      id: t.deps.ids.next('sjb'),
      type: 'trigger_send' as const,
      payload: { n: i },
      runAt: now - i,
      key: `k${i}`,
      createdAt: now,
    }));
    await insertScheduledJobs(t.deps.db, jobs);
    const { queue, calls, bodies } = recordingQueue();
    expect(await dispatchDueWork(t.deps, (m) => queue.sendBatch(m.map((body) => ({ body }))))).toEqual({
      claimed: 260,
      messages: 11,
      released: 0,
    });
    expect(calls.every((call) => call.length <= MESSAGES_PER_SEND)).toBe(true);
    expect(bodies().every((b) => b.jobIds.length <= JOBS_PER_MESSAGE && JSON.stringify(b).length < 128 * 1024)).toBe(true);
    const sent = bodies().flatMap((b) => b.jobIds);
    expect(new Set(sent)).toEqual(new Set(jobs.map((j) => j.id)));
    expect(sent).toHaveLength(260);
    const rows = await t.deps.db.select().from(scheduledJobs);
    const tokenOf = new Map(bodies().flatMap((b) => b.jobIds.map((id) => [id, b.token])));
    expect(rows.every((r) => r.claimedBy === tokenOf.get(r.id) && r.status === 'pending')).toBe(true);
  });

  it('lets go of the claim when the queue refuses, so the next tick claims the jobs at once', async () => {
    await conversationWithFollowUp();
    t.clock.advance(DAY_MS);
    const refusing = recordingQueue(true);
    await runCronTick(t.deps, refusing.queue);
    expect((await t.deps.db.select().from(scheduledJobs))[0]).toMatchObject({ status: 'pending', claimedBy: null, leaseUntil: null });
    const working = recordingQueue();
    await runCronTick(t.deps, working.queue);
    expect(working.bodies().flatMap((b) => b.jobIds)).toHaveLength(1);
  });
});

describe('the queue consumer', () => {
  it('runs a due follow-up sent by the Cron tick, acks it, and delivers the mail', async () => {
    const conversationId = await conversationWithFollowUp();
    t.clock.advance(DAY_MS);
    const { queue, bodies } = recordingQueue();
    await runCronTick(t.deps, queue);
    expect(await followUpsIn(conversationId)).toHaveLength(0);
    const { batch, outcome } = delivered(bodies());
    await consumeJobMessages(t.deps, batch);
    expect(outcome).toEqual(['ack m0']);
    const [followUp] = await followUpsIn(conversationId);
    expect(followUp).toMatchObject({ author: 'agent', authorAgentId: agent.id, status: 'sent' });
    expect(t.mailer.sent.map((m) => m.id)).toContain(followUp!.id);
    // The same message delivered again (at-least-once) runs nothing twice.
    await consumeJobMessages(t.deps, delivered(bodies()).batch);
    expect(await followUpsIn(conversationId)).toHaveLength(1);
  });

  it('skips a job whose claim expired (its new claimer runs it) and acks the message', async () => {
    const conversationId = await conversationWithFollowUp();
    t.clock.advance(DAY_MS);
    const late = recordingQueue();
    await runCronTick(t.deps, late.queue);
    t.clock.advance(JOB_LEASE_MS);
    const fresh = recordingQueue();
    await runCronTick(t.deps, fresh.queue);
    const stale = delivered(late.bodies());
    await consumeJobMessages(t.deps, stale.batch);
    expect(stale.outcome).toEqual(['ack m0']);
    expect(await followUpsIn(conversationId)).toHaveLength(0);
    await consumeJobMessages(t.deps, delivered(fresh.bodies()).batch);
    expect(await followUpsIn(conversationId)).toHaveLength(1);
  });

  it('retries a message whose run threw (the database was unreachable); acks one with nothing to run and one not ours', async () => {
    await conversationWithFollowUp();
    t.clock.advance(DAY_MS);
    const { queue, bodies } = recordingQueue();
    await runCronTick(t.deps, queue);
    const closed = createClient({ url: `file:${t.dbPath}` });
    closed.close();
    const broken: Deps = { ...t.deps, db: createDb(closed) };
    const { batch, outcome } = delivered([...bodies(), { token: 'clm_x', jobIds: [] }, 'not a job message']);
    await consumeJobMessages(broken, batch);
    expect(outcome).toEqual(['retry m0', 'ack m1', 'ack m2']);
  });
});

describe('without a JOBS binding', () => {
  it('the Cron tick runs the due jobs itself', async () => {
    expect(jobQueueOf({ DATABASE_URL: 'libsql://x' })).toBeUndefined();
    expect(jobQueueOf({ JOBS: recordingQueue().queue })).toBeDefined();
    const conversationId = await conversationWithFollowUp();
    t.clock.advance(DAY_MS);
    await runCronTick(t.deps, undefined);
    expect(await followUpsIn(conversationId)).toHaveLength(1);
  });
});
