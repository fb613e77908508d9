// The delivery gate against a real database: what is loaded about a contact (delivery-history),
// the business's policy, decideDelivery end to end, and the stored decisions.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { conversations, frequencyCaps, messages, suppressions, topicSubscriptions, topics } from '../../db/schema.ts';
import { DEFAULT_POLICY } from '../../src/domain/delivery/policy.ts';
import type { DeliveryRequest } from '../../src/domain/delivery/types.ts';
import { parseDuration } from '../../src/domain/rules/time.ts';
import { upsertContact } from '../../src/services/contacts.ts';
import { decideDelivery, historyScope, loadDeliveryPolicy, QUIET_HOURS_SETTING } from '../../src/services/decideDelivery.ts';
import { receiveEmail } from '../../src/services/receiveEmail.ts';
import { sendMessage } from '../../src/services/sendMessage.ts';
import {
  countDeliveryDecisions,
  insertDeliveryDecisionsQuery,
  listDeliveryDecisionsForContact,
  type NewDeliveryDecision,
} from '../../src/store/delivery-decisions.ts';
import { loadDeliveryHistories, loadDeliveryHistory } from '../../src/store/delivery-history.ts';
import { putSetting } from '../../src/store/settings.ts';
import { useTestContext } from '../support/contexts.ts';
import { createTestContext } from '../support/test-deps.ts';

const t = useTestContext();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string) => Date.parse(iso);

function request(over: Partial<DeliveryRequest> = {}): DeliveryRequest {
  return {
    source: 'trigger',
    sourceName: 'spring_sale',
    category: 'marketing',
    topic: null,
    byPerson: false,
    window: null,
    limit: null,
    inAudience: true,
    firstDueAt: t.clock.now(),
    ...over,
  };
}

async function fan(email = 'ana@example.com', timezone = 'Europe/Stockholm') {
  return (await upsertContact(t.deps, { email, timezone, consent: { marketing: 'subscribed' } })).contact;
}

async function news(contactId: string, text = 'News') {
  return (await sendMessage(t.deps, { contactId, subject: 'News', text, category: 'marketing' })).message;
}

function customerWrites(from: string, id: string) {
  const raw = new TextEncoder().encode(
    [
      `From: Ana <${from}>`,
      'To: support@reply.acme.example',
      'Subject: Where is my parcel?',
      `Message-ID: <${id}@example.com>`,
      'Date: Mon, 23 Nov 2026 09:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hello, my parcel has not arrived. Can you help?',
      '',
    ].join('\r\n'),
  );
  return receiveEmail(t.deps, raw, { from, to: 'support@reply.acme.example' }, 'http');
}

function decisionRow(over: Partial<NewDeliveryDecision> & { contactId: string }): NewDeliveryDecision {
  return {
    id: t.deps.ids.next('dlv'),
    source: 'trigger',
    sourceName: 'spring_sale',
    step: 0,
    decision: 'sent',
    createdAt: t.clock.now(),
    ...over,
  };
}

