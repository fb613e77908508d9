// /api/v1/faqs: the FAQ entries the autoresponder answers from (create, list, read, change, delete).
import { FaqEntryCreateSchema, FaqEntryUpdateSchema } from '../../domain/autoresponder/entry-input.ts';
import { createFaq, deleteFaq, getFaq, listFaqs, updateFaq } from '../../services/faqs.ts';
import type { FaqEntryRow } from '../../store/faqs.ts';
import { crud } from '../crud.ts';
import { apiModule } from '../endpoint.ts';
import { iso } from '../presenters.ts';

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

const faq = crud({
  what: 'FAQ entry',
  id: { name: 'id', description: 'the entry id (a slug like cancel-reschedule, or faq_…)' },
  present: presentFaq,
  example: FAQ_EXAMPLE,
});

export const { routes: faqRoutes, operations: faqOperations } = apiModule({ tag: 'FAQ' }, [
  faq.create({
    operationId: 'createFaq',
    summary: 'Create an FAQ entry',
    description:
      'Example questions and an answer per locale (the answer is Liquid with `contact` and `conversation`, sent as text). ' +
      '`mode` auto (the default) may be sent automatically when the matcher is sure; suggest is only offered to agents. ' +
      'Without `id` one is generated. 409 when the id is in use.',
    body: { name: 'FaqEntryCreate', schema: FaqEntryCreateSchema, example: FAQ_CREATE_EXAMPLE },
    answer: 'Created',
    errors: [409],
    run: createFaq,
  }),
  faq.list({ operationId: 'listFaqs', summary: 'List the FAQ entries in order', answer: 'Every entry', run: listFaqs }),
  faq.get({ operationId: 'getFaq', summary: 'Read an FAQ entry', answer: 'The entry', run: getFaq }),
  faq.update({
    operationId: 'updateFaq',
    summary: 'Change an FAQ entry (per locale: null removes the locale)',
    body: {
      name: 'FaqEntryUpdate',
      schema: FaqEntryUpdateSchema,
      example: { answers: { he: 'אפשר לבטל דרך הקישור ב־SMS.', en: null }, enabled: false },
    },
    answer: 'The changed entry',
    run: updateFaq,
  }),
  faq.remove({
    operationId: 'deleteFaq',
    summary: 'Delete an FAQ entry (decisions that named it keep its id)',
    answer: 'Deleted',
    run: deleteFaq,
  }),
]);
