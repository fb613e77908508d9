// Trigger sends as scheduled jobs, set-wise: jobs inserted together with the decision each one gets
// (scheduled, or skipped as a duplicate of the job that holds its key) in the same transaction; pending
// sends stopped (cancelled, with a 'stopped' decision); the facts a due send is checked against (an event
// since, a reply since, an agent's answer since); and the date-trigger scan, compiled to SQL over contacts.
import { and, eq, gt, gte, inArray, isNull, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { InValue } from '@libsql/client';
import { contacts, conversations, events, messages, scheduledJobs } from '../../db/schema.ts';
import type { Rule } from '../domain/rules/ast.ts';
import { REPLY_CLASSIFICATIONS } from '../domain/rules/facts.ts';
import type { Db } from './db.ts';
import type { NewDeliveryDecision as NewDecision } from './delivery-decisions.ts';
import { compileRule } from './rules-sql.ts';
import type { NewScheduledJob } from './scheduled-jobs.ts';

/** Rows per multi-row statement: 14 values a row stays well under SQLite's bound-parameter limit. */
const CHUNK_ROWS = 250;

function chunks<T>(rows: T[], size = CHUNK_ROWS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** A job to insert and the decision it gets when its key is new; `duplicate` is the sentence when its key is taken. */
export interface JobWithDecision {
  job: NewScheduledJob & { id: string; key: string };
  decision: NewDecision & { id: string };
  duplicate: string;
}

/** The ids of the jobs that hold these keys. */
export async function jobIdsByKey(db: Db, keys: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const part of chunks([...new Set(keys)], 500)) {
    const rows = await db
      .select({ id: scheduledJobs.id, key: scheduledJobs.key })
      .from(scheduledJobs)
      .where(inArray(scheduledJobs.key, part));
    for (const row of rows) found.set(row.key!, row.id);
  }
  return found;
}

type Statement = { sql: string; args: InValue[] };

const placeholders = (rows: number, columns: number) =>
  Array.from({ length: rows }, () => `(${Array.from({ length: columns }, () => '?').join(', ')})`).join(', ');

/** Bound SQL text as a drizzle statement, for a batch of drizzle queries (the `?` in `text` take `args` in order). */
function asDrizzle(db: Db, statement: Statement) {
  const parts = statement.sql.split('?');
  const chunks: SQL[] = [sql.raw(parts[0]!)];
  statement.args.forEach((arg, i) => {
    chunks.push(sql`${arg}`, sql.raw(parts[i + 1]!));
  });
  return db.run(sql.join(chunks));
}

// Raw statements: a batch of 1000 events writes a few thousand values, which drizzle's builders make slower
// than everything else together. Column names are those of db/schema.ts.
function insertJobsStatement(rows: JobWithDecision[]): Statement {
  const args = rows.flatMap(({ job: j }) => [
    j.id,
    j.type,
    JSON.stringify(j.payload),
    j.runAt,
    j.contactId ?? null,
    j.key,
    j.createdAt ?? 0,
    j.updatedAt ?? 0,
  ]);
  return {
    sql:
      'INSERT INTO scheduled_jobs (id, type, payload, run_at, contact_id, key, created_at, updated_at) ' +
      `VALUES ${placeholders(rows.length, 8)} ON CONFLICT (key) DO NOTHING RETURNING id`,
    args,
  };
}

/**
 * The decisions of `rows` as one INSERT … SELECT: each row's decision is written when its job holds the key
 * (it was inserted before, in the same batch), and, with `duplicates`, a skipped-Duplicate decision naming
 * the job that holds the key otherwise. Runs after the job inserts of the same batch.
 */
function decisionsForKeysStatement(rows: JobWithDecision[], duplicates: boolean): Statement {
  const args = rows.flatMap(({ job, decision: d, duplicate }) => [
    d.id,
    d.contactId ?? null,
    job.id,
    job.key,
    d.source,
    d.sourceName,
    d.step ?? 0,
    d.template ?? null,
    d.category ?? null,
    d.reason ?? null,
    d.detail ?? null,
    d.at ?? null,
    d.createdAt ?? 0,
    duplicate,
  ]);
  // VALUES columns: 1 id, 2 contact, 3 our job, 4 key, 5 source, 6 source name, 7 step, 8 template,
  // 9 category, 10 reason, 11 detail, 12 at, 13 created, 14 the duplicate's sentence.
  const sqlText = `
    INSERT INTO delivery_decisions
      (id, contact_id, job_id, source, source_name, step, template, category, decision, reason, detail, at, created_at)
    SELECT v.column1, v.column2, j.id, v.column5, v.column6, v.column7, v.column8, v.column9,
      CASE WHEN j.id = v.column3 THEN 'scheduled' ELSE 'skipped' END,
      CASE WHEN j.id = v.column3 THEN v.column10 ELSE 'Duplicate' END,
      CASE WHEN j.id = v.column3 THEN v.column11 ELSE v.column14 || ' (job ' || j.id || ', ' || j.status || ')' END,
      CASE WHEN j.id = v.column3 THEN v.column12 ELSE j.run_at END,
      v.column13
    FROM (VALUES ${placeholders(rows.length, 14)}) AS v
    JOIN scheduled_jobs j ON j.key = v.column4
    ${duplicates ? '' : 'WHERE j.id = v.column3'}`;
  return { sql: sqlText, args };
}

/**
 * Inserts the jobs whose key is new and, in the same transaction, their 'scheduled' decisions (and with
 * `recordDuplicates`, a 'skipped' Duplicate decision for each refused one), after the `also` statements.
 * Returns the ids written.
 */
export async function scheduleJobsWithDecisions(
  db: Db,
  rows: JobWithDecision[],
  options: { recordDuplicates: boolean; also?: Statement[] },
): Promise<Set<string>> {
  const also = options.also ?? [];
  const parts = chunks(rows);
  const statements = [
    ...also,
    ...parts.map(insertJobsStatement),
    ...parts.map((part) => decisionsForKeysStatement(part, options.recordDuplicates)),
  ];
  if (statements.length === 0) return new Set();
  const results = await db.$client.batch(statements, 'write');
  const written = results.slice(also.length, also.length + parts.length);
  return new Set(written.flatMap((r) => r.rows.map((row) => String(row.id))));
}

/** The job a follow-up step adds, with its decision, as drizzle statements for the send's own batch. */
export function scheduleJobWithDecisionQueries(db: Db, row: JobWithDecision) {
  return [asDrizzle(db, insertJobsStatement([row])), asDrizzle(db, decisionsForKeysStatement([row], false))];
}

export interface PendingTriggerJob {
  id: string;
  contactId: string;
  trigger: string;
  step: number;
  template: string | null;
  startedAt: number;
}

/** Pending trigger sends of these contacts (for stopping them). */
export async function pendingTriggerJobs(db: Db, contactIds: string[]): Promise<PendingTriggerJob[]> {
  const found: PendingTriggerJob[] = [];
  for (const part of chunks([...new Set(contactIds)], 500)) {
    const rows = await db
      .select({ id: scheduledJobs.id, contactId: scheduledJobs.contactId, payload: scheduledJobs.payload })
      .from(scheduledJobs)
      .where(and(inArray(scheduledJobs.contactId, part), eq(scheduledJobs.status, 'pending'), eq(scheduledJobs.type, 'trigger_send')));
    for (const row of rows) {
      const p = row.payload as { trigger?: unknown; step?: unknown; startedAt?: unknown; template?: unknown };
      if (typeof p.trigger !== 'string') continue;
      found.push({
        id: row.id,
        contactId: row.contactId!,
        trigger: p.trigger,
        step: typeof p.step === 'number' ? p.step : 0,
        template: typeof p.template === 'string' ? p.template : null,
        startedAt: typeof p.startedAt === 'number' ? p.startedAt : 0,
      });
    }
  }
  return found;
}

/**
 * Cancels pending jobs and records why, as statements for one batch: each 'stopped' decision is written only
 * while its job is still pending (a job a runner finished meanwhile keeps its own outcome).
 */
export function stopJobsStatements(stops: { jobId: string; decision: NewDecision & { id: string } }[], now: number): Statement[] {
  return chunks(stops).flatMap((part) => {
    const args = part.flatMap(({ jobId, decision: d }) => [
      d.id,
      d.contactId ?? null,
      jobId,
      d.source,
      d.sourceName,
      d.step ?? 0,
      d.template ?? null,
      d.category ?? null,
      d.reason ?? null,
      d.detail ?? null,
      d.createdAt ?? now,
    ]);
    const ids = part.map((s) => s.jobId);
    return [
      {
        sql: `
          INSERT INTO delivery_decisions
            (id, contact_id, job_id, source, source_name, step, template, category, decision, reason, detail, created_at)
          SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, v.column7, v.column8, 'stopped',
            v.column9, v.column10, v.column11
          FROM (VALUES ${placeholders(part.length, 11)}) AS v
          WHERE EXISTS (SELECT 1 FROM scheduled_jobs j WHERE j.id = v.column3 AND j.status = 'pending')`,
        args,
      },
      {
        sql:
          "UPDATE scheduled_jobs SET status = 'cancelled', claimed_by = NULL, lease_until = NULL, updated_at = ? " +
          `WHERE status = 'pending' AND id IN (${ids.map(() => '?').join(', ')})`,
        args: [now, ...ids],
      },
    ];
  });
}

/** The first event of these names for the contact after `since` (other than the starting event), or null. */
export async function eventSince(
  db: Db,
  p: { contactId: string; names: string[]; since: number; exceptEventId: string | null },
): Promise<{ name: string; occurredAt: number } | null> {
  if (p.names.length === 0) return null;
  const conditions: SQL[] = [eq(events.contactId, p.contactId), inArray(events.name, p.names), gt(events.occurredAt, p.since)];
  if (p.exceptEventId) conditions.push(ne(events.id, p.exceptEventId));
  const [row] = await db
    .select({ name: events.name, occurredAt: events.occurredAt })
    .from(events)
    .where(and(...conditions))
    .orderBy(events.occurredAt)
    .limit(1);
  return row ?? null;
}

/** When the contact first replied (an inbound email they wrote, not an auto-reply) after `since`, or null. */
export async function replySince(db: Db, contactId: string, since: number): Promise<number | null> {
  const [row] = await db
    .select({ at: messages.createdAt })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(
      and(
        eq(conversations.contactId, contactId),
        eq(messages.kind, 'email'),
        eq(messages.direction, 'in'),
        eq(messages.author, 'contact'),
        sql`coalesce(${messages.classification}, 'message') IN (${sql.join(
          REPLY_CLASSIFICATIONS.map((c) => sql`${c}`),
          sql`, `,
        )})`,
        gt(messages.createdAt, since),
      ),
    )
    .orderBy(messages.createdAt)
    .limit(1);
  return row?.at ?? null;
}

/** When an agent (a person) first wrote in the conversation after `since`, or null. */
export async function agentAnswerSince(db: Db, conversationId: string, since: number): Promise<number | null> {
  const [row] = await db
    .select({ at: messages.createdAt })
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        eq(messages.direction, 'out'),
        eq(messages.author, 'agent'),
        eq(messages.kind, 'email'),
        gt(messages.createdAt, since),
      ),
    )
    .orderBy(messages.createdAt)
    .limit(1);
  return row?.at ?? null;
}

