import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CAPS,
  type FrequencyCap,
  describeCap,
  effectiveCaps,
  exceededCap,
  longestWindowMs,
} from '../../src/domain/outbound/frequency-cap.ts';

const HOUR = 3600 * 1000;
const NOW = 1_700_000_000_000;
const daily: FrequencyCap = { category: 'marketing', maxMessages: 2, windowSeconds: 24 * 3600 };
const weekly: FrequencyCap = { category: 'marketing', maxMessages: 5, windowSeconds: 7 * 24 * 3600 };

describe('effectiveCaps', () => {
  it('caps marketing by default and leaves transactional and support mail uncapped', () => {
    expect(effectiveCaps([], 'marketing')).toEqual(DEFAULT_CAPS);
    expect(effectiveCaps([], 'transactional')).toEqual([]);
    expect(effectiveCaps([], 'support')).toEqual([]);
  });

  it('lets configured caps replace the defaults of their own category only', () => {
    const support: FrequencyCap = { category: 'support', maxMessages: 10, windowSeconds: 3600 };
    const marketing: FrequencyCap = { category: 'marketing', maxMessages: 1, windowSeconds: 3600 };
    expect(effectiveCaps([support], 'support')).toEqual([support]);
    expect(effectiveCaps([support], 'marketing')).toEqual(DEFAULT_CAPS);
    expect(effectiveCaps([support, marketing], 'marketing')).toEqual([marketing]);
  });
});

describe('longestWindowMs', () => {
  it('is the widest window in milliseconds, or 0 without caps', () => {
    expect(longestWindowMs([daily, weekly])).toBe(7 * 24 * HOUR);
    expect(longestWindowMs([])).toBe(0);
  });
});

describe('exceededCap', () => {
  it('allows mail while fewer than the maximum were sent in the window', () => {
    expect(exceededCap([daily], [], NOW)).toBeNull();
    expect(exceededCap([daily], [NOW - HOUR], NOW)).toBeNull();
  });

  it('stops the message that would be one too many', () => {
    expect(exceededCap([daily], [NOW - HOUR, NOW - 2 * HOUR], NOW)).toEqual(daily);
  });

  it('does not count a message sent exactly one window ago', () => {
    expect(exceededCap([daily], [NOW - 24 * HOUR, NOW - HOUR], NOW)).toBeNull();
    expect(exceededCap([daily], [NOW - 24 * HOUR + 1, NOW - HOUR], NOW)).toEqual(daily);
  });

  it('checks every cap and reports the first that is broken', () => {
    const spreadOverWeek = [1, 2, 3, 4, 5].map((d) => NOW - d * 24 * HOUR + HOUR);
    expect(exceededCap([daily, weekly], spreadOverWeek, NOW)).toEqual(weekly);
    expect(exceededCap([daily, weekly], [NOW - 1, NOW - 2, ...spreadOverWeek], NOW)).toEqual(daily);
  });
});

describe('describeCap', () => {
  it('says the limit in words, days where the window is whole days', () => {
    expect(describeCap(daily)).toBe('at most 2 marketing messages per 1 day');
    expect(describeCap(weekly)).toBe('at most 5 marketing messages per 7 days');
    expect(describeCap({ category: 'support', maxMessages: 1, windowSeconds: 6 * 3600 })).toBe('at most 1 support message per 6 hours');
  });
});
