import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messages, suppressions } from '../../db/schema.ts';
import { svixSignature, verifySvixWebhook } from '../../src/domain/svix.ts';
import { createApp } from '../../src/http/app.ts';
import { deliverOutbox } from '../../src/services/deliverOutbox.ts';
import { sendMessage } from '../../src/services/sendMessage.ts';
import { createTestContext, type TestContext } from '../support/test-deps.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('Svix signature', () => {
  it('matches the published Svix test vector', async () => {
    expect(await svixSignature(SECRET, 'msg_p5jXN8AQM9LWM0D4loKWxJek', '1614265330', '{"test": 2432232314}')).toBe('g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('refuses a wrong signature, missing headers and an old timestamp', async () => {
    const headers = { id: 'msg_1', timestamp: '1614265330', signature: 'v1,AAAA' };
    expect(await verifySvixWebhook(SECRET, headers, '{}', 1614265330)).toEqual({ ok: false, reason: 'signature does not match' });
    expect((await verifySvixWebhook(SECRET, { ...headers, signature: undefined }, '{}', 1614265330)).ok).toBe(false);
    const good = `v1,${await svixSignature(SECRET, 'msg_1', '1614265330', '{}')}`;
    expect(await verifySvixWebhook(SECRET, { ...headers, signature: `v1,bogus ${good}` }, '{}', 1614265330)).toEqual({ ok: true });
    expect((await verifySvixWebhook(SECRET, { ...headers, signature: good }, '{}', 1614265330 + 301)).ok).toBe(false);
  });
});

describe('POST /webhooks/resend', () => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext({ RESEND_WEBHOOK_SECRET: SECRET });
  });
  afterEach(() => t.cleanup());

  async function post(id: string, event: unknown, tamper = false) {
    const body = JSON.stringify(event);
    const ts = String(Math.floor(t.clock.now() / 1000));
    const signature = `v1,${await svixSignature(SECRET, id, ts, body)}`;
    return createApp(t.deps).request('/webhooks/resend', {
      method: 'POST',
      body: tamper ? body.replace('delivered', 'bounced') : body,
      headers: { 'svix-id': id, 'svix-timestamp': ts, 'svix-signature': signature, 'content-type': 'application/json' },
    });
  }

  async function sentMessage(to: string) {
    const { message } = await sendMessage(t.deps, { to, subject: 'Order', text: 'Thanks' });
    await deliverOutbox(t.deps);
    return (await t.deps.db.select().from(messages).where(eq(messages.id, message.id)))[0]!;
  }

  it('marks a message delivered, once per event id', async () => {
    const m = await sentMessage('ana@example.com');
    const event = { type: 'email.delivered', data: { email_id: m.providerId, to: ['ana@example.com'] } };
    expect(await (await post('msg_a', event)).json()).toEqual({ outcome: 'applied' });
    expect(await (await post('msg_a', event)).json()).toEqual({ outcome: 'duplicate' });
    expect((await t.deps.db.select().from(messages).where(eq(messages.id, m.id)))[0]).toMatchObject({ status: 'delivered' });
  });

  it('a permanent bounce marks the message bounced and suppresses the address', async () => {
    const m = await sentMessage('gone@example.com');
    await post('msg_b', { type: 'email.bounced', data: { email_id: m.providerId, to: ['gone@example.com'], bounce: { type: 'Permanent', message: '550 5.1.1 user unknown' } } });
    expect((await t.deps.db.select().from(messages).where(eq(messages.id, m.id)))[0]).toMatchObject({ status: 'bounced', statusReason: 'hard bounce: 550 5.1.1 user unknown' });
    expect(await t.deps.db.select().from(suppressions)).toEqual([expect.objectContaining({ email: 'gone@example.com', reason: 'hard_bounce' })]);
  });

  it('refuses a tampered body with 401 and changes nothing', async () => {
    const m = await sentMessage('ana@example.com');
    const res = await post('msg_c', { type: 'email.delivered', data: { email_id: m.providerId } }, true);
    expect(res.status).toBe(401);
    expect((await t.deps.db.select().from(messages).where(eq(messages.id, m.id)))[0]!.status).toBe('sent');
  });
});
