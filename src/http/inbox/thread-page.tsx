// The conversation view: chat-style thread, composer, notes, actions and the contact panel.
import { isolateText, revealBidiControls } from '../../domain/inbox/bidi.ts';
import type { AgentRow } from '../../store/agents.ts';
import type { AttachmentMeta } from '../../store/attachments.ts';
import type { ContactRow } from '../../store/contacts.ts';
import type { ConversationRow } from '../../store/conversations.ts';
import type { MessageRow } from '../../store/messages.ts';
import { Csrf, Filename, Layout, type PageContext } from './layout.tsx';
import { dayMonth, displayName, relativeTime, slaState } from './format.ts';
import { AUTOMATED_AUTHORS, type DeliveryReason } from '../../domain/vocabulary.ts';
import { FOLLOW_UP_MAX_DAYS, FOLLOW_UP_MIN_DAYS, type FollowUpChoice } from '../../domain/inbox/follow-up.ts';
import type { FollowUpView } from '../../services/followUps.ts';
import type { DeliveryDecisionRow } from '../../store/delivery-decisions.ts';
import { parseMailbox } from '../../domain/people/email-address.ts';
import type { FaqThread } from '../../services/faqThread.ts';
import { FaqDecisionPanel } from './faq-decision.tsx';
import { ComposerExtras, MarkUnreadButton, TagSuggestions, ThreadTags } from './team-components.tsx';

export interface ThreadPageProps {
  page: PageContext;
  conversation: ConversationRow;
  contact: ContactRow;
  messages: MessageRow[];
  attachments: AttachmentMeta[];
  agents: AgentRow[];
  otherConversations: ConversationRow[];
  now: number;
  /** The agents' follow-ups of this conversation, newest first. */
  followUps: FollowUpView[];
  /** The contact's latest decisions about automated mail, newest first. */
  automated: DeliveryDecisionRow[];
  /** Set when a reply was held because the customer wrote again or another agent answered. */
  held?: { text: string; newMessages: MessageRow[]; followUp?: FollowUpChoice | undefined } | undefined;
  error?: string | undefined;
  /** The autoresponder's decisions here; a suggestion chosen for the composer fills `draft`. */
  faq: FaqThread;
  draft?: string | undefined;
  tags: string[];
  tagsInUse: string[];
}

const AUTOMATED = new Set<string>(AUTOMATED_AUTHORS);

const LINK_TEXT: Record<NonNullable<ConversationRow['linkReason']>, string> = {
  outsider: 'Tried to reach conversation',
  closed_long_ago: 'Reply to a conversation closed long ago:',
  same_subject: 'Same subject as earlier conversation',
};

function side(m: MessageRow): 'customer' | 'agent' | 'note' {
  if (m.kind === 'note') return 'note';
  return m.direction === 'in' ? 'customer' : 'agent';
}

function automatedLabel(m: MessageRow): string | null {
  if (m.classification === 'auto_reply') return 'auto-reply received';
  if (m.classification === 'bounce') return 'bounce';
  if (m.classification === 'complaint') return 'complaint';
  if (m.direction === 'out' && AUTOMATED.has(m.author))
    return m.author === 'autoresponder' ? 'autoresponder' : m.template ? `automatic: ${m.template}` : 'automatic';
  return null;
}

const STOPPED_BECAUSE: Partial<Record<DeliveryReason, string>> = {
  Replied: 'the customer replied',
  AgentAnswered: 'an agent wrote again',
  ConversationClosed: 'the conversation was closed',
  Suppressed: 'the address is suppressed',
  CancelledByAgent: 'cancelled',
  ContactGone: 'the contact is gone',
};

