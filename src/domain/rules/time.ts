// Time in rules: ISO 8601 durations, instants relative to `now`, and reading dates stored as
// text. All arithmetic happens here, in UTC; the SQL compiler only ever binds the resulting
// epoch milliseconds, so memory and SQL cannot disagree about calendars.
import type { DateValue, Duration } from './ast.ts';

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Parses P1Y2M3W4DT5H6M7S (any parts, integers); null when it is not one. */
export function parseDuration(text: string): Duration | null {
  const m = DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return null;
  const n = (i: number) => Number(m[i] ?? 0);
  return { text, years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, monthIndex: number): number {
  return monthIndex === 1 && isLeap(year) ? 29 : MONTH_DAYS[monthIndex]!;
}

/**
 * `at` moved by the duration (sign -1: back). Years and months step the calendar and keep the
 * day, clamped to the month's end (31 March minus P1M is 28/29 February); the rest is fixed time.
 */
export function shiftByDuration(at: number, d: Duration, sign: 1 | -1): number {
  const date = new Date(at);
  const totalMonths = date.getUTCMonth() + sign * (d.years * 12 + d.months);
  const year = date.getUTCFullYear() + Math.floor(totalMonths / 12);
  const month = ((totalMonths % 12) + 12) % 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  date.setUTCFullYear(year, month, day);
  const fixed = ((d.weeks * 7 + d.days) * 86_400 + d.hours * 3600 + d.minutes * 60 + d.seconds) * 1000;
  return date.getTime() + sign * fixed;
}

/** The start of the window "within the last d" at `now`. */
export function windowStart(now: number, d: Duration): number {
  return shiftByDuration(now, d, -1);
}

export function resolveDate(value: DateValue, now: number): number {
  if ('at' in value) return value.at;
  return value.offset ? shiftByDuration(now, value.offset, value.sign) : now;
}

const LITERAL_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * A date written in a rule: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS[.mmm]][Z|±HH:MM], UTC when no
 * zone is given. Strict: 2026-02-30 is refused, not rolled over. Epoch ms, or null.
 */
export function parseLiteralDate(text: string): number | null {
  const m = LITERAL_DATE.exec(text);
  if (!m) return null;
  const part = (i: number) => Number(m[i] ?? 0);
  const [year, month, day, hour, minute, second] = [part(1), part(2), part(3), part(4), part(5), part(6)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month - 1)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const zone = m[8];
  if (zone && zone !== 'Z' && (Number(zone.slice(1, 3)) > 14 || Number(zone.slice(4, 6)) > 59)) return null;
  return parseStoredDate(text);
}

/** Characters a stored date text may consist of (the SQL side checks the same with GLOB). */
export const STORED_DATE_CHARS = /^[0-9TZz:. +-]*$/;
export const STORED_DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;

/**
 * A date held as text in an attribute or event property, read exactly as SQLite's date
 * functions read it (`unixepoch(x, 'subsec')`, sqlite/src/date.c), for the texts both sides
 * accept: those starting YYYY-MM-DD and made only of STORED_DATE_CHARS. That includes
 * SQLite's leniencies (2026-02-30 is 2 March, 24:00 is the next midnight, a space for the T).
 * Epoch ms, or null when it is no date.
 */
export function parseStoredDate(text: string): number | null {
  if (!STORED_DATE_PREFIX.test(text) || !STORED_DATE_CHARS.test(text)) return null;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  let i = 10;
  while (text[i] === ' ' || text[i] === 'T') i++;
  const base = utcMidnight(year, month, day);
  if (i === text.length) return base;
  const time = parseTimeOfDay(text, i);
  return time === null ? null : base + time;
}

function utcMidnight(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, 1);
  return d.getTime() + (day - 1) * 86_400_000;
}

function digits2(text: string, i: number, max: number): number | null {
  const s = text.slice(i, i + 2);
  if (!/^\d\d$/.test(s)) return null;
  const n = Number(s);
  return n <= max ? n : null;
}

/** HH:MM[:SS[.fraction]] then an optional zone, as SQLite's parseHhMmSs/parseTimezone; ms after midnight. */
function parseTimeOfDay(text: string, start: number): number | null {
  const h = digits2(text, start, 24);
  const m = text[start + 2] === ':' ? digits2(text, start + 3, 59) : null;
  if (h === null || m === null) return null;
  let i = start + 5;
  let s = 0;
  if (text[i] === ':') {
    const sec = digits2(text, i + 1, 59);
    if (sec === null) return null;
    s = sec;
    i += 3;
    if (text[i] === '.' && /\d/.test(text[i + 1] ?? '')) {
      // The same double arithmetic as date.c, so fractions round identically.
      let ms = 0;
      let scale = 1;
      i++;
      while (/\d/.test(text[i] ?? '')) {
        ms = ms * 10 + text.charCodeAt(i) - 48;
        scale *= 10;
        i++;
      }
      s += ms / scale;
    }
  }
  const zone = parseZone(text, i);
  if (zone === null) return null;
  return h * 3_600_000 + m * 60_000 + Math.floor(s * 1000 + 0.5) - zone * 60_000;
}

/** Minutes east of UTC, or null when the rest of the text is not a zone (spaces around allowed). */
function parseZone(text: string, start: number): number | null {
  let i = start;
  while (text[i] === ' ') i++;
  const c = text[i];
  let minutes = 0;
  if (c === '+' || c === '-') {
    const h = digits2(text, i + 1, 14);
    const m = text[i + 3] === ':' ? digits2(text, i + 4, 59) : null;
    if (h === null || m === null) return null;
    minutes = (c === '-' ? -1 : 1) * (h * 60 + m);
    i += 6;
  } else if (c === 'Z' || c === 'z') {
    i++;
  } else {
    return c === undefined ? 0 : null;
  }
  while (text[i] === ' ') i++;
  return i === text.length ? minutes : null;
}
