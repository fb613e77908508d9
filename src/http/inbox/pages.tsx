// Server-rendered inbox pages (hono/jsx escapes every value it renders).
import { isolateText } from '../../domain/inbox/bidi.ts';
import type { InboxListRow } from '../../services/inbox.ts';
import type { Translate } from './i18n/catalog.ts';
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
import { Csrf, Layout, type PageContext } from './layout.tsx';
import { displayName, relativeTime, slaState } from './format.ts';

export function LoginPage(props: { csrf: string; error?: string | undefined; email?: string | undefined; next: string }) {
  return (
    <Layout title="Sign in" page={null} bodyClass="login">
      <form method="post" action="/login" class="card login-card">
        <h1>Samtal</h1>
        <p class="muted">Sign in to answer your customers.</p>
        {props.error ? (
          <p class="error" role="alert">
            {props.error}
          </p>
        ) : null}
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <label>
          Email <input type="email" name="email" autocomplete="username" required value={props.email ?? ''} />
        </label>
        <label>
          Password <input type="password" name="password" autocomplete="current-password" required />
        </label>
        <button type="submit" class="primary">
          Sign in
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
  t: Translate;
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

const VIEWS: [InboxView, string][] = [
  ['mine', 'Mine'],
  ['unassigned', 'Unassigned'],
  ['all', 'All'],
];

function href(status: ConversationStatus, view: InboxView, tag?: string) {
  return `/inbox?status=${status}&view=${view}${tag ? `&tag=${encodeURIComponent(tag)}` : ''}`;
}

export function ConversationList(props: Omit<ListPageProps, 'page' | 'counts'>) {
  if (props.rows.length === 0) return <p class="empty">Nothing here. Everyone has an answer.</p>;
  return (
    <ol class="conversations">
      {props.rows.map((row) => {
        const sla = row.status === 'open' ? slaState(row.firstResponseDueAt, props.now) : { label: '', tone: 'none' as const };
        const assignee = row.assigneeId ? props.agents.get(row.assigneeId) : undefined;
        return (
          <li class={`conversation sla-${sla.tone}${row.unread ? ' unread' : ''}`} data-id={row.id}>
            <RowSelect t={props.t} id={row.id} subject={row.subject} />
            <a href={`/inbox/c/${row.id}`}>
              <UnreadMark t={props.t} unread={row.unread} />
              <span class="who" dir="auto">
                {displayName(row.contactName, row.contactEmail)}
              </span>
              <span class="subject" dir="auto">
                {row.subject || '(no subject)'}
              </span>
              <span class="preview" dir="auto">
                {row.preview}
              </span>
              <span class="meta">
                <time datetime={new Date(row.lastMessageAt).toISOString()} title={new Date(row.lastMessageAt).toISOString()}>
                  {relativeTime(row.lastMessageAt, props.now)}
                </time>
                {sla.label ? <span class={`sla ${sla.tone}`}>{sla.label}</span> : null}
                {assignee ? (
                  <span class="assignee" dir="auto">
                    {assignee.name}
                  </span>
                ) : null}
                {row.flag ? (
                  <span class="flag" title={isolateText(row.flag)}>
                    flagged
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
export function ListBody(props: Omit<ListPageProps, 'page'>) {
  return (
    <>
      <nav class="filters">
        <div class="tabs" role="tablist" aria-label="Status">
          {CONVERSATION_STATUSES.map((s) => (
            <a role="tab" aria-selected={s === props.status ? 'true' : 'false'} href={href(s, props.view, props.tag)}>
              {s[0]!.toUpperCase() + s.slice(1)}
              {s !== 'closed' ? <span class="count">{props.counts[s] >= 1000 ? '999+' : props.counts[s]}</span> : null}
            </a>
          ))}
        </div>
        <div class="views">
          {VIEWS.map(([v, label]) => (
            <a class={v === props.view ? 'active' : ''} href={href(props.status, v, props.tag)}>
              {label}
            </a>
          ))}
        </div>
      </nav>
      <UnreadCount count={props.unread} />
      <ConversationList {...props} />
      {props.nextCursor ? (
        <a class="more" href={`${href(props.status, props.view, props.tag)}&cursor=${encodeURIComponent(props.nextCursor)}`}>
          Older →
        </a>
      ) : null}
    </>
  );
}

export function ListPage(props: Omit<ListPageProps, 't'>) {
  const t = props.page.t;
  const list = href(props.status, props.view, props.tag);
  return (
    <Layout title={props.unread > 0 ? `(${props.unread}) Inbox` : 'Inbox'} page={props.page}>
      <div class="inbox" data-poll="/inbox/poll" data-version={String(props.version)}>
        <div class="list-tools">
          <TagFilter t={t} status={props.status} view={props.view} tag={props.tag} />
          <NotificationSwitch t={t} />
        </div>
        <BulkBar page={props.page} agents={[...props.agents.values()]} back={list} outcome={props.outcome} />
        <TagSuggestions tags={props.tagsInUse ?? []} />
        <section id="list" data-fragment={list.replace('/inbox?', '/inbox/list?')}>
          <ListBody {...props} t={t} />
        </section>
      </div>
    </Layout>
  );
}

function Marked({ parts }: { parts: SnippetPart[] }) {
  return <>{parts.map((part) => (part.match ? <mark>{part.text}</mark> : part.text))}</>;
}

export function SearchPage(props: { page: PageContext; query: string; result: SearchResult; now: number }) {
  return (
    <Layout title={`Search: ${isolateText(props.query)}`} page={props.page} query={props.query}>
      <section class="search-results">
        {/* The quotes belong to the heading's direction; the query is isolated inside them. */}
        <h1>
          Search “<bdi>{props.query}</bdi>”
        </h1>
        {props.result.contacts.length ? (
          <>
            <h2>Contacts</h2>
            <ul class="contacts">
              {props.result.contacts.map((c) => (
                <li>
                  {c.latestConversationId ? (
                    <a href={`/inbox/c/${c.latestConversationId}`}>
                      <bdi>{displayName(c.name, c.email)}</bdi>
                    </a>
                  ) : (
                    <bdi>{displayName(c.name, c.email)}</bdi>
                  )}{' '}
                  <bdi class="muted">{c.email}</bdi>
                  {c.latestConversationId ? null : <span class="muted"> (no conversations)</span>}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h2>Conversations</h2>
        {props.result.conversations.length === 0 ? <p class="empty">No conversation matches.</p> : null}
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
                  <span class="status">{hit.status}</span> {relativeTime(hit.lastMessageAt, props.now)}
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
  return (
    <Layout title="Agents" page={props.page}>
      <section class="agents card">
        <h1>Agents</h1>
        {props.error ? (
          <p class="error" role="alert">
            {props.error}
          </p>
        ) : null}
        {props.invited ? (
          <p class="notice" role="status">
            Invitation for <bdi>{props.invited.email}</bdi>: send them this link to set a password: <code>{props.invited.url}</code>
          </p>
        ) : null}
        <table class="agent-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Status</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {props.agents.map((a) => (
              <tr>
                <td dir="auto" data-label="Name">
                  {a.name}
                </td>
                <td dir="auto" data-label="Email">
                  {a.email}
                </td>
                <td data-label="Role">{a.role}</td>
                <td data-label="Status">{!a.active ? 'deactivated' : a.passwordHash ? 'active' : 'invited'}</td>
                <td>
                  {a.id !== props.page.agent.id ? (
                    <form method="post" action={`/inbox/agents/${a.id}/active`}>
                      <Csrf token={props.page.csrf} />
                      <input type="hidden" name="active" value={a.active ? 'false' : 'true'} />
                      <button type="submit">{a.active ? 'Deactivate' : 'Reactivate'}</button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Invite an agent</h2>
        <form method="post" action="/inbox/agents" class="row invite-form">
          <Csrf token={props.page.csrf} />
          <input name="name" placeholder="Name" aria-label="Name" required />
          <input name="email" type="email" placeholder="Email" aria-label="Email" required />
          <select name="role" aria-label="Role">
            <option value="agent">Agent</option>
            <option value="admin">Admin</option>
          </select>
          <button type="submit" class="primary">
            Invite
          </button>
        </form>
      </section>
    </Layout>
  );
}

export function InvitePage(props: { csrf: string; agent: AgentRow; error?: string | undefined }) {
  return (
    <Layout title="Set your password" page={null} bodyClass="login">
      <form method="post" class="card login-card">
        <h1>
          Welcome, <bdi>{props.agent.name}</bdi>
        </h1>
        <p class="muted">
          Choose a password (at least 12 characters) for <bdi>{props.agent.email}</bdi>.
        </p>
        {props.error ? (
          <p class="error" role="alert">
            {props.error}
          </p>
        ) : null}
        <input type="hidden" name="_csrf" value={props.csrf} />
        <label>
          Password <input type="password" name="password" autocomplete="new-password" minlength={12} required />
        </label>
        <button type="submit" class="primary">
          Set password
        </button>
      </form>
    </Layout>
  );
}
