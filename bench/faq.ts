// npx tsx bench/faq.ts [--entries 500] [--iterations 2000] [--profile]
//
// FAQ matching speed: matchFaq per message (the decision the CLI and the inbound pipeline make, after the
// message is parsed), over an FAQ of N entries in 4 locales (sv, en, he, zh). The entries are the 12 faq-dev
// entries, copied with their example questions shuffled across copies and one made-up word added to each copy
// (seeded), so the index has N distinct entries whose vocabulary overlaps as a real FAQ's would. The messages are
// faq-dev's 90 emails, parsed once beforehand. Also: the index build (once per FAQ version) and parse + match.
// Per message both the wall time and the CPU time (process.cpuUsage: user + system of this process) are recorded;
// on a loaded machine the wall time measures the queue for the CPU, the CPU time the code.
// --profile: a CPU profile of the match-only pass (written to a temp folder; its summary is printed).
// A measurement, not a test: it prints figures and asserts nothing. Target (issue 12): p95 ≤ 5 ms per message.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { matchFaq, type FaqMessage } from '../src/domain/faq/match.ts';
import { readFaqMessage } from '../src/services/readFaqMessage.ts';
import { readFaqCases } from '../scripts/eval/faq-metrics.ts';
import { benchFaqEntries, FAQ_DEV_DIR } from './faq-entries.ts';
import { formatProfile, startProfile } from './profile.ts';
import { DEFAULT_SEED } from './random.ts';
import { now, round, summarize, type Summary } from './stats.ts';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '500' },
    iterations: { type: 'string', default: '2000' },
    profile: { type: 'boolean', default: false },
  },
});
const size = Number(values.entries);
const iterations = Number(values.iterations);
const DIR = FAQ_DEV_DIR;
const log = (line: string) => process.stderr.write(`${line}\n`);

const files = readFaqCases(DIR).map((c) => join(DIR, c.file));
const raws = files.map((file) => new Uint8Array(readFileSync(file)));
const messages: FaqMessage[] = [];
for (const raw of raws) messages.push(await readFaqMessage(raw));

const entries = benchFaqEntries(size, DEFAULT_SEED);
const buildStart = now();
const buildCpu = process.cpuUsage();
await matchFaq(messages[0]!, entries); // builds and caches the index
const buildMs = now() - buildStart;
const buildCpuMs = cpuMsSince(buildCpu);

function cpuMsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** Like stats.ts's measure, with the CPU time of each iteration beside its wall time. */
async function measureWallAndCpu(
  count: number,
  warmup: number,
  fn: (i: number) => Promise<unknown>,
): Promise<{ wall: Summary; cpu: Summary }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < warmup + count; i++) {
    const start = now();
    const startCpu = process.cpuUsage();
    await fn(i);
    const cpuMs = cpuMsSince(startCpu);
    const wallMs = now() - start;
    if (i >= warmup) {
      wall.push(wallMs);
      cpu.push(cpuMs);
    }
  }
  return { wall: summarize(wall), cpu: summarize(cpu) };
}

const matchOnly = await measureWallAndCpu(iterations, 200, (i) => matchFaq(messages[i % messages.length]!, entries));
const parseAndMatch = await measureWallAndCpu(Math.min(iterations, 500), 50, async (i) =>
  matchFaq(await readFaqMessage(raws[i % raws.length]!), entries),
);

const percentiles = (s: Summary) => ({ p50: round(s.p50), p95: round(s.p95), p99: round(s.p99), mean: round(s.mean) });
const result = {
  entries: size,
  locales: 4,
  messages: messages.length,
  index_build_ms: round(buildMs, 1),
  index_build_cpu_ms: round(buildCpuMs, 1),
  match_ms: percentiles(matchOnly.wall),
  match_cpu_ms: percentiles(matchOnly.cpu),
  matches_per_second: Math.round(1000 / matchOnly.wall.mean),
  parse_and_match_ms: percentiles(parseAndMatch.wall),
  parse_and_match_cpu_ms: percentiles(parseAndMatch.cpu),
};
const line = (label: string, s: { p50: number; p95: number; p99: number }) =>
  `  ${label.padEnd(16)} p50 ${s.p50} ms  p95 ${s.p95} ms  p99 ${s.p99} ms`;
log(`FAQ match, ${size} entries × 4 locales, faq-dev's ${messages.length} messages:`);
log(`  index build (once per FAQ version) ${result.index_build_ms} ms wall, ${result.index_build_cpu_ms} ms CPU`);
log(`${line('match, wall', result.match_ms)}  (${result.matches_per_second}/s)`);
log(line('match, CPU', result.match_cpu_ms));
log(line('parse+match, wall', result.parse_and_match_ms));
log(line('parse+match, CPU', result.parse_and_match_cpu_ms));

if (values.profile) {
  const profiler = await startProfile();
  for (let i = 0; i < iterations; i++) await matchFaq(messages[i % messages.length]!, entries);
  const summary = await profiler.stop('faq-match', mkdtempSync(join(tmpdir(), 'samtal-faq-profile-')));
  log(formatProfile(`match only, ${iterations} messages`, summary));
}
console.log(JSON.stringify(result));
