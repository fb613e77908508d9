// A trigger's send (its first message or a follow-up) when it is due. In order: the trigger and the step's
// template still exist, the contact still exists, nothing stopped it (`unless:` for an after-start, `stop_if`
// for follow-ups), the `when` rule holds, then the delivery rules decide: send (message, outbox job, job done,
// decision and the next follow-up in ONE batch; the job id is the message's idempotency key, so a runner that
// lost its claim can never send it again), hold (the job waits until then) or skip. Every outcome is a decision.
import type { Deps } from '../../deps.ts';
import type { Decision } from '../../domain/delivery/types.ts';
import { dueTime } from '../../domain/delivery/decide.ts';
import { evaluateRule } from '../../domain/rules/evaluate.ts';
import type { TriggerDefinition } from '../../domain/triggers/definition.ts';
import { afterDelay, stepKey, type TriggerJobPayload } from '../../domain/triggers/plan.ts';
import { describeDue, stepTemplate, templateKind, triggerRequest } from '../../domain/triggers/request.ts';
import type { DeliveryReason, MessageCategory, ScheduledJobStatus } from '../../domain/vocabulary.ts';
import { previewLine } from '../../domain/inbox/preview.ts';
import { getContactById, type ContactRow } from '../../store/contacts.ts';
import { conversationGainedMessageQuery, getConversationById, insertConversationsQuery } from '../../store/conversations.ts';
import { insertDeliveryDecisionsQuery, type NewDeliveryDecision as NewDecision } from '../../store/delivery-decisions.ts';
import { insertMessagesQuery, threadMessageIds } from '../../store/messages.ts';
import { insertOutboxJobsQuery } from '../../store/outbox.ts';
import { loadRuleFacts } from '../../store/rule-facts.ts';
import {
  finishScheduledJobQuery,
  getHeldScheduledJobs,
  insertScheduledJobsQuery,
  rescheduleScheduledJobQuery,
  type ScheduledJobRow,
} from '../../store/scheduled-jobs.ts';
import { agentAnswerSince, eventSince, replySince } from '../../store/trigger-jobs.ts';
import { audienceOf, inAudience, notInAudienceDetail } from '../audience.ts';
import { decideDelivery, loadDeliveryPolicy } from '../decideDelivery.ts';
import { composeFor, newConversationRow, outboundMessageRow, outboxJob, type SendMessageInput } from '../sendMessage.ts';
import type { JobHandler } from './types.ts';

type Stop = { reason: Extract<DeliveryReason, 'StopEvent' | 'Replied' | 'Unsubscribed' | 'AgentAnswered'>; detail: string };

const iso = (at: number) => new Date(at).toISOString();

/** Why the step must not go out any more, or null. */
async function stopOf(deps: Deps, definition: TriggerDefinition, payload: TriggerJobPayload, contact: ContactRow): Promise<Stop | null> {
  const start = definition.start;
  if (payload.step === 0) {
    if (start.kind !== 'after' || !start.unless) return null;
    const since = payload.startedAt;
    const found = await eventSince(deps.db, {
      contactId: contact.id,
      names: [start.unless],
      since,
      exceptEventId: payload.event?.id ?? null,
    });
    return found ? { reason: 'StopEvent', detail: `unless ${start.unless}: it came at ${iso(found.occurredAt)}` } : null;
  }
  const since = payload.firstSentAt ?? payload.startedAt;
  for (const condition of definition.stopIf) {
    if (condition.kind === 'replied') {
      const at = await replySince(deps.db, contact.id, since);
      if (at !== null) return { reason: 'Replied', detail: `the contact replied at ${iso(at)}` };
    } else if (condition.kind === 'event') {
      const found = await eventSince(deps.db, { contactId: contact.id, names: [condition.name], since, exceptEventId: null });
      if (found) return { reason: 'StopEvent', detail: `${condition.name} came at ${iso(found.occurredAt)}` };
    } else if (condition.kind === 'unsubscribed') {
      if (contact.marketingConsent === 'unsubscribed') return { reason: 'Unsubscribed', detail: 'the contact unsubscribed' };
    } else if (payload.conversationId) {
      const at = await agentAnswerSince(deps.db, payload.conversationId, since);
      if (at !== null) return { reason: 'AgentAnswered', detail: `an agent answered at ${iso(at)}` };
    }
  }
  return null;
}

