import { Hono } from 'hono';
import * as v from 'valibot';
import { MESSAGE_CATEGORIES } from '../../domain/vocabulary.ts';
import { EmailField } from '../../domain/people/contact-input.ts';
import { MAX_DATA_DEPTH, jsonObjectSchema } from '../../domain/json-value.ts';
import { deliverOutbox } from '../../services/deliverOutbox.ts';
import { getMessage } from '../../services/messages.ts';
import { previewTemplate } from '../../services/previewTemplate.ts';
import { sendMessage } from '../../services/sendMessage.ts';
import { MAX_BULK_RECIPIENTS, sendBulk } from '../../services/sendBulk.ts';
import type { AppEnv } from '../app.ts';
import { inBackground } from '../background.ts';
import { readJson } from '../json-body.ts';
import { presentMessage } from '../presenters.ts';
import { MESSAGE_EXAMPLE } from '../openapi/examples.ts';
import type { Operation } from '../openapi/operation.ts';
import { parseOrThrow } from '../validation.ts';

/** Template data: plain JSON values only, as Liquid will see them. */
const Data = jsonObjectSchema(MAX_DATA_DEPTH);

/** What a message says: a template with data, or a subject and text (shared by single and bulk sends). */
const contentFields = {
  template: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9_-]+$/, 'expected a template name like welcome'))),
  data: v.optional(Data),
  locale: v.optional(v.pipe(v.string(), v.maxLength(35))),
  subject: v.optional(
    v.pipe(v.string(), v.trim(), v.minLength(1, 'expected a non-empty subject'), v.maxLength(998, 'expected at most 998 characters')),
  ),
  text: v.optional(v.pipe(v.string(), v.minLength(1, 'expected a non-empty text part'))),
  html: v.optional(v.string()),
  category: v.optional(v.picklist(MESSAGE_CATEGORIES, 'expected transactional, marketing or support')),
};

/** Whom a message is for, and the key that makes sending it twice a no-op. */
const recipientFields = {
  to: v.optional(EmailField),
  contact_id: v.optional(v.pipe(v.string(), v.minLength(1))),
  idempotency_key: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(256, 'expected at most 256 characters'))),
};

type Content = { template?: string | undefined; subject?: string | undefined; text?: string | undefined };
const eitherTemplateOrText = (b: Content) => (b.template !== undefined) !== (b.subject !== undefined || b.text !== undefined);
const textIsComplete = (b: Content) => b.template !== undefined || (b.subject !== undefined && b.text !== undefined);
const exactlyOneRecipient = (r: { to?: string | undefined; contact_id?: string | undefined }) =>
  (r.to === undefined) !== (r.contact_id === undefined);
const EITHER = 'expected either template (with data) or subject and text';
const COMPLETE = 'expected both subject and text when no template is given';
const ONE = 'expected exactly one of to or contact_id';

/** The content fields of a request body, as the services name them. */
function messageContent(body: v.InferOutput<v.ObjectSchema<typeof contentFields, undefined>>) {
  const { template, data, locale, subject, text, html, category } = body;
  return { template, data, locale, subject, text, html, category };
}

const SendBody = v.pipe(
  v.strictObject(
    { ...recipientFields, ...contentFields, conversation_id: v.optional(v.string()) },
    'unknown field; expected to, contact_id, template, data, locale, subject, text, html, category, conversation_id, idempotency_key',
  ),
  v.check((b) => exactlyOneRecipient(b), ONE),
  v.check((b) => eitherTemplateOrText(b), EITHER),
  v.check((b) => textIsComplete(b), COMPLETE),
);

const BulkBody = v.pipe(
  v.strictObject(
    {
      ...contentFields,
      recipients: v.pipe(
        v.array(
          v.pipe(
            v.strictObject({ ...recipientFields, data: v.optional(Data) }, 'unknown field; expected to, contact_id, data, idempotency_key'),
            v.check((r) => exactlyOneRecipient(r), ONE),
          ),
          'expected an array of recipients',
        ),
        v.minLength(1, 'expected at least one recipient'),
        v.maxLength(MAX_BULK_RECIPIENTS, `expected at most ${MAX_BULK_RECIPIENTS} recipients per call`),
      ),
    },
    'unknown field; expected template, data, locale, subject, text, html, category, recipients',
  ),
  v.check((b) => eitherTemplateOrText(b), EITHER),
  v.check((b) => textIsComplete(b), COMPLETE),
);

const PreviewBody = v.strictObject(
  {
    template: v.pipe(v.string(), v.regex(/^[a-z0-9_-]+$/, 'expected a template name like welcome')),
    to: v.optional(EmailField),
    contact_id: v.optional(v.string()),
    data: v.optional(Data),
    locale: v.optional(v.pipe(v.string(), v.maxLength(35))),
  },
  'unknown field; expected template, to, contact_id, data, locale',
);

