import { describe, expect, it } from 'vitest';
import {
  bucketBounds,
  bucketsOfRanks,
  percentileFromBuckets,
  percentileRanks,
  responseBucket,
} from '../../src/domain/reports/response-buckets.ts';
import { percentile } from '../../src/domain/reports/stats.ts';

const H = 3_600_000;

describe('responseBucket', () => {
  it.each([
    [0, 0],
    [999, 0],
    [1000, 1],
    [99_999, 99],
    [100_000, 310],
    [12_345_000, 512],
    [H, 436], // 3,600 s: 4 digits, "36"
    [24 * H, 586], // 86,400 s
    [10 * 365 * 24 * H, 931], // ten years: 315,360,000 s
  ])('%d ms is in bucket %d', (ms, bucket) => {
    expect(responseBucket(ms)).toBe(bucket);
    const { from, to } = bucketBounds(bucket);
    expect(ms).toBeGreaterThanOrEqual(from);
    expect(ms).toBeLessThan(to);
  });

  it('grows with the time, and a bucket is at most 10% of its lower bound wide from 100 s on', () => {
    let previous = -1;
    for (let seconds = 0; seconds < 5_000_000; seconds += 1 + Math.floor(seconds / 97)) {
      const bucket = responseBucket(seconds * 1000);
      expect(bucket).toBeGreaterThanOrEqual(previous);
      previous = bucket;
      const { from, to } = bucketBounds(bucket);
      if (from >= 100_000) expect(to - from).toBeLessThanOrEqual(from / 10);
      // Bounds meet: the bucket after `to` starts there.
      expect(bucketBounds(responseBucket(to)).from).toBe(to);
    }
  });
});

describe('percentileFromBuckets', () => {
  // A deterministic spread of reply times from seconds to weeks, with ties.
  const times = (n: number, seed: number) =>
    Array.from({ length: n }, (_, i) => Math.floor(((((i + 1) * 7919 * seed) % 10_007) / 10_007) ** 4 * 14 * 24 * H));

  const histogramOf = (values: number[]) => {
    const h = new Map<number, number>();
    for (const v of values) h.set(responseBucket(v), (h.get(responseBucket(v)) ?? 0) + 1);
    return h;
  };

  it('gives exactly what percentile gives, reading only the buckets that hold the ranks', () => {
    for (const [n, seed] of [
      [1, 3],
      [2, 5],
      [10, 7],
      [1001, 11],
      [5000, 13],
    ] as const) {
      const values = times(n, seed);
      const histogram = histogramOf(values);
      for (const p of [0.5, 0.9]) {
        const wanted = bucketsOfRanks(histogram, percentileRanks(n, p));
        expect(wanted.size).toBeLessThanOrEqual(2);
        const read = new Map([...wanted].map((b) => [b, values.filter((v) => responseBucket(v) === b)]));
        expect(percentileFromBuckets(histogram, read, p)).toBe(percentile(values, p));
      }
    }
  });

  it('answers null for no reply times and refuses a bucket read incompletely', () => {
    expect(percentileFromBuckets(new Map(), new Map(), 0.5)).toBeNull();
    const histogram = new Map([[5, 2]]);
    expect(() => percentileFromBuckets(histogram, new Map([[5, [5000]]]), 0.5)).toThrow(/bucket 5 has 1 times, expected 2/);
  });
});
