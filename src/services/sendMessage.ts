// sendMessage: compose a personal message for one contact and queue it. The message row
// and its outbox job are written in one batch before any network call; delivery is
// deliverOutbox's job. Idempotency keys make a repeated call return the first message.
import { and, eq, sql } from 'drizzle-orm';
import { conversations, messages, outbox, topicSubscriptions, topics } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import { domainOf, normalizeEmail, parseMailbox } from '../domain/email-address.ts';
import { AppError } from '../domain/errors.ts';
import { buildOutboundHeaders, messageIdFor, withUnsubscribeFooter, withUnsubscribeFooterHtml } from '../domain/outbound-headers.ts';
import { previewLine } from '../domain/preview.ts';
import { createReplyToken, replyAddress } from '../domain/reply-token.ts';
import { blocksCategory, suppressionKeys, type SuppressionReason } from '../domain/suppression.ts';
import { renderTemplate } from '../domain/templates.ts';
import { createUnsubscribeToken, preferencesUrl, unsubscribeUrl } from '../domain/unsubscribe-token.ts';
import { normalizeSubject } from '../domain/subject.ts';
import type { ContactRow } from '../store/contacts.ts';
import { getConversationById, type ConversationRow } from '../store/conversations.ts';
import { findMessageByIdempotencyKey, getMessageById, threadMessageIds, type MessageRow } from '../store/messages.ts';
import { findSuppression } from '../store/suppressions.ts';
import { ensureContact, getContact } from './contacts.ts';

export type Category = 'transactional' | 'marketing' | 'support';
export type OutboundAuthor = 'agent' | 'autoresponder' | 'trigger' | 'system';

export interface SendMessageInput {
  to?: string | undefined;
  contactId?: string | undefined;
  template?: string | undefined;
  data?: Record<string, unknown> | undefined;
  locale?: string | undefined;
  subject?: string | undefined;
  text?: string | undefined;
  html?: string | undefined;
  category?: Category | undefined;
  conversationId?: string | undefined;
  idempotencyKey?: string | undefined;
  author?: OutboundAuthor | undefined;
  agentId?: string | undefined;
  /** Display name on From (an agent's name); the address stays MAIL_FROM's. */
  fromName?: string | undefined;
}

export interface SendMessageResult {
  message: MessageRow;
  created: boolean;
}

interface Composed {
  subject: string;
  text: string;
  html: string | null;
  category: Category;
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
  if (!conversation) throw new AppError('NotFound', `no conversation with id ${input.conversationId}`, [{ field: 'conversation_id', message: 'expected an existing conversation' }]);
  if (conversation.contactId !== contact.id) {
    throw new AppError('ValidationFailed', 'the conversation belongs to another contact', [{ field: 'conversation_id', message: `expected a conversation of contact ${contact.id}` }]);
  }
  return conversation;
}

/** Refuses mail the person has not allowed: suppressed addresses, and marketing without consent. */
export async function assertMayMail(deps: Deps, contact: ContactRow, category: Category, topic: string | null): Promise<void> {
  const suppression = await findSuppression(deps.db, await suppressionKeys(contact.email));
  if (suppression && blocksCategory(suppression.reason as SuppressionReason, category)) {
    throw new AppError('SuppressedRecipient', `${contact.email} is suppressed (${suppression.reason}); no ${category} mail is sent to it`, [{ field: 'to', message: 'expected an address that is not suppressed' }]);
  }
  if (category !== 'marketing') return;
  if (contact.marketingConsent !== 'subscribed') {
    throw new AppError('NoMarketingConsent', `${contact.email} has not agreed to marketing mail (consent: ${contact.marketingConsent})`, [{ field: 'to', message: 'expected a contact with marketing consent "subscribed"' }]);
  }
  if (topic) {
    const rows = await deps.db
      .select({ status: topicSubscriptions.status })
      .from(topicSubscriptions)
      .innerJoin(topics, eq(topics.id, topicSubscriptions.topicId))
      .where(and(eq(topicSubscriptions.contactId, contact.id), eq(topics.key, topic)))
      .limit(1);
    if (rows[0]?.status === 'unsubscribed') {
      throw new AppError('NoMarketingConsent', `${contact.email} unsubscribed from the topic "${topic}"`, [{ field: 'template', message: `expected a topic other than "${topic}"` }]);
    }
  }
}

