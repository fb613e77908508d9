import { describe, expect, it } from 'vitest';
import { decide, dueTime } from '../../src/domain/delivery/decide.ts';
import { DEFAULT_POLICY, policyWith } from '../../src/domain/delivery/policy.ts';
import type { DeliveryHistory, DeliveryPolicy, DeliveryRequest } from '../../src/domain/delivery/types.ts';
import { parseDuration } from '../../src/domain/rules/time.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;
const HOUR = 3_600_000;
const STHLM = 'Europe/Stockholm';

function request(over: Partial<DeliveryRequest> = {}): DeliveryRequest {
  return {
    source: 'trigger',
    sourceName: 'welcome',
    category: 'marketing',
    topic: null,
    byPerson: false,
    window: null,
    limit: null,
    inAudience: true,
    firstDueAt: at('2026-11-23T09:00:00Z'),
    ...over,
  };
}

function history(over: Partial<DeliveryHistory> = {}): DeliveryHistory {
  return {
    email: 'ana@example.com',
    timezone: STHLM,
    marketingConsent: 'subscribed',
    suppression: null,
    topicUnsubscribed: false,
    sentAt: [],
    sourceSentAt: [],
    waitingSince: null,
    ...over,
  };
}

// Monday 2026-11-23, 12:00 in Stockholm (UTC+1).
const NOON = at('2026-11-23T11:00:00Z');
const marketingAt = (...times: string[]) => times.map((t) => ({ category: 'marketing' as const, at: at(t) }));

describe('decide: who may be mailed', () => {
  it.each<[string, Partial<DeliveryRequest>, Partial<DeliveryHistory>, string, string]>([
    ['no address', {}, { email: null }, 'NoAddress', 'the contact has no address'],
    ['a bounced address, marketing', {}, { suppression: 'hard_bounce' }, 'Suppressed', 'ana@example.com is suppressed (hard_bounce)'],
    [
      'a bounced address, a receipt',
      { category: 'transactional' },
      { suppression: 'hard_bounce' },
      'Suppressed',
      'suppressed (hard_bounce)',
    ],
    ['an unsubscribed address, marketing', {}, { suppression: 'unsubscribed' }, 'Suppressed', 'suppressed (unsubscribed)'],
    ['marketing without consent', {}, { marketingConsent: 'unknown' }, 'NoMarketingConsent', 'no marketing consent (unknown)'],
    ['a topic opted out of', { topic: 'tips' }, { topicUnsubscribed: true }, 'TopicUnsubscribed', 'unsubscribed from the topic "tips"'],
    ['outside the audience', { inAudience: false }, {}, 'NotInAudience', 'audience'],
    ['a person, suppressed', { byPerson: true, category: 'support' }, { suppression: 'complaint' }, 'Suppressed', 'complaint'],
  ])('skips %s', (_name, req, hist, reason, detail) => {
    const decision = decide(request(req), history(hist), DEFAULT_POLICY, NOON);
    expect(decision).toMatchObject({ action: 'skip', reason, detail: expect.stringContaining(detail) });
  });

  it('checks suppression before consent, consent before the topic', () => {
    const all = history({ suppression: 'hard_bounce', marketingConsent: 'unsubscribed', topicUnsubscribed: true });
    expect(decide(request({ topic: 'tips' }), all, DEFAULT_POLICY, NOON)).toMatchObject({ reason: 'Suppressed' });
    const noConsent = history({ marketingConsent: 'unsubscribed', topicUnsubscribed: true });
    expect(decide(request({ topic: 'tips' }), noConsent, DEFAULT_POLICY, NOON)).toMatchObject({ reason: 'NoMarketingConsent' });
  });

  it.each<[string, Partial<DeliveryRequest>, Partial<DeliveryHistory>]>([
    ['a receipt to an unsubscribed address', { category: 'transactional' }, { suppression: 'unsubscribed' }],
    ['a receipt without marketing consent', { category: 'transactional' }, { marketingConsent: 'unsubscribed' }],
    ['marketing with consent', {}, {}],
    ['a topic the contact did not opt out of', { topic: 'tips' }, {}],
  ])('sends %s', (_name, req, hist) => {
    expect(decide(request(req), history(hist), DEFAULT_POLICY, NOON)).toEqual({ action: 'send' });
  });
});