describe('loadDeliveryHistory', () => {
  it('reads the contact, its sends per category at their send time, and nothing skipped or too old', async () => {
    const c = await fan();
    // Room for several marketing messages today (the default cap is one a local day).
    await t.deps.db
      .insert(frequencyCaps)
      .values({ id: 'cap_1', category: 'marketing', maxMessages: 10, windowSeconds: 86_400, createdAt: 0 });
    const old = await news(c.id, 'old');
    await t.deps.db
      .update(messages)
      .set({ createdAt: t.clock.now() - 9 * DAY })
      .where(eq(messages.id, old.id));
    const recent = await news(c.id, 'recent');
    // Sent an hour after it was queued: the send time counts.
    await t.deps.db
      .update(messages)
      .set({ sentAt: t.clock.now() + HOUR })
      .where(eq(messages.id, recent.id));
    await t.deps.db
      .update(messages)
      .set({ status: 'skipped' })
      .where(eq(messages.id, (await news(c.id, 'skipped')).id));
    const receipt = (await sendMessage(t.deps, { contactId: c.id, subject: 'Receipt', text: 'Thanks' })).message;

    const policy = await loadDeliveryPolicy(t.deps);
    const history = await loadDeliveryHistory(t.deps.db, c.id, historyScope(request(), policy, t.clock.now()));
    expect(history).toEqual({
      email: 'ana@example.com',
      timezone: 'Europe/Stockholm',
      marketingConsent: 'subscribed',
      marketingFrequency: 'normal',
      suppression: null,
      topicUnsubscribed: false,
      // Only the request's own category is capped, so only its sends are read.
      sentAt: [{ category: 'marketing', at: t.clock.now() + HOUR }],
      sourceSentAt: [],
      waitingSince: null,
    });
    // Without a category in the scope (all categories), the receipt counts too.
    const all = await loadDeliveryHistory(t.deps.db, c.id, { ...historyScope(request(), policy, t.clock.now()), sendCategories: null });
    expect(all!.sentAt).toEqual(
      expect.arrayContaining([
        { category: 'marketing', at: t.clock.now() + HOUR },
        { category: 'transactional', at: receipt.createdAt },
      ]),
    );
    expect(all!.sentAt).toHaveLength(2);
    expect(await loadDeliveryHistory(t.deps.db, 'con_missing', historyScope(request(), policy, t.clock.now()))).toBeNull();
  });

  it('finds a suppression under the plain address and a topic choice or its default', async () => {
    const c = await fan();
    await t.deps.db.insert(suppressions).values({ email: 'ana@example.com', reason: 'complaint', createdAt: 0 });
    await t.deps.db.insert(topics).values([
      { id: 'top_tips', key: 'tips', name: 'Tips', defaultSubscribed: false, createdAt: 0 },
      { id: 'top_news', key: 'news', name: 'News', defaultSubscribed: true, createdAt: 0 },
    ]);
    const scope = (topic: string | null) => historyScope(request({ topic }), DEFAULT_POLICY, t.clock.now());
    const read = async (topic: string | null) => (await loadDeliveryHistory(t.deps.db, c.id, scope(topic)))!;
    expect((await read(null)).suppression).toBe('complaint');
    expect((await read('tips')).topicUnsubscribed).toBe(true);
    expect((await read('news')).topicUnsubscribed).toBe(false);
    expect((await read('undefined-topic')).topicUnsubscribed).toBe(false);
    await t.deps.db.insert(topicSubscriptions).values([
      { contactId: c.id, topicId: 'top_tips', status: 'subscribed', updatedAt: 0 },
      { contactId: c.id, topicId: 'top_news', status: 'unsubscribed', updatedAt: 0 },
    ]);
    expect((await read('tips')).topicUnsubscribed).toBe(false);
    expect((await read('news')).topicUnsubscribed).toBe(true);
  });

  it("counts this source's first-step sends within its limit, and knows since when a conversation waits", async () => {
    const c = await fan();
    const now = t.clock.now();
    await t.deps.db.batch([
      insertDeliveryDecisionsQuery(t.deps.db, [
        decisionRow({ contactId: c.id, createdAt: now - 2 * DAY }),
        decisionRow({ contactId: c.id, createdAt: now - 8 * DAY }),
        decisionRow({ contactId: c.id, createdAt: now - DAY, step: 1 }),
        decisionRow({ contactId: c.id, createdAt: now - DAY, decision: 'skipped', reason: 'DailyCap' }),
        decisionRow({ contactId: c.id, createdAt: now - DAY, sourceName: 'welcome' }),
      ]),
    ]);
    await customerWrites('ana@example.com', 'q1');
    const limit = { count: 1, within: parseDuration('P7D')! };
    const history = (await loadDeliveryHistory(t.deps.db, c.id, historyScope(request({ limit }), DEFAULT_POLICY, now)))!;
    expect(history.sourceSentAt).toEqual([now - 2 * DAY]);
    expect(history.waitingSince).toBe(now);
    const unlimited = (await loadDeliveryHistory(t.deps.db, c.id, historyScope(request(), DEFAULT_POLICY, now)))!;
    expect(unlimited.sourceSentAt).toEqual([]);
  });

  it('loads many contacts at once, each with its own facts', async () => {
    const a = await fan('a@example.com');
    const b = await fan('b@example.com', 'Asia/Shanghai');
    const gone = { id: 'con_gone', email: 'gone@example.com', timezone: null, marketingConsent: 'unknown' as const };
    await news(a.id);
    await t.deps.db.insert(suppressions).values({ email: 'b@example.com', reason: 'hard_bounce', createdAt: 0 });
    await customerWrites('b@example.com', 'q2');
    const histories = await loadDeliveryHistories(t.deps.db, [a, b, gone], historyScope(request(), DEFAULT_POLICY, t.clock.now()));
    expect(histories.get(a.id)).toMatchObject({ suppression: null, waitingSince: null, sentAt: [{ category: 'marketing' }] });
    expect(histories.get(b.id)).toMatchObject({ timezone: 'Asia/Shanghai', suppression: 'hard_bounce', sentAt: [] });
    expect(histories.get(b.id)!.waitingSince).toBe(t.clock.now());
    expect(histories.get('con_gone')).toMatchObject({ marketingConsent: 'unknown', sentAt: [], suppression: null });
  });
});

