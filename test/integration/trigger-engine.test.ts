// The trigger engine end to end on a real database with the injected clock: events through the API schedule
// jobs (due times already moved by quiet hours and send windows), the scheduler tick runs them through the
// delivery rules, and every decision is stored and readable. The shipped triggers (triggers/*.yaml) are used
// where they fit; a few tests add their own.
import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { agentReply } from '../../src/services/agentReply.ts';
import { JOB_LEASE_MS, claimDueWork, runClaimedJobs } from '../../src/services/runDueWork.ts';
import { configureEmbeddedDatabase, createDb } from '../../src/store/db.ts';
import { writeContactsAndEvents } from '../../src/store/events.ts';
import { putSetting } from '../../src/store/settings.ts';
import { useApiContext } from '../support/contexts.ts';
import { deliver, fixture } from '../support/inbound-helpers.ts';
import { at, consentingContact, decisionsOf, jobsOf, outbound, tick, track, useTriggers } from '../support/trigger-helpers.ts';

const { t, api } = useApiContext();

const NUDGE = 'on: cart_abandoned\nsend: review_request\nlimit: none\n';

describe('event triggers', () => {
  it('three purchases with one order id are one confirmation; later ones are refused as duplicates and say which job', async () => {
    const order = (n: number) => ({
      name: 'order_placed',
      contact: { email: 'ana@example.com', timezone: 'Europe/Stockholm' },
      properties: { order_id: 'A-1', order_number: 'A-1', total: 10, currency: 'SEK', items: [] },
      idempotency_key: `order-${n}`,
    });
    const [first, second, third] = await track(api, [order(1), order(2), order(3)]);
    const confirmation = (e: { scheduled: { trigger: string }[] }) => e.scheduled.filter((s) => s.trigger === 'order_confirmation');
    expect(confirmation(first)).toEqual([
      {
        trigger: 'order_confirmation',
        status: 'scheduled',
        job_id: expect.stringMatching(/^sjb_/),
        due_at: new Date(t.clock.now()).toISOString(),
        detail: 'due 2026-11-23 10:00 local (Europe/Stockholm)',
      },
    ]);
    const jobId = (confirmation(first)[0] as unknown as { job_id: string }).job_id;
    for (const repeat of [second, third]) {
      expect(confirmation(repeat)).toEqual([
        {
          trigger: 'order_confirmation',
          status: 'refused',
          reason: 'Duplicate',
          job_id: jobId,
          detail: expect.stringContaining('order_id'),
        },
      ]);
    }
    t.clock.advance(60_000);
    const [fourth] = await track(api, [order(4)]);
    expect(confirmation(fourth)).toEqual([expect.objectContaining({ status: 'refused', job_id: jobId })]);

    await tick(t);
    await tick(t);
    expect(t.mailer.sent.filter((m) => m.subject === 'Thank you for your order A-1')).toHaveLength(1);
    expect((await outbound(t, 'order_confirmation')).map((m) => [m.author, m.idempotencyKey])).toEqual([['trigger', jobId]]);
    const kinds = (await decisionsOf(t, 'order_confirmation')).map((d) => [d.decision, d.reason]);
    expect(kinds).toEqual([
      ['scheduled', null],
      ['skipped', 'Duplicate'],
      ['skipped', 'Duplicate'],
      ['skipped', 'Duplicate'],
      ['sent', null],
    ]);
  });

  it('quiet hours: 02:00 local is scheduled for 08:00 and says so; due 20:59 but run at 21:05 is held until 08:00', async () => {
    useTriggers(t, { nudge: NUDGE });
    await consentingContact(api, 'ana@example.com', 'Europe/Stockholm');
    t.clock.set(at('2026-11-23T01:00:00Z'));
    const [night] = await track(api, [{ name: 'cart_abandoned', contact: { email: 'ana@example.com' } }]);
    expect(night.scheduled).toEqual([
      expect.objectContaining({ trigger: 'nudge', status: 'scheduled', due_at: '2026-11-23T07:00:00.000Z' }),
    ]);
    expect(night.scheduled[0].detail).toMatch(
      /^due 2026-11-23 02:00 local \(Europe\/Stockholm\), scheduled for 2026-11-23 08:00: quiet hours 21:00–08:00/,
    );
    await tick(t);
    expect(t.mailer.sent).toHaveLength(0);
    t.clock.set(at('2026-11-23T07:00:00Z'));
    await tick(t);
    expect(t.mailer.sent).toHaveLength(1);

    t.clock.set(at('2026-11-24T19:59:00Z'));
    const [evening] = await track(api, [{ name: 'cart_abandoned', contact: { email: 'ana@example.com' } }]);
    expect(evening.scheduled[0]).toMatchObject({ status: 'scheduled', due_at: '2026-11-24T19:59:00.000Z' });
    t.clock.set(at('2026-11-24T20:05:00Z'));
    await tick(t);
    expect(t.mailer.sent).toHaveLength(1);
    const held = (await decisionsOf(t, 'nudge')).filter((d) => d.decision === 'held');
    expect(held).toEqual([expect.objectContaining({ reason: 'QuietHours', at: at('2026-11-25T07:00:00Z') })]);
    t.clock.set(at('2026-11-25T06:59:00Z'));
    await tick(t);
    expect(t.mailer.sent).toHaveLength(1);
    t.clock.set(at('2026-11-25T07:00:00Z'));
    await tick(t);
    expect(t.mailer.sent).toHaveLength(2);
    expect((await decisionsOf(t, 'nudge')).map((d) => d.decision)).toEqual(['scheduled', 'sent', 'scheduled', 'held', 'sent']);
  });

  it('caps marketing by the local calendar day across the autumn DST change (a 25-hour day), not by 24 hours', async () => {
    await putSetting(t.deps.db, 'delivery.quiet_hours', 'off', t.clock.now());
    useTriggers(t, { promo_a: NUDGE.replace('cart_abandoned', 'promo_a'), promo_b: NUDGE.replace('cart_abandoned', 'promo_b') });
    await consentingContact(api, 'ana@example.com', 'Europe/Stockholm');
    const fire = async (name: string, iso: string) => {
      t.clock.set(at(iso));
      await track(api, [{ name, contact: { email: 'ana@example.com' } }]);
      await tick(t);
    };
    await fire('promo_a', '2026-10-24T22:30:00Z'); // 00:30 CEST on Sunday 25 October
    await fire('promo_b', '2026-10-25T22:45:00Z'); // 23:45 CET the same local day, 24 h 15 min later
    await fire('promo_b', '2026-10-25T23:10:00Z'); // 00:10 on 26 October: a new local day, 25 minutes later
    expect(t.mailer.sent).toHaveLength(2);
    const b = (await decisionsOf(t, 'promo_b')).filter((d) => d.decision !== 'scheduled');
    expect(b.map((d) => [d.decision, d.reason])).toEqual([
      ['skipped', 'DailyCap'],
      ['sent', null],
    ]);
    expect(b[0]!.detail).toContain('last sent 2026-10-25 00:30 local');
  });

  it('marketing waits while a conversation waits for the business, and goes out once an agent has answered', async () => {
    useTriggers(t, { nudge: NUDGE });
    await consentingContact(api, 'astrid.lindqvist@example.se', 'Europe/Stockholm');
    const inbound = await deliver(t, fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: 'support@reply.acme.example' }));
    await track(api, [{ name: 'cart_abandoned', contact: { email: 'astrid.lindqvist@example.se' } }]);
    await tick(t);
    expect(t.mailer.sent).toHaveLength(0);
    const [held] = (await decisionsOf(t, 'nudge')).filter((d) => d.decision === 'held');
    expect(held).toMatchObject({ reason: 'OpenConversation', at: t.clock.now() + 3_600_000 });

    const agent = await createAgentWithPassword(t.deps, {
      email: 'bo@acme.example',
      name: 'Bo',
      role: 'agent',
      password: 'a long agent password',
    });
    await agentReply(t.deps, agent, {
      conversationId: inbound.conversation_id!,
      text: 'Hej Astrid, vi fixar det.',
      seenUpTo: t.clock.now(),
    });
    t.clock.advance(3_600_000);
    await tick(t);
    const subjects = t.mailer.sent.map((m) => m.subject);
    expect(subjects).toHaveLength(2);
    expect((await outbound(t, 'review_request')).length).toBe(1);
    expect((await decisionsOf(t, 'nudge')).map((d) => d.decision)).toEqual(['scheduled', 'held', 'sent']);
  });
});

