// /api/v1/conversations/:id/tags: add and remove tags on a conversation (normalised as in the inbox).
import * as v from 'valibot';
import { MAX_TAGS_PER_CONVERSATION } from '../../domain/inbox/tags.ts';
import { addConversationTags, removeConversationTags } from '../../services/conversationTags.ts';
import { apiModule, endpoint } from '../endpoint.ts';

const TagsBody = v.strictObject(
  {
    tags: v.pipe(
      v.array(v.pipe(v.string('expected a tag (text)'), v.maxLength(100, 'expected at most 100 characters')), 'expected a list of tags'),
      v.minLength(1, 'expected at least one tag'),
      v.maxLength(MAX_TAGS_PER_CONVERSATION, `expected at most ${MAX_TAGS_PER_CONVERSATION} tags`),
    ),
  },
  'unknown field; expected tags',
);

const present = (conversationId: string, tags: string[]) => ({ conversation_id: conversationId, tags });

const TAGS_EXAMPLE = { conversation_id: 'cnv_01JDZ7W4K6J3Q8R2N5V9T1Y4XB', tags: ['refund', 'vip'] };

const CONVERSATION_ID = { id: 'the conversation id (cnv_…)' };
const tagsBody = (example: { tags: string[] }) => ({ name: 'ConversationTags', schema: TagsBody, example, what: 'tags' });

export const { routes: conversationTagRoutes, operations: conversationTagOperations } = apiModule({ tag: 'Conversations' }, [
  endpoint({
    method: 'post',
    path: '/{id}/tags',
    operationId: 'addConversationTags',
    summary: 'Add tags to a conversation',
    description:
      'Tags are free text, normalised: trimmed, lower-cased, a leading # dropped, spaces become -, letters and digits of any ' +
      `script with - _ / . between them, at most 40 characters; at most ${MAX_TAGS_PER_CONVERSATION} per conversation. ` +
      'A tag it has already is no error. Answers with all its tags.',
    params: CONVERSATION_ID,
    body: tagsBody({ tags: ['Refund', '#VIP'] }),
    responses: [{ status: 200, description: 'The conversation’s tags', example: TAGS_EXAMPLE }],
    handle: async (c, { params, body }) => c.json(present(params.id, await addConversationTags(c.var.deps, params.id, body.tags))),
  }),
  endpoint({
    method: 'delete',
    path: '/{id}/tags',
    operationId: 'removeConversationTags',
    summary: 'Remove tags from a conversation',
    description: 'The tags are normalised as when added; one the conversation does not carry is no error. Answers with the tags left.',
    params: CONVERSATION_ID,
    body: tagsBody({ tags: ['vip'] }),
    responses: [{ status: 200, description: 'The tags left', example: { ...TAGS_EXAMPLE, tags: ['refund'] } }],
    handle: async (c, { params, body }) => c.json(present(params.id, await removeConversationTags(c.var.deps, params.id, body.tags))),
  }),
]);
