// /inbox routes for team work: bulk actions, tags, unread, saved replies, notifications. Thin: read the
// form or query, call one service, redirect or render.
import { Hono } from 'hono';
import * as v from 'valibot';
import { AppError } from '../../domain/errors.ts';
import { BULK_ACTIONS, bulkAct, type BulkAction } from '../../services/bulkActions.ts';
import { addConversationTags, removeConversationTags, suggestTags } from '../../services/conversationTags.ts';
import { savedReplyFor, searchSavedReplies } from '../../services/savedReplies.ts';
import { markConversationUnread, unreadInMyConversations } from '../../services/unread.ts';
import { formText, parseForm, parseOrThrow } from '../validation.ts';
import { SavedRepliesPage } from './saved-replies-page.tsx';
import { pageContext, type InboxEnv } from './session.ts';

export const teamInboxRoutes = new Hono<InboxEnv>();

/** Where to go back to after a bulk action: a list URL of ours, never another site. */
function listUrl(back: string): URL {
  const url = new URL(back || '/inbox', 'http://inbox.local');
  if (url.host !== 'inbox.local' || !/^\/inbox\/?$/.test(url.pathname)) return new URL('/inbox', 'http://inbox.local');
  return url;
}

const BulkForm = v.object({
  ids: v.pipe(
    v.optional(v.union([v.string(), v.array(v.string())], 'expected conversation ids'), []),
    v.transform((ids) => (Array.isArray(ids) ? ids : [ids])),
  ),
  action: v.picklist([...BULK_ACTIONS, 'assign-me'], `expected one of ${[...BULK_ACTIONS, 'assign-me'].join(', ')}`),
  assignee: formText(),
  tag: formText(),
  back: formText('/inbox'),
});

teamInboxRoutes.post('/bulk', async (c) => {
  const form = parseOrThrow(BulkForm, await c.req.parseBody({ all: true }), 'bulk action');
  const me = c.var.session.agent;
  const change: BulkAction =
    form.action === 'assign-me'
      ? { action: 'assign', assigneeId: me.id }
      : form.action === 'assign'
        ? { action: 'assign', assigneeId: form.assignee || null }
        : form.action === 'tag'
          ? { action: 'tag', tag: form.tag }
          : { action: form.action };
  const result = await bulkAct(c.var.deps, me, form.ids, change);
  const back = listUrl(form.back);
  back.searchParams.set('done', result.action);
  back.searchParams.set('count', String(result.count));
  if (result.detail) back.searchParams.set('detail', result.detail);
  else back.searchParams.delete('detail');
  return c.redirect(back.pathname + back.search, 303);
});

const TagForm = v.object({ tag: formText() });

teamInboxRoutes.post('/c/:id/tags', async (c) => {
  const id = c.req.param('id');
  const { tag } = await parseForm(c, TagForm, 'tag');
  await addConversationTags(c.var.deps, id, [tag], 'tag');
  return c.redirect(`/inbox/c/${id}`, 303);
});

teamInboxRoutes.post('/c/:id/tags/remove', async (c) => {
  const id = c.req.param('id');
  const { tag } = await parseForm(c, TagForm, 'tag');
  await removeConversationTags(c.var.deps, id, [tag], 'tag');
  return c.redirect(`/inbox/c/${id}`, 303);
});

/** Tags in use starting like `q`, for the tag boxes' suggestions. */
teamInboxRoutes.get('/tags', async (c) => c.json({ tags: await suggestTags(c.var.deps, (c.req.query('q') ?? '').slice(0, 60)) }));

teamInboxRoutes.post('/c/:id/unread', async (c) => {
  await markConversationUnread(c.var.deps, c.var.session.agent, c.req.param('id'));
  return c.redirect('/inbox', 303);
});

/** Saved replies for the composer: JSON for the picker, a page (search and links) without the script. */
teamInboxRoutes.get('/c/:id/saved-replies', async (c) => {
  const id = c.req.param('id');
  const q = (c.req.query('q') ?? '').slice(0, 200);
  const replies = await searchSavedReplies(c.var.deps, id, q);
  if ((c.req.header('accept') ?? '').includes('application/json')) {
    return c.json({
      data: replies.map((r) => ({ id: r.id, title: r.title, tags: r.tags, locale: r.locale, text: r.text, error: r.error })),
    });
  }
  return c.html(<SavedRepliesPage page={pageContext(c)} conversationId={id} query={q} replies={replies} />);
});

/** The newest unread customer messages in my conversations, for desktop notifications. */
teamInboxRoutes.get('/notifications', async (c) => {
  const notices = await unreadInMyConversations(c.var.deps, c.var.session.agent);
  return c.json({ data: notices.map((n) => ({ conversation_id: n.conversationId, subject: n.subject, at: n.at })) });
});

/** `?reply=FAQ_ID` on a thread: that saved reply, rendered for this contact, as the composer's text. */
export async function savedReplyDraft(c: { var: InboxEnv['Variables'] }, conversationId: string, faqId: string | undefined) {
  if (!faqId) return undefined;
  const reply = await savedReplyFor(c.var.deps, conversationId, faqId.slice(0, 200));
  if (reply.text === null) throw new AppError('ValidationFailed', `saved reply ${faqId} cannot be rendered: ${reply.error}`);
  return reply.text;
}