describe('loadDeliveryPolicy', () => {
  it('is the default without settings', async () => {
    expect(await loadDeliveryPolicy(t.deps)).toEqual(DEFAULT_POLICY);
  });

  it('takes caps from frequency_caps in whole local days, replacing the defaults of their category', async () => {
    await t.deps.db.insert(frequencyCaps).values([
      { id: 'cap_1', category: 'marketing', maxMessages: 2, windowSeconds: 86_400, createdAt: 0 },
      { id: 'cap_2', category: 'transactional', maxMessages: 10, windowSeconds: 7 * 86_400, createdAt: 0 },
    ]);
    expect((await loadDeliveryPolicy(t.deps)).caps).toEqual([
      { category: 'marketing', max: 2, days: 1 },
      { category: 'transactional', max: 10, days: 7 },
    ]);
  });

  it('takes quiet hours from the settings table over QUIET_HOURS, and QUIET_HOURS over the default', async () => {
    const env = await createTestContext({ QUIET_HOURS: '22:30-07:00' });
    try {
      expect((await loadDeliveryPolicy(env.deps)).quietHours).toEqual({ start: 22 * 60 + 30, end: 7 * 60 });
      await putSetting(env.deps.db, QUIET_HOURS_SETTING, 'off', 0);
      expect((await loadDeliveryPolicy(env.deps)).quietHours).toBeNull();
      await putSetting(env.deps.db, QUIET_HOURS_SETTING, 'not a time', 0);
      expect((await loadDeliveryPolicy(env.deps)).quietHours).toEqual({ start: 22 * 60 + 30, end: 7 * 60 });
    } finally {
      env.cleanup();
    }
  });
});

