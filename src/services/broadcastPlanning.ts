// A scheduled broadcast's run (the broadcast_run job calls runBroadcast): plan the segment in chunks of
// contacts (each recipient once, with its due time: the send time, or the next local time in their zone,
// moved out of quiet hours), then hand the recipients that are due to the outbox, at most per_minute a
// minute. Right before a recipient is handed over the delivery rules decide (decide(): consent, topic,
// audience, caps, quiet hours, an open conversation): send, hold (a later due time, with the reason), or
// skip (the reason is kept on the recipient). Each chunk commits in one batch that holds only while the
// broadcast is still running under this job, so a pause or cancel in between writes nothing.
//
// queueBroadcastMessages is the one place where a broadcast becomes outgoing mail.
import type { InStatement } from '@libsql/client';
import type { Deps } from '../deps.ts';
import {
  type BroadcastSchedule,
  effectiveTimezone,
  parseLocalTime,
  recipientDueAt,
  releaseAllowance,
  THROTTLE_WINDOW_MS,
} from '../domain/broadcasts/schedule.ts';
import { decide, dueTime } from '../domain/delivery/decide.ts';
import type { DeliveryPolicy, DeliveryRequest } from '../domain/delivery/types.ts';
import type { Rule } from '../domain/rules/ast.ts';
import type { BroadcastStatus } from '../domain/vocabulary.ts';
import {
  countInOutbox,
  type DueRecipient,
  dueRecipients,
  insertRecipientsStatements,
  markRecipientsStatement,
  type NewRecipient,
  nextDueAt,
  type RecipientChange,
  releasedSince,
} from '../store/broadcast-recipients.ts';
import { type BroadcastRow, commitIfStatus, whileStatusQuery } from '../store/broadcasts.ts';
import { type ContactRow, getContactZones } from '../store/contacts.ts';
import { selectContactIdsMatching } from '../store/contacts-matching.ts';
import { loadDeliveryHistories } from '../store/delivery-history.ts';
import type { PlannedMessage } from '../store/messages.ts';
import { outsideAudience } from './audience.ts';
import { broadcastRule } from './broadcastPreflight.ts';
import { renderBroadcast } from './broadcastRendering.ts';
import { historyScope, loadDeliveryPolicy } from './decideDelivery.ts';
import { senderMailbox } from './inboxSettings.ts';
import { plannedMessage, plannedWrites } from './planSends.ts';

/** Contacts read from the segment per chunk; each chunk commits on its own, so a run that stops resumes there. */
export const PLAN_CHUNK = 1000;
export const PLAN_CHUNKS_PER_RUN = 20;
/** Recipients decided and handed over per batch, and at most per run. */
export const RELEASE_CHUNK = 500;
export const RELEASE_BUDGET = 5000;
/** How often a broadcast whose recipients are all handed over looks whether the outbox has sent the last. */
const SETTLE_MS = 60_000;

/** The states in which a broadcast's run works (pause and cancel also take the run away: runJobId). */
export const RUNNING: readonly BroadcastStatus[] = ['scheduled', 'sending'];

export function scheduleOf(broadcast: BroadcastRow, now: number): BroadcastSchedule {
  return {
    sendAt: broadcast.sendAt ?? now,
    localMinute: broadcast.localTime ? parseLocalTime(broadcast.localTime) : null,
    defaultTimezone: broadcast.defaultTimezone,
  };
}

function requestFor(broadcast: BroadcastRow, firstDueAt: number, inAudience = true): DeliveryRequest {
  return {
    source: 'broadcast',
    sourceName: broadcast.id,
    category: 'marketing',
    topic: broadcast.topic,
    byPerson: false,
    window: null,
    limit: null,
    inAudience,
    firstDueAt,
  };
}

