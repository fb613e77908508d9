import * as v from 'valibot';
import { CONVERSATION_STATUSES } from '../../domain/vocabulary.ts';
import { getConversationThread, listConversations } from '../../services/conversations.ts';
import { getAttachmentContent } from '../../services/attachments.ts';
import { attachmentDownload } from '../attachment-download.ts';
import { presentAttachment, presentContact, presentConversation, presentMessage } from '../presenters.ts';
import { ATTACHMENT_EXAMPLE, CONTACT_EXAMPLE, CONVERSATION_EXAMPLE, MESSAGE_EXAMPLE } from '../openapi/examples.ts';
import { apiModule, endpoint } from '../endpoint.ts';
import { pageLimitField } from '../validation.ts';

const ListQuery = v.strictObject(
  {
    limit: pageLimitField(200, 50),
    cursor: v.optional(v.string()),
    status: v.optional(v.picklist(CONVERSATION_STATUSES, 'expected open, pending, snoozed or closed')),
    contact_id: v.optional(v.string()),
  },
  'unknown parameter; expected limit, cursor, status, contact_id',
);

// The default page holds 200 messages, so a client written before paging still gets every message of all but the
// longest threads; `earlier_cursor` says when there is more.
const ThreadQuery = v.strictObject(
  {
    limit: pageLimitField(200, 200),
    cursor: v.optional(v.string()),
  },
  'unknown parameter; expected limit, cursor',
);

export const { routes: conversationRoutes, operations: conversationOperations } = apiModule({ tag: 'Conversations' }, [
  endpoint({
    method: 'get',
    path: '/',
    operationId: 'listConversations',
    summary: 'List conversations',
    query: ListQuery,
    responses: [{ status: 200, description: 'A page of conversations', example: { data: [CONVERSATION_EXAMPLE], next_cursor: null } }],
    handle: async (c, { query }) => {
      const page = await listConversations(c.var.deps, {
        limit: query.limit,
        cursor: query.cursor,
        status: query.status,
        contactId: query.contact_id,
      });
      return c.json({ data: page.conversations.map(presentConversation), next_cursor: page.nextCursor });
    },
  }),
  endpoint({
    method: 'get',
    path: '/{id}',
    operationId: 'getConversation',
    summary:
      'A conversation, its contact and one page of its messages (the newest `limit`, oldest first), with attachments; ' +
      '`earlier_cursor` as `cursor` gives the page before',
    params: { id: 'the conversation id (cnv_…)' },
    query: ThreadQuery,
    responses: [
      {
        status: 200,
        description: 'The thread',
        example: {
          ...CONVERSATION_EXAMPLE,
          contact: CONTACT_EXAMPLE,
          messages: [{ ...MESSAGE_EXAMPLE, attachments: [ATTACHMENT_EXAMPLE] }],
          earlier_cursor: null,
        },
      },
    ],
    handle: async (c, { params, query }) => {
      const thread = await getConversationThread(c.var.deps, params.id, { limit: query.limit, before: query.cursor });
      return c.json({
        ...presentConversation(thread.conversation),
        contact: presentContact(thread.contact),
        messages: thread.messages.map((m) => ({
          ...presentMessage(m),
          attachments: thread.attachments.filter((a) => a.messageId === m.id).map(presentAttachment),
        })),
        earlier_cursor: thread.earlierCursor,
      });
    },
  }),
]);

export const { routes: attachmentRoutes, operations: attachmentOperations } = apiModule({ tag: 'Conversations' }, [
  endpoint({
    method: 'get',
    path: '/{id}',
    operationId: 'downloadAttachment',
    summary: 'Download an attachment (always as a download, never inline)',
    params: { id: 'the attachment id (att_…)' },
    responses: [{ status: 200, description: 'The attachment bytes', contentType: 'application/octet-stream' }],
    handle: async (c, { params }) => attachmentDownload(c, await getAttachmentContent(c.var.deps, params.id)),
  }),
]);
