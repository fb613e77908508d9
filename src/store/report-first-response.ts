// The queries of the first-response report. With a round-the-clock target it reads reply-time buckets
// (src/domain/reports/response-buckets.ts): a range's histogram per group, then only the reply times of the buckets a
// percentile (or the target) falls in, each by an index seek on its bucket. With business hours every time is needed.
// Each reads a covering index of conversation_facts in group order (week or agent first), so grouping sorts nothing.
import { sql } from 'drizzle-orm';
import { mondayOf } from '../domain/reports/stats.ts';
import type { Db } from './db.ts';
import type { TimeRange } from './reports.ts';

export type ResponseGroup = 'week' | 'agent';

export interface ResponseHistogramRow {
  /** The Monday's day number (by week) or the replying agent's id (by agent; null: unanswered). */
  key: number | string | null;
  /** bucket → answered conversations. */
  histogram: Map<number, number>;
  unanswered: number;
  /** Unanswered and past a round-the-clock target at `now`. */
  late: number;
}

/** The group's index, key and the range's condition on it: by week a seek on the weeks, by agent the whole index. */
function byGroup(range: TimeRange, group: ResponseGroup) {
  return group === 'week'
    ? {
        key: sql`first_customer_week`,
        index: sql`conversation_facts_week_bucket_idx`,
        range: sql`first_customer_week >= ${mondayOf(range.from)} and first_customer_week <= ${mondayOf(range.to)}
          and first_customer_at >= ${range.from} and first_customer_at < ${range.to}`,
      }
    : {
        key: sql`first_reply_agent_id`,
        index: sql`conversation_facts_agent_bucket_idx`,
        range: sql`first_customer_at >= ${range.from} and first_customer_at < ${range.to}`,
      };
}

/** The query of responseHistograms (exported for its query-plan test). */
export const responseHistogramsQuery = (range: TimeRange, group: ResponseGroup, target: { ms: number; now: number }) => {
  const g = byGroup(range, group);
  // A row per group, the buckets and their counts as JSON arrays: thousands of small rows cost more to hand over.
  return sql`
    select key, json_group_array(bucket) filter (where bucket is not null) as buckets,
      json_group_array(n) filter (where bucket is not null) as counts,
      coalesce(sum(n) filter (where bucket is null), 0) as unanswered, sum(late) as late
    from (
      select ${g.key} as key, response_bucket as bucket, count(*) as n,
        sum(response_bucket is null and ${target.now} - first_customer_at > ${target.ms}) as late
      from conversation_facts indexed by ${g.index}
      where ${g.range}
      group by ${g.key}, response_bucket
    ) group by key`;
};

/** Per group, the histogram of reply times of conversations whose customer first wrote within the range. */
export async function responseHistograms(
  db: Db,
  range: TimeRange,
  group: ResponseGroup,
  target: { ms: number; now: number },
): Promise<ResponseHistogramRow[]> {
  const rows = await db.all<{ key: number | string | null; buckets: string; counts: string; unanswered: number; late: number }>(
    responseHistogramsQuery(range, group, target),
  );
  return rows.map((r) => {
    const counts = JSON.parse(r.counts) as number[];
    return {
      key: r.key,
      histogram: new Map((JSON.parse(r.buckets) as number[]).map((b, i) => [b, counts[i]!])),
      unanswered: Number(r.unanswered),
      late: Number(r.late ?? 0),
    };
  });
}

/** Reply times to read: one bucket of the conversations first written within [from, to), of one agent if given. */
export interface BucketRead {
  bucket: number;
  from: number;
  to: number;
  /** The replying agent (null: replies without one); undefined: any agent. */
  agent?: string | null;
}

/** The statement of bucketTimes (exported for its query-plan test): one index seek per read. */
export const bucketTimesQuery = (reads: readonly BucketRead[]) => {
  const [byRange, byAgent] = [reads.filter((r) => r.agent === undefined), reads.filter((r) => r.agent !== undefined)];
  const json = (list: readonly BucketRead[]) => JSON.stringify(list.map((r) => [r.bucket, r.from, r.to, r.agent ?? null]));
  return sql`
    select j.key as i, json_group_array(f.response_ms) as times
    from json_each(${json(byRange)}) j cross join conversation_facts f indexed by conversation_facts_bucket_idx
    where f.response_bucket = j.value ->> 0 and f.first_customer_at >= j.value ->> 1 and f.first_customer_at < j.value ->> 2
    group by j.key
    union all
    select ${byRange.length} + j.key as i, json_group_array(f.response_ms) as times
    from json_each(${json(byAgent)}) j cross join conversation_facts f indexed by conversation_facts_agent_bucket_idx
    where f.first_reply_agent_id is j.value ->> 3 and f.response_bucket = j.value ->> 0
      and f.first_customer_at >= j.value ->> 1 and f.first_customer_at < j.value ->> 2
    group by j.key`;
};

/** The reply times in ms of each read, in the order of `reads`. */
export async function bucketTimes(db: Db, reads: readonly BucketRead[]): Promise<number[][]> {
  const out = reads.map(() => [] as number[]);
  if (reads.length === 0) return out;
  // The query numbers the range reads first, then the agents'.
  const positions = [...reads.keys()].sort((a, b) => Number(reads[a]!.agent !== undefined) - Number(reads[b]!.agent !== undefined));
  for (const row of await db.all<{ i: number; times: string }>(bucketTimesQuery(reads))) {
    out[positions[Number(row.i)]!] = JSON.parse(row.times);
  }
  return out;
}

/** One group's every first customer message and first reply (null: none yet), in the same order. */
export interface FirstResponseGroupTimes {
  /** The Monday's day number (by week) or the replying agent's id (by agent; null: unanswered). */
  key: number | string | null;
  conversations: number;
  firsts: number[];
  replies: (number | null)[];
  /** ms to the first reply, per answered conversation. */
  responses: number[];
}

/** The query of firstResponseTimes (exported for its query-plan test). */
export const firstResponseTimesQuery = (range: TimeRange, group: ResponseGroup) => {
  const g = byGroup(range, group);
  return sql`
    select ${g.key} as key, count(*) as conversations,
      json_group_array(first_customer_at) as firsts, json_group_array(response_ms) as responses
    from conversation_facts indexed by ${g.index}
    where ${g.range}
    group by ${g.key}`;
};

/**
 * Conversations whose customer first wrote within the range, per week of the first message or per replying agent, with
 * every first message and reply time (JSON arrays: a few JSON.parse calls, not a row each), for targets in business time.
 */
export async function firstResponseTimes(db: Db, range: TimeRange, group: ResponseGroup): Promise<FirstResponseGroupTimes[]> {
  const rows = await db.all<{ key: number | string | null; conversations: number; firsts: string; responses: string }>(
    firstResponseTimesQuery(range, group),
  );
  return rows.map((r) => {
    const firsts = JSON.parse(r.firsts) as number[];
    const times = JSON.parse(r.responses) as (number | null)[];
    return {
      key: r.key,
      conversations: Number(r.conversations),
      firsts,
      replies: times.map((ms, i) => (ms === null ? null : firsts[i]! + ms)),
      responses: times.filter((ms) => ms !== null),
    };
  });
}