export interface DateCandidate {
  id: string;
  timezone: string | null;
  monthDay: string;
}

/**
 * Contacts whose date attribute falls on one of `monthDays` (MM-DD), read from YYYY-MM-DD…, MM-DD or --MM-DD
 * text, and who match `when` (compiled to SQL). One statement over contacts.
 */
export async function selectDateCandidates(
  db: Db,
  p: { attribute: string[]; monthDays: string[]; when: Rule | null; now: number },
): Promise<DateCandidate[]> {
  if (p.monthDays.length === 0) return [];
  const when = p.when ? compileRule(p.when, p.now) : { sql: '1', params: [] };
  // Attribute keys come from a checked trigger file (letters, digits, _ and -): quoting needs no escapes.
  const path = `$${p.attribute.map((k) => `."${k}"`).join('')}`;
  const query = `
    SELECT id, timezone, md FROM (
      SELECT id, timezone, CASE
        WHEN v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN substr(v, 6, 5)
        WHEN v GLOB '--[0-9][0-9]-[0-9][0-9]' THEN substr(v, 3, 5)
        WHEN v GLOB '[0-9][0-9]-[0-9][0-9]' THEN v
      END AS md
      FROM (SELECT id, timezone, json_extract(attributes, ?) AS v FROM contacts WHERE (${when.sql}))
      WHERE typeof(v) = 'text'
    ) WHERE md IN (${p.monthDays.map(() => '?').join(', ')})`;
  const result = await db.$client.execute({ sql: query, args: [path, ...when.params, ...p.monthDays] });
  return result.rows.map((row) => ({
    id: String(row.id),
    timezone: row.timezone === null ? null : String(row.timezone),
    monthDay: String(row.md),
  }));
}

