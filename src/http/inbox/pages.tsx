// Server-rendered inbox pages (hono/jsx escapes every value it renders).
import { isolateText } from '../../domain/inbox/bidi.ts';
import type { InboxListRow } from '../../services/inbox.ts';
import {
  BulkBar,
  NotificationSwitch,
  RowSelect,
  RowTags,
  TagFilter,
  TagSuggestions,
  UnreadCount,
  UnreadMark,
  type BulkOutcome,
} from './team-components.tsx';
import { CONVERSATION_STATUSES, type ConversationStatus, type InboxView } from '../../domain/vocabulary.ts';
import type { AgentRow } from '../../store/agents.ts';
import type { SearchResult } from '../../services/searchInbox.ts';
import type { SnippetPart } from '../../domain/inbox/search-query.ts';
import { Csrf, Layout, type PageContext, Problem } from './layout.tsx';
import { flagText } from './flag-text.tsx';
import { displayName, relativeTime, slaState } from './format.ts';
import { type MessageKey, type Ui, withParts } from './i18n/catalog.ts';
import { AdminTable } from './admin-table.tsx';

export function LoginPage(props: { ui: Ui; csrf: string; error?: string | undefined; email?: string | undefined; next: string }) {
  const { t } = props.ui;
  return (
    <Layout title={t('login.title')} page={null} ui={props.ui} bodyClass="login">
      <form method="post" action="/login" class="card login-card">
        <h1>Samtal</h1>
        <p class="muted">{t('login.intro')}</p>
        <Problem error={props.error} />
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <label>
          {t('login.email')} <input type="email" name="email" autocomplete="username" required value={props.email ?? ''} />
        </label>
        <label>
          {t('login.password')} <input type="password" name="password" autocomplete="current-password" required />
        </label>
        <button type="submit" class="primary">
          {t('login.signIn')}
        </button>
      </form>
    </Layout>
  );
}

export interface ListPageProps {
  page: PageContext;
  status: ConversationStatus;
  view: InboxView;
  rows: InboxListRow[];
  agents: Map<string, AgentRow>;
  /** The tag the list is filtered by, if any. */
  tag?: string | undefined;
  /** Unread open conversations of this view for the agent: the tab title's count. */
  unread: number;
  outcome?: BulkOutcome | undefined;
  tagsInUse?: string[] | undefined;
  counts: Record<ConversationStatus, number>;
  nextCursor: string | null;
  now: number;
  version: number;
}

const VIEWS = [
  ['mine', 'list.viewMine'],
  ['unassigned', 'list.viewUnassigned'],
  ['all', 'list.viewAll'],
] as const satisfies readonly (readonly [InboxView, MessageKey])[];

const STATUS_TABS = {
  open: 'list.statusOpen',
  pending: 'list.statusPending',
  snoozed: 'list.statusSnoozed',
  closed: 'list.statusClosed',
} as const satisfies Record<ConversationStatus, MessageKey>;

function href(status: ConversationStatus, view: InboxView, tag?: string) {
  return `/inbox?status=${status}&view=${view}${tag ? `&tag=${encodeURIComponent(tag)}` : ''}`;
}

export function ConversationList(props: Omit<ListPageProps, 'counts'>) {
  const { t } = props.page;
  if (props.rows.length === 0) return <p class="empty">{t('list.empty')}</p>;
  return (
    <ol class="conversations">
      {props.rows.map((row) => {
        const sla = row.status === 'open' ? slaState(row.firstResponseDueAt, props.now, props.page) : { label: '', tone: 'none' as const };
        const assignee = row.assigneeId ? props.agents.get(row.assigneeId) : undefined;
        return (
          <li class={`conversation sla-${sla.tone}${row.unread ? ' unread' : ''}`} data-id={row.id}>
            <RowSelect t={props.page.t} id={row.id} subject={row.subject} />
            <a href={`/inbox/c/${row.id}`}>
              <UnreadMark t={props.page.t} unread={row.unread} />
              <span class="who" dir="auto">
                {displayName(row.contactName, row.contactEmail)}
              </span>
              <span class="subject" dir="auto">
                {row.subject || t('common.noSubject')}
              </span>
              <span class="preview" dir="auto">
                {row.preview}
              </span>
              <span class="meta">
                <time datetime={new Date(row.lastMessageAt).toISOString()} title={new Date(row.lastMessageAt).toISOString()}>
                  {relativeTime(row.lastMessageAt, props.now, props.page)}
                </time>
                {sla.label ? <span class={`sla ${sla.tone}`}>{sla.label}</span> : null}
                {assignee ? (
                  <span class="assignee" dir="auto">
                    {assignee.name}
                  </span>
                ) : null}
                {row.flag ? (
                  <span class="flag" title={flagText(row.flag, t)}>
                    {t('list.flagged')}
                  </span>
                ) : null}
                <RowTags tags={row.tags} />
              </span>
            </a>
          </li>
        );
      })}
    </ol>
  );
}