describe('decide: the trigger limit', () => {
  const limit = { count: 1, within: parseDuration('P7D')! };

  it.each<[string, number[], string]>([
    ['never sent', [], 'send'],
    ['sent 6 days ago', [NOON - 6 * DAY], 'skip'],
    ['sent exactly 7 days ago', [NOON - 7 * DAY], 'send'],
    ['sent 8 days ago', [NOON - 8 * DAY], 'send'],
  ])('once per P7D: %s → %s', (_name, sourceSentAt, action) => {
    expect(decide(request({ limit }), history({ sourceSentAt }), DEFAULT_POLICY, NOON).action).toBe(action);
  });

  it("names the limit and the last send's local time", () => {
    const decision = decide(
      request({ limit, category: 'transactional' }),
      history({ sourceSentAt: [at('2026-11-20T17:15:00Z')] }),
      DEFAULT_POLICY,
      NOON,
    );
    expect(decision).toEqual({
      action: 'skip',
      reason: 'TriggerLimit',
      detail: 'welcome is sent at most 1 time per P7D; last sent 2026-11-20 18:15 local (Europe/Stockholm)',
    });
  });

  it('allows count sends within the duration', () => {
    const twice = { count: 2, within: parseDuration('P1D')! };
    expect(decide(request({ limit: twice }), history({ sourceSentAt: [NOON - HOUR] }), DEFAULT_POLICY, NOON).action).toBe('send');
    const both = history({ sourceSentAt: [NOON - HOUR, NOON - 2 * HOUR] });
    expect(decide(request({ limit: twice }), both, DEFAULT_POLICY, NOON)).toMatchObject({ reason: 'TriggerLimit' });
  });

  it('does not limit a person', () => {
    const req = request({ limit, byPerson: true, category: 'support' });
    expect(decide(req, history({ sourceSentAt: [NOON - HOUR] }), DEFAULT_POLICY, NOON).action).toBe('send');
  });
});

