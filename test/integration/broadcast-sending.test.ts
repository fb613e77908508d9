// A broadcast after its draft, end to end against the Resend stand-in: scheduling behind the pre-flight,
// 09:00 local in Stockholm, New York and Tokyo, the per-minute throttle, pause / resume / cancel before
// anything reaches Resend, the reason of every skip, progress as JSON and NDJSON, and replies that
// thread into each person's own conversation. Time comes from the test clock; the scheduler tick is run
// by hand (runDueWork, then deliverOutbox, as runScheduled does).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { broadcasts, conversations, messages, suppressions, topics, topicSubscriptions } from '../../db/schema.ts';
import { formatLocal } from '../../src/domain/time/zoned.ts';
import { deliverOutbox } from '../../src/services/deliverOutbox.ts';
import { streamBroadcastProgress } from '../../src/services/broadcastProgress.ts';
import { runDueWork } from '../../src/services/runDueWork.ts';
import { deliver } from '../support/inbound-helpers.ts';
import { useOutboundContext } from '../support/contexts.ts';

const { t, api, resend } = useOutboundContext();

const INLINE = {
  subject: 'Winter news from the shop',
  text: 'Our winter opening hours are out: https://shop.example.com/hours\n\nUnsubscribe: {{ unsubscribe_url }}\n',
};

interface Person {
  email: string;
  name?: string;
  timezone?: string;
  consent?: 'subscribed' | 'unsubscribed' | 'unknown';
  attributes?: Record<string, unknown>;
}