describe('after triggers and follow-ups', () => {
  const delivered = {
    name: 'order_delivered',
    contact: { email: 'astrid.lindqvist@example.se' },
    properties: { order_id: 'O-1', product_name: 'kettle' },
  };

  async function firstReviewRequest() {
    await consentingContact(api, 'astrid.lindqvist@example.se', 'Europe/Stockholm');
    const [event] = await track(api, [delivered]);
    expect(event.scheduled).toEqual([
      expect.objectContaining({ trigger: 'review_request', status: 'scheduled', due_at: '2026-11-26T09:00:00.000Z' }),
    ]);
    t.clock.set(at('2026-11-26T09:00:00Z'));
    await tick(t);
    const [request] = await outbound(t, 'review_request');
    expect(request).toMatchObject({ subject: 'How do you like your kettle?', author: 'trigger' });
    const [followUp] = (await jobsOf(t, 'review_request')).filter((j) => j.status === 'pending');
    expect(followUp).toMatchObject({ runAt: at('2026-11-30T09:00:00Z'), key: expect.stringMatching(/:O-1:1$/) });
    return request!;
  }

  it('without a reply the reminder follows 4 days later in the same conversation, threaded', async () => {
    const request = await firstReviewRequest();
    t.clock.set(at('2026-11-30T09:00:00Z'));
    await tick(t);
    const [reminder] = await outbound(t, 'review_reminder');
    expect(reminder).toMatchObject({ conversationId: request.conversationId, inReplyTo: request.messageIdHeader, author: 'trigger' });
    expect(t.mailer.sent.map((m) => m.subject)).toEqual(['How do you like your kettle?', 'A few words about your kettle?']);
  });

  it('a reply through the inbound pipeline stops the reminder', async () => {
    const request = await firstReviewRequest();
    t.clock.set(at('2026-11-27T12:00:00Z'));
    const answer = await deliver(t, fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: request.headers!['Reply-To']! }));
    expect(answer.conversation_id).toBe(request.conversationId);
    t.clock.set(at('2026-11-30T09:00:00Z'));
    await tick(t);
    expect(await outbound(t, 'review_reminder')).toEqual([]);
    const last = (await decisionsOf(t, 'review_request')).at(-1)!;
    expect(last).toMatchObject({
      decision: 'stopped',
      reason: 'Replied',
      step: 1,
      detail: 'the contact replied at 2026-11-27T12:00:00.000Z',
    });
    expect((await jobsOf(t, 'review_request')).map((j) => j.status)).toEqual(['done', 'cancelled']);
  });

  it('the stop event (review_submitted) cancels the pending reminder when it arrives', async () => {
    await firstReviewRequest();
    t.clock.set(at('2026-11-27T12:00:00Z'));
    const [review] = await track(api, [{ name: 'review_submitted', contact: { email: 'astrid.lindqvist@example.se' } }]);
    expect(review.scheduled).toEqual([
      {
        trigger: 'review_request',
        status: 'stopped',
        job_id: expect.stringMatching(/^sjb_/),
        detail: 'review_submitted came at 2026-11-27T12:00:00.000Z',
      },
    ]);
    expect((await jobsOf(t, 'review_request')).map((j) => j.status)).toEqual(['done', 'cancelled']);
    t.clock.set(at('2026-11-30T09:00:00Z'));
    await tick(t);
    expect(await outbound(t, 'review_reminder')).toEqual([]);
    expect((await decisionsOf(t, 'review_request')).map((d) => [d.decision, d.reason])).toEqual([
      ['scheduled', null],
      ['sent', null],
      ['scheduled', null],
      ['stopped', 'StopEvent'],
    ]);
  });

  it('replenishment: another order_placed within 30 days stops the first reminder; the second order gets one', async () => {
    await consentingContact(api, 'ana@example.com', 'Europe/Stockholm');
    const order = (id: string) => ({
      name: 'order_placed',
      contact: { email: 'ana@example.com' },
      properties: { order_id: id, order_number: id },
    });
    const [first] = await track(api, [order('O-1')]);
    const firstJob = first.scheduled.find((s: { trigger: string }) => s.trigger === 'replenishment_reminder');
    expect(firstJob).toMatchObject({ status: 'scheduled', due_at: '2026-12-23T09:00:00.000Z' });
    t.clock.set(at('2026-12-03T09:00:00Z'));
    const [second] = await track(api, [order('O-2')]);
    const replenishment = second.scheduled.filter((s: { trigger: string }) => s.trigger === 'replenishment_reminder');
    // 2 January 2027 is a Saturday: the weekday window moves it to Monday 09:00 local.
    expect(replenishment).toEqual([
      expect.objectContaining({ status: 'stopped', job_id: firstJob.job_id }),
      expect.objectContaining({ status: 'scheduled', due_at: '2027-01-04T08:00:00.000Z' }),
    ]);
    t.clock.set(at('2026-12-23T09:00:00Z'));
    await tick(t);
    expect(await outbound(t, 'replenishment_reminder')).toEqual([]);
    t.clock.set(at('2027-01-04T08:00:00Z'));
    await tick(t);
    expect(await outbound(t, 'replenishment_reminder')).toHaveLength(1);
    expect((await decisionsOf(t, 'replenishment_reminder')).map((d) => [d.decision, d.reason])).toEqual([
      ['scheduled', null],
      ['stopped', 'StopEvent'],
      ['scheduled', 'SendWindow'],
      ['sent', null],
    ]);
  });
});