describe('decide: caps in local calendar days', () => {
  it.each<[string, string[], string, string | null]>([
    ['nothing sent yet', [], '2026-11-23T11:00:00Z', null],
    ['one earlier today', ['2026-11-23T07:00:00Z'], '2026-11-23T11:00:00Z', 'DailyCap'],
    ['one yesterday evening, 23:30 local', ['2026-11-22T22:30:00Z'], '2026-11-22T23:30:00Z', null],
    ['one at 00:10 local, now 23:50 local the same day', ['2026-11-22T23:10:00Z'], '2026-11-23T22:50:00Z', 'DailyCap'],
    [
      'three in the last 7 local days',
      ['2026-11-17T08:00:00Z', '2026-11-19T08:00:00Z', '2026-11-21T08:00:00Z'],
      '2026-11-23T11:00:00Z',
      'WeeklyCap',
    ],
    [
      'three, the first 7 local days ago',
      ['2026-11-16T08:00:00Z', '2026-11-19T08:00:00Z', '2026-11-21T08:00:00Z'],
      '2026-11-23T11:00:00Z',
      null,
    ],
    [
      'three, the first at 00:05 local 6 days ago',
      ['2026-11-16T23:05:00Z', '2026-11-19T08:00:00Z', '2026-11-21T08:00:00Z'],
      '2026-11-23T11:00:00Z',
      'WeeklyCap',
    ],
    [
      'three, the first at 23:55 local 7 days ago',
      ['2026-11-16T22:55:00Z', '2026-11-19T08:00:00Z', '2026-11-21T08:00:00Z'],
      '2026-11-23T11:00:00Z',
      null,
    ],
  ])('marketing in Stockholm: %s', (_name, sent, now, reason) => {
    const decision = decide(request(), history({ sentAt: marketingAt(...sent) }), policyWith({ quietHours: null }), at(now));
    if (reason) expect(decision).toMatchObject({ action: 'skip', reason });
    else expect(decision).toEqual({ action: 'send' });
  });

  it('across the spring DST change: 23:30 and 00:30 local are two days in Stockholm, one in UTC', () => {
    // Saturday 2026-03-28 23:30 CET = 22:30Z; Sunday 00:30 CET = 23:30Z (the clocks move at 02:00 that night).
    const sent = history({ sentAt: marketingAt('2026-03-28T22:30:00Z') });
    const now = at('2026-03-28T23:30:00Z');
    const policy = policyWith({ quietHours: null });
    expect(decide(request(), sent, policy, now)).toEqual({ action: 'send' });
    expect(decide(request(), { ...sent, timezone: 'UTC' }, policy, now)).toMatchObject({ action: 'skip', reason: 'DailyCap' });
  });

  it('across the autumn DST change: the 25-hour day is one day', () => {
    // 2026-10-25 00:05 CEST = 24 Oct 22:05Z; 23:55 CET = 22:55Z, 24 h 50 min later, still the same local day.
    const sent = history({ sentAt: marketingAt('2026-10-24T22:05:00Z') });
    const decision = decide(request(), sent, policyWith({ quietHours: null }), at('2026-10-25T22:55:00Z'));
    expect(decision).toMatchObject({ action: 'skip', reason: 'DailyCap' });
  });

  it('counts in Asia/Shanghai by its own days', () => {
    // 23:30 and 00:30 in Shanghai: 15:30Z and 16:30Z.
    const sent = history({ timezone: 'Asia/Shanghai', sentAt: marketingAt('2026-11-23T15:30:00Z') });
    const policy = policyWith({ quietHours: null });
    expect(decide(request(), sent, policy, at('2026-11-23T16:30:00Z'))).toEqual({ action: 'send' });
    // The same two instants are one Stockholm day (16:30 and 17:30 local).
    expect(decide(request(), { ...sent, timezone: STHLM }, policy, at('2026-11-23T16:30:00Z'))).toMatchObject({ reason: 'DailyCap' });
  });

  it('says which cap and when the last send was', () => {
    const decision = decide(request(), history({ sentAt: marketingAt('2026-11-23T07:00:00Z') }), DEFAULT_POLICY, NOON);
    expect(decision).toEqual({
      action: 'skip',
      reason: 'DailyCap',
      detail: 'at most 1 marketing message per local day (Europe/Stockholm); last sent 2026-11-23 08:00 local',
    });
    const week = history({ sentAt: marketingAt('2026-11-17T08:00:00Z', '2026-11-19T08:00:00Z', '2026-11-21T08:00:00Z') });
    expect(decide(request(), week, DEFAULT_POLICY, NOON)).toMatchObject({
      detail: 'at most 3 marketing messages per 7 local days (Europe/Stockholm); last sent 2026-11-21 09:00 local',
    });
  });

  it('counts in UTC, and says so, when the contact has no valid zone', () => {
    const decision = decide(
      request(),
      history({ timezone: 'Narnia/Cair', sentAt: marketingAt('2026-11-23T07:00:00Z') }),
      DEFAULT_POLICY,
      NOON,
    );
    expect(decision).toMatchObject({ reason: 'DailyCap', detail: expect.stringContaining('(UTC: unknown time zone "Narnia/Cair")') });
  });

  it('leaves receipts, support mail and people uncapped by default, but obeys a configured cap', () => {
    const many = history({
      sentAt: [1, 2, 3].flatMap((h) => [
        { category: 'transactional' as const, at: NOON - h * HOUR },
        { category: 'marketing' as const, at: NOON - h * HOUR },
      ]),
    });
    expect(decide(request({ category: 'transactional' }), many, DEFAULT_POLICY, NOON).action).toBe('send');
    expect(decide(request({ category: 'marketing', byPerson: true }), many, DEFAULT_POLICY, NOON).action).toBe('send');
    const capped = policyWith({ caps: [{ category: 'transactional', max: 3, days: 1 }] });
    expect(decide(request({ category: 'transactional' }), many, capped, NOON)).toMatchObject({ reason: 'DailyCap' });
  });

  it('does not count other categories', () => {
    const receipts = history({ sentAt: [{ category: 'transactional', at: NOON - HOUR }] });
    expect(decide(request(), receipts, DEFAULT_POLICY, NOON).action).toBe('send');
  });
});

