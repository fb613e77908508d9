// Every decision about an automated send, stored with its reason. This module owns the writes to
// delivery_decisions (the trigger engine's, agents' follow-ups', broadcasts': each as statements for the
// caller's own batch) and the reads of them.
//
// A 'scheduled' decision is not a row here: the job it schedules records it (scheduled_jobs.payload.scheduled,
// a ScheduledNote), which halves the rows a trigger start writes. The reads below see stored decisions and the
// ones jobs record as one set, with the same columns; jobs from before the note have their stored row instead.
import { type SQL, sql } from 'drizzle-orm';
import type { InValue } from '@libsql/client';
import { deliveryDecisions, scheduledJobs } from '../../db/schema.ts';
import type { DeliveryDecisionKind, DeliveryReason, DeliverySource } from '../domain/vocabulary.ts';
import type { Db } from './db.ts';
import type { ScheduledJobRow } from './scheduled-jobs.ts';
import { chunks, placeholders, type Statement } from './statements.ts';

export type DeliveryDecisionRow = typeof deliveryDecisions.$inferSelect;
export type NewDeliveryDecision = typeof deliveryDecisions.$inferInsert;

// --- writes -------------------------------------------------------------------------------------------------

const COLUMNS = [
  'id',
  'contact_id',
  'job_id',
  'source',
  'source_name',
  'step',
  'template',
  'category',
  'decision',
  'reason',
  'detail',
  'at',
  'message_id',
  'created_at',
] as const;

type DecisionColumn = (typeof COLUMNS)[number];

const valuesOf = (d: NewDeliveryDecision): InValue[] => [
  d.id,
  d.contactId ?? null,
  d.jobId ?? null,
  d.source,
  d.sourceName,
  d.step ?? 0,
  d.template ?? null,
  d.category ?? null,
  d.decision,
  d.reason ?? null,
  d.detail ?? null,
  d.at ?? null,
  d.messageId ?? null,
  d.createdAt ?? 0,
];

/** Multi-row inserts of decisions (raw statements, for a write batch of many rows). */
export function insertDeliveryDecisionsStatements(rows: (NewDeliveryDecision & { id: string })[]): Statement[] {
  return chunks(rows).map((part) => ({
    sql: `INSERT INTO delivery_decisions (${COLUMNS.join(', ')}) VALUES ${placeholders(part.length, COLUMNS.length)}`,
    args: part.flatMap(valuesOf),
  }));
}

/** One multi-row insert, as a query for the caller's db.batch. */
export function insertDeliveryDecisionsQuery(db: Db, rows: (NewDeliveryDecision & { id: string })[]) {
  return db.insert(deliveryDecisions).values(rows);
}

/**
 * 'stopped' decisions for pending jobs being cancelled, as statements for the batch that cancels them (put them
 * before the cancelling UPDATE): each is written only while its job is still pending, so a job a runner finished
 * meanwhile keeps its own outcome.
 */
export function stoppedWhilePendingStatements(stops: { jobId: string; decision: NewDeliveryDecision & { id: string } }[]): Statement[] {
  return chunks(stops).map((part) => ({
    sql: `
      INSERT INTO delivery_decisions (${COLUMNS.join(', ')})
      SELECT ${COLUMNS.map((_, i) => `v.column${i + 1}`).join(', ')}
      FROM (VALUES ${placeholders(part.length, COLUMNS.length)}) AS v
      WHERE EXISTS (SELECT 1 FROM scheduled_jobs j WHERE j.id = v.column3 AND j.status = 'pending')`,
    args: part.flatMap(({ jobId, decision }) => valuesOf({ ...decision, jobId, decision: 'stopped' })),
  }));
}

/**
 * A follow-up's "sent" or "stopped" decision, written only while `token` still holds the job: otherwise the
 * subquery is empty, `decision` is null and its NOT NULL constraint fails the whole batch, so a runner that
 * lost its claim (the job was cancelled or taken over meanwhile) writes no message, outbox job or decision.
 * Put it first in the batch.
 */
export function insertDecisionIfHeldQuery(
  db: Db,
  p: { job: ScheduledJobRow; token: string; decision: NewDeliveryDecision & { id: string; decision: 'sent' | 'stopped' } },
) {
  const held = sql`(select ${p.decision.decision} from ${scheduledJobs} where ${scheduledJobs.id} = ${p.job.id}
    and ${scheduledJobs.claimedBy} = ${p.token} and ${scheduledJobs.status} = 'pending')`;
  return db.insert(deliveryDecisions).values({ ...p.decision, decision: held as unknown as 'sent' });
}

/**
 * A 'stopped' decision for each job `pending` selects (an SQL condition on scheduled_jobs), read from the job
 * itself, as a query for the batch that then cancels those jobs (put it first). Its id is the job id + `.stopped`.
 */
