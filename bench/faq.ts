// npx tsx bench/faq.ts [--entries 500] [--iterations 2000]
//
// FAQ matching speed: matchFaq per message (the decision the CLI and the inbound pipeline make, after the
// message is parsed), over an FAQ of N entries in 4 locales (sv, en, he, zh). The entries are the 12 faq-dev
// entries, copied with their example questions shuffled across copies and one made-up word added to each copy
// (seeded), so the index has N distinct entries whose vocabulary overlaps as a real FAQ's would. The messages are
// faq-dev's 90 emails, parsed once beforehand. Also: the index build (once per FAQ version) and parse + match.
// A measurement, not a test: it prints figures and asserts nothing. Target (issue 12): p95 ≤ 5 ms per message.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { matchFaq, type FaqMessage } from '../src/domain/faq/match.ts';
import { readFaqMessage } from '../src/services/readFaqMessage.ts';
import { readFaqCases } from '../scripts/eval/faq-metrics.ts';
import { benchFaqEntries, FAQ_DEV_DIR } from './faq-entries.ts';
import { DEFAULT_SEED } from './random.ts';
import { measure, now, round } from './stats.ts';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '500' }, iterations: { type: 'string', default: '2000' } } });
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
await matchFaq(messages[0]!, entries); // builds and caches the index
const buildMs = now() - buildStart;

const matchOnly = await measure(iterations, 200, (i) => matchFaq(messages[i % messages.length]!, entries));
const parseAndMatch = await measure(Math.min(iterations, 500), 50, async (i) =>
  matchFaq(await readFaqMessage(raws[i % raws.length]!), entries),
);

const result = {
  entries: size,
  locales: 4,
  messages: messages.length,
  index_build_ms: round(buildMs, 1),
  match_ms: { p50: round(matchOnly.p50), p95: round(matchOnly.p95), p99: round(matchOnly.p99), mean: round(matchOnly.mean) },
  matches_per_second: Math.round(1000 / matchOnly.mean),
  parse_and_match_ms: { p50: round(parseAndMatch.p50), p95: round(parseAndMatch.p95) },
};
log(`FAQ match, ${size} entries × 4 locales, faq-dev's ${messages.length} messages:`);
log(`  index build (once per FAQ version) ${result.index_build_ms} ms`);
log(
  `  match        p50 ${result.match_ms.p50} ms  p95 ${result.match_ms.p95} ms  p99 ${result.match_ms.p99} ms` +
    `  (${result.matches_per_second}/s)`,
);
log(`  parse+match  p50 ${result.parse_and_match_ms.p50} ms  p95 ${result.parse_and_match_ms.p95} ms`);
console.log(JSON.stringify(result));
