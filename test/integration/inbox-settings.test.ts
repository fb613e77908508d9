// /inbox/settings: an admin saves the sender name, first-response target with business hours, FAQ settings and quiet
// hours; they take effect in the inbound pipeline, outgoing mail, the autoresponder and delivery decisions. Bad input
// answers 400 naming each field, keeps what was typed and saves nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/domain/encoding.ts';
import { createApp } from '../../src/http/app.ts';
import { signIn } from '../../src/services/agentAuth.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { loadDeliveryPolicy } from '../../src/services/decideDelivery.ts';
import { loadInboxSettings, withFaqSettings } from '../../src/services/inboxSettings.ts';
import { findLiveSession } from '../../src/store/sessions.ts';
import { conversationRow, deliver, messageRow, send } from '../support/inbound-helpers.ts';
import { createTestContext, type TestContext } from '../support/test-deps.ts';

let t: TestContext;
const HOUR = 3_600_000;

async function sessionHeaders(email: string, role: 'admin' | 'agent') {
  const password = `a long ${role} password`;
  await createAgentWithPassword(t.deps, { email, name: email.split('@')[0]!, role, password });
  const { token } = await signIn(t.deps, { email, password, client: 'test', userAgent: null });
  const session = await findLiveSession(t.deps.db, await sha256Hex(token), t.clock.now());
  return { cookie: `samtal_session=${token}`, 'x-csrf-token': session!.session.csrfSecret };
}

let admin: Record<string, string>;
beforeEach(async () => {
  t = await createTestContext();
  admin = await sessionHeaders('admin@acme.example', 'admin');
});
afterEach(() => t.cleanup());

const VALID = {
  sender_name: 'Acme Help',
  target_hours: '8',
  business_hours: 'on',
  time_zone: 'Europe/Stockholm',
  hours_mon: '09:00-17:00',
  hours_tue: '09:00-17:00',
  hours_wed: '09:00-17:00',
  hours_thu: '09:00-17:00',
  hours_fri: '09:00-12:00, 13:00-17:00',
  hours_sat: '',
  hours_sun: '',
  faq_mode: 'off',
  faq_min_confidence: '0.9',
  faq_contact_limit_hours: '48',
  quiet_hours: 'off',
};