export function stoppedForJobsQuery(
  db: Db,
  p: { pending: SQL | undefined; source: DeliverySource; sourceName: string; template: string; category: string },
  stop: { reason: DeliveryReason; detail: string; now: number },
) {
  return db.insert(deliveryDecisions).select(
    db
      .select({
        id: sql`${scheduledJobs.id} || '.stopped'`.as('id'),
        contactId: scheduledJobs.contactId,
        jobId: scheduledJobs.id,
        source: sql`${p.source}`.as('source'),
        sourceName: sql`${p.sourceName}`.as('source_name'),
        step: sql`json_extract(${scheduledJobs.payload}, '$.step')`.as('step'),
        template: sql`${p.template}`.as('template'),
        category: sql`${p.category}`.as('category'),
        decision: sql`'stopped'`.as('decision'),
        reason: sql`${stop.reason}`.as('reason'),
        detail: sql`${stop.detail}`.as('detail'),
        at: sql`null`.as('at'),
        messageId: sql`null`.as('message_id'),
        createdAt: sql`${stop.now}`.as('created_at'),
      })
      .from(scheduledJobs)
      .where(p.pending),
  );
}

// --- reads ----------------------------------------------------------------------------------------------------

/** Which decisions to read; every field given narrows it. */
export interface DecisionFilter {
  contactId?: string;
  source?: DeliverySource;
  sourceName?: string;
  jobIds?: string[];
  /** created_at in [from, to). */
  created?: { from: number; to: number };
}

const JOB_SOURCE = "CASE j.type WHEN 'trigger_send' THEN 'trigger' ELSE j.type END";
// Generated columns of scheduled_jobs (db/schema.ts), in scheduled_jobs_decision_idx: counts read no payload.
const JOB_SOURCE_NAME = 'j.decision_source_name';

/**
 * The delivery_decisions columns of a 'scheduled' decision a job records in payload.scheduled. Its id: an agent
 * follow-up's as it always was (followUpDecisionId); a trigger send's is the job's with the decision prefix (ids
 * share one time-ordered sequence, so it sorts among decisions as a decision id made with the job would).
 */
const SCHEDULED_FROM_JOB: Record<DecisionColumn, string> = {
  id: "CASE j.type WHEN 'agent_follow_up' THEN j.id || '.scheduled' ELSE 'dcs_' || substr(j.id, 5) END",
  contact_id: 'j.contact_id',
  job_id: 'j.id',
  source: JOB_SOURCE,
  source_name: JOB_SOURCE_NAME,
  step: "j.payload ->> '$.step'",
  template: "j.payload ->> '$.scheduled.template'",
  category: "j.payload ->> '$.scheduled.category'",
  decision: "'scheduled'",
  reason: 'j.scheduled_reason',
  detail: "j.payload ->> '$.scheduled.detail'",
  at: "j.payload ->> '$.scheduled.at'",
  message_id: 'NULL',
  created_at: 'j.created_at',
};

const JOB_TYPE_OF_SOURCE: Record<DeliverySource, string | null> = {
  trigger: 'trigger_send',
  agent_follow_up: 'agent_follow_up',
  broadcast: null,
};

interface BranchConditions {
  stored: string[];
  storedArgs: InValue[];
  jobs: string[];
  jobArgs: InValue[];
}

/** The WHERE conditions `filter` makes on delivery_decisions and on the jobs that record a decision. */
function branchConditions(filter: DecisionFilter): BranchConditions {
  const c: BranchConditions = { stored: [], storedArgs: [], jobs: ["j.payload ->> '$.scheduled' IS NOT NULL"], jobArgs: [] };
  const both = (storedSql: string, jobSql: string, ...args: InValue[]) => {
    c.stored.push(storedSql);
    c.storedArgs.push(...args);
    c.jobs.push(jobSql);
    c.jobArgs.push(...args);
  };
  if (filter.contactId !== undefined) both('contact_id = ?', 'j.contact_id = ?', filter.contactId);
  if (filter.source !== undefined) {
    c.stored.push('source = ?');
    c.storedArgs.push(filter.source);
    const type = JOB_TYPE_OF_SOURCE[filter.source];
    c.jobs.push(type ? 'j.type = ?' : '0');
    if (type) c.jobArgs.push(type);
  }
  if (filter.sourceName !== undefined) both('source_name = ?', `${JOB_SOURCE_NAME} = ?`, filter.sourceName);
  if (filter.jobIds !== undefined) {
    const list = filter.jobIds.map(() => '?').join(', ') || 'NULL';
    both(`job_id IN (${list})`, `j.id IN (${list})`, ...filter.jobIds);
  }
  if (filter.created) {
    both('created_at >= ? AND created_at < ?', 'j.created_at >= ? AND j.created_at < ?', filter.created.from, filter.created.to);
  }
  return c;
}

const where = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');

/**
 * Stored and job-recorded decisions that `filter` selects, as one SELECT of delivery_decisions' columns (a UNION
 * ALL of an index read on each table; the `?` take `args` in order). For the reads here and in store/activity.ts.
 */
