// Reply-time buckets: exact percentiles over many conversations without moving every reply time out of the database.
// A range's reply times are first counted per bucket (a histogram, in SQL); the ranks a percentile needs then fall in
// one or two buckets, and only the reply times in those buckets are read. Pure.
//
// A bucket is made of whole seconds: below 100 s one bucket per second; from 100 s on, the number of decimal digits
// and the first two of them (12,345 s: 5 digits, "12", bucket 512 = [12,000 s, 13,000 s)), so a bucket is at most
// 10% of its lower bound wide and the buckets of ten years fit in 1,000 numbers. Bucket numbers grow with the time,
// and SQL computes the same number (conversation_facts.response_bucket) with text functions only (no math extension).

const SECOND = 1000;

/** The bucket of a reply time in ms (as conversation_facts.response_bucket computes it). */
export function responseBucket(ms: number): number {
  const seconds = Math.floor(ms / SECOND);
  if (seconds < 100) return seconds;
  const digits = String(seconds);
  return digits.length * 100 + Number(digits.slice(0, 2));
}

/** The reply times [from, to) in ms that fall in a bucket. */
export function bucketBounds(bucket: number): { from: number; to: number } {
  if (bucket < 100) return { from: bucket * SECOND, to: (bucket + 1) * SECOND };
  const scale = 10 ** (Math.floor(bucket / 100) - 2);
  const lead = bucket % 100;
  return { from: lead * scale * SECOND, to: (lead + 1) * scale * SECOND };
}

/** One group's histogram: bucket → how many reply times. */
export type Histogram = ReadonlyMap<number, number>;

/** The ranks (0-based, in ascending order) that the p-th percentile interpolates between, as percentile() does. */
export function percentileRanks(count: number, p: number): [number, number] {
  const rank = p * (count - 1);
  return [Math.floor(rank), Math.ceil(rank)];
}

/** The buckets that hold the given ranks of a histogram. */
export function bucketsOfRanks(histogram: Histogram, ranks: readonly number[]): Set<number> {
  const wanted = new Set<number>();
  let below = 0;
  for (const [bucket, n] of [...histogram].sort((a, b) => a[0] - b[0])) {
    if (ranks.some((r) => r >= below && r < below + n)) wanted.add(bucket);
    below += n;
  }
  return wanted;
}

/**
 * The p-th percentile (linear interpolation between closest ranks, as percentile()) from a histogram and the reply
 * times of the buckets that hold its ranks (see bucketsOfRanks); null for an empty histogram.
 */
export function percentileFromBuckets(histogram: Histogram, values: ReadonlyMap<number, readonly number[]>, p: number): number | null {
  const count = [...histogram.values()].reduce((a, b) => a + b, 0);
  if (count === 0) return null;
  const [low, high] = percentileRanks(count, p);
  const at = (rank: number): number => {
    let below = 0;
    for (const [bucket, n] of [...histogram].sort((a, b) => a[0] - b[0])) {
      if (rank < below + n) {
        const inBucket = Float64Array.from(values.get(bucket) ?? []).sort();
        if (inBucket.length !== n) throw new Error(`response buckets: bucket ${bucket} has ${inBucket.length} times, expected ${n}`);
        return inBucket[rank - below]!;
      }
      below += n;
    }
    throw new Error(`response buckets: rank ${rank} is beyond the histogram`);
  };
  const lowValue = at(low);
  return low === high ? lowValue : lowValue + (at(high) - lowValue) * (p * (count - 1) - low);
}

/** One group's reply times as counted in SQL: the histogram of the answered, and how many are unanswered and late. */
export interface BucketedResponses {
  histogram: Map<number, number>;
  unanswered: number;
  /** Unanswered past the target. */
  late: number;
}

const PERCENTILES = [0.5, 0.9] as const;
const countOf = (histogram: Histogram) => [...histogram.values()].reduce((a, b) => a + b, 0);

/** The buckets whose reply times a group's row needs: those holding the median's and p90's ranks (and the target's). */
export function bucketsNeeded(histogram: Histogram, targetMs?: number): Set<number> {
  const count = countOf(histogram);
  const wanted =
    count === 0
      ? new Set<number>()
      : bucketsOfRanks(
          histogram,
          PERCENTILES.flatMap((p) => percentileRanks(count, p)),
        );
  if (targetMs !== undefined && histogram.has(responseBucket(targetMs))) wanted.add(responseBucket(targetMs));
  return wanted;
}

/** The median and 90th percentile from a histogram and the times of its needed buckets. */
export function bucketPercentiles(
  histogram: Histogram,
  times: ReadonlyMap<number, readonly number[]>,
): { median: number | null; p90: number | null } {
  return { median: percentileFromBuckets(histogram, times, 0.5), p90: percentileFromBuckets(histogram, times, 0.9) };
}

/** Answered within a round-the-clock target: the buckets below the target's in full, and the target's bucket by its times. */
export function answeredWithin(histogram: Histogram, times: ReadonlyMap<number, readonly number[]>, targetMs: number): number {
  const target = responseBucket(targetMs);
  let n = 0;
  for (const [bucket, count] of histogram) if (bucket < target) n += count;
  return n + (times.get(target) ?? []).filter((t) => t <= targetMs).length;
}

/** The sum of several groups' histograms (the total row). */
export function mergeHistograms(histograms: readonly Histogram[]): Map<number, number> {
  const sum = new Map<number, number>();
  for (const h of histograms) for (const [bucket, n] of h) sum.set(bucket, (sum.get(bucket) ?? 0) + n);
  return sum;
}
