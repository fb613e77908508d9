// A contact's conversations as links, each with its status and last activity: the thread's side panel ("Other
// conversations") and the contact page show the same list.
import type { ConversationRow } from '../../store/conversations.ts';
import { dateTime, relativeTime } from './format.ts';
import { withParts } from './i18n/catalog.ts';
import type { PageContext } from './layout.tsx';
import { STATUS_WORDS } from './status-words.ts';

export type LinkedConversation = Pick<ConversationRow, 'id' | 'subject' | 'status' | 'lastMessageAt'>;

export function ConversationLinks(props: {
  page: PageContext;
  conversations: readonly LinkedConversation[];
  /** Said when there are none. */
  empty: string;
  class: string;
  now: number;
}) {
  const { page } = props;
  const { t } = page;
  if (props.conversations.length === 0) return <p class="muted">{props.empty}</p>;
  return (
    <ul class={props.class}>
      {props.conversations.map((c) => (
        <li>
          <a href={`/inbox/c/${encodeURIComponent(c.id)}`} dir="auto">
            {c.subject || t('common.noSubject')}
          </a>{' '}
          <span class="muted">
            {withParts(t('thread.otherStatus', { status: t(STATUS_WORDS[c.status]) }), {
              time: (
                <time datetime={new Date(c.lastMessageAt).toISOString()} title={dateTime(c.lastMessageAt, page)}>
                  {relativeTime(c.lastMessageAt, props.now, page)}
                </time>
              ),
            })}
          </span>
        </li>
      ))}
    </ul>
  );
}