describe('decideDelivery', () => {
  it('holds marketing while a conversation waits for an answer, and sends it once an agent answered', async () => {
    const c = await fan();
    await customerWrites('ana@example.com', 'q3');
    const waiting = await t.deps.db.select().from(conversations).where(eq(conversations.contactId, c.id));
    expect(waiting[0]!.waitingSince).not.toBeNull();

    const req = request();
    const held = await decideDelivery(t.deps, c.id, req);
    expect(held).toMatchObject({
      action: 'hold',
      reason: 'OpenConversation',
      until: t.clock.now() + DEFAULT_POLICY.openConversationRecheckMs,
    });

    t.clock.advance(2 * HOUR);
    await sendMessage(t.deps, {
      contactId: c.id,
      conversationId: waiting[0]!.id,
      subject: 'Re: Where is my parcel?',
      text: 'It is on its way.',
      category: 'support',
      author: 'agent',
    });
    expect(await decideDelivery(t.deps, c.id, req)).toEqual({ action: 'send' });
  });

  it('drops held marketing after 7 days of waiting', async () => {
    const c = await fan();
    await customerWrites('ana@example.com', 'q4');
    const req = request();
    t.clock.advance(7 * DAY + 1);
    expect(await decideDelivery(t.deps, c.id, req)).toMatchObject({ action: 'skip', reason: 'HoldExpired' });
  });

  it('caps marketing by the local calendar day: 23:30 and 00:30 in Stockholm are two days', async () => {
    await putSetting(t.deps.db, QUIET_HOURS_SETTING, 'off', 0);
    t.clock.set(at('2026-11-23T22:30:00Z')); // 23:30 in Stockholm
    const c = await fan();
    await news(c.id);
    t.clock.set(at('2026-11-23T22:50:00Z'));
    expect(await decideDelivery(t.deps, c.id, request())).toMatchObject({
      action: 'skip',
      reason: 'DailyCap',
      detail: 'at most 1 marketing message per local day (Europe/Stockholm); last sent 2026-11-23 23:30 local',
    });
    t.clock.set(at('2026-11-23T23:30:00Z')); // 00:30 the next day in Stockholm, an hour later
    expect(await decideDelivery(t.deps, c.id, request())).toEqual({ action: 'send' });
  });

  it('holds marketing in quiet hours until they end in the contact’s zone', async () => {
    t.clock.set(at('2026-11-23T01:00:00Z')); // 02:00 in Stockholm, 09:00 in Shanghai
    const sthlm = await fan('ana@example.com');
    const shanghai = await fan('li@example.com', 'Asia/Shanghai');
    expect(await decideDelivery(t.deps, sthlm.id, request())).toEqual({
      action: 'hold',
      reason: 'QuietHours',
      until: at('2026-11-23T07:00:00Z'),
      detail: 'quiet hours 21:00–08:00 Europe/Stockholm; due 02:00 local, held until 08:00',
    });
    expect(await decideDelivery(t.deps, shanghai.id, request())).toEqual({ action: 'send' });
  });

  it('skips a contact that is gone', async () => {
    expect(await decideDelivery(t.deps, 'con_nobody', request())).toMatchObject({ action: 'skip', reason: 'ContactGone' });
  });
});

describe('delivery decisions', () => {
  it('are stored in a batch, read per contact newest first, and counted per source by decision and reason', async () => {
    const c = await fan();
    const now = t.clock.now();
    await t.deps.db.batch([
      insertDeliveryDecisionsQuery(t.deps.db, [
        decisionRow({ contactId: c.id, decision: 'scheduled', at: now + HOUR, createdAt: now - 3 }),
        decisionRow({ contactId: c.id, decision: 'held', reason: 'QuietHours', detail: 'quiet', at: now + HOUR, createdAt: now - 2 }),
        decisionRow({ contactId: c.id, decision: 'sent', createdAt: now - 1 }),
        decisionRow({ contactId: c.id, decision: 'skipped', reason: 'DailyCap', createdAt: now, sourceName: 'welcome' }),
        decisionRow({ contactId: c.id, decision: 'skipped', reason: 'DailyCap', createdAt: now + 1, sourceName: 'welcome' }),
      ]),
    ]);
    const rows = await listDeliveryDecisionsForContact(t.deps.db, c.id);
    expect(rows.map((r) => r.decision)).toEqual(['skipped', 'skipped', 'sent', 'held', 'scheduled']);
    const page = await listDeliveryDecisionsForContact(t.deps.db, c.id, { limit: 2, before: rows[1]! });
    expect(page.map((r) => r.decision)).toEqual(['sent', 'held']);
    expect(await countDeliveryDecisions(t.deps.db, 'trigger')).toEqual([
      { sourceName: 'spring_sale', decision: 'held', reason: 'QuietHours', count: 1 },
      { sourceName: 'spring_sale', decision: 'scheduled', reason: null, count: 1 },
      { sourceName: 'spring_sale', decision: 'sent', reason: null, count: 1 },
      { sourceName: 'welcome', decision: 'skipped', reason: 'DailyCap', count: 2 },
    ]);
    expect(await countDeliveryDecisions(t.deps.db, 'trigger', 'welcome')).toHaveLength(1);
  });
});
