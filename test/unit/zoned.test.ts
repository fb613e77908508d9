import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatLocal,
  instantAt,
  localDateTime,
  localDayKey,
  offsetMs,
  resolveZone,
  startOfLocalDay,
  weekdayOf,
} from '../../src/domain/time/zoned.ts';

const at = (iso: string) => Date.parse(iso);
const STHLM = 'Europe/Stockholm';
const SHANGHAI = 'Asia/Shanghai';

describe('resolveZone', () => {
  it('keeps a known IANA zone and falls back to UTC, flagged, for a missing or unknown one', () => {
    expect(resolveZone(STHLM)).toEqual({ id: STHLM, fellBack: false });
    expect(resolveZone(null)).toEqual({ id: 'UTC', fellBack: true });
    expect(resolveZone('  ')).toEqual({ id: 'UTC', fellBack: true });
    expect(resolveZone('Mars/Olympus_Mons')).toEqual({ id: 'UTC', fellBack: true });
  });

  it('computes in UTC for an unknown zone', () => {
    expect(localDateTime(at('2026-03-29T23:30:00Z'), 'Not/AZone')).toMatchObject({ day: 29, hour: 23, minute: 30 });
  });
});

describe('localDateTime', () => {
  it.each([
    ['2026-03-29T00:59:00Z', STHLM, { day: 29, hour: 1, minute: 59, weekday: 7 }],
    ['2026-03-29T01:00:00Z', STHLM, { day: 29, hour: 3, minute: 0, weekday: 7 }],
    ['2026-10-25T00:30:00Z', STHLM, { day: 25, hour: 2, minute: 30 }],
    ['2026-10-25T01:30:00Z', STHLM, { day: 25, hour: 2, minute: 30 }],
    ['2026-03-28T16:30:00Z', SHANGHAI, { day: 29, hour: 0, minute: 30, weekday: 7 }],
    ['2026-11-23T22:59:00Z', STHLM, { day: 23, hour: 23, minute: 59, minuteOfDay: 1439, weekday: 1 }],
  ])('%s in %s', (iso, zone, expected) => {
    expect(localDateTime(at(iso), zone)).toMatchObject(expected);
  });

  it('gives hour 0, not 24, at midnight', () => {
    expect(localDateTime(at('2026-03-28T23:00:00Z'), STHLM)).toMatchObject({ day: 29, hour: 0, minuteOfDay: 0 });
  });
});

describe('offsetMs', () => {
  it('follows Stockholm across both changes and keeps Shanghai at +8', () => {
    expect(offsetMs(at('2026-03-29T00:59:00Z'), STHLM)).toBe(3_600_000);
    expect(offsetMs(at('2026-03-29T01:00:00Z'), STHLM)).toBe(7_200_000);
    expect(offsetMs(at('2026-10-25T00:59:00Z'), STHLM)).toBe(7_200_000);
    expect(offsetMs(at('2026-10-25T01:00:00Z'), STHLM)).toBe(3_600_000);
    expect(offsetMs(at('2026-07-01T00:00:00Z'), SHANGHAI)).toBe(8 * 3_600_000);
  });
});

