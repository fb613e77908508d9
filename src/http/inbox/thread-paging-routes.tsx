// GET /inbox/c/:id/earlier?before=CURSOR: the page of messages before a cursor, as the markup the thread page shows,
// for "show earlier" (thread-paging.tsx). Behind the inbox's session, as every inbox route.
import { Hono } from 'hono';
import * as v from 'valibot';
import { earlierMessages } from '../../services/threadPaging.ts';
import { THREAD_PAGE_SIZE } from '../../services/conversations.ts';
import { parseOrThrow } from '../validation.ts';
import { pageContext, type InboxEnv } from './session.ts';
import type { PageContext } from './layout.tsx';
import { ThreadMessages } from './thread-page.tsx';
import { MAX_SHOWN_MESSAGES } from './thread-paging.tsx';

const EarlierQuery = v.object({
  before: v.pipe(v.string('expected the cursor of the earlier page'), v.minLength(1, 'expected the cursor of the earlier page')),
  // How many the page shows already: the link without the script then opens the thread with the next page as well.
  shown: v.optional(v.pipe(v.string(), v.regex(/^\d{1,4}$/, 'expected a whole number'), v.transform(Number)), '0'),
});

export const threadPagingRoutes = new Hono<InboxEnv>().get('/:id/earlier', async (c) => {
  const id = c.req.param('id');
  const query = parseOrThrow(EarlierQuery, c.req.query(), 'query');
  const earlier = await earlierMessages(c.var.deps, id, query.before);
  const page = pageContext(c);
  const shown = query.shown + earlier.messages.length;
  const next = earlier.earlierCursor
    ? `/inbox/c/${id}/earlier?before=${encodeURIComponent(earlier.earlierCursor)}&shown=${shown}`
    : undefined;
  return c.html(
    <div
      class="earlier-page"
      data-next={next}
      data-show-next={`/inbox/c/${id}?show=${Math.min(MAX_SHOWN_MESSAGES, shown + THREAD_PAGE_SIZE)}`}
      data-status={statusText(page, earlier.messages.length, Boolean(next))}
    >
      <ThreadMessages
        {...earlier}
        page={page}
        agents={new Map(earlier.agents.map((a) => [a.id, a]))}
        now={c.var.deps.clock.now()}
        held={new Set()}
      />
    </div>,
  );
});

/** What the control's status line says once the page is in. */
function statusText(page: PageContext, count: number, more: boolean): string {
  const loaded = page.t('threadPaging.loaded', { count });
  return more ? loaded : `${loaded} ${page.t('threadPaging.allShown')}`;
}
