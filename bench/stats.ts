// Timing and percentiles. Method: warm-up iterations first (not recorded), then every
// iteration timed on its own with performance.now(); percentiles by nearest rank on the sorted
// samples (p-th percentile = the ceil(p/100 * n)-th smallest sample).
import { performance } from 'node:perf_hooks';

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((s, x) => s + x, 0);
  return {
    n: sorted.length,
    mean: total / Math.max(1, sorted.length),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** Wall-time percentiles, and the same of the process's CPU time (user + system) per iteration. */
export type Timed = Summary & { cpu: Summary };

/**
 * Runs fn for warmup + iterations rounds (i = 0 … warmup+iterations-1), timing the last `iterations`: wall time
 * (which on a loaded machine includes the wait for a core) and CPU time (process.cpuUsage; SQLite runs in-process).
 */
export async function measure(iterations: number, warmup: number, fn: (i: number) => Promise<unknown> | unknown): Promise<Timed> {
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await fn(i);
    const used = process.cpuUsage(cpuStart);
    const elapsed = performance.now() - start;
    if (i >= warmup) {
      samples.push(elapsed);
      cpu.push((used.user + used.system) / 1000);
    }
  }
  return { ...summarize(samples), cpu: summarize(cpu) };
}

/** The wall and CPU time of one call. */
export async function timeOnce(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(cpuStart);
  return { wall: performance.now() - start, cpu: (used.user + used.system) / 1000 };
}

export function now(): number {
  return performance.now();
}

export function round(x: number, digits = 3): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function mib(bytes: number): number {
  return bytes / (1024 * 1024);
}
