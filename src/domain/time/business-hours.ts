// Business time: the hours a business is open, per weekday in its own time zone, and how much open time passes
// between two instants. Pure (Intl only, through zoned.ts); daylight-saving days are as long as their clocks say.
import { addDays, instantAt, type LocalDate, localDateTime, weekdayOf } from './zoned.ts';

/** Minutes after local midnight: start < end, end at most 1440 (midnight at the end of the day). */
export interface OpeningInterval {
  start: number;
  end: number;
}

export interface BusinessHours {
  /** IANA zone the opening hours are in. */
  timeZone: string;
  /** Opening intervals per ISO weekday: index 0 is Monday, 6 Sunday; an empty list is a closed day. */
  week: OpeningInterval[][];
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** How far ahead a due time is looked for; a week always has open time (the settings refuse one without). */
const MAX_DAYS = 3_660;

/** Whether any day has open time (without, no due time can be found). */
export function isOpenSomeDay(hours: BusinessHours): boolean {
  return hours.week.some((day) => day.some((i) => i.end > i.start));
}

/** The open intervals of one local date, as instants. */
function openOn(hours: BusinessHours, date: LocalDate): [number, number][] {
  const day = hours.week[weekdayOf(date) - 1] ?? [];
  return day.map((i) => [instantAt(date, i.start, hours.timeZone), instantAt(date, i.end, hours.timeZone)] as [number, number]);
}

/** The open intervals overlapping [from, to), clipped to it, in time order. */
export function openIntervals(hours: BusinessHours, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  if (to <= from) return out;
  // A day before and after: a local day's hours can begin before `from`'s UTC day (zones east and west of UTC).
  const last = localDateTime(to, hours.timeZone);
  for (let date: LocalDate = addDays(localDateTime(from, hours.timeZone), -1); ; date = addDays(date, 1)) {
    for (const [start, end] of openOn(hours, date)) {
      const s = Math.max(start, from);
      const e = Math.min(end, to);
      if (e > s) out.push([s, e]);
    }
    if (date.year === last.year && date.month === last.month && date.day === last.day) break;
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** Open time between two instants, in ms (0 when `to` is not after `from`). */
export function businessMsBetween(hours: BusinessHours, from: number, to: number): number {
  return openIntervals(hours, from, to).reduce((sum, [s, e]) => sum + (e - s), 0);
}

/** The instant when `ms` of open time have passed since `at` (counting starts at the next opening when closed). */
export function addBusinessMs(hours: BusinessHours, at: number, ms: number): number {
  if (!isOpenSomeDay(hours)) throw new Error('business hours: no day has opening hours');
  let left = ms;
  let date: LocalDate = localDateTime(at, hours.timeZone);
  for (let n = 0; n < MAX_DAYS; n++, date = addDays(date, 1)) {
    for (const [start, end] of openOn(hours, date)) {
      const s = Math.max(start, at);
      if (end <= s) continue;
      if (left <= end - s) return s + left;
      left -= end - s;
    }
  }
  throw new Error('business hours: the due time is more than ten years ahead');
}

/**
 * Open time between many pairs of instants within [from, to], each in O(log n): the open intervals are listed once
 * with their running sums. For reports over thousands of conversations.
 */
export function businessTimeMeter(hours: BusinessHours, from: number, to: number): (a: number, b: number) => number {
  const intervals = openIntervals(hours, from, to);
  const before = new Float64Array(intervals.length + 1);
  intervals.forEach(([s, e], i) => {
    before[i + 1] = before[i]! + (e - s);
  });
  // Open time from `from` up to t.
  const upTo = (t: number): number => {
    let lo = 0;
    let hi = intervals.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (intervals[mid]![0] <= t) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return 0;
    const [s, e] = intervals[lo - 1]!;
    return before[lo - 1]! + Math.min(t, e) - s;
  };
  return (a, b) => {
    if (a < from || b > to) return businessMsBetween(hours, a, b);
    return b <= a ? 0 : upTo(b) - upTo(a);
  };
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^(24):(00)$/;
export const OPENING_HOURS_EXPECTED =
  'expected opening hours as HH:MM-HH:MM, several separated by commas (09:00-12:00, 13:00-17:00), or empty';

/** "09:00-12:00, 13:00-17:00" → intervals in time order; "" → closed; null when malformed or overlapping. */
export function parseOpeningHours(text: string): OpeningInterval[] | null {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const intervals: OpeningInterval[] = [];
  for (const part of parts) {
    const [a, b, extra] = part.split('-').map((x) => x.trim());
    if (extra !== undefined || a === undefined || b === undefined) return null;
    const start = minuteOf(a);
    const end = minuteOf(b);
    if (start === null || end === null || start >= end || start === 1440) return null;
    intervals.push({ start, end });
  }
  intervals.sort((x, y) => x.start - y.start);
  return intervals.every((i, n) => n === 0 || intervals[n - 1]!.end <= i.start) ? intervals : null;
}

function minuteOf(text: string): number | null {
  const m = HHMM.exec(text);
  if (!m) return null;
  return Number(m[1] ?? m[3]) * 60 + Number(m[2] ?? m[4]);
}

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** The intervals as parseOpeningHours reads them. */
export function formatOpeningHours(day: readonly OpeningInterval[]): string {
  return day.map((i) => `${hhmm(i.start)}-${hhmm(i.end)}`).join(', ');
}
