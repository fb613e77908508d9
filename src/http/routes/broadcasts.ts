// /api/v1/broadcasts: broadcast drafts (a template or inline Liquid, a segment or inline rule, a
// topic), their pre-flight checks and a test send to an agent's own address.
import * as v from 'valibot';
import { preflightBroadcast } from '../../services/broadcastPreflight.ts';
import { sendBroadcastTest } from '../../services/broadcastTestSend.ts';
import {
  type BroadcastInput,
  createBroadcast,
  deleteBroadcast,
  getBroadcast,
  listBroadcasts,
  updateBroadcast,
} from '../../services/broadcasts.ts';
import type { BroadcastRow } from '../../store/broadcasts.ts';
import { crud } from '../crud.ts';
import { apiModule, endpoint } from '../endpoint.ts';
import { EmailField } from '../../domain/people/contact-input.ts';
import { MESSAGE_EXAMPLE } from '../openapi/examples.ts';
import { iso, presentMessage } from '../presenters.ts';

const NAME_EXPECTED = 'expected 1 to 200 characters';
const FIELDS = 'unknown field; expected name, template, subject, text, html, segment_id, rule, topic';
const Name = v.pipe(v.string('expected a name'), v.trim(), v.minLength(1, NAME_EXPECTED), v.maxLength(200, NAME_EXPECTED));
const Nullable = <T extends v.GenericSchema>(schema: T) => v.optional(v.nullable(schema));
const fields = {
  template: Nullable(v.pipe(v.string('expected a template name'), v.regex(/^[a-z0-9_-]+$/, 'expected a template name like birthday'))),
  subject: Nullable(
    v.pipe(
      v.string('expected text'),
      v.trim(),
      v.minLength(1, 'expected a non-empty subject'),
      v.maxLength(998, 'expected at most 998 characters'),
    ),
  ),
  text: Nullable(v.pipe(v.string('expected text'), v.minLength(1, 'expected a non-empty text part'))),
  html: Nullable(v.string('expected HTML as text')),
  segment_id: Nullable(v.pipe(v.string('expected a segment id'), v.minLength(1, 'expected a segment id'))),
  rule: v.optional(v.unknown()),
  topic: Nullable(v.pipe(v.string('expected a topic key'), v.minLength(1, 'expected a topic key'))),
};
const CreateBody = v.strictObject({ name: Name, ...fields }, FIELDS);
const UpdateBody = v.strictObject({ name: v.optional(Name), ...fields }, FIELDS);
const TestBody = v.strictObject(
  { to: EmailField, contact_id: v.optional(v.pipe(v.string('expected a contact id'), v.minLength(1))) },
  'unknown field; expected to, contact_id',
);

function inputOf(body: v.InferOutput<typeof UpdateBody>): Partial<BroadcastInput> {
  return {
    ...(body.name !== undefined ? { name: body.name } : {}),
    template: body.template,
    subject: body.subject,
    text: body.text,
    html: body.html,
    segmentId: body.segment_id,
    rule: body.rule,
    topic: body.topic,
  };
}

export function presentBroadcast(b: BroadcastRow) {
  return {
    id: b.id,
    name: b.name,
    status: b.status,
    template: b.template,
    subject: b.subject,
    text: b.text,
    html: b.html,
    segment_id: b.segmentId,
    rule: b.rule ?? null,
    topic: b.topic,
    preflight: b.preflight ?? null,
    preflight_at: iso(b.preflightAt),
    acknowledged_warnings: b.acknowledgedWarnings,
    schedule:
      b.scheduledAt === null
        ? null
        : { at: iso(b.sendAt), local_time: b.localTime, default_timezone: b.defaultTimezone, per_minute: b.perMinute },
    scheduled_at: iso(b.scheduledAt),
    planned_at: iso(b.plannedAt),
    finished_at: iso(b.finishedAt),
    created_at: iso(b.createdAt),
    updated_at: iso(b.updatedAt),
  };
}