async function request(path: string, headers: Record<string, string>, form?: Record<string, string>) {
  const res = await createApp(t.deps).request(`http://localhost${path}`, {
    method: form ? 'POST' : 'GET',
    headers: form
      ? { ...headers, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }
      : { ...headers, accept: 'text/html' },
    ...(form ? { body: new URLSearchParams(form) } : {}),
  });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

const mail = (subject: string) =>
  new TextEncoder().encode(
    `From: ana@example.com\r\nTo: support@acme.example\r\nSubject: ${subject}\r\n` +
      `Message-ID: <${subject.replace(/\W/g, '')}@example.com>\r\n` +
      `Date: ${new Date(t.clock.now()).toUTCString()}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello, a question.\r\n`,
  );

describe('/inbox/settings', () => {
  it('saves every setting, shows them again, and they take effect', async () => {
    const saved = await request('/inbox/settings', admin, VALID);
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/inbox/settings?saved=1');
    const page = await request('/inbox/settings?saved=1', admin);
    expect(page.html).toContain('Settings saved.');
    expect(page.html).toContain('value="Acme Help"');
    expect(page.html).toContain('value="09:00-12:00, 13:00-17:00"');

    const settings = await loadInboxSettings(t.deps);
    expect(settings.firstResponse).toEqual({
      hours: 8,
      businessHours: {
        timeZone: 'Europe/Stockholm',
        week: [
          ...Array.from({ length: 4 }, () => [{ start: 540, end: 1020 }]),
          [
            { start: 540, end: 720 },
            { start: 780, end: 1020 },
          ],
          [],
          [],
        ],
      },
    });
    // Friday 16:00 in Stockholm (15:00 UTC): one open hour on Friday, seven on Monday: due Monday 16:00 (15:00 UTC).
    t.clock.set(Date.parse('2026-11-27T15:00:00Z'));
    const { conversation_id } = await deliver(t, mail('Friday question'));
    expect(new Date((await conversationRow(t, conversation_id!)).firstResponseDueAt!).toISOString()).toBe('2026-11-30T15:00:00.000Z');

    // The sender name is the From display name of automated mail; the address stays MAIL_FROM's.
    const sent = await send(t, { to: 'bo@example.com', subject: 'Receipt', text: 'Thanks' });
    expect((await messageRow(t, sent.messageId)).fromAddress).toMatch(/^Acme Help <[^>]+>$/);

    const faq = await withFaqSettings(t.deps);
    expect(faq.deps.config).toMatchObject({ faqMode: 'off', faqMinConfidence: 0.9 });
    expect(faq.contactLimitMs).toBe(48 * HOUR);
    expect((await loadDeliveryPolicy(t.deps)).quietHours).toBeNull();
  });

  it('empty fields fall back to the defaults of the environment', async () => {
    await request('/inbox/settings', admin, VALID);
    const blank = {
      ...VALID,
      sender_name: '',
      business_hours: '',
      faq_mode: '',
      faq_min_confidence: '',
      faq_contact_limit_hours: '',
      quiet_hours: '',
    };
    expect((await request('/inbox/settings', admin, blank)).status).toBe(303);
    const s = await loadInboxSettings(t.deps);
    expect(s).toMatchObject({ senderName: null, faqMode: null, faqMinConfidence: null, faqContactLimitHours: null, quietHours: null });
    expect(s.firstResponse).toEqual({ hours: 8, businessHours: null });
    expect((await withFaqSettings(t.deps)).deps.config.faqMode).toBe(t.deps.config.faqMode);
    // Without business hours the target is plain elapsed time again.
    t.clock.set(Date.parse('2026-11-27T15:00:00Z'));
    const { conversation_id } = await deliver(t, mail('Plain target'));
    expect((await conversationRow(t, conversation_id!)).firstResponseDueAt).toBe(t.clock.now() + 8 * HOUR);
  });

  it('answers 400 naming each bad field, keeps what was typed and saves nothing', async () => {
    const bad = {
      ...VALID,
      target_hours: 'soon',
      time_zone: 'Mars/Olympus',
      hours_tue: '17:00-09:00',
      faq_mode: 'always',
      faq_min_confidence: '1.5',
      quiet_hours: 'late',
      sender_name: 'Acme <spoof@evil.example>',
    };
    const res = await request('/inbox/settings', admin, bad);
    expect(res.status).toBe(400);
    for (const field of ['target_hours', 'time_zone', 'hours_tue', 'faq_mode', 'faq_min_confidence', 'quiet_hours', 'sender_name']) {
      expect(res.html, field).toContain(`href="#${field}"`);
      expect(res.html, field).toContain(`id="${field}-error"`);
    }
    expect(res.html).toContain('value="Mars/Olympus"');
    expect(res.html).toContain('value="17:00-09:00"');
    expect(await loadInboxSettings(t.deps)).toMatchObject({ senderName: null, faqMode: null, quietHours: null });
  });

  it('refuses business hours without any open day', async () => {
    const closed = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [`hours_${d}`, '']));
    const res = await request('/inbox/settings', admin, { ...VALID, ...closed });
    expect(res.status).toBe(400);
    expect(res.html).toContain('give opening hours for at least one day');
  });

  it('is for admins only', async () => {
    const agent = await sessionHeaders('bo@acme.example', 'agent');
    expect((await request('/inbox/settings', agent)).status).toBe(403);
    expect((await request('/inbox/settings', agent, VALID)).status).toBe(403);
    expect((await loadInboxSettings(t.deps)).senderName).toBeNull();
  });
});