/** The tabs with their counts, the list and the link to older ones: what the page refreshes in place. */
export function ListBody(props: ListPageProps) {
  const { t } = props.page;
  return (
    <>
      <nav class="filters" aria-label={t('list.filters')}>
        <div class="tabs" role="tablist" aria-label={t('list.status')}>
          {CONVERSATION_STATUSES.map((s) => (
            <a role="tab" aria-selected={s === props.status ? 'true' : 'false'} href={href(s, props.view, props.tag)}>
              {t(STATUS_TABS[s])}
              {s !== 'closed' ? <span class="count">{props.counts[s] >= 1000 ? '999+' : props.counts[s]}</span> : null}
            </a>
          ))}
        </div>
        <div class="views">
          {VIEWS.map(([v, label]) => (
            <a class={v === props.view ? 'active' : ''} href={href(props.status, v, props.tag)}>
              {t(label)}
            </a>
          ))}
        </div>
      </nav>
      <UnreadCount count={props.unread} />
      <ConversationList {...props} />
      {props.nextCursor ? (
        <a class="more" href={`${href(props.status, props.view, props.tag)}&cursor=${encodeURIComponent(props.nextCursor)}`}>
          {t('list.older')}
        </a>
      ) : null}
    </>
  );
}

export function ListPage(props: ListPageProps) {
  const t = props.page.t;
  const list = href(props.status, props.view, props.tag);
  return (
    <Layout title={props.unread > 0 ? `(${props.unread}) ${t('nav.inbox')}` : t('nav.inbox')} page={props.page}>
      <div class="inbox" data-poll="/inbox/poll" data-version={String(props.version)}>
        <div class="list-tools">
          <TagFilter t={t} status={props.status} view={props.view} tag={props.tag} />
          <NotificationSwitch t={t} />
        </div>
        <BulkBar page={props.page} agents={[...props.agents.values()]} back={list} outcome={props.outcome} />
        <TagSuggestions tags={props.tagsInUse ?? []} />
        <section id="list" data-fragment={list.replace('/inbox?', '/inbox/list?')}>
          <ListBody {...props} />
        </section>
      </div>
    </Layout>
  );
}

function statusWord(status: string, t: PageContext['t']): string {
  return status in STATUS_TABS ? t(STATUS_TABS[status as ConversationStatus]) : status;
}

function Marked({ parts }: { parts: SnippetPart[] }) {
  return <>{parts.map((part) => (part.match ? <mark>{part.text}</mark> : part.text))}</>;
}

