// Paging in the thread: the page shows the newest messages and a "show earlier" control above them. With the
// script (/static/thread-paging.js) the control loads the page before (/inbox/c/:id/earlier) in place; without it,
// the link opens the thread with more messages (?show=N).
import type { Context } from 'hono';
import * as v from 'valibot';
import { THREAD_PAGE_SIZE } from '../../services/conversations.ts';
import { pageLimitField, parseOrThrow } from '../validation.ts';
import type { PageContext } from './layout.tsx';

/** The most messages `?show=` opens a thread with (the script pages on without limit). */
export const MAX_SHOWN_MESSAGES = 1000;

const ShowQuery = v.object({ show: pageLimitField(MAX_SHOWN_MESSAGES, THREAD_PAGE_SIZE) });

/** How many of the newest messages the thread page shows: `?show=N` (the link without the script), else one page. */
export function shownMessages(c: Context): { limit: number } {
  return { limit: parseOrThrow(ShowQuery, c.req.query(), 'query').show };
}

export function ShowEarlier(props: { page: PageContext; conversationId: string; cursor: string | null; shown: number }) {
  if (!props.cursor) return null;
  const { t } = props.page;
  const base = `/inbox/c/${props.conversationId}`;
  return (
    <div
      class="thread-earlier"
      data-earlier={`${base}/earlier?before=${encodeURIComponent(props.cursor)}&shown=${props.shown}`}
      data-loading={t('threadPaging.loading')}
      data-failed={t('threadPaging.failed')}
    >
      <link rel="stylesheet" href="/static/thread-paging.css" />
      <a class="show-earlier" href={`${base}?show=${Math.min(MAX_SHOWN_MESSAGES, props.shown + THREAD_PAGE_SIZE)}`}>
        {t('threadPaging.showEarlier')}
      </a>
      <span class="earlier-status" role="status"></span>
      <script src="/static/thread-paging.js" defer></script>
    </div>
  );
}