function FollowUpLine(props: { f: FollowUpView; csrf: string; conversationId: string }) {
  const { f } = props;
  const due = new Date(f.runAt).toISOString();
  const of = f.count > 1 ? ` (${f.step} of ${f.count})` : '';
  if (f.state === 'scheduled') {
    return (
      <li class="follow-up scheduled" data-job={f.jobId}>
        <span title={due}>
          Follow-up{of} on {dayMonth(f.runAt)} if no reply
        </span>{' '}
        <form method="post" action={`/inbox/c/${props.conversationId}/follow-ups/${f.jobId}/cancel`} class="inline">
          <Csrf token={props.csrf} />
          <button type="submit">Cancel follow-up</button>
        </form>
      </li>
    );
  }
  const when = f.decidedAt === null ? '' : ` on ${dayMonth(f.decidedAt)}`;
  const text =
    f.state === 'sent'
      ? `Follow-up${of} sent${when}`
      : f.state === 'failed'
        ? `Follow-up${of} failed${when}: ${f.detail ?? 'unknown error'}`
        : `Follow-up${of} stopped${when}: ${(f.reason && STOPPED_BECAUSE[f.reason]) ?? f.detail ?? f.reason ?? 'stopped'}`;
  return (
    <li class={`follow-up ${f.state}`} data-job={f.jobId} title={due}>
      {f.state === 'sent' && f.messageId ? <a href={`#${f.messageId}`}>{text}</a> : text}
    </li>
  );
}

const DECISION_WORDS: Record<DeliveryDecisionRow['decision'], string> = {
  scheduled: 'scheduled for',
  sent: 'sent',
  held: 'held until',
  skipped: 'skipped',
  stopped: 'stopped',
  failed: 'failed',
};

