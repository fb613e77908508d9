// What a team uses all day, rendered into the list and the thread at one spot each: row checkboxes and
// the bulk bar, tags, unread state, the composer's saved-reply picker, signature and attachment inputs,
// and the switch for desktop notifications. Behaviour without the script: plain forms and links.
import { isolateText } from '../../domain/inbox/bidi.ts';
import type { AgentRow } from '../../store/agents.ts';
import { MAX_REPLY_ATTACHMENT_BYTES, MAX_REPLY_ATTACHMENTS } from '../../domain/outbound/reply-attachments.ts';
import type { Translate } from './i18n/catalog.ts';
import { Csrf, type PageContext } from './layout.tsx';

/** The checkbox of one list row; it belongs to the bulk form above the list. */
export function RowSelect(props: { t: Translate; id: string; subject: string }) {
  return (
    <input
      type="checkbox"
      class="row-select"
      name="ids"
      value={props.id}
      form="bulk-form"
      aria-label={props.t('bulk.selectRow', { subject: props.subject || '—' })}
    />
  );
}

export function RowTags(props: { tags: string[] }) {
  if (props.tags.length === 0) return null;
  return (
    <span class="tags">
      {props.tags.map((tag) => (
        <bdi class="tag">{tag}</bdi>
      ))}
    </span>
  );
}

/** The unread marker of a row, for screen readers (sighted agents see the row in bold). */
export function UnreadMark(props: { t: Translate; unread: boolean }) {
  return props.unread ? <span class="sr-only">{props.t('notifications.unread')}</span> : null;
}

/** Carried by the list fragment: the page's script puts it into the tab title ("(3) Inbox · Samtal"). */
export function UnreadCount(props: { count: number }) {
  return <span hidden data-unread-count={String(props.count)}></span>;
}

export interface BulkOutcome {
  action: string;
  count: number;
  detail: string | null;
}

function outcomeText(t: Translate, o: BulkOutcome): string {
  const count = o.count;
  switch (o.action) {
    case 'close':
      return t('bulk.closed', { count });
    case 'assign':
      return o.detail ? t('bulk.assigned', { count, name: o.detail }) : t('bulk.unassigned', { count });
    case 'tag':
      return t('bulk.tagged', { count, tag: o.detail ?? '' });
    default:
      return t('bulk.markedUnread', { count });
  }
}

/** The bulk bar above the list: select all on the page, then assign, close, tag or mark unread. */
export function BulkBar(props: { page: PageContext; agents: AgentRow[]; back: string; outcome?: BulkOutcome | undefined }) {
  const { t } = props.page;
  return (
    <form
      id="bulk-form"
      method="post"
      action="/inbox/bulk"
      class="bulk-bar"
      aria-label={t('bulk.actionsLabel')}
      data-selected-one={t('bulk.selected', { count: 1 })}
      data-selected-other={t('bulk.selected', { count: '{count}' })}
      data-none-selected={t('bulk.noneSelected')}
    >
      <Csrf token={props.page.csrf} />
      <input type="hidden" name="back" value={props.back} />
      <label class="select-page">
        <input type="checkbox" class="select-page-box" aria-keyshortcuts="Shift+X" /> {t('bulk.selectPage')}
      </label>
      <span class="bulk-count muted" aria-live="polite"></span>
      <button type="submit" name="action" value="assign-me">
        {t('bulk.assignMe')}
      </button>
      <span class="bulk-group">
        <select name="assignee" aria-label={t('bulk.assignTo')}>
          <option value="">{t('bulk.nobody')}</option>
          {props.agents
            .filter((a) => a.active)
            .map((a) => (
              <option value={a.id}>{isolateText(a.name)}</option>
            ))}
        </select>
        <button type="submit" name="action" value="assign">
          {t('bulk.assign')}
        </button>
      </span>
      <button type="submit" name="action" value="close">
        {t('bulk.close')}
      </button>
      <span class="bulk-group">
        <input name="tag" list="tag-suggestions" aria-label={t('bulk.tagLabel')} placeholder={t('bulk.tagPlaceholder')} size={12} />
        <button type="submit" name="action" value="tag">
          {t('bulk.tag')}
        </button>
      </span>
      <button type="submit" name="action" value="unread">
        {t('bulk.markUnread')}
      </button>
      {props.outcome ? (
        <p class="bulk-result notice" role="status">
          {outcomeText(t, props.outcome)}
        </p>
      ) : null}
    </form>
  );
}

/** Tags in use, offered by every tag input on the page. */
export function TagSuggestions(props: { tags: string[] }) {
  return (
    <datalist id="tag-suggestions">
      {props.tags.map((tag) => (
        <option value={tag}></option>
      ))}
    </datalist>
  );
}

