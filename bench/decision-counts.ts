// npx tsx bench/decision-counts.ts [--jobs 100000] [--rounds 10]
//
// The counts of decisions about automated sends at 100,000 trigger jobs (each with its 'scheduled' note in
// payload.scheduled) and as many stored decisions (sent, skipped, held), over 60 days: GET /api/v1/triggers
// (listTriggers) and the automation report over the last 28 days and over everything. Median and max of
// `rounds` runs after a warm-up, with the process's CPU time per run beside the wall time (on a loaded machine
// wall time also waits for a core). A measurement, not a test: prints a table, writes
// bench/decision-counts-results.json.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { listTriggers } from '../src/services/listTriggers.ts';
import { automationReport } from '../src/services/reports.ts';
import { BENCH_NOW, createBenchContext } from './deps.ts';
import { createRng, DEFAULT_SEED } from './random.ts';
import { round, summarize } from './stats.ts';

const { values } = parseArgs({ options: { jobs: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '10' } } });
const jobs = Number(values.jobs);
const rounds = Number(values.rounds);
const log = (line: string) => process.stderr.write(`${line}\n`);
const DAY = 86_400_000;
const TRIGGERS = ['order_confirmation', 'replenishment_reminder', 'welcome', 'birthday', 'winback'];
const REASONS = [null, null, null, 'QuietHours', 'SendWindow'];
const STORED = [
  ['sent', null],
  ['sent', null],
  ['skipped', 'DailyCap'],
  ['held', 'QuietHours'],
] as const;

const ctx = await createBenchContext({ seed: DEFAULT_SEED });
try {
  const rng = createRng(DEFAULT_SEED);
  log(`writing ${jobs.toLocaleString('en')} jobs and as many stored decisions …`);
  const BATCH = 500;
  for (let start = 0; start < jobs; start += BATCH) {
    const jobRows: (string | number)[] = [];
    const decisionRows: (string | number | null)[] = [];
    const n = Math.min(BATCH, jobs - start);
    for (let i = start; i < start + n; i++) {
      const createdAt = BENCH_NOW - rng.int(60 * DAY);
      const trigger = TRIGGERS[i % TRIGGERS.length]!;
      const id = `sjb_${String(i).padStart(26, '0')}`;
      const payload = {
        trigger,
        step: 0,
        baseKey: `${trigger}:${i}`,
        event: null,
        startedAt: createdAt,
        firstDueAt: createdAt,
        scheduled: {
          at: createdAt,
          reason: REASONS[i % REASONS.length],
          detail: 'due 2026-11-23 10:00 local',
          template: trigger,
          category: 'marketing',
        },
      };
      jobRows.push(id, JSON.stringify(payload), createdAt, `${trigger}:${i}`, createdAt, createdAt);
      const [decision, reason] = STORED[i % STORED.length]!;
      decisionRows.push(`dcs_${String(i).padStart(26, '0')}`, id, trigger, decision, reason, 'detail', createdAt + 60_000);
    }
    await ctx.client.batch(
      [
        {
          sql: `INSERT INTO scheduled_jobs (id, type, payload, run_at, status, key, created_at, updated_at)
            VALUES ${Array.from({ length: n }, () => "(?, 'trigger_send', ?, ?, 'done', ?, ?, ?)").join(', ')}`,
          args: jobRows,
        },
        {
          sql: `INSERT INTO delivery_decisions (id, job_id, source, source_name, decision, reason, detail, created_at)
            VALUES ${Array.from({ length: n }, () => "(?, ?, 'trigger', ?, ?, ?, ?, ?)").join(', ')}`,
          args: decisionRows,
        },
      ],
      'write',
    );
  }
  await ctx.client.execute('ANALYZE');
  const runs = {
    'GET /triggers counts': () => listTriggers(ctx.deps),
    'automation, 28 days': () => automationReport(ctx.deps, { from: BENCH_NOW - 28 * DAY, to: BENCH_NOW }),
    'automation, all': () => automationReport(ctx.deps, { from: 0, to: BENCH_NOW + DAY }),
  };
  const rows = [];
  for (const [name, run] of Object.entries(runs)) {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < rounds + 1; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await run();
      const used = process.cpuUsage(c0);
      if (i === 0) continue; // warms the page cache
      wall.push(performance.now() - t0);
      cpu.push((used.user + used.system) / 1000);
    }
    const w = summarize(wall);
    const c = summarize(cpu);
    rows.push({ query: name, p50_ms: round(w.p50), max_ms: round(w.max), cpu_p50_ms: round(c.p50), cpu_max_ms: round(c.max) });
  }
  console.log(
    [
      `${jobs.toLocaleString('en')} jobs with a note, as many stored decisions`,
      '| query | wall p50 | wall max | CPU p50 | CPU max |',
      '| --- | --- | --- | --- | --- |',
      ...rows.map((r) => `| ${r.query} | ${r.p50_ms} ms | ${r.max_ms} ms | ${r.cpu_p50_ms} ms | ${r.cpu_max_ms} ms |`),
    ].join('\n'),
  );
  writeFileSync(new URL('./decision-counts-results.json', import.meta.url), `${JSON.stringify({ jobs, rounds, rows }, null, 2)}\n`);
} finally {
  ctx.close();
}