export const messageRoutes = new Hono<AppEnv>()
  .post('/', async (c) => {
    const deps = c.var.deps;
    const body = parseOrThrow(SendBody, await readJson(c), 'message');
    const { message, created } = await sendMessage(deps, {
      to: body.to,
      contactId: body.contact_id,
      ...messageContent(body),
      conversationId: body.conversation_id,
      idempotencyKey: body.idempotency_key,
    });
    if (created) inBackground(c, deps, 'deliver outbox', () => deliverOutbox(deps));
    return c.json({ id: message.id, conversation_id: message.conversationId, status: message.status, duplicate: !created }, 202);
  })
  .post('/bulk', async (c) => {
    const deps = c.var.deps;
    const body = parseOrThrow(BulkBody, await readJson(c), 'bulk send');
    const results = await sendBulk(deps, {
      ...messageContent(body),
      recipients: body.recipients.map((r) => ({ to: r.to, contactId: r.contact_id, data: r.data, idempotencyKey: r.idempotency_key })),
    });
    if (results.some((r) => r.status === 'queued')) inBackground(c, deps, 'deliver outbox', () => deliverOutbox(deps));
    return c.json(
      {
        queued: results.filter((r) => r.status === 'queued').length,
        skipped: results.filter((r) => r.status === 'skipped').length,
        errors: results.filter((r) => r.status === 'error').length,
        data: results.map((r) =>
          r.status === 'error'
            ? { index: r.index, status: r.status, reason: r.reason }
            : { index: r.index, id: r.id, conversation_id: r.conversationId, status: r.status, reason: r.reason, duplicate: r.duplicate },
        ),
      },
      202,
    );
  })
  .post('/preview', async (c) => {
    const body = parseOrThrow(PreviewBody, await readJson(c), 'preview');
    return c.json(
      await previewTemplate(c.var.deps, {
        template: body.template,
        to: body.to,
        contactId: body.contact_id,
        data: body.data,
        locale: body.locale,
      }),
    );
  })
  .get('/:id', async (c) => c.json(presentMessage(await getMessage(c.var.deps, c.req.param('id')))));

const QUEUED_EXAMPLE = { id: MESSAGE_EXAMPLE.id, conversation_id: MESSAGE_EXAMPLE.conversation_id, status: 'queued', duplicate: false };

export const messageOperations: Operation[] = [
  {
    method: 'post',
    path: '/',
    operationId: 'sendMessage',
    summary: 'Send one message (queued, delivered in the background)',
    description:
      'Either `template` (with `data`) or `subject` and `text`; exactly one of `to` or `contact_id`. ' +
      'The same `idempotency_key` again answers the first message with `duplicate: true`.',
    tag: 'Messages',
    body: {
      name: 'SendMessage',
      schema: SendBody,
      example: {
        to: 'ana@example.com',
        subject: 'Your order has shipped',
        text: 'Hi Ana, your order is on its way.',
        category: 'transactional',
        idempotency_key: 'order-1042-shipped',
      },
    },
    responses: [{ status: 202, description: 'Queued', example: QUEUED_EXAMPLE }],
    errors: [400, 404, 409, 413, 422],
  },
  {
    method: 'post',
    path: '/bulk',
    operationId: 'sendBulk',
    summary: `Send one content to up to ${MAX_BULK_RECIPIENTS} recipients`,
    description: 'Each recipient is queued, skipped (suppressed, no consent, capped) or an error, by index.',
    tag: 'Messages',
    body: {
      name: 'SendBulk',
      schema: BulkBody,
      example: {
        template: 'welcome',
        data: { company_name: 'Acme' },
        recipients: [{ to: 'ana@example.com', data: { sender_name: 'Bo' } }, { to: 'li@example.com' }],
      },
    },
    responses: [
      {
        status: 202,
        description: 'Per-recipient results',
        example: { queued: 1, skipped: 0, errors: 0, data: [{ index: 0, ...QUEUED_EXAMPLE, reason: null }] },
      },
    ],
    errors: [400, 404, 413],
  },
  {
    method: 'post',
    path: '/preview',
    operationId: 'previewTemplate',
    summary: 'Render a template without sending it',
    tag: 'Messages',
    body: {
      name: 'PreviewTemplate',
      schema: PreviewBody,
      example: { template: 'welcome', to: 'ana@example.com', data: { company_name: 'Acme' } },
    },
    responses: [
      {
        status: 200,
        description: 'The rendered subject, text and HTML',
        example: {
          template: 'welcome',
          locale: 'en',
          subject: 'Welcome!',
          text: 'Hi there, …',
          html: '<!DOCTYPE html>…',
          category: 'transactional',
          topic: null,
        },
      },
    ],
    errors: [400, 404, 413, 422],
  },
  {
    method: 'get',
    path: '/{id}',
    operationId: 'getMessage',
    summary: 'Read a message with its headers, delivery status and reason',
    tag: 'Messages',
    params: { id: 'the message id (msg_…)' },
    responses: [{ status: 200, description: 'The message', example: MESSAGE_EXAMPLE }],
    errors: [404],
  },
];