export function SearchPage(props: { page: PageContext; query: string; result: SearchResult; now: number }) {
  const { t } = props.page;
  return (
    <Layout title={t('search.title', { query: isolateText(props.query) })} page={props.page} query={props.query}>
      <section class="search-results">
        {/* The quotes belong to the heading's direction; the query is isolated inside them. */}
        <h1>{withParts(t('search.heading'), { query: <bdi>{props.query}</bdi> })}</h1>
        {props.result.contacts.length ? (
          <>
            <h2>{t('search.contacts')}</h2>
            <ul class="contacts">
              {props.result.contacts.map((c) => (
                <li>
                  {c.latestConversationId ? (
                    <a href={`/inbox/c/${c.latestConversationId}`}>
                      <bdi>{displayName(c.name, c.email)}</bdi>
                    </a>
                  ) : (
                    <a href={`/inbox/contacts/${c.id}`}>
                      <bdi>{displayName(c.name, c.email)}</bdi>
                    </a>
                  )}{' '}
                  <a href={`/inbox/contacts/${c.id}`} class="muted">
                    <bdi>{c.email}</bdi>
                  </a>
                  {c.latestConversationId ? null : <span class="muted"> {t('search.noConversations')}</span>}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h2>{t('search.conversations')}</h2>
        {props.result.conversations.length === 0 ? <p class="empty">{t('search.noMatches')}</p> : null}
        <ol class="conversations">
          {props.result.conversations.map((hit) => (
            <li class="conversation">
              <a href={`/inbox/c/${hit.conversationId}`}>
                <span class="who" dir="auto">
                  {displayName(hit.contactName, hit.contactEmail)}
                </span>
                <span class="subject" dir="auto">
                  <Marked parts={hit.subject} />
                </span>
                <span class="preview" dir="auto">
                  <Marked parts={hit.snippet} />
                </span>
                <span class="meta">
                  <span class="status">{statusWord(hit.status, t)}</span>
                  {relativeTime(hit.lastMessageAt, props.now, props.page)}
                </span>
              </a>
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}

export function AgentsPage(props: {
  page: PageContext;
  agents: AgentRow[];
  invited?: { email: string; url: string } | undefined;
  error?: string | undefined;
}) {
  const { t } = props.page;
  return (
    <Layout title={t('agents.title')} page={props.page}>
      <section class="agents card">
        <h1>{t('agents.title')}</h1>
        <Problem error={props.error} />
        {props.invited ? (
          <p class="notice" role="status">
            {withParts(t('agents.invited'), { email: <bdi>{props.invited.email}</bdi>, link: <code>{props.invited.url}</code> })}
          </p>
        ) : null}
        <AdminTable
          class="agent-table"
          count={props.agents.length}
          head={[t('agents.name'), t('agents.email'), t('agents.role'), t('agents.status'), { hidden: t('agents.actions') }]}
        >
          {props.agents.map((a) => (
            <tr>
              <td dir="auto" data-label={t('agents.name')}>
                {a.name}
              </td>
              <td dir="auto" data-label={t('agents.email')}>
                {a.email}
              </td>
              <td data-label={t('agents.role')}>{a.role === 'admin' ? t('agents.roleAdmin') : t('agents.roleAgent')}</td>
              <td data-label={t('agents.status')}>
                {!a.active ? t('agents.deactivated') : a.passwordHash ? t('agents.active') : t('agents.invitedStatus')}
              </td>
              <td>
                {a.id !== props.page.agent.id ? (
                  <form method="post" action={`/inbox/agents/${a.id}/active`}>
                    <Csrf token={props.page.csrf} />
                    <input type="hidden" name="active" value={a.active ? 'false' : 'true'} />
                    <button type="submit">{a.active ? t('agents.deactivate') : t('agents.reactivate')}</button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </AdminTable>
        <h2>{t('agents.inviteHeading')}</h2>
        <form method="post" action="/inbox/agents" class="row invite-form">
          <Csrf token={props.page.csrf} />
          <input name="name" placeholder={t('agents.name')} aria-label={t('agents.name')} required />
          <input name="email" type="email" placeholder={t('agents.email')} aria-label={t('agents.email')} required />
          <select name="role" aria-label={t('agents.role')}>
            <option value="agent">{t('agents.roleAgent')}</option>
            <option value="admin">{t('agents.roleAdmin')}</option>
          </select>
          <button type="submit" class="primary">
            {t('agents.invite')}
          </button>
        </form>
      </section>
    </Layout>
  );
}

export function InvitePage(props: { ui: Ui; csrf: string; agent: AgentRow; minLength: number; error?: string | undefined }) {
  const { t } = props.ui;
  return (
    <Layout title={t('login.inviteTitle')} page={null} ui={props.ui} bodyClass="login">
      <form method="post" class="card login-card">
        <h1>{withParts(t('login.welcome'), { name: <bdi>{props.agent.name}</bdi> })}</h1>
        <p class="muted">{withParts(t('login.choosePassword', { count: props.minLength }), { email: <bdi>{props.agent.email}</bdi> })}</p>
        <Problem error={props.error} />
        <input type="hidden" name="_csrf" value={props.csrf} />
        <label>
          {t('login.password')} <input type="password" name="password" autocomplete="new-password" minlength={props.minLength} required />
        </label>
        <button type="submit" class="primary">
          {t('login.setPassword')}
        </button>
      </form>
    </Layout>
  );
}
