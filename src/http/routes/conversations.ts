import { Hono } from 'hono';
import * as v from 'valibot';
import { CONVERSATION_STATUSES } from '../../domain/vocabulary.ts';
import { getConversationThread, listConversations } from '../../services/conversations.ts';
import { getAttachmentContent } from '../../services/attachments.ts';
import type { AppEnv } from '../app.ts';
import { presentAttachment, presentContact, presentConversation, presentMessage } from '../presenters.ts';
import { parseOrThrow } from '../validation.ts';

const ListQuery = v.strictObject(
  {
    limit: v.optional(
      v.pipe(
        v.string(),
        v.regex(/^\d+$/, 'expected a whole number from 1 to 200'),
        v.transform(Number),
        v.minValue(1, 'expected at least 1'),
        v.maxValue(200, 'expected at most 200'),
      ),
      '50',
    ),
    cursor: v.optional(v.string()),
    status: v.optional(v.picklist(CONVERSATION_STATUSES, 'expected open, pending, snoozed or closed')),
    contact_id: v.optional(v.string()),
  },
  'unknown parameter; expected limit, cursor, status, contact_id',
);

export const conversationRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const query = parseOrThrow(ListQuery, c.req.query(), 'query');
    const page = await listConversations(c.var.deps, {
      limit: query.limit,
      cursor: query.cursor,
      status: query.status,
      contactId: query.contact_id,
    });
    return c.json({ data: page.conversations.map(presentConversation), next_cursor: page.nextCursor });
  })
  .get('/:id', async (c) => {
    const thread = await getConversationThread(c.var.deps, c.req.param('id'));
    return c.json({
      ...presentConversation(thread.conversation),
      contact: presentContact(thread.contact),
      messages: thread.messages.map((m) => ({
        ...presentMessage(m),
        attachments: thread.attachments.filter((a) => a.messageId === m.id).map(presentAttachment),
      })),
    });
  });

export const attachmentRoutes = new Hono<AppEnv>().get('/:id', async (c) => {
  const attachment = await getAttachmentContent(c.var.deps, c.req.param('id'));
  // Never rendered inline by the browser from our origin: downloaded, sniffing off.
  return c.body(new Uint8Array(attachment.content), 200, {
    'content-type': 'application/octet-stream',
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename ?? attachment.id)}`,
    'x-content-type-options': 'nosniff',
  });
});