/** One chunk of the segment planned; 'stopped' when the broadcast is no longer this job's to run. */
async function planChunk(
  deps: Deps,
  broadcast: BroadcastRow,
  p: { rule: Rule; policy: DeliveryPolicy; jobId: string; cursor: string | null; now: number },
): Promise<{ cursor: string | null; done: boolean } | 'stopped'> {
  const ids = await selectContactIdsMatching(deps.db, p.rule, p.now, { limit: PLAN_CHUNK, after: p.cursor ?? undefined });
  const contacts = await getContactZones(deps.db, ids);
  const schedule = scheduleOf(broadcast, p.now);
  const rows: NewRecipient[] = contacts.map((contact) => {
    const proposed = recipientDueAt(schedule, contact.timezone);
    const zone = effectiveTimezone(contact.timezone, schedule.defaultTimezone);
    const due = dueTime(proposed, zone, requestFor(broadcast, proposed), p.policy);
    return {
      broadcastId: broadcast.id,
      contactId: contact.id,
      status: 'planned',
      dueAt: due.at,
      firstDueAt: proposed,
      reason: due.reason,
      detail: due.detail,
      updatedAt: p.now,
    };
  });
  const done = ids.length < PLAN_CHUNK;
  const cursor = ids[ids.length - 1] ?? p.cursor;
  const committed = await commitIfStatus(
    deps.db,
    [
      whileStatusQuery(deps.db, broadcast.id, {
        from: RUNNING,
        runJobId: p.jobId,
        patch: { planCursor: cursor, plannedAt: done ? p.now : null, updatedAt: p.now },
      }),
    ],
    insertRecipientsStatements(rows),
  );
  return committed ? { cursor, done } : 'stopped';
}

const sampleOf = (c: ContactRow) => ({
  label: c.id,
  email: c.email,
  name: c.name,
  locale: c.locale,
  timezone: c.timezone,
  attributes: c.attributes,
});

/**
 * THE call into sending: the broadcast's message for each contact (rendered with their own links, marketing of
 * the broadcast's topic) as planSends writes them: in no conversation, with a reply token over the message, so that
 * the first reply makes that person's own conversation. Raw statements for the caller's batch. A contact whose
 * rendering fails is returned in `failed` with the error.
 */
