import { describe, expect, it } from 'vitest';
import { firstResponseDueAt, targetMeter } from '../../src/domain/inbox/first-response.ts';
import {
  addBusinessMs,
  type BusinessHours,
  businessMsBetween,
  businessTimeMeter,
  formatOpeningHours,
  parseOpeningHours,
} from '../../src/domain/time/business-hours.ts';

const H = 3_600_000;
const weekdays = (start: number, end: number): BusinessHours => ({
  timeZone: 'Europe/Stockholm',
  week: [0, 1, 2, 3, 4, 5, 6].map((d) => (d < 5 ? [{ start, end }] : [])),
});
const NINE_TO_FIVE = weekdays(9 * 60, 17 * 60);
const iso = (ms: number) => new Date(ms).toISOString();

describe('business hours', () => {
  it('counts only open time: a Friday-afternoon message is due on Monday', () => {
    // Friday 27 Nov 2026 16:00 in Stockholm (UTC+1); 8 open hours: one on Friday, seven on Monday.
    const at = Date.parse('2026-11-27T15:00:00Z');
    expect(iso(addBusinessMs(NINE_TO_FIVE, at, 8 * H))).toBe('2026-11-30T15:00:00.000Z');
    expect(businessMsBetween(NINE_TO_FIVE, at, Date.parse('2026-11-30T15:00:00Z'))).toBe(8 * H);
  });

  it('starts counting at the next opening when a message comes while closed (a weekend)', () => {
    const saturday = Date.parse('2026-11-28T10:00:00Z');
    expect(iso(addBusinessMs(NINE_TO_FIVE, saturday, 2 * H))).toBe('2026-11-30T10:00:00.000Z'); // Monday 11:00 local
    expect(businessMsBetween(NINE_TO_FIVE, saturday, Date.parse('2026-11-29T22:00:00Z'))).toBe(0);
  });

  it('follows the clocks across daylight-saving changes', () => {
    // Stockholm moves to summer time on Sunday 29 March 2026: opening at 09:00 is 08:00 UTC on Friday, 07:00 UTC on Monday.
    const fridayLate = Date.parse('2026-03-27T15:30:00Z'); // 16:30 local, half an hour left
    expect(iso(addBusinessMs(NINE_TO_FIVE, fridayLate, H))).toBe('2026-03-30T07:30:00.000Z');
    // A round-the-clock opening on the short day has 23 hours.
    const allDay: BusinessHours = { timeZone: 'Europe/Stockholm', week: Array.from({ length: 7 }, () => [{ start: 0, end: 1440 }]) };
    expect(businessMsBetween(allDay, Date.parse('2026-03-28T23:00:00Z'), Date.parse('2026-03-29T22:00:00Z'))).toBe(23 * H);
    expect(businessMsBetween(allDay, Date.parse('2026-10-24T22:00:00Z'), Date.parse('2026-10-25T23:00:00Z'))).toBe(25 * H);
  });

  it('the meter agrees with businessMsBetween for many pairs, also outside its span', () => {
    const from = Date.parse('2026-11-01T00:00:00Z');
    const to = Date.parse('2026-12-31T00:00:00Z');
    const meter = businessTimeMeter(NINE_TO_FIVE, from, to);
    for (let i = 0; i < 200; i++) {
      const a = from + ((i * 7_919_777) % (50 * 24 * H));
      const b = a + ((i * 3_331_333) % (9 * 24 * H));
      expect(meter(a, b)).toBe(businessMsBetween(NINE_TO_FIVE, a, b));
    }
    expect(meter(from - 5 * 24 * H, from)).toBe(businessMsBetween(NINE_TO_FIVE, from - 5 * 24 * H, from));
  });

  it('the first-response target is elapsed time without business hours', () => {
    const at = Date.parse('2026-11-27T15:00:00Z');
    expect(firstResponseDueAt(at, { hours: 8, businessHours: null })).toBe(at + 8 * H);
    expect(firstResponseDueAt(at)).toBe(at + 24 * H);
    expect(targetMeter({ hours: 8, businessHours: null }, 0, 1)(at, at + H)).toBe(H);
    expect(iso(firstResponseDueAt(at, { hours: 8, businessHours: NINE_TO_FIVE }))).toBe('2026-11-30T15:00:00.000Z');
  });

  it('reads and writes opening hours, refusing malformed or overlapping ones', () => {
    expect(parseOpeningHours('13:00-17:00, 09:00-12:00')).toEqual([
      { start: 540, end: 720 },
      { start: 780, end: 1020 },
    ]);
    expect(parseOpeningHours('')).toEqual([]);
    expect(parseOpeningHours('00:00-24:00')).toEqual([{ start: 0, end: 1440 }]);
    for (const bad of ['17:00-09:00', '9-17', '09:00-12:00, 11:00-13:00', '25:00-26:00', '09:00-'])
      expect(parseOpeningHours(bad), bad).toBeNull();
    expect(formatOpeningHours([{ start: 540, end: 1020 }])).toBe('09:00-17:00');
  });

  it('refuses a week without open time instead of looking for ever', () => {
    expect(() => addBusinessMs({ timeZone: 'UTC', week: Array.from({ length: 7 }, () => []) }, 0, H)).toThrow(/no day/);
  });
});
