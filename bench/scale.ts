// `npm run bench -- --scale N`: the inbox and report queries at the default size (100k conversations / 1M messages;
// with --small 10k / 100k) and at N times it (--scale 10: 1M conversations / 10M messages), on this machine's disk,
// with the ratio of each figure, so the growth of each cost shows: flat is the goal for list and thread, sub-linear
// for search. Each size gets a data set of its own (built with the indexes made after the load), one after the other,
// so the two never share the page cache or the disk. Not part of the default run.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDataset, describeBuild, type DatasetInfo } from './dataset.ts';
import { BENCH_NOW, createBenchContext } from './deps.ts';
import { runInbox } from './inbox.ts';
import { timeReports, type ReportTiming } from './report-queries.ts';
import { round } from './stats.ts';

const DAY = 86_400_000;

export interface ScaleOptions {
  base: { conversations: number; messages: number };
  scale: number;
  seed: number;
  iterations: number;
  warmup: number;
  searchRounds: number;
  profileDir: string;
  /**
   * Where to keep each size's data set (DIR/<conversations>x<messages>-seed<seed>), reused by the next run with the
   * same size and seed (the 10M build is the long part); without it each run builds in a temp directory and deletes it.
   */
  dataDir?: string | undefined;
  /**
   * Which sizes to measure now (default both); with dataDir, each size's figures are kept beside its data set
   * (figures.json) and a size not measured now is read from there, so the two can run at different times.
   */
  sizes?: ('base' | 'scaled')[] | undefined;
  log: (line: string) => void;
}

interface SizeFigures {
  conversations: number;
  messages: number;
  build_s: number;
  build_cpu_s: number;
  db_mib: number;
  list_p95_ms: number;
  list_cpu_p95_ms: number;
  thread_p95_ms: number;
  thread_cpu_p95_ms: number;
  thread_31plus_p95_ms: number | null;
  thread_longest_p95_ms: number;
  thread_longest_cpu_p95_ms: number;
  thread_longest_messages: number;
  search_p95_ms: number;
  search_cpu_p95_ms: number;
  search_short_cjk_p95_ms: number;
  search_short_cjk_cpu_p95_ms: number;
  pk_lookup_p95_ms: number;
  pk_lookup_cpu_p95_ms: number;
  reports: ReportTiming[];
}

/** The size's data set: the kept one of an earlier run (opts.dataDir), else built now. */
function datasetDir(size: ScaleOptions['base'], opts: ScaleOptions): string | undefined {
  return opts.dataDir && join(opts.dataDir, `${size.conversations}x${size.messages}-seed${opts.seed}`);
}

