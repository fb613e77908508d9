// /api/v1/segments: saved segments (a name and a rule over contacts) and their previews: how many
// contacts a rule selects now, with a sample. POST /preview previews an inline rule without saving it.
import { Hono } from 'hono';
import * as v from 'valibot';
import {
  createSegment,
  deleteSegment,
  getSegment,
  listSegments,
  parseSegmentRule,
  previewRule,
  previewSegment,
  type SegmentPreview,
  updateSegment,
} from '../../services/segments.ts';
import type { SegmentRow } from '../../store/segments.ts';
import type { ApiEnv } from '../api-auth.ts';
import { readJson } from '../json-body.ts';
import { CONTACT_EXAMPLE } from '../openapi/examples.ts';
import type { Operation } from '../openapi/operation.ts';
import { iso, presentContact } from '../presenters.ts';
import { parseOrThrow } from '../validation.ts';

const NAME_EXPECTED = 'expected 1 to 100 characters';
const RULE_EXPECTED =
  'expected a rule: a condition such as "attributes.city = \\"Göteborg\\"", or {all|any: [...]}, {not: ...}, {event: ...}';
const Name = v.pipe(v.string('expected a name'), v.trim(), v.minLength(1, NAME_EXPECTED), v.maxLength(100, NAME_EXPECTED));
const Description = v.nullable(v.pipe(v.string('expected text or null'), v.maxLength(1000, 'expected at most 1000 characters')));
const RuleField = v.custom<unknown>((value) => value !== undefined && value !== null, RULE_EXPECTED);

const CreateBody = v.strictObject(
  { name: Name, description: v.optional(Description), rule: RuleField },
  'unknown field; expected name, description, rule',
);
const UpdateBody = v.strictObject(
  { name: v.optional(Name), description: v.optional(Description), rule: v.optional(RuleField) },
  'unknown field; expected name, description, rule',
);
const PreviewBody = v.strictObject({ rule: RuleField }, 'unknown field; expected rule');
const PreviewQuery = v.object({
  sample: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, 'expected a whole number from 0 to 100'),
      v.transform(Number),
      v.maxValue(100, 'expected at most 100'),
    ),
    '10',
  ),
});

function presentSegment(segment: SegmentRow) {
  return {
    id: segment.id,
    name: segment.name,
    description: segment.description,
    rule: segment.rule,
    created_at: iso(segment.createdAt),
    updated_at: iso(segment.updatedAt),
  };
}

const presentPreview = (preview: SegmentPreview) => ({ count: preview.count, sample: preview.sample.map(presentContact) });

export const segmentRoutes = new Hono<ApiEnv>()
  .get('/', async (c) => c.json({ data: (await listSegments(c.var.deps)).map(presentSegment) }))
  .post('/', async (c) => {
    const body = parseOrThrow(CreateBody, await readJson(c), 'segment');
    return c.json(presentSegment(await createSegment(c.var.deps, body)), 201);
  })
  .post('/preview', async (c) => {
    const body = parseOrThrow(PreviewBody, await readJson(c), 'preview');
    const { sample } = parseOrThrow(PreviewQuery, c.req.query(), 'query');
    return c.json(presentPreview(await previewRule(c.var.deps, parseSegmentRule(body.rule), sample)));
  })
  .get('/:id', async (c) => c.json(presentSegment(await getSegment(c.var.deps, c.req.param('id')))))
  .get('/:id/preview', async (c) => {
    const { sample } = parseOrThrow(PreviewQuery, c.req.query(), 'query');
    return c.json(presentPreview(await previewSegment(c.var.deps, c.req.param('id'), sample)));
  })
  .patch('/:id', async (c) => {
    const body = parseOrThrow(UpdateBody, await readJson(c), 'segment');
    return c.json(presentSegment(await updateSegment(c.var.deps, c.req.param('id'), body)));
  })
  .delete('/:id', async (c) => {
    await deleteSegment(c.var.deps, c.req.param('id'));
    return c.body(null, 204);
  });