describe('decide: quiet hours', () => {
  it.each<[string, string, string, string | null]>([
    ['02:00 local → 08:00 the same local day', STHLM, '2026-11-23T01:00:00Z', '2026-11-23T07:00:00.000Z'],
    ['22:00 local → 08:00 the next day', STHLM, '2026-11-23T21:00:00Z', '2026-11-24T07:00:00.000Z'],
    ['21:00 local exactly is quiet', STHLM, '2026-11-23T20:00:00Z', '2026-11-24T07:00:00.000Z'],
    ['07:59 local is quiet', STHLM, '2026-11-23T06:59:00Z', '2026-11-23T07:00:00.000Z'],
    ['08:00 local is not', STHLM, '2026-11-23T07:00:00Z', null],
    ['20:59 local is not', STHLM, '2026-11-23T19:59:00Z', null],
    ['Shanghai 02:00 → 08:00 Shanghai', 'Asia/Shanghai', '2026-11-22T18:00:00Z', '2026-11-23T00:00:00.000Z'],
    ['Stockholm noon is Shanghai 19:00: no hold', 'Asia/Shanghai', '2026-11-23T11:00:00Z', null],
    ['Shanghai 22:00 is Stockholm 15:00: held in Shanghai', 'Asia/Shanghai', '2026-11-23T14:00:00Z', '2026-11-24T00:00:00.000Z'],
    ['the spring-forward night: 01:30 CET → 08:00 CEST', STHLM, '2026-03-29T00:30:00Z', '2026-03-29T06:00:00.000Z'],
    ['the autumn night: 02:30 (second) → 08:00 CET', STHLM, '2026-10-25T01:30:00Z', '2026-10-25T07:00:00.000Z'],
  ])('%s', (_name, timezone, now, until) => {
    const decision = decide(request(), history({ timezone }), DEFAULT_POLICY, at(now));
    if (until) expect(decision).toMatchObject({ action: 'hold', reason: 'QuietHours', until: at(until) });
    else expect(decision).toEqual({ action: 'send' });
  });

  it('says why and until when', () => {
    expect(decide(request(), history(), DEFAULT_POLICY, at('2026-11-23T01:00:00Z'))).toMatchObject({
      detail: 'quiet hours 21:00–08:00 Europe/Stockholm; due 02:00 local, held until 08:00',
    });
    expect(decide(request(), history(), DEFAULT_POLICY, at('2026-11-23T21:00:00Z'))).toMatchObject({
      detail: 'quiet hours 21:00–08:00 Europe/Stockholm; due 22:00 local, held until 08:00 the next day',
    });
  });

  it('lets receipts, support mail and people through; quiet hours may be configured or switched off', () => {
    const night = at('2026-11-23T01:00:00Z');
    expect(decide(request({ category: 'transactional' }), history(), DEFAULT_POLICY, night).action).toBe('send');
    expect(decide(request({ category: 'support', byPerson: true }), history(), DEFAULT_POLICY, night).action).toBe('send');
    expect(decide(request(), history(), policyWith({ quietHours: null }), night).action).toBe('send');
    const daytimeQuiet = policyWith({ quietHours: { start: 12 * 60, end: 13 * 60 } });
    expect(decide(request(), history(), daytimeQuiet, night).action).toBe('send');
    expect(decide(request(), history(), daytimeQuiet, NOON)).toMatchObject({ action: 'hold', until: at('2026-11-23T12:00:00Z') });
  });
});

describe('decide: the send window', () => {
  const weekdays = { start: 9 * 60, end: 18 * 60, days: [1, 2, 3, 4, 5] };
  const noQuiet = policyWith({ quietHours: null });

  it.each<[string, string, string | null]>([
    ['Monday noon is open', '2026-11-23T11:00:00Z', null],
    ['Monday 08:30 → 09:00', '2026-11-23T07:30:00Z', '2026-11-23T08:00:00.000Z'],
    ['Monday 18:00 → Tuesday 09:00', '2026-11-23T17:00:00Z', '2026-11-24T08:00:00.000Z'],
    ['Friday 19:00 → Monday 09:00', '2026-11-27T18:00:00Z', '2026-11-30T08:00:00.000Z'],
    ['Saturday noon → Monday 09:00', '2026-11-28T11:00:00Z', '2026-11-30T08:00:00.000Z'],
    ['Sunday 23:00 → Monday 09:00', '2026-11-29T22:00:00Z', '2026-11-30T08:00:00.000Z'],
    ['Saturday before the spring change → Monday 09:00 CEST', '2026-03-28T11:00:00Z', '2026-03-30T07:00:00.000Z'],
  ])('weekdays 09:00–18:00, Stockholm: %s', (_name, now, until) => {
    const decision = decide(request({ window: weekdays }), history(), noQuiet, at(now));
    if (until) expect(decision).toMatchObject({ action: 'hold', reason: 'SendWindow', until: at(until) });
    else expect(decision).toEqual({ action: 'send' });
  });

  it('says which window and until when', () => {
    expect(decide(request({ window: weekdays }), history(), noQuiet, at('2026-11-28T11:00:00Z'))).toMatchObject({
      detail: 'send window 09:00–18:00 Mon–Fri Europe/Stockholm; due Sat 12:00 local, held until Mon 2026-11-30 09:00',
    });
  });

  it('handles a window across midnight that belongs to the day it opens', () => {
    const fridayNight = { start: 22 * 60, end: 2 * 60, days: [5] };
    // Saturday 01:00 local is still Friday's window; Saturday 23:00 is not.
    expect(decide(request({ window: fridayNight }), history(), noQuiet, at('2026-11-28T00:00:00Z')).action).toBe('send');
    expect(decide(request({ window: fridayNight }), history(), noQuiet, at('2026-11-28T22:00:00Z'))).toMatchObject({
      until: at('2026-12-04T21:00:00Z'),
    });
  });

  it('holds in the weekday of the contact, not of UTC', () => {
    // Monday 00:30 in Shanghai is Sunday 16:30 UTC: Shanghai's Monday window opens at 09:00 Shanghai.
    const decision = decide(request({ window: weekdays }), history({ timezone: 'Asia/Shanghai' }), noQuiet, at('2026-11-29T16:30:00Z'));
    expect(decision).toMatchObject({ until: at('2026-11-30T01:00:00Z') });
  });

  it('applies quiet hours first', () => {
    const decision = decide(request({ window: weekdays }), history(), DEFAULT_POLICY, at('2026-11-28T01:00:00Z'));
    expect(decision).toMatchObject({ reason: 'QuietHours', until: at('2026-11-28T07:00:00Z') });
  });
});

