// /inbox/outbox (admins): the dev outbox, an .eml download, and "Reply as the customer".
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { AppError, isAppError } from '../../domain/errors.ts';
import { getDevOutboxEntry, listDevOutbox } from '../../services/devOutbox.ts';
import { assertDevOutboxOn, replyAsCustomer } from '../../services/replyAsCustomer.ts';
import { formText, parseOrThrow } from '../validation.ts';
import { errorText } from './error-text.ts';
import { OutboxPage, type OutboxPageProps } from './outbox-pages.tsx';
import { pageContext, type InboxEnv } from './session.ts';

const SHOWN = 50;

export const outboxInboxRoutes = new Hono<InboxEnv>();

outboxInboxRoutes.use('*', async (c, next) => {
  if (c.var.session.agent.role !== 'admin') throw new AppError('Forbidden', 'only admins can use the dev outbox');
  await next();
});

async function outboxPage(c: Context<InboxEnv>, extra: Omit<OutboxPageProps, 'page' | 'rows'> = {}, status = 200) {
  const rows = c.var.deps.config.resendApiKey ? null : await listDevOutbox(c.var.deps, SHOWN);
  return c.html(<OutboxPage page={pageContext(c)} rows={rows} {...extra} />, status as 200);
}

const RepliedQuery = v.object({ replied: v.optional(v.string()), conversation: v.optional(v.string()) });

outboxInboxRoutes.get('/', (c) => {
  const query = parseOrThrow(RepliedQuery, c.req.query(), 'query');
  return outboxPage(c, query.replied ? { replied: { outboxId: query.replied, conversationId: query.conversation ?? null } } : {});
});

outboxInboxRoutes.get('/:file{[A-Za-z0-9_]+\\.eml}', async (c) => {
  assertDevOutboxOn(c.var.deps);
  const row = await getDevOutboxEntry(c.var.deps, c.req.param('file').replace(/\.eml$/, ''));
  return c.body(row.mime, 200, { 'content-type': 'message/rfc822', 'content-disposition': `attachment; filename="${row.id}.eml"` });
});

const ReplyForm = v.object({
  text: v.pipe(
    formText(),
    v.trim(),
    v.minLength(1, 'expected what the customer writes'),
    v.maxLength(100_000, 'expected at most 100,000 characters'),
  ),
  quote: v.optional(v.picklist(['yes'], 'expected yes or nothing')),
});

outboxInboxRoutes.post('/:id/reply', async (c) => {
  const id = c.req.param('id');
  const form = parseOrThrow(ReplyForm, await c.req.parseBody(), 'reply');
  try {
    const { conversationId } = await replyAsCustomer(c.var.deps, id, { text: form.text, quote: form.quote === 'yes' });
    const query = new URLSearchParams({ replied: id, ...(conversationId ? { conversation: conversationId } : {}) });
    return c.redirect(`/inbox/outbox?${query}`, 303);
  } catch (error) {
    if (isAppError(error) && error.name === 'ValidationFailed')
      return outboxPage(c, { error: { outboxId: id, message: errorText(error, pageContext(c).t, { detail: true }) } }, 422);
    throw error;
  }
});
