// sendMessage: compose a personal message for one contact and queue it. The message row
// and its outbox job are written in one batch before any network call; delivery is
// deliverOutbox's job. Idempotency keys make a repeated call return the first message.
import type { Deps } from '../deps.ts';
import { domainOf, normalizeEmail, parseMailbox } from '../domain/people/email-address.ts';
import { AppError } from '../domain/errors.ts';
import { buildOutboundHeaders, messageIdFor, withUnsubscribeFooter, withUnsubscribeFooterHtml } from '../domain/outbound/headers.ts';
import { previewLine } from '../domain/inbox/preview.ts';
import { createReplyTokenSync, replyAddress } from '../domain/outbound/reply-token.ts';
import type { MessageCategory, OutboundAuthor, SendOutcome } from '../domain/vocabulary.ts';
import { renderTemplateSync, type TemplateEvent } from '../domain/outbound/templates/render.ts';
import { templateTopic } from '../domain/outbound/templates/set.ts';
import { createUnsubscribeTokenSync, preferencesUrl, unsubscribeUrl } from '../domain/outbound/unsubscribe-token.ts';
import { normalizeSubject } from '../domain/inbound/threading/subject.ts';
import type { ContactRow } from '../store/contacts.ts';
import { refuseApiSend, type Skip } from '../domain/delivery/decide.ts';
import { loadDeliveryHistories } from '../store/delivery-history.ts';
import { historyScope, loadDeliveryPolicy } from './decideDelivery.ts';
import { conversationGainedMessageQuery, getConversationById, type ConversationRow, type NewConversation } from '../store/conversations.ts';
import { findMessageByIdempotencyKey, asStoredMessage, threadMessageIds, type MessageRow, type NewMessage } from '../store/messages.ts';
import type { NewOutboxJob } from '../store/outbox.ts';
import {
  insertAttachmentStatement,
  insertConversationStatement,
  insertMessageStatement,
  insertOutboxJobStatement,
  writeBatch,
} from '../store/row-statements.ts';
import { ensureContact, getContact } from './contacts.ts';
import { assertInAudience } from './audience.ts';
import type { StoredReplyAttachment } from './replyAttachments.ts';
import { senderMailbox } from './inboxSettings.ts';

export interface SendMessageInput {
  to?: string | undefined;
  contactId?: string | undefined;
  template?: string | undefined;
  data?: Record<string, unknown> | undefined;
  /** The event that started a trigger's send (`event` in the template). */
  event?: TemplateEvent | null | undefined;
  locale?: string | undefined;
  subject?: string | undefined;
  text?: string | undefined;
  html?: string | undefined;
  category?: MessageCategory | undefined;
  conversationId?: string | undefined;
  idempotencyKey?: string | undefined;
  author?: OutboundAuthor | undefined;
  agentId?: string | undefined;
  /** Display name on From (an agent's name); the address stays MAIL_FROM's. */
  fromName?: string | undefined;
  /** What the thread shows as the body when `text` carries more (an agent's signature), and that signature. */
  replyText?: string | undefined;
  signature?: string | null | undefined;
  /** Files already in the blob store (an agent's reply), stored with the message in its batch. */
  attachments?: StoredReplyAttachment[] | undefined;
}

export interface SendMessageResult {
  message: MessageRow;
  created: boolean;
}

export interface Composed {
  subject: string;
  text: string;
  html: string | null;
  category: MessageCategory;
  topic: string | null;
  template: string | null;
  locale: string | null;
}

async function resolveContact(deps: Deps, input: SendMessageInput): Promise<ContactRow> {
  if (input.contactId) return getContact(deps, input.contactId);
  return ensureContact(deps, normalizeEmail(input.to!));
}

