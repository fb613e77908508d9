import { describe, expect, it } from 'vitest';
import { RESEND_EMAIL_EVENT_TYPES, parseResendEvent } from '../../src/domain/outbound/resend-events.ts';

// The shape of Resend's documented payloads (https://resend.com/docs/webhooks/emails/bounced).
const base = {
  created_at: '2026-11-23T09:00:00.000Z',
  data: {
    created_at: '2026-11-23T08:59:58.000Z',
    email_id: '4ef9a417-02e9-4d39-ad75-9611e0fcc33c',
    from: 'Acme <support@acme.example>',
    to: ['ana@example.com'],
    subject: 'Your order',
  },
};

describe('parseResendEvent', () => {
  it.each(RESEND_EMAIL_EVENT_TYPES)('reads %s', (type) => {
    const parsed = parseResendEvent(JSON.stringify({ ...base, type }));
    const data = { email_id: base.data.email_id, to: ['ana@example.com'] };
    expect(parsed).toMatchObject({ ok: true, known: true, event: { type, data } });
  });

  it('reads the bounce details and a single recipient given as a string or as a mailbox', () => {
    const bounce = { message: '550 5.1.1 user unknown', subType: 'General', type: 'Permanent' };
    const data = { ...base.data, to: 'Ana <ana@example.com>', bounce };
    const parsed = parseResendEvent(JSON.stringify({ ...base, type: 'email.bounced', data }));
    expect(parsed).toMatchObject({ ok: true, known: true, event: { data: { to: ['ana@example.com'], bounce } } });
  });

  it('accepts types it does not act on without reading their data', () => {
    expect(parseResendEvent('{"type":"domain.updated","data":{"id":"d1"}}')).toEqual({ ok: true, known: false, type: 'domain.updated' });
  });

  it('names the field that is wrong', () => {
    const noId = parseResendEvent(JSON.stringify({ type: 'email.delivered', data: { to: ['ana@example.com'] } }));
    expect(noId).toMatchObject({ ok: false, type: 'email.delivered', issues: [{ field: 'data.email_id' }] });
    const badTo = parseResendEvent(JSON.stringify({ type: 'email.complained', data: { email_id: 'e1', to: ['not an address'] } }));
    expect(badTo).toMatchObject({ ok: false, issues: [{ field: 'data.to.0', message: 'expected an email address' }] });
    expect(parseResendEvent('{"data":{}}')).toMatchObject({ ok: false, type: '', issues: [{ field: 'type' }] });
    expect(parseResendEvent('{"type":"email.sent"}')).toMatchObject({ ok: false, issues: [{ field: 'data' }] });
    expect(parseResendEvent('[1,2')).toEqual({ ok: false, type: '', issues: [{ field: '', message: 'expected a JSON Resend event' }] });
  });
});