async function whenHolds(deps: Deps, definition: TriggerDefinition, payload: TriggerJobPayload, contactId: string): Promise<boolean> {
  if (payload.step !== 0 || !definition.when) return true;
  const facts = await loadRuleFacts(deps.db, contactId, definition.when, { data: payload.event?.properties ?? {} });
  return facts !== null && evaluateRule(definition.when, facts, deps.clock.now());
}

interface Run {
  deps: Deps;
  job: ScheduledJobRow;
  token: string;
  payload: TriggerJobPayload;
  now: number;
}

function decisionRow(run: Run, template: string | null, fields: Omit<NewDecision, 'id' | 'source' | 'sourceName' | 'createdAt'>) {
  return {
    id: run.deps.ids.next('dcs'),
    contactId: run.job.contactId,
    jobId: run.job.id,
    source: 'trigger' as const,
    sourceName: run.payload.trigger,
    step: run.payload.step,
    template,
    createdAt: run.now,
    ...fields,
  };
}

/** Ends the job (done or cancelled) with its decision, in one batch. */
async function end(run: Run, status: Exclude<ScheduledJobStatus, 'pending'>, decision: NewDecision & { id: string }): Promise<void> {
  await run.deps.db.batch([
    finishScheduledJobQuery(run.deps.db, { id: run.job.id, token: run.token, status, now: run.now }),
    insertDeliveryDecisionsQuery(run.deps.db, [decision]),
  ]);
}

/** The next follow-up's job (recording its 'scheduled' decision), when the step just sent has one. */
async function nextStepQueries(run: Run, definition: TriggerDefinition, contact: ContactRow, conversationId: string) {
  const next = definition.followUps[run.payload.step];
  if (!next) return [];
  const { deps, payload, now } = run;
  const step = payload.step + 1;
  const proposedAt = afterDelay(now, next);
  const request = triggerRequest(definition, step, templateKind(deps.templates, next.send), proposedAt);
  const due = dueTime(proposedAt, contact.timezone, request, await loadDeliveryPolicy(deps));
  const nextPayload: TriggerJobPayload = {
    ...payload,
    step,
    firstDueAt: proposedAt,
    conversationId,
    firstSentAt: payload.firstSentAt ?? now,
    scheduled: {
      at: due.at,
      reason: due.reason,
      detail: `follow-up ${step}: ${describeDue(proposedAt, due, contact.timezone)}`,
      template: next.send,
      category: request.category,
    },
  };
  return [
    insertScheduledJobsQuery(deps.db, [
      {
        id: deps.ids.next('sjb'),
        type: 'trigger_send',
        payload: { ...nextPayload },
        runAt: due.at,
        contactId: contact.id,
        key: stepKey(payload.baseKey, step),
        createdAt: now,
        updatedAt: now,
      },
    ]),
  ];
}

async function send(
  run: Run,
  definition: TriggerDefinition,
  contact: ContactRow,
  input: SendMessageInput,
  composed: Composed,
): Promise<void> {
  const { deps, now } = run;
  const existing = input.conversationId ? await getConversationById(deps.db, input.conversationId) : undefined;
  const conversation = existing?.contactId === contact.id ? existing : undefined;
  const conversationId = conversation?.id ?? deps.ids.next('cnv');
  const thread = conversation ? await threadMessageIds(deps.db, conversation.id) : [];
  const message = await outboundMessageRow(deps, {
    input,
    contact,
    composed: composed.composed,
    links: composed.links,
    conversationId,
    thread,
    now,
    status: 'queued',
  });
  const preview = previewLine(message.text);
  await deps.db.batch([
    conversation
      ? conversationGainedMessageQuery(deps.db, conversation.id, { lastMessageAt: now, preview, updatedAt: now })
      : insertConversationsQuery(deps.db, [newConversationRow(contact.id, conversationId, composed.composed, preview, now)]),
    insertMessagesQuery(deps.db, [message]),
    insertOutboxJobsQuery(deps.db, [outboxJob(deps, message.id, now)]),
    finishScheduledJobQuery(deps.db, { id: run.job.id, token: run.token, status: 'done', now }),
    insertDeliveryDecisionsQuery(deps.db, [
      decisionRow(run, input.template ?? null, {
        decision: 'sent',
        category: composed.composed.category,
        messageId: message.id,
        detail: `queued as ${message.id}`,
      }),
    ]),
    ...(await nextStepQueries(run, definition, contact, conversationId)),
  ]);
}

