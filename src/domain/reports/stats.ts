// The arithmetic behind the reports: grouping by week, percentiles, rates. Pure.

export const DAY_MS = 24 * 60 * 60 * 1000;
export const WEEK_MS = 7 * DAY_MS;
/** Gmail's line for complaints: above this share of delivered mail, deliverability suffers. */
export const COMPLAINT_RATE_LIMIT = 0.003;

/** The day number (since 1970-01-01) of the Monday (UTC) of the ISO week an instant falls in. */
export function mondayOf(at: number): number {
  const day = Math.floor(at / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counted from Monday.
  return day - ((((day + 3) % 7) + 7) % 7);
}

/** The Monday (UTC) of the ISO week an instant falls in, as YYYY-MM-DD. */
export function weekOf(at: number): string {
  return new Date(mondayOf(at) * DAY_MS).toISOString().slice(0, 10);
}

/** The p-th percentile (0..1) by linear interpolation between closest ranks; null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
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

/** One group's first-response times: when each customer first wrote, and the first reply (null: none yet). */
export interface ResponseTimes {
  firsts: readonly number[];
  replies: readonly (number | null)[];
}

/** What a group's first-response row is made of: reply times, and how many conversations are decided and in time. */
export interface ResponseCounts {
  conversations: number;
  /** ms from the first message to the first reply, one per answered conversation. */
  responses: readonly number[];
  /** Answered, or unanswered past the target. */
  decided: number;
  /** Answered within the target. */
  inTime: number;
}

/**
 * Decided and in-time counts. A conversation not answered by `now` counts against the target once its target has
 * passed (it is late either way), and is left out while it still may be answered in time. `elapsed` measures time
 * against the target (business time when the business has opening hours).
 */
export function responseCounts(
  samples: ResponseTimes,
  targetMs: number,
  now: number,
  elapsed: (from: number, to: number) => number = (from, to) => to - from,
): ResponseCounts {
  const responses: number[] = [];
  let decided = 0;
  let inTime = 0;
  samples.firsts.forEach((first, i) => {
    const reply = samples.replies[i] ?? null;
    if (reply !== null) {
      responses.push(reply - first);
      decided++;
      if (elapsed(first, reply) <= targetMs) inTime++;
    } else if (elapsed(first, now) > targetMs) decided++;
  });
  return { conversations: samples.firsts.length, responses, decided, inTime };
}

/** A group's figures in ms: the median and 90th percentile of the reply times, and the decided and in-time counts. */
export interface FirstResponseFigures {
  conversations: number;
  answered: number;
  median: number | null;
  p90: number | null;
  decided: number;
  inTime: number;
}

/** A group's row: the median and 90th percentile are plain elapsed time; within_target is of the decided ones. */
export function firstResponseRowOf(group: string, f: FirstResponseFigures): FirstResponseRow {
  return {
    group,
    conversations: f.conversations,
    answered: f.answered,
    median_minutes: minutes(f.median),
    p90_minutes: minutes(f.p90),
    within_target: rate(f.inTime, f.decided),
  };
}

/** A group's figures from all its reply times. */
export function figuresOf(counts: ResponseCounts): FirstResponseFigures {
  return {
    conversations: counts.conversations,
    answered: counts.responses.length,
    median: percentile(counts.responses, 0.5),
    p90: percentile(counts.responses, 0.9),
    decided: counts.decided,
    inTime: counts.inTime,
  };
}

/** A group's row from all its reply times (see firstResponseRowOf). */
export function firstResponseRow(group: string, counts: ResponseCounts): FirstResponseRow {
  return firstResponseRowOf(group, figuresOf(counts));
}

/** First-response figures per group, in group order (see firstResponseRow). */
export function firstResponseRows(
  samples: (ResponseSample & { firstInAt: number })[],
  targetMs: number,
  now: number,
  elapsed?: (from: number, to: number) => number,
): FirstResponseRow[] {
  const groups = new Map<string, { firsts: number[]; replies: (number | null)[] }>();
  for (const s of samples) {
    const g = groups.get(s.group) ?? { firsts: [], replies: [] };
    if (g.firsts.length === 0) groups.set(s.group, g);
    g.firsts.push(s.firstInAt);
    g.replies.push(s.responseMs === null ? null : s.firstInAt + s.responseMs);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, times]) => firstResponseRow(group, responseCounts(times, targetMs, now, elapsed)));
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

export interface DaySplit {
  /** Whole UTC days [from, to) as day numbers since 1970-01-01 (from === to: none). */
  days: { from: number; to: number };
  /** The parts of the range outside those days (a partial first and last day), as instants [from, to). */
  edges: { from: number; to: number }[];
}

/** A time range as whole UTC days (read from daily sums) and the partial days at its ends (read row by row). */
export function splitByDay(range: { from: number; to: number }): DaySplit {
  const first = Math.ceil(range.from / DAY_MS);
  const last = Math.floor(range.to / DAY_MS);
  if (first >= last) return { days: { from: 0, to: 0 }, edges: range.from < range.to ? [{ ...range }] : [] };
  const edges = [
    { from: range.from, to: first * DAY_MS },
    { from: last * DAY_MS, to: range.to },
  ].filter((e) => e.from < e.to);
  return { days: { from: first, to: last }, edges };
}
