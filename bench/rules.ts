// npx tsx bench/rules.ts [--contacts 100000] [--keep]
//
// Segment preview figures: count and first page (20 ids) of contacts matching representative
// rules, over a generated data set on the real schema (embedded libSQL, the app's settings).
// A measurement, not a test: it prints milliseconds and asserts nothing.
import { parseArgs } from 'node:util';
import { parseRule } from '../src/domain/rules/parse.ts';
import { countContactsMatching, selectContactIdsMatching } from '../src/store/contacts-matching.ts';
import { BENCH_NOW, createBenchContext } from './deps.ts';
import { DEFAULT_SEED } from './random.ts';
import { measure, round } from './stats.ts';

const { values } = parseArgs({ options: { contacts: { type: 'string', default: '100000' }, keep: { type: 'boolean', default: false } } });
const contacts = Number(values.contacts);
const DAY = 86_400_000;
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

/** Deterministic data straight in SQL (recursive CTEs): attributes as API and CSV import store them. */
async function build(exec: (sql: string) => Promise<unknown>): Promise<void> {
  const n = contacts;
  const series = (count: number) => `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${count})`;
  await exec(`${series(n)} INSERT INTO contacts (id, email, name, locale, attributes, marketing_consent, created_at, updated_at)
    SELECT printf('con_%07d', i), printf('c%07d@example.com', i), 'Kund ' || i,
      CASE i % 4 WHEN 0 THEN 'sv-SE' WHEN 1 THEN 'en' WHEN 2 THEN 'he' ELSE 'zh-CN' END,
      json_object(
        'city', CASE i % 5 WHEN 0 THEN 'Göteborg' WHEN 1 THEN 'Stockholm' WHEN 2 THEN 'Malmö'
          WHEN 3 THEN 'תל אביב' ELSE '北京' END,
        'age', CASE WHEN i % 3 = 0 THEN CAST(16 + (i * 7) % 61 AS TEXT) ELSE 16 + (i * 7) % 61 END,
        'interests', json_array(CASE i % 4 WHEN 0 THEN 'ski' ELSE 'books' END, 'music'),
        'plan', CASE i % 10 WHEN 0 THEN 'pro' WHEN 1 THEN 'team' ELSE 'free' END,
        'birthday', printf('%04d-%02d-%02d', 1950 + i % 55, 1 + i % 12, 1 + i % 28)),
      CASE i % 3 WHEN 0 THEN 'unknown' WHEN 1 THEN 'subscribed' ELSE 'unsubscribed' END,
      ${BENCH_NOW} - (i % 730) * ${DAY}, ${BENCH_NOW} - (i % 730) * ${DAY}
    FROM s`);
  await exec(`${series(3 * n)} INSERT INTO events (id, contact_id, name, data, occurred_at)
    SELECT printf('evt_%08d', i), printf('con_%07d', 1 + (i * 48271) % ${n}), CASE i % 3 WHEN 0 THEN 'page_viewed' ELSE 'order_placed' END,
      json_object('total', (i * 37) % 1000), ${BENCH_NOW} - ((i * 7919) % (90 * 86400)) * 1000
    FROM s`);
  await exec(`${series(n / 2)} INSERT INTO conversations (id, contact_id, last_message_at, created_at, updated_at)
    SELECT printf('cnv_%07d', i), printf('con_%07d', i * 2), ${BENCH_NOW}, ${BENCH_NOW}, ${BENCH_NOW} FROM s`);
  const sentAt = `${BENCH_NOW} - ((i * 104729) % (60 * 86400)) * 1000`;
  await exec(`${series(2 * n)}
    INSERT INTO messages (id, conversation_id, direction, author, status, category, classification, created_at, sent_at)
    SELECT printf('msg_%08d', i), printf('cnv_%07d', 1 + i % ${n / 2}),
      CASE WHEN i % 4 = 0 THEN 'in' ELSE 'out' END, CASE WHEN i % 4 = 0 THEN 'contact' ELSE 'trigger' END,
      CASE WHEN i % 4 = 0 THEN 'received' ELSE 'sent' END,
      CASE i % 3 WHEN 0 THEN 'marketing' WHEN 1 THEN 'transactional' ELSE 'support' END,
      CASE WHEN i % 4 = 0 THEN 'message' END,
      ${sentAt}, CASE WHEN i % 4 = 0 THEN NULL ELSE ${sentAt} END
    FROM s`);
  await exec(`INSERT INTO topics (id, key, name, default_subscribed, created_at)
    VALUES ('top_newsletter', 'newsletter', 'Newsletter', 0, 0)`);
  await exec(`${series(n)} INSERT INTO topic_subscriptions (contact_id, topic_id, status, updated_at)
    SELECT printf('con_%07d', i), 'top_newsletter', CASE WHEN i % 14 = 0 THEN 'unsubscribed' ELSE 'subscribed' END, 0
    FROM s WHERE i % 7 = 0`);
  await exec('ANALYZE');
}

const ctx = await createBenchContext({ seed: DEFAULT_SEED, keep: values.keep ?? false });
try {
  const count = (x: number) => x.toLocaleString('en');
  log(`building ${count(contacts)} contacts, ${count(3 * contacts)} events, ${count(2 * contacts)} messages …`);
  const started = performance.now();
  await build((sql) => ctx.client.execute(sql));
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
