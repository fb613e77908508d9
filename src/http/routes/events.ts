// POST /api/v1/events and /events/batch: what happened to a contact, for triggers to act on.
import { EventBatchSchema, EventInputSchema } from '../../domain/events/event-input.ts';
import type { ScheduledEntry } from '../../services/scheduleTriggers.ts';
import { type TrackedEvent, trackEvents } from '../../services/trackEvents.ts';
import { apiModule, endpoint } from '../endpoint.ts';

const presentScheduled = (s: ScheduledEntry) =>
  s.status === 'scheduled'
    ? { trigger: s.trigger, status: s.status, job_id: s.jobId, due_at: new Date(s.dueAt).toISOString(), detail: s.detail }
    : s.status === 'refused'
      ? { trigger: s.trigger, status: s.status, reason: s.reason, job_id: s.jobId, detail: s.detail }
      : { trigger: s.trigger, status: s.status, job_id: s.jobId, detail: s.detail };

const presentTracked = (e: TrackedEvent) => ({
  id: e.id,
  contact_id: e.contactId,
  duplicate: e.duplicate,
  scheduled: e.scheduled.map(presentScheduled),
});

const EVENT_EXAMPLE = {
  name: 'order_placed',
  contact: { email: 'ana@example.com', name: 'Ana Lind', attributes: { plan: 'pro' } },
  properties: { order_id: 'A-1001', total: 49.5 },
  occurred_at: '2026-03-01T12:00:00Z',
  idempotency_key: 'order-A-1001',
};
const TRACKED_EXAMPLE = {
  id: 'evt_01JD0000000000000000000000',
  contact_id: 'con_01JD0000000000000000000000',
  duplicate: false,
  scheduled: [
    {
      trigger: 'order_confirmation',
      status: 'scheduled',
      job_id: 'sjb_01JD0000000000000000000000',
      due_at: '2026-03-01T12:00:00.000Z',
      detail: 'due 2026-03-01 13:00 local (Europe/Stockholm)',
    },
    {
      trigger: 'replenishment_reminder',
      status: 'scheduled',
      job_id: 'sjb_01JD0000000000000000000001',
      due_at: '2026-03-31T07:00:00.000Z',
      detail: 'due 2026-03-31 14:00 local (Europe/Stockholm)',
    },
    {
      trigger: 'replenishment_reminder',
      status: 'stopped',
      job_id: 'sjb_01JC0000000000000000000000',
      detail: 'order_placed came at 2026-03-01T12:00:00.000Z',
    },
  ],
};

export const { routes: eventRoutes, operations: eventOperations } = apiModule({ tag: 'Events' }, [
  endpoint({
    method: 'post',
    path: '/',
    operationId: 'trackEvent',
    summary: 'Record an event for a contact (upserting the contact)',
    description:
      'The contact is named by `email` (created when new) or `id` (must exist); name, locale, timezone and attributes are ' +
      'upserted as by POST /contacts; `topics` sets topic subscriptions (`{"news": true, "offers": false}`; an unknown key is a ' +
      '400 naming `contact.topics.KEY`), each change kept in the consent log with source `event`, only when the event is ' +
      'stored (a repeat changes nothing). The same `idempotency_key` twice is one event: the repeat answers the first with ' +
      '`duplicate: true` and changes nothing (its `scheduled` is empty). `occurred_at` defaults to now. `scheduled` says what the ' +
      'event did to each trigger (triggers/NAME.yaml): `scheduled` a send (`job_id`, `due_at`: already moved out of quiet hours ' +
      'and into the send window, `detail` says so), `refused` one (`reason: Duplicate`: the job with the same trigger, contact and ' +
      '`dedupe_by` value exists; `job_id` names it), or `stopped` a pending one (its `unless:` or `stop_if` event came).',
    body: { name: 'EventInput', schema: EventInputSchema, example: EVENT_EXAMPLE, what: 'event' },
    responses: [{ status: 202, description: 'Recorded (or a duplicate of an event recorded before)', example: TRACKED_EXAMPLE }],
    errors: [404],
    handle: async (c, { body }) => {
      const [tracked] = await trackEvents(c.var.deps, [body], (_, field) => field);
      return c.json(presentTracked(tracked!), 202);
    },
  }),
  endpoint({
    method: 'post',
    path: '/batch',
    operationId: 'trackEvents',
    summary: 'Record up to 1000 events at once',
    description:
      'Each event as in POST /events. All or nothing: one bad event (named like `events[3].contact.email`) stores none. ' +
      'The answer lists the events in the order sent.',
    body: {
      name: 'EventBatch',
      schema: EventBatchSchema,
      example: {
        events: [EVENT_EXAMPLE, { name: 'page_viewed', contact: { email: 'ana@example.com' }, properties: { path: '/pricing' } }],
      },
      what: 'events',
      brackets: true,
    },
    responses: [
      {
        status: 202,
        description: 'Recorded, in order',
        example: { data: [TRACKED_EXAMPLE, { ...TRACKED_EXAMPLE, id: 'evt_01JD0000000000000000000001' }] },
      },
    ],
    errors: [404],
    handle: async (c, { body }) => {
      const tracked = await trackEvents(c.var.deps, body.events, (index, field) => `events[${index}].${field}`);
      return c.json({ data: tracked.map(presentTracked) }, 202);
    },
  }),
]);
