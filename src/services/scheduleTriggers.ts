// Scheduling on events: what a batch of stored events starts (one trigger_send job per trigger, contact
// and dedupe value, due `delay` after the event and moved out of quiet hours and into the send window)
// and what it stops (pending sends whose `unless:` or `stop_if: event` it names). Set-wise: a batch of
// events costs a few reads and one write batch, however many events it holds.
import type { Deps } from '../deps.ts';
import type { DueTime, ScheduledNote } from '../domain/delivery/types.ts';
import type { TriggerDefinition } from '../domain/triggers/definition.ts';
import { type PlannedStart, type PlannedStop, type TriggerEvent, type TriggerJobPayload, planEvents } from '../domain/triggers/plan.ts';
import type { MessageCategory } from '../domain/vocabulary.ts';
import { dueTimeMemo, templateKind, triggerRequest } from '../domain/triggers/request.ts';
import {
  contactZones,
  jobsHoldingKeys,
  type KeyHolder,
  markEventsProcessedStatements,
  type NewTriggerJob,
  pendingTriggerJobs,
  stopJobsStatements,
  unprocessedEvents,
  writeTriggerJobs,
} from '../store/trigger-jobs.ts';
import type { NewDeliveryDecision as NewDecision } from '../store/delivery-decisions.ts';
import { loadDeliveryPolicy } from './decideDelivery.ts';

/** What an event did to one trigger: scheduled a send, was refused one (its key was taken), or stopped a pending one. */
export type ScheduledEntry =
  | { trigger: string; status: 'scheduled'; jobId: string; dueAt: number; detail: string }
  | { trigger: string; status: 'refused'; reason: 'Duplicate'; jobId: string | null; detail: string }
  | { trigger: string; status: 'stopped'; jobId: string; detail: string };

interface StopRow {
  stop: PlannedStop;
  jobId: string;
  decision: NewDecision & { id: string };
}

async function stopsOf(deps: Deps, stops: PlannedStop[], now: number): Promise<StopRow[]> {
  if (stops.length === 0) return [];
  const pending = await pendingTriggerJobs(
    deps.db,
    stops.map((s) => s.contactId),
  );
  const rows: StopRow[] = [];
  const taken = new Set<string>();
  for (const stop of stops) {
    for (const job of pending) {
      if (taken.has(job.id) || job.contactId !== stop.contactId || job.trigger !== stop.trigger || job.startedAt >= stop.before) continue;
      taken.add(job.id);
      const detail = `${stop.eventName} came at ${new Date(stop.before).toISOString()}`;
      rows.push({
        stop,
        jobId: job.id,
        decision: {
          id: deps.ids.next('dcs'),
          contactId: job.contactId,
          source: 'trigger',
          sourceName: job.trigger,
          step: job.step,
          decision: 'stopped',
          reason: 'StopEvent',
          detail,
          createdAt: now,
        },
      });
    }
  }
  return rows;
}

type DueOf = ReturnType<typeof dueTimeMemo>;

/** A start's job and the sentence its Duplicate decision says when its key is taken. */
interface StartRow {
  job: NewTriggerJob;
  duplicate: string;
}

function startRow(deps: Deps, start: PlannedStart, timezone: string | null, dueOf: DueOf, now: number): StartRow {
  const definition = start.trigger;
  const kind = templateKind(deps.templates, definition.send);
  const { due, detail } = dueOf(start.proposedAt, timezone, triggerRequest(definition, 0, kind, start.proposedAt), 0);
  return {
    job: firstStepJob(deps, {
      definition,
      category: kind.category,
      contactId: start.contactId,
      key: start.key,
      payload: start.payload,
      due,
      detail,
      now,
    }),
    duplicate: `${definition.name} was already scheduled for this ${definition.dedupeBy ? definition.dedupeBy.join('.') : 'event'}`,
  };
}

/** A trigger's first send as a job that records its 'scheduled' decision (events and date scans alike). */
export function firstStepJob(
  deps: Deps,
  p: {
    definition: TriggerDefinition;
    category: MessageCategory;
    contactId: string;
    key: string;
    payload: TriggerJobPayload;
    due: DueTime;
    detail: string;
    now: number;
  },
): NewTriggerJob {
  const { definition, due, now } = p;
  const scheduled: ScheduledNote = { at: due.at, reason: due.reason, detail: p.detail, template: definition.send, category: p.category };
  return {
    id: deps.ids.next('sjb'),
    type: 'trigger_send',
    payload: { ...p.payload, scheduled },
    runAt: due.at,
    contactId: p.contactId,
    key: p.key,
    createdAt: now,
    updatedAt: now,
  };
}

/** A start refused because `holder` has its key: the skipped-Duplicate decision that says so. */
function duplicateDecision(deps: Deps, row: StartRow, holder: KeyHolder, now: number): NewDecision & { id: string } {
  const payload = row.job.payload as unknown as TriggerJobPayload;
  return {
    id: deps.ids.next('dcs'),
    contactId: row.job.contactId,
    jobId: holder.id,
    source: 'trigger',
    sourceName: payload.trigger,
    step: payload.step,
    template: payload.scheduled?.template ?? null,
    category: payload.scheduled?.category ?? null,
    decision: 'skipped',
    reason: 'Duplicate',
    detail: `${row.duplicate} (job ${holder.id}, ${holder.status})`,
    at: holder.runAt,
    createdAt: now,
  };
}