/** The contacts' time zones (and whether they still exist), for computing due times. */
export async function contactZones(db: Db, contactIds: string[]): Promise<Map<string, string | null>> {
  const found = new Map<string, string | null>();
  for (const part of chunks([...new Set(contactIds)], 500)) {
    const rows = await db.select({ id: contacts.id, timezone: contacts.timezone }).from(contacts).where(inArray(contacts.id, part));
    for (const row of rows) found.set(row.id, row.timezone);
  }
  return found;
}

/** Marks events as handed to the trigger engine (events.processed_at), as statements for its batch. */
export function markEventsProcessedStatements(eventIds: string[], now: number): Statement[] {
  return chunks(eventIds, 1000).map((ids) => ({
    sql: `UPDATE events SET processed_at = ? WHERE id IN (${ids.map(() => '?').join(', ')})`,
    args: [now, ...ids],
  }));
}

/** Events stored at least `olderThan` ago whose triggers were never scheduled (a request that failed after writing them). */
export async function unprocessedEvents(db: Db, p: { since: number; before: number; limit: number }) {
  return db
    .select({ id: events.id, contactId: events.contactId, name: events.name, data: events.data, occurredAt: events.occurredAt })
    .from(events)
    .where(and(isNull(events.processedAt), gte(events.occurredAt, p.since), lte(events.occurredAt, p.before)))
    .orderBy(events.occurredAt)
    .limit(p.limit);
}