async function contact(p: Person): Promise<string> {
  const res = await api.json('POST', '/api/v1/contacts', {
    email: p.email,
    name: p.name ?? 'Kim Example',
    locale: 'en',
    ...(p.timezone ? { timezone: p.timezone } : {}),
    consent: { marketing: p.consent ?? 'subscribed' },
    attributes: { wave: 1, ...p.attributes },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function draft(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await api.json('POST', '/api/v1/broadcasts', { name: 'Winter news', ...INLINE, rule: 'attributes.wave = 1', ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function schedule(id: string, body: Record<string, unknown> = {}) {
  const res = await api.json('POST', `/api/v1/broadcasts/${id}/schedule`, body);
  return res;
}

/** One scheduler tick: due jobs, then the outbox. */
async function tick(): Promise<void> {
  await runDueWork(t.deps);
  await deliverOutbox(t.deps);
}

/** Who got the broadcast (not the earlier message of the cap test), sorted. */
const sentTo = () =>
  resend.sent
    .filter((s) => s.email.subject !== 'Earlier today')
    .map((s) => String((s.email.to as string[])[0]))
    .sort();
const progress = async (id: string) => (await api.json('GET', `/api/v1/broadcasts/${id}/progress`)).body;

describe('scheduling a broadcast', () => {
  it('answers 422 with the pre-flight errors, and with the warnings until they are acknowledged', async () => {
    await contact({ email: 'ana@example.com' });
    const broken = await draft({ text: 'Hi {{ contct.name }}, see http://shop example.com\n' });
    const refused = await schedule(broken);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('PreflightFailed');
    expect(refused.body.error.errors.map((f: { code: string }) => f.code)).toEqual(
      expect.arrayContaining(['UnknownVariable', 'MissingUnsubscribe']),
    );
    expect((await api.json('GET', `/api/v1/broadcasts/${broken}`)).body.status).toBe('draft');

    const shouting = await draft({ subject: 'HUGE WINTER SALE' });
    const unacknowledged = await schedule(shouting);
    expect(unacknowledged.status).toBe(422);
    expect(unacknowledged.body.error.code).toBe('WarningsNotAcknowledged');
    expect(unacknowledged.body.error.warnings.map((f: { code: string }) => f.code)).toContain('AllCapsSubject');
    expect(unacknowledged.body.error.issues).toEqual([{ field: 'acknowledge_warnings', message: expect.any(String) }]);
    const acknowledged = await schedule(shouting, { acknowledge_warnings: true });
    expect(acknowledged.status).toBe(202);
    expect(acknowledged.body).toMatchObject({ status: 'scheduled', acknowledged_warnings: expect.arrayContaining(['AllCapsSubject']) });
    expect((await schedule(shouting, { acknowledge_warnings: true })).status).toBe(409);
  });

  it('refuses a bad schedule naming the field', async () => {
    const id = await draft();
    const fields = async (body: unknown) => {
      const res = await api.json('POST', `/api/v1/broadcasts/${id}/schedule`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      return res.body.error.issues.map((i: { field: string }) => i.field);
    };
    expect(await fields({ at: 'tomorrow' })).toEqual(['at']);
    expect(await fields({ at: '2020-01-01T00:00:00Z' })).toEqual(['at']);
    expect(await fields({ local_time: '9am' })).toEqual(['local_time']);
    expect(await fields({ local_time: '24:00' })).toEqual(['local_time']);
    expect(await fields({ per_minute: 0 })).toEqual(['per_minute']);
    expect(await fields({ per_minute: 1.5 })).toEqual(['per_minute']);
    expect(await fields({ default_timezone: 'Mars/Olympus' })).toEqual(['default_timezone']);
    expect(await fields({ when: 'now' })).toEqual(['when']);
    expect((await api.json('GET', `/api/v1/broadcasts/${id}`)).body.status).toBe('draft');
  });

  it('sends each recipient at 09:00 in their own zone: Tokyo, Stockholm, New York, and UTC for a contact without one', async () => {
    const zones: Record<string, string | undefined> = {
      'yuki@example.jp': 'Asia/Tokyo',
      'ana@example.se': 'Europe/Stockholm',
      'sam@example.com': 'America/New_York',
      'nozone@example.org': undefined,
    };
    for (const [email, timezone] of Object.entries(zones)) await contact({ email, ...(timezone ? { timezone } : {}) });
    const id = await draft();
    const res = await schedule(id, { at: '2026-11-24T00:00:00Z', local_time: '09:00' });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.schedule).toEqual({ at: '2026-11-24T00:00:00.000Z', local_time: '09:00', default_timezone: null, per_minute: null });

    const steps: [string, string[]][] = [
      ['2026-11-23T23:59:00Z', []],
      ['2026-11-24T00:00:00Z', ['yuki@example.jp']],
      ['2026-11-24T07:59:00Z', ['yuki@example.jp']],
      ['2026-11-24T08:00:00Z', ['ana@example.se', 'yuki@example.jp']],
      ['2026-11-24T09:00:00Z', ['ana@example.se', 'nozone@example.org', 'yuki@example.jp']],
      ['2026-11-24T13:59:00Z', ['ana@example.se', 'nozone@example.org', 'yuki@example.jp']],
      ['2026-11-24T14:00:00Z', ['ana@example.se', 'nozone@example.org', 'sam@example.com', 'yuki@example.jp']],
    ];
    for (const [at, expected] of steps) {
      t.clock.set(Date.parse(at));
      await tick();
      expect(sentTo(), at).toEqual(expected);
    }
    const rows = await t.deps.db.select().from(messages).where(eq(messages.direction, 'out'));
    for (const row of rows) {
      const zone = zones[row.toAddresses[0]!] ?? 'UTC';
      expect(formatLocal(row.sentAt!, zone), row.toAddresses[0]).toBe('2026-11-24 09:00');
    }
    expect(await progress(id)).toMatchObject({ status: 'sent', total: 4, sent: 4, queued: 0, waiting: 0, done: true });
  });

  it('reads contacts without a zone in the default_timezone given', async () => {
    await contact({ email: 'nozone@example.org' });
    const id = await draft();
    await schedule(id, { at: '2026-11-24T00:00:00Z', local_time: '09:00', default_timezone: 'Asia/Tokyo' });
    t.clock.set(Date.parse('2026-11-24T00:00:00Z'));
    await tick();
    expect(sentTo()).toEqual(['nozone@example.org']);
  });

  it('hands at most per_minute recipients to the outbox per minute', async () => {
    for (let i = 0; i < 25; i++) await contact({ email: `p${String(i).padStart(2, '0')}@example.com` });
    const id = await draft();
    expect((await schedule(id, { per_minute: 10 })).status).toBe(202);
    const counts: number[] = [];
    for (const advance of [0, 30_000, 30_000, 60_000, 60_000]) {
      t.clock.advance(advance);
      await tick();
      counts.push(resend.sent.length);
    }
    expect(counts).toEqual([10, 10, 20, 25, 25]);
    expect(new Set(sentTo()).size).toBe(25);
    expect(await progress(id)).toMatchObject({ status: 'sent', total: 25, sent: 25, done: true });
  });
});

describe('pause, resume and cancel', () => {
  it('pauses before the due time: nothing reaches Resend until it is resumed, then everyone once', async () => {
    await contact({ email: 'a@example.com' });
    await contact({ email: 'b@example.com' });
    const id = await draft();
    await schedule(id, { at: '2026-11-23T12:00:00Z' });
    t.clock.set(Date.parse('2026-11-23T12:00:00Z'));
    expect((await api.json('POST', `/api/v1/broadcasts/${id}/pause`)).body.status).toBe('paused');
    t.clock.advance(3600_000);
    await tick();
    await tick();
    expect(resend.requests).toHaveLength(0);
    expect((await api.json('POST', `/api/v1/broadcasts/${id}/pause`)).status).toBe(409);
    expect((await api.json('POST', `/api/v1/broadcasts/${id}/resume`)).body.status).toBe('scheduled');
    await tick();
    expect(sentTo()).toEqual(['a@example.com', 'b@example.com']);
    await tick();
    expect(resend.sent).toHaveLength(2);
  });

  it('takes back what sits in the outbox unclaimed when paused, and sends it once after resume', async () => {
    await contact({ email: 'a@example.com' });
    await contact({ email: 'b@example.com' });
    const id = await draft();
    await schedule(id);
    await runDueWork(t.deps); // handed to the outbox, not yet sent
    expect(await progress(id)).toMatchObject({ status: 'sending', queued: 2 });
    const paused = await api.json('POST', `/api/v1/broadcasts/${id}/pause`);
    expect(paused.status).toBe(200);
    expect(await progress(id)).toMatchObject({ status: 'paused', queued: 0, waiting: 2 });
    await deliverOutbox(t.deps);
    await tick();
    expect(resend.requests).toHaveLength(0);
    expect((await t.deps.db.select().from(messages)).length).toBe(0);
    expect((await api.json('POST', `/api/v1/broadcasts/${id}/resume`)).body.status).toBe('scheduled');
    await tick();
    await tick();
    expect(sentTo()).toEqual(['a@example.com', 'b@example.com']);
    expect(await progress(id)).toMatchObject({ status: 'sent', sent: 2, done: true });
  });

  it('cancels for good: nobody gets it, and it cannot be resumed or paused', async () => {
    await contact({ email: 'a@example.com' });
    await contact({ email: 'b@example.com' });
    const id = await draft();
    await schedule(id, { at: '2026-11-23T12:00:00Z' });
    await tick(); // not due yet: nothing planned
    t.clock.set(Date.parse('2026-11-23T12:00:00Z'));
    await runDueWork(t.deps);
    const cancelled = await api.json('POST', `/api/v1/broadcasts/${id}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', finished_at: '2026-11-23T12:00:00.000Z' });
    await tick();
    t.clock.advance(86_400_000);
    await tick();
    expect(resend.requests).toHaveLength(0);
    expect(await progress(id)).toMatchObject({ status: 'cancelled', total: 2, cancelled: 2, queued: 0, done: true });
    for (const action of ['resume', 'pause', 'cancel', 'schedule']) {
      const res = await api.json('POST', `/api/v1/broadcasts/${id}/${action}`, action === 'schedule' ? {} : undefined);
      expect(res.status, action).toBe(409);
      expect(res.body.error.message).toContain('is cancelled');
    }
  });

  it('answers 409 for a draft and 404 for no broadcast', async () => {
    const id = await draft();
    for (const action of ['pause', 'resume', 'cancel']) {
      const res = await api.json('POST', `/api/v1/broadcasts/${id}/${action}`);
      expect(res.status, action).toBe(409);
      expect(res.body.error.message).toContain('is draft');
      expect((await api.json('POST', `/api/v1/broadcasts/brd_nope/${action}`)).status).toBe(404);
    }
    expect((await api.json('GET', '/api/v1/broadcasts/brd_nope/progress')).status).toBe(404);
  });
});

describe('per recipient', () => {
  it('keeps the reason of every skip and hold, and sends the rest', async () => {
    await t.deps.db.insert(topics).values({ id: 'top_1', key: 'news', name: 'News', defaultSubscribed: true, createdAt: 0 });
    await contact({ email: 'yes@example.com' });
    await contact({ email: 'no-consent@example.com', consent: 'unknown' });
    const leftTopic = await contact({ email: 'left-topic@example.com' });
    await t.deps.db.insert(topicSubscriptions).values({ contactId: leftTopic, topicId: 'top_1', status: 'unsubscribed', updatedAt: 0 });
    await contact({ email: 'bounced@example.com' });
    await t.deps.db.insert(suppressions).values({ email: 'bounced@example.com', reason: 'hard_bounce', createdAt: 0 });
    // Got marketing mail earlier today: the daily cap (1 per local day) is reached.
    await contact({ email: 'capped@example.com' });
    const earlier = await api.json('POST', '/api/v1/messages', {
      to: 'capped@example.com',
      subject: 'Earlier today',
      text: 'An offer.',
      category: 'marketing',
    });
    expect(earlier.status, JSON.stringify(earlier.body)).toBe(202);
    await deliverOutbox(t.deps);
    resend.reset();
    // Waits for an answer from us: marketing is held.
    const waiting = await contact({ email: 'waiting@example.com' });
    await t.deps.db.insert(conversations).values({
      id: 'cnv_waiting',
      contactId: waiting,
      subject: 'Where is my order?',
      normalizedSubject: 'where is my order?',
      status: 'open',
      waitingSince: t.clock.now() - 3600_000,
      lastMessageAt: t.clock.now() - 3600_000,
      createdAt: 0,
      updatedAt: 0,
    } as typeof conversations.$inferInsert);

    const id = await draft({ topic: 'news' });
    expect((await schedule(id, { acknowledge_warnings: true })).status).toBe(202);
    await tick();
    expect(sentTo()).toEqual(['yes@example.com']);
    const p = await progress(id);
    expect(p).toMatchObject({
      status: 'sending',
      total: 6,
      sent: 1,
      waiting: 1,
      held: { OpenConversation: 1 },
      skipped: { NoMarketingConsent: 1, TopicUnsubscribed: 1, Suppressed: 1, DailyCap: 1 },
      done: false,
    });
  });

  it("skips contacts outside the template's audience with NotInAudience", async () => {
    await contact({ email: 'young@example.com', attributes: { age: 22 } });
    await contact({ email: 'older@example.com', attributes: { age: 42 } });
    const id = await draft({ subject: null, text: null, template: 'youth_offer' });
    const scheduled = await schedule(id, { acknowledge_warnings: true });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(202);
    await tick();
    expect(sentTo()).toEqual(['young@example.com']);
    expect(await progress(id)).toMatchObject({ status: 'sent', skipped: { NotInAudience: 1 }, sent: 1, done: true });
  });
});

describe('progress', () => {
  it('streams NDJSON lines until the broadcast is done', async () => {
    await contact({ email: 'a@example.com' });
    await contact({ email: 'b@example.com' });
    const id = await draft();
    await schedule(id);
    const res = await api.request('GET', `/api/v1/broadcasts/${id}/progress`, undefined, { accept: 'application/x-ndjson' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    const lines: { status: string; sent: number; done: boolean }[] = [];
    const nextLine = async () => {
      while (!buffered.includes('\n')) {
        const { value, done } = await reader.read();
        if (done) return null;
        buffered += decoder.decode(value, { stream: true });
      }
      const at = buffered.indexOf('\n');
      const line = JSON.parse(buffered.slice(0, at));
      buffered = buffered.slice(at + 1);
      lines.push(line);
      return line;
    };
    expect(await nextLine()).toMatchObject({ status: 'scheduled', total: 0, done: false });
    await tick();
    while ((await nextLine()) !== null);
    expect(lines.at(-1)).toMatchObject({ status: 'sent', total: 2, sent: 2, done: true });
    expect(lines.length).toBeGreaterThanOrEqual(2);
  });

  it('ends a stream that is not done after its longest time (the client reconnects), reading no more often than asked', async () => {
    await contact({ email: 'a@example.com' });
    const id = await draft();
    await schedule(id, { at: '2026-11-24T09:00:00Z' });
    const waits: number[] = [];
    const stream = await streamBroadcastProgress(t.deps, id, {
      intervalMs: 1000,
      maxMs: 20_000,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const text = await new Response(stream).text();
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(waits).toEqual(Array(19).fill(1000));
    // Unchanged counts: the first line, and one again after 15 reads (keep-alive).
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => l.status === 'scheduled' && l.done === false)).toBe(true);
  });

  it('counts queued, sent and failed as the outbox goes', async () => {
    await contact({ email: 'a@example.com' });
    await contact({ email: 'b@example.com' });
    const id = await draft();
    await schedule(id);
    expect(await progress(id)).toMatchObject({ status: 'scheduled', total: 0, planning_done: false });
    await runDueWork(t.deps);
    expect(await progress(id)).toMatchObject({ status: 'sending', total: 2, planning_done: true, queued: 2, sent: 0, done: false });
    await deliverOutbox(t.deps);
    expect(await progress(id)).toMatchObject({ status: 'sent', total: 2, queued: 0, sent: 2, failed: 0, done: true });
  });
});

describe('replies', () => {
  it("thread into each person's own conversation, never into one shared thread", async () => {
    await contact({ email: 'ana@example.se', name: 'Ana Lind' });
    await contact({ email: 'bo@example.se', name: 'Bo Ek' });
    const id = await draft();
    await schedule(id);
    await tick();
    expect(sentTo()).toEqual(['ana@example.se', 'bo@example.se']);
    const out = await t.deps.db.select().from(messages).where(eq(messages.direction, 'out'));
    // No conversation per recipient until they answer; each message names its own contact.
    expect(out.map((m) => m.conversationId)).toEqual([null, null]);
    expect(await t.deps.db.$count(conversations)).toBe(0);
    expect(new Set(out.map((m) => m.contactId)).size).toBe(2);
    const conversationOf = new Map<string, string | null | undefined>();
    for (const m of out) {
      const from = m.toAddresses[0]!;
      const raw = new TextEncoder().encode(
        [
          `From: ${from}`,
          `To: ${m.headers!['Reply-To']}`,
          `Subject: Re: ${m.subject}`,
          `Message-ID: <reply-${from}>`,
          `In-Reply-To: <${m.messageIdHeader}>`,
          `References: <${m.messageIdHeader}>`,
          'Date: Mon, 23 Nov 2026 10:00:00 +0000',
          'Content-Type: text/plain; charset=utf-8',
          '',
          `Thanks, this is ${from} answering.`,
          '',
        ].join('\r\n'),
      );
      const answer = await deliver(t, raw);
      const [answered] = await t.deps.db.select().from(messages).where(eq(messages.id, m.id));
      expect(answer.conversation_id, from).toBe(answered!.conversationId);
      conversationOf.set(m.id, answer.conversation_id);
    }
    expect(new Set(conversationOf.values()).size).toBe(2);
    for (const m of out) {
      const thread = await t.deps.db
        .select()
        .from(messages)
        .where(eq(messages.conversationId, conversationOf.get(m.id)!));
      expect(thread.map((x) => `${x.direction}:${x.direction === 'in' ? x.fromAddress : x.toAddresses[0]}`).sort()).toEqual(
        [`in:${m.toAddresses[0]}`, `out:${m.toAddresses[0]}`].sort(),
      );
    }
    expect((await progress(id)).status).toBe('sent');
    const [b] = await t.deps.db.select().from(broadcasts).where(eq(broadcasts.id, id));
    expect(b!.status).toBe('sent');
  });
});
