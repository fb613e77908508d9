// /api/v1/inbound: kept inbound mail that failed processing, and re-processing it.
import { Hono } from 'hono';
import * as v from 'valibot';
import { INBOUND_STATUSES } from '../../domain/vocabulary.ts';
import { listInbound, reprocessInbound } from '../../services/inboundAdmin.ts';
import type { AppEnv } from '../app.ts';
import { iso } from '../presenters.ts';
import { parseOrThrow } from '../validation.ts';

const ListQuery = v.strictObject(
  { status: v.optional(v.picklist(INBOUND_STATUSES, 'expected received, processed, failed or rejected'), 'failed') },
  'unknown parameter; expected status',
);

export const inboundAdminRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const query = parseOrThrow(ListQuery, c.req.query(), 'query');
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
  })
  .post('/:id/reprocess', async (c) => {
    const outcome = await reprocessInbound(c.var.deps, c.req.param('id'));
    return c.json(outcome);
  });
