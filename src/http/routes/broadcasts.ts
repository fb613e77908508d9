// /api/v1/broadcasts: broadcast drafts (a template or inline Liquid, a segment or inline rule, a
// topic), their pre-flight checks and a test send to an agent's own address.
import { Hono } from 'hono';
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
import type { ApiEnv } from '../api-auth.ts';
import { EmailField } from '../../domain/people/contact-input.ts';
import { readJson } from '../json-body.ts';
import { MESSAGE_EXAMPLE } from '../openapi/examples.ts';
import type { Operation } from '../openapi/operation.ts';
import { iso, presentMessage } from '../presenters.ts';
import { parseOrThrow } from '../validation.ts';

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

export const broadcastRoutes = new Hono<ApiEnv>()
  .get('/', async (c) => c.json({ data: (await listBroadcasts(c.var.deps)).map(presentBroadcast) }))
  .post('/', async (c) => {
    const body = parseOrThrow(CreateBody, await readJson(c), 'broadcast');
    return c.json(presentBroadcast(await createBroadcast(c.var.deps, { ...inputOf(body), name: body.name })), 201);
  })
  .get('/:id', async (c) => c.json(presentBroadcast(await getBroadcast(c.var.deps, c.req.param('id')))))
  .patch('/:id', async (c) => {
    const body = parseOrThrow(UpdateBody, await readJson(c), 'broadcast');
    return c.json(presentBroadcast(await updateBroadcast(c.var.deps, c.req.param('id'), inputOf(body))));
  })
  .delete('/:id', async (c) => {
    await deleteBroadcast(c.var.deps, c.req.param('id'));
    return c.body(null, 204);
  })
  .post('/:id/preflight', async (c) => c.json(await preflightBroadcast(c.var.deps, c.req.param('id'))))
  .post('/:id/test', async (c) => {
    const body = parseOrThrow(TestBody, await readJson(c), 'test');
    return c.json(presentMessage(await sendBroadcastTest(c.var.deps, c.req.param('id'), { to: body.to, contactId: body.contact_id })), 202);
  });

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

export const broadcastOperations: Operation[] = [
  {
    method: 'get',
    path: '/',
    operationId: 'listBroadcasts',
    summary: 'List broadcasts, newest first',
    tag: TAG,
    responses: [{ status: 200, description: 'Every broadcast', example: { data: [BROADCAST_EXAMPLE] } }],
    errors: [],
  },
  {
    method: 'post',
    path: '/',
    operationId: 'createBroadcast',
    summary: 'Create a broadcast draft',
    description:
      'A template, or inline Liquid subject and text (and html); a saved segment (segment_id) or an inline rule; optionally a topic. ' +
      'Each must exist (or parse); a 400 names the field.',
    tag: TAG,
    body: {
      name: 'BroadcastCreate',
      schema: CreateBody,
      example: { name: BROADCAST_EXAMPLE.name, template: 'birthday', rule: BROADCAST_EXAMPLE.rule, topic: 'newsletter' },
    },
    responses: [{ status: 201, description: 'Created as a draft', example: BROADCAST_EXAMPLE }],
    errors: [400, 413],
  },
  {
    method: 'get',
    path: '/{id}',
    operationId: 'getBroadcast',
    summary: 'One broadcast, with its last pre-flight result',
    tag: TAG,
    params: ID,
    responses: [{ status: 200, description: 'The broadcast', example: BROADCAST_EXAMPLE }],
    errors: [404],
  },
  {
    method: 'patch',
    path: '/{id}',
    operationId: 'updateBroadcast',
    summary: 'Change a draft (drops its pre-flight result)',
    description: 'Only drafts change; a field set to null is cleared (to switch from a template to inline text, clear the template).',
    tag: TAG,
    params: ID,
    body: { name: 'BroadcastUpdate', schema: UpdateBody, example: { name: 'Birthday greetings, Göteborg' } },
    responses: [
      { status: 200, description: 'The draft as saved', example: { ...BROADCAST_EXAMPLE, name: 'Birthday greetings, Göteborg' } },
    ],
    errors: [400, 404, 409, 413],
  },
  {
    method: 'delete',
    path: '/{id}',
    operationId: 'deleteBroadcast',
    summary: 'Delete a draft',
    tag: TAG,
    params: ID,
    responses: [{ status: 204, description: 'Deleted' }],
    errors: [404, 409],
  },
  {
    method: 'post',
    path: '/{id}/preflight',
    operationId: 'preflightBroadcast',
    summary: 'Check a draft before it goes',
    description:
      'Renders it for up to 5 of the segment’s contacts per locale and for edge contacts (no attributes, a right-to-left name, ' +
      'the longest name, no name) and reports errors (they will block scheduling) and warnings (they will need an acknowledgement), ' +
      'each with a code, the locale and contact it showed up for, and a message. The result is kept on the broadcast.',
    tag: TAG,
    params: ID,
    responses: [{ status: 200, description: 'The findings', example: PREFLIGHT_EXAMPLE }],
    errors: [400, 404, 409],
  },
  {
    method: 'post',
    path: '/{id}/test',
    operationId: 'testBroadcast',
    summary: "Send the broadcast once to an agent's own address",
    description:
      'Rendered as contact_id (or the segment’s first contact) would read it, subject prefixed "[Test] ", ' +
      'queued through the outbox as one transactional message. ' +
      '`to` must be an agent’s address.',
    tag: TAG,
    params: ID,
    body: { name: 'BroadcastTest', schema: TestBody, example: { to: 'ana@acme.example' } },
    responses: [{ status: 202, description: 'The queued test message', example: MESSAGE_EXAMPLE }],
    errors: [400, 404, 413],
  },
];
