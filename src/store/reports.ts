// The queries behind the reports (/api/v1/reports/*). Each is one range scan over a covering index of the report
// facts (conversation_facts, message_facts; kept by the triggers of the report_facts migration), summed here;
// grouping that needs a calendar is done in src/domain/reports.
import { type SQL, sql } from 'drizzle-orm';
import { splitByDay } from '../domain/reports/stats.ts';
import type { Db } from './db.ts';
import { decisionCountsSelect } from './delivery-decisions.ts';
import type { Statement } from './statements.ts';

export interface TimeRange {
  from: number;
  to: number;
}

export type OutboundGroup = 'template' | 'category' | 'week';

/** The day number of the Monday of the week of a day number (1970-01-01 was a Thursday). */
const mondayOfDay = (day: SQL) => sql`${day} - ((${day} + 3) % 7)`;
const dayOf = (column: string) => sql`cast(${sql.raw(column)} / 86400000 as integer)`;

/** The group key over message_facts (m) and over message_daily (d): the same values, so their sums add up. */
const groupKeys = (group: OutboundGroup) =>
  group === 'week'
    ? { facts: mondayOfDay(dayOf('m.created_at')), daily: mondayOfDay(sql`d.day`) }
    : { facts: sql.raw(`m.${group}`), daily: sql.raw(`d.${group}`) };

/** Rows of `column` within any of the ranges (false for none). */
const within = (column: string, ranges: TimeRange[]) =>
  ranges.length === 0
    ? sql`0`
    : sql.join(
        ranges.map((r) => sql`(${sql.raw(column)} >= ${r.from} and ${sql.raw(column)} < ${r.to})`),
        sql` or `,
      );

/**
 * Sums over outbound mail in a range: the whole days from message_daily, the partial days at the ends from
 * message_facts (its covering index), added up per group.
 */
export function outboundSums(range: TimeRange, group: OutboundGroup, statuses: SQL, sums: { daily: SQL; facts: SQL }, outer: SQL) {
  const { days, edges } = splitByDay(range);
  const key = groupKeys(group);
  return sql`
    select key, ${outer} from (
      select ${key.daily} as key, ${sums.daily} from message_daily d
      where d.day >= ${days.from} and d.day < ${days.to} and d.status in ${statuses} group by key
      union all
      select ${key.facts} as key, ${sums.facts} from message_facts m indexed by message_facts_report_idx
      where (${within('m.created_at', edges)}) and m.status in ${statuses} group by key
    ) group by key having sum(sent) > 0 order by key`;
}

export interface ReplyRateRow {
  key: string | number;
  sent: number;
  replied: number;
}

const LEFT = sql`('sent', 'delivered')`;
const LEFT_OR_BOUNCED = sql`('sent', 'delivered', 'bounced')`;

/** Outbound email that left (sent or delivered) in the range, and how much of it got a person's reply within 7 days. */
export async function replyRateCounts(db: Db, range: TimeRange, group: OutboundGroup): Promise<ReplyRateRow[]> {
  return db.all<ReplyRateRow>(
    outboundSums(
      range,
      group,
      LEFT,
      {
        daily: sql`sum(d.messages) as sent, sum(d.replied) as replied`,
        facts: sql`count(*) as sent, sum(m.replied) as replied`,
      },
      sql`sum(sent) as sent, sum(replied) as replied`,
    ),
  );
}

export interface DeliverabilityRow {
  key: string | number;
  sent: number;
  bounced: number;
  complaints: number;
  unsubscribes: number;
}

/**
 * Per group: mail that left, bounces, complaints (the provider's complaint events for the message) and
 * unsubscribes by link within 7 days after a marketing message.
 */
export async function deliverabilityCounts(db: Db, range: TimeRange, group: OutboundGroup): Promise<DeliverabilityRow[]> {
  return db.all<DeliverabilityRow>(
    outboundSums(
      range,
      group,
      LEFT_OR_BOUNCED,
      {
        daily: sql`sum(d.messages) as sent, sum(case when d.status = 'bounced' then d.messages else 0 end) as bounced,
          sum(d.complained) as complaints, sum(d.unsubscribed) as unsubscribes`,
        facts: sql`count(*) as sent, sum(m.status = 'bounced') as bounced, sum(m.complained) as complaints,
          sum(m.unsubscribed) as unsubscribes`,
      },
      sql`sum(sent) as sent, sum(bounced) as bounced, sum(complaints) as complaints, sum(unsubscribes) as unsubscribes`,
    ),
  );
}

export interface ConversationCountRow {
  /** The day number (since 1970-01-01) of the week's Monday. */
  monday: number;
  opened: number;
  closed: number;
}

export function conversationCountsQuery(range: TimeRange): SQL {
  const { days, edges } = splitByDay(range);
  return sql`
    select monday, sum(opened) as opened, sum(closed) as closed from (
      select ${mondayOfDay(sql`day`)} as monday, opened, closed from conversation_daily where day >= ${days.from} and day < ${days.to}
      union all
      select ${mondayOfDay(dayOf('opened_at'))} as monday, 1 as opened, 0 as closed
      from conversation_facts indexed by conversation_facts_opened_idx where ${within('opened_at', edges)}
      union all
      select ${mondayOfDay(dayOf('closed_at'))} as monday, 0 as opened, 1 as closed
      from conversation_facts indexed by conversation_facts_closed_idx where ${within('closed_at', edges)}
    ) group by monday having sum(opened) > 0 or sum(closed) > 0 order by monday`;
}

/** Per week: conversations opened in the range, and those closed in it (and still closed). */
export async function conversationCounts(db: Db, range: TimeRange): Promise<ConversationCountRow[]> {
  return db.all<ConversationCountRow>(conversationCountsQuery(range));
}

export interface AutomationRow {
  source: string;
  sourceName: string;
  decision: string;
  reason: string | null;
  n: number;
}

/** The statement of automationCounts (exported for its query-plan test). */
export const automationCountsStatement = (range: TimeRange): Statement =>
  decisionCountsSelect({ created: range }, ['source', 'source_name', 'decision', 'reason']);

/** Decisions about automated sends in the range, counted by trigger (or broadcast), decision and reason. */
export async function automationCounts(db: Db, range: TimeRange): Promise<AutomationRow[]> {
  const result = await db.$client.execute(automationCountsStatement(range));
  return result.rows.map((r) => ({
    source: String(r.source),
    sourceName: String(r.source_name),
    decision: String(r.decision),
    reason: r.reason === null ? null : String(r.reason),
    n: Number(r.n),
  }));
}
