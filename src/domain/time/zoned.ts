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

/** Days since 1970-01-01 of a calendar date (proleptic Gregorian), and back (H. Hinnant's civil calendar algorithms). */
function epochDay(date: LocalDate): number {
  const y = date.year - (date.month <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (date.month + (date.month > 2 ? -3 : 9)) + 2) / 5) + date.day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function fromEpochDay(days: number): LocalDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp + (mp < 10 ? 3 : -9);
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day: doy - Math.floor((153 * mp + 2) / 5) + 1 };
}

/** ISO weekday (1 = Monday) of a calendar date. */
export function weekdayOf(date: LocalDate): number {
  return ((((epochDay(date) + 3) % 7) + 7) % 7) + 1;
}

/** The calendar date `days` after (negative: before) a date. */
export function addDays(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(epochDay(date) + days);
}

/** The offset at an instant read from Intl (slow: formatToParts), in ms. */
function intlOffsetMs(at: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone)!.formatToParts(new Date(at))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
  return wall - (at - (((at % 1000) + 1000) % 1000));
}

// Offsets only change at transitions, which fall on quarter hours of UTC in every zone in use today. A quarter
// hour whose first and last millisecond share an offset has it throughout; it is remembered. One that holds a
// transition is read from Intl each time.
const QUARTER_HOUR = 15 * MINUTE;
const MAX_CACHED = 50_000;
const offsetCache = new Map<string, number>();

function cachedOffsetMs(at: number, zone: string): number {
  if (zone === 'UTC') return 0;
  const bucket = Math.floor(at / QUARTER_HOUR);
  const key = `${zone} ${bucket}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const first = intlOffsetMs(bucket * QUARTER_HOUR, zone);
  if (first !== intlOffsetMs((bucket + 1) * QUARTER_HOUR - 1, zone)) return intlOffsetMs(at, zone);
  if (offsetCache.size >= MAX_CACHED) offsetCache.clear();
  offsetCache.set(key, first);
  return first;
}

/** The local date and time of an instant in a zone (UTC when the zone is missing or unknown). */
export function localDateTime(at: number, zone: Zone | string | null | undefined): LocalDateTime {
  const wall = wallClockMs(at, zoneId(zone));
  const days = Math.floor(wall / DAY);
  const { year, month, day } = fromEpochDay(days);
  const secondOfDay = Math.floor((wall - days * DAY) / 1000);
  const minuteOfDay = Math.floor(secondOfDay / 60);
  const weekday = ((((days + 3) % 7) + 7) % 7) + 1;
  return { year, month, day, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60, second: secondOfDay % 60, weekday, minuteOfDay };
}

/** The local wall time as if it were UTC, in ms: what the zone's clocks show at `at`. */
function wallClockMs(at: number, zone: string): number {
  return at + cachedOffsetMs(at, zone);
}

/** The zone's offset from UTC at an instant, in ms (Stockholm in summer: +7_200_000). */
export function offsetMs(at: number, zone: Zone | string | null | undefined): number {
  return cachedOffsetMs(at, zoneId(zone));
}

/**
 * The instant a local date and minute of the day happens in a zone. A time inside a daylight-saving
 * gap gives the first valid minute after it; a time that happens twice gives the first occurrence.
 */
export function instantAt(date: LocalDate, minuteOfDay: number, zone: Zone | string | null | undefined): number {
  const id = zoneId(zone);
  const wall = epochDay(date) * DAY + minuteOfDay * MINUTE;
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
