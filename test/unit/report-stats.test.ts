import { describe, expect, it } from 'vitest';
import { firstResponseRows, percentile, rate, weekOf } from '../../src/domain/reports/stats.ts';

const H = 3_600_000;

describe('weekOf', () => {
  it.each([
    ['2026-11-30T00:00:00Z', '2026-11-30'],
    ['2026-12-06T23:59:59Z', '2026-11-30'],
    ['2026-12-07T00:00:00Z', '2026-12-07'],
    ['2027-01-01T12:00:00Z', '2026-12-28'],
  ])('%s is in the week of %s', (at, monday) => {
    expect(weekOf(Date.parse(at))).toBe(monday);
  });
});

describe('percentile and rate', () => {
  it('interpolates between ranks and answers null for nothing', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([5], 0.9)).toBe(5);
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBe(91);
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(0, 0)).toBeNull();
  });
});

describe('firstResponseRows', () => {
  it('counts an unanswered conversation against the target once its time is up, not before', () => {
    const now = 100 * H;
    const rows = firstResponseRows(
      [
        { group: 'w', firstInAt: 0, responseMs: 2 * H },
        { group: 'w', firstInAt: 0, responseMs: 30 * H },
        { group: 'w', firstInAt: 10 * H, responseMs: null },
        { group: 'w', firstInAt: 90 * H, responseMs: null },
        { group: 'a', firstInAt: 0, responseMs: H },
      ],
      24 * H,
      now,
    );
    expect(rows).toEqual([
      { group: 'a', conversations: 1, answered: 1, median_minutes: 60, p90_minutes: 60, within_target: 1 },
      { group: 'w', conversations: 4, answered: 2, median_minutes: 960, p90_minutes: 1632, within_target: 0.3333 },
    ]);
  });
});

describe('parseReportBound', () => {
  it('reads a date as the whole UTC day and a date-time as given', async () => {
    const { parseReportBound } = await import('../../src/domain/reports/stats.ts');
    expect(parseReportBound('2026-11-01', 'from')).toBe(Date.parse('2026-11-01T00:00:00Z'));
    expect(parseReportBound('2026-11-30', 'to')).toBe(Date.parse('2026-12-01T00:00:00Z'));
    expect(parseReportBound('2026-11-30T08:00:00+01:00', 'to')).toBe(Date.parse('2026-11-30T07:00:00Z'));
    expect(parseReportBound('2026-02-30', 'from')).toBeNull();
    expect(parseReportBound('last week', 'from')).toBeNull();
  });
});
