// Outbox claims at the store level: a lease with an owner token, whole batches, and writes
// that are compare-and-set on the token. Two clients on one database file stand for two
// processes.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema.ts';
import { sendMessage } from '../../src/services/sendMessage.ts';
import type { Db } from '../../src/store/db.ts';
import { claimDueJobs, recordRetry, recordSent, releaseClaim, startAttempt } from '../../src/store/outbox.ts';
import { useSecondConnection, useTestContext } from '../support/contexts.ts';

const LEASE = 120_000;
const t = useTestContext();
const other = useSecondConnection(t);

async function queue(n: number) {
  for (let i = 0; i < n; i++) await sendMessage(t.deps, { to: `p${i}@example.com`, subject: 's', text: `t${i}` });
  return (await t.deps.db.select().from(outbox)).map((j) => j.id).sort();
}

const claim = (db: Db, token: string, limit = 100) => claimDueJobs(db, { now: t.clock.now(), limit, token, leaseMs: LEASE });
const row = async (id: string) => (await t.deps.db.select().from(outbox).where(eq(outbox.id, id)))[0]!;

describe('claimDueJobs', () => {
  it('gives a job to one sender until its lease ends, then to the next; the first then writes nothing', async () => {
    const [id] = await queue(1);
    expect((await claim(t.deps.db, 'A')).map((j) => j.id)).toEqual([id]);
    expect(await claim(other.db(), 'B')).toEqual([]);
    t.clock.advance(LEASE - 1);
    expect(await claim(other.db(), 'B')).toEqual([]);
    t.clock.advance(1);
    expect((await claim(other.db(), 'B')).map((j) => j.claimToken)).toEqual(['B']);

    const now = t.clock.now();
    expect(await startAttempt(t.deps.db, { jobIds: [id!], token: 'A', now, leaseNeededUntil: now })).toBe(false);
    expect(await recordSent(t.deps.db, 'A', [{ jobId: id!, providerId: 'p-A' }], now)).toBe(0);
    expect(await recordRetry(t.deps.db, 'A', [id!], { at: now, error: 'x', reason: 'x', now })).toBe(0);
    await releaseClaim(t.deps.db, 'A', [id!], now);
    expect(await row(id!)).toMatchObject({ status: 'sending', claimToken: 'B', attempts: 0, providerId: null });

    expect(await recordSent(other.db(), 'B', [{ jobId: id!, providerId: 'p-B' }], now)).toBe(1);
    expect(await row(id!)).toMatchObject({ status: 'done', claimToken: null, providerId: 'p-B' });
  });

  it('two senders claiming at once share the due jobs without overlap', async () => {
    const ids = await queue(10);
    const [a, b] = await Promise.all([claim(t.deps.db, 'A', 6), claim(other.db(), 'B', 6)]);
    const claimedA = a.map((j) => j.id);
    const claimedB = b.map((j) => j.id);
    expect(claimedA.filter((id) => claimedB.includes(id))).toEqual([]);
    expect([...claimedA, ...claimedB].sort()).toEqual(ids);
  });

  it('claims a batch whole, whatever the limit', async () => {
    const ids = await queue(4);
    const now = t.clock.now();
    await claim(t.deps.db, 'A');
    expect(await startAttempt(t.deps.db, { jobIds: ids, token: 'A', now, leaseNeededUntil: now, batchKey: 'bat_1' })).toBe(true);
    expect(await recordRetry(t.deps.db, 'A', ids, { at: now + 1000, error: 'e', reason: 'r', now })).toBe(4);
    t.clock.advance(1000);
    const again = await claim(other.db(), 'B', 1);
    expect(again.map((j) => j.id).sort()).toEqual(ids);
    const positions = await Promise.all(ids.map(async (id) => (await row(id)).batchPosition));
    expect(positions).toEqual([0, 1, 2, 3]);
  });

  it('starts an attempt for all jobs or none, and only while the lease covers the call', async () => {
    const ids = await queue(3);
    const now = t.clock.now();
    await claim(t.deps.db, 'A');
    expect(await startAttempt(t.deps.db, { jobIds: ids, token: 'A', now, leaseNeededUntil: now + LEASE + 1 })).toBe(false);
    await releaseClaim(t.deps.db, 'A', [ids[2]!], now);
    await claim(other.db(), 'B');
    expect(await startAttempt(t.deps.db, { jobIds: ids, token: 'A', now, leaseNeededUntil: now })).toBe(false);
    const rows = await Promise.all(ids.map(row));
    expect(rows.map((r) => [r.claimToken, r.attempts, r.batchKey])).toEqual([
      ['A', 0, null],
      ['A', 0, null],
      ['B', 0, null],
    ]);
    expect(await startAttempt(t.deps.db, { jobIds: ids.slice(0, 2), token: 'A', now, leaseNeededUntil: now })).toBe(true);
    expect((await row(ids[0]!)).attempts).toBe(1);
    expect((await row(ids[0]!)).firstAttemptAt).toBe(now);
  });
});