/** The size's figures: measured now, or (not among opts.sizes) those an earlier run kept beside its data set. */
async function figuresOf(which: 'base' | 'scaled', size: ScaleOptions['base'], opts: ScaleOptions): Promise<SizeFigures> {
  const dir = datasetDir(size, opts);
  if (opts.sizes && !opts.sizes.includes(which)) {
    if (!dir || !existsSync(join(dir, 'figures.json'))) throw new Error(`scale: no kept figures for the ${which} size; measure it first`);
    return JSON.parse(readFileSync(join(dir, 'figures.json'), 'utf8')) as SizeFigures;
  }
  const figures = await measureSize(size, opts);
  if (dir) writeFileSync(join(dir, 'figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
  return figures;
}

async function openDataset(size: ScaleOptions['base'], opts: ScaleOptions) {
  const dir = datasetDir(size, opts);
  const infoFile = dir && join(dir, 'dataset.json');
  if (infoFile && existsSync(infoFile)) {
    opts.log(`scale: reusing the data set in ${dir}`);
    const ctx = await createBenchContext({ seed: opts.seed, dir, keep: true });
    return { ctx, dataset: JSON.parse(readFileSync(infoFile, 'utf8')) as DatasetInfo };
  }
  if (dir) {
    // A build stopped half-way leaves no dataset.json: start again.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  const ctx = await createBenchContext({ seed: opts.seed, dir, keep: Boolean(dir) });
  opts.log(`scale: building ${size.conversations.toLocaleString('en')} conversations / ${size.messages.toLocaleString('en')} messages …`);
  const dataset = await buildDataset(ctx.client, size, opts.seed, opts.log);
  if (infoFile) writeFileSync(infoFile, `${JSON.stringify(dataset, null, 2)}\n`);
  return { ctx, dataset };
}

async function measureSize(size: ScaleOptions['base'], opts: ScaleOptions): Promise<SizeFigures> {
  const { ctx, dataset } = await openDataset(size, opts);
  try {
    opts.log(`  ${describeBuild(dataset)}; list, thread, search …`);
    const inbox = await runInbox(ctx, {
      iterations: opts.iterations,
      warmup: opts.warmup,
      searchRounds: opts.searchRounds,
      seed: opts.seed,
      agentIds: dataset.agentIds,
      profileDir: opts.profileDir,
      profileSearch: false,
      log: opts.log,
    });
    opts.log('  reports (last 28 days) …');
    const reports = await timeReports(ctx, { '28 days': { from: BENCH_NOW - 28 * DAY, to: BENCH_NOW } }, 3);
    return {
      conversations: size.conversations,
      messages: size.messages,
      build_s: round(dataset.build_ms.total / 1000, 1),
      build_cpu_s: round(dataset.build_cpu_ms.total / 1000, 1),
      db_mib: round(dataset.dbBytes / 2 ** 20, 0),
      list_p95_ms: inbox.list_p95_ms,
      list_cpu_p95_ms: inbox.list_cpu_p95_ms,
      thread_p95_ms: inbox.thread_p95_ms,
      thread_cpu_p95_ms: inbox.thread_cpu_p95_ms,
      thread_31plus_p95_ms: inbox.thread_by_size['31+']?.p95_ms ?? null,
      thread_longest_p95_ms: inbox.thread_longest.p95_ms,
      thread_longest_cpu_p95_ms: inbox.thread_longest.cpu_p95_ms,
      thread_longest_messages: inbox.thread_longest.messages,
      search_p95_ms: inbox.search_p95_ms,
      search_cpu_p95_ms: inbox.search_cpu_p95_ms,
      search_short_cjk_p95_ms: inbox.search_cjk_two_chars.p95_ms,
      search_short_cjk_cpu_p95_ms: inbox.search_cjk_two_chars.cpu_p95_ms,
      pk_lookup_p95_ms: round(inbox.floor_point_lookup.p95),
      pk_lookup_cpu_p95_ms: round(inbox.floor_point_lookup.cpu.p95),
      reports,
    };
  } finally {
    ctx.close();
  }
}

export async function runScale(opts: ScaleOptions): Promise<string> {
  const base = await figuresOf('base', opts.base, opts);
  // The base size's figures now, so they are kept even when the scaled size is stopped (it can run for long).
  const out = new URL('./scale-results.json', import.meta.url);
  writeFileSync(out, `${JSON.stringify({ scale: opts.scale, base, scaled: null }, null, 2)}\n`);
  opts.log(`  base size: ${JSON.stringify(base)}`);
  const scaledSize = { conversations: opts.base.conversations * opts.scale, messages: opts.base.messages * opts.scale };
  const scaledDir = datasetDir(scaledSize, opts);
  if (opts.sizes && !opts.sizes.includes('scaled') && !(scaledDir && existsSync(join(scaledDir, 'figures.json'))))
    return 'scale: the base size is measured; the table follows a run with --scale-sizes scaled';
  const scaled = await figuresOf('scaled', scaledSize, opts);
  const ratio = (a: number | null, b: number | null) => (a && b ? `${round(b / a, 2)}×` : '');
  const ms = (x: number | null) => (x === null ? '–' : `${x} ms`);
  const lines = [
    `| figure | ${base.messages.toLocaleString('en')} messages | ${scaled.messages.toLocaleString('en')} messages | ratio |`,
    '| --- | --- | --- | --- |',
    `| data set build, wall / CPU | ${base.build_s} s / ${base.build_cpu_s} s (${base.db_mib} MiB) | ` +
      `${scaled.build_s} s / ${scaled.build_cpu_s} s (${scaled.db_mib} MiB) | ${ratio(base.build_cpu_s, scaled.build_cpu_s)} (CPU) |`,
    ...(
      [
        ['PK look-up p95 (floor)', 'pk_lookup_p95_ms', 'pk_lookup_cpu_p95_ms'],
        ['list p95', 'list_p95_ms', 'list_cpu_p95_ms'],
        ['thread p95', 'thread_p95_ms', 'thread_cpu_p95_ms'],
        ['thread p95, the longest thread', 'thread_longest_p95_ms', 'thread_longest_cpu_p95_ms'],
        ['search p95', 'search_p95_ms', 'search_cpu_p95_ms'],
        ['search p95, 2-character Chinese', 'search_short_cjk_p95_ms', 'search_short_cjk_cpu_p95_ms'],
      ] as const
    ).map(
      ([label, wall, cpu]) =>
        `| ${label}, wall / CPU | ${ms(base[wall])} / ${ms(base[cpu])} | ${ms(scaled[wall])} / ${ms(scaled[cpu])} | ` +
        `${ratio(base[wall], scaled[wall])} / ${ratio(base[cpu], scaled[cpu])} |`,
    ),
    ...base.reports.map((r, i) => {
      const s = scaled.reports[i]!;
      return (
        `| report: ${r.report} (${r.range}), p50 wall / CPU | ${r.p50_ms} ms / ${r.cpu_p50_ms} ms | ` +
        `${s.p50_ms} ms / ${s.cpu_p50_ms} ms | ${ratio(r.p50_ms, s.p50_ms)} / ${ratio(r.cpu_p50_ms, s.cpu_p50_ms)} |`
      );
    }),
  ];
  writeFileSync(out, `${JSON.stringify({ scale: opts.scale, base, scaled }, null, 2)}\n`);
  return lines.join('\n');
}