async function resolveConversation(deps: Deps, input: SendMessageInput, contact: ContactRow): Promise<ConversationRow | null> {
  if (!input.conversationId) return null;
  const conversation = await getConversationById(deps.db, input.conversationId);
  if (!conversation)
    throw new AppError('NotFound', `no conversation with id ${input.conversationId}`, [
      { field: 'conversation_id', message: 'expected an existing conversation' },
    ]);
  if (conversation.contactId !== contact.id) {
    throw new AppError('ValidationFailed', 'the conversation belongs to another contact', [
      { field: 'conversation_id', message: `expected a conversation of contact ${contact.id}` },
    ]);
  }
  return conversation;
}

/**
 * Refuses mail the person has not allowed (a suppressed address, marketing without consent, an
 * unsubscribed topic) and mail over a cap, by the same rules as automated sends (domain/delivery).
 */
export async function assertMayMail(deps: Deps, contact: ContactRow, category: MessageCategory, topic: string | null): Promise<void> {
  const policy = await loadDeliveryPolicy(deps);
  const now = deps.clock.now();
  const history = (await loadDeliveryHistories(deps.db, [contact], historyScope({ topic, category }, policy, now))).get(contact.id)!;
  const refused = refuseApiSend(category, topic, history, policy, now);
  if (refused) throw refusedSendError(contact, category, topic, refused);
}

/** The API's named error for a send the delivery rules refuse. */
export function refusedSendError(contact: ContactRow, category: MessageCategory, topic: string | null, refused: Skip): AppError {
  switch (refused.reason) {
    case 'NoMarketingConsent':
      return new AppError(
        'NoMarketingConsent',
        `${contact.email} has not agreed to marketing mail (consent: ${contact.marketingConsent})`,
        [{ field: 'to', message: 'expected a contact with marketing consent "subscribed"' }],
      );
    case 'TopicUnsubscribed':
      return new AppError('NoMarketingConsent', `${contact.email} unsubscribed from the topic "${topic}"`, [
        { field: 'template', message: `expected a topic other than "${topic}"` },
      ]);
    case 'DailyCap':
    case 'WeeklyCap':
      return new AppError('FrequencyCapped', `${contact.email} already got as much ${category} mail as the cap allows: ${refused.detail}`, [
        { field: 'to', message: 'expected a contact under the frequency cap' },
      ]);
    default:
      return new AppError('SuppressedRecipient', refused.detail, [{ field: 'to', message: 'expected an address that is not suppressed' }]);
  }
}

function compose(deps: Deps, input: SendMessageInput, contact: ContactRow, links: OutboundLinks): Composed {
  if (input.template) {
    const rendered = renderTemplateSync(deps.templates, input.template, {
      contact: { ...contact, attributes: contact.attributes },
      data: input.data ?? {},
      event: input.event ?? null,
      unsubscribe_url: links.unsubscribe,
      preferences_url: links.preferences,
      locale: input.locale ?? null,
    });
    return {
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      category: input.category ?? rendered.category,
      topic: rendered.topic,
      template: rendered.template,
      locale: rendered.locale,
    };
  }
  return {
    subject: input.subject!,
    text: input.text!,
    html: input.html ?? null,
    category: input.category ?? 'transactional',
    topic: null,
    template: null,
    locale: input.locale ?? contact.locale,
  };
}

function fromHeader(mailFrom: string, displayName: string | undefined): string {
  if (!displayName) return mailFrom;
  const address = parseMailbox(mailFrom)?.address ?? mailFrom;
  return `${displayName.replace(/[<>"]/g, '')} <${address}>`;
}

