// Wall-clock time in a person's own time zone, with nothing but Intl (Workers, Node and Deno alike).
// Local dates are plain calendar values; instants are epoch milliseconds. Converting a local time
// back to an instant follows one rule for daylight-saving changes: a time skipped by a gap
// (02:30 on the spring-forward night) moves forward to the first minute that exists (03:00), and a
// time that happens twice (the autumn overlap) means its first occurrence.

export interface LocalDate {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
}

export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: 1 = Monday .. 7 = Sunday. */
  weekday: number;
  /** Minutes after local midnight, 0..1439. */
  minuteOfDay: number;
}

/** The zone actually used: the one asked for, or UTC when it was missing or unknown (fellBack: true). */
export interface Zone {
  id: string;
  fellBack: boolean;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat | null {
  const cached = formatters.get(zone);
  if (cached) return cached;
  try {
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
    return formatter;
  } catch {
    return null;
  }
}

/** The zone to compute in: the contact's IANA zone if it is one, else UTC (and says so). */
export function resolveZone(timezone: string | null | undefined): Zone {
  const wanted = timezone?.trim();
  if (wanted && formatterFor(wanted)) return { id: wanted, fellBack: false };
  return { id: 'UTC', fellBack: true };
}

function zoneId(zone: Zone | string | null | undefined): string {
  return typeof zone === 'object' && zone !== null ? zone.id : resolveZone(zone).id;
}

/** Days since 1970-01-01 of a calendar date (proleptic Gregorian), and back. */
function epochDay(date: LocalDate): number {
  return Math.floor(Date.UTC(date.year, date.month - 1, date.day) / DAY);
}

function fromEpochDay(days: number): LocalDate {
  const d = new Date(days * DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO weekday (1 = Monday) of a calendar date. */
export function weekdayOf(date: LocalDate): number {
  return ((((epochDay(date) + 3) % 7) + 7) % 7) + 1;
}

/** The calendar date `days` after (negative: before) a date. */
export function addDays(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(epochDay(date) + days);
}

/** The local date and time of an instant in a zone (UTC when the zone is missing or unknown). */
export function localDateTime(at: number, zone: Zone | string | null | undefined): LocalDateTime {
  const formatter = formatterFor(zoneId(zone))!;
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(at))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const date = { year: parts.year!, month: parts.month!, day: parts.day! };
  const hour = parts.hour! % 24;
  const minute = parts.minute!;
  return { ...date, hour, minute, second: parts.second!, weekday: weekdayOf(date), minuteOfDay: hour * 60 + minute };
}

/** The local wall time as if it were UTC, in ms: what the zone's clocks show at `at`. */
function wallClockMs(at: number, zone: string): number {
  const l = localDateTime(at, zone);
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) + (((at % 1000) + 1000) % 1000);
}

/** The zone's offset from UTC at an instant, in ms (Stockholm in summer: +7_200_000). */
export function offsetMs(at: number, zone: Zone | string | null | undefined): number {
  return wallClockMs(at, zoneId(zone)) - at;
}

/**
 * The instant a local date and minute of the day happens in a zone. A time inside a daylight-saving
 * gap gives the first valid minute after it; a time that happens twice gives the first occurrence.
 */
export function instantAt(date: LocalDate, minuteOfDay: number, zone: Zone | string | null | undefined): number {
  const id = zoneId(zone);
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * MINUTE;
  // Offsets change at most once around a given day in every real zone: try the offset from before and after.
  const candidates = [...new Set([wall - offsetMs(wall - DAY, id), wall - offsetMs(wall + DAY, id)])].sort((a, b) => a - b);
  const exact = candidates.find((c) => wallClockMs(c, id) === wall);
  if (exact !== undefined) return exact;
  // A gap: the wall time never happens. Find the transition, the first instant whose wall time is past it.
  let lo = candidates[0]!;
  let hi = candidates[candidates.length - 1]!;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (wallClockMs(mid, id) > wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The local calendar day of an instant, as YYYY-MM-DD. */
export function localDayKey(at: number, zone: Zone | string | null | undefined): string {
  return formatDate(localDateTime(at, zone));
}

/** The first instant of the local calendar day that holds `at`. */
export function startOfLocalDay(at: number, zone: Zone | string | null | undefined): number {
  return instantAt(localDateTime(at, zone), 0, zone);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatDate(date: LocalDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** Minutes after midnight as HH:MM. */
export function formatMinute(minuteOfDay: number): string {
  return `${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}

/** An instant as local "YYYY-MM-DD HH:MM" in a zone, for sentences people read. */
export function formatLocal(at: number, zone: Zone | string | null | undefined): string {
  const l = localDateTime(at, zone);
  return `${formatDate(l)} ${formatMinute(l.minuteOfDay)}`;
}
