// The first-response report over reply-time buckets (src/domain/reports/response-buckets.ts): a range's histogram per
// group from the covering index of conversation_facts, then only the reply times of the buckets a percentile (or the
// target) falls in, each read by an index seek on its bucket.
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

/**
 * The query of responseHistograms (exported for its query-plan test). Each group's rows come in the order of an index
 * (week or agent, then bucket), so grouping sorts nothing; by agent the whole index is read (the range is a filter).
 */
export const responseHistogramsQuery = (range: TimeRange, group: ResponseGroup, target: { ms: number; now: number }) => {
  const [key, index, weeks] =
    group === 'week'
      ? [
          sql`first_customer_week`,
          sql`conversation_facts_week_bucket_idx`,
          sql`first_customer_week >= ${mondayOf(range.from)}
          and first_customer_week <= ${mondayOf(range.to)} and`,
        ]
      : [sql`first_reply_agent_id`, sql`conversation_facts_agent_bucket_idx`, sql``];
  // A row per group, the buckets and their counts as JSON arrays: thousands of small rows cost more to hand over.
  return sql`
    select key, json_group_array(bucket) filter (where bucket is not null) as buckets,
      json_group_array(n) filter (where bucket is not null) as counts,
      coalesce(sum(n) filter (where bucket is null), 0) as unanswered, sum(late) as late
    from (
      select ${key} as key, response_bucket as bucket, count(*) as n,
        sum(response_bucket is null and ${target.now} - first_customer_at > ${target.ms}) as late
      from conversation_facts indexed by ${index}
      where ${weeks} first_customer_at >= ${range.from} and first_customer_at < ${range.to}
      group by ${key}, response_bucket
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