describe('date triggers', () => {
  it('a birthday at 09:00 is a different instant in Asia/Shanghai and in Europe/Stockholm, each sent at its own 09:00', async () => {
    const li = await consentingContact(api, 'li@example.cn', 'Asia/Shanghai', { birthday: '1990-11-24' });
    const erik = await consentingContact(api, 'erik@example.se', 'Europe/Stockholm', { birthday: '11-24' });
    await consentingContact(api, 'noor@example.com', 'Europe/Stockholm', { birthday: '1990-11-26' });
    const report = await tick(t);
    expect(report.triggers.dates).toEqual({ scanned: 1, matched: 2, scheduled: 2 });
    const jobs = await jobsOf(t, 'birthday');
    expect(jobs.map((j) => [j.contactId, j.runAt, j.key])).toEqual([
      [li, at('2026-11-24T01:00:00Z'), `trigger:birthday:${li}:2026`],
      [erik, at('2026-11-24T08:00:00Z'), `trigger:birthday:${erik}:2026`],
    ]);
    expect((await tick(t)).triggers.dates.scanned).toBe(0);

    t.clock.set(at('2026-11-24T01:00:00Z'));
    await tick(t);
    expect(t.mailer.sent.map((m) => m.to)).toEqual([['li@example.cn']]);
    t.clock.set(at('2026-11-24T08:00:00Z'));
    const later = await tick(t);
    expect(later.triggers.dates.scheduled).toBe(0);
    expect(t.mailer.sent.map((m) => m.to)).toEqual([['li@example.cn'], ['erik@example.se']]);
  });
});

