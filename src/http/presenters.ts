// JSON shapes of the public API (snake_case, ISO 8601 times).
import type { ContactRow } from '../store/contacts.ts';
import type { MessageRow } from '../store/messages.ts';
import type { ConversationRow } from '../store/conversations.ts';
import type { AttachmentMeta } from '../store/attachments.ts';

export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

export function presentContact(contact: ContactRow) {
  return {
    id: contact.id,
    email: contact.email,
    name: contact.name,
    locale: contact.locale,
    timezone: contact.timezone,
    attributes: contact.attributes,
    consent: {
      marketing: contact.marketingConsent,
      source: contact.consentSource,
      updated_at: iso(contact.consentUpdatedAt),
    },
    created_at: iso(contact.createdAt),
    updated_at: iso(contact.updatedAt),
  };
}

export function presentMessage(message: MessageRow) {
  return {
    id: message.id,
    conversation_id: message.conversationId,
    kind: message.kind,
    direction: message.direction,
    author: message.author,
    from: message.fromAddress,
    to: message.toAddresses,
    subject: message.subject,
    text: message.text,
    html: message.html,
    reply_text: message.replyText,
    quoted_text: message.quotedText,
    headers: message.headers ?? {},
    message_id: message.messageIdHeader,
    in_reply_to: message.inReplyTo,
    status: message.status,
    status_reason: message.statusReason,
    provider_id: message.providerId,
    template: message.template,
    locale: message.locale,
    category: message.category,
    thread_rule: message.threadRule,
    classification: message.classification,
    flag: message.flag,
    signature: message.signature,
    created_at: iso(message.createdAt),
    sent_at: iso(message.sentAt),
    delivered_at: iso(message.deliveredAt),
  };
}

export function presentConversation(conversation: ConversationRow) {
  return {
    id: conversation.id,
    contact_id: conversation.contactId,
    subject: conversation.subject,
    status: conversation.status,
    assignee_id: conversation.assigneeId,
    snoozed_until: iso(conversation.snoozedUntil),
    flag: conversation.flag,
    linked_conversation_id: conversation.linkedConversationId,
    link_reason: conversation.linkReason,
    closed_at: iso(conversation.closedAt),
    preview: conversation.preview,
    message_count: conversation.messageCount,
    waiting_since: iso(conversation.waitingSince),
    first_response_due_at: iso(conversation.firstResponseDueAt),
    first_responded_at: iso(conversation.firstRespondedAt),
    last_message_at: iso(conversation.lastMessageAt),
    last_customer_message_at: iso(conversation.lastCustomerMessageAt),
    created_at: iso(conversation.createdAt),
    updated_at: iso(conversation.updatedAt),
  };
}

export function presentAttachment(attachment: AttachmentMeta) {
  return {
    id: attachment.id,
    filename: attachment.filename,
    content_type: attachment.contentType,
    size: attachment.size,
    content_id: attachment.contentId,
    disposition: attachment.disposition,
    stored: attachment.skippedReason === null,
    skipped_reason: attachment.skippedReason,
    url: attachment.skippedReason === null ? `/api/v1/attachments/${attachment.id}` : null,
  };
}
