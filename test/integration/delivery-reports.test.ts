// recordDeliveryReport: a bounce or a complaint changes the same things whoever reported it
// (a DSN or ARF report mailed back, or a Resend webhook).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upsertContact } from '../../src/services/contacts.ts';
import { handleProviderEvent } from '../../src/services/handleProviderEvent.ts';
import { recordDeliveryReport } from '../../src/services/recordDeliveryReport.ts';
import { updateMessage } from '../../src/store/messages.ts';
import { contactRow, deliver, fixture, messageRow, send, suppressionRow } from '../support/inbound-helpers.ts';
import { createTestContext, type TestContext } from '../support/test-deps.ts';

let t: TestContext;
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(() => t.cleanup());

const resendEvent = (type: string, data: Record<string, unknown>) =>
  JSON.stringify({ type, created_at: '2026-11-23T09:00:00.000Z', data: { from: 'support@acme.example', subject: 'Order', ...data } });

describe('recordDeliveryReport', () => {
  it('a soft bounce marks the message only; a hard bounce suppresses each recipient once, normalized', async () => {
    const sent = await send(t, { to: 'nils@example.se', subject: 'Order', text: 'Hej' });
    await recordDeliveryReport(t.deps, {
      kind: 'bounce',
      hard: false,
      reason: '4.2.2 mailbox full',
      recipients: ['nils@example.se'],
      messageId: sent.messageId,
      detail: '4.2.2 mailbox full',
    });
    expect(await messageRow(t, sent.messageId)).toMatchObject({ status: 'bounced', statusReason: 'soft bounce: 4.2.2 mailbox full' });
    expect(await suppressionRow(t, 'nils@example.se')).toBeUndefined();

    const hard = { kind: 'bounce' as const, hard: true, reason: '5.1.1 user unknown', recipients: ['Nils@Example.SE'], messageId: null };
    await recordDeliveryReport(t.deps, { ...hard, detail: 'first' });
    await recordDeliveryReport(t.deps, { ...hard, detail: 'second' });
    expect(await suppressionRow(t, 'nils@example.se')).toMatchObject({ reason: 'hard_bounce', detail: 'first' });
  });

  it('a complaint suppresses the address and unsubscribes its contact; an address without a contact is only suppressed', async () => {
    await upsertContact(t.deps, { email: 'kalle@example.se', name: 'Kalle', consent: { marketing: 'subscribed', source: 'checkout' } });
    t.clock.advance(60_000);
    await recordDeliveryReport(t.deps, { kind: 'complaint', recipients: ['KALLE@example.se', 'nobody@example.se'], detail: 'abuse' });
    expect(await suppressionRow(t, 'kalle@example.se')).toMatchObject({ reason: 'complaint', detail: 'abuse' });
    expect(await suppressionRow(t, 'nobody@example.se')).toMatchObject({ reason: 'complaint' });
    expect(await contactRow(t, 'kalle@example.se')).toMatchObject({
      marketingConsent: 'unsubscribed',
      consentSource: 'spam complaint',
      consentUpdatedAt: t.clock.now(),
    });
    expect(await contactRow(t, 'nobody@example.se')).toBeUndefined();
  });
});

describe('the same report from either source', () => {
  it('a hard bounce mailed back and one reported by Resend both mark the message and suppress the address', async () => {
    const mailed = await send(t, { to: 'nils.karlsson@example.se', subject: 'Din order', text: 'Hej Nils!' });
    const reported = await send(t, { to: 'gone@example.com', subject: 'Order', text: 'Thanks' });
    await updateMessage(t.deps.db, reported.messageId, { providerId: 'prov-gone', status: 'sent' });
    t.clock.advance(60 * 60 * 1000);

    const dsn = fixture('postfix-dsn-hard-bounce-5.1.1.eml', {
      ORIGINAL_ID: mailed.messageIdHeader,
      ORIGINAL_REPLY_TO: mailed.replyAddress,
    });
    await deliver(t, dsn, { from: '', to: 'bounces@acme.example' });
    const bounce = { type: 'Permanent', message: '550 5.1.1 user unknown' };
    await handleProviderEvent(t.deps, 'evt_b', resendEvent('email.bounced', { email_id: 'prov-gone', to: ['Gone@Example.com'], bounce }));

    for (const [message, address] of [
      [mailed.messageId, 'nils.karlsson@example.se'],
      [reported.messageId, 'gone@example.com'],
    ] as const) {
      expect((await messageRow(t, message)).statusReason).toMatch(/^hard bounce: .*5\.1\.1/);
      expect(await suppressionRow(t, address)).toMatchObject({ reason: 'hard_bounce' });
    }
  });

  it('a complaint reported by Resend unsubscribes the contact as a mailed ARF report does', async () => {
    await upsertContact(t.deps, { email: 'kalle.anka@yahoo.se', name: 'Kalle', consent: { marketing: 'subscribed', source: 'checkout' } });
    const sent = await send(t, { to: 'kalle.anka@yahoo.se', subject: 'Höstrea', text: 'Rea', category: 'marketing' });
    await updateMessage(t.deps.db, sent.messageId, { providerId: 'prov-kalle', status: 'sent' });
    t.clock.advance(60_000);
    const outcome = await handleProviderEvent(
      t.deps,
      'evt_c',
      resendEvent('email.complained', { email_id: 'prov-kalle', to: ['kalle.anka@yahoo.se'] }),
    );
    expect(outcome).toBe('applied');
    expect(await suppressionRow(t, 'kalle.anka@yahoo.se')).toMatchObject({
      reason: 'complaint',
      detail: 'spam complaint reported by Resend',
    });
    expect(await contactRow(t, 'kalle.anka@yahoo.se')).toMatchObject({ marketingConsent: 'unsubscribed', consentUpdatedAt: t.clock.now() });
  });
});
