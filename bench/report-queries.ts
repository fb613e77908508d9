// The report queries of src/services/reports.ts, timed over a range of the bench data set: the median and max of
// `rounds` runs after one warm-up run, and the floor (counting the conversations opened in the range through
// conversation_facts_opened_idx: one range read of a facts index, the least a report over the range does).
// Used by bench/reports.ts and bench/scale.ts.
import type { BusinessHours } from '../src/domain/time/business-hours.ts';
import { loadInboxSettings, saveInboxSettings } from '../src/services/inboxSettings.ts';
import {
  automationReport,
  conversationsReport,
  deliverabilityReport,
  firstResponseReport,
  replyRateReport,
} from '../src/services/reports.ts';
import type { BenchContext } from './deps.ts';
import { round, summarize } from './stats.ts';

/** Issue 14: each report answers in this many ms at 100k conversations / 1M messages, over any range. */
export const REPORT_TARGET_MS = 200;

export interface ReportRange {
  from: number;
  to: number;
}

export interface ReportTiming {
  report: string;
  range: string;
  rows: number;
  p50_ms: number;
  max_ms: number;
  /** The process's CPU time for the report: wall time on a loaded machine also waits for a core. */
  cpu_p50_ms: number;
  floor_ms: number;
}

type ReportRun = (r: ReportRange) => Promise<{ rows: unknown[] }>;

/** Office hours (Mon-Fri 09:00-17:00, Stockholm) for the first-response reports in business time. */
export const BENCH_BUSINESS_HOURS: BusinessHours = {
  timeZone: 'Europe/Stockholm',
  week: [...Array.from({ length: 5 }, () => [{ start: 540, end: 1020 }]), [], []],
};

/** The first-response reports with the target counted in business `hours` (the settings are put back after). */
export async function timeFirstResponseInBusinessTime(
  ctx: BenchContext,
  ranges: Record<string, ReportRange>,
  rounds: number,
  hours: BusinessHours = BENCH_BUSINESS_HOURS,
): Promise<ReportTiming[]> {
  const saved = await loadInboxSettings(ctx.deps);
  await saveInboxSettings(ctx.deps, { ...saved, firstResponse: { ...saved.firstResponse, businessHours: hours } });
  try {
    return await timeEach(ctx, ranges, rounds, {
      'first-response by week, business hours': (r) => firstResponseReport(ctx.deps, r, 'week'),
      'first-response by agent, business hours': (r) => firstResponseReport(ctx.deps, r, 'agent'),
    });
  } finally {
    await saveInboxSettings(ctx.deps, saved);
  }
}

export async function timeReports(ctx: BenchContext, ranges: Record<string, ReportRange>, rounds: number): Promise<ReportTiming[]> {
  return timeEach(ctx, ranges, rounds, {
    'first-response by week': (r: ReportRange) => firstResponseReport(ctx.deps, r, 'week'),
    'first-response by agent': (r: ReportRange) => firstResponseReport(ctx.deps, r, 'agent'),
    'reply-rate by template': (r: ReportRange) => replyRateReport(ctx.deps, r, 'template'),
    'deliverability by week': (r: ReportRange) => deliverabilityReport(ctx.deps, r, 'week'),
    automation: (r: ReportRange) => automationReport(ctx.deps, r),
    'conversations by week': (r: ReportRange) => conversationsReport(ctx.deps, r),
  });
}

async function timeEach(
  ctx: BenchContext,
  ranges: Record<string, ReportRange>,
  rounds: number,
  reports: Record<string, ReportRun>,
): Promise<ReportTiming[]> {
  const rows: ReportTiming[] = [];
  for (const [rangeName, range] of Object.entries(ranges)) {
    const floorTimes: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      await ctx.client.execute({
        sql: 'select count(*) from conversation_facts where opened_at >= ? and opened_at < ?',
        args: [range.from, range.to],
      });
      floorTimes.push(performance.now() - t0);
    }
    const floor = summarize(floorTimes).p50;
    for (const [name, run] of Object.entries(reports)) {
      const times: number[] = [];
      const cpu: number[] = [];
      let count = 0;
      for (let i = 0; i < rounds + 1; i++) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        const result = await run(range);
        const used = process.cpuUsage(c0);
        // The first run warms the page cache.
        if (i > 0) {
          times.push(performance.now() - t0);
          cpu.push((used.user + used.system) / 1000);
        }
        count = result.rows.length;
      }
      const s = summarize(times);
      rows.push({
        report: name,
        range: rangeName,
        rows: count,
        p50_ms: round(s.p50),
        max_ms: round(s.max),
        cpu_p50_ms: round(summarize(cpu).p50),
        floor_ms: round(floor),
      });
    }
  }
  return rows;
}
