import { describe, expect, it } from 'vitest';
import { toLocalDayCap } from '../../src/domain/outbound/frequency-cap.ts';

describe('toLocalDayCap', () => {
  it('reads a stored window as whole local calendar days, at least one', () => {
    expect(toLocalDayCap({ category: 'marketing', maxMessages: 2, windowSeconds: 24 * 3600 })).toEqual({
      category: 'marketing',
      max: 2,
      days: 1,
    });
    expect(toLocalDayCap({ category: 'marketing', maxMessages: 5, windowSeconds: 7 * 24 * 3600 })).toMatchObject({ days: 7 });
    expect(toLocalDayCap({ category: 'support', maxMessages: 1, windowSeconds: 6 * 3600 })).toMatchObject({ days: 1 });
    expect(toLocalDayCap({ category: 'support', maxMessages: 1, windowSeconds: 30 * 3600 })).toMatchObject({ days: 2 });
  });
});