describe('instantAt', () => {
  it.each([
    ['an ordinary winter morning', { year: 2026, month: 3, day: 28 }, 8 * 60, STHLM, '2026-03-28T07:00:00.000Z'],
    ['an ordinary summer morning', { year: 2026, month: 3, day: 29 }, 8 * 60, STHLM, '2026-03-29T06:00:00.000Z'],
    ['02:30 in the spring gap moves to 03:00', { year: 2026, month: 3, day: 29 }, 150, STHLM, '2026-03-29T01:00:00.000Z'],
    ['02:00, the gap start, moves to 03:00', { year: 2026, month: 3, day: 29 }, 120, STHLM, '2026-03-29T01:00:00.000Z'],
    ['01:59 just before the gap exists', { year: 2026, month: 3, day: 29 }, 119, STHLM, '2026-03-29T00:59:00.000Z'],
    ['02:30 in the autumn overlap is the first one', { year: 2026, month: 10, day: 25 }, 150, STHLM, '2026-10-25T00:30:00.000Z'],
    ['03:00 after the overlap', { year: 2026, month: 10, day: 25 }, 180, STHLM, '2026-10-25T02:00:00.000Z'],
    ['09:00 in Shanghai', { year: 2026, month: 3, day: 29 }, 9 * 60, SHANGHAI, '2026-03-29T01:00:00.000Z'],
    ['Kathmandu is +05:45', { year: 2026, month: 3, day: 29 }, 9 * 60, 'Asia/Kathmandu', '2026-03-29T03:15:00.000Z'],
    ['Lord Howe skips 02:00-02:30 in October', { year: 2026, month: 10, day: 4 }, 135, 'Australia/Lord_Howe', '2026-10-03T15:30:00.000Z'],
    ['an unknown zone is UTC', { year: 2026, month: 3, day: 29 }, 9 * 60, 'Nowhere/Land', '2026-03-29T09:00:00.000Z'],
  ])('%s', (_name, date, minute, zone, expected) => {
    expect(new Date(instantAt(date, minute, zone)).toISOString()).toBe(expected);
  });

  it('round-trips every minute of both Stockholm change days that exists', () => {
    for (const day of [
      { year: 2026, month: 3, day: 29 },
      { year: 2026, month: 10, day: 25 },
    ]) {
      const start = instantAt(day, 0, STHLM);
      const end = instantAt(addDays(day, 1), 0, STHLM);
      for (let t = start; t < end; t += 60_000) {
        const local = localDateTime(t, STHLM);
        const back = instantAt(local, local.minuteOfDay, STHLM);
        // In the overlap the second 02:xx maps back to the first one, an hour earlier.
        expect(back === t || back === t - 3_600_000).toBe(true);
        expect(localDateTime(back, STHLM).minuteOfDay).toBe(local.minuteOfDay);
      }
    }
  });
});

describe('local days', () => {
  it('keys a day by the local calendar, not UTC', () => {
    expect(localDayKey(at('2026-03-28T22:30:00Z'), STHLM)).toBe('2026-03-28');
    expect(localDayKey(at('2026-03-28T23:30:00Z'), STHLM)).toBe('2026-03-29');
    expect(localDayKey(at('2026-03-28T23:30:00Z'), 'UTC')).toBe('2026-03-28');
    expect(localDayKey(at('2026-03-28T16:30:00Z'), SHANGHAI)).toBe('2026-03-29');
  });

  it('starts a day at local midnight, also on the short and the long day', () => {
    expect(new Date(startOfLocalDay(at('2026-03-29T12:00:00Z'), STHLM)).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(startOfLocalDay(at('2026-03-30T12:00:00Z'), STHLM)).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(new Date(startOfLocalDay(at('2026-10-25T22:59:00Z'), STHLM)).toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(new Date(startOfLocalDay(at('2026-03-29T12:00:00Z'), SHANGHAI)).toISOString()).toBe('2026-03-28T16:00:00.000Z');
  });

  it('counts weekdays and calendar days across month and year ends', () => {
    expect(weekdayOf({ year: 2026, month: 3, day: 30 })).toBe(1);
    expect(weekdayOf({ year: 2026, month: 3, day: 29 })).toBe(7);
    expect(addDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({ year: 2027, month: 1, day: 1 });
    expect(addDays({ year: 2028, month: 3, day: 1 }, -1)).toEqual({ year: 2028, month: 2, day: 29 });
  });

  it('agrees with Date on the calendar for every 37th day from 1960 to 2100', () => {
    for (let d = -3653; d < 47_482; d += 37) {
      const date = new Date(d * 86_400_000);
      expect(addDays({ year: 1970, month: 1, day: 1 }, d)).toEqual({
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
      });
      expect(weekdayOf(addDays({ year: 1970, month: 1, day: 1 }, d))).toBe(((date.getUTCDay() + 6) % 7) + 1);
    }
  });

  it('formats local time for sentences', () => {
    expect(formatLocal(at('2026-10-25T01:30:00Z'), STHLM)).toBe('2026-10-25 02:30');
  });
});