describe('decide: marketing while a conversation waits for the business', () => {
  const firstDueAt = at('2026-11-20T11:00:00Z');
  const waiting = history({ waitingSince: at('2026-11-19T10:00:00Z') });
  const policy: DeliveryPolicy = DEFAULT_POLICY;

  it('holds marketing and looks again after the recheck interval', () => {
    expect(decide(request({ firstDueAt }), waiting, policy, NOON)).toEqual({
      action: 'hold',
      until: NOON + policy.openConversationRecheckMs,
      reason: 'OpenConversation',
      detail:
        'a conversation has waited for an answer since 2026-11-19 11:00 local; ' +
        'marketing waits until it is answered, at the latest until 2026-11-27 12:00 local',
    });
  });

  it('drops it once held longer than 7 days since it was first due', () => {
    const late = firstDueAt + 7 * DAY;
    expect(decide(request({ firstDueAt }), waiting, policy, late).action).toBe('hold');
    expect(decide(request({ firstDueAt }), waiting, policy, late + 1)).toMatchObject({ action: 'skip', reason: 'HoldExpired' });
  });

  it('sends once nobody waits, and never holds receipts', () => {
    expect(decide(request({ firstDueAt }), history(), policy, NOON)).toEqual({ action: 'send' });
    expect(decide(request({ firstDueAt, category: 'transactional' }), waiting, policy, NOON)).toEqual({ action: 'send' });
  });
});

describe('dueTime', () => {
  const weekdays = { start: 9 * 60, end: 18 * 60, days: [1, 2, 3, 4, 5] };

  it('moves 02:00 local to 08:00 and says so', () => {
    expect(dueTime(at('2026-11-23T01:00:00Z'), STHLM, request(), DEFAULT_POLICY)).toEqual({
      at: at('2026-11-23T07:00:00Z'),
      reason: 'QuietHours',
      detail: 'quiet hours 21:00–08:00 Europe/Stockholm; due 02:00 local, held until 08:00',
    });
  });

  it('leaves a good time alone', () => {
    expect(dueTime(NOON, STHLM, request(), DEFAULT_POLICY)).toEqual({ at: NOON, reason: null, detail: null });
    expect(dueTime(at('2026-11-23T01:00:00Z'), STHLM, request({ category: 'transactional' }), DEFAULT_POLICY).reason).toBeNull();
  });

  it('moves out of quiet hours and then into the window', () => {
    const due = dueTime(at('2026-11-28T01:00:00Z'), STHLM, request({ window: weekdays }), DEFAULT_POLICY);
    expect(iso(due.at)).toBe('2026-11-30T08:00:00.000Z');
    expect(due.reason).toBe('SendWindow');
    expect(due.detail).toContain('held until 08:00; then send window 09:00–18:00 Mon–Fri');
  });

  it('moves out of quiet hours again when the window opens inside them', () => {
    const early = { start: 6 * 60, end: 10 * 60, days: [1, 2, 3, 4, 5, 6, 7] };
    const due = dueTime(at('2026-11-23T11:00:00Z'), STHLM, request({ window: early }), DEFAULT_POLICY);
    expect(iso(due.at)).toBe('2026-11-24T07:00:00.000Z');
    expect(due.reason).toBe('QuietHours');
  });

  it('schedules the birthday at 09:00 in Shanghai and in Stockholm by each one’s clock', () => {
    const window = { start: 9 * 60, end: 18 * 60, days: [1, 2, 3, 4, 5, 6, 7] };
    expect(iso(dueTime(at('2026-11-23T00:30:00Z'), 'Asia/Shanghai', request({ window }), DEFAULT_POLICY).at)).toBe(
      '2026-11-23T01:00:00.000Z',
    );
    expect(iso(dueTime(at('2026-11-23T00:30:00Z'), STHLM, request({ window }), DEFAULT_POLICY).at)).toBe('2026-11-23T08:00:00.000Z');
  });
});
