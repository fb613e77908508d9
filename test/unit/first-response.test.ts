import { describe, expect, it } from 'vitest';
import { FIRST_RESPONSE_TARGET_MS, firstResponseDueAt } from '../../src/domain/inbox/first-response.ts';

describe('first-response target', () => {
  it('is 24 hours after the customer wrote', () => {
    expect(FIRST_RESPONSE_TARGET_MS).toBe(86_400_000);
    const wrote = Date.UTC(2026, 2, 28, 22, 30);
    expect(new Date(firstResponseDueAt(wrote)).toISOString()).toBe('2026-03-29T22:30:00.000Z');
  });

  it('counts elapsed time, not wall-clock days, across a daylight-saving change', () => {
    // Stockholm moved its clocks forward on 2026-03-29; the target is still 24 real hours later.
    const wrote = Date.UTC(2026, 2, 28, 12, 0);
    expect(firstResponseDueAt(wrote) - wrote).toBe(24 * 3600 * 1000);
  });
});