describe('activity and trigger counts', () => {
  it("GET /contacts/:id/activity lists the contact's events, decisions and messages in time order, page by page", async () => {
    useTriggers(t, { nudge: NUDGE });
    const id = await consentingContact(api, 'ana@example.com', 'Europe/Stockholm');
    t.clock.set(at('2026-11-23T01:00:00Z'));
    const [event] = await track(api, [{ name: 'cart_abandoned', contact: { email: 'ana@example.com' }, properties: { cart: 3 } }]);
    t.clock.set(at('2026-11-23T07:00:00Z'));
    await tick(t);
    const first = await api.json('GET', `/api/v1/contacts/${id}/activity?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual([
      { type: 'event', id: event.id, at: '2026-11-23T01:00:00.000Z', name: 'cart_abandoned', properties: { cart: 3 } },
      expect.objectContaining({
        type: 'decision',
        decision: 'scheduled',
        trigger: 'nudge',
        reason: 'QuietHours',
        due_at: '2026-11-23T07:00:00.000Z',
        job_id: event.scheduled[0].job_id,
      }),
    ]);
    const second = await api.json('GET', `/api/v1/contacts/${id}/activity?limit=2&cursor=${first.body.next_cursor}`);
    const [message] = await outbound(t);
    expect(second.body).toEqual({
      data: [
        expect.objectContaining({ type: 'decision', decision: 'sent', message_id: message!.id, at: '2026-11-23T07:00:00.000Z' }),
        expect.objectContaining({ type: 'message', id: message!.id, direction: 'out', author: 'trigger', template: 'review_request' }),
      ],
      next_cursor: null,
    });
    expect((await api.json('GET', '/api/v1/contacts/con_0000000000NOPE/activity')).status).toBe(404);
    expect((await api.json('GET', `/api/v1/contacts/${id}/activity?cursor=bogus`)).status).toBe(400);
  });

  it('GET /triggers lists every trigger with its counts: fired, sent, held, skipped and stopped by reason', async () => {
    const order = () => ({
      name: 'order_placed',
      contact: { email: 'ana@example.com' },
      properties: { order_id: 'A-1', order_number: 'A-1' },
    });
    await track(api, [order(), order(), order()]);
    t.clock.advance(1000);
    await track(api, [order()]);
    await tick(t);
    const res = await api.json('GET', '/api/v1/triggers');
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.data.map((d: { name: string }) => [d.name, d]));
    expect(Object.keys(byName).sort()).toEqual(['birthday', 'order_confirmation', 'replenishment_reminder', 'review_request', 'welcome']);
    expect(byName.order_confirmation).toMatchObject({
      kind: 'event',
      event: 'order_placed',
      template: 'order_confirmation',
      dedupe_by: 'event.order_id',
      limit: null,
      counts: { fired: 1, sent: 1, held: 0, skipped: { Duplicate: 3 }, stopped: {}, failed: 0 },
    });
    expect(byName.replenishment_reminder).toMatchObject({
      kind: 'after',
      unless: 'order_placed',
      delay: 'P30D',
      window: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] },
      counts: { fired: 4, sent: 0, stopped: { StopEvent: 3 } },
    });
    expect(byName.review_request).toMatchObject({
      follow_ups: [{ delay: 'P4D', template: 'review_reminder' }],
      stop_if: ['replied', { event: 'review_submitted' }],
    });
    expect(byName.birthday).toMatchObject({ kind: 'date', date: { attribute: 'attributes.birthday', at: '09:00', offset_days: 0 } });
  });
});

describe('recovery', () => {
  it('an event stored by a request that failed before scheduling is scheduled by the next tick after a minute', async () => {
    // The write trackEvents makes, without the scheduling that follows it (the request died in between).
    await writeContactsAndEvents(
      t.deps.db,
      [
        {
          id: 'con_01RECOVER',
          email: 'ana@example.com',
          attributes: {},
          marketingConsent: 'unknown',
          createdAt: t.clock.now(),
          updatedAt: t.clock.now(),
        },
      ],
      [
        {
          id: 'evt_01RECOVER',
          contact: { id: 'con_01RECOVER' },
          name: 'signed_up',
          data: {},
          idempotencyKey: null,
          occurredAt: t.clock.now(),
        },
      ],
    );
    expect((await tick(t)).triggers.recoveredEvents).toBe(0);
    t.clock.advance(61_000);
    expect((await tick(t)).triggers.recoveredEvents).toBe(1);
    expect(t.mailer.sent.map((m) => m.subject)).toEqual(['Welcome!']);
    expect((await tick(t)).triggers.recoveredEvents).toBe(0);
  });
});

describe('claims', () => {
  it('a runner that crashed between claim and finish never makes a second send: the next runner takes over after the lease', async () => {
    const [event] = await track(api, [{ name: 'signed_up', contact: { email: 'ana@example.com' } }]);
    expect(event.scheduled).toEqual([expect.objectContaining({ trigger: 'welcome', status: 'scheduled' })]);
    const crashed = await claimDueWork(t.deps);
    expect(crashed.jobs).toHaveLength(1);
    await tick(t);
    expect(t.mailer.sent).toHaveLength(0);

    t.clock.advance(JOB_LEASE_MS + 1);
    const otherClient = createClient({ url: `file:${t.dbPath}` });
    try {
      await configureEmbeddedDatabase(otherClient);
      const other = { ...t.deps, db: createDb(otherClient) };
      const taken = await claimDueWork(other);
      expect(taken.jobs.map((j) => j.id)).toEqual(crashed.jobs.map((j) => j.id));
      // The first runner wakes up and runs what it claimed: its claim is gone, so it does nothing.
      expect(await runClaimedJobs(t.deps, crashed)).toEqual({ claimed: 1, ran: 1, errors: 0 });
      expect(await outbound(t)).toEqual([]);
      await runClaimedJobs(other, taken);
    } finally {
      otherClient.close();
    }
    await tick(t);
    await tick(t);
    expect(t.mailer.sent.map((m) => m.subject)).toEqual(['Welcome!']);
    expect((await outbound(t)).map((m) => m.idempotencyKey)).toEqual([crashed.jobs[0]!.id]);
    expect((await decisionsOf(t, 'welcome')).map((d) => d.decision)).toEqual(['scheduled', 'sent']);
  });
});