export const BROADCAST_EXAMPLE = {
  id: 'brd_01jd8x6c1d2e3f4g5h6j7k8m9n',
  name: 'Birthday greetings, December',
  status: 'draft',
  template: 'birthday',
  subject: null,
  text: null,
  html: null,
  segment_id: null,
  rule: 'attributes.city = "Göteborg"',
  topic: 'newsletter',
  preflight: null,
  preflight_at: null,
  acknowledged_warnings: [],
  schedule: null,
  scheduled_at: null,
  planned_at: null,
  finished_at: null,
  created_at: '2026-11-23T09:00:00.000Z',
  updated_at: '2026-11-23T09:00:00.000Z',
};
const FINDING_EXAMPLE = {
  severity: 'warning',
  code: 'LocaleFallback',
  locale: 'en',
  contact: 'con_01jd8x4a1b2c3d4e5f6g7h8j9p',
  message: 'no template file for fr; the en file is used',
};
const PREFLIGHT_EXAMPLE = { errors: [], warnings: [FINDING_EXAMPLE], checked: { locales: ['en', 'he', 'sv', 'zh'], contacts: 12 } };
export const ID = { id: 'the broadcast id (brd_…)' };
export const TAG = 'Broadcasts';

const broadcast = crud({
  what: 'broadcast',
  id: { name: 'id', description: ID.id },
  present: presentBroadcast,
  example: BROADCAST_EXAMPLE,
});

export const { routes: broadcastRoutes, operations: broadcastOperations } = apiModule({ tag: TAG }, [
  broadcast.list({
    operationId: 'listBroadcasts',
    summary: 'List broadcasts, newest first',
    answer: 'Every broadcast',
    run: listBroadcasts,
  }),
  broadcast.create({
    operationId: 'createBroadcast',
    summary: 'Create a broadcast draft',
    description:
      'A template, or inline Liquid subject and text (and html); a saved segment (segment_id) or an inline rule; optionally a topic. ' +
      'Each must exist (or parse); a 400 names the field.',
    body: {
      name: 'BroadcastCreate',
      schema: CreateBody,
      example: { name: BROADCAST_EXAMPLE.name, template: 'birthday', rule: BROADCAST_EXAMPLE.rule, topic: 'newsletter' },
    },
    answer: 'Created as a draft',
    run: (deps, body) => createBroadcast(deps, { ...inputOf(body), name: body.name }),
  }),
  broadcast.get({
    operationId: 'getBroadcast',
    summary: 'One broadcast, with its last pre-flight result',
    answer: 'The broadcast',
    run: getBroadcast,
  }),
  broadcast.update({
    operationId: 'updateBroadcast',
    summary: 'Change a draft (drops its pre-flight result)',
    description: 'Only drafts change; a field set to null is cleared (to switch from a template to inline text, clear the template).',
    body: { name: 'BroadcastUpdate', schema: UpdateBody, example: { name: 'Birthday greetings, Göteborg' } },
    answer: 'The draft as saved',
    example: { ...BROADCAST_EXAMPLE, name: 'Birthday greetings, Göteborg' },
    errors: [409],
    run: (deps, id, body) => updateBroadcast(deps, id, inputOf(body)),
  }),
  broadcast.remove({ operationId: 'deleteBroadcast', summary: 'Delete a draft', answer: 'Deleted', errors: [409], run: deleteBroadcast }),
  endpoint({
    method: 'post',
    path: '/{id}/preflight',
    operationId: 'preflightBroadcast',
    summary: 'Check a draft before it goes',
    description:
      'Renders it for up to 5 of the segment’s contacts per locale and for edge contacts (no attributes, a right-to-left name, ' +
      'the longest name, no name) and reports errors (they will block scheduling) and warnings (they will need an acknowledgement), ' +
      'each with a code, the locale and contact it showed up for, and a message. The result is kept on the broadcast.',
    params: ID,
    responses: [{ status: 200, description: 'The findings', example: PREFLIGHT_EXAMPLE }],
    errors: [400, 409],
    handle: async (c, { params }) => c.json(await preflightBroadcast(c.var.deps, params.id)),
  }),
  endpoint({
    method: 'post',
    path: '/{id}/test',
    operationId: 'testBroadcast',
    summary: "Send the broadcast once to an agent's own address",
    description:
      'Rendered as contact_id (or the segment’s first contact) would read it, subject prefixed "[Test] ", ' +
      'queued through the outbox as one transactional message. ' +
      '`to` must be an agent’s address.',
    params: ID,
    body: { name: 'BroadcastTest', schema: TestBody, example: { to: 'ana@acme.example' }, what: 'test' },
    responses: [{ status: 202, description: 'The queued test message', example: MESSAGE_EXAMPLE }],
    handle: async (c, { params, body }) =>
      c.json(presentMessage(await sendBroadcastTest(c.var.deps, params.id, { to: body.to, contactId: body.contact_id })), 202),
  }),
]);