export function decisionsSelect(filter: DecisionFilter, columns = '*'): Statement {
  const c = branchConditions(filter);
  return {
    sql: `SELECT ${columns} FROM (
      SELECT ${COLUMNS.join(', ')} FROM delivery_decisions ${where(c.stored)}
      UNION ALL
      SELECT ${COLUMNS.map((column) => `${SCHEDULED_FROM_JOB[column]} AS ${column}`).join(', ')} FROM scheduled_jobs j ${where(c.jobs)}
    )`,
    args: [...c.storedArgs, ...c.jobArgs],
  };
}

export type DecisionCountKey = 'source' | 'source_name' | 'decision' | 'reason';

/** What a job's decision is grouped by for each key (the job's decision is always 'scheduled'). */
const JOB_GROUP_BY: Record<DecisionCountKey, string | null> = {
  source: 'j.type',
  source_name: 'j.decision_source_name',
  decision: null,
  reason: 'j.scheduled_reason',
};

/**
 * How many decisions `filter` selects per `keys` (and `n`), ordered by them. Each table is counted on its own, in
 * the order of its index (delivery_decisions_source_idx, scheduled_jobs_decision_idx): no row and no payload is
 * read and no row sorted; the few sums are then added up. For the trigger counts and the automation report.
 */
export function decisionCountsSelect(filter: DecisionFilter, keys: readonly DecisionCountKey[]): Statement {
  const c = branchConditions(filter);
  const list = keys.join(', ');
  const jobGroups = keys.flatMap((key) => JOB_GROUP_BY[key] ?? []);
  return {
    sql: `SELECT ${list}, sum(n) AS n FROM (
      SELECT ${list}, count(*) AS n FROM delivery_decisions ${where(c.stored)} GROUP BY ${list}
      UNION ALL
      SELECT ${keys.map((key) => `${SCHEDULED_FROM_JOB[key]} AS ${key}`).join(', ')}, count(*) AS n
      FROM scheduled_jobs j ${where(c.jobs)} ${jobGroups.length ? `GROUP BY ${jobGroups.join(', ')}` : ''}
    ) GROUP BY ${list} ORDER BY ${list}`,
    args: [...c.storedArgs, ...c.jobArgs],
  };
}

const toRow = (r: Record<string, unknown>): DeliveryDecisionRow => ({
  id: String(r.id),
  contactId: r.contact_id === null ? null : String(r.contact_id),
  jobId: r.job_id === null ? null : String(r.job_id),
  source: r.source as DeliverySource,
  sourceName: String(r.source_name),
  step: Number(r.step ?? 0),
  template: r.template === null ? null : String(r.template),
  category: r.category as DeliveryDecisionRow['category'],
  decision: r.decision as DeliveryDecisionKind,
  reason: r.reason as DeliveryReason | null,
  detail: r.detail === null ? null : String(r.detail),
  at: r.at === null ? null : Number(r.at),
  messageId: r.message_id === null ? null : String(r.message_id),
  createdAt: Number(r.created_at),
});

/** Decisions `filter` selects, oldest first (ties by id). */
export async function listDeliveryDecisions(db: Db, filter: DecisionFilter = {}): Promise<DeliveryDecisionRow[]> {
  const select = decisionsSelect(filter);
  const result = await db.$client.execute({ sql: `${select.sql} ORDER BY created_at, id`, args: select.args });
  return result.rows.map((r) => toRow(r as unknown as Record<string, unknown>));
}

/** A contact's decisions, newest first; `before` pages on from a row's (createdAt, id). */
export async function listDeliveryDecisionsForContact(
  db: Db,
  contactId: string,
  options: { limit?: number; before?: { createdAt: number; id: string } } = {},
): Promise<DeliveryDecisionRow[]> {
  const select = decisionsSelect({ contactId });
  const before = options.before;
  const result = await db.$client.execute({
    sql: `${select.sql} ${before ? 'WHERE created_at < ? OR (created_at = ? AND id < ?)' : ''} ORDER BY created_at DESC, id DESC LIMIT ?`,
    args: [...select.args, ...(before ? [before.createdAt, before.createdAt, before.id] : []), options.limit ?? 100],
  });
  return result.rows.map((r) => toRow(r as unknown as Record<string, unknown>));
}

export interface DecisionCount {
  sourceName: string;
  decision: DeliveryDecisionKind;
  reason: DeliveryReason | null;
  count: number;
}

/** The statement of countDeliveryDecisions (exported for its query-plan test). */
export const countDeliveryDecisionsStatement = (source: DeliverySource, sourceName?: string): Statement =>
  decisionCountsSelect({ source, ...(sourceName === undefined ? {} : { sourceName }) }, ['source_name', 'decision', 'reason']);

/** How many decisions each source (e.g. every trigger) got, per decision and reason; one source when `sourceName` is given. */
export async function countDeliveryDecisions(db: Db, source: DeliverySource, sourceName?: string): Promise<DecisionCount[]> {
  const result = await db.$client.execute(countDeliveryDecisionsStatement(source, sourceName));
  return result.rows.map((r) => ({
    sourceName: String(r.source_name),
    decision: r.decision as DeliveryDecisionKind,
    reason: r.reason as DeliveryReason | null,
    count: Number(r.n),
  }));
}