export async function sendMessage(deps: Deps, input: SendMessageInput): Promise<SendMessageResult> {
  assertKnownTemplate(deps, input.template);
  if (input.idempotencyKey) {
    const existing = await findMessageByIdempotencyKey(deps.db, input.idempotencyKey);
    if (existing) return { message: existing, created: false };
  }
  const contact = await resolveContact(deps, input);
  const conversation = await resolveConversation(deps, input, contact);
  const now = deps.clock.now();
  const conversationId = conversation?.id ?? deps.ids.next('cnv');
  const { composed, links } = await composeFor(deps, input, contact);
  await assertMayMail(deps, contact, composed.category, composed.topic);
  await assertInAudience(deps, contact, input.template);
  const thread = conversation ? await threadMessageIds(deps.db, conversation.id) : [];
  const messageRow = await outboundMessageRow(deps, { input, contact, composed, links, conversationId, thread, now, status: 'queued' });
  const author = messageRow.author;
  const preview = previewLine(messageRow.text);
  const conversationWrite = conversation
    ? conversationGainedMessageQuery(deps.db, conversation.id, {
        lastMessageAt: now,
        preview,
        updatedAt: now,
        ...(author === 'agent'
          ? {
              lastAgentMessageAt: now,
              waitingSince: null,
              firstRespondedAt: conversation.firstRespondedAt ?? now,
              firstResponseDueAt: null,
            }
          : {}),
      })
    : insertConversationStatement(deps.db, newConversationRow(contact.id, conversationId, composed, preview, now));
  try {
    await writeBatch(deps.db, [
      conversationWrite,
      insertMessageStatement(deps.db, messageRow),
      insertOutboxJobStatement(deps.db, outboxJob(deps, messageRow.id, now)),
      ...(input.attachments ?? []).map((a) => insertAttachmentStatement(deps.db, { ...a, messageId: messageRow.id })),
    ]);
  } catch (error) {
    // Two calls with one idempotency key raced: the other one won; answer with its message.
    if (input.idempotencyKey) {
      const existing = await findMessageByIdempotencyKey(deps.db, input.idempotencyKey);
      if (existing) return { message: existing, created: false };
    }
    throw error;
  }
  deps.log.info('outbound: queued', {
    messageId: messageRow.id,
    conversationId,
    category: composed.category,
    template: composed.template,
    domain: domainOf(contact.email),
  });
  return { message: asStoredMessage(messageRow), created: true };
}

export function assertKnownTemplate(deps: Deps, template: string | undefined): void {
  if (template && !deps.templates.has(template)) {
    throw new AppError('ValidationFailed', `unknown template "${template}"`, [
      { field: 'template', message: `expected one of: ${deps.templates.names().join(', ')}` },
    ]);
  }
}

export interface OutboundLinks {
  unsubscribe: string;
  preferences: string;
}

/** Renders what this contact should read (template or given text), with their own links. */
export async function composeFor(
  deps: Deps,
  input: SendMessageInput,
  contact: ContactRow,
): Promise<{ composed: Composed; links: OutboundLinks }> {
  return composeNow(deps, input, contact);
}

/** composeFor without waiting: rendering and signing are synchronous, which bulk planning needs 100,000 times. */
export function composeNow(deps: Deps, input: SendMessageInput, contact: ContactRow): { composed: Composed; links: OutboundLinks } {
  // Mail of a topic gets a link that leaves that topic; the page behind it offers everything else.
  const topic = input.template ? templateTopic(deps.templates, input.template) : null;
  const token = createUnsubscribeTokenSync(deps.config.secretKey, { contactId: contact.id, topic });
  const links = { unsubscribe: unsubscribeUrl(deps.config.publicUrl, token), preferences: preferencesUrl(deps.config.publicUrl, token) };
  return { composed: compose(deps, input, contact, links), links };
}

export type OutboundMessageRow = NewMessage & { id: string; author: OutboundAuthor; text: string };

export interface OutboundPartsInput {
  input: SendMessageInput;
  contact: Pick<ContactRow, 'locale'>;
  composed: Composed;
  links: OutboundLinks;
  thread: string[];
  messageId: string;
  replyTokenId: string;
  /** The From mailbox (senderMailbox: the sender name set at /inbox/settings, else MAIL_FROM). */
  sender: string;
}

export interface OutboundParts {
  author: OutboundAuthor;
  messageIdHeader: string;
  fromAddress: string;
  headers: Record<string, string>;
  text: string;
  html: string | null;
}

