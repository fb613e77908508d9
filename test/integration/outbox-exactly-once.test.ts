// The outbox never delivers a message twice. One test per cause found in the trust issue,
// each against the Resend stand-in, which honours idempotency keys as Resend does (same key
// and same bytes: the first answer replayed; same key, other bytes: 409).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { messages, outbox, suppressions } from '../../db/schema.ts';
import type { Mailer } from '../../src/mail/transport.ts';
import { deliverOutbox } from '../../src/services/deliverOutbox.ts';
import { sendMessage } from '../../src/services/sendMessage.ts';
import { useOutboundContext } from '../support/contexts.ts';

const HOURS_7 = 7 * 60 * 60 * 1000;

// generous: on a loaded machine a slow answer must not look like a timeout
const { resend, t } = useOutboundContext({ timeoutMs: 1500, api: false });

async function queue(n: number, prefix = 'p') {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push((await sendMessage(t.deps, { to: `${prefix}${i}@example.com`, subject: `Hi ${i}`, text: `Hello ${i}` })).message);
  }
  return out;
}

async function message(id: string) {
  return (await t.deps.db.select().from(messages).where(eq(messages.id, id)))[0]!;
}

async function job(messageId: string) {
  return (await t.deps.db.select().from(outbox).where(eq(outbox.messageId, messageId)))[0]!;
}

/** Every recipient the stand-in really sent to, with how often. */
const deliveredTimes = () => Object.fromEntries(resend.deliveries().byRecipient);
const keyOf = (i: number) => resend.requests[i]!.headers['idempotency-key'];

describe('a retried batch is the same request', () => {
  it('membership and order are fixed when the key is made: the retry is byte-identical', async () => {
    const queued = await queue(11);
    resend.injectFaults({ lostAnswer: 'drop' }); // delivered, but we never hear of it
    expect(await deliverOutbox(t.deps)).toMatchObject({ retrying: 11, sent: 0 });
    expect(resend.sent).toHaveLength(11);

    // A run whose limit cuts through the batch still sends all of it, in its first order.
    t.clock.advance(HOURS_7);
    expect(await deliverOutbox(t.deps, { limit: 3 })).toMatchObject({ sent: 11, providerCalls: 1 });
    expect(resend.requests).toHaveLength(2);
    expect(keyOf(1)).toBe(keyOf(0));
    expect(resend.requests[1]!.rawBody).toBe(resend.requests[0]!.rawBody);
    expect(Object.values(deliveredTimes())).toEqual(Array(11).fill(1));
    for (const m of queued) expect((await message(m.id)).status).toBe('sent');
  });

  it('a batch whose messages changed since its first request is not sent again under its key', async () => {
    const queued = await queue(3);
    resend.injectFaults({ lostAnswer: 'drop' });
    await deliverOutbox(t.deps);
    await t.deps.db.update(messages).set({ text: 'edited' }).where(eq(messages.id, queued[1]!.id));
    t.clock.advance(HOURS_7);
    expect(await deliverOutbox(t.deps)).toMatchObject({ failed: 3, providerCalls: 0 });
    expect(resend.requests).toHaveLength(1);
    const reason = expect.stringContaining('no longer the request first sent under its key (its messages changed)');
    for (const m of queued) expect(await message(m.id)).toMatchObject({ status: 'failed', statusReason: reason });
  });

  it('all members of a batch wait for the same retry time', async () => {
    const queued = await queue(5);
    resend.injectFaults({ status: 500 });
    await deliverOutbox(t.deps);
    const times = new Set((await Promise.all(queued.map((m) => job(m.id)))).map((j) => j.nextAttemptAt));
    expect(times.size).toBe(1);
  });
});

describe('409 for an idempotency conflict is never a reason to send under a new key', () => {
  it('invalid_idempotent_request: the batch is not split into single sends; its messages fail, each delivered once', async () => {
    const queued = await queue(3);
    resend.injectFaults({ lostAnswer: 'drop' }, { status: 409, name: 'invalid_idempotent_request' });
    await deliverOutbox(t.deps);
    t.clock.advance(HOURS_7);
    const report = await deliverOutbox(t.deps);
    expect(report).toMatchObject({ providerCalls: 1, failed: 3, sent: 0 });
    expect(resend.requests.map((r) => r.headers['idempotency-key'])).toEqual([keyOf(0), keyOf(0)]);
    expect(Object.values(deliveredTimes())).toEqual([1, 1, 1]);
    for (const m of queued) {
      expect(await message(m.id)).toMatchObject({ status: 'failed', statusReason: expect.stringContaining('may have been delivered') });
      expect((await job(m.id)).status).toBe('dead');
    }
    t.clock.advance(HOURS_7);
    expect((await deliverOutbox(t.deps)).claimed).toBe(0);
  });

  it('concurrent_idempotent_requests: retried later under the same key', async () => {
    await queue(3);
    resend.injectFaults({ status: 409, name: 'concurrent_idempotent_requests' });
    expect(await deliverOutbox(t.deps)).toMatchObject({ retrying: 3, providerCalls: 1 });
    t.clock.advance(HOURS_7);
    expect(await deliverOutbox(t.deps)).toMatchObject({ sent: 3, providerCalls: 1 });
    expect(keyOf(1)).toBe(keyOf(0));
    expect(Object.values(deliveredTimes())).toEqual([1, 1, 1]);
  });

  it('a 422 for one member proves nothing was sent: only then is the batch split, each under its own key', async () => {
    const queued = await queue(3);
    const refused = { status: 422 as const, message: 'Invalid `to` field.' };
    resend.failWhen((req) => (Array.isArray(req.body) && req.rawBody.includes('p1@example.com') ? refused : null));
    expect(await deliverOutbox(t.deps)).toMatchObject({ sent: 3, failed: 0, retrying: 0, providerCalls: 4 });
    expect(Object.values(deliveredTimes())).toEqual([1, 1, 1]);
    expect(resend.requests.slice(1).map((r) => r.headers['idempotency-key'])).toEqual(queued.map((m) => m.id));
  });
});

