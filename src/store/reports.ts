// The queries behind the reports (/api/v1/reports/*). Each is one range scan over a covering index of the report
// facts (conversation_facts, message_facts; kept by the triggers of the report_facts migration), summed here;
// grouping that needs a calendar is done in src/domain/reports.
import { sql } from 'drizzle-orm';
import type { Db } from './db.ts';

export interface TimeRange {
  from: number;
  to: number;
}

export interface FirstResponseSampleRow {
  firstInAt: number;
  repliedAt: number | null;
  agentId: string | null;
}

interface SampleArrays {
  agentId: string | null;
  firsts: string;
  replies: string;
}

/** Conversations whose customer first wrote within the range, with the first agent reply after that. */
export async function firstResponseSamples(db: Db, range: TimeRange): Promise<FirstResponseSampleRow[]> {
  // One row per agent with the times as JSON arrays: 100,000 samples cost two JSON.parse calls, not 100,000 rows.
  const groups = await db.all<SampleArrays>(sql`
    select first_reply_agent_id as agentId, json_group_array(first_customer_at) as firsts, json_group_array(first_reply_at) as replies
    from conversation_facts indexed by conversation_facts_first_response_idx
    where first_customer_at >= ${range.from} and first_customer_at < ${range.to}
    group by first_reply_agent_id`);
  return groups.flatMap((g) => {
    const replies = JSON.parse(g.replies) as (number | null)[];
    return (JSON.parse(g.firsts) as number[]).map((firstInAt, i) => ({ firstInAt, repliedAt: replies[i] ?? null, agentId: g.agentId }));
  });
}

export type OutboundGroup = 'template' | 'category' | 'week';

/** The day number of the Monday of the week of a time column (1970-01-01 was a Thursday). */
const mondayOf = (column: ReturnType<typeof sql.raw>) =>
  sql`cast(${column} / 86400000 as integer) - ((cast(${column} / 86400000 as integer) + 3) % 7)`;

const groupKey = (group: OutboundGroup) =>
  group === 'template' ? sql`m.template` : group === 'category' ? sql`m.category` : mondayOf(sql.raw('m.created_at'));

export interface ReplyRateRow {
  key: string | number;
  sent: number;
  replied: number;
}

/** Outbound email that left (sent or delivered) in the range, and how much of it got a person's reply within 7 days. */
export async function replyRateCounts(db: Db, range: TimeRange, group: OutboundGroup): Promise<ReplyRateRow[]> {
  return db.all<ReplyRateRow>(sql`
    select ${groupKey(group)} as key, count(*) as sent, sum(m.replied) as replied
    from message_facts m indexed by message_facts_report_idx
    where m.created_at >= ${range.from} and m.created_at < ${range.to} and m.status in ('sent', 'delivered')
    group by key order by key`);
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
  return db.all<DeliverabilityRow>(sql`
    select ${groupKey(group)} as key, count(*) as sent, sum(m.status = 'bounced') as bounced,
      sum(m.complained) as complaints, sum(m.unsubscribed) as unsubscribes
    from message_facts m indexed by message_facts_report_idx
    where m.created_at >= ${range.from} and m.created_at < ${range.to} and m.status in ('sent', 'delivered', 'bounced')
    group by key order by key`);
}

export interface ConversationCountRow {
  /** The day number (since 1970-01-01) of the week's Monday. */
  monday: number;
  opened: number;
  closed: number;
}

/** Per week: conversations opened in the range, and those closed in it (and still closed). */
export async function conversationCounts(db: Db, range: TimeRange): Promise<ConversationCountRow[]> {
  return db.all<ConversationCountRow>(sql`
    select monday, sum(opened) as opened, sum(closed) as closed from (
      select ${mondayOf(sql.raw('opened_at'))} as monday, 1 as opened, 0 as closed
      from conversation_facts indexed by conversation_facts_opened_idx
      where opened_at >= ${range.from} and opened_at < ${range.to}
      union all
      select ${mondayOf(sql.raw('closed_at'))} as monday, 0 as opened, 1 as closed
      from conversation_facts indexed by conversation_facts_closed_idx
      where closed_at >= ${range.from} and closed_at < ${range.to}
    ) group by monday order by monday`);
}

export interface AutomationRow {
  source: string;
  sourceName: string;
  decision: string;
  reason: string | null;
  n: number;
}

/** Decisions about automated sends in the range, counted by trigger (or broadcast), decision and reason. */
export async function automationCounts(db: Db, range: TimeRange): Promise<AutomationRow[]> {
  return db.all<AutomationRow>(sql`
    select source, source_name as sourceName, decision, reason, count(*) as n
    from delivery_decisions where created_at >= ${range.from} and created_at < ${range.to}
    group by source, source_name, decision, reason order by source, source_name, decision, reason`);
}