/** How often a batch is planned again when another request took one of its keys between the read and the write. */
const KEY_RACE_ATTEMPTS = 3;

/**
 * Schedules what the events start and stops what they end, and marks them processed, in one batch.
 * `recordDuplicates: false` (a retry of events that may have been scheduled already) writes no Duplicate decisions.
 */
export async function scheduleTriggers(
  deps: Deps,
  events: TriggerEvent[],
  options: { recordDuplicates: boolean } = { recordDuplicates: true },
): Promise<Map<string, ScheduledEntry[]>> {
  for (let attempt = 1; ; attempt++) {
    const result = await scheduleOnce(deps, events, options.recordDuplicates);
    if (result !== 'key-taken') return result;
    if (attempt === KEY_RACE_ATTEMPTS) throw new Error(`scheduling ${events.length} events lost a job key race ${attempt} times`);
  }
}

async function scheduleOnce(
  deps: Deps,
  events: TriggerEvent[],
  recordDuplicates: boolean,
): Promise<Map<string, ScheduledEntry[]> | 'key-taken'> {
  const result = new Map<string, ScheduledEntry[]>(events.map((e) => [e.id, []]));
  if (events.length === 0) return result;
  const now = deps.clock.now();
  const { starts, stops } = planEvents(deps.triggers.all(), events);
  const processed = markEventsProcessedStatements(
    events.map((e) => e.id),
    now,
  );
  if (starts.length === 0 && stops.length === 0) {
    await deps.db.$client.batch(processed, 'write');
    return result;
  }
  const zones = await contactZones(
    deps.db,
    starts.map((s) => s.contactId),
  );
  const holders = await jobsHoldingKeys(
    deps.db,
    starts.map((s) => s.key),
  );
  const stopRows = await stopsOf(deps, stops, now);
  const dueOf = dueTimeMemo(await loadDeliveryPolicy(deps));
  const live = starts.filter((s) => zones.has(s.contactId));
  const rows = live.map((s) => startRow(deps, s, zones.get(s.contactId) ?? null, dueOf, now));
  // A key held before this batch, or by an earlier start of it, refuses the start; the rest are inserted, and a
  // key another request took since the read fails the batch (written: nothing), which is then planned again.
  const holderOf = new Map(holders);
  const fresh: NewTriggerJob[] = [];
  const refused = rows.map((row) => {
    const holder = holderOf.get(row.job.key);
    if (holder) return holder;
    holderOf.set(row.job.key, { id: row.job.id, status: 'pending', runAt: row.job.runAt });
    fresh.push(row.job);
    return null;
  });
  const decisions = recordDuplicates ? rows.flatMap((row, i) => (refused[i] ? [duplicateDecision(deps, row, refused[i]!, now)] : [])) : [];
  const written = await writeTriggerJobs(deps.db, {
    jobs: fresh,
    decisions,
    before: [...processed, ...stopJobsStatements(stopRows, now)],
    onTakenKey: 'fail',
  });
  if (written === 'key-taken') return 'key-taken';

  for (const { stop, jobId, decision } of stopRows) {
    result.get(stop.eventId)!.push({ trigger: stop.trigger, status: 'stopped', jobId, detail: decision.detail! });
  }
  live.forEach((start, i) => {
    const row = rows[i]!;
    const entries = result.get(start.eventId)!;
    const trigger = start.trigger.name;
    const holder = refused[i];
    if (holder) entries.push({ trigger, status: 'refused', reason: 'Duplicate', jobId: holder.id, detail: row.duplicate });
    else entries.push({ trigger, status: 'scheduled', jobId: row.job.id, dueAt: row.job.runAt, detail: scheduledDetail(row.job) });
  });
  return result;
}

const scheduledDetail = (job: NewTriggerJob) => (job.payload as unknown as TriggerJobPayload).scheduled!.detail;

/** Events older than this that are still unprocessed were left by a request that failed after storing them. */
const RECOVERY_AGE_MS = 60_000;
/** How far back the tick looks for them: older events are history, not a reason to mail anyone now. */
const RECOVERY_WINDOW_MS = 86_400_000;

/** Schedules the triggers of events a failed request stored but never scheduled; returns how many events. */
export async function scheduleUnprocessedEvents(deps: Deps, limit = 1000): Promise<number> {
  const now = deps.clock.now();
  const rows = await unprocessedEvents(deps.db, { since: now - RECOVERY_WINDOW_MS, before: now - RECOVERY_AGE_MS, limit });
  const events = rows.flatMap((r) =>
    r.contactId ? [{ id: r.id, contactId: r.contactId, name: r.name, properties: r.data, occurredAt: r.occurredAt }] : [],
  );
  await scheduleTriggers(deps, events, { recordDuplicates: false });
  return events.length;
}
