// Date triggers (`date: attributes.birthday`, `at: "09:00"`, optional days before/after): which
// month-days the SQL scan asks for, and for one contact whether today or tomorrow, in the contact's own
// time zone, is the day to send, and at which instant. A date attribute is YYYY-MM-DD… or a month-day
// (MM-DD, --MM-DD). Someone born on 29 February is greeted on 28 February in years without a 29th.
import { addDays, instantAt, type LocalDate, localDateTime, resolveZone } from '../time/zoned.ts';
import type { DateStart } from './definition.ts';

/** Local calendar days ahead of today that a scan schedules (today and tomorrow). */
export const SCAN_DAYS_AHEAD = 1;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthDay = (date: LocalDate) => `${pad(date.month)}-${pad(date.day)}`;

/** The stored month-days that a send on local date `sendDate` greets: the date `offsetDays` earlier, and 02-29 on its 28 February. */
export function monthDaysFor(sendDate: LocalDate, offsetDays: number): string[] {
  const target = addDays(sendDate, -offsetDays);
  const days = [monthDay(target)];
  if (target.month === 2 && target.day === 28 && !isLeapYear(target.year)) days.push('02-29');
  return days;
}

/**
 * Every month-day some contact may be greeted for in this scan: local dates run from UTC−12 to UTC+14,
 * so today and tomorrow anywhere lie between yesterday and the day after tomorrow in UTC.
 */
export function candidateMonthDays(now: number, offsetDays: number): string[] {
  const utc = localDateTime(now, 'UTC');
  const days = new Set<string>();
  for (let k = -1; k <= SCAN_DAYS_AHEAD + 1; k++) for (const md of monthDaysFor(addDays(utc, k), offsetDays)) days.add(md);
  return [...days].sort();
}

export interface DateOccurrence {
  /** The instant to send: `at` local time on the local send date. */
  at: number;
  /** The local send date, and the year it greets (the key's year). */
  sendDate: LocalDate;
  year: number;
  /** The zone the contact's time was computed in ("UTC" when they have none or an unknown one). */
  zone: string;
}

/** Today's or tomorrow's occurrence (local, in the contact's zone) of a contact's date, or null when neither is the day. */
export function nextOccurrence(start: DateStart, storedMd: string, timezone: string | null, now: number): DateOccurrence | null {
  const zone = resolveZone(timezone);
  const today = localDateTime(now, zone);
  for (let k = 0; k <= SCAN_DAYS_AHEAD; k++) {
    const sendDate = addDays(today, k);
    if (!monthDaysFor(sendDate, start.offsetDays).includes(storedMd)) continue;
    const greeted = addDays(sendDate, -start.offsetDays);
    return { at: instantAt(sendDate, start.at, zone), sendDate, year: greeted.year, zone: zone.id };
  }
  return null;
}

/** How long a scan's results stay fresh: a date trigger is scanned at most once an hour. */
export const DATE_SCAN_INTERVAL_MS = 3_600_000;