/**
 * What an outbound message carries besides its content: headers for threading, automation and
 * unsubscribe, a reply address whose token names `replyTokenId` (its conversation, or the message
 * itself while it has none), and the unsubscribe footer of marketing mail.
 */
export function outboundParts(deps: Deps, p: OutboundPartsInput): OutboundParts {
  const { config } = deps;
  const { composed, links, input } = p;
  const marketing = composed.category === 'marketing';
  // The footer speaks the language the mail was written in, else the contact's.
  const locale = composed.locale ?? p.contact.locale;
  const author: OutboundAuthor = input.author ?? (input.template ? 'trigger' : 'system');
  const messageIdHeader = messageIdFor(p.messageId, config.inboundDomain);
  return {
    author,
    messageIdHeader,
    fromAddress: fromHeader(p.sender, input.fromName),
    headers: {
      ...buildOutboundHeaders({
        messageId: messageIdHeader,
        thread: p.thread,
        automated: author !== 'agent',
        unsubscribeUrl: marketing ? links.unsubscribe : null,
      }),
      'Reply-To': replyAddress(createReplyTokenSync(config.secretKey, p.replyTokenId), config.inboundDomain),
    },
    text: marketing ? withUnsubscribeFooter(composed.text, links.unsubscribe, locale) : composed.text,
    html: marketing && composed.html ? withUnsubscribeFooterHtml(composed.html, links.unsubscribe, locale) : composed.html,
  };
}

/** The stored outbound message of a conversation: its parts (outboundParts) and its content. */
export async function outboundMessageRow(
  deps: Deps,
  p: {
    input: SendMessageInput;
    contact: ContactRow;
    composed: Composed;
    links: OutboundLinks;
    conversationId: string;
    thread: string[];
    now: number;
    status: SendOutcome;
    statusReason?: string;
  },
): Promise<OutboundMessageRow> {
  const { composed, thread, input } = p;
  const messageId = deps.ids.next('msg');
  const sender = await senderMailbox(deps);
  const parts = outboundParts(deps, {
    input,
    contact: p.contact,
    composed,
    links: p.links,
    thread,
    messageId,
    replyTokenId: p.conversationId,
    sender,
  });
  return {
    id: messageId,
    conversationId: p.conversationId,
    kind: 'email',
    direction: 'out',
    author: parts.author,
    authorAgentId: input.agentId ?? null,
    messageIdHeader: parts.messageIdHeader,
    inReplyTo: thread[thread.length - 1] ?? null,
    references: thread.length ? thread.join(' ') : null,
    fromAddress: parts.fromAddress,
    toAddresses: [p.contact.email],
    subject: composed.subject,
    headers: parts.headers,
    text: parts.text,
    html: parts.html,
    replyText: input.replyText ?? parts.text,
    signature: input.signature ?? null,
    status: p.status,
    statusReason: p.statusReason ?? null,
    template: composed.template,
    locale: composed.locale,
    category: composed.category,
    threadRule: 'api',
    idempotencyKey: input.idempotencyKey ?? null,
    createdAt: p.now,
  };
}

export function newConversationRow(
  contactId: string,
  id: string,
  composed: Pick<Composed, 'subject' | 'category'>,
  preview: string,
  now: number,
): NewConversation {
  return {
    id,
    contactId,
    subject: composed.subject,
    normalizedSubject: normalizeSubject(composed.subject),
    // Automated sends wait quietly until the customer answers; support mail awaits a reply.
    status: composed.category === 'support' ? 'pending' : 'closed',
    lastMessageAt: now,
    preview,
    messageCount: 1,
    createdAt: now,
    updatedAt: now,
  };
}

export function outboxJob(deps: Deps, messageId: string, now: number): NewOutboxJob {
  return { id: deps.ids.next('job'), messageId, status: 'pending', nextAttemptAt: now, createdAt: now, updatedAt: now };
}