describe('a message that may have been delivered is never sent under another key', () => {
  it('a single send that timed out is retried alone under its own key, not regrouped into a batch', async () => {
    const [first] = await queue(1, 'first');
    resend.scriptKey(first!.id, { lostAnswer: 'drop' });
    expect(await deliverOutbox(t.deps)).toMatchObject({ retrying: 1 });
    expect(resend.sent).toHaveLength(1);

    await queue(2, 'later');
    t.clock.advance(HOURS_7);
    expect(await deliverOutbox(t.deps)).toMatchObject({ sent: 3 });
    const retries = resend.requests.filter((r) => r.headers['idempotency-key'] === first!.id);
    expect(retries).toHaveLength(2);
    expect(retries[1]!.rawBody).toBe(retries[0]!.rawBody);
    expect(deliveredTimes()).toEqual({ 'first0@example.com': 1, 'later0@example.com': 1, 'later1@example.com': 1 });
    expect((await message(first!.id)).providerId).toBe(resend.sent[0]!.id);
  });
});

describe('not sending is always safe', () => {
  it('a single send retried after its address was suppressed is skipped, not sent', async () => {
    const [m] = await queue(1);
    resend.injectFaults({ status: 500 });
    await deliverOutbox(t.deps);
    await t.deps.db.insert(suppressions).values({ email: 'p0@example.com', reason: 'hard_bounce', createdAt: 0 });
    t.clock.advance(HOURS_7);
    expect(await deliverOutbox(t.deps)).toMatchObject({ skipped: 1, providerCalls: 0 });
    expect(await message(m!.id)).toMatchObject({ status: 'skipped', statusReason: 'p0@example.com is suppressed (hard_bounce)' });
    expect((await job(m!.id)).status).toBe('done');
  });
});

describe('the 24 h key window', () => {
  it('a message whose key the provider may have forgotten is not sent again under it', async () => {
    const [m] = await queue(1);
    resend.failWhen(() => ({ status: 503 }));
    for (let i = 0; i < 5; i++) {
      await deliverOutbox(t.deps);
      t.clock.advance(HOURS_7);
    }
    expect(resend.requests).toHaveLength(4); // at 0, 7, 14 and 21 h; not at 28 h
    const reason = expect.stringContaining('older than the provider keeps keys');
    expect(await message(m!.id)).toMatchObject({ status: 'failed', statusReason: reason });
  });
});

describe('claims', () => {
  it('a claim that expired mid-send: the second runner retries under the same key, the first writes nothing', async () => {
    const [m] = await queue(1);
    let release!: () => void;
    resend.scriptKey(m!.id, { hold: new Promise<void>((resolve) => (release = resolve)) });
    const runnerA = deliverOutbox(t.deps);
    await expect.poll(() => resend.requests.length).toBe(1);

    t.clock.advance(HOURS_7); // runner A stalls far beyond its lease
    const reportB = await deliverOutbox(t.deps);
    expect(reportB).toMatchObject({ claimed: 1, retrying: 1, failed: 0 });
    expect(resend.requests[1]!.answeredWith).toBe(409);
    const afterB = await job(m!.id);
    expect(afterB.status).toBe('pending');

    release();
    const reportA = await runnerA;
    expect(reportA).toMatchObject({ sent: 0, lostClaims: 1 });
    expect(await job(m!.id)).toEqual(afterB); // A's late answer changes nothing it no longer owns

    t.clock.advance(HOURS_7);
    expect(await deliverOutbox(t.deps)).toMatchObject({ sent: 1 });
    expect(await message(m!.id)).toMatchObject({ status: 'sent', providerId: resend.sent[0]!.id });
    expect(resend.sent).toHaveLength(1);
  });

  it('a runner does not start a POST whose lease would expire before the request timeout', async () => {
    const sent: string[] = [];
    const slow: Mailer = {
      name: 'slow',
      timeoutMs: 10_000,
      async send(email) {
        sent.push(email.id);
        // The first request took almost the whole lease (a slow provider, a paused process).
        if (sent.length === 1) t.clock.advance(2 * 60 * 1000 - 5_000);
        return { ok: true, providerId: `prov-${sent.length}` };
      },
    };
    t.deps.mailer = slow;
    const [a, b] = await queue(2);
    const report = await deliverOutbox(t.deps);
    expect(report).toMatchObject({ claimed: 2, sent: 1, lostClaims: 1 });
    expect(sent).toEqual([a!.id]);
    expect((await job(b!.id)).status).toBe('pending');
    expect(await deliverOutbox(t.deps)).toMatchObject({ sent: 1 });
    expect(sent).toEqual([a!.id, b!.id]);
  });
});
