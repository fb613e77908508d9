// npx tsx bench/rules.ts [--contacts 100000] [--keep]
//
// Segment preview figures: count and first page (20 ids) of contacts matching representative
// rules, over a generated data set on the real schema (embedded libSQL, the app's settings).
// A measurement, not a test: it prints milliseconds and asserts nothing.
import { parseArgs } from 'node:util';
import { parseRule } from '../src/domain/rules/parse.ts';
import { countContactsMatching, selectContactIdsMatching } from '../src/store/contacts-matching.ts';
import { BENCH_NOW, createBenchContext } from './deps.ts';
import { buildRuleDataset } from './rule-dataset.ts';
import { DEFAULT_SEED } from './random.ts';
import { measure, round } from './stats.ts';

const { values } = parseArgs({ options: { contacts: { type: 'string', default: '100000' }, keep: { type: 'boolean', default: false } } });
const contacts = Number(values.contacts);
const log = (line: string) => process.stderr.write(`${line}\n`);

const RULES: Record<string, unknown> = {
  'city + age + consent + no recent marketing': {
    all: [
      'attributes.city = "Göteborg"',
      'attributes.age < 26',
      { consent: 'marketing' },
      { not: { last_message: { category: 'marketing', within: 'P7D' } } },
    ],
  },
  'ordered twice in 30 days, over 100': { event: 'order_placed', count: '>= 2', within: 'P30D', where: 'event.total > 100' },
  'not interested in ski': { not: { 'attributes.interests contains "ski"': null } },
  'replied in 30 days or newsletter': { any: [{ replied: { within: 'P30D' } }, { topic: 'newsletter' }] },
  'new contacts (index)': 'contact.created_at after now - P30D',
  'birthday before 1970 and plan in list': { all: ['attributes.birthday before 1970-01-01', 'attributes.plan in ["pro", "team"]'] },
};

const ctx = await createBenchContext({ seed: DEFAULT_SEED, keep: values.keep ?? false });
try {
  const count = (x: number) => x.toLocaleString('en');
  log(`building ${count(contacts)} contacts, ${count(3 * contacts)} events, ${count(2 * contacts)} messages …`);
  const started = performance.now();
  await buildRuleDataset((sql) => ctx.client.execute(sql), contacts);
  log(`  built in ${((performance.now() - started) / 1000).toFixed(1)} s${values.keep ? ` (${ctx.dbPath})` : ''}`);
  const rows: { rule: string; matching: number; count_p50_ms: number; count_max_ms: number; page_p50_ms: number }[] = [];
  for (const [name, input] of Object.entries(RULES)) {
    const parsed = parseRule(input, { allowEvent: false });
    if (!parsed.ok) throw new Error(`${name}: ${JSON.stringify(parsed.issues)}`);
    const matching = await countContactsMatching(ctx.deps.db, parsed.rule, BENCH_NOW);
    const counting = await measure(10, 2, () => countContactsMatching(ctx.deps.db, parsed.rule, BENCH_NOW));
    const page = await measure(10, 2, () => selectContactIdsMatching(ctx.deps.db, parsed.rule, BENCH_NOW, { limit: 20 }));
    const figures = { count_p50_ms: round(counting.p50, 1), count_max_ms: round(counting.max, 1), page_p50_ms: round(page.p50, 1) };
    rows.push({ rule: name, matching, ...figures });
  }
  console.table(rows);
} finally {
  ctx.close();
}
