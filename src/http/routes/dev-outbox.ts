// GET /api/v1/dev/outbox: what the dev transport kept instead of sending (no RESEND_API_KEY).
import * as v from 'valibot';
import { getDevOutboxEntry, listDevOutbox } from '../../services/devOutbox.ts';
import type { DevOutboxRow } from '../../store/dev-outbox.ts';
import { apiModule, endpoint } from '../endpoint.ts';
import { iso } from '../presenters.ts';
import { pageLimitField } from '../validation.ts';

const ListQuery = v.strictObject(
  {
    limit: pageLimitField(500, 100),
  },
  'unknown parameter; expected limit',
);

const presentEntry = (row: DevOutboxRow) => ({
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
});

export const { routes: devOutboxRoutes, operations: devOutboxOperations } = apiModule({ tag: 'Dev outbox' }, [
  endpoint({
    method: 'get',
    path: '/',
    operationId: 'listDevOutbox',
    summary: 'What the dev transport kept instead of sending (no RESEND_API_KEY), newest first',
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
    handle: async (c, { query }) => c.json({ data: (await listDevOutbox(c.var.deps, query.limit)).map(presentEntry) }),
  }),
  endpoint({
    method: 'get',
    path: '/{file}',
    route: '/:file{[A-Za-z0-9_]+\\.eml}',
    operationId: 'downloadDevOutboxEml',
    summary: 'One kept message as an .eml file',
    params: { file: 'the entry id followed by .eml (dev_….eml)' },
    responses: [{ status: 200, description: 'The RFC 5322 message', contentType: 'message/rfc822' }],
    handle: async (c, { params }) => {
      const row = await getDevOutboxEntry(c.var.deps, params.file.replace(/\.eml$/, ''));
      return c.body(row.mime, 200, { 'content-type': 'message/rfc822', 'content-disposition': `attachment; filename="${row.id}.eml"` });
    },
  }),
]);
