// GET /api/v1/dev/outbox: what the dev transport kept instead of sending (no RESEND_API_KEY).
import { Hono } from 'hono';
import * as v from 'valibot';
import { getDevOutboxEntry, listDevOutbox } from '../../services/devOutbox.ts';
import type { AppEnv } from '../app.ts';
import type { Operation } from '../openapi/operation.ts';
import { iso } from '../presenters.ts';
import { parseOrThrow, pageLimitField } from '../validation.ts';

const ListQuery = v.strictObject(
  {
    limit: pageLimitField(500, 100),
  },
  'unknown parameter; expected limit',
);

export const devOutboxRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const { limit } = parseOrThrow(ListQuery, c.req.query(), 'query');
    const rows = await listDevOutbox(c.var.deps, limit);
    return c.json({
      data: rows.map((row) => ({
        id: row.id,
        message_id: row.messageId,
        from: row.from,
        to: row.to,
        subject: row.subject,
        headers: row.headers,
        text: row.text,
        html: row.html,
        created_at: iso(row.createdAt),
        eml_url: `/api/v1/dev/outbox/${row.id}.eml`,
      })),
    });
  })
  .get('/:file{[A-Za-z0-9_]+\\.eml}', async (c) => {
    const row = await getDevOutboxEntry(c.var.deps, c.req.param('file').replace(/\.eml$/, ''));
    return c.body(row.mime, 200, { 'content-type': 'message/rfc822', 'content-disposition': `attachment; filename="${row.id}.eml"` });
  });

export const devOutboxOperations: Operation[] = [
  {
    method: 'get',
    path: '/',
    operationId: 'listDevOutbox',
    summary: 'What the dev transport kept instead of sending (no RESEND_API_KEY), newest first',
    tag: 'Dev outbox',
    query: ListQuery,
    responses: [
      {
        status: 200,
        description: 'Kept messages',
        example: {
          data: [
            {
              id: 'dev_01jd8x8e1f2g3h4j5k6m7n8p9q',
              message_id: '<msg_01jd8x4a1b2c3d4e5f6g7h8j9k@example.com>',
              from: 'support@example.com',
              to: ['ana@example.com'],
              subject: 'Your order has shipped',
              headers: {},
              text: 'Hi Ana, your order is on its way.',
              html: null,
              created_at: '2026-11-23T09:00:00.000Z',
              eml_url: '/api/v1/dev/outbox/dev_01jd8x8e1f2g3h4j5k6m7n8p9q.eml',
            },
          ],
        },
      },
    ],
    errors: [400],
  },
  {
    method: 'get',
    path: '/{file}',
    operationId: 'downloadDevOutboxEml',
    summary: 'One kept message as an .eml file',
    tag: 'Dev outbox',
    params: { file: 'the entry id followed by .eml (dev_….eml)' },
    responses: [{ status: 200, description: 'The RFC 5322 message', contentType: 'message/rfc822' }],
    errors: [404],
  },
];