async function compose(deps: Deps, input: SendMessageInput, contact: ContactRow, links: { unsubscribe: string; preferences: string }): Promise<Composed> {
  if (input.template) {
    const rendered = await renderTemplate(deps.templates, input.template, {
      contact: { ...contact, attributes: contact.attributes },
      data: input.data ?? {},
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
  if (input.template && !deps.templates.has(input.template)) {
    throw new AppError('ValidationFailed', `unknown template "${input.template}"`, [{ field: 'template', message: `expected one of: ${deps.templates.names().join(', ')}` }]);
  }
  if (input.idempotencyKey) {
    const existing = await findMessageByIdempotencyKey(deps.db, input.idempotencyKey);
    if (existing) return { message: existing, created: false };
  }
  const contact = await resolveContact(deps, input);
  const conversation = await resolveConversation(deps, input, contact);
  const now = deps.clock.now();
  const messageId = deps.ids.next('msg');
  const conversationId = conversation?.id ?? deps.ids.next('cnv');
  const { config } = deps;

  const unsubscribeToken = await createUnsubscribeToken(config.secretKey, { contactId: contact.id, topic: null });
  const links = { unsubscribe: unsubscribeUrl(config.publicUrl, unsubscribeToken), preferences: preferencesUrl(config.publicUrl, unsubscribeToken) };
  const composed = await compose(deps, input, contact, links);
  await assertMayMail(deps, contact, composed.category, composed.topic);

  const marketing = composed.category === 'marketing';
  const text = marketing ? withUnsubscribeFooter(composed.text, links.unsubscribe) : composed.text;
  const html = marketing && composed.html ? withUnsubscribeFooterHtml(composed.html, links.unsubscribe) : composed.html;
  const author: OutboundAuthor = input.author ?? (input.template ? 'trigger' : 'system');
  const headerMessageId = messageIdFor(messageId, config.inboundDomain);
  const thread = conversation ? await threadMessageIds(deps.db, conversation.id) : [];
  const headers = {
    ...buildOutboundHeaders({
      messageId: headerMessageId,
      thread,
      automated: author !== 'agent',
      unsubscribeUrl: marketing ? links.unsubscribe : null,
    }),
    'Reply-To': replyAddress(await createReplyToken(config.secretKey, conversationId), config.inboundDomain),
  };

  const messageRow = {
    id: messageId,
    conversationId,
    kind: 'email' as const,
    direction: 'out' as const,
    author,
    authorAgentId: input.agentId ?? null,
    messageIdHeader: headerMessageId,
    inReplyTo: thread[thread.length - 1] ?? null,
    references: thread.length ? thread.join(' ') : null,
    fromAddress: fromHeader(config.mailFrom, input.fromName),
    toAddresses: [contact.email],
    subject: composed.subject,
    headers,
    text,
    html,
    replyText: text,
    status: 'queued' as const,
    template: composed.template,
    locale: composed.locale,
    category: composed.category,
    threadRule: 'api' as const,
    idempotencyKey: input.idempotencyKey ?? null,
    createdAt: now,
  };
  const preview = previewLine(text);
  const conversationWrite = conversation
    ? deps.db
        .update(conversations)
        .set({
          lastMessageAt: now,
          preview,
          messageCount: sql`${conversations.messageCount} + 1`,
          updatedAt: now,
          ...(author === 'agent'
            ? { lastAgentMessageAt: now, waitingSince: null, firstRespondedAt: conversation.firstRespondedAt ?? now, firstResponseDueAt: null }
            : {}),
        })
        .where(eq(conversations.id, conversation.id))
    : deps.db.insert(conversations).values({
        id: conversationId,
        contactId: contact.id,
        subject: composed.subject,
        normalizedSubject: normalizeSubject(composed.subject),
        // Automated sends wait quietly until the customer answers; support mail awaits a reply.
        status: composed.category === 'support' ? 'pending' : 'closed',
        lastMessageAt: now,
        preview,
        messageCount: 1,
        createdAt: now,
        updatedAt: now,
      });
  try {
    await deps.db.batch([
      conversationWrite,
      deps.db.insert(messages).values(messageRow),
      deps.db.insert(outbox).values({ id: deps.ids.next('job'), messageId, status: 'pending', nextAttemptAt: now, createdAt: now, updatedAt: now }),
    ]);
  } catch (error) {
    // Two calls with one idempotency key raced: the other one won; answer with its message.
    if (input.idempotencyKey) {
      const existing = await findMessageByIdempotencyKey(deps.db, input.idempotencyKey);
      if (existing) return { message: existing, created: false };
    }
    throw error;
  }
  deps.log.info('outbound: queued', { messageId, conversationId, category: composed.category, template: composed.template, domain: domainOf(contact.email) });
  return { message: (await getMessageById(deps.db, messageId))!, created: true };
}
