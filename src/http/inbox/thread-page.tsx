// The conversation view: chat-style thread, composer, notes, actions and the contact panel.
import { isolateText, revealBidiControls } from '../../domain/inbox/bidi.ts';
import type { AgentRow } from '../../store/agents.ts';
import type { AttachmentMeta } from '../../store/attachments.ts';
import type { ContactRow } from '../../store/contacts.ts';
import type { ConversationRow } from '../../store/conversations.ts';
import type { MessageRow } from '../../store/messages.ts';
import { Csrf, Filename, Layout, type PageContext, Problem } from './layout.tsx';
import { dateTime, dayMonth, displayName, relativeTime, slaState } from './format.ts';
import type { MessageKey, Translate } from './i18n/catalog.ts';
import { withParts } from './i18n/catalog.ts';
import { AUTOMATED_AUTHORS, type ConsentState, type DeliveryReason } from '../../domain/vocabulary.ts';
import { FOLLOW_UP_MAX_DAYS, FOLLOW_UP_MIN_DAYS, type FollowUpChoice } from '../../domain/inbox/follow-up.ts';
import type { FollowUpView } from '../../services/followUps.ts';
import type { DeliveryDecisionRow } from '../../store/delivery-decisions.ts';
import { parseMailbox } from '../../domain/people/email-address.ts';
import type { FaqThread } from '../../services/faqThread.ts';
import { FaqDecisionPanel } from './faq-decision.tsx';
import { ConversationLinks } from './conversation-links.tsx';
import { FlagReasons, flagText } from './flag-text.tsx';
import { DELIVERY_WORDS, STATUS_WORDS } from './status-words.ts';
import { ComposerExtras, MarkUnreadButton, TagSuggestions, ThreadTags } from './team-components.tsx';
import { ShowEarlier } from './thread-paging.tsx';

