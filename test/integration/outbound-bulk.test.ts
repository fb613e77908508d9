// Bulk sends and frequency caps: the same permission rules as single sends, set-wise.
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { messages, outbox, suppressions, topicSubscriptions, topics } from '../../db/schema.ts';
import { deliverOutbox } from '../../src/services/deliverOutbox.ts';
import { sendBulk } from '../../src/services/sendBulk.ts';
import { useOutboundContext } from '../support/contexts.ts';

const { resend, t, api } = useOutboundContext();

async function contact(email: string, extra: Record<string, unknown> = {}): Promise<{ id: string }> {
  return (await api.json('POST', '/api/v1/contacts', { email, ...extra })).body;
}

describe('POST /api/v1/messages/bulk', () => {
  it('queues those who may be mailed and marks the others skipped with the reason', async () => {
    const yes1 = await contact('yes1@example.com', { name: 'Astrid', locale: 'sv', consent: { marketing: 'subscribed' } });
    await contact('yes2@example.com', { name: 'James', locale: 'en', consent: { marketing: 'subscribed' } });
    await contact('bounced@example.com', { consent: { marketing: 'subscribed' } });
    const optedOut = await contact('no-birthdays@example.com', { consent: { marketing: 'subscribed' } });
    await t.deps.db.insert(suppressions).values({ email: 'bounced@example.com', reason: 'hard_bounce', createdAt: 0 });
    await t.deps.db
      .insert(topics)
      .values({ id: 'top_1', key: 'birthday', name: 'Birthday greetings', defaultSubscribed: true, createdAt: 0 });
    await t.deps.db.insert(topicSubscriptions).values({ contactId: optedOut.id, topicId: 'top_1', status: 'unsubscribed', updatedAt: 0 });

    const res = await api.json('POST', '/api/v1/messages/bulk', {
      template: 'birthday',
      recipients: [
        { contact_id: yes1.id, data: { gift_code: 'ASTRID10' } },
        { to: 'yes2@example.com' },
        { to: 'stranger@example.com' },
        { to: 'bounced@example.com' },
        { to: 'no-birthdays@example.com' },
        { contact_id: 'con_01NOSUCHCONTACT000000000000' },
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ queued: 2, skipped: 3, errors: 1 });
    const reasons = res.body.data.map((r: { status: string; reason: string | null }) => `${r.status}: ${r.reason}`);
    expect(reasons).toEqual([
      'queued: null',
      'queued: null',
      'skipped: no marketing consent (unknown)',
      'skipped: bounced@example.com is suppressed (hard_bounce); no marketing mail is sent to it',
      'skipped: unsubscribed from the topic "birthday"',
      'error: no contact with id con_01NOSUCHCONTACT000000000000',
    ]);
    const stranger = (await api.json('GET', '/api/v1/contacts?email=stranger@example.com')).body.data[0];
    expect(stranger.consent.marketing).toBe('unknown');

    await expect.poll(() => resend.sent.length, { timeout: 10_000 }).toBe(2);
    expect(resend.requests).toHaveLength(1);
    const texts = resend.sent.map((s) => String(s.email.text));
    expect(texts.some((x) => x.includes('ASTRID10') && x.includes('Astrid'))).toBe(true);
    expect(texts.every((x) => x.includes('/u/'))).toBe(true);
    const skipped = await t.deps.db.select().from(messages).where(eq(messages.status, 'skipped'));
    expect(skipped).toHaveLength(3);
  });

  it('100 recipients cost one provider call', async () => {
    const recipients = Array.from({ length: 100 }, (_, i) => ({
      to: `p${i}@example.com`,
      data: { order_number: `A-${i}`, items: [], total: i, currency: 'EUR' },
    }));
    const res = await api.json('POST', '/api/v1/messages/bulk', { template: 'order_confirmation', recipients });
    expect(res.body.queued).toBe(100);
    await expect.poll(() => resend.sent.length, { timeout: 10_000 }).toBe(100);
    expect(resend.requests.filter((r) => r.path === '/emails/batch')).toHaveLength(1);
    expect(new Set(resend.sent.map((s) => String(s.email.subject))).size).toBe(100);
  });

  it('250 recipients go out in 3 provider calls, each under its own key, every message with its provider id', async () => {
    const recipients = Array.from({ length: 250 }, (_, i) => ({ to: `p${i}@example.com` }));
    const res = await api.json('POST', '/api/v1/messages/bulk', { subject: 'Receipt', text: 'Thanks', recipients });
    expect(res.body.queued).toBe(250);
    await expect.poll(() => t.deps.db.$count(messages, eq(messages.status, 'sent')), { timeout: 20_000 }).toBe(250);
    const batches = resend.requests.filter((r) => r.path === '/emails/batch');
    expect(batches.map((r) => (r.body as unknown[]).length).sort((a, b) => b - a)).toEqual([100, 100, 50]);
    expect(new Set(batches.map((r) => r.headers['idempotency-key'])).size).toBe(3);
    const ids = (await t.deps.db.select().from(messages)).map((m) => m.providerId);
    expect(new Set(ids).size).toBe(250);
  });

  it('a queued bulk message whose recipient withdrew consent is not sent', async () => {
    const fan = await contact('fan@example.com', { consent: { marketing: 'subscribed' } });
    const results = await sendBulk(t.deps, {
      subject: 'Sale',
      text: 'Our sale',
      category: 'marketing',
      recipients: [{ contactId: fan.id }],
    });
    expect(results[0]).toMatchObject({ status: 'queued', conversationId: null });
    await api.json('PATCH', `/api/v1/contacts/${fan.id}`, { consent: { marketing: 'unsubscribed' } });
    expect(await deliverOutbox(t.deps)).toMatchObject({ skipped: 1, sent: 0, providerCalls: 0 });
    const [message] = await t.deps.db.select().from(messages);
    expect(message).toMatchObject({ status: 'skipped', statusReason: 'no marketing consent (unsubscribed)' });
    expect(resend.requests).toHaveLength(0);
  });

  it('sends a topic whose default is off only to those who joined it', async () => {
    const joined = await contact('joined@example.com', { consent: { marketing: 'subscribed' } });
    const never = await contact('never@example.com', { consent: { marketing: 'subscribed' } });
    await t.deps.db
      .insert(topics)
      .values({ id: 'top_1', key: 'birthday', name: 'Birthday greetings', defaultSubscribed: false, createdAt: 0 });
    await t.deps.db.insert(topicSubscriptions).values({ contactId: joined.id, topicId: 'top_1', status: 'subscribed', updatedAt: 0 });
    const res = await api.json('POST', '/api/v1/messages/bulk', {
      template: 'birthday',
      recipients: [{ contact_id: joined.id }, { contact_id: never.id }],
    });
    expect(res.body.data.map((r: { status: string; reason: string | null }) => `${r.status}: ${r.reason}`)).toEqual([
      'queued: null',
      'skipped: unsubscribed from the topic "birthday"',
    ]);
    const single = await api.json('POST', '/api/v1/messages', { contact_id: never.id, template: 'birthday' });
    expect(single.status).toBe(422);
    expect(single.body.error).toMatchObject({
      code: 'NoMarketingConsent',
      message: 'never@example.com unsubscribed from the topic "birthday"',
    });
  });

  it('is idempotent per recipient key', async () => {
    const body = { subject: 'Your receipt', text: 'Thanks', recipients: [{ to: 'a@example.com', idempotency_key: 'r-1' }] };
    const first = await api.json('POST', '/api/v1/messages/bulk', body);
    const second = await api.json('POST', '/api/v1/messages/bulk', body);
    expect(second.body.data[0]).toMatchObject({ id: first.body.data[0].id, duplicate: true });
    expect(await t.deps.db.$count(messages)).toBe(1);
  });

  it('answers 400 for bad recipients, naming the field', async () => {
    const tooMany = await api.json('POST', '/api/v1/messages/bulk', {
      subject: 's',
      text: 't',
      recipients: Array.from({ length: 1001 }, (_, i) => ({ to: `p${i}@example.com` })),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.issues[0]).toMatchObject({ field: 'recipients', message: 'expected at most 1000 recipients per call' });
    const both = await api.json('POST', '/api/v1/messages/bulk', {
      subject: 's',
      text: 't',
      recipients: [{ to: 'a@example.com', contact_id: 'con_x' }],
    });
    expect(both.body.error.issues[0]).toMatchObject({ field: 'recipients.0', message: 'expected exactly one of to or contact_id' });
  });
});

describe('frequency caps', () => {
  /** Posts and waits until what was queued went out: a message counts at its send time, so it must not be sent later. */
  const post = async (path: string, body: Record<string, unknown>) => {
    const before = resend.sent.length;
    const res = await api.json('POST', path, body);
    const queued = res.status !== 202 ? 0 : path.endsWith('/bulk') ? res.body.queued : 1;
    await expect.poll(() => resend.sent.length, { timeout: 10_000 }).toBe(before + queued);
    // Resend has it; the send time is recorded right after, and must be before the test moves the clock.
    await expect
      .poll(
        async () =>
          (
            await t.deps.db
              .select()
              .from(outbox)
              .where(inArray(outbox.status, ['pending', 'sending']))
          ).length,
      )
      .toBe(0);
    return res;
  };
  const news = (contactId: string) =>
    post('/api/v1/messages', { contact_id: contactId, subject: 'News', text: 'Hello', category: 'marketing' });

  it('allow one marketing message a local day by default, then refuse with the reason', async () => {
    const c = await contact('fan@example.com', { consent: { marketing: 'subscribed' } });
    expect((await news(c.id)).status).toBe(202);
    t.clock.advance(60_000);
    const second = await news(c.id);
    expect(second.status).toBe(422);
    expect(second.body.error).toMatchObject({
      code: 'FrequencyCapped',
      message:
        'fan@example.com already got as much marketing mail as the cap allows: ' +
        'at most 1 marketing message per local day (UTC: no time zone set); last sent 2026-11-23 09:00 local',
    });
    // Receipts are never capped by default.
    expect((await post('/api/v1/messages', { contact_id: c.id, subject: 'Receipt', text: 'Thanks' })).status).toBe(202);
    t.clock.advance(24 * 3600_000);
    expect((await news(c.id)).status).toBe(202);
  });

  it("count the contact's own calendar days: 23:30 and 00:30 in Stockholm are two days, at most 3 in 7 days", async () => {
    const sthlm = await contact('ana@example.com', { timezone: 'Europe/Stockholm', consent: { marketing: 'subscribed' } });
    const utc = await contact('bo@example.com', { consent: { marketing: 'subscribed' } });
    t.clock.set(Date.parse('2026-11-23T22:30:00Z')); // 23:30 in Stockholm, 22:30 UTC
    expect((await news(sthlm.id)).status).toBe(202);
    expect((await news(utc.id)).status).toBe(202);
    t.clock.set(Date.parse('2026-11-23T23:30:00Z')); // 00:30 on Tuesday in Stockholm; still Monday in UTC
    expect((await news(sthlm.id)).status).toBe(202);
    expect((await news(utc.id)).status).toBe(422);
    t.clock.advance(24 * 3600_000); // Wednesday 00:30: the third in 7 local days
    expect((await news(sthlm.id)).status).toBe(202);
    t.clock.advance(24 * 3600_000);
    const fourth = await news(sthlm.id);
    expect(fourth.status).toBe(422);
    expect(fourth.body.error.message).toContain(
      'at most 3 marketing messages per 7 local days (Europe/Stockholm); last sent 2026-11-25 00:30 local',
    );
    t.clock.advance(5 * 24 * 3600_000); // Tuesday 1 December: of the three only Wednesday's is within the last 7 local days
    expect((await news(sthlm.id)).status).toBe(202);
  });

  it('count sends within one bulk call, and a skipped message does not count', async () => {
    const c = await contact('fan@example.com', { consent: { marketing: 'subscribed' } });
    const bulk = () =>
      post('/api/v1/messages/bulk', {
        subject: 'More news',
        text: 'two',
        category: 'marketing',
        recipients: [{ contact_id: c.id }, { contact_id: c.id }],
      });
    const first = await bulk();
    expect(first.body.data.map((r: { status: string }) => r.status)).toEqual(['queued', 'skipped']);
    expect(first.body.data[1].reason).toBe(
      'frequency cap: at most 1 marketing message per local day (UTC: no time zone set); last sent 2026-11-23 09:00 local',
    );
    for (let day = 1; day <= 2; day++) {
      t.clock.advance(24 * 3600_000);
      expect((await bulk()).body.data.map((r: { status: string }) => r.status)).toEqual(['queued', 'skipped']);
    }
    t.clock.advance(24 * 3600_000);
    const fourth = await bulk();
    expect(fourth.body.data.map((r: { reason: string }) => r.reason)).toEqual([
      expect.stringContaining('at most 3 marketing messages per 7 local days'),
      expect.stringContaining('at most 3 marketing messages per 7 local days'),
    ]);
  });
});
