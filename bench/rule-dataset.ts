// The contacts data set of the rule and segment benches (bench/rules.ts, bench/segments.ts): `contacts` contacts
// (cities, ages, interests, plans, birthdays, consent), 3 events and 2 messages each over the last 90 and 60 days,
// a conversation for every second contact, and a newsletter topic with a choice for every seventh contact.
import { BENCH_NOW } from './deps.ts';

const DAY = 86_400_000;

/** Deterministic data straight in SQL (recursive CTEs): attributes as API and CSV import store them. */
export async function buildRuleDataset(exec: (sql: string) => Promise<unknown>, contacts: number): Promise<void> {
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