type Composed = Awaited<ReturnType<typeof composeFor>>;

async function applyDecision(run: Run, decision: Decision, template: string, category: MessageCategory) {
  const { deps, job, token, now } = run;
  if (decision.action === 'hold') {
    await deps.db.batch([
      rescheduleScheduledJobQuery(deps.db, { id: job.id, token, runAt: decision.until, now }),
      insertDeliveryDecisionsQuery(deps.db, [
        decisionRow(run, template, { decision: 'held', category, reason: decision.reason, detail: decision.detail, at: decision.until }),
      ]),
    ]);
  } else if (decision.action === 'skip') {
    await end(run, 'done', decisionRow(run, template, { decision: 'skipped', category, reason: decision.reason, detail: decision.detail }));
  }
}

export const runTriggerSendJob: JobHandler = async (deps, job, token) => {
  const now = deps.clock.now();
  // A runner whose lease ran out (and whose job another runner took) does nothing.
  const [held] = await getHeldScheduledJobs(deps.db, [job.id], token, now);
  if (!held) return;
  const payload = held.payload as unknown as TriggerJobPayload;
  const run: Run = { deps, job: held, token, payload, now };
  const definition = deps.triggers.get(payload.trigger);
  const template = definition ? stepTemplate(definition, payload.step) : null;
  if (!definition?.active || !template || !deps.templates.has(template)) {
    const why = !definition ? 'is no longer defined' : !definition.active ? 'is inactive' : `has no template for step ${payload.step}`;
    return end(
      run,
      'cancelled',
      decisionRow(run, template, { decision: 'stopped', reason: 'TriggerInactive', detail: `the trigger ${why}` }),
    );
  }
  const contact = held.contactId ? await getContactById(deps.db, held.contactId) : undefined;
  if (!contact)
    return end(
      run,
      'cancelled',
      decisionRow(run, template, { decision: 'skipped', reason: 'ContactGone', detail: 'the contact was erased' }),
    );
  const stop = await stopOf(deps, definition, payload, contact);
  if (stop) return end(run, 'cancelled', decisionRow(run, template, { decision: 'stopped', ...stop }));
  if (!(await whenHolds(deps, definition, payload, contact.id))) {
    const detail = 'the trigger\'s "when" rule does not hold for the contact';
    return end(run, 'done', decisionRow(run, template, { decision: 'skipped', reason: 'ConditionNotMet', detail }));
  }
  const input: SendMessageInput = {
    contactId: contact.id,
    template,
    data: payload.event?.properties ?? {},
    event: payload.event
      ? { name: payload.event.name, properties: payload.event.properties, occurred_at: payload.event.occurred_at }
      : null,
    conversationId: payload.conversationId,
    idempotencyKey: job.id,
    author: 'trigger',
  };
  const composed = await composeFor(deps, input, contact);
  const audience = await inAudience(deps, contact.id, template);
  const request = triggerRequest(definition, payload.step, composed.composed, payload.firstDueAt, audience);
  const decision = await decideDelivery(deps, contact.id, request);
  if (decision.action === 'send') return send(run, definition, contact, input, composed);
  const audienceRule = audienceOf(deps, template);
  // The stored decision names the rule the contact is outside of.
  const stored =
    decision.action === 'skip' && decision.reason === 'NotInAudience' && audienceRule
      ? { ...decision, detail: notInAudienceDetail(template, audienceRule) }
      : decision;
  return applyDecision(run, stored, template, composed.composed.category);
};
