// GET /api/v1/dev/outbox: what the dev transport kept instead of sending (no RESEND_API_KEY).
import { Hono } from 'hono';
import { getDevOutboxEntry, listDevOutbox } from '../../services/devOutbox.ts';
import type { AppEnv } from '../app.ts';
import { iso } from '../presenters.ts';

export const devOutboxRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const limit = Math.min(500, Math.max(1, Number(c.req.query('limit') ?? 100) || 100));
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
