// npx tsx bench/reports.ts [--small] [--rounds 5] [--dir DIR]
//
// Reports at 100,000 conversations / 1,000,000 messages (--small: 10k / 100k), over the bench data set
// (bench/dataset.ts): each report of src/services/reports.ts over the last 28 days and over the whole data
// set, the median and max of `rounds` runs, and the first-response reports again with the target in business hours
// (Mon-Fri 09:00-17:00, Stockholm; the settings are put back after). Floor, in the same run: counting the conversations
// opened in the range through conversation_facts_opened_idx. CPU: the process's CPU time for the report (wall time on a
// loaded machine waits for a core). Target (issue 14): ≤ 200 ms per report.
// --dir keeps the data set in DIR and reuses it when DIR/bench.db exists (pending migrations are applied on open),
// so that two versions of the code can be timed on the same data.
// A measurement, not a test: it prints a table, writes bench/reports-results.json and asserts nothing.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildDataset } from './dataset.ts';
import { BENCH_NOW, createBenchContext } from './deps.ts';
import { DEFAULT_SEED } from './random.ts';
import { REPORT_TARGET_MS, timeFirstResponseInBusinessTime, timeReports } from './report-queries.ts';

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
  if (built) log(`reusing the data set in ${values.dir}`);
  else {
    log(`building ${size.conversations.toLocaleString('en')} conversations / ${size.messages.toLocaleString('en')} messages …`);
    await buildDataset(ctx.client, size, DEFAULT_SEED, log);
  }
  const ranges = { '28 days': { from: BENCH_NOW - 28 * DAY, to: BENCH_NOW }, all: { from: 0, to: BENCH_NOW + DAY } };
  const timed = [...(await timeReports(ctx, ranges, rounds)), ...(await timeFirstResponseInBusinessTime(ctx, ranges, rounds))];
  const rows = timed.map((r) => ({ ...r, verdict: r.max_ms <= REPORT_TARGET_MS ? 'ok' : 'miss' }));
  const header = '| report | range | rows | p50 | max | CPU p50 | floor (count conversations opened in range) | ≤ 200 ms |';
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