/** The list's tag filter: a box with suggestions, and what it filters by now. */
export function TagFilter(props: { t: Translate; status: string; view: string; tag: string | undefined }) {
  const { t } = props;
  return (
    <form method="get" action="/inbox" class="tag-filter">
      <input type="hidden" name="status" value={props.status} />
      <input type="hidden" name="view" value={props.view} />
      <input
        name="tag"
        list="tag-suggestions"
        value={props.tag ?? ''}
        aria-label={t('tags.filterLabel')}
        placeholder={t('tags.filterPlaceholder')}
        size={14}
      />
      <button type="submit">{t('tags.filter')}</button>
      {props.tag ? (
        <a href={`/inbox?status=${props.status}&view=${props.view}`} class="clear-tag">
          {t('tags.clearFilter', { tag: props.tag })}
        </a>
      ) : null}
    </form>
  );
}

/** The thread's tags: each removable, and a box to add one (with suggestions). */
export function ThreadTags(props: { page: PageContext; conversationId: string; tags: string[] }) {
  const { t, csrf } = props.page;
  const action = `/inbox/c/${props.conversationId}/tags`;
  return (
    <div class="thread-tags">
      <ul class="tags" aria-label={t('tags.label')}>
        {props.tags.map((tag) => (
          <li class="tag">
            <a href={`/inbox?status=open&view=all&tag=${encodeURIComponent(tag)}`}>
              <bdi>{tag}</bdi>
            </a>
            <form method="post" action={`${action}/remove`} class="inline">
              <Csrf token={csrf} />
              <input type="hidden" name="tag" value={tag} />
              <button type="submit" class="link remove-tag" aria-label={t('tags.remove', { tag })}>
                ×
              </button>
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action={action} class="add-tag">
        <Csrf token={csrf} />
        <input
          name="tag"
          list="tag-suggestions"
          aria-label={t('tags.add')}
          placeholder={t('tags.addPlaceholder')}
          size={12}
          required
          maxlength={60}
        />
        <button type="submit">{t('tags.addButton')}</button>
      </form>
    </div>
  );
}

export function MarkUnreadButton(props: { page: PageContext; conversationId: string }) {
  return (
    <form method="post" action={`/inbox/c/${props.conversationId}/unread`}>
      <Csrf token={props.page.csrf} />
      <button type="submit" aria-keyshortcuts="u">
        {props.page.t('notifications.markUnread')}
      </button>
    </form>
  );
}

/**
 * The composer's extras: "add signature" (when the agent has one), files, and the saved-reply picker
 * (`#` at the start of a word or Ctrl+Space in the reply; without the script a link to the list).
 */
export function ComposerExtras(props: { page: PageContext; conversationId: string }) {
  const { t, agent } = props.page;
  const max = `${MAX_REPLY_ATTACHMENT_BYTES / (1024 * 1024)} MiB`;
  return (
    <div class="composer-extras">
      <a
        class="saved-replies-open"
        href={`/inbox/c/${props.conversationId}/saved-replies`}
        data-saved-replies={`/inbox/c/${props.conversationId}/saved-replies`}
        data-search-label={t('savedReplies.searchLabel')}
        data-placeholder={t('savedReplies.searchPlaceholder')}
        data-hint={t('savedReplies.hint')}
        data-none={t('savedReplies.none')}
        aria-keyshortcuts="Control+Space"
      >
        {t('savedReplies.open')}
      </a>
      <label class="attach">
        {t('composer.attach')}{' '}
        <input
          type="file"
          name="attachments"
          multiple
          data-max-bytes={String(MAX_REPLY_ATTACHMENT_BYTES)}
          data-max-files={String(MAX_REPLY_ATTACHMENTS)}
          data-too-large={t('composer.tooLarge', { max })}
          data-too-many={t('composer.tooMany', { max: MAX_REPLY_ATTACHMENTS })}
        />
        <span class="muted">{t('composer.attachHint', { max })}</span>
      </label>
      {agent.signature ? (
        <label>
          <input type="hidden" name="signature_offered" value="1" />
          <input type="checkbox" name="add_signature" value="1" checked /> {t('composer.addSignature')}
        </label>
      ) : null}
    </div>
  );
}

/** "Enable desktop notifications": the page's script asks the browser only when this is clicked. */
export function NotificationSwitch(props: { t: Translate }) {
  const { t } = props;
  return (
    <button
      type="button"
      class="link notifications-enable"
      hidden
      data-poll="/inbox/notifications"
      data-enabled={t('notifications.enabled')}
      data-denied={t('notifications.denied')}
      data-new-message={t('notifications.newMessage', { subject: '{subject}' })}
    >
      {t('notifications.enable')}
    </button>
  );
}