/** One decision about automated mail: what, when, and the reason in words (the detail names the cap, the last send, the hold). */
function AutomatedLine(props: { d: DeliveryDecisionRow }) {
  const { d } = props;
  const step = d.step > 0 ? ` (follow-up ${d.step})` : '';
  const at = d.at !== null && (d.decision === 'scheduled' || d.decision === 'held') ? d.at : null;
  return (
    <li class={`automated ${d.decision}`}>
      <bdi>{d.sourceName}</bdi>
      {step}: {DECISION_WORDS[d.decision]}{' '}
      {at !== null ? (
        <time datetime={new Date(at).toISOString()} data-absolute="">
          {new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC
        </time>
      ) : null}
      {d.reason ? <span class="reason"> ({d.reason})</span> : null}
      {d.detail ? (
        <div class="muted" dir="auto">
          {d.detail}
        </div>
      ) : null}
    </li>
  );
}

/** Who sent an outbound message: the agent, else the sender name it went out under (the demo's, a trigger's). */
function outboundAuthor(m: MessageRow, agents: Map<string, AgentRow>): string {
  const agent = m.authorAgentId ? agents.get(m.authorAgentId) : undefined;
  return agent?.name ?? m.fromName ?? parseMailbox(m.fromAddress ?? '')?.name ?? (m.author === 'agent' ? 'Agent' : 'Automatic');
}

/** The name a download is saved under: bidi controls shown, so the saved file is not disguised either. */
function savedName(filename: string | null): string | undefined {
  return filename ? revealBidiControls(filename) : undefined;
}

function Message(props: {
  m: MessageRow;
  attachments: AttachmentMeta[];
  agents: Map<string, AgentRow>;
  contact: ContactRow;
  now: number;
  isNew: boolean;
  /** The conversation's flag is still up (else a message's flag shows as cleared). */
  flagged: boolean;
}) {
  const { m } = props;
  const who =
    m.direction === 'in'
      ? displayName(m.fromName ?? props.contact.name, m.fromAddress ?? props.contact.email)
      : outboundAuthor(m, props.agents);
  const automated = automatedLabel(m);
  const at = new Date(m.createdAt).toISOString();
  return (
    <article
      class={`message ${side(m)}${automated ? ' automated' : ''}${props.isNew ? ' new' : ''}`}
      id={m.id}
      data-created={String(m.createdAt)}
    >
      <header>
        <span class="author" dir="auto">
          {who}
        </span>
        {m.kind === 'note' ? <span class="badge note">private note</span> : null}
        {automated ? <span class="badge auto">{automated}</span> : null}
        {m.flag && props.flagged ? (
          <span class="badge flag" title={isolateText(m.flag)}>
            flagged: <bdi>{m.flag}</bdi>
          </span>
        ) : null}
        {m.flag && !props.flagged ? (
          <span class="badge" title={isolateText(m.flag)}>
            flag cleared
          </span>
        ) : null}
        <time datetime={at} title={at}>
          {relativeTime(m.createdAt, props.now)} ago
        </time>
        {m.direction === 'out' && m.kind === 'email' ? (
          <span class={`delivery ${m.status}`} title={m.statusReason ? isolateText(m.statusReason) : ''}>
            {m.status}
            {m.statusReason && (m.status === 'failed' || m.status === 'bounced' || m.status === 'skipped') ? (
              <>
                : <bdi>{m.statusReason}</bdi>
              </>
            ) : null}
          </span>
        ) : null}
      </header>
      <div class="body" dir="auto">
        {m.replyText ?? m.text ?? ''}
      </div>
      {m.signature ? (
        <div class="signature" dir="auto">
          {m.signature}
        </div>
      ) : null}
      {m.quotedText ? (
        <details class="quoted">
          <summary>Show quoted text</summary>
          <div dir="auto">{m.quotedText}</div>
        </details>
      ) : null}
      {m.html && m.direction === 'in' ? (
        <details class="original" data-frame={`/inbox/m/${m.id}/html`}>
          <summary>Original formatting</summary>
          <iframe
            sandbox=""
            referrerpolicy="no-referrer"
            loading="lazy"
            title="Original message"
            data-src={`/inbox/m/${m.id}/html`}
          ></iframe>
          <a class="show-images" href={`/inbox/m/${m.id}/html?images=1`} target="_blank" rel="noopener">
            Open with remote images
          </a>
        </details>
      ) : null}
      {props.attachments.length ? (
        <ul class="attachments">
          {props.attachments.map((a) => (
            <li>
              {a.skippedReason ? (
                <span title={a.skippedReason}>
                  <Filename name={a.filename ?? a.contentType} /> (not kept: {a.skippedReason})
                </span>
              ) : (
                <a href={`/inbox/attachments/${a.id}`} download={savedName(a.filename)}>
                  <Filename name={a.filename ?? a.contentType} />
                </a>
              )}{' '}
              <span class="muted">{Math.ceil(a.size / 1024)} KB</span>
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}

export function ThreadPage(props: ThreadPageProps) {
  const { conversation: c, contact, page } = props;
  const agents = new Map(props.agents.map((a) => [a.id, a]));
  const newest = props.messages.reduce((max, m) => Math.max(max, m.createdAt), 0);
  const sla = c.status === 'open' ? slaState(c.firstResponseDueAt, props.now) : null;
  const held = new Set(props.held?.newMessages.map((m) => m.id) ?? []);
  const heldFromCustomer = props.held?.newMessages.some((m) => m.direction === 'in') ?? false;
  const heldAgentReplies = props.held?.newMessages.filter((m) => m.direction === 'out') ?? [];
  return (
    <Layout title={c.subject ? isolateText(c.subject) : 'Conversation'} page={page}>
      <div class="thread-layout" data-poll={`/inbox/c/${c.id}/poll`} data-version={`${c.updatedAt}.${c.messageCount}`}>
        {/* Filled by the page's presence poll: who else has this conversation open or is typing. */}
        <p class="presence" aria-live="polite" data-presence={`/inbox/c/${c.id}/presence`}></p>
        <section class="thread">
          <header class="thread-head">
            <a href="/inbox" class="back">
              ← Inbox
            </a>
            <h1 dir="auto">{c.subject || '(no subject)'}</h1>
            <span class={`status ${c.status}`}>{c.status}</span>
            {sla?.label ? <span class={`sla ${sla.tone}`}>{sla.label}</span> : null}
            {c.flag ? (
              <form method="post" action={`/inbox/c/${c.id}/clear-flag`} class="flag" role="note">
                <Csrf token={page.csrf} />⚠ {c.flag} <button type="submit">Clear flag</button>
              </form>
            ) : null}
            {props.faq.answeredBy ? (
              <p class="faq-answered">
                Answered by FAQ <bdi>{props.faq.answeredBy.faqId}</bdi>
                {props.faq.answeredBy.resolvedAt ? ': closed by the autoresponder after 3 days without a reply' : null}
              </p>
            ) : null}
            <ThreadTags page={page} conversationId={c.id} tags={props.tags} />
            <TagSuggestions tags={props.tagsInUse} />
            {c.linkedConversationId ? (
              <p class="linked">
                {LINK_TEXT[c.linkReason ?? 'same_subject']} <a href={`/inbox/c/${c.linkedConversationId}`}>{c.linkedConversationId}</a>
              </p>
            ) : null}
          </header>
          <div class="actions">
            <form method="post" action={`/inbox/c/${c.id}/assign`}>
              <Csrf token={page.csrf} />
              <label>
                Assignee{' '}
                <select name="assignee" aria-label="Assignee">
                  <option value="">Unassigned</option>
                  {props.agents
                    .filter((a) => a.active)
                    .map((a) => (
                      <option value={a.id} selected={a.id === c.assigneeId}>
                        {a.id === page.agent.id ? `${isolateText(a.name)} (me)` : isolateText(a.name)}
                      </option>
                    ))}
                </select>
              </label>
              <button type="submit">Assign</button>
            </form>
            {c.assigneeId !== page.agent.id ? (
              <form method="post" action={`/inbox/c/${c.id}/assign`}>
                <Csrf token={page.csrf} />
                <input type="hidden" name="assignee" value={page.agent.id} />
                <button type="submit" aria-keyshortcuts="a">
                  Assign to me
                </button>
              </form>
            ) : null}
            <MarkUnreadButton page={page} conversationId={c.id} />
            <form method="post" action={`/inbox/c/${c.id}/status`} class="status-buttons">
              <Csrf token={page.csrf} />
              {c.status !== 'open' ? (
                <button type="submit" name="status" value="open">
                  Reopen
                </button>
              ) : null}
              {c.status !== 'pending' ? (
                <button type="submit" name="status" value="pending">
                  Pending
                </button>
              ) : null}
              {c.status !== 'closed' ? (
                <button type="submit" name="status" value="closed" class="close" aria-keyshortcuts="e">
                  Close
                </button>
              ) : null}
            </form>
            <form method="post" action={`/inbox/c/${c.id}/snooze`} class="snooze">
              <Csrf token={page.csrf} />
              <select name="for" aria-label="Snooze for" aria-keyshortcuts="s">
                <option value="3600">1 hour</option>
                <option value="14400">4 hours</option>
                <option value="86400">1 day</option>
                <option value="259200">3 days</option>
                <option value="604800">1 week</option>
              </select>
              <button type="submit">Snooze</button>
              {c.status === 'snoozed' && c.snoozedUntil ? (
                <span class="muted">
                  until{' '}
                  <time class="snoozed-until" datetime={new Date(c.snoozedUntil).toISOString()} data-absolute="">
                    {new Date(c.snoozedUntil).toISOString().slice(0, 16).replace('T', ' ')} UTC
                  </time>
                </span>
              ) : null}
            </form>
            <form method="post" action={`/inbox/c/${c.id}/snooze`} class="snooze-until">
              <Csrf token={page.csrf} />
              {/* The page's script puts the browser's time zone here; without it the time is read as UTC. */}
              <input type="hidden" name="tz" value="UTC" />
              <label>
                Snooze until <input type="datetime-local" name="until_local" required /> <span class="muted tz-name">UTC</span>
              </label>
              <button type="submit">Snooze</button>
            </form>
          </div>
          <div class="messages" aria-live="polite">
            {props.messages.map((m) => (
              <>
                <Message
                  m={m}
                  attachments={props.attachments.filter((a) => a.messageId === m.id)}
                  agents={agents}
                  contact={contact}
                  now={props.now}
                  isNew={held.has(m.id)}
                  flagged={c.flag !== null}
                />
                {props.faq.decisions
                  .filter((v) => v.decision.messageId === m.id)
                  .map((view) => (
                    <FaqDecisionPanel view={view} conversationId={c.id} csrf={page.csrf} entryIds={props.faq.entryIds} />
                  ))}
              </>
            ))}
          </div>
          {props.followUps.length ? (
            <ul class="follow-ups" aria-label="Follow-ups">
              {props.followUps.map((f) => (
                <FollowUpLine f={f} csrf={page.csrf} conversationId={c.id} />
              ))}
            </ul>
          ) : null}
          {props.error ? (
            <p class="error" role="alert">
              {props.error}
            </p>
          ) : null}
          {props.held ? (
            <p class="warning" role="alert">
              {heldFromCustomer ? (
                <>
                  <bdi>{contact.name ?? contact.email}</bdi> wrote again while you were typing.{' '}
                </>
              ) : null}
              {heldAgentReplies.map((m) => (
                <>
                  <bdi>{outboundAuthor(m, agents)}</bdi> answered {relativeTime(m.createdAt, props.now)} ago.{' '}
                </>
              ))}
              Read the new {props.held.newMessages.length > 1 ? 'messages' : 'message'} above, then send.
            </p>
          ) : null}
          <form method="post" action={`/inbox/c/${c.id}/reply`} class="composer" enctype="multipart/form-data">
            <Csrf token={page.csrf} />
            <input type="hidden" name="seen_up_to" value={String(newest)} />
            <label for="reply-text" class="sr-only">
              Reply
            </label>
            <textarea
              id="reply-text"
              name="text"
              data-draft={`${page.agent.id}:reply:${c.id}`}
              aria-keyshortcuts="r"
              rows={6}
              dir="auto"
              placeholder={`Reply to ${isolateText(displayName(contact.name, contact.email))}…`}
              required
            >
              {props.held?.text ?? props.draft ?? ''}
            </textarea>
            <ComposerExtras page={page} conversationId={c.id} />
            <div class="row">
              {props.held ? (
                <label>
                  <input type="checkbox" name="force" value="1" /> I have read the new message
                </label>
              ) : null}
              <label>
                then{' '}
                <select name="status_after">
                  <option value="pending">set pending</option>
                  <option value="closed">close</option>
                  <option value="open">keep open</option>
                </select>
              </label>
              <label>
                follow up{' '}
                <select name="follow_up_days" aria-label="Follow up if no reply">
                  <option value="">never</option>
                  {Array.from({ length: FOLLOW_UP_MAX_DAYS - FOLLOW_UP_MIN_DAYS + 1 }, (_, i) => i + FOLLOW_UP_MIN_DAYS).map((d) => (
                    <option value={String(d)} selected={props.held?.followUp?.days === d}>
                      in {d} {d === 1 ? 'day' : 'days'} if no reply
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <select name="follow_ups" aria-label="How many follow-ups">
                  <option value="1">once</option>
                  <option value="2" selected={props.held?.followUp?.count === 2}>
                    up to twice
                  </option>
                </select>
              </label>
              <button type="submit" class="primary">
                Send reply
              </button>
            </div>
          </form>
          <form method="post" action={`/inbox/c/${c.id}/note`} class="note-form">
            <Csrf token={page.csrf} />
            <label for="note-text" class="sr-only">
              Private note
            </label>
            <textarea
              id="note-text"
              name="text"
              data-draft={`${page.agent.id}:note:${c.id}`}
              aria-keyshortcuts="n"
              rows={2}
              dir="auto"
              placeholder="Private note for your team (never sent)"
              required
            ></textarea>
            <button type="submit">Add note</button>
          </form>
        </section>
        <aside class="contact-panel">
          <h2 dir="auto">{displayName(contact.name, contact.email)}</h2>
          <dl>
            <dt>Email</dt>
            <dd dir="auto">{contact.email}</dd>
            <dt>Language</dt>
            <dd>{contact.locale ?? '—'}</dd>
            <dt>Time zone</dt>
            <dd>{contact.timezone ?? '—'}</dd>
            <dt>Marketing consent</dt>
            <dd class={`consent ${contact.marketingConsent}`}>
              {contact.marketingConsent}
              {contact.consentSource ? (
                <span class="muted">
                  {' '}
                  (<bdi>{contact.consentSource}</bdi>)
                </span>
              ) : null}
            </dd>
          </dl>
          {Object.keys(contact.attributes).length ? (
            <>
              <h3>Attributes</h3>
              <dl class="attributes">
                {Object.entries(contact.attributes).map(([k, v]) => (
                  <>
                    <dt dir="auto">{k}</dt>
                    <dd dir="auto">{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
                  </>
                ))}
              </dl>
            </>
          ) : null}
          <h3>Automated mail</h3>
          {props.automated.length === 0 ? <p class="muted">None yet</p> : null}
          <ul class="automated">
            {props.automated.map((d) => (
              <AutomatedLine d={d} />
            ))}
          </ul>
          <h3>Other conversations</h3>
          {props.otherConversations.length === 0 ? <p class="muted">None</p> : null}
          <ul class="other">
            {props.otherConversations.map((o) => (
              <li>
                <a href={`/inbox/c/${o.id}`} dir="auto">
                  {o.subject || '(no subject)'}
                </a>{' '}
                <span class="muted">
                  {o.status}, {relativeTime(o.lastMessageAt, props.now)} ago
                </span>
              </li>
            ))}
          </ul>
        </aside>
      </div>
    </Layout>
  );
}
