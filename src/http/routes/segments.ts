// /api/v1/segments: saved segments (a name and a rule over contacts) and their previews: how many
// contacts a rule selects now, with a sample. POST /preview previews an inline rule without saving it.
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
import { crud } from '../crud.ts';
import { apiModule, endpoint } from '../endpoint.ts';
import { CONTACT_EXAMPLE } from '../openapi/examples.ts';
import { iso, presentContact } from '../presenters.ts';

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
const SEGMENT_ID = 'the segment id (seg_…)';
const SAMPLE_QUERY = 'sample: how many matching contacts to return (0 to 100, default 10)';

const segment = crud({
  what: 'segment',
  id: { name: 'id', description: SEGMENT_ID },
  present: presentSegment,
  example: SEGMENT_EXAMPLE,
});
const PREVIEW_RESPONSES = [{ status: 200, description: 'The count now and a sample by contact id', example: PREVIEW_EXAMPLE }];

export const { routes: segmentRoutes, operations: segmentOperations } = apiModule({ tag: 'Segments' }, [
  segment.list({ operationId: 'listSegments', summary: 'List saved segments', answer: 'Every segment, by name', run: listSegments }),
  segment.create({
    operationId: 'createSegment',
    summary: 'Save a segment',
    description: 'The rule language is described in src/domain/rules/README.md. A bad rule is refused with the path of each bad part.',
    body: {
      name: 'SegmentCreate',
      schema: CreateBody,
      example: { name: SEGMENT_EXAMPLE.name, description: SEGMENT_EXAMPLE.description, rule: RULE_EXAMPLE },
    },
    answer: 'Created',
    errors: [409],
    run: createSegment,
  }),
  endpoint({
    method: 'post',
    path: '/preview',
    operationId: 'previewRule',
    summary: 'Count and sample the contacts an inline rule selects, without saving it',
    description: SAMPLE_QUERY,
    query: PreviewQuery,
    body: { name: 'SegmentPreviewRequest', schema: PreviewBody, example: { rule: RULE_EXAMPLE }, what: 'preview' },
    responses: PREVIEW_RESPONSES,
    handle: async (c, { body, query }) => c.json(presentPreview(await previewRule(c.var.deps, parseSegmentRule(body.rule), query.sample))),
  }),
  segment.get({ operationId: 'getSegment', summary: 'One segment', answer: 'The segment', run: getSegment }),
  endpoint({
    method: 'get',
    path: '/{id}/preview',
    operationId: 'previewSegment',
    summary: 'Count and sample the contacts a segment selects now',
    description: SAMPLE_QUERY,
    params: { id: SEGMENT_ID },
    query: PreviewQuery,
    responses: PREVIEW_RESPONSES,
    handle: async (c, { params, query }) => c.json(presentPreview(await previewSegment(c.var.deps, params.id, query.sample))),
  }),
  segment.update({
    operationId: 'updateSegment',
    summary: 'Rename a segment or change its rule',
    body: { name: 'SegmentUpdate', schema: UpdateBody, example: { rule: 'attributes.city = "Malmö"' } },
    answer: 'The segment as saved',
    example: { ...SEGMENT_EXAMPLE, rule: 'attributes.city = "Malmö"' },
    errors: [409],
    run: updateSegment,
  }),
  segment.remove({ operationId: 'deleteSegment', summary: 'Delete a segment', answer: 'Deleted', run: deleteSegment }),
]);
