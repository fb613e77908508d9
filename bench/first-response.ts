// npx tsx bench/first-response.ts [--small] [--rounds 5] [--dir DIR]
//
// The first-response report both ways on the same data (bench/dataset.ts, 100,000 conversations / 1,000,000
// messages; --small: 10k / 100k): from every reply time (the way below RANKED_FIRST_RESPONSE_ABOVE conversations)
// and at rank from the reply-time indexes (the way above it), by week and by agent, over the last 28 days and over
// the whole data set. Median and max wall time of `rounds` runs after a warm-up, and the CPU time of the process per
// run (on a loaded machine wall time also waits for a core). --dir reuses a data set kept there (see bench/reports.ts).
// A measurement, not a test: it prints a table and asserts nothing (test/integration/first-response-ranks.test.ts
// checks that both ways give the same report).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { firstResponseReport } from '../src/services/reports.ts';
import { buildDataset } from './dataset.ts';
import { BENCH_NOW, createBenchContext } from './deps.ts';
import { DEFAULT_SEED } from './random.ts';
import { round, summarize } from './stats.ts';

const { values } = parseArgs({
  options: { small: { type: 'boolean', default: false }, rounds: { type: 'string', default: '5' }, dir: { type: 'string' } },
});
const size = values.small ? { conversations: 10_000, messages: 100_000 } : { conversations: 100_000, messages: 1_000_000 };
const rounds = Number(values.rounds);
const log = (line: string) => process.stderr.write(`${line}\n`);
const DAY = 86_400_000;

const built = values.dir !== undefined && existsSync(join(values.dir, 'bench.db'));
const ctx = await createBenchContext({ seed: DEFAULT_SEED, ...(values.dir === undefined ? {} : { dir: values.dir, keep: true }) });
try {
  if (!built) await buildDataset(ctx.client, size, DEFAULT_SEED, log);
  const ranges = { '28 days': { from: BENCH_NOW - 28 * DAY, to: BENCH_NOW }, all: { from: 0, to: BENCH_NOW + DAY } };
  const ways = { 'every reply time': Number.POSITIVE_INFINITY, 'at rank': 0 };
  const lines = ['| first response | range | way | wall p50 | wall max | CPU p50 |', '| --- | --- | --- | --- | --- | --- |'];
  for (const [rangeName, range] of Object.entries(ranges)) {
    for (const group of ['week', 'agent'] as const) {
      for (const [way, rankedAbove] of Object.entries(ways)) {
        const wall: number[] = [];
        const cpu: number[] = [];
        for (let i = 0; i < rounds + 1; i++) {
          const t0 = performance.now();
          const c0 = process.cpuUsage();
          await firstResponseReport(ctx.deps, range, group, { rankedAbove });
          const used = process.cpuUsage(c0);
          if (i === 0) continue; // warms the page cache
          wall.push(performance.now() - t0);
          cpu.push((used.user + used.system) / 1000);
        }
        const w = summarize(wall);
        lines.push(
          `| by ${group} | ${rangeName} | ${way} | ${round(w.p50, 1)} ms | ${round(w.max, 1)} ms | ${round(summarize(cpu).p50, 1)} ms |`,
        );
      }
    }
  }
  console.log(lines.join('\n'));
} finally {
  ctx.close();
}
