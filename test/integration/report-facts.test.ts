// The report facts stay right through the write paths (customer message, agent reply, close, reopen, a reply to sent
// mail), the migration's backfill gives the same facts as the triggers, and every report query reads its indexes.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { agentReply } from '../../src/services/agentReply.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { setConversationStatus } from '../../src/services/conversationActions.ts';
import { deliverOutbox } from '../../src/services/deliverOutbox.ts';
import { conversationsReport } from '../../src/services/reports.ts';
import { bucketTimesQuery, firstResponseTimesQuery, responseHistogramsQuery } from '../../src/store/report-first-response.ts';
import { conversationCountsQuery, outboundSums } from '../../src/store/reports.ts';
import { useApiContext } from '../support/contexts.ts';
import { deliver, send } from '../support/inbound-helpers.ts';

const { t } = useApiContext();
const H = 3_600_000;
let n = 0;
const mail = (to: string, body: string) =>
  new TextEncoder().encode(
    `From: ana@example.com\r\nTo: ${to}\r\nSubject: Order\r\nMessage-ID: <f${++n}@example.com>\r\n` +
      `Date: ${new Date(t.clock.now()).toUTCString()}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
  );

const facts = async (id: string) =>
  (await t.client.execute({ sql: 'select * from conversation_facts where conversation_id = ?', args: [id] })).rows[0];
const table = async (name: string, order: string) =>
  (await t.client.execute(`select * from ${name} order by ${order}`)).rows.map((r) => ({ ...r }));

describe('report facts', () => {
  it('follow a conversation through reply, close and reopen', async () => {
    t.clock.set(Date.parse('2026-11-02T08:00:00Z'));
    const ana = await createAgentWithPassword(t.deps, {
      email: 'ana@acme.example',
      name: 'Ana',
      role: 'agent',
      password: 'correct horse battery',
    });
    const first = t.clock.now();
    const { conversation_id: id } = await deliver(t, mail('support@acme.example', 'Where is my order?'));
    expect(await facts(id!)).toMatchObject({ opened_at: first, first_customer_at: first, first_reply_at: null, closed_at: null });
    t.clock.advance(2 * H);
    await agentReply(t.deps, ana, { conversationId: id!, text: 'On its way.', seenUpTo: t.clock.now(), force: true });
    const replied = t.clock.now();
    t.clock.advance(H);
    await agentReply(t.deps, ana, { conversationId: id!, text: 'And the tracking number.', seenUpTo: t.clock.now(), force: true });
    expect(await facts(id!)).toMatchObject({ first_reply_at: replied, first_reply_agent_id: ana.id });
    t.clock.advance(H);
    await setConversationStatus(t.deps, id!, 'closed');
    const closed = t.clock.now();
    expect(await facts(id!)).toMatchObject({ closed_at: closed });
    expect((await conversationsReport(t.deps, { from: first - H, to: closed + H })).rows).toEqual([
      { group: '2026-11-02', opened: 1, closed: 1 },
    ]);
    // Reopened (and the customer writes again): no longer counted as closed; the first response stays the first.
    t.clock.set(Date.parse('2026-11-10T08:00:00Z'));
    await setConversationStatus(t.deps, id!, 'open');
    await deliver(t, mail('support@acme.example', 'It has not come.'));
    expect(await facts(id!)).toMatchObject({ closed_at: null, first_customer_at: first, first_reply_at: replied });
    const report = await conversationsReport(t.deps, { from: first - H, to: t.clock.now() + H });
    expect(report.rows.reduce((s, r) => s + r.closed, 0)).toBe(0);
  });

  it('mark sent mail replied within 7 days, and the backfill gives what the triggers gave', async () => {
    t.clock.set(Date.parse('2026-11-02T08:00:00Z'));
    const a = await send(t, { to: 'ana@example.com', template: 'welcome', data: {} });
    const b = await send(t, { to: 'bo@example.com', template: 'welcome', data: {} });
    await deliverOutbox(t.deps);
    t.clock.advance(H);
    await deliver(t, mail(a.replyAddress, 'Thanks!'));
    t.clock.advance(8 * 24 * H);
    await deliver(t, mail(b.replyAddress, 'Too late to count.'));
    const messageFacts = await table('message_facts', 'message_id');
    expect(messageFacts.map((f) => [f.message_id, f.status, f.replied])).toEqual(
      [
        [a.messageId, 'sent', 1],
        [b.messageId, 'sent', 0],
      ].sort(),
    );
    const before = {
      conversations: await table('conversation_facts', 'conversation_id'),
      messages: messageFacts,
      daily: await table('message_daily where messages <> 0', 'day, status, template, category'),
      convDaily: await table('conversation_daily where opened <> 0 or closed <> 0', 'day'),
    };
    // The facts are dropped (the daily sums go back to zero with them), and the migration's backfill fills them again.
    await t.client.execute('delete from message_facts');
    await t.client.execute('delete from conversation_facts');
    expect((await t.client.execute('select sum(messages) as n from message_daily')).rows[0]!.n).toBe(0);
    const migration = readFileSync(new URL('../../db/migrations/0015_report_fact_triggers.sql', import.meta.url), 'utf8');
    for (const statement of migration.split('--> statement-breakpoint').filter((s) => !s.includes('CREATE TRIGGER'))) {
      await t.client.execute(statement);
    }
    expect({
      conversations: await table('conversation_facts', 'conversation_id'),
      messages: await table('message_facts', 'message_id'),
      daily: await table('message_daily where messages <> 0', 'day, status, template, category'),
      convDaily: await table('conversation_daily where opened <> 0 or closed <> 0', 'day'),
    }).toEqual(before);
  });
});

describe('report query plans', () => {
  const plan = async (query: ReturnType<typeof sql>) =>
    (await t.deps.db.all<{ detail: string }>(sql`explain query plan ${query}`)).map((r) => r.detail).join(' | ');
  // Whole days in the middle, partial days at both ends.
  const range = { from: Date.parse('2026-11-01T12:00:00Z'), to: Date.parse('2026-11-20T12:00:00Z') };

  it('first response counts its histograms from covering indexes in group order (only the small result is sorted)', async () => {
    const target = { ms: 1, now: 2 };
    const packed = ' | SCAN (subquery-1) | USE TEMP B-TREE FOR GROUP BY';
    expect(await plan(responseHistogramsQuery(range, 'week', target))).toBe(
      'CO-ROUTINE (subquery-1) | SEARCH conversation_facts USING COVERING INDEX conversation_facts_week_bucket_idx ' +
        `(first_customer_week>? AND first_customer_week<?)${packed}`,
    );
    expect(await plan(responseHistogramsQuery(range, 'agent', target))).toBe(
      `CO-ROUTINE (subquery-1) | SCAN conversation_facts USING COVERING INDEX conversation_facts_agent_bucket_idx${packed}`,
    );
    // With business hours, every time of the range, from the same indexes in the same order.
    expect(await plan(firstResponseTimesQuery(range, 'week'))).toBe(
      'SEARCH conversation_facts USING COVERING INDEX conversation_facts_week_bucket_idx (first_customer_week>? AND first_customer_week<?)',
    );
    expect(await plan(firstResponseTimesQuery(range, 'agent'))).toBe(
      'SCAN conversation_facts USING COVERING INDEX conversation_facts_agent_bucket_idx',
    );
  });

  it('the reply times of a bucket are read by one seek on a covering index per bucket, by range or by agent', async () => {
    const p = await plan(
      bucketTimesQuery([
        { bucket: 512, ...range },
        { bucket: 513, ...range, agent: 'agt_1' },
        { bucket: 514, ...range, agent: null },
      ]),
    );
    expect(p).toContain(
      'SEARCH f USING COVERING INDEX conversation_facts_bucket_idx (response_bucket=? AND first_customer_at>? AND first_customer_at<?)',
    );
    expect(p).toContain(
      'SEARCH f USING COVERING INDEX conversation_facts_agent_bucket_idx ' +
        '(first_reply_agent_id=? AND response_bucket=? AND first_customer_at>? AND first_customer_at<?)',
    );
    expect(p).not.toMatch(/SCAN (f|conversation_facts)\b|messages/);
  });

  it('reply rate and deliverability read the daily sums by day and the facts of the partial days by index', async () => {
    const p = await plan(
      outboundSums(
        range,
        'template',
        sql`('sent')`,
        { daily: sql`sum(d.messages) as sent`, facts: sql`count(*) as sent` },
        sql`sum(sent) as sent`,
      ),
    );
    expect(p).toContain('SEARCH d USING INDEX sqlite_autoindex_message_daily_1 (day>? AND day<?)');
    expect(p).toContain('SEARCH m USING COVERING INDEX message_facts_report_idx (created_at>? AND created_at<?)');
    expect(p).not.toMatch(/SCAN (d|m|messages)\b/);
  });

  it('opened and closed read the daily sums and the two time indexes', async () => {
    const p = await plan(conversationCountsQuery(range));
    expect(p).toContain('SEARCH conversation_daily USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)');
    expect(p).toContain('conversation_facts_opened_idx');
    expect(p).toContain('conversation_facts_closed_idx');
    expect(p).not.toMatch(/SCAN conversation/);
  });
});
