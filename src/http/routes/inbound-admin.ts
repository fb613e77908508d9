// /api/v1/inbound: kept inbound mail that failed processing, and re-processing it.
import * as v from 'valibot';
import { INBOUND_STATUSES } from '../../domain/vocabulary.ts';
import { listInbound, reprocessInbound } from '../../services/inboundAdmin.ts';
import { apiModule, endpoint } from '../endpoint.ts';
import { iso } from '../presenters.ts';

const ListQuery = v.strictObject(
  { status: v.optional(v.picklist(INBOUND_STATUSES, 'expected received, processed, failed or rejected'), 'failed') },
  'unknown parameter; expected status',
);

export const { routes: inboundAdminRoutes, operations: inboundAdminOperations } = apiModule({ tag: 'Inbound' }, [
  endpoint({
    method: 'get',
    path: '/',
    operationId: 'listInbound',
    summary: 'Kept inbound mail by status (failed by default)',
    query: ListQuery,
    responses: [
      {
        status: 200,
        description: 'Inbound emails',
        example: {
          data: [
            {
              id: 'inb_01jd8x7d1e2f3g4h5j6k7m8n9p',
              status: 'failed',
              error: 'database unavailable',
              attempts: 3,
              size: 5120,
              envelope_from: 'ana@example.com',
              envelope_to: 'support@example.com',
              message_id: '<CAF=abc@mail.example.com>',
              received_at: '2026-11-23T10:00:00.000Z',
              processed_at: null,
            },
          ],
        },
      },
    ],
    handle: async (c, { query }) => {
      const rows = await listInbound(c.var.deps, query.status);
      return c.json({
        data: rows.map((r) => ({
          id: r.id,
          status: r.status,
          error: r.error,
          attempts: r.attempts,
          size: r.rawSize,
          envelope_from: r.envelopeFrom,
          envelope_to: r.envelopeTo,
          message_id: r.messageId,
          received_at: iso(r.receivedAt),
          processed_at: iso(r.processedAt),
        })),
      });
    },
  }),
  endpoint({
    method: 'post',
    path: '/{id}/reprocess',
    operationId: 'reprocessInbound',
    summary: 'Process a kept inbound email again',
    params: { id: 'the inbound email id (inb_…)' },
    responses: [
      {
        status: 200,
        description: 'The outcome',
        example: {
          status: 'processed',
          messageId: 'msg_01jd8x…',
          conversationId: 'cnv_01jd8x…',
          classification: 'message',
          threadRule: 'subject',
        },
      },
    ],
    handle: async (c, { params }) => c.json(await reprocessInbound(c.var.deps, params.id)),
  }),
]);
