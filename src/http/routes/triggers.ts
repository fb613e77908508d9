// GET /api/v1/triggers (the trigger files with what each did) and GET /api/v1/contacts/:id/activity (a
// contact's events, emails and every decision about an automated send, in time order).
import * as v from 'valibot';
import type { TriggerDefinition } from '../../domain/triggers/definition.ts';
import { formatMinute } from '../../domain/time/zoned.ts';
import { contactActivity } from '../../services/contactActivity.ts';
import { listTriggers, type TriggerWithCounts } from '../../services/listTriggers.ts';
import type { ActivityRow } from '../../store/activity.ts';
import { apiModule, endpoint } from '../endpoint.ts';
import { pageLimitField } from '../validation.ts';

const iso = (at: unknown) => (typeof at === 'number' ? new Date(at).toISOString() : null);

function presentStart(d: TriggerDefinition) {
  const s = d.start;
  if (s.kind === 'date') {
    return {
      event: null,
      unless: null,
      date: { attribute: `attributes.${s.attribute.join('.')}`, at: formatMinute(s.at), offset_days: s.offsetDays },
    };
  }
  return { event: s.event, unless: s.kind === 'after' ? s.unless : null, date: null };
}

function presentTrigger({ definition: d, counts }: TriggerWithCounts) {
  return {
    name: d.name,
    description: d.description,
    kind: d.start.kind,
    ...presentStart(d),
    template: d.send,
    delay: d.delay?.text ?? null,
    dedupe_by: d.dedupeBy ? `event.${d.dedupeBy.join('.')}` : null,
    limit: d.limit ? { count: d.limit.count, within: d.limit.within.text } : null,
    window: d.window ? { start: formatMinute(d.window.start), end: formatMinute(d.window.end), days: d.window.days } : null,
    follow_ups: d.followUps.map((f) => ({ delay: f.delay.text, template: f.send })),
    stop_if: d.stopIf.map((s) => (s.kind === 'event' ? { event: s.name } : s.kind)),
    active: d.active,
    counts,
  };
}

function presentActivity(item: ActivityRow) {
  const f = item.fields;
  const base = { type: item.type, id: item.id, at: iso(item.at) };
  if (item.type === 'event') return { ...base, name: f.name, properties: f.properties };
  if (item.type === 'message') {
    const { conversation_id, sent_at, ...rest } = f;
    return { ...base, ...rest, conversation_id, sent_at: iso(sent_at) };
  }
  const { at, source_name, ...rest } = f;
  const when = f.decision === 'scheduled' ? { due_at: iso(at) } : f.decision === 'held' ? { until: iso(at) } : {};
  return { ...base, ...rest, trigger: f.source === 'trigger' ? source_name : null, source_name, ...when };
}

const ActivityQuery = v.strictObject(
  { limit: pageLimitField(200, 50), cursor: v.optional(v.string()) },
  'unknown parameter; expected limit, cursor',
);

const TRIGGER_EXAMPLE = {
  name: 'review_request',
  description: 'Asks for a review 3 days after delivery, reminds once 4 days later',
  kind: 'after',
  event: 'order_delivered',
  unless: 'review_submitted',
  date: null,
  template: 'review_request',
  delay: 'P3D',
  dedupe_by: 'event.order_id',
  limit: { count: 1, within: 'P7D' },
  window: { start: '10:00', end: '20:00', days: [1, 2, 3, 4, 5, 6, 7] },
  follow_ups: [{ delay: 'P4D', template: 'review_reminder' }],
  stop_if: ['replied', { event: 'review_submitted' }],
  active: true,
  counts: { fired: 120, sent: 97, held: 14, skipped: { TriggerLimit: 3, NoMarketingConsent: 2 }, stopped: { Replied: 6 }, failed: 0 },
};

const ACTIVITY_EXAMPLE = {
  data: [
    {
      type: 'event',
      id: 'evt_01JD8X3K2M4N5P6Q7R8S9T0V1W',
      at: '2026-11-23T01:00:00.000Z',
      name: 'order_delivered',
      properties: { order_id: 'A-1001' },
    },
    {
      type: 'decision',
      id: 'dcs_01JD8X3K2M4N5P6Q7R8S9T0V1X',
      at: '2026-11-23T01:00:00.000Z',
      decision: 'scheduled',
      source: 'trigger',
      trigger: 'review_request',
      source_name: 'review_request',
      step: 0,
      template: 'review_request',
      category: 'marketing',
      reason: 'SendWindow',
      detail: 'due 2026-11-26 02:00 local (Europe/Stockholm), scheduled for 2026-11-26 10:00: send window 10:00–20:00 …',
      due_at: '2026-11-26T09:00:00.000Z',
      job_id: 'sjb_01JD8X3K2M4N5P6Q7R8S9T0V1Y',
      message_id: null,
    },
    {
      type: 'message',
      id: 'msg_01JD8X4A1B2C3D4E5F6G7H8J9K',
      at: '2026-11-26T09:00:00.000Z',
      direction: 'out',
      author: 'trigger',
      subject: 'How was your order?',
      status: 'sent',
      category: 'marketing',
      template: 'review_request',
      conversation_id: 'cnv_01JD8X4A1B2C3D4E5F6G7H8J9M',
      sent_at: '2026-11-26T09:00:02.000Z',
    },
  ],
  next_cursor: null,
};

export const { routes: triggerRoutes, operations: triggerOperations } = apiModule({ tag: 'Triggers' }, [
  endpoint({
    method: 'get',
    path: '/',
    operationId: 'listTriggers',
    summary: 'The triggers (triggers/NAME.yaml) with what each did',
    description:
      'Each trigger as its file defines it, with counts of its stored decisions: `fired` (sends scheduled, follow-ups ' +
      'included), `sent`, `held` (times a due send was held), `skipped` and `stopped` by reason.',
    responses: [{ status: 200, description: 'Every trigger, by name', example: { data: [TRIGGER_EXAMPLE] } }],
    handle: async (c) => c.json({ data: (await listTriggers(c.var.deps)).map(presentTrigger) }),
  }),
]);

export const { routes: contactActivityRoutes, operations: contactActivityOperations } = apiModule({ tag: 'Contacts' }, [
  endpoint({
    method: 'get',
    path: '/{id}/activity',
    operationId: 'getContactActivity',
    summary: "A contact's events, emails and automated-send decisions, in time order",
    description:
      'Oldest first, paged with `cursor` (the `next_cursor` of the page before). Decisions say what happened to each ' +
      'automated send: `scheduled` (with `due_at` and why it moved), `sent` (`message_id`), `held` (`until`, why), ' +
      '`skipped` (which rule, in `reason` and `detail`), `stopped` (by what).',
    params: { id: 'the contact id (con_…)' },
    query: ActivityQuery,
    responses: [{ status: 200, description: 'A page of activity', example: ACTIVITY_EXAMPLE }],
    handle: async (c, { params, query }) => {
      const page = await contactActivity(c.var.deps, params.id, query);
      return c.json({ data: page.items.map(presentActivity), next_cursor: page.nextCursor });
    },
  }),
]);
