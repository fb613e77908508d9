// npx tsx bench/reports.ts [--small] [--rounds 5]
//
// Reports at 100,000 conversations / 1,000,000 messages (--small: 10k / 100k), over the bench data set
// (bench/dataset.ts): each report of src/services/reports.ts over the last 28 days and over the whole data
// set, the median and max of `rounds` runs. Floor, in the same run: counting the range's inbound messages
// through messages_status_idx. CPU: the process's CPU time for the report (wall time on a loaded machine waits for
// a core). Target (issue 14): ≤ 200 ms per report.
// A measurement, not a test: it prints a table, writes bench/reports-results.json and asserts nothing.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  automationReport,
  conversationsReport,
  deliverabilityReport,
  firstResponseReport,
  replyRateReport,
} from '../src/services/reports.ts';
import { buildDataset } from './dataset.ts';
import { BENCH_NOW, createBenchContext } from './deps.ts';
import { DEFAULT_SEED } from './random.ts';
import { round, summarize } from './stats.ts';

const { values } = parseArgs({ options: { small: { type: 'boolean', default: false }, rounds: { type: 'string', default: '5' } } });
const size = values.small ? { conversations: 10_000, messages: 100_000 } : { conversations: 100_000, messages: 1_000_000 };
const rounds = Number(values.rounds);
const log = (line: string) => process.stderr.write(`${line}\n`);
const TARGET_MS = 200;
const DAY = 86_400_000;

const ctx = await createBenchContext({ seed: DEFAULT_SEED });
try {
  log(`building ${size.conversations.toLocaleString('en')} conversations / ${size.messages.toLocaleString('en')} messages …`);
  await buildDataset(ctx.client, size, DEFAULT_SEED, log);
  const ranges = { '28 days': { from: BENCH_NOW - 28 * DAY, to: BENCH_NOW }, all: { from: 0, to: BENCH_NOW + DAY } };
  const reports = {
    'first-response by week': (r: { from: number; to: number }) => firstResponseReport(ctx.deps, r, 'week'),
    'first-response by agent': (r: { from: number; to: number }) => firstResponseReport(ctx.deps, r, 'agent'),
    'reply-rate by template': (r: { from: number; to: number }) => replyRateReport(ctx.deps, r, 'template'),
    'deliverability by week': (r: { from: number; to: number }) => deliverabilityReport(ctx.deps, r, 'week'),
    automation: (r: { from: number; to: number }) => automationReport(ctx.deps, r),
    'conversations by week': (r: { from: number; to: number }) => conversationsReport(ctx.deps, r),
  };
  const rows: {
    report: string;
    range: string;
    rows: number;
    p50_ms: number;
    max_ms: number;
    cpu_p50_ms: number;
    floor_ms: number;
    verdict: string;
  }[] = [];
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
        verdict: s.max <= TARGET_MS ? 'ok' : 'miss',
      });
    }
  }
  const header = '| report | range | rows | p50 | max | CPU p50 | floor (count inbound in range) | ≤ 200 ms |';
  console.log(
    [
      header,
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows.map(
        (r) =>
          `| ${r.report} | ${r.range} | ${r.rows} | ${r.p50_ms} ms | ${r.max_ms} ms | ${r.cpu_p50_ms} ms | ` +
          `${r.floor_ms} ms | ${r.verdict} |`,
      ),
    ].join('\n'),
  );
  writeFileSync(new URL('./reports-results.json', import.meta.url), `${JSON.stringify({ size, rounds, rows }, null, 2)}\n`);
} finally {
  ctx.close();
}
