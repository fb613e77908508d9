// The queries behind the reports (/api/v1/reports/*). Each reads one time range over indexed columns:
// inbound and outbound messages by messages_status_idx (status, created_at), per-conversation look-ups
// by messages_conversation_idx, the consent log by contact. Grouping that needs a calendar is done in
// src/domain/reports; sums are done here.
import { sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { decisionsSelect } from './delivery-decisions.ts';

export interface TimeRange {
  from: number;
  to: number;
}

const PERSON_INBOUND = sql`m.direction = 'in' and m.kind = 'email' and (m.classification = 'message' or m.classification is null)`;

export interface FirstResponseSampleRow {
  conversationId: string;
  firstInAt: number;
  repliedAt: number | null;
  agentId: string | null;
}

/** Conversations whose customer first wrote within the range, with the first agent reply after that. */
export async function firstResponseSamples(db: Db, range: TimeRange): Promise<FirstResponseSampleRow[]> {
  return db.all<FirstResponseSampleRow>(sql`
    with firsts as (
      select m.conversation_id as cid, min(m.created_at) as first_in
      from messages m
      where m.status = 'received' and m.created_at >= ${range.from} and m.created_at < ${range.to} and ${PERSON_INBOUND}
      group by m.conversation_id
    ),
    replies as (
      select f.cid, f.first_in, (
        select r.id from messages r
        where r.conversation_id = f.cid and r.created_at >= f.first_in and r.direction = 'out' and r.author = 'agent' and r.kind = 'email'
        order by r.created_at limit 1
      ) as reply_id
      from firsts f
      where not exists (
        select 1 from messages m where m.conversation_id = f.cid and m.created_at < ${range.from} and ${PERSON_INBOUND}
      )
    )
    select replies.cid as conversationId, replies.first_in as firstInAt, r.created_at as repliedAt, r.author_agent_id as agentId
    from replies left join messages r on r.id = replies.reply_id`);
}

export type OutboundGroup = 'template' | 'category' | 'week';

const groupKey = (group: OutboundGroup) =>
  group === 'template'
    ? sql`coalesce(m.template, '')`
    : group === 'category'
      ? sql`m.category`
      : // The day number of the Monday of the week (1970-01-01 was a Thursday).
        sql`cast(m.created_at / 86400000 as integer) - ((cast(m.created_at / 86400000 as integer) + 3) % 7)`;

const REPLY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
const sentAt = sql`coalesce(m.sent_at, m.created_at)`;

export interface ReplyRateRow {
  key: string | number;
  sent: number;
  replied: number;
}

/** Outbound email that left (sent or delivered) in the range, and how much of it got a person's reply within 7 days. */
export async function replyRateCounts(db: Db, range: TimeRange, group: OutboundGroup): Promise<ReplyRateRow[]> {
  return db.all<ReplyRateRow>(sql`
    select ${groupKey(group)} as key, count(*) as sent, sum(exists (
      select 1 from messages r
      where r.conversation_id = m.conversation_id and r.direction = 'in' and r.kind = 'email'
        and (r.classification = 'message' or r.classification is null)
        and r.created_at > ${sentAt} and r.created_at <= ${sentAt} + ${REPLY_WINDOW_MS}
    )) as replied
    from messages m
    where m.status in ('sent', 'delivered') and m.created_at >= ${range.from} and m.created_at < ${range.to}
      and m.direction = 'out' and m.kind = 'email'
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
    select ${groupKey(group)} as key, count(*) as sent,
      sum(m.status = 'bounced') as bounced,
      sum(m.provider_id is not null and exists (
        select 1 from provider_events p where p.provider_message_id = m.provider_id and p.type = 'email.complained'
      )) as complaints,
      sum(m.category = 'marketing' and exists (
        select 1 from conversations c join consent_log l on l.contact_id = c.contact_id
        where c.id = m.conversation_id and l.value = 'unsubscribed' and l.source = 'unsubscribe link'
          and l.created_at >= ${sentAt} and l.created_at <= ${sentAt} + ${REPLY_WINDOW_MS}
      )) as unsubscribes
    from messages m
    where m.status in ('sent', 'delivered', 'bounced') and m.created_at >= ${range.from} and m.created_at < ${range.to}
      and m.direction = 'out' and m.kind = 'email'
    group by key order by key`);
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
  const decisions = decisionsSelect({ created: range }, 'source, source_name, decision, reason');
  const result = await db.$client.execute({
    sql: `SELECT source, source_name AS sourceName, decision, reason, count(*) AS n FROM (${decisions.sql})
      GROUP BY source, source_name, decision, reason ORDER BY source, source_name, decision, reason`,
    args: decisions.args,
  });
  return result.rows.map((r) => ({
    source: String(r.source),
    sourceName: String(r.sourceName),
    decision: String(r.decision),
    reason: r.reason === null ? null : String(r.reason),
    n: Number(r.n),
  }));
}
