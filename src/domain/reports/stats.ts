// The arithmetic behind the reports: grouping by week, percentiles, rates. Pure.

export const DAY_MS = 24 * 60 * 60 * 1000;
export const WEEK_MS = 7 * DAY_MS;
/** Gmail's line for complaints: above this share of delivered mail, deliverability suffers. */
export const COMPLAINT_RATE_LIMIT = 0.003;

/** The Monday (UTC) of the ISO week an instant falls in, as YYYY-MM-DD. */
export function weekOf(at: number): string {
  const day = Math.floor(at / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counted from Monday.
  const monday = day - ((day + 3) % 7);
  return new Date(monday * DAY_MS).toISOString().slice(0, 10);
}

/** The p-th percentile (0..1) by linear interpolation between closest ranks; null for no values. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

/** A share in 0..1 rounded to 4 decimals; null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

export const minutes = (ms: number | null): number | null => (ms === null ? null : Math.round((ms / 60_000) * 10) / 10);

export interface ResponseSample {
  group: string;
  /** ms from the customer's first message to the first agent reply; null when not answered (yet). */
  responseMs: number | null;
}

export interface FirstResponseRow {
  group: string;
  conversations: number;
  answered: number;
  median_minutes: number | null;
  p90_minutes: number | null;
  within_target: number | null;
}

/**
 * First-response figures per group. A conversation not answered by `now` counts against the target once
 * its target has passed (it is late either way), and is left out while it still may be answered in time.
 * `elapsed` measures time against the target (business time when the business has opening hours); the
 * median and 90th percentile are plain elapsed time.
 */
export function firstResponseRows(
  samples: (ResponseSample & { firstInAt: number })[],
  targetMs: number,
  now: number,
  elapsed: (from: number, to: number) => number = (from, to) => to - from,
): FirstResponseRow[] {
  const groups = new Map<string, (ResponseSample & { firstInAt: number })[]>();
  for (const s of samples) {
    const list = groups.get(s.group);
    if (list) list.push(s);
    else groups.set(s.group, [s]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, list]) => {
      const times = list.flatMap((s) => (s.responseMs === null ? [] : [s.responseMs]));
      const decided = list.filter((s) => s.responseMs !== null || elapsed(s.firstInAt, now) > targetMs);
      const inTime = decided.filter((s) => s.responseMs !== null && elapsed(s.firstInAt, s.firstInAt + s.responseMs) <= targetMs).length;
      return {
        group,
        conversations: list.length,
        answered: times.length,
        median_minutes: minutes(percentile(times, 0.5)),
        p90_minutes: minutes(percentile(times, 0.9)),
        within_target: rate(inTime, decided.length),
      };
    });
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
export const REPORT_DATE_EXPECTED = 'expected a date (2026-11-30, UTC) or a date-time with zone (2026-11-30T08:00:00+01:00)';

/**
 * A report bound: a date means that whole day (UTC), so `from` is its start and `to` the end of it
 * (`?from=2026-11-01&to=2026-11-30` covers all of November); a date-time is taken as is. Null if malformed.
 */
export function parseReportBound(text: string, bound: 'from' | 'to'): number | null {
  const trimmed = text.trim();
  if (DATE_ONLY.test(trimmed)) {
    const start = Date.parse(`${trimmed}T00:00:00Z`);
    if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== trimmed) return null;
    return bound === 'from' ? start : start + DAY_MS;
  }
  if (!DATE_TIME.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : at;
}