export async function queueBroadcastMessages(
  deps: Deps,
  broadcast: BroadcastRow,
  contacts: ContactRow[],
  now: number,
): Promise<{
  statements: InStatement[];
  queued: { contactId: string; messageId: string }[];
  failed: { contactId: string; error: string }[];
}> {
  const messages: PlannedMessage[] = [];
  const failed: { contactId: string; error: string }[] = [];
  const sender = contacts.length ? await senderMailbox(deps) : '';
  for (const contact of contacts) {
    try {
      const { sample, links } = await renderBroadcast(deps, broadcast, sampleOf(contact), contact.id);
      const composed = {
        subject: sample.subject,
        text: sample.text,
        html: sample.html,
        category: 'marketing' as const,
        topic: broadcast.topic,
        template: broadcast.template,
        locale: sample.locale,
      };
      const input = {
        author: 'system' as const,
        idempotencyKey: `broadcast:${broadcast.id}:${contact.id}`,
        ...(broadcast.template ? { template: broadcast.template } : {}),
      };
      const id = deps.ids.next('msg');
      messages.push(plannedMessage(deps, { id, contact, input, composed, links, sender, status: 'queued', reason: null, now }));
    } catch (error) {
      failed.push({ contactId: contact.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  const queued = messages.map((m) => ({ contactId: m.contactId, messageId: m.id }));
  return { statements: plannedWrites(deps, messages, now), queued, failed };
}

/** Decides a chunk of due recipients and hands those that may go to the outbox; 'stopped' when the broadcast is no longer ours. */
async function releaseChunk(
  deps: Deps,
  broadcast: BroadcastRow,
  due: DueRecipient[],
  p: { policy: DeliveryPolicy; jobId: string; now: number },
): Promise<number | 'stopped'> {
  const { now } = p;
  const found = new Map(due.flatMap((r) => (r.contact ? [[r.contactId, r.contact] as const] : [])));
  const people = [...found.values()].map((c) => ({ ...c, timezone: effectiveTimezone(c.timezone, broadcast.defaultTimezone) }));
  const scope = historyScope(requestFor(broadcast, now), p.policy, now);
  const histories = await loadDeliveryHistories(deps.db, people, scope);
  const outside = await outsideAudience(deps, [...found.keys()], broadcast.template);
  const changes: RecipientChange[] = [];
  const sends: ContactRow[] = [];
  for (const recipient of due) {
    const contact = found.get(recipient.contactId);
    const history = histories.get(recipient.contactId);
    if (!contact || !history) {
      changes.push({ contactId: recipient.contactId, status: 'skipped', reason: 'ContactGone', detail: 'the contact is gone' });
      continue;
    }
    const decision = decide(requestFor(broadcast, recipient.firstDueAt, !outside.has(contact.id)), history, p.policy, now);
    if (decision.action === 'send') sends.push(contact);
    else if (decision.action === 'hold')
      changes.push({ contactId: contact.id, status: 'planned', until: decision.until, reason: decision.reason, detail: decision.detail });
    else changes.push({ contactId: contact.id, status: 'skipped', reason: decision.reason, detail: decision.detail });
  }
  const queued = await queueBroadcastMessages(deps, broadcast, sends, now);
  for (const f of queued.failed) changes.push({ contactId: f.contactId, status: 'skipped', reason: 'RenderFailed', detail: f.error });
  for (const q of queued.queued) changes.push({ contactId: q.contactId, status: 'queued', messageId: q.messageId });
  const committed = await commitIfStatus(
    deps.db,
    [whileStatusQuery(deps.db, broadcast.id, { from: RUNNING, to: 'sending', runJobId: p.jobId, patch: { updatedAt: now } })],
    [...queued.statements, markRecipientsStatement({ broadcastId: broadcast.id, changes, now })],
  );
  return committed ? queued.queued.length : 'stopped';
}

/** Marks a sending broadcast sent (only while it is sending, and with `jobId` only under that run). */
export async function finishBroadcastQuery(deps: Deps, id: string, now: number, jobId?: string): Promise<boolean> {
  const finished = await commitIfStatus(deps.db, [
    whileStatusQuery(deps.db, id, {
      from: ['sending'],
      to: 'sent',
      ...(jobId ? { runJobId: jobId } : {}),
      patch: { finishedAt: now, runJobId: null, updatedAt: now },
    }),
  ]);
  if (finished) deps.log.info('broadcast: sent', { broadcastId: id });
  return finished;
}

export interface RunOutcome {
  /** When the job should run again; null: the broadcast is sent (or no longer this job's). */
  nextRunAt: number | null;
  planned: boolean;
  released: number;
}

/** One run of a broadcast's job: plan on, hand over what is due (throttled), and end it once everyone is handed over or skipped. */
export async function runBroadcast(deps: Deps, broadcast: BroadcastRow, jobId: string): Promise<RunOutcome> {
  const now = deps.clock.now();
  const policy = await loadDeliveryPolicy(deps);
  const stopped: RunOutcome = { nextRunAt: null, planned: false, released: 0 };
  let planned = broadcast.plannedAt !== null;
  if (!planned) {
    const rule = await broadcastRule(deps, broadcast);
    let cursor = broadcast.planCursor;
    for (let i = 0; i < PLAN_CHUNKS_PER_RUN && !planned; i++) {
      const chunk = await planChunk(deps, broadcast, { rule, policy, jobId, cursor, now });
      if (chunk === 'stopped') return stopped;
      cursor = chunk.cursor;
      planned = chunk.done;
    }
  }
  const recent = await releasedSince(deps.db, broadcast.id, now - THROTTLE_WINDOW_MS);
  let allowance = releaseAllowance(broadcast.perMinute, recent, RELEASE_BUDGET);
  let released = 0;
  while (allowance > 0) {
    const due = await dueRecipients(deps.db, broadcast.id, now, Math.min(RELEASE_CHUNK, allowance));
    if (due.length === 0) break;
    const handed = await releaseChunk(deps, broadcast, due, { policy, jobId, now });
    if (handed === 'stopped') return { ...stopped, released };
    released += handed;
    allowance -= broadcast.perMinute === null ? due.length : handed;
  }
  if (!planned) return { nextRunAt: now, planned, released };
  const next = await nextDueAt(deps.db, broadcast.id);
  if (next === null) {
    // Everyone is handed over or skipped; it is sent once the outbox has taken the last of them.
    if ((await countInOutbox(deps.db, broadcast.id)) > 0) return { nextRunAt: now + SETTLE_MS, planned, released };
    await finishBroadcastQuery(deps, broadcast.id, now, jobId);
    return { nextRunAt: null, planned, released };
  }
  // More are due than the minute allows: the next minute; else when the next one is due.
  if (next <= now) return { nextRunAt: broadcast.perMinute === null ? now : now + THROTTLE_WINDOW_MS, planned, released };
  return { nextRunAt: next, planned, released };
}
