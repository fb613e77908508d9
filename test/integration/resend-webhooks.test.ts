import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { messages, providerEvents, suppressions } from '../../db/schema.ts';
import { createApp } from '../../src/http/app.ts';
import { verifyResendWebhook } from '../../src/mail/resend-webhook.ts';
import { deliverOutbox } from '../../src/services/deliverOutbox.ts';
import { sendMessage } from '../../src/services/sendMessage.ts';
import { svixSignature } from '../support/svix.ts';
import { createTestContext, type TestContext } from '../support/test-deps.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

// The SDK checks the timestamp against the wall clock: tests pin it to the test clock.
function pinWallClock(ms: number) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(ms);
}
afterEach(() => void vi.useRealTimers());

describe('Svix signature (checked by the Resend SDK)', () => {
  const vector = {
    id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    timestamp: '1614265330',
    signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  };
  const body = '{"test": 2432232314}';

  it('accepts the published Svix test vector, and the test signer produces it', () => {
    pinWallClock(1614265330_000);
    expect(verifyResendWebhook(SECRET, vector, body)).toEqual({ ok: true });
    expect(`v1,${svixSignature(SECRET, vector.id, vector.timestamp, body)}`).toBe(vector.signature);
  });

  it('refuses a changed body, a wrong signature, missing headers and an old timestamp', () => {
    pinWallClock(1614265330_000);
    expect(verifyResendWebhook(SECRET, vector, '{"test": 2432232315}')).toEqual({ ok: false, reason: 'No matching signature found' });
    expect(verifyResendWebhook(SECRET, { ...vector, signature: 'v1,AAAA' }, body).ok).toBe(false);
    expect(verifyResendWebhook(SECRET, { ...vector, signature: undefined }, body).ok).toBe(false);
    expect(verifyResendWebhook(SECRET, { ...vector, signature: `v1,bogus ${vector.signature}` }, body)).toEqual({ ok: true });
    pinWallClock((1614265330 + 301) * 1000);
    expect(verifyResendWebhook(SECRET, vector, body)).toEqual({ ok: false, reason: 'Message timestamp too old' });
  });
});

