import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  capLookbackMs,
  capsFor,
  parseQuietHours,
  policyWith,
  windowSecondsToDays,
} from '../../src/domain/delivery/policy.ts';

const DAY = 86_400_000;

describe('DEFAULT_POLICY', () => {
  it('caps marketing at 1 a local day and 3 in 7, keeps quiet 21:00–08:00 for marketing, holds for 7 days', () => {
    expect(capsFor(DEFAULT_POLICY, 'marketing')).toEqual([
      { category: 'marketing', max: 1, days: 1 },
      { category: 'marketing', max: 3, days: 7 },
    ]);
    expect(capsFor(DEFAULT_POLICY, 'transactional')).toEqual([]);
    expect(capsFor(DEFAULT_POLICY, 'support')).toEqual([]);
    expect(DEFAULT_POLICY.quietHours).toEqual({ start: 1260, end: 480 });
    expect(DEFAULT_POLICY.quietHoursCategories).toEqual(['marketing']);
    expect(DEFAULT_POLICY.openConversationHoldMs).toBe(7 * DAY);
  });
});

describe('policyWith', () => {
  it('lets configured caps replace the defaults of their own category only', () => {
    const support = { category: 'support' as const, max: 10, days: 1 };
    expect(capsFor(policyWith({ caps: [support] }), 'marketing')).toEqual(capsFor(DEFAULT_POLICY, 'marketing'));
    expect(capsFor(policyWith({ caps: [support] }), 'support')).toEqual([support]);
    const marketing = { category: 'marketing' as const, max: 2, days: 30 };
    expect(capsFor(policyWith({ caps: [marketing] }), 'marketing')).toEqual([marketing]);
  });

  it('keeps the default quiet hours unless set, and null switches them off', () => {
    expect(policyWith({}).quietHours).toEqual(DEFAULT_POLICY.quietHours);
    expect(policyWith({ quietHours: undefined }).quietHours).toEqual(DEFAULT_POLICY.quietHours);
    expect(policyWith({ quietHours: null }).quietHours).toBeNull();
    expect(policyWith({ quietHours: { start: 60, end: 120 } }).quietHours).toEqual({ start: 60, end: 120 });
  });
});

describe('windowSecondsToDays', () => {
  it.each([
    [86_400, 1],
    [7 * 86_400, 7],
    [6 * 3600, 1],
    [36 * 3600, 2],
    [0, 1],
  ])('%i s → %i local days', (seconds, days) => {
    expect(windowSecondsToDays(seconds)).toBe(days);
  });
});

describe('capLookbackMs', () => {
  it('covers the longest cap plus a day for zone offsets', () => {
    expect(capLookbackMs(DEFAULT_POLICY)).toBe(8 * DAY);
    expect(capLookbackMs(policyWith({ caps: [{ category: 'marketing', max: 5, days: 30 }] }))).toBe(31 * DAY);
    expect(capLookbackMs({ ...DEFAULT_POLICY, caps: [] })).toBe(2 * DAY);
  });
});

describe('parseQuietHours', () => {
  it.each([
    ['21:00-08:00', { start: 1260, end: 480 }],
    [' 22:30 – 07:15 ', { start: 1350, end: 435 }],
    ['12:00-13:00', { start: 720, end: 780 }],
    ['off', null],
    ['NONE', null],
    ['', null],
    ['08:00-08:00', null],
    ['21-08', undefined],
    ['24:00-08:00', undefined],
    ['21:00', undefined],
  ])('%j → %j', (text, expected) => {
    expect(parseQuietHours(text)).toEqual(expected);
  });
});
