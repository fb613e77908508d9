// The report queries of src/services/reports.ts, timed over a range of the bench data set: the median and max of
// `rounds` runs after one warm-up run, and the floor (counting the range's inbound messages through
// messages_status_idx, the index the reports start from). Used by bench/reports.ts and bench/scale.ts.
import {
  automationReport,
  conversationsReport,
  deliverabilityReport,
  firstResponseReport,
  replyRateReport,
} from '../src/services/reports.ts';
import type { BenchContext } from './deps.ts';
import { round, summarize } from './stats.ts';

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

export async function timeReports(ctx: BenchContext, ranges: Record<string, ReportRange>, rounds: number): Promise<ReportTiming[]> {
  const reports = {
    'first-response by week': (r: ReportRange) => firstResponseReport(ctx.deps, r, 'week'),
    'first-response by agent': (r: ReportRange) => firstResponseReport(ctx.deps, r, 'agent'),
    'reply-rate by template': (r: ReportRange) => replyRateReport(ctx.deps, r, 'template'),
    'deliverability by week': (r: ReportRange) => deliverabilityReport(ctx.deps, r, 'week'),
    automation: (r: ReportRange) => automationReport(ctx.deps, r),
    'conversations by week': (r: ReportRange) => conversationsReport(ctx.deps, r),
  };
  const rows: ReportTiming[] = [];
  for (const [rangeName, range] of Object.entries(ranges)) {
    const floorTimes: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      await ctx.client.execute({
        sql: "select count(*) from messages where status = 'received' and created_at >= ? and created_at < ?",
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
