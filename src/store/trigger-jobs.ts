// Trigger sends as scheduled jobs, set-wise: jobs (each recording its 'scheduled' decision in its payload)
// inserted in one write batch with the Duplicate decisions of the ones whose key was taken; pending sends
// stopped (cancelled, with a 'stopped' decision); the facts a due send is checked against (an event since, a
// reply since, an agent's answer since); and the date-trigger scan, compiled to SQL over contacts.
import { and, eq, gt, gte, inArray, isNull, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { InValue } from '@libsql/client';
import { conversations, events, messages } from '../../db/schema.ts';
import type { Rule } from '../domain/rules/ast.ts';
import { REPLY_CLASSIFICATIONS } from '../domain/rules/facts.ts';
import type { Db } from './db.ts';
import {
  insertDeliveryDecisionsStatements,
  type NewDeliveryDecision as NewDecision,
  stoppedWhilePendingStatements,
} from './delivery-decisions.ts';
import { compileRule } from './rules-sql.ts';
import { insertScheduledJobsStatements, isKeyTakenError, type NewScheduledJob } from './scheduled-jobs.ts';
import { chunks, type Statement } from './statements.ts';

export type NewTriggerJob = NewScheduledJob & { id: string; key: string };

/** One statement's rows from a list of ids passed as one JSON argument (no bound-parameter limit, one plan). */
async function rowsForIds(db: Db, select: string, ids: string[], args: InValue[] = []) {
  if (ids.length === 0) return [];
  const result = await db.$client.execute({ sql: select, args: [JSON.stringify([...new Set(ids)]), ...args] });
  return result.rows;
}

export interface KeyHolder {
  id: string;
  status: string;
  runAt: number;
}

/** The jobs that hold these keys. */
export async function jobsHoldingKeys(db: Db, keys: string[]): Promise<Map<string, KeyHolder>> {
  const rows = await rowsForIds(
    db,
    'SELECT id, key, status, run_at FROM scheduled_jobs WHERE key IN (SELECT value FROM json_each(?))',
    keys,
  );
  return new Map(rows.map((r) => [String(r.key), { id: String(r.id), status: String(r.status), runAt: Number(r.run_at) }]));
}

/**
 * Writes a scheduling batch: the `before` statements, the jobs, and the decisions (a start's Duplicate
 * decisions), in one transaction. `onTakenKey: 'skip'` leaves out a job whose key exists and returns the ids
 * written; `'fail'` (the caller read the keys and recorded the taken ones already) writes nothing when a key was
 * taken meanwhile and returns 'key-taken', so the caller plans again from a fresh read.
 */
export async function writeTriggerJobs(
  db: Db,
  p: { jobs: NewTriggerJob[]; decisions: (NewDecision & { id: string })[]; before: Statement[]; onTakenKey: 'skip' | 'fail' },
): Promise<Set<string> | 'key-taken'> {
  const jobStatements = insertScheduledJobsStatements(p.jobs, p.onTakenKey);
  const statements = [...p.before, ...jobStatements, ...insertDeliveryDecisionsStatements(p.decisions)];
  if (statements.length === 0) return new Set();
  try {
    const results = await db.$client.batch(statements, 'write');
    if (p.onTakenKey === 'fail') return new Set(p.jobs.map((j) => j.id));
    const written = results.slice(p.before.length, p.before.length + jobStatements.length);
    return new Set(written.flatMap((r) => r.rows.map((row) => String(row.id))));
  } catch (error) {
    if (p.onTakenKey === 'fail' && isKeyTakenError(error)) return 'key-taken';
    throw error;
  }
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
  const rows = await rowsForIds(
    db,
    `SELECT id, contact_id, payload ->> '$.trigger' AS trigger, payload ->> '$.step' AS step,
       payload ->> '$.scheduled.template' AS template, payload ->> '$.startedAt' AS started_at
     FROM scheduled_jobs
     WHERE contact_id IN (SELECT value FROM json_each(?)) AND status = 'pending' AND type = 'trigger_send'`,
    contactIds,
  );
  return rows.flatMap((r) =>
    typeof r.trigger === 'string'
      ? [
          {
            id: String(r.id),
            contactId: String(r.contact_id),
            trigger: r.trigger,
            step: typeof r.step === 'number' ? r.step : 0,
            template: typeof r.template === 'string' ? r.template : null,
            startedAt: typeof r.started_at === 'number' ? r.started_at : 0,
          },
        ]
      : [],
  );
}

/**
 * Cancels pending jobs and records why, as statements for one batch: each 'stopped' decision is written only
 * while its job is still pending (a job a runner finished meanwhile keeps its own outcome).
 */
export function stopJobsStatements(stops: { jobId: string; decision: NewDecision & { id: string } }[], now: number): Statement[] {
  return [
    ...stoppedWhilePendingStatements(stops),
    ...chunks(stops.map((s) => s.jobId)).map((ids) => ({
      sql:
        "UPDATE scheduled_jobs SET status = 'cancelled', claimed_by = NULL, lease_until = NULL, updated_at = ? " +
        `WHERE status = 'pending' AND id IN (${ids.map(() => '?').join(', ')})`,
      args: [now, ...ids],
    })),
  ];
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
  const rows = await rowsForIds(db, 'SELECT id, timezone FROM contacts WHERE id IN (SELECT value FROM json_each(?))', contactIds);
  return new Map(rows.map((r) => [String(r.id), r.timezone === null ? null : String(r.timezone)]));
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
