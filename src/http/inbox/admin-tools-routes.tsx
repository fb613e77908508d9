// Admin pages for what keeps the system running: inbound mail that failed (/inbox/inbound) and API keys
// (/inbox/api-keys). Thin handlers: read the form, call one service, render.
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { parseExpiryDate } from '../../domain/auth/api-key.ts';
import { INBOUND_STATUSES } from '../../domain/vocabulary.ts';
import { listApiKeys, revokeApiKey } from '../../services/apiKeys.ts';
import { createApiKey } from '../../services/createApiKey.ts';
import { listInbound, reprocessInbound } from '../../services/inboundAdmin.ts';
import { API_KEY_FIELDS } from '../routes/api-keys.ts';
import { blankAsAbsent, parseOrThrow } from '../validation.ts';
import { ApiKeysPage } from './api-keys-pages.tsx';
import { formProblem } from './form-problem.ts';
import { InboundPage, type ReprocessedNotice } from './inbound-pages.tsx';
import { pageContext, requireAdmin, type InboxEnv } from './session.ts';

const InboundQuery = v.object({
  status: v.optional(v.picklist(INBOUND_STATUSES, 'expected received, processed, failed or rejected'), 'failed'),
});

async function inboundPage(c: Context<InboxEnv>, notice?: ReprocessedNotice) {
  const { status } = parseOrThrow(InboundQuery, c.req.query(), 'query');
  return c.html(<InboundPage page={pageContext(c)} status={status} rows={await listInbound(c.var.deps, status)} notice={notice} />);
}

export const inboundInboxRoutes = new Hono<InboxEnv>()
  .use('*', requireAdmin('see and re-process failed inbound mail'))
  .get('/', (c) => inboundPage(c))
  .post('/:id/reprocess', async (c) => {
    const id = c.req.param('id');
    const outcome = await reprocessInbound(c.var.deps, id);
    const notice: ReprocessedNotice =
      outcome.status === 'processed'
        ? { id, status: 'processed', conversationId: outcome.conversationId, error: null }
        : { id, status: 'failed', conversationId: null, error: outcome.error };
    return inboundPage(c, notice);
  });

const ApiKeyForm = v.object({
  name: API_KEY_FIELDS.name,
  role: API_KEY_FIELDS.role,
  expires_at: blankAsAbsent(
    v.pipe(
      v.string(),
      v.check((text) => parseExpiryDate(text) !== null, 'expected a date'),
    ),
  ),
});

async function apiKeysPage(c: Context<InboxEnv>, extra: { created?: { name: string; secret: string }; error?: string } = {}, status = 200) {
  const keys = await listApiKeys(c.var.deps);
  return c.html(<ApiKeysPage page={pageContext(c)} keys={keys} now={c.var.deps.clock.now()} {...extra} />, status as 200);
}

export const apiKeyInboxRoutes = new Hono<InboxEnv>()
  .use('*', requireAdmin('manage API keys'))
  .get('/', (c) => apiKeysPage(c))
  .post('/', async (c) => {
    try {
      const form = parseOrThrow(ApiKeyForm, await c.req.parseBody(), 'API key');
      const expiresAt = form.expires_at ? parseExpiryDate(form.expires_at) : null;
      const { row, key } = await createApiKey(c.var.deps, form.name, { role: form.role, expiresAt });
      // The secret is in this response only: no redirect, so it is never in a URL or the history.
      c.header('Cache-Control', 'no-store');
      return apiKeysPage(c, { created: { name: row.name, secret: key } }, 201);
    } catch (error) {
      const problem = formProblem(error, pageContext(c).t);
      if (problem) return apiKeysPage(c, { error: problem }, 422);
      throw error;
    }
  })
  .post('/:id/revoke', async (c) => {
    await revokeApiKey(c.var.deps, c.req.param('id'));
    return c.redirect('/inbox/api-keys', 303);
  });