const RULE_EXAMPLE = { all: ['attributes.city = "Göteborg"', { event: 'order_placed', count: '>= 2', within: 'P90D' }] };
const SEGMENT_EXAMPLE = {
  id: 'seg_01jd8x6c1d2e3f4g5h6j7k8m9n',
  name: 'Göteborg regulars',
  description: 'Two orders or more in 90 days, living in Göteborg',
  rule: RULE_EXAMPLE,
  created_at: '2026-11-23T09:00:00.000Z',
  updated_at: '2026-11-23T09:00:00.000Z',
};
const PREVIEW_EXAMPLE = { count: 1284, sample: [CONTACT_EXAMPLE] };
const SAMPLE_QUERY = 'sample: how many matching contacts to return (0 to 100, default 10)';

export const segmentOperations: Operation[] = [
  {
    method: 'get',
    path: '/',
    operationId: 'listSegments',
    summary: 'List saved segments',
    tag: 'Segments',
    responses: [{ status: 200, description: 'Every segment, by name', example: { data: [SEGMENT_EXAMPLE] } }],
    errors: [],
  },
  {
    method: 'post',
    path: '/',
    operationId: 'createSegment',
    summary: 'Save a segment',
    description: 'The rule language is described in src/domain/rules/README.md. A bad rule is refused with the path of each bad part.',
    tag: 'Segments',
    body: {
      name: 'SegmentCreate',
      schema: CreateBody,
      example: { name: SEGMENT_EXAMPLE.name, description: SEGMENT_EXAMPLE.description, rule: RULE_EXAMPLE },
    },
    responses: [{ status: 201, description: 'Created', example: SEGMENT_EXAMPLE }],
    errors: [400, 409, 413],
  },
  {
    method: 'post',
    path: '/preview',
    operationId: 'previewRule',
    summary: 'Count and sample the contacts an inline rule selects, without saving it',
    description: SAMPLE_QUERY,
    tag: 'Segments',
    query: PreviewQuery,
    body: { name: 'SegmentPreviewRequest', schema: PreviewBody, example: { rule: RULE_EXAMPLE } },
    responses: [{ status: 200, description: 'The count now and a sample by contact id', example: PREVIEW_EXAMPLE }],
    errors: [400, 413],
  },
  {
    method: 'get',
    path: '/{id}',
    operationId: 'getSegment',
    summary: 'One segment',
    tag: 'Segments',
    params: { id: 'the segment id (seg_…)' },
    responses: [{ status: 200, description: 'The segment', example: SEGMENT_EXAMPLE }],
    errors: [404],
  },
  {
    method: 'get',
    path: '/{id}/preview',
    operationId: 'previewSegment',
    summary: 'Count and sample the contacts a segment selects now',
    description: SAMPLE_QUERY,
    tag: 'Segments',
    params: { id: 'the segment id (seg_…)' },
    query: PreviewQuery,
    responses: [{ status: 200, description: 'The count now and a sample by contact id', example: PREVIEW_EXAMPLE }],
    errors: [400, 404],
  },
  {
    method: 'patch',
    path: '/{id}',
    operationId: 'updateSegment',
    summary: 'Rename a segment or change its rule',
    tag: 'Segments',
    params: { id: 'the segment id (seg_…)' },
    body: { name: 'SegmentUpdate', schema: UpdateBody, example: { rule: 'attributes.city = "Malmö"' } },
    responses: [{ status: 200, description: 'The segment as saved', example: { ...SEGMENT_EXAMPLE, rule: 'attributes.city = "Malmö"' } }],
    errors: [400, 404, 409, 413],
  },
  {
    method: 'delete',
    path: '/{id}',
    operationId: 'deleteSegment',
    summary: 'Delete a segment',
    tag: 'Segments',
    params: { id: 'the segment id (seg_…)' },
    responses: [{ status: 204, description: 'Deleted' }],
    errors: [404],
  },
];