export interface ThreadPageProps {
  page: PageContext;
  conversation: ConversationRow;
  contact: ContactRow;
  /** The newest page of the thread, oldest first; `earlierCursor` loads the page before it. */
  messages: MessageRow[];
  earlierCursor: string | null;
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

const LINK_TEXT: Record<NonNullable<ConversationRow['linkReason']>, MessageKey> = {
  outsider: 'thread.linkOutsider',
  closed_long_ago: 'thread.linkClosedLongAgo',
  same_subject: 'thread.linkSameSubject',
};

const CONSENT_WORDS: Record<ConsentState, MessageKey> = {
  subscribed: 'thread.consentSubscribed',
  unsubscribed: 'thread.consentUnsubscribed',
  unknown: 'thread.consentUnknown',
};

function side(m: MessageRow): 'customer' | 'agent' | 'note' {
  if (m.kind === 'note') return 'note';
  return m.direction === 'in' ? 'customer' : 'agent';
}

function automatedLabel(m: MessageRow, t: Translate): string | null {
  if (m.classification === 'auto_reply') return t('thread.autoReplyReceived');
  if (m.classification === 'bounce') return t('thread.bounce');
  if (m.classification === 'complaint') return t('thread.complaint');
  if (m.direction === 'out' && AUTOMATED.has(m.author))
    return m.author === 'autoresponder'
      ? t('thread.autoresponder')
      : m.template
        ? t('thread.automaticTemplate', { template: m.template })
        : t('thread.automatic');
  return null;
}

const STOPPED_BECAUSE: Partial<Record<DeliveryReason, MessageKey>> = {
  Replied: 'thread.stoppedReplied',
  AgentAnswered: 'thread.stoppedAgentAnswered',
  ConversationClosed: 'thread.stoppedClosed',
  Suppressed: 'thread.stoppedSuppressed',
  CancelledByAgent: 'thread.stoppedCancelled',
  ContactGone: 'thread.stoppedContactGone',
};

function FollowUpLine(props: { f: FollowUpView; page: PageContext; conversationId: string }) {
  const { f, page } = props;
  const { t } = page;
  const due = dateTime(f.runAt, page);
  // "Follow-up" or "Follow-up (1 of 2)": the name of this step, then what happened to it.
  const name = f.count > 1 ? t('thread.followUpStep', { step: f.step, count: f.count }) : t('thread.followUp');
  if (f.state === 'scheduled') {
    return (
      <li class="follow-up scheduled" data-job={f.jobId}>
        <span title={due}>{t('thread.followUpScheduled', { name, date: dayMonth(f.runAt, page) })}</span>{' '}
        <form method="post" action={`/inbox/c/${props.conversationId}/follow-ups/${f.jobId}/cancel`} class="inline">
          <Csrf token={page.csrf} />
          <button type="submit">{t('thread.cancelFollowUp')}</button>
        </form>
      </li>
    );
  }
  const date = f.decidedAt === null ? null : dayMonth(f.decidedAt, page);
  const reason =
    f.state === 'failed'
      ? (f.detail ?? t('thread.unknownError'))
      : ((f.reason && STOPPED_BECAUSE[f.reason] && t(STOPPED_BECAUSE[f.reason]!)) ?? f.detail ?? f.reason ?? t('thread.stopped'));
  const vars = { name, reason, date: date ?? '' };
  const text =
    f.state === 'sent'
      ? t(date ? 'thread.followUpSentOn' : 'thread.followUpSent', vars)
      : f.state === 'failed'
        ? t(date ? 'thread.followUpFailedOn' : 'thread.followUpFailed', vars)
        : t(date ? 'thread.followUpStoppedOn' : 'thread.followUpStopped', vars);
  return (
    <li class={`follow-up ${f.state}`} data-job={f.jobId} title={due}>
      {f.state === 'sent' && f.messageId ? <a href={`#${f.messageId}`}>{text}</a> : text}
    </li>
  );
}

const DECISION_WORDS: Record<DeliveryDecisionRow['decision'], MessageKey> = {
  scheduled: 'thread.decisionScheduled',
  sent: 'thread.decisionSent',
  held: 'thread.decisionHeld',
  skipped: 'thread.decisionSkipped',
  stopped: 'thread.decisionStopped',
  failed: 'thread.decisionFailed',
};

/** One decision about automated mail: what, when, and the reason in words (the detail names the cap, the last send, the hold). */
function AutomatedLine(props: { d: DeliveryDecisionRow; page: PageContext }) {
  const { d, page } = props;
  const { t } = page;
  const at = d.at !== null && (d.decision === 'scheduled' || d.decision === 'held') ? d.at : null;
  const source = <bdi>{d.sourceName}</bdi>;
  return (
    <li class={`automated ${d.decision}`}>
      {d.step > 0 ? withParts(t('thread.automatedStep', { step: d.step }), { source }) : source}: {t(DECISION_WORDS[d.decision])}{' '}
      {at !== null ? (
        <time datetime={new Date(at).toISOString()} data-absolute="">
          {dateTime(at, page)}
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
function outboundAuthor(m: MessageRow, agents: Map<string, AgentRow>, t: Translate): string {
  const agent = m.authorAgentId ? agents.get(m.authorAgentId) : undefined;
  return (
    agent?.name ??
    m.fromName ??
    parseMailbox(m.fromAddress ?? '')?.name ??
    (m.author === 'agent' ? t('thread.authorAgent') : t('thread.authorAutomatic'))
  );
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
  page: PageContext;
}) {
  const { m, page } = props;
  const { t } = page;
  const who =
    m.direction === 'in'
      ? displayName(m.fromName ?? props.contact.name, m.fromAddress ?? props.contact.email)
      : outboundAuthor(m, props.agents, t);
  const automated = automatedLabel(m, t);
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
        {m.kind === 'note' ? <span class="badge note">{t('thread.privateNote')}</span> : null}
        {automated ? <span class="badge auto">{automated}</span> : null}
        {m.flag && props.flagged ? (
          <span class="badge flag" title={flagText(m.flag, t)}>
            {withParts(t('thread.flaggedBecause'), { reason: <FlagReasons flag={m.flag} t={t} /> })}
          </span>
        ) : null}
        {m.flag && !props.flagged ? (
          <span class="badge" title={flagText(m.flag, t)}>
            {t('thread.flagCleared')}
          </span>
        ) : null}
        <time datetime={at} title={dateTime(m.createdAt, page)}>
          {relativeTime(m.createdAt, props.now, page)}
        </time>
        {m.direction === 'out' && m.kind === 'email' ? (
          <span class={`delivery ${m.status}`} title={m.statusReason ? isolateText(m.statusReason) : ''}>
            {t(DELIVERY_WORDS[m.status])}
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
          <summary>{t('thread.showQuoted')}</summary>
          <div dir="auto">{m.quotedText}</div>
        </details>
      ) : null}
      {m.html && m.direction === 'in' ? (
        <details class="original" data-frame={`/inbox/m/${m.id}/html`}>
          <summary>{t('thread.originalFormatting')}</summary>
          <iframe
            sandbox=""
            referrerpolicy="no-referrer"
            loading="lazy"
            title={t('thread.originalMessage')}
            data-src={`/inbox/m/${m.id}/html`}
          ></iframe>
          <a class="show-images" href={`/inbox/m/${m.id}/html?images=1`} target="_blank" rel="noopener">
            {t('thread.openWithImages')}
          </a>
        </details>
      ) : null}
      {props.attachments.length ? (
        <ul class="attachments">
          {props.attachments.map((a) => (
            <li>
              {a.skippedReason ? (
                <span title={a.skippedReason}>
                  <Filename name={a.filename ?? a.contentType} /> {t('thread.attachmentNotKept', { reason: a.skippedReason })}
                </span>
              ) : (
                <a href={`/inbox/attachments/${a.id}`} download={savedName(a.filename)}>
                  <Filename name={a.filename ?? a.contentType} />
                </a>
              )}{' '}
              <span class="muted">{t('thread.kilobytes', { size: Math.ceil(a.size / 1024) })}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}

/** The messages of one page of the thread, each with the autoresponder's decisions on it (also "show earlier"'s pages). */
export function ThreadMessages(
  props: Pick<ThreadPageProps, 'page' | 'conversation' | 'contact' | 'messages' | 'attachments' | 'now' | 'faq'> & {
    agents: Map<string, AgentRow>;
    held: ReadonlySet<string>;
  },
) {
  const { conversation: c, page } = props;
  return props.messages.map((m) => (
    <>
      <Message
        m={m}
        attachments={props.attachments.filter((a) => a.messageId === m.id)}
        agents={props.agents}
        contact={props.contact}
        now={props.now}
        isNew={props.held.has(m.id)}
        flagged={c.flag !== null}
        page={page}
      />
      {props.faq.decisions
        .filter((v) => v.decision.messageId === m.id)
        .map((view) => (
          <FaqDecisionPanel view={view} conversationId={c.id} page={page} entryIds={props.faq.entryIds} />
        ))}
    </>
  ));
}

export function ThreadPage(props: ThreadPageProps) {
  const { conversation: c, contact, page } = props;
  const { t } = page;
  const agents = new Map(props.agents.map((a) => [a.id, a]));
  const newest = props.messages.reduce((max, m) => Math.max(max, m.createdAt), 0);
  const sla = c.status === 'open' ? slaState(c.firstResponseDueAt, props.now, page) : null;
  const held = new Set(props.held?.newMessages.map((m) => m.id) ?? []);
  const heldFromCustomer = props.held?.newMessages.some((m) => m.direction === 'in') ?? false;
  const heldAgentReplies = props.held?.newMessages.filter((m) => m.direction === 'out') ?? [];
  return (
    <Layout title={c.subject ? isolateText(c.subject) : t('thread.conversation')} page={page}>
      <div class="thread-layout" data-poll={`/inbox/c/${c.id}/poll`} data-version={`${c.updatedAt}.${c.messageCount}`}>
        {/* Filled by the page's presence poll: who else has this conversation open or is typing. */}
        <p class="presence" aria-live="polite" data-presence={`/inbox/c/${c.id}/presence`}></p>
        <section class="thread">
          <header class="thread-head">
            <a href="/inbox" class="back">
              {t('thread.backToInbox')}
            </a>
            <h1 dir="auto">{c.subject || t('common.noSubject')}</h1>
            <span class={`status ${c.status}`}>{t(STATUS_WORDS[c.status])}</span>
            {sla?.label ? <span class={`sla ${sla.tone}`}>{sla.label}</span> : null}
            {c.flag ? (
              <form method="post" action={`/inbox/c/${c.id}/clear-flag`} class="flag" role="note">
                <Csrf token={page.csrf} />⚠ <FlagReasons flag={c.flag} t={t} /> <button type="submit">{t('thread.clearFlag')}</button>
              </form>
            ) : null}
            {props.faq.answeredBy ? (
              <p class="faq-answered">
                {withParts(t(props.faq.answeredBy.resolvedAt ? 'thread.answeredByFaqClosed' : 'thread.answeredByFaq'), {
                  faq: <bdi>{props.faq.answeredBy.faqId}</bdi>,
                })}
              </p>
            ) : null}
            <ThreadTags page={page} conversationId={c.id} tags={props.tags} />
            <TagSuggestions tags={props.tagsInUse} />
            {c.linkedConversationId ? (
              <p class="linked">
                {t(LINK_TEXT[c.linkReason ?? 'same_subject'])} <a href={`/inbox/c/${c.linkedConversationId}`}>{c.linkedConversationId}</a>
              </p>
            ) : null}
          </header>
          <div class="actions">
            <form method="post" action={`/inbox/c/${c.id}/assign`}>
              <Csrf token={page.csrf} />
              <label>
                {t('thread.assignee')}{' '}
                <select name="assignee" aria-label={t('thread.assignee')}>
                  <option value="">{t('thread.unassigned')}</option>
                  {props.agents
                    .filter((a) => a.active)
                    .map((a) => (
                      <option value={a.id} selected={a.id === c.assigneeId}>
                        {a.id === page.agent.id ? t('thread.me', { name: isolateText(a.name) }) : isolateText(a.name)}
                      </option>
                    ))}
                </select>
              </label>
              <button type="submit">{t('thread.assign')}</button>
            </form>
            {c.assigneeId !== page.agent.id ? (
              <form method="post" action={`/inbox/c/${c.id}/assign`}>
                <Csrf token={page.csrf} />
                <input type="hidden" name="assignee" value={page.agent.id} />
                <button type="submit" aria-keyshortcuts="a">
                  {t('thread.assignToMe')}
                </button>
              </form>
            ) : null}
            <MarkUnreadButton page={page} conversationId={c.id} />
            <form method="post" action={`/inbox/c/${c.id}/status`} class="status-buttons">
              <Csrf token={page.csrf} />
              {c.status !== 'open' ? (
                <button type="submit" name="status" value="open">
                  {t('thread.reopen')}
                </button>
              ) : null}
              {c.status !== 'pending' ? (
                <button type="submit" name="status" value="pending">
                  {t('thread.setPending')}
                </button>
              ) : null}
              {c.status !== 'closed' ? (
                <button type="submit" name="status" value="closed" class="close" aria-keyshortcuts="e">
                  {t('thread.close')}
                </button>
              ) : null}
            </form>
            <form method="post" action={`/inbox/c/${c.id}/snooze`} class="snooze">
              <Csrf token={page.csrf} />
              <select name="for" aria-label={t('thread.snoozeFor')} aria-keyshortcuts="s">
                <option value="3600">{t('thread.snoozeHours', { count: 1 })}</option>
                <option value="14400">{t('thread.snoozeHours', { count: 4 })}</option>
                <option value="86400">{t('thread.snoozeDays', { count: 1 })}</option>
                <option value="259200">{t('thread.snoozeDays', { count: 3 })}</option>
                <option value="604800">{t('thread.snoozeWeek')}</option>
              </select>
              <button type="submit">{t('thread.snooze')}</button>
              {c.status === 'snoozed' && c.snoozedUntil ? (
                <span class="muted">
                  {withParts(t('thread.snoozedUntil'), {
                    time: (
                      <time class="snoozed-until" datetime={new Date(c.snoozedUntil).toISOString()} data-absolute="">
                        {dateTime(c.snoozedUntil, page)}
                      </time>
                    ),
                  })}
                </span>
              ) : null}
            </form>
            <form method="post" action={`/inbox/c/${c.id}/snooze`} class="snooze-until">
              <Csrf token={page.csrf} />
              {/* The agent's chosen zone; without one the page's script puts the browser's here (else the time is read as UTC). */}
              <input type="hidden" name="tz" value={page.timeZone} />
              <label>
                {t('thread.snoozeUntil')} <input type="datetime-local" name="until_local" required />{' '}
                <span class="muted tz-name">{page.timeZone}</span>
              </label>
              <button type="submit">{t('thread.snooze')}</button>
            </form>
          </div>
          <ShowEarlier page={page} conversationId={c.id} cursor={props.earlierCursor} shown={props.messages.length} />
          <div class="messages" aria-live="polite">
            <ThreadMessages {...props} agents={agents} held={held} />
          </div>
          {props.followUps.length ? (
            <ul class="follow-ups" aria-label={t('thread.followUps')}>
              {props.followUps.map((f) => (
                <FollowUpLine f={f} page={page} conversationId={c.id} />
              ))}
            </ul>
          ) : null}
          <Problem error={props.error} />
          {props.held ? (
            <p class="warning" role="alert">
              {heldFromCustomer ? (
                <>{withParts(t('thread.heldCustomerWrote'), { name: <bdi>{contact.name ?? contact.email}</bdi> })} </>
              ) : null}
              {heldAgentReplies.map((m) => (
                <>
                  {withParts(t('thread.heldAgentAnswered', { time: relativeTime(m.createdAt, props.now, page) }), {
                    name: <bdi>{outboundAuthor(m, agents, t)}</bdi>,
                  })}{' '}
                </>
              ))}
              {t('thread.heldReadFirst', { count: props.held.newMessages.length })}
            </p>
          ) : null}
          <form method="post" action={`/inbox/c/${c.id}/reply`} class="composer" enctype="multipart/form-data">
            <Csrf token={page.csrf} />
            <input type="hidden" name="seen_up_to" value={String(newest)} />
            <label for="reply-text" class="sr-only">
              {t('thread.reply')}
            </label>
            <textarea
              id="reply-text"
              name="text"
              data-draft={`${page.agent.id}:reply:${c.id}`}
              aria-keyshortcuts="r"
              rows={6}
              dir="auto"
              placeholder={t('thread.replyTo', { name: isolateText(displayName(contact.name, contact.email)) })}
              required
            >
              {props.held?.text ?? props.draft ?? ''}
            </textarea>
            <ComposerExtras page={page} conversationId={c.id} />
            <div class="row">
              {props.held ? (
                <label>
                  <input type="checkbox" name="force" value="1" /> {t('thread.haveRead')}
                </label>
              ) : null}
              <label>
                {t('thread.afterSending')}{' '}
                <select name="status_after">
                  <option value="pending">{t('thread.afterPending')}</option>
                  <option value="closed">{t('thread.afterClose')}</option>
                  <option value="open">{t('thread.afterOpen')}</option>
                </select>
              </label>
              <label>
                {t('thread.followUpLabel')}{' '}
                <select name="follow_up_days" aria-label={t('thread.followUpIfNoReply')}>
                  <option value="">{t('thread.followUpNever')}</option>
                  {Array.from({ length: FOLLOW_UP_MAX_DAYS - FOLLOW_UP_MIN_DAYS + 1 }, (_, i) => i + FOLLOW_UP_MIN_DAYS).map((d) => (
                    <option value={String(d)} selected={props.held?.followUp?.days === d}>
                      {t('thread.followUpInDays', { count: d })}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <select name="follow_ups" aria-label={t('thread.howManyFollowUps')}>
                  <option value="1">{t('thread.followUpOnce')}</option>
                  <option value="2" selected={props.held?.followUp?.count === 2}>
                    {t('thread.followUpTwice')}
                  </option>
                </select>
              </label>
              <button type="submit" class="primary">
                {t('thread.sendReply')}
              </button>
            </div>
          </form>
          <form method="post" action={`/inbox/c/${c.id}/note`} class="note-form">
            <Csrf token={page.csrf} />
            <label for="note-text" class="sr-only">
              {t('thread.privateNoteLabel')}
            </label>
            <textarea
              id="note-text"
              name="text"
              data-draft={`${page.agent.id}:note:${c.id}`}
              aria-keyshortcuts="n"
              rows={2}
              dir="auto"
              placeholder={t('thread.notePlaceholder')}
              required
            ></textarea>
            <button type="submit">{t('thread.addNote')}</button>
          </form>
        </section>
        <aside class="contact-panel">
          <h2 dir="auto">
            <a href={`/inbox/contacts/${contact.id}`}>{displayName(contact.name, contact.email)}</a>
          </h2>
          <dl>
            <dt>{t('thread.contactEmail')}</dt>
            <dd dir="auto">{contact.email}</dd>
            <dt>{t('thread.contactLanguage')}</dt>
            <dd>{contact.locale ?? '—'}</dd>
            <dt>{t('thread.contactTimeZone')}</dt>
            <dd>{contact.timezone ?? '—'}</dd>
            <dt>{t('thread.marketingConsent')}</dt>
            <dd class={`consent ${contact.marketingConsent}`}>
              {t(CONSENT_WORDS[contact.marketingConsent])}
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
              <h3>{t('thread.attributes')}</h3>
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
          <h3>{t('thread.automatedMail')}</h3>
          {props.automated.length === 0 ? <p class="muted">{t('thread.noneYet')}</p> : null}
          <ul class="automated">
            {props.automated.map((d) => (
              <AutomatedLine d={d} page={page} />
            ))}
          </ul>
          <h3>{t('thread.otherConversations')}</h3>
          <ConversationLinks page={page} conversations={props.otherConversations} empty={t('thread.none')} class="other" now={props.now} />
        </aside>
      </div>
    </Layout>
  );
}