describe('POST /webhooks/resend', () => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext({ RESEND_WEBHOOK_SECRET: SECRET });
    pinWallClock(t.clock.now());
  });
  afterEach(() => t.cleanup());

  async function postBody(id: string, body: string, tamper = false) {
    const ts = String(Math.floor(t.clock.now() / 1000));
    const signature = `v1,${svixSignature(SECRET, id, ts, body)}`;
    return createApp(t.deps).request('/webhooks/resend', {
      method: 'POST',
      body: tamper ? body.replace('delivered', 'bounced') : body,
      headers: { 'svix-id': id, 'svix-timestamp': ts, 'svix-signature': signature, 'content-type': 'application/json' },
    });
  }
  const post = (id: string, event: unknown, tamper = false) => postBody(id, JSON.stringify(event), tamper);

  async function sentMessage(to: string) {
    const { message } = await sendMessage(t.deps, { to, subject: 'Order', text: 'Thanks' });
    await deliverOutbox(t.deps);
    return (await t.deps.db.select().from(messages).where(eq(messages.id, message.id)))[0]!;
  }
  const keptEvent = async (id: string) => (await t.deps.db.select().from(providerEvents).where(eq(providerEvents.providerEventId, id)))[0];
  const messageRow = async (id: string) => (await t.deps.db.select().from(messages).where(eq(messages.id, id)))[0]!;

  it('marks a message delivered, once per event id', async () => {
    const m = await sentMessage('ana@example.com');
    const event = { type: 'email.delivered', data: { email_id: m.providerId, to: ['ana@example.com'] } };
    expect(await (await post('msg_a', event)).json()).toEqual({ outcome: 'applied' });
    expect(await (await post('msg_a', event)).json()).toEqual({ outcome: 'duplicate' });
    expect(await messageRow(m.id)).toMatchObject({ status: 'delivered' });
  });

  it('a permanent bounce marks the message bounced and suppresses the address', async () => {
    const m = await sentMessage('gone@example.com');
    const bounce = { type: 'Permanent', message: '550 5.1.1 user unknown' };
    await post('msg_b', { type: 'email.bounced', data: { email_id: m.providerId, to: ['gone@example.com'], bounce } });
    expect(await messageRow(m.id)).toMatchObject({ status: 'bounced', statusReason: 'hard bounce: 550 5.1.1 user unknown' });
    const suppressed = await t.deps.db.select().from(suppressions);
    expect(suppressed).toEqual([expect.objectContaining({ email: 'gone@example.com', reason: 'hard_bounce' })]);
  });

  it('refuses a tampered body with 401 and changes nothing', async () => {
    const m = await sentMessage('ana@example.com');
    const res = await post('msg_c', { type: 'email.delivered', data: { email_id: m.providerId } }, true);
    expect(res.status).toBe(401);
    expect((await messageRow(m.id)).status).toBe('sent');
    expect(await keptEvent('msg_c')).toBeUndefined();
  });

  it('a signed malformed event answers 400 naming the field, is kept with its error, and a retry is no duplicate', async () => {
    const m = await sentMessage('gone@example.com');
    const body = JSON.stringify({ type: 'email.bounced', data: { email_id: m.providerId, to: 42, bounce: { type: 'Permanent' } } });
    const first = await postBody('msg_d', body);
    expect(first.status).toBe(400);
    const issues = [{ field: 'data.to', message: 'expected a list of addresses' }];
    expect(await first.json()).toMatchObject({ error: { code: 'ValidationFailed', issues } });
    expect(await keptEvent('msg_d')).toMatchObject({
      type: 'email.bounced',
      payload: body,
      providerMessageId: m.providerId,
      processedAt: null,
      attempts: 1,
      error: expect.stringContaining('data.to'),
    });
    const retry = await postBody('msg_d', body);
    expect(retry.status).toBe(400);
    expect(await keptEvent('msg_d')).toMatchObject({ processedAt: null, attempts: 2 });
    expect((await messageRow(m.id)).status).toBe('sent');
  });

  it('a signed body that is not JSON answers 400 and is kept as sent', async () => {
    const res = await postBody('msg_e', 'not json {');
    expect(res.status).toBe(400);
    const kept = await keptEvent('msg_e');
    expect(kept).toMatchObject({ type: '', payload: 'not json {', processedAt: null, error: expect.stringContaining('JSON') });
  });

  it('processes the retry of an event that was kept but never processed', async () => {
    const m = await sentMessage('ana@example.com');
    const body = JSON.stringify({ type: 'email.delivered', data: { email_id: m.providerId, to: ['ana@example.com'] } });
    // What a crash between keeping the event and applying it leaves behind.
    await t.deps.db.insert(providerEvents).values({
      id: 'evt_crashed',
      provider: 'resend',
      providerEventId: 'msg_f',
      type: 'email.delivered',
      providerMessageId: m.providerId,
      payload: body,
      receivedAt: t.clock.now(),
      processedAt: null,
    });
    expect(await (await postBody('msg_f', body)).json()).toEqual({ outcome: 'applied' });
    expect(await messageRow(m.id)).toMatchObject({ status: 'delivered' });
    expect(await keptEvent('msg_f')).toMatchObject({ processedAt: t.clock.now(), error: null });
    expect(await (await postBody('msg_f', body)).json()).toEqual({ outcome: 'duplicate' });
  });

  it('keeps and acknowledges event types Samtal does not act on', async () => {
    const contactEvent = { type: 'contact.created', created_at: '2026-11-23T09:00:00Z', data: { id: 'c1', email: 'ana@example.com' } };
    const res = await post('msg_g', contactEvent);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ outcome: 'ignored' });
    expect(await keptEvent('msg_g')).toMatchObject({ type: 'contact.created', processedAt: t.clock.now(), error: null });
    const m = await sentMessage('ana@example.com');
    const opened = await post('msg_h', { type: 'email.opened', data: { email_id: m.providerId, to: ['ana@example.com'] } });
    expect(await opened.json()).toEqual({ outcome: 'ignored' });
  });
});
