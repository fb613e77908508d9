// /api/v1/faqs: the FAQ entries the autoresponder answers from (create, list, read, change, delete).
import { Hono } from 'hono';
import { FaqEntryCreateSchema, FaqEntryUpdateSchema } from '../../domain/autoresponder/entry-input.ts';
import { createFaq, deleteFaq, getFaq, listFaqs, updateFaq } from '../../services/faqs.ts';
import type { FaqEntryRow } from '../../store/faqs.ts';
import type { AppEnv } from '../app.ts';
import { readJson } from '../json-body.ts';
import type { Operation } from '../openapi/operation.ts';
import { iso } from '../presenters.ts';
import { parseOrThrow } from '../validation.ts';

export function presentFaq(entry: FaqEntryRow) {
  return {
    id: entry.id,
    questions: entry.questions,
    answers: entry.answers,
    mode: entry.mode,
    tags: entry.tags,
    enabled: entry.enabled,
    created_at: iso(entry.createdAt),
    updated_at: iso(entry.updatedAt),
  };
}

export const faqRoutes = new Hono<AppEnv>()
  .post('/', async (c) => {
    const input = parseOrThrow(FaqEntryCreateSchema, await readJson(c), 'FAQ entry');
    return c.json(presentFaq(await createFaq(c.var.deps, input)), 201);
  })
  .get('/', async (c) => c.json({ data: (await listFaqs(c.var.deps)).map(presentFaq) }))
  .get('/:id', async (c) => c.json(presentFaq(await getFaq(c.var.deps, c.req.param('id')))))
  .patch('/:id', async (c) => {
    const change = parseOrThrow(FaqEntryUpdateSchema, await readJson(c), 'FAQ entry');
    return c.json(presentFaq(await updateFaq(c.var.deps, c.req.param('id'), change)));
  })
  .delete('/:id', async (c) => {
    await deleteFaq(c.var.deps, c.req.param('id'));
    return c.body(null, 204);
  });

const FAQ_EXAMPLE = {
  id: 'cancel-reschedule',
  questions: { sv: ['Hur avbokar jag min tid?'], en: ['How do I cancel my appointment?'] },
  answers: {
    sv: 'Hej {{ contact.first_name | default: "där" }}! Avboka via länken i bekräftelse-sms:et, senast 24 timmar före besöket.',
    en: 'Hi {{ contact.first_name | default: "there" }}! Cancel with the link in the confirmation text, at least 24 hours ahead.',
  },
  mode: 'auto',
  tags: ['appointments'],
  enabled: true,
  created_at: '2026-11-23T09:00:00.000Z',
  updated_at: '2026-11-23T09:00:00.000Z',
};

const { created_at: _c, updated_at: _u, ...FAQ_CREATE_EXAMPLE } = FAQ_EXAMPLE;
const ID_PARAM = { id: 'the entry id (a slug like cancel-reschedule, or faq_…)' };

export const faqOperations: Operation[] = [
  {
    method: 'post',
    path: '/',
    operationId: 'createFaq',
    summary: 'Create an FAQ entry',
    description:
      'Example questions and an answer per locale (the answer is Liquid with `contact` and `conversation`, sent as text). ' +
      '`mode` auto (the default) may be sent automatically when the matcher is sure; suggest is only offered to agents. ' +
      'Without `id` one is generated. 409 when the id is in use.',
    tag: 'FAQ',
    body: { name: 'FaqEntryCreate', schema: FaqEntryCreateSchema, example: FAQ_CREATE_EXAMPLE },
    responses: [{ status: 201, description: 'Created', example: FAQ_EXAMPLE }],
    errors: [400, 409, 413],
  },
  {
    method: 'get',
    path: '/',
    operationId: 'listFaqs',
    summary: 'List the FAQ entries in order',
    tag: 'FAQ',
    responses: [{ status: 200, description: 'Every entry', example: { data: [FAQ_EXAMPLE] } }],
    errors: [],
  },
  {
    method: 'get',
    path: '/{id}',
    operationId: 'getFaq',
    summary: 'Read an FAQ entry',
    tag: 'FAQ',
    params: ID_PARAM,
    responses: [{ status: 200, description: 'The entry', example: FAQ_EXAMPLE }],
    errors: [404],
  },
  {
    method: 'patch',
    path: '/{id}',
    operationId: 'updateFaq',
    summary: 'Change an FAQ entry (per locale: null removes the locale)',
    tag: 'FAQ',
    params: ID_PARAM,
    body: {
      name: 'FaqEntryUpdate',
      schema: FaqEntryUpdateSchema,
      example: { answers: { he: 'אפשר לבטל דרך הקישור ב־SMS.', en: null }, enabled: false },
    },
    responses: [{ status: 200, description: 'The changed entry', example: FAQ_EXAMPLE }],
    errors: [400, 404, 413],
  },
  {
    method: 'delete',
    path: '/{id}',
    operationId: 'deleteFaq',
    summary: 'Delete an FAQ entry (decisions that named it keep its id)',
    tag: 'FAQ',
    params: ID_PARAM,
    responses: [{ status: 204, description: 'Deleted' }],
    errors: [404],
  },
];
